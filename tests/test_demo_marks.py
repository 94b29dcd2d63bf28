"""The demo's mark is where its invented value is, and only there (issue
39): a value no seed gives (a meeting's date, a deadline, the day the
report went to Cabinet, the executive's response date, a self-assessment's
date) reads "(illustrative)" beside it on every page, file, open-data row
and API field showing it; the Progress Update prints no note; a value the
demo cannot mark, it does not invent."""

import csv
import datetime
import html
import io
import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actionplans import roles
from actionplans.importing import reading, saving
from actionplans.models import (
    ILLUSTRATIVE_MARK,
    ApiToken,
    Assessment,
    ExecutiveResponse,
    PartnershipPlan,
    Quarter,
    Review,
    Round,
    day_label,
)
from tests.documents import body, document_text, page_text, pdf_text
from tests.factories import make_review

pytestmark = pytest.mark.django_db

# What the crawl does not open: files (read below, by format), the API and
# open data (read below), signing out, and the calendar feeds.
# Django's admin (/admin/) shows each record's `illustrative` field with its
# dates, as it shows every field: it is not one of the service's pages.
NOT_PAGES = re.compile(
    r"/(pdf|docx|xlsx|csv|json|ics)/?$|\.(pdf|docx|xlsx|csv|json|ics)$|^/api/|^/admin/|logout|sign-out"
)


def invented_days() -> set[datetime.date]:
    """Every date the demo invents, from the records' own marks."""
    days = set()
    for model in (Review, Round, Assessment, Quarter):
        for record in model.objects.all():
            days |= {getattr(record, field) for field in record.illustrative if field != "responded_on"}
    for response in ExecutiveResponse.objects.select_related("recommendation__review"):
        if "responded_on" in response.recommendation.review.illustrative:
            days.add(response.responded_on)
    return {day for day in days if day}


def shapes(day: datetime.date) -> list[str]:
    """How a page may print the day: as the papers do, or shortened."""
    return [day_label(day), f"{day.day} {day:%b %Y}", day.strftime("%d/%m/%Y")]


def unmarked(text: str, days) -> list[str]:
    """Each invented day the text shows without the mark beside it, in its
    context."""
    found = []
    for day in days:
        for shape in shapes(day):
            for match in re.finditer(re.escape(shape), text):
                if text[: match.start()].endswith("Assessment of Progress "):
                    continue  # a grade "4" before the round "September 2020", not a day
                after = text[match.end() : match.end() + len(ILLUSTRATIVE_MARK) + 1]
                if after.strip() != ILLUSTRATIVE_MARK:
                    found.append(text[max(0, match.start() - 60) : match.end() + 30])
    return found


def invented_texts() -> set[str]:
    """The words the demo writes for itself (the open round's updates and
    comment, the partner lead's update, 1 c)'s closing reason), each stored
    ending with the mark: without it, on one line."""
    from actionplans.models import CommitteeDecision, PartnershipUpdate, ProgressEntry, UpdateComment

    texts = set()
    for model, fields in (
        (ProgressEntry, ("evidence_of_progress", "evidence_of_impact")),
        (UpdateComment, ("text",)),
        (PartnershipUpdate, ("progress",)),
        (CommitteeDecision, ("reason",)),
    ):
        for values in model.objects.values_list(*fields):
            texts |= {
                " ".join(v.split())[: -len(ILLUSTRATIVE_MARK)].rstrip() for v in values if v.endswith(ILLUSTRATIVE_MARK)
            }
    return texts


def cut_unmarked(text: str, texts) -> list[str]:
    """Each of the demo's own `texts` the page shows, whole or shortened,
    without the mark after it, in its context."""
    found = []
    for words in texts:
        for match in re.finditer(re.escape(" ".join(words.split()[:6])), text):
            shown = text[match.start() :]
            # How far the page follows the text, character by character.
            pairs = zip(shown, words, strict=False)
            same = next((n for n, (a, b) in enumerate(pairs) if a != b), min(len(shown), len(words)))
            if not shown[same:].lstrip(" …").startswith(ILLUSTRATIVE_MARK):
                found.append(shown[: same + 30])
    return found


def crawl(client, start: str = "/") -> dict[str, bytes]:
    """Every page a reader reaches from `start` by following links: its
    address (with the query, once a path) and its HTML."""
    seen, queue, pages = set(), [start], {}
    while queue:
        url = queue.pop()
        path = urlparse(url).path
        if path in seen:
            continue
        seen.add(path)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages[url] = body(response)
        for href in re.findall(r'href="([^"#]+)"', pages[url].decode()):
            address = urlparse(html.unescape(href))
            if address.netloc or not address.path.startswith("/") or NOT_PAGES.search(address.path):
                continue
            queue.append(address.path + (f"?{address.query}" if address.query else ""))
    return pages


def test_the_demo_marks_the_dates_it_invents_on_its_records(demo):
    assert set(demo.illustrative) == {"report_agreed", "report_to_executive", "responded_on"}
    assert {tuple(r.illustrative) for r in demo.rounds.all()} == {("meeting_date", "deadline")}
    assert Assessment.objects.get().illustrative == ["assessed_on"]
    quarters = {f"{q.plan.slug} {q.period:%B %Y}": q.illustrative for q in Quarter.objects.select_related("plan")}
    assert quarters == {  # seed 004's Q1 2010 is the only quarter a paper names
        "hate-crime-action-plan-2018-2019 July 2018": ["period", "deadline"],
        "hate-crime-action-plan-2018-2019 October 2018": ["period", "deadline"],
        "hate-crime-action-plan-2010-2011 April 2010": ["deadline"],
        "hate-crime-action-plan-2010-2011 July 2010": ["period", "deadline"],
    }
    assert day_label(datetime.date(2020, 3, 12)) in {day_label(d) for d in invented_days()}
    # A council's own records mark nothing.
    assert make_review(title="Food Poverty").illustrative == []


@pytest.mark.long
@pytest.mark.parametrize("served", [False, True], ids=["published rounds", "with the open round"])
def test_every_page_as_every_demo_login_marks_each_invented_date_where_it_shows_it(demo, client, settings, served):
    """As the tests' demo has it, and as make run serves it (its March 2021
    round open: the officers' updates, the approvals, the round's pages).
    The demo's own words, stored ending with the mark, keep it wherever a
    page shows them, shortened or whole."""
    if served:
        from actionplans.demo import open_demo_round

        open_demo_round(demo)
    settings.SCRUTINY_PUBLIC_PAGES = True
    days, texts = invented_days(), invented_texts()
    assert len(texts) == (6 if served else 1)  # the open round's five, and 1 c)'s reason
    problems, shown = [], 0
    readers = [(user.username, user) for user in get_user_model().objects.filter(is_active=True).order_by("pk")]
    for name, user in [("(public)", None), *readers]:
        client.logout()
        if user is not None:
            client.force_login(user)
        for url, content in crawl(client, "/public/" if user is None else "/").items():
            text = page_text(content)
            assert "unnamed London borough" not in text, url
            shown += sum(text.count(day_label(day)) for day in days)
            problems += [f"{name} {url}: …{context}…" for context in unmarked(text, days)]
            # A text shortened to fit a list keeps the mark after its "…".
            problems += [f"{name} {url}: {context}…" for context in cut_unmarked(text, texts)]
    assert shown > 50  # the crawl reached the pages that show them
    assert not problems, "\n".join(sorted(set(problems))[:40])


def test_a_page_of_a_councils_own_review_prints_no_mark(demo, clerk, client):
    review = make_review(title="Food Poverty")
    client.force_login(clerk)
    page = body(client.get(reverse("review_detail", args=[review.slug])))
    assert b"data-illustrative" not in page


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
@pytest.mark.parametrize("period", ["2020-03", "2020-09"])
def test_the_demos_papers_print_no_note_and_mark_what_they_print_invented(demo, client, fmt, period):
    client.force_login(get_user_model().objects.get(username="clerk"))
    url = reverse("progress_update", args=[demo.slug]) + f"?round={period}&format={fmt}"
    text = document_text(body(client.get(url)), fmt)
    assert "Illustrative, not from the council" not in text
    assert "Illustrative:" not in text  # 1 c)'s closing reason is the March meeting's decision, not its paper's
    if fmt != "xlsx":  # the spreadsheet's Rounds sheet marks its dates in a column of their own (below)
        assert not unmarked(" ".join(text.split()), invented_days())


def test_the_rounds_sheet_marks_its_dates_and_the_import_brings_them_in_marked(demo, client, clerk):
    client.force_login(clerk)
    url = reverse("progress_update", args=[demo.slug]) + "?round=2020-09&format=xlsx"
    workbook = load_workbook(io.BytesIO(body(client.get(url))))
    rows = list(workbook["Rounds"].iter_rows(values_only=True))
    assert rows[0] == ("Round", "Deadline", "Meeting date", "Illustrative")
    assert [row[3] for row in rows[1:]] == ["Deadline, Meeting date"] * 2

    read = reading.read(body(client.get(url)), "hate-crime.xlsx")
    assert read.plan.problems == []
    copy = make_review(title="Hate Crime (imported)", committee=demo.committee)
    choice = saving.ProgressChoice(saving.PAST_RECORD, meeting_dates={})
    preview = saving.compare(copy, read.plan, progress=choice)
    assert "The March 2020 round's deadline and meeting date come in marked illustrative" in " ".join(preview.notes)
    # The preview's list of the rounds marks them too.
    assert [r.illustrative for r in preview.rounds] == [["deadline", "meeting_date"]] * 2
    saving.import_plan(copy, read.plan, progress=choice, by=clerk)
    assert [r.illustrative for r in copy.rounds.order_by("period")] == [["deadline", "meeting_date"]] * 2
    # A clerk's own dates for a round are not the sheet's: they come in unmarked.
    typed = saving.ProgressChoice(
        saving.PAST_RECORD, meeting_dates={datetime.date(2020, 9, 1): datetime.date(2020, 9, 30)}
    )
    other = make_review(title="Hate Crime (again)", committee=demo.committee)
    saving.import_plan(other, read.plan, progress=typed, by=clerk)
    assert [r.illustrative for r in other.rounds.order_by("period")] == [["deadline", "meeting_date"], ["deadline"]]

    # A cell naming something else is refused, by its cell.
    rows[1] = (*rows[1][:3], "Meeting")
    sheet = workbook["Rounds"]
    sheet["D2"] = "Meeting"
    out = io.BytesIO()
    workbook.save(out)
    refused = reading.read(out.getvalue(), "hate-crime.xlsx").plan.problems
    assert [(p.where, p.message[:34]) for p in refused] == [("Rounds!D2", "'Meeting' is not a date of the row")]


def test_the_open_data_and_the_api_mark_the_invented_dates_beside_them(demo, client, settings, clerk, administrator):
    settings.SCRUTINY_PUBLIC_PAGES = settings.SCRUTINY_API = True
    response = client.get(reverse("open_data_csv", args=["recommendations"]))
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert rows and all(row["response_date"] == "2019-01-17" for row in rows)
    # Recommendations 2 to 4 were completed at March 2020's meeting, its day invented too.
    assert [row["illustrative"] for row in rows] == ["response_date"] + ["response_date; completed_on"] * 3
    key = ApiToken.objects.issue(user=clerk, role=roles.CLERK, name="Power BI", by=administrator)[1]
    rounds = client.get(reverse("api_rounds"), HTTP_AUTHORIZATION=f"Token {key}").json()["results"]
    assert rounds and all(r["illustrative"] == ["meeting_date", "deadline"] for r in rounds)
    recommendations = client.get(reverse("api_recommendations"), HTTP_AUTHORIZATION=f"Token {key}").json()["results"]
    assert recommendations and all(
        r["executive_response"]["illustrative"] == ["responded_on"] for r in recommendations
    ), recommendations[0]


def document_title(content: bytes, fmt: str) -> str:
    """The title a file gives itself (its properties), which a reader's
    software shows beside it."""
    if fmt == "pdf":
        from pypdf import PdfReader

        return PdfReader(io.BytesIO(content)).metadata.title or ""
    if fmt == "docx":
        return Document(io.BytesIO(content)).core_properties.title or ""
    return load_workbook(io.BytesIO(content)).properties.title or ""


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_assessment_appendix_prints_no_invented_date_and_its_page_marks_it(demo, client, fmt):
    """Seed 003 gives the self-assessment no date: the committee's appendix
    prints none (its text, its title, its file's name), and the appendix's
    page, as every page, shows the demo's date marked."""
    assessment = Assessment.objects.get()
    client.force_login(get_user_model().objects.get(username="councillor"))
    url = reverse("assessment_appendix_file", args=[assessment.pk]) + f"?format={fmt}"
    response = client.get(url)
    content = body(response)
    text = " ".join(document_text(content, fmt).split())
    assert "Borough Council’s self-assessment" in text
    for printed in (text, document_title(content, fmt), response["Content-Disposition"]):
        assert ILLUSTRATIVE_MARK not in printed and "2009" not in printed, printed

    page = page_text(body(client.get(reverse("assessment_appendix", args=[assessment.pk]))))
    assert f"Borough Council’s self-assessment, 1 October 2009 {ILLUSTRATIVE_MARK}." in page


def test_the_partnership_reports_print_no_invented_month_nor_borough(demo, client):
    client.force_login(get_user_model().objects.get(username="clerk"))
    for plan in PartnershipPlan.objects.all():
        quarter = plan.quarters.order_by("-period").first()
        url = reverse("partnership_report_file", args=[plan.slug]) + f"?quarter={quarter.pk}&format=pdf"
        text = " ".join(pdf_text(body(client.get(url))).split())
        assert f"({quarter.period:%B %Y})" not in text and "unnamed" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_a_quarter_no_paper_names_is_not_printed_and_its_pages_mark_it(demo, client, fmt):
    """Seed 002 heads its column "Progress", naming no quarter: the demo's
    July 2018 is printed nowhere on the plan's paper (its text, title and
    file name), and its pages say "Q2 2018 (illustrative)". Seed 004's
    "Q1 2010" is the paper's own, printed as it was."""
    client.force_login(get_user_model().objects.get(username="clerk"))
    invented = Quarter.objects.get(plan__slug="hate-crime-action-plan-2018-2019", period__month=7)
    url = reverse("partnership_report_file", args=[invented.plan.slug]) + f"?quarter={invented.pk}&format={fmt}"
    response = client.get(url)
    content = body(response)
    text = " ".join(document_text(content, fmt).split())
    assert "progress to date" in text
    for printed in (text, document_title(content, fmt), response["Content-Disposition"]):
        assert "Q2 2018" not in printed and "q2-2018" not in printed and ILLUSTRATIVE_MARK not in printed, printed

    report_page = reverse("partnership_plan", args=[invented.plan.slug]) + f"?quarter={invented.pk}"
    page = page_text(body(client.get(report_page)))
    assert f"Q2 2018 {ILLUSTRATIVE_MARK}" in page

    named = Quarter.objects.get(plan__slug="hate-crime-action-plan-2010-2011", period__month=4)
    url = reverse("partnership_report_file", args=[named.plan.slug]) + f"?quarter={named.pk}&format={fmt}"
    response = client.get(url)
    assert "Q1 2010" in " ".join(document_text(body(response), fmt).split())
    assert "q1-2010" in response["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_executive_response_files_mark_the_invented_days(demo, client, clerk, fmt):
    client.force_login(clerk)
    text = document_text(body(client.get(reverse("executive_response_file", args=[demo.slug, fmt]))), fmt)
    text = " ".join(text.split())
    if fmt == "xlsx":  # the days stay dates; their labels carry the mark
        assert f"Report agreed {ILLUSTRATIVE_MARK}:" in text and f"Date of response {ILLUSTRATIVE_MARK}" in text
    else:
        assert f"8 November 2018 {ILLUSTRATIVE_MARK}" in text and f"17 January 2019 {ILLUSTRATIVE_MARK}" in text
        assert not unmarked(text, invented_days())


def test_e_mails_quoting_an_invented_day_mark_it(demo, clerk):
    """Publishing a demo round quotes its meeting's day; the e-mail marks it."""
    from actionplans.models import Notification

    round = demo.rounds.get(period=datetime.date(2020, 9, 1))
    Notification.objects.filter(kind=Notification.Kind.ROUND_PUBLISHED).delete()  # as if not yet told
    rows = Notification.objects.round_published(round, by=clerk)
    assert rows
    for row in rows:
        assert f"24 September 2020 {ILLUSTRATIVE_MARK}." in row.body
        assert "Illustrative, not from" not in row.body


def test_the_back_office_marks_each_invented_day_in_its_lists_and_forms(demo_served, client):
    """Django's admin, where clerks and administrators read the records:
    each list's column and each read-only form's row marks the invented
    day; beside a date a clerk may change (the open round's), its help text
    says so; a council's own record reads no mark."""
    from actionplans.models import CommitteeDecision

    client.force_login(get_user_model().objects.get(username="clerk"))
    published = demo_served.rounds.filter(status="published").first()
    decision = CommitteeDecision.objects.filter(round=published).first()
    response = ExecutiveResponse.objects.filter(recommendation__review=demo_served).first()
    pages = [
        *(
            reverse(f"admin:actionplans_{model}_changelist")
            for model in ("round", "executiveresponse", "committeedecision")
        ),
        reverse("admin:actionplans_round_change", args=[published.pk]),
        reverse("admin:actionplans_review_change", args=[demo_served.pk]),
        reverse("admin:actionplans_executiveresponse_change", args=[response.pk]),
        reverse("admin:actionplans_committeedecision_change", args=[decision.pk]),
        reverse("admin:actionplans_action_change", args=[decision.action_id]),  # its decisions, inline
    ]
    days, problems, shown = invented_days(), [], 0
    for url in pages:
        text = page_text(body(client.get(url)))
        shown += sum(text.count(f"{day_label(day)} {ILLUSTRATIVE_MARK}") for day in days)
        problems += [f"{url}: …{context}…" for context in unmarked(text, days)]
    assert not problems, "\n".join(problems)
    assert shown >= 12  # every page showed its days

    # The open round's dates can be fixed here: each box's hint carries the mark.
    open_round = demo_served.rounds.get(status="open")
    form = body(client.get(reverse("admin:actionplans_round_change", args=[open_round.pk]))).decode()
    for name in ("deadline", "meeting_date"):
        assert re.search(rf'id="id_{name}_helptext">\s*<div>{re.escape(ILLUSTRATIVE_MARK)} ', form), name

    # A change in a history marks the invented day it names.
    history = page_text(body(client.get(reverse("admin:actionplans_round_history", args=[open_round.pk]))))
    assert f"{open_round.deadline.isoformat()} {ILLUSTRATIVE_MARK}" in history
    assert not re.search(r"\d{4}-\d\d-\d\d(?! \(illustrative\))", history.split("Deadline:", 1)[1][:200])

    # A council's own round, in its list and its form, reads no mark.
    from tests.factories import make_round

    own = make_round(make_review(title="Food Poverty"))
    assert ILLUSTRATIVE_MARK not in page_text(
        body(client.get(reverse("admin:actionplans_round_change", args=[own.pk])))
    )
    listed = page_text(
        body(client.get(reverse("admin:actionplans_round_changelist") + f"?review__id__exact={own.review_id}"))
    )
    assert day_label(own.meeting_date) in listed and ILLUSTRATIVE_MARK not in listed


def test_a_shortened_text_keeps_the_mark_after_its_ellipsis():
    """The demo's own words end with the mark: shortening cuts the words,
    then adds the mark, as a list, a table's cell or a name shows them."""
    from actionplans.models import shorten
    from actionplans.templatetags.evidence import evidence_excerpt
    from actionplans.templatetags.illustrative import excerpt

    words = " ".join(f"word{n}" for n in range(50))
    text = f"{words}\n- a bullet {ILLUSTRATIVE_MARK}"
    assert excerpt(text, 5) == f"word0 word1 word2 word3 word4 … {ILLUSTRATIVE_MARK}"
    assert evidence_excerpt(text, 5) == f"<p>word0 word1 word2 word3 word4… {ILLUSTRATIVE_MARK}</p>"
    assert shorten(text, 20) == f"word0 word1 word2… {ILLUSTRATIVE_MARK}"
    # Whole, it reads as it was written; a council's own text gains no mark.
    assert excerpt(f"Short {ILLUSTRATIVE_MARK}", 5) == f"Short {ILLUSTRATIVE_MARK}"
    assert evidence_excerpt(f"Short\n- a bullet {ILLUSTRATIVE_MARK}", 30).endswith(
        f"<li>a bullet {ILLUSTRATIVE_MARK}</li></ul>"
    )
    assert excerpt(words, 5) == "word0 word1 word2 word3 word4 …" and shorten(words, 20) == "word0 word1 word2…"
