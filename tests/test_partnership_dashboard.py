"""A partnership plan's dashboard: RAG by theme in the latest published
quarter and over the quarters, the actions Red or past their target date,
narrowed by filters in the address; counted from published quarters'
approved updates alone, in as many queries for 500 actions as for 5."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.access import published_quarters
from actionplans.roles import PARTNER_LEAD
from reports.partnership.dashboard import build_partnership_dashboard
from tests.conftest import built_once
from tests.factories import a_clerk, make_partnership_plan, make_user, publish_partnership_quarter

pytestmark = pytest.mark.django_db

Q2, Q3, Q4 = datetime.date(2018, 7, 1), datetime.date(2018, 10, 1), datetime.date(2019, 1, 1)
Q1_2019 = datetime.date(2019, 4, 1)


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


@pytest.fixture
def plan(clerk):
    """Two themes of three actions (1.1, 1.3, 2.2 led by OPCC; 1.2, 2.1, 2.3
    by MeSign). Q2 2018: 1.3's update submitted but never approved, 2.3's
    never written. Q3 2018: 2.3's again missing. Q4 2018 open, 1.1's update
    already approved Green in it."""
    plan = make_partnership_plan(by=clerk, themes=2, name="Hate Crime Group", slug="hate-crime-plan")
    publish_partnership_quarter(plan, Q2, {"1.1": "green", "1.2": "red", "2.1": "complete", "2.2": "green"}, by=clerk)
    q2 = plan.quarters.get()
    update = q2.updates.get(action__number="1.3")
    assert update.status == update.Status.NOT_STARTED
    publish_partnership_quarter(
        plan, Q3, {"1.1": "red", "1.2": "red", "1.3": "green", "2.1": "complete", "2.2": "amber"}, by=clerk
    )
    publish_partnership_quarter(plan, Q4, {"1.1": "green"}, by=clerk, publish=False)
    return plan


def dashboard(plan, user, **kwargs):
    return build_partnership_dashboard(
        plan,
        actions=kwargs.pop("actions", plan.actions()),
        quarters=published_quarters(user, plan),
        **kwargs,
    )


def publish_later_quarters(plan, clerk):
    """Publish Q4 2018 (January to March 2019: 1.1's Green alone received)
    and Q1 2019 (April to June 2019: none received), by whose end every
    action's target, March 2019, has passed."""
    plan.quarters.get(period=Q4).publish(by=clerk)
    publish_partnership_quarter(plan, Q1_2019, {}, by=clerk)


def counts(mix):
    return {bar.label: bar.count for bar in mix.bars if bar.count}


def test_the_latest_published_quarter_is_counted_by_theme(plan, clerk):
    built = dashboard(plan, clerk)
    assert built.quarter_label == "Q3 2018"  # not the open Q4 2018
    assert [mix.heading for mix in built.by_theme.rows] == ["1. Theme 1", "2. Theme 2"]
    assert [counts(mix) for mix in built.by_theme.rows] == [
        {"Red": 2, "Green": 1},  # 1.1's Green approved in the open quarter does not count
        {"Amber": 1, "Complete": 1, "Not rated": 1},  # 2.3: no update received
    ]
    assert counts(built.whole_plan) == {"Red": 2, "Amber": 1, "Green": 1, "Complete": 1, "Not rated": 1}


def test_the_trend_counts_each_published_quarter_and_an_unapproved_update_as_not_rated(plan, clerk):
    built = dashboard(plan, clerk)
    assert [mix.label for mix in built.trend.rows] == ["Q2 2018", "Q3 2018"]
    assert [counts(mix) for mix in built.trend.rows] == [
        {"Red": 1, "Green": 2, "Complete": 1, "Not rated": 2},
        {"Red": 2, "Amber": 1, "Green": 1, "Complete": 1, "Not rated": 1},
    ]


def test_an_earlier_quarter_chosen_is_counted_and_the_trend_stops_there(plan, clerk):
    q2 = plan.quarters.get(period=Q2)
    built = dashboard(plan, clerk, quarter=q2)
    assert built.quarter_label == "Q2 2018"
    assert [counts(mix) for mix in built.by_theme.rows] == [
        {"Red": 1, "Green": 1, "Not rated": 1},
        {"Green": 1, "Complete": 1, "Not rated": 1},
    ]
    assert [mix.label for mix in built.trend.rows] == ["Q2 2018"]


def test_actions_red_at_their_latest_update_are_listed_with_their_progress(plan, clerk):
    built = dashboard(plan, clerk)  # as at the end of Q3 2018: no target has passed
    assert [(line.number, line.rag_label, line.quarter, line.past_target) for line in built.listed] == [
        ("1.1", "Red", "Q3 2018", False),
        ("1.2", "Red", "Q3 2018", False),
    ]
    assert built.listed[0].progress == "Progress: red."
    assert built.listed[0].leads == "OPCC" and built.listed[0].target == "March 2019"


def test_the_list_is_as_at_the_end_of_an_earlier_quarter_chosen(plan, clerk):
    publish_later_quarters(plan, clerk)  # later updates, and every target past by the end of Q1 2019
    built = dashboard(plan, clerk, quarter=plan.quarters.get(period=Q2))
    # 1.1 was Green in Q2 2018 and 1.2 Red: their later updates do not count.
    assert [(line.number, line.rag_label, line.quarter, line.past_target) for line in built.listed] == [
        ("1.2", "Red", "Q2 2018", False)
    ]
    assert built.listed_total == 1


def test_actions_past_their_target_and_not_complete_are_listed(plan, clerk):
    publish_later_quarters(plan, clerk)
    built = dashboard(plan, clerk)
    # 2.1 is Complete; 2.3 has had no update received.
    assert [(line.number, line.rag_label, line.quarter) for line in built.listed] == [
        ("1.1", "Green", "Q4 2018"),
        ("1.2", "Red", "Q3 2018"),
        ("1.3", "Green", "Q3 2018"),
        ("2.2", "Amber", "Q3 2018"),
        ("2.3", "No update received", ""),
    ]
    assert built.listed_total == 5
    assert all(line.past_target for line in built.listed)
    assert built.listed[-1].progress == ""


def test_an_action_is_past_its_target_once_its_target_month_ended_before_the_quarters_end(plan, clerk):
    from actionplans.models import PartnershipAction

    theme = plan.themes.get(label="1")
    for number, month in [("1.8", datetime.date(2018, 8, 1)), ("1.9", datetime.date(2018, 9, 1))]:
        theme.add_action(number=number, text=f"Action {number}", target_month=month, by=clerk)
    q2, q3 = plan.quarters.get(period=Q2), plan.quarters.get(period=Q3)
    past = PartnershipAction.objects.filter(theme__plan=plan).past_target
    # Q2 2018 ends with September 2018: August has ended before it, September not.
    assert [action.number for action in past(q2)] == ["1.8"]
    assert [action.number for action in past(q3)] == ["1.8", "1.9"]
    # March 2019, the last month of Q4 2018, is past only at the end of Q1 2019.
    publish_later_quarters(plan, clerk)
    assert "1.1" not in [action.number for action in past(plan.quarters.get(period=Q4))]
    assert "1.1" in [action.number for action in past(plan.quarters.get(period=Q1_2019))]


def test_the_list_is_paged(plan, clerk):
    publish_later_quarters(plan, clerk)
    built = dashboard(plan, clerk, page=slice(2, 4))
    assert built.listed_total == 5
    assert [line.number for line in built.listed] == ["1.3", "2.2"]


def test_a_plan_without_a_published_quarter_says_so(clerk):
    plan = make_partnership_plan(by=clerk, slug="new-plan")
    built = dashboard(plan, clerk)
    assert built.by_theme is None and built.quarter_label == ""
    page = text(reader().get(reverse("partnership_dashboard", args=[plan.slug])))
    assert "No quarter of this plan is published yet." in page


def reader(user=None):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(user or get_user_model().objects.get(username="clerk.test"))
    return client


def test_the_page_shows_the_charts_with_their_numbers_as_text(plan, councillor):
    response = reader(councillor).get(reverse("partnership_dashboard", args=[plan.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 2
    page = text(response)
    assert "RAG by theme, Q3 2018 (October to December 2018)" in page
    # The chart's words, and its table: every RAG by its word.
    assert "Theme 1: 3 actions" in page and "Red 2" in page and "Not rated 1" in page
    assert "All themes 2 1 1 1 1 6" in page
    assert "Q2 2018 1 0 2 1 2 6" in page
    assert "Red or past their target date, as at the end of Q3 2018 (October to December 2018)" in page
    assert "2 actions Red at their latest update received by then, or past their target date" in page
    assert "Progress: red." in page and "Past its target" not in page


def test_the_list_follows_the_quarter_chosen_and_not_today(plan, clerk, councillor):
    publish_later_quarters(plan, clerk)
    url = reverse("partnership_dashboard", args=[plan.slug])
    page = text(reader(councillor).get(url))
    assert "5 actions Red at their latest update received by then" in page and "Past its target" in page
    page = text(reader(councillor).get(url, {"quarter": plan.quarters.get(period=Q2).pk}))
    assert "as at the end of Q2 2018 (July to September 2018)" in page
    assert "1 action Red at its latest update received by then" in page and "Past its target" not in page


def test_filters_in_the_address_narrow_the_charts_and_the_list(plan, councillor):
    theme2 = plan.themes.get(label="2")
    mesign = plan.partnership.organisations.get(short_name="MeSign")
    url = reverse("partnership_dashboard", args=[plan.slug])
    page = text(reader(councillor).get(url, {"theme": theme2.pk})).split("RAG by theme")[1]  # after the filters
    assert "2. Theme 2 0 1 0 1 1 3" in page and "Theme 1" not in page
    page = text(reader(councillor).get(url, {"lead": mesign.pk}))
    assert "1. Theme 1 1 0 0 0 0 1" in page  # 1.2
    assert "2. Theme 2 0 0 0 1 1 2" in page  # 2.1 Complete, 2.3 none
    page = text(reader(councillor).get(url, {"rag": "red"}))
    assert "All themes 2 0 0 0 0 2" in page
    q2 = plan.quarters.get(period=Q2)
    page = text(reader(councillor).get(url, {"quarter": q2.pk, "rag": "none"}))
    assert "RAG by theme, Q2 2018" in page and "All themes 0 0 0 0 2 2" in page


def test_the_filters_built_from_the_address_are_those_of_the_builder(plan, councillor):
    from reports.partnership.filters import PartnershipActionFilter

    quarters = published_quarters(councillor, plan)
    filterset = PartnershipActionFilter({"rag": "red"}, queryset=plan.actions(), plan=plan, quarters=quarters)
    assert filterset.is_valid()
    assert [a.number for a in filterset.qs] == ["1.1", "1.2"]
    assert filterset.quarter_shown.label == "Q3 2018"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"quarter": "99999"}, "Choose one of the plan’s published quarters"),
        ({"rag": "purple"}, "Choose a RAG status from the list"),
        ({"theme": "x"}, "Choose one of the plan’s themes"),
        ({"lead": "99999"}, "Choose one of the partnership’s organisations"),
        ({"quarter": "open"}, "Choose one of the plan’s published quarters"),
    ],
)
def test_a_bad_filter_value_is_explained(plan, councillor, params, message):
    if params == {"quarter": "open"}:  # the open quarter is nobody's to choose here
        params = {"quarter": plan.quarters.get(period=Q4).pk}
    page = text(reader(councillor).get(reverse("partnership_dashboard", args=[plan.slug]), params))
    assert "There is a problem" in page and message in page
    assert "Select a valid choice" not in page
    assert "Correct the filters to see the dashboard." in page


def test_the_dashboard_is_headed_as_the_plan_page_and_is_under_partnerships_in_the_menu(plan, councillor):
    html = reader(councillor).get(reverse("partnership_dashboard", args=[plan.slug])).content.decode()
    breadcrumbs = html.split('class="govuk-breadcrumbs"')[1].split("</nav>")[0]
    assert reverse("partnership_plans") in breadcrumbs and reverse("partnership_plan", args=[plan.slug]) in breadcrumbs
    heading = html.split('<h1 class="govuk-heading-l">')[1].split("</h1>")[0]
    assert heading == plan.short_title
    assert f'id="printed-title">{plan.title}</p>' in html
    active = html.split("govuk-service-navigation__item--active")[1].split("</a>")[0]
    assert active.endswith(">Partnerships")
    plan_page = reader(councillor).get(reverse("partnership_plan", args=[plan.slug])).content.decode()
    assert plan_page.split('<h1 class="govuk-heading-l">')[1].split("</h1>")[0] == plan.short_title
    assert f'id="printed-title">{plan.title}</p>' in plan_page


def test_the_quarters_offered_are_the_published_ones(plan, councillor):
    html = reader(councillor).get(reverse("partnership_dashboard", args=[plan.slug])).content.decode()
    select = re.search(r'<select[^>]*name="quarter".*?</select>', html, flags=re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]+)</option>", select) == [
        "The latest published",
        "Q3 2018 (October to December 2018)",
        "Q2 2018 (July to September 2018)",
    ]


def test_a_partner_lead_reads_their_own_partnerships_dashboard_only(plan, clerk):
    own = make_user("own.lead", PARTNER_LEAD)
    plan.partnership.organisations.get(short_name="OPCC").members.add(own)
    other_plan = make_partnership_plan(by=clerk, name="Another Group", slug="another-plan")
    stranger = make_user("stranger.lead", PARTNER_LEAD)
    other_plan.partnership.organisations.first().members.add(stranger)
    url = reverse("partnership_dashboard", args=[plan.slug])
    assert reader(own).get(url).status_code == 200
    assert reader(stranger).get(url).status_code == 404
    assert reader(stranger).get(reverse("partnership_dashboard", args=[other_plan.slug])).status_code == 200


def plan_of(actions: int, clerk):
    plan = make_partnership_plan(by=clerk, actions=actions, themes=1)
    publish_partnership_quarter(plan, Q2, {"1.1": "red", "1.2": "green"}, by=clerk)
    publish_partnership_quarter(plan, Q3, {"1.1": "amber", "1.2": "complete"}, by=clerk)
    # Every target, March 2019, past by the end of Q1 2019: all but 1.2 listed.
    publish_partnership_quarter(plan, Q4, {"1.1": "red"}, by=clerk)
    publish_partnership_quarter(plan, Q1_2019, {}, by=clerk)
    return plan


@pytest.fixture(scope="class")
def plans_of_5_and_500(django_db_setup, django_db_blocker, tmp_path_factory):
    """Plans of 5 and 500 actions (plan_of), built once for the class's
    tests (built_once)."""

    def build():
        clerk = a_clerk()
        return {actions: plan_of(actions, clerk) for actions in (5, 500)}

    with built_once(django_db_blocker, tmp_path_factory.mktemp("plans"), build) as plans:
        yield plans


class TestDashboardQueries:
    """Plans of 5 and 500 actions, built once for the class's tests."""

    @pytest.mark.parametrize("params", [{}, {"rag": "none"}, {"rag": "red", "lead": "first"}, {"page": "2"}])
    def test_the_dashboard_makes_as_many_queries_for_500_actions_as_for_5(self, clerk, params, plans_of_5_and_500):
        client = reader(clerk)

        def queries(plan):
            query = dict(params)
            if query.get("lead") == "first":
                query["lead"] = plan.partnership.organisations.first().pk
            if query.get("page") and len(plan.actions()) <= 5:
                query.pop("page")  # one page only
            url = reverse("partnership_dashboard", args=[plan.slug])
            client.get(url, query)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, query).status_code == 200
            return len(captured)

        assert queries(plans_of_5_and_500[5]) == queries(plans_of_5_and_500[500])


def test_a_chart_row_names_a_theme_or_objective_shortly_and_the_table_in_full(clerk):
    from reports.partnership.dashboard import theme_label

    plan = make_partnership_plan(by=clerk, themes=0, slug="objectives")
    objective = plan.add_theme(kind="objective", label="B", title="Long term prevention work", by=clerk)
    untitled = plan.add_theme(kind="theme", label="", title="Working with the many partners of the plan", by=clerk)
    assert theme_label(objective) == "Strategic Objective B"
    assert objective.heading == "Strategic Objective B: Long term prevention work"
    assert theme_label(untitled) == "Working with the many partners of t…"
