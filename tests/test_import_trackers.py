"""Issue 25: the papers councils keep, made up here in their shapes, import
through the real upload page and the command with no hand edits: one row
per recommendation, the council's own references, a block of meeting
details above the table, section rows, a new date, and status words and
colours confirmed once per word."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from actionplans.grading import status_key
from actionplans.importing.headings import find_heading_row
from actionplans.importing.sheets import Grid
from actionplans.models import (
    Action,
    Owner,
    ProgressEntry,
    Recommendation,
    Review,
    StatusMeaning,
    SubAction,
    TargetRevision,
)
from actionplans.models.council import PROGRESS, GradingScale, current_scale
from tests.documents import body, page_text
from tests.factories import make_owner
from tests.factories import make_review as make_any_review

pytestmark = pytest.mark.django_db

PEOPLE = ["Amy Patel", "Ben Okafor", "Raj Singh", "Priya Shah", "Kim Ode", "Neil Mitchell", "Lara Link"]


def make_review(**fields):
    """A review being set up, as a council's tracker comes in (no success
    measures yet), whose people the service knows."""
    for name in PEOPLE:
        if not Owner.objects.filter(name=name).exists():
            make_owner(name)
    return make_any_review(status=Review.Status.SETTING_UP, **fields)


def workbook(*rows, merged=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    for row in rows:
        sheet.append(list(row))
    for cells in merged:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, review, data, name, **fields):
    response = client.post(
        reverse("import_upload", args=[review.slug]), {"file": SimpleUploadedFile(name, data), **fields}
    )
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response["Location"])


def posted(preview, **changes) -> dict:
    """The preview's form as the page has it."""
    form = preview.context["form"]
    data = {name: form[name].value() or "" for name in form.columns}
    data["previewed"] = form["previewed"].value()
    for name in ("period_month", "period_year", *getattr(form, "year_fields", [])):
        data[name] = form[name].value() or ""
    meanings = preview.context["meanings"]
    if meanings is not None:
        data.update({field.html_name: field.value() or "" for pair in meanings.status_fields() for field in pair})
    data.update(changes)
    return data


def answered(preview) -> dict:
    """The clerk's answer to what the file's progress is: the record of
    each month's meeting, on the 20th (saving.PAST_RECORD)."""
    question = preview.context.get("question")
    if question is None:
        return {}
    answer = {"progress": "record"}
    for period in question.periods:
        name = question.meeting_field(period)
        answer |= {f"{name}_day": "20", f"{name}_month": str(period.month), f"{name}_year": str(period.year)}
    return answer


def preview_again(client, preview, **changes):
    data = posted(preview, **{**answered(preview), **changes})
    return client.post(preview.request["PATH_INFO"], {"action": "preview", **data})


def confirm(client, preview, **changes):
    """Confirm, as the clerk does once they have said what the progress is
    (the answer is previewed first: a confirmation is of what was shown)."""
    if answered(preview) and "progress" not in preview.context["question"].data:
        preview = preview_again(client, preview)
    data = posted(preview, **{**answered(preview), **changes})
    return client.post(preview.request["PATH_INFO"], {"action": "import", **data})


def meaning_field(preview, word: str) -> str:
    meanings = preview.context["meanings"]
    return next(name for name, key in meanings.keys.items() if key == status_key(word))


def imported(review):
    """What the review holds, as the clerk reads it: per action, its
    reference, the council's, owners, date, and each round's grade and evidence."""
    out = []
    for action in (
        Action.objects.filter(recommendation__review=review)
        .select_related("recommendation", "sub_action")
        .prefetch_related("responsibilities__owner", "entries__round")
    ):
        out.append(
            (
                action.recommendation.number,
                action.sub_action.letter if action.sub_action_id else "",
                action.recommendation.council_reference or action.council_reference,
                [link.owner.name for link in action.responsibilities.all()],
                action.target_label,
                [(e.round.period, e.grade, e.evidence_of_progress) for e in action.entries.all()],
            )
        )
    return out


MARCH_2025 = datetime.date(2025, 3, 1)


# A scrutiny tracker with the council's own references --------------------


SR_TRACKER = workbook(
    ["Scrutiny recommendations tracker 2025/26"],
    [],
    ["Ref", "Recommendation", "Lead Officer/EM", "Target date", "Action taken", "Status"],
    [
        "SR (25/26) 01",
        "That the Council publish a housing repairs charter.",
        "Amy Patel",
        "June 2025",
        "Charter drafted with tenants.",
        "Ongoing",
    ],
    [
        "SR (25/26) 02",
        "That the Council review damp and mould cases monthly.",
        "Ben Okafor",
        "April 2025",
        "Monthly reviews began in January.",
        "Complete",
    ],
    [
        "SR (25/26) 03",
        "That the Council consult tenants on estate parking.",
        "Amy Patel",
        "September 2025",
        "Consultation paused during the election period.",
        "Paused",
    ],
)


def test_a_tracker_with_the_councils_references_and_status_words_imports_after_one_confirmation_each(
    client, clerk, django_capture_on_commit_callbacks
):
    review = make_review()
    client.force_login(clerk)
    preview = upload(client, review, SR_TRACKER, "sr-tracker.xlsx", period_month="3", period_year="2025")
    html = preview.content.decode()
    assert "The file’s own grades" in html
    meanings = preview.context["meanings"]
    # Listed best first, by the role proposed.
    assert [field.label for field, _ in meanings.status_fields()] == ["Complete (F5)", "Ongoing (F4)", "Paused (F6)"]
    assert "SR (25/26) 01" in html and "is not a reference" not in html
    # Nothing wrong with the file: only the question of what its progress is.
    assert [problem.fix for problem in preview.context["preview"].problems] == ["progress"]

    # The clerk changes what Paused means, once, and confirms the rest as proposed.
    again = preview_again(client, preview, **{meaning_field(preview, "Paused"): "not_graded"})
    with django_capture_on_commit_callbacks(execute=True):  # the worker stores the past round's paper
        done = confirm(client, again)
    assert done.status_code == 302, done.context["summary"]

    round_of = [(MARCH_2025,)]
    assert imported(review) == [
        (1, "", "SR (25/26) 01", ["Amy Patel"], "June 2025", [(*round_of[0], 2, "Charter drafted with tenants.")]),
        (2, "", "SR (25/26) 02", ["Ben Okafor"], "April 2025", [(MARCH_2025, 1, "Monthly reviews began in January.")]),
        (
            3,
            "",
            "SR (25/26) 03",
            ["Amy Patel"],
            "September 2025",
            [(MARCH_2025, None, "Consultation paused during the election period.")],
        ),
    ]
    # The recommendation is its own action record.
    assert Action.objects.get(recommendation__number=1).agreed_action == (
        "That the Council publish a housing repairs charter."
    )
    page = client.get(review.get_absolute_url()).content.decode()
    assert "The council’s reference: SR (25/26) 01" in page
    # The Progress Update prints it beside ours, on the page and in Word.
    paper = client.get(reverse("progress_update_page", args=[review.slug, "2025-03"])).content.decode()
    assert "Recommendation 1 (SR (25/26) 01):" in paper
    word = client.get(reverse("progress_update", args=[review.slug]), {"round": "2025-03", "format": "docx"})
    headings = [p.text for p in docx.Document(io.BytesIO(body(word))).paragraphs]
    assert "Recommendation 3 (SR (25/26) 03):" in headings
    # Each word is a grade of the council's scale now, as the file wrote it,
    # made by the clerk who imported it.
    scale = current_scale()
    assert [(level.label, level.role) for level in scale] == [
        ("Complete", "achieved"),
        ("Ongoing", "on_track"),
        ("Paused", "not_graded"),
    ]
    made = GradingScale.objects.current(PROGRESS).history.first()
    assert (made.history_user, made.history_change_reason) == (clerk, "Imported from sr-tracker.xlsx")
    assert sorted(ProgressEntry.objects.values_list("level__label", flat=True)) == ["Complete", "Ongoing", "Paused"]
    assert "Paused" in paper and "Ongoing" in paper

    # The next import knows them: nothing to ask.
    other = make_review(title="Parking")
    preview = upload(client, other, SR_TRACKER, "sr-tracker.xlsx", period_month="3", period_year="2025")
    assert preview.context["meanings"].status_fields() == []


def test_a_status_word_nobody_knows_is_asked_for_once_and_nothing_is_imported_until_it_is(client, clerk):
    review = make_review()
    client.force_login(clerk)
    data = workbook(
        ["Ref", "Recommendation", "Lead Officer", "Target date", "Progress", "Status"],
        ["R1", "That the Council act.", "Amy Patel", "June 2025", "Begun.", "Wobbly"],
        ["R2", "That the Council listen.", "Amy Patel", "June 2025", "Begun.", "Wobbly"],
    )
    preview = upload(client, review, data, "tracker.xlsx", period_month="3", period_year="2025")
    summary = dict(preview.context["summary"])
    [text] = [text for text in summary if "Wobbly" in text]
    assert text == (
        "'Wobbly' (F2 and F3) is the file's own grade: say what it is on the preview, once for every cell that has it."
    )
    assert summary[text] == "#statuses"
    assert "Confirm and import" not in preview.content.decode()
    assert confirm(client, preview).status_code == 200 and not Action.objects.exists()

    again = preview_again(client, preview, **{meaning_field(preview, "Wobbly"): "at_risk"})
    assert again.context["preview"].problems == []
    assert confirm(client, again).status_code == 302
    assert sorted(ProgressEntry.objects.values_list("grade", flat=True)) == [3, 3]


def test_a_meaning_changed_after_the_preview_must_be_previewed_again(client, clerk):
    review = make_review()
    client.force_login(clerk)
    preview = upload(client, review, SR_TRACKER, "sr-tracker.xlsx", period_month="3", period_year="2025")
    response = confirm(client, preview, **{meaning_field(preview, "Ongoing"): "at_risk"})
    assert response.status_code == 200 and not Action.objects.exists()
    assert "check the preview again" in response.content.decode()


# A committee's action-plan table under a block of meeting details ---------


def test_a_committees_action_plan_under_its_meeting_details_imports(client, clerk):
    """Its Response column is the executive's response (issue 73), its
    words beside the acceptance what will be done, the file having no
    Agreed Action column."""
    review = make_review(report_to_executive=datetime.date(2025, 2, 3))
    client.force_login(clerk)
    data = workbook(
        ["Committee:", "Children and Young People Scrutiny Committee"],
        ["Meeting date:", "12 March 2025"],
        ["Lead Officer: Sam Reid, Head of Democratic Services"],
        [],
        ["Recommendation", "Cabinet Member", "Response", "Timetable", "Lead Officer"],
        [
            "1. That the Council expand holiday clubs.",
            "Cllr Ann Lee",
            "Accepted: clubs will open in four more wards.",
            "July 2025",
            "Raj Singh",
        ],
        [
            "2. That the Council publish waiting times.",
            "Cllr Ann Lee",
            "Accepted in part: quarterly, online.",
            "October 2025",
            "Priya Shah",
        ],
    )
    preview = upload(client, review, data, "action-plan.xlsx")
    read = preview.context["read"]
    assert read.heading_row == 4
    # The file has no progress: only the date of the executive's response is asked.
    assert [problem.fix for problem in preview.context["preview"].problems] == ["responded_on"]
    answer = {"responded_on_day": "20", "responded_on_month": "3", "responded_on_year": "2025"}
    preview = preview_again(client, preview, **answer)
    assert preview.context["preview"].problems == []
    assert confirm(client, preview, **answer).status_code == 302
    assert imported(review) == [
        (1, "", "", ["Raj Singh"], "July 2025", []),
        (2, "", "", ["Priya Shah"], "October 2025", []),
    ]
    assert Action.objects.get(recommendation__number=1).agreed_action == "clubs will open in four more wards."
    responses = review.recommendations.order_by("number").values_list(
        "executive_response__response", "executive_response__reasons", "executive_response__responded_on"
    )
    assert list(responses) == [
        ("accepted", "clubs will open in four more wards.", datetime.date(2025, 3, 20)),
        ("partially", "quarterly, online.", datetime.date(2025, 3, 20)),
    ]
    assert Recommendation.objects.get(number=2).text == "That the Council publish waiting times."


def test_label_and_value_lines_above_the_headings_do_not_take_their_place():
    grid = Grid(
        "plan.xlsx",
        "Plan",
        [
            ["Lead Officer: Jo Bloggs", "Date: 12 March 2025", "Recommendation: see below"],
            ["Committee:", "Adults"],
            ["Recommendation", "Action", "Lead Officer", "Target Date"],
        ],
    )
    assert find_heading_row(grid) == 2


# A public accounts committee's tracker with colours ------------------------


def test_a_tracker_of_traffic_lights_imports_after_one_confirmation_per_colour(client, clerk):
    review = make_review()
    client.force_login(clerk)
    rows = [
        ("R1", "Green"),
        ("R2", "Amber"),
        ("R3", "Red"),
        ("R4", "Grey"),
        ("R5", "Blue"),
        ("R6", "green"),
    ]
    data = workbook(
        ["Rec No", "Recommendation", "Acceptance", "Responsible officer", "Target date", "Progress", "Traffic Light"],
        *[
            [ref, f"That the Department does thing {n}.", "Accepted", "Kim Ode", "May 2025", f"Step {n} taken.", light]
            for n, (ref, light) in enumerate(rows, start=1)
        ],
    )
    preview = upload(client, review, data, "pac.xlsx", period_month="3", period_year="2025")
    meanings = preview.context["meanings"]
    assert [field.label.split(" (")[0] for field, _ in meanings.status_fields()] == [
        "Blue",
        "Green",
        "Amber",
        "Red",
        "Grey",
    ]
    assert meanings.status_fields()[1][0].label == "Green (G2 and G7)"
    assert confirm(client, preview).status_code == 302
    grades = dict(ProgressEntry.objects.values_list("action__recommendation__number", "level__label"))
    assert grades == {1: "Green", 2: "Amber", 3: "Red", 4: "Grey", 5: "Blue", 6: "Green"}
    assert [(level.label, level.colour) for level in current_scale()] == [
        ("Blue", "blue"),
        ("Green", "green"),
        ("Amber", "amber"),
        ("Red", "red"),
        ("Grey", "grey"),
    ]
    assert list(Recommendation.objects.order_by("number").values_list("council_reference", flat=True)) == [
        "R1",
        "R2",
        "R3",
        "R4",
        "R5",
        "R6",
    ]


# An NHS trust's action log: Windows-1252 CSV, section rows, a new date -----


NHS_LOG = (
    "ACTION NO,ACTION,LEAD,TARGET DATE,NEW DATE,STATUS/ COMMENT\r\n"
    "March 2024,,,,,\r\n"
    "1,Audit the discharge letters – all wards,Dr Jane Moss,June 2024,,Audit done; “good” results.\r\n"
    "2,Train staff on the £50 petty cash rule,Tom Hale,May 2024,September 2024,Delayed by sickness.\r\n"
    "June 2024,,,,,\r\n"
    "3,Review the falls policy,Dr Jane Moss,August 2024,,Draft circulated.\r\n"
    "4,Publish the car parking charges,Tom Hale,July 2024,,Published.\r\n"
    "5,Report on complaints themes,Dr Jane Moss,October 2024,,Not yet due.\r\n"
).encode("cp1252")


def test_an_nhs_action_log_in_windows_1252_imports_through_the_command(clerk, tmp_path):
    review = make_review()
    path = tmp_path / "action-log.csv"
    path.write_bytes(NHS_LOG)
    out = io.StringIO()
    call_command(
        "import_plan",
        str(path),
        "--period=2024-09",
        "--create-people",
        "--past-record",
        "--meeting-date=2024-09-19",
        review=review.slug,
        by=clerk.username,
        stdout=out,
    )
    text = out.getvalue()
    assert "Note: Row 2: 'March 2024' heads a section of the file" in text
    assert "Note: Row 5: 'June 2024' heads a section of the file" in text
    numbers = dict(Recommendation.objects.filter(review=review).values_list("number", "text"))
    assert numbers == {
        1: "Audit the discharge letters – all wards",
        2: "Train staff on the £50 petty cash rule",
        3: "Review the falls policy",
        4: "Publish the car parking charges",
        5: "Report on complaints themes",
    }
    assert imported(review)[1] == (
        2,
        "",
        "",
        ["Tom Hale"],
        "September 2024",
        [(datetime.date(2024, 9, 1), None, "Delayed by sickness.")],
    )
    assert imported(review)[0][5] == [(datetime.date(2024, 9, 1), None, "Audit done; “good” results.")]
    # The new date is a revision of the target, the original on record.
    revision = TargetRevision.objects.get()
    assert (revision.target_before, revision.target_month, revision.status) == (
        datetime.date(2024, 5, 1),
        datetime.date(2024, 9, 1),
        TargetRevision.Status.ACCEPTED,
    )
    assert revision.reason == "The new date in action-log.csv, row 4" and revision.decided_by == clerk


# The usual council shape: a merged recommendation over two actions, RAG ---


def usual_tracker() -> bytes:
    return workbook(
        ["Ref", "Recommendation", "Action", "Lead Officer", "Target Date", "Progress", "RAG"],
        [
            "1",
            "That the Council tackle hate crime.",
            "Run an awareness week.",
            "Neil Mitchell",
            "October 2024",
            "Held.",
            "Green",
        ],
        [None, None, "Train frontline staff.", "Lara Link", "December 2024", "Half trained.", "Amber"],
        [
            "2",
            "That the Council report annually.",
            "Publish a report.",
            "Neil Mitchell",
            "March 2025",
            "Not begun.",
            "Grey",
        ],
        ["3", "That the Council fund the third sector.", "Fund groups.", "Lara Link", "April 2025", "Cut.", "Red"],
        merged=["A2:A3", "B2:B3"],
    )


def test_the_usual_council_spreadsheet_imports_its_merged_recommendation_and_colours(client, clerk):
    review = make_review()
    client.force_login(clerk)
    preview = upload(client, review, usual_tracker(), "tracker.xlsx", period_month="3", period_year="2025")
    # Nothing wrong with the file: only the question of what its progress is.
    assert [problem.fix for problem in preview.context["preview"].problems] == ["progress"]
    html = preview.content.decode()
    assert "they are read as its lettered actions 1 a), 1 b)" in html
    assert confirm(client, preview).status_code == 302
    assert imported(review) == [
        (1, "a", "", ["Neil Mitchell"], "October 2024", [(MARCH_2025, 2, "Held.")]),
        (1, "b", "", ["Lara Link"], "December 2024", [(MARCH_2025, 3, "Half trained.")]),
        (2, "", "", ["Neil Mitchell"], "March 2025", [(MARCH_2025, None, "Not begun.")]),
        (3, "", "", ["Lara Link"], "April 2025", [(MARCH_2025, 3, "Cut.")]),
    ]
    # The council's colours, and the scale's achieved grade the rules need
    # for sign-off, which the file has none of.
    assert [level.printed for level in current_scale()] == ["Fully Achieved", "Green", "Amber", "Red", "Grey"]
    assert sorted(ProgressEntry.objects.values_list("level__label", flat=True)) == ["Amber", "Green", "Grey", "Red"]


def test_lettered_actions_the_file_gives_no_heading_have_none_not_their_first_actions_words(client, clerk):
    review = make_review()
    client.force_login(clerk)
    preview = upload(client, review, usual_tracker(), "tracker.xlsx", period_month="3", period_year="2025")
    assert "the lettered sub-action" not in preview.content.decode()
    assert confirm(client, preview).status_code == 302
    headings = SubAction.objects.filter(recommendation__review=review).values_list("letter", "text")
    assert sorted(headings) == [("a", ""), ("b", "")]
    page = page_text(body(client.get(reverse("review_detail", args=[review.slug]))))
    assert page.count("Run an awareness week.") == 1, "printed once, as the Agreed Action, not again as a heading"


def test_the_clerks_own_fix_of_letters_imports_too(client, clerk):
    review = make_review()
    client.force_login(clerk)
    data = workbook(
        ["Ref", "Recommendation", "Action", "Lead Officer", "Target Date"],
        ["1a", "That the Council tackle hate crime.", "Run an awareness week.", "Neil Mitchell", "October 2024"],
        ["1b", "That the Council tackle hate crime.", "Train frontline staff.", "Lara Link", "December 2024"],
    )
    preview = upload(client, review, data, "tracker.xlsx")
    # The file has no progress: nothing to ask.
    assert preview.context["preview"].problems == []
    assert confirm(client, preview).status_code == 302
    assert [row[:2] for row in imported(review)] == [(1, "a"), (1, "b")]


def test_the_command_names_the_status_words_it_needs_and_takes_them_once_each(clerk, tmp_path):
    review = make_review()
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(usual_tracker())
    arguments = {"review": review.slug, "by": clerk.username}
    path = str(path)
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", path, "--period=2025-03", **arguments, stdout=io.StringIO())
    message = str(refused.value)
    assert "'Green' (G2, proposed: on_track)" in message and "'Grey' (G4, proposed: not_graded)" in message
    assert "--status 'Green=at_risk'" in message
    assert not Action.objects.exists()

    with pytest.raises(CommandError, match="--status 'Green': give the word and what it becomes"):
        call_command("import_plan", path, "--period=2025-03", "--status", "Green", **arguments, stdout=io.StringIO())

    statuses = [
        "--status",
        "Green=2",
        "--status",
        "amber=at_risk",
        "--status",
        "Red=off_track",
        "--status",
        "Grey=none",
    ]
    past = ["--past-record", "--meeting-date=2025-03-20"]
    out = io.StringIO()
    call_command("import_plan", path, "--period=2025-03", *statuses, *past, **arguments, stdout=out)
    # The scale to be, as the page shows it: the file's words added to it.
    assert (
        "The council's grading scale becomes: 1 (Fully Achieved), 2 (On-Track), Amber, 3 (Slipped), Red, "
        "4 (Not Achieved), Grey." in out.getvalue()
    )
    assert sorted(ProgressEntry.objects.values_list("grade", flat=True), key=str) == [2, 3, 3, None]
    labels = sorted(ProgressEntry.objects.values_list("level__label", flat=True))
    assert labels == ["Amber", "Grey", "On-Track", "Red"]  # as the file first wrote each
    # Green was made one of the scale's grades: remembered for the next file.
    assert StatusMeaning.objects.get(key="green").grade == 2
