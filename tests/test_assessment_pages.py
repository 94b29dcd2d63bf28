"""A self-assessment's page, and the clerk's pages that record one: starting
it from the area's last (or blank), a characteristic's Local response with
the actions closing its gap, a new partnership action for a gap, the
details, publishing and deleting. Errors by their fields with the typed
text kept, conflicts, nothing half-saved, the history naming the clerk,
and query counts that do not grow with the framework."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.grading import Rating
from actionplans.models import (
    Action,
    Assessment,
    GapLink,
    LocalResponse,
    Organisation,
    PartnershipAction,
    PartnershipPlan,
    Review,
)
from actionplans.models.partnership import action_anchor
from tests.factories import (
    date_input,
    make_action,
    make_assessment,
    make_framework,
    make_partnership_plan,
    make_recommendation,
    make_review,
)

pytestmark = pytest.mark.django_db

FRAMEWORK = "north-east-hate-incident-standards"
PLAN = "hate-crime-action-plan-2018-2019"


def text_of(response) -> str:
    """The page's main content as a reader reads it: words, not markup."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("&#x27;", "'").replace("&amp;", "&").split())


def published(demo=None) -> Assessment:
    return Assessment.objects.get(framework__slug=FRAMEWORK, status=Assessment.Status.PUBLISHED)


def response_of(assessment, label: str) -> LocalResponse:
    number, letter = label.split()
    return assessment.responses.select_related("characteristic__standard").get(
        characteristic__standard__number=int(number), characteristic__letter=letter
    )


def start_draft(clerk) -> Assessment:
    return Assessment.objects.start(
        framework=published().framework, assessed_on=datetime.date(2021, 3, 1), start_from=published(), by=clerk
    )


def record_url(response) -> str:
    return reverse("record_local_response", args=[response.assessment_id, response.pk])


def record_data(local, **changes) -> dict:
    """The characteristic's form as its page shows it, with `changes`."""
    links = GapLink.objects.filter(local_response=local)
    data = {
        "version": local.version,
        "response": local.response,
        "rating": local.rating,
        "evidence": local.evidence,
        "gap": local.gap,
        "partnership_actions": [str(link.partnership_action_id) for link in links if link.partnership_action_id],
        "scrutiny_actions": [str(link.action_id) for link in links if link.action_id],
    }
    data.update(changes)
    return data


def plan_action(number: str) -> PartnershipAction:
    return PartnershipAction.objects.get(theme__plan__slug=PLAN, number=number)


# The assessment's page ----------------------------------------------------------------


def test_a_councillor_reads_the_published_assessment_standard_by_standard(
    rated_assessment, rated_partnership_updates, client, demo, councillor
):
    client.force_login(councillor)
    page = client.get(reverse("assessment_detail", args=[published().pk]))
    assert page.status_code == 200
    text = text_of(page)
    assert "North East hate incident standards" in text
    assert "Stockton-on-Tees Borough Council" in text
    assert "Assessed on 1 October 2009 (illustrative) Published" in text
    # The summary: seed 003's 14 characteristics, 7 Met, 3 Partly met, 4 Not met.
    assert "14 characteristics; 7 with a gap to close" in text
    assert "All standards 7 3 4 0 14" in text
    assert "1. Third Party Reporting 3 0 1 0 4" in text
    # In the paper's order, each with its function and response.
    assert text.index("1. Third Party Reporting") < text.index("2. Hate Incident Case Management")
    assert text.index("2. Hate Incident Case Management") < text.index("3. Prevention Activity")
    assert "To reduce barriers to reporting hate incidents" in text
    assert "No evaluation has taken place to date" in text
    # 1 D's gap and the partnership action closing it, with its latest RAG,
    # linked to its row on the plan's page.
    assert "Neither the third party reporting mechanisms" in text
    assert (
        "Hate Crime Action Plan 2018–2019, 3.3 Promote Third Party Reporting Centres Latest status: Green, Q2 2018"
        in text
    )
    html = page.content.decode()
    assert f'href="{reverse("partnership_plan", args=[PLAN])}#{action_anchor(plan_action("3.3").pk)}"' in html
    # 2 H's scrutiny action, linked to its page, with its latest grade.
    b = Action.objects.get(strand="Greater publicity for successful prosecutions")
    assert f'href="{reverse("action_story", args=[b.pk])}"' in html
    assert "Latest status: 1, March 2020" in text  # the grade as given: seed 001 prints its code alone
    # Each status coloured as the dashboard colours it, beside its words.
    assert '<strong class="govuk-tag govuk-tag--green">Green, Q2 2018</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--green">1, March 2020</strong>' in html
    # The rating is a word, with its colour beside it.
    assert '<strong class="govuk-tag govuk-tag--yellow">Partly met</strong>' in html
    # Read only: no Change links, no publishing, no earlier assessment to compare with.
    assert "Change" not in text and "Publish the assessment" not in text
    assert reverse("compare_assessments", args=[published().pk]) not in html
    assert reverse("assessment_appendix", args=[published().pk]) in html
    assert reverse("standards_dashboard", args=[FRAMEWORK]) in html


def test_a_draft_is_the_clerks_with_a_change_link_for_each_characteristic(client, demo, clerk, councillor):
    draft = start_draft(clerk)
    url = reverse("assessment_detail", args=[draft.pk])
    client.force_login(councillor)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    page = client.get(url)
    text, html = text_of(page), page.content.decode()
    assert "Assessed on 1 March 2021 Draft" in text
    assert html.count('>Change<span class="govuk-visually-hidden">') == 14
    assert record_url(response_of(draft, "1 A")) in html
    for name in ("publish_assessment", "change_assessment", "delete_assessment"):
        assert reverse(name, args=[draft.pk]) in html
    # Started from the published one: what moved is a link away.
    assert "What moved since the assessment of 1 October 2009 (illustrative)" in text
    assert reverse("compare_assessments", args=[draft.pk]) in html


def test_a_published_assessment_offers_the_clerk_a_new_one_not_changes(client, demo, clerk):
    client.force_login(clerk)
    page = client.get(reverse("assessment_detail", args=[published().pk]))
    assert reverse("start_assessment", args=[FRAMEWORK]) in page.content.decode()
    assert "Change" not in text_of(page)


def test_an_action_of_a_plan_being_set_up_is_neither_named_nor_linked_for_a_councillor(client, demo, clerk, councillor):
    draft_review = make_review("Domestic Abuse", status=Review.Status.SETTING_UP)
    hidden = make_action(make_recommendation(draft_review), agreed_action="Train every housing officer.")
    draft = start_draft(clerk)
    one_d = response_of(draft, "1 D")
    GapLink.objects.create(local_response=one_d, action=hidden, position=9)  # as one linked before the rule
    draft.publish(by=clerk)
    client.force_login(councillor)
    page = client.get(reverse("assessment_detail", args=[draft.pk]))
    assert "Domestic Abuse" not in text_of(page) and "housing officer" not in text_of(page)
    assert reverse("action_story", args=[hidden.pk]) not in page.content.decode()
    client.force_login(clerk)
    page = client.get(page.request["PATH_INFO"])
    assert "Domestic Abuse review, Recommendation 1" in text_of(page)
    assert reverse("action_story", args=[hidden.pk]) in page.content.decode()


def test_the_assessments_page_takes_the_same_queries_for_5_and_500_characteristics(client, clerk, councillor):
    plan = make_partnership_plan(by=clerk, actions=2)
    scrutiny = make_action(make_recommendation(make_review()))
    closing = [*plan.actions(), scrutiny]

    def queries(size, user, publish):
        framework = make_framework(by=clerk, standards=5 if size > 5 else 2, characteristics=size, levels=False)
        assessment = make_assessment(framework, by=clerk, closing=closing, publish=publish)
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("assessment_detail", args=[assessment.pk]))
        assert page.status_code == 200
        assert text_of(page).count("Latest status: No update received") == 3 * len(
            [r for r in assessment.responses.all() if r.leaves_a_gap]
        )
        return len(captured)

    assert queries(5, councillor, True) == queries(500, councillor, True)
    assert queries(5, clerk, False) == queries(500, clerk, False)


# Starting an assessment ---------------------------------------------------------------


def start_data(**changes) -> dict:
    data = {
        "area": "council",
        **date_input("assessed_on", datetime.date(2021, 3, 1)),
        "agenda_header": "Item No: 7 Appendix B",
        "start_from": "last",
    }
    data.update(changes)
    return data


def test_the_start_page_names_the_last_assessment_with_its_date(client, demo, clerk):
    client.force_login(clerk)
    page = client.get(reverse("start_assessment", args=[FRAMEWORK]))
    text = text_of(page)
    assert "The last assessment of Stockton-on-Tees Borough Council: 1 October 2009 (illustrative) (published)" in text
    assert "Stockton-On-Tees Hate Crime Group" in text  # a partnership may assess itself too
    html = page.content.decode()
    assert 'value="last" aria-describedby="id_start_from_0-hint" checked' in html
    assert 'value="council" checked' in html


def test_a_new_assessment_starts_with_the_last_ones_agenda_header_to_change(client, demo, clerk):
    assert published().agenda_header == "Item No: 12 Appendix A"
    client.force_login(clerk)
    page = client.get(reverse("start_assessment", args=[FRAMEWORK]))
    html = page.content.decode()
    assert re.search(r'name="agenda_header"[^>]*value="Item No: 12 Appendix A"', html)
    assert (
        "As the last assessment (Stockton-on-Tees Borough Council, 1 October 2009 (illustrative)) was headed"
        in text_of(page)
    )
    # Changed for this meeting, it is saved as typed.
    client.post(reverse("start_assessment", args=[FRAMEWORK]), start_data(agenda_header="Item No: 9 Appendix A"))
    assert Assessment.objects.get(status=Assessment.Status.DRAFT).agenda_header == "Item No: 9 Appendix A"


def test_the_clerk_starts_from_the_councils_last_assessment(rated_assessment, client, demo, clerk):
    client.force_login(clerk)
    page = client.post(reverse("start_assessment", args=[FRAMEWORK]), start_data(), follow=True)
    draft = Assessment.objects.get(status=Assessment.Status.DRAFT)
    assert page.redirect_chain[-1][0] == reverse("assessment_detail", args=[draft.pk])
    assert "was started from its last assessment, of 1 October 2009 (illustrative)" in text_of(page)
    assert (draft.assessed_on, draft.agenda_header, draft.partnership, draft.started_from) == (
        datetime.date(2021, 3, 1), "Item No: 7 Appendix B", None, published(),
    )  # fmt: skip
    one_d = response_of(draft, "1 D")
    assert (one_d.rating, one_d.response) == ("not_met", "No evaluation has taken place to date")
    assert [link.partnership_action for link in one_d.links.all()] == [plan_action("3.3")]
    assert draft.history.get().history_user == clerk
    assert {row.history_user for row in LocalResponse.history.filter(assessment_id=draft.pk)} == {clerk}


def test_a_partnership_starts_blank(client, demo, clerk):
    client.force_login(clerk)
    client.post(
        reverse("start_assessment", args=[FRAMEWORK]),
        start_data(area="stockton-hate-crime-group", start_from="blank"),
    )
    draft = Assessment.objects.get(status=Assessment.Status.DRAFT)
    assert draft.partnership.slug == "stockton-hate-crime-group"
    assert set(draft.responses.values_list("rating", flat=True)) == {Rating.NOT_ASSESSED}
    assert draft.responses.count() == 14 and not GapLink.objects.filter(local_response__assessment=draft).exists()


def test_an_area_with_no_assessment_cannot_start_from_its_last(client, demo, clerk):
    client.force_login(clerk)
    page = client.post(reverse("start_assessment", args=[FRAMEWORK]), start_data(area="stockton-hate-crime-group"))
    assert page.status_code == 200
    text = text_of(page)
    assert "There is a problem" in text
    assert "Stockton-On-Tees Hate Crime Group has no assessment against this framework yet: start a blank one" in text
    assert 'value="Item No: 7 Appendix B"' in page.content.decode()
    assert Assessment.objects.count() == 1


def test_a_date_in_the_future_is_refused_by_the_field(client, demo, clerk):
    client.force_login(clerk)
    future = datetime.date.today() + datetime.timedelta(days=40)
    page = client.post(reverse("start_assessment", args=[FRAMEWORK]), start_data(**date_input("assessed_on", future)))
    html = page.content.decode()
    assert 'id="id_assessed_on-error"' in html
    assert "The date of the assessment must be today or in the past." in text_of(page)
    assert f'value="{future.year}"' in html
    assert Assessment.objects.count() == 1
    page = client.post(
        reverse("start_assessment", args=[FRAMEWORK]),
        start_data(assessed_on_day="", assessed_on_month="", assessed_on_year=""),
    )
    assert "Enter the date assessed" in text_of(page)


# One characteristic's Local response ---------------------------------------------------


def test_the_characteristic_page_shows_its_text_function_and_chosen_actions_first(
    rated_assessment, rated_partnership_updates, client, demo, clerk
):
    draft = start_draft(clerk)
    client.force_login(clerk)
    page = client.get(record_url(response_of(draft, "1 D")))
    text, html = text_of(page), page.content.decode()
    assert "1 D: Third Party Reporting" in text
    assert "are regularly evaluated" in text and "To identify and address any required improvements" in text
    assert "What is not yet in place" in text
    assert "Hate Crime Action Plan 2018–2019, 3.3 (Green, Q2 2018)" in text
    # The plan with the action ticked comes first, open; the others closed.
    details = re.findall(r"<details class=\"govuk-details[^\"]*\"( open)?>\s*<summary[^>]*><span[^>]*>([^<]+)", html)
    assert details[0] == (" open", "Hate Crime Action Plan 2018–2019 (1 ticked)")
    assert ("", "Hate Crime Action Plan 2010–2011") in details and ("", "Hate Crime review") in details
    assert re.search(rf'value="{plan_action("3.3").pk}" checked', html)
    assert f'name="version" value="{response_of(draft, "1 D").version}"' in html


def test_partly_met_without_a_gap_is_refused_by_the_field_keeping_what_was_typed(client, demo, clerk):
    draft = start_draft(clerk)
    one_a = response_of(draft, "1 A")
    before = (one_a.version, one_a.rating, one_a.response)
    client.force_login(clerk)
    data = record_data(
        one_a,
        rating="partly_met",
        response="Forms are at 12 reception points.\n- but not in libraries",
        evidence="The reception points' list.",
        partnership_actions=[str(plan_action("3.3").pk)],
    )
    page = client.post(record_url(one_a), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="gap-error"' in html or 'id="id_gap-error"' in html
    assert "Say what the gap is: what is not yet in place for a characteristic partly met." in text_of(page)
    assert "Forms are at 12 reception points.\n- but not in libraries</textarea>" in html
    assert "The reception points&#x27; list.</textarea>" in html
    assert 'value="partly_met" checked' in html
    assert re.search(rf'value="{plan_action("3.3").pk}" checked', html)
    one_a.refresh_from_db()
    assert (one_a.version, one_a.rating, one_a.response) == before
    assert not one_a.links.exists()


def test_the_clerk_records_the_gap_and_the_actions_closing_it(rated_partnership_updates, client, demo, clerk):
    draft = start_draft(clerk)
    one_a = response_of(draft, "1 A")
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    client.force_login(clerk)
    data = record_data(
        one_a,
        rating="partly_met",
        gap="Libraries are not yet reception points.",
        partnership_actions=[str(plan_action("3.3").pk)],
        scrutiny_actions=[str(schools.pk)],
    )
    page = client.post(record_url(one_a), data, follow=True)
    assert (
        page.redirect_chain[-1][0] == reverse("assessment_detail", args=[draft.pk]) + f"#{one_a.characteristic.anchor}"
    )
    text = text_of(page)
    assert "1 A was saved: Partly met." in text
    assert "Libraries are not yet reception points." in text
    assert (
        "Hate Crime Action Plan 2018–2019, 3.3 Promote Third Party Reporting Centres Latest status: Green, Q2 2018"
        in text
    )
    one_a.refresh_from_db()
    assert (one_a.rating, one_a.gap, one_a.version) == ("partly_met", "Libraries are not yet reception points.", 2)
    assert [link.partnership_action or link.action for link in one_a.links.order_by("position")] == [
        plan_action("3.3"), schools,
    ]  # fmt: skip
    # Who did it, in the history: the response and each link.
    assert one_a.history.first().history_user == clerk
    assert {row.history_user for row in GapLink.history.filter(local_response_id=one_a.pk)} == {clerk}
    # Unticking one keeps the other, in its place.
    client.post(record_url(one_a), record_data(one_a, partnership_actions=[]))
    assert [link.action for link in one_a.links.all()] == [schools]


def test_a_clerk_saving_over_another_clerks_change_sees_theirs_and_keeps_what_they_typed(
    client, demo, clerk, administrator
):
    draft = start_draft(clerk)
    one_a = response_of(draft, "1 A")
    opened = record_data(one_a)
    one_a.record(
        by=administrator, version=one_a.version, response="The administrator's response.", rating="partly_met",
        evidence="", gap="The administrator's gap.", actions=[plan_action("1.1")],
    )  # fmt: skip
    client.force_login(clerk)
    page = client.post(
        record_url(one_a),
        {**opened, "response": "My own response.", "rating": "not_met", "gap": "My gap.", "partnership_actions": []},
    )
    assert page.status_code == 409
    text, html = text_of(page), page.content.decode()
    assert "Your changes were not saved" in text
    assert "Ada Admin changed 1 A" in text
    assert "The administrator&#x27;s response.</textarea>" in html
    assert re.search(rf'value="{plan_action("1.1").pk}" checked', html)
    assert "Saved now, with each one’s latest status: Hate Crime Action Plan 2018–2019, 1.1 (" in text
    assert "What you typed" in text and "My own response." in text and "My gap." in text
    assert f'name="version" value="{one_a.version}"' in html
    one_a.refresh_from_db()
    assert (one_a.response, one_a.rating) == ("The administrator's response.", "partly_met")
    assert [link.partnership_action for link in one_a.links.all()] == [plan_action("1.1")]


def test_the_conflict_page_shows_their_rating_and_the_one_the_clerk_chose(client, demo, clerk, administrator):
    draft = start_draft(clerk)
    one_a = response_of(draft, "1 A")
    opened = record_data(one_a)
    one_a.record(
        by=administrator, version=one_a.version, response="Theirs.", rating="partly_met", evidence="",
        gap="Their gap.", actions=[],
    )  # fmt: skip
    client.force_login(clerk)
    page = client.post(record_url(one_a), {**opened, "response": "Mine.", "rating": "met"})
    assert page.status_code == 409
    text, html = text_of(page), page.content.decode()
    assert "Their version is in the form below: they rated it Partly met, and you chose Met." in text
    assert 'value="partly_met" checked' in html  # theirs, in the form
    typed = text[text.index("What you typed") :]
    assert "Local response Mine. Rating Met" in typed
    one_a.refresh_from_db()
    assert (one_a.rating, one_a.gap) == ("partly_met", "Their gap.")


def test_saving_met_says_before_and_after_that_it_removes_the_recorded_gap_and_its_actions(
    rated_assessment, client, demo, clerk
):
    draft = start_draft(clerk)
    one_d = response_of(draft, "1 D")
    gap = one_d.gap
    assert gap and one_d.links.count() == 1
    client.force_login(clerk)
    page = client.get(record_url(one_d))
    assert f"Saving it Met or Not assessed removes the recorded gap: “{gap}”, and the action closing it." in text_of(
        page
    )
    saved = client.post(record_url(one_d), record_data(one_d, rating="met"), follow=True)
    banner = text_of(saved)
    assert f"1 D was saved: Met. Saving it Met removed the gap that was recorded: “{gap}”, and the action" in banner
    assert "closing it: Hate Crime Action Plan 2018–2019, 3.3" in banner
    one_d.refresh_from_db()
    assert (one_d.rating, one_d.gap) == ("met", "") and not one_d.links.exists()
    # The gap is in the history, with who removed it.
    latest, before = one_d.history.all()[:2]
    assert (latest.history_user, latest.gap, before.gap) == (clerk, "", gap)
    # Nothing recorded, nothing said: the page has no warning for a characteristic without a gap.
    assert "removes the recorded gap" not in text_of(client.get(record_url(one_d)))


def test_an_action_not_on_the_list_is_refused_and_nothing_saved(client, demo, clerk):
    draft = start_draft(clerk)
    one_d = response_of(draft, "1 D")
    client.force_login(clerk)
    page = client.post(record_url(one_d), record_data(one_d, response="Changed", partnership_actions=["999999"]))
    assert "Choose partnership actions from the list: 999999 is not one of them" in text_of(page)
    one_d.refresh_from_db()
    assert one_d.response == "No evaluation has taken place to date" and one_d.version == 1


def test_a_published_assessments_characteristic_is_not_changed(rated_assessment, client, demo, clerk):
    one_a = response_of(published(), "1 A")
    client.force_login(clerk)
    page = client.get(record_url(one_a))
    assert page.status_code == 200
    assert "This assessment is published, so it is the committee’s record" in text_of(page)
    assert "<form" not in page.content.decode().split("<main")[1]
    before = one_a.version
    page = client.post(record_url(one_a), record_data(one_a, rating="not_met", gap="Changed"))
    assert page.status_code == 409
    one_a.refresh_from_db()
    assert (one_a.version, one_a.rating) == (before, "met")


def test_a_response_of_another_assessment_is_not_found(client, demo, clerk):
    draft = start_draft(clerk)
    client.force_login(clerk)
    other = response_of(published(), "1 A")
    assert client.get(reverse("record_local_response", args=[draft.pk, other.pk])).status_code == 404


def test_the_characteristic_page_takes_the_same_queries_for_5_and_500_actions(client, clerk):
    assessment = make_assessment(make_framework(by=clerk, characteristics=4, levels=False), by=clerk)
    gap = assessment.responses.get(rating="partly_met")
    client.force_login(clerk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(record_url(gap)).status_code == 200
        return len(captured)

    small_plan = make_partnership_plan(by=clerk, actions=5)
    review = make_review()
    make_action(make_recommendation(review))
    gap.record(by=clerk, version=gap.version, response="", rating="partly_met", evidence="", gap="x",
               actions=[*small_plan.actions()[:2], Action.objects.get(recommendation__review=review)])  # fmt: skip
    small = queries()
    big = make_partnership_plan(by=clerk, actions=100, themes=5)
    for n in range(20):
        make_action(make_recommendation(make_review()), strand=f"Strand {n}")
    gap.refresh_from_db()
    gap.record(by=clerk, version=gap.version, response="", rating="partly_met", evidence="", gap="x",
               actions=[*big.actions()[:50], *Action.objects.all()[:20]])  # fmt: skip
    assert queries() == small


# A new partnership action for a gap ----------------------------------------------------


def new_action_url(response) -> str:
    return reverse("new_gap_action", args=[response.assessment_id, response.pk])


def new_action_data(local, **changes) -> dict:
    theme = plan_action("3.3").theme
    data = {
        "version": local.version,
        "theme": theme.pk,
        "number": "3.9",
        "text": "Evaluate the Third Party Reporting Centres with the case management group.",
        "lead_organisations": [str(org.pk) for org in theme.plan.partnership.organisations.order_by("position")[:1]],
        "target_text": "March 2022",
        "target_month_month": "3",
        "target_month_year": "2022",
        "outcome": "Each centre's reports are followed up.",
    }
    data.update(changes)
    return data


def test_the_clerk_adds_a_new_partnership_action_that_closes_the_gap(rated_assessment, client, demo, clerk):
    draft = start_draft(clerk)
    one_d = response_of(draft, "1 D")
    client.force_login(clerk)
    page = client.get(new_action_url(one_d))
    text = text_of(page)
    assert "Add a new action to a partnership plan to close this gap" in text
    assert "A scrutiny review’s action is added on the review’s plan pages" in text
    assert '<optgroup label="Hate Crime Action Plan 2018–2019 (Stockton-On-Tees Hate Crime Group)">' in (
        page.content.decode()
    )
    page = client.post(new_action_url(one_d), new_action_data(one_d), follow=True)
    assert "3.9 was added to Hate Crime Action Plan 2018–2019" in text_of(page)
    new = PartnershipAction.objects.get(number="3.9")
    theme = plan_action("3.3").theme
    assert new.theme == theme and new.position == theme.actions.count() - 1
    assert new.target_month == datetime.date(2022, 3, 1) and new.leads == new.lead_organisations.get().short_name
    assert [link.partnership_action for link in one_d.links.order_by("position")] == [plan_action("3.3"), new]
    assert {row.history_user for row in new.history.all()} == {clerk}
    assert GapLink.history.filter(partnership_action_id=new.pk).get().history_user == clerk


def test_a_new_action_led_by_another_partnerships_organisation_is_refused_whole(rated_assessment, client, demo, clerk):
    draft = start_draft(clerk)
    one_d = response_of(draft, "1 D")
    stranger = Organisation.objects.exclude(partnership__plans__slug=PLAN).first()
    client.force_login(clerk)
    page = client.post(new_action_url(one_d), new_action_data(one_d, lead_organisations=[str(stranger.pk)]))
    assert page.status_code == 200
    assert 'id="id_lead_organisations-error"' in page.content.decode()
    assert 'href="#id_lead_organisations_0"' in page.content.decode()  # the error summary's link to the boxes
    assert "is not one of Stockton-On-Tees Hate Crime Group" in text_of(page)
    assert "Evaluate the Third Party Reporting Centres" in page.content.decode()
    assert not PartnershipAction.objects.filter(number="3.9").exists()
    assert one_d.links.count() == 1


def test_a_new_action_after_the_response_changed_adds_nothing_and_keeps_the_typing(client, demo, clerk, administrator):
    draft = start_draft(clerk)
    one_d = response_of(draft, "1 D")
    data = new_action_data(one_d)
    one_d.record(by=administrator, version=one_d.version, response="Now evaluated.", rating="partly_met",
                 evidence="", gap="Still to report.", actions=[])  # fmt: skip
    client.force_login(clerk)
    page = client.post(new_action_url(one_d), data)
    assert page.status_code == 409
    text, html = text_of(page), page.content.decode()
    assert "The action was not added" in text and "Ada Admin changed 1 D" in text
    assert "Evaluate the Third Party Reporting Centres with the case management group.</textarea>" in html
    assert f'name="version" value="{one_d.version}"' in html
    assert "Still to report." in text
    assert not PartnershipAction.objects.filter(number="3.9").exists()
    # Sent again, now at the current version, it is added.
    page = client.post(new_action_url(one_d), {**data, "version": one_d.version})
    assert page.status_code == 302
    assert [link.partnership_action.number for link in one_d.links.all()] == ["3.9"]


def test_a_characteristic_met_has_no_gap_for_a_new_action(rated_assessment, client, demo, clerk):
    draft = start_draft(clerk)
    one_a = response_of(draft, "1 A")
    client.force_login(clerk)
    page = client.get(new_action_url(one_a))
    assert "1 A is rated Met, so it has no gap to close." in text_of(page)
    assert 'name="theme"' not in page.content.decode()
    assert client.post(new_action_url(one_a), new_action_data(one_a)).status_code == 409
    assert not PartnershipAction.objects.filter(number="3.9").exists()


def test_a_new_action_needs_its_text_and_theme(rated_assessment, client, demo, clerk):
    draft = start_draft(clerk)
    one_d = response_of(draft, "1 D")
    client.force_login(clerk)
    page = client.post(new_action_url(one_d), new_action_data(one_d, text="", theme=""))
    text = text_of(page)
    assert "Enter the action" in text and "Choose the plan’s theme" in text
    assert 'value="March 2022"' in page.content.decode()
    assert not PartnershipAction.objects.filter(number="3.9").exists()


# Details, publishing and deleting -------------------------------------------------------


def test_the_clerk_changes_the_date_and_agenda_header(client, demo, clerk):
    draft = start_draft(clerk)
    client.force_login(clerk)
    data = {**date_input("assessed_on", datetime.date(2021, 2, 26)), "agenda_header": "Item No: 9 Appendix A"}
    page = client.post(reverse("change_assessment", args=[draft.pk]), data, follow=True)
    assert "Assessed on 26 February 2021" in text_of(page)
    draft.refresh_from_db()
    assert (draft.assessed_on, draft.agenda_header) == (datetime.date(2021, 2, 26), "Item No: 9 Appendix A")
    assert draft.history.first().history_user == clerk


def test_a_published_assessments_details_are_not_changed(client, demo, clerk):
    client.force_login(clerk)
    url = reverse("change_assessment", args=[published().pk])
    assert "This assessment is published" in text_of(client.get(url))
    data = {**date_input("assessed_on", datetime.date(2021, 2, 26)), "agenda_header": "Changed"}
    assert client.post(url, data).status_code == 409
    assert published().agenda_header == "Item No: 12 Appendix A"


def test_the_clerk_publishes_a_draft_after_being_told_what_is_still_not_assessed(client, demo, clerk):
    draft = Assessment.objects.start(framework=published().framework, assessed_on=datetime.date(2021, 3, 1), by=clerk)
    url = reverse("publish_assessment", args=[draft.pk])
    client.force_login(clerk)
    text = text_of(client.get(url))
    assert "Readers will see it" in text and "It cannot be changed after" in text
    assert "14 characteristics are still Not assessed." in text
    page = client.post(url, follow=True)
    assert "is published: readers see it now" in text_of(page)
    draft.refresh_from_db()
    assert draft.is_published and draft.history.first().history_user == clerk
    assert client.post(url).status_code == 409


def test_the_clerk_deletes_a_draft_not_a_published_assessment(client, demo, clerk):
    draft = start_draft(clerk)
    client.force_login(clerk)
    url = reverse("delete_assessment", args=[draft.pk])
    assert "Delete the draft" in text_of(client.get(url))
    page = client.post(url)
    assert page["Location"] == reverse("framework_detail", args=[FRAMEWORK])
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    assert Assessment.history.filter(id=draft.pk, history_type="-").get().history_user == clerk
    url = reverse("delete_assessment", args=[published().pk])
    assert "cannot be deleted" in text_of(client.get(url))
    assert client.post(url).status_code == 409
    assert published().responses.count() == 14
    assert PartnershipPlan.objects.filter(slug=PLAN).exists()


def test_the_clerks_pages_take_the_same_queries_for_5_and_500_characteristics(client, clerk):
    client.force_login(clerk)

    def queries(size):
        framework = make_framework(by=clerk, standards=3, characteristics=size, levels=False)
        assessment = make_assessment(framework, by=clerk)
        counts = []
        for name in ("start_assessment", "change_assessment", "publish_assessment", "delete_assessment"):
            arg = assessment.framework.slug if name == "start_assessment" else assessment.pk
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name, args=[arg])).status_code == 200
            counts.append(len(captured))
        return counts

    assert queries(5) == queries(500)
