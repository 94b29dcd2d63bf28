from django.urls import path

from actionplans.outcomes import views

urlpatterns = [
    path("reviews/<slug:slug>/outcomes/", views.review_outcomes, name="review_outcomes"),
    path("reviews/<slug:slug>/outcomes/<int:number>/", views.record_outcome, name="record_outcome"),
    path("reviews/<slug:slug>/outcomes/<int:number>/priority/", views.mark_priority, name="mark_priority"),
    path("reviews/<slug:slug>/outcomes/<int:number>/recheck/", views.record_recheck, name="record_recheck"),
    path("reviews/<slug:slug>/impacts/", views.review_impacts, name="review_impacts"),
    path("reviews/<slug:slug>/impacts/<int:pk>/confirm/", views.confirm_impact, name="confirm_impact"),
]
