"""The scrutiny annual report: a municipal year's figures per committee,
counted from the domain's dates, the same in the page and in every document,
and a past year's figures unchanged by later rounds."""

import datetime
import html
import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ProgressEntry, ResponsePlan, Round, TargetRevision
from actionplans.municipal import MunicipalYear
from reports.annual.builder import build_annual_report
from tests.factories import (
    decide,
    keep_open_in_september,
    make_action,
    make_committee,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
    make_user,
    standing_written_once,
)

pytestmark = pytest.mark.django_db

SEEDS = Path(os.environ.get("SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
needs_seeds = pytest.mark.skipif(
    not SEEDS.exists(), reason="the seed papers (../shared/seeds, or SEEDS_DIR) are not beside this checkout"
)
D = datetime.date


def only(report):
    """The report's one committee's figures (the demo council has one)."""
    (section,) = report.committees
    return section


# The municipal year --------------------------------------------------------------


def test_a_municipal_year_runs_from_may_to_april_and_is_printed_2019_20():
    year = MunicipalYear.of(2019)
    assert (year.start, year.end, year.label) == (D(2019, 5, 1), D(2020, 4, 30), "2019/20")
    assert MunicipalYear.containing(D(2020, 4, 30)) == year
    assert MunicipalYear.containing(D(2020, 5, 1)).label == "2020/21"
    assert D(2019, 4, 30) not in year and D(2019, 5, 1) in year


def test_the_council_sets_the_month_its_year_starts(settings):
    settings.SCRUTINY_MUNICIPAL_YEAR_START = 1
    assert MunicipalYear.containing(D(2020, 4, 30)).label == "2020"
    settings.SCRUTINY_MUNICIPAL_YEAR_START = "9"
    assert MunicipalYear.of(2019).end == D(2020, 8, 31)
    settings.SCRUTINY_MUNICIPAL_YEAR_START = "May"
    assert [error.id for error in run_checks()] == ["scrutiny.E102"]


# The demo council, counted from the seed papers -----------------------------------------


GRADES = r"([1-4]) \((?:Fully Achieved|On-Track|Slipped|Not Achieved)\)"


def seed_001_grades() -> list[int]:
    """Every grade of the March 2020 update (seed 001): the figures after each
    'Assessment of Progress … (include explanation if required)', one per
    strand column on a line."""
    lines = (SEEDS / "001_fc2a08cc6cc447d7.txt").read_text().splitlines()
    grades = []
    for n, line in enumerate(lines):
        if "include explanation if required" in line:
            following = next(text for text in lines[n + 1 :] if text.strip())
            grades += [int(token) for token in following.split()]
    return grades


def seed_000_latest_grades() -> list[int]:
    """The September 2020 grade of each action seed 000 carries: the last
    grade printed in each action's record (its records are cut at each
    'Agreed Success Measure:')."""
    text = (SEEDS / "000_c194989261b650db.txt").read_text()
    records = text.split("Agreed Success Measure:")[1:]
    return [int(re.findall(GRADES, record)[-1]) for record in records]


@needs_seeds
def test_the_demo_years_match_the_seed_papers(demo):
    march = seed_001_grades()
    september = seed_000_latest_grades()
    assert len(march) == 16 and len(september) == 3  # what the papers print

    # 2019/20: the March 2020 update (meeting 12 March 2020), the committee's
    # decisions at it published. What graded 1 was signed off; seed 000 (the
    # next update) carries what stayed open; the rest was closed.
    year = only(build_annual_report(2019))
    assert year.carried == len(march)
    assert year.on_track == sum(grade in (1, 2) for grade in march)
    assert year.signed_off == march.count(1)
    assert year.still_open == len(september)
    assert year.closed == len(march) - march.count(1) - len(september)
    # Loaded as received, never submitted online: none counted as late.
    assert (year.without_submission, year.updates_late, year.submitted_on_time) == (len(march), 0, 0)
    assert year.reviews_completed == 0

    # 2020/21: the September 2020 update; the committee's decisions on it are
    # not yet published, so everything it carried is still open.
    year = only(build_annual_report(2020))
    assert year.carried == len(september) == year.still_open
    assert year.on_track == sum(grade in (1, 2) for grade in september)
    assert (year.signed_off, year.closed) == (0, 0)
    assert year.without_submission == len(september)


def test_actions_are_still_open_from_the_plan_agreed_until_the_committee_signs_them_off_or_closes_them(demo):
    # 2018/19: the plan agreed in March 2019, no progress update yet: all 16
    # actions open on 30 April 2019.
    assert only(build_annual_report(2018)).still_open == 16
    # 2019/20: 12 signed off and 1 closed at the meeting of 12 March 2020.
    assert only(build_annual_report(2019)).still_open == 3
    # The years since, with no round and no decision: the same three, never
    # signed off or closed; the year not yet ended says so.
    for year in (2021, 2025):
        assert only(build_annual_report(year)).still_open == 3
    # All three graded Fully Achieved in September 2020, the committee's
    # decisions not yet published: awaiting them, as the dashboard says.
    assert only(build_annual_report(2020)).awaiting == 3
    assert only(build_annual_report(2019)).awaiting == only(build_annual_report(2018)).awaiting == 0
    report = build_annual_report(2026, today=D(2026, 11, 21))
    assert only(report).awaiting == 3
    assert only(report).still_open == 3
    assert report.as_at_words == "so far (as at 21 November 2026)"
    assert build_annual_report(2025, today=D(2026, 11, 21)).as_at_words == "at 30 April 2026"
    # Before the plan was agreed, nothing was open.
    assert only(build_annual_report(2017)).still_open == 0


def test_every_year_from_the_first_with_data_to_the_current_one_is_offered(demo, councillor, settings):
    from reports.annual.builder import years_with_data

    this_year = MunicipalYear.containing(timezone.localdate()).year
    assert years_with_data() == list(range(this_year, 2017, -1))  # the report agreed in November 2018
    client = reader(councillor)
    assert client.get(reverse("annual_report", args=[2021])).status_code == 200
    assert client.get(reverse("annual_report", args=[2017])).status_code == 404
    # /annual-report/ opens the newest year, the picker's first choice, chosen.
    page = client.get(reverse("annual_report_latest"))
    assert MunicipalYear.of(this_year).label in page_text(page)
    options = re.findall(r'<option value="(\d+)"( selected)?', page.content.decode())
    assert options[0] == (str(this_year), " selected")
    assert "so far (as at" in page_text(page)
    assert "Of those, proposed for sign-off and awaiting the committee's decision 3" in page_text(page)


def test_the_demo_review_was_completed_and_answered_in_2018_19(demo):
    # The report agreed on 8 November 2018, with the executive on 6 December,
    # Cabinet's response (every recommendation accepted) on 17 January 2019.
    year = only(build_annual_report(2018))
    assert year.reviews == ("Hate Crime",)
    assert year.still_open == 16
    assert (year.recommendations, year.accepted, year.partially, year.rejected, year.outstanding) == (4, 4, 0, 0, 0)
    assert year.median_response_days == (D(2019, 1, 17) - D(2018, 12, 6)).days == 42
    assert (year.responses_on_time, year.responses_late) == (1, 0)
    assert year.carried == 0


# A past year stays as it was -------------------------------------------------------------


def test_a_past_year_does_not_change_when_later_rounds_are_added(demo, clerk, officer, officer_owner):
    keep_open_in_september("Schools, Colleges and Universities")  # decided at the meeting of 24 September 2020
    before = {year: build_annual_report(year) for year in (2018, 2019, 2020)}
    assert only(before[2020]).signed_off == 2  # the online form and 1 f)

    # A round in 2021/22, with an update submitted, approved, published and decided on.
    later = demo.open_round(period=D(2021, 9, 1), deadline=D(2021, 9, 3), meeting_date=D(2021, 9, 23), by=clerk)
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.reassign([officer_owner], by=clerk)
    entry = later.entries.get(action=schools)
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=1)
    entry.refresh_from_db()
    entry.approve(by=clerk, version=entry.version)
    later.publish(by=clerk)
    decide(later, by=clerk)

    assert {year: build_annual_report(year) for year in (2018, 2019, 2020)} == before
    # … while the year of the new round counts it.
    added = only(build_annual_report(2021))
    assert (added.carried, added.signed_off, added.still_open, added.updates_late) == (1, 1, 0, 1)


# The executive's responses --------------------------------------------------------------


def reviewed(committee, clerk, *, agreed, received, responses, published=True):
    """A review of `committee` whose report was agreed on `agreed` and
    reached the executive on `received`, its responses recorded (and
    published) through the verbs: `responses` is (response, date) per
    recommendation."""
    review = make_review(committee=committee)
    for _ in responses:
        make_recommendation(review)
    review.record_report(agreed=agreed, to_executive=received, decision_maker="Cabinet", by=clerk, version=0)
    review.refresh_from_db()
    plans = [
        ResponsePlan(n, response, reasons="" if response == "accepted" else "Because.", responded_on=on)
        for n, (response, on) in enumerate(responses, start=1)
        if response
    ]
    review.record_responses(plans, by=clerk, version=review.version)
    review.refresh_from_db()
    if published:
        review.publish_responses(by=clerk, version=review.version)
    return review


def test_the_responses_are_counted_as_at_the_year_end(clerk):
    committee = make_committee("Adult Social Care Select Committee")
    # Answered 21 days after the report, well within two months.
    reviewed(
        committee,
        clerk,
        agreed=D(2019, 6, 3),
        received=D(2019, 6, 10),
        responses=[("accepted", D(2019, 7, 1)), ("partially", D(2019, 7, 1)), ("rejected", D(2019, 7, 1))],
    )
    # Answered 83 days after: 22 days after it was due (10 August).
    reviewed(
        committee,
        clerk,
        agreed=D(2019, 6, 3),
        received=D(2019, 6, 10),
        responses=[("accepted", D(2019, 9, 1)), ("accepted", D(2019, 9, 1))],
    )
    # Recorded, but not published: outstanding to every reader.
    reviewed(
        committee,
        clerk,
        agreed=D(2019, 11, 5),
        received=D(2019, 11, 12),
        responses=[("accepted", D(2019, 12, 2)), ("accepted", D(2019, 12, 2))],
        published=False,
    )
    # Answered after the year end (30 April 2020): outstanding at it.
    reviewed(committee, clerk, agreed=D(2020, 3, 2), received=D(2020, 3, 9), responses=[("accepted", D(2020, 6, 1))])
    # Agreed the year before: not this year's.
    reviewed(committee, clerk, agreed=D(2019, 4, 30), received=D(2019, 5, 7), responses=[("accepted", D(2019, 5, 9))])

    year = only(build_annual_report(2019, committees=[committee]))
    assert (year.reviews_completed, year.recommendations) == (4, 8)
    assert (year.accepted, year.partially, year.rejected, year.outstanding) == (3, 1, 1, 3)
    assert (year.reviews_responded, year.responses_on_time, year.responses_late) == (2, 1, 1)
    assert year.median_response_days == (21 + 83) / 2 == 52

    # The council's total: the counts added, the median of every review's days.
    other = make_committee("Place Select Committee")
    reviewed(other, clerk, agreed=D(2019, 6, 3), received=D(2019, 6, 10), responses=[("accepted", D(2019, 6, 20))])
    report = build_annual_report(2019, committees=[committee, other])
    assert [section.name for section in report.sections] == ["All Select Committees", committee.name, other.name]
    assert (report.total.accepted, report.total.reviews_responded, report.total.median_response_days) == (4, 3, 21)


def test_the_responses_table_names_what_it_counts_recommendations_or_reviews(demo, councillor):
    text = page_text(reader(councillor).get(reverse("annual_report", args=[2018])))
    for figure in (
        "Recommendations accepted 4",
        "Recommendations rejected 0",
        "Recommendations awaiting a response 0",
        "Reviews responded to 1",
        "Reviews responded to within 2 months 1",
        "Reviews responded to late 0",
    ):
        assert figure in text, figure


def test_responses_are_counted_by_the_date_the_executive_responded_once_published_and_the_report_says_so(
    demo, councillor
):
    from actionplans.models import Review

    # The demo publishes Cabinet's responses of 17 January 2019 when it loads
    # (today): 2018/19 counts them by their date, and says why.
    review = Review.objects.get(slug="hate-crime")
    assert review.responses_published_at.date() > D(2019, 4, 30)
    report = build_annual_report(2018)
    assert only(report).accepted == 4
    assert any(
        "counted by the date the executive responded" in line and "once the clerk has published" in line
        for line in report.how_counted
    )
    assert not any("as at its end, from published material only" in line for line in report.how_counted)


def test_the_words_are_plain_and_the_councils_own(demo, councillor, clerk):
    make_committee("Place Select Committee")
    text = page_text(reader(councillor).get(reverse("annual_report", args=[2019])))
    assert "The committees' decisions on actions" in text  # all Select Committees
    assert "The committee's decisions on actions" in text  # each one
    for jargon in ("Actions carried", "whose received update was graded", "first printed by a progress update"):
        assert jargon not in text, jargon


def test_accepted_in_principle_counts_with_partially_accepted_where_the_council_allows_it(clerk, settings):
    settings.SCRUTINY_RESPONSE_IN_PRINCIPLE = True
    committee = make_committee()
    reviewed(
        committee,
        clerk,
        agreed=D(2019, 6, 3),
        received=D(2019, 6, 10),
        responses=[("in_principle", D(2019, 7, 1)), ("partially", D(2019, 7, 1))],
    )
    report = build_annual_report(2019, committees=[committee])
    assert only(report).partially == 2
    assert report.partially_words == "Partially accepted or accepted in principle"


# Updates submitted late ---------------------------------------------------------------


def submitted_on(entry, day: datetime.date, hour: int = 10):
    """Dates the update's submissions (its history) `day`, as if the officer
    had submitted it then."""
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    entry.history.filter(status=ProgressEntry.Status.SUBMITTED).update(history_date=when)


def test_late_updates_are_counted_from_their_first_submission_after_the_deadline(clerk):
    officer = make_user("late.officer", "Officer")
    owner = make_owner("Late Officer", user=officer)
    committee = make_committee()
    review = make_review(committee=committee)
    round = make_round(review, 2019, 10, status=Round.Status.OPEN)  # deadline 17 September 2019
    assert round.deadline == D(2019, 9, 17)
    entries = []
    for days in (-1, 5, 10, None):
        action = make_action(make_recommendation(review), owners=[owner])
        entry = make_entry(action, round, owners=[owner])
        if days is None:  # never submitted online: entered as received
            entry.status = ProgressEntry.Status.APPROVED
            entry.save()
            continue
        entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
        submitted_on(entry, round.deadline + datetime.timedelta(days=days))
        entries.append(entry)
    # The one on time is returned, and submitted again late: its first
    # submission is what counts.
    on_time = entries[0]
    on_time.refresh_from_db()
    on_time.return_to_officer(by=clerk, version=on_time.version, comment="Say more.")
    on_time.refresh_from_db()
    on_time.save_update(by=officer, version=on_time.version, submit=True, evidence_of_progress="More.", grade=2)
    for entry in entries:
        entry.refresh_from_db()
        entry.approve(by=clerk, version=entry.version)
    assert build_annual_report(2019, committees=[committee]).total.updates_late == 0  # not yet published
    round.publish(by=clerk)

    year = only(build_annual_report(2019, committees=[committee]))
    assert (year.submitted_on_time, year.updates_late, year.without_submission) == (1, 2, 1)
    assert (year.median_days_late, year.longest_days_late) == (7.5, 10)
    tables = {table.key: table for table in build_annual_report(2019, committees=[committee]).printed[0].tables}
    assert tables["late"].heading == "Officers' updates and their deadlines"
    rows = {figure.label: figure.value for figure in tables["late"].figures}
    assert rows["Recorded without an online submission"] == 1 and rows["Submitted late"] == 2
    assert not tables["late"].is_empty  # some were submitted online: the table


def test_an_update_returned_and_never_approved_is_not_counted_as_submitted_on_time_or_late(clerk):
    """The paper prints "No update received" for it: the annual report
    counts only the updates received, as the paper does, and says so."""
    officer = make_user("returned.officer", "Officer")
    owner = make_owner("Returned Officer", user=officer)
    committee = make_committee()
    review = make_review(committee=committee)
    round = make_round(review, 2019, 10, status=Round.Status.OPEN)  # deadline 17 September 2019
    entries = []
    for days in (-1, -2, 4):
        action = make_action(make_recommendation(review), owners=[owner])
        entry = make_entry(action, round, owners=[owner])
        entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
        submitted_on(entry, round.deadline + datetime.timedelta(days=days))
        entry.refresh_from_db()
        entries.append(entry)
    received, *returned = entries
    received.approve(by=clerk, version=received.version)
    for entry in returned:  # one submitted on time, one late: both returned, never approved
        entry.return_to_officer(by=clerk, version=entry.version, comment="Say more.")
    round.publish(by=clerk)

    report = build_annual_report(2019, committees=[committee])
    year = only(report)
    assert (year.submitted_on_time, year.updates_late, year.without_submission) == (1, 0, 0)
    assert year.no_update == 2  # as the paper prints them
    assert any("returned and never approved" in line for line in report.how_counted)


def test_revised_target_dates_granted_are_counted_in_the_year_of_their_first_progress_update(clerk):
    committee = make_committee()
    review = make_review(committee=committee)
    action = make_action(make_recommendation(review))
    for applies_from, status in (
        (D(2019, 9, 1), TargetRevision.Status.ACCEPTED),
        (D(2020, 3, 1), TargetRevision.Status.ACCEPTED),
        (D(2020, 3, 1), TargetRevision.Status.PROPOSED),
        (D(2020, 9, 1), TargetRevision.Status.ACCEPTED),
    ):
        TargetRevision.objects.create(
            action=action, target_month=D(2021, 3, 1), reason="Slipped.", status=status, applies_from=applies_from
        )
    assert only(build_annual_report(2019, committees=[committee])).revised == 2
    assert only(build_annual_report(2020, committees=[committee])).revised == 1


# The page and the documents ----------------------------------------------------------


def reader(user):
    client = Client()
    client.force_login(user)
    return client


def response_text(response) -> str:
    return response.content.decode()


def page_text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_page_opens_on_the_latest_year_with_figures_and_shows_them_with_their_charts(demo, councillor):
    page = reader(councillor).get(reverse("annual_report_latest"))
    text = page_text(page)
    this_year = MunicipalYear.containing(timezone.localdate())
    assert f"Scrutiny annual report {this_year.label}" in text
    page = reader(councillor).get(reverse("annual_report", args=[2019]))
    text = page_text(page)
    assert "Scrutiny annual report 2019/20" in text and "1 May 2019 to 30 April 2020" in text
    for figure in (
        "Signed off 12",
        "Closed, not achieved 1",
        "Still open 3",
        "Fully Achieved 12",
        "On-Track 2",
        "Share On-Track or Fully Achieved 88%",
    ):
        assert figure in text, figure
    # The chart's numbers are in its text alternative too.
    assert "12 Signed off, 1 Closed, not achieved, 3 Still open." in page.content.decode()
    assert 'role="img"' in page.content.decode()


def test_each_review_has_a_line_saying_what_scrutiny_did_in_it(demo, councillor):
    text = page_text(reader(councillor).get(reverse("annual_report", args=[2018])))
    # Completed in 2018/19: its recommendations and the executive's response;
    # its plan agreed in March 2019, every action still open.
    assert "Review by review" in text
    assert (
        "Hate Crime Recommendations made 4 The executive's response 4 accepted Signed off 0 "
        "Closed, not achieved 0 Still open 16 Share On-Track or Fully Achieved –"
    ) in text
    # 2019/20: the decisions at the meeting of 12 March 2020, and the share
    # On-Track or Fully Achieved in the March 2020 update.
    text = page_text(reader(councillor).get(reverse("annual_report", args=[2019])))
    assert "Hate Crime Recommendations made – The executive's response – Signed off 12 " in text
    assert "Still open 3 Share On-Track or Fully Achieved 88%" in text


def test_a_year_or_committee_with_nothing_says_so_in_one_line_and_tables_of_noughts_in_one_sentence(demo, councillor):
    make_committee("Place Select Committee")
    text = page_text(reader(councillor).get(reverse("annual_report", args=[2019])))
    line = "Place Select Committee No scrutiny reviews reported, and no progress updates received, in 2019/20."
    place = text[text.index(line) :]
    assert "Figure Number" not in place[: place.index("How the figures are counted")]
    # The demo committee's year: no revised target date, no review completed.
    assert "No revised target date was granted in 2019/20." in text
    assert "Revised target dates granted 0" not in text
    assert "No review was completed in 2019/20." in text


UNTIMED = "All 16 updates were recorded without an online submission, so none can be timed against the deadline."


def test_when_no_update_was_submitted_online_one_sentence_says_so_not_a_table_of_noughts(demo, councillor):
    from docx import Document

    client = reader(councillor)
    text = page_text(client.get(reverse("annual_report", args=[2019])))
    assert f"Officers' updates and their deadlines {UNTIMED}" in text
    assert "Submitted by the deadline" not in text and "Median days late" not in text
    doc = Document(io.BytesIO(download(client, "docx").content))
    paragraphs = [paragraph.text for paragraph in doc.paragraphs]
    heading = paragraphs.index("Officers' updates and their deadlines")
    assert paragraphs[heading + 1] == UNTIMED
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert "Submitted by the deadline" not in cells


def test_count_charts_are_one_neutral_colour_and_only_grade_bars_wear_the_grade_colours(demo):
    from actionplans.models.council import COLOURS, NO_GRADE_COLOUR, current_scale
    from reports.annual.data import COUNT_COLOUR

    (printed,) = build_annual_report(2019).printed
    charts = {table.key: table.chart for table in printed.tables if table.chart}
    assert {bar.colour for bar in charts["actions"].rows} == {COUNT_COLOUR}
    assert COUNT_COLOUR not in {level.chart_colour for level in current_scale()}
    grades = {bar.label: bar.colour for bar in charts["on-track"].rows}
    # The council's colour for each grade (the demo's: green, blue).
    assert grades["Fully Achieved"] == COLOURS["green"][1] and grades["On-Track"] == COLOURS["blue"][1]
    assert grades["No update received"] == NO_GRADE_COLOUR
    responses = next(table for table in build_annual_report(2018).printed[0].tables if table.key == "responses").chart
    assert {bar.colour for bar in responses.rows} == {COUNT_COLOUR}


def test_the_committee_dashboard_links_to_its_annual_report_whose_heading_names_the_committee(demo, councillor):
    client = reader(councillor)
    dashboard = client.get(reverse("committee_dashboard", args=["crime-and-disorder"])).content.decode()
    link = re.search(r'<a class="govuk-link" href="([^"]+)">Scrutiny annual report</a>', dashboard)
    assert link and link.group(1) == reverse("annual_report_latest") + "?committee=crime-and-disorder"
    page = client.get(html.unescape(link.group(1)))
    this_year = MunicipalYear.containing(timezone.localdate()).label
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page.content.decode()).group(1)
    assert html.unescape(h1) == f"Scrutiny annual report {this_year}: Crime and Disorder Select Committee"
    # The picker's years newest first, the one shown chosen.
    years = re.findall(r'<option value="(\d{4})"', page.content.decode())
    assert years == sorted(years, reverse=True)


def test_the_picker_takes_the_reader_to_the_year_and_committee_chosen(demo, councillor):
    response = reader(councillor).get(
        reverse("annual_report_latest"), {"year": "2018", "committee": "crime-and-disorder"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("annual_report", args=[2018]) + "?committee=crime-and-disorder"
    text = page_text(reader(councillor).get(response["Location"]))
    assert "Reviews completed 1" in text
    assert 'id="section-2"' not in response_text(reader(councillor).get(response["Location"]))  # no council total
    assert reader(councillor).get(reverse("annual_report", args=[2019]), {"committee": "nope"}).status_code == 404
    assert reader(councillor).get(reverse("annual_report", args=[1999])).status_code == 404


def download(client, fmt, **query):
    response = client.get(reverse("annual_report_file", args=[2019, fmt]), query)
    assert response.status_code == 200
    return response


def posted(client, fmt, **data):
    """What the page's download form sends: a post, so a long agenda header
    stays out of the address."""
    response = client.post(reverse("annual_report_file", args=[2019, fmt]), data)
    assert response.status_code == 200
    return response


def test_the_pdf_reads_like_a_council_paper_with_the_figures(demo, councillor):
    from pypdf import PdfReader

    response = download(reader(councillor), "pdf")
    assert response["Content-Disposition"] == 'attachment; filename="scrutiny-annual-report-2019-20.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Scrutiny annual report 2019/20" in text and "Municipal year: 1 May 2019 to 30 April 2020" in text
    for figure in (
        "Signed off 12",
        "Closed, not achieved 1",
        "Still open 3",
        "Actions in the latest progress update 16",
        "88%",
    ):
        assert figure in text, figure
    # All 16 updates loaded as received: one sentence, not a table of 0, 0, 16, –, –.
    assert UNTIMED in text and "Submitted by the deadline" not in text


def test_a_committees_pdf_names_it_in_its_title_and_section_heading_only(demo, councillor):
    from pypdf import PdfReader

    response = download(reader(councillor), "pdf", committee="crime-and-disorder")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Scrutiny annual report 2019/20: Crime and Disorder Select Committee" in text
    assert "Select Committee:" not in text  # the title says it
    assert text.count("Crime and Disorder Select Committee") == 2
    # The council's report still lists its committees under the title.
    whole = PdfReader(io.BytesIO(download(reader(councillor), "pdf").content)).pages[0].extract_text()
    assert "Select Committee: Crime and Disorder Select Committee" in re.sub(r"\s+", " ", whole)


def test_the_downloads_take_the_agenda_header_first_page_and_draft_as_the_progress_update_does(demo, clerk):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = reader(clerk)
    page = client.get(reverse("annual_report", args=[2019]))
    for label in ("Agenda header (optional)", "Number of the first page (optional)", "Mark every page DRAFT"):
        assert label in page_text(page), label
    # The form posts (issue 28: a long agenda header went into the address).
    assert f'<form method="post" action="{reverse("annual_report_file", args=[2019, "pdf"])}"' in response_text(page)
    options = {"agenda_header": "Agenda Item 8:  Appendix 1", "first_page": "23", "draft": "on"}

    pdf = PdfReader(io.BytesIO(posted(client, "pdf", **options).content))
    first = pdf.pages[0].extract_text()
    assert "DRAFT – Agenda Item 8: Appendix 1" in first and "Page 23" in first
    assert pdf.page_labels[0] == "23"
    # Compact: the year's figures with the reviews' lines and how they are
    # counted on two pages at most, and no near-empty cover page.
    assert len(pdf.pages) <= 2
    assert "Signed off" in first

    doc = Document(io.BytesIO(download(client, "docx", **options).content))
    assert doc.sections[0].header.paragraphs[0].text == "DRAFT – Agenda Item 8: Appendix 1"
    workbook = load_workbook(io.BytesIO(download(client, "xlsx", **options).content))
    # DRAFT as the Progress Update's spreadsheet says it: its sheet's name and title.
    assert workbook.sheetnames == ["DRAFT Annual report", "Review by review", "How the figures are counted"]
    assert workbook["DRAFT Annual report"]["A1"].value == "DRAFT – Scrutiny annual report 2019/20"
    # Every sheet prints with the agenda header, DRAFT and the pack's page numbers.
    for sheet in workbook.worksheets:
        assert "DRAFT – Agenda Item 8: Appendix 1" in sheet.oddHeader.center.text, sheet.title
        assert sheet.oddFooter.center.text == "Page &P", sheet.title
        assert sheet.page_setup.firstPageNumber == 23, sheet.title
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4
    plain = load_workbook(io.BytesIO(download(client, "xlsx").content))
    assert (
        plain.sheetnames[0] == "Annual report"
        and plain["Annual report"]["A1"].value == "Scrutiny annual report 2019/20"
    )
    assert plain["Review by review"].oddHeader.center.text == "Scrutiny annual report 2019/20"

    # Without any, the report's own title heads the pages.
    doc = Document(io.BytesIO(download(client, "docx").content))
    assert doc.sections[0].header.paragraphs[0].text == "Scrutiny annual report 2019/20"

    # A page number that is not one: the page again, saying what to correct,
    # with the committee the form posted still chosen.
    response = posted(client, "pdf", first_page="x", committee="crime-and-disorder")
    assert response["Content-Type"].startswith("text/html")
    assert "Enter the first page number as a whole number, like 23" in page_text(response)
    assert "Scrutiny annual report 2019/20: Crime and Disorder Select Committee" in page_text(response)


def test_only_the_clerk_is_offered_draft_on_the_annual_report(demo, councillor):
    from docx import Document

    client = reader(councillor)
    page = page_text(client.get(reverse("annual_report", args=[2019])))
    assert "Agenda header (optional)" in page and "Mark every page DRAFT" not in page
    # Asked for in the address or a post, a councillor's copy still has no DRAFT.
    for response in (
        download(client, "docx", agenda_header="Item 8", draft="on"),
        posted(client, "docx", agenda_header="Item 8", draft="on"),
    ):
        assert Document(io.BytesIO(response.content)).sections[0].header.paragraphs[0].text == "Item 8"


def test_the_pdf_charts_labels_are_no_larger_than_its_table_text(demo, councillor):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(download(reader(councillor), "pdf").content))
    sizes = {}

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            # The size as printed: the font size scaled by the text and the page's matrices.
            scale = (tm[0] * cm[0] + tm[1] * cm[2]) if tm and cm else 1
            sizes.setdefault(text.strip(), []).append(abs(font_size * scale))

    for page in pdf.pages:
        page.extract_text(visitor_text=visitor)
    table_text = max(sizes["Figure"])
    assert table_text == pytest.approx(10, abs=0.6)
    # A chart's label: the bar's, printed beside the table's row of the same words.
    chart_label = min(sizes["Signed off"])
    assert chart_label <= table_text


def test_the_word_document_has_the_figures_in_its_tables(demo, councillor):
    from docx import Document

    doc = Document(io.BytesIO(download(reader(councillor), "docx").content))
    assert doc.paragraphs[0].text == "Scrutiny annual report 2019/20"
    rows = {tuple(cell.text for cell in row.cells) for table in doc.tables for row in table.rows}
    for figure in (
        ("Signed off", "12"),
        ("Closed, not achieved", "1"),
        ("Still open", "3"),
        ("Actions in the latest progress update", "16"),
    ):
        assert figure in rows, figure


def test_the_spreadsheet_has_a_row_per_figure_with_the_number_as_a_number(demo, councillor):
    from openpyxl import load_workbook

    response = download(reader(councillor), "xlsx", committee="crime-and-disorder")
    assert response["Content-Disposition"].endswith('2019-20-crime-and-disorder.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content))["Annual report"]
    assert sheet["A1"].value == "Scrutiny annual report 2019/20: Crime and Disorder Select Committee"
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Annual report"]
    header = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Select Committee")
    assert header == ("Select Committee", "Section", "Figure", "Number", "Note")
    cells = {(row[0].value, row[2].value): row for row in sheet.iter_rows() if len(row) > 2 and row[2].value}
    committee = "Crime and Disorder Select Committee"
    assert cells[committee, "Signed off"][3].value == 12 and cells[committee, "Closed, not achieved"][3].value == 1
    assert cells[committee, "Still open"][3].value == 3
    share = cells[committee, "Share On-Track or Fully Achieved"][3]
    assert share.value == pytest.approx(14 / 16) and share.number_format == "0%"
    # No dash for a figure there is none of: a blank cell.
    assert all(row[3].value != "–" for row in cells.values())
    assert cells[committee, "Median days late"][3].value is None
    # Every table's note beside its first figure, its noughts still counted.
    assert "Hate Crime, March 2020" in cells[committee, "Actions in the latest progress update"][4].value
    assert cells[committee, "Revised target dates granted"][3].value == 0
    # Where the page prints one sentence instead of a table, the sheet keeps
    # the noughts and says the sentence beside them.
    assert cells[committee, "Reviews completed"][3].value == 0
    assert cells[committee, "Reviews completed"][4].value == "No review was completed in 2019/20."
    assert cells[committee, "Recommendations accepted"][4].value == (
        "No executive response was due: no review was completed in 2019/20."
    )
    assert cells[committee, "Revised target dates granted"][4].value == (
        "No revised target date was granted in 2019/20."
    )
    assert cells[committee, "Submitted by the deadline"][4].value == UNTIMED
    assert cells[committee, "Recorded without an online submission"][3].value == 16
    lines = list(workbook["Review by review"].iter_rows(values_only=True))
    assert lines[0][:3] == ("Select Committee", "Review", "Recommendations made")
    assert lines[1][:2] == (committee, "Hate Crime") and lines[1][4:7] == (12, 1, 3)
    assert lines[1][7] == pytest.approx(14 / 16)
    assert workbook["How the figures are counted"]["A2"].value.startswith("Every figure is counted")


def test_an_unknown_format_is_not_found(demo, councillor):
    assert reader(councillor).get(reverse("annual_report_file", args=[2019, "html"])).status_code == 404


def test_the_renderers_never_touch_the_database(demo, django_assert_num_queries):
    from reports.documents import render_document

    report = build_annual_report(2019)
    with django_assert_num_queries(0):
        for fmt in ("pdf", "docx", "xlsx", "html"):
            assert render_document("annual_report", report, fmt)


# Queries -----------------------------------------------------------------------------------


def council_with(actions: int):
    """A committee whose review was completed in 2019/20 and whose March 2020
    update (with its decisions published) carried `actions` actions, some
    submitted late, some with revised targets."""
    clerk = get_user_model().objects.filter(username="annual.clerk").first() or make_user("annual.clerk", "Clerk")
    committee = make_committee()
    review = make_review(committee=committee, report_agreed=D(2019, 6, 3), report_to_executive=D(2019, 6, 10))
    march = make_round(review, 2020, 3)
    with standing_written_once():
        entries = []
        for n in range(actions):
            rec = make_recommendation(review)
            entries.append(
                make_entry(make_action(rec, sub_action=make_sub_action(rec) if n % 2 else None), march, grade=1 + n % 4)
            )
    for n, entry in enumerate(entries):
        action = entry.action
        if n % 3 == 0:
            TargetRevision.objects.create(
                action=action,
                target_month=D(2021, 3, 1),
                reason="Slipped.",
                status="accepted",
                applies_from=march.period,
            )
        if n % 5 == 0:  # a submission in its history, a few days late
            ProgressEntry.history.model.objects.create(
                id=entry.pk,
                action_id=action.pk,
                round_id=march.pk,
                status=ProgressEntry.Status.SUBMITTED,
                history_date=timezone.make_aware(datetime.datetime(2020, 2, 20 + n % 7, 10)),
                history_type="~",
            )
    review.record_responses(
        [ResponsePlan(n, "accepted", responded_on=D(2019, 7, 1)) for n in range(1, actions + 1)],
        by=clerk,
        version=review.version,
    )
    review.refresh_from_db()
    review.publish_responses(by=clerk, version=review.version)
    decide(march, by=clerk)
    return committee


@pytest.mark.parametrize("query", [False, True])
def test_the_page_makes_as_many_queries_for_500_actions_as_for_5(councillor, query):
    client = reader(councillor)

    def queries(committee):
        params = {"committee": committee.slug} if query else {}
        url = reverse("annual_report", args=[2019])
        client.get(url, params)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(captured), response

    small, page = queries(council_with(5))
    assert "Recommendations made 5" in page_text(page)
    large, page = queries(council_with(500))
    text = page_text(page)
    assert (
        "Recommendations made 500" in text
        and "Actions in the latest progress update 500" in text
        and "Revised target dates granted 167" in text
    )
    assert small == large
