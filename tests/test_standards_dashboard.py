"""The frameworks of standards as readers read them: the list, a framework
as printed, and its dashboard (per standard how many characteristics are
Met, Partly met, Not met, Not assessed; the trend over the area's published
assessments; the open gaps and their actions' latest status), narrowed by
filters in the address, in as many queries for 500 characteristics as for 5."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.access import readable_assessments
from actionplans.models import Assessment, Framework, Partnership
from actionplans.models.council import council
from reports.standards.dashboard import areas_of, build_standards_dashboard
from tests.documents import assert_in_order
from tests.factories import make_assessments, make_framework

pytestmark = pytest.mark.django_db

SLUG = "north-east-hate-incident-standards"


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return html.replace("&#x27;", "'").replace("&amp;", "&").replace(" :", ":")


def table_rows(response, caption_start):
    """The rows of the table whose caption starts so: [[heading, n, n, ...], ...]."""
    html = response.content.decode()
    at = html.index(f'<caption class="govuk-table__caption govuk-table__caption--s">{caption_start}')
    body = html[at : html.index("</table>", at)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def dashboard_url(**query):
    url = reverse("standards_dashboard", args=[SLUG])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def framework(demo):
    return Framework.objects.get(slug=SLUG)


@pytest.fixture
def published(framework):
    return framework.assessments.get()


def start_from(published, clerk, *, on=datetime.date(2021, 3, 1), changes=()):
    """A new assessment from the demo's, each of `changes` ((standard,
    letter, rating, gap)) recorded."""
    draft = Assessment.objects.start(framework=published.framework, assessed_on=on, start_from=published, by=clerk)
    for number, letter, rating, gap in changes:
        response = draft.responses.get(characteristic__standard__number=number, characteristic__letter=letter)
        response.record(
            by=clerk, version=response.version, response=response.response, rating=rating, evidence="", gap=gap
        )
    return draft


# The dashboard's numbers ----------------------------------------------------------


def test_the_demo_assessment_is_counted_by_standard_as_the_seed_rates_it(
    rated_assessment, framework, published, councillor
):
    built = build_standards_dashboard(framework, assessment=published, published=[published], reader=councillor)
    counts = {mix.heading: {bar.label: bar.count for bar in mix.bars} for mix in built.by_standard.rows}
    # fixtures/standards.toml: 1 A, B, C Met, D Not met; 2 A, B, E, I Met,
    # D, H Partly met, C, F, G Not met; 3 A Partly met.
    assert counts == {
        "1. Third Party Reporting": {"Met": 3, "Partly met": 0, "Not met": 1, "Not assessed": 0},
        "2. Hate Incident Case Management": {"Met": 4, "Partly met": 2, "Not met": 3, "Not assessed": 0},
        "3. Prevention Activity": {"Met": 0, "Partly met": 1, "Not met": 0, "Not assessed": 0},
    }
    assert {bar.label: bar.count for bar in built.whole.bars} == {
        "Met": 7, "Partly met": 3, "Not met": 4, "Not assessed": 0,
    }  # fmt: skip


def test_a_councillor_sees_the_counts_per_standard_in_a_table_and_the_chart(
    rated_assessment, client, councillor, published
):
    client.force_login(councillor)
    response = client.get(dashboard_url())
    assert response.status_code == 200
    assert table_rows(response, "Characteristics by rating in each standard") == [
        ["Standard", "Met", "Partly met", "Not met", "Not assessed", "Characteristics"],
        ["1. Third Party Reporting", "3", "0", "1", "0", "4"],
        ["2. Hate Incident Case Management", "4", "2", "3", "0", "9"],
        ["3. Prevention Activity", "0", "1", "0", "0", "1"],
        ["All standards", "7", "3", "4", "0", "14"],
    ]
    page = text(response)
    assert "Stockton-on-Tees Borough Council: assessment of 1 October 2009 (illustrative)" in page
    # The chart says its numbers in words too, never by colour alone.
    assert "Standard 2: 9 characteristics" in page
    assert "2. Hate Incident Case Management: 4 Met, 2 Partly met, 3 Not met, 0 Not assessed" in page


def test_with_one_published_assessment_the_dashboard_says_there_is_no_trend_yet(client, councillor, published):
    client.force_login(councillor)
    page = text(client.get(dashboard_url()))
    assert (
        "Only one of Stockton-on-Tees Borough Council’s assessments is published (1 October 2009 (illustrative))"
        in page
    )
    assert "Characteristics by rating in each published assessment" not in page


def test_the_trend_counts_each_published_assessment_and_not_a_draft(
    rated_assessment, client, councillor, clerk, published
):
    later = start_from(published, clerk, changes=[(1, "D", "met", ""), (2, "C", "partly_met", "Some agreed.")])
    later.publish(by=clerk)
    start_from(later, clerk, on=datetime.date(2021, 6, 1), changes=[(2, "F", "met", "")])  # a draft
    client.force_login(councillor)
    response = client.get(dashboard_url())
    assert table_rows(response, "Characteristics by rating in each published assessment") == [
        ["Assessment", "Met", "Partly met", "Not met", "Not assessed", "Characteristics"],
        ["1 October 2009 (illustrative)", "7", "3", "4", "0", "14"],
        ["1 March 2021", "8", "4", "2", "0", "14"],
    ]
    # The latest published is shown by default, not the clerk's draft.
    assert "assessment of 1 March 2021" in text(response)
    assert "1 June 2021" not in text(response)


def test_the_open_gaps_are_listed_with_their_actions_latest_status_or_no_action_yet(
    rated_assessment, client, councillor, published
):
    from actionplans.models import PartnershipAction

    words_of_3_3 = PartnershipAction.objects.get(
        theme__plan__slug="hate-crime-action-plan-2018-2019", number="3.3"
    ).text.split(".")[0]
    client.force_login(councillor)
    page = text(client.get(dashboard_url()))
    gaps = page[page.index("Open gaps") :]
    assert "7 characteristics Partly met or Not met in this assessment, 4 with no action yet" in gaps
    assert_in_order(
        gaps,
        [
            "1 D Not met",
            "Neither the third party reporting mechanisms",
            # A partnership action named with its words, not its number alone (issue 28).
            f"Hate Crime Action Plan 2018–2019, 3.3 {words_of_3_3}",
            "2 C Not met",
            "No action yet",
            "2 D Partly met",
            "No action yet",
            "2 F Not met",
            "No action yet",
            "2 G Not met",
            "No action yet",
            "2 H Partly met",
            "Hate Crime review, Recommendation 1 b) Greater publicity for successful prosecutions",
            "1, March 2020",
            "3 A Partly met",
            "Recommendation 1 a) Groups with protected characteristics",
        ],
    )
    assert gaps.count("No action yet") == 4
    # Met characteristics are not gaps.
    assert "1 A" not in gaps and "2 I" not in gaps


def test_a_gap_whose_action_has_no_published_update_says_so(rated_assessment, clerk, framework, published):
    from tests.factories import make_partnership_plan

    plan = make_partnership_plan(by=clerk, name="Gap Plan", slug="gap-plan")
    draft = start_from(published, clerk)
    response = draft.responses.get(characteristic__standard__number=2, characteristic__letter="C")
    response.record(
        by=clerk, version=response.version, response=response.response, rating="not_met", evidence="",
        gap=response.gap, actions=[plan.actions().get(number="1.2")],
    )  # fmt: skip
    built = build_standards_dashboard(framework, assessment=draft, published=[published], reader=clerk)
    line = next(gap for gap in built.gaps if gap.label == "2 C")
    assert [(a.action.name, a.action.status, a.tag) for a in line.actions] == [
        ("Gap Plan Plan 2018–2019, 1.2", "No update received", "grey")
    ]


# Filters ------------------------------------------------------------------------


def test_a_clerk_may_choose_a_draft_and_sees_it_marked_draft(rated_assessment, client, clerk, published):
    draft = start_from(published, clerk, changes=[(1, "D", "met", "")])
    client.force_login(clerk)
    page = text(client.get(dashboard_url()))
    assert "Stockton-on-Tees Borough Council, 1 March 2021 (draft)" in page  # offered
    assert "assessment of 1 October 2009 (illustrative)" in page  # the latest published by default
    response = client.get(dashboard_url(assessment=draft.pk))
    page = text(response)
    assert "assessment of 1 March 2021 Draft" in page
    assert table_rows(response, "Characteristics by rating in each standard")[1] == [
        "1. Third Party Reporting", "4", "0", "0", "0", "4",
    ]  # fmt: skip


def test_a_councillor_asking_for_a_draft_is_told_to_choose_one_listed(client, councillor, clerk, published):
    draft = start_from(published, clerk)
    client.force_login(councillor)
    response = client.get(dashboard_url(assessment=draft.pk))
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page and "Choose one of the assessments listed" in page
    assert "1 March 2021" not in page
    assert "Correct the filters to see the dashboard" in page


@pytest.mark.parametrize(
    "query, message",
    [
        ({"area": "nowhere"}, "Choose the council or a partnership from the list of areas assessed"),
        ({"assessment": "x"}, "Choose one of the assessments listed"),
        ({"assessment": "999999"}, "Choose one of the assessments listed"),
    ],
)
def test_a_bad_filter_is_explained_not_a_server_error(client, councillor, published, query, message):
    client.force_login(councillor)
    response = client.get(dashboard_url(**query))
    assert response.status_code == 200
    assert message in text(response)
    assert "<title>Error:" in response.content.decode()


def test_an_area_and_another_areas_assessment_are_told_apart(client, clerk, framework, published):
    partnership = Partnership.objects.add(name="Tees Hate Crime Partnership", by=clerk)
    theirs = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2020, 1, 6), partnership=partnership, by=clerk
    )
    theirs.publish(by=clerk)
    client.force_login(clerk)
    # By default: the area whose latest published assessment is the latest.
    assert "Tees Hate Crime Partnership: assessment of 6 January 2020" in text(client.get(dashboard_url()))
    page = text(client.get(dashboard_url(area="council")))
    assert "Stockton-on-Tees Borough Council: assessment of 1 October 2009 (illustrative)" in page
    page = text(client.get(dashboard_url(area="council", assessment=theirs.pk)))
    assert "That assessment is of Tees Hate Crime Partnership, not Stockton-on-Tees Borough Council" in page
    # The partnership's assessment alone: its area follows.
    response = client.get(dashboard_url(assessment=theirs.pk))
    assert "Tees Hate Crime Partnership: assessment of 6 January 2020" in text(response)
    # Started afresh: nothing assessed yet.
    assert table_rows(response, "Characteristics by rating in each standard")[-1] == [
        "All standards", "0", "0", "0", "14", "14",
    ]  # fmt: skip


def test_a_framework_nobody_has_assessed_says_so(client, councillor, clerk, demo):
    Framework.objects.add(title="Another framework", short_title="Another", slug="another", by=clerk)
    client.force_login(councillor)
    response = client.get(reverse("standards_dashboard", args=["another"]))
    assert response.status_code == 200
    assert "No assessment against this framework has been published yet" in text(response)


def test_an_unknown_framework_is_not_found(client, councillor, demo):
    client.force_login(councillor)
    assert client.get(reverse("standards_dashboard", args=["no-such-framework"])).status_code == 404


# The frameworks and a framework's page -----------------------------------------------


def test_the_frameworks_list_names_each_framework_its_issuer_and_assessments(
    rated_assessment, client, councillor, clerk, published
):
    start_from(published, clerk)
    framework = published.framework
    # Seed 003 names no issuing body: the clerk names one.
    framework.change_details(
        title=framework.title,
        short_title=framework.short_title,
        issued_by="North East Community Cohesion Learning Network",
        by=clerk,
    )
    client.force_login(councillor)
    page = text(client.get(reverse("frameworks")))
    assert_in_order(
        page,
        [
            "North East hate incident standards",
            "Issued by North East Community Cohesion Learning Network",
            "Stockton-on-Tees Borough Council",
            "Assessment of 1 October 2009 (illustrative)",
        ],
    )
    assert "1 March 2021" not in page  # the clerk's draft
    assert "Set up a new framework" not in page and "Start a new assessment" not in page


def test_a_clerk_sees_drafts_tagged_and_the_buttons_to_set_up_and_start(client, clerk, published):
    start_from(published, clerk)
    client.force_login(clerk)
    response = client.get(reverse("frameworks"))
    page = text(response)
    assert "Assessment of 1 March 2021 Draft" in page
    assert "Compare with 1 October 2009 (illustrative)" in page
    html = response.content.decode()
    assert f'href="{reverse("add_framework")}"' in html
    assert f'href="{reverse("start_assessment", args=[SLUG])}"' in html


def test_the_framework_page_prints_the_levels_standards_and_characteristics_in_order(client, councillor, published):
    client.force_login(councillor)
    response = client.get(reverse("framework_detail", args=[SLUG]))
    page = text(response)
    assert_in_order(
        page,
        [
            "Tackling Hate Incidents: North East Standards of Achievable Good Practice for Local Areas",
            "Regional level (defined as the entire North East Government Office region):",
            "Manage regional and national communication",
            "Local level (defined as local authority/CDRP area):",
            "1. Third Party Reporting",
            "To achieve this standard a local area must have a system of third party reporting",
            "Characteristic Function",
            "A Local third party reporting mechanisms are in place",
            "To ensure that all victims of hate incidents have the opportunity to report.",
            "D Third party reporting mechanisms and the links to action",
            "2. Hate Incident Case Management",
            "I Case management group is coordinated with the local (Police, LCJB or other relevant) IAG",
            "3. Prevention Activity",
            "Reducing the level of prejudice",
            "Assessments",
            "Assessment of 1 October 2009 (illustrative)",
        ],
    )
    # The level's "- " lines are bullets.
    assert "<li>Provide a forum for providing support" in response.content.decode()
    assert "Set up this framework" not in page


def test_a_clerk_is_linked_to_set_up_the_framework_and_start_an_assessment(client, clerk, published):
    client.force_login(clerk)
    html = client.get(reverse("framework_detail", args=[SLUG])).content.decode()
    assert f'href="{reverse("framework_setup", args=[SLUG])}"' in html
    assert f'href="{reverse("start_assessment", args=[SLUG])}"' in html


def test_the_dashboards_and_home_pages_link_to_the_standards(client, councillor, demo):
    client.force_login(councillor)
    for url in (reverse("committees"), reverse("home")):
        assert f'href="{reverse("frameworks")}"' in client.get(url).content.decode(), url


# Queries ---------------------------------------------------------------------------


def test_the_pages_make_as_many_queries_for_500_characteristics_as_for_5(client, clerk):
    client.force_login(clerk)
    pages = {}

    def queries(size):
        framework = make_framework(by=clerk, standards=5, characteristics=size, levels=False)
        assessments = make_assessments(framework, by=clerk, count=3)
        counted = {}
        for name, url in (
            ("frameworks", reverse("frameworks")),
            ("framework", reverse("framework_detail", args=[framework.slug])),
            ("dashboard", reverse("standards_dashboard", args=[framework.slug]) + f"?assessment={assessments[1].pk}"),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                pages[url] = client.get(url)
                assert pages[url].status_code == 200
            counted[name] = len(captured)
        return counted, pages[url]

    small, _ = queries(5)
    large, dashboard = queries(500)
    assert small == large
    # The second assessment, built as make_assessments says.
    assert table_rows(dashboard, "Characteristics by rating in each standard")[-1] == [
        "All standards", "126", "124", "125", "125", "500",
    ]  # fmt: skip
    assert len(table_rows(dashboard, "Characteristics by rating in each published assessment")) == 3


def test_the_area_choice_keeps_the_council_first_and_each_areas_newest_first(clerk, framework, published):
    partnership = Partnership.objects.add(name="A Partnership", by=clerk)
    Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2020, 1, 6), partnership=partnership, by=clerk
    )
    start_from(published, clerk)
    areas = areas_of(readable_assessments(clerk).filter(framework=framework))
    assert [(area.name, [a.assessed_on.year for a in area.assessments]) for area in areas] == [
        ("Stockton-on-Tees Borough Council", [2021, 2009]),
        ("A Partnership", [2020]),
    ]


def test_a_framework_with_only_a_draft_shows_it_to_a_clerk_and_nothing_to_a_councillor(client, clerk, councillor):
    framework = make_framework(by=clerk, standards=4, characteristics=4, levels=False)
    make_assessments(framework, by=clerk, count=1)
    url = reverse("standards_dashboard", args=[framework.slug])
    client.force_login(clerk)
    page = text(client.get(url))
    name = council().council_name  # the council's, as its settings name it
    assert f"{name}: assessment of 1 April 2019 Draft" in page
    assert f"None of {name}’s assessments is published yet" in page
    client.force_login(councillor)
    page = text(client.get(url))
    assert "No assessment against this framework has been published yet" in page
    assert "1 April 2019" not in page
