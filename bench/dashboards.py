"""Benchmark of the committee dashboards, the changes since a meeting and
the scrutiny annual report.

    make bench-dashboards   (or: .venv/bin/python bench/dashboards.py)

Builds, once, two synthetic committees in their own database: one of 500
actions, one of 5,000 actions with about 50,000 progress entries over ten
published rounds (March 2022 to September 2026), a year of audit history,
and the standing of every published round, written by the app's own code
as publication writes it (see build()). Then it asks, as a signed-in clerk
would, for each committee's dashboard, its filtered list of actions, what
changed since the last meeting (and between the last two) and the annual
report of the last full municipal year, and prints the server time (the
median of five, asked in turn, with their range), the CPU time of this
process (which, on SQLite, includes the database's work), the number of
queries of each, and each page's median as a multiple of the dashboard's at
the same size. A page not built yet is skipped with a note.

Then the targets of issue 54 (item 7) and of the changes spreadsheet, each
the median of interleaved pairs (PAIRS, A then B) or of runs, with their
range and the load average: the dashboard at 5,000 actions at most 1.2
times its floor (floor(): one grouped query over the latest rounds' stored
standing, and rendering its template), on the wall clock and in CPU; the
changes spreadsheet at most 1.5 times its own floor (spreadsheet_parts():
gathering what changed, and openpyxl writing the same values plainly); and
publishing a round of 500 actions writing its standing in under a second
(publishing(): Round.write_standing from nothing, rolled back each run).

Without DATABASE_URL it runs twice: on SQLite (bench/out/dashboards-vN.sqlite3)
and on PostgreSQL (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/scrutiny_bench_dashboards_vN, created if
missing; skipped with a note if no server answers); N is DATA, so a database
built by an older version of this script is never reused. With DATABASE_URL,
only on that database. Nothing here is part of the test suite.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: dashboards on SQLite --> ... and on
PostgreSQL), with the date and the machine: bench/common.py's Figures.
"""

import datetime
import itertools
import os
import statistics
import sys
import time
import zoneinfo
from collections import Counter

from common import Figures, database_label, on_postgres, runs_of, setup_django, sized, timed_pairs, wall

# The synthetic data's version: raise it whenever build() changes.
DATA = 3
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/scrutiny_bench_dashboards_v{DATA}")
BOTH = "DATABASE_URL" not in os.environ

setup_django(f"dashboards-v{DATA}.sqlite3", serving=True)

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from actionplans.models import (  # noqa: E402
    Action,
    Committee,
    CommitteeDecision,
    EntryResponsibility,
    ExecutiveResponse,
    Owner,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
    Standing,
    TargetRevision,
)

ROUNDS = 10
REVIEWS = 10  # per committee, each with its share of the actions
OWNERS = 50  # per committee
SIZES = sized([500, 5000], [50, 100])  # actions per committee
BATCH = 2000

# The tracker was imported on this day: everything that existed then has its
# "Imported" record in the audit history, and every change since is in it,
# written as the site's verbs write it. The rounds from FIRST_IN_SYSTEM on
# (September 2025, March 2026, September 2026) were opened, written,
# submitted, approved, published and decided in the system.
IMPORTED = datetime.date(2025, 6, 2)
FIRST_IN_SYSTEM = 7
IMPORT_REASON = "Imported from bench-tracker.xlsx"
# The last full municipal year: May 2025 to April 2026 (rounds September
# 2025 and March 2026); the annual report is measured for it.
YEAR = 2025
# The days owners changed: before round 8, before round 9, and after the
# last meeting (index ROUNDS: as things are now).
OWNER_CHANGES = {8: datetime.date(2025, 12, 10), 9: datetime.date(2026, 6, 15), ROUNDS: datetime.date(2026, 10, 8)}
LONDON = zoneinfo.ZoneInfo("Europe/London")
WORK = [
    "the awareness campaign reached",
    "training was delivered to",
    "the online reporting form was used by",
    "partner agencies met",
    "the residents' survey was answered by",
]


def period(i: int) -> datetime.date:
    """Round i's month: March and September from March 2022 (i = 10 is the
    round after the last, March 2027)."""
    return datetime.date(2022 + i // 2, 3 if i % 2 == 0 else 9, 1)


def at(day: datetime.date, minutes: int = 0) -> datetime.datetime:
    """A time in the working day of `day`, spread by `minutes`."""
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=LONDON) + datetime.timedelta(minutes=minutes % 480)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def paragraph(n: int, i: int) -> str:
    return (
        f"In the six months to {period(i):%B %Y}, {WORK[(n + i) % len(WORK)]} {40 + (n * 7 + i * 13) % 400} people "
        "across the borough. The lead officer reported progress to the partnership board, which noted the figures "
        f"and agreed the next steps. Take-up among the groups named in the plan rose by {2 + (n + i) % 9} per cent "
        "on the previous period."
    )


def evidence(n: int, i: int) -> str:
    """Round i's Evidence of Progress: the round before's paragraph kept, a
    new one added, as officers write them."""
    return "\n\n".join(paragraph(n, j) for j in range(max(0, i - 1), i + 1))


def grade(n: int, i: int) -> int:
    """Action n's grade at round i. Never Fully Achieved before the last two
    rounds, so that the rounds before carry every action."""
    if i == ROUNDS - 1:
        return 1 + n % 4
    if i == ROUNDS - 2 and n % 20 == 0:
        return 1
    if i == ROUNDS - 2 and n % 100 == 7:
        return 4
    return 2 + (n + i) % 3


def received(n: int, i: int) -> bool:
    """Whether the committee received action n's update at round i: one in a
    hundred stayed a draft in the rounds written in the system."""
    return i < FIRST_IN_SYSTEM or n % 100 != 41


def decision(n: int, i: int) -> tuple[str, str]:
    """The committee's decision on action n at round i (from
    FIRST_IN_SYSTEM), and the reason of a closure. Grade 1 is signed off
    (a few kept open); a few graded 4 are closed; the rest carried forward.
    Only the last two rounds sign off or close: the rounds before carry
    every action."""
    g = grade(n, i) if received(n, i) else None
    if g == 1:
        kept = (i == ROUNDS - 2 and n % 200 == 100) or (i == ROUNDS - 1 and n % 40 == 4)
        return (CommitteeDecision.Decision.KEPT_OPEN if kept else CommitteeDecision.Decision.SIGNED_OFF), ""
    if g == 4 and ((i == ROUNDS - 2 and n % 100 == 7) or (i == ROUNDS - 1 and n % 40 == 7)):
        return CommitteeDecision.Decision.CLOSED, "Transferred to the partnership's own action plan."
    return CommitteeDecision.Decision.CARRIED, ""


def last_round(n: int) -> int:
    """The last round that carries action n: the one whose published decision
    signed it off or closed it, else the last."""
    for i in range(FIRST_IN_SYSTEM, ROUNDS - 1):
        if decision(n, i)[0] in (CommitteeDecision.Decision.SIGNED_OFF, CommitteeDecision.Decision.CLOSED):
            return i
    return ROUNDS - 1


def owner_index(n: int, i: int) -> int:
    """Which of the committee's owners is responsible for action n at round i
    (i = ROUNDS: now)."""
    k = n
    if n % 20 == 13 and i >= 8:
        k += 1
    if n % 20 == 3 and i >= 9:
        k += 1
    if n % 50 == 11 and i >= ROUNDS:
        k += 2
    return k % OWNERS


def corrected(n: int, i: int) -> datetime.datetime | None:
    """When action n's published update at round i was corrected, if it was:
    one in a hundred ten days after its meeting, and a few of March 2026's
    after the last meeting."""
    if i < FIRST_IN_SYSTEM or not received(n, i):
        return None
    if n % 100 == 23:
        return at(period(i).replace(day=30), n)
    if n % 100 == 59 and i == ROUNDS - 2:
        return at(datetime.date(2026, 10, 5), n)
    return None


CORRECTION = "The figures for the quarter were restated by the partnership."


def revises(n: int, i: int) -> str:
    """'accepted' or 'refused' where action n's update at round i proposed a
    new target (one in ten of those graded Slipped), else ''."""
    if i < FIRST_IN_SYSTEM or not received(n, i) or grade(n, i) != 3 or n % 10 != 3:
        return ""
    return "refused" if n % 40 == 33 else "accepted"


class History:
    """Audit records written as simple-history writes them, with the date,
    who and why of each, gathered for one bulk insert per model."""

    def __init__(self):
        self.models, self.fields, self.rows = {}, {}, {}

    def add(self, obj, when, user, kind="~", reason=None, **values):
        if type(obj) not in self.models:  # (the history manager is built anew at each access)
            model = self.models[type(obj)] = type(obj).history.model
            self.fields[model] = [field.attname for field in model.tracked_fields]
            self.rows[model] = []
        model = self.models[type(obj)]
        row = {name: getattr(obj, name) for name in self.fields[model]}
        row.update(values)
        self.rows[model].append(
            model(history_date=when, history_user_id=user, history_type=kind, history_change_reason=reason, **row)
        )

    def save(self):
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows, batch_size=BATCH)


def clerk_user():
    clerk, _ = get_user_model().objects.get_or_create(
        username="bench.clerk", defaults={"is_staff": True, "first_name": "Bench", "last_name": "Clerk"}
    )
    clerk.groups.set(Group.objects.filter(name="Clerk"))
    return clerk


def build(size: int) -> Committee:
    """A committee of `size` actions in ten reviews, each with ten published
    rounds, and a year of history:

    - the rounds of the last year (September 2025 to September 2026) opened,
      written (draft, submitted, a few returned and submitted again, one in
      ten late), approved and published in the system, one in a hundred
      updates never received; published entries corrected now and then
      ("Correction: …"), three of them after the last meeting;
    - the committee's published decisions on those rounds: carried forward,
      and in March and September 2026 signed off (a few kept open) or closed,
      so the round after no longer carries those actions;
    - owners changed before the March and September 2026 rounds (the entries
      keep who was responsible then) and after the last meeting;
    - target revisions proposed with slipped updates, most accepted, and a
      clerk's own revisions after the last meeting;
    - the reviews' reports to the executive and its published responses, in
      2020–21 for the ten monitored reviews and, for three reviews still being
      set up (recommendations without actions), in 2025 and 2026: one
      responded to late, one on time, one outstanding at the end of the
      2025/26 municipal year.

    Everything bulk-inserted, the history rows written directly. Then the
    standing of every published round written by the app's own code, as
    publication writes it (Standing.objects.write, with its history), so
    that the dashboards read stored rows as on a live site."""
    slug = f"bench-{size}"
    name = f"Benchmark committee of {size} actions (data {DATA})"
    if committee := Committee.objects.filter(slug=slug).first():
        if committee.name != name:
            sys.exit(f"{slug} was built by another version of this benchmark: give a new database.")
        return committee
    with transaction.atomic():
        # Every history row is written below, dated; none by the signals, today.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            committee = _build(size, slug, name)
        write_standing(committee)
    return committee


def write_standing(committee: Committee) -> None:
    """The standing of every published round of the committee's reviews,
    worked out by the rules and written (each review read once), and how
    long it took."""
    rounds = list(
        Round.objects.filter(review__committee=committee, status=Round.Status.PUBLISHED).order_by("review", "period")
    )
    started = time.perf_counter()
    written = Standing.objects.write(rounds, by=None)
    print(
        f"{committee.name}: the standing of its {len(rounds)} published rounds written in "
        f"{time.perf_counter() - started:.1f} s ({written:,} rows)",
        flush=True,
    )


def _build(size: int, slug: str, name: str) -> Committee:
    User = get_user_model()
    clerk = clerk_user().pk
    link = User.objects.create(username=f"bench.link.{size}", first_name="Link", last_name=f"Officer {size}").pk
    users = User.objects.bulk_create(
        User(username=f"bench.officer.{size}.{n}", first_name="Officer", last_name=f"{size}-{n}", password="!")
        for n in range(OWNERS)
    )
    committee = Committee.objects.create(name=name, slug=slug)
    owners = Owner.objects.bulk_create(Owner(name=f"Officer {size}-{n}", user=user) for n, user in enumerate(users))
    history = History()
    imported = at(IMPORTED)
    history.add(committee, imported, clerk, "+", IMPORT_REASON)
    for owner in owners:
        history.add(owner, imported, clerk, "+", IMPORT_REASON)
    per_review = size // REVIEWS
    for r in range(REVIEWS):
        _build_review(committee, r, per_review, owners, users, link, clerk, history)
    for r, (title, agreed, responded, answers) in enumerate(NEW_REVIEWS):
        _build_new_review(committee, REVIEWS + r, title, agreed, responded, answers, clerk, history)
    history.save()
    return committee


# The reviews still being set up: title, report agreed, the executive's
# response (None: outstanding), and its answers to the recommendations.
A, P, R = (
    ExecutiveResponse.Response.ACCEPTED,
    ExecutiveResponse.Response.PARTIALLY,
    ExecutiveResponse.Response.REJECTED,
)
NEW_REVIEWS = [
    ("Youth provision", datetime.date(2025, 7, 8), datetime.date(2025, 9, 29), [A] * 8 + [P] * 3 + [R]),
    ("Empty homes", datetime.date(2026, 1, 13), datetime.date(2026, 3, 16), [A] * 9 + [R]),
    ("Street lighting", datetime.date(2026, 3, 10), datetime.date(2026, 6, 1), [A] * 8),
]


def _build_review(committee, r, per_review, owners, users, link, clerk, history):
    """One of the committee's monitored reviews: its rounds, recommendations
    and responses, actions and their targets, owners, entries, target
    revisions and the committee's decisions, each with its history."""
    report = datetime.date(2020, 6, 10) + days(45 * r)
    to_executive = report + days(12)
    responded = to_executive + days(35 + (9 * r) % 40)
    review = Review.objects.create(
        committee=committee,
        title=f"Review {r + 1}",
        slug=f"{committee.slug}-{r + 1}",
        action_plan_agreed=datetime.date(2021, 12, 1),
        report_agreed=report,
        report_to_executive=to_executive,
        responses_published_at=at(responded + days(3)),
    )
    history.add(review, at(IMPORTED), clerk, "+", IMPORT_REASON)
    rounds = _build_rounds(review, clerk, history)
    recs = _build_recommendations(review, per_review, responded, clerk, history)
    actions, targets = _build_actions(recs, per_review)
    _build_owners(actions, owners, per_review, clerk, history)
    proposals = _build_entries(actions, rounds, per_review, owners, users, link, clerk, history)
    _build_revisions(proposals, targets, actions, link, clerk, history)
    _build_decisions(actions, rounds, per_review, clerk, history)


def _build_rounds(review, clerk, history) -> list:
    """The review's ten published rounds: those before FIRST_IN_SYSTEM
    imported, the rest opened and published in the system."""
    imported = at(IMPORTED)
    rounds = Round.objects.bulk_create(
        Round(
            review=review,
            period=period(i),
            deadline=period(i).replace(month=period(i).month - 1),
            meeting_date=period(i).replace(day=20),
            status=Round.Status.PUBLISHED,
            decisions_published_at=at(period(i).replace(day=24)) if i >= FIRST_IN_SYSTEM else None,
            decisions_published_by_id=clerk if i >= FIRST_IN_SYSTEM else None,
            decisions_version=1 if i >= FIRST_IN_SYSTEM else 0,
        )
        for i in range(ROUNDS)
    )
    unpublished = {"decisions_published_at": None, "decisions_published_by_id": None, "decisions_version": 0}
    for i, round in enumerate(rounds):
        if i < FIRST_IN_SYSTEM:
            history.add(round, imported, clerk, "+", IMPORT_REASON)
            continue
        opened = round.period.replace(month=round.period.month - 2)
        history.add(round, at(opened), clerk, "+", status=Round.Status.OPEN, **unpublished)
        history.add(round, at(round.meeting_date - days(10)), clerk, **unpublished)
        history.add(round, round.decisions_published_at, clerk)
    return rounds


def _build_recommendations(review, per_review, responded, clerk, history) -> list:
    """A recommendation for each action, and the executive's responses."""
    imported = at(IMPORTED)
    recs = Recommendation.objects.bulk_create(
        Recommendation(review=review, number=n + 1, text=f"Recommendation {n + 1}") for n in range(per_review)
    )
    responses = ExecutiveResponse.objects.bulk_create(
        ExecutiveResponse(
            recommendation=rec,
            response=ExecutiveResponse.Response.PARTIALLY if n % 10 == 4 else ExecutiveResponse.Response.ACCEPTED,
            reasons="The budget allows a smaller programme." if n % 10 == 4 else "",
            accepted_part="The programme in the town centres." if n % 10 == 4 else "",
            responded_on=responded,
        )
        for n, rec in enumerate(recs)
    )
    for rec, response in zip(recs, responses, strict=True):
        history.add(rec, imported, clerk, "+", IMPORT_REASON)
        history.add(response, imported, clerk, "+", IMPORT_REASON)
    return recs


def _build_actions(recs, per_review) -> tuple[list, dict]:
    """The actions, with the plan's targets and the revisions that moved
    them: {n: [(round or None, target, when the clerk revised it or None)]},
    the first the plan's own."""
    targets = {}
    for n in range(per_review):
        target = datetime.date(2017 + n % 6, 1 + n % 12, 1)
        story = [(None, target, None)]
        for i in range(FIRST_IN_SYSTEM, last_round(n) + 1):
            if revises(n, i) == "accepted":
                target = period(i + 1)
                story.append((i, target, None))
        if n % 100 == 61:
            target = datetime.date(2027, 6, 1)
            story.append((None, target, at(datetime.date(2026, 10, 12), n)))
        targets[n] = story
    actions = Action.objects.bulk_create(
        Action(
            recommendation=rec,
            target_month=targets[n][-1][1],
            agreed_action="Deliver the agreed programme.",
            success_measure="Take-up is reported.",
        )
        for n, rec in enumerate(recs)
    )
    return actions, targets


def _build_owners(actions, owners, per_review, clerk, history) -> None:
    """Who is responsible, and the changes of owner with their history."""
    imported = at(IMPORTED)
    links = Responsibility.objects.bulk_create(
        Responsibility(action=action, owner=owners[owner_index(n, FIRST_IN_SYSTEM)]) for n, action in enumerate(actions)
    )
    for link_row in links:
        history.add(link_row, imported, clerk, "+", IMPORT_REASON)
    gone = []
    for stage, day in OWNER_CHANGES.items():
        changed = [n for n in range(per_review) if owner_index(n, stage) != owner_index(n, stage - 1)]
        new = Responsibility.objects.bulk_create(
            Responsibility(action=actions[n], owner=owners[owner_index(n, stage)]) for n in changed
        )
        for n, new_link in zip(changed, new, strict=True):
            history.add(links[n], at(day, n), clerk, "-")
            history.add(new_link, at(day, n), clerk, "+")
            gone.append(links[n].pk)
            links[n] = new_link
    Responsibility.objects.filter(pk__in=gone).delete()  # their history is written above


def _build_entries(actions, rounds, per_review, owners, users, link, clerk, history) -> list:
    """The entries, round by round, with their owners then, each graded as
    an import grades it (the current scale's grade for what it means:
    ProgressEntry.grade_by_meaning). Returns the target proposals they
    made: (n, i, entry, status, proposed at, decided at, officer)."""
    imported = at(IMPORTED)
    carried = [(n, i) for n in range(per_review) for i in range(last_round(n) + 1)]
    entries = [
        ProgressEntry(
            action=actions[n],
            round=rounds[i],
            evidence_of_progress=evidence(n, i) + (f"\n\n{CORRECTION}" if corrected(n, i) else ""),
            grade=grade(n, i),
            evidence_of_impact=f"Repeat reports fell by {1 + (n + i) % 7} per cent.",
            status=ProgressEntry.Status.APPROVED if received(n, i) else ProgressEntry.Status.DRAFT,
        )
        for n, i in carried
    ]
    ProgressEntry.grade_by_meaning(entries)
    entries = ProgressEntry.objects.bulk_create(entries, batch_size=BATCH)
    entry_links = EntryResponsibility.objects.bulk_create(
        (
            EntryResponsibility(entry=e, owner=owners[owner_index(n, i)])
            for e, (n, i) in zip(entries, carried, strict=True)
        ),
        batch_size=BATCH,
    )
    proposals = []
    for entry, entry_link, (n, i) in zip(entries, entry_links, carried, strict=True):
        if i < FIRST_IN_SYSTEM:
            history.add(entry, imported, clerk, "+", IMPORT_REASON)
            history.add(entry_link, imported, clerk, "+", IMPORT_REASON)
            continue
        round = rounds[i]
        officer = users[owner_index(n, i)].pk
        opened = at(round.period.replace(month=round.period.month - 2), n)
        history.add(entry_link, opened, clerk, "+")
        proposal = _entry_story(entry, n, i, round, officer, link, clerk, history)
        if proposal:
            proposals.append((n, i, entry, *proposal))
    return proposals


def _build_revisions(proposals, targets, actions, link, clerk, history) -> None:
    """Target revisions: with the updates that proposed them, and the
    clerk's own; each with its history and the action's."""
    revisions = [_proposed_revision(targets[n], i, entry, link, *proposal) for n, i, entry, *proposal in proposals]
    for n, story in targets.items():
        for (_, before, _), (_, target, when) in itertools.pairwise(story):
            if when is None:
                continue
            revisions.append(
                TargetRevision(
                    action=actions[n],
                    target_before=before,
                    target_month=target,
                    reason="The partnership moved the work into next year's plan.",
                    proposed_by_id=clerk,
                    proposed_at=when,
                    status=TargetRevision.Status.ACCEPTED,
                    decided_by_id=clerk,
                    decided_at=when,
                    applies_from=datetime.date(2026, 10, 1),
                )
            )
    revisions = TargetRevision.objects.bulk_create(revisions, batch_size=BATCH)
    for revision in revisions:
        if revision.decided_by_id != revision.proposed_by_id:  # proposed with an update
            proposed = {"status": "proposed", "decided_by_id": None, "decided_at": None, "refusal_comment": ""}
            history.add(revision, revision.proposed_at, revision.proposed_by_id, "+", **proposed)
            history.add(revision, revision.decided_at, revision.decided_by_id)
        else:
            history.add(revision, revision.decided_at, clerk, "+")
    for n, action in enumerate(actions):
        history.add(action, at(IMPORTED), clerk, "+", IMPORT_REASON, target_month=targets[n][0][1])
    for revision in revisions:
        if revision.status == TargetRevision.Status.ACCEPTED:
            history.add(
                revision.action,
                revision.decided_at,
                revision.decided_by_id,
                reason=f"Target revised: {revision.reason}"[:100],
                target_month=revision.target_month,
            )


def _proposed_revision(story, i, entry, link, status, proposed, decided, officer) -> TargetRevision:
    """The revision action n's update at round i proposed (`story`: its
    targets, _build_actions()), decided by the link officer."""
    before = story[0][1]
    for k, target, _ in story[1:]:
        if k is not None and k < i:
            before = target
    return TargetRevision(
        action=entry.action,
        entry=entry,
        target_before=before,
        target_month=period(i + 1),
        reason="Delayed by the procurement timetable.",
        proposed_by_id=officer,
        proposed_at=proposed,
        status=status,
        decided_by_id=link,
        decided_at=decided,
        refusal_comment="The delay is not explained." if status == "refused" else "",
        applies_from=entry.round.period,
    )


def _build_decisions(actions, rounds, per_review, clerk, history) -> None:
    """The committee's published decisions on the rounds of the last year."""
    carried = [(n, i) for n in range(per_review) for i in range(FIRST_IN_SYSTEM, last_round(n) + 1)]
    decisions = CommitteeDecision.objects.bulk_create(
        (
            CommitteeDecision(
                action=actions[n],
                round=rounds[i],
                decision=decision(n, i)[0],
                reason=decision(n, i)[1],
                meeting_date=rounds[i].meeting_date,
            )
            for n, i in carried
        ),
        batch_size=BATCH,
    )
    for d in decisions:
        history.add(d, at(d.meeting_date + days(2), d.action_id), clerk, "+")


def _entry_story(entry, n, i, round, officer, link, clerk, history):
    """The history of action n's update at round i, written in the system:
    created when the round opened, a draft, submitted (late for one in ten),
    returned and submitted again (one in 25), approved, corrected after
    publication (a few). Returns the target proposal it made, if any:
    (status, proposed at, decided at, officer)."""
    opened = at(round.period.replace(month=round.period.month - 2), n)
    blank = {
        "evidence_of_progress": "",
        "evidence_of_impact": "",
        "grade": None,
        "level_id": None,
        "status": "not_started",
    }
    history.add(entry, opened, clerk, "+", **blank)
    draft = {
        "status": "draft",
        "evidence_of_progress": paragraph(n, i - 1) + "\n\n" + paragraph(n, i).split(". ")[0] + ".",
    }
    history.add(entry, at(round.deadline - days(12), n), officer, **draft)
    if not received(n, i):
        return None
    late = n % 10 == 1
    submitted = at(round.deadline + days(1 + (n // 10) % 15), n) if late else at(round.deadline - days(3), n)
    final = {"evidence_of_progress": evidence(n, i)}
    history.add(entry, submitted, officer, status="submitted", **final)
    if n % 25 == 2:
        comment = "Say what the figures were last time."
        history.add(entry, submitted + days(2), link, status="returned", return_comment=comment, **final)
        history.add(entry, submitted + days(3), officer, status="draft", return_comment=comment, **final)
        submitted += days(4)
        history.add(entry, submitted, officer, status="submitted", **final)
    approved = submitted + days(2)
    history.add(entry, approved, link, status="approved", **final)
    if when := corrected(n, i):
        history.add(entry, when, clerk, reason="Correction: the partnership restated the quarter's figures.")
    status = revises(n, i)
    return (status, submitted, approved, officer) if status else None


def _build_new_review(committee, r, title, agreed, responded, answers, clerk, history):
    """A review whose report went to the executive lately, being set up: its
    recommendations, without actions yet, and the executive's responses."""
    to_executive = agreed + days(13)
    review = Review.objects.create(
        committee=committee,
        title=title,
        slug=f"{committee.slug}-{r + 1}",
        status=Review.Status.SETTING_UP,
        report_agreed=agreed,
        report_to_executive=to_executive,
        responses_published_at=at(responded + days(2)),
    )
    history.add(
        review, at(agreed), clerk, "+", report_agreed=None, report_to_executive=None, responses_published_at=None
    )
    history.add(review, at(agreed + days(1)), clerk, responses_published_at=None)
    history.add(review, review.responses_published_at, clerk)
    recs = Recommendation.objects.bulk_create(
        Recommendation(review=review, number=n + 1, text=f"Recommendation {n + 1} of the {title} review")
        for n in range(len(answers))
    )
    responses = ExecutiveResponse.objects.bulk_create(
        ExecutiveResponse(
            recommendation=rec,
            response=answer,
            reasons="" if answer == A else "The cost is not in this year's budget.",
            accepted_part="The work in the town centres." if answer == P else "",
            responded_on=responded,
        )
        for rec, answer in zip(recs, answers, strict=True)
    )
    for rec in recs:
        history.add(rec, at(agreed + days(1)), clerk, "+")
    for response in responses:
        history.add(response, at(responded + days(1)), clerk, "+")


RUNS = sized(5, 1)
# Interleaved pairs of each ratio: the figure is their median.
PAIRS = sized(21, 1)


def measure(client, pages, runs=RUNS) -> dict:
    """{name: (least, median, most, median CPU, queries)} of each of `pages`, asked in
    turn `runs` times (after one warm-up each), so that whatever else the
    machine does falls on every page alike and their ratios hold."""
    times, cpu, queries = {}, {}, {}
    for name, url, params in pages:
        response = client.get(url, params)  # warm
        assert response.status_code == 200, (url, params, response.status_code)
        times[name], cpu[name] = [], []
    for _ in range(runs):
        for name, url, params in pages:
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, params)
                times[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - started_cpu)
            assert response.status_code == 200, (url, params, response.status_code)
            queries[name] = len(captured)
    return {
        name: (
            min(times[name]),
            statistics.median(times[name]),
            max(times[name]),
            statistics.median(cpu[name]),
            queries[name],
        )
        for name in times
    }


def floor(committee: Committee, user, client) -> dict:
    """The dashboard against its floor, as issue 54 names it: its figures,
    one grouped query over the stored standing (every published round of the
    committee's confirmed reviews: the rows by round, grade, movement,
    decision and whether past their date, counted; fetched afresh each
    time: grouped_standing()), and
    rendering the same template from the dashboard's data, built beforehand
    (a fresh copy for each render, as the page has). The published rounds it
    stands on are read once beforehand, as the dashboard reads them in its
    first queries. Its counts are checked against the dashboard's, so that
    the yardstick counts what the page counts.

    Returns interleaved pairs (the page, then its floor; PAIRS of them):
    {"page": {"wall", "cpu"}, "parts": the floor's parts' medians in
    seconds}."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from reports.dashboards.committee import build_committee_dashboard

    counted = grouped_standing(committee)
    # A dashboard of its own for each render (the timed pairs' and the
    # parts', each after a warm-up), built beforehand: the page renders a
    # fresh one each request, and a first render works out each chart's
    # figures (GradeMix's cached properties), which rendering one object
    # again would leave out of the floor (some 3 ms at 5,000 actions).
    fresh = [
        build_committee_dashboard(committee, show_progress=True, show_drafts=True) for _ in range(PAIRS + RUNS + 3)
    ]
    request = RequestFactory().get(reverse("committee_dashboard", args=[committee.slug]), HTTP_HOST="localhost")
    request.user = user

    def figures():
        return list(counted.all())  # a fresh query each time, not the cached rows

    def render():
        return render_to_string(
            "reports/committee_dashboard.html", {"dashboard": fresh.pop(), "nav": "dashboards"}, request=request
        )

    _check_floor(fresh.pop(), figures())
    url = reverse("committee_dashboard", args=[committee.slug])

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def both():
        figures(), render()

    parts = (("figures", figures), ("render", render))
    return {
        "page": timed_pairs(page, both, PAIRS),
        "parts": {name: runs_of(wall(part), RUNS).median for name, part in parts},
    }


def grouped_standing(committee: Committee):
    """The floor's one grouped query, the dashboard's figures, as the page
    asks it (reports.dashboards.committee.figures_query): the stored
    standing of every published round of the committee's confirmed reviews
    (read here, beforehand), counted by round, grade, movement, decision
    and whether past its date (the latest rounds' mixes, movements,
    decisions and lateness, and every round's grades for the trend)."""
    from django.utils import timezone

    from reports.dashboards.committee import figures_query, published_rounds

    rounds = [round.pk for round in published_rounds(committee)]
    return figures_query(Standing.objects.filter(round__in=rounds).with_overdue(timezone.localdate()))


def _check_floor(dashboard, grouped) -> None:
    """The floor counts what the dashboard shows: each review's grade mix at
    its latest round (by grade id, None: no update), its movements and how
    many are past their date, and the grades of every round of its trend,
    summed from the grouped rows."""
    mix, movements, overdue = {}, {}, Counter()
    for round, grade, movement, _decision, late, n, *_ in grouped:
        mix.setdefault(round, Counter())[grade] += n
        movements.setdefault(round, Counter())[movement] += n
        overdue[round] += n if late else 0
    shown = {summary.round_pk: summary for summary in dashboard.reviews}
    for round, summary in shown.items():
        assert +mix[round] == +Counter(summary.mix.counts), (summary.title, mix[round], summary.mix.counts)
        assert +movements[round] == +Counter(summary.movements), (summary.title, movements[round])
        assert overdue[round] == summary.overdue_total, (summary.title, overdue[round], summary.overdue_total)
    # Each round's grade counts, as a bag of bags (a grade id may be None: no update).
    trend = Counter(
        frozenset((+Counter(counts.counts)).items()) for summary in dashboard.reviews for counts in summary.trend
    )
    assert trend == Counter(frozenset((+counts).items()) for counts in mix.values()), "the trend counts otherwise"
    assert any(grade is not None for counts in mix.values() for grade in counts), "no grade in the stored standing"


def publishing(committee: Committee) -> tuple:
    """Writing the standing of one published round from nothing, as
    publication does (Round.write_standing, with its history): of the
    committee's first review (its share of the actions, 500 at 5,000), the
    latest round that carries the most of them (March 2026: September's
    no longer carries those signed off or closed in March), its stored rows
    deleted and written again in a transaction rolled back each run.
    Returns the runs' seconds (a Spread) and the rows written."""
    from django.db.models import Count

    review = committee.reviews.confirmed().order_by("title").first()
    round = (
        Round.objects.filter(review=review, status=Round.Status.PUBLISHED)
        .annotate(carried=Count("standings"))
        .order_by("-carried", "-period")
        .first()
    )
    written = []

    def once() -> float:
        with transaction.atomic():
            Standing.objects.filter(round=round).delete()
            started = time.perf_counter()
            written.append(round.write_standing(by=None))
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        return seconds

    seconds = runs_of(once, RUNS)
    assert Standing.objects.filter(round=round).count() == written[-1] > 0, "the round's rows were not rolled back"
    return seconds, written[-1]


def spreadsheet_parts(committee: Committee, client) -> dict:
    """The changes spreadsheet between the last two meetings against its own
    floor: gathering every changed action (build_changes(), its word diffs
    included) and openpyxl writing the same values plainly, in a write-only
    workbook (no styles, widths, title rows or filter), the least the
    library takes for them. Returns interleaved pairs of the download and
    its floor ({"wall", "cpu"}), the medians of the parts in seconds
    (gathering, writing the workbook from what was gathered, the plain
    writing), and the number of actions listed and of values written."""
    import io

    from openpyxl import Workbook

    from reports.changes.builder import build_changes
    from reports.changes.xlsx import changes_rows, render_changes_xlsx
    from reports.documents.xlsx import Day

    last, before = (
        Round.objects.filter(review__committee=committee, status=Round.Status.PUBLISHED)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .distinct()[:2]
    )
    reviews = list(committee.reviews.confirmed())

    def gather():
        return build_changes(
            committee.name, reviews, since=before, until=last, responses_shown={review.pk for review in reviews}
        )

    changes = gather()
    values = [[v.value if isinstance(v, Day) else v for v in row] for row in changes_rows(changes)]

    def least():
        gather()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("What changed")
        for row in values:
            sheet.append(row)
        workbook.save(io.BytesIO())

    url = reverse("committee_changes", args=[committee.slug])
    params = {"since": before.isoformat(), "until": last.isoformat(), "download": "xlsx"}

    def download():
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code

    cells = sum(len(row) for row in values)
    return {
        "pairs": timed_pairs(download, least, PAIRS),
        "gathered": runs_of(wall(gather), RUNS).median,
        "written": runs_of(wall(lambda: render_changes_xlsx(changes, committee.name)), RUNS).median,
        "listed": changes.total,
        "cells": cells,
    }


def page(name: str, url_name: str, args, params=None):
    """(name, url, params), or (name, None, a note) for a page that does not
    exist yet in this checkout."""
    try:
        return name, reverse(url_name, args=args), params
    except NoReverseMatch:
        return name, None, f"skipped: no URL named {url_name!r} in this checkout yet"


def slipped_key() -> str:
    """What Find actions' grade filter takes for the grade that means
    Slipped (grade() gives meanings 1 to 4 on the default scale: 3 Slipped):
    its group's key, the newest version's grade id (Scales.groups)."""
    from actionplans.grading import Grade
    from actionplans.models.council import all_scales

    return next(group.key for group in all_scales().groups(()) if group.level.meaning == Grade.SLIPPED)


def pages(committee: Committee) -> list:
    last, before = (
        Round.objects.filter(review__committee=committee, status=Round.Status.PUBLISHED)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .distinct()[:2]
    )
    return [
        ("committee dashboard", reverse("committee_dashboard", args=[committee.slug]), None),
        (
            "filtered list (worse, overdue)",
            reverse("action_list"),
            {"committee": committee.slug, "movement": "worse", "overdue": "on"},
        ),
        (
            "filtered list (as at a round)",
            reverse("action_list"),
            {"committee": committee.slug, "round": "2025-03", "grade": slipped_key()},
        ),
        page("changes since the last meeting", "committee_changes", [committee.slug]),
        page(
            "changes between the last two",
            "committee_changes",
            [committee.slug],
            {"since": before.isoformat(), "until": last.isoformat()},
        ),
        page(f"annual report {YEAR}/{(YEAR + 1) % 100:02}", "annual_report", [YEAR], {"committee": committee.slug}),
        # What scrutiny achieved (the annual report's builder, with the
        # ledger and the open recommendations to look at now), and the rows
        # behind one of its numbers.
        page("what scrutiny achieved", "committee_achieved", [committee.slug], {"year": YEAR}),
        page(
            "the rows behind a number",
            "achieved_rows",
            [],
            {"year": YEAR, "measure": "made", "committee": committee.slug},
        ),
        # The downloads: every changed action, and the council paper.
        page(
            "changes spreadsheet (last two)",
            "committee_changes",
            [committee.slug],
            {"since": before.isoformat(), "until": last.isoformat(), "download": "xlsx"},
        ),
        page("annual report PDF", "annual_report_file", [YEAR, "pdf"], {"committee": committee.slug}),
        page("annual report Excel", "annual_report_file", [YEAR, "xlsx"], {"committee": committee.slug}),
    ]


def main():
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    committees = {size: build(size) for size in SIZES}
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum keeps them on a live site: just
        # after the bulk inserts the planner misjudged the dashboard's joins
        # (0.8 s instead of 0.3 s).
        # Vacuumed too, as autovacuum does: the visibility map lets a count
        # read an index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"Synthetic committees ready in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(clerk_user())

    figures = Figures(f"dashboards on {database_label(connection.vendor)}")
    pages_table(figures, committees, client)
    large = SIZES[-1]
    floors = floor(committees[large], clerk_user(), client)
    sheet = spreadsheet_parts(committees[large], client)
    published, written = publishing(committees[large])
    parts = floors["parts"]
    figures.line()
    figures.line(
        f"The dashboard's floor at {large:,} actions, its parts' medians: the grouped query over the stored "
        f"standing {parts['figures'] * 1000:.0f} ms, the render {parts['render'] * 1000:.0f} ms. The changes "
        f"spreadsheet's: gathering the {sheet['listed']:,} actions that changed {sheet['gathered'] * 1000:.0f} ms, "
        f"writing the workbook from them {sheet['written'] * 1000:.0f} ms ({sheet['cells']:,} values)."
    )
    figures.targets()
    for clock in ("wall", "cpu"):
        figures.target(f"committee dashboard, {large:,} actions / its floor ({clock})", floors["page"][clock], 1.2)
    figures.target("changes spreadsheet / its own floor (wall)", sheet["pairs"]["wall"], 1.5)
    figures.target(f"publishing's standing, {written:,} actions", published, 1.0, unit="ms")
    figures.verdict()
    figures.write()


def pages_table(figures, committees, client) -> None:
    """Each page at each size: the median of its runs, with their range, its
    CPU time and queries, and its median as a multiple of the dashboard's."""
    figures.table(
        "page", "actions", "entries", "median s", "range s", "CPU s", "queries", "× dashboard", align="lrrrrrrr"
    )
    notes = set()
    for size, committee in committees.items():
        entries = ProgressEntry.objects.filter(round__review__committee=committee).count()
        here = []
        for name, url, params in pages(committee):
            if url is None:
                notes.add(f"{name}: {params}")
            else:
                here.append((name, url, params))
        timings = measure(client, here)
        dashboard = timings["committee dashboard"][1]
        for name, (low, median, high, cpu_median, queries) in timings.items():
            figures.row(
                name,
                f"{size:,}",
                f"{entries:,}",
                f"{median:.3f}",
                f"{low:.3f} to {high:.3f}",
                f"{cpu_median:.3f}",
                queries,
                f"{median / dashboard:.2f}",
            )
    for note in sorted(notes):
        figures.line(f"Note: {note}.")


if __name__ == "__main__":
    main()
    if BOTH:
        on_postgres(POSTGRES, __file__)
