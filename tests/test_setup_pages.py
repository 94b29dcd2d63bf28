"""The set-up pages through the client: a clerk builds a plan page by page,
the page keeps what was typed, saves all or nothing, and nobody but clerks
and administrators sees a draft."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action, Committee, Owner, Recommendation, Review, SubAction
from reports.progress_update.builder import build_progress_update
from tests.factories import date_input, make_action, make_committee, make_owner, make_recommendation, make_sub_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "satnam": make_owner("Satnam Singh"),
        "neil": make_owner("Neil Mitchell"),
        "group": make_owner("All Stockton hate crime group members", kind=Owner.Kind.ROLE),
    }


@pytest.fixture
def committee(db):
    return make_committee("Crime and Disorder Select Committee")


@pytest.fixture
def draft(clerk, committee, people):
    return Review.objects.set_up(
        committee=committee,
        title="Hate Crime",
        action_plan_agreed=datetime.date(2019, 3, 1),
        link_officers=[people["satnam"]],
        by=clerk,
    )


def record_fields(prefix, *owners, strand=None, month="10", year="2019", text="", action="Do it.", measure="Done."):
    data = {
        f"{prefix}-pk": "",
        f"{prefix}-target_month_month": month,
        f"{prefix}-target_month_year": year,
        f"{prefix}-target_text": text,
        f"{prefix}-agreed_action": action,
        f"{prefix}-success_measure": measure,
    }
    if strand is not None:
        data[f"{prefix}-strand"] = strand
    for n, owner in enumerate(owners):
        data[f"{prefix}-owner_{n}"] = str(owner.pk)
    return data


def a_recommendation(review, people, **changes):
    """Recommendation text, its own record, and a) in two strands, as posted."""
    data = {
        "version": str(review.version),
        "rec-text": "That the Stockton Hate Crime Group incorporate the following actions:",
        "rec-has_own": "1",
        "rec-strands": "0",
        **record_fields("rec-own", people["satnam"]),
        "parts": "1",
        "p0-pk": "",
        "p0-text": "targeted awareness raising for:",
        "p0-has_own": "",
        "p0-strands": "2",
        **record_fields("p0-s0", people["group"], people["satnam"], strand="Frontline staff"),
        **record_fields("p0-s1", people["neil"], strand="Younger men", month="", year="", text="Reviewed in 2019"),
        "do": "save",
    }
    data.update(changes)
    return data


def test_a_clerk_sets_up_a_review_as_a_draft(client, clerk, committee, people):
    client.force_login(clerk)
    assert "Set up a review" in client.get(reverse("home")).content.decode()
    response = client.post(
        reverse("set_up_review"),
        {
            "committee": committee.pk,
            "title": "Hate Crime",
            "owner_0": people["satnam"].pk,
            "owner_1": "",
            "action_plan_agreed_month": "3",
            "action_plan_agreed_year": "2019",
        },
    )
    review = Review.objects.get()
    assert response["Location"] == reverse("review_plan", args=[review.slug])
    assert review.status == Review.Status.SETTING_UP
    assert review.action_plan_agreed == datetime.date(2019, 3, 1)
    assert list(review.link_officers.all()) == [people["satnam"]]
    landing = client.get(response["Location"]).content.decode()
    assert "Being set up" in landing
    # Where a new review lands, the clerk can bring the plan in from a file.
    link = f'href="{reverse("import_upload", args=[review.slug])}">'
    assert f"{link}Import the plan from a spreadsheet or Word paper" in landing


def test_the_review_form_says_what_is_wrong_and_keeps_what_was_typed(client, clerk, committee):
    client.force_login(clerk)
    response = client.post(
        reverse("set_up_review"),
        {"committee": committee.pk, "title": "Hate Crime", "action_plan_agreed_month": "13"},
    )
    page = response.content.decode()
    assert "Action plan agreed must include a year" in page
    assert 'value="Hate Crime"' in page
    assert not Review.objects.exists()


def test_a_whole_recommendation_is_saved_from_one_page(client, clerk, draft, people):
    client.force_login(clerk)
    url = reverse("add_recommendation", args=[draft.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, a_recommendation(draft, people))
    assert response.status_code == 302, response.content.decode()[:3000]
    actions = list(Action.objects.filter(recommendation__review=draft).in_document_order())
    assert [a.reference for a in actions] == ["1", "1 a) Frontline staff", "1 a) Younger men"]
    assert [a.target_label for a in actions] == ["October 2019", "October 2019", "Reviewed in 2019"]
    assert [link.owner for link in actions[1].responsibilities.all()] == [people["group"], people["satnam"]]
    assert {row.history_user for row in Action.history.all()} == {clerk}
    # The page shows it again as saved, owners in order.
    page = client.get(reverse("change_recommendation", args=[draft.slug, 1])).content.decode()
    assert "Frontline staff" in page and "Reviewed in 2019" in page


def test_a_page_with_errors_keeps_what_was_typed_and_saves_nothing(client, clerk, draft, people):
    client.force_login(clerk)
    data = a_recommendation(draft, people, **{"p0-s1-agreed_action": "", "p0-s1-target_text": ""})
    response = client.post(reverse("add_recommendation", args=[draft.slug]), data)
    page = response.content.decode()
    assert "There is a problem" in page
    # The record first, and no doubled bracket after the part's letter.
    assert "Strand 2 of a): Enter the agreed action" in page
    assert "a))" not in page
    assert "Enter the target month, or the date as the plan words it" in page
    assert "Frontline staff" in page and "targeted awareness raising for:" in page
    assert f'<option value="{people["group"].pk}" selected>' in page
    assert not Recommendation.objects.filter(review=draft).exists()
    assert not SubAction.objects.exists()


def test_add_and_remove_buttons_change_the_page_and_keep_what_was_typed(client, clerk, draft, people):
    client.force_login(clerk)
    url = reverse("add_recommendation", args=[draft.slug])
    data = a_recommendation(draft, people, do="add_part")
    page = client.post(url, data).content.decode()
    assert 'name="parts" value="2"' in page
    assert "Frontline staff" in page
    assert not Recommendation.objects.exists()
    data = a_recommendation(draft, people, do="remove_strand:p0:0")
    page = client.post(url, data).content.decode()
    assert 'value="Frontline staff"' not in page
    assert 'value="Younger men"' in page
    assert 'name="p0-s0-strand"' in page  # the second strand is now the first
    data = a_recommendation(draft, people, do="move_strand_up:p0:1")
    page = client.post(url, data).content.decode()
    assert page.index('value="Younger men"') < page.index('value="Frontline staff"')
    assert "There is a problem" not in page


def test_a_stale_page_is_refused_and_keeps_what_was_typed(client, clerk, draft, people):
    client.force_login(clerk)
    data = a_recommendation(draft, people)
    client.post(reverse("add_recommendation", args=[draft.slug]), data)
    response = client.post(reverse("add_recommendation", args=[draft.slug]), {**data, "rec-text": "Mine"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Carla Clerk changed this plan" in page
    assert "Mine" in page
    assert Recommendation.objects.filter(review=draft).count() == 1


def test_check_your_answers_names_what_to_fix_then_confirms(client, clerk, draft, people):
    client.force_login(clerk)
    check = reverse("check_plan", args=[draft.slug])
    response = client.post(check, {"version": draft.version})
    assert "Add at least one recommendation" in response.content.decode()
    client.post(reverse("add_recommendation", args=[draft.slug]), a_recommendation(draft, people))
    draft.refresh_from_db()
    page = client.get(check).content.decode()
    assert "Check the plan before confirming it" in page
    assert "All Stockton hate crime group members, Satnam Singh" in page
    response = client.post(check, {"version": draft.version})
    assert response["Location"] == reverse("review_detail", args=[draft.slug])
    draft.refresh_from_db()
    assert draft.status == Review.Status.MONITORING


def test_a_clerk_looking_at_a_review_sees_a_link_to_change_it(client, clerk, councillor, demo):
    client.force_login(clerk)
    assert (
        reverse("review_plan", args=[demo.slug])
        in client.get(reverse("review_detail", args=[demo.slug])).content.decode()
    )
    client.force_login(councillor)
    assert (
        reverse("review_plan", args=[demo.slug])
        not in client.get(reverse("review_detail", args=[demo.slug])).content.decode()
    )


def test_a_councillor_sees_nothing_of_a_draft(client, clerk, councillor, officer, draft, people):
    client.force_login(clerk)
    client.post(reverse("add_recommendation", args=[draft.slug]), a_recommendation(draft, people))
    draft.committee.members.add(councillor)
    action = Action.objects.filter(recommendation__review=draft).first()
    for user in (councillor, officer):
        client.force_login(user)
        assert client.get(reverse("review_detail", args=[draft.slug])).status_code == 404
        assert client.get(reverse("progress_update", args=[draft.slug])).status_code == 404
        assert client.get(reverse("action_story", args=[action.pk])).status_code == 404
        for url in (
            reverse("home"),
            reverse("committee_dashboard", args=[draft.committee.slug]),
            reverse("action_list"),
            reverse("action_list") + f"?review={draft.pk}",
        ):
            page = client.get(url).content.decode()
            assert "Hate Crime" not in page, url
            assert "Frontline staff" not in page, url
        assert client.get(reverse("review_plan", args=[draft.slug])).status_code == 403


def test_moving_and_removing_recommendations_from_the_plan_page(client, clerk, draft, people):
    client.force_login(clerk)
    for text in ("First", "Second"):
        draft.refresh_from_db()
        client.post(
            reverse("add_recommendation", args=[draft.slug]), a_recommendation(draft, people, **{"rec-text": text})
        )
    draft.refresh_from_db()
    client.post(reverse("move_recommendation", args=[draft.slug, 2]), {"direction": "up", "version": draft.version})
    assert list(draft.recommendations.order_by("number").values_list("text", flat=True)) == ["Second", "First"]
    draft.refresh_from_db()
    assert client.get(reverse("remove_recommendation", args=[draft.slug, 1])).status_code == 200
    client.post(reverse("remove_recommendation", args=[draft.slug, 1]), {"version": draft.version})
    assert list(draft.recommendations.values_list("number", "text")) == [(1, "First")]


def test_removing_an_action_with_updates_says_why_not(client, clerk, demo):
    client.force_login(clerk)
    response = client.post(reverse("remove_recommendation", args=[demo.slug, 4]), {"version": demo.version})
    assert response.status_code == 409
    assert "4 has updates in the March 2020 round: the committee closes an action rather than deleting it" in (
        response.content.decode()
    )


def _plan_of(size, clerk):
    review = Review.objects.set_up(
        committee=make_committee(), title=f"Plan {size}", action_plan_agreed=datetime.date(2019, 3, 1),
        link_officers=[], by=clerk,
    )  # fmt: skip
    owners = [make_owner() for _ in range(3)]
    for _ in range(max(1, size // 5)):
        rec = make_recommendation(review)
        sub = make_sub_action(rec, letter="a")
        for n in range(min(5, size)):
            make_action(rec, owners=owners[:2], sub_action=sub, strand=f"Strand {n}", position=n)
    return review


@pytest.mark.parametrize("url_name", ["review_plan", "check_plan"])
def test_the_plan_pages_read_the_same_number_of_times_at_5_and_500_actions(client, clerk, url_name):
    client.force_login(clerk)
    counts = []
    for size in (5, 500):
        review = _plan_of(size, clerk)
        assert Action.objects.filter(recommendation__review=review).count() == size
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name, args=[review.slug])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_month_and_year_of_the_plan_are_checked_like_any_date(client, clerk, committee):
    client.force_login(clerk)
    data = {"committee": committee.pk, "title": "T", **date_input("action_plan_agreed", datetime.date(2019, 3, 1))}
    data.pop("action_plan_agreed_day")
    data["action_plan_agreed_year"] = "19"
    assert "Year must include 4 numbers" in client.post(reverse("set_up_review"), data).content.decode()


def test_confirming_a_plan_changed_since_the_check_page_was_read_is_refused(client, clerk, draft, people):
    client.force_login(clerk)
    client.post(reverse("add_recommendation", args=[draft.slug]), a_recommendation(draft, people))
    response = client.post(reverse("check_plan", args=[draft.slug]), {"version": draft.version})
    assert response.status_code == 409
    assert "Carla Clerk changed this plan" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Review.Status.SETTING_UP


def test_a_round_cannot_be_opened_on_a_draft(client, clerk, draft):
    client.force_login(clerk)
    page = client.get(reverse("open_round", args=[draft.slug])).content.decode()
    assert "The plan is still being set up: confirm it before opening a round." in page


# What a new clerk ran into on the set-up pages ------------------------------


def test_link_officers_keep_the_order_the_clerk_named_them_in(client, clerk, committee, people):
    helen = make_owner("Helen Ward")
    client.force_login(clerk)
    details = {"committee": committee.pk, "title": "Hate Crime", "action_plan_agreed_month": "3"}
    details["action_plan_agreed_year"] = "2019"
    client.post(reverse("set_up_review"), {**details, "owner_0": people["neil"].pk, "owner_1": helen.pk})
    review = Review.objects.get()
    assert review.link_officers_in_order() == [people["neil"], helen]
    for url in (reverse("review_plan", args=[review.slug]), reverse("review_detail", args=[review.slug])):
        assert "Neil Mitchell, Helen Ward" in client.get(url).content.decode(), url
    assert build_progress_update(review, rounds=[]).link_officers == ("Neil Mitchell", "Helen Ward")  # documents
    # The change page shows them in that order, and a swap is kept.
    page = client.get(reverse("change_review_details", args=[review.slug])).content.decode()
    assert page.index(f'<option value="{people["neil"].pk}" selected>') < page.index(
        f'<option value="{helen.pk}" selected>'
    )
    client.post(
        reverse("change_review_details", args=[review.slug]),
        {**details, "owner_0": helen.pk, "owner_1": people["neil"].pk, "version": review.version},
    )
    assert "Helen Ward, Neil Mitchell" in client.get(reverse("review_plan", args=[review.slug])).content.decode()


def test_a_person_is_taken_off_an_action_with_their_remove_button(client, clerk, draft, people):
    client.force_login(clerk)
    url = reverse("add_recommendation", args=[draft.slug])
    data = a_recommendation(draft, people)
    page = client.post(url, {**data, "do": "refresh"}).content.decode()
    assert 'name="do" value="remove_owner:p0-s0-owner_1"' in page
    assert 'Remove<span class="govuk-visually-hidden"> Satnam Singh from Strand 1 of a)</span>' in page
    page = client.post(url, {**data, "do": "remove_owner:p0-s0-owner_1"}).content.decode()
    assert "There is a problem" not in page
    assert 'value="Frontline staff"' in page  # what was typed is kept
    assert 'name="p0-s0-owner_1"' in page  # the box is empty now, for someone else
    assert f'<option value="{people["satnam"].pk}" selected>' in page  # the recommendation's own record
    client.post(url, {**data, "p0-s0-owner_1": ""})
    strand = Action.objects.get(strand="Frontline staff")
    assert [link.owner for link in strand.responsibilities.all()] == [people["group"]]
    assert client.post(url, {**data, "do": "remove_owner:version"}).status_code == 404


def test_responsibility_boxes_are_named_for_their_place_not_for_the_button(client, clerk, draft, people):
    client.force_login(clerk)
    page = client.get(reverse("add_recommendation", args=[draft.slug])).content.decode()
    assert '<label class="govuk-label" for="id_rec-own-owner_0">Lead</label>' in page
    page = client.post(
        reverse("add_recommendation", args=[draft.slug]), {**a_recommendation(draft, people), "do": "refresh"}
    ).content.decode()
    assert '<label class="govuk-label" for="id_p0-s0-owner_1">Also responsible (2)</label>' in page
    assert '<label class="govuk-label" for="id_p0-s0-owner_2">Also responsible (3)</label>' in page
    assert ">Add another person or group</label>" not in page
    assert "Choose “Choose a person or group”" not in page
    assert "Action record of the recommendation itself" in page  # one: singular


def test_a_month_typed_as_a_word_says_to_type_its_number(client, clerk, draft, people):
    client.force_login(clerk)
    data = a_recommendation(draft, people, **{"rec-own-target_month_month": "Sept"})
    page = client.post(reverse("add_recommendation", args=[draft.slug]), data).content.decode()
    assert "Enter the month as a number, like 9" in page
    assert "Enter the target month, or the date as the plan words it" not in page
    assert 'value="Sept"' in page


def test_the_review_asks_which_select_committee(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("set_up_review")).content.decode()
    assert ">Which Select Committee?</label>" in page


def test_change_links_of_the_check_page_come_back_to_it(client, clerk, draft, people):
    client.force_login(clerk)
    client.post(reverse("add_recommendation", args=[draft.slug]), a_recommendation(draft, people))
    draft.refresh_from_db()
    check = reverse("check_plan", args=[draft.slug])
    page = client.get(check).content.decode()
    change_rec = reverse("change_recommendation", args=[draft.slug, 1]) + f"?next={check}"
    change_details = reverse("change_review_details", args=[draft.slug]) + f"?next={check}"
    assert f'href="{change_rec}"' in page
    assert f'href="{change_details}"' in page
    # The recommendation, saved, returns to the check page.
    form = client.get(change_rec).content.decode()
    assert f'name="next" value="{check}"' in form
    response = client.post(change_rec, {**a_recommendation(draft, people), "next": check})
    assert response["Location"] == check
    # So do the review's details.
    draft.refresh_from_db()
    details = {"committee": draft.committee_id, "title": "Hate Crime", "owner_0": people["satnam"].pk}
    details.update(action_plan_agreed_month="3", action_plan_agreed_year="2019", version=draft.version, next=check)
    assert client.post(reverse("change_review_details", args=[draft.slug]), details)["Location"] == check
    # Another site's address is not followed.
    draft.refresh_from_db()
    details.update(version=draft.version, next="https://evil.example/")
    response = client.post(reverse("change_review_details", args=[draft.slug]), details)
    assert response["Location"] == reverse("review_plan", args=[draft.slug])


def test_adding_a_person_mid_form_comes_back_with_everything_typed_and_offers_them(client, clerk, draft, people):
    """Issue 28: adding a missing officer opened a new tab, and the first
    tab did not offer them until "Add another person or group" was pressed."""
    client.force_login(clerk)
    url = reverse("add_recommendation", args=[draft.slug])
    page = client.get(url).content.decode()
    assert "(opens in new tab)" not in page and 'target="_blank"' not in page
    response = client.post(url, {**a_recommendation(draft, people), "do": "add_person"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("add_person") + "?next=")
    add_person = client.get(response["Location"]).content.decode()
    assert 'name="next"' in add_person
    nothing_saved = draft.recommendations.count()
    back = client.post(
        response["Location"],
        {"name": "Louise Crisp", "email": "louise.crisp@example.org", "roles": ["Officer"], "next": ""},
    )
    assert back.status_code == 302 and back["Location"].startswith(url + "?typed=1")
    page = client.get(back["Location"]).content.decode()
    louise = Owner.objects.get(name="Louise Crisp")
    assert f'<option value="{louise.pk}">Louise Crisp</option>' in page
    # Every action record names someone already: the page says she is not
    # chosen anywhere, rather than that she is.
    assert "Choose where Louise Crisp is named below: no box was waiting for them." in page
    assert "chosen below" not in page
    # (The banner saying so comes with the welcome e-mail, once the request's
    # transaction commits: the browser test reads it.)
    # Everything typed is back, unchecked; nothing was saved.
    assert 'value="Frontline staff"' in page and "That the Stockton Hate Crime Group incorporate" in page
    assert "govuk-error-summary" not in page and draft.recommendations.count() == nothing_saved
    # Saving it now saves what was typed, at the version the page first showed.
    saved = client.post(url, {**a_recommendation(draft, people)})
    assert saved.status_code == 302 and draft.recommendations.count() == nothing_saved + 1


def test_leaving_the_set_up_details_to_add_a_committee_keeps_what_was_typed(client, clerk, committee, people):
    client.force_login(clerk)
    url = reverse("set_up_review")
    typed = {"title": "Youth Services", "owner_0": people["neil"].pk, "action_plan_agreed_month": "3"}
    response = client.post(url, {**typed, "version": "", "do": "add_committee"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("add_committee") + "?next=")
    back = client.post(response["Location"], {"name": "Children and Young People Select Committee", "next": ""})
    added = Committee.objects.get(name="Children and Young People Select Committee")
    assert back["Location"] == f"{url}?typed=1&committee={added.pk}"
    page = client.get(back["Location"]).content.decode()
    assert 'value="Youth Services"' in page
    assert f'<option value="{added.pk}" selected>' in page
    assert f'<option value="{people["neil"].pk}" selected>Neil Mitchell</option>' in page
    assert "govuk-error-summary" not in page and "Enter the" not in page
    # Asked again, the kept typing is not shown twice.
    assert 'value="Youth Services"' not in client.get(back["Location"]).content.decode()


def test_a_confirmed_plans_date_changes_only_with_the_reason_given_by_the_record(client, clerk, draft, people):
    client.force_login(clerk)
    page = a_recommendation(draft, people, parts="0")
    client.post(reverse("add_recommendation", args=[draft.slug]), page)
    draft.refresh_from_db()
    draft.status = Review.Status.MONITORING
    draft.save()
    action = Action.objects.get(recommendation__review=draft)
    url = reverse("change_recommendation", args=[draft.slug, 1])
    changed = {**page, "version": str(draft.version), "rec-own-pk": str(action.pk), "rec-own-target_month_month": "3"}
    changed["rec-own-target_month_year"] = "2021"
    html = client.post(url, changed).content.decode()
    assert '<a href="#id_rec-own-target_reason">Action record of Recommendation 1: Give the reason for changing' in html
    assert 'id="id_rec-own-target_reason-error"' in html
    assert 'value="2021"' in html  # what was typed is kept
    assert Action.objects.get(pk=action.pk).target_month == datetime.date(2019, 10, 1)
    response = client.post(url, {**changed, "rec-own-target_reason": "Cabinet moved the budget to 2021."})
    assert response.status_code == 302
    revision = Action.objects.get(pk=action.pk).target_revisions.get()
    assert (revision.after_label, revision.before_label, revision.decided_by) == ("March 2021", "October 2019", clerk)


def test_a_review_is_set_up_before_its_plan_is_agreed_and_confirmed_only_once_it_is(client, clerk, committee, people):
    """The report and the executive's response come before any action plan:
    the month it was agreed may wait, but the plan is not confirmed without it."""
    client.force_login(clerk)
    response = client.post(
        reverse("set_up_review"), {"committee": committee.pk, "title": "Fly-tipping", "owner_0": people["satnam"].pk}
    )
    review = Review.objects.get()
    assert response["Location"] == reverse("review_plan", args=[review.slug])
    assert review.action_plan_agreed is None
    timeline = client.get(review.get_absolute_url()).content.decode()
    assert "Not yet agreed." in timeline and "Being set up." not in timeline
    client.post(reverse("add_recommendation", args=[review.slug]), a_recommendation(review, people))
    review.refresh_from_db()
    check = reverse("check_plan", args=[review.slug])
    refused = client.post(check, {"version": review.version}).content.decode()
    assert "Enter the month the committee agreed the action plan" in refused
    review.refresh_from_db()
    assert review.status == Review.Status.SETTING_UP
    review.change_details(
        committee=committee, title="Fly-tipping", action_plan_agreed=datetime.date(2019, 3, 1),
        link_officers=[people["satnam"]], by=clerk, version=review.version,
    )  # fmt: skip
    assert client.post(check, {"version": review.version})["Location"] == review.get_absolute_url()


def test_a_recommendation_of_lettered_parts_only_saves_with_its_own_record_left_blank(client, clerk, draft, people):
    client.force_login(clerk)
    url = reverse("add_recommendation", args=[draft.slug])
    assert "add each as a lettered part below" in client.get(url).content.decode()
    blank_own = record_fields("rec-own", month="", year="", action="", measure="")
    data = a_recommendation(draft, people, **blank_own)  # the page's blank record, as the browser posts it
    data["rec-own-owner_0"] = ""  # nobody chosen
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    actions = list(Action.objects.filter(recommendation__review=draft).in_document_order())
    assert [a.reference for a in actions] == ["1 a) Frontline staff", "1 a) Younger men"]
    # Something typed in it is a record, checked as any.
    half = a_recommendation(draft, people, **record_fields("rec-own", month="", year="", measure=""))
    page = client.post(reverse("add_recommendation", args=[draft.slug]), half).content.decode()
    assert "There is a problem" in page and "Enter the target month, or the date as the plan words it" in page
