"""Issue 56, item 5: papers the tests did not write to suit the importer
(tests/council_papers.py: Ashcombe's multi-round tracker, Kingsmere's Word
paper with a five-grade scale, the same tables pasted into Excel, and a
partnership plan with two quarters), each imported through the pages as a
clerk would: one upload, the preview's questions answered, one
confirmation. Then every value of the file is looked for, word for word
(white space aside), in the web page and the PDF, Word and Excel exports
of every round it holds, and those exports are searched for words the file
never said.

Importing a paper and fetching its exports takes seconds, so a
paper is imported once per test run and what the exports printed is kept
for the other checks of the same paper (each still imports it itself when
run alone)."""

import datetime
import io
import re
from dataclasses import dataclass

import openpyxl
import pytest
from django.urls import reverse

from actionplans.models import ExecutiveResponse, PartnershipPlan, Review
from tests import council_papers as papers
from tests.council_papers import Paper
from tests.documents import body, document_text, page_text, squash
from tests.factories import date_input, make_committee, make_review
from tests.partnership_files import upload as upload_plan
from tests.test_import_pages import past_record
from tests.test_import_trackers import confirm, meaning_field, preview_again, upload
from tests.test_import_word_seed import cell_text, pdf_reading_text
from tests.test_partnership_import import preview_page

pytestmark = pytest.mark.django_db

EXPORTS = ("web", "pdf", "docx", "xlsx")

# Words the service has printed that a council's file may never say: the
# default scale's grades, its stand-ins for what a file leaves out, and the
# seeds' council's name.
DEFAULT_SCALE = ("Fully Achieved", "On-Track", "Slipped", "Not Achieved")
STAND_INS = ("Not yet agreed", "decisions of", "No update received")
SEEDS_COUNCIL = ("Stockton",)


@dataclass(frozen=True)
class Imported:
    """What the clerk was told in the preview, and what each export of each
    round printed (white space made single spaces)."""

    preview: str
    printed: dict[datetime.date, dict[str, str]]


# Importing each paper as its clerk does ------------------------------------


def import_tracker(client, capture, paper: Paper) -> Imported:
    """Ashcombe's clerk sets up the review, uploads the tracker, says its
    rounds are past meetings' records, creates the people it names, and
    answers the one question about a column: the hidden Comments column
    (read at first as progress, its heading naming no month) is not
    imported."""
    review = set_up_review("Fly-tipping", "Communities Scrutiny Panel")
    preview = upload(client, review, FILES[paper.name](), paper.name)
    assert asked(preview) == {"progress", "people", "mapping"}, problems(preview)
    preview = preview_again(client, preview, create_people="on", column_7="")
    return confirmed(client, capture, review, paper, preview)


def import_kingsmere(client, capture, paper: Paper) -> Imported:
    """Kingsmere's clerk uploads the paper for November 2025 and confirms
    its five words as the council's scale: each a grade of its own, with
    the role proposed (Minor slippage at risk, Major slippage off track)."""
    review = set_up_review("Hospital Discharge and Carers", "Health and Adult Social Care Overview and Scrutiny")
    preview = upload(client, review, FILES[paper.name](), paper.name, period_month="11", period_year="2025")
    # Every word has a role proposed: nothing is wrong, the clerk confirms them.
    assert asked(preview) == {"progress", "people"}, problems(preview)
    meanings = {
        meaning_field(preview, "Minor slippage"): "at_risk",
        meaning_field(preview, "Major slippage"): "off_track",
    }
    preview = preview_again(client, preview, create_people="on", **meanings)
    return confirmed(client, capture, review, paper, preview)


def import_harrowfield(client, capture, paper: Paper) -> Imported:
    """Harrowfield's clerk uploads the workbook: its two round sheets are
    read together, each under its month, the clerk confirming the year
    proposed for each sheet's name ("Sept 24", "Mar 25": the two figures
    may be a day) and that the rounds are past meetings' records."""
    review = set_up_review("Empty Homes", "Place Scrutiny Committee", agreed=None)  # its paper gives no date
    preview = upload(client, review, FILES[paper.name](), paper.name)
    assert asked(preview) == {"progress", "people", "year"}, problems(preview)
    text = page_text(preview.content)
    assert "Read from the sheets “Sept 24” and “Mar 25”" in text
    assert "The sheet 'About' is not read: it is not a table of the plan's actions." in text
    preview = preview_again(client, preview, create_people="on", **{"year_09-24": "2024", "year_03-25": "2025"})
    return confirmed(client, capture, review, paper, preview)


def import_wexcombe(client, capture, paper: Paper) -> Imported:
    """Wexcombe's clerk uploads the paper for June 2025: its
    recommendations' references and its actions' own (1.1, 1.2) are kept."""
    review = set_up_review("Play Areas", "Communities Scrutiny Committee")
    preview = upload(client, review, FILES[paper.name](), paper.name, period_month="6", period_year="2025")
    assert asked(preview) - {"meaning"} == {"progress", "people"}, problems(preview)
    meanings = {meaning_field(preview, word): role for word, role in (("Amber", "at_risk"), ("Green", "on_track"))}
    preview = preview_again(client, preview, create_people="on", **meanings)
    return confirmed(client, capture, review, paper, preview)


def import_thornbury(client, capture, paper: Paper) -> Imported:
    """Thornbury's clerk uploads the tracker for May 2025 and gives the
    date of the executive's responses its Executive Response column holds."""
    review = set_up_review("Libraries", "People Scrutiny Committee")
    review.report_to_executive = datetime.date(2025, 2, 3)
    review.save()
    preview = upload(client, review, FILES[paper.name](), paper.name, period_month="5", period_year="2025")
    assert asked(preview) - {"meaning"} == {"progress", "people", "responded_on"}, problems(preview)
    meanings = {meaning_field(preview, "Green"): "on_track"}
    answer = {"responded_on_day": "3", "responded_on_month": "3", "responded_on_year": "2025"}
    preview = preview_again(client, preview, create_people="on", **meanings, **answer)
    text = page_text(preview.content)
    assert "Executive response to recommendation 2: Partially accepted, 3 March 2025 (C3)" in text
    imported = confirmed(client, capture, review, paper, preview, **answer)
    responses = ExecutiveResponse.objects.filter(recommendation__review=review).order_by("recommendation__number")
    assert [(r.recommendation.council_reference, r.response, r.reasons, r.responded_on) for r in responses] == [
        ("R1", "accepted", "", datetime.date(2025, 3, 3)),
        ("R2", "partially", papers.THORNBURY_ROWS[1][2].split(": ", 1)[1], datetime.date(2025, 3, 3)),
        ("R3", "rejected", papers.THORNBURY_ROWS[2][2].split(" – ", 1)[1], datetime.date(2025, 3, 3)),
    ]
    assert responses[1].history.latest().history_user.username == "clerk.test"  # the clerk, in the audit history
    return imported


def import_pennington(client, capture, paper: Paper) -> Imported:
    """Pennington's clerk uploads the tracker whose Status cells are only
    coloured: the preview names the colours, each read as the file's own
    word, and the clerk confirms what each means."""
    review = set_up_review("Street Lighting", "Place Scrutiny Committee")
    preview = upload(client, review, FILES[paper.name](), paper.name)
    text = page_text(preview.content)
    assert "Some grades are given only by their cells' colour: Green (G2); Amber (G3); Blue (G4); Red (G5)." in text
    roles = {"Green": "on_track", "Amber": "at_risk", "Blue": "achieved", "Red": "off_track"}
    meanings = {meaning_field(preview, word): role for word, role in roles.items()}
    preview = preview_again(client, preview, create_people="on", **meanings)
    return confirmed(client, capture, review, paper, preview)


def import_brackley(client, capture, paper: Paper) -> Imported:
    """Brackley Vale's clerk uploads the paper in the seeds' layout whose
    key numbers five grades of its own: the preview asks what each of the
    key's words is, "Not started" too, which no action has yet, and says
    its progress is the record of past meetings."""
    review = set_up_review("Town Centre Parking", "Place Select Committee")
    preview = upload(client, review, FILES[paper.name](), paper.name)
    words = [field.label for field, _ in preview.context["meanings"].status_fields()]
    assert [word.split(" (")[0] for word in words] == [word for _, word in papers.BRACKLEY_KEY]
    assert words[-1] == "Not started (the grading key only)"
    meanings = {meaning_field(preview, "Partially achieved"): "at_risk"}
    preview = past_record(client, preview, day=20, create_people="on", **meanings)
    return confirmed(client, capture, review, paper, preview)


def import_partnership(client, capture, paper: Paper) -> Imported:
    """The clerk names the new partnership and its plan on the upload page,
    and confirms, creating its organisations."""
    form = {
        "partnership_name": "Ashcombe Safer Streets Partnership",
        "title": papers.PARTNERSHIP_TITLE,
        "short_title": "Fly-tipping Plan",
        **date_input("starts", datetime.date(2025, 4, 1)),
        **date_input("ends", datetime.date(2026, 3, 1)),
    }
    response = upload_plan(client, FILES[paper.name](), paper.name, **form)
    preview = preview_page(client, response)
    with capture(execute=True):  # each quarter's published files are made
        done = preview_page(client, response, action="import", create_people="on")
    assert done.status_code == 302, done.context["summary"]
    plan = PartnershipPlan.objects.get()
    printed = {}
    for quarter in plan.quarters.order_by("period"):
        page = client.get(reverse("partnership_plan", args=[plan.slug]), {"quarter": quarter.pk})
        printed[quarter.period] = {"web": page_text(body(page))}
        for fmt in EXPORTS[1:]:
            response = client.get(
                reverse("partnership_report_file", args=[plan.slug]), {"format": fmt, "quarter": quarter.pk}
            )
            printed[quarter.period][fmt] = export_text(body(response), fmt)
    return Imported(page_text(preview.content), printed)


def set_up_review(title: str, committee: str, agreed=datetime.date(2025, 1, 1)):
    """The review as the clerk sets it up before importing its paper."""
    return make_review(
        title=title,
        committee=make_committee(committee),
        status=Review.Status.SETTING_UP,
        action_plan_agreed=agreed,
    )


def problems(preview) -> list[str]:
    return [str(problem) for problem in preview.context["preview"].problems]


def asked(preview) -> set[str]:
    """The kinds of question the preview asks before it can be confirmed."""
    return {problem.fix for problem in preview.context["preview"].problems}


def confirmed(client, capture, review, paper: Paper, preview, **answers) -> Imported:
    """The clerk confirms once; then every round's page and files."""
    assert problems(preview) == []
    with capture(execute=True):  # each round's published files are made
        done = confirm(client, preview, create_people="on", **answers)
    assert done.status_code == 302, problems(done)
    assert [r.period for r in review.rounds.order_by("period")] == list(paper.rounds)
    printed = {}
    for period in paper.rounds:
        month = f"{period:%Y-%m}"
        page = client.get(reverse("progress_update_page", args=[review.slug, month]))
        printed[period] = {"web": page_text(body(page))}
        for fmt in EXPORTS[1:]:
            response = client.get(reverse("progress_update", args=[review.slug]), {"round": month, "format": fmt})
            printed[period][fmt] = export_text(body(response), fmt)
    return Imported(page_text(preview.content), printed)


def export_text(data: bytes, fmt: str) -> str:
    """A file's words as its reader sees them: a PDF without its page
    footers, a workbook's cells as Excel shows them (a month as 'March
    2026', not the date behind it)."""
    if fmt == "pdf":
        text = pdf_reading_text(data)
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        text = "\n".join(cell_text(cell) for sheet in book for row in sheet.iter_rows() for cell in row)
    else:
        text = document_text(data, fmt)
    return " ".join(text.split())


FILES = {
    papers.TRACKER.name: papers.ashcombe_tracker,
    papers.KINGSMERE_WORD.name: papers.kingsmere_word_paper,
    papers.KINGSMERE_EXCEL.name: papers.kingsmere_pasted_into_excel,
    papers.PARTNERSHIP.name: papers.ashcombe_partnership_plan,
    papers.HARROWFIELD.name: papers.harrowfield_sheets,
    papers.WEXCOMBE.name: papers.wexcombe_word_paper,
    papers.THORNBURY.name: papers.thornbury_tracker,
    papers.PENNINGTON.name: papers.pennington_tracker,
    papers.BRACKLEY.name: papers.brackley_seed_layout_paper,
}
IMPORTS = {
    papers.TRACKER.name: import_tracker,
    papers.KINGSMERE_WORD.name: import_kingsmere,
    papers.KINGSMERE_EXCEL.name: import_kingsmere,
    papers.PARTNERSHIP.name: import_partnership,
    papers.HARROWFIELD.name: import_harrowfield,
    papers.WEXCOMBE.name: import_wexcombe,
    papers.THORNBURY.name: import_thornbury,
    papers.PENNINGTON.name: import_pennington,
    papers.BRACKLEY.name: import_brackley,
}
_imported: dict[str, Imported] = {}


@pytest.fixture
def imported(client, clerk, django_capture_on_commit_callbacks):
    """The paper imported through the pages, once per test run."""

    def read(paper: Paper) -> Imported:
        if paper.name not in _imported:
            client.force_login(clerk)
            _imported[paper.name] = IMPORTS[paper.name](client, django_capture_on_commit_callbacks, paper)
        return _imported[paper.name]

    return read


# What is looked for --------------------------------------------------------


def missing(values, text: str) -> list[str]:
    """The values a text does not print word for word."""
    squashed = squash(text)
    return [value for value in values if squash(value) not in squashed]


def missing_grades(words, text: str) -> list[str]:
    """The grade words a text prints fewer times than the round gives them:
    a numbered grade ("3 (Partially achieved)") as written, or as the
    spreadsheet gives it, its number and its word in cells side by side."""
    squashed = squash(text)

    def printed(word):
        number, _, label = word.partition(" (")
        side_by_side = squash(f"{number} {label[:-1]}") if label.endswith(")") and number.isdigit() else None
        return squashed.count(squash(word)) + (squashed.count(side_by_side) if side_by_side else 0)

    return sorted({word for word in words if printed(word) < words.count(word)})


def invented(paper: Paper, text: str, words) -> list[str]:
    """The words a text prints that the file itself never says."""
    said = squash(" ".join([*paper.plan, *(v for r in paper.rounds.values() for v in r), *all_grades(paper)]))
    return [word for word in words if squash(word) in squash(text) and squash(word) not in said]


def all_grades(paper: Paper) -> list[str]:
    return [word for words in paper.grades.values() for word in words]


def per_export(paper: Paper, imported, check) -> dict:
    """What `check(period, text)` finds in each export of each round, where it finds anything."""
    found = {}
    for period, printed in imported(paper).printed.items():
        for where in EXPORTS:
            if result := check(period, printed[where]):
                found[f"{period:%B %Y} {where}"] = result
    return found


ALL = [
    papers.TRACKER,
    papers.KINGSMERE_WORD,
    papers.KINGSMERE_EXCEL,
    papers.PARTNERSHIP,
    papers.HARROWFIELD,
    papers.WEXCOMBE,
    papers.THORNBURY,
    papers.PENNINGTON,
    papers.BRACKLEY,
]
REVIEWS = [
    papers.TRACKER,
    papers.KINGSMERE_WORD,
    papers.KINGSMERE_EXCEL,
    papers.HARROWFIELD,
    papers.WEXCOMBE,
    papers.THORNBURY,
    papers.PENNINGTON,
    papers.BRACKLEY,
]


def named(paper: Paper) -> str:
    return paper.name


# Every value, every round, every export -------------------------------------


@pytest.mark.parametrize("paper", ALL, ids=named)
def test_every_value_of_the_file_is_in_every_export_of_every_round(paper, imported):
    assert list(imported(paper).printed) == list(paper.rounds)
    assert per_export(paper, imported, lambda period, text: missing(paper.values(period), text)) == {}


@pytest.mark.parametrize("paper", ALL, ids=named)
def test_no_round_prints_a_later_rounds_progress(paper, imported):
    def later(period, text):
        """The progress of the rounds after `period` that its export prints."""
        after = [value for other, values in paper.rounds.items() if other > period for value in values]
        return [value for value in after if squash(value) in squash(text)]

    assert per_export(paper, imported, later) == {}


@pytest.mark.parametrize(
    "paper",
    [*REVIEWS, papers.PARTNERSHIP],
    ids=named,
)
def test_every_grade_word_of_the_file_is_in_every_export_of_its_round(paper, imported):
    assert per_export(paper, imported, lambda period, text: missing_grades(paper.grades[period], text)) == {}


@pytest.mark.parametrize(
    "paper",
    [*REVIEWS, papers.PARTNERSHIP],
    ids=named,
)
def test_no_export_prints_the_default_scales_words_for_the_councils(paper, imported):
    assert per_export(paper, imported, lambda period, text: invented(paper, text, DEFAULT_SCALE)) == {}


@pytest.mark.parametrize(
    "paper",
    [*REVIEWS, papers.PARTNERSHIP],
    ids=named,
)
def test_no_export_prints_a_stand_in_for_what_the_file_leaves_out(paper, imported):
    assert per_export(paper, imported, lambda period, text: invented(paper, text, STAND_INS)) == {}


@pytest.mark.parametrize("paper", ALL, ids=named)
def test_no_export_prints_the_seeds_council(paper, imported):
    assert per_export(paper, imported, lambda period, text: invented(paper, text, SEEDS_COUNCIL)) == {}


def test_a_numbered_keys_grades_are_the_papers_own_in_every_export(imported):
    """Brackley Vale's key numbers its own five grades: its "3" is
    Partially achieved and its "4" Slipped, never the install's "3
    (Slipped)", and the key lists all five, Not started too."""
    for period, printed in imported(papers.BRACKLEY).printed.items():
        for where, text in printed.items():
            assert "3 (Slipped)" not in text, (period, where)
            assert missing([word for _, word in papers.BRACKLEY_KEY], text) == [], (period, where)
            if where != "xlsx":  # the spreadsheet has a grade's number and word in cells of their own
                assert missing(papers.BRACKLEY.grades[period], text) == [], (period, where)


# The clerk is told of each column not read, and why -------------------------

NOT_READ = re.compile(r"[^.]*\bnot read\b[^.]*\.")  # a sentence saying what is not read, and why


@pytest.mark.parametrize(
    "paper, told",
    [
        (
            papers.TRACKER,
            [
                "Column H ('Comments') is not read: it is set to Not imported, though its heading reads as "
                "Evidence of Progress."
            ],
        ),
        (
            papers.KINGSMERE_WORD,
            [
                "The 3 paragraphs at the top of the paper (its title and introduction) are not read.",
                "Table 5 is not read: its first row is not the headings of the tables of actions "
                "(Action | Lead | Target | Update | Status).",
            ],
        ),
        (papers.KINGSMERE_EXCEL, []),
        (papers.PARTNERSHIP, []),
    ],
    ids=lambda value: value.name if isinstance(value, Paper) else "",
)
def test_the_preview_names_each_column_not_read_and_why(paper, told, imported):
    preview = imported(paper).preview
    for line in told:
        assert line in preview
    assert len(NOT_READ.findall(preview)) == len(told), NOT_READ.findall(preview)


def test_the_trackers_preview_says_how_it_read_its_rounds_and_its_misspelt_month(imported):
    preview = imported(papers.TRACKER).preview
    assert (
        "The file's progress is read as 2 rounds, oldest first: April 2025 (columns F and G), "
        "October 2025 (columns I and J)." in preview
    )
    assert "Column I ('Update Ocotber 2025'): 'Ocotber' is read as October." in preview
