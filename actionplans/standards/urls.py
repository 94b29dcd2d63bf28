"""The clerk's pages for frameworks of standards and self-assessments:
setting a framework up, and recording, publishing and deleting an
assessment. Included at /standards/ (the readers' pages are in
reports/standards/urls.py)."""

from django.urls import path

from actionplans.standards import assessments, frameworks

urlpatterns = [
    # Setting up a framework (frameworks.py).
    path("new/", frameworks.add_framework, name="add_framework"),
    path("<slug:slug>/set-up/", frameworks.framework_setup, name="framework_setup"),
    path("<slug:slug>/set-up/details/", frameworks.change_framework, name="change_framework"),
    path("<slug:slug>/set-up/levels/new/", frameworks.add_level, name="add_level"),
    path("<slug:slug>/set-up/levels/<int:pk>/", frameworks.change_level, name="change_level"),
    path("<slug:slug>/set-up/levels/<int:pk>/delete/", frameworks.delete_level, name="delete_level"),
    path("<slug:slug>/set-up/standards/new/", frameworks.add_standard, name="add_standard"),
    path("<slug:slug>/set-up/standards/<int:pk>/", frameworks.change_standard, name="change_standard"),
    path("<slug:slug>/set-up/standards/<int:pk>/delete/", frameworks.delete_standard, name="delete_standard"),
    path(
        "<slug:slug>/set-up/standards/<int:pk>/characteristics/new/",
        frameworks.add_characteristic,
        name="add_characteristic",
    ),
    path(
        "<slug:slug>/set-up/characteristics/<int:pk>/",
        frameworks.change_characteristic,
        name="change_characteristic",
    ),
    path(
        "<slug:slug>/set-up/characteristics/<int:pk>/delete/",
        frameworks.delete_characteristic,
        name="delete_characteristic",
    ),
    # Recording an assessment (assessments.py).
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
