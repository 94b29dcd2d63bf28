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
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from actionplans.models import Action, ProgressEntry, Review, day_label
from reports.changes.builder import _full_name, build_changes
from reports.diff import evidence_pieces, text_diff
from reports.progress_update.builder import build_progress_update
from tests.factories import committee_with, keep_open_in_september, make_entry, make_round

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
    assert advocates.left_because.startswith(
        "Closed, not achieved at the meeting of 12 March 2020 (illustrative): its work moved"
    )
    # The committee's decisions in the review page's words, not "13 actions
    # left monitoring, 3 decisions of the committee" (it made 16).
    assert changes.counts.words == (
        "3 improved, 0 worse, 2 with responsibility changed, 0 target dates revised; "
        "the committee's decisions: 12 signed off, 1 closed, 3 carried forward"
    )


def test_the_committees_page_shows_the_same_to_a_councillor(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(
        reverse("committee_changes", args=[demo.committee.slug]), {"since": "2020-03-12", "until": "2020-09-24"}
    ).content.decode()
    title = "What changed between the meetings of 12 March 2020 (illustrative) and 24 September 2020 (illustrative)"
    assert f"<title>{title} – Crime and Disorder Select Committee" in page
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in page
    assert "3 improved, 0 worse, 2 with responsibility changed, 0 target dates revised" in page
    assert "owners changed" not in page and "targets revised" not in page
    assert "Neil Mitchell → <strong>Errol Parks</strong>" in page
    assert "Satnam Singh → <strong>Dawn Tyerman</strong>" in page
    # Each grade as it was given: March 2020's printed as seed 001 does, its code alone.
    assert "4\n            → 1 (Fully Achieved)" in page
    assert (
        ">Closed, not achieved at the meeting of 12 March 2020 (illustrative): its work moved into the Hate Crime "
        "Group&#x27;s" in page
    )
    # Evidence mostly new since March reads as rewritten, whole, not in fragments.
    assert "<strong>Rewritten:</strong> In line with work conducted in partnership" in page
    assert "<ins" not in page
    # The key says what "Rewritten:" means, and nothing of marks not shown.
    key = page[page.index('id="changes-key"') : page.index("</p>", page.index('id="changes-key"'))]
    assert key == (
        'id="changes-key">Key: <strong>Rewritten:</strong> marks a text mostly new since the progress update '
        "before, given whole."
    )
    # The count once, not again under the review's heading.
    assert page.count("3 improved, 0 worse") == 1


def test_new_evidence_is_marked_and_the_old_text_is_not_repeated_in_full():
    old = " ".join(f"word{n}" for n in range(100))
    pieces = evidence_pieces(old, old + " A new sentence about the portal.")
    assert [p.text for p in pieces if p.is_new] == ["A new sentence about the portal."]
    assert sum(len(p.text.split()) for p in pieces if not p.is_new) < 20
    assert evidence_pieces(old, old) == ()


def test_by_default_it_compares_the_last_meeting_with_today(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    assert "<title>What changed since the meeting of 24 September 2020 (illustrative) – Hate Crime" in page
    assert '<h1 class="govuk-heading-l">What changed since the meeting of 24 September 2020 (illustrative)</h1>' in page


def test_when_nothing_changed_the_page_says_so_once_and_lists_no_action(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    assert page.count("Nothing changed since the meeting of 24 September 2020 (illustrative).") == 1
    assert "app-change" not in page and "No change." not in page and "Unchanged" not in page
    assert "0 improved" not in page


def test_only_the_actions_that_changed_are_listed(demo, clerk, client):
    correct_membership(clerk)
    client.force_login(clerk)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    assert page.count('class="govuk-summary-card app-change"') == 1
    assert "1 f) Continue to review the membership" in page and "Schools, Colleges" not in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"since": "2020-03-13"}, "Choose one of the committee’s meetings"),
        ({"since": "2020-03-12", "until": "yesterday"}, "Choose a later meeting, or today"),
        ({"since": "2020-09-24", "until": "2020-09-24"}, "Choose a meeting after the one you compare from, or today"),
        # The earliest meeting is not offered as "until": it can only fail.
        ({"since": "2020-09-24", "until": "2020-03-12"}, "Choose a later meeting, or today"),
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


def test_a_correction_is_listed_with_its_reason_in_every_comparison_it_changes(demo, clerk):
    """Corrected now: September's grade reads as corrected whichever meetings
    are compared, and each comparison since before the correction lists it
    and why."""
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
    # The same round before and after, read as it stands: the correction
    # says what moved, and the grades' own movement is none.
    assert (membership.grade_before, membership.grade_after) == (2, 2) and not membership.improved

    # Between March and September, September as it stands, and why.
    earlier = next(a for a in changes_between(demo).actions if a.reference == "1 f)")
    assert earlier.grade_after == 2 and earlier.grade_after_words == "2 (On-Track)"
    assert earlier.grade_before == 2 and not (earlier.improved or earlier.worse)
    assert [c.reason for c in earlier.corrections] == ["Grade misread from the officer's e-mail"]


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
    assert "1 target date revised" in changes.counts.words
    assert not any(a.target_changes for a in changes_between(demo).actions)


def online_form_in_full():
    return _full_name(Action.objects.get(strand__startswith="The development of an on-line form"))


def test_the_spreadsheet_has_every_change_with_dates_as_dates_and_names_in_full(demo, councillor, client):
    client.force_login(councillor)
    response = client.get(
        reverse("review_changes", args=[demo.slug]), {"since": "2020-03-12", "until": "2020-09-24", "download": "xlsx"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="hate-crime-changes-2020-03-12-to-2020-09-24.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.properties.title == (
        "Hate Crime: what changed between the meetings of 12 March 2020 (illustrative) and "
        "24 September 2020 (illustrative)"
    )
    sheet = book["What changed"]
    rows = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert (
        rows[0][0]
        == "What changed between the meetings of 12 March 2020 (illustrative) and 24 September 2020 (illustrative)"
    )
    assert rows[1][0].startswith("3 improved")
    headings = rows[4]
    online = dict(zip(headings, next(r for r in rows if r[1] and r[1].startswith("1 b) The development")), strict=True))
    assert online["Action"] == online_form_in_full() and "…" not in online["Action"]
    assert len(online["Action"]) > 60
    assert (online["Assessment before"], online["Assessment after"], online["Movement"]) == (
        "4",
        "1 (Fully Achieved)",
        "Improved",
    )
    assert (online["Responsibility before"], online["Responsibility after"]) == ("Neil Mitchell", "Errol Parks")
    assert online["New Evidence of Progress"].startswith("Rewritten: In line with work conducted")
    # The meetings and the decisions' meetings are dates Excel sorts and filters.
    assert online["Meeting before"] == datetime.datetime(2020, 3, 12)
    assert online["Meeting after"] == datetime.datetime(2020, 9, 24)
    assert online["Decided on"] == datetime.datetime(2020, 3, 12)
    advocates = dict(zip(headings, next(r for r in rows if r[1] and r[1].startswith("1 c)")), strict=True))
    assert advocates["Monitoring"].startswith(
        "Left monitoring: Closed, not achieved at the meeting of 12 March 2020 (illustrative)"
    )
    assert "Target date revised" in headings


def test_the_spreadsheet_to_today_says_the_day_and_names_the_committee(demo, clerk, client):
    correct_membership(clerk)
    client.force_login(clerk)
    response = client.get(reverse("committee_changes", args=[demo.committee.slug]), {"download": "xlsx"})
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{demo.committee.slug}-changes-2020-09-24-to-{today.isoformat()}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["What changed"]
    rows = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert rows[0][0] == f"What changed since the meeting of 24 September 2020 (illustrative), as at {day_label(today)}"
    assert "today" not in rows[0][0]
    membership = dict(zip(rows[4], next(r for r in rows if r[1] and r[1].startswith("1 f)")), strict=True))
    assert "Grade misread from the officer's e-mail" in membership["Corrections"]
    assert membership["Corrected on"] == datetime.datetime.combine(today, datetime.time())


def export(client, demo, fmt, round="2020-09", since="2020-03-12"):
    return client.get(
        reverse("progress_update", args=[demo.slug]), {"round": round, "format": fmt, "changes_since": since}
    ).content


def test_the_section_comes_after_the_title_block_in_pdf_word_web_page_and_excel(demo, clerk, client):
    client.force_login(clerk)
    pdf = PdfReader(io.BytesIO(export(client, demo, "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert text.index("SCRUTINY MONITORING") < text.index("Link Officer/s") < text.index("What changed between")
    assert text.index(
        "What changed between the meetings of 12 March 2020 (illustrative) and 24 September 2020 (illustrative)"
    ) < text.index("Recommendation 1:")
    assert "3 improved, 0 worse, 2 with responsibility changed" in text
    assert "Neil Mitchell → Errol Parks" in text and "Satnam Singh → Dawn Tyerman" in text
    # The action's name in full, not cut short.
    assert " ".join(online_form_in_full().split()) in text

    word = Document(io.BytesIO(export(client, demo, "docx")))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert [text for style, text in styles if style == "Title"] == ["SCRUTINY MONITORING – PROGRESS UPDATE"]
    changes_at = styles.index(
        (
            "Heading 1",
            "What changed between the meetings of 12 March 2020 (illustrative) and 24 September 2020 (illustrative)",
        )
    )
    assert styles.index(("Title", "SCRUTINY MONITORING – PROGRESS UPDATE")) < changes_at
    assert changes_at < next(n for n, (style, text) in enumerate(styles) if text.startswith("Recommendation 1"))
    cells = [cell.text for table in word.tables for r in table.rows for cell in r.cells]
    assert "Neil Mitchell → Errol Parks" in cells and online_form_in_full() in cells
    assert any(cell.startswith("Rewritten: In line with work conducted") or "Rewritten: In line" in cell
               for cell in cells)  # fmt: skip

    client_page = client.get(
        reverse("progress_update_page", args=[demo.slug, "2020-09"]), {"changes_since": "2020-03-12"}
    ).content.decode()
    assert client_page.count("<h1") == 1
    assert client_page.index("Link Officer/s") < client_page.index('<h2 class="doc-changes__title"')
    assert client_page.index('<h2 class="doc-changes__title"') < client_page.index("Recommendation 1:")

    book = openpyxl.load_workbook(io.BytesIO(export(client, demo, "xlsx")))
    # Next to the Progress update, not behind the grading key and the import's sheets.
    assert book.sheetnames[:2] == ["Progress update", "What changed"]
    values = [cell.value for r in book["What changed"].iter_rows() for cell in r]
    assert "Errol Parks" in values and "Dawn Tyerman" in values and online_form_in_full() in values


def correct_online_form(clerk):
    """The September 2020 entry of 1 b) on-line form: 'LA's' spelt out."""
    online = ProgressEntry.objects.get(
        action__strand__startswith="The development of an on-line form", round__period=datetime.date(2020, 9, 1)
    )
    corrected = online.evidence_of_progress.replace("LA's", "local authorities")
    assert corrected != online.evidence_of_progress
    online.correct(
        by=clerk, version=online.version, reason="Spell out 'local authorities'", evidence_of_progress=corrected
    )
    return online


def shaded_runs(word):
    """The runs of Word's tables shaded as new words."""
    return [run.text for table in word.tables for r in table.rows for c in r.cells for p in c.paragraphs
            for run in p.runs if run._r.find(qn("w:rPr")) is not None
            and run._r.find(qn("w:rPr")).find(qn("w:shd")) is not None]  # fmt: skip


def test_after_a_correction_the_section_agrees_with_the_paper_and_says_why(demo, clerk, client):
    """Corrected after the September meeting: the section's September side
    is what the paper prints, and the correction is listed with its reason."""
    client.force_login(clerk)
    correct_membership(clerk)
    correct_online_form(clerk)
    document_changes = build_progress_update(
        demo, rounds=list(demo.rounds.order_by("period")), changes_since=MARCH
    ).changes
    membership = next(a for a in document_changes.actions if a.reference == "1 f)")
    assert membership.grade_after == 2 and membership.corrections[0].reason.startswith("Grade misread")

    pdf = PdfReader(io.BytesIO(export(client, demo, "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    section = text[text.index("What changed between") : text.index("Recommendation 1:")]
    assert "2 (On-Track)" in section and "Grade misread from the officer's e-mail" in section
    assert "corrections made since the first meeting are listed with their reasons" in section
    assert "Not yet complete." in text[text.index("Recommendation 1:") :]

    # A long text's correction: the changed words, the words replaced too,
    # a few words around them (the text is printed whole above it).
    assert (
        "Spell out 'local authorities' Evidence of Progress: … in partnership with neighbouring LA's, "
        "local authorities, Police and OPCC we …"
    ) in section
    assert "(some earlier text removed)" not in section
    # The paragraph printed once (the evidence since March, rewritten), not again in the correction.
    assert section.count("Baroness Newlove") == 1

    word = Document(io.BytesIO(export(client, demo, "docx")))
    cells = " ".join(cell.text for table in word.tables for r in table.rows for cell in r.cells)
    assert "Grade misread from the officer's e-mail" in cells
    # New words shaded as the PDF highlights them, not underlined, with a key.
    assert [text.strip() for text in shaded_runs(word)] == ["local authorities,"]
    assert not any(run.underline for table in word.tables for r in table.rows for c in r.cells
                   for p in c.paragraphs for run in p.runs)  # fmt: skip
    assert any(p.text.startswith("Key: highlighted words are new") for p in word.paragraphs)


def test_a_correction_in_the_same_round_is_a_correction_and_its_long_text_shows_the_changed_words(demo, clerk, client):
    online = correct_online_form(clerk)
    row = next(a for a in changes_between(demo, SEPTEMBER, None).actions if a.pk == online.action_id)
    assert not row.has_new_evidence  # not also "New Evidence of Progress"
    [change] = row.corrections[0].changes
    assert change.diff and [p.text.strip() for p in change.diff.pieces if p.is_new] == ["local authorities,"]
    assert [p.text.strip() for p in change.diff.pieces if p.removed] == ["LA's,"]

    client.force_login(clerk)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    assert "New Evidence of Progress" not in page
    assert "(some earlier text removed)" not in page
    assert '<span class="govuk-visually-hidden">removed: </span>LA&#x27;s, ' in page
    # The new words marked, with a key, screen readers told where they start
    # and end; not the whole paragraph before and again after.
    assert (
        '<ins class="app-new"><span class="govuk-visually-hidden">new: </span>local authorities, '
        '<span class="govuk-visually-hidden"> end of new</span></ins>'
    ) in page
    assert '<span class="app-new">highlighted words</span> are new since the progress update before' in page
    assert "Baroness" not in page


def test_a_text_mostly_new_reads_as_rewritten_and_removed_words_are_said():
    old = "The group met twice and agreed its terms of reference."
    rewritten = text_diff(old, "A new portal went live in August 2020, with training for every call handler.")
    assert rewritten.rewritten and "".join(p.text for p in rewritten.pieces).startswith("A new portal went live")
    assert rewritten.plain.startswith("Rewritten: A new portal")
    shorter = text_diff(old + " It reports to the board.", old)
    assert shorter.removed and shorter.plain == "Some earlier text removed"
    added = text_diff(old, old + " It reports to the board.")
    assert not added.removed and added.plain == "New: It reports to the board."


def test_the_decisions_count_the_same_whether_or_not_a_later_round_exists(demo):
    keep_open_in_september("Schools, Colleges and Universities", "Younger men")
    no_later = changes_between(demo, SEPTEMBER, None).counts.words
    march = make_round(demo, 2021, 3)
    for action in Action.objects.filter(strand__in=["Schools, Colleges and Universities", "Younger men"]):
        make_entry(action, march, grade=1)
    with_later = changes_between(demo, SEPTEMBER, march.meeting_date).counts.words
    assert "the committee's decisions: 2 signed off, 1 kept open" in no_later
    assert no_later.split("; ")[1] == with_later.split("; ")[1]


def test_the_export_form_offers_only_meetings_before_the_updates_own(demo, clerk, client):
    client.force_login(clerk)
    form = client.get(reverse("progress_update", args=[demo.slug])).content.decode()
    since = form[form.index('name="changes_since"') : form.index("</select>", form.index('name="changes_since"'))]
    assert "12 March 2020" in since and "24 September 2020" not in since
    page = client.get(
        reverse("progress_update", args=[demo.slug]),
        {"round": "2020-03", "format": "pdf", "changes_since": "2020-03-12"},
    ).content.decode()
    assert "Choose a meeting before the March 2020 update’s own" in page


def test_the_lists_mark_the_meetings_the_heading_names_and_offer_none_still_to_come(demo, councillor, client):
    # Papers are published before their meeting: a round published for a meeting still to come.
    coming = make_round(demo, year=2026, month=12)
    coming.meeting_date = timezone.localdate() + datetime.timedelta(days=20)
    coming.save()
    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    since = page[page.index('name="since"') : page.index("</select>", page.index('name="since"'))]
    until = page[page.index('name="until"') : page.index("</select>", page.index('name="until"'))]
    assert "What changed since the meeting of 24 September 2020 (illustrative)</h1>" in page
    assert '<option value="2020-09-24" selected>24 September 2020 (illustrative)</option>' in since
    assert '<option value="today" selected>' in until
    assert day_label(coming.meeting_date) not in since + until


def test_the_until_picker_does_not_offer_the_earliest_meeting(demo, councillor, client):
    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    until = page[page.index('name="until"') : page.index("</select>", page.index('name="until"'))]
    assert "24 September 2020" in until and "12 March 2020" not in until


SPAN = {"since": "2020-03-20", "until": "2020-09-20"}


def every_change(committee):
    reviews = list(Review.objects.filter(committee=committee))
    return build_changes("x", reviews, since=datetime.date(2020, 3, 20), until=datetime.date(2020, 9, 20))


def cards(page):
    return page.count('class="govuk-summary-card app-change"')


class TestALargeCommittee:
    """Committees of 5 and 500 actions, built once for the class's tests."""

    @pytest.mark.parametrize("url_name", ["committee_changes", "review_changes"])
    def test_the_pages_make_as_many_queries_for_500_actions_as_for_5(
        self, url_name, councillor, committees_of_5_and_500
    ):
        client = Client()
        client.force_login(councillor)

        def queries(committee, page=None):
            slug = committee.slug if url_name == "committee_changes" else Review.objects.get(committee=committee).slug
            url, params = reverse(url_name, args=[slug]), {"since": "2020-03-20", "until": "2020-09-20"}
            if page:
                params["page"] = page
            client.get(url, params)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, params)
            assert response.status_code == 200
            assert "improved" in response.content.decode()
            return len(captured)

        small, large = committees_of_5_and_500[5], committees_of_5_and_500[500]
        assert queries(small) == queries(large) == queries(large, page=2)

    def test_a_large_committee_page_lists_50_actions_a_page_and_counts_them_all(
        self, councillor, committees_of_5_and_500
    ):
        client = Client()
        client.force_login(councillor)
        committee = committees_of_5_and_500[500]
        page = client.get(reverse("committee_changes", args=[committee.slug]), SPAN).content.decode()
        assert cards(page) == 50
        assert "Actions 1 to 50 of 375 that changed." in page
        # Of 500 actions graded 1 to 4 in March, September carried all (no
        # decision took one out), and 375 of them moved (2 to 3, 3 to 4, 4 to
        # 1); the 125 graded 1 in March received no update in September.
        changes = every_change(committee)
        assert len(changes.actions) == 375 and changes.total == 375
        assert f"{changes.counts.improved} improved" in page
        # GOV.UK pagination: the next page keeps the two meetings.
        assert 'class="govuk-pagination' in page
        assert 'href="?since=2020-03-20&amp;until=2020-09-20&amp;page=2" rel="next"' in page
        assert 'aria-label="Page 8"' in page and 'aria-label="Page 9"' not in page

    def test_page_2_lists_the_next_50_actions_and_the_counts_do_not_change(self, councillor, committees_of_5_and_500):
        client = Client()
        client.force_login(councillor)
        committee = committees_of_5_and_500[500]
        url = reverse("committee_changes", args=[committee.slug])
        first, second = (client.get(url, {**SPAN, "page": n}).content.decode() for n in (1, 2))
        every = every_change(committee).actions
        assert cards(second) == 50
        assert "Actions 51 to 100 of 375 that changed." in second
        names = [f">{action.name}</a>" for action in every]
        assert all(name in first for name in names[:50]) and not any(name in first for name in names[50:100])
        assert all(name in second for name in names[50:100]) and not any(name in second for name in names[:50])

        def count(page):
            return page[page.index('id="changes-count"') : page.index("</div>", page.index('id="changes-count"'))]

        assert count(first) == count(second)
        assert 'aria-current="page">2</a>' in second and 'rel="prev"' in second
        # A page after the last is not found; the spreadsheet has every action, whatever the page.
        assert client.get(url, {**SPAN, "page": 11}).status_code == 404
        assert client.get(url, {**SPAN, "page": "two"}).status_code == 404
        sheet = client.get(url, {**SPAN, "page": 2, "download": "xlsx"})
        rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
        full_names = [action.full_name for action in every]
        assert [cell for row in rows for cell in row if cell in set(full_names)] == full_names


def test_the_renderers_of_the_section_touch_no_database(demo, django_assert_num_queries):
    from actionplans.models import Round
    from reports.documents import ExportOptions, render
    from reports.progress_update.builder import build_progress_update

    rounds = list(Round.objects.filter(review=demo).order_by("period"))
    document = build_progress_update(demo, rounds=rounds, changes_since=MARCH)
    assert document.changes is not None and document.changes.counts.improved == 3
    with django_assert_num_queries(0):
        for fmt in ("pdf", "docx", "xlsx", "html"):
            render(document, fmt, ExportOptions(changes_since=MARCH))


def test_a_past_updates_web_page_leaves_out_changes_since_a_later_meeting(demo, clerk, client):
    """The web page takes its round from the address: a meeting at or after
    that round's own is refused there too, not compared up to the latest
    round (which would print a later update's changes in March 2020's paper)."""
    client.force_login(clerk)
    url = reverse("progress_update_page", args=[demo.slug, "2020-03"])
    page = client.get(url, {"changes_since": "2020-09-24"}).content.decode()
    assert "doc-changes__title" not in page
    assert "Errol Parks" not in page  # September 2020's new responsibility for 1 b)
    document = build_progress_update(
        demo,
        rounds=list(demo.rounds.order_by("period")),
        round=demo.rounds.get(period=datetime.date(2020, 3, 1)),
        changes_since=datetime.date(2020, 9, 24),
    )
    assert document.changes is None


def test_a_correction_of_an_update_never_received_does_not_show_the_officers_draft(demo, clerk, councillor, client):
    """A draft left unsubmitted when September 2020 was published read "No
    update received" on the paper: correcting it later (the update came by
    e-mail) lists the new words, never the draft's."""
    from tests.factories import make_action

    september = demo.rounds.get(period=datetime.date(2020, 9, 1))
    action = make_action(demo.recommendations.get(number=2), strand="Late by e-mail")
    entry = make_entry(
        action, september, grade=4, evidence="SECRET DRAFT never submitted", status=ProgressEntry.Status.DRAFT
    )
    entry.correct(
        by=clerk,
        version=entry.version,
        reason="The update came by e-mail",
        evidence_of_progress="Final words.",
        grade=2,
        status=ProgressEntry.Status.APPROVED,
    )
    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug]), {"since": "2020-09-24"}).content.decode()
    assert "The update came by e-mail" in page and "Final words." in page
    assert "SECRET DRAFT" not in page and "4 (Not Achieved)" not in page
    [correction] = next(a for a in changes_between(demo, SEPTEMBER, None).actions if a.pk == action.pk).corrections
    assert ("Assessment of Progress", "No update received", "2 (On-Track)") in [
        (f.label, f.before, f.after) for f in correction.changes
    ]


def test_a_target_accepted_in_a_round_still_open_is_not_shown_until_it_is_published(demo_march_2021, councillor):
    from django.contrib.auth import get_user_model

    from actionplans.models import TargetProposal

    users = get_user_model().objects
    entry = demo_march_2021.entries.get(action__strand="Schools, Colleges and Universities")
    entry.save_update(
        by=users.get(username="vanessa.housley"),
        version=entry.version,
        submit=True,
        evidence_of_progress="The new term has been delayed.",
        grade=3,
        grade_explanation="The schools' term moved.",
        proposal=TargetProposal(month=datetime.date(2022, 6, 1), reason="UNPUBLISHED REASON"),
    )
    entry.refresh_from_db()
    entry.approve(by=users.get(username="marc.stephenson"), version=entry.version, target_decision="accept")
    review = demo_march_2021.review

    def schools():
        changes = changes_between(review, SEPTEMBER, None)
        return next(a for a in changes.actions if a.pk == entry.action_id), changes

    row, changes = schools()
    assert not row.target_changes and "UNPUBLISHED REASON" not in str(changes)
    assert not row.target.startswith("June 2022")
    assert "0 target dates revised" in changes.counts.words
    demo_march_2021.publish(by=users.get(username="clerk"))
    row, changes = schools()
    assert [change.reason for change in row.target_changes] == ["UNPUBLISHED REASON"]
    assert row.target.startswith("June 2022 (revised once")


def test_the_actions_each_round_carries_are_those_the_carry_forward_rule_says(demo):
    """The first look at every action asks carried_into(), the rule
    Action.is_carried_into() asks, not a copy of it."""
    march, september = (demo.rounds.get(period=period) for period in ("2020-03-01", "2020-09-01"))
    listed = changes_between(demo).actions
    assert listed
    for change in listed:
        action = Action.objects.get(pk=change.pk)
        has = {entry.round_id for entry in action.entries.all()}
        assert change.in_before == (march.pk in has and action.is_carried_into(march)), change.reference
        assert change.in_after == (september.pk in has and action.is_carried_into(september)), change.reference


SIGNED_OFF_IN_MARCH = "Signed off at the meeting of 12 March 2020 (illustrative)"


def test_the_actions_that_only_left_monitoring_are_one_short_list_per_decision(demo, clerk, councillor, client):
    """September 2020 since 12 March 2020: 12 of 16 actions left monitoring
    by the March sign-off and changed in no other way. One list of their
    names after the actions that changed, not a row each saying the same;
    the counts as before; the spreadsheet keeps a row each, for filtering."""
    changes = changes_between(demo)
    [section] = changes.reviews
    [signed_off, closed] = section.left_together
    assert signed_off.sentence == SIGNED_OFF_IN_MARCH and len(signed_off.actions) == 12
    assert closed.sentence.startswith("Closed, not achieved at the meeting of 12 March 2020 (illustrative)")
    assert [a.name.split("…")[0] for a in section.changed_actions] == [
        "1 a) Schools, Colleges and Universities",
        "1 b) The development of an on-line form",
        "1 f) Continue to review the membership of the",
    ]
    assert changes.count_sentence.endswith("the committee's decisions: 12 signed off, 1 closed, 3 carried forward.")

    client.force_login(clerk)
    pdf = PdfReader(io.BytesIO(export(client, demo, "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    section_text = text[text.index("What changed between") : text.index("Recommendation 1:")]
    assert "Left monitoring: Signed off" not in section_text
    assert section_text.count(SIGNED_OFF_IN_MARCH) == 1
    assert f"Left monitoring – {SIGNED_OFF_IN_MARCH}: 1 That the Stockton Hate Crime Group be… 1 a) Groups" in (
        section_text
    )
    # The section ends on the paper's second page (it took from the first to the eighth).
    assert "Recommendation 1:" in " ".join(pdf.pages[2].extract_text().split())

    word = Document(io.BytesIO(export(client, demo, "docx")))
    paragraphs = [p.text for p in word.paragraphs]
    at = paragraphs.index(f"Left monitoring – {SIGNED_OFF_IN_MARCH}:")
    assert paragraphs[at + 1 : at + 3] == [
        "1 That the Stockton Hate Crime Group be…",
        "1 a) Groups with protected characteristics…",
    ]
    assert not any("Left monitoring: Signed off" in c.text for t in word.tables for r in t.rows for c in r.cells)

    web = client.get(
        reverse("progress_update_page", args=[demo.slug, "2020-09"]), {"changes_since": "2020-03-12"}
    ).content.decode()
    assert web.count(SIGNED_OFF_IN_MARCH) == 1

    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug]), {"since": "2020-03-12", "until": "2020-09-24"})
    html = page.content.decode()
    assert html.count('class="govuk-summary-card app-change"') == 3
    assert html.index(f'id="left-{demo.slug}"') > html.rindex("app-change")
    left = html[html.index(f'id="left-{demo.slug}"') :]
    assert left.count("<li>") == 13 and html.count(SIGNED_OFF_IN_MARCH) == 1

    sheet = openpyxl.load_workbook(io.BytesIO(export(client, demo, "xlsx")))["What changed"]
    monitoring = [r[-1].value for r in sheet.iter_rows() if r[-1].value]
    assert monitoring.count(f"Left monitoring: {SIGNED_OFF_IN_MARCH}") == 12


def correct_membership_evidence(clerk):
    """1 f)'s September 2020 evidence: the month was misprinted, and the
    list of changes was incomplete ('etc.')."""
    entry = ProgressEntry.objects.get(action__sub_action__letter="f", round__period=datetime.date(2020, 9, 1))
    text = entry.evidence_of_progress
    assert "completed July 2019" in text and "Brexit etc." in text
    corrected = text.replace("completed July 2019", "completed August 2019").replace(
        "Brexit etc.", "Brexit and the new Serious Violence Duty."
    )
    entry.correct(
        by=clerk,
        version=entry.version,
        reason="The month was misprinted in the published paper",
        evidence_of_progress=corrected,
    )
    return entry


def test_a_correction_shows_the_words_it_replaced_struck_through(demo, clerk, client):
    """A correction of a published paper shows what the paper said: the
    words it removed struck through (said to screen readers), beside the
    new ones; Word strikes them, the spreadsheet says 'Removed:'. New
    evidence since the round before keeps its new words alone."""
    entry = correct_membership_evidence(clerk)
    row = next(a for a in changes_between(demo, SEPTEMBER, None).actions if a.pk == entry.action_id)
    [change] = row.corrections[0].changes
    assert [p.text.strip() for p in change.diff.pieces if p.removed] == ["July", "etc."]
    assert [p.text.strip() for p in change.diff.pieces if p.is_new] == ["August", "and the new Serious Violence Duty."]
    assert not change.diff.removed  # shown, so not "(some earlier text removed)"
    assert change.plain == (
        "Evidence of Progress: New: August … and the new Serious Violence Duty. Removed: July … etc."
    )
    # New evidence since the round before: new words only, removals said.
    evidence = text_diff("The group met twice and agreed its terms.", "The group met once and agreed its terms.")
    assert not evidence.marks_removed and evidence.removed

    client.force_login(clerk)
    page = client.get(reverse("review_changes", args=[demo.slug])).content.decode()
    assert (
        '<del class="app-removed"><span class="govuk-visually-hidden">removed: </span>July '
        '<span class="govuk-visually-hidden"> end of removed</span></del>'
        '<ins class="app-new"><span class="govuk-visually-hidden">new: </span>August '
    ) in page
    assert "(some earlier text removed)" not in page
    assert (
        '<del class="app-removed">struck-through words</del> are words a correction removed from the published text'
    ) in page[page.index('id="changes-key"') :]

    web = client.get(reverse("progress_update_page", args=[demo.slug, "2020-09"]), {"changes_since": "2020-03-12"})
    assert '<del class="app-removed">July </del><ins class="app-new">August </ins>' in web.content.decode()

    word = Document(io.BytesIO(export(client, demo, "docx")))
    struck = [run.text.strip() for t in word.tables for r in t.rows for c in r.cells for p in c.paragraphs
              for run in p.runs if run.font.strike]  # fmt: skip
    assert struck == ["July", "etc."]
    [key] = [p.text for p in word.paragraphs if p.text.startswith("Key: ")]
    assert key == (
        "Key: highlighted words are new since the progress update before (in a correction, new in the corrected "
        "text); struck-through words are words a correction removed from the published text; Rewritten: marks a "
        "text mostly new since the progress update before, given whole."
    )

    sheet = openpyxl.load_workbook(io.BytesIO(export(client, demo, "xlsx")))["What changed"]
    corrections = " ".join(str(r[16].value) for r in sheet.iter_rows() if r[16].value)
    assert "Removed: July … etc." in corrections


def test_a_correction_of_evidence_shown_whole_above_it_gives_only_the_changed_words(demo, clerk, councillor, client):
    """Since 12 March 2020 to today, 1 f)'s September evidence is new (shown
    whole, rewritten); its correction gives the words changed with a few
    around them, not the paragraph again."""
    correct_membership_evidence(clerk)
    client.force_login(councillor)
    page = client.get(reverse("review_changes", args=[demo.slug]), {"since": "2020-03-12"}).content.decode()
    card = page[page.index("1 f) Continue to review") :]
    card = card[: card.index("govuk-summary-card app-change") if "govuk-summary-card app-change" in card else None]
    assert "<strong>Rewritten:</strong> Full review of the group completed August 2019" in card
    assert "The month was misprinted" in card
    assert card.count("following the appointment of a new Chair") == 1
    assert card.count("Suggested changes made") == 1
    correction = card[card.index("The month was misprinted") :]
    assert "group completed <del" in correction and "Duty." in correction

    client.force_login(clerk)
    pdf = PdfReader(io.BytesIO(export(client, demo, "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    section = text[text.index("What changed between") : text.index("Recommendation 1:")]
    assert section.count("following the appointment of a new Chair") == 1


@pytest.mark.parametrize("download", [None, "xlsx"])
def test_corrections_cost_no_query_each_on_the_page_or_in_the_spreadsheet(download, councillor, clerk):
    """Every September entry corrected: the page and the spreadsheet (which
    details every action) make as many queries for 30 corrections as for 3."""
    client = Client()
    client.force_login(councillor)

    def queries(actions):
        committee = committee_with(actions)
        for entry in ProgressEntry.objects.filter(round__review__committee=committee, round__period__month=9):
            entry.correct(by=clerk, version=entry.version, reason="Misread", evidence_of_progress="Corrected words.")
        url = reverse("committee_changes", args=[committee.slug])
        params = {"since": "2020-09-20", **({"download": download} if download else {})}
        client.get(url, params)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(captured)

    assert queries(4) == queries(40)


def test_across_three_meetings_the_movement_is_the_stored_rule_applied_to_the_two_meetings_rows(administrator, clerk):
    """March: Not started (grades nothing); September: no update; March
    2021: Minor slippage. Between the first and the last meeting the stored
    rule says First assessment, as Find actions and the stored standing do,
    never Improved from Not started. A slipped grade after a graded one is
    Worse, whatever the round between received. March corrected to Minor
    slippage: every pair of meetings says what the rewritten standing and
    Find actions say (Unchanged), not what the committee read before."""
    from actionplans.grading import Movement
    from actionplans.models import GradingScale, ScaleGrade, Standing
    from actionplans.models.council import current_scale
    from tests.factories import make_action, make_recommendation, make_review
    from tests.test_dashboards import text

    scale = [
        {"code": "1", "label": "Complete", "colour": "blue", "role": "achieved"},
        {"code": "2", "label": "On track", "colour": "green", "role": "on_track"},
        {"code": "3", "label": "Minor slippage", "colour": "amber", "role": "at_risk"},
        {"code": "5", "label": "Not started", "colour": "grey", "role": "not_graded"},
    ]
    GradingScale.make("progress", scale, by=administrator)
    levels = {level.label: level for level in current_scale()}
    review = make_review()
    rec = make_recommendation(review)
    first, second = make_action(rec), make_action(rec, strand="Second strand")
    rounds = [make_round(review, 2020, 3), make_round(review, 2020, 9), make_round(review, 2021, 3)]
    given = {
        first: ["Not started", None, "Minor slippage"],
        second: ["On track", None, "Minor slippage"],
    }
    for action, labels in given.items():
        for round, label in zip(rounds, labels, strict=True):
            if label:
                level = levels[label]
                make_entry(action, round, grade=level.rank, level_id=level.id)
    stored = dict(Standing.objects.filter(round=rounds[2]).values_list("action", "movement"))
    assert stored == {first.pk: Movement.FIRST, second.pk: Movement.WORSE}
    changes = build_changes(
        review.committee.name,
        [review],
        since=datetime.date(2020, 3, 20),
        until=datetime.date(2021, 3, 21),
        responses_shown={review.pk},
    )
    moved = {"Second strand" in action.name: action.movement for action in changes.actions}
    assert moved == {False: Movement.FIRST, True: Movement.WORSE}

    march = ProgressEntry.objects.get(action=first, round=rounds[0])
    slipped = ScaleGrade.objects.get(pk=levels["Minor slippage"].id)
    march.correct(by=clerk, version=march.version, reason="Misread", level=slipped)
    stored = dict(Standing.objects.filter(round=rounds[2]).values_list("action", "movement"))
    assert stored == {first.pk: Movement.UNCHANGED, second.pk: Movement.WORSE}
    meetings = [datetime.date(2020, 3, 20), datetime.date(2020, 9, 20), datetime.date(2021, 3, 21)]
    for since, until in ((meetings[0], meetings[2]), (meetings[1], meetings[2]), (meetings[0], None)):
        changes = build_changes(review.committee.name, [review], since=since, until=until, responses_shown={review.pk})
        first_change = next(action for action in changes.actions if "Second strand" not in action.name)
        assert first_change.movement == Movement.UNCHANGED and first_change.grade_after_words == "3 (Minor slippage)"
    client = Client()
    client.force_login(clerk)
    for movement, found in (
        (Movement.UNCHANGED, "1 action "),
        (Movement.WORSE, "1 action "),
        (Movement.FIRST, "0 actions"),
    ):
        listed = text(client.get(reverse("action_list"), {"review": review.slug, "movement": movement.value}))
        assert found in listed, movement


def test_an_update_not_received_is_said_once_and_removes_no_evidence(demo_march_2021, clerk):
    """Published with its updates still with the officers: what changed
    says "No update received" by the grade and no "New Evidence of
    Progress" made of the old words taken away."""
    demo_march_2021.publish(by=clerk)
    review = demo_march_2021.review
    changes = changes_between(review, since=SEPTEMBER, until=datetime.date(2021, 3, 31))
    schools = row(changes, "Schools, Colleges")
    assert schools.in_after and schools.grade_after_label == ""
    assert not schools.has_new_evidence and schools.movement_said == ""
    client = Client()
    client.force_login(clerk)
    page = client.get(reverse("review_changes", args=[review.slug]), {"since": "2020-09-24"}).content.decode()
    assert "What changed since the meeting of 24 September 2020" in page
    assert "some earlier text removed" not in page
