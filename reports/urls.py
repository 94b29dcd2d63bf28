"""The read side's addresses: the way in (reports/views.py) here, and each
feature's from its own urls.py."""

from django.urls import include, path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<slug:slug>/", views.review_detail, name="review_detail"),
    path("actions/<int:pk>/", views.action_story, name="action_story"),
    path("", include("reports.dashboards.urls")),
    path("", include("reports.achieved.urls")),
    path("", include("reports.progress_update.urls")),
    path("", include("reports.executive_response.urls")),
    path("", include("reports.changes.urls")),
    path("annual-report/", include("reports.annual.urls")),
    path("partnerships/", include("reports.partnership.urls")),
    path("standards/", include("reports.standards.urls")),
]
