"""Four papers the tests did not write to suit the importer (issue 56,
item 5): each in a made-up council's own words and in a shape councils
publish, with every value it holds listed round by round, so a test can
import it as a clerk would and look for each value in every export.

- The Borough of Ashcombe's tracker of its fly-tipping review: rounds side
  by side (April and October 2025), a notes row above the headings, a
  reference merged over a recommendation's actions, a hidden column, a
  blank row and "Ocotber" in a heading; RAG words and Complete.
- Kingsmere District Council's Word paper on its adult social care review:
  a table per recommendation (R1 to R4: Action | Lead | Target | Update |
  Status), a five-grade scale and its key as a table.
- The same tables pasted into one Excel sheet, one under another.
- The Ashcombe Safer Streets Partnership's plan, two quarters side by side.
- Harrowfield Borough Council's tracker of its empty homes review, a sheet
  per round named as its clerk names them ("Sept 24", "Mar 25"), a cover
  sheet before them; a target only like a date ("Sept 25"), kept as
  typed; an update left blank (issue 73).
- Thornbury Borough Council's tracker of its libraries review, with an
  Executive Response column beside the council's references (R1 to R3):
  accepted, partially accepted with the executive's words, and not
  accepted with its reasons (issue 73).
- Pennington Borough Council's tracker of its street lighting review,
  its Status cells left empty and filled red, amber, green or blue
  (issue 73).
- Wexcombe District Council's Word paper on its play areas review: a
  table per recommendation ("SR (24/25) 01 That the Council …") whose
  actions carry the council's own references (1.1, 1.2) and one a
  target's day ("30 April 2025") (issue 73).
- Brackley Vale Borough Council's Word paper on its town centre parking
  review, in the seeds' own layout, two rounds in each table, its key
  numbering five grades of its own (its 3 Partially achieved, its 4
  Slipped; 5 Not started, which no action has) (issue 73).

A paper is built once per test run (its bytes are cached): the tests
import it into a fresh database each time."""

import datetime
import functools
import io
from dataclasses import dataclass, field

import docx
import openpyxl

from tests.partnership_files import workbook


@dataclass(frozen=True)
class Paper:
    """A council's file and what it says: its name, the values every round
    of it must print (the plan's own, then each round's progress and grade
    words), and the words of its grades."""

    name: str
    plan: tuple[str, ...]
    rounds: dict[datetime.date, tuple[str, ...]]
    grades: dict[datetime.date, tuple[str, ...]] = field(default_factory=dict)

    def values(self, period: datetime.date) -> list[str]:
        """Every value of the file a round's export must print: the plan's,
        and that round's progress (its grade words are counted apart)."""
        return [*self.plan, *self.rounds[period]]


# 1. Ashcombe's fly-tipping tracker, rounds side by side -------------------

APRIL_2025 = datetime.date(2025, 4, 1)
OCTOBER_2025 = datetime.date(2025, 10, 1)

TRACKER_HEADINGS = [
    "Ref", "Recommendation", "Action", "Lead officer", "Target date",
    "Update Apr 2025", "RAG Apr 2025", "Comments", "Update Ocotber 2025", "RAG Oct 2025",
]  # fmt: skip
FT1 = "That the Borough doubles the fines it issues for fly-tipping from household waste."
FT2 = "That residents can report fly-tipping through the Ashcombe app with a photograph."
FT3 = "That the Borough names the streets worst affected in its annual environment report."
TRACKER_ROWS = [
    ["FT1", FT1, "Raise the fixed penalty for small-scale fly-tipping to £500", "Dana Whitfield",
     "Q3 2025/26", "Report to Cabinet drafted; legal advice sought on the new level.", "Amber", "ask legal again",
     "Cabinet agreed the £500 penalty on 9 September; in force from 1 October.", "Complete"],
    [None, None, "Publicise the new penalty on bin lorries and in the Ashcombe Times", "Communications Manager",
     "March 2026", "Artwork commissioned for twelve vehicles.", "Green", None,
     "Vehicle livery delayed until the new fleet arrives in spring.", "Red"],
    [None] * 10,
    ["FT2", FT2, "Add a fly-tipping form with photo upload to the app", "Head of Digital Services",
     "December 2025", "Supplier quoted; form designed with the street scene team.", "Green", None,
     "Form live in the test app; 40 residents trying it out.", "Amber"],
    ["FT3", FT3, "List the ten streets with most reports in the annual report", "Marcus Hale",
     "Ongoing", "Street-level figures gathered for 2024/25.", "Green", None,
     "Published in the 2024/25 environment report, pages 14 to 16.", "Complete"],
]  # fmt: skip


@functools.cache
def ashcombe_tracker() -> bytes:
    """The tracker as its clerk keeps it: a title and a notes row above
    the headings, FT1's reference and recommendation merged over its two
    actions, the Comments column hidden and a blank row before FT2."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "FT tracker"
    sheet.append(["Borough of Ashcombe – Communities Scrutiny Panel: fly-tipping review tracker"])
    sheet.append(["Notes: updates are as reported by each lead officer to the panel's meetings."])
    sheet.append(TRACKER_HEADINGS)
    for row in TRACKER_ROWS:
        sheet.append(row)
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:B5")
    sheet.column_dimensions["H"].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _tracker_paper() -> Paper:
    rows = [row for row in TRACKER_ROWS if row[0] or row[2]]
    return Paper(
        name="ashcombe-fly-tipping.xlsx",
        plan=(FT1, FT2, FT3, *(value for row in rows for value in (row[2], row[3], row[4]))),
        rounds={APRIL_2025: tuple(row[5] for row in rows), OCTOBER_2025: tuple(row[8] for row in rows)},
        grades={APRIL_2025: tuple(row[6] for row in rows), OCTOBER_2025: tuple(row[9] for row in rows)},
    )


TRACKER = _tracker_paper()


# 2. Kingsmere's Word paper: a table per recommendation, five grades -------

NOVEMBER_2025 = datetime.date(2025, 11, 1)
TABLE_HEADINGS = ["Action", "Lead", "Target", "Update", "Status"]
KINGSMERE_SCALE = [
    ("Complete", "The action has been delivered in full"),
    ("On track", "The action is progressing as planned"),
    ("Minor slippage", "The action is behind plan but will be delivered within three months"),
    ("Major slippage", "The action is more than three months behind plan"),
    ("Not started", "Work on the action has not yet begun"),
]
R1 = "That the Council agrees a discharge to assess model with Kingsmere General Hospital."
R2 = "That carers are offered an assessment of their own within 28 days of asking."
R3 = "That the Council publishes the waiting times for home care packages each month."
R4 = "That the Council reviews the fees it pays to residential care homes."
TABLES = [
    (f"R1 {R1}", [
        ["Sign a joint discharge protocol with the hospital trust", "Director of Adult Social Care",
         "Q3 2025/26", "Protocol signed by both chief executives in September.", "Complete"],
        ["Place two social workers on the hospital's discharge team", "Helen Adeyemi, Principal Social Worker",
         "January 2026", "One post filled; second advertised twice without success.", "Minor slippage"],
    ]),
    (f"R2 {R2}", [
        ["Set a 28-day standard for carers' assessments", "Carers Lead", "Ongoing",
         "Standard agreed; 71% met it in the last quarter.", "On track"],
    ]),
    (f"R3 {R3}", [
        ["Publish monthly home care waiting times on the Council's website", "Performance and Intelligence Manager",
         "April 2026", "The case system cannot yet report waits by package.", "Major slippage"],
    ]),
    (f"R4 {R4}", [
        ["Commission an independent review of care home fees", "Head of Commissioning", "Summer 2026",
         "Waiting for the national fee guidance due in the new year.", "Not started"],
    ]),
]  # fmt: skip


@functools.cache
def kingsmere_word_paper() -> bytes:
    """The paper as Kingsmere lays it out: title, introduction, each
    recommendation's paragraph and its table of actions, and the grading
    key as a table of its own at the end."""
    document = docx.Document()
    document.add_heading("Kingsmere District Council", level=1)
    document.add_paragraph("Health and Adult Social Care Overview and Scrutiny Committee")
    document.add_paragraph("Hospital discharge and carers review: progress on the recommendations, November 2025")
    for heading, rows in TABLES:
        document.add_paragraph(heading)
        _add_table(document, [TABLE_HEADINGS, *rows])
    document.add_paragraph("Grading key")
    _add_table(document, [["Status", "Meaning"], *map(list, KINGSMERE_SCALE)])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_table(document, rows):
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


@functools.cache
def kingsmere_pasted_into_excel() -> bytes:
    """The same paper's tables pasted into one sheet, one under another,
    each under its recommendation, a blank row between them."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Recommendations"
    sheet.append(["Kingsmere District Council: hospital discharge and carers review, November 2025"])
    sheet.append([])
    for heading, rows in TABLES:
        sheet.append([heading])
        sheet.append(TABLE_HEADINGS)
        for row in rows:
            sheet.append(row)
        sheet.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _kingsmere_paper(name: str) -> Paper:
    rows = [row for _, table in TABLES for row in table]
    return Paper(
        name=name,
        plan=(R1, R2, R3, R4, *(value for row in rows for value in row[:3])),
        rounds={NOVEMBER_2025: tuple(row[3] for row in rows)},
        grades={NOVEMBER_2025: tuple(row[4] for row in rows)},
    )


KINGSMERE_WORD = _kingsmere_paper("kingsmere-adult-social-care.docx")
KINGSMERE_EXCEL = _kingsmere_paper("kingsmere-adult-social-care.xlsx")


# 4. Ashcombe Safer Streets Partnership: two quarters side by side ---------

Q1 = datetime.date(2025, 4, 1)
Q2 = datetime.date(2025, 7, 1)
PARTNERSHIP_HEADINGS = [
    None, "Action", "Lead Organisation / Partner(s)", "Target Date", "Outcome",
    "Progress Q1 2025/26", "RAG Q1 2025/26", "Progress Q2 2025/26", "RAG Q2 2025/26",
]  # fmt: skip
THEMES = {
    "1. Keeping streets clean": [
        ["1.1", "Run monthly days of action in the three worst-hit wards", "Ashcombe Borough Council",
         "Q2 2025/26", "Fewer reports of fly-tipping in those wards",
         "Days of action held in Millbrook and Eastfield in May and June.", "Green",
         "Millbrook reports down by a fifth since April.", "Complete"],
        ["1.2", "Fit cameras at the five busiest tipping spots", "Ashcombe Police", "September 2025",
         "Offenders identified and prosecuted",
         "Sites chosen with the ward councillors.", "Amber",
         "Two cameras fitted; power supply awaited at the others.", "Red"],
    ],
    "2. Working with landlords": [
        ["2.1", "Write to every landlord of a house in multiple occupation about waste", "Private Sector Housing",
         "Ongoing", "Tenants know their bin days",
         "Letter agreed with the landlords' forum.", "Green",
         "Letters sent to 412 landlords in July.", "Green"],
    ],
}  # fmt: skip
PARTNERSHIP_TITLE = "Ashcombe Safer Streets Partnership – Fly-tipping Action Plan 2025 – 2026"


@functools.cache
def ashcombe_partnership_plan() -> bytes:
    rows = [[PARTNERSHIP_TITLE]]
    for theme, actions in THEMES.items():
        rows += [[theme], PARTNERSHIP_HEADINGS, *actions]
    return workbook(*rows)


def _partnership_paper() -> Paper:
    actions = [action for actions in THEMES.values() for action in actions]
    return Paper(
        name="ashcombe-safer-streets.xlsx",
        plan=(*THEMES, *(value for action in actions for value in action[1:5])),
        rounds={Q1: tuple(action[5] for action in actions), Q2: tuple(action[7] for action in actions)},
        grades={Q1: tuple(action[6] for action in actions), Q2: tuple(action[8] for action in actions)},
    )


PARTNERSHIP = _partnership_paper()


# 5. Harrowfield's empty homes tracker: a sheet per round -----------------

SEPTEMBER_2024 = datetime.date(2024, 9, 1)
MARCH_2025 = datetime.date(2025, 3, 1)
HARROWFIELD_HEADINGS = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "Update", "RAG"]
EH1 = "That the Council brings 100 long-term empty homes back into use each year."
EH2 = "That owners of empty homes are offered a loan to renovate them for letting."
HARROWFIELD_PLAN = [
    ["EH1", EH1, "Write to every owner of a home empty for over two years", "Grace Okoro", "March 2025"],
    ["EH2", EH2, "Set up a renovation loan fund with the West Harrowfield Credit Union", "Imran Siddiqui", "Sept 25"],
]
HARROWFIELD_ROUNDS = {
    "Sept 24": [
        ("Letters drafted; owners' addresses checked against council tax records.", "Amber"),
        (None, None),  # no update given: the paper's cells are blank
    ],
    "Mar 25": [
        ("412 owners written to in January; 57 homes back in use since.", "Green"),
        ("Fund of £250,000 agreed; first two loans made in February.", "Complete"),
    ],
}


@functools.cache
def harrowfield_sheets() -> bytes:
    """A cover sheet, then a sheet per round with the same headings."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "About"
    cover.append(["Harrowfield Borough Council – Place Scrutiny Committee: empty homes review"])
    cover.append(["One sheet per monitoring round, oldest first."])
    for title, updates in HARROWFIELD_ROUNDS.items():
        sheet = book.create_sheet(title)
        sheet.append(HARROWFIELD_HEADINGS)
        for row, (update, rag) in zip(HARROWFIELD_PLAN, updates, strict=True):
            sheet.append([*row, update, rag])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HARROWFIELD = Paper(
    name="harrowfield-empty-homes.xlsx",
    plan=(EH1, EH2, *(value for row in HARROWFIELD_PLAN for value in row[2:])),
    rounds={
        period: tuple(update for update, _ in HARROWFIELD_ROUNDS[title] if update)
        for period, title in ((SEPTEMBER_2024, "Sept 24"), (MARCH_2025, "Mar 25"))
    },
    grades={
        period: tuple(rag for _, rag in HARROWFIELD_ROUNDS[title] if rag)
        for period, title in ((SEPTEMBER_2024, "Sept 24"), (MARCH_2025, "Mar 25"))
    },
)


# 6. Wexcombe's play areas paper: the council's own references ------------

JUNE_2025 = datetime.date(2025, 6, 1)
PA1 = "That the Council inspects every play area each month and publishes the results."
PA2 = "That new play equipment is chosen with the children who will use it."
WEXCOMBE_HEADINGS = ["Ref", "Action", "Lead", "Target", "Update", "Status"]
WEXCOMBE_TABLES = [
    ("SR (24/25) 01", PA1, [
        ["1.1", "Publish monthly inspection results on the council's website", "Parks Manager", "30 April 2025",
         "Results for April and May published under each park's page.", "Complete"],
        ["1.2", "Train two more inspectors to the RPII standard", "Parks Manager", "September 2025",
         "One inspector trained; the second booked for July.", "Amber"],
    ]),
    ("SR (24/25) 02", PA2, [
        ["2.1", "Hold design days at the schools next to the three parks being refitted", "Head of Leisure",
         "July 2025", "Design days held at Elm Road and St Anne's schools.", "Green"],
    ]),
]  # fmt: skip


@functools.cache
def wexcombe_word_paper() -> bytes:
    document = docx.Document()
    document.add_heading("Wexcombe District Council", level=1)
    document.add_paragraph("Communities Scrutiny Committee: play areas review, progress update June 2025")
    for reference, text, rows in WEXCOMBE_TABLES:
        document.add_paragraph(f"{reference} {text}")
        _add_table(document, [WEXCOMBE_HEADINGS, *rows])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_WEXCOMBE_ROWS = [row for _, _, rows in WEXCOMBE_TABLES for row in rows]
WEXCOMBE = Paper(
    name="wexcombe-play-areas.docx",
    plan=(
        PA1,
        PA2,
        *(reference for reference, _, _ in WEXCOMBE_TABLES),
        *(value for row in _WEXCOMBE_ROWS for value in row[:4]),
    ),
    rounds={JUNE_2025: tuple(row[4] for row in _WEXCOMBE_ROWS)},
    grades={JUNE_2025: tuple(row[5] for row in _WEXCOMBE_ROWS)},
)


# 7. Thornbury's libraries tracker: an Executive Response column ----------

MAY_2025 = datetime.date(2025, 5, 1)
THORNBURY_HEADINGS = [
    "Rec ref", "Recommendation", "Executive Response", "Action", "Lead officer", "Target date", "Progress", "Status",
]  # fmt: skip
LB1 = "That the Council opens every library on Saturday afternoons."
LB2 = "That each library offers a quiet study space for students in the exam season."
LB3 = "That the mobile library visits every village weekly."
THORNBURY_ROWS = [
    ["R1", LB1, "Accepted", "Extend Saturday opening to 4pm at all eight libraries", "Head of Libraries",
     "April 2025", "Saturday afternoons began at all eight libraries on 5 April.", "Complete"],
    ["R2", LB2, "Partially accepted: the Council will pilot it at the three largest libraries first",
     "Pilot quiet study rooms at Central, Eastgate and Northfield", "Library Services Manager", "June 2025",
     "Rooms booked for May and June; 140 students used them in the first fortnight.", "Green"],
    ["R3", LB3, "Not accepted – the mobile library's budget covers fortnightly visits only", None, None, None,
     None, None],
]  # fmt: skip


@functools.cache
def thornbury_tracker() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Libraries review"
    sheet.append(THORNBURY_HEADINGS)
    for row in THORNBURY_ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_THORNBURY_ACTIONS = [row for row in THORNBURY_ROWS if row[3]]
THORNBURY = Paper(
    name="thornbury-libraries.xlsx",
    plan=(LB1, LB2, "R1", "R2", *(value for row in _THORNBURY_ACTIONS for value in row[3:6])),
    rounds={MAY_2025: tuple(row[6] for row in _THORNBURY_ACTIONS)},
    grades={MAY_2025: tuple(row[7] for row in _THORNBURY_ACTIONS)},
)


# 8. Pennington's street lighting tracker: RAG given by fill colour only ---

OCTOBER_2025_PENNINGTON = datetime.date(2025, 10, 1)
PENNINGTON_HEADINGS = [
    "Ref",
    "Recommendation",
    "Action",
    "Lead officer",
    "Target date",
    "Update October 2025",
    "Status",
]
SL1 = "That every street light on the main roads is converted to LED by 2027."
SL2 = "That residents can report a broken street light online and follow its repair."
PENNINGTON_ROWS = [
    ["SL1", SL1, "Convert the A-road lights in the north of the borough", "Street Lighting Manager", "March 2026",
     "1,240 of 3,100 lights converted; the contractor is on programme.", "00B050"],
    ["SL1", SL1, "Convert the A-road lights in the south of the borough", "Street Lighting Manager", "March 2027",
     "Survey delayed by the bridge works; conversion starts in January.", "FFC000"],
    ["SL2", SL2, "Add street lights to the online reporting form", "Head of Digital Services", "June 2025",
     "Live since June; 310 reports made online so far.", "0070C0"],
    ["SL2", SL2, "Text residents when the light they reported is mended", "Head of Digital Services",
     "September 2025", "The texting supplier's contract has not been signed.", "FF0000"],
]  # fmt: skip
PENNINGTON_COLOURS = {"00B050": "Green", "FFC000": "Amber", "0070C0": "Blue", "FF0000": "Red"}


@functools.cache
def pennington_tracker() -> bytes:
    from openpyxl.styles import PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(PENNINGTON_HEADINGS)
    for row in PENNINGTON_ROWS:
        sheet.append(row[:-1])
        sheet.cell(row=sheet.max_row, column=7).fill = PatternFill(fill_type="solid", fgColor=f"FF{row[-1]}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PENNINGTON = Paper(
    name="pennington-street-lighting.xlsx",
    plan=(SL1, SL2, *(value for row in PENNINGTON_ROWS for value in row[2:5])),
    rounds={OCTOBER_2025_PENNINGTON: tuple(row[5] for row in PENNINGTON_ROWS)},
    grades={OCTOBER_2025_PENNINGTON: tuple(PENNINGTON_COLOURS[row[6]] for row in PENNINGTON_ROWS)},
)


# 9. Brackley Vale's parking paper: the seeds' layout, its own five grades --

BRACKLEY_KEY = (
    ("1", "Achieved"),
    ("2", "On track"),
    ("3", "Partially achieved"),
    ("4", "Slipped"),
    ("5", "Not started"),
)
BRACKLEY_LABELS = (
    "Responsibility:",
    "Date:",
    "Agreed Action:",
    "Agreed Success Measure:",
    "Evidence of Progress\n(September 2024):",
    "Assessment of Progress\n(September 2024):\n(include explanation if required)",
    "Evidence of Progress\n(March 2025):",
    "Assessment of Progress\n(March 2025):\n(include explanation if required)",
)
BRACKLEY_RECOMMENDATIONS = {
    1: "That the Council reviews the charges at every town centre car park before the next budget.",
    2: "That signs on the ring road show how many spaces each car park has free.",
    3: "That blue badge holders park free for the first three hours in every council car park.",
    4: "That the Council consults traders before changing loading hours in the High Street.",
}
# Per recommendation: owner, date, action, measure, then each round's progress and grade.
BRACKLEY_RECORDS = {
    1: ("Kim Osei", "October 2024", "Survey the use and charges of all nine car parks.",
        "A charging proposal goes to Cabinet with the budget.",
        "Surveys done at six of the nine car parks.", "2 (On track)",
        "Proposal agreed by Cabinet on 12 February 2025.", "1 (Achieved)"),
    2: ("Rhys Pennant", "March 2025", "Install live space counters on the four ring road signs.",
        "All four signs show live counts.",
        "Two signs ordered from the supplier.", "2 (On track)",
        "Two signs working; the other two wait for a power supply.", "3 (Partially achieved)"),
    3: ("Kim Osei", "January 2025", "Change the parking order for blue badge holders.",
        "Free parking in force in all council car parks.",
        "Draft order written; legal review booked.", "3 (Partially achieved)",
        "Legal review delayed by the order's consultation.", "4 (Slipped)"),
    4: ("Amal Haddad", "June 2025", "Hold a traders' forum before any change to loading hours.",
        "Forum held and its views reported to the committee.",
        "Forum date set for April.", "2 (On track)",
        "Forum held on 3 March 2025 with 24 traders.", "1 (Achieved)"),
}  # fmt: skip


@functools.cache
def brackley_seed_layout_paper() -> bytes:
    from tests.word_files import Block, seed_layout
    from tests.word_files import Paper as Layout

    def table(number):
        heading = f"Recommendation {number}: {BRACKLEY_RECOMMENDATIONS[number]}"
        rows = tuple((label, (value,)) for label, value in zip(BRACKLEY_LABELS, BRACKLEY_RECORDS[number], strict=True))
        return (Block(heading, rows),)

    layout = Layout(
        title="SCRUTINY MONITORING – PROGRESS UPDATE",
        details=(
            ("Review:", "Town Centre Parking"),
            ("Link Officer/s:", "Dana Whitfield"),
            ("Action Plan Agreed:", "June 2024"),
        ),
        introduction="Progress on the recommendations of the town centre parking review, graded by the key below.",
        tables=tuple(table(number) for number in BRACKLEY_RECOMMENDATIONS),
    )
    return seed_layout(layout, key="split", grades=BRACKLEY_KEY)


BRACKLEY = Paper(
    name="brackley-vale-parking.docx",
    plan=(
        *BRACKLEY_RECOMMENDATIONS.values(),
        *(value for record in BRACKLEY_RECORDS.values() for value in record[:4]),
    ),
    rounds={
        SEPTEMBER_2024: tuple(record[4] for record in BRACKLEY_RECORDS.values()),
        MARCH_2025: tuple(record[6] for record in BRACKLEY_RECORDS.values()),
    },
    grades={
        SEPTEMBER_2024: tuple(record[5] for record in BRACKLEY_RECORDS.values()),
        MARCH_2025: tuple(record[7] for record in BRACKLEY_RECORDS.values()),
    },
)
