"""The report, the executive's response to each recommendation, and its clock
(s.9FE of the Local Government Act 2000)."""

import datetime

import pytest
from django.core.checks import run_checks
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans.grading import Response, response_choices
from actionplans.models import Action, ExecutiveResponse, PlanConflict, ResponsePlan, Review
from actionplans.models.response import Period, parse_period
from tests.factories import make_action, make_owner, make_recommendation, make_review, make_round

D = datetime.date


@pytest.fixture
def review(db):
    review = make_review(title="Hate Crime", status=Review.Status.SETTING_UP)
    for n in (1, 2, 3):
        make_recommendation(review, n, text=f"That recommendation {n} be done.")
    return review


def reported(review, clerk, to_executive=None):
    to_executive = to_executive or D(2019, 1, 10)
    review.record_report(
        agreed=D(2018, 12, 6), to_executive=to_executive, decision_maker="Cabinet", by=clerk, version=review.version
    )
    review.refresh_from_db()
    return review


def all_accepted(on=None):
    on = on or D(2019, 2, 14)
    return [ResponsePlan(n, Response.ACCEPTED, responded_on=on) for n in (1, 2, 3)]


# The period and the due date ---------------------------------------------------


@pytest.mark.parametrize(
    "text, period",
    [("2 months", Period(2, "month")), ("28 days", Period(28, "day")), ("eight weeks", Period(8, "week"))],
)
def test_the_period_is_read_as_councils_write_it(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["", "2", "two fortnights", "0 days", "a month"])
def test_a_period_the_clock_cannot_count_is_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_two_months_after_the_end_of_december_is_the_end_of_february():
    assert Period(2, "month").after(D(2018, 12, 31)) == D(2019, 2, 28)
    assert Period(2, "month").after(D(2019, 12, 31)) == D(2020, 2, 29)
    assert Period(2, "month").after(D(2019, 1, 10)) == D(2019, 3, 10)
    assert Period(8, "week").after(D(2019, 1, 10)) == D(2019, 3, 7)


@pytest.mark.parametrize("period", [Period(2, "month"), Period(1, "month"), Period(28, "day"), Period(8, "week")])
def test_the_latest_start_is_the_last_day_whose_period_ends_by_the_due_date(period):
    day = D(2019, 11, 1)
    while day < D(2021, 4, 1):
        start = period.latest_start(day)
        assert period.after(start) <= day < period.after(start + datetime.timedelta(days=1))
        day += datetime.timedelta(days=1)


def test_a_wrong_period_stops_the_server_starting(settings):
    settings.SCRUTINY_RESPONSE_PERIOD = "two fortnights"
    assert [error.id for error in run_checks()] == ["scrutiny.E101"]
    settings.SCRUTINY_RESPONSE_PERIOD = "28 days"
    assert run_checks() == []


# The clock ---------------------------------------------------------------------


def test_the_clock_counts_down_to_two_months_after_the_executive_received_the_report(review, clerk):
    reported(review, clerk)
    assert review.response_clock(on=D(2019, 2, 28)).label == "due in 10 days"
    assert review.response_clock(on=D(2019, 3, 9)).label == "due in 1 day"
    assert review.response_clock(on=D(2019, 3, 10)).label == "due today"
    clock = review.response_clock(on=D(2019, 3, 12))
    assert (clock.label, clock.is_overdue, clock.due_label) == ("overdue by 2 days", True, "10 March 2019")


def test_the_clock_follows_the_councils_own_period(review, clerk, settings):
    settings.SCRUTINY_RESPONSE_PERIOD = "28 days"
    reported(review, clerk)
    assert review.response_clock(on=D(2019, 2, 8)).label == "overdue by 1 day"


def test_the_clock_stops_when_every_recommendation_has_its_response(review, clerk):
    reported(review, clerk)
    review.record_responses(all_accepted()[:2], by=clerk, version=review.version)
    review.refresh_from_db()
    assert review.response_clock(on=D(2019, 3, 12)).label == "overdue by 2 days"
    review.record_responses(all_accepted(on=D(2019, 3, 14)), by=clerk, version=review.version)
    review.refresh_from_db()
    assert review.response_clock(on=D(2019, 4, 1)).label == "responded on 14 March 2019"


def test_the_clock_says_whether_the_response_came_on_time_or_how_late(review, clerk):
    reported(review, clerk)  # due 10 March 2019
    review.record_responses(all_accepted(on=D(2019, 3, 10)), by=clerk, version=review.version)
    review.refresh_from_db()
    clock = review.response_clock(on=D(2019, 4, 1))
    assert (clock.status, clock.days_late, clock.responded_late) == ("Responded on time", 0, False)
    assert clock.label == "responded on 10 March 2019"
    review.record_responses(all_accepted(on=D(2019, 3, 15)), by=clerk, version=review.version)
    review.refresh_from_db()
    clock = review.response_clock(on=D(2019, 4, 1))
    assert (clock.status, clock.days_late, clock.responded_late) == ("Responded 5 days late", 5, True)
    assert clock.label == "responded on 15 March 2019"


def test_a_response_still_awaited_is_late_by_the_days_it_is_overdue(review, clerk):
    reported(review, clerk)
    assert (review.response_clock(on=D(2019, 3, 10)).status, review.response_clock(on=D(2019, 3, 10)).days_late) == (
        "Due",
        0,
    )
    clock = review.response_clock(on=D(2019, 3, 11))
    assert (clock.status, clock.days_late, clock.responded_late) == ("Overdue", 1, False)


def test_no_clock_runs_before_the_report_goes_to_the_executive(review):
    assert review.response_clock(on=D(2019, 3, 12)).label == ""


def test_reviews_due_within_a_week_or_overdue_are_found_in_one_query(
    review, clerk, django_assert_num_queries, settings
):
    reported(review, clerk)
    other = reported(make_review(), clerk, to_executive=D(2019, 2, 1))
    make_recommendation(other, 1)
    with django_assert_num_queries(2):
        assert list(Review.objects.responses_due(on=D(2019, 3, 2))) == []
        assert list(Review.objects.responses_due(on=D(2019, 3, 3))) == [review]
    assert set(Review.objects.responses_due(on=D(2019, 3, 25))) == {review, other}
    review.record_responses(all_accepted(), by=clerk, version=review.version)
    assert list(Review.objects.responses_due(on=D(2019, 3, 25))) == [other]


@pytest.mark.parametrize("period", ["2 months", "28 days", "8 weeks", "1 month"])
def test_the_query_and_the_clock_agree_on_which_reviews_are_due_soon(db, clerk, settings, period):
    settings.SCRUTINY_RESPONSE_PERIOD = period
    reviews = []
    start = D(2018, 12, 20)
    for n in range(0, 75, 2):
        review = make_review()
        make_recommendation(review, 1)
        reviews.append(reported(review, clerk, to_executive=start + datetime.timedelta(days=n)))
    partial = 0
    for on in (D(2019, 1, 20), D(2019, 2, 20), D(2019, 2, 28), D(2019, 3, 1), D(2019, 3, 31)):
        found = set(Review.objects.filter(pk__in=[r.pk for r in reviews]).responses_due(on=on))
        assert found == {r for r in reviews if r.response_clock(on=on).is_due_soon}
        partial += 0 < len(found) < len(reviews)
    assert partial >= 2  # the dates cover both answers


# Recording the report and the responses ------------------------------------------


def test_the_report_is_recorded_with_who_recorded_it(review, clerk):
    reported(review, clerk)
    assert (review.report_agreed, review.report_to_executive, review.decision_maker) == (
        D(2018, 12, 6),
        D(2019, 1, 10),
        "Cabinet",
    )
    assert review.history.first().history_user == clerk


def test_a_report_sent_before_the_committee_agreed_it_is_refused(review, clerk):
    with pytest.raises(ValidationError) as error:
        review.record_report(
            agreed=D(2019, 2, 1), to_executive=D(2019, 1, 10), decision_maker="Cabinet", by=clerk, version=0
        )
    assert "report_to_executive" in error.value.message_dict


def test_only_clerks_and_administrators_record_the_report_and_responses(review, link_officer, councillor):
    for user in (link_officer, councillor):
        with pytest.raises(PermissionDenied):
            review.record_report(agreed=None, to_executive=D(2019, 1, 10), decision_maker="Cabinet", by=user, version=0)
        with pytest.raises(PermissionDenied):
            review.record_responses(all_accepted(), by=user, version=0)


def test_a_page_opened_before_someone_else_changed_the_review_is_refused(review, clerk):
    version = review.version
    reported(review, clerk)
    with pytest.raises(PlanConflict):
        review.record_responses(all_accepted(), by=clerk, version=version)


def test_a_rejection_without_reasons_saves_nothing(review, clerk):
    reported(review, clerk)
    plans = [
        ResponsePlan(1, Response.ACCEPTED, responded_on=D(2019, 2, 14)),
        ResponsePlan(2, Response.REJECTED, reasons="  ", responded_on=D(2019, 2, 14)),
        ResponsePlan(3, Response.PARTIALLY, reasons="Cost.", responded_on=D(2019, 1, 2)),
    ]
    with pytest.raises(ValidationError) as error:
        review.record_responses(plans, by=clerk, version=review.version)
    assert set(error.value.message_dict) == {"recommendation-2-reasons", "recommendation-3-responded_on"}
    assert not ExecutiveResponse.objects.exists()


def test_a_response_dated_after_today_is_refused_by_its_date(review, clerk, monkeypatch):
    from actionplans.models import response as response_module

    reported(review, clerk)
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 2, 14))
    plans = [ResponsePlan(1, Response.REJECTED, reasons="Cost.", responded_on=D(2019, 2, 15))]
    with pytest.raises(ValidationError) as error:
        review.record_responses(plans, by=clerk, version=review.version)
    assert error.value.message_dict == {
        "recommendation-1-responded_on": ["The date of the response must be today or in the past"]
    }
    assert not ExecutiveResponse.objects.exists()
    review.record_responses(all_accepted(D(2019, 2, 14)), by=clerk, version=review.version)  # today is allowed
    assert ExecutiveResponse.objects.count() == 3


def test_accepted_in_principle_is_offered_only_where_the_council_allows_it(review, clerk, settings):
    assert Response.IN_PRINCIPLE not in dict(response_choices())
    reported(review, clerk)
    plan = [ResponsePlan(1, Response.IN_PRINCIPLE, reasons="Subject to funding.", responded_on=D(2019, 2, 14))]
    with pytest.raises(ValidationError):
        review.record_responses(plan, by=clerk, version=review.version)
    settings.SCRUTINY_RESPONSE_IN_PRINCIPLE = True
    assert Response.IN_PRINCIPLE in dict(response_choices())
    review.record_responses(plan, by=clerk, version=review.version)
    assert ExecutiveResponse.objects.get().get_response_display() == "Accepted in principle"


def test_published_responses_change_only_with_a_reason_the_history_keeps(review, clerk):
    reported(review, clerk)
    review.record_responses(all_accepted(), by=clerk, version=review.version)
    review.refresh_from_db()
    review.publish_responses(by=clerk, version=review.version)
    review.refresh_from_db()
    change = [ResponsePlan(2, Response.REJECTED, reasons="Not affordable.", responded_on=D(2019, 2, 14))]
    with pytest.raises(ValidationError) as error:
        review.record_responses(change, by=clerk, version=review.version)
    assert "reason" in error.value.message_dict
    review.record_responses(change, by=clerk, version=review.version, reason="Cabinet minute misread")
    latest = ExecutiveResponse.objects.get(recommendation__number=2).history.first()
    assert (latest.response, latest.history_change_reason, latest.history_user) == (
        Response.REJECTED,
        "Cabinet minute misread",
        clerk,
    )


def test_responses_publish_only_once_every_recommendation_has_one(review, clerk, councillor):
    reported(review, clerk)
    review.record_responses(all_accepted()[:2], by=clerk, version=review.version)
    review.refresh_from_db()
    assert "3 awaiting a response" in review.why_not_publishable_responses()
    assert not review.shows_responses_to(councillor) and review.shows_responses_to(clerk)
    with pytest.raises(ValidationError):
        review.publish_responses(by=clerk, version=review.version)
    review.record_responses(all_accepted(), by=clerk, version=review.version)
    review.refresh_from_db()
    review.publish_responses(by=clerk, version=review.version)
    review.refresh_from_db()
    assert review.shows_responses_to(councillor)


# A rejected recommendation is not monitored ------------------------------------


def test_a_rejected_recommendation_needs_no_action_record_to_confirm_the_plan(review, clerk):
    owner = make_owner()
    make_action(review.recommendations.get(number=1), owners=[owner])
    make_action(review.recommendations.get(number=3), owners=[owner])
    assert review.why_not_confirmable() == ["Recommendation 2 has no action record."]
    reported(review, clerk)
    review.record_responses(
        [ResponsePlan(2, Response.REJECTED, reasons="Not affordable.", responded_on=D(2019, 2, 14))],
        by=clerk,
        version=review.version,
    )
    review.refresh_from_db()
    assert review.why_not_confirmable() == []


def test_a_round_does_not_carry_the_actions_of_a_rejected_recommendation(review, clerk):
    owner = make_owner()
    kept = make_action(review.recommendations.get(number=1), owners=[owner])
    make_action(review.recommendations.get(number=2), owners=[owner])
    reported(review, clerk)
    review.record_responses(
        [ResponsePlan(2, Response.REJECTED, reasons="Not affordable.", responded_on=D(2019, 2, 14))],
        by=clerk,
        version=review.version,
    )
    round = make_round(review, 2020, 3, status="open")
    assert Action.objects.carried_into(round) == [kept]


# Reminders -------------------------------------------------------------------


def test_send_reminders_chases_the_clerks_and_link_officers_of_a_response_due_within_a_week(
    review, clerk, link_officer, councillor, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    from actionplans.models import Notification
    from actionplans.models import response as response_module

    def send_reminders(out=None):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out or io.StringIO())

    for user in (clerk, link_officer, councillor):
        user.email = f"{user.username}@example.org"
        user.save()
    review.set_link_officers([make_owner("Lin Officer", user=link_officer)], by=clerk)
    review.refresh_from_db()
    reported(review, clerk)  # due 10 March 2019
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 2))
    send_reminders()
    assert mailoutbox == []  # eight days to go
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 12))
    out = io.StringIO()
    send_reminders(out)
    assert "executive response overdue by 2 days; reminded 2 people" in out.getvalue()
    assert sorted(m.to[0] for m in mailoutbox) == ["clerk.test@example.org", "link.test@example.org"]
    assert mailoutbox[0].subject == "Executive response overdue: Hate Crime review"
    assert "/reviews/" in mailoutbox[0].body and "due on 10 March 2019" in mailoutbox[0].body
    reminders = Notification.objects.filter(kind=Notification.Kind.RESPONSE_REMINDER, sent_at__isnull=False)
    assert {(r.recipient, r.subject) for r in reminders} == {
        (clerk, "Executive response overdue: Hate Crime review"),
        (link_officer, "Executive response overdue: Hate Crime review"),
    }
    send_reminders()  # again the same day: nobody twice
    assert len(mailoutbox) == 2
    review.record_responses(all_accepted(), by=clerk, version=review.version)
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 13))
    send_reminders()
    assert len(mailoutbox) == 2  # answered: the clock has stopped


def test_the_demo_review_has_every_recommendation_accepted_and_published(demo):
    answers = [rec.executive_response for rec in demo.recommendations.order_by("number")]
    assert answers and {a.response for a in answers} == {Response.ACCEPTED}
    assert demo.responses_published and demo.report_to_executive < demo.action_plan_agreed
