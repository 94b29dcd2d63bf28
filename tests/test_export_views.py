"""Getting the document: from the review page, and from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from actionplans.models import Round
from tests.documents import body, pdf_text, squash

pytestmark = pytest.mark.django_db


def export(client, **params):
    return client.get(reverse("progress_update", args=["hate-crime"]), params)


def test_the_review_page_leads_to_the_export_and_each_rounds_document(client, demo, councillor):
    client.force_login(councillor)
    html = client.get(reverse("review_detail", args=["hate-crime"])).content.decode()
    assert reverse("progress_update", args=["hate-crime"]) in html
    assert reverse("progress_update_page", args=["hate-crime", "2020-09"]) in html


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_a_reader_downloads_the_document_named_for_its_review_and_round(client, demo, councillor, fmt, content_type):
    client.force_login(councillor)
    response = export(client, round="2020-09", format=fmt)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="hate-crime-progress-update-2020-09.{fmt}"'


def test_the_agenda_options_reach_the_pdf(client, demo, clerk):
    client.force_login(clerk)
    response = export(
        client, round="2020-03", format="pdf", agenda_header="Agenda Item 8:   Appendix 1", first_page="23", draft="on"
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert "DRAFT – Agenda Item 8: Appendix 1" in pages[0] and "Page 23" in pages[0]


def test_only_the_clerk_is_offered_to_mark_the_pages_draft(client, demo, clerk, councillor):
    client.force_login(councillor)
    assert "Mark every page DRAFT" not in client.get(reverse("progress_update", args=[demo.slug])).content.decode()
    # Asked for in the address all the same, it is not printed.
    pages = PdfReader(io.BytesIO(body(export(client, round="2020-03", format="pdf", draft="on")))).pages
    assert "DRAFT" not in pages[0].extract_text()
    client.force_login(clerk)
    assert "Mark every page DRAFT" in client.get(reverse("progress_update", args=[demo.slug])).content.decode()


def test_the_full_history_carries_every_action(client, demo, clerk):
    client.force_login(clerk)
    text = squash(pdf_text(export(client, round="2020-09", format="pdf", full_history="on").content))
    assert squash("Younger men") in text and squash("Recommendation 4:") in text


def test_a_bad_page_number_is_explained_beside_the_field_and_kept(client, demo, clerk):
    client.force_login(clerk)
    response = export(client, round="2020-09", format="pdf", first_page="twenty", agenda_header="Item 8")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "There is a problem" in html
    assert 'href="#id_first_page">Enter the first page number as a whole number, like 23' in html
    assert 'value="twenty"' in html and 'value="Item 8"' in html


def test_web_page_format_opens_the_document_page(client, demo, councillor):
    client.force_login(councillor)
    response = export(client, round="2020-09", format="html")
    assert response.status_code == 302
    assert response["Location"] == reverse("progress_update_page", args=["hate-crime", "2020-09"])
    page = client.get(response["Location"]).content.decode()
    assert "SCRUTINY MONITORING – PROGRESS UPDATE" in page and "Evidence of Impact (September 2020)" in page


def test_members_cannot_export_a_round_not_yet_published_but_the_clerk_can_as_draft(client, demo, councillor, clerk):
    Round.objects.filter(period="2020-09-01").update(status=Round.Status.OPEN)
    client.force_login(councillor)
    assert "Select a valid choice" in export(client, round="2020-09", format="pdf").content.decode()
    assert client.get(reverse("progress_update_page", args=["hate-crime", "2020-09"])).status_code == 404
    client.force_login(clerk)
    response = export(client, round="2020-09", format="pdf")
    assert "DRAFT" in pdf_text(response.content)


def test_the_command_writes_the_agenda_appendix(demo, tmp_path):
    output = tmp_path / "appendix.pdf"
    call_command(
        "export_progress_update",
        "hate-crime",
        "--round",
        "2020-09",
        "--format",
        "pdf",
        "--output",
        str(output),
        "--agenda-header",
        "Agenda Item 8: Appendix 1",
        "--first-page",
        "23",
        "--draft",
    )
    pages = [page.extract_text() for page in PdfReader(output).pages]
    assert "DRAFT – Agenda Item 8: Appendix 1" in pages[0] and "Page 23" in pages[0]
    assert "Errol Parks" in "".join(pages)


def test_the_commands_web_page_carries_its_stylesheet_and_links_nothing(demo, tmp_path):
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    output = tmp_path / "appendix.html"
    call_command("export_progress_update", "hate-crime", "--round", "2020-09", "--format", "html", "--output", output)
    html = output.read_text(encoding="utf-8")
    assert "Errol Parks" in html
    assert not re.search(r"<link\b", html, re.IGNORECASE)
    assert not re.search(r"url\(|@import|\bsrc=|href=", html, re.IGNORECASE)
    stylesheet = Path(finders.find("reports/document.css")).read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    assert stylesheet.strip() in style
    assert ".doc-grid" in style and "@page" in style


def test_the_command_names_the_usual_file_and_defaults_to_the_latest_published_round(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_progress_update", "hate-crime", "--format", "xlsx")
    assert (tmp_path / "hate-crime-progress-update-2020-09.xlsx").exists()


def test_the_command_says_which_rounds_exist_when_given_another(demo):
    with pytest.raises(CommandError, match=r"has no round 2021-03 \(it has: 2020-03, 2020-09\)"):
        call_command("export_progress_update", "hate-crime", "--round", "2021-03")


def test_the_export_form_posts_so_the_agenda_header_stays_out_of_the_address(client, demo, clerk):
    """Issue 28: the form used GET, putting a long agenda header in the
    address, the browser's history and the server's logs."""
    client.force_login(clerk)
    url = reverse("progress_update", args=["hate-crime"])
    form = client.get(url).content.decode()
    assert '<form method="post" novalidate>' in form and "csrfmiddlewaretoken" in form
    header = "Crime and Disorder Select Committee, 24 September 2020: Agenda Item 8, Appendix 1 (monitoring)"
    response = client.post(url, {"round": "2020-09", "format": "pdf", "agenda_header": header, "first_page": "5"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert squash(header) in squash(pdf_text(response.content))
    # The web page is a redirect: its own options go along, the agenda pack's do not.
    response = client.post(url, {"round": "2020-09", "format": "html", "agenda_header": header, "full_history": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("progress_update_page", args=["hate-crime", "2020-09"]) + "?full_history=on"


def test_the_appendix_and_partnership_report_forms_post_their_agenda_header_too(client, demo, clerk):
    from actionplans.models import Assessment, PartnershipPlan

    client.force_login(clerk)
    header = "Crime and Disorder Select Committee, 24 September 2020: Agenda Item 9, Appendix 2"
    assessment = Assessment.objects.get()
    page = client.get(reverse("assessment_appendix", args=[assessment.pk])).content.decode()
    assert f'<form method="post" action="{reverse("assessment_appendix_file", args=[assessment.pk])}"' in page
    response = client.post(
        reverse("assessment_appendix_file", args=[assessment.pk]), {"format": "pdf", "agenda_header": header}
    )
    assert response["Content-Type"] == "application/pdf" and squash(header) in squash(pdf_text(response.content))

    plan = PartnershipPlan.objects.get(slug="hate-crime-action-plan-2018-2019")
    quarter = plan.quarters.get(status="published")
    page = client.get(reverse("partnership_plan", args=[plan.slug]), {"quarter": quarter.pk}).content.decode()
    assert f'<form method="post" action="{reverse("partnership_report_file", args=[plan.slug])}"' in page
    response = client.post(
        reverse("partnership_report_file", args=[plan.slug]),
        {"quarter": quarter.pk, "format": "pdf", "agenda_header": header},
    )
    assert response["Content-Type"] == "application/pdf" and squash(header) in squash(pdf_text(response.content))


def test_only_the_clerk_is_offered_draft_on_the_appendix_and_partnership_report(client, demo, clerk, councillor):
    from actionplans.models import Assessment, PartnershipPlan

    appendix = reverse("assessment_appendix", args=[Assessment.objects.get().pk])
    plan = reverse("partnership_plan", args=["hate-crime-action-plan-2018-2019"])
    assert PartnershipPlan.objects.filter(slug="hate-crime-action-plan-2018-2019").exists()
    client.force_login(councillor)
    page = client.get(appendix).content.decode()
    assert "Agenda header (optional)" in page and "Mark every page DRAFT" not in page
    client.force_login(clerk)
    for url in (appendix, plan):
        assert "Mark every page DRAFT" in client.get(url).content.decode(), url


def test_the_command_writes_a_published_rounds_document_as_it_was_kept(demo, clerk, tmp_path):
    """The stored bytes, never a new rendering: the demo's rounds went out
    before the committee's files were kept, so their public copy; once
    something is marked exempt, the new public copy, or word that it is
    not ready."""
    from actionplans.models import Action
    from tests.test_published_record import stored_bytes

    september = Round.objects.get(review=demo, period="2020-09-01")
    output = tmp_path / "appendix.docx"
    call_command("export_progress_update", "hate-crime", "--round", "2020-09", "--format", "docx", "--output", output)
    assert output.read_bytes() == stored_bytes(september.published_documents.public_copies().get(format="docx"))
    # An option no stored file answers is a different document, printed anew.
    history = tmp_path / "history.docx"
    call_command("export_progress_update", "hate-crime", "--format", "docx", "--full-history", "--output", history)
    assert history.read_bytes() != output.read_bytes()

    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.mark_exempt(3, by=clerk)  # the new public copy is not yet made
    with pytest.raises(CommandError, match="still being prepared by the task worker"):
        call_command("export_progress_update", "hate-crime", "--round", "2020-09", "--output", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
