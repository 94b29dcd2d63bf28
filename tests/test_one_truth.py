"""One truth in the record (issues 39 and 54): a council that is not the
demo's, set up through the service with its own wording and a five-grade
scale in which two grades share a role (Amber and Paused, both at risk),
publishes two rounds (a mix of grades, a slipped target, the committee's
decisions, updates left out; March's updates come by e-mail, the officer's
replies to the reminder, issue 57) and the clerk corrects a September
grade once March is published (its standing, movement and papers
rewritten: issue 71); then its administrator changes the scale
(renames grades, removes Red, adds two, puts On hold before At risk),
answering what becomes of each old grade (Complete is Delivered now,
Amber At risk and Paused On hold: the same grades renamed; Red removed,
compared with At risk), and the wording
(the council's name, what it calls its committees, the paper's title);
then the clerk imports another committee's review's tracker in words of
its own (its own scale: Flooding's untouched, issue 71); then the
administrator merges On hold into At risk and recolours it. Before the
change and after each step, every view of the published rounds says of
each action and round what the link officer approved, and Flooding's
officers are offered the scale in force:

- each approved grade as it was given, never "No update"; Amber and Paused
  stay two grades as given (counted as one once merged);
- the update submitted but never approved when its round was published as
  "No update received" ("No update" where a view says it so; "–" or a blank
  in a column of the round before), never its unapproved grade;
- every count (the dashboard's chart, its text alternative and the numbers
  beside it, the trend's text alternative and table, the annual report's
  table and chart) per grade by what it is (issue 71): each label names
  one grade of the scale in force, counting the grades approved that it
  is (Complete approved, Delivered counted, after the change), or a grade
  since removed, named with the day of the version it was last on (the
  current scale's never); no grade twice, every grade of the scale in
  force listed, the numbers per grade those approved and their sum the
  actions the round carried;
- the chart's counts equal the grade filter's: for each round and each
  grade counted, Find actions as at that round with that grade's choice
  finds exactly the actions given it; the filter offers each grade once,
  named as the charts name it; the links beside the chart find what they
  count;
- improved and worse as the grades approved move in the council's order
  (SCALE's): the dashboard, What changed and Find actions' movement filter
  say the same, before the change and after it (the movement is stored at
  publication: the new order does not rewrite it);
- target dates as that round's paper printed them;
- the published files as stored, and the public downloads the stored
  public copy, byte for byte, before and after;
- `manage.py check_standing` finds every stored standing as the rules make
  it, after the council has run and after the change.

APPROVED is the table of what the link officer approved; each view has one
reader that says, in the view's own words (page text, file text), what it
says of each action and round; a disagreement names the view, the action,
the round and both values. The council is run and every view read once for
the module (publishing renders every document): the tests compare what was
read before and after the change with the table."""

import datetime
import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from docx import Document

from actionplans import roles
from actionplans.grading import Movement
from actionplans.models import ApiToken, Council, GradingScale, ProgressEntry, PublishedDocument, ScaleGrade
from actionplans.models.council import PRESETS, current_scale
from tests.conftest import FAST_HASHERS, settings_of_a_test
from tests.council_steps import approve_update, logged_in, open_round, publish_round, submit_update
from tests.documents import body, document_text, docx_text, pdf_text, squash
from tests.factories import decide, make_action, make_committee, make_owner, make_recommendation, make_review, make_user
from tests.page_parts import page
from tests.replying import update_by_email

pytestmark = pytest.mark.django_db

# The council's terms as its administrator first sets them, and as they change.
WORDING = {
    "name": "Borsetshire County Council",
    "committee_name": "Scrutiny Board",
    "committees_name": "Scrutiny Boards",
    "update_title": "Scrutiny Recommendations – Half-Yearly Tracker",
    "introduction": "The board asks for a half-yearly report on each recommendation it made.",
    "impact_sentence": "",
    "grading_key_heading": "What the tracker's grades mean",
}
NEW_WORDING = {
    "name": "Felpersham City Council",
    "committee_name": "Overview and Scrutiny Panel",
    "committees_name": "Overview and Scrutiny Panels",
    "update_title": "Action Plan Monitoring Report",
}
# Best first. Amber and Paused share a role: two grades all the same.
SCALE = [
    {"code": "C", "label": "Complete", "colour": "blue", "role": "achieved"},
    {"code": "G", "label": "Green", "colour": "green", "role": "on_track"},
    {"code": "A", "label": "Amber", "colour": "orange", "role": "at_risk", "needs_explanation": True},
    {"code": "P", "label": "Paused", "colour": "purple", "role": "at_risk", "needs_explanation": True},
    {"code": "R", "label": "Red", "colour": "red", "role": "off_track", "needs_explanation": True},
]
# Complete, Amber and Paused renamed, and Paused (now On hold) put before
# Amber (now At risk); Red removed; Not yet due and Superseded added.
NEW_SCALE = [
    {"code": "D", "label": "Delivered", "colour": "blue", "role": "achieved"},
    {"code": "G", "label": "Green", "colour": "green", "role": "on_track"},
    {"code": "H", "label": "On hold", "colour": "purple", "role": "at_risk", "needs_explanation": True},
    {"code": "A", "label": "At risk", "colour": "orange", "role": "at_risk", "needs_explanation": True},
    {"code": "N", "label": "Not yet due", "colour": "grey", "role": "not_graded"},
    {"code": "S", "label": "Superseded", "colour": "turquoise", "role": "not_graded"},
]
# The administrator's answers to "what becomes of each grade of the scale
# before?" (by label): the same grade, renamed where the label differs;
# Red removed (None), which compares with At risk.
BECOMES = {"Complete": "Delivered", "Green": "Green", "Amber": "At risk", "Paused": "On hold", "Red": None}
# Then On hold merged into At risk, and At risk recoloured amber: Amber and
# Paused, approved apart, are one grade to the figures from now on.
MERGED_SCALE = [
    *NEW_SCALE[:2],
    {**NEW_SCALE[3], "colour": "amber"},
    *NEW_SCALE[4:],
]
MERGED = {"On hold": "At risk"}
# Then the council switches to the RAG plus Complete preset, printed by
# label alone, the administrator answering what each grade becomes:
# Delivered is Complete, At risk Amber; Not yet due and Superseded go.
PRESET = [{"code": "", **grade} for grade in PRESETS["progress"]["rag_complete"][1]]
PRESET_ANSWERS = {
    "Delivered": "Complete",
    "Green": "Green",
    "At risk": "Amber",
    "Not yet due": None,
    "Superseded": None,
}
COMPARES = {"Red": "At risk"}
# What the API and the open data say a grade's role means (their `grade`
# integer): 1 achieved, 2 on track, 3 at risk or slipped, 4 not achieved.
MEANING_OF_ROLE = {"achieved": 1, "on_track": 2, "at_risk": 3, "off_track": 3, "not_achieved": 4, "not_graded": None}
ATTENTION_ROLES = ("at_risk", "off_track", "not_achieved")


def printed(grade: dict) -> str:
    """'P (Paused)': a grade as the papers print it; one without a code
    (the preset's), its label alone."""
    return f"{grade['code']} ({grade['label']})" if grade["code"] else grade["label"]


GRADE = {printed(grade): grade for grade in SCALE + NEW_SCALE + PRESET}
# Each grade's place in the council's order (SCALE's): what "improved" and
# "worse" compare.
ORDER = {printed(grade): place for place, grade in enumerate(SCALE)}

# The Flooding review's plan: a recommendation with one action each, in
# order (the action's reference is its number), the word that names it in
# every list, and its target when the plan was agreed.
ACTIONS = {
    "gullies": ("That the council clears its gullies every year.", datetime.date(2026, 3, 1)),
    "sandbags": ("That sandbags are stored in every ward.", datetime.date(2025, 12, 1)),
    "drains": ("That the drains on the high street are relined.", datetime.date(2026, 6, 1)),
    "signs": ("That flood warning signs stand at every ford.", datetime.date(2026, 1, 1)),
    "leaflets": ("That every household in the flood zone gets a leaflet.", datetime.date(2026, 7, 1)),
    "wardens": ("That each village has a flood warden.", datetime.date(2025, 11, 1)),
    "hubs": ("That two rest centres are ready for evacuees.", datetime.date(2026, 2, 1)),
}
NAMED_BY = {
    "gullies": "gullies",
    "sandbags": "sandbags",
    "drains": "drains",
    "signs": "warning signs",
    "leaflets": "household",
    "wardens": "village",
    "hubs": "rest centres",
}
REFERENCE = {key: str(number) for number, key in enumerate(ACTIONS, start=1)}
BY_REFERENCE = {reference: key for key, reference in REFERENCE.items()}

SEPTEMBER, MARCH = "September 2025", "March 2026"
# Each round: its month, the officers' deadline, the meeting, and the agenda
# options the clerk publishes it with.
ROUNDS = {
    SEPTEMBER: (datetime.date(2025, 9, 1), datetime.date(2025, 8, 29), datetime.date(2025, 9, 18), "6: Appendix 1", 17),
    MARCH: (datetime.date(2026, 3, 1), datetime.date(2026, 2, 27), datetime.date(2026, 3, 19), "5: Appendix 2", 21),
}
PREVIOUS = {MARCH: SEPTEMBER}
MUNICIPAL_YEAR = 2025  # May 2025 to April 2026: both meetings
NO_UPDATE = "No update received"


@dataclass(frozen=True)
class Approved:
    """What the link officer approved of one action in one round, and the
    target date that round's paper printed. `grade` None: the update was
    submitted (`submitted`) but never approved when the round was published."""

    action: str
    round: str
    grade: str | None
    target: str
    submitted: str = ""
    new_target: datetime.date | None = None  # proposed with the update (accepted when approved)
    # The grade approved, which the clerk corrected to `grade` once both
    # rounds were published (the record: every view says the correction).
    corrected_from: str = ""

    @property
    def shown(self) -> str:
        """What every view must say of it."""
        return self.grade or NO_UPDATE

    @property
    def role(self) -> str | None:
        return GRADE[self.grade]["role"] if self.grade else None

    @property
    def meaning(self) -> int | None:
        """What the API and the open data say its grade meant."""
        return MEANING_OF_ROLE[self.role] if self.grade else None


APPROVED = [
    Approved("gullies", SEPTEMBER, "G (Green)", "March 2026"),
    Approved("sandbags", SEPTEMBER, "A (Amber)", "December 2025"),
    # Approved Paused; corrected to Green after March was published.
    Approved("drains", SEPTEMBER, "G (Green)", "June 2026", corrected_from="P (Paused)"),
    Approved("signs", SEPTEMBER, "R (Red)", "January 2026"),
    # Left out, with a new target its link officer never accepted.
    Approved("leaflets", SEPTEMBER, None, "July 2026", submitted="G (Green)", new_target=datetime.date(2027, 1, 1)),
    Approved("wardens", SEPTEMBER, "C (Complete)", "November 2025"),  # signed off at the September meeting
    Approved("hubs", SEPTEMBER, "G (Green)", "February 2026"),
    Approved("gullies", MARCH, "C (Complete)", "March 2026"),  # improved
    # Worse (Paused is below Amber), and the slipped target: December 2025
    # in September's paper, September 2026 in March's.
    Approved("sandbags", MARCH, "P (Paused)", "September 2026", new_target=datetime.date(2026, 9, 1)),
    Approved("drains", MARCH, "A (Amber)", "June 2026"),  # worse than September as corrected
    Approved("signs", MARCH, "A (Amber)", "January 2026"),  # improved
    Approved("leaflets", MARCH, "G (Green)", "July 2026"),  # its first grade received
    Approved("hubs", MARCH, None, "February 2026", submitted="C (Complete)"),  # left out
]
APPROVED_AS = {(row.action, row.round): row for row in APPROVED}


def rows_of(round: str) -> list[Approved]:
    return [row for row in APPROVED if row.round == round]


def pairs_of(round: str) -> set[tuple[str, str]]:
    return {(row.action, row.round) for row in rows_of(round)}


def latest_pairs() -> set[tuple[str, str]]:
    """Each action at the latest round that carried it."""
    latest = {}
    for row in APPROVED:
        latest[row.action] = row.round
    return set(latest.items())


def printed_in(round: str) -> set[tuple[str, str]]:
    """What a round's paper prints: its own updates, and the earlier rounds'
    of the actions it carries."""
    carried = {row.action for row in rows_of(round)}
    earlier = [name for name in ROUNDS if ROUNDS[name][0] <= ROUNDS[round][0]]
    return {(action, name) for action in carried for name in earlier if (action, name) in APPROVED_AS}


def counted_as(grade: str | None, now: dict) -> str | None:
    """The grade a figure counts `grade` (as printed) as: the grade of the
    scale in force it is (`now`, Moment.now), else itself."""
    return now.get(grade, grade)


def expected_counts(round: str, now: dict) -> Counter:
    """The round's actions by the grade approved, as a figure counts it
    (counted_as; None: no update)."""
    return Counter(counted_as(row.grade, now) for row in rows_of(round))


def given_it(round: str, grade: str | None, now: dict) -> set[str]:
    """The actions the link officer approved `grade` for in `round` (a
    grade it is, by counted_as)."""
    return {row.action for row in rows_of(round) if counted_as(row.grade, now) == grade}


def expected_movements(round: str) -> dict[str, str]:
    """Each action `round` carried, and how its grade moved (a Movement
    value) in the council's order (SCALE's) from the grade before: the
    latest it received in an earlier round."""
    moved = {}
    for row in rows_of(round):
        earlier = [APPROVED_AS.get((row.action, name)) for name in ROUNDS if ROUNDS[name][0] < ROUNDS[round][0]]
        received = [was.grade for was in earlier if was is not None and was.grade]
        if row.grade is None:
            moved[row.action] = Movement.NO_UPDATE
        elif not received:
            moved[row.action] = Movement.FIRST
        else:
            order = ORDER[row.grade] - ORDER[received[-1]]
            moved[row.action] = Movement.IMPROVED if order < 0 else Movement.WORSE if order > 0 else Movement.UNCHANGED
    return moved


# The words every view may use for a grade: each grade of either version of
# the scale as printed ("P (Paused)"), as a chart names it ("P Paused"), as
# a filter offers it ("P – Paused"), or by its label alone; and for none.
def _grade_forms() -> dict[str, str]:
    forms = {}
    for grade in SCALE + NEW_SCALE:
        for form in (printed(grade), f"{grade['code']} {grade['label']}", f"{grade['code']} – {grade['label']}"):
            forms[form] = printed(grade)
        forms[grade["label"]] = printed(grade)
    for grade in PRESET:  # by label alone: the earlier grades' labels it shares are read by label_names()
        forms.setdefault(grade["label"], printed(grade))
    for words in NO_UPDATE_WORDS:
        forms[words] = words
    return forms


# How the views say an update never approved: "–" only in a column of the round before.
NO_UPDATE_WORDS = (NO_UPDATE, "No update")
NONE_BEFORE = "–"
GRADE_FORMS = _grade_forms()
_GRADES = re.compile(
    "|".join(rf"(?<!\w){re.escape(form)}(?!\w)" for form in sorted(GRADE_FORMS, key=len, reverse=True))
)
# How a figure names a grade given under an earlier version of the scale
# that prints unlike the current grades: "P Paused (scale of 26 November 2026)".
EARLIER = re.compile(r" \(scale of (?P<day>\d{1,2} [A-Z][a-z]+ \d{4})\)$")
MONTH = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}")
UNSAID = object()
UNKNOWN = "no grade of the council's"


def named_grade(words: str, *, column_before: bool = False) -> str:
    """The one grade `words` name, as printed; else the words themselves. In
    a column of the round before, a dash or a blank says there was none."""
    if column_before and words.strip() in ("", "–", "-"):
        return NONE_BEFORE
    named = {GRADE_FORMS[match.group()] for match in _GRADES.finditer(words)}
    return named.pop() if len(named) == 1 else words.strip()


def label_names(label: str, moment: "Moment") -> tuple[str | None, str]:
    """The grade a count's label (or a filter's choice) names as a whole,
    as printed (None: no update; UNKNOWN: none of the council's grades),
    and the day of the earlier version of the scale it says it was given
    under ('' where it names none). A label alone is the grade of the scale
    in force at `moment` that prints it so (the preset's "Complete"), where
    there is one."""
    earlier = EARLIER.search(label)
    bare = label[: earlier.start()] if earlier else label
    in_force = {grade["label"]: printed(grade) for grade in moment.scale if not grade["code"]}
    if not earlier and bare in in_force:
        return in_force[bare], ""
    grade = None if bare in NO_UPDATE_WORDS else GRADE_FORMS.get(bare, UNKNOWN)
    return grade, earlier.group("day") if earlier else ""


def first_month(words: str) -> str:
    found = MONTH.search(words or "")
    return found.group() if found else (words or "").strip()


def action_named(words: str) -> str | None:
    return next((key for key, named in NAMED_BY.items() if named in words), None)


def action_words(action: str | None) -> str:
    return f"action {REFERENCE[action]} ({action})" if action else "an action of no name"


# ---------------------------------------------------------------------------
# The council, run through its pages and verbs.


def run_the_council(capture) -> tuple[dict, dict, str]:
    """The administrator sets the council's terms; the clerk opens each
    round; the officer submits every update; the link officer approves all
    but the left-out ones; the clerk publishes, and records the committee's
    decisions of September (Complete signed off, the rest carried forward)."""
    administrator = make_user("admin.borsetshire", roles.ADMINISTRATOR)
    Council.objects.get(pk=1).change(by=administrator, **WORDING)
    GradingScale.make("progress", SCALE, by=administrator)
    clerk = make_user("clerk.borsetshire", roles.CLERK)
    link = make_user("link.borsetshire", roles.LINK_OFFICER, roles.OFFICER)
    officer = make_user(
        "officer.borsetshire", roles.OFFICER, first_name="Olu", last_name="Adeyemi", email="olu@borsetshire.example"
    )
    member = make_user("member.borsetshire", roles.COMMITTEE_MEMBER)
    committee = make_committee("Environment Scrutiny Board")
    committee.members.add(member)
    owner = make_owner("Olu Adeyemi", user=officer)
    review = make_review("Flooding", committee=committee, link_officers=[make_owner("Lin Kaur", user=link)])
    actions = {}
    for key, (words, target) in ACTIONS.items():
        recommendation = make_recommendation(review, text=words)
        actions[key] = make_action(
            recommendation, owners=[owner], agreed_action=f"Agreed: {words}", target_month=target
        )
    position = {printed(grade): n for n, grade in enumerate(SCALE, start=1)}
    as_clerk, as_officer, as_link = logged_in(clerk), logged_in(officer), logged_in(link)
    rounds = {}
    for name, (period, deadline, meeting, item, first_page) in ROUNDS.items():
        round = open_round(as_clerk, review, period, deadline=deadline, meeting=meeting)
        carried = set(round.entries.values_list("action", flat=True))
        assert carried == {actions[row.action].pk for row in rows_of(name)}, f"{name} carries other actions"
        for row in rows_of(name):
            entry = round.entries.get(action=actions[row.action])
            if name == MARCH:  # March's updates come by e-mail, replies to the reminder
                reply_with_update(entry, officer, row, period)
            else:
                submit_update(
                    as_officer,
                    entry,
                    grade=position[row.corrected_from or row.grade or row.submitted],
                    evidence=f"The {row.action} work, {period:%B}.",
                    explanation="The officer's reasons.",
                    new_target=(row.new_target, "The work moved.") if row.new_target else None,
                )
            if row.grade:
                approve_update(as_link, entry, **({"target_decision": "accept"} if row.new_target else {}))
        agenda = {"confirm_missing": "on", "agenda_header": f"Agenda Item {item}", "first_page": str(first_page)}
        rounds[name] = publish_round(as_clerk, round, capture, **agenda)
        assert all(document.is_ready for document in round.published_documents.all()), f"{name} not stored"
        if name == SEPTEMBER:
            decide(round, by=clerk)
    correct_as_approved(clerk, actions, rounds, capture)
    key = ApiToken.objects.issue(user=member, role=roles.COMMITTEE_MEMBER, name="Power BI", by=administrator)[1]
    return {"administrator": administrator, "clerk": clerk, "member": member, "review": review}, rounds, key


def correct_as_approved(clerk, actions: dict, rounds: dict, capture) -> None:
    """The clerk corrects each published grade APPROVED says was corrected,
    with a reason: the later round's standing and papers are rewritten."""
    for row in APPROVED:
        if not row.corrected_from:
            continue
        entry = ProgressEntry.objects.get(action=actions[row.action], round=rounds[row.round])
        level = ScaleGrade.objects.get(scale=entry.level.scale, label=GRADE[row.grade]["label"])
        with capture(execute=True):
            entry.correct(by=clerk, version=entry.version, reason="Misread from the officer's update", level=level)


def reply_with_update(entry, officer, row: Approved, period: datetime.date) -> None:
    """The officer answers the reminder with the update, graded by the
    grade's code and words, submitted as the council says a graded reply is."""
    words = [f"The {row.action} work, {period:%B}.", f"Grade: {row.grade or row.submitted}"]
    if row.new_target:
        words.append(f"New target: {row.new_target:%B %Y}")
    words.append("Explanation: The officer's reasons.")
    received = update_by_email(entry, officer, "\n\n".join(words), submits=True)
    assert received.outcome == "submitted", received.line


def change_the_scale(administrator) -> str:
    """The administrator's change: the wording, and the scale's next
    version, with their answers to how each grade of the version before
    (by its ScaleGrade's id) compares with the new ones (by position).
    Returns the day of the version replaced, as the figures name the
    grades given under it ('26 November 2026')."""
    Council.objects.get(pk=1).change(by=administrator, **NEW_WORDING)
    earlier = GradingScale.objects.current("progress")
    place = {grade["label"]: n for n, grade in enumerate(NEW_SCALE, start=1)}
    grades = earlier.grades.all()
    becomes = {grade.pk: place.get(BECOMES[grade.label]) for grade in grades}
    compares = {grade.pk: place[COMPARES[grade.label]] for grade in grades if grade.label in COMPARES}
    GradingScale.make("progress", NEW_SCALE, by=administrator, compares=compares, becomes=becomes)
    return f"{earlier.made_on.day} {earlier.made_on:%B %Y}"


def import_another_reviews_paper(world: dict, capture) -> None:
    """The clerk imports another committee's review's tracker, graded in
    words of its own (Complete / On track / Some slippage / Significant
    slippage: with the council's six, the ten a scale may have), its round
    of October 2024: outside the
    municipal year the annual report counts, of a month no Flooding round
    has. Its words make its own scale; nothing of Flooding's changes."""
    from tests.test_import_trackers import confirm, upload, workbook
    from tests.test_import_trackers import make_review as make_tracker_review

    review = make_tracker_review(title="Fly-tipping", committee=make_committee("Housing Scrutiny Board"))
    words = ["Complete", "On track", "Some slippage", "Significant slippage"]
    data = workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Progress", "Status"],
        *[
            [f"R{n}", f"That the Council acts on fly-tipping, step {n}.", "Amy Patel", "March 2026", "Begun.", word]
            for n, word in enumerate(words, start=1)
        ],
    )
    clerk = logged_in(world["clerk"])
    preview = upload(clerk, review, data, "fly-tipping.xlsx", period_month="10", period_year="2024")
    with capture(execute=True):
        confirmed = confirm(clerk, preview)
        assert confirmed.status_code == 302, page(body(confirmed)).words()[:3000]
    assert current_scale(review=review).review == review.pk, "the tracker's words made no scale of its own"


def merge_and_recolour(administrator) -> None:
    """The administrator's next version: On hold merged into At risk (their
    answer on the check page), At risk recoloured."""
    current = GradingScale.objects.current("progress")
    place = {grade["label"]: n for n, grade in enumerate(MERGED_SCALE, start=1)}
    becomes = {grade.pk: place[MERGED.get(grade.label, grade.label)] for grade in current.grades.all()}
    GradingScale.make("progress", MERGED_SCALE, by=administrator, becomes=becomes)


def switch_to_the_preset(administrator) -> None:
    """The administrator's next version: the preset, each grade answered."""
    current = GradingScale.objects.current("progress")
    place = {grade["label"]: n for n, grade in enumerate(PRESET, start=1)}
    becomes = {grade.pk: place.get(PRESET_ANSWERS[grade.label]) for grade in current.grades.all()}
    GradingScale.make("progress", PRESET, by=administrator, becomes=becomes, prints="label")


def now_after_the_change(merged: bool = False, preset: bool = False) -> dict:
    """Each grade of SCALE (as printed) renamed into a grade of NEW_SCALE
    (`merged`: then merged into a grade of MERGED_SCALE; `preset`: then
    made a grade of PRESET)."""
    new = {grade["label"]: printed(grade) for grade in (PRESET if preset else MERGED_SCALE if merged else NEW_SCALE)}

    def became(label):
        label = BECOMES[label]
        label = MERGED.get(label, label) if (merged or preset) and label else label
        return PRESET_ANSWERS[label] if preset and label else label

    return {
        printed(grade): new[became(grade["label"])]
        for grade in SCALE
        if became(grade["label"]) and new[became(grade["label"])] != printed(grade)
    }


def standing_checked() -> str:
    """What `manage.py check_standing` finds wrong ('' for nothing): it
    raises CommandError, having listed the rows that differ."""
    out = io.StringIO()
    try:
        call_command("check_standing", stdout=out)
    except CommandError as error:
        return f"{out.getvalue()}{error}"
    return ""


# ---------------------------------------------------------------------------
# Every view, read as its reader reads it.


@dataclass(frozen=True)
class Answer:
    status: int
    content: bytes


@dataclass
class Moment:
    """Every view as read at one moment: before the change or after it."""

    name: str
    answers: dict[str, Answer]
    grade_options: dict[str, list[tuple[str, str]]]  # round: (value, words) the grade filter offers
    record: dict[tuple, str]  # (pk, round, format, version): the stored document's SHA-256
    kept: set[str] = field(default_factory=set)  # the SHA-256 of every file the published record keeps
    scale: list[dict] = field(default_factory=list)  # the scale in force
    earlier_day: str = ""  # the day of the version before it, as the figures name it
    # Each grade of the version before (as printed) that is a grade of the
    # scale in force, renamed: the figures count and name it as that one.
    now: dict = field(default_factory=dict)
    standing: str = ""  # what check_standing found wrong
    offered: list = field(default_factory=list)  # the grades Flooding's officers are offered, as printed

    def content(self, name: str) -> bytes:
        answer = self.answers[name]
        assert answer.status == 200, f"{name} answered {answer.status} {self.name}: {answer.content[:2000]!r}"
        return answer.content

    def page(self, name: str):
        return page(self.content(name))

    def json(self, name: str):
        return json.loads(self.content(name))


def ask(client: Client, url: str, params=None, **headers) -> Answer:
    """A view's answer; an error is kept as the view's answer, for the
    test of that view to report."""
    try:
        response = client.get(url, params or {}, **headers)
    except Exception as error:  # the view's failure is what its test reports
        return Answer(500, repr(error).encode())
    return Answer(response.status_code, body(response))


def read_every_view(name: str, world: dict, rounds: dict, key: str) -> Moment:
    member, clerk, public = logged_in(world["member"]), logged_in(world["clerk"]), Client()
    review, slug = world["review"], world["review"].slug
    token = {"HTTP_AUTHORIZATION": f"Token {key}"}
    answers = {
        "dashboard": ask(member, reverse("committee_dashboard", args=[review.committee.slug])),
        "Find actions": ask(member, reverse("action_list")),
        "review page": ask(member, reverse("review_detail", args=[slug])),
        "what changed": ask(
            member,
            reverse("review_changes", args=[slug]),
            {"since": ROUNDS[SEPTEMBER][2].isoformat(), "until": ROUNDS[MARCH][2].isoformat()},
        ),
        "annual report": ask(member, reverse("annual_report", args=[MUNICIPAL_YEAR])),
        **{
            f"annual report {fmt}": ask(member, reverse("annual_report_file", args=[MUNICIPAL_YEAR, fmt]))
            for fmt in ("pdf", "docx", "xlsx")
        },
        "open data updates": ask(public, reverse("open_data_json", args=["updates"])),
        "open data actions": ask(public, reverse("open_data_json", args=["actions"])),
        "API rounds": ask(public, reverse("api_rounds"), **token),
        "API updates": ask(public, reverse("api_updates"), **token),
        "API actions": ask(public, reverse("api_actions"), **token),
    }
    options = {}
    for label, round in rounds.items():
        code, action_list = round.period_code, reverse("action_list")
        answers[f"Find actions as at {label}"] = ask(member, action_list, {"round": code})
        answers[f"Find actions spreadsheet as at {label}"] = ask(
            member, action_list, {"round": code, "download": "xlsx"}
        )
        answers[f"round page {label}"] = ask(clerk, reverse("round_detail", args=[round.pk]))
        answers[f"public round page {label}"] = ask(public, reverse("public_round", args=[slug, code]))
        for fmt in ("pdf", "docx", "xlsx"):
            answers[f"public {fmt} {label}"] = ask(public, reverse("public_round_file", args=[slug, code, fmt]))
            answers[f"stored {fmt} {label}"] = ask(
                member, reverse("published_document", args=[round.pk, latest_version(round), fmt])
            )
        # The grade filter: each grade it offers, chosen as at the round.
        options[label] = offered_grades(answers[f"Find actions as at {label}"])
        for value, _ in options[label]:
            answers[f"Find actions as at {label}, grade {value}"] = ask(
                member, action_list, {"round": code, "grade": value}
            )
        for movement in (Movement.IMPROVED, Movement.WORSE):
            answers[f"Find actions as at {label}, movement {movement}"] = ask(
                member, action_list, {"round": code, "movement": movement}
            )
    # The links beside the latest round's chart, each to the actions it counts.
    if answers["dashboard"].status == 200:
        for *_, href, _ in chart_links(page(answers["dashboard"].content)):
            if href:
                answers[f"dashboard link {href}"] = ask(member, href)
    record = {
        (document.pk, document.round.label, document.format, document.version): document.sha256
        for document in PublishedDocument.objects.filter(round__review=review).select_related("round")
    }
    # What the published record keeps: its files' SHA-256, as stored and as computed.
    location = Path(storages["published"].location)
    kept = {hashlib.sha256(path.read_bytes()).hexdigest() for path in location.rglob("*") if path.is_file()}
    offered = [level.printed for level in current_scale(review=review)]
    return Moment(
        name, answers, options, record, kept | set(record.values()), standing=standing_checked(), offered=offered
    )


def latest_version(round) -> int:
    """The committee's latest stored version of the round's files (a
    correction stores the next)."""
    return round.published_documents.committee().order_by("-version").first().version


def offered_grades(answer: Answer) -> list[tuple[str, str]]:
    if answer.status != 200:
        return []
    select = page(answer.content).first("select", name="grade")
    return [(option.attrs["value"], option.words()) for option in select.all("option") if option.attrs.get("value")]


@dataclass(frozen=True)
class Record:
    before: Moment
    after: Moment
    imported: Moment  # after another review's paper came in, in its own words
    merged: Moment  # after two grades were merged into one, and it recoloured
    preset: Moment  # after the council switched to a preset, grade by grade

    @property
    def later(self) -> list[Moment]:
        return [self.after, self.imported, self.merged, self.preset]


@pytest.fixture(scope="module")
def record(django_db_setup, django_db_blocker, tmp_path_factory) -> Record:
    """The council run, and every view read (and check_standing run)
    before and after its administrator changes the scale and the wording;
    the database is then put back as it was (the tests compare what was
    read)."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            **settings_of_a_test(tmp_path_factory.mktemp("one-truth")),
            PASSWORD_HASHERS=FAST_HASHERS,
            SCRUTINY_PUBLIC_PAGES=True,
            SCRUTINY_API=True,
        ),
        transaction.atomic(),
    ):
        world, rounds, key = run_the_council(TestCase.captureOnCommitCallbacks)
        before = read_every_view("before the change", world, rounds, key)
        before.scale = SCALE
        day = change_the_scale(world["administrator"])
        after = read_every_view("after the change", world, rounds, key)
        after.scale, after.earlier_day, after.now = NEW_SCALE, day, now_after_the_change()
        import_another_reviews_paper(world, TestCase.captureOnCommitCallbacks)
        imported = read_every_view("after another review's paper came in", world, rounds, key)
        imported.scale, imported.earlier_day, imported.now = NEW_SCALE, day, after.now
        merge_and_recolour(world["administrator"])
        merged = read_every_view("after two grades were merged", world, rounds, key)
        merged.scale, merged.earlier_day, merged.now = MERGED_SCALE, day, now_after_the_change(merged=True)
        switch_to_the_preset(world["administrator"])
        preset = read_every_view("after the switch to a preset", world, rounds, key)
        preset.scale, preset.earlier_day, preset.now = PRESET, day, now_after_the_change(preset=True)
        transaction.set_rollback(True)
    return Record(before, after, imported, merged, preset)


MOMENTS = pytest.mark.parametrize(
    "moment",
    ["before", "after", "imported", "merged", "preset"],
    ids=[
        "before the change",
        "after the change",
        "after another review's paper came in",
        "after a merge",
        "after the switch to a preset",
    ],
)


# ---------------------------------------------------------------------------
# What a view says of an action in a round, and how it is compared.


@dataclass(frozen=True)
class Said:
    where: str  # the part of the view that says it
    action: str | None
    round: str
    grade: str | None = None  # as printed (named_grade), or the view's own words; None: not said here
    target: str | None = None  # the month of its Date
    meaning: object = UNSAID  # what the grade means, where the view says so (1 to 4, None for none)


def says(grade: str, row: Approved) -> bool:
    """Whether a view's words for a grade say what the link officer approved."""
    return grade == row.grade if row.grade else grade in (*NO_UPDATE_WORDS, NONE_BEFORE)


def disagreements(view: str, said: list[Said], covers: set[tuple[str, str]]) -> list[str]:
    """Where `view` disagrees with APPROVED, in words; `covers`: the actions
    and rounds it must speak of."""
    problems = []
    spoken = {(s.action, s.round) for s in said if s.grade is not None}
    for action, round in sorted(covers - spoken):
        row = APPROVED_AS[action, round]
        problems.append(f"{view}: {action_words(action)}, {round}: says no grade (approved: {row.shown!r})")
    for s in said:
        row = APPROVED_AS.get((s.action, s.round))
        where = f"{view}, {s.where}: {action_words(s.action)}, {s.round}"
        if row is None:
            problems.append(f"{where}: says {s.grade or s.target!r} of a round that did not carry it")
            continue
        if s.grade is not None and not says(s.grade, row):
            left_out = f" (submitted {row.submitted}, never approved)" if row.submitted else ""
            problems.append(f"{where}: the link officer approved {row.shown!r}{left_out}, the view says {s.grade!r}")
        if s.meaning is not UNSAID and s.meaning != row.meaning:
            problems.append(f"{where}: {row.shown!r} meant {row.meaning!r} then, the view says it means {s.meaning!r}")
        if s.target is not None and s.target != row.target:
            problems.append(f"{where}: the {s.round} paper printed the Date {row.target!r}, the view says {s.target!r}")
    return problems


@dataclass(frozen=True)
class Counted:
    """A count of a round's actions by grade, as a view shows it."""

    where: str
    round: str
    counts: list[tuple[str, int]]  # (label, number), as shown
    total: int | None = None  # where the view says how many actions it counts


def naming_problems(where: str, label: str, moment: Moment) -> list[str]:
    """How a count's label (or a filter's choice) names its grade, by the
    scale in force at `moment`: one of its grades by its own words alone;
    one given under the version before (and printing unlike the current
    grades) with that version's day; nothing else."""
    grade, day = label_names(label, moment)
    in_force = {printed(each) for each in moment.scale}
    if grade is UNKNOWN:
        return [f"{where}: {label!r} names no grade of the council's"]
    if grade is None or grade in in_force:
        return [f"{where}: {label!r} names the day of an earlier scale"] if day else []
    if grade in moment.now:
        return [f"{where}: {label!r} names {grade!r} as it was; it is {moment.now[grade]!r} now"]
    if grade not in {printed(each) for each in SCALE}:
        return [f"{where}: {label!r} names a grade of no scale in force when the rounds were published"]
    if day != moment.earlier_day:
        return [f"{where}: {label!r}, a grade of the scale before, is not named 'scale of {moment.earlier_day}'"]
    return []


def existed(moment: Moment) -> set[str]:
    """The grades of the scale in force at `moment` (as printed) that a
    grade of the scale the rounds were published on (SCALE) is: those a
    figure of the published rounds lists (issue 71: never one since new)."""
    were = {printed(grade) for grade in SCALE} | set(moment.now.values())
    return {printed(grade) for grade in moment.scale} & were


def count_disagreements(view: str, counted: Counted, moment: Moment) -> list[str]:
    """Each count's label read as the grade it names, as given: no grade
    twice, every grade of the scale in force listed, the numbers per grade
    against what the link officer approved in the round, and their sum
    against the actions it carried."""
    where, expected = f"{view}, {counted.where}, {counted.round}", expected_counts(counted.round, moment.now)
    shown = ", ".join(f"{label} {n}" for label, n in counted.counts)
    carried, got, labels, problems = sum(expected.values()), Counter(), defaultdict(list), []
    for label, n in counted.counts:
        grade, _ = label_names(label, moment)
        problems += naming_problems(where, label, moment)
        if grade is not UNKNOWN:
            got[grade] += n
            labels[grade].append(label)
    problems += [
        f"{where}: lists {grade or NO_UPDATE!r} twice: {said}" for grade, said in labels.items() if len(said) > 1
    ]
    problems += [
        f"{where}: lists no count of {printed(grade)!r}, a grade of the scale in force ({shown})"
        for grade in moment.scale
        if printed(grade) in existed(moment) and printed(grade) not in labels
    ]
    problems += [
        f"{where}: lists {label!r}, a grade new since the rounds were published, which none could be given"
        for grade, said in labels.items()
        for label in said
        if grade in {printed(each) for each in moment.scale} - existed(moment)
    ]
    total = sum(n for _, n in counted.counts)
    if total != carried:
        problems.append(f"{where}: its counts ({shown}) add up to {total}; the round carried {carried}")
    if counted.total is not None and counted.total != carried:
        problems.append(f"{where}: says it counts {counted.total} actions; the round carried {carried}")
    for grade in sorted(set(expected) | set(got), key=lambda grade: (grade is None, grade or "")):
        if got[grade] != expected[grade]:
            approved = sorted(given_it(counted.round, grade, moment.now))
            problems.append(
                f"{where}: counts {got[grade]} {grade or NO_UPDATE!r} ({shown}); the link officer approved "
                f"{expected[grade]}: {', '.join(approved) or 'none'}"
            )
    return problems


def assert_agrees(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} disagreements with what the link officer approved:\n" + "\n".join(problems)


def aside(element) -> bool:
    """Words beside the grade or name in a cell: a tag, a smaller line."""
    return bool(element.classes & {"govuk-tag", "govuk-body-s"})


# ---------------------------------------------------------------------------
# Readers: one per view.


def dashboard_lists(moment: Moment) -> list[Said]:
    """The dashboard's lists (needing attention, past their date, awaiting
    the committee's decision): each row's Grade and Date at the round the
    dashboard is at, and Before at the round before."""
    main = moment.page("dashboard")
    at = re.search(r"As at the (\w+ \d{4}) progress update(?:, compared with (\w+ \d{4}))?", main.words())
    now, before = at.groups() if at else (MARCH, SEPTEMBER)
    said = []
    for table in main.all("table"):
        caption, head = table.first("caption").words(), table.rows()[0]
        if head[:1] != ["Action"]:
            continue
        for row in table.all("tr")[1:]:
            action, date, grade, was = (row.children_of("td")[n].words(skip=aside) for n in (0, 2, 3, 4))
            action = action_named(action)
            said.append(Said(f"the list {caption!r}, Grade", action, now, named_grade(grade), first_month(date)))
            if before:
                said.append(Said(f"the list {caption!r}, Before", action, before, named_grade(was, column_before=True)))
    return said


def dashboard_attention(moment: Moment) -> tuple[str, set[str]]:
    """The list of actions needing the committee's attention, and whom it lists."""
    for table in moment.page("dashboard").all("table"):
        caption = table.first("caption").words()
        if caption.startswith("Actions graded "):
            return caption, {action_named(row.children_of("td")[0].words(skip=aside)) for row in table.all("tr")[1:]}
    return "no list of actions graded at risk or worse", set()


def counts_in(words: str) -> list[tuple[str, int]]:
    """'1 C Complete, 2 A Amber / P Paused, 1 No update.' as (label, number)."""
    found = [re.match(r"(\d+) (.+)", part.strip()) for part in words.strip().rstrip(".").split(", ") if part.strip()]
    return [(match.group(2), int(match.group(1))) for match in found if match]


def dashboard_figures(moment: Moment) -> list[Counted]:
    """The dashboard's grade mix (the chart, its text alternative, the
    numbers beside it) and its trend (the chart's text alternative and the
    table), each as counted for its round."""
    main, counted = moment.page("dashboard"), []
    for svg in main.all("svg"):
        title, desc = svg.first("title").words(), svg.first("desc").words()
        if svg.attrs.get("aria-labelledby", "").startswith("mix-"):
            round = title.rpartition(", ")[2]
            counted.append(Counted("the chart's text alternative", round, counts_in(desc)))
            bars = [[text.words() for text in g.all("text")] for g in svg.all("g")]
            counted.append(Counted("the chart's bars", round, [(label, int(n)) for label, n in bars]))
            beside = [(label, n) for label, n, *_ in chart_links(main)]
            counted.append(Counted("the numbers beside the chart", round, beside))
        elif svg.attrs.get("aria-labelledby", "").startswith("trend-"):
            for round in ROUNDS:
                words = re.search(rf"{round}: (.*?)(?= \w+ \d{{4}}:|$)", desc)
                counted.append(
                    Counted("the trend's text alternative", round, counts_in(words.group(1) if words else ""))
                )
    for table in main.all("table"):
        if table.first("caption").words() == "Actions by grade at each progress update":
            head, *rows = table.rows()
            for round, *numbers in rows:
                counts = [(label, int(n)) for label, n in zip(head[1:], numbers, strict=True)]
                counted.append(Counted("the trend's table", round, counts))
    return counted


def chart_links(main) -> list[tuple[str, int, str, str]]:
    """The numbers beside the latest round's chart: each grade's label, its
    number, the address its link finds them at and the link's hidden words
    ('' for a nought, which links nowhere)."""
    numbers = main.first("ul", "app-chart__numbers")
    beside = []
    for li in numbers.all("li") if numbers else ():
        label, link = li.words().partition(": ")[0], li.first("a")
        number = (link or li).first("strong")
        hidden = link.first("span", "govuk-visually-hidden") if link else None
        href = link.attrs.get("href", "") if link else ""
        beside.append((label, int(number.words()), href, hidden.words() if hidden else ""))
    return beside


def dashboard_summaries(moment: Moment) -> dict[str, list[tuple[str, int]]]:
    """The dashboard's summary lists beside the chart, by their headings:
    'Since September 2025' (how the grades moved) and "The committee's
    decisions, March 2026"."""
    section = moment.page("dashboard").first("section", "app-dashboard-review")
    lists, heading = {}, ""
    for column in section.all("div", "govuk-grid-column-one-half") if section else ():
        for child in column.children_of("h3", "dl"):
            if child.tag == "h3":
                heading = child.words()
            else:
                rows = child.all("div", "govuk-summary-list__row")
                lists[heading] = [(row.first("dt").words(), int(row.first("dd").words())) for row in rows]
    return lists


def dashboard_improved_worse(moment: Moment) -> tuple[int, int] | None:
    """'3 actions improved, 1 worse.': the dashboard's sentence."""
    said = re.search(r"(\d+) actions? improved, (\d+) worse\.", moment.page("dashboard").words())
    return (int(said.group(1)), int(said.group(2))) if said else None


def what_changed_improved_worse(moment: Moment) -> tuple[int, int] | None:
    """'3 improved, 1 worse, …': What changed's count at its head."""
    count = moment.page("what changed").first(id="changes-count")
    said = re.search(r"(\d+) improved, (\d+) worse", count.words()) if count else None
    return (int(said.group(1)), int(said.group(2))) if said else None


def what_changed_tags(moment: Moment) -> dict[str, str]:
    """What changed's cards: each action's movement tag ('Improved')."""
    tags = {}
    for card in moment.page("what changed").all("div", "app-change"):
        for row in card.all("div", "govuk-summary-list__row"):
            tag = row.first("strong", "govuk-tag")
            if row.first("dt").words() == "Assessment of Progress" and tag:
                tags[action_named(card.first("h3").words(skip=aside))] = tag.words()
    return tags


def action_list(moment: Moment, name: str, round: str) -> list[Said]:
    """Find actions as at `round`: each row's Grade and Date, and Before at
    the round before."""
    said = []
    table = moment.page(name).first("table")
    for row in table.all("tr")[1:] if table else ():
        action, date, grade, was = (row.children_of("td")[n].words(skip=aside) for n in (0, 2, 3, 4))
        action = action_named(action)
        said.append(Said("Grade", action, round, named_grade(grade), first_month(date)))
        if round in PREVIOUS:
            said.append(Said("Before", action, PREVIOUS[round], named_grade(was, column_before=True)))
    return said


def actions_found(moment: Moment, name: str) -> list[str | None]:
    """The actions Find actions lists, a row each."""
    table = moment.page(name).first("table")
    return [action_named(row.children_of("td")[0].words(skip=aside)) for row in table.all("tr")[1:]] if table else []


def action_sheet(moment: Moment, round: str) -> list[Said]:
    """The spreadsheet of Find actions as at `round`."""
    sheet = openpyxl.load_workbook(io.BytesIO(moment.content(f"Find actions spreadsheet as at {round}"))).worksheets[0]
    head, *rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    column = {name: n for n, name in enumerate(head)}
    said = []
    for row in rows:
        action = BY_REFERENCE.get(str(row[column["Action reference"]]))
        latest, previous = str(row[column["Latest grade"]]), str(row[column["Previous grade"]])
        said.append(Said("Latest grade", action, round, named_grade(latest), first_month(str(row[column["Date"]]))))
        if round in PREVIOUS:
            said.append(Said("Previous grade", action, PREVIOUS[round], named_grade(previous, column_before=True)))
    return said


SECTION = re.compile(r"\bRecommendation (\d+)\b:?")
# What a page of a PDF prints around the paper: its running header, the
# agenda header and the page number (pypdf reads them at the page's end).
FURNITURE = re.compile(r"Recommendation \d+ continued|Agenda Item \d+: Appendix \d+|Page \d+(?: of \d+)?")
FIELD_END = re.compile(
    r"Evidence of Progress \(|Assessment of Progress \(|Evidence of Impact|Page \d+ of|Movement:|Every progress update"
)


def round_grade(section: str, round: str) -> str | None:
    """What a paper's section gives as the round's Assessment of Progress:
    the grade its field starts with; "No update received" where the paper
    says so for the round; else the field's own words; None: not printed."""
    field_at = section.find(f"Assessment of Progress ({round})")
    none_received = re.search(rf"(Evidence of Progress \({round}\):?|{round}:) No update received", section) is not None
    if field_at < 0:
        return NO_UPDATE if none_received else None
    words = section[field_at:].split(")", 1)[1].lstrip(": ").replace("(include explanation if required)", "").strip()
    end = FIELD_END.search(words)
    words = (words[: end.start()] if end else words).split(WORDING["grading_key_heading"])[0].strip()
    match = _GRADES.match(words)
    if match:
        return GRADE_FORMS[match.group()]
    return NO_UPDATE if none_received else words[:60]


def paper(text: str, where: str, target_round) -> list[Said]:
    """A Progress Update's words (a PDF's, a Word file's, a page's): each
    recommendation's action, its Assessment of Progress in every round it
    prints, and its Date (for `target_round(action)`, the round whose paper
    it is)."""
    text, said = re.sub(r"\s+", " ", FURNITURE.sub(" ", re.sub(r"\s+", " ", text))), []
    marks = list(SECTION.finditer(text))
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        action = BY_REFERENCE.get(mark.group(1))
        section = text[mark.end() : following.start() if following else len(text)]
        for round in ROUNDS:
            grade = round_grade(section, round)
            if grade is not None:
                said.append(Said(f"{where}, Assessment of Progress", action, round, grade))
        date = re.search(rf"\bDate:? ({MONTH.pattern})", section)
        if date and action:
            said.append(Said(f"{where}, Date", action, target_round(action), target=date.group(1)))
    return said


def paper_sheet(data: bytes, where: str, paper_round: str) -> list[Said]:
    """A Progress Update's spreadsheet: a row per action and round."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    heading = next(n for n, row in enumerate(rows) if "Action reference" in row)
    column = {name: n for n, name in enumerate(rows[heading]) if name}
    said = []
    for row in rows[heading + 1 :]:
        action = BY_REFERENCE.get(str(row[column["Action reference"]]))
        when = row[column["Round"]]
        round = f"{when:%B %Y}" if isinstance(when, datetime.datetime) else str(when)
        code, label = row[column["Grade"]], row[column["Assessment of Progress"]]
        grade = GRADE_FORMS.get(
            f"{code} ({label})" if code else str(label or ""), f"{code or ''} {label or ''}".strip()
        )
        if not (code or label) and row[column["Evidence of Progress"]] == NO_UPDATE:
            grade = NO_UPDATE
        date = row[column["Date"]]
        target = f"{date:%B %Y}" if isinstance(date, datetime.datetime) else first_month(str(date or ""))
        said.append(Said(f"{where}, row {action_words(action)}", action, round, grade))
        if round == paper_round:
            said.append(Said(f"{where}, Date", action, round, target=target))
    return said


def document_says(moment: Moment, kind: str, fmt: str, round: str) -> tuple[list[Said], str]:
    """A stored or public file of the round's paper: what it says, and its words."""
    data, where = moment.content(f"{kind} {fmt} {round}"), f"the {fmt}"
    if fmt == "pdf":
        words = pdf_text(data)
    elif fmt == "docx":
        words = docx_text(Document(io.BytesIO(data)))
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        cells = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row if c]
        words = "\n".join([*cells, f"Author: {workbook.properties.creator}"])
        return paper_sheet(data, where, round), words
    return paper(words, where, lambda action: round), words


def wording_problems(view: str, words: str, *, council: bool = False) -> list[str]:
    """The paper's wording as it was published: its title (and the council's
    name, where the file names it), not the wording set since."""
    problems, words = [], squash(words).lower()
    if squash(WORDING["update_title"]).lower() not in words:
        problems.append(f"{view}: does not print the title it was published with, {WORDING['update_title']!r}")
    if squash(NEW_WORDING["update_title"]).lower() in words:
        problems.append(f"{view}: prints the title set after it was published, {NEW_WORDING['update_title']!r}")
    if council and squash(WORDING["name"]).lower() not in words:
        problems.append(f"{view}: does not name the council as it was when published, {WORDING['name']!r}")
    if squash(NEW_WORDING["name"]).lower() in words:
        problems.append(f"{view}: names the council as it is called since, {NEW_WORDING['name']!r}")
    return problems


def round_page(moment: Moment, round: str) -> list[Said]:
    """The clerk's page of a round: each action's Grade."""
    said = []
    for table in moment.page(f"round page {round}").all("table"):
        head, *_ = table.rows()
        if "Grade" not in head:
            continue
        for row in table.all("tr")[1:]:
            cells = row.children_of("td")
            grade = named_grade(cells[head.index("Grade")].words(skip=aside))
            if not grade and NO_UPDATE in row.words():
                grade = NO_UPDATE
            said.append(Said("Grade", action_named(cells[0].words()), round, grade))
    return said


def what_changed(moment: Moment) -> list[Said]:
    """What changed between the two meetings: each card's Assessment of
    Progress, before → after."""
    main = moment.page("what changed")
    compared = re.search(r"The (\w+ \d{4}) progress update compared with the (\w+ \d{4}) one", main.words())
    since, until = compared.groups() if compared else (SEPTEMBER, MARCH)
    said = []
    for card in main.all("div", "app-change"):
        action = action_named(card.first("h3").words())
        for row in card.all("div", "govuk-summary-list__row"):
            if row.first("dt").words() == "Assessment of Progress":
                was, _, now = row.first("dd").words(skip=aside).partition("→")
                said.append(Said("its card, before", action, since, named_grade(was)))
                said.append(Said("its card, after", action, until, named_grade(now)))
    return said


def annual_figures(moment: Moment) -> tuple[list[Counted], list[str]]:
    """The annual report's counts at each review's latest progress update
    (its tables and its charts' text alternatives), and its share on track."""
    main, counted, shares = moment.page("annual report"), [], []
    for table in main.all("table"):
        rows = table.rows()
        at = next((n for n, row in enumerate(rows) if row[0] == "Actions in the latest progress update"), None)
        if at is None:
            continue
        counts = [(label, int(n)) for label, n in rows[at + 1 :] if not label.startswith("Share ")]
        counted.append(Counted("the table of the latest progress update", MARCH, counts, int(rows[at][1])))
        shares += [f"{label} {n}" for label, n in rows[at + 1 :] if label.startswith("Share ")]
    for svg in main.all("svg"):
        if svg.first("title").words().startswith("At each review's latest progress update"):
            counted.append(Counted("its chart's text alternative", MARCH, counts_in(svg.first("desc").words())))
    return counted, shares


def open_data(moment: Moment) -> list[Said]:
    """The open data: every update of the published rounds (its grade's
    words and meaning), and each action's latest grade and Date."""
    said, latest = [], dict(latest_pairs())
    for item in moment.json("open data updates")["records"]:
        grade = NO_UPDATE if item["status"] == NO_UPDATE else named_grade(item["grade_words"] or "")
        action = BY_REFERENCE.get(item["human_reference"])
        said.append(Said("updates.json", action, item["round"], grade, meaning=item["grade"]))
    for item in moment.json("open data actions")["records"]:
        action = BY_REFERENCE.get(item["human_reference"])
        if item["latest_grade_round"]:
            round, grade = item["latest_grade_round"], named_grade(item["latest_grade_words"] or "")
            said.append(Said("actions.json, latest grade", action, round, grade, meaning=item["latest_grade"]))
        said.append(Said("actions.json, date", action, latest.get(action, MARCH), target=first_month(item["date"])))
    return said


def api(moment: Moment) -> list[Said]:
    """The API: every update (its Assessment of Progress, or what it reads
    where none was received), and each action's latest grade and target."""
    said, latest = [], dict(latest_pairs())
    rounds = {item["id"]: item["label"] for item in moment.json("API rounds")["results"]}
    for item in moment.json("API updates")["results"]:
        grade, action = item["assessment_of_progress"], BY_REFERENCE.get(item["action_reference"])
        words = named_grade(grade["label"]) if grade else (item["reads"] or "")
        round = rounds.get(item["round"], item["round"])
        said.append(Said("/api/v1/updates/", action, round, words, meaning=grade["grade"] if grade else None))
    periods = {f"{period:%Y-%m}": name for name, (period, *_) in ROUNDS.items()}
    for item in moment.json("API actions")["results"]:
        action, grade = BY_REFERENCE.get(item["reference"]), item["latest_grade"]
        if grade:
            round, words = periods.get(grade["period"], grade["period"]), named_grade(grade["label"])
            said.append(Said("/api/v1/actions/, latest_grade", action, round, words, meaning=grade["grade"]))
        target = first_month(item["target"])
        said.append(Said("/api/v1/actions/, target", action, latest.get(action, MARCH), target=target))
    return said


# ---------------------------------------------------------------------------
# The tests: each view, before and after the change.


@MOMENTS
def test_the_committee_dashboard_counts_each_round_as_approved(record, moment):
    moment = getattr(record, moment)
    figures = dashboard_figures(moment)
    shown = {counted.round for counted in figures}
    problems = [f"the dashboard ({moment.name}): counts nothing of {round}" for round in ROUNDS if round not in shown]
    for counted in figures:
        problems += count_disagreements(f"the dashboard ({moment.name})", counted, moment)
    carried, summaries = len(rows_of(MARCH)), dashboard_summaries(moment)
    for heading, listed in summaries.items():
        if sum(n for _, n in listed) != carried:
            problems.append(
                f"the dashboard ({moment.name}), {heading!r}: {listed} add up to {sum(n for _, n in listed)}; "
                f"the {MARCH} round carried {carried}"
            )
    # No decision on March is recorded: each action graded achieved awaits one.
    decisions = dict(summaries.get(f"The committee's decisions, {MARCH}", []))
    proposed = sorted(row.action for row in rows_of(MARCH) if row.role == "achieved")
    if decisions.get("Proposed for sign-off", 0) != len(proposed):
        problems.append(
            f"the dashboard ({moment.name}), the committee's decisions: {decisions}; approved achieved "
            f"and awaiting the committee's decision: {proposed}"
        )
    assert_agrees(problems)


@MOMENTS
def test_the_committee_dashboard_lists_each_grade_as_given(record, moment):
    moment = getattr(record, moment)
    said = dashboard_lists(moment)
    problems = disagreements(f"the dashboard ({moment.name})", said, pairs_of(MARCH))
    caption, listed = dashboard_attention(moment)
    needing = {row.action for row in rows_of(MARCH) if row.role in ATTENTION_ROLES}
    if listed != needing:
        problems.append(
            f"the dashboard ({moment.name}), {caption!r}: lists {sorted(listed)}; approved at risk, off track or "
            f"not achieved in {MARCH}: {sorted(needing)}"
        )
    assert_agrees(problems)


@MOMENTS
def test_find_actions_shows_each_grade_and_date_as_that_rounds_paper_printed_them(record, moment):
    moment = getattr(record, moment)
    problems = disagreements(
        f"Find actions ({moment.name})", action_list(moment, "Find actions", MARCH), pairs_of(MARCH)
    )
    for round in ROUNDS:
        name = f"Find actions as at {round}"
        problems += disagreements(f"{name} ({moment.name})", action_list(moment, name, round), pairs_of(round))
    assert_agrees(problems)


def grade_choices(moment: Moment, round: str) -> dict[str | None, list[tuple[str, str]]]:
    """The grade filter's choices as at `round`, by the grade each names
    (as label_names() reads it): (value, words) each."""
    choices = defaultdict(list)
    for value, words in moment.grade_options[round]:
        choices[label_names(words, moment)[0]].append((value, words))
    return choices


def choice_problems(view: str, moment: Moment, round: str) -> list[str]:
    """Each grade the filter offers named as the figures name it, once;
    every grade of the scale in force offered."""
    problems = []
    for _, words in moment.grade_options[round]:
        problems += naming_problems(view, words, moment)
    offered = grade_choices(moment, round)
    for grade, choices in offered.items():
        if grade is not UNKNOWN and len(choices) > 1:
            problems.append(f"{view}: offers {grade or NO_UPDATE!r} {len(choices)} times: {choices}")
    problems += [
        f"{view}: does not offer {printed(grade)!r}" for grade in moment.scale if printed(grade) not in offered
    ]
    return problems


@MOMENTS
def test_find_actions_offers_each_grade_once_and_finds_exactly_the_actions_given_it(record, moment):
    moment, problems = getattr(record, moment), []
    for round in ROUNDS:
        view = f"Find actions as at {round} ({moment.name}), Assessment of Progress"
        problems += choice_problems(view, moment, round)
        offered = grade_choices(moment, round)
        for grade in expected_counts(round, moment.now):
            wanted = sorted(given_it(round, grade, moment.now))
            if not offered.get(grade):
                problems.append(
                    f"{view}: offers no choice for {grade or NO_UPDATE!r}, given to {wanted} "
                    f"(offers {[words for _, words in moment.grade_options[round]]})"
                )
            for value, words in offered.get(grade, []):
                found = sorted(actions_found(moment, f"Find actions as at {round}, grade {value}"))
                if found != wanted:
                    problems.append(f"{view}: choosing {words!r} finds {found}; given {grade or NO_UPDATE!r}: {wanted}")
    assert_agrees(problems)


@MOMENTS
def test_each_grade_the_dashboard_counts_is_what_its_filter_finds(record, moment):
    """For each round and each grade the chart, the numbers beside it and
    the trend count, Find actions as at that round with the same grade's
    choice finds as many actions: those the link officer gave it."""
    moment, problems = getattr(record, moment), []
    counted = defaultdict(lambda: defaultdict(list))  # (round, grade): number: where it is counted
    for figure in dashboard_figures(moment):
        for label, n in figure.counts:
            grade = label_names(label, moment)[0]
            if n and grade is not UNKNOWN:
                counted[figure.round, grade][n].append(f"{figure.where} ({label!r})")
    for (round, grade), numbers in sorted(counted.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        choices, wanted = grade_choices(moment, round).get(grade, []), sorted(given_it(round, grade, moment.now))
        view = f"the dashboard and Find actions as at {round} ({moment.name}), {grade or NO_UPDATE!r}"
        if len(choices) != 1:
            problems.append(f"{view}: the grade filter offers {len(choices)} choices for it: {choices}")
            continue
        value, words = choices[0]
        found = sorted(actions_found(moment, f"Find actions as at {round}, grade {value}"))
        for n, where in numbers.items():
            if n != len(found):
                problems.append(f"{view}: {', '.join(where)} count {n}; choosing {words!r} finds {len(found)}: {found}")
        if found != wanted:
            problems.append(f"{view}: choosing {words!r} finds {found}; the link officer gave it to {wanted}")
    assert_agrees(problems)


@MOMENTS
def test_the_links_beside_the_chart_find_what_they_count(record, moment):
    moment, problems = getattr(record, moment), []
    for label, n, href, hidden in chart_links(moment.page("dashboard")):
        grade, view = (
            label_names(label, moment)[0],
            f"the dashboard ({moment.name}), the numbers beside the chart, {label!r}",
        )
        if not n:
            continue
        if not href or hidden != f"{label}, find them":
            problems.append(f"{view}: {n} links to {href!r}, its hidden words {hidden!r}")
            continue
        found, wanted = (
            sorted(actions_found(moment, f"dashboard link {href}")),
            sorted(given_it(MARCH, grade, moment.now)),
        )
        if len(found) != n or found != wanted:
            problems.append(f"{view}: counts {n}; its link {href} finds {found}; the link officer gave it to {wanted}")
    assert_agrees(problems)


def movement_problems(moment: Moment) -> list[str]:
    """How the dashboard, What changed and Find actions' movement filter say
    the March round's grades moved since September, against APPROVED."""
    expected = expected_movements(MARCH)
    moved = {m: sorted(action for action, its in expected.items() if its == m) for m in Movement}
    want, problems = (len(moved[Movement.IMPROVED]), len(moved[Movement.WORSE])), []
    counts = {
        "the dashboard's 'N actions improved, M worse.'": dashboard_improved_worse(moment),
        "What changed's count": what_changed_improved_worse(moment),
    }
    problems += [f"{where} says (improved, worse) {n!r}; approved: {want}" for where, n in counts.items() if n != want]
    listed = dict(dashboard_summaries(moment).get(f"Since {SEPTEMBER}", []))
    approved = {Movement(m).label: len(actions) for m, actions in moved.items() if actions}
    if listed != approved:
        problems.append(f"the dashboard's list 'Since {SEPTEMBER}' says {listed}; approved: {approved}")
    tags = what_changed_tags(moment)
    for movement in (Movement.IMPROVED, Movement.WORSE):
        tagged = sorted(action for action, tag in tags.items() if tag == movement.label)
        if tagged != moved[movement]:
            problems.append(f"What changed: tags {tagged} {movement.label!r}; approved: {moved[movement]}")
        for round in ROUNDS:
            found = sorted(actions_found(moment, f"Find actions as at {round}, movement {movement}"))
            wanted = sorted(action for action, its in expected_movements(round).items() if its == movement)
            if found != wanted:
                problems.append(f"Find actions as at {round}, {movement.label}: finds {found}; approved: {wanted}")
    return problems


@MOMENTS
def test_improved_and_worse_say_the_same_on_every_page(record, moment):
    """In the council's order (SCALE's, as when the rounds were published):
    the new order, On hold before At risk, does not rewrite the movement."""
    moment = getattr(record, moment)
    assert_agrees([f"{problem} ({moment.name})" for problem in movement_problems(moment)])


@MOMENTS
def test_check_standing_finds_every_stored_row_as_the_rules_make_it(record, moment):
    moment = getattr(record, moment)
    assert not moment.standing, f"manage.py check_standing ({moment.name}):\n{moment.standing}"


@MOMENTS
def test_the_find_actions_spreadsheet_agrees(record, moment):
    moment, problems = getattr(record, moment), []
    for round in ROUNDS:
        view = f"the spreadsheet of Find actions as at {round} ({moment.name})"
        problems += disagreements(view, action_sheet(moment, round), pairs_of(round))
    assert_agrees(problems)


@MOMENTS
def test_the_review_page_agrees(record, moment):
    moment = getattr(record, moment)
    latest = dict(latest_pairs())
    said = paper(moment.page("review page").words(), "its record", lambda action: latest[action])
    assert_agrees(disagreements(f"the review page ({moment.name})", said, latest_pairs()))


@MOMENTS
def test_the_clerks_round_pages_agree(record, moment):
    moment, problems = getattr(record, moment), []
    for round in ROUNDS:
        problems += disagreements(
            f"the clerk's {round} round page ({moment.name})", round_page(moment, round), pairs_of(round)
        )
    assert_agrees(problems)


@MOMENTS
def test_the_public_round_pages_show_what_was_published(record, moment):
    moment, problems = getattr(record, moment), []
    for round in ROUNDS:
        view = f"the public {round} round page ({moment.name})"
        words = moment.page(f"public round page {round}").words()
        problems += disagreements(view, paper(words, "the paper", lambda action, round=round: round), pairs_of(round))
        problems += wording_problems(view, words)
    assert_agrees(problems)


@MOMENTS
def test_what_changed_since_the_last_meeting_agrees(record, moment):
    moment = getattr(record, moment)
    carried = {row.action for row in rows_of(MARCH)}
    covers = {(action, round) for action in carried for round in ROUNDS}
    assert_agrees(disagreements(f"what changed since the last meeting ({moment.name})", what_changed(moment), covers))


@MOMENTS
def test_the_annual_report_counts_the_latest_round_as_approved(record, moment):
    moment = getattr(record, moment)
    view = f"the annual report {MUNICIPAL_YEAR}/{(MUNICIPAL_YEAR + 1) % 100} ({moment.name})"
    counted, shares = annual_figures(moment)
    problems = [] if counted else [f"{view}: no count of the latest progress update"]
    for count in counted:
        problems += count_disagreements(view, count, moment)
    on_track = [row for row in rows_of(MARCH) if row.role in ("achieved", "on_track")]
    share = f"{round(100 * len(on_track) / len(rows_of(MARCH)))}%"
    problems += [
        f"{view}: {words!r}; approved on track or achieved: {share}"
        for words in shares
        if not words.endswith(f" {share}")
    ]
    assert_agrees(problems)


@MOMENTS
def test_the_annual_reports_files_count_as_its_page_does(record, moment):
    """The annual report as PDF, Word and Excel: each grade the page counts
    at the latest progress update, with its number, and the share on
    track, in the file's text; nothing of a grade new since."""
    moment, problems = getattr(record, moment), []
    counted, shares = annual_figures(moment)
    table = next(count for count in counted if count.where == "the table of the latest progress update")
    new = {printed(grade) for grade in moment.scale} - existed(moment)
    for fmt in ("pdf", "docx", "xlsx"):
        content, view = moment.content(f"annual report {fmt}"), f"the annual report's {fmt} ({moment.name})"
        if fmt == "xlsx":  # a figure in a number cell, the share a fraction
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            cells = {(row[2], row[3]) for row in sheet.iter_rows(values_only=True) if len(row) > 3}
            said = {squash(f"{label}{n}") for label, n in cells if isinstance(n, int)}
            said |= {squash(f"{label}{round(100 * n)}%") for label, n in cells if isinstance(n, float)}
            text = squash(" ".join(str(label) for label, _ in cells))
        else:
            text = squash(document_text(content, fmt))
            said = {text}
        problems += [
            f"{view}: no {label!r} {n}"
            for label, n in table.counts
            if not any(squash(f"{label}{n}") in words for words in said)
        ]
        problems += [f"{view}: no {share!r}" for share in shares if not any(squash(share) in words for words in said)]
        problems += [f"{view}: names {grade!r}, new since" for grade in new if squash(GRADE[grade]["label"]) in text]
    assert_agrees(problems)


@MOMENTS
def test_the_stored_pdf_word_and_excel_agree(record, moment):
    moment, problems = getattr(record, moment), []
    for round, (*_, item, _) in ROUNDS.items():
        for fmt in ("pdf", "docx", "xlsx"):
            view = f"the stored {fmt} of {round} ({moment.name})"
            said, words = document_says(moment, "stored", fmt, round)
            problems += disagreements(view, said, printed_in(round))
            problems += wording_problems(view, words, council=fmt == "xlsx")
            if fmt == "pdf" and f"Agenda Item {item}" not in words:
                problems.append(f"{view}: has no agenda header 'Agenda Item {item}'")
    assert_agrees(problems)


@MOMENTS
def test_the_public_downloads_agree(record, moment):
    moment, problems = getattr(record, moment), []
    for round, (*_, item, _) in ROUNDS.items():
        for fmt in ("pdf", "docx", "xlsx"):
            view = f"/public/reviews/<slug>/{ROUNDS[round][0]:%Y-%m}/{fmt}/ ({moment.name})"
            said, words = document_says(moment, "public", fmt, round)
            problems += disagreements(view, said, printed_in(round))
            problems += wording_problems(view, words, council=fmt == "xlsx")
            if fmt == "pdf" and f"Agenda Item {item}" not in words:
                problems.append(f"{view}: has no agenda header 'Agenda Item {item}', as the committee's file has")
    assert_agrees(problems)


@MOMENTS
def test_the_public_downloads_are_the_stored_public_copy(record, moment):
    moment, problems = getattr(record, moment), []
    for round in ROUNDS:
        for fmt in ("pdf", "docx", "xlsx"):
            sha256 = hashlib.sha256(moment.content(f"public {fmt} {round}")).hexdigest()
            if sha256 not in moment.kept:
                problems.append(
                    f"/public/reviews/<slug>/{ROUNDS[round][0]:%Y-%m}/{fmt}/ ({moment.name}): SHA-256 {sha256} is no "
                    "file the published record keeps: it is not the stored public copy"
                )
    assert not problems, "\n".join(problems)


def test_the_stored_documents_keep_their_sha256_and_bytes_when_the_settings_change(record):
    before = record.before
    assert before.record, "publishing stored no document"
    for after in record.later:
        assert after.record == before.record, f"the published record's files changed ({after.name})"
        changed = [
            name
            for name in before.answers
            if name.startswith("stored ") and before.content(name) != after.content(name)
        ]
        assert not changed, f"the committee's stored files whose bytes changed ({after.name}): {changed}"


def test_the_public_downloads_do_not_change_when_the_settings_change(record):
    before = record.before
    for after in record.later:
        changed = [
            f"/public/reviews/<slug>/{ROUNDS[round][0]:%Y-%m}/{fmt}/"
            for round in ROUNDS
            for fmt in ("pdf", "docx", "xlsx")
            if before.content(f"public {fmt} {round}") != after.content(f"public {fmt} {round}")
        ]
        assert not changed, f"public downloads whose bytes changed ({after.name}): {changed}"


@MOMENTS
def test_flooding_officers_are_offered_the_scale_in_force_whatever_another_review_brings_in(record, moment):
    moment = getattr(record, moment)
    assert moment.offered == [printed(grade) for grade in moment.scale], moment.name


@MOMENTS
def test_the_open_data_agrees(record, moment):
    moment = getattr(record, moment)
    covers = {(row.action, row.round) for row in APPROVED}
    assert_agrees(disagreements(f"the open data ({moment.name})", open_data(moment), covers))


@MOMENTS
def test_the_api_agrees(record, moment):
    moment = getattr(record, moment)
    covers = {(row.action, row.round) for row in APPROVED}
    assert_agrees(disagreements(f"the API ({moment.name})", api(moment), covers))


def test_the_change_is_in_force_where_it_should_be(record):
    """The administrator's change did happen: the site's header names the
    council as it is now, and Find actions offers the new scale's grades."""
    before, after = record.before.content("Find actions").decode(), record.after.content("Find actions").decode()
    assert WORDING["name"] in before and NEW_WORDING["name"] in after
    assert "D – Delivered" in after and "Delivered" not in before
    merged = record.merged.content("Find actions").decode()
    assert "H – On hold" in after and "H – On hold" not in merged and "A – At risk" in merged


@MOMENTS
def test_every_chart_draws_each_grade_in_a_colour_of_its_own(record, moment):
    """Issue 71: no two grades of one chart of grades (the dashboard's mix
    and trend, the annual report's) in one colour, nor a grade in No
    update's, whatever the council did to its scale."""
    moment, problems = getattr(record, moment), []
    for view in ("dashboard", "annual report"):
        for svg in re.findall(r"<svg\b.*?</svg>", moment.content(view).decode(), re.S):
            title = re.search(r"<title[^>]*>([^<]*)</title>", svg).group(1)
            if "grade" not in title.lower():
                continue
            rows = [re.findall(r'<rect[^>]*fill="([^"]+)"', row) for row in re.findall(r"<g\b.*?</g>", svg, re.S)]
            # A bar chart's rows are a bar each; a trend's, each round's grades stacked.
            drawn = [fills for fills in rows if len(fills) > 1] or [[fill for fills in rows for fill in fills]]
            for fills in drawn:
                shared = sorted(fill for fill, n in Counter(fills).items() if n > 1)
                if shared:
                    problems.append(f"{view} ({moment.name}), {title}: {shared} drawn for more than one bar")
    assert not problems, "\n".join(problems)
