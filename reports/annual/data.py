"""The scrutiny annual report: for one municipal year (actionplans/municipal.py)
and per Select Committee, with a total for the council, what scrutiny did
and what came of it:

- reviews completed (the committee agreed the final report in the year) and
  the recommendations they made;
- the executive's responses to those recommendations, as at the year end:
  Accepted, Partially accepted (with Accepted in principle, where the council
  allows it: grading.HAS_ACCEPTED_PART, the responses whose plan follows only
  the part accepted), Rejected, and outstanding (none published, or none
  dated by the year end); the days from the report reaching the executive to
  its response (ResponseClock), against the response period;
- the committee's published decisions at meetings in the year: actions
  signed off and closed not achieved; actions still open at the year end
  (or today, while the year runs): the actions of every plan agreed by then
  that no published decision at a meeting by then signed off or closed
  (as the rounds' stored standing has them), and of those, the ones awaiting the
  committee's decision on the officer's proposal to sign them off;
- the grades each review's latest progress update in the year received,
  and the share On-Track or Fully Achieved;
- revised target dates granted (accepted revisions first printed by a
  progress update dated in the year);
- updates submitted after their round's deadline (a deadline in the year),
  and how late, from each update's first submission in its history: of
  the updates received (approved), as the paper prints them.

Every figure is counted from the domain's own dates inside the year, so a
past year's figures stay as they were when later rounds are added. Only
published material is counted (published rounds, published decisions,
published responses): every reader sees the same report.

The report is these plain frozen dataclasses, which `build_annual_report()`
(builder.py) gathers in a fixed number of queries, counted in the database;
the renderers beside them never touch it.
"""

import dataclasses
import datetime
import statistics
from dataclasses import dataclass, field
from typing import NamedTuple

from actionplans.grading import NO_UPDATE_RECEIVED, PROPOSED_FOR_SIGN_OFF, Decision
from actionplans.models import day_label
from actionplans.models.outcomes import figure_words
from reports.achieved.ledger import IMPACT_MEASURES, MEASURES, OUTCOME_MEASURES, rows_link
from reports.charts import Bar, grade_words


def on_track_words(groups) -> str:
    """'On-Track or Fully Achieved': the grades counted (Scales.groups)
    on track or achieved (council.ON_TRACK_OR_ACHIEVED), each as named."""
    labels = [group.words for group in reversed(tuple(groups or ())) if group.level.on_track_or_achieved]
    return " or ".join(labels) or "On track or achieved"


# Of the actions still open, those graded achieved at their latest
# progress update on which the committee has not yet decided: the
# dashboard's "Awaiting the committee's decision", proposed for sign-off.
AWAITING_WORDS = f"Of those, {PROPOSED_FOR_SIGN_OFF.lower()} and awaiting the committee's decision"
# An officer's update imported or entered as received: never submitted online.
WITHOUT_SUBMISSION_WORDS = "Recorded without an online submission"


def all_committees(committees_name: str) -> str:
    """The council's total, as its section is headed: 'All Select Committees'."""
    return f"All {committees_name}"


def days_words(days: float | None) -> str:
    """'1 day', '42 days', '12.5 days'; '–' for none."""
    if days is None:
        return "–"
    number = f"{days:g}" if isinstance(days, float) else str(days)
    return f"{number} day{'' if days == 1 else 's'}"


def median_of(counts) -> float | int | None:
    """The median of values given as (value, how many) pairs; None for none."""
    values = sorted(value for value, n in counts for _ in range(n))
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if middle == int(middle) else middle


@dataclass(frozen=True)
class Chart:
    """Bars for reports/includes/figure_chart.html: the numbers are also in
    its text alternative (description) and in the table beside it. Each
    bar's label sits above it, so that the chart stays narrow: 400 units
    wide, its 17-unit labels read at 14px or more on a 375px screen and
    smaller than the table's text in the PDF."""

    bars: tuple[Bar, ...]

    WIDTH = 400
    ROW = 52  # a label, the bar under it, a gap
    BAR = 330  # the longest bar, leaving room for its count after it
    FONT = 17

    @property
    def height(self) -> int:
        return self.ROW * len(self.bars)

    @property
    def rows(self) -> list[Bar]:
        largest = max((bar.count for bar in self.bars), default=0) or 1
        return [
            Bar(
                bar.label,
                bar.count,
                bar.colour,
                width=round(self.BAR * bar.count / largest, 1),
                key=bar.key,
            )
            for bar in self.bars
        ]

    @property
    def description(self) -> str:
        return ", ".join(f"{bar.count} {bar.label}" for bar in self.bars)

    @property
    def is_empty(self) -> bool:
        return not any(bar.count for bar in self.bars)


# Charts of counts (responses, decisions) are in one neutral colour, no key
# needed: the grades' colours mean grades everywhere else (blue On-Track,
# red Not Achieved), so only bars that are grades wear them.
COUNT_COLOUR = "#4c2c92"


def _count(label: str, count: int) -> Bar:
    return Bar(label, count, COUNT_COLOUR, key="count")


def _grade(label: str, count: int, colour: str, key: str) -> Bar:
    """A grade's bar in its own colour, as given."""
    return Bar(label, count, colour, key=key or "none")


@dataclass(frozen=True)
class ReviewLine:
    """One review's line in its committee's section: what scrutiny did in it
    in the year, and what came of it."""

    title: str
    completed: bool  # its final report agreed in the year
    slug: str = ""
    recommendations: int = 0
    accepted: int = 0
    partially: int = 0
    rejected: int = 0
    outstanding: int = 0
    signed_off: int = 0
    closed: int = 0
    still_open: int = 0
    carried: int = 0  # at its latest progress update in the year
    on_track: int = 0
    implemented: int = 0  # recommendations finished in the year, their outcome implemented
    impacts: int = 0  # evidenced impacts of recommendations finished in the year

    def response_words(self, partially_words: str) -> str:
        """'3 accepted, 1 rejected'; '–' when the review was completed in an
        earlier year (its responses are that year's)."""
        if not self.completed:
            return "–"
        parts = [
            f"{n} {words}"
            for n, words in (
                (self.accepted, "accepted"),
                (self.partially, partially_words.lower()),
                (self.rejected, "rejected"),
                (self.outstanding, "awaiting a response"),
            )
            if n
        ]
        return ", ".join(parts) or "–"

    @property
    def on_track_share(self) -> int | None:
        return round(100 * self.on_track / self.carried) if self.carried else None


@dataclass(frozen=True)
class ReviewTable:
    """The reviews' lines as a table: its column headings, and per review
    its title and its figures (the number, for the spreadsheet, and as
    printed)."""

    heading: str
    columns: tuple[str, ...]  # after the review's title
    rows: tuple[tuple[str, tuple["Figure", ...]], ...]


@dataclass(frozen=True)
class Section:
    """The figures of one Select Committee, or of the whole council."""

    name: str
    slug: str  # "" for the council's total
    reviews: tuple[str, ...] = ()  # titles of the reviews completed
    recommendations: int = 0
    accepted: int = 0
    partially: int = 0  # Partially accepted (and Accepted in principle)
    rejected: int = 0
    outstanding: int = 0
    # (days from the report reaching the executive to its response, how
    # many reviews), for the reviews whose executive responded by the year end
    response_days: tuple[tuple[int, int], ...] = ()
    responses_late: int = 0  # of those, how many after the response was due
    signed_off: int = 0
    closed: int = 0
    still_open: int = 0  # at the year end (or today): not signed off or closed
    awaiting: int = 0  # of those, proposed for sign-off, awaiting the committee's decision
    carried: int = 0  # by each review's latest round in the year
    on_track: int = 0  # of those, graded On-Track or Fully Achieved
    grades: tuple[tuple[int, int], ...] = ()  # of those, (a grade as given's id, how many) pairs
    rounds: tuple[str, ...] = ()  # those rounds: "Hate Crime, March 2020"
    revised: int = 0
    submitted_on_time: int = 0
    late_days: tuple[tuple[int, int], ...] = ()  # (days late, how many updates)
    without_submission: int = 0  # recorded without an online submission
    lines: tuple[ReviewLine, ...] = ()  # each review counted in the year (a committee's section)
    # What scrutiny achieved (reports/achieved/ledger.py): (a measure's key,
    # its count) pairs; (months a recommendation took to complete, how
    # many); (unit, period, the impacts' figures summed, how many impacts).
    achieved: tuple[tuple[str, int], ...] = ()
    months_taken: tuple[tuple[int, int], ...] = ()
    unit_figures: tuple[tuple, ...] = ()
    groups: tuple = ()  # the grades counted, each as given (Scales.groups): their words and colours

    @property
    def reviews_completed(self) -> int:
        return len(self.reviews)

    @property
    def responses(self) -> int:
        return self.accepted + self.partially + self.rejected

    @property
    def reviews_responded(self) -> int:
        return sum(n for _, n in self.response_days)

    @property
    def responses_on_time(self) -> int:
        return self.reviews_responded - self.responses_late

    @property
    def median_response_days(self):
        return median_of(self.response_days)

    @property
    def updates_late(self) -> int:
        return sum(n for _, n in self.late_days)

    @property
    def median_days_late(self):
        return median_of(self.late_days)

    @property
    def longest_days_late(self) -> int | None:
        return max((days for days, _ in self.late_days), default=None)

    @property
    def on_track_share(self) -> int | None:
        """The percentage On-Track or Fully Achieved, rounded; None when the
        year had no round."""
        return round(100 * self.on_track / self.carried) if self.carried else None

    def achieved_count(self, key: str) -> int:
        return dict(self.achieved).get(key, 0)

    @property
    def median_months(self):
        return median_of(self.months_taken)

    @property
    def impact_chart(self) -> Chart:
        return Chart(
            tuple(_count(kind.label, self.achieved_count(measure.key)) for kind, measure in IMPACT_MEASURES.items())
        )

    @property
    def has_figures(self) -> bool:
        return any(
            (
                self.reviews,
                self.achieved,
                self.recommendations,
                self.awaiting,
                self.carried,
                self.signed_off,
                self.closed,
                self.still_open,
                self.revised,
                self.submitted_on_time,
                self.late_days,
                self.without_submission,
            )
        )

    def response_chart(self, partially_words: str) -> Chart:
        return Chart(
            (
                _count("Accepted", self.accepted),
                _count(partially_words, self.partially),
                _count("Rejected", self.rejected),
                _count("Awaiting a response", self.outstanding),
            )
        )

    @property
    def action_chart(self) -> Chart:
        return Chart(
            (
                _count(Decision.SIGNED_OFF.label, self.signed_off),
                _count(Decision.CLOSED.label, self.closed),
                _count("Still open", self.still_open),
            )
        )

    @property
    def no_update(self) -> int:
        return self.carried - sum(n for _, n in self.grades)

    def _grade_bars(self):
        """(words, count, colour, key) of each grade counted, as given: the
        council's grades, then those given under earlier versions of its
        scale (groups)."""
        counts = dict(self.grades)
        for word in grade_words(self.groups):
            if word.levels:
                yield word, word.count(counts), word.hex, word.colour

    @property
    def grade_chart(self) -> Chart:
        return Chart(
            (
                *(_grade(word.words, n, colour, key) for word, n, colour, key in self._grade_bars()),
                _grade(NO_UPDATE_RECEIVED, self.no_update, "#505a5f", ""),
            )
        )


@dataclass(frozen=True)
class Figure:
    """One line of a table of figures: the number (for the spreadsheet), and
    how it is printed when more than the number ("42 days", "88%")."""

    label: str
    value: int | float | None
    words: str = ""
    percent: bool = False  # value a fraction (0.88), printed "88%"
    link: str = ""  # the page listing the rows behind it (the page's figures link there)

    @property
    def shown(self) -> str:
        if self.words:
            return self.words
        return "–" if self.value is None else f"{self.value:,}"


@dataclass(frozen=True)
class FigureTable:
    """A heading, its figures and the chart drawn from them (None: no chart)."""

    key: str  # names the table in the page's ids: "responses"
    heading: str
    figures: tuple[Figure, ...]
    chart: Chart | None = None
    note: str = ""
    empty: str = ""  # the one sentence printed instead when every figure is nought
    # The figures say no more than `empty`, though not all nought: it is
    # printed instead of them too ("All 16 updates were recorded without …").
    says_it_all: bool = False

    @property
    def is_empty(self) -> bool:
        """Printed as its one sentence, `empty`, not as a table (the
        spreadsheet keeps the figures, the sentence beside them)."""
        return bool(self.empty) and (self.says_it_all or not any(figure.value for figure in self.figures))


class PrintedSection(NamedTuple):
    """A section as every format prints it: its reviews' lines (None: none,
    or the council's total), then its tables of figures; when the section
    has nothing at all, the one line `nothing` instead."""

    section: "Section"
    reviews: ReviewTable | None
    tables: tuple[FigureTable, ...]
    nothing: str = ""


def figure_tables(section: Section, report: "AnnualReport") -> tuple[FigureTable, ...]:
    """What every format prints for one section, in order: the page, the
    PDF, Word and Excel all lay out these tables. A chart of nothing but
    noughts is left out: its table says it."""
    tables = _figure_tables(section, report)
    return tuple(
        dataclasses.replace(table, chart=None) if table.chart and (table.chart.is_empty or table.is_empty) else table
        for table in tables
    )


def review_table(section: Section, report: "AnnualReport") -> ReviewTable | None:
    """Each review's line: what scrutiny did in it in the year."""
    if not section.lines:
        return None
    columns = (
        "Recommendations made",
        "The executive's response",
        Decision.SIGNED_OFF.label,
        Decision.CLOSED.label,
        "Still open",
        f"Share {on_track_words(report.groups)}",
        "Recommendations implemented",
        "Impacts evidenced",
    )
    rows = []
    for line in section.lines:
        share = line.on_track_share
        figures = (
            Figure(columns[0], line.recommendations if line.completed else None),
            Figure(columns[1], None, line.response_words(report.partially_words)),
            Figure(columns[2], line.signed_off),
            Figure(columns[3], line.closed),
            Figure(columns[4], line.still_open),
            Figure(
                columns[5],
                None if share is None else line.on_track / line.carried,
                "–" if share is None else f"{share}%",
                percent=True,
            ),
            Figure(columns[6], line.implemented, link=report.rows_link("implemented", section.slug, line.slug)),
            Figure(columns[7], line.impacts, link=report.rows_link("impacts", section.slug, line.slug)),
        )
        rows.append((line.title, figures))
    return ReviewTable("Review by review", columns, tuple(rows))


def _figure_tables(section: Section, report: "AnnualReport") -> tuple[FigureTable, ...]:
    """A section's tables of figures, in the order the report prints them."""
    return (
        _reviews_table(section, report),
        achieved_table(section, report),
        _responses_table(section, report),
        _actions_table(section, report),
        _on_track_table(section, report),
        FigureTable(
            "revised",
            "Revised target dates",
            (Figure("Revised target dates granted", section.revised),),
            empty=f"No revised target date was granted in {report.label}.",
        ),
        _late_table(section, report),
    )


def _reviews_table(section: Section, report: "AnnualReport") -> FigureTable:
    """The reviews completed in the year and the recommendations they made."""
    return FigureTable(
        "reviews",
        "Reviews and recommendations",
        (
            Figure("Reviews completed", section.reviews_completed),
            Figure("Recommendations made", section.recommendations),
        ),
        note="Reviews completed: " + "; ".join(section.reviews) + "." if section.reviews else "",
        empty=f"No review was completed in {report.label}.",
    )


def achieved_table(section: Section, report: "AnnualReport") -> FigureTable:
    """What scrutiny achieved: the ledger's measures (reports/achieved),
    each linking to its rows, the months taken, and the impacts' figures
    summed by unit; the impacts by kind as a chart."""
    months = section.median_months

    def counted(key: str, label: str = "") -> Figure:
        return Figure(
            label or MEASURES[key].label, section.achieved_count(key), link=report.rows_link(key, section.slug)
        )

    return FigureTable(
        "achieved",
        "What scrutiny achieved",
        (
            *(counted(key) for key in ("made", "accepted", "completed")),
            *(counted(measure.key) for measure in OUTCOME_MEASURES if section.achieved_count(measure.key)),
            counted("closed-by-target"),
            *(
                counted(key)
                for key in ("held", "partly-held", "reverted")
                if key == "held" or section.achieved_count(key)
            ),
            Figure(
                "Median months to complete",
                months,
                "–" if months is None else f"{months:g} month{'' if months == 1 else 's'}",
                link=report.rows_link("completed", section.slug),
            ),
            counted("open-three-years"),
            counted("priority"),
            *(counted(measure.key) for measure in IMPACT_MEASURES.values() if section.achieved_count(measure.key)),
            *(
                Figure(
                    f"Their figures in {f'{unit} {period}'.strip()}, summed ({n} impact{'' if n == 1 else 's'})",
                    float(total),
                    figure_words(total, "£" if unit == "£" else "", ""),
                    link=report.rows_link("figure", section.slug, unit=unit, period=period),
                )
                for unit, period, total, n in section.unit_figures
            ),
        ),
        chart=None if section.impact_chart.is_empty else section.impact_chart,
        note="Made: by reviews whose final report was agreed in the year. Completed, its outcome and its impacts: "
        "recommendations the committee finished with in the year (its last action signed off or closed, or the "
        "executive's rejection); an outcome or a kind of impact none had is left out. Re-checked: the owners' answer, "
        "to whether it still holds, recorded in the year. An impact is evidenced "
        "when it has a link to its evidence, a figure, or the officer's update that reported it. Open and "
        f"priority: {report.as_at_words}.",
        empty=f"No recommendation was made, completed or still open in {report.label}.",
    )


def _responses_table(section: Section, report: "AnnualReport") -> FigureTable:
    """The executive's responses to those recommendations, and how long
    the executive took."""
    return FigureTable(
        "responses",
        "The executive's responses",
        (
            Figure("Recommendations accepted", section.accepted),
            Figure(f"Recommendations {report.partially_words.lower()}", section.partially),
            Figure("Recommendations rejected", section.rejected),
            Figure("Recommendations awaiting a response", section.outstanding),
            Figure("Reviews responded to", section.reviews_responded),
            Figure(f"Reviews responded to within {report.response_period}", section.responses_on_time),
            Figure("Reviews responded to late", section.responses_late),
            Figure(
                "Median days for a review's response",
                section.median_response_days,
                days_words(section.median_response_days),
            ),
        ),
        chart=section.response_chart(report.partially_words),
        note=f"The recommendations of the reviews completed in the year, by the executive's response dated "
        f"{report.as_at_words}; the executive must respond to a review within {report.response_period} of "
        "receiving its report.",
        empty=f"No executive response was due: no review was completed in {report.label}.",
    )


def _actions_table(section: Section, report: "AnnualReport") -> FigureTable:
    """The committee's decisions on actions in the year, and those still open."""
    return FigureTable(
        "actions",
        "The committees' decisions on actions" if not section.slug else "The committee's decisions on actions",
        (
            Figure(Decision.SIGNED_OFF.label, section.signed_off),
            Figure(Decision.CLOSED.label, section.closed),
            Figure("Still open", section.still_open),
            Figure(AWAITING_WORDS, section.awaiting),
        ),
        chart=section.action_chart,
        note=f"Signed off and closed at meetings in the year; still open {report.as_at_words}.",
        empty=f"No action was signed off, closed or still open in {report.label}.",
    )


def _on_track_table(section: Section, report: "AnnualReport") -> FigureTable:
    """The grades at each review's latest progress update in the year."""
    share = section.on_track_share
    return FigureTable(
        "on-track",
        "At each review's latest progress update",
        (
            Figure("Actions in the latest progress update", section.carried),
            *(Figure(word.words, n) for word, n, _, _ in section._grade_bars()),
            Figure(NO_UPDATE_RECEIVED, section.no_update),
            Figure(
                f"Share {on_track_words(report.groups)}",
                None if share is None else section.on_track / section.carried,
                "–" if share is None else f"{share}%",
                percent=True,
            ),
        ),
        chart=section.grade_chart if section.carried else None,
        note=("Each review's latest progress update in the year: " + "; ".join(section.rounds) + ".")
        if section.rounds
        else "No progress update in the year.",
        empty=f"No progress update was received in {report.label}.",
    )


def _late_table(section: Section, report: "AnnualReport") -> FigureTable:
    """The officers' updates due in the year, against their deadlines."""
    untimed = untimed_words(section)
    return FigureTable(
        "late",
        "Officers' updates and their deadlines",
        (
            Figure("Submitted by the deadline", section.submitted_on_time),
            Figure("Submitted late", section.updates_late),
            Figure(WITHOUT_SUBMISSION_WORDS, section.without_submission),
            Figure("Median days late", section.median_days_late, days_words(section.median_days_late)),
            Figure("Longest days late", section.longest_days_late, days_words(section.longest_days_late)),
        ),
        note="Each officer's update to a progress update whose deadline fell in the year. One recorded "
        "without an online submission (imported, or entered as received) is neither on time nor late."
        if section.without_submission
        else "",
        empty=untimed or f"No officer's update was due in {report.label}.",
        says_it_all=bool(untimed),
    )


def untimed_words(section: Section) -> str:
    """When every update received was recorded without an online submission,
    the one sentence that says it (a table of 0, 0, 16, –, – would not);
    else ""."""
    n = section.without_submission
    if not n or section.submitted_on_time or section.updates_late:
        return ""
    if n == 1:
        return "The one update was recorded without an online submission, so it cannot be timed against the deadline."
    return f"All {n} updates were recorded without an online submission, so none can be timed against the deadline."


@dataclass(frozen=True)
class AnnualReport:
    year: int
    label: str  # "2019/20"
    span: str  # "1 May 2019 to 30 April 2020"
    start: datetime.date
    end: datetime.date
    council: str
    committees_name: str  # "Select Committees", as the council calls them
    response_period: str  # "2 months"
    partially_words: str  # "Partially accepted", or "… or accepted in principle"
    committees: tuple[Section, ...]
    total: Section
    one_committee: bool = False  # restricted to one committee: no council total
    groups: tuple = ()  # the grades counted, each as given (Scales.groups)
    committee_word: str = "Committee"  # "Select Committee": a column's heading
    notes: tuple[str, ...] = field(default_factory=tuple)
    as_at: datetime.date | None = None  # today, while the year has not ended

    def rows_link(self, key: str, committee: str = "", review: str = "", **more) -> str:
        """The address of the rows behind one of the year's figures."""
        return rows_link(self.year, key, committee=committee, review=review, **more)

    @property
    def ended(self) -> bool:
        return self.as_at is None or self.as_at >= self.end

    @property
    def title(self) -> str:
        """'Scrutiny annual report 2019/20', as the links to it say."""
        return f"Scrutiny annual report {self.label}"

    @property
    def heading(self) -> str:
        """The title, naming the committee when the report is of one."""
        return f"{self.title}: {self.committees[0].name}" if self.one_committee else self.title

    @property
    def as_at_words(self) -> str:
        """'at 30 April 2020': the year end the figures are as at; 'so far
        (as at 21 November 2026)' while the year runs."""
        if self.ended:
            return f"at {day_label(self.end)}"
        return f"so far (as at {day_label(self.as_at)})"

    @property
    def printed(self) -> list[PrintedSection]:
        """Each section printed with its reviews' lines and its tables, in
        order (every format); a section with nothing to report in one line."""
        return [
            PrintedSection(section, review_table(section, self), figure_tables(section, self))
            if section.has_figures
            else PrintedSection(section, None, (), self.nothing_words)
            for section in self.sections
        ]

    @property
    def every_table(self) -> list[tuple[Section, tuple[FigureTable, ...]]]:
        """Every section's tables, noughts and all: the spreadsheet's rows."""
        return [(section, figure_tables(section, self)) for section in self.sections]

    @property
    def nothing_words(self) -> str:
        return f"No scrutiny reviews reported, and no progress updates received, in {self.label}."

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The lines under the title; the committees, unless the title names
        the one the report is of (its section's heading names it again)."""
        facts = [("Council:", self.council), ("Municipal year:", self.span)]
        if not self.one_committee:
            committees = ", ".join(section.name for section in self.committees) or "None"
            facts.append((f"{self.committees_name}:", committees))
        return facts

    @property
    def how_counted(self) -> tuple[str, ...]:
        """How the figures are counted, in the report's own words."""
        return (
            f"Every figure is counted by the date something happened in the municipal year ({self.span}): "
            "a report agreed, a response, a meeting, a deadline. Only what the clerk has published is counted, "
            "whenever it was published, so a year's figures can grow when something from it is published "
            "later; a later progress update does not change them.",
            "Reviews completed are those whose final report the committee agreed in the year; "
            "the recommendations made are theirs.",
            "An executive response is counted by the date the executive responded (on or before the year end), "
            f"once the clerk has published the responses. {self.partially_words} counts the responses whose "
            "action plan follows only the part accepted; a recommendation without a published response dated "
            "by the year end is awaiting a response. The days to respond run from the day the executive "
            "received the report to its response to the last recommendation.",
            "Signed off and closed (not achieved) are the committee's published decisions at its meetings "
            "in the year. Still open are the actions of every action plan agreed by the year end that the "
            "committee had not signed off or closed at a meeting by then, whether or not a progress update "
            "fell in the year. Of those, proposed for sign-off and awaiting the committee's decision are the "
            f"actions graded {self.achieved_words} at their "
            "review's latest progress update on which the committee's decision is not yet published.",
            f"{on_track_words(self.groups)}: of the actions in each review's latest progress update in the year, "
            "those whose officer's update, as the committee received it, was graded "
            f"{on_track_words(self.groups)}.",
            "Revised target dates granted are the new target dates accepted for slipped actions that first "
            "appeared in a progress update dated in the year.",
            "Officers' updates are those received: approved, as the progress update prints them. One submitted "
            "but returned and never approved reads “No update received” there, and is not counted. An update "
            "is late when it was first submitted after its progress update's deadline (a deadline in the year); "
            "days late are counted from the deadline.",
        )

    @property
    def achieved_words(self) -> str:
        """The grades that propose sign-off, as given: 'Fully Achieved'."""
        return " or ".join(group.words for group in self.groups if group.level.proposes_sign_off) or "achieved"

    @property
    def is_draft(self) -> bool:
        """Made of published material only: never a draft."""
        return False

    @property
    def sections(self) -> tuple[Section, ...]:
        """What the document prints: the council's total first, then each
        committee; one committee alone when restricted to it (or when the
        council has one: its total would say the same again)."""
        if self.one_committee or len(self.committees) == 1:
            return self.committees
        return (self.total, *self.committees)


def annual_filename(document: AnnualReport, fmt: str) -> str:
    """'scrutiny-annual-report-2019-20.pdf', with the committee's name when
    the report is of one committee."""
    label = document.label.replace("/", "-")
    committee = f"-{document.committees[0].slug}" if document.one_committee else ""
    return f"scrutiny-annual-report-{label}{committee}.{fmt}"
