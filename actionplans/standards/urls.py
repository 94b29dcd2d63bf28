"""The clerk's pages for frameworks of standards and self-assessments:
setting a framework up, and recording, publishing and deleting an
assessment. Included at /standards/ (the readers' pages are in
reports/standards/urls.py)."""

from django.urls import path

from actionplans.standards import assessment_views, framework_views

urlpatterns = [
    # Setting up a framework (framework_views.py).
    path("new/", framework_views.add_framework, name="add_framework"),
    path("<slug:slug>/set-up/", framework_views.framework_setup, name="framework_setup"),
    path("<slug:slug>/set-up/details/", framework_views.change_framework, name="change_framework"),
    path("<slug:slug>/set-up/levels/new/", framework_views.add_level, name="add_level"),
    path("<slug:slug>/set-up/levels/<int:pk>/", framework_views.change_level, name="change_level"),
    path("<slug:slug>/set-up/levels/<int:pk>/delete/", framework_views.delete_level, name="delete_level"),
    path("<slug:slug>/set-up/standards/new/", framework_views.add_standard, name="add_standard"),
    path("<slug:slug>/set-up/standards/<int:pk>/", framework_views.change_standard, name="change_standard"),
    path("<slug:slug>/set-up/standards/<int:pk>/delete/", framework_views.delete_standard, name="delete_standard"),
    path(
        "<slug:slug>/set-up/standards/<int:pk>/characteristics/new/",
        framework_views.add_characteristic,
        name="add_characteristic",
    ),
    path(
        "<slug:slug>/set-up/characteristics/<int:pk>/",
        framework_views.change_characteristic,
        name="change_characteristic",
    ),
    path(
        "<slug:slug>/set-up/characteristics/<int:pk>/delete/",
        framework_views.delete_characteristic,
        name="delete_characteristic",
    ),
    # Recording an assessment (assessment_views.py).
    path("<slug:slug>/assessments/new/", assessment_views.start_assessment, name="start_assessment"),
    path("assessments/<int:pk>/details/", assessment_views.change_assessment, name="change_assessment"),
    path(
        "assessments/<int:pk>/responses/<int:response>/",
        assessment_views.record_local_response,
        name="record_local_response",
    ),
    path(
        "assessments/<int:pk>/responses/<int:response>/new-action/",
        assessment_views.new_gap_action,
        name="new_gap_action",
    ),
    path("assessments/<int:pk>/publish/", assessment_views.publish_assessment, name="publish_assessment"),
    path("assessments/<int:pk>/delete/", assessment_views.delete_assessment, name="delete_assessment"),
]
