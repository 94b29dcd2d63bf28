"""The council's grades, as its papers give them: each status word of a
file that the council's scale does not have yet ("Minor slippage",
"Amber", "Not started") becomes a grade of its own, with the role in the
rules and the colour the clerk confirms on the preview once per word, or,
where the clerk says so, one of the scale's grades. Never several words
into one grade: each prints as the paper had it.

The import grades on a new version of the scale when the file brings
words of its own, or prints the council's grades another way than the
scale does (seed 001's bare "1", seed 000's "2 (On-Track)"): the papers
then print as their own did (ProgressUpdate.grades_print). A first import
into a scale that is not yet the council's own (scale_is_councils_own)
makes the file's words the council's scale. After that, a paper's words
stay with its review: they make (or add to) the review's own scale, the
council's grades with the file's words, and the council's scale and every
other review's grades are untouched (GradingScale.review).
"""

import re
from dataclasses import dataclass, field

from actionplans import grading
from actionplans.grading import ROLE_MEANINGS, ROLE_WORDS, Role, role_of_meaning
from actionplans.models import ProgressEntry
from actionplans.models.council import (
    COLOURS,
    MOST_GRADES,
    PROGRESS,
    GradingScale,
    Printing,
    ScaleGrade,
    ScaleLevel,
    current_scale,
    scale_problems,
)

from .numbered_key import papers_own_key
from .plan import ImportedPlan, Problem

LABEL_MAX = ScaleGrade._meta.get_field("label").max_length

ROLE_ORDER = list(Role.values)  # achieved first, not graded last
# The colour proposed for a new grade whose word is not a colour itself.
ROLE_COLOURS = {
    Role.ACHIEVED: "blue",
    Role.ON_TRACK: "green",
    Role.AT_RISK: "amber",
    Role.OFF_TRACK: "red",
    Role.NOT_ACHIEVED: "purple",
    Role.NOT_GRADED: "grey",
}
_COLOUR_WORDS = {"gray": "grey", "rag red": "red", "rag amber": "amber", "rag green": "green"}


@dataclass(frozen=True)
class GradeAnswer:
    """What a status word of the file becomes: a grade of its own (`role`,
    `colour`), or one of the council's grades (`level`)."""

    word: str  # as the file first wrote it
    role: str = ""
    colour: str = ""
    level: ScaleLevel | None = None

    @property
    def meaning(self) -> int | None:
        """What it means to the rules (ProgressEntry.grade), None for no grade."""
        return self.level.rank if self.level else ROLE_MEANINGS.get(self.role) or None

    @property
    def value(self) -> str:
        """As the preview's form and the command write it: 'grade:12', or a role."""
        return f"grade:{self.level.id}" if self.level else self.role


def scale_is_councils_own() -> bool:
    """Whether the progress scale is the council's own: someone has made a
    version of it, or graded with it. Until then it is the service's first
    scale, which a council's first import replaces with the grades of its
    own papers rather than adds them to."""
    made = GradingScale.objects.filter(kind=PROGRESS, review=None).exclude(made_by=None)
    return made.exists() or ProgressEntry.objects.exclude(level=None).exists()


def proposed_colour(word: str, role: str) -> str:
    """A word that is a colour ("Amber") keeps it; another, its role's."""
    key = grading.status_key(word)
    key = _COLOUR_WORDS.get(key, key)
    return key if key in COLOURS else ROLE_COLOURS.get(role, "grey")


def answer_of(word: str, value: str, colour: str, scale) -> GradeAnswer | None:
    """The answer the form or the command gives for `word` ('grade:12' or
    a role, and a colour), or None where it is not one of them."""
    if value.startswith("grade:"):
        level = next((level for level in scale if f"grade:{level.id}" == value), None)
        return GradeAnswer(word, level=level) if level else None
    if value in Role.values:
        return GradeAnswer(word, role=value, colour=colour if colour in COLOURS else proposed_colour(word, value))
    return None


def remembered_answer(word: str, meaning: int | None) -> GradeAnswer:
    """What an earlier import's confirmation of `word` proposes now: a
    grade of its own with the role of the meaning it was given (StatusMeaning
    keeps the meaning alone: from before the council's words were grades,
    several words to one grade, which is never proposed again)."""
    role = role_of_meaning(meaning)
    return GradeAnswer(word, role=role, colour=proposed_colour(word, role))


def choices(scale) -> list[tuple[str, str]]:
    """What a word may become, as the preview offers it: a grade of its
    own, by its role, or one of the scale's grades."""
    own = [(role, f"A grade of its own: {ROLE_WORDS[role].lower()}") for role in ROLE_ORDER]
    return [*own, *((f"grade:{level.id}", f"The scale's {level.in_full}") for level in scale)]


@dataclass(frozen=True)
class GradingKey:
    """The file's own words as its grading key lists them, where it lists
    them all (a table of the paper not read): their order, and what the key
    says each means, the grade's description."""

    order: dict[str, int]  # status key -> its place in the key
    descriptions: dict[str, str]  # status key -> the text beside it
    # status key -> its number, where the key numbers the paper's own grades
    # otherwise than the council's scale (numbered_key.py)
    codes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: ImportedPlan) -> "GradingKey | None":
        """The key, where the paper's tables or paragraphs not read list
        every one of its words: a word in a cell with what it means in the
        next ("Complete | Delivered in full"), or a paragraph giving both
        ("Complete – Delivered in full")."""
        if numbered := cls._numbered(plan):
            return numbered
        order, descriptions = {}, {}
        for row in plan.set_aside_rows:
            cells = _key_cells(row)
            for n, text in enumerate(cells):
                key = grading.status_key(text)
                if key in plan.statuses and key not in order:
                    order[key] = len(order)
                    beside = cells[n + 1].strip() if n + 1 < len(cells) else ""
                    if beside and grading.status_key(beside) not in plan.statuses:
                        descriptions[key] = beside
        if not plan.statuses or len(order) != len(plan.statuses):
            return None
        return cls(order, descriptions)

    @classmethod
    def _numbered(cls, plan: ImportedPlan) -> "GradingKey | None":
        """A numbered key that numbers the paper's own grades (numbered_key.py):
        its words in its order, each with its number; a word of the file the
        key does not list after them, without one."""
        key = papers_own_key(plan.set_aside_rows)
        if not plan.statuses or not key:
            return None
        codes = {grading.status_key(grade.label): grade.code for grade in key}
        if not codes.keys() & plan.statuses.keys():
            return None  # no grade of the file is one of its: not the file's key
        order = {word: n for n, word in enumerate([*codes, *(word for word in plan.statuses if word not in codes)])}
        return cls(order, {}, codes)


def words_only_in_the_key(plan: ImportedPlan) -> list[str]:
    """The words a paper's grading key lists that no action has ("Not
    started", a round before any action starts): the key's rows next to
    those of the file's words, shaped like them, each a word councils grade
    with (grading.PROPOSED_ROLES), where the key lists every word the
    actions have (GradingKey). A numbered key's are numbered_key.py's."""
    rows = [[cell.strip() for cell in _key_cells(row) if cell.strip()] for row in plan.set_aside_rows]
    listed = [n for n, row in enumerate(rows) if row and grading.status_key(row[0]) in plan.statuses]
    if not listed or GradingKey.of(plan) is None:
        return []
    shape, found = len(rows[listed[0]]), []
    for run in (range(listed[-1] + 1, len(rows)), range(listed[0] - 1, -1, -1)):
        for n in run:
            key = grading.status_key(rows[n][0]) if len(rows[n]) == shape else ""
            if key not in _KEY_WORDS or key in plan.statuses:
                break
            found.append(rows[n][0])
    return found


# The words a key may list that no action has: those councils grade with,
# not a letter alone ("A") nor an executive's response ("Accepted").
_KEY_WORDS = {word for word in grading.PROPOSED_ROLES if len(word) > 1} - {"accepted", "accepted in part", "rejected"}


def _key_cells(row: list[str]) -> list[str]:
    """A key's row as its cells: a paragraph's word and what it means apart."""
    return _KEY_LINE.split(row[0], maxsplit=1) if len(row) == 1 else row


_KEY_LINE = re.compile(r"\s+[–—-]\s+|\s*:\s+")  # "Complete – Delivered", "Complete: Delivered"


def in_order(plan: ImportedPlan, proposals: dict[str, str]) -> list[str]:
    """The file's own words (their keys) in the council's order, as the
    preview lists them and the scale takes them: as the paper's grading key
    lists them, where it lists them all; else by the role proposed
    (`proposals`, key -> role), best first, then the most used."""
    key = GradingKey.of(plan)
    if key is not None:
        return sorted(plan.statuses, key=key.order.__getitem__)

    def rank(word):
        role = proposals.get(word, "")
        return (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), -len(plan.statuses[word].cells))

    return sorted(plan.statuses, key=rank)


def apply_answers(plan: ImportedPlan, answers: dict[str, GradeAnswer], review=None) -> "ScaleToBe":
    """Give each update graded by a status word of the file what the word
    means to the rules, name once each word without an answer yet, and
    name what is wrong with the scale the answers make for `review` (the
    review imported into); returns that scale, as the preview shows it
    (ScaleToBe)."""
    for key, value in plan.statuses.items():
        if key in answers:
            plan.status_meanings[key] = answers[key]
        else:
            plan.problems.append(
                Problem(
                    "",
                    f"'{value.word}' ({value.where}) is the file's own grade: say what it is on the preview, once "
                    "for every cell that has it.",
                    fix="status",
                )
            )
    for action in plan.actions:
        for entry in action.entries:
            answer = answers.get(grading.status_key(entry.status)) if entry.status else None
            if answer is not None:
                entry.grade = answer.meaning
    scale = ScaleToBe.of(plan, review)
    if len(answers) == len(plan.statuses):
        plan.problems += [Problem("", problem, fix="status") for problem in scale.problems]
    return scale


def grade_key(entry) -> int | str | None:
    """What an update's grade is known by until the import saves it: the
    council's grade (its id), or the file's word (its key); an update read
    with a meaning alone (a plan made in code), the scale's first grade of it."""
    if entry.level or entry.status or not entry.grade:
        return entry.level or grading.status_key(entry.status) or None
    level = current_scale().meaning(entry.grade)
    return level.id if level else None


def shown(entry) -> str:
    """An update's grade as the preview says it: the file's word, or the
    council's grade it names, as printed."""
    key = grade_key(entry)
    if not isinstance(key, int):
        return entry.status
    return next((level.printed for level in current_scale() if level.id == key), "")


@dataclass
class ScaleToBe:
    """The scale an import grades on: the current one, or the next version
    (grades, best first, as GradingScale.make takes them, and how it
    prints): of the review's own scale (`review`), or of the council's."""

    grades: list[dict] | None  # None: the current scale, as it is
    prints: str
    review: int | None = None  # the review whose own scale it is; None: the council's
    review_title: str = ""

    @classmethod
    def of(cls, plan: ImportedPlan, review=None) -> "ScaleToBe":
        """`review`: the review imported into (a Review), which grades on
        the scale the file's words make, its own where the council's scale
        is the council's own already (scale_is_councils_own)."""
        scale = current_scale(review=review)
        answers, key = plan.status_meanings, GradingKey.of(plan)
        ordered = in_order(plan, {word: answer.role for word, answer in answers.items()})
        labels = {level.label.casefold() for level in scale}
        new = [
            answers[word]
            for word in ordered
            if word in answers and answers[word].level is None and answers[word].word.casefold() not in labels
        ]
        prints = plan.grade_prints.most_common(1)[0][0] if plan.grade_prints else scale.prints
        if key is not None and key.codes:
            return cls._numbered(plan, key, prints, review)
        if not new and prints == scale.prints:
            return cls(None, prints)
        if scale_is_councils_own() and review is not None:
            return cls(_with_new(scale.rows(), new, key), prints, review.pk, review.title)
        used = plan.grade_prints or any(answer.level for answer in plan.status_meanings.values())
        current = scale.rows()
        if new and not used and not scale_is_councils_own():
            # The file's grades are the council's scale, printed as their
            # words; with the scale's achieved grade where the file has none
            # (Green, Amber, Red), as the rules need one for sign-off. A
            # file whose words cannot make a scale of their own (Not started
            # alone) adds them to the scale instead.
            achieved = [] if any(a.role == Role.ACHIEVED for a in new) else _of_role(current, Role.ACHIEVED)
            alone = cls(achieved + [_grade(answer, key) for answer in new], Printing.LABEL)
            if not scale_problems(alone.grades, alone.prints):
                return alone
        return cls(_with_new(current, new, key), prints)

    @classmethod
    def _numbered(cls, plan: ImportedPlan, key: GradingKey, prints: str, review) -> "ScaleToBe":
        """The scale of a paper whose key numbers grades of its own: the
        key's, number for number, in its order, never merged with the
        council's (whose "3" may be another grade); the review's own, or
        the council's where its scale is not the council's own yet."""
        answers = plan.status_meanings
        rows = {row["was"]: row for row in current_scale(review=review).rows()}

        def grade(word):
            # A word the clerk made one of the scale's grades is that grade, numbered as the key numbers it.
            answer = answers[word]
            row = _grade(answer, key) if answer.level is None else rows.get(answer.level.id, _grade(answer, key))
            return {**row, "code": key.codes.get(word, "")}

        grades = [grade(word) for word in sorted(answers, key=lambda word: key.order.get(word, len(key.order)))]
        if not _of_role(grades, Role.ACHIEVED):
            # A key of colours alone (1 Green, 2 Amber, 3 Red): the scale's
            # achieved grade too, unnumbered, as the rules need one for sign-off.
            grades = [{**row, "code": ""} for row in _of_role(list(rows.values()), Role.ACHIEVED)] + grades
        if scale_is_councils_own() and review is not None:
            return cls(grades, prints, review.pk, review.title)
        return cls(grades, prints)

    @property
    def problems(self) -> list[str]:
        """What stops the scale being made, in the clerk's words, as
        GradingScale.bring_in would refuse it."""
        if self.grades is None:
            return []
        long = [grade["label"] for grade in self.grades if len(grade["label"]) > LABEL_MAX]
        if long:
            return [
                f"'{label[:80]}…' is too long to be a grade of the council's scale (at most {LABEL_MAX} "
                "characters): make it one of the scale's grades, or shorten it in the file."
                for label in long
            ]
        if len(self.grades) > MOST_GRADES:
            whose = f"{self.review_title}'s own scale" if self.review else "the council's scale"
            return [
                f"With the file's grades {whose} would have {len(self.grades)} grades; it may have "
                f"{MOST_GRADES}. Make some of the file's words one of the scale's grades."
            ]
        problems = scale_problems(self.grades, self.prints, codes_needed=False)
        return [f"{self.whose} with the file's grades: {problem}" for problem in problems]

    @property
    def whose(self) -> str:
        """The council's grading scale, or Flooding's own grading scale."""
        return f"{self.review_title}'s own grading scale" if self.review else "The council's grading scale"

    @property
    def labels(self) -> list[str]:
        """The grades as the preview shows the scale to be."""
        return [
            f"{grade['code']} ({grade['label']})" if grade["code"] else grade["label"] for grade in self.grades or []
        ]

    def make(self, plan: ImportedPlan, *, by) -> dict:
        """The version, made (where there is one), and the grade each of the
        file's grades became: {grade_key(): ScaleGrade id}."""
        scale = current_scale(review=self.review)
        answers = plan.status_meanings.values()
        if self.grades is None:
            return {
                **{level.id: level.id for level in scale},
                **{grading.status_key(a.word): a.level.id for a in answers},
            }
        reason = f"Imported from {plan.file_name}"
        made = GradingScale.bring_in(
            PROGRESS, self.grades, by=by, prints=self.prints, reason=reason, review=self.review
        )
        by_label = {grade.label.casefold(): grade.id for grade in made.grades.all()}
        levels = {level.id: by_label.get(level.label.casefold()) for level in scale}
        for answer in answers:
            label = answer.level.label if answer.level else answer.word
            levels[grading.status_key(answer.word)] = by_label.get(label.casefold())
        return levels


def _with_new(current: list[dict], new: list[GradeAnswer], key: "GradingKey | None") -> list[dict]:
    """`current` grades with the `new` ones, each after the last grade of
    the same role or a better one: the scale's order, best first."""
    grades = list(current)
    for answer in new:
        grade = _grade(answer, key)
        at = max((n + 1 for n, g in enumerate(grades) if _order(g) <= _order(grade)), default=0)
        grades.insert(at, grade)
    return grades


def _grade(answer: GradeAnswer, key: GradingKey | None) -> dict:
    """A word of the file as a grade of its own, as GradingScale.make takes
    it, with what the file's grading key says it means."""
    description = key.descriptions.get(grading.status_key(answer.word), "") if key else ""
    return {
        **ScaleGrade.DEFAULTS,
        "label": answer.word,
        "role": answer.role,
        "colour": answer.colour,
        "description": description[:300],
        # As the administrator's presets have them: a grade that draws the
        # committee's attention needs saying why; off track, a new date.
        "needs_explanation": answer.role in (Role.AT_RISK, Role.OFF_TRACK, Role.NOT_ACHIEVED),
        "proposes_new_target": answer.role == Role.OFF_TRACK,
    }


def _of_role(grades: list[dict], role: str) -> list[dict]:
    return [grade for grade in grades if grade["role"] == role]


def _order(grade: dict) -> int:
    return ROLE_ORDER.index(grade["role"]) if grade["role"] in ROLE_ORDER else len(ROLE_ORDER)
