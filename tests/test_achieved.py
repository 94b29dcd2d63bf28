"""Issue 74, item 4 (and item 3's lists): what scrutiny achieved, as the
committee reads it. Each number on the committee's page and in the annual
report opens the rows behind it, and the rows are as many as the number;
the annual report prints the same figures in its four formats; a priority
recommendation nearing its target is listed before the date passes; the
pages make as many queries for 500 recommendations as for 5."""

import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actionplans import roles
from actionplans.models import ImpactInput, RecommendationOutcome, RecommendationPriority
from reports.achieved.watch import watch_list
from tests.documents import page_text, pdf_text
from tests.factories import (
    committee_with,
    decide,
    make_action,
    make_entry,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NEXT_MONTH = (datetime.date.today().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def clerk():
    return make_user("achieved.clerk", roles.CLERK)


@pytest.fixture
def review(clerk):
    """A review reported in June 2020 (2020/21): recommendation 1's actions
    signed off at March 2021's meeting, its outcome implemented with three
    impacts (two evidenced, one "none yet"); recommendation 2 open and a
    priority, due next month; recommendation 3 open."""
    review = make_review(title="Empty homes", report_agreed=D(2020, 6, 15), action_plan_agreed=D(2020, 7, 1))
    first, second, third = (make_recommendation(review, text=f"That the Council does thing {n}.") for n in (1, 2, 3))
    march = make_round(review, 2021, 3)
    make_entry(make_action(first, strand="Loans", target_month=D(2021, 3, 1)), march, grade=1)
    make_entry(make_action(first, strand="Grants", target_month=D(2021, 6, 1)), march, grade=1)
    make_entry(make_action(second, target_month=NEXT_MONTH), march, grade=2)
    make_entry(make_action(third, target_month=D(2030, 1, 1)), march, grade=2)
    decide(march, by=clerk)
    RecommendationOutcome.record(
        first,
        outcome="implemented",
        reason="Both schemes run.",
        impacts=[
            ImpactInput("money", "Empty homes loans repaid.", amount=Decimal("42000"), unit="£", period="a year"),
            ImpactInput("service", "Twelve homes let.", evidence_link="https://example.org/cabinet/2021-04"),
            ImpactInput("none_yet", "Too early to tell for grants."),
        ],
        by=clerk,
        version=0,
    )
    RecommendationPriority.mark(second, priority=True, reason="Residents ask about it.", by=clerk, version=0)
    return review


def linked_numbers(html: str) -> list[tuple[str, int, str]]:
    """Each figure's link on a page: (its address, the number shown, what it counts)."""
    found = re.findall(
        r'<a class="govuk-link" href="(/achieved/\?[^"]+)">([^<]+)<span class="govuk-visually-hidden">: ([^<]+)</span>',
        html,
    )
    return [
        (unescape(url), int(re.match(r"[£\d,]+", shown.strip("£")).group(0).replace(",", "")), what)
        for url, shown, what in found
    ]


def rows_counted(client, url: str) -> int:
    """The count the rows page gives, checked against the rows it lists."""
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    text = page_text(page.content)
    listed = html.count('<tr class="govuk-table__row">') - html.count("<thead")
    if match := re.search(r"(\d+) impacts?, of (\d+) recommendations?", text):
        assert int(match.group(2)) == listed, url
        impacts = html.count("<li>")
        assert int(match.group(1)) == impacts, url
        return int(match.group(1))
    count = int(re.search(r"(\d+) recommendations?, as at", text).group(1))
    assert count == listed, url
    return count


def test_every_number_on_the_committee_page_opens_as_many_rows(review, client):
    client.force_login(make_user("reader.one", roles.COMMITTEE_MEMBER))
    page = client.get(reverse("committee_achieved", args=[review.committee.slug]), {"year": 2020})
    html = page.content.decode()
    text = page_text(page.content)
    for words in (
        "Recommendations made 3",
        "Recommendations completed 1",
        "Recommendations implemented 1",
        "Impacts evidenced: Money saved or spent differently 1",
        "Impacts evidenced: Service to residents 1",
        "£42,000",
        "Completed by their target date 1",
        "Median months to complete 9 months",
    ):
        assert words in text, words
    # "None yet" is not an evidenced impact: neither counted nor a kind listed.
    assert "None yet" not in text
    links = linked_numbers(html)
    assert len(links) >= 10
    for url, number, what in links:
        if what.startswith("Median months"):  # opens the recommendations completed, whose months it is
            assert rows_counted(client, url) == 1 and "Took 9 months" in page_text(client.get(url).content)
        elif what.startswith("Their figures"):  # opens the impacts it sums
            assert rows_counted(client, url) == 1 and "(£42,000 a year)" in page_text(client.get(url).content)
        else:
            assert rows_counted(client, url) == number, (what, url)


def test_the_annual_report_prints_the_same_figures_in_four_formats(review, client):
    client.force_login(make_user("reader.two", roles.COMMITTEE_MEMBER))
    url = reverse("annual_report", args=[2020])
    assert "Recommendations implemented 1" in page_text(client.get(url).content)
    pdf = pdf_text(client.get(reverse("annual_report_file", args=[2020, "pdf"])).content)
    assert "What scrutiny achieved" in pdf and "Recommendations implemented 1" in pdf
    doc = Document(io.BytesIO(client.get(reverse("annual_report_file", args=[2020, "docx"])).content))
    rows = [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
    assert ["Recommendations implemented", "1"] in rows
    assert ["Their figures in £ a year, summed (1 impact)", "£42,000"] in rows
    book = load_workbook(io.BytesIO(client.get(reverse("annual_report_file", args=[2020, "xlsx"])).content))
    cells = [[cell for cell in row] for sheet in book for row in sheet.iter_rows(values_only=True)]
    assert any("Recommendations implemented" in row and 1 in row for row in cells)


def test_a_priority_recommendation_nearing_its_target_is_listed_before_the_date(review, client, settings):
    today = datetime.date.today()
    watch = watch_list([review.committee_id], today)
    assert [row.recommendation.number for row in watch.priority] == [2]
    assert [row.recommendation.number for row in watch.due_soon] == [2]
    assert not watch.overdue
    client.force_login(make_user("reader.three", roles.COMMITTEE_MEMBER))
    text = page_text(client.get(reverse("committee_achieved", args=[review.committee.slug])).content)
    assert "Due within 90 days of their target" in text and "Due by" in text
    # Once the month has passed, it is past its target instead.
    later = watch_list([review.committee_id], NEXT_MONTH + datetime.timedelta(days=40))
    assert [row.recommendation.number for row in later.overdue] == [2] and not later.due_soon
    # The council's settings say how near is near, and how long is long.
    settings.SCRUTINY_DUE_SOON_DAYS, settings.SCRUTINY_LONG_OPEN_MONTHS = 0, (6,)
    watch = watch_list([review.committee_id], today)
    assert not watch.due_soon and watch.long_open_words == "Open 6 months or more"
    assert {row.recommendation.number for row in watch.long_open} == {2, 3}


@pytest.mark.parametrize("name", ["committee_achieved", "achieved_rows", "public_register"])
def test_the_pages_make_as_many_queries_for_500_recommendations_as_for_5(client, name, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    client.force_login(make_user("reader.four", roles.COMMITTEE_MEMBER))
    year = datetime.date.today().year - (datetime.date.today().month < 5)

    def queries(committee):
        if name == "committee_achieved":
            url, query = reverse(name, args=[committee.slug]), {}
        elif name == "public_register":
            url, query = reverse(name), {"committee": committee.slug}
        else:
            url, query = reverse(name), {"year": year, "measure": "open-three-years", "committee": committee.slug}
        client.get(url, query)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, query)
        assert response.status_code == 200
        return len(captured), page_text(response.content)

    small, text = queries(committee_with(5))
    assert re.search(r"Open three years or more 5\b|\b5 recommendations|\b5 of 5 recommendations", text)
    large, text = queries(committee_with(500))
    assert re.search(r"Open three years or more 500|\b500 recommendations|\b500 of 505 recommendations", text)
    assert small == large


def test_the_rounds_chase_list_names_the_recommendations_near_their_target_first_the_priorities(review, clerk, client):
    """Issue 74, item 3: with the round the clerk chases, its review's open
    recommendations past or near their target, before the date passes."""
    from actionplans.models import Round

    round = make_round(review, 2021, 9, status=Round.Status.OPEN)
    client.force_login(clerk)
    text = page_text(client.get(reverse("round_detail", args=[round.pk])).content)
    assert "Recommendations near or past their target" in text
    listed = text.split("Recommendations near or past their target", 1)[1]
    assert listed.index("2 Priority") < listed.index("3 That the Council does thing 3.")
    assert "Due by" in listed


def test_an_unpublished_rejection_leaves_it_open_and_exempt_words_stay_with_those_who_read_them(review, clerk, client):
    """A review's second look: a rejection counts once the responses are
    published (before, every reader sees it open); an exempt
    recommendation's words and impacts read as its notice to a member."""
    from actionplans.models import ExemptParagraph, ResponsePlan
    from reports.achieved.ledger import read_ledger

    other = make_review(
        title="Parks", report_agreed=D(2020, 6, 15), report_to_executive=D(2020, 6, 20), committee=review.committee
    )
    make_recommendation(other, text="That the Council sells the park.")
    other.record_responses(
        [ResponsePlan(1, "rejected", reasons="No.", responded_on=D(2020, 8, 1))], by=clerk, version=0
    )
    (row,) = read_ledger(other.recommendations.all(), datetime.date.today())
    assert row.status == "Open" and row.clock.finished is None
    other.refresh_from_db()
    other.publish_responses(by=clerk, version=other.version)
    (row,) = read_ledger(other.recommendations.all(), datetime.date.today())
    assert row.status == "Rejected" and row.clock.finished == D(2020, 8, 1)

    review.recommendations.get(number=1).mark_exempt(ExemptParagraph.CRIME, by=clerk)
    url = reverse("achieved_rows") + "?year=2020&measure=implemented"
    client.force_login(make_user("member.five", roles.COMMITTEE_MEMBER))
    member = page_text(client.get(url).content)
    assert "Exempt information (paragraph 7)" in member and "Empty homes loans repaid." not in member
    client.force_login(clerk)
    assert "Empty homes loans repaid." in page_text(client.get(url).content)
