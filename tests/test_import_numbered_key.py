"""Issue 73, item 3: a paper's grading key names its grades, every one.
Where the key numbers its grades otherwise than the council's scale ("3
Partially achieved", "4 Slipped" where the council's 3 is Slipped), a cell
"4 (Slipped)" is the paper's fourth grade, never refused as two of the
council's, and every grade the key lists is one of the review's, in the
key's order, whether or not an action has it. A list of a paper's sections
is no key, and a key that numbers the council's own grades changes nothing
(the seeds' papers, tests/test_import_council_grades.py). A key of words
(a table, or paragraphs "Not yet due – …") gives its words no action has
too."""

import dataclasses
import datetime

import pytest

from actionplans.importing.numbered_key import KeyGrade, numbered_key
from actionplans.models import ProgressEntry
from actionplans.models.council import PROGRESS, GradingScale, current_scale
from tests import council_papers as papers
from tests import seed_001
from tests.factories import make_review
from tests.test_import_council_grades import kingsmere_with_key, make_the_scale_the_councils_own
from tests.test_import_pages import confirm as confirm_page
from tests.test_import_pages import past_record
from tests.test_import_trackers import confirm, meaning_field, preview_again, upload
from tests.test_import_trackers import make_review as make_tracker_review
from tests.word_files import seed_layout

pytestmark = pytest.mark.django_db


def test_on_an_install_with_the_councils_own_scale_the_key_is_the_reviews_own(client, clerk, administrator):
    make_the_scale_the_councils_own(administrator)
    council_scale = [level.printed for level in current_scale()]
    review = make_review(title="Town Centre Parking", action_plan_agreed=datetime.date(2024, 6, 1))
    client.force_login(clerk)
    preview = upload(client, review, papers.brackley_seed_layout_paper(), papers.BRACKLEY.name)
    meanings = {meaning_field(preview, "Partially achieved"): "at_risk"}
    preview = past_record(client, preview, day=20, create_people="on", **meanings)
    assert preview.context["preview"].problems == []  # "4 (Slipped)" is the paper's fourth grade, not two
    assert confirm(client, preview, create_people="on").status_code == 302

    own = GradingScale.objects.get(kind=PROGRESS, review=review)
    assert [level.printed for level in current_scale(review=review)] == [
        f"{code} ({word})" for code, word in papers.BRACKLEY_KEY
    ]
    assert [grade.role for grade in own.grades.order_by("position")] == [
        "achieved",
        "on_track",
        "at_risk",
        "off_track",
        "not_graded",
    ]
    assert [level.printed for level in current_scale()] == council_scale  # the council's, untouched
    march = ProgressEntry.objects.filter(action__recommendation__review=review, round__period__month=3)
    assert sorted(f"{entry.level.code} ({entry.level.label})" for entry in march) == [
        "1 (Achieved)",
        "1 (Achieved)",
        "3 (Partially achieved)",
        "4 (Slipped)",
    ]


@pytest.mark.parametrize(
    "rows, key",
    [
        # The seeds' layout: numbers over words, beside the key's label.
        (
            [["Assessment of", "1", "2", "3"], ["Progress Gradings:", "Complete", "Partially achieved", "Slipped"]],
            (KeyGrade("1", "Complete"), KeyGrade("2", "Partially achieved"), KeyGrade("3", "Slipped")),
        ),
        # Numbered words in paragraphs of their own.
        (
            [["1 – Achieved"], ["2 – On track"], ["3 – Not started"]],
            (KeyGrade("1", "Achieved"), KeyGrade("2", "On track"), KeyGrade("3", "Not started")),
        ),
        # A list of the paper's sections, numbers over a year: no key.
        ([["1. Introduction"], ["2. Background"], ["3. Findings"]], ()),
        ([["Year", "1", "2"], ["Budget", "£10,000", "£12,000"]], ()),
        # A word twice: a table of the actions' grades, no key.
        ([["Action", "1", "2", "3"], ["Status", "Complete", "Complete", "Amber"]], ()),
    ],
    ids=["numbers-over-words", "paragraphs", "sections", "figures", "repeated"],
)
def test_a_numbered_key_is_found_where_the_paper_has_one(rows, key):
    assert numbered_key(rows) == key


def kingsmere_with_a_word_no_action_has(key_as: str) -> bytes:
    """Kingsmere's Word paper, its key listing "Not yet due" after its five
    words, though no action is graded so yet."""
    return kingsmere_with_key([*papers.KINGSMERE_SCALE, ("Not yet due", "The action's date has not come")], key_as)


@pytest.mark.parametrize("key_as", ["table", "paragraphs"])
def test_a_word_of_the_key_that_no_action_has_is_a_grade_too(client, clerk, key_as):
    review = make_tracker_review(title="Hospital Discharge")
    client.force_login(clerk)
    data = kingsmere_with_a_word_no_action_has(key_as)
    preview = upload(client, review, data, "kingsmere.docx", period_month="11", period_year="2025")
    listed = [field.label for field, _ in preview.context["meanings"].status_fields()]
    assert [label.split(" (")[0] for label in listed] == [*(word for word, _ in papers.KINGSMERE_SCALE), "Not yet due"]
    assert listed[-1] == "Not yet due (the grading key only)"
    preview = preview_again(client, preview, create_people="on")
    done = confirm(client, preview, create_people="on")
    assert done.status_code == 302, done.context["preview"].problems
    scale = current_scale()
    assert [level.label for level in scale][-1] == "Not yet due"
    assert scale.levels[-1].description == "The action's date has not come"


def test_a_key_word_made_one_of_the_scales_grades_keeps_the_keys_number(client, clerk, administrator):
    """The clerk says the paper's "Slipped" is the council's Slipped: the
    review's scale has it as the key numbers it, "4 (Slipped)", and the
    updates graded so keep their grade."""
    make_the_scale_the_councils_own(administrator)
    slipped = next(level for level in current_scale() if level.label == "Slipped")
    review = make_review(title="Town Centre Parking", action_plan_agreed=datetime.date(2024, 6, 1))
    client.force_login(clerk)
    preview = upload(client, review, papers.brackley_seed_layout_paper(), papers.BRACKLEY.name)
    meanings = {
        meaning_field(preview, "Partially achieved"): "at_risk",
        meaning_field(preview, "Slipped"): f"grade:{slipped.id}",
    }
    preview = past_record(client, preview, day=20, create_people="on", **meanings)
    assert preview.context["preview"].problems == []
    assert confirm(client, preview, create_people="on").status_code == 302
    assert [level.printed for level in current_scale(review=review)] == [
        f"{code} ({word})" for code, word in papers.BRACKLEY_KEY
    ]
    graded = ProgressEntry.objects.filter(action__recommendation__review=review, level__label="Slipped")
    assert [f"{entry.level.code} ({entry.level.label})" for entry in graded] == ["4 (Slipped)"]


def test_a_numbered_key_of_colours_alone_takes_the_scales_achieved_grade(client, clerk):
    """A key "1 Green, 2 Amber, 3 Red" names no achieved grade: the scale it
    makes has the council's too, unnumbered, as sign-off needs one, and the
    paper's grades print as the key numbers them."""
    rag = (("1", "Green"), ("2", "Amber"), ("3", "Red"))
    words = {"1": "1 (Green)", "2": "2 (Amber)", "3": "3 (Red)", "4": "3 (Red)"}

    def block(block):
        rows = tuple(
            (label, tuple(words.get(value, value) for value in values) if label.startswith("Assessment") else values)
            for label, values in block.rows
        )
        return dataclasses.replace(block, rows=rows)

    paper = dataclasses.replace(
        seed_001.PAPER, tables=tuple(tuple(map(block, blocks)) for blocks in seed_001.PAPER.tables)
    )
    review = make_review(title="Hate Crime", action_plan_agreed=datetime.date(2019, 3, 1))
    client.force_login(clerk)
    preview = upload(client, review, seed_layout(paper, key="merged", grades=rag), "hate-crime.docx")
    preview = past_record(client, preview, day=12, create_people="on")
    assert preview.context["preview"].problems == []
    done = confirm_page(client, preview)
    assert done.status_code == 302, done.context["summary"]
    scale = current_scale()
    assert scale.levels[0].role == "achieved"
    assert [level.printed for level in scale][1:] == ["1 (Green)", "2 (Amber)", "3 (Red)"]
