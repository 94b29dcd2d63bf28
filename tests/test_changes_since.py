"""What changed since the last meeting: the committee's and a review's
pages, their spreadsheet, and the section in front of the Progress Update,
reconstructed from the published rounds and the audit history."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from actionplans.models import Action, ProgressEntry, Review
from reports.changes import build_changes, evidence_pieces
from tests.test_dashboards import committee_with

pytestmark = pytest.mark.django_db

MARCH, SEPTEMBER = datetime.date(2020, 3, 12), datetime.date(2020, 9, 24)


def changes_between(review, since=MARCH, until=SEPTEMBER):
    return build_changes(review.committee.name, [review], since=since, until=until, responses_shown={review.pk})


def by_name(changes):
    return {action.name.split("…")[0]: action for action in changes.actions}


def row(changes, words):
    return next(action for action in changes.actions if words in action.name)


def test_between_march_and_september_2020_the_three_improvements_and_their_new_owners_show(demo):
    changes = changes_between(demo)
    schools = row(changes, "Schools, Colleges")
    online = row(changes, "on-line form")
    membership = next(a for a in changes.actions if a.reference == "1 f)")
    assert (schools.grade_before, schools.grade_after) == (2, 1)
    assert (online.grade_before, online.grade_after) == (4, 1)
    assert (online.owners_before, online.owners_after) == (("Neil Mitchell",), ("Errol Parks",))
    assert (membership.grade_before, membership.grade_after) == (2, 1)
    assert (membership.owners_before, membership.owners_after) == (("Satnam Singh",), ("Dawn Tyerman",))
    assert not schools.owners_changed
    advocates = next(a for a in changes.actions if a.reference == "1 c)")
    assert advocates.left and not advocates.in_after
    assert advocates.left_because.startswith("Closed, not achieved at the meeting of 12 March 2020: its work moved")
    assert changes.counts.words.startswith("3 improved, 0 worse, 2 owners changed, 0 targets revised")
    assert "13 actions left monitoring" in changes.counts.words


def test_the_committees_page_shows_the_same_to_a_councillor(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(
        reverse("committee_changes", args=[demo.committee.slug]), {"since": "2020-03-12", "until": "2020-09-24"}
    ).content.decode()
    assert "3 improved, 0 worse, 2 owners changed, 0 targets revised" in page
    assert "Neil Mitchell → <strong>Errol Parks</strong>" in page
    assert "Satnam Singh → <strong>Dawn Tyerman</strong>" in page
    assert "4 (Not Achieved)\n          → 1 (Fully Achieved)" in page
    assert "Left monitoring: Closed, not achieved at the meeting of 12 March 2020" in page
    # The new evidence is marked, not the whole of both texts repeated.
    assert '<ins class="app-new">' in page


def test_new_evidence_is_marked_and_the_old_text_is_not_repeated_in_full():
    old = " ".join(f"word{n}" for n in range(100))
    pieces = evidence_pieces(old, old + " A new sentence about the portal.")
    assert [p.text for p in pieces if p.is_new] == ["A new sentence about the portal."]
    assert sum(len(p.text.split()) for p in pieces if not p.is_new) < 20
    assert evidence_pieces(old, old) == ()


def test_by_default_it_compares_the_last_meeting_with_today(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    assert "What changed between the meeting of 24 September 2020 and today" in page
    assert "No new progress update was presented in between" in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"since": "2020-03-13"}, "Choose one of the committee’s meetings"),
        ({"since": "2020-03-12", "until": "yesterday"}, "Choose a later meeting, or today"),
        ({"since": "2020-09-24", "until": "2020-03-12"}, "Choose a meeting after the one you compare from, or today"),
    ],
)
def test_a_bad_choice_is_explained_by_its_field(demo, councillor, client, params, message):
    client.force_login(councillor)
    response = client.get(reverse("committee_changes", args=[demo.committee.slug]), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "govuk-error-summary" in page and "govuk-error-message" in page


def correct_membership(clerk, reason="Grade misread from the officer's e-mail"):
    entry = ProgressEntry.objects.get(action__sub_action__letter="f", round__period=datetime.date(2020, 9, 1))
    entry.correct(by=clerk, version=entry.version, reason=reason, grade=2, grade_explanation="Not yet complete.")
    return entry


def test_a_correction_is_listed_with_its_reason_after_it_was_made_and_not_before(demo, clerk):
    correct_membership(clerk)
    since_september = changes_between(demo, SEPTEMBER, None)
    membership = next(a for a in since_september.actions if a.reference == "1 f)")
    [correction] = membership.corrections
    assert correction.reason == "Grade misread from the officer's e-mail"
    assert correction.round_label == "September 2020"
    assert correction.who == "Carla Clerk"
    assert ("Assessment of Progress", "1 (Fully Achieved)", "2 (On-Track)") in [
        (f.label, f.before, f.after) for f in correction.changes
    ]
    assert "1 correction" in since_september.counts.words
    # The same round before and after: the correction is what moved.
    assert (membership.grade_before, membership.grade_after) == (1, 2)

    earlier = changes_between(demo)
    assert not any(action.corrections for action in earlier.actions)


def test_a_past_comparison_is_unchanged_by_a_later_correction(demo, clerk):
    before = changes_between(demo)
    correct_membership(clerk)
    after = changes_between(demo)
    assert after == before
    membership = next(a for a in after.actions if a.reference == "1 f)")
    assert membership.grade_after == 1


def test_a_correction_of_who_was_responsible_is_listed(demo, clerk):
    from actionplans.models import Owner

    entry = ProgressEntry.objects.get(action__sub_action__letter="f", round__period=datetime.date(2020, 9, 1))
    entry.correct(
        by=clerk, version=entry.version, reason="Wrong officer named", owners=[Owner.objects.get(name="Satnam Singh")]
    )
    membership = next(a for a in changes_between(demo, SEPTEMBER, None).actions if a.reference == "1 f)")
    assert ("Responsibility", "Dawn Tyerman", "Satnam Singh") in [
        (f.label, f.before, f.after) for f in membership.corrections[0].changes
    ]
    assert membership.owners_after == ("Satnam Singh",)


def test_a_revised_target_shows_in_the_window_it_was_decided(demo, clerk):
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.change_target(target_month=datetime.date(2021, 6, 1), reason="Waiting for the new term", by=clerk)
    changes = changes_between(demo, SEPTEMBER, None)
    row = next(a for a in changes.actions if a.pk == schools.pk)
    [change] = row.target_changes
    assert change.after == "June 2021" and change.reason == "Waiting for the new term"
    assert row.target.startswith("June 2021 (revised once; originally")
    assert "1 target revised" in changes.counts.words
    assert not any(a.target_changes for a in changes_between(demo).actions)


def test_the_spreadsheet_has_every_change(demo, councillor, client):
    client.force_login(councillor)
    response = client.get(
        reverse("review_changes", args=[demo.slug]), {"since": "2020-03-12", "until": "2020-09-24", "download": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="changes-2020-03-12-to-2020-09-24.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["What changed"]
    rows = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert rows[1][0].startswith("3 improved")
    online = next(r for r in rows if r[1] and "on-line form" in r[1])
    assert online[2:7] == ["4 (Not Achieved)", "1 (Fully Achieved)", "Improved", "Neil Mitchell", "Errol Parks"]
    assert online[9].startswith("New: ")
    advocates = next(r for r in rows if r[1] and r[1].startswith("1 c)"))
    assert advocates[12].startswith("Left monitoring: Closed, not achieved at the meeting of 12 March 2020")


def export(client, demo, fmt):
    return client.get(
        reverse("progress_update", args=[demo.slug]),
        {"round": "2020-09", "format": fmt, "changes_since": "2020-03-12"},
    ).content


def test_the_section_is_in_front_of_the_progress_update_in_pdf_word_and_excel(demo, clerk, client):
    client.force_login(clerk)
    correct_membership(clerk)  # after September 2020's meeting: not in this section
    pdf = PdfReader(io.BytesIO(export(client, demo, "pdf")))
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "Hate Crime: what changed between the meeting of 12 March 2020 and the meeting of 24 September 2020" in first
    assert "3 improved, 0 worse, 2 owners changed" in first
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert text.index("What changed") < text.index("SCRUTINY MONITORING")
    assert "Neil Mitchell → Errol Parks" in text and "Satnam Singh → Dawn Tyerman" in text
    assert "Grade misread" not in text

    word = Document(io.BytesIO(export(client, demo, "docx")))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0].startswith("Hate Crime: what changed between the meeting of 12 March 2020")
    assert paragraphs.index("SCRUTINY MONITORING – PROGRESS UPDATE") > 0
    cells = [cell.text for table in word.tables for r in table.rows for cell in r.cells]
    assert "Neil Mitchell → Errol Parks" in cells
    new_runs = [run.text for table in word.tables for r in table.rows for c in r.cells for p in c.paragraphs
                for run in p.runs if run.bold and run.underline]  # fmt: skip
    assert any("online portal" in text for text in new_runs)

    book = openpyxl.load_workbook(io.BytesIO(export(client, demo, "xlsx")))
    assert "What changed" in book.sheetnames
    values = [cell.value for r in book["What changed"].iter_rows() for cell in r]
    assert "Errol Parks" in values and "Dawn Tyerman" in values


def test_the_export_form_refuses_a_meeting_after_the_updates_own(demo, clerk, client):
    client.force_login(clerk)
    page = client.get(
        reverse("progress_update", args=[demo.slug]),
        {"round": "2020-03", "format": "pdf", "changes_since": "2020-09-24"},
    ).content.decode()
    assert "Choose a meeting before the March 2020 update’s own" in page


@pytest.mark.parametrize("url_name", ["committee_changes", "review_changes"])
def test_the_pages_make_as_many_queries_for_500_actions_as_for_5(url_name, councillor):
    client = Client()
    client.force_login(councillor)

    def queries(committee):
        slug = committee.slug if url_name == "committee_changes" else Review.objects.get(committee=committee).slug
        url, params = reverse(url_name, args=[slug]), {"since": "2020-03-20", "until": "2020-09-20"}
        client.get(url, params)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        assert "improved" in response.content.decode()
        return len(captured)

    assert queries(committee_with(5)) == queries(committee_with(500))


def test_a_large_committee_page_lists_200_actions_and_counts_them_all(councillor):
    client = Client()
    client.force_login(councillor)
    committee = committee_with(500)
    page = client.get(
        reverse("committee_changes", args=[committee.slug]), {"since": "2020-03-20", "until": "2020-09-20"}
    ).content.decode()
    assert "The page lists the first 200 actions" in page
    # Of 500 actions graded 1 to 4 in March, 375 carried into September.
    changes = build_changes(
        "x",
        list(Review.objects.filter(committee=committee)),
        since=datetime.date(2020, 3, 20),
        until=datetime.date(2020, 9, 20),
    )
    assert len(changes.actions) == 500
    assert f"{changes.counts.improved} improved" in page


def test_the_renderers_of_the_section_touch_no_database(demo, django_assert_num_queries):
    from actionplans.models import Round
    from reports.builder import build_progress_update
    from reports.documents import ExportOptions, render

    rounds = list(Round.objects.filter(review=demo).order_by("period"))
    document = build_progress_update(demo, rounds=rounds, changes_since=MARCH)
    assert document.changes is not None and document.changes.counts.improved == 3
    with django_assert_num_queries(0):
        for fmt in ("pdf", "docx", "xlsx", "html"):
            render(document, fmt, ExportOptions(changes_since=MARCH))
