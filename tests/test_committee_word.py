"""Changing the council's word for a committee offers to rename the
committees whose names use the old word, and the settings page says where a
committee is renamed and lists those whose names do not use the word."""

import pytest
from django.urls import reverse

from actionplans.models import Committee
from actionplans.models.council import Council
from tests.factories import make_committee
from tests.test_council_settings import WORDING, seen, wording_url
from tests.test_dashboards import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def committees(db):
    return (
        make_committee(name="Crime and Disorder Select Committee"),
        make_committee(name="Health Select Committee"),
        make_committee(name="Audit Board"),
    )


def test_changing_the_word_offers_to_rename_each_committee_using_it(client, administrator, committees):
    crime, health, audit = committees
    client.force_login(administrator)
    preview = text(client.post(wording_url(), {**WORDING, "continue": ""}))
    assert "Rename Crime and Disorder Select Committee to Crime and Disorder Scrutiny Panel" in preview
    assert "Rename Health Select Committee to Health Scrutiny Panel" in preview
    assert "Audit Board" not in preview
    # The administrator renames the one and keeps the other's name.
    data = {**WORDING, "confirm": "", "seen": seen(), "rename_offered": "1", "rename": [str(crime.pk)]}
    done = client.post(wording_url(), data, follow=True)
    assert "Renamed: Crime and Disorder Scrutiny Panel." in text(done)
    assert Council.objects.get().committee_name == "Scrutiny Panel"
    crime.refresh_from_db(), health.refresh_from_db(), audit.refresh_from_db()
    assert (crime.name, health.name, audit.name) == (
        "Crime and Disorder Scrutiny Panel",
        "Health Select Committee",
        "Audit Board",
    )
    # Every page prints the new name: the committees' list among them.
    assert "Crime and Disorder Scrutiny Panel" in text(client.get(reverse("committees")))
    # The settings page lists the committees still in other words, with a way to rename each.
    settings = client.get(reverse("council_settings")).content.decode()
    assert reverse("rename_committee", args=[health.slug]) in settings
    assert reverse("rename_committee", args=[audit.slug]) in settings
    assert reverse("rename_committee", args=[crime.slug]) not in settings


def test_the_settings_page_says_where_committees_are_renamed(client, administrator, committees):
    client.force_login(administrator)
    page = text(client.get(reverse("council_settings")))
    assert "offers to rename the committees whose names use the old word" in page
    assert Committee.objects.count() >= 3
