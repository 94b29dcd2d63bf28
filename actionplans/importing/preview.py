"""What importing a review's tracker would do, as the preview page and the
command line show it: each row's action and what changes of it, the rounds
and the people to be created; and the objects the save writes, which
compare() (comparing.py) builds beside it."""

import datetime
from dataclasses import dataclass, field

from actionplans.importing.plan import Preview
from actionplans.models.common import month_label


@dataclass
class Change:
    """One field of an action the import changes: "Date", "October 2019", "March 2020"."""

    label: str
    before: str
    after: str


@dataclass
class PreviewRow:
    """One action of the file: what the import does with it, and the action
    as it will be (its Agreed Action shortened)."""

    row: int
    reference: str
    what: str  # "New action", "Changed: Date, Agreed Action", "Unchanged"
    updates: list[str] = field(default_factory=list)  # "March 2020: added, 2 (On-Track)"
    agreed_action: str = ""
    owners: list[str] = field(default_factory=list)  # in the plan's order: the first is the lead
    target: str = ""
    changes: list[Change] = field(default_factory=list)  # for a changed action, each field before and after
    council_reference: str = ""  # the council's own, as written ("SR (25/26) 01"), shown beside ours
    place: str = ""  # where a Word document has it ("Table 4 (Recommendation 1 a))"); "" in a spreadsheet


@dataclass
class RoundPlan:
    period: datetime.date
    deadline: datetime.date
    meeting_date: datetime.date
    new: bool
    updates: int = 0
    illustrative: list = field(default_factory=list)  # its dates the file marks so (Round.illustrative)

    @property
    def label(self) -> str:
        return month_label(self.period)


@dataclass
class ImportPreview(Preview):
    """Exactly what an import of `file_name` would do to the review."""

    rows: list[PreviewRow] = field(default_factory=list)
    new_recommendations: list[str] = field(default_factory=list)
    changed_recommendations: list[str] = field(default_factory=list)
    new_sub_actions: list[str] = field(default_factory=list)
    changed_sub_actions: list[str] = field(default_factory=list)
    rounds: list[RoundPlan] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)  # of new_people, those to be created as roles
    new_posts: list[str] = field(default_factory=list)  # of new_groups, those that read as posts
    review_changes: list[str] = field(default_factory=list)  # "Link officer/s: Alex Love"
    # What will be published, the preview's first lines: "Nothing will be
    # published." or each round published as a past meeting's record.
    publishing: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # the months whose progress the clerk left out
    drafted: list[str] = field(default_factory=list)  # the open round's month, its progress drafts
    # What save() writes; built by compare().
    work: "_Work | None" = field(default=None, repr=False)

    @property
    def actions_created(self) -> int:
        return sum(1 for row in self.rows if row.what == "New action")

    @property
    def actions_changed(self) -> int:
        return sum(1 for row in self.rows if row.what.startswith("Changed"))

    @property
    def rounds_created(self) -> int:
        return sum(1 for round in self.rounds if round.new)

    @property
    def entries_created(self) -> int:
        return sum(round.updates for round in self.rounds if round.new)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.actions_created
            or self.actions_changed
            or self.rounds_created
            or self.new_recommendations
            or self.changed_recommendations
            or self.new_sub_actions
            or self.changed_sub_actions
            or self.new_people
            or self.review_changes
            or (self.work is not None and self.work.drafts)
        )

    def release_work(self) -> None:
        """Without the objects save() would write (`work`, some 20 MB of a
        50,000-row tracker's preview): what the page shows is the rest.
        changes_anything, which asks the work for drafts, is to be asked before."""
        self.work = None

    def lines(self) -> list[str]:
        """The preview as plain text, for the command line."""
        out = [f"Import of {self.file_name}:"]
        out += [f"  {line}" for line in self.publishing]
        out += [f"  The review's {change}" for change in self.review_changes]
        out += [f"  New recommendation: {name}" for name in self.new_recommendations]
        out += [f"  Changed text: {name}" for name in self.changed_recommendations]
        out += [f"  New lettered sub-action: {name}" for name in self.new_sub_actions]
        out += [f"  Changed text: {name}" for name in self.changed_sub_actions]
        for row in self.rows:
            updates = f" – {'; '.join(row.updates)}" if row.updates else ""
            council = f" ({row.council_reference})" if row.council_reference else ""
            out.append(f"  {row.place or f'Row {row.row}'}: {row.reference}{council}: {row.what}{updates}")
            out += [f"    {change.label}: {change.before or '(blank)'} → {change.after}" for change in row.changes]
        for round in self.rounds:
            if round.new:
                out.append(f"  New published round, imported: {round.label}, {round.updates:,} update(s)")
        if self.new_people:
            out.append("  People to be created: " + ", ".join(self._to_create(name) for name in self.new_people))
        out += [f"  Note: {note}" for note in self.notes]
        out += [f"  Warning: {warning}" for warning in self.warnings]
        return out

    def _to_create(self, name: str) -> str:
        if name in self.new_posts:
            return f"{name} (as a post)"
        return f"{name} (as a group)" if name in self.new_groups else name


@dataclass(slots=True)
class NewEntry:
    """An update the import adds to a new round, as its values: saving.save()
    makes its ProgressEntry, who was responsible and the committee's
    decision a batch at a time. Kept so, not as the models themselves, a
    50,000-row tracker's preview holds some 100 bytes an update, not 2 KB."""

    action: object  # the Action, saved already or saved before it
    round: object  # the new Round
    evidence_of_progress: str
    grade: int | None
    grade_explanation: str
    evidence_of_impact: str
    owners: tuple  # the Owners responsible in the round, the lead first
    joins: tuple = ()  # what the file typed before each of them (" / ", "\n"), the lead's ""
    grade_key: int | str | None = None  # its grade until saved (grades.grade_key)


@dataclass
class _Work:
    """The objects the import saves, in the order they are saved."""

    owners: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    recommendations_changed: list = field(default_factory=list)
    sub_actions: list = field(default_factory=list)
    sub_actions_changed: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    actions_changed: list = field(default_factory=list)
    responsibilities_removed: list = field(default_factory=list)
    # Who will be responsible for each new or changed action: (Action, its
    # Owners, the lead first, what the file typed before each), made into
    # Responsibility rows a batch at a time by save(), as the updates are
    # (NewEntry).
    responsibilities: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    entries: list = field(default_factory=list)  # the new rounds' updates (NewEntry)
    drafts: list = field(default_factory=list)  # the open round's updates, as drafts
    draft_grades: list = field(default_factory=list)  # each draft's grades.grade_key, in step
    entry_responsibilities_removed: list = field(default_factory=list)
    entry_responsibilities: list = field(default_factory=list)  # of updates already saved, that follow new owners
    target_revisions: list = field(default_factory=list)  # the file's new dates (TargetRevision)
    # The review's own details, set by import_plan (None: as they are).
    action_plan_agreed: datetime.date | None = None
    link_officers: list | None = None


def reference(key: tuple[int, str, str]) -> str:
    number, letter, strand = key
    return " ".join(part for part in (str(number), f"{letter})" if letter else "", strand) if part)
