"""Decisions an import made before migration 0066 carry their round's
meeting date, as if the committee had taken them at that meeting: the
papers gave no such decision. Those the import made (its history row says
"Imported from …", on an imported round) and nobody has changed since lose
the date, so that they read as what the papers show (CommitteeDecision.
from_papers); each change is in the decision's history."""

from django.db import migrations
from django.utils import timezone

REASON = "Read from the imported papers, which record no meeting: the meeting date is not the committee's"


def forget_invented_meetings(apps, schema_editor):
    CommitteeDecision = apps.get_model("actionplans", "CommitteeDecision")
    History = apps.get_model("actionplans", "HistoricalCommitteeDecision")
    imported = set(
        History.objects.filter(history_type="+", history_change_reason__startswith="Imported from ").values_list(
            "id", flat=True
        )
    )
    changed = set(History.objects.exclude(history_type="+").values_list("id", flat=True))
    decisions = list(
        CommitteeDecision.objects.filter(pk__in=imported - changed, round__imported=True, meeting_date__isnull=False)
    )
    now = timezone.now()
    fields = [field.attname for field in CommitteeDecision._meta.concrete_fields]
    History.objects.bulk_create(
        [
            History(
                **{name: getattr(decision, name) for name in fields if name != "meeting_date"},
                meeting_date=None,
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
            )
            for decision in decisions
        ]
    )
    CommitteeDecision.objects.filter(pk__in=[decision.pk for decision in decisions]).update(meeting_date=None)


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0067_council_title_and_introduction_may_be_blank"),
    ]

    operations = [migrations.RunPython(forget_invented_meetings, migrations.RunPython.noop)]
