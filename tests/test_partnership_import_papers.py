"""Importing a partnership plan as its committee paper prints it (the
shapes of seeds 002 and 004, made up here): the DRAFT mark, the agenda
pack's header, a page's header and footer, the glossary and the notes are
set aside and listed, never made themes or actions; an organisation spelt
two ways is one unless the clerk keeps them apart; "October 2018 Yearly"
is due in October 2018, then each October; and the indicators the sheet's
glossary defines are created on a fresh install."""

import datetime

import pytest
from django.urls import reverse

from actionplans.models import Indicator, Partnership, PartnershipAction, PartnershipPlan, month_label
from tests.documents import body, document_text, page_text, squash
from tests.partnership_files import SEED_002_HEADINGS, SEED_004_HEADINGS, upload, workbook
from tests.test_partnership_import import preview_page

pytestmark = pytest.mark.django_db

TITLE = "Anytown Community Safety Partnership – Harassment Action Plan 2021 – 2022"


def council_paper(*, draft="DRAFT") -> bytes:
    """A plan of seed 002's shape, as it comes out of the agenda pack: the
    title repeated at the top of every page, the agenda's header between
    pages, page numbers, a note and the DRAFT mark below the table."""
    return workbook(
        [TITLE],
        ["1. Preventing Harassment"],
        SEED_002_HEADINGS,
        ["1.1", "Attend the annual schools forum", "Police: Schools officer", "October 2021 Yearly",
         "Head teachers know what we offer", "Booked a stall", "Green"],
        ["1.2", "Count awareness sessions with young people", "Police with support from Youth Services",
         "Quarterly updates Starting in September 2021", "More awareness", None, None],
        ["Agenda Item 5: Appendix 2"],
        ["Page 1 of 3"],
        [TITLE],
        ["1.3", "Raise awareness with homeless households", "Homelessness and Tenancy Solutions", "April 2022",
         "Households know when they are victims", "On-going", "Amber"],
        ["2. Responding to Harassment"],
        SEED_002_HEADINGS,
        ["2.1", "Refresh the housing webpages", "Homelessness and Tenancy Solution’s", "Ongoing",
         "People know how to report", None, None],
        ["2.2", "Monitor presentations from victims", "homelessness and tenancy solutions", "Quarterly",
         "Officers understand", None, None],
        ["Agenda Item 5: Appendix 2"],
        ["Page 2 of 3"],
        [TITLE],
        ["2.3", "Train frontline staff", "Youth Services", "June/ July 2021", "Staff confident", None, None],
        ["Note: RAG ratings are the lead organisation's own."],
        [draft],
    )  # fmt: skip


def confirm(client, data, **post):
    response = upload(client, data, period_month="7", period_year="2021")
    page = preview_page(client, response)
    done = preview_page(
        client, response, action="import", create_people="on", period_month="7", period_year="2021", **post
    )
    assert done.status_code == 302, done.context["summary"]
    return page, PartnershipPlan.objects.get()


def test_a_council_paper_imports_with_every_theme_action_organisation_and_date_in_place(client, cast):
    client.force_login(cast["clerk"])
    page, plan = confirm(client, council_paper())
    assert [theme.heading for theme in plan.themes.all()] == ["1. Preventing Harassment", "2. Responding to Harassment"]
    assert [(a.theme.label, a.number) for a in plan.actions().select_related("theme")] == [
        ("1", "1.1"), ("1", "1.2"), ("1", "1.3"), ("2", "2.1"), ("2", "2.2"), ("2", "2.3"),
    ]  # fmt: skip
    # One organisation, however the paper spells it.
    assert sorted(o.name for o in plan.partnership.organisations.all()) == [
        "Homelessness and Tenancy Solutions", "Police", "Youth Services",
    ]  # fmt: skip
    housing = plan.partnership.organisations.get(name="Homelessness and Tenancy Solutions")
    assert sorted(housing.actions.values_list("number", flat=True)) == ["1.3", "2.1", "2.2"]
    due = {a.number: (a.target_text, a.target_month, a.due) for a in plan.actions()}
    assert due == {
        "1.1": ("October 2021 Yearly", datetime.date(2021, 10, 1), "October 2021, then each October"),
        "1.2": ("Quarterly updates Starting in September 2021", datetime.date(2021, 9, 1),
                "September 2021, then each quarter"),
        "1.3": ("", datetime.date(2022, 4, 1), "April 2022"),
        "2.1": ("Ongoing", None, "Ongoing: no due month"),
        "2.2": ("Quarterly", None, "Quarterly: no due month"),
        "2.3": ("June/ July 2021", datetime.date(2021, 7, 1), "July 2021"),
    }  # fmt: skip
    # What was set aside is listed in the preview, each line by its row.
    text = page.content.decode()
    for line in [
        "Not imported: row 6, ‘Agenda Item 5: Appendix 2’ (the agenda’s header)",
        "Not imported: row 7, ‘Page 1 of 3’ (a page number)",
        f"Not imported: row 8, ‘{TITLE}’ (a page’s header or footer, repeated in the sheet)",
        "Not imported: row 18, ‘Note: RAG ratings are the lead organisation&#x27;s own.’ (a note)",
        "Not imported: row 19, ‘DRAFT’ (a draft mark)",
    ]:
        assert line in text, line
    assert "‘Homelessness and Tenancy Solution’s’ (row 12) as Homelessness and Tenancy Solutions" in text
    assert "October 2021 Yearly (due October 2021, then each October)" in text
    assert "Ongoing (Ongoing: no due month)" in text
    # The plan's page shows when each is due beside the plan's own words.
    plan_page = client.get(reverse("partnership_plan", args=[plan.slug])).content.decode()
    assert "Due October 2021, then each October" in plan_page and "Ongoing: no due month" in plan_page


@pytest.mark.parametrize("mark", ["DRAFT", "Draft for consultation", "FINAL DRAFT v2"])
def test_a_draft_mark_below_the_table_is_never_a_theme(client, cast, mark):
    client.force_login(cast["clerk"])
    _, plan = confirm(client, council_paper(draft=mark))
    assert plan.themes.count() == 2 and plan.actions().count() == 6


def test_the_clerk_may_keep_organisations_spelt_nearly_alike_apart(client, cast):
    client.force_login(cast["clerk"])
    _, plan = confirm(client, council_paper(), keep_apart="on")
    names = {o.name for o in plan.partnership.organisations.all() if "Tenancy" in o.name}
    assert names == {"Homelessness and Tenancy Solution’s", "Homelessness and Tenancy Solutions"}


def test_a_spelling_nearly_alike_an_existing_organisation_is_taken_as_it(client, cast):
    partnership = Partnership.objects.add(name="Anytown Partnership", by=cast["clerk"])
    for name in ("Police", "Homelessness & Tenancy Solutions", "Youth Services"):
        partnership.add_organisation(name=name, by=cast["clerk"])
    client.force_login(cast["clerk"])
    response = upload(client, council_paper(), partnership=str(partnership.pk), partnership_name="")
    page = preview_page(client, response)
    assert "Organisations to be created" not in page.content.decode()
    assert "(row 12) as Homelessness &amp; Tenancy Solutions" in page.content.decode()
    done = preview_page(client, response, action="import", period_month="7", period_year="2021")
    assert done.status_code == 302
    assert partnership.organisations.count() == 3
    housing = partnership.organisations.get(short_name="Homelessness & Tenancy Solutions")
    assert sorted(housing.actions.values_list("number", flat=True)) == ["1.3", "2.1", "2.2"]


def test_a_yearly_action_past_its_month_shows_late(client, cast):
    """Due in October 2021: as at the end of Q3 2021 (December), not
    Complete, it is past its target."""
    client.force_login(cast["clerk"])
    response = upload(client, council_paper(), period_month="12", period_year="2021")
    done = preview_page(client, response, action="import", create_people="on", period_month="12", period_year="2021")
    assert done.status_code == 302
    plan = PartnershipPlan.objects.get()
    quarter = plan.quarters.get()
    late = PartnershipAction.objects.filter(theme__plan=plan).past_target(quarter)
    assert sorted(late.values_list("number", flat=True)) == ["1.1", "1.2", "2.3"]


def glossary_paper(*glossary_rows) -> bytes:
    """A plan of seed 004's shape with its glossary below the table."""
    return workbook(
        ["HARASSMENT ACTION PLAN"],
        SEED_004_HEADINGS,
        ["Strategic Objective A: Community Cohesion"],
        ["1. Reduce tension", "Mediation projects", "June 2010 / ongoing", "Police", "<b>NI 35</b> PSA 26",
         "Projects running"],
        ["Strategic Objective B: Reporting"],
        ["2. Make reporting easier", "Third-party reporting centres", "August 2010", "CST", "NI 21 PSA 23", None],
        ["Glossary:"],
        *glossary_rows,
    )  # fmt: skip


GLOSSARY = [
    ["NI 21 Dealing with local concerns about anti-social behaviour PSA 23"],
    ["NI 3: Civic participation in the local area PSA15"],
    ["NI 35", "Building resilience to violent extremism PSA 26"],  # the code in a cell of its own
    ["NI 27 Understanding of local concerns HO DSO"],
]


def test_a_fresh_install_imports_a_plan_whose_sheet_defines_its_glossary(client, cast):
    assert not Indicator.objects.exists()
    client.force_login(cast["clerk"])
    response = upload(client, glossary_paper(*GLOSSARY))
    page = preview_page(client, response)
    text = page.content.decode()
    assert "NI 3 PSA 15: Civic participation in the local area (to be created)" in text
    assert "Not imported: row 7, ‘Glossary:’ (the glossary’s heading)" in text
    assert "Not imported: row 10, ‘NI 35 Building resilience to violent extremism PSA 26’ (the glossary)" in text
    assert "govuk-error-summary" not in text
    refused = preview_page(client, response, action="import")
    assert "NI 21, NI 3, NI 35, NI 27 as national indicators" in refused.content.decode()
    assert not Indicator.objects.exists()
    done = preview_page(client, response, action="import", create_people="on")
    assert done.status_code == 302
    plan = PartnershipPlan.objects.get()
    assert [theme.heading for theme in plan.themes.all()] == [
        "Strategic Objective A: Community Cohesion", "Strategic Objective B: Reporting",
    ]  # fmt: skip
    assert [(e.indicator.code, e.indicator.title, e.indicator.reference) for e in plan.glossary_entries.all()] == [
        ("NI 21", "Dealing with local concerns about anti-social behaviour", "PSA 23"),
        ("NI 3", "Civic participation in the local area", "PSA 15"),
        ("NI 35", "Building resilience to violent extremism", "PSA 26"),
        ("NI 27", "Understanding of local concerns", "HO DSO"),
    ]
    (row,) = Indicator.objects.get(code="NI 3").history.all()
    assert (row.history_user, row.history_change_reason) == (cast["clerk"], "Imported from plan.xlsx")
    first = plan.actions().get(number="1")
    assert first.indicators.get().code == "NI 35"
    activity = first.activities.get()
    assert (activity.target_month, activity.due) == (datetime.date(2010, 6, 1), "June 2010, and ongoing")


def test_an_indicator_neither_known_nor_in_the_sheets_glossary_is_still_refused(client, cast):
    client.force_login(cast["clerk"])
    page = preview_page(client, upload(client, glossary_paper(GLOSSARY[0])))
    assert "NI 35 is not in the glossary of national indicators" in page.content.decode()
    assert "Confirm and import" not in page.content.decode()


def test_a_retired_indicator_is_not_put_on_a_new_plan(client, cast):
    indicator = Indicator.objects.add(code="NI 35", title="Building resilience", reference="PSA 26", by=cast["clerk"])
    indicator.retire(by=cast["clerk"])
    client.force_login(cast["clerk"])
    page = preview_page(client, upload(client, glossary_paper(*GLOSSARY)))
    assert "NI 35 is retired from the national indicators" in page.content.decode()
    assert not PartnershipPlan.objects.exists()


def test_target_dates_are_kept_and_printed_as_typed(client, cast, django_capture_on_commit_callbacks):
    """'Oct 2018' is not rewritten 'October 2018', nor 'September 2018.'
    'September 2018': the plan's words print as typed, and the month they
    name is still when the action is due."""
    typed = {"1.1": "Oct 2021", "1.2": "September 2021.", "1.3": "Sept 2021", "1.4": "October 2021"}
    data = workbook(
        ["1. Preventing Harassment"],
        SEED_002_HEADINGS,
        *([number, f"Action {number}", "Police", words, "Aware", "Done", "Green"] for number, words in typed.items()),
    )
    client.force_login(cast["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        _, plan = confirm(client, data)
    assert {a.number: (a.target_text or month_label(a.target_month), a.target_month) for a in plan.actions()} == {
        "1.1": ("Oct 2021", datetime.date(2021, 10, 1)),
        "1.2": ("September 2021.", datetime.date(2021, 9, 1)),
        "1.3": ("Sept 2021", datetime.date(2021, 9, 1)),
        "1.4": ("October 2021", datetime.date(2021, 10, 1)),
    }
    url = reverse("partnership_report_file", args=[plan.slug])
    for fmt in ("pdf", "docx", "xlsx"):
        text = document_text(body(client.get(url, {"format": fmt})), fmt)
        assert all(squash(words) in squash(text) for words in typed.values()), fmt
        assert squash(text).count(squash("October 2021")) == 1, fmt  # 1.4's own; 1.1's stays "Oct 2021"
    page = page_text(body(client.get(reverse("partnership_plan", args=[plan.slug]))))
    assert all(words in page for words in typed.values())
