"""A paper's numbered grading key: its grades as the paper numbers them.

Seeds 000 and 001 print their key as a row of numbers over a row of words
("1 | 2 | 3 | 4" over "Fully Achieved | On-Track | Slipped | Not
Achieved"), beside its label; other councils number other words ("3
Partially achieved", "4 Slipped"). Where a paper's key numbers its grades
otherwise than the council's scale does, the paper's numbers and words are
its grades: a cell "3 (Partially achieved)" or a bare "3" is the key's
third grade, never the install's "3 (Slipped)", and every grade the key
lists becomes a grade of the review's scale, in the key's order, whether or
not an action has it (grades.GradingKey, grades.ScaleToBe). A key that
numbers the council's own grades changes nothing.
"""

import itertools
import re
from dataclasses import dataclass

from actionplans import grading
from actionplans.models.council import current_scale

_CODE = re.compile(r"^\d{1,2}$")
# "1 Achieved", "2 – On track", "3 (Partially achieved)", "4. Slipped"
_NUMBERED = re.compile(r"^(\d{1,2})\s*(?:[.):=–—-]\s*)?\(?\s*([^\d\s()][^()]*?)\s*\)?$")
LONGEST_WORD = 60  # a grade's word, not a sentence


@dataclass(frozen=True)
class KeyGrade:
    """One grade of the key: its number and its word, as the paper has them."""

    code: str
    label: str
    rank = 1  # a grade given, to the tracker's hint (tracker.ScaleWords)

    @property
    def printed(self) -> str:
        return f"{self.code} ({self.label})"


def numbered_key(rows: list[list[str]]) -> tuple[KeyGrade, ...]:
    """The grades a paper's numbered key lists, in its order, from the rows
    the import does not read (Grid.set_aside_rows): a row of numbers over a
    row of words, or numbered words a cell or paragraph each. Numbered 1, 2,
    3 … in order, at least two of them, no word twice, and at least two
    words a council grades with (grading.PROPOSED_ROLES): a list of the
    paper's sections is no key. () where there is none."""
    for found in (_over(rows), _listed(rows)):
        words = [grading.status_key(grade.label) for grade in found]
        known = [word for word in words if word in grading.PROPOSED_ROLES]
        if len(found) >= 2 and len(known) >= 2 and len(set(words)) == len(words):
            return found
    return ()


def papers_own_key(rows: list[list[str]]) -> tuple[KeyGrade, ...]:
    """The paper's numbered key (numbered_key) where it numbers its grades
    otherwise than the council's scale: then its grades are the paper's
    own. () where there is none, or it numbers the council's."""
    key = numbered_key(rows)
    return key if key and numbers_otherwise(key, current_scale()) else ()


def numbers_otherwise(key: tuple[KeyGrade, ...], scale) -> bool:
    """Whether `key` numbers its grades otherwise than `scale` (the council's,
    models.council.Scale): another word for a number, or a grade more."""
    codes = {level.code: grading.status_key(level.label) for level in scale if level.code}
    return any(codes.get(grade.code) != grading.status_key(grade.label) for grade in key)


def _over(rows: list[list[str]]) -> tuple[KeyGrade, ...]:
    """A row of numbers 1 … n at its end, over a row whose last n cells are words."""
    for above, below in itertools.pairwise(rows):
        codes = _trailing_codes(above)
        words = [" ".join(text.split()) for text in below[-len(codes) :]] if codes else []
        if len(codes) >= 2 and len(words) == len(codes) and all(_is_word(word) for word in words):
            return tuple(KeyGrade(code, word) for code, word in zip(codes, words, strict=True))
    return ()


def _trailing_codes(row: list[str]) -> list[str]:
    codes = []
    for text in reversed(row):
        if not _CODE.match(text.strip()):
            break
        codes.insert(0, text.strip())
    return codes if codes == [str(n) for n in range(1, len(codes) + 1)] else []


def _listed(rows: list[list[str]]) -> tuple[KeyGrade, ...]:
    """Numbered words in the rows' cells, 1 … n one after another."""
    found: list[KeyGrade] = []
    for text in (cell for row in rows for cell in row):
        match = _NUMBERED.match(" ".join(text.split()))
        grade = KeyGrade(match.group(1), match.group(2)) if match and _is_word(match.group(2)) else None
        if grade and grade.code == str(len(found) + 1):
            found.append(grade)
        elif grade and grade.code == "1":
            found = [grade]
        elif len(found) >= 2:
            break
        else:
            found = []
    return tuple(found)


def _is_word(text: str) -> bool:
    return bool(text) and len(text) <= LONGEST_WORD and not _CODE.match(text) and not text.endswith(".")
