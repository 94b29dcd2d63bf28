from django.urls import include, path

from reports import views
from reports.partnership import views as partnership_views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<slug:slug>/", views.review_detail, name="review_detail"),
    path("committees/", views.committees, name="committees"),
    path("committees/<slug:slug>/", views.committee_dashboard, name="committee_dashboard"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/", views.action_story, name="action_story"),
    path("reviews/<slug:slug>/progress-update/", views.progress_update, name="progress_update"),
    path("reviews/<slug:slug>/executive-response/", views.executive_response_page, name="executive_response_page"),
    path(
        "reviews/<slug:slug>/executive-response/<str:fmt>/",
        views.executive_response_file,
        name="executive_response_file",
    ),
    path(
        "rounds/<int:pk>/published/<int:version>/<str:fmt>/",
        views.published_document,
        name="published_document",
    ),
    path(
        "reviews/<slug:slug>/progress-update/<str:period>/",
        views.progress_update_page,
        name="progress_update_page",
    ),
    # What changed between two meetings (reports/changes/builder.py).
    path("committees/<slug:slug>/changes/", views.committee_changes, name="committee_changes"),
    path("reviews/<slug:slug>/changes/", views.review_changes, name="review_changes"),
    # The scrutiny annual report (reports/annual/data.py).
    path("annual-report/", views.annual_report_latest, name="annual_report_latest"),
    path("annual-report/<int:year>/", views.annual_report, name="annual_report"),
    path("annual-report/<int:year>/<str:fmt>/", views.annual_report_file, name="annual_report_file"),
    # Partnership action plans (reports/partnership/report.py).
    path("partnerships/", partnership_views.partnership_plans, name="partnership_plans"),
    path("partnerships/<slug:slug>/", partnership_views.partnership_plan, name="partnership_plan"),
    path("partnerships/<slug:slug>/report/", partnership_views.partnership_report_file, name="partnership_report_file"),
    # A partnership plan's dashboard (reports/partnership/dashboard.py).
    path("partnerships/<slug:slug>/dashboard/", views.partnership_dashboard, name="partnership_dashboard"),
    # Frameworks of good-practice standards and self-assessments, to read (reports/standards/urls.py).
    path("standards/", include("reports.standards.urls")),
]
