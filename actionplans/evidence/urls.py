from django.urls import path

from actionplans.evidence import views

urlpatterns = [
    path("updates/<int:pk>/files/", views.entry_files, name="entry_files"),
    path("updates/<int:pk>/files/<int:file_pk>/remove/", views.remove_file, name="remove_entry_file"),
    path("files/<int:pk>/", views.download, name="evidence_file"),
    path(
        "rounds/<int:pk>/published/<int:version>/files/<int:file_pk>/",
        views.published_file,
        name="published_evidence",
    ),
]
