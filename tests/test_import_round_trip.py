"""The product's own Excel export of a review imports back into an identical
review: the plan, the rounds and every update, with who was responsible."""

import datetime

import pytest

from actionplans import richtext
from actionplans.importing import reading, saving
from actionplans.models import Action, Recommendation, Round, SubAction
from actionplans.models.common import links_printed
from reports.documents import ExportOptions
from reports.progress_update.builder import build_progress_update
from reports.progress_update.xlsx import HEADING_ROW, render_xlsx
from tests.factories import make_review

pytestmark = pytest.mark.django_db


def blocks(text):
    """Evidence text as it reads: a spreadsheet cell keeps the paragraphs and
    lists, not the blank lines between them."""
    return richtext.parse(text)


def snapshot(review):
    recommendations = [(r.number, blocks(r.text)) for r in Recommendation.objects.filter(review=review)]
    sub_actions = [
        (s.recommendation.number, s.letter, blocks(s.text))
        for s in SubAction.objects.filter(recommendation__review=review).select_related("recommendation")
    ]
    actions = []
    entries = []
    for action in Action.objects.filter(recommendation__review=review).in_document_order():
        actions.append(
            (
                action.reference,
                # As printed: the names and what was typed between them (" / ", " & ").
                links_printed(action.responsibilities.select_related("owner")),
                action.target_month,
                action.target_text,
                blocks(action.agreed_action),
                blocks(action.success_measure),
            )
        )
        for entry in action.entries.select_related("round").order_by("round__period"):
            entries.append(
                (
                    action.reference,
                    entry.round.period,
                    entry.status,
                    entry.grade,
                    blocks(entry.evidence_of_progress),
                    blocks(entry.grade_explanation),
                    blocks(entry.evidence_of_impact),
                    links_printed(entry.responsibilities.select_related("owner")),
                )
            )
    rounds = [
        (r.period, r.status, r.deadline, r.meeting_date) for r in Round.objects.filter(review=review).order_by("period")
    ]
    details = (review.action_plan_agreed, sorted(o.name for o in review.link_officers.all()))
    return {
        "review": details,
        "recommendations": recommendations,
        "sub_actions": sub_actions,
        "actions": actions,
        "rounds": rounds,
        "entries": entries,
    }


def test_the_demo_reviews_export_imports_back_into_an_identical_review(demo, clerk):
    rounds = list(demo.rounds.order_by("period"))
    document = build_progress_update(demo, rounds=rounds, full_history=True)
    data = render_xlsx(document, ExportOptions(full_history=True))

    read = reading.read(data, "hate-crime.xlsx")
    assert read.plan.problems == []
    copy = make_review(
        title="Hate Crime (imported)", committee=demo.committee, action_plan_agreed=datetime.date(2021, 1, 1)
    )
    preview = saving.compare(copy, read.plan, progress=as_record(read.plan))
    assert preview.problems == [] and preview.new_people == []
    assert preview.review_changes == [
        f"action plan agreed: {demo.action_plan_agreed:%B %Y} (now January 2021)",
        f"link officer/s: {', '.join(o.name for o in demo.link_officers.order_by('name'))}",
    ]
    assert not any("the file does not say" in note for note in preview.notes)
    saving.import_plan(copy, read.plan, progress=as_record(read.plan), by=clerk)

    original, imported = snapshot(demo), snapshot(copy)
    for part in original:
        assert imported[part] == original[part], part
    assert len(original["entries"]) == 19 and len(original["actions"]) == 16
    assert original["review"][1], "the demo review has link officers to carry"
    assert {(r.history_user, r.history_change_reason) for r in copy.history.all()[:1]} == {
        (clerk, "Imported from hate-crime.xlsx")
    }


def test_the_progress_update_sheet_is_as_it_was_and_the_details_are_sheets_of_their_own(demo):
    import io

    import openpyxl

    rounds = list(demo.rounds.order_by("period"))
    data = render_xlsx(build_progress_update(demo, rounds=rounds, full_history=True), ExportOptions())
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Progress update", "Grading key", "Rounds", "Review"]
    sheet = workbook["Progress update"]
    assert [c.value for c in sheet[HEADING_ROW]][:3] == ["Review", "Round", "Recommendation"]
    march = rounds[0]
    # The month, deadline and meeting the import reads, then the demo's
    # note that these dates are illustrative.
    assert [c.value for c in workbook["Rounds"][2]][:3] == [
        datetime.datetime(2020, 3, 1),
        datetime.datetime.combine(march.deadline, datetime.time()),
        datetime.datetime.combine(march.meeting_date, datetime.time()),
    ]
    review = {row[0].value: row[1].value for row in workbook["Review"].iter_rows(min_row=2)}
    assert review["Review"] == demo.title and review["Link officer/s"]
    assert review["Action plan agreed"] == datetime.datetime.combine(demo.action_plan_agreed, datetime.time())


def test_a_draft_for_an_agenda_pack_reads_back_as_the_plain_export_does(demo):
    """The title block above the headings, the DRAFT sheet name and the
    grading key's sheet do not change what the import reads."""
    rounds = list(demo.rounds.order_by("period"))
    document = build_progress_update(demo, rounds=rounds, full_history=True)
    plain = reading.read(render_xlsx(document, ExportOptions(full_history=True)), "hate-crime.xlsx")
    agenda = ExportOptions(full_history=True, draft=True, agenda_header="Agenda Item 8: Appendix 1", first_page=23)
    draft = reading.read(render_xlsx(document, agenda), "hate-crime.xlsx")
    assert draft.grid.sheet_name == "DRAFT Progress update"
    assert draft.heading_row == HEADING_ROW - 1 and draft.headings == plain.headings
    assert draft.plan.problems == [] and draft.plan == plain.plan
    assert draft.plan.round_dates and draft.plan.link_officers


def test_an_action_without_updates_survives_the_round_trip(demo, clerk):
    rec = Recommendation.objects.get(review=demo, number=4)
    Action.objects.create(
        recommendation=rec,
        strand="Not yet monitored",
        position=16,  # after the recommendation's own record, as the export prints it
        target_text="By the end of 2021",
        agreed_action="Plan ahead:\n- one thing\n\n- another list",
        success_measure="It is planned.",
    )
    document = build_progress_update(demo, rounds=list(demo.rounds.all()), full_history=True)
    read = reading.read(render_xlsx(document, ExportOptions()), "hate-crime.xlsx")
    copy = make_review(committee=demo.committee, status="setting_up")  # a plan being monitored needs owners
    saving.import_plan(copy, read.plan, progress=as_record(read.plan), by=clerk)
    assert snapshot(copy)["actions"] == snapshot(demo)["actions"]


def test_importing_the_export_into_its_own_review_changes_nothing(demo, clerk):
    rounds = list(demo.rounds.order_by("period"))
    data = render_xlsx(build_progress_update(demo, rounds=rounds, full_history=True), ExportOptions())
    read = reading.read(data, "hate-crime.xlsx")
    preview = saving.compare(demo, read.plan, progress=as_record(read.plan))
    assert preview.problems == []
    assert {row.what for row in preview.rows} == {"Unchanged"} and not preview.changes_anything
    assert datetime.date(2020, 3, 1) in [r.period for r in preview.rounds]


def test_a_corrected_version_reads_back_as_the_plain_export_does(demo):
    """The correction note takes the title block's blank row: the headings
    stay where they were and the import reads the same plan."""
    rounds = list(demo.rounds.order_by("period"))
    document = build_progress_update(demo, rounds=rounds, full_history=True)
    plain = reading.read(render_xlsx(document, ExportOptions(full_history=True)), "hate-crime.xlsx")
    note = "Corrected on 3 April 2021: Wrong school named\nCorrected on 9 April 2021: Grade was 3"
    corrected = reading.read(
        render_xlsx(document, ExportOptions(full_history=True, correction_note=note)), "hate-crime.xlsx"
    )
    assert corrected.heading_row == HEADING_ROW - 1 and corrected.headings == plain.headings
    assert corrected.plan.problems == [] and corrected.plan == plain.plan


def as_record(plan):
    """Issue 25: the clerk says the file's progress is past meetings' records
    (each meeting on the 15th, where the file's Rounds sheet does not say)."""
    from actionplans.importing import saving

    return saving.ProgressChoice(
        saving.PAST_RECORD,
        meeting_dates={p: p.replace(day=15) for p in plan.periods if p not in plan.round_dates},
    )
