"""Bad input gets a message, never a 500: control
characters, line breaks where one line is wanted, huge text, long words,
emoji and other scripts, bad ids in addresses, bad command-line arguments."""

import datetime
import io
import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from actionplans.models import ProgressEntry, Review
from reports.documents import ExportOptions, render
from reports.progress_update.builder import build_progress_update
from reports.progress_update.xlsx import HEADING_ROW
from tests.documents import docx_text, pdf_text, squash
from tests.factories import (
    a_clerk,
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
)

pytestmark = pytest.mark.django_db

CONTROL = "Work\x01 is\x0b under\x1b way\x7f.\x08"
WORLD = "Déjà vu 😀 Ελληνικά العربية 中文"


def export(client, slug, **params):
    return client.get(reverse("progress_update", args=[slug]), params)


@pytest.fixture
def open_entry(officer, officer_owner):
    """An update the cast's officer may write, in an open round."""
    review = make_review()
    make_round(review, 2020, 3)
    action = make_action(make_recommendation(review), owners=[officer_owner])
    round = review.open_round(
        period=datetime.date(2020, 9, 1),
        deadline=datetime.date(2020, 9, 1),
        meeting_date=datetime.date(2020, 9, 20),
        by=a_clerk(),
    )
    return round.entries.get(action=action)


def officer_saves(client, entry, **fields):
    data = {"version": entry.version, "evidence_of_progress": "", "grade_explanation": "", "evidence_of_impact": ""}
    return client.post(reverse("update_entry", args=[entry.pk]), {**data, **fields})


# Control characters -----------------------------------------------------


def test_control_characters_typed_into_evidence_are_removed_and_line_breaks_kept(client, officer, open_entry):
    client.force_login(officer)
    response = officer_saves(client, open_entry, evidence_of_progress=f"{CONTROL}\r\n\r\n- a\tbullet")
    assert response.status_code == 302
    open_entry.refresh_from_db()
    assert open_entry.evidence_of_progress == "Work is under way.\n\n- a\tbullet"


def test_every_format_exports_a_round_whose_evidence_already_holds_control_characters(client, clerk):
    # Text saved before the forms removed them, or through a side door.
    review = make_review()
    round = make_round(review, 2020, 3)
    make_entry(make_action(make_recommendation(review), agreed_action="Agreed\x0c action"), round, evidence=CONTROL)
    client.force_login(clerk)
    for fmt in ("pdf", "docx", "xlsx"):
        response = export(client, review.slug, round="2020-03", format=fmt, agenda_header="Agenda Item 8")
        assert response.status_code == 200, fmt
    text = docx_text(Document(io.BytesIO(response.content if fmt == "docx" else export_docx(client, review))))
    assert "Work is under way." in text and "Agreed action" in text


def export_docx(client, review):
    return export(client, review.slug, round="2020-03", format="docx").content


def test_control_characters_in_the_agenda_header_are_removed_and_the_word_export_works(client, demo, clerk):
    client.force_login(clerk)
    response = export(client, "hate-crime", round="2020-09", format="docx", agenda_header="Agenda\x01 Item 8")
    assert response.status_code == 200
    header = Document(io.BytesIO(response.content)).sections[0].header.paragraphs[0].text
    assert header == "Agenda Item 8"


def test_the_word_renderer_itself_strips_what_xml_cannot_hold(demo):
    document = build_progress_update(demo, rounds=list(demo.rounds.order_by("period")))
    data = render(document, "docx", ExportOptions(agenda_header="Item\x00 8\x1f"))
    assert Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text == "Item 8"


# Line breaks in single-line fields ----------------------------------------


def test_a_line_break_in_a_reviews_title_is_refused_by_the_set_up_page_and_the_text_kept(client, clerk):
    review = make_review(title="Hate Crime")
    client.force_login(clerk)
    url = reverse("change_review_details", args=[review.slug])
    data = {
        "committee": str(review.committee_id),
        "title": "Hate\r\nCrime",
        "action_plan_agreed_month": "3",
        "action_plan_agreed_year": "2019",
        "version": str(review.version),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "must be on one line" in response.content.decode()
    assert "Hate\nCrime" in response.content.decode() or "Hate\r\nCrime" in response.content.decode()
    assert Review.objects.get(pk=review.pk).title == "Hate Crime"


def test_reminders_still_go_out_when_a_reviews_title_already_holds_a_line_break(
    settings, officer, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer.email = "olu@example.org"
    officer.save()
    review = make_review(title="Hate\nCrime")
    make_action(make_recommendation(review), owners=[make_owner(user=officer)])
    make_round(review, 2020, 3)
    round = review.open_round(
        period=datetime.date(2020, 9, 1),
        deadline=datetime.date(2020, 9, 1),
        meeting_date=datetime.date(2020, 9, 20),
        by=a_clerk(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert round.send_reminders(base_url="https://scrutiny.example.org/") == 1
    assert mail.outbox[0].subject.endswith("Hate Crime, September 2020")


def test_a_line_break_in_the_agenda_header_is_explained_beside_the_field(client, demo, clerk):
    client.force_login(clerk)
    response = export(client, "hate-crime", round="2020-09", format="pdf", agenda_header="Agenda\nItem 8")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert 'href="#id_agenda_header">Agenda header must be on one line' in html


# Huge text --------------------------------------------------------------


def test_evidence_over_the_limit_is_refused_with_its_length_and_kept(client, officer, open_entry, settings):
    settings.SCRUTINY_EVIDENCE_MAX_CHARS = 10_000
    client.force_login(officer)
    huge = "word " * (2 * 1024 * 1024 // 5)  # 2 MiB
    started = time.perf_counter()
    response = officer_saves(client, open_entry, evidence_of_progress=huge)
    assert time.perf_counter() - started < 5
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Evidence of Progress must be 10,000 characters or fewer; it has {len(huge.strip()):,}" in html
    assert huge.strip()[:1000] in html  # what they typed, to shorten
    open_entry.refresh_from_db()
    assert open_entry.evidence_of_progress == "" and open_entry.version == 0


def test_evidence_at_the_limit_is_saved(client, officer, open_entry, settings):
    settings.SCRUTINY_EVIDENCE_MAX_CHARS = 10_000
    client.force_login(officer)
    text = ("x" * 9 + " ") * 999 + "y" * 10
    assert officer_saves(client, open_entry, evidence_of_progress=text).status_code == 302
    open_entry.refresh_from_db()
    assert len(open_entry.evidence_of_progress) == 10_000


def test_the_model_refuses_evidence_over_the_limit_whatever_door_it_comes_through(settings):
    settings.SCRUTINY_EVIDENCE_MAX_CHARS = 50
    review = make_review()
    entry = make_entry(make_action(make_recommendation(review)), make_round(review), evidence="x" * 51)
    with pytest.raises(Exception, match="50 characters or fewer; it has 51"):
        entry.full_clean()


def test_excel_says_so_in_the_cell_when_old_text_is_longer_than_a_cell_holds(client, clerk, settings):
    settings.SCRUTINY_EVIDENCE_MAX_CHARS = 100_000  # set higher than a cell holds
    review = make_review()
    round = make_round(review, 2020, 3)
    make_entry(make_action(make_recommendation(review)), round, evidence="x" * 40_000)
    client.force_login(clerk)
    response = export(client, review.slug, round="2020-03", format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[HEADING_ROW]]
    cell = sheet.cell(row=HEADING_ROW + 1, column=headings.index("Evidence of Progress") + 1).value
    assert len(cell) <= 32_767
    assert cell.endswith("… [Cut short: the full text has 40,000 characters, more than an Excel cell holds.]")


# The PDF: long words, emoji and other scripts ------------------------------


@pytest.fixture
def four_strands():
    """A lettered sub-action split into four strands: the narrowest columns."""
    review = make_review()
    round = make_round(review, 2020, 3)
    sub = make_sub_action(make_recommendation(review))
    for position, strand in enumerate(["One", "Two", "Three", "Four"]):
        action = make_action(sub.recommendation, sub_action=sub, strand=strand, position=position)
        make_entry(action, round, evidence=f"{strand}: " + "Donaudampfschifffahrtsgesellschaft" * 3)
    return review


def test_long_words_wrap_inside_the_pdfs_narrow_strand_columns(four_strands):
    document = build_progress_update(four_strands, rounds=list(four_strands.rounds.all()))
    text = pdf_text(render(document, "pdf", ExportOptions()))
    word = "Donaudampfschifffahrtsgesellschaft" * 3
    # Every character is printed (nothing cut off at the column's edge),
    # over several lines.
    assert squash(f"One: {word}") in squash(text)
    assert word not in text


def test_emoji_and_other_scripts_print_in_embedded_fonts_not_blank_boxes():
    review = make_review()
    round = make_round(review, 2020, 3)
    make_entry(make_action(make_recommendation(review)), round, evidence=WORLD)
    document = build_progress_update(review, rounds=[round])
    data = render(document, "pdf", ExportOptions())
    assert squash(WORLD) in squash(pdf_text(data))
    fonts = embedded_fonts(data)
    assert {"LiberationSans", "NotoColorEmoji", "NotoSansArabic", "NotoSansCJKSC"} <= fonts
    # Digits and "#" are emoji characters too, but print as text.
    plain = make_review()
    march = make_round(plain, 2020, 3)
    make_entry(make_action(make_recommendation(plain)), march, evidence="Grade 1 in 2020: #5 of 12")
    document = build_progress_update(plain, rounds=[march])
    assert embedded_fonts(render(document, "pdf", ExportOptions())) == {"LiberationSans", "LiberationSansBold"}


def embedded_fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for descendant in descendants:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    # "/VRMYHF+Liberation-Sans": the subset's tag, then the font.
                    names.add(str(font["/BaseFont"]).split("+")[-1].replace("-", ""))
    return names


# Bad ids and junk in addresses ------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize("bad", [HUGE, "abc", "1e5", "%00"])
@pytest.mark.parametrize(
    "model", ["committee", "owner", "review", "recommendation", "action", "round", "progressentry"]
)
def test_an_admin_history_page_with_a_bad_id_is_not_found(clerk, model, bad):
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    url = reverse(f"admin:actionplans_{model}_history", args=["X"]).replace("X", bad)
    assert client.get(url).status_code == 404
    # One version of the record, named by the record's id and the version's.
    for args in (["X", "1"], ["1", "X"]):
        url = reverse(f"admin:actionplans_{model}_simple_history", args=args).replace("X", bad)
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/actionplans/review/?committee=" + HUGE,
        "/admin/actionplans/recommendation/?review__exact=" + HUGE,
        "/admin/actionplans/action/?recommendation__review=" + HUGE,
        "/admin/actionplans/round/?review=" + HUGE,
        "/admin/actionplans/progressentry/?round__review=" + HUGE,
        "/admin/auth/user/?groups=" + HUGE,
        "/admin/actionplans/review/?status__exact=%00",
        "/admin/actionplans/owner/?kind__exact=%00",
        "/admin/actionplans/round/?status__exact=%00",
    ],
)
def test_an_admin_list_filtered_by_a_bad_value_is_not_a_server_error(administrator, url):
    administrator.is_superuser = True
    administrator.save()
    make_review()
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    assert client.get(url).status_code in (200, 302, 400, 404)


@pytest.mark.parametrize("bad", [HUGE, "-1", "abc"])
@pytest.mark.parametrize(
    "name",
    [
        "update_entry",
        "approve_entry",
        "round_detail",
        "publish_round",
        "delete_round",
        "correct_entry",
        "reassign_action",
        "action_history",
        "action_story",
    ],
)
def test_the_products_pages_with_a_bad_id_are_not_found(clerk, name, bad):
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    url = reverse(name, args=[1]).replace("/1/", f"/{bad}/")
    assert client.get(url).status_code == 404


# The command line -------------------------------------------------------


def test_export_to_a_folder_that_does_not_exist_says_so(demo, tmp_path):
    with pytest.raises(CommandError, match="no folder"):
        call_command("export_progress_update", "hate-crime", "--output", str(tmp_path / "missing" / "a.pdf"))


def test_export_to_a_path_that_is_a_folder_says_so(demo, tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_progress_update", "hate-crime", "--output", str(tmp_path))


def test_export_with_a_bad_round_says_what_a_round_looks_like(demo):
    with pytest.raises(CommandError, match="2020-03, 2020-09"):
        call_command("export_progress_update", "hate-crime", "--round", "March")


def test_export_with_control_characters_in_the_agenda_header_still_writes_the_file(demo, tmp_path):
    output = tmp_path / "appendix.docx"
    call_command(
        "export_progress_update", "hate-crime", "--format", "docx", "--agenda-header", "Item\x01 8", "--output", output
    )
    assert Document(str(output)).sections[0].header.paragraphs[0].text == "Item 8"


def test_every_model_in_the_admin_has_a_whole_number_id_as_the_guard_assumes():
    from django.contrib import admin
    from django.db import models

    for model in admin.site._registry:
        assert isinstance(model._meta.pk, models.AutoField | models.BigAutoField), model


def test_the_text_rules_in_one_place():
    from actionplans.text import breakable, clean_text, one_line

    assert clean_text("a\r\nb\rc\u2028d\x85e\tf\x00\x1b\x7f\x9f") == "a\nb\nc\nd\ne\tf"
    assert one_line("Hate\r\n Crime\x01") == "Hate Crime"
    # A long run gets invisible break opportunities, so the PDF is quick
    # to wrap it; ordinary words are left alone.
    assert breakable("x" * 130) == "\u200b".join(["x" * 60, "x" * 60, "x" * 10])
    assert breakable("Donaudampfschifffahrtsgesellschaft and more") == "Donaudampfschifffahrtsgesellschaft and more"


def test_a_long_correction_reason_is_kept_whole_not_a_database_error(client, demo, clerk):
    # The reason is kept as the history's change reason, which was 100
    # characters at most: PostgreSQL refused a longer one with a 500.
    entry = ProgressEntry.objects.filter(round__period="2020-09-01").first()
    client.force_login(clerk)
    url = reverse("correct_entry", args=[entry.pk])
    data = {
        "evidence_of_progress": "Done.",
        "grade": "2",
        "version": str(entry.version),
        "owners": [link.owner_id for link in entry.responsibilities.all()],
    }
    reason = "A typo in the figures, " * 10
    assert client.post(url, {**data, "reason": reason}).status_code == 302
    assert entry.history.first().history_change_reason == f"Correction: {reason.strip()}"

    response = client.post(url, {**data, "version": str(entry.version + 1), "reason": "x" * 1001})
    assert response.status_code == 200
    assert "The reason for the correction must be 1,000 characters or fewer" in response.content.decode()


def test_a_too_long_correction_reason_in_the_admin_is_refused_with_a_message(client, demo, clerk):
    from tests.admin_forms import admin_form_data

    entry = ProgressEntry.objects.filter(round__period="2020-09-01").first()
    client.force_login(clerk)
    url = reverse("admin:actionplans_progressentry_change", args=[entry.pk])
    data = admin_form_data(client.get(url), evidence_of_progress="Corrected.", correction_reason="x" * 1001)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The reason for the correction must be 1,000 characters or fewer" in response.content.decode()


def test_a_round_whose_evidence_is_already_over_the_limit_prints_quickly_and_says_it_is_cut(settings):
    settings.SCRUTINY_EVIDENCE_MAX_CHARS = 10_000
    review = make_review()
    round = make_round(review, 2020, 3)
    make_entry(make_action(make_recommendation(review)), round, evidence="word " * (2 * 1024 * 1024 // 5))  # 2 MiB
    document = build_progress_update(review, rounds=[round])
    started = time.perf_counter()
    text = squash(pdf_text(render(document, "pdf", ExportOptions())))
    assert time.perf_counter() - started < 15  # 47 s before
    assert squash("[Cut short: the full text has 2,097,150 characters, more than the 10,000 a document prints.") in text


# Invisible formatting characters ------------------------------------------

DISGUISED = "\u202e\ufeffCrime and Disorder\u200b Select Committee"


def test_a_committee_name_with_invisible_formatting_is_refused_once_and_shown_back_without_it(client, clerk):
    from actionplans.models import Committee

    client.force_login(clerk)
    response = client.post(reverse("add_committee"), {"name": DISGUISED})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Name of the committee had invisible formatting characters (such as a right-to-left mark), which can "
        "disguise text. They have been removed: check it and save again"
    ) in page
    assert 'value="Crime and Disorder Select Committee"' in page
    assert not Committee.objects.filter(name__contains="Disorder").exists()

    # Saved again as shown, it goes through.
    response = client.post(reverse("add_committee"), {"name": "Crime and Disorder Select Committee"})
    assert response.status_code == 302
    assert Committee.objects.get(name__contains="Disorder").name == "Crime and Disorder Select Committee"


def test_long_text_loses_invisible_formatting_silently_and_keeps_line_breaks_and_joiners(client, officer, open_entry):
    client.force_login(officer)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined by U+200D
    response = officer_saves(
        client, open_entry, evidence_of_progress=f"\ufeffLeaflets\u202e sent.\r\n\r\n- {family} mi\u200cdoon"
    )
    assert response.status_code == 302
    open_entry.refresh_from_db()
    assert open_entry.evidence_of_progress == f"Leaflets sent.\n\n- {family} mi\u200cdoon"


def test_the_model_refuses_invisible_formatting_in_a_one_line_field_whatever_door_it_comes_through():
    from django.core.exceptions import ValidationError

    from actionplans.text import single_line

    with pytest.raises(ValidationError, match="invisible formatting characters"):
        single_line(DISGUISED)
    single_line("Crime and Disorder Select Committee")
    single_line("mi\u200cdoon")  # the joiners are letters' business


def test_the_verbs_and_one_line_text_drop_invisible_formatting():
    from actionplans.text import one_line

    assert one_line(DISGUISED) == "Crime and Disorder Select Committee"


def test_the_invisible_characters_are_exactly_unicodes_format_characters_but_the_joiners():
    import sys
    import unicodedata

    from actionplans.text import has_invisible_formatting

    listed = {c for c in range(sys.maxunicode + 1) if has_invisible_formatting(chr(c))}
    formatting = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert listed == formatting - {0x200C, 0x200D}
