from django.urls import path

from actionplans.people import committees, views

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/add/", views.add_person, name="add_person"),
    path("people/<int:pk>/", views.change_person, name="change_person"),
    path("people/<int:pk>/set-password-email/", views.resend_set_password, name="resend_set_password"),
    path("people/<int:pk>/login/", views.set_login_active, name="set_login_active"),
    path("people/<int:pk>/manager/", views.set_manager, name="set_manager"),
    path("people/roles/add/", views.add_role, name="add_role"),
    path("people/roles/<int:pk>/", views.change_role, name="change_role"),
    # Before reports' committees/<slug>/ (a dashboard): no committee is called "new".
    path("committees/new/", committees.add_committee, name="add_committee"),
    path("committees/<slug:slug>/name/", committees.rename_committee, name="rename_committee"),
    path("committees/<slug:slug>/members/", views.committee_members, name="committee_members"),
]
