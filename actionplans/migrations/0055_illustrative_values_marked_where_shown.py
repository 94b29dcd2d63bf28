"""The demo's mark moves from a note on the page to the value itself: each
record lists the fields whose values the demo invents (`illustrative`), and
every view marks the value where it shows it. A review, assessment or
partnership plan that carried the demo's note has the fields the demo
invents marked; a council's own (no note) lists none."""

from django.db import migrations, models

# What the demo's notes covered (fixtures/*.toml, the loader before this
# migration): the dates no seed gives.
REVIEW_FIELDS = ["report_agreed", "report_to_executive", "responded_on"]
ROUND_FIELDS = ["deadline", "meeting_date"]
# What the demo invented without a mark beside it: its second partnership's
# borough (seed 004 names none), and the words before 1 c)'s closing reason,
# now a mark after it as after a day.
DEMO_BOROUGH = "Hate Crime Steering Group (unnamed London borough)"
OLD_MARK, MARK = "Illustrative: ", " (illustrative)"


def mark_invented_values(apps, schema_editor):
    Review = apps.get_model("actionplans", "Review")
    Round = apps.get_model("actionplans", "Round")
    Assessment = apps.get_model("actionplans", "Assessment")
    PartnershipPlan = apps.get_model("actionplans", "PartnershipPlan")
    Quarter = apps.get_model("actionplans", "Quarter")
    noted = Review.objects.exclude(illustrative_note="")
    Round.objects.filter(review__in=noted).update(illustrative=ROUND_FIELDS)
    noted.update(illustrative=REVIEW_FIELDS)
    Assessment.objects.exclude(illustrative_note="").update(illustrative=["assessed_on"])
    plans = PartnershipPlan.objects.exclude(illustrative_note="")
    Quarter.objects.filter(plan__in=plans).update(illustrative=["deadline"])
    if not noted.exists():
        return  # a council's own install: nothing of the demo's to mend
    Partnership, named = (
        apps.get_model("actionplans", "Partnership"),
        DEMO_BOROUGH.removesuffix(" (unnamed London borough)"),
    )
    if not Partnership.objects.filter(name=named).exists():
        Partnership.objects.filter(name=DEMO_BOROUGH).update(name=named)
    CommitteeDecision = apps.get_model("actionplans", "CommitteeDecision")
    for decision in CommitteeDecision.objects.filter(round__review__in=noted, reason__startswith=OLD_MARK):
        decision.reason = decision.reason.removeprefix(OLD_MARK) + MARK
        decision.save(update_fields=["reason"])


def note_invented_values(apps, schema_editor):
    """Back: a record with marked values carries a note naming them."""
    note = "Illustrative, not from the council's papers: its dates."
    for name in ("Review", "Assessment"):
        apps.get_model("actionplans", name).objects.exclude(illustrative=[]).update(illustrative_note=note)
    PartnershipPlan = apps.get_model("actionplans", "PartnershipPlan")
    plans = apps.get_model("actionplans", "Quarter").objects.exclude(illustrative=[]).values("plan")
    PartnershipPlan.objects.filter(pk__in=plans).update(illustrative_note=note)


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0054_public_copies_of_rounds_published_before"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the assessment's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the assessment's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.AddField(
            model_name="historicalquarter",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the quarter's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.AddField(
            model_name="historicalreview",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the review's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.AddField(
            model_name="historicalround",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the round's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.AddField(
            model_name="quarter",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the quarter's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the review's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="illustrative",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Which of the round's dates are illustrative, not from the council's papers (the demo's): each is marked wherever it is shown. A council's own record lists none.",
            ),
        ),
        migrations.RunPython(mark_invented_values, note_invented_values),
        migrations.RemoveField(
            model_name="assessment",
            name="illustrative_note",
        ),
        migrations.RemoveField(
            model_name="historicalassessment",
            name="illustrative_note",
        ),
        migrations.RemoveField(
            model_name="historicalpartnershipplan",
            name="illustrative_note",
        ),
        migrations.RemoveField(
            model_name="historicalreview",
            name="illustrative_note",
        ),
        migrations.RemoveField(
            model_name="partnershipplan",
            name="illustrative_note",
        ),
        migrations.RemoveField(
            model_name="review",
            name="illustrative_note",
        ),
    ]
