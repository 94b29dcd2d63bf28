"""The clerk's pages for frameworks of standards and self-assessments:
setting a framework up, and recording, publishing and deleting an
assessment. Included at /standards/ (the readers' pages are in
reports/standards/urls.py)."""

from django.urls import path

from actionplans.views import assessments, standards_setup

urlpatterns = [
    # Setting up a framework (actionplans/views/standards_setup.py).
    path("new/", standards_setup.add_framework, name="add_framework"),
    path("<slug:slug>/set-up/", standards_setup.framework_setup, name="framework_setup"),
    path("<slug:slug>/set-up/details/", standards_setup.change_framework, name="change_framework"),
    path("<slug:slug>/set-up/levels/new/", standards_setup.add_level, name="add_level"),
    path("<slug:slug>/set-up/levels/<int:pk>/", standards_setup.change_level, name="change_level"),
    path("<slug:slug>/set-up/levels/<int:pk>/delete/", standards_setup.delete_level, name="delete_level"),
    path("<slug:slug>/set-up/standards/new/", standards_setup.add_standard, name="add_standard"),
    path("<slug:slug>/set-up/standards/<int:pk>/", standards_setup.change_standard, name="change_standard"),
    path("<slug:slug>/set-up/standards/<int:pk>/delete/", standards_setup.delete_standard, name="delete_standard"),
    path(
        "<slug:slug>/set-up/standards/<int:pk>/characteristics/new/",
        standards_setup.add_characteristic,
        name="add_characteristic",
    ),
    path(
        "<slug:slug>/set-up/characteristics/<int:pk>/",
        standards_setup.change_characteristic,
        name="change_characteristic",
    ),
    path(
        "<slug:slug>/set-up/characteristics/<int:pk>/delete/",
        standards_setup.delete_characteristic,
        name="delete_characteristic",
    ),
    # Recording an assessment (actionplans/views/assessments.py).
    path("<slug:slug>/assessments/new/", assessments.start_assessment, name="start_assessment"),
    path("assessments/<int:pk>/details/", assessments.change_assessment, name="change_assessment"),
    path(
        "assessments/<int:pk>/responses/<int:response>/",
        assessments.record_local_response,
        name="record_local_response",
    ),
    path(
        "assessments/<int:pk>/responses/<int:response>/new-action/",
        assessments.new_gap_action,
        name="new_gap_action",
    ),
    path("assessments/<int:pk>/publish/", assessments.publish_assessment, name="publish_assessment"),
    path("assessments/<int:pk>/delete/", assessments.delete_assessment, name="delete_assessment"),
]
