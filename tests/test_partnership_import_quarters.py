"""Importing a partnership plan whose quarters sit side by side ("Progress
Q1 2025/26 | RAG Q1 2025/26 | Progress Q2 2025/26 | …"), through the pages
as a clerk does: every quarter comes in, oldest first, each a published
quarter of the plan whose papers print its own progress; the target dates
and the quarters' names print as the file types them."""

import datetime

import pytest
from django.urls import reverse
from django.utils.text import slugify

from actionplans.models import PartnershipPlan
from tests.documents import body, document_text, page_text, squash
from tests.partnership_files import upload, workbook
from tests.test_partnership_import import preview_page

pytestmark = pytest.mark.django_db

HEADINGS = [
    None, "Action", "Lead Organisation / Partner(s)", "Target Date", "Outcome",
    "Progress Q1 2025/26", "RAG Q1 2025/26", "Progress Q2 2025/26", "RAG Q2 2025/26",
]  # fmt: skip

# The Target Date as typed, and the month it is due by.
TARGETS = {
    "1.1": ("Oct 2025", datetime.date(2025, 10, 1)),
    "1.2": ("September 2025.", datetime.date(2025, 9, 1)),
    "2.1": ("Sept 2025", datetime.date(2025, 9, 1)),
}
# Each action's progress by quarter, every word of which its quarter's papers print.
Q1 = {
    "1.1": "Met the schools' leads in May to plan the forum.",
    "1.2": "Drafted the awareness leaflet with the youth panel.",
    "2.1": "First monthly meeting held at the civic centre.",
}
Q2 = {
    "1.1": "Forum booked for 14 October; twenty schools signed up.",
    "1.2": "Leaflet printed and handed out at freshers' week.",
    "2.1": "Three meetings held; referrals now logged by the police.",
}


def two_quarters(headings=HEADINGS) -> bytes:
    return workbook(
        ["Anytown Harassment Action Plan 2025 – 2026"],
        ["1. Preventing Harassment"],
        headings,
        ["1.1", "Attend the annual schools forum", "Police", TARGETS["1.1"][0], "Head teachers know what we offer",
         Q1["1.1"], "Green", Q2["1.1"], "Amber"],
        ["1.2", "Make an awareness leaflet", "Youth Services", TARGETS["1.2"][0], "More awareness",
         Q1["1.2"], "Amber", Q2["1.2"], "Green"],
        ["2. Responding to Harassment"],
        ["2.1", "Attend the monthly harassment meeting", "Police", TARGETS["2.1"][0], "Issues found early",
         Q1["2.1"], "Green", Q2["2.1"], "Complete"],
    )  # fmt: skip


def import_two_quarters(client, django_capture_on_commit_callbacks, data=None):
    response = upload(client, data or two_quarters())
    page = preview_page(client, response)
    with django_capture_on_commit_callbacks(execute=True):
        done = preview_page(client, response, action="import", create_people="on")
    assert done.status_code == 302, done.context["summary"]
    return page, PartnershipPlan.objects.get()


def test_the_preview_says_which_columns_are_which_quarter(client, cast):
    client.force_login(cast["clerk"])
    text = page_text(preview_page(client, upload(client, two_quarters())).content)
    assert (
        "The file's progress is read as 2 quarters, oldest first: Q1 2025/26 (columns F and G), Q2 2025/26 "
        "(columns H and I)."
    ) in text
    assert f"Q1 2025/26: {Q1['1.1']}" in text and f"Q2 2025/26: {Q2['1.1']}" in text
    assert "Oct 2025 (due October 2025)" in text
    assert "govuk-error-summary" not in text


def test_every_quarter_is_imported_and_published_oldest_first(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast["clerk"])
    _, plan = import_two_quarters(client, django_capture_on_commit_callbacks)
    quarters = list(plan.quarters.order_by("period"))
    assert [(q.period, q.named, q.printed_label) for q in quarters] == [
        (datetime.date(2025, 4, 1), "Q1 2025/26", "Q1 2025/26"),
        (datetime.date(2025, 7, 1), "Q2 2025/26", "Q2 2025/26"),
    ]
    assert all(quarter.is_published for quarter in quarters)
    for quarter, progress in zip(quarters, (Q1, Q2), strict=True):
        updates = {u.action.number: (u.progress, u.status) for u in quarter.updates.select_related("action")}
        assert updates == {number: (text, "approved") for number, text in progress.items()}
    typed = {action.number: (action.target_text, action.target_month) for action in plan.actions()}
    assert typed == TARGETS


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_each_quarters_paper_prints_its_own_progress_and_the_dates_as_typed(
    client, cast, django_capture_on_commit_callbacks, fmt
):
    client.force_login(cast["clerk"])
    _, plan = import_two_quarters(client, django_capture_on_commit_callbacks)
    earlier, later = plan.quarters.order_by("period")
    url = reverse("partnership_report_file", args=[plan.slug])
    papers = {}
    for quarter in (earlier, later):
        response = client.get(url, {"format": fmt, "quarter": quarter.pk})
        papers[quarter.named] = squash(document_text(body(response), fmt))
        assert f'filename="{plan.slug}-{slugify(quarter.named)}.{fmt}"' in response["Content-Disposition"]
    for named, progress in (("Q1 2025/26", Q1), ("Q2 2025/26", Q2)):
        assert squash(named) in papers[named]
        for text in progress.values():
            assert squash(text) in papers[named], (named, text)
        for typed, _ in TARGETS.values():
            assert squash(typed) in papers[named]
    for text in Q2.values():
        assert squash(text) not in papers["Q1 2025/26"]
    assert squash("October 2025") not in papers["Q1 2025/26"]  # "Oct 2025" as typed, not rewritten


def test_each_quarters_web_page_prints_its_own_progress(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast["clerk"])
    _, plan = import_two_quarters(client, django_capture_on_commit_callbacks)
    earlier, later = plan.quarters.order_by("period")
    url = reverse("partnership_plan", args=[plan.slug])
    pages = {q.named: page_text(body(client.get(url, {"quarter": q.pk}))) for q in (earlier, later)}
    for named, progress in (("Q1 2025/26", Q1), ("Q2 2025/26", Q2)):
        assert all(text in pages[named] for text in progress.values())
        assert all(typed in pages[named] for typed, _ in TARGETS.values())
    assert not any(text in pages["Q1 2025/26"] for text in Q2.values())


def test_quarters_named_by_their_months_are_read_too(client, cast, django_capture_on_commit_callbacks):
    headings = [*HEADINGS[:5], "Progress June 2025", "RAG June 2025", "Progress Sept 2025", "RAG Sept 2025"]
    client.force_login(cast["clerk"])
    page, plan = import_two_quarters(client, django_capture_on_commit_callbacks, two_quarters(headings))
    assert "June 2025 (columns F and G), Sept 2025 (columns H and I)" in page_text(page.content)
    assert [(q.period, q.printed_label) for q in plan.quarters.order_by("period")] == [
        (datetime.date(2025, 4, 1), "June 2025"),
        (datetime.date(2025, 7, 1), "Sept 2025"),
    ]


def test_a_progress_column_with_no_quarter_is_a_problem_at_its_column(client, cast):
    headings = [*HEADINGS[:7], "Progress (latest)", "RAG Q2 2025/26"]
    client.force_login(cast["clerk"])
    response = upload(client, two_quarters(headings))
    text = page_text(preview_page(client, response).content)
    assert (
        "Column H: its heading 'Progress (latest)' names no month, and the file has Progress for more than one quarter"
    ) in text
    done = preview_page(client, response, action="import", create_people="on")
    assert done.status_code == 200 and not PartnershipPlan.objects.exists()


def test_a_second_column_for_a_quarters_field_is_a_problem_at_its_column(client, cast):
    headings = [*HEADINGS[:7], "Progress June 2025", "RAG Q2 2025/26"]
    client.force_login(cast["clerk"])
    response = upload(client, two_quarters(headings))
    text = page_text(preview_page(client, response).content)
    assert "Column H: column F is Q1 2025/26's Progress already" in text
    done = preview_page(client, response, action="import", create_people="on")
    assert done.status_code == 200 and not PartnershipPlan.objects.exists()


def test_a_column_not_read_is_named_with_why(client, cast):
    rows = [*HEADINGS, "Officer's notes"]
    data = workbook(
        ["1. Preventing Harassment"],
        rows,
        ["1.1", "Attend the forum", "Police", "Oct 2025", "Aware", "Met", "Green", "Booked", "Amber", "Ring Sam"],
        ["1.2", "Leaflet", "Police", "Oct 2025", "Aware", "Drafted", "Amber", "Printed", "Green", None, "stray"],
    )
    client.force_login(cast["clerk"])
    text = page_text(preview_page(client, upload(client, data)).content)
    assert "Column J ('Officer's notes') is not read: its heading is not one of a plan's fields." in text
    assert "Column K has values but no heading, so it is not read" in text


def test_one_quarter_named_in_a_financial_years_words_keeps_them(client, cast, django_capture_on_commit_callbacks):
    headings = [*HEADINGS[:5], "Progress Q1 2018/19", "RAG Q1 2018/19"]
    data = workbook(
        ["1. Preventing Harassment"],
        headings,
        ["1.1", "Attend the annual schools forum", "Police", "Oct 2018", "Aware", "Met the leads.", "Green"],
    )
    client.force_login(cast["clerk"])
    page, plan = import_two_quarters(client, django_capture_on_commit_callbacks, data)
    assert "Progress and RAG for Q1 2018/19." in page_text(page.content)
    quarter = plan.quarters.get()
    assert (quarter.period, quarter.printed_label, quarter.is_published) == (
        datetime.date(2018, 4, 1),
        "Q1 2018/19",
        True,
    )
    response = client.get(reverse("partnership_report_file", args=[plan.slug]), {"format": "pdf"})
    text = squash(document_text(body(response), "pdf"))
    assert squash("progress to Q1 2018/19") in text
    assert text.count("Q12018") == text.count("Q12018/19")  # never "Q1 2018" alone
