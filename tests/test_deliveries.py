"""Scrutiny recommendations and actions delivered through partnership plans'
actions: the clerk's page that links them, the one rule that reads the
linked actions' latest RAG (DeliveryQuerySet.delivered_through), the pages
and the Progress Update that show it, the plan side's reverse, and the
demo's links."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actionplans import roles
from actionplans.models import Action, Delivery, PartnershipPlan, Recommendation
from actionplans.models.deliveries import DeliveriesChanged
from reports.documents import ExportOptions, render
from reports.partnership.links import delivers
from reports.progress_update.builder import build_progress_update
from reports.progress_update.xlsx import HEADING_ROW
from tests.documents import body, docx_text, pdf_text, squash
from tests.factories import (
    make_action,
    make_partnership_plan,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

PLAN_SLUG = "hate-crime-action-plan-2018-2019"


def plan_with_quarters(clerk, coordinator=None, **kwargs):
    """A plan whose Q2 2018 is published with 1.1 Green (approved) and 1.2
    Amber (submitted only), and whose Q3 2018 is open with 1.1 Red approved."""
    plan = make_partnership_plan(by=clerk, **kwargs)
    lead = make_user(None, roles.PARTNER_LEAD)
    for organisation in plan.partnership.organisations.all():
        organisation.set_members([lead], by=clerk)
    q2 = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=clerk)
    for number, rag, approve in (("1.1", "green", True), ("1.2", "amber", False)):
        update = q2.updates.get(action__number=number, action__theme__label="1")
        update.save_update(by=lead, version=0, submit=True, progress=f"Progress on {number}.", rag=rag)
        if approve:
            update.refresh_from_db()
            update.approve(by=clerk, version=update.version)
    q2.publish(by=clerk)
    q3 = plan.open_quarter(period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 14), by=clerk)
    update = q3.updates.get(action__number="1.1", action__theme__label="1")
    update.save_update(by=lead, version=0, submit=True, progress="Later progress.", rag="red")
    update.refresh_from_db()
    update.approve(by=clerk, version=update.version)
    return plan, q2, q3


def numbered(plan, number, theme="1"):
    return plan.actions().get(number=number, theme__label=theme)


def linked_action(plan, clerk, number="1.1"):
    """A new review's action delivered through `plan`'s action `number`."""
    rec = make_recommendation(make_review())
    action = make_action(rec)
    Delivery.objects.set_for(action, [numbered(plan, number)], by=clerk)
    return rec, action


# The one rule ---------------------------------------------------------------


def test_an_action_reads_its_own_links_then_its_recommendations_with_the_latest_published_rag(clerk):
    plan, _, _ = plan_with_quarters(clerk)
    rec, action = linked_action(plan, clerk)
    Delivery.objects.set_for(rec, [numbered(plan, "1.2"), numbered(plan, "1.1")], by=clerk)
    shown = Delivery.objects.delivered_through([action])[action.pk]
    assert [(link.number, link.through_recommendation) for link in shown] == [("1.1", False), ("1.2", True)]
    # The open quarter's Red is not yet published; 1.2's Amber was never approved.
    assert shown[0].printed == f"{plan.short_title}, 1.1 (Green, Q2 2018)"
    assert shown[0].progress == "Progress on 1.1."
    assert shown[1].printed == f"{plan.short_title}, 1.2 (no update received yet)"


def test_reading_the_links_is_one_query_however_many_actions(clerk):
    plan, _, _ = plan_with_quarters(clerk, actions=5)
    review = make_review()

    def queries(count):
        rec = make_recommendation(review)
        actions = [make_action(rec, strand=f"Strand {n}") for n in range(count)]
        for action in actions:
            Delivery.objects.set_for(action, list(plan.actions()), by=clerk)
        with CaptureQueriesContext(connection) as captured:
            result = Delivery.objects.delivered_through(actions)
        assert all(len(result[action.pk]) == 5 for action in actions)
        return len(captured)

    assert queries(2) == queries(40) == 1


def test_a_published_rounds_paper_reads_the_quarters_published_by_then(clerk):
    plan, _, q3 = plan_with_quarters(clerk)
    rec, action = linked_action(plan, clerk)
    review = rec.review
    round = make_round(review, 2018, 12)  # published now: before Q3 2018 is
    q3.publish(by=clerk)
    paper = build_progress_update(review, rounds=[round], delivered_through=True)
    assert paper.actions[0].delivered_through[0].status == "Green, Q2 2018"
    # Today's page reads the latest.
    assert Delivery.objects.delivered_through([action])[action.pk][0].status == "Red, Q3 2018"


def test_setting_a_reviews_links_is_all_or_nothing_and_refuses_a_stale_page(clerk, officer):
    plan = make_partnership_plan(by=clerk)
    review = make_review()
    rec = make_recommendation(review)
    action = make_action(rec)
    version = Delivery.objects.version_of(review)
    with pytest.raises(PermissionDenied):
        Delivery.objects.set_for_review(review, {rec: [numbered(plan, "1.1")]}, by=officer, version=version)
    other = make_action(make_recommendation(make_review()))
    with pytest.raises(ValidationError, match="is not of the"):
        Delivery.objects.set_for_review(
            review, {action: [numbered(plan, "1.1")], other: [numbered(plan, "1.2")]}, by=clerk, version=version
        )
    assert not Delivery.objects.exists()
    Delivery.objects.set_for_review(review, {action: [numbered(plan, "1.3")]}, by=clerk, version=version)
    with pytest.raises(DeliveriesChanged):
        Delivery.objects.set_for_review(review, {action: []}, by=clerk, version=version)
    assert [link.partnership_action.number for link in Delivery.objects.all()] == ["1.3"]
    assert Delivery.history.filter(history_user=clerk).count() == 1


# The clerk's page ---------------------------------------------------------------


def test_the_clerk_links_the_reviews_actions_on_one_page(client, clerk, demo):
    plan = make_partnership_plan(by=clerk, actions=8)
    client.force_login(clerk)
    assert (
        f'href="{reverse("review_deliveries", args=[demo.slug])}"'
        in client.get(reverse("review_plan", args=[demo.slug])).content.decode()
    )
    url = reverse("review_deliveries", args=[demo.slug]) + f"?plan={plan.slug}"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    rec_one = Recommendation.objects.get(review=demo, number=1)
    data = {"version": form["version"].value()}
    data[f"action-{schools.pk}"] = [str(numbered(plan, n).pk) for n in ("1.6", "1.7", "1.8")]
    data[f"recommendation-{rec_one.pk}"] = [str(numbered(plan, "1.1").pk)]
    response = client.post(url, data)
    assert response.status_code == 302
    # The demo's links to seed 002's plan, not shown, stand beside them.
    of_plan = schools.deliveries.filter(partnership_action__theme__plan=plan)
    assert [link.partnership_action.number for link in of_plan] == ["1.6", "1.7", "1.8"]
    assert rec_one.deliveries.get(partnership_action__theme__plan=plan).partnership_action.number == "1.1"
    again = client.get(url).content.decode()
    assert "Delivered through 1.6, 1.7, 1.8" in again


def test_the_page_shows_one_plans_actions_by_theme_with_distinct_legends_and_each_choice_summed_up(client, clerk, demo):
    """The demo's review is linked to seed 002's plan: the page shows that
    plan's actions only, not another plan's, until the clerk asks for it."""
    other = make_partnership_plan(by=clerk, actions=4, name="Other Borough")
    client.force_login(clerk)
    url = reverse("review_deliveries", args=[demo.slug])
    page = client.get(url).content.decode()
    seed_plan = PartnershipPlan.objects.get(slug=PLAN_SLUG)
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    assert f'value="{numbered(seed_plan, "1.6").pk}"' in page
    assert f'value="{numbered(other, "1.1").pk}"' not in page
    assert "<summary" in page and "Delivered through 1.6, 1.7, 1.8" in page
    assert "Recommendation 1, the whole recommendation</legend>" in page
    assert f"{schools.reference}: " in page
    assert page.count("<legend") == len(page.split("<legend")) - 1
    legends = [part.split("</legend>")[0].split(">", 1)[1] for part in page.split("<legend")[1:]]
    assert len(legends) == len(set(legends))
    rec_one = Recommendation.objects.get(review=demo, number=1)
    assert page.count(rec_one.text) == 1
    theme_heading = numbered(seed_plan, "1.6").theme.heading
    assert theme_heading in page
    # Each target's checkboxes are the one plan's, not every plan's.
    assert page.count('type="checkbox"') == len(legends) * seed_plan.actions().count()
    other_page = client.get(url + f"?plan={other.slug}").content.decode()
    assert f'value="{numbered(other, "1.1").pk}"' in other_page
    assert f'value="{numbered(seed_plan, "1.6").pk}"' not in other_page
    # The links to the plan not shown are said, and kept.
    assert "Also delivered through" in other_page and "saving keeps these" in other_page
    assert client.get(url + "?plan=no-such-plan").status_code == 404


def test_saving_a_page_that_shows_one_plan_keeps_the_links_to_the_plans_not_shown(client, clerk, demo):
    other = make_partnership_plan(by=clerk, actions=4, name="Other Borough")
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    seed_links = [link.partnership_action_id for link in schools.deliveries.all()]
    assert len(seed_links) == 3
    client.force_login(clerk)
    url = reverse("review_deliveries", args=[demo.slug]) + f"?plan={other.slug}"
    version = client.get(url).context["form"]["version"].value()
    links_elsewhere = set(
        Delivery.objects.exclude(action=schools).values_list("action", "recommendation", "partnership_action")
    )
    response = client.post(url, {"version": version, f"action-{schools.pk}": [str(numbered(other, "1.2").pk)]})
    assert response.status_code == 302
    now = [link.partnership_action_id for link in schools.deliveries.all()]
    assert sorted(now) == sorted([*seed_links, numbered(other, "1.2").pk])
    assert [pk for pk in now if pk in seed_links] == seed_links
    assert (
        set(Delivery.objects.exclude(action=schools).values_list("action", "recommendation", "partnership_action"))
        == links_elsewhere
    )
    # Unticking on the seed plan's page removes only its links.
    seed_url = reverse("review_deliveries", args=[demo.slug]) + f"?plan={PLAN_SLUG}"
    form = client.get(seed_url).context["form"]
    data = {"version": form["version"].value()}
    for name in form.fields:
        if name != "version":
            data[name] = form[name].value() or []
    data[f"action-{schools.pk}"] = []
    assert client.post(seed_url, data).status_code == 302
    assert [link.partnership_action_id for link in schools.deliveries.all()] == [numbered(other, "1.2").pk]


def test_a_choice_not_offered_is_refused_by_its_field_with_the_others_kept_and_nothing_saved(client, clerk, demo):
    plan = make_partnership_plan(by=clerk)
    client.force_login(clerk)
    url = reverse("review_deliveries", args=[demo.slug]) + f"?plan={plan.slug}"
    version = client.get(url).context["form"]["version"].value()
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    frontline = Action.objects.get(strand="Frontline staff")
    chosen = str(numbered(plan, "1.2").pk)
    links_before = list(
        Delivery.objects.values_list("pk", "action", "recommendation", "partnership_action", "position")
    )
    response = client.post(
        url, {"version": version, f"action-{schools.pk}": ["99999"], f"action-{frontline.pk}": [chosen]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose partnership actions from the list: 99999 is not one of them" in page
    assert f'id="id_action-{schools.pk}-error"' in page
    assert f'name="action-{frontline.pk}" type="checkbox" value="{chosen}" checked' in page
    # The demo's own links stand as they were.
    assert links_before
    assert list(Delivery.objects.values_list("pk", "action", "recommendation", "partnership_action", "position")) == (
        links_before
    )


def test_a_page_opened_before_someone_elses_change_saves_nothing(client, clerk, administrator, demo):
    plan = make_partnership_plan(by=clerk)
    client.force_login(clerk)
    url = reverse("review_deliveries", args=[demo.slug])
    version = client.get(url).context["form"]["version"].value()
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    Delivery.objects.set_for(schools, [numbered(plan, "1.1")], by=administrator)
    response = client.post(url, {"version": version, f"action-{schools.pk}": [str(numbered(plan, "1.2").pk)]})
    assert response.status_code == 409
    assert "Someone else changed these links" in response.content.decode()
    assert [link.partnership_action.number for link in schools.deliveries.all()] == ["1.1"]


def test_the_page_makes_as_many_queries_for_500_partnership_actions_as_for_5(client, clerk, demo):
    client.force_login(clerk)
    url = reverse("review_deliveries", args=[demo.slug])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_partnership_plan(by=clerk, actions=5)
    small = queries()
    make_partnership_plan(by=clerk, actions=100, themes=5)
    assert queries() == small


# The pages and the paper -----------------------------------------------------------


def linked_demo(clerk):
    plan, _, _ = plan_with_quarters(clerk, actions=8)
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    Delivery.objects.set_for(schools, [numbered(plan, "1.1"), numbered(plan, "1.6")], by=clerk)
    return plan, schools


def test_the_action_page_and_its_update_form_show_the_linked_actions_rag_word_and_progress(
    client, clerk, councillor, officer, officer_owner, demo
):
    plan, schools = linked_demo(clerk)
    client.force_login(councillor)
    page = client.get(reverse("action_story", args=[schools.pk])).content.decode()
    assert "Delivered through" in page
    # The plan and the action are links to the plan's page, at the action's
    # row; the action is named by its words too (the seed has two 2.1s).
    plan_url = reverse("partnership_plan", args=[plan.slug])
    one_one = numbered(plan, "1.1")
    assert f'<a class="govuk-link" href="{plan_url}">{plan.short_title}</a>' in page
    assert f'href="{plan_url}#partnership-action-{one_one.pk}">1.1 {one_one.text}</a>' in page
    assert ">Green</strong> in Q2 2018" in page
    assert "Progress on 1.1." in page
    assert "No update received yet" in page  # 1.6
    round = demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    schools.reassign([officer_owner], by=clerk)
    entry = round.entries.get(action=schools)
    client.force_login(officer)
    form = client.get(reverse("update_entry", args=[entry.pk])).content.decode()
    assert ">Green</strong> in Q2 2018" in form and "Progress on 1.1." in form
    assert f'href="{plan_url}#partnership-action-{one_one.pk}"' in form
    # The review's page links them too (as at its last published round, before the quarter).
    client.force_login(councillor)
    review_page = client.get(reverse("review_detail", args=[demo.slug])).content.decode()
    linked = f'href="{plan_url}#partnership-action-{one_one.pk}">1.1 {one_one.text}</a> (no update received yet)'
    assert linked in review_page
    # The plan's page has the row the links go to.
    plan_page = client.get(plan_url).content.decode()
    assert f'id="partnership-action-{one_one.pk}"' in plan_page


def test_delivered_through_links_only_to_the_plans_the_reader_may_open(clerk, partner_lead):
    from django.contrib.auth.models import AnonymousUser

    from actionplans import access

    plan = make_partnership_plan(by=clerk)
    other = make_partnership_plan(by=clerk)
    plan.partnership.organisations.first().set_members([partner_lead], by=clerk)
    assert access.readable_plan_slugs(clerk) >= {plan.slug, other.slug}
    assert access.readable_plan_slugs(partner_lead) == {plan.slug}
    assert access.readable_plan_slugs(AnonymousUser()) == set()


def test_the_progress_update_pdf_says_what_delivers_an_action(clerk, demo):
    plan, _ = linked_demo(clerk)
    # The September 2020 round was published before the plan's quarters:
    # as at its publication nothing was received; the open round reads today's.
    september = build_progress_update(demo, rounds=list(demo.rounds.all()), delivered_through=True)
    schools = next(a for a in september.actions if a.strand == "Schools, Colleges and Universities")
    assert schools.delivered_through_words == (
        f"{plan.short_title}, 1.1 (no update received yet)\n{plan.short_title}, 1.6 (no update received yet)"
    )
    round = demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    paper = build_progress_update(demo, rounds=[*demo.rounds.exclude(pk=round.pk), round], delivered_through=True)
    text = squash(pdf_text(render(paper, "pdf", ExportOptions())))
    assert squash(f"Delivered through: {plan.short_title}, 1.1 (Green, Q2 2018)") in text
    assert squash(f"{plan.short_title}, 1.6 (no update received yet)") in text
    expected = f"{plan.short_title}, 1.1 (Green, Q2 2018)"
    assert "Delivered through:</th>" in render(paper, "html", ExportOptions()).decode()
    assert expected in docx_text(Document(io.BytesIO(render(paper, "docx", ExportOptions()))))
    sheet = load_workbook(io.BytesIO(render(paper, "xlsx", ExportOptions()))).active
    column = [cell.value for cell in sheet[HEADING_ROW]].index("Delivered through")
    cells = [row[column] for row in sheet.iter_rows(min_row=HEADING_ROW + 1, values_only=True)]
    assert any(cell and cell.startswith(expected) for cell in cells)


def test_gathering_the_paper_with_links_makes_as_many_queries_for_500_actions_as_for_5(clerk):
    plan, _, _ = plan_with_quarters(clerk, actions=5)

    def queries(count):
        review = make_review()
        round = make_round(review)
        rec = make_recommendation(review)
        Delivery.objects.set_for(rec, [numbered(plan, "1.2")], by=clerk)
        for n in range(count):
            action = make_action(rec, strand=f"Strand {n}")
            Delivery.objects.set_for(action, [numbered(plan, "1.1")], by=clerk)
        with CaptureQueriesContext(connection) as captured:
            paper = build_progress_update(review, rounds=[round], delivered_through=True)
        assert len(paper.actions) == count
        assert paper.actions[-1].delivered_through_words.startswith(f"{plan.short_title}, 1.1 (Green, Q2 2018)")
        return len(captured)

    assert queries(5) == queries(500)


# The plan's side ------------------------------------------------------------------


def test_the_plan_side_says_what_an_action_delivers_to_readers_of_reviews_only(clerk, councillor, partner_lead, demo):
    plan, schools = linked_demo(clerk)
    rec_one = Recommendation.objects.get(review=demo, number=1)
    Delivery.objects.set_for(rec_one, [numbered(plan, "1.6")], by=clerk)
    shown = delivers(plan.actions(), councillor)
    assert [link.label for link in shown[numbered(plan, "1.1").pk]] == [
        "Hate Crime review, Recommendation 1 a) Schools, Colleges and Universities"
    ]
    assert [link.label for link in shown[numbered(plan, "1.6").pk]] == [
        "Hate Crime review, Recommendation 1",
        "Hate Crime review, Recommendation 1 a) Schools, Colleges and Universities",
    ]
    assert shown[numbered(plan, "1.1").pk][0].url == reverse("action_story", args=[schools.pk])
    assert delivers(plan.actions(), partner_lead) == {}


# The demo ---------------------------------------------------------------------


def test_the_demo_links_recommendation_ones_actions_to_the_plan_that_delivers_them(demo):
    """load_demo links Recommendation 1's actions to seed 002's plan, by
    the clerk, through the verb."""
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.get(username="clerk")
    plan = PartnershipPlan.objects.get(slug=PLAN_SLUG)
    assert Delivery.objects.count() == 15
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    assert [link.partnership_action.number for link in schools.deliveries.all()] == ["1.6", "1.7", "1.8"]
    meeting = Action.objects.get(recommendation__number=1, sub_action__letter="d")
    assert meeting.deliveries.get().partnership_action == numbered(plan, "2.1", theme="2")
    assert Delivery.history.filter(history_user=clerk).count() == 15


def test_the_paper_says_what_delivers_an_action_only_when_the_clerk_asks(client, clerk, demo):
    """The councils' papers print no "Delivered through": the export form's
    option adds it, and the stored published record (which has none) is
    not what that export answers with."""
    september = demo.rounds.get(period=datetime.date(2020, 9, 1))
    plain = build_progress_update(demo, rounds=list(demo.rounds.all()))
    assert all(not action.delivered_through for action in plain.actions)
    client.force_login(clerk)
    url = reverse("progress_update", args=[demo.slug])
    asked = client.get(url, {"round": september.period_code, "format": "docx", "delivered_through": "on"})
    text = docx_text(Document(io.BytesIO(body(asked))))
    assert "Delivered through" in text and "Hate Crime Action Plan 2018–2019, 1.6" in text
    unasked = client.get(url, {"round": september.period_code, "format": "docx"})
    assert "Delivered through" not in docx_text(Document(io.BytesIO(body(unasked))))


def test_the_plan_page_says_what_each_action_delivers_to_readers_of_the_reviews(client, demo):
    """The reverse of Delivered through, on the plan: under 1.6, the
    scrutiny action it delivers, linked; a partner lead, who does not read
    the reviews, sees none of it."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    url = reverse("partnership_plan", args=[PLAN_SLUG])
    client.force_login(users.get(username="councillor"))
    page = client.get(url).content.decode()
    row = page[page.index('id="partnership-action-') :]
    assert "Delivers:" in page
    assert reverse("action_story", args=[schools.pk]) in row
    client.force_login(users.get(username="opcc.lead"))
    page = client.get(url).content.decode()
    assert client.get(url).status_code == 200 and "Delivers:" not in page
