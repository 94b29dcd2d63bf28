"""The import's pages. Their views (openpyxl and python-docx with them) are
imported on their first request (actionplans/lazyviews.py), not when the
URLconf is read before a server's first page."""

from django.urls import path

from actionplans.lazyviews import LazyView

urlpatterns = [
    path("reviews/<slug:slug>/import/", LazyView("actionplans.importing.views.upload"), name="import_upload"),
    # Importing a partnership plan (before reports' /partnerships/<slug>/).
    path("partnerships/import/", LazyView("actionplans.importing.views.partnership_upload"), name="partnership_import"),
    path(
        "partnerships/import/template.xlsx",
        LazyView("actionplans.importing.views.partnership_template"),
        name="partnership_import_template",
    ),
    path(
        "partnerships/import/<int:pk>/",
        LazyView("actionplans.importing.views.partnership_preview"),
        name="partnership_import_preview",
    ),
    path(
        "reviews/<slug:slug>/import/template.xlsx",
        LazyView("actionplans.importing.views.blank_template"),
        name="import_template",
    ),
    path(
        "reviews/<slug:slug>/import/<int:pk>/", LazyView("actionplans.importing.views.preview"), name="import_preview"
    ),
]
