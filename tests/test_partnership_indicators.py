"""The national indicators page: clerks add an indicator, change its title
and retire it; every change is in its history with who made it; a retired
indicator stays on the plans that use it and is not offered for new ones."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans.models import Indicator, PartnershipPlan

pytestmark = pytest.mark.django_db


def test_a_clerk_adds_an_indicator_with_its_title_and_the_history_names_them(client, cast):
    client.force_login(cast["clerk"])
    response = client.post(
        reverse("partnership_indicators"),
        {"code": "ni35", "title": "Building resilience to violent extremism", "reference": "PSA 26"},
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.code, indicator.printed) == ("NI 35", "NI 35 PSA 26")
    (row,) = indicator.history.all()
    assert (row.history_type, row.history_user) == ("+", cast["clerk"])
    page = client.get(reverse("partnership_indicators")).content.decode()
    assert "NI 35 was added to the national indicators." in page
    assert "Building resilience to violent extremism" in page


def test_a_code_already_known_or_a_missing_title_is_refused_with_what_was_typed_kept(client, cast):
    Indicator.objects.add(code="NI 35", title="Building resilience", by=cast["clerk"])
    client.force_login(cast["clerk"])
    page = client.post(reverse("partnership_indicators"), {"code": "NI 35", "title": "", "reference": "PSA 99"})
    text = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in text
    assert "There is already a national indicator NI 35: change its title instead" in text
    assert "Enter the indicator&#x27;s title" in text
    assert 'value="PSA 99"' in text
    assert Indicator.objects.count() == 1


def test_a_clerk_renames_and_retires_an_indicator_and_the_plans_keep_it(client, cast, demo):
    indicator = Indicator.objects.get(code="NI 35")
    plan = PartnershipPlan.objects.get(slug="hate-crime-action-plan-2010-2011")
    client.force_login(cast["clerk"])
    url = reverse("partnership_indicator", args=[indicator.pk])
    assert plan.short_title in client.get(url).content.decode()
    response = client.post(url, {"title": "Resilience to violent extremism", "reference": "PSA 26"})
    assert response.status_code == 302
    response = client.post(reverse("partnership_indicator_retire", args=[indicator.pk]))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.retired and indicator.title == "Resilience to violent extremism"
    page = client.get(url).content.decode()
    assert "is retired: it stays on the plans that use it" in page
    assert "Bring NI 35 back" in page
    # The history: added by the demo's loader, renamed and retired by the clerk.
    rows = list(indicator.history.order_by("history_id"))
    assert [(r.title, r.retired, r.history_user) for r in rows[-2:]] == [
        ("Resilience to violent extremism", False, cast["clerk"]),
        ("Resilience to violent extremism", True, cast["clerk"]),
    ]
    # Kept on the plan that used it, with its new title.
    assert "NI 35" in plan.glossary_entries.values_list("indicator__code", flat=True)
    plan.set_glossary(list(plan.glossary_entries.values_list("indicator__code", flat=True)), by=cast["clerk"])
    # Not offered for a new one.
    other = PartnershipPlan.objects.get(slug="hate-crime-action-plan-2018-2019")
    with pytest.raises(ValidationError, match="NI 35 retired"):
        other.set_glossary(["NI 35"], by=cast["clerk"])
    assert not Indicator.objects.current().filter(code="NI 35").exists()
    # And back.
    client.post(reverse("partnership_indicator_retire", args=[indicator.pk]), {"retired": "no"})
    indicator.refresh_from_db()
    assert not indicator.retired


def test_only_clerks_and_administrators_change_the_indicators(cast):
    with pytest.raises(PermissionDenied):
        Indicator.objects.add(code="NI 1", title="Getting on well", by=cast["officer"])
    indicator = Indicator.objects.add(code="NI 1", title="Getting on well", by=cast["administrator"])
    with pytest.raises(PermissionDenied):
        indicator.retire(by=cast["councillor"])
    assert not Indicator.objects.get().retired
