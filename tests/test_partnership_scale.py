"""A council's partnership RAG scale is its setting, not code (issue 26):
with a scale of its own ("Blue – complete", Green, Amber, Red, "Grey – not
started") the lead's form offers its grades, an update keeps the one given,
and the pages, the dashboard and the report in every format print the
council's words, never the default ones where they differ. A later change of
the scale never relabels an update given before it."""

import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actionplans.importing.partnership import _Refused, parse_rag_level
from actionplans.models import PartnershipUpdate
from actionplans.models.council import PARTNERSHIP, GradingScale, current_scale
from actionplans.models.partnership_quarters import rag_scale
from reports.documents import NO_OPTIONS, render_document
from reports.partnership.report import build_partnership_report
from tests.documents import docx_text, pdf_text
from tests.factories import make_partnership_plan

pytestmark = pytest.mark.django_db

COUNCIL_SCALE = [
    {"label": "Blue – complete", "colour": "blue", "meaning": 1},
    {"label": "Green", "colour": "green", "meaning": 2},
    {"label": "Amber", "colour": "orange", "meaning": 3},
    {"label": "Red", "colour": "red", "meaning": 4},
    {"label": "Grey – not started", "colour": "grey", "meaning": 0},
]
RELABELLED = [{**grade, "label": "At risk"} if grade["label"] == "Amber" else grade for grade in COUNCIL_SCALE]
COUNCIL_WORDS = ["Blue – complete", "Green", "Amber", "Red", "Grey – not started"]
# The default scale's word where the council's differs.
DEFAULT_ONLY = re.compile(r"\bComplete\b")


def text(content) -> str:
    content = getattr(content, "content", content)
    page = content.decode() if isinstance(content, bytes) else content
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def council_scale(db):
    return GradingScale.make(PARTNERSHIP, COUNCIL_SCALE, by=None)


@pytest.fixture
def plan(clerk, link_officer, partner_lead, other_partner_lead, council_scale):
    """1.1 and 1.3 led by OPCC (the partner lead's), 1.2 by MeSign (the
    other's); the link officer coordinates."""
    plan = make_partnership_plan(by=clerk, name="Safer Places", slug="safer-places-plan")
    plan.coordinator = link_officer
    plan.save()
    opcc, mesign = plan.partnership.organisations.order_by("position")
    opcc.members.add(partner_lead)
    mesign.members.add(other_partner_lead)
    return plan


@pytest.fixture
def quarter(plan, clerk):
    return plan.open_quarter(period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 14), by=clerk)


def lead_submits(client, update, lead, position):
    client.force_login(lead)
    url = reverse("partnership_update", args=[update.pk])
    post = {"version": str(update.version), "progress": f"Progress on {update.action.number}", "rag": str(position)}
    response = client.post(url, {**post, "submit": ""})
    assert response.status_code == 302, text(response)
    update.refresh_from_db()
    return update


@pytest.fixture
def published(client, plan, quarter, clerk, link_officer, partner_lead, other_partner_lead):
    """Q3 2018 published: 1.1 Blue – complete, 1.2 Amber, 1.3 Grey – not
    started, each given on the lead's form and approved."""
    updates = {update.action.number: update for update in quarter.updates.select_related("action")}
    lead_submits(client, updates["1.1"], partner_lead, 1)
    lead_submits(client, updates["1.2"], other_partner_lead, 3)
    lead_submits(client, updates["1.3"], partner_lead, 5)
    for update in updates.values():
        update.refresh_from_db()
        update.approve(by=link_officer, version=update.version)
    quarter.publish(by=clerk)
    return quarter


def test_the_leads_form_offers_the_councils_grades_in_order(client, quarter, partner_lead):
    update = quarter.updates.get(action__number="1.1")
    client.force_login(partner_lead)
    page = client.get(reverse("partnership_update", args=[update.pk])).content.decode()
    radios = re.findall(r'<input class="govuk-radios__input"[^>]*name="rag"[^>]*value="(\d)"', page)
    assert radios == ["1", "2", "3", "4", "5"]
    labels = re.findall(r'<label class="[^"]*govuk-radios__label"[^>]*for="id_rag[^"]*">\s*([^<]*?)\s*</label>', page)
    assert labels == COUNCIL_WORDS
    assert not DEFAULT_ONLY.search(text(page))


def test_a_submitted_update_keeps_the_grade_given_and_what_it_means(published):
    updates = {update.action.number: update for update in published.updates.select_related("action")}
    assert (updates["1.1"].rag, updates["1.1"].rag_label, updates["1.1"].rag_colour) == (
        "complete",
        "Blue – complete",
        "blue",
    )
    assert (updates["1.2"].rag, updates["1.2"].rag_label) == ("amber", "Amber")
    # A grade meaning no grade stores no RAG, but keeps its own label.
    assert (updates["1.3"].rag, updates["1.3"].rag_label, updates["1.3"].rag_colour) == (
        "",
        "Grey – not started",
        "grey",
    )
    assert updates["1.3"].level.scale_id == current_scale(PARTNERSHIP).id


def test_a_lead_must_choose_a_grade_to_submit(client, quarter, partner_lead):
    update = quarter.updates.get(action__number="1.1")
    client.force_login(partner_lead)
    url = reverse("partnership_update", args=[update.pk])
    response = client.post(url, {"version": "0", "progress": "Done", "submit": ""})
    assert "Choose the action’s RAG status" in text(response)
    response = client.post(url, {"version": "0", "progress": "Done", "rag": "9", "submit": ""})
    assert "Choose one of the RAG statuses offered" in text(response)


def test_the_quarter_page_prints_the_councils_labels(client, published, plan, clerk):
    client.force_login(clerk)
    page = text(client.get(reverse("partnership_quarter", args=[plan.slug, published.pk])))
    for label in ("Blue – complete", "Amber", "Grey – not started"):
        assert label in page
    assert not DEFAULT_ONLY.search(page)


def test_the_dashboard_counts_in_the_councils_words(client, published, plan, clerk):
    client.force_login(clerk)
    url = reverse("partnership_dashboard", args=[plan.slug])
    page = text(client.get(url))
    for label in ("Blue – complete", "Green", "Amber", "Red", "Not rated"):
        assert label in page
    assert not DEFAULT_ONLY.search(page)
    # The filter offers the council's words too, and narrows by what they mean.
    narrowed = text(client.get(url, {"rag": "complete"}))
    assert "Blue – complete" in narrowed and not DEFAULT_ONLY.search(narrowed)


def report_texts(plan, quarter) -> dict[str, str]:
    document = build_partnership_report(plan, quarter)
    book = load_workbook(io.BytesIO(render_document("partnership_report", document, "xlsx", NO_OPTIONS)))
    cells = " ".join(str(value) for row in book.worksheets[0].iter_rows(values_only=True) for value in row if value)
    return {
        "html": text(render_document("partnership_report", document, "html", NO_OPTIONS)),
        "pdf": pdf_text(render_document("partnership_report", document, "pdf", NO_OPTIONS)),
        "docx": docx_text(Document(io.BytesIO(render_document("partnership_report", document, "docx", NO_OPTIONS)))),
        "xlsx": cells,
    }


def test_the_report_prints_the_councils_labels_in_every_format(published, plan):
    for fmt, words in report_texts(plan, published).items():
        squashed = " ".join(words.split())
        for label in ("Blue – complete", "Amber", "Grey – not started"):
            assert label in squashed, (fmt, label)
        assert not DEFAULT_ONLY.search(squashed), fmt


def test_the_report_carries_the_words_and_colours_it_prints(published, plan, django_assert_num_queries):
    document = build_partnership_report(plan, published)
    lines = {line.number: line for theme in document.themes for line in theme.actions}
    assert (lines["1.1"].rag, lines["1.1"].rag_colour) == ("Blue – complete", "blue")
    assert (lines["1.3"].rag, lines["1.3"].rag_colour) == ("Grey – not started", "grey")
    with django_assert_num_queries(0):
        for fmt in ("html", "pdf", "docx", "xlsx"):
            render_document("partnership_report", document, fmt, NO_OPTIONS)


def test_a_later_scale_change_never_relabels_an_earlier_update(client, published, plan, clerk):
    GradingScale.make(PARTNERSHIP, RELABELLED, by=None)
    update = published.updates.get(action__number="1.2")
    assert (update.rag, update.rag_label) == ("amber", "Amber")
    client.force_login(clerk)
    page = text(client.get(reverse("partnership_quarter", args=[plan.slug, published.pk])))
    assert "Amber" in page and "At risk" not in page
    for fmt, words in report_texts(plan, published).items():
        assert "Amber" in words and "At risk" not in words, fmt
    # The dashboard counts by what each grade means, in today's words.
    dashboard = text(client.get(reverse("partnership_dashboard", args=[plan.slug])))
    assert "At risk" in dashboard and "Amber" not in dashboard


def test_the_leads_next_form_offers_the_new_words(client, published, plan, clerk, partner_lead):
    GradingScale.make(PARTNERSHIP, RELABELLED, by=None)
    later = plan.open_quarter(period=datetime.date(2019, 1, 1), deadline=datetime.date(2019, 3, 14), by=clerk)
    update = later.updates.get(action__number="1.1")
    client.force_login(partner_lead)
    page = text(client.get(reverse("partnership_update", args=[update.pk])))
    assert "At risk" in page and "Amber" not in page
    lead_submits(client, update, partner_lead, 3)
    assert (update.rag, update.rag_label) == ("amber", "At risk")


def test_the_import_reads_the_councils_words_by_what_they_mean(council_scale):
    scale = rag_scale()
    ids = {level.label: level.id for level in scale.scale}
    assert parse_rag_level("Blue – complete", scale) == ("complete", ids["Blue – complete"])
    assert parse_rag_level("blue - complete", scale) == ("complete", ids["Blue – complete"])
    assert parse_rag_level("Grey – not started", scale) == ("", ids["Grey – not started"])
    assert parse_rag_level("Amber", scale) == ("amber", ids["Amber"])
    assert parse_rag_level("C", scale) == ("complete", None)  # the usual words, by what they mean
    assert parse_rag_level("", scale) == ("", None)
    with pytest.raises(_Refused) as refused:
        parse_rag_level("Purple", scale)
    assert "Red, Amber, Green, Blue – complete or Grey – not started" in str(refused.value)


def test_an_update_given_by_meaning_alone_takes_the_current_grade(quarter, partner_lead):
    """The demo and the clerk's record as printed give what a RAG means:
    it is the council's current grade for it."""
    update = quarter.updates.get(action__number="1.1")
    update.save_update(by=partner_lead, version=0, submit=True, progress="Done", rag="complete")
    update.refresh_from_db()
    assert (update.rag_label, update.rag_colour) == ("Blue – complete", "blue")
    assert isinstance(update, PartnershipUpdate)


def test_a_grade_the_scale_no_longer_has_is_still_counted_and_offered_as_it_was_given(client, published, plan, clerk):
    without_amber = [grade for grade in COUNCIL_SCALE if grade["label"] != "Amber"]
    GradingScale.make(PARTNERSHIP, without_amber, by=None)
    client.force_login(clerk)
    url = reverse("partnership_dashboard", args=[plan.slug])
    page = client.get(url).content.decode()
    # 1.2 was given Amber: counted as it was, by what it meant.
    assert "Q3 2018: 0 Red, 1 Amber, 0 Green, 1 Blue – complete, 1 Not rated." in html.unescape(page)
    # The filter still offers it, and finds what was given it.
    assert '<option value="amber">Amber</option>' in page
    narrowed = text(client.get(url, {"rag": "amber"}))
    assert "Choose a RAG status from the list" not in narrowed and "1 Amber" in narrowed
