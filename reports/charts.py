"""The charts' plain data, which the templates draw as SVG: bars, a round's
grade mix in the grades' colours (the committee dashboards, the Progress
Update's summary, the annual report), and stacked bars with their legend
(the partnership and the standards dashboards)."""

from dataclasses import dataclass
from functools import cached_property

from actionplans.grading import Grade
from actionplans.models.council import COLOURS, FIRST_SCALES, MEANING_WORDS, NO_GRADE_COLOUR

# Bar colours with at least 3:1 contrast against white (WCAG 1.4.11): each
# grade's colour on the council's scale (models/council.py COLOURS); the
# stylesheet's .app-swatch--green … --grey repeat them.
NO_UPDATE_WORDS = "No update"
# A meaning that no grade of the council's scale has and that no grade
# counted names (a grade saved without its own, before scales were
# settings): the colour the first scale gave it.
MEANING_COLOURS = {grade["meaning"]: grade["colour"] for grade in FIRST_SCALES["progress"]}


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str
    x: float = 0.0
    width: float = 0.0
    key: str = ""  # a colour's name ("green"): names the swatch in the stylesheet


@dataclass(frozen=True)
class GradeWords:
    """How a chart names and colours a meaning (a Grade value, or None for
    no update): the council's grade for it."""

    rank: int | None
    label: str  # "1 Fully Achieved": its code and label
    colour: str  # a key of COLOURS
    words: str = ""  # "Fully Achieved": the label alone

    @property
    def hex(self) -> str:
        return _hex(self.colour, self.rank)


def grade_words(scale=None, counted=()) -> list[GradeWords]:
    """The bars a grade mix draws, best first, then "No update": one per
    meaning the council's `scale` (a council.Scale, or its grades; with the
    grades given that mean what it has no grade for: Scale.with_given()) has
    a grade for, in that grade's words and colour (grades sharing a meaning
    share its bar, each named), and one for each meaning of `counted` (the
    meanings with a count) that it has none for, in what that means."""
    by_meaning: dict[int, list] = {}
    for level in scale or ():
        if level.rank:
            by_meaning.setdefault(level.rank, []).append(level)
    if not by_meaning and not scale:  # no scale: what the grades mean
        return [
            *(GradeWords(grade.value, grade.label, "grey", grade.label) for grade in Grade),
            GradeWords(None, NO_UPDATE_WORDS, "grey", NO_UPDATE_WORDS),
        ]
    for meaning in counted:
        if meaning:
            by_meaning.setdefault(meaning, [])
    words = [_named(meaning, levels) for meaning, levels in sorted(by_meaning.items())]
    return [*words, GradeWords(None, NO_UPDATE_WORDS, "grey", NO_UPDATE_WORDS)]


def _named(meaning: int, levels) -> GradeWords:
    """A meaning's bar, named by its grades ("1 Fully Achieved"; two of
    them "A Amber / P Paused"), in the first one's colour."""
    if not levels:
        words = MEANING_WORDS.get(meaning, str(meaning))
        return GradeWords(meaning, words, MEANING_COLOURS.get(meaning, "grey"), words)
    label = " / ".join(f"{level.code} {level.label}".strip() for level in levels)
    return GradeWords(meaning, label, levels[0].colour, " / ".join(level.label for level in levels))


def _hex(colour: str, rank) -> str:
    return COLOURS[colour][1] if rank is not None and colour in COLOURS else NO_GRADE_COLOUR


@dataclass
class GradeMix:
    """How many actions a round gave each grade, and how many had no update."""

    round_label: str
    counts: dict  # what the grade means (a Grade value, or None) -> count
    # The council's scale (council.Scale), or its grades; with the grades
    # given that mean what it has no grade for (Scale.with_given()).
    scale: object = None

    @cached_property
    def words(self) -> list[GradeWords]:
        return grade_words(self.scale, [rank for rank, n in self.counts.items() if n])

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @cached_property  # the page reads it several times
    def rows(self) -> list[Bar]:
        """One bar per grade, scaled to the largest, for the bar chart."""
        largest = max(self.counts.values(), default=0) or 1
        return [
            Bar(
                label=word.label,
                count=self.counts.get(word.rank, 0),
                colour=_hex(word.colour, word.rank),
                width=round(100 * self.counts.get(word.rank, 0) / largest, 1),
                key=word.colour if word.rank is not None else "none",
            )
            for word in self.words
        ]

    @cached_property
    def segments(self) -> list[Bar]:
        """The same counts as parts of one stacked bar (percent of the whole)."""
        total, x, parts = self.total or 1, 0.0, []
        for word in self.words:
            count = self.counts.get(word.rank, 0)
            width = round(100 * count / total, 2)
            parts.append(Bar(word.label, count, _hex(word.colour, word.rank), x, width))
            x += width
        return parts

    @cached_property
    def description(self) -> str:
        """The chart's numbers in words, for its text alternative."""
        return ", ".join(f"{bar.count} {bar.label}" for bar in self.rows)


@dataclass(frozen=True)
class LegendItem:
    label: str
    count: int
    key: str
    x: int
    y: int  # the text's baseline

    @property
    def text_x(self) -> int:
        return self.x + StackedChart.SWATCH + 6


@dataclass(frozen=True)
class DrawnRow:
    label: str
    total: int
    y: int
    segments: tuple[Bar, ...]  # the parts of the stacked bar that are not empty
    legend: tuple[LegendItem, ...]


@dataclass(frozen=True)
class StackedChart:
    """Stacked bars for reports/includes/rag_chart.html, one per row (a
    theme, a quarter, a standard, an assessment), scaled to the longest:
    each row its label above its bar, and under it every part's word and
    number beside a swatch of its pattern. 400 units wide, as the annual
    report's charts are, so that its words read at 14px or more on a 375px
    screen. Each kind of chart says its parts' colours and patterns
    (`patterns`): RagChart (reports/partnership/dashboard.py), RatingChart
    (reports/standards/dashboard.py)."""

    rows: tuple  # of mixes: a label, a heading, a total and bars each (RagMix, RatingMix)

    NOUN = "action"  # what a row counts, as its label says it ("12 actions")
    WIDTH = 400
    FONT = 17
    BAR_Y, BAR_HEIGHT = 26, 24
    SWATCH = 14
    # The legend: three to a line, two lines.
    COLUMNS, COLUMN = 3, 134
    LINES = (72, 96)
    ROW = 116

    @property
    def height(self) -> int:
        return self.ROW * len(self.rows)

    @property
    def patterns(self) -> list[tuple[str, str, str]]:
        """(key, colour, the SVG path of its pattern) for each part."""
        raise NotImplementedError

    @property
    def drawn(self) -> list[DrawnRow]:
        longest = max((mix.total for mix in self.rows), default=0) or 1
        drawn = []
        for n, mix in enumerate(self.rows):
            segments, x = [], 0.0
            for bar in mix.bars:
                width = round(self.WIDTH * bar.count / longest, 1)
                if bar.count:
                    segments.append(Bar(bar.label, bar.count, bar.colour, x=round(x, 1), width=width, key=bar.key))
                x += width
            legend = tuple(
                LegendItem(
                    bar.label,
                    bar.count,
                    bar.key,
                    x=(i % self.COLUMNS) * self.COLUMN,
                    y=self.LINES[i // self.COLUMNS],
                )
                for i, bar in enumerate(mix.bars)
            )
            drawn.append(DrawnRow(mix.label, mix.total, n * self.ROW, tuple(segments), legend))
        return drawn

    @property
    def description(self) -> str:
        return ". ".join(mix.description for mix in self.rows)
