from django.urls import path

from actionplans.monitoring import views

urlpatterns = [
    path("start/", views.landing, name="landing"),
    path("my-updates/", views.my_updates, name="my_updates"),
    path("updates/<int:pk>/", views.update_entry, name="update_entry"),
    path("updates/<int:pk>/withdraw/", views.withdraw_entry, name="withdraw_entry"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/together/", views.approve_together, name="approve_together"),
    path("approvals/<int:pk>/", views.approve_entry, name="approve_entry"),
    path("reviews/<slug:slug>/rounds/new/", views.open_round, name="open_round"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/reminders/", views.send_round_reminders, name="send_round_reminders"),
    path("rounds/<int:pk>/publish/", views.publish_round, name="publish_round"),
    path("rounds/<int:pk>/delete/", views.delete_round, name="delete_round"),
    path("rounds/<int:pk>/reopen/", views.reopen_round, name="reopen_round"),
    path("entries/<int:pk>/correct/", views.correct_entry, name="correct_entry"),
    path("actions/<int:pk>/reassign/", views.reassign_action, name="reassign_action"),
    path("actions/<int:pk>/history/", views.action_history_view, name="action_history"),
]
