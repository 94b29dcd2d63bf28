"""Issue 56, item 2: a council's grades come in as its grades. Each status
word of a paper becomes a grade of the council's scale as the paper wrote
it, with the role and colour the clerk confirms on the preview, never
several words coerced into one; and each paper prints its grades as it did
(seed 001 a bare "1", seed 000 "2 (On-Track)"), both from one install."""

import dataclasses
import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from docx import Document

from actionplans.models import ProgressEntry
from actionplans.models.council import PROGRESS, GradingScale, current_scale
from tests import council_papers, seed_001
from tests.documents import body, pdf_text, squash
from tests.factories import make_review
from tests.test_import_trackers import confirm, meaning_field, posted, preview_again, upload, workbook
from tests.test_import_trackers import make_review as make_tracker_review
from tests.test_import_word_seed import import_paper
from tests.word_files import KEY, seed_layout

pytestmark = pytest.mark.django_db

FIVE_GRADES = ["Complete", "On track", "Minor slippage", "Major slippage", "Not started"]


def make_the_scale_the_councils_own(administrator) -> None:
    """The administrator confirms the first scale as it is: it is the
    council's own from then on (grades.scale_is_councils_own)."""
    grades = [
        dict(code=level.code, label=level.label, role=level.role, colour=level.colour) for level in current_scale()
    ]
    GradingScale.make(PROGRESS, grades, by=administrator)


def five_grade_tracker() -> bytes:
    rows = [
        ("R1", "Complete", "Bins emptied weekly since May."),
        ("R2", "On track", "Signage ordered for all hotspots."),
        ("R3", "Minor slippage", "Camera install a month late."),
        ("R4", "Major slippage", "Enforcement team not yet recruited."),
        ("R5", "Not started", "Due to start in the new year."),
        ("R6", "Minor slippage", "Leaflets at the printers."),
        ("R7", "Not started", None),  # the word alone: still the paper's update
    ]
    return workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Progress", "Status"],
        *[
            [ref, f"That the Council acts on fly-tipping, step {ref}.", "Amy Patel", "March 2026", text, status]
            for ref, status, text in rows
        ],
    )


def test_a_five_grade_paper_becomes_the_councils_scale_word_for_word(client, clerk, django_capture_on_commit_callbacks):
    review = make_tracker_review()
    client.force_login(clerk)
    preview = upload(client, review, five_grade_tracker(), "fly-tipping.xlsx", period_month="10", period_year="2025")
    meanings = preview.context["meanings"]
    # Each word once, best first, each proposed as a grade of its own.
    assert [
        (field.label.split(" (")[0], field.value(), colour.value()) for field, colour in meanings.status_fields()
    ] == [
        ("Complete", "achieved", "blue"),
        ("On track", "on_track", "green"),
        ("Minor slippage", "at_risk", "amber"),
        ("Major slippage", "off_track", "red"),
        ("Not started", "not_graded", "grey"),
    ]
    html = preview.content.decode()
    assert "Complete, On track, Minor slippage, Major slippage, Not started" in html  # the scale to be
    # The clerk changes one colour, and confirms.
    preview = preview_again(client, preview, **{meaning_field(preview, "Major slippage") + "_colour": "orange"})
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, preview)
    assert done.status_code == 302, done.context["summary"]

    scale = current_scale()
    assert [(level.label, level.role, level.colour) for level in scale] == [
        ("Complete", "achieved", "blue"),
        ("On track", "on_track", "green"),
        ("Minor slippage", "at_risk", "amber"),
        ("Major slippage", "off_track", "orange"),
        ("Not started", "not_graded", "grey"),
    ]
    given = ProgressEntry.objects.order_by("action__recommendation__number").values_list("level__label", flat=True)
    assert list(given) == [
        "Complete",
        "On track",
        "Minor slippage",
        "Major slippage",
        "Not started",
        "Minor slippage",
        "Not started",
    ]

    # Every paper prints the council's words, not the service's.
    pdf = pdf_text(
        body(client.get(reverse("progress_update", args=[review.slug]), {"round": "2025-10", "format": "pdf"}))
    )
    for word in FIVE_GRADES:
        assert word in pdf
    for service_word in ("Fully Achieved", "On-Track", "Slipped", "No update received"):
        assert service_word not in pdf
    page = client.get(reverse("progress_update_page", args=[review.slug, "2025-10"])).content.decode()
    assert "Minor slippage" in page and "Major slippage" in page


def test_a_files_words_make_its_reviews_own_scale_and_leave_the_councils_alone(
    client, clerk, administrator, django_capture_on_commit_callbacks
):
    """Where the scale is the council's own already, a file's new words
    stay with its review (issue 71): the review's own scale is the
    council's grades with the words, each after the grades of its role, the
    council's the same grades as before; the council's scale, and what
    every other review's officers are offered, stay as they were."""
    make_the_scale_the_councils_own(administrator)
    before = current_scale()
    review = make_tracker_review()
    client.force_login(clerk)
    data = workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Progress", "Status"],
        ["R1", "That the Council acts on fly-tipping.", "Amy Patel", "March 2026", "Begun.", "2 (On-Track)"],
        ["R2", "That the Council acts on litter.", "Amy Patel", "March 2026", "Late.", "Minor slippage"],
    )
    preview = upload(client, review, data, "tracker.xlsx", period_month="10", period_year="2025")
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, preview).status_code == 302
    assert current_scale() == before  # the council's, untouched
    own = current_scale(review=review)
    assert (own.review, own.owner, own.version) == (review.pk, review.title, 1)
    assert [level.printed for level in own] == [
        "1 (Fully Achieved)",
        "2 (On-Track)",
        "Minor slippage",
        "3 (Slipped)",
        "4 (Not Achieved)",
    ]
    # The council's grades on it are the council's grades: the same identities.
    assert [level.identity for level in own if level.label != "Minor slippage"] == [level.identity for level in before]
    litter = ProgressEntry.objects.get(action__recommendation__text__contains="litter")
    assert litter.level_id == own.at(3).id


def in_full(paper):
    """`paper` with its grades written as seed 000 writes them: '2 (On-Track)'."""
    words = dict(KEY)
    full = lambda value: f"{value} ({words[value]})" if value in words else value  # noqa: E731

    def block(block):
        rows = tuple(
            (label, tuple(map(full, values)) if label.startswith("Assessment") else values)
            for label, values in block.rows
        )
        return dataclasses.replace(block, rows=rows)

    return dataclasses.replace(paper, tables=tuple(tuple(map(block, blocks)) for blocks in paper.tables))


def grades_printed(client, review) -> list[str]:
    """The grades the review's Word paper of March 2020 prints beside the
    Assessment of Progress label."""
    data = body(client.get(reverse("progress_update", args=[review.slug]), {"round": "2020-03", "format": "docx"}))
    printed = []
    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells = list({cell._tc: cell.text for cell in row.cells}.values())  # a merged cell once
            if cells and cells[0].startswith("Assessment of Progress"):
                printed += [text for text in cells[1:] if text.strip()]
    return printed


def test_each_paper_prints_its_grades_as_it_did_from_one_install(client, clerk, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    bare = make_review(title="Hate Crime", action_plan_agreed=datetime.date(2019, 3, 1))
    import_paper(client, bare, seed_layout(seed_001.PAPER, key="merged"), django_capture_on_commit_callbacks)
    full = make_review(title="Hate Crime, seed 000's way", action_plan_agreed=datetime.date(2019, 3, 1))
    import_paper(client, full, seed_layout(in_full(seed_001.PAPER), key="split"), django_capture_on_commit_callbacks)

    as_typed = [
        value
        for block in (b for t in seed_001.PAPER.tables for b in t)
        for label, values in block.rows
        if label.startswith("Assessment")
        for value in values
        if value
    ]
    assert set(as_typed) <= {"1", "2", "3", "4"}
    assert grades_printed(client, bare)[: len(as_typed)] == as_typed
    assert grades_printed(client, full)[: len(as_typed)] == [f"{v} ({dict(KEY)[v]})" for v in as_typed]
    # No setting changed between them: each paper's grades print as it did.
    assert squash("1 (Fully Achieved)") not in squash("".join(grades_printed(client, bare)))


def kingsmere_with_complete_last(key_as: str = "table") -> bytes:
    """Kingsmere's Word paper (tests/council_papers.py) with its grading key
    listing Complete last, as some councils' keys do: as a table, or as
    paragraphs ("On track – The action is progressing as planned")."""
    key = [*council_papers.KINGSMERE_SCALE[1:4], council_papers.KINGSMERE_SCALE[4], council_papers.KINGSMERE_SCALE[0]]
    return kingsmere_with_key(key, key_as)


def kingsmere_with_key(key, key_as: str) -> bytes:
    """Kingsmere's Word paper with the grading key `key` ((word, meaning)
    pairs), as a table or as paragraphs."""
    document = docx.Document()
    document.add_paragraph("Hospital discharge and carers review: progress, November 2025")
    for heading, rows in council_papers.TABLES:
        document.add_paragraph(heading)
        council_papers._add_table(document, [council_papers.TABLE_HEADINGS, *rows])
    document.add_paragraph("Grading key")
    if key_as == "table":
        council_papers._add_table(document, [["Status", "Meaning"], *map(list, key)])
    else:
        for word, meaning in key:
            document.add_paragraph(f"{word} – {meaning}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("key_as", ["table", "paragraphs"])
def test_the_papers_grading_key_gives_the_scale_its_order_and_descriptions(
    client, clerk, django_capture_on_commit_callbacks, key_as
):
    review = make_tracker_review()
    client.force_login(clerk)
    paper = kingsmere_with_complete_last(key_as)
    preview = upload(client, review, paper, "kingsmere.docx", period_month="11", period_year="2025")
    listed = [field.label.split(" (")[0] for field, _ in preview.context["meanings"].status_fields()]
    assert listed == ["On track", "Minor slippage", "Major slippage", "Not started", "Complete"]
    preview = preview_again(client, preview, create_people="on")
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, preview, create_people="on").status_code == 302
    scale = current_scale()
    assert [level.label for level in scale] == listed
    assert [level.role for level in scale] == ["on_track", "at_risk", "off_track", "not_graded", "achieved"]
    assert scale.levels[1].description == "The action is behind plan but will be delivered within three months"
    # The grading key of the paper the service prints says what the council's did.
    pdf = pdf_text(
        body(client.get(reverse("progress_update", args=[review.slug]), {"round": "2025-11", "format": "pdf"}))
    )
    assert squash("The action is more than three months behind plan") in squash(pdf)


def test_progress_left_out_changes_no_scale(client, clerk):
    review = make_tracker_review()
    client.force_login(clerk)
    before = current_scale()
    preview = upload(client, review, five_grade_tracker(), "fly-tipping.xlsx", period_month="10", period_year="2025")
    preview = client.post(
        preview.request["PATH_INFO"],
        {"action": "preview", **posted(preview, progress="leave")},
    )
    done = client.post(preview.request["PATH_INFO"], {"action": "import", **posted(preview, progress="leave")})
    assert done.status_code == 302, done.context["summary"]
    assert review.recommendations.count() == 7 and not ProgressEntry.objects.exists()
    assert current_scale() == before


def test_bare_codes_beside_words_of_its_own_come_in_printing_each_as_the_file_did(
    client, clerk, administrator, django_capture_on_commit_callbacks
):
    """A file printing the scale's codes alone ("1") and a word of its own
    makes its review's own scale printing codes alone, the word by its label."""
    make_the_scale_the_councils_own(administrator)
    review = make_tracker_review()
    client.force_login(clerk)
    data = workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Progress", "Status"],
        ["R1", "That the Council acts on fly-tipping.", "Amy Patel", "March 2026", "Done.", 1],
        ["R2", "That the Council acts on litter.", "Amy Patel", "March 2026", "Late.", "Minor slippage"],
    )
    preview = upload(client, review, data, "tracker.xlsx", period_month="10", period_year="2025")
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, preview).status_code == 302
    assert [level.printed for level in current_scale(review=review)] == ["1", "2", "Minor slippage", "3", "4"]
    assert current_scale().at(1).printed == "1 (Fully Achieved)"  # the council's, as it was
    minor = current_scale(review=review).levels[2]
    assert minor.needs_explanation and not minor.proposes_new_target  # at risk, as the presets have it


def test_a_status_too_long_to_be_a_grade_is_named_on_the_preview(client, clerk):
    review = make_tracker_review()
    client.force_login(clerk)
    sentence = "Complete – adopted by Cabinet in March 2024 and published on the website"
    data = workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Progress", "Status"],
        ["R1", "That the Council acts on fly-tipping.", "Amy Patel", "March 2026", "Done.", sentence],
        ["R2", "That the Council acts on litter.", "Amy Patel", "March 2026", "Late.", "Amber"],
    )
    preview = upload(client, review, data, "tracker.xlsx", period_month="10", period_year="2025")
    preview = preview_again(client, preview, **{meaning_field(preview, sentence): "achieved"})
    summary = " ".join(text for text, _ in preview.context["summary"])
    assert "is too long to be a grade of the council's scale (at most 60 characters)" in summary
    assert confirm(client, preview).status_code == 200 and not ProgressEntry.objects.exists()


def test_the_preview_lists_every_word_read_as_one_of_the_scales_grades(client, clerk, administrator):
    """A word the scale's grade is read from without asking ("on track" for
    2 (On-Track), on a scale that is the council's own) is listed with the
    grade it is read as, as is every other way the file writes a grade:
    none is matched without saying so."""
    make_the_scale_the_councils_own(administrator)
    review = make_tracker_review()
    client.force_login(clerk)
    data = workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Progress", "Status"],
        ["R1", "That the Council acts on fly-tipping.", "Amy Patel", "March 2026", "Begun.", "on track"],
        ["R2", "That the Council acts on litter.", "Amy Patel", "March 2026", "Done.", "1 (Fully Achieved)"],
        ["R3", "That the Council acts on graffiti.", "Amy Patel", "March 2026", "Begun.", "On Track"],
    )
    preview = upload(client, review, data, "tracker.xlsx", period_month="10", period_year="2025")
    html = preview.content.decode()
    listed = re.findall(r"<li>“([^”]*)” is ([^<]*)</li>", html[html.index('id="grades-read"') :])
    assert listed == [
        ("on track", "2 (On-Track)"),
        ("1 (Fully Achieved)", "1 (Fully Achieved)"),
        ("On Track", "2 (On-Track)"),
    ]
