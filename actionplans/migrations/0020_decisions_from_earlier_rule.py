"""The committee's decisions, recorded from the earlier sign-off rule.

Before CommitteeDecision, an action left monitoring by its own fields: by
default after the first published round that graded it 1 in an approved
update; kept open (monitoring "keep_open") never; closed (monitoring
"closed") after the round `closed_at`. For every published round this
records, and publishes, the decisions that reproduce exactly what that rule
carried, so every document of an existing database prints as before:

- closed at this round: closed, not achieved, with its reason;
- by default, graded 1 (approved) here: signed off;
- kept open and graded 1 (approved) here: kept open;
- any other action the round carried: carried forward.

Each at the round's meeting date, in the history with the reason below.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Recorded from the earlier sign-off rule"


def record_decisions(apps, schema_editor):
    Action = apps.get_model("actionplans", "Action")
    Round = apps.get_model("actionplans", "Round")
    ProgressEntry = apps.get_model("actionplans", "ProgressEntry")
    CommitteeDecision = apps.get_model("actionplans", "CommitteeDecision")
    HistoricalDecision = apps.get_model("actionplans", "HistoricalCommitteeDecision")
    HistoricalRound = apps.get_model("actionplans", "HistoricalRound")
    now = timezone.now()

    published = {}
    for round in Round.objects.filter(status="published").order_by("period"):
        published.setdefault(round.review_id, []).append(round)
    if not published:
        return
    graded_one = set(
        ProgressEntry.objects.filter(grade=1, status="approved", round__status="published").values_list(
            "action_id", "round_id"
        )
    )
    periods = dict(Round.objects.values_list("pk", "period"))
    for review, rounds in published.items():
        for action in Action.objects.filter(recommendation__review=review).order_by("pk"):
            # The round after which the earlier rule stopped carrying it.
            if action.monitoring == "closed":
                ends = action.closed_at_id
            elif action.monitoring == "keep_open":
                ends = None
            else:
                ends = next((r.pk for r in rounds if (action.pk, r.pk) in graded_one), None)
            for round in rounds:
                if ends is not None and periods[ends] < round.period:
                    break
                if action.monitoring == "closed" and action.closed_at_id == round.pk:
                    decision, reason = "closed", action.closed_reason or "Closed by the committee"
                elif action.monitoring == "" and ends == round.pk:
                    decision, reason = "signed_off", ""
                elif action.monitoring == "keep_open" and (action.pk, round.pk) in graded_one:
                    decision, reason = "kept_open", ""
                else:
                    decision, reason = "carried", ""
                made = CommitteeDecision.objects.create(
                    action=action, round=round, decision=decision, reason=reason, meeting_date=round.meeting_date
                )
                HistoricalDecision.objects.create(
                    id=made.pk,
                    action_id=action.pk,
                    round_id=round.pk,
                    decision=decision,
                    reason=reason,
                    meeting_date=round.meeting_date,
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
    for rounds in published.values():
        for round in rounds:
            round.decisions_published_at = now
            round.decisions_version = 1
            round.save(update_fields=["decisions_published_at", "decisions_version"])
            HistoricalRound.objects.create(
                id=round.pk,
                review_id=round.review_id,
                period=round.period,
                deadline=round.deadline,
                meeting_date=round.meeting_date,
                status=round.status,
                decisions_published_at=now,
                decisions_version=1,
                history_date=now,
                history_type="~",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0019_committee_decisions"),
    ]

    operations = [
        migrations.RunPython(record_decisions, migrations.RunPython.noop),
    ]
