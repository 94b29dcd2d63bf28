"""Approving several updates together: a link officer ticks them on the
approvals list, reads them on one page and approves them in one go, each at
the version read, so one changed since is left out and named while the
others go through; nothing is approved that is not theirs to approve; a
proposed new target date is decided on the same page."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import ProgressEntry, TargetProposal
from tests.factories import make_action, make_owner, make_recommendation, make_review, make_user

pytestmark = pytest.mark.django_db


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def submit(entry, user, **fields):
    entry.refresh_from_db()
    entry.save_update(
        by=user, version=entry.version, submit=True, **{"evidence_of_progress": "Done.", "grade": 2, **fields}
    )
    entry.refresh_from_db()
    return entry


def read_together(client, entries):
    """GET the page for `entries`, as the list's "Read and approve selected"
    does, and the form it shows, as the browser would post it."""
    response = client.get(reverse("approve_together"), {"update": [e.pk for e in entries]})
    assert response.status_code == 200
    page = response.content.decode()
    data = {"update": re.findall(r'name="update" value="(\d+)"', page)}
    for name, value in re.findall(r'name="(update-\d+-version)" value="(\d+)"', page):
        data[name] = value
    return response, data


def open_round(review, clerk):
    return review.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )


@pytest.fixture
def ten(link_officer, officer, officer_owner, clerk):
    """Ten updates the cast's officer submitted, in a review whose link
    officer is the cast's link officer (who shares an eleventh action with
    the officer, not yet written)."""
    lin = make_owner("Lin Officer", user=link_officer)
    review = make_review(title="Hate Crime", link_officers=[lin])
    for n in range(10):
        make_action(make_recommendation(review, text=f"That the Council do thing {n + 1}."), owners=[officer_owner])
    make_action(make_recommendation(review, text="That the Council write to MPs."), owners=[lin, officer_owner])
    entries = open_round(review, clerk).entries.in_document_order()[:10]
    return [submit(entry, officer, evidence_of_progress=f"Evidence {n + 1}.") for n, entry in enumerate(entries)]


def test_ten_read_together_one_changed_meanwhile_approves_nine_and_names_the_tenth(ten, officer, link_officer):
    lin = signed_in(link_officer)
    page, data = read_together(lin, ten)
    assert "Approve these 10 updates" in text(page)
    assert all(f"Evidence {n}." in text(page) for n in range(1, 11))
    assert "2 (On-Track)" in text(page)

    # The officer takes back the seventh and submits it again, changed, while the page is open.
    changed = ten[6]
    changed.withdraw(by=officer, version=changed.version)
    submit(changed, officer, evidence_of_progress="Evidence 7, rewritten.")

    response = lin.post(reverse("approve_together"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("approvals")
    shown = text(response)
    assert "9 updates were approved." in shown
    assert f"The update on {changed.action.full_name} was not approved: changed since you read it." in shown
    assert ProgressEntry.objects.filter(pk__in=[e.pk for e in ten], status="approved").count() == 9
    changed.refresh_from_db()
    assert changed.status == ProgressEntry.Status.SUBMITTED
    assert changed.evidence_of_progress == "Evidence 7, rewritten."
    # Each approval is in the action's history, with who gave it.
    for entry in ten:
        if entry != changed:
            assert entry.history.first().history_user == link_officer
            assert entry.history.first().status == "approved"
    # The one left out is still on the list, to check again.
    assert f'value="{changed.pk}"' in lin.get(reverse("approvals")).content.decode()


def test_the_approvals_list_offers_a_checkbox_for_each_update_the_user_may_approve(ten, link_officer, clerk):
    page = signed_in(link_officer).get(reverse("approvals")).content.decode()
    assert page.count('name="update" type="checkbox"') == 10
    assert "Read and approve selected" in page
    assert f'action="{reverse("approve_together")}"' in page


def test_nothing_is_approved_that_is_not_the_link_officers_to_approve(ten, officer, link_officer, clerk):
    # Another review's link officer.
    stranger = make_user("other.link", "Link officer", "Officer", first_name="Otto")
    make_review(link_officers=[make_owner("Otto Other", user=stranger)])
    _, data = read_together(signed_in(link_officer), ten[:3])
    other = signed_in(stranger)
    assert other.get(reverse("approve_together"), {"update": [ten[0].pk]}).status_code == 404
    assert other.post(reverse("approve_together"), data).status_code == 404
    # The link officer's own action, among others: nothing at all goes through.
    own_entry = submit(ten[0].round.entries.get(action__recommendation__text="That the Council write to MPs."), officer)
    lin = signed_in(link_officer)
    refused = lin.get(reverse("approve_together"), {"update": [ten[0].pk, own_entry.pk]})
    assert refused.status_code == 403
    data["update"].append(str(own_entry.pk))
    data[f"update-{own_entry.pk}-version"] = str(own_entry.version)
    assert lin.post(reverse("approve_together"), data).status_code == 403
    assert not ProgressEntry.objects.filter(status="approved").exists()
    # An officer is no checker at all.
    assert signed_in(officer).post(reverse("approve_together"), data).status_code == 403
    assert not ProgressEntry.objects.filter(status="approved").exists()


def test_a_proposed_new_target_is_accepted_or_refused_on_the_same_page(ten, officer, link_officer):
    slipped = ten[0]
    slipped.withdraw(by=officer, version=slipped.version)
    submit(
        slipped,
        officer,
        grade=3,
        grade_explanation="The contractor failed.",
        proposal=TargetProposal(month=datetime.date(2021, 9, 1), reason="The contractor went into administration."),
    )
    lin = signed_in(link_officer)
    page, data = read_together(lin, ten[:2])
    assert "3 (Slipped)" in text(page)
    assert "The update proposes a new target date, September 2021 instead of October 2019." in text(page)

    # Not decided: nothing is approved, and the page says what to answer.
    response = lin.post(reverse("approve_together"), data)
    assert response.status_code == 200
    assert f"{slipped.action.name}: Accept or refuse the new target date" in text(response)
    assert not ProgressEntry.objects.filter(status="approved").exists()

    data[f"update-{slipped.pk}-target_decision"] = "accept"
    assert "2 updates were approved." in text(lin.post(reverse("approve_together"), data, follow=True))
    slipped.action.refresh_from_db()
    assert slipped.action.target_month == datetime.date(2021, 9, 1)


def test_returning_is_not_done_together(ten, link_officer):
    lin = signed_in(link_officer)
    _, data = read_together(lin, ten[:1])
    lin.post(reverse("approve_together"), {**data, f"update-{ten[0].pk}-decision": "return"})
    ten[0].refresh_from_db()
    assert ten[0].status == ProgressEntry.Status.APPROVED


def test_approving_none_selected_says_to_select_some_in_an_error_summary_leading_to_the_checkboxes(ten, link_officer):
    # "Read and approve selected" with nothing ticked: as GOV.UK shows a
    # required choice left out, not an "Important" notification banner.
    response = signed_in(link_officer).get(reverse("approve_together"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Updates to approve" in page and "govuk-notification-banner" not in page
    summary = page.split('class="govuk-error-summary"')[1].split("</div>")[0]
    assert "There is a problem" in summary
    first = re.search(r'id="(select-\d+)" name="update"', page).group(1)
    assert f'<a href="#{first}">Select the updates to approve together</a>' in summary
    assert 'class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Select the updates' in page
    assert page.count('aria-describedby="update-error"') == len(ten)
    # Nothing is approved, and the list opened afresh shows no error.
    assert not ProgressEntry.objects.filter(status=ProgressEntry.Status.APPROVED).exists()
    assert "There is a problem" not in signed_in(link_officer).get(reverse("approvals")).content.decode()
