"""Issue 25, "Every problem at once": one upload names every problem of
every row, the reading's and the saving's; the file's progress is published
only as the past meeting's record the clerk says it is; names of teams and
groups are offered as groups. Files are built here with openpyxl and go
through the real upload page and the import_plan command."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from actionplans.models import Action, ImportUpload, Owner, ProgressEntry, Review, Round
from tests.factories import make_action, make_entry, make_owner, make_recommendation, make_review, make_round
from tests.test_import_pages import upload

pytestmark = pytest.mark.django_db

TRACKER_HEADINGS = ["Ref", "Recommendation", "Agreed Action", "Lead Officer", "Target Date", "Progress", "Grade"]


def workbook(*rows, headings=TRACKER_HEADINGS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headings)
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def review(db):
    make_owner("Neil Mitchell")
    return make_review(status=Review.Status.SETTING_UP)  # where a new review lands (issue 25)


def summary(response) -> list[str]:
    return [text for text, _ in response.context["summary"]]


def test_a_file_with_problems_in_several_rows_shows_them_all_on_the_first_upload(client, clerk, review):
    data = workbook(
        ["1a", "Raise awareness", "Leaflets", "Zed Unknown", 7, "Done", 2],
        ["1b", "Raise awareness", None, "Neil Mitchell", "October 2019", "Started", "Good"],
        ["1c", "Raise awareness", "Posters", "Ann Other", "October 2019", "Some", 9],
        ["1d", "Raise awareness", "Radio", "Neil Mitchell", "October 2019", "Aired", 1],
    )
    client.force_login(clerk)
    response = client.get(upload(client, review, data, period_month="3", period_year="2020")["Location"])
    found = summary(response)
    # The reading's problems (a bad Date, a bad grade, a status word to confirm) and
    # the saving's (people nobody knows, in rows the reading found wrong too).
    assert any(text.startswith("E2: '7' is not a month") for text in found), found
    # A status word is the council's own: its meaning is asked once, beside the rest.
    assert "'Good' (G3) is the file's own grade: say what it is on the preview" in " ".join(found)
    assert any(text.startswith("G4:") for text in found), found
    assert "D2: Nobody called 'Zed Unknown' is responsible for anything yet: create them, or correct the name." in found
    assert "D4: Nobody called 'Ann Other' is responsible for anything yet: create them, or correct the name." in found
    text = response.content.decode()
    assert f"There are {len(found)} problems with tracker.xlsx" in text
    assert "Zed Unknown" in text and "Ann Other" in text  # offered to be created at once
    assert "Confirm and import" not in text
    assert not Action.objects.exists() and ImportUpload.objects.count() == 1


def post_preview(client, response, action="preview", **changes):
    """Post the preview's form as the page has it, with `changes`."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.columns}
    data["previewed"] = form["previewed"].value()
    for name in ("period_month", "period_year"):
        data[name] = form[name].value() or ""
    if form["create_people"].value():
        data["create_people"] = "on"
    data.update(changes)
    return client.post(response.request["PATH_INFO"], {"action": action, **data})


PROGRESS_FILE = (
    ["1", "Raise awareness", "Leaflets", "Neil Mitchell", "October 2019", "Leaflets went out", 2],
    ["2", "Train staff", "Posters", "Neil Mitchell", "October 2019", "Posters up", 1],
)


def test_the_preview_asks_what_the_progress_is_and_publishes_nothing_until_the_clerk_says(client, clerk, review):
    client.force_login(clerk)
    first = client.get(
        upload(client, review, workbook(*PROGRESS_FILE), period_month="3", period_year="2020")["Location"]
    )
    text = first.content.decode()
    assert "Nothing will be published." in text
    assert "What is the progress in this file?" in text and "Confirm and import" not in text
    assert "Drafts in the open round" not in text  # a review being set up has no open round
    assert summary(first)[0].startswith("The file has progress for March 2020, and the review has no round for it")

    # A past meeting's record with no date: asked for, with what was typed kept.
    no_date = post_preview(client, first, progress="record", meeting_2020_03_day="12")
    assert "The March 2020 meeting date must include a month and year" in summary(no_date)
    assert 'value="12"' in no_date.content.decode()

    dated = post_preview(
        client,
        first,
        progress="record",
        meeting_2020_03_day="12",
        meeting_2020_03_month="3",
        meeting_2020_03_year="2020",
    )
    text = dated.content.decode()
    assert not summary(dated)
    assert "The March 2020 round will be published as the record of the meeting on 12 March 2020, marked imported." in (
        text
    )
    assert text.index("marked imported.") < text.index("What will be imported")
    done = post_preview(
        client,
        dated,
        action="import",
        progress="record",
        meeting_2020_03_day="12",
        meeting_2020_03_month="3",
        meeting_2020_03_year="2020",
    )
    assert done.status_code == 302
    round = review.rounds.get()
    assert (round.status, round.imported, round.meeting_date) == ("published", True, datetime.date(2020, 3, 12))
    assert round.history.get().history_user == clerk
    page = client.get(reverse("round_detail", args=[round.pk])).content.decode()
    assert "imported: the record of a past meeting" in page
    review_page = client.get(review.get_absolute_url()).content.decode()
    assert "Progress update, March 2020</a> (imported)" in review_page
    # The plan is still being set up: the round is the papers' record, not yet for the committee.
    assert (
        "March 2020 round</a>: imported from the council&#x27;s papers, seen by committee members once the plan is "
        "confirmed" in review_page
    )


def test_a_clerk_may_leave_the_progress_out_and_import_the_plan_alone(client, clerk, review):
    client.force_login(clerk)
    first = client.get(
        upload(client, review, workbook(*PROGRESS_FILE), period_month="3", period_year="2020")["Location"]
    )
    left = post_preview(client, first, progress="leave")
    assert "Nothing will be published. The file&#x27;s progress for March 2020 is left out." in left.content.decode()
    done = post_preview(client, left, action="import", progress="leave")
    assert done.status_code == 302
    assert Action.objects.filter(recommendation__review=review).count() == 2 and not review.rounds.exists()


def test_confirming_another_answer_than_the_one_previewed_saves_nothing(client, clerk, review):
    client.force_login(clerk)
    first = client.get(
        upload(client, review, workbook(*PROGRESS_FILE), period_month="3", period_year="2020")["Location"]
    )
    left = post_preview(client, first, progress="leave")
    again = post_preview(
        client,
        left,
        action="import",
        progress="record",
        meeting_2020_03_day="12",
        meeting_2020_03_month="3",
        meeting_2020_03_year="2020",
    )
    assert again.status_code == 200 and not Action.objects.exists()


def test_the_command_refuses_a_file_with_progress_until_the_clerk_chooses(tmp_path, clerk, review):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(workbook(*PROGRESS_FILE))
    args = [str(path), "--review", review.slug, "--by", clerk.username, "--period", "2020-03"]
    err = io.StringIO()
    with pytest.raises(
        CommandError, match="Say what the file's progress is: --past-record, --drafts or --leave-progress-out"
    ):
        call_command("import_plan", *args, stdout=io.StringIO(), stderr=err)
    assert "tracker.xlsx has progress for March 2020, and the review has no round for it" in err.getvalue()
    assert not Action.objects.exists()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_plan", *args, "--past-record", stdout=io.StringIO(), stderr=err)
    assert (
        "Enter the date of the committee meeting that received the March 2020 progress update: "
        "--meeting-date 2020-03=YYYY-MM-DD"
    ) in err.getvalue()
    out = io.StringIO()
    call_command("import_plan", *args, "--past-record", "--meeting-date", "2020-03=2020-03-12", stdout=out)
    assert "The March 2020 round will be published as the record of the meeting on 12 March 2020" in out.getvalue()
    assert review.rounds.get().imported


def test_names_of_teams_and_groups_are_offered_as_groups_with_a_way_to_make_each_a_person(client, clerk, review):
    data = workbook(
        ["1", "Raise awareness", "Leaflets", "Comms Team", "October 2019"],
        ["2", "Train staff", "Posters", "All partners", "October 2019"],
        ["3", "Report", "Radio", "Sam Board", "October 2019"],
        headings=TRACKER_HEADINGS[:5],
    )
    client.force_login(clerk)
    first = client.get(upload(client, review, data)["Location"])
    text = first.content.decode()
    assert "Comms Team (as a group)" in text and "All partners (as a group)" in text
    assert "Sam Board (as a group)" in text  # a guess: the clerk switches it
    ticked = post_preview(client, first, create_people="on", as_people=["Sam Board"])
    assert "Sam Board (as a group)" not in ticked.content.decode()
    done = post_preview(client, ticked, action="import", create_people="on", as_people=["Sam Board"])
    assert done.status_code == 302
    kinds = dict(Owner.objects.values_list("name", "kind"))
    assert (kinds["Comms Team"], kinds["All partners"], kinds["Sam Board"]) == ("role", "role", "person")


def test_the_command_creates_groups_as_groups(tmp_path, clerk, review):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(
        workbook(["1", "Raise awareness", "Leaflets", "Comms Team", "October 2019"], headings=TRACKER_HEADINGS[:5])
    )
    out = io.StringIO()
    call_command(
        "import_plan", str(path), "--review", review.slug, "--by", clerk.username, "--create-people", stdout=out
    )
    assert "Comms Team (as a group)" in out.getvalue()
    assert Owner.objects.get(name="Comms Team").kind == Owner.Kind.ROLE


def test_the_command_creates_a_name_that_looks_like_a_group_as_a_person_when_told(tmp_path, clerk, review):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(
        workbook(["1", "Raise awareness", "Leaflets", "Sam Board", "October 2019"], headings=TRACKER_HEADINGS[:5])
    )
    args = ["--review", review.slug, "--by", clerk.username, "--create-people", "--as-person", "Sam Board"]
    call_command("import_plan", str(path), *args, stdout=io.StringIO())
    assert Owner.objects.get(name="Sam Board").kind == Owner.Kind.PERSON


def test_the_products_own_export_fills_in_the_meeting_dates_and_the_clerk_still_chooses(client, clerk, demo):
    from reports.documents import ExportOptions
    from reports.progress_update.builder import build_progress_update
    from reports.progress_update.xlsx import render_xlsx

    rounds = list(demo.rounds.order_by("period"))
    data = render_xlsx(build_progress_update(demo, rounds=rounds, full_history=True), ExportOptions(full_history=True))
    copy = make_review(title="Copy", committee=demo.committee, status=Review.Status.SETTING_UP)
    client.force_login(clerk)
    first = client.get(upload(client, copy, data, name="hate-crime.xlsx")["Location"])
    question = first.context["question"]
    assert question.periods == [r.period for r in rounds]
    for round in rounds:  # filled in from the Rounds sheet
        assert question.fields[question.meeting_field(round.period)].initial == round.meeting_date
    assert question["progress"].value() is None  # not chosen for the clerk
    assert "Nothing will be published." in first.content.decode()
    href = dict(first.context["summary"])[summary(first)[0]]
    assert href == "#id_progress_0" and 'id="id_progress_0"' in first.content.decode()

    answers = {"progress": "record"}
    for round in rounds:
        name = question.meeting_field(round.period)
        answers |= {f"{name}_day": round.meeting_date.day, f"{name}_month": round.meeting_date.month}
        answers[f"{name}_year"] = round.meeting_date.year
    answered = post_preview(client, first, create_people="on", **answers)
    assert not summary(answered)
    text = answered.content.decode()
    for round in rounds:
        assert (
            f"The {round.label} round will be published as the record of the meeting on {round.meeting_date:%-d %B %Y}"
        ) in text
    assert post_preview(client, answered, action="import", create_people="on", **answers).status_code == 302
    assert [(r.period, r.meeting_date, r.deadline, r.imported) for r in copy.rounds.order_by("period")] == [
        (r.period, r.meeting_date, r.deadline, True) for r in rounds
    ]


def test_the_review_page_of_a_review_being_set_up_links_the_import(client, clerk, review):
    client.force_login(clerk)
    page = client.get(review.get_absolute_url()).content.decode()
    link = f'href="{reverse("import_upload", args=[review.slug])}">'
    assert f"{link}Import from a spreadsheet or Word paper" in page
    setup = client.get(reverse("review_plan", args=[review.slug])).content.decode()
    assert f"{link}Import the plan from a spreadsheet or Word paper" in setup


@pytest.fixture
def monitored(db):
    """A confirmed plan with its March 2021 round open: 1's update not
    started, 2's drafted by its officer already."""
    neil = make_owner("Neil Mitchell")
    review = make_review()
    first = make_action(make_recommendation(review, 1, text="Raise awareness"), owners=[neil], agreed_action="Leaflets")
    second = make_action(make_recommendation(review, 2, text="Train staff"), owners=[neil], agreed_action="Posters")
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    make_entry(first, round, grade=None, evidence="", status=ProgressEntry.Status.NOT_STARTED)
    make_entry(second, round, grade=1, evidence="The officer's own words", status=ProgressEntry.Status.DRAFT)
    return review


OPEN_ROUND_ROW = ["1", "Raise awareness", "Leaflets", "Neil Mitchell", "October 2019", "From the tracker", 2]


def test_the_open_rounds_progress_may_come_in_as_drafts_for_the_officers(client, clerk, monitored):
    client.force_login(clerk)
    data = workbook(OPEN_ROUND_ROW)
    first = client.get(upload(client, monitored, data, period_month="3", period_year="2021")["Location"])
    assert summary(first)[0].startswith("The March 2021 round is open: its updates are the officers' to write.")
    assert "Drafts in the open round (March 2021)" in first.content.decode()
    drafted = post_preview(client, first, progress="drafts")
    assert not summary(drafted)
    text = drafted.content.decode()
    assert (
        "Nothing will be published. The file&#x27;s progress for March 2021 goes into the open round as drafts"
    ) in text
    assert "March 2021 (open): a draft for the officers, 2 (On-Track)" in text
    assert post_preview(client, drafted, action="import", progress="drafts").status_code == 302
    entry = ProgressEntry.objects.get(action__recommendation__number=1)
    assert (entry.status, entry.evidence_of_progress, entry.grade) == ("draft", "From the tracker", 2)
    assert entry.history.first().history_user == clerk
    assert not monitored.rounds.get().imported and monitored.rounds.get().is_open


def test_an_update_the_officer_has_started_is_never_overwritten_by_drafts(tmp_path, clerk, monitored):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(workbook(OPEN_ROUND_ROW, ["2", "Train staff", "Posters", "Neil Mitchell", "October 2019", "x", 1]))
    args = [str(path), "--review", monitored.slug, "--by", clerk.username, "--period", "2021-03"]
    err = io.StringIO()
    with pytest.raises(CommandError, match="--drafts"):
        call_command("import_plan", *args, stdout=io.StringIO(), stderr=err)
    assert "(--drafts or --leave-progress-out)" in err.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_plan", *args, "--drafts", stdout=io.StringIO(), stderr=err)
    assert "Row 3: 2's March 2021 update is draft already: an import never overwrites" in err.getvalue()
    assert ProgressEntry.objects.get(action__recommendation__number=1).status == "not_started"  # nothing half-saved
    assert ProgressEntry.objects.get(action__recommendation__number=2).evidence_of_progress == "The officer's own words"
