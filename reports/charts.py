"""The charts' plain data, which the templates draw as SVG: bars, a round's
grade mix in the grades' colours (the committee dashboards, the Progress
Update's summary, the annual report), and stacked bars with their legend
(the partnership and the standards dashboards)."""

from dataclasses import dataclass, field
from functools import cached_property

from actionplans.models.council import COLOURS, NO_GRADE_COLOUR

# Bar colours with at least 3:1 contrast against white (WCAG 1.4.11): each
# grade's colour on the council's scale (models/council.py COLOURS); the
# stylesheet's .app-swatch--green … --grey repeat them.
NO_UPDATE_WORDS = "No update"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str
    x: float = 0.0
    width: float = 0.0
    key: str = ""  # a colour's name ("green"): names the swatch in the stylesheet
    grade: str = ""  # the grade's key in a filter's address (GradeGroup.key); "" for no update


@dataclass(frozen=True)
class GradeWords:
    """How a chart names and colours one grade (a council.GradeGroup: the
    grades given that print alike), or no update (no grades)."""

    levels: tuple[int, ...]  # the ids of the grades it counts; none: no update
    label: str  # "1 Fully Achieved": its code and label
    colour: str  # a key of COLOURS
    words: str = ""  # "Fully Achieved": the label alone
    key: str = ""  # GradeGroup.key

    @property
    def hex(self) -> str:
        return COLOURS[self.colour][1] if self.colour in COLOURS else NO_GRADE_COLOUR

    def count(self, counts: dict) -> int:
        """Of `counts` (by grade id; None: no update), this bar's."""
        if not self.levels:
            return counts.get(None, 0)
        return sum(counts.get(level, 0) for level in self.levels)


def grade_words(groups) -> list[GradeWords]:
    """The bars a grade mix draws: one per grade of `groups` (Scales.groups:
    the council's grades, and those given under earlier versions of its
    scale), each in its own words and colour, then "No update": grey, or
    where a grade of the chart is grey (a council's Not started), the first
    colour none of them has."""
    words = [GradeWords(group.levels, group.label, group.colour, group.words, group.key) for group in groups]
    used = {word.colour for word in words}
    colour = "grey" if "grey" not in used else next((c for c in COLOURS if c not in used), "grey")
    return [*words, GradeWords((), NO_UPDATE_WORDS, colour, NO_UPDATE_WORDS)]


@dataclass
class GradeMix:
    """How many actions a round gave each grade, and how many had no update."""

    round_label: str
    counts: dict  # a grade as given (its id), or None for no update -> count
    groups: list = field(default_factory=list)  # the grades drawn (Scales.groups)

    @cached_property
    def words(self) -> list[GradeWords]:
        return grade_words(self.groups)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @cached_property  # the page reads it several times
    def rows(self) -> list[Bar]:
        """One bar per grade, scaled to the largest, for the bar chart."""
        counts = [word.count(self.counts) for word in self.words]
        largest = max(counts, default=0) or 1
        return [
            Bar(
                label=word.label,
                count=count,
                colour=word.hex,
                width=round(100 * count / largest, 1),
                key=word.colour if word.levels else "none",
                grade=word.key,
            )
            for word, count in zip(self.words, counts, strict=True)
        ]

    @cached_property
    def segments(self) -> list[Bar]:
        """The same counts as parts of one stacked bar (percent of the whole)."""
        total, x, parts = self.total or 1, 0.0, []
        for bar in self.rows:
            width = round(100 * bar.count / total, 2)
            parts.append(Bar(bar.label, bar.count, bar.colour, x, width, bar.key, bar.grade))
            x += width
        return parts

    @cached_property
    def description(self) -> str:
        """The chart's numbers in words, for its text alternative."""
        return ", ".join(f"{bar.count} {bar.label}" for bar in self.rows)

    @property
    def by_label(self) -> dict[str, int]:
        """Each bar's count by its label, those of none left out."""
        return {bar.label: bar.count for bar in self.rows if bar.count}


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
