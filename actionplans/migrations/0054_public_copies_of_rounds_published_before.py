"""Rounds published before 0053 are given the council's terms and a first
public copy in every format, with the agenda options of their committee's
latest files where they have any. The rows are left for the task worker,
queued after the migrations (reports/apps.py, queue_pending_documents): no
clerk need do anything.

The terms are the best there are: the council's wording as its history
had it when the round was last published (the round's own history says
when), else as it stands now; the scale, the version made by then, else the
first. A council that renamed itself since keeps its old name on the
papers it published under it."""

from django.db import migrations

# The formats each version is kept in (reports/documents FORMATS, as of this migration).
FORMATS = ("pdf", "docx", "xlsx", "html")
STORED_OPTIONS = ("agenda_header", "first_page", "correction_note")
WORDING = {
    "council_name": "name",
    "committee_name": "committee_name",
    "committees_name": "committees_name",
    "update_title": "update_title",
    "introduction": "introduction",
    "impact_sentence": "impact_sentence",
    "grading_key_heading": "grading_key_heading",
}


def published_at(history):
    """When the round was last published: the first of its latest run of
    history rows with the status published (None without any)."""
    moment = None
    for date, status in history:
        if status != "published":
            moment = None
        elif moment is None:
            moment = date
    return moment


def wording_at(moment, council_history, council) -> dict | None:
    """The wording as the council's history had it at `moment`: its latest
    row by then, else its earliest (the wording as first set, recorded at
    the first change), else the row as it stands."""
    rows = [row for row in council_history if moment is not None and row.history_date <= moment]
    row = rows[-1] if rows else (council_history[0] if council_history else council)
    return None if row is None else {kept: getattr(row, field) for kept, field in WORDING.items()}


def keep_terms_and_public_copies(apps, schema_editor):
    Round = apps.get_model("actionplans", "Round")
    council = apps.get_model("actionplans", "Council").objects.filter(pk=1).first()
    council_history = list(apps.get_model("actionplans", "HistoricalCouncil").objects.order_by("history_date"))
    scales = list(apps.get_model("actionplans", "GradingScale").objects.filter(kind="progress").order_by("version"))
    PublishedDocument = apps.get_model("actionplans", "PublishedDocument")
    HistoricalRound = apps.get_model("actionplans", "HistoricalRound")
    copies = []
    for round in Round.objects.filter(status="published").order_by("pk"):
        history = HistoricalRound.objects.filter(id=round.pk).order_by("history_date", "history_id")
        moment = published_at(history.values_list("history_date", "status"))
        made = [scale for scale in scales if moment is not None and scale.made_at <= moment]
        round.published_wording = wording_at(moment, council_history, council)
        round.published_scale = made[-1] if made else (scales[0] if scales else None)
        round.save(update_fields=["published_wording", "published_scale"])
        last = PublishedDocument.objects.filter(round=round, public=False).order_by("-version").first()
        options = {key: last.options[key] for key in STORED_OPTIONS if last and last.options.get(key)}
        copies += [
            PublishedDocument(round=round, version=1, format=fmt, options=options, public=True) for fmt in FORMATS
        ]
    PublishedDocument.objects.bulk_create(copies, batch_size=500)


def forget_public_copies(apps, schema_editor):
    """Back before the public copies: their rows go (their files stay in
    the published storage, unnamed by any row)."""
    apps.get_model("actionplans", "PublishedDocument").objects.filter(public=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0053_published_terms_and_public_copies"),
    ]

    operations = [
        migrations.RunPython(keep_terms_and_public_copies, forget_public_copies),
    ]
