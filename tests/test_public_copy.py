"""A published round's public copy: stored beside the committee's files when
the round is published, in every format, exempt information left out; what
the public pages give to download, byte for byte, never a fresh rendering.
It reads like the committee's files (the agenda header, the pack's page
numbers, the council's wording as it stood at publication), and nothing
the administrator changes later in the council's settings changes either
of them, nor the round's public page. Only a correction and an exempt
marking make a new version, each with its reason."""

import datetime
import hashlib
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from actionplans import roles
from actionplans.models import Action, Council, GradingScale, PublishedDocument, Round
from actionplans.models.council import council
from reports.documents import DOWNLOADS, FORMATS
from tests import old_installs
from tests.documents import body, docx_text, pdf_text, squash
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round, make_user
from tests.test_published_record import clerk_client, publish, stored_bytes

pytestmark = pytest.mark.django_db

HEADER = "Agenda Item 8: Appendix 1"
FIRST_PAGE = 17
# The administrator's changes after publication (tests/test_second_council.py's council).
NEW_NAME = "Anyshire County Council"
NEW_TITLE = "Recommendation Tracker – Six-Monthly Report"
RAG = [
    {"label": "Blue", "description": "Complete: delivered in full", "colour": "blue", "meaning": 1},
    {"label": "Green", "description": "On course to be delivered on time", "colour": "green", "meaning": 2},
    {"label": "Amber", "description": "At risk: some delay", "colour": "orange", "meaning": 3},
    {"label": "Red", "description": "Will not be delivered", "colour": "red", "meaning": 4},
]


def page_text(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&amp;", "&").split())


def public_file(round, fmt):
    return reverse("public_round_file", args=[round.review.slug, round.period_code, fmt])


def copy_sha(round, fmt) -> str:
    return round.published_documents.public_copies().latest(fmt).sha256


def xlsx_words(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    headers = [sheet.oddHeader.center.text or "" for sheet in book]
    return "\n".join([*cells, *headers, book.properties.creator or "", book.properties.subject or ""])


def words_of(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "docx":
        document = Document(io.BytesIO(data))
        return "\n".join([docx_text(document), *(p.text for p in document.sections[0].header.paragraphs)])
    return xlsx_words(data)


@pytest.fixture
def published(demo_march_2021, settings, django_capture_on_commit_callbacks):
    """The demo's March 2021 round with 1 a) Schools' update approved,
    published by the clerk for agenda item 8 from page 17 of the pack; the
    public pages on."""
    settings.SCRUTINY_PUBLIC_PAGES = True
    entry = demo_march_2021.entries.get(action__strand="Schools, Colleges and Universities")
    officer = entry.owners.filter(user__isnull=False).first().user
    entry.save_update(
        by=officer,
        version=entry.version,
        submit=True,
        evidence_of_progress="Assemblies held in nine schools.",
        grade=2,
        grade_explanation="Three schools are still to hold theirs.",
    )
    entry.approve(by=get_user_model().objects.get(username="clerk"), version=entry.version)
    response = publish(
        clerk_client(),
        demo_march_2021,
        django_capture_on_commit_callbacks,
        agenda_header=HEADER,
        first_page=str(FIRST_PAGE),
    )
    assert response.status_code == 200
    demo_march_2021.refresh_from_db()
    return demo_march_2021


def test_the_public_downloads_are_the_stored_public_copy_with_the_committees_agenda_header_and_page_numbers(
    published, client
):
    page = client.get(reverse("public_round", args=[published.review.slug, "2021-03"]))
    for fmt in DOWNLOADS:
        assert f'href="{public_file(published, fmt)}"' in page.content.decode(), fmt
        data = body(client.get(public_file(published, fmt)))
        copy = published.published_documents.public_copies().get(format=fmt)
        committee = published.published_documents.committee().get(format=fmt)
        # Byte for byte the stored public copy, which at publication is the
        # committee's file itself, kept beside it.
        assert hashlib.sha256(data).hexdigest() == copy.sha256 == committee.sha256, fmt
        assert squash(HEADER) in squash(words_of(fmt, data)), fmt
    pdf = body(client.get(public_file(published, "pdf")))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    numbers = [int(n) for text in pages for n in re.findall(r"Page (\d+)", text)]
    assert numbers == list(range(FIRST_PAGE, FIRST_PAGE + len(pages)))
    word = Document(io.BytesIO(body(client.get(public_file(published, "docx")))))
    assert word.sections[0]._sectPr.xpath("./w:pgNumType/@w:start") == [str(FIRST_PAGE)]
    sheet = openpyxl.load_workbook(io.BytesIO(body(client.get(public_file(published, "xlsx"))))).worksheets[0]
    assert sheet.page_setup.firstPageNumber == FIRST_PAGE and HEADER in sheet.oddHeader.center.text
    response = client.get(public_file(published, "pdf"))
    assert response["ETag"] == f'"{copy_sha(published, "pdf")}"' and "no-cache" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="hate-crime-progress-update-2021-03.pdf"'


def test_a_public_copy_not_yet_stored_is_said_to_be_prepared_and_never_rendered_in_its_place(
    demo_march_2021, settings, client, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_PUBLIC_PAGES = True
    demo_march_2021.publish(by=get_user_model().objects.get(username="clerk"), agenda_header=HEADER)
    # The worker has not run: nothing stored yet.
    assert not demo_march_2021.published_documents.ready().exists()

    def no_rendering(*args, **kwargs):
        raise AssertionError("the public downloads are never rendered afresh")

    monkeypatch.setattr("reports.documents.render_document", no_rendering)
    monkeypatch.setattr("reports.progress_update.views.render_document", no_rendering)
    page = page_text(client.get(reverse("public_round", args=[demo_march_2021.review.slug, "2021-03"])))
    assert "PDF (being prepared), Word (being prepared), Excel (being prepared)" in page
    response = client.get(public_file(demo_march_2021, "pdf"))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "The PDF file is being prepared" in page_text(response)
    # Nor does a councillor's export of the round as published render it.
    councillor = Client()
    councillor.force_login(get_user_model().objects.get(username="councillor"))
    export = councillor.get(
        reverse("progress_update", args=[demo_march_2021.review.slug]), {"round": "2021-03", "format": "pdf"}
    )
    assert export.status_code == 200 and export["Content-Type"].startswith("text/html")
    assert "as published is being prepared: try again in a minute" in page_text(export)

    # The worker renders each format once, for the committee's file and its copy.
    monkeypatch.undo()
    assert PublishedDocument.objects.queue_pending() == len(FORMATS)
    assert demo_march_2021.published_documents.ready().count() == 2 * len(FORMATS)
    assert body(client.get(public_file(demo_march_2021, "pdf"))) == stored_bytes(
        demo_march_2021.published_documents.public_copies().get(format="pdf")
    )


def test_nothing_published_changes_when_the_administrator_changes_the_councils_name_title_and_scale(
    published, client, administrator
):
    kept = {document.pk: document.sha256 for document in published.published_documents.all()}
    september = Round.objects.get(review=published.review, period=datetime.date(2020, 9, 1))
    rounds = (september, published)
    downloads = {(r.pk, fmt): body(client.get(public_file(r, fmt))) for r in rounds for fmt in DOWNLOADS}
    assert "Stockton-on-Tees Borough Council" in xlsx_words(downloads[published.pk, "xlsx"])

    Council.objects.get(pk=1).change(by=administrator, name=NEW_NAME, update_title=NEW_TITLE)
    GradingScale.make("progress", RAG, by=administrator)
    assert council().council_name == NEW_NAME

    # The stored files, the committee's and the public copies, are as they were…
    assert {document.pk: document.sha256 for document in published.published_documents.all()} == kept
    for (pk, fmt), data in downloads.items():
        round = next(r for r in rounds if r.pk == pk)
        assert body(client.get(public_file(round, fmt))) == data, (round, fmt)
    # …and so is every page and file printed from the record: the public
    # round pages, the committee's web page, an export with options no
    # stored file answers.
    councillor = Client()
    councillor.force_login(get_user_model().objects.get(username="councillor"))
    printed = {
        "public page": page_text(client.get(reverse("public_round", args=[published.review.slug, "2020-09"]))),
        "committee's page": page_text(
            councillor.get(reverse("progress_update_page", args=[published.review.slug, "2021-03"]))
        ),
    }
    export = reverse("progress_update", args=[published.review.slug])
    for fmt in DOWNLOADS:
        asked = {"round": "2021-03", "format": fmt, "full_history": "on"}
        printed[f"full history {fmt}"] = words_of(fmt, body(councillor.get(export, asked)))
    for where, words in printed.items():
        assert squash("SCRUTINY MONITORING – PROGRESS UPDATE") in squash(words), where
        assert squash("Assessment of Progress Gradings") in squash(words), where
        assert squash("Fully Achieved") in squash(words), where
        for new in (NEW_TITLE.upper(), "Complete: delivered in full", "Will not be delivered"):
            assert squash(new) not in squash(words), (where, new)
    assert "Stockton-on-Tees Borough Council" in printed["full history xlsx"]
    assert NEW_NAME not in printed["full history xlsx"]


def test_a_paper_that_prints_no_grade_keeps_the_key_of_the_scale_in_force_when_it_was_published(
    db, settings, client, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_PUBLIC_PAGES = True
    administrator = make_user("admin", roles.ADMINISTRATOR)
    clerk = make_user("clerk", roles.CLERK)
    review = make_review("Flooding")
    action = make_action(make_recommendation(review), agreed_action="Clear every gully twice a year.")
    round = make_round(review, 2025, 9, status=Round.Status.OPEN)
    make_entry(action, round, grade=None)  # a draft, never approved: no update received
    with django_capture_on_commit_callbacks(execute=True):
        round.publish(by=clerk)
    GradingScale.make("progress", RAG, by=administrator)
    page = page_text(client.get(reverse("public_round", args=[review.slug, "2025-09"])))
    assert "No update received" in page and "Fully Achieved" in page and "Complete: delivered in full" not in page
    pdf = squash(pdf_text(body(client.get(public_file(round, "pdf")))))
    assert squash("Fully Achieved") in pdf and squash("Complete: delivered in full") not in pdf


def test_an_exempt_marking_after_publication_makes_a_new_public_copy_with_its_reason_and_the_committees_files_stay(
    published, client, cast, django_capture_on_commit_callbacks
):
    committee = {document.pk: document.sha256 for document in published.published_documents.committee()}
    first = {copy.format: stored_bytes(copy) for copy in published.published_documents.public_copies()}
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    with django_capture_on_commit_callbacks(execute=True):
        schools.mark_exempt(3, by=cast["clerk"])

    reason = "Exempt information (paragraph 3): 1 a) Schools, Colleges and Universities"
    copies = published.published_documents.public_copies()
    assert set(copies.values_list("version", "reason")) == {(1, ""), (2, reason)}
    assert {d.pk: d.sha256 for d in published.published_documents.committee()} == committee
    for fmt in DOWNLOADS:
        data = body(client.get(public_file(published, fmt)))
        assert data == stored_bytes(copies.get(version=2, format=fmt)) != first[fmt], fmt
        words = squash(words_of(fmt, data))
        assert squash("Assemblies held in nine schools.") not in words, fmt
        assert squash("Exempt information (paragraph 3)") in words and squash(HEADER) in words, fmt
        assert squash("Assemblies held in nine schools.") in squash(words_of(fmt, first[fmt])), fmt

    # The clerk's round page lists both versions, and the clerk alone
    # downloads the one the marking replaced.
    page = page_text(clerk_client().get(reverse("round_detail", args=[published.pk])))
    today = datetime.date.today()
    assert f"Public copy, version 2: made on {today.day} {today:%B %Y} ({reason})" in page
    assert "Public copy, version 1: made on" in page
    old = reverse("public_copy_document", args=[published.pk, 1, "pdf"])
    assert body(clerk_client().get(old)) == first["pdf"]
    councillor = Client()
    councillor.force_login(cast["councillor"])
    assert councillor.get(old).status_code == 403

    # Public again: another version, its words back.
    with django_capture_on_commit_callbacks(execute=True):
        schools.mark_exempt(None, by=cast["clerk"])
    latest = published.published_documents.public_copies().latest("pdf")
    assert (latest.version, latest.reason) == (
        3,
        "No longer exempt information: 1 a) Schools, Colleges and Universities",
    )
    assert squash("Assemblies held in nine schools.") in squash(
        pdf_text(body(client.get(public_file(published, "pdf"))))
    )


def test_the_demo_ends_with_its_rounds_public_copies_stored_in_its_own_terms(demo, settings, client):
    settings.SCRUTINY_PUBLIC_PAGES = True
    for round in Round.objects.filter(review=demo, status=Round.Status.PUBLISHED):
        assert round.published_wording["council_name"] == "Stockton-on-Tees Borough Council"
        copies = round.published_documents.public_copies()
        assert sorted(copies.values_list("format", flat=True)) == sorted(FORMATS)
        assert all(copy.is_ready and copy.version == 1 for copy in copies), round
        assert not round.published_documents.committee().exists()  # published before the record began
        data = body(client.get(public_file(round, "docx")))
        assert hashlib.sha256(data).hexdigest() == copies.get(format="docx").sha256


BEFORE = [("actionplans", "0052_names_printed_as_typed")]


def at(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def council_renamed_after_publishing(model):
    """The council's history (migration state `model`): named "Oldtown
    Borough Council" when first set, renamed "Newtown City Council" in 2025;
    its row as it stands now."""
    council = model("Council").objects.get(pk=1)
    History = model("HistoricalCouncil")
    fields = ("committee_name", "committees_name", "update_title", "introduction", "impact_sentence")
    terms = {field: getattr(council, field) for field in (*fields, "grading_key_heading")}
    for name, when in (("Oldtown Borough Council", at(2024, 1, 5)), ("Newtown City Council", at(2025, 6, 1))):
        History.objects.create(
            id=1,
            name=name,
            **terms,
            changed_at=when,
            history_date=when,
            history_type="~" if History.objects.exists() else "+",
        )
    model("Council").objects.filter(pk=1).update(name="Newtown City Council")


@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_a_round_published_before_the_migration_gets_its_terms_and_a_public_copy_no_clerk_asks_for(settings):
    """Migration 0054 gives a round already published the council's terms
    as they stood when it was published (the council's history says), and
    its public copy, pending, with the options of the committee's latest
    files; after the migrations the worker is given them (reports/apps.py),
    and they are stored."""
    from django.core.management.sql import emit_post_migrate_signal

    settings.SCRUTINY_PUBLIC_PAGES = True
    executor = old_installs.back_to(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        model = lambda name: apps.get_model("actionplans", name)  # noqa: E731
        council_renamed_after_publishing(model)
        review = model("Review").objects.create(
            committee=model("Committee").objects.create(name="Environment Select Committee", slug="environment"),
            title="Flooding",
            slug="flooding",
            status="monitoring",
            action_plan_agreed=datetime.date(2024, 3, 1),
        )
        rec = model("Recommendation").objects.create(review=review, number=1, text="That the gullies be cleared.")
        action = model("Action").objects.create(
            recommendation=rec, agreed_action="Clear every gully.", target_month=datetime.date(2025, 1, 1)
        )
        dates = {"period": datetime.date(2024, 9, 1), "deadline": datetime.date(2024, 8, 30)}
        dates["meeting_date"] = datetime.date(2024, 9, 19)
        round = model("Round").objects.create(review=review, status="published", **dates)
        for when, status in ((at(2024, 8, 1), "open"), (at(2024, 9, 20), "published")):
            model("HistoricalRound").objects.create(
                id=round.pk, review_id=review.pk, status=status, history_date=when, history_type="~", **dates
            )
        model("ProgressEntry").objects.create(
            action=action, round=round, status="approved", evidence_of_progress="Half cleared.", grade=2
        )
        model("PublishedDocument").objects.create(
            round=round, version=1, format="pdf", options={"agenda_header": HEADER, "first_page": 5}
        )
    finally:
        old_installs.forward()

    round = Round.objects.get(pk=round.pk)
    assert council().council_name == "Newtown City Council"
    assert round.published_wording == {**council().kept(), "council_name": "Oldtown Borough Council"}
    assert round.published_scale == GradingScale.objects.get(kind="progress", version=1)
    copies = round.published_documents.public_copies()
    assert sorted(copies.values_list("format", flat=True)) == sorted(FORMATS)
    assert all(c.is_pending and c.options == {"agenda_header": HEADER, "first_page": 5} for c in copies)
    # After the migrations (here, the tasks run at once), nobody asking.
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert round.published_documents.public_copies().ready().count() == len(FORMATS)
    pdf = pdf_text(body(Client().get(public_file(round, "pdf"))))
    assert HEADER in pdf and "Page 5" in pdf and "Half cleared." in pdf
    # The council's name as the round went out under it.
    assert "Oldtown Borough Council" in xlsx_words(body(Client().get(public_file(round, "xlsx"))))
