"""Committee dashboards: what is on track, what slipped, what changed since
the last meeting, for the councillor who reads them."""

import datetime
import io
import re
from collections import Counter

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import roles
from actionplans.grading import Movement
from actionplans.models import Action, GradingScale, Owner, Round, ScaleGrade, Standing, document_order
from actionplans.models.council import all_scales
from reports.dashboards.committee import LIST_LIMIT, build_committee_dashboard
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
    take_back_advocates,
)

pytestmark = pytest.mark.django_db


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


def councillor_client():
    client = Client()
    client.force_login(get_user_model().objects.get(username="councillor"))
    return client


def grade_key(label: str) -> str:
    """Find actions' grade filter's value for the grade labelled `label`:
    its identity, the same through every version (Scales.groups)."""
    return str(ScaleGrade.objects.filter(label=label, scale__kind="progress").latest("scale__version").identity_id)


def test_march_2020_shows_the_grade_mix_of_seed_001(demo):
    response = councillor_client().get(reverse("action_list"), {"round": "2020-03"})
    page = text(response)
    assert "16 actions" in page
    dashboard = build_committee_dashboard(demo.committee, show_progress=False)
    march = dashboard.reviews[0].trend[0]
    assert march.round_label == "March 2020"
    assert march.by_label == {"1 Fully Achieved": 12, "2 On-Track": 2, "3 Slipped": 1, "4 Not Achieved": 1}


def test_september_2020_shows_the_three_improvements_of_seed_000(demo):
    page = text(councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "As at the September 2020 progress update, compared with March 2020" in page
    # 1 c), closed by the committee in March 2020, is not carried.
    assert "1 Fully Achieved: 3" in page and "No update: 0" in page
    # Graded 1: the officers propose them; the committee has yet to decide.
    assert "Proposed for sign-off 3" in page and "No update received" not in page
    assert "Signed off" not in page
    # Each better than its March grade (2, 4 and 2): a movement of its grade.
    assert "Improved 3" in page and "3 actions improved, 0 worse." in page
    # The trend table carries March 2020's 12, 2, 1, 1 and September's 3.
    assert "March 2020 12 2 1 1 0" in page and "September 2020 3 0 0 0 0" in page


def test_each_chart_has_a_text_alternative_with_its_numbers(demo):
    html = councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])).content.decode()
    svg = re.search(r'<svg class="app-chart__svg[^"]*".*?</svg>', html, flags=re.S).group(0)
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert re.search(
        r"<desc[^>]*>3 1 Fully Achieved, 0 2 On-Track, 0 3 Slipped, 0 4 Not Achieved, 0 No update\.</desc>", svg
    )
    trend = re.search(r'<svg class="app-trend__svg[^"]*".*?</svg>', html, flags=re.S).group(0)
    assert "March 2020: 12 1 Fully Achieved, 2 2 On-Track, 1 3 Slipped, 1 4 Not Achieved, 0 No update." in trend


def test_what_slipped_and_what_is_late_are_listed_with_their_owners(demo):
    march = text(councillor_client().get(reverse("action_list"), {"round": "2020-03", "grade": grade_key("Slipped")}))
    assert "1 action" in march and "1 c)" in march and "All Stockton hate crime group members" in march
    page = text(councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])))
    late = page[page.index("Past their target date") :]
    # 1 c), past its date and Slipped, was closed by the committee in March 2020.
    assert "None: every action past its date is graded Fully Achieved." in late and "1 c)" not in late


def test_the_filters_are_in_the_address_and_combine(demo):
    client = councillor_client()
    vanessa = demo.link_officers.model.objects.get(name="Vanessa Housley")
    page = text(client.get(reverse("action_list"), {"round": "2020-03", "owner": vanessa.pk}))
    assert "3 actions" in page  # 1 a) Schools, 1 e) and Recommendation 2
    page = text(client.get(reverse("action_list"), {"movement": Movement.IMPROVED, "review": "hate-crime"}))
    assert "3 actions" in page and "Errol Parks" in page and "1 c)" not in page
    page = text(client.get(reverse("action_list"), {"overdue": "on"}))
    assert "No action matches these filters." in page  # 1 c) was closed in March 2020
    page = text(client.get(reverse("action_list"), {"round": "2020-03", "decision": "closed"}))
    assert "1 action" in page and "1 c)" in page


def test_the_responsibility_filter_offers_only_people_of_actions_the_reader_may_see(demo, clerk):
    draft = make_review(committee=demo.committee, status="setting_up")
    make_action(make_recommendation(draft), owners=[make_owner("Della Draft")])
    make_owner("Nobody Yet")  # responsible for nothing

    def offered(client):
        html = client.get(reverse("action_list")).content.decode()
        select = re.search(r'<select[^>]*name="owner".*?</select>', html, flags=re.S).group(0)
        return re.findall(r"<option[^>]*>([^<]+)</option>", select)

    names = offered(councillor_client())
    assert "Vanessa Housley" in names and "Della Draft" not in names and "Nobody Yet" not in names
    clerk_client = Client()
    clerk_client.force_login(clerk)
    assert "Della Draft" in offered(clerk_client)  # a clerk sees the drafts' actions too
    page = text(councillor_client().get(reverse("action_list"), {"owner": Owner.objects.get(name="Della Draft").pk}))
    assert "Select a valid choice" in page


def test_a_bad_filter_value_is_explained(demo):
    page = text(councillor_client().get(reverse("action_list"), {"round": "1999-01"}))
    assert "There is a problem" in page and "Select a valid choice" in page


def test_the_filtered_list_downloads_as_a_safe_spreadsheet(demo):
    response = councillor_client().get(
        reverse("action_list"), {"round": "2020-03", "grade": grade_key("Not Achieved"), "download": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="actions.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Review", "Action reference", "Responsibility", "Date", "Latest grade")
    assert (
        len(rows) == 2 and rows[1][2] == "Neil Mitchell" and rows[1][4] == "4"
    )  # as the March 2020 paper printed it (seed 001)
    assert sheet.freeze_panes == "A2"


def test_an_actions_story_has_every_round_and_who_was_responsible(demo):
    action = Action.objects.get(strand__startswith="The development of an on-line form")
    page = text(councillor_client().get(reverse("action_story", args=[action.pk])))
    assert "March 2020 Neil Mitchell" in page and "September 2020 Errol Parks" in page
    # March 2020's grade as seed 001 printed it (its code alone), September's as seed 000.
    assert page.index("Assessment of Progress 4 ") < page.index("Assessment of Progress 1 (Fully Achieved)")
    assert "Unknown at this stage as online approach only recently introduced." in page


def test_a_closed_actions_story_says_why_it_left_monitoring(demo):
    action = Action.objects.get(recommendation__number=1, sub_action__letter="c", strand="")
    page = text(councillor_client().get(reverse("action_story", args=[action.pk])))
    assert (
        "Closed, not achieved, by the committee at its meeting of 12 March 2020 (illustrative): its work moved into "
        "the Hate Crime Group's action plan (illustrative)." in page
    )
    # The decision, its meeting and who recorded it.
    assert "The committee's decisions March 2020 Closed, not achieved" in page
    assert "At the meeting of 12 March 2020 (illustrative) ; recorded by System Administrator." in page
    assert "Signed off" not in page


def test_members_see_only_published_rounds_and_start_from_their_own_committees(demo, councillor):
    Round.objects.filter(period="2020-09-01").update(status=Round.Status.OPEN)
    client = councillor_client()
    page = text(client.get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "As at the March 2020 progress update" in page
    action = Action.objects.get(strand__startswith="The development of an on-line form")
    assert "Errol Parks" not in text(client.get(reverse("action_story", args=[action.pk])))

    # Another committee's published papers are public: a member reads them
    # (its dashboard, its actions), listed after their own committees.
    other = make_review(committee=make_committee("Adult Social Care Select Committee"))
    make_entry(make_action(make_recommendation(other)), make_round(other))
    assert client.get(reverse("committee_dashboard", args=[other.committee.slug])).status_code == 200
    assert client.get(reverse("action_story", args=[other.recommendations.get().actions.get().pk])).status_code == 200
    index = text(client.get(reverse("committees")))
    assert index.index("Your committees") < index.index(demo.committee.name) < index.index("Other committees")
    assert index.index("Other committees") < index.index("Adult Social Care Select Committee")
    # A councillor of no committee sees none.
    client.force_login(councillor)
    assert "You do not sit on a committee." in text(client.get(reverse("committees")))


def test_clerks_also_see_the_current_rounds_progress(demo, clerk):
    action = take_back_advocates()
    keep_open_in_september()
    demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    client = Client()
    client.force_login(clerk)
    page = text(client.get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "March 2021 round, in progress" in page and "Not started: 1" in page
    assert "As at the September 2020 progress update" in page
    assert "in progress" not in text(
        councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug]))
    )
    assert action.entries.count() == 2  # March 2020, and March 2021's pending one


class TestDashboardQueries:
    """Committees of 5 and 500 actions, built once for the class's tests."""

    @pytest.mark.parametrize(
        "page, filters",
        [
            ("committee_dashboard", {}),
            ("action_list", {"movement": "worse"}),
            ("action_list", {"decision": "awaiting"}),
            ("action_list", {"decision": "carried"}),
            ("action_list", {"revisions": "more"}),
        ],
    )
    def test_dashboard_pages_make_as_many_queries_for_500_actions_as_for_5(
        self, page, filters, clerk, committees_of_5_and_500
    ):
        client = Client()
        client.force_login(clerk)

        def queries(committee):
            url = reverse(page, args=[committee.slug]) if page == "committee_dashboard" else reverse("action_list")
            params = {} if page == "committee_dashboard" else {"committee": committee.slug, **filters}
            client.get(url, params)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, params).status_code == 200
            return len(captured)

        assert queries(committees_of_5_and_500[5]) == queries(committees_of_5_and_500[500])


class TestTheStoredStandingFollowsTheRules:
    """Each published round's stored standing carries the actions the carry-
    forward rule (Action.is_carried_into) says it carries, and check_standing
    finds every row as the rules make it."""

    def agree(self, review):
        for round in review.rounds.filter(status=Round.Status.PUBLISHED):
            rule = {a.pk for a in Action.objects.carried_into(round)}
            assert set(round.standings.values_list("action", flat=True)) == rule, round.label
        call_command("check_standing", stdout=io.StringIO())

    def test_on_the_demo_review(self, demo):
        self.agree(demo)

    def test_with_actions_kept_open_closed_signed_off_and_undecided(self):
        review = make_review()
        march = make_round(review, 2020, 3)
        rec = make_recommendation(review)
        kept = make_action(rec)
        closed = make_action(rec, sub_action=make_sub_action(rec, "a"))
        plain = make_action(rec, sub_action=make_sub_action(rec, "b"))
        for action in (kept, closed, plain):
            make_entry(action, march, grade=1 if action is not closed else 4)
        decide(march, kept_open=["1"])
        september = make_round(review, 2020, 9)
        decide(september, closed={"1 a)": "transferred to the Hate Crime Group's action plan"})
        march_21 = make_round(review, 2021, 3)
        undecided = make_action(rec, sub_action=make_sub_action(rec, "c"))
        make_entry(undecided, march_21, grade=1)
        self.agree(review)
        assert {a.pk for a in Action.objects.carried_into(march_21)} == {kept.pk, undecided.pk}
        assert {a.pk for a in Action.objects.carried_into(make_round(review, 2021, 9))} == {kept.pk, undecided.pk}

    def test_with_a_recommendation_the_executive_rejected(self):
        from actionplans.models import ExecutiveResponse

        review = make_review()
        accepted, rejected = make_recommendation(review), make_recommendation(review)
        ExecutiveResponse.objects.create(
            recommendation=rejected,
            response="rejected",
            reasons="Not affordable.",
            responded_on=datetime.date(2019, 2, 1),
        )
        march = make_round(review, 2020, 3)
        monitored = make_action(accepted)
        not_monitored = make_action(rejected)
        for action in (monitored, not_monitored):
            make_entry(action, march, grade=2)
        self.agree(review)
        assert {a.pk for a in Action.objects.carried_into(march)} == {monitored.pk}
        dashboard = build_committee_dashboard(review.committee, show_progress=False)
        assert dashboard.reviews[0].trend[0].by_label == {"2 On-Track": 1}


def test_a_councillor_sees_no_month_of_a_drafts_imported_round_anywhere(demo, clerk, councillor, officer, client):
    from actionplans.importing import saving
    from actionplans.importing.plan import ImportedAction, ImportedEntry, ImportedPlan

    july_2015 = datetime.date(2015, 7, 1)
    draft = make_review(title="Draft plan", committee=demo.committee, status="setting_up")
    plan = ImportedPlan(file_name="old-tracker.xlsx", recommendations={1: "That the council acts."})
    plan.actions = [
        ImportedAction(
            1,
            "",
            "",
            2,
            owners=["Neil Mitchell"],
            target_month=july_2015,
            agreed_action="Act.",
            success_measure="Acted.",
            entries=[ImportedEntry(period=july_2015, row=2, grade=4, evidence_of_progress="Nothing yet.")],
        )
    ]
    past = saving.ProgressChoice(what=saving.PAST_RECORD, meeting_dates={july_2015: datetime.date(2015, 7, 16)})
    saving.import_plan(draft, plan, by=clerk, create_people=True, progress=past)
    imported = draft.rounds.get()
    assert imported.is_published

    for reader in (councillor, officer):
        assert imported not in Round.objects.visible_to(reader)
        client.force_login(reader)
        pages = [
            client.get(reverse("action_list")),
            client.get(reverse("committee_dashboard", args=[demo.committee.slug])),
        ]
        for page in pages:
            assert page.status_code == 200
            assert "July 2015" not in text(page), page.request["PATH_INFO"]
        choices = [label for _, label in pages[0].context["filter"].form.fields["round"].choices]
        assert "March 2020" in choices and "July 2015" not in choices
    assert imported in Round.objects.visible_to(clerk)


def test_the_revised_target_dates_panel_is_on_the_page_itself(demo, clerk):
    """Actions revised more than once are listed in the page's content (not,
    say, in its title), with the target as the committee paper words it."""
    action = Action.objects.get(strand__startswith="Schools")
    action.change_target(target_month=datetime.date(2021, 3, 1), reason="Schools closed in the pandemic.", by=clerk)
    action.refresh_from_db()
    action.change_target(target_month=datetime.date(2021, 9, 1), reason="Schools closed again.", by=clerk)
    client = Client()
    client.force_login(clerk)
    html = client.get(reverse("committee_dashboard", args=[demo.committee.slug])).content.decode()
    title, main = html.split("</title>", 1)
    assert "Revised target dates" not in title
    panel = text_of(main.split('id="revised-target-dates"', 1)[1].split("</section>", 1)[0])
    assert "Schools, Colleges and Universities" in panel
    assert "September 2021 (revised twice; originally" in panel


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def awaiting_panel(page: str) -> str:
    return page[page.index("Awaiting the committee's decision") : page.index("Trend over every progress update")]


def test_the_september_proposals_await_the_committees_decision(demo, clerk):
    url = reverse("committee_dashboard", args=[demo.committee.slug])
    panel = awaiting_panel(text(councillor_client().get(url)))
    # The three actions September 2020 graded 1, each proposed for sign-off.
    assert panel.count("Proposed for sign-off") == 3
    assert "Errol Parks" in panel and "1 c)" not in panel
    assert "Record the committee's decisions" not in panel  # a member reads, the clerk records
    # Each by its name (the reference with a few of its words), not a bare "1 f)".
    membership = Action.objects.get(recommendation__number=1, sub_action__letter="f")
    assert membership.name != "1 f)" and f"{membership.name} " in panel
    clerk_client = Client()
    clerk_client.force_login(clerk)
    html = clerk_client.get(url).content.decode()
    september = Round.objects.get(review=demo, period=datetime.date(2020, 9, 1))
    assert reverse("round_decisions", args=[september.pk]) in html
    online_form = Action.objects.get(strand__startswith="The development of an on-line form")
    assert reverse("action_story", args=[online_form.pk]) in html

    decide(september, publish=False)  # recorded, not yet published: still awaiting
    assert awaiting_panel(text(councillor_client().get(url))).count("Proposed for sign-off") == 3
    decide(september)
    panel = awaiting_panel(text(councillor_client().get(url)))
    assert "None: the committee's decisions on every action are published." in panel


def test_the_proposals_for_sign_off_are_listed_first():
    committee = make_committee()
    review = make_review(committee=committee)
    march = make_round(review, 2020, 3)
    rec = make_recommendation(review)
    slipped = make_action(rec, sub_action=make_sub_action(rec, "a"))
    proposed = make_action(rec, sub_action=make_sub_action(rec, "b"))
    make_entry(slipped, march, grade=3)
    make_entry(proposed, march, grade=1)
    dashboard = build_committee_dashboard(committee, show_progress=True)
    awaiting = dashboard.reviews[0].awaiting
    assert [line.pk for line in awaiting] == [proposed.pk, slipped.pk]
    assert dashboard.reviews[0].decidable and dashboard.reviews[0].round_pk == march.pk


def test_each_list_holds_the_first_of_its_actions_in_document_order_and_counts_them_all():
    """The dashboard counts and ranks the stored standing in the database: each
    review's lists hold its first LIST_LIMIT actions in document order that
    need attention, are past their date or await the decision (proposals
    for sign-off first), and count them all, as reading every action's
    standing in document order finds them."""
    committee = make_committee()
    undecided, decided = make_review("Undecided", committee), make_review("Decided", committee)
    for review in (undecided, decided):
        march, actions = make_round(review, 2020, 3), []
        for n in range(56):
            if n % 2 == 0:  # two lettered parts a recommendation
                rec = make_recommendation(review)
            actions.append(
                make_action(
                    rec,
                    sub_action=make_sub_action(rec, "ab"[n % 2]),
                    target_month=datetime.date(2020 if n % 3 else 2040, 1, 1),  # one in three not yet due
                )
            )
            make_entry(actions[-1], march, grade=2)
        decide(march)  # all carried forward
        september = make_round(review, 2020, 9)
        for n, action in enumerate(actions):
            if n % 7:  # one in seven received no update in September
                make_entry(action, september, grade=1 + n * 3 % 4)
    decide(decided.rounds.get(period=datetime.date(2020, 9, 1)))

    dashboard = build_committee_dashboard(committee, show_progress=True)
    scales, today = all_scales(), datetime.date.today()
    for summary, review in zip(dashboard.reviews, (decided, undecided), strict=True):
        latest = review.rounds.latest("period")
        standing = [
            (row.action_id, scales.level(row.grade_id), row.overdue, row.decision)
            for row in Standing.objects.filter(round=latest).with_overdue(today).order_by(*document_order("action__"))
        ]
        attention = [pk for pk, grade, _, _ in standing if grade and grade.needs_attention]
        overdue = [pk for pk, _, late, _ in standing if late]
        awaiting = [pk for pk, grade, _, decision in standing if not decision and grade and grade.proposes_sign_off]
        awaiting += [
            pk for pk, grade, _, decision in standing if not decision and not (grade and grade.proposes_sign_off)
        ]
        assert len(attention) > LIST_LIMIT and len(overdue) > LIST_LIMIT, review.title
        assert [line.pk for line in summary.attention] == attention[:LIST_LIMIT], review.title
        assert [line.pk for line in summary.overdue] == overdue[:LIST_LIMIT], review.title
        assert [line.pk for line in summary.awaiting] == awaiting[:LIST_LIMIT], review.title
        assert (summary.attention_total, summary.overdue_total) == (len(attention), len(overdue)), review.title
        assert summary.awaiting_total == len(awaiting), review.title
        counts = {grade: n for grade, n in summary.mix.counts.items() if n}
        assert counts == dict(Counter(grade.id if grade else None for _, grade, _, _ in standing)), review.title
    assert dashboard.reviews[0].awaiting_total == 0 and dashboard.reviews[1].awaiting_total > LIST_LIMIT


def test_a_listed_action_whose_round_before_received_no_grade_shows_the_earlier_one_as_given():
    """The lists' statement reads the round before's own grade; where that
    round received none, the dashboard reads the latest an earlier round
    received (its stored standing's grade before), with the label it was given,
    whatever the council's scale says now."""
    committee = make_committee()
    review = make_review(committee=committee)
    march = make_round(review, 2020, 3)
    rec = make_recommendation(review)
    slipping, steady = (
        make_action(rec, sub_action=make_sub_action(rec, "a")),
        make_action(rec, sub_action=make_sub_action(rec, "b")),
    )
    given = make_entry(slipping, march, grade=2)
    make_entry(steady, march, grade=2)
    decide(march)
    september = make_round(review, 2020, 9)
    make_entry(steady, september, grade=2)  # the slipping action's update never came
    decide(september)
    march_2021 = make_round(review, 2021, 3)
    make_entry(slipping, march_2021, grade=3)
    make_entry(steady, march_2021, grade=3)
    GradingScale.make(
        "progress",
        [
            {"code": "1", "label": "Done", "colour": "green", "meaning": 1},
            {"code": "2", "label": "On course", "colour": "blue", "meaning": 2},
            {"code": "3", "label": "Late", "colour": "orange", "meaning": 3},
            {"code": "4", "label": "Stopped", "colour": "red", "meaning": 4},
        ],
        by=make_user(None, roles.ADMINISTRATOR),
    )

    lines = build_committee_dashboard(committee, show_progress=True).reviews[0].attention
    assert [(line.pk, line.grade_before_words, line.movement) for line in lines] == [
        (slipping.pk, given.grade_label, Movement.WORSE),
        (steady.pk, given.grade_label, Movement.WORSE),
    ]
    assert lines[0].grade_before_label == given.grade_label == lines[1].grade_before_label
    assert "On course" not in given.grade_label


def test_the_dashboard_reads_its_actions_afresh_each_time_it_is_asked():
    """A worker builds the dashboard's standing query once for a committee's
    published rounds and the day (standing_query): an action added, or an
    update made, since it was last asked is counted and listed all the same."""
    committee = make_committee()
    review = make_review(committee=committee)
    march = make_round(review, 2020, 3)
    rec = make_recommendation(review)
    make_entry(make_action(rec, sub_action=make_sub_action(rec, "a")), march, grade=2)
    before = build_committee_dashboard(committee, show_progress=False).reviews[0]
    assert before.mix.by_label == {"2 On-Track": 1} and before.attention == []

    slipped = make_action(rec, sub_action=make_sub_action(rec, "b"))
    make_entry(slipped, march, grade=3)
    after = build_committee_dashboard(committee, show_progress=False).reviews[0]
    assert after.mix.by_label == {"2 On-Track": 1, "3 Slipped": 1}
    assert [line.pk for line in after.attention] == [slipped.pk] and after.attention_total == 1


@pytest.mark.parametrize(
    "decision, as_at, expected",
    [
        ("signed_off", "2020-03", 12),
        ("closed", "2020-03", 1),
        ("carried", "2020-03", 3),
        ("kept_open", "", 1),
        ("awaiting", "", 3),
    ],
)
def test_the_decision_filter_picks_the_committees_decision_at_the_round(demo, decision, as_at, expected):
    if decision == "kept_open":
        keep_open_in_september("Schools, Colleges and Universities")
    page = text(councillor_client().get(reverse("action_list"), {"decision": decision, "round": as_at}))
    assert f"{expected} action{'s' if expected > 1 else ''} " in page
    if decision == "closed":
        assert "1 c)" in page


def test_only_a_clerk_filters_by_decisions_not_yet_published(demo, clerk):
    decide(Round.objects.get(review=demo, period=datetime.date(2020, 9, 1)), publish=False)
    clerk_client = Client()
    clerk_client.force_login(clerk)
    assert "3 actions" in text(clerk_client.get(reverse("action_list"), {"decision": "signed_off"}))
    assert "0 actions" in text(clerk_client.get(reverse("action_list"), {"decision": "awaiting"}))
    # The councillor sees the committee's decisions once they are published.
    assert "0 actions" in text(councillor_client().get(reverse("action_list"), {"decision": "signed_off"}))
    assert "3 actions" in text(councillor_client().get(reverse("action_list"), {"decision": "awaiting"}))


def test_the_lists_name_whoever_was_responsible_at_the_round_shown(clerk):
    """An action's line names the owners of its update in the round shown,
    whatever became of its responsibility since; where that round has no
    update of it (or one naming nobody), those responsible now."""
    committee = make_committee()
    review = make_review(committee=committee, title="Owners")
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    written = make_action(make_recommendation(review), owners=[make_owner("Nadia Now")])
    make_entry(written, march, grade=3, owners=[make_owner("Mo March")])
    make_entry(written, september, grade=3, owners=[make_owner("Sam September"), make_owner("Sue September")])
    unsent = make_action(make_recommendation(review), owners=[make_owner("Pat Present")])
    make_entry(unsent, march, grade=2, owners=[make_owner("Mel Marchant")])
    make_entry(unsent, september, grade=None, status="draft", owners=[make_owner("Del Draft")])
    missing = make_action(make_recommendation(review), owners=[make_owner("Uma Now")])
    make_entry(missing, march, grade=1)

    dashboard = build_committee_dashboard(committee, show_progress=True)
    awaiting = {line.reference: line.owners for line in dashboard.reviews[0].awaiting}
    # The draft never reached the committee, but it was the round's update.
    assert awaiting == {"1": "Sam September, Sue September", "2": "Del Draft", "3": "Uma Now"}

    client = Client()
    client.force_login(clerk)
    response = client.get(reverse("action_list"), {"committee": committee.slug, "round": "2020-03"})
    cells = re.findall(r'data-label="Responsibility">([^<]*)<', response.content.decode())
    assert cells == ["Mo March", "Mel Marchant", "Uma Now"]


def test_find_actions_says_why_a_review_with_no_published_round_lists_nothing(demo):
    """Issue 55: "No action matches" with no reason."""
    review = make_review(title="Fly-tipping", committee=demo.committee)
    make_action(make_recommendation(review), owners=[make_owner("Fay Officer")])
    page = text(councillor_client().get(reverse("action_list"), {"review": review.slug}))
    assert "0 actions" in page
    assert (
        "No action matches these filters: the Fly-tipping review has no progress update published, "
        "so none of its actions has a grade to list yet." in page
    )
    page = text(councillor_client().get(reverse("action_list"), {"review": "hate-crime", "overdue": "on"}))
    assert "No action matches these filters." in page and "has no progress update published" not in page
