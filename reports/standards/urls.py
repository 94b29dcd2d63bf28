"""Frameworks of good-practice standards and self-assessments: the pages
that read them (the clerks' pages are in actionplans/standards/urls.py).
Included at /standards/ after actionplans', so "standards/new/" is the
clerk's."""

from django.urls import path

from reports.standards import views

urlpatterns = [
    path("", views.frameworks, name="frameworks"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/compare/", views.compare_assessments, name="compare_assessments"),
    # The self-assessment as the committee appendix (seed 003's layout), and its downloads.
    path("assessments/<int:pk>/appendix/", views.assessment_appendix, name="assessment_appendix"),
    path(
        "assessments/<int:pk>/appendix/file/",
        views.assessment_appendix_file,
        name="assessment_appendix_file",
    ),
    path("<slug:slug>/", views.framework_detail, name="framework_detail"),
    path("<slug:slug>/dashboard/", views.standards_dashboard, name="standards_dashboard"),
]
