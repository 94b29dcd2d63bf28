"""The link officers' return comments, kept until now on the progress entry
(and its history), become the first comments of each update's
conversation: one comment for every time an update was returned, written by
whoever returned it, dated when they did. The entries' own field is left as
it was."""

from django.db import migrations


def copy_returns(apps, schema_editor):
    History = apps.get_model("actionplans", "HistoricalProgressEntry")
    ProgressEntry = apps.get_model("actionplans", "ProgressEntry")
    UpdateComment = apps.get_model("actionplans", "UpdateComment")
    HistoricalUpdateComment = apps.get_model("actionplans", "HistoricalUpdateComment")
    # The history outlives a deleted update (a round deleted before it was
    # published): only the updates there still are get a conversation.
    records = (
        History.objects.filter(id__in=ProgressEntry.objects.values("pk"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status", "return_comment", "history_user_id", "history_date")
        .iterator()
    )
    comments, last = [], {}
    for entry_id, status, comment, user_id, when in records:
        was_returned = last.get(entry_id) == "returned"
        last[entry_id] = status
        if status == "returned" and not was_returned and (comment or "").strip():
            comments.append(
                UpdateComment(
                    entry_id=entry_id, author_id=user_id, text=comment.strip(), is_return=True, created_at=when
                )
            )
    UpdateComment.objects.bulk_create(comments, batch_size=500)
    # Each comment's history begins with its writing, by the one who returned the update.
    HistoricalUpdateComment.objects.bulk_create(
        [
            HistoricalUpdateComment(
                id=comment.pk,
                entry_id=comment.entry_id,
                author_id=comment.author_id,
                text=comment.text,
                is_return=True,
                created_at=comment.created_at,
                history_date=comment.created_at,
                history_type="+",
                history_user_id=comment.author_id,
                history_change_reason="Returned with this comment, before updates had conversations",
            )
            for comment in UpdateComment.objects.filter(is_return=True)
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0047_update_comments"),
    ]

    operations = [
        migrations.RunPython(copy_returns, migrations.RunPython.noop),
    ]
