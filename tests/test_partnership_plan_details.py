"""A partnership plan's own details (title, short title, agenda header,
coordinator): asked when a plan is imported, changed by a clerk on the
plan's details page through PartnershipPlan.change_details."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans import permissions
from actionplans.models import PartnershipPlan
from actionplans.models.workflow import EditConflict
from tests.factories import make_partnership_plan
from tests.partnership_files import seed_002, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(clerk):
    return make_partnership_plan(by=clerk)


def details(plan, **changes):
    return {
        "title": plan.title,
        "short_title": plan.short_title,
        "agenda_header": plan.agenda_header,
        "coordinator": str(plan.coordinator_id or ""),
        "version": str(plan.details_version),
        **changes,
    }


def test_officers_link_officers_and_clerks_may_coordinate_a_plan_and_nobody_else(cast):
    assert {user.username for user in permissions.coordinator_candidates()} == {
        cast[role].username for role in ("officer", "link_officer", "clerk")
    }


def test_a_clerk_changes_the_plans_details_and_its_address_stays(client, clerk, link_officer, plan):
    client.force_login(clerk)
    url = reverse("partnership_plan_details", args=[plan.slug])
    page = client.get(url)
    assert page.status_code == 200 and plan.title in page.content.decode()
    response = client.post(
        url,
        details(plan, title="Hate Crime Action Plan 2018 – 2019 (revised)", short_title="Hate Crime Plan",
                agenda_header="Agenda Item 8: Appendix 1", coordinator=str(link_officer.pk)),
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("partnership_plan", args=[plan.slug])
    saved = PartnershipPlan.objects.get(pk=plan.pk)
    assert (saved.title, saved.short_title, saved.agenda_header, saved.coordinator) == (
        "Hate Crime Action Plan 2018 – 2019 (revised)", "Hate Crime Plan", "Agenda Item 8: Appendix 1", link_officer,
    )  # fmt: skip
    assert saved.slug == plan.slug
    assert saved.history.first().history_user == clerk


def test_bad_input_is_named_by_its_field_and_what_was_typed_is_kept(client, clerk, councillor, plan):
    client.force_login(clerk)
    url = reverse("partnership_plan_details", args=[plan.slug])
    page = client.post(url, details(plan, title="", short_title="Kept as typed", coordinator=str(councillor.pk)))
    assert page.status_code == 200
    assert page.context["form"].errors.keys() == {"title", "coordinator"}
    assert 'value="Kept as typed"' in page.content.decode()
    assert PartnershipPlan.objects.get(pk=plan.pk).short_title == plan.short_title


def test_a_change_made_since_the_page_was_read_is_not_overwritten(client, clerk, administrator, plan):
    stale = details(plan, title="Mine")
    plan.change_details(title="Theirs", short_title=plan.short_title, agenda_header="", coordinator=None,
                        by=administrator, version=plan.details_version)  # fmt: skip
    client.force_login(clerk)
    page = client.post(reverse("partnership_plan_details", args=[plan.slug]), stale)
    assert page.status_code == 409 and "Someone else changed this plan" in page.content.decode()
    assert PartnershipPlan.objects.get(pk=plan.pk).title == "Theirs"
    assert page.context["form"]["title"].value() == "Theirs"  # shown as it is now, to change again


def test_change_details_refuses_who_does_not_set_up_plans_and_a_coordinator_without_the_role(
    plan, link_officer, partner_lead
):
    fields = {"title": "T", "short_title": "S", "agenda_header": "", "version": plan.details_version}
    with pytest.raises(PermissionDenied):
        plan.change_details(**fields, coordinator=None, by=link_officer)
    clerk = plan.history.first().history_user
    with pytest.raises(ValidationError, match="officer, link officer or clerk"):
        plan.change_details(**fields, coordinator=partner_lead, by=clerk)
    with pytest.raises(EditConflict):
        plan.change_details(**{**fields, "version": fields["version"] - 1}, coordinator=None, by=clerk)


def test_the_plan_page_links_to_its_details_for_those_who_set_up_plans_only(client, clerk, councillor, plan):
    link = reverse("partnership_plan_details", args=[plan.slug])
    client.force_login(clerk)
    assert link in client.get(reverse("partnership_plan", args=[plan.slug])).content.decode()
    client.force_login(councillor)
    assert link not in client.get(reverse("partnership_plan", args=[plan.slug])).content.decode()


def test_the_import_asks_for_the_coordinator(client, clerk, link_officer, councillor):
    client.force_login(clerk)
    refused = upload(client, seed_002(), coordinator=str(councillor.pk))
    assert refused.status_code == 200 and "coordinator" in refused.context["form"].errors
    response = upload(client, seed_002(), coordinator=str(link_officer.pk), period_month="7", period_year="2018")
    preview = client.get(response["Location"])
    data = {name: preview.context["form"][name].value() for name in preview.context["form"].columns}
    data.update(period_month="7", period_year="2018", create_people="on")
    page = client.post(response["Location"], {**data, "action": "preview"})
    done = client.post(
        response["Location"], {**data, "action": "import", "previewed": page.context["form"].data["previewed"]}
    )
    assert done.status_code == 302
    assert PartnershipPlan.objects.get().coordinator == link_officer
