"""An area's self-assessment against a framework of good-practice standards
as the committee appendix, laid out as seed 003 prints it: the appendix's
heading ("Appendix A"), the framework's title, each level's heading and its
text, then for each standard its paragraph ("1. Third Party Reporting: This
standard relates …") and its table: the standard's number, Characteristics
of good practice, Function, Local response, and the rating beside them
(no Rating column where the assessment recorded no rating, as seed 003
prints none); under the response, for anything not fully met, the gap and the actions
that will close it with their latest status.

build_assessment_document gathers it once, in a fixed number of queries
whatever the framework's size, into plain frozen dataclasses; the renderers
beside it (html.py, pdf.py, docx.py, xlsx.py: DOCUMENT_RENDERERS
["self_assessment"]) only print them. Text is plain text (actionplans.richtext): a newline separates
paragraphs, a line starting "- " is a bullet."""

import datetime
import re
from dataclasses import dataclass

from django.utils.text import slugify

from actionplans import richtext
from actionplans.grading import LEAVES_A_GAP, Rating, rating_label, rating_tag_colour
from actionplans.models import GapLink, LocalResponse, day_label, is_illustrative, marked_day
from actionplans.models.assessments import GapAction
from actionplans.models.council import council
from reports.documents import ExportOptions

COLUMNS = ("Characteristics of good practice", "Function", "Local response", "Rating")
# What a row not fully met says when nothing is linked to close its gap yet.
NO_ACTIONS = "none linked yet"


@dataclass(frozen=True)
class LevelSection:
    """'Regional level (defined as the entire North East Government Office
    region):' and what the framework asks at that level."""

    heading: str
    text: str

    @property
    def blocks(self) -> list:
        return richtext.parse(self.text)


@dataclass(frozen=True)
class CharacteristicRow:
    """One characteristic of good practice and the area's response to it."""

    letter: str  # "A", always Latin
    label: str  # "2 D"
    text: str
    function: str
    response: str
    rating: str  # its word: "Partly met"
    rating_key: str  # "partly_met": a class for its colour, always beside the word
    evidence: str
    gap: str
    actions: tuple[GapAction, ...]  # what closes the gap, each with its latest status
    anchor: str = ""

    @property
    def leaves_a_gap(self) -> bool:
        """Partly met or Not met: the row prints its gap and its actions."""
        return self.rating_key in LEAVES_A_GAP

    @property
    def rating_colour(self) -> str:
        """Its GOV.UK tag colour on the web page, beside the word."""
        return rating_tag_colour(self.rating_key)


@dataclass(frozen=True)
class StandardSection:
    number: int
    title: str
    definition: str
    rows: tuple[CharacteristicRow, ...]
    # Whether the assessment rated anything: if not, its appendix is the
    # paper's own four columns, with no Rating column (seed 003).
    rated: bool = True

    @property
    def heading(self) -> str:
        """'1. Third Party Reporting'."""
        return f"{self.number}. {self.title}"

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's header row, as seed 003 heads it with the standard's
        number: ('1', 'Characteristics of good practice', 'Function',
        'Local response', 'Rating'); without 'Rating' where nothing was rated."""
        return (str(self.number), *(COLUMNS if self.rated else COLUMNS[:-1]))

    @property
    def anchor(self) -> str:
        return f"standard-{self.number}"


@dataclass(frozen=True)
class AssessmentDocument:
    council: str
    title: str  # the framework's, as its issuing body prints it
    short_title: str
    framework_slug: str
    issued_by: str
    area: str  # "Stockton-on-Tees Borough Council", or the partnership's name
    area_slug: str  # "" for the council; the partnership's, to tell two areas' files apart
    assessed_on: datetime.date
    assessed_on_label: str  # "1 October 2009" as the paper prints it: "" where the demo invents it
    assessed_on_shown: str  # as a page shows it: "1 October 2009 (illustrative)" where the demo invents it
    levels: tuple[LevelSection, ...]
    standards: tuple[StandardSection, ...]
    is_draft: bool  # the assessment is not published
    agenda_header: str  # the assessment's own ("Item No: 12 Appendix A"): the default running header

    @property
    def subtitle(self) -> str:
        """'Stockton-on-Tees Borough Council's self-assessment, 1 October
        2009', as the paper prints it: without the day where the demo
        invents it, as no paper prints an invented value (seed 003 gives
        none)."""
        day = f", {self.assessed_on_label}" if self.assessed_on_label else ""
        return f"{self.area}’s self-assessment{day}"

    @property
    def shown_subtitle(self) -> str:
        """The subtitle as the appendix's page shows it: the day always,
        marked where the demo invents it."""
        return f"{self.area}’s self-assessment, {self.assessed_on_shown}"

    @property
    def rated(self) -> bool:
        """Whether any characteristic was rated: the appendix prints its
        Rating column only then."""
        return any(standard.rated for standard in self.standards)

    @property
    def row_count(self) -> int:
        return sum(len(standard.rows) for standard in self.standards)


def build_assessment_document(assessment, *, reader) -> AssessmentDocument:
    """`assessment` as its committee appendix, with the actions `reader` may
    see (GapLink.objects.visible_to). Three queries, whatever the
    size (with the framework and partnership already selected, as
    access.get_assessment_to_read selects them): the levels, the
    responses with their characteristics and standards, and the actions
    closing the gaps with their latest status (GapLink.objects.statuses).

    The rows are the assessment's own responses: its record of what it
    assessed. A standard is printed when the assessment has responses to
    it, in the framework's order."""
    framework = assessment.framework
    levels = tuple(LevelSection(level.heading, level.text) for level in framework.levels.order_by("position", "pk"))
    responses = list(
        LocalResponse.objects.filter(assessment=assessment).select_related("characteristic__standard").in_order()
    )
    statuses = GapLink.objects.filter(local_response__assessment=assessment).visible_to(reader).statuses()
    standards: dict[int, tuple] = {}
    for response in responses:
        standard = response.characteristic.standard
        standards.setdefault(standard.pk, (standard, []))[1].append(_row(response, statuses.get(response.pk, ())))
    rated = any(response.rating != Rating.NOT_ASSESSED for response in responses)
    return AssessmentDocument(
        council=council().council_name,
        title=framework.title,
        short_title=framework.short_title,
        framework_slug=framework.slug,
        issued_by=framework.issued_by,
        area=assessment.area,
        area_slug=assessment.partnership.slug if assessment.partnership_id else "",
        assessed_on=assessment.assessed_on,
        assessed_on_label="" if is_illustrative(assessment, "assessed_on") else day_label(assessment.assessed_on),
        assessed_on_shown=marked_day(assessment, "assessed_on"),
        levels=levels,
        standards=tuple(
            StandardSection(standard.number, standard.title, standard.definition, tuple(rows), rated=rated)
            for standard, rows in standards.values()
        ),
        is_draft=not assessment.is_published,
        agenda_header=assessment.agenda_header,
    )


def _row(response, actions) -> CharacteristicRow:
    characteristic = response.characteristic
    return CharacteristicRow(
        letter=characteristic.letter,
        label=characteristic.label,
        text=characteristic.text,
        function=characteristic.function,
        response=response.response,
        rating=rating_label(response.rating),
        rating_key=response.rating,
        evidence=response.evidence,
        gap=response.gap,
        actions=tuple(actions),
        anchor=characteristic.anchor,
    )


# What the renderers share ------------------------------------------------------------


def appendix_options(document: AssessmentDocument, **chosen) -> ExportOptions:
    """The options to print with: those chosen (ExportOptions' names), and
    where no agenda header is chosen at all, the assessment's own, so that
    a plain download prints the appendix as the agenda pack names it. The
    renderers (export_options), the page's form and its downloads all
    take the default from here."""
    return ExportOptions(**{"agenda_header": document.agenda_header, **chosen})


def export_options(document: AssessmentDocument, options: ExportOptions | None) -> ExportOptions:
    """What a renderer prints with: the options given, or appendix_options()."""
    return options if options is not None else appendix_options(document)


_APPENDIX = re.compile(r"\bAppendix\s+([A-Za-z0-9]+(?:\.[0-9]+)?)\b", re.IGNORECASE)


def appendix_heading(agenda_header: str) -> str:
    """'Item No: 12 Appendix A' -> 'Appendix A', the document's first
    heading as seed 003 prints it; '' when the header names no appendix."""
    match = _APPENDIX.search(agenda_header or "")
    return f"Appendix {match.group(1)}" if match else ""


def gap_lines(row: CharacteristicRow) -> tuple[str, ...]:
    """The actions line's items: each action closing the gap with its
    latest status ('Hate Crime Action Plan 2018–2019, 3.3 (Green, Q2
    2018)'), or that none is linked yet."""
    return tuple(action.printed for action in row.actions) or (NO_ACTIONS,)


def assessment_filename(document: AssessmentDocument, fmt: str) -> str:
    """'north-east-hate-incident-standards-self-assessment-2009-10-01.pdf';
    a partnership's assessment names the partnership too. The file's name
    goes into the agenda pack with it, so a day the demo invents is left
    out of it as out of the paper."""
    area = f"-{slugify(document.area_slug)}" if document.area_slug else ""
    day = f"-{document.assessed_on:%Y-%m-%d}" if document.assessed_on_label else ""
    return f"{document.framework_slug}{area}-self-assessment{day}.{fmt}"
