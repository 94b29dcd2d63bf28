from django.urls import include, path

from actionplans.views import committees, decisions, deliveries, imports, partnership, people, response, setup
from actionplans.views import monitoring as views
from actionplans.views.partnership_setup import partnership_plan_details

urlpatterns = [
    path("start/", views.landing, name="landing"),
    path("my-updates/", views.my_updates, name="my_updates"),
    path("updates/<int:pk>/", views.update_entry, name="update_entry"),
    path("updates/<int:pk>/withdraw/", views.withdraw_entry, name="withdraw_entry"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:pk>/", views.approve_entry, name="approve_entry"),
    path("reviews/<slug:slug>/rounds/new/", views.open_round, name="open_round"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/reminders/", views.send_round_reminders, name="send_round_reminders"),
    path("rounds/<int:pk>/publish/", views.publish_round, name="publish_round"),
    path("rounds/<int:pk>/delete/", views.delete_round, name="delete_round"),
    path("rounds/<int:pk>/reopen/", views.reopen_round, name="reopen_round"),
    path("rounds/<int:pk>/decisions/", decisions.round_decisions, name="round_decisions"),
    path("entries/<int:pk>/correct/", views.correct_entry, name="correct_entry"),
    path("actions/<int:pk>/reassign/", views.reassign_action, name="reassign_action"),
    path("actions/<int:pk>/history/", views.action_history_view, name="action_history"),
    path("reviews/<slug:slug>/import/", imports.upload, name="import_upload"),
    # Importing a partnership plan (before reports' /partnerships/<slug>/).
    path("partnerships/import/", imports.partnership_upload, name="partnership_import"),
    path("partnerships/import/template.xlsx", imports.partnership_template, name="partnership_import_template"),
    path("partnerships/import/<int:pk>/", imports.partnership_preview, name="partnership_import_preview"),
    path("reviews/<slug:slug>/import/template.xlsx", imports.blank_template, name="import_template"),
    path("reviews/<slug:slug>/import/<int:pk>/", imports.preview, name="import_preview"),
    # Setting up a review's plan (clerks and administrators).
    path("reviews/new/", setup.set_up_review, name="set_up_review"),
    path("reviews/<slug:slug>/plan/", setup.review_plan, name="review_plan"),
    path("reviews/<slug:slug>/plan/details/", setup.change_review_details, name="change_review_details"),
    path("reviews/<slug:slug>/plan/recommendations/new/", setup.add_recommendation, name="add_recommendation"),
    path(
        "reviews/<slug:slug>/plan/recommendations/<int:number>/",
        setup.change_recommendation,
        name="change_recommendation",
    ),
    path(
        "reviews/<slug:slug>/plan/recommendations/<int:number>/remove/",
        setup.remove_recommendation,
        name="remove_recommendation",
    ),
    path(
        "reviews/<slug:slug>/plan/recommendations/<int:number>/move/",
        setup.move_recommendation,
        name="move_recommendation",
    ),
    path("reviews/<slug:slug>/plan/check/", setup.check_plan, name="check_plan"),
    # Which partnership plans' actions deliver the review (clerks and administrators).
    path("reviews/<slug:slug>/delivered-through/", deliveries.review_deliveries, name="review_deliveries"),
    # The report and the executive's response (clerks and administrators).
    path("reviews/<slug:slug>/executive-response/record/", response.record_response, name="record_response"),
    path("reviews/<slug:slug>/executive-response/publish/", response.publish_response, name="publish_response"),
    path("people/", people.people, name="people"),
    path("people/add/", people.add_person, name="add_person"),
    path("people/<int:pk>/", people.change_person, name="change_person"),
    path("people/<int:pk>/set-password-email/", people.resend_set_password, name="resend_set_password"),
    path("people/<int:pk>/login/", people.set_login_active, name="set_login_active"),
    path("people/roles/add/", people.add_role, name="add_role"),
    path("people/roles/<int:pk>/", people.change_role, name="change_role"),
    # Before reports' committees/<slug>/ (a dashboard): no committee is called "new".
    path("committees/new/", committees.add_committee, name="add_committee"),
    path("committees/<slug:slug>/name/", committees.rename_committee, name="rename_committee"),
    path("committees/<slug:slug>/members/", people.committee_members, name="committee_members"),
    # Partnership plans' quarterly updates (the plan's own pages are reports').
    path("partnerships/updates/", partnership.partnership_updates, name="partnership_updates"),
    path("partnerships/updates/<int:pk>/", partnership.partnership_update, name="partnership_update"),
    path(
        "partnerships/updates/<int:pk>/withdraw/",
        partnership.partnership_update_withdraw,
        name="partnership_update_withdraw",
    ),
    path("partnerships/updates/<int:pk>/check/", partnership.partnership_update_check, name="partnership_update_check"),
    path(
        "partnerships/<slug:slug>/quarters/new/", partnership.partnership_quarter_open, name="partnership_quarter_open"
    ),
    path("partnerships/<slug:slug>/quarters/<int:pk>/", partnership.partnership_quarter, name="partnership_quarter"),
    # A plan's own details (title, short title, agenda header, coordinator).
    path(
        "partnerships/<slug:slug>/details/",
        partnership_plan_details,
        name="partnership_plan_details",
    ),
    path(
        "partnerships/<slug:slug>/quarters/<int:pk>/delete/",
        partnership.partnership_quarter_delete,
        name="partnership_quarter_delete",
    ),
    path(
        "partnerships/<slug:slug>/organisations/",
        partnership.partnership_organisations,
        name="partnership_organisations",
    ),
    # Frameworks of good-practice standards and self-assessments (actionplans/standards_urls.py).
    path("standards/", include("actionplans.standards_urls")),
]

# Exempt information (Schedule 12A), marked by clerks and administrators.
from actionplans.views import exempt  # noqa: E402

urlpatterns += [
    path("reviews/<slug:slug>/exempt-information/", exempt.exempt_information, name="exempt_information"),
    path("exempt-information/<str:kind>/<int:pk>/", exempt.mark_exempt, name="mark_exempt"),
]
