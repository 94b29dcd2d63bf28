from django.urls import path

from actionplans.importing import views

urlpatterns = [
    path("reviews/<slug:slug>/import/", views.upload, name="import_upload"),
    # Importing a partnership plan (before reports' /partnerships/<slug>/).
    path("partnerships/import/", views.partnership_upload, name="partnership_import"),
    path("partnerships/import/template.xlsx", views.partnership_template, name="partnership_import_template"),
    path("partnerships/import/<int:pk>/", views.partnership_preview, name="partnership_import_preview"),
    path("reviews/<slug:slug>/import/template.xlsx", views.blank_template, name="import_template"),
    path("reviews/<slug:slug>/import/<int:pk>/", views.preview, name="import_preview"),
]
