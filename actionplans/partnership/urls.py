from django.urls import path

from actionplans.partnership import details, indicators, views

urlpatterns = [
    # Partnership plans' quarterly updates (the plan's own pages are reports').
    path("partnerships/updates/", views.partnership_updates, name="partnership_updates"),
    path("partnerships/updates/<int:pk>/", views.partnership_update, name="partnership_update"),
    # The national indicators the plans' glossaries print.
    path("partnerships/indicators/", indicators.indicators, name="partnership_indicators"),
    path("partnerships/indicators/<int:pk>/", indicators.indicator, name="partnership_indicator"),
    path("partnerships/indicators/<int:pk>/retire/", indicators.indicator_retire, name="partnership_indicator_retire"),
    path(
        "partnerships/updates/<int:pk>/withdraw/",
        views.partnership_update_withdraw,
        name="partnership_update_withdraw",
    ),
    path("partnerships/updates/<int:pk>/check/", views.partnership_update_check, name="partnership_update_check"),
    path("partnerships/<slug:slug>/quarters/new/", views.partnership_quarter_open, name="partnership_quarter_open"),
    path("partnerships/<slug:slug>/quarters/<int:pk>/", views.partnership_quarter, name="partnership_quarter"),
    # A plan's own details (title, short title, agenda header, coordinator).
    path("partnerships/<slug:slug>/details/", details.partnership_plan_details, name="partnership_plan_details"),
    path(
        "partnerships/<slug:slug>/quarters/<int:pk>/delete/",
        views.partnership_quarter_delete,
        name="partnership_quarter_delete",
    ),
    path(
        "partnerships/<slug:slug>/organisations/",
        views.partnership_organisations,
        name="partnership_organisations",
    ),
]
