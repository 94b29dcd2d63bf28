"""The committee's decisions: the clerk's page, the verb's rules, and the
migration that recorded them from the earlier sign-off rule."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from actionplans.grading import Decision
from actionplans.models import Action, CommitteeDecision, DecisionConflict, DecisionInput, Round
from tests.factories import date_input, make_action, make_entry, make_recommendation, make_review, make_round
from tests.test_dashboards import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def september(demo):
    return demo.rounds.get(period=datetime.date(2020, 9, 1))


def page_data(round, **overrides):
    """Every action stays in monitoring (graded 1: kept open; else carried
    forward), except as `overrides` say."""
    data = {"version": str(round.decisions_version), **date_input("meeting_date", round.meeting_date)}
    grades = dict(round.entries.received().values_list("action", "grade"))
    for action in Action.objects.carried_into(round):
        data[f"decision_{action.pk}"] = Decision.KEPT_OPEN if grades.get(action.pk) == 1 else Decision.CARRIED
        data[f"reason_{action.pk}"] = ""
    data.update(overrides)
    return data


def timeline_decisions(page) -> list[str]:
    """The lines of the review page's timeline step "Committee decisions"."""
    html = page.content.decode()
    step = html[html.index("Committee decisions</h3>") : html.index("</section>", html.index("app-timeline"))]
    lines = re.findall(r"<li>(.*?)</li>", step, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", line).replace("&#x27;", "'").split()).replace(" :", ":") for line in lines]


def staying(round):
    """Every action the round carried kept in monitoring, by the verb's
    words: graded 1, kept open; else carried forward."""
    data = page_data(round)
    return {a.pk: DecisionInput(data[f"decision_{a.pk}"]) for a in Action.objects.carried_into(round)}


def test_kept_open_is_for_fully_achieved_and_carried_forward_for_the_rest(september, clerk):
    """The two ways to stay in monitoring cannot be mixed up: a Fully
    Achieved action is kept open (or signed off, or closed), never carried
    forward; one not yet achieved is carried forward, never kept open."""
    schools = Action.objects.get(strand="Schools, Colleges and Universities")  # graded 1
    wrong = {**staying(september), schools.pk: DecisionInput(Decision.CARRIED)}
    with pytest.raises(ValidationError) as refused:
        CommitteeDecision.record_round(
            september, by=clerk, version=0, decisions=wrong, meeting_date=september.meeting_date
        )
    assert refused.value.message_dict == {
        f"decision_{schools.pk}": [
            "1 a) Schools, Colleges and Universities is graded Fully Achieved: sign it off, keep it open or close it."
        ]
    }
    assert not CommitteeDecision.objects.filter(round=september).exists()  # nothing half-saved
    # Slipped, or without an update: not achieved, so never kept open.
    review = make_review()
    march = make_round(review, 2020, 3)
    rec = make_recommendation(review)
    slipped, silent = make_action(rec), make_action(rec, strand="Second strand")
    make_entry(slipped, march, grade=3)
    wrong = {slipped.pk: DecisionInput(Decision.KEPT_OPEN), silent.pk: DecisionInput(Decision.KEPT_OPEN)}
    with pytest.raises(ValidationError) as refused:
        CommitteeDecision.record_round(march, by=clerk, version=0, decisions=wrong, meeting_date=march.meeting_date)
    assert refused.value.message_dict == {
        f"decision_{slipped.pk}": [
            "1 is graded Slipped, not Fully Achieved: carry it forward, sign it off or close it."
        ],
        f"decision_{silent.pk}": [
            "1 Second strand is without an update, not Fully Achieved: carry it forward, sign it off or close it."
        ],
    }
    # On the page: the message by that action's radios, the choices kept.
    client = Client()
    client.force_login(clerk)
    data = page_data(september, **{f"decision_{schools.pk}": Decision.CARRIED})
    page = client.post(reverse("round_decisions", args=[september.pk]), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="id_decision_{schools.pk}-error"' in html
    assert "keep it open or close it" in text(page)
    # Each radio explains its choice.
    assert "Achieved, but the committee wants to see it again" in text(page)
    page = text(client.get(reverse("round_decisions", args=[march.pk])))
    assert "Carried forward Not yet achieved: the next round carries it." in page
    assert "Kept open" not in page  # not offered for an action not yet achieved


def test_the_page_names_the_proposals_and_chooses_nothing_itself(september, clerk):
    client = Client()
    client.force_login(clerk)
    page = client.get(reverse("round_decisions", args=[september.pk]))
    html = page.content.decode()
    assert text(page).count("Proposed for sign-off") == 3 * 2  # the movement and the radio's hint
    assert "Proposed for sign-off. Proposed for sign-off." not in text(page)
    assert " checked" not in html  # the committee decides, not the page
    assert 'value="24"' in html and 'value="9"' in html and 'value="2020"' in html  # the round's meeting, 24 9 2020


def test_publishing_decisions_on_two_actions_decides_nothing_on_the_third(september, clerk):
    """Two of September 2020's three proposals decided; the third, which
    nobody touched, is not signed off: it awaits the committee's decision,
    the message says so, and the next round carries it."""
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    online = Action.objects.get(strand__startswith="The development of an on-line form")
    membership = Action.objects.get(recommendation__number=1, sub_action__letter="f")
    client = Client()
    client.force_login(clerk)
    data = {
        "version": str(september.decisions_version),
        **date_input("meeting_date", september.meeting_date),
        f"decision_{schools.pk}": Decision.SIGNED_OFF,
        f"decision_{online.pk}": Decision.KEPT_OPEN,
        "action": "publish",
    }
    page = client.post(reverse("round_decisions", args=[september.pk]), data, follow=True)
    assert (
        "The committee's decisions on the September 2020 round are published. "
        "1 action still awaits the committee's decision: the next round carries it."
    ) in text(page)
    recorded = dict(september.decisions.values_list("action", "decision"))
    assert recorded == {schools.pk: Decision.SIGNED_OFF, online.pk: Decision.KEPT_OPEN}
    assert Action.objects.get(pk=membership.pk).signed_off_in() is None
    assert list(september.standings.awaiting_decision().values_list("action", flat=True)) == [membership.pk]
    page = client.get(reverse("round_decisions", args=[september.pk])).content.decode()
    assert page.count(" checked") == 2  # as recorded; still nothing for the third


def test_once_decided_the_hint_no_longer_calls_the_action_proposed(september, clerk):
    """After publishing, each action's line says what the committee did,
    not that the grade of 1 still proposes sign-off."""
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    client = Client()
    client.force_login(clerk)
    reason = "transferred to the Hate Crime Group's action plan"
    data = page_data(september, **{f"decision_{schools.pk}": "closed", f"reason_{schools.pk}": reason})
    data["action"] = "publish"
    assert client.post(reverse("round_decisions", args=[september.pk]), data).status_code == 302
    page = text(client.get(reverse("round_decisions", args=[september.pk])))
    assert "1 (Fully Achieved). Improved. Closed, not achieved by the committee." in page
    assert "by the committee. Proposed for sign-off." not in page
    assert "kept open. Proposed for sign-off." not in page
    assert page.count("Proposed for sign-off") == 3  # only the radios' hints


def test_a_closing_without_its_reason_is_refused_by_the_field_and_nothing_is_saved(september, clerk):
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    online = Action.objects.get(strand__startswith="The development of an on-line form")
    client = Client()
    client.force_login(clerk)
    data = page_data(september, **{f"decision_{schools.pk}": "closed", f"decision_{online.pk}": "signed_off"})
    data["action"] = "publish"
    page = client.post(reverse("round_decisions", args=[september.pk]), data)
    assert "Say why the committee closed 1 a) Schools, Colleges and Universities unachieved." in text(page)
    assert "There is a problem" in text(page)
    assert 'value="signed_off" checked' in page.content.decode()  # typed choices kept
    assert not CommitteeDecision.objects.filter(round=september).exists()
    september.refresh_from_db()
    assert not september.decisions_are_published

    data[f"reason_{schools.pk}"] = "transferred to the Hate Crime Group's action plan"
    assert client.post(reverse("round_decisions", args=[september.pk]), data).status_code == 302
    september.refresh_from_db()
    assert september.decisions_are_published and september.decisions_published_by == clerk
    assert Action.objects.get(pk=schools.pk).signed_off_in() == september


def test_a_stale_version_gets_the_conflict_page(september, clerk):
    client = Client()
    client.force_login(clerk)
    CommitteeDecision.record_round(
        september,
        by=clerk,
        version=0,
        decisions=staying(september),
        meeting_date=september.meeting_date,
    )
    response = client.post(reverse("round_decisions", args=[september.pk]), {**page_data(september), "version": "0"})
    assert response.status_code == 409 and "Someone else changed these decisions" in text(response)


def test_a_version_that_is_not_a_number_counts_as_out_of_date(september, clerk):
    client = Client()
    client.force_login(clerk)
    response = client.post(reverse("round_decisions", args=[september.pk]), {**page_data(september), "version": "x"})
    assert response.status_code == 409 and "Someone else changed these decisions" in text(response)
    assert not september.decisions.exists()


def test_only_a_clerk_decides_and_a_published_change_needs_a_reason(september, clerk, officer):
    decisions = staying(september)
    with pytest.raises(PermissionDenied):
        CommitteeDecision.record_round(
            september, by=officer, version=0, decisions=decisions, meeting_date=september.meeting_date
        )
    CommitteeDecision.record_round(
        september, by=clerk, version=0, decisions=decisions, meeting_date=september.meeting_date, publish=True
    )
    september.refresh_from_db()
    first = next(iter(decisions))
    changed = {**decisions, first: DecisionInput(Decision.SIGNED_OFF)}
    with pytest.raises(ValidationError) as refused:
        CommitteeDecision.record_round(
            september,
            by=clerk,
            version=september.decisions_version,
            decisions=changed,
            meeting_date=september.meeting_date,
        )
    assert "change_reason" in refused.value.message_dict
    CommitteeDecision.record_round(
        september,
        by=clerk,
        version=september.decisions_version,
        decisions=changed,
        meeting_date=september.meeting_date,
        change_reason="The minutes say signed off.",
    )
    latest = CommitteeDecision.objects.get(action=first, round=september).history.first()
    assert latest.history_user == clerk and "The minutes say signed off." in latest.history_change_reason
    with pytest.raises(DecisionConflict):
        CommitteeDecision.record_round(
            september, by=clerk, version=0, decisions=changed, meeting_date=september.meeting_date, change_reason="x"
        )


def test_decisions_are_not_recorded_once_a_later_round_is_opened(demo, clerk):
    march = demo.rounds.get(period=datetime.date(2020, 3, 1))
    assert "A later round has been opened" in CommitteeDecision.why_not_decidable(march, clerk)


def test_the_migration_records_what_the_earlier_rule_carried(clerk):
    """0018 on rows as the earlier rule left them: its function, called
    with today's models (the fields it reads are given as attributes)."""
    migration = importlib.import_module("actionplans.migrations.0020_decisions_from_earlier_rule")
    review = make_review()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    achieved, kept, closed, slipped = (make_action(make_recommendation(review), agreed_action=name) for name in "akcs")
    for action, grade in ((achieved, 1), (kept, 1), (closed, 3), (slipped, 3)):
        make_entry(action, march, grade=grade)
    make_entry(kept, september, grade=1)
    make_entry(slipped, september, grade=2)
    earlier = {kept.pk: ("keep_open", None, ""), closed.pk: ("closed", march.pk, "moved to another plan")}

    class OldAction:
        objects = None

    class Apps:
        def get_model(self, app, name):
            model = django_apps.get_model(app, name)
            if name != "Action":
                return model

            class Manager:
                def filter(self, **kwargs):
                    actions = list(model.objects.filter(**kwargs).order_by("pk"))
                    for a in actions:
                        a.monitoring, a.closed_at_id, a.closed_reason = earlier.get(a.pk, ("", None, ""))
                    return _Ordered(actions)

            OldAction.objects = Manager()
            return OldAction

    class _Ordered(list):
        def order_by(self, *args):
            return self

    migration.record_decisions(Apps(), None)
    made = {(d.action.agreed_action, d.round.label): d.decision for d in CommitteeDecision.objects.all()}
    assert made == {
        ("a", "March 2020"): Decision.SIGNED_OFF,
        ("k", "March 2020"): Decision.KEPT_OPEN,
        ("c", "March 2020"): Decision.CLOSED,
        ("s", "March 2020"): Decision.CARRIED,
        ("k", "September 2020"): Decision.KEPT_OPEN,
        ("s", "September 2020"): Decision.CARRIED,
    }
    assert CommitteeDecision.objects.get(action=closed).reason == "moved to another plan"
    assert all(r.decisions_are_published for r in Round.objects.filter(review=review))
    # (Today's model writes a history row of its own too; the migration's
    # historical models do not.)
    assert CommitteeDecision.history.filter(history_change_reason=migration.REASON).count() == 6
    assert [a.agreed_action for a in Action.objects.carried_into(make_round(review, 2021, 3))] == ["k", "s"]


def test_opening_a_round_warns_of_the_actions_the_committee_has_not_decided(september, clerk):
    from tests.factories import decide

    client = Client()
    client.force_login(clerk)
    page = text(client.get(reverse("open_round", args=[september.review.slug])))
    assert (
        "3 actions have no published decision of the committee on September 2020: they will be carried into the "
        "new round." in page
    )
    assert (
        reverse("round_decisions", args=[september.pk])
        in client.get(reverse("open_round", args=[september.review.slug])).content.decode()
    )
    decide(september, publish=False)  # recorded is not enough: the committee's decisions count once published
    assert "3 actions have no published decision" in text(
        client.get(reverse("open_round", args=[september.review.slug]))
    )
    decide(september)
    assert "no published decision" not in text(client.get(reverse("open_round", args=[september.review.slug])))


def test_members_read_the_published_decisions_and_the_review_page_links_them(september, clerk, councillor):
    from tests.factories import decide

    march = september.review.rounds.get(period=datetime.date(2020, 3, 1))
    member = Client()
    member.force_login(councillor)
    page = text(member.get(reverse("round_decisions", args=[march.pk])))
    assert "The committee's decisions" in page
    assert "Closed, not achieved its work moved into the Hate Crime Group's action plan (illustrative)" in page
    assert page.count("Signed off") == 12 and page.count("Carried forward") == 3
    assert member.post(reverse("round_decisions", args=[march.pk]), {"action": "publish"}).status_code == 403
    # September's are not published yet: nobody but a clerk reads them.
    assert member.get(reverse("round_decisions", args=[september.pk])).status_code == 404
    page = member.get(reverse("review_detail", args=[september.review.slug]))
    review = timeline_decisions(page)
    # The timeline's decisions step: what the committee decided, round by round.
    march_words = (
        "The committee's decisions of 12 March 2020 (illustrative) on the March 2020 progress update: "
        "12 signed off, 1 closed, 3 carried forward"
    )
    assert review == [march_words, "September 2020: awaiting the committee's decision"]
    assert f'href="{reverse("round_decisions", args=[march.pk])}"' in page.content.decode()
    assert f'href="{reverse("round_decisions", args=[september.pk])}"' not in page.content.decode()

    staff = Client()
    staff.force_login(clerk)
    page = staff.get(reverse("review_detail", args=[september.review.slug]))
    assert timeline_decisions(page) == [
        march_words,
        "September 2020: awaiting the committee's decision. "
        "Record the committee's decisions on the September 2020 round",
    ]
    # One section of the rounds: the timeline's, with the clerk's links.
    assert text(page).count("Monitoring rounds") == 1
    assert "March 2020 round: published" in text(page).replace(" :", ":")
    decide(september, publish=False)
    assert timeline_decisions(staff.get(reverse("review_detail", args=[september.review.slug])))[1] == (
        "September 2020: awaiting the committee's decision (recorded, not yet published). "
        "Record the committee's decisions on the September 2020 round"
    )
    assert timeline_decisions(member.get(reverse("review_detail", args=[september.review.slug])))[1] == (
        "September 2020: awaiting the committee's decision"
    )
    september.refresh_from_db()
    CommitteeDecision.publish_round(september, by=clerk, version=september.decisions_version)
    member_review = timeline_decisions(member.get(reverse("review_detail", args=[september.review.slug])))
    assert member_review[1] == (
        f"The committee's decisions of {september.meeting_date:%-d %B %Y} (illustrative) on the September 2020 "
        "progress update: 3 signed off"
    )
    assert member.get(reverse("round_decisions", args=[september.pk])).status_code == 200


def test_the_clerk_reads_in_full_what_the_committee_decides_on(september, clerk):
    """Each action by its full reference, with its lettered part's words and
    its agreed action in full: nothing cut short."""
    client = Client()
    client.force_login(clerk)
    page = text(client.get(reverse("round_decisions", args=[september.pk])))
    online_form = Action.objects.get(strand__startswith="The development of an on-line form")
    membership = Action.objects.get(recommendation__number=1, sub_action__letter="f")
    assert "…" not in page
    assert f"Recommendation {online_form.reference}" in page  # the strand, in full
    for action in (online_form, membership):
        assert " ".join(action.sub_action.text.split()) in page
        assert " ".join(action.agreed_action.split())[:200] in page


def test_the_demos_march_decisions_name_the_meeting_of_12_march_2020(demo, councillor, clerk):
    """Recorded when the demo was loaded, by the System Administrator, but
    taken at the meeting of 12 March 2020 (illustrative): every page says the meeting, not
    the day they were loaded."""
    march = demo.rounds.get(period=datetime.date(2020, 3, 1))
    assert set(march.decisions.values_list("meeting_date", flat=True)) == {datetime.date(2020, 3, 12)}
    loaded = f"{datetime.date.today():%-d %B %Y}"
    member = Client()
    member.force_login(councillor)
    page = text(member.get(reverse("round_decisions", args=[march.pk])))
    assert "decided at its meeting of 12 March 2020 (illustrative)" in page and loaded not in page
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    story = text(member.get(reverse("action_story", args=[schools.pk])))
    assert "At the meeting of 12 March 2020 (illustrative) ; recorded by System Administrator." in story
    # The clerk's round page names the meeting that decided, as recorded.
    CommitteeDecision.objects.filter(round=march).update(meeting_date=datetime.date(2020, 3, 19))
    staff = Client()
    staff.force_login(clerk)
    assert "The committee's decisions of 19 March 2020" in text(staff.get(reverse("round_detail", args=[march.pk])))
