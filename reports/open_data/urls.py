"""The open data, under /open-data/: its page, and for each dataset the CSV
and its table description, the JSON and its schema. 404 while
SCRUTINY_PUBLIC_PAGES is off."""

from django.urls import path

from reports.open_data import views

urlpatterns = [
    path("", views.open_data_page, name="open_data"),
    path("datapackage.json", views.datapackage, name="open_data_package"),
    path("<slug:dataset>.table-schema.json", views.dataset_table_schema, name="open_data_table_schema"),
    path("<slug:dataset>.csv", views.dataset_csv, name="open_data_csv"),
    path("<slug:dataset>.csv-metadata.json", views.dataset_csv_metadata, name="open_data_csv_metadata"),
    path("<slug:dataset>.json", views.dataset_json, name="open_data_json"),
    path("<slug:dataset>.schema.json", views.dataset_json_schema, name="open_data_json_schema"),
]
