"""Comparing a partnership plan read from a file (partnership.py) with the
partnership, and saving it as a new plan: compare() for the preview,
import_plan() to save it in one transaction, or nothing.

The judgement calls:
- lead organisations are the partnership's organisations whose name or
  short name a Lead cell mentions ("Police: Early intervention co-ordinator"
  leads to Police); a name in the cell that mentions none is listed in the
  preview, created as a new organisation only when the clerk confirms;
- organisations spelt nearly alike ("Housing Solution's", "Housing
  Solutions": organisation_key) are one organisation unless the clerk
  keeps them apart; the preview lists each spelling taken as another;
- a national indicator code the glossary does not have is refused: the
  glossary is printed with every plan, and an untitled indicator, or a typo
  made into one (NI 312 for NI 31), would be printed as if real; unless the
  sheet's own glossary defines it (seed 004's "NI 1: … PSA21" lines under
  the table), when it is created with the title the sheet gives, on the
  clerk's tick; a retired indicator is not put on a new plan;
- rows that are the paper's, not the plan's (DRAFT, the agenda's header,
  a page's header or footer, the glossary, notes) are listed as not
  imported (partnership.py sets them aside);
- progress and RAG become the approved updates of a published quarter, one
  per quarter the file has side by side, oldest first: the partnership's
  record of each quarter, as a review's imported rounds are.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from actionplans import permissions
from actionplans.models import (
    ActionIndicator,
    Activity,
    GlossaryEntry,
    Indicator,
    Organisation,
    Partnership,
    PartnershipAction,
    PartnershipPlan,
    PartnershipUpdate,
    Quarter,
    Theme,
    due_label,
    month_label,
    quarter_start,
    shorten,
)
from actionplans.models.partnership import quarter_after
from actionplans.models.partnership_quarters import rag_scale

from .checking import PREVIEW_CHARS, REASON_MAX_CHARS, _validate
from .headings import normalise
from .partnership import ImportedPartnershipPlan
from .plan import Preview, Problem
from .tracker import split_owners


@dataclass
class PreviewRow:
    """One row of the plan as it will be saved."""

    row: int
    what: str  # "Theme", "Strategic objective", "Action", "Activity/Output"
    number: str
    text: str
    leads: str = ""
    organisations: list[str] = field(default_factory=list)
    target: str = ""
    indicators: str = ""
    progress: str = ""
    rag: str = ""
    problems: list[str] = field(default_factory=list)  # what is wrong with the row, shown by it
    new_organisations: list[str] = field(default_factory=list)  # of `organisations`, those to be created


@dataclass
class PartnershipPreview(Preview):
    """The plan as importing `file_name` would create it."""

    rows: list[PreviewRow] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)
    quarter: str = ""  # "Q1 2010" ("Q1 2025/26 and Q2 2025/26"), when the file has progress
    new_indicators: list = field(default_factory=list)  # GlossaryLines of the sheet, to be created
    not_imported: list[str] = field(default_factory=list)  # the rows set aside, and why
    # Spellings of an organisation nearly alike another's: (spelling, row, the other).
    alike: list[tuple[str, int, str]] = field(default_factory=list)
    keep_apart: bool = False  # the clerk's choice: the alike spellings are organisations of their own
    # For save(): organisations by name, created or found; indicators by code.
    organisations: dict = field(default_factory=dict, repr=False)
    indicators: dict = field(default_factory=dict, repr=False)
    glossary_codes: list[str] = field(default_factory=list, repr=False)

    @property
    def signature(self) -> str:
        """What the clerk chose besides the columns, carried to the
        confirmation: an import confirms only what was previewed."""
        return ";apart" if self.keep_apart and self.alike else ""

    @property
    def to_confirm(self) -> str:
        """Creating the organisations (and the indicators the sheet's
        glossary defines) is the expected step of a new partnership's
        import, not a problem of the file: the clerk ticks to confirm it,
        and this is said only if they confirm without."""
        parts, where = [], []
        if self.new_organisations:
            parts.append(f"{', '.join(self.new_organisations)} as the partnership's organisations")
            where.append("to the partnership (the short names as the plan prints them)")
        if self.new_indicators:
            parts.append(f"{', '.join(line.code for line in self.new_indicators)} as national indicators")
            where.append("on the National indicators page")
        if not parts:
            return ""
        return (
            f"Tick the box to create {' and '.join(parts)}, or add them {' and '.join(where)} first and upload the "
            "file again"
        )


def lead_names(cell: str) -> list[str]:
    """The names a Lead cell lists, each without its role after a colon:
    'Police: Early intervention co-ordinator' -> ['Police']."""
    return [name for part in re.split(r"[\n;,]", cell) for name in split_owners(part.split(":")[0])]


_APOSTROPHES = re.compile(r"['’‘`]")


def organisation_key(name: str) -> str:
    """A name as near-alike spellings share it: its case, apostrophes,
    punctuation and plurals set aside ("Housing Solution's", "Housing
    Solutions" -> 'housing solution')."""
    words = normalise(_APOSTROPHES.sub("", str(name))).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def organisations_in(cell: str, organisations, *, alike: bool = False) -> list:
    """The organisations a Lead cell mentions by name or short name, as whole
    words, in the order of `organisations`: the one rule by which a plan's
    leads become lead organisations. `alike`: spelt nearly alike counts
    (organisation_key)."""
    key = organisation_key if alike else normalise
    text = f" {key(cell)} "
    return [
        organisation
        for organisation in organisations
        if any(f" {key(name)} " in text for name in (organisation.short_name, organisation.name) if key(name))
    ]


def _mentions(cell: str, name: str, *, alike: bool = False) -> bool:
    key = (organisation_key if alike else normalise)(name)
    return bool(key) and f" {key} " in f" {(organisation_key if alike else normalise)(cell)} "


def compare(
    plan: ImportedPartnershipPlan, *, partnership=None, create_organisations=False, keep_apart=False
) -> PartnershipPreview:
    """What saving `plan` into `partnership` (None: a new one) would create,
    with every problem by its cell; a fixed number of queries. `keep_apart`:
    organisations spelt nearly alike are not merged."""
    preview = PartnershipPreview(file_name=plan.file_name, problems=list(plan.problems), keep_apart=keep_apart)
    preview.notes.extend(plan.notes)
    preview.not_imported = [str(line) for line in plan.set_aside]
    scale = rag_scale()  # the council's RAG words, as the preview names them
    known = list(partnership.organisations.all()) if partnership else []
    _glossary(plan, preview)
    leads = _Leads(known, preview, merge=not keep_apart, column=plan.columns.get("leads"))
    for theme in plan.themes:
        _compare_theme(plan, theme, leads, scale, preview)
    if not plan.themes and not plan.problems:
        preview.problems.append(Problem("", "No themes or actions were read from the file."))
    _problems_by_row(preview)
    _progress_notes(plan, preview)
    return preview


@dataclass
class _Leads:
    """The organisations a plan's Lead cells name: the partnership's
    (`known`), else those the preview will create, which it gathers
    (preview.organisations, new_organisations), with the spellings nearly
    alike another's. `merge`: spelt nearly alike is the same organisation."""

    known: list
    preview: PartnershipPreview
    merge: bool
    column: str | None

    def alike_to(self, name: str) -> str:
        """The organisation, known or to be created, spelt nearly as `name`."""
        key = organisation_key(name)
        others = [str(o) for o in self.known if key in (organisation_key(o.name), organisation_key(o.short_name))]
        others += [n for n in self.preview.organisations.values() if organisation_key(n) == key]
        return next((other for other in others if other != name), "")

    def of(self, item, row: int) -> list[str]:
        """The names of the organisations `item`'s Lead cell names, known or
        to be created; a name too long for one is a problem at its cell."""
        preview, merge = self.preview, self.merge
        found = [str(organisation) for organisation in organisations_in(item.leads, self.known, alike=merge)]
        for name in lead_names(item.leads):
            new = [n for n in preview.organisations.values() if _mentions(name, n, alike=merge)]
            exact = organisations_in(name, self.known) or [n for n in new if _mentions(name, n)]
            if not exact and (other := self.alike_to(name)):
                preview.alike.append((name, row, other))  # offered for merging, or kept apart
            if organisations_in(name, self.known, alike=merge) or new:
                found += [n for n in new if n not in found]
                continue
            preview.organisations[name.casefold()] = name
            if len(name) > 100:
                preview.problems.append(
                    Problem(
                        f"{self.column}{row}",
                        f"'{name[:40]}…' is too long for an organisation's name: separate the organisations with "
                        "commas or slashes, or add them to the partnership first",
                    )
                )
            else:
                preview.new_organisations.append(name)
            found.append(name)
        return found


def _compare_theme(plan: ImportedPartnershipPlan, theme, leads: _Leads, scale, preview: PartnershipPreview) -> None:
    """A theme (or strategic objective) of the file, its actions and their
    activities, as rows of the preview, each checked as its verb checks it."""
    what = "Strategic objective" if theme.kind == "objective" else "Theme"
    if not theme.placeholder:
        preview.rows.append(PreviewRow(theme.row, what, theme.label, theme.title))
    for action in theme.actions:
        _check_indicators(plan, action, preview)
        _validate(
            PartnershipAction(number=action.number, text=action.text, leads=action.leads,
                              target_text=action.target_text, outcome=action.outcome),
            action.row, preview.problems, {"text": "Action", "leads": "Lead Organisation / Partner(s)"},
        )  # fmt: skip
        preview.rows.append(
            PreviewRow(
                action.row,
                "Action",
                action.number,
                _shorten(action.text),
                action.leads,
                leads.of(action, action.row) if action.leads else [],
                _target(action),
                ", ".join(action.indicators),
                *_progress_and_rag(plan, action, scale),
            )
        )
        for activity in action.activities:
            _validate(
                Activity(text=activity.text or "-", leads=activity.leads, target_text=activity.target_text),
                activity.row, preview.problems, {"leads": "Lead"},
            )  # fmt: skip
            organisations = leads.of(activity, activity.row) if activity.leads else []
            preview.rows.append(
                PreviewRow(activity.row, "Activity/Output", "", _shorten(activity.text), activity.leads,
                           organisations, _target(activity))
            )  # fmt: skip


def _check_indicators(plan: ImportedPartnershipPlan, action, preview: PartnershipPreview) -> None:
    """The action's national indicators: each in the glossary (the
    council's, or the sheet's own), and none retired."""
    column = plan.columns.get("indicators")
    for code in action.indicators:
        if code not in preview.indicators and code not in plan.glossary:
            preview.problems.append(
                Problem(
                    f"{column}{action.row}",
                    f"{code} is not in the glossary of national indicators: check the code, or add the "
                    "indicator, with its title, on the National indicators page (or in the sheet's "
                    "glossary, as 'NI 35: Building resilience to violent extremism PSA 26') before "
                    "importing",
                )
            )
        elif code in preview.indicators and preview.indicators[code].retired:
            preview.problems.append(
                Problem(
                    f"{column}{action.row}",
                    f"{code} is retired from the national indicators: take it out of the plan, or bring "
                    "it back on the National indicators page before importing",
                )
            )


def _progress_notes(plan: ImportedPartnershipPlan, preview: PartnershipPreview) -> None:
    """What becomes of the file's progress: the approved updates of its
    quarter, published; or, where it has none yet, a plan without one."""
    if plan.has_progress and plan.quarter:
        labels = [quarter.label for quarter in plan.quarters]
        preview.quarter = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
        preview.notes.append(
            f"The Progress and RAG become the approved updates of {preview.quarter}, published as the partnership's "
            f"record of {'that quarter' if len(labels) == 1 else 'each quarter, oldest first'}; actions with no "
            "progress read 'No update received'."
        )
    elif plan.quarter is None and not plan.has_progress and "progress" in plan.columns:
        preview.notes.append("The file has no progress yet: the plan is imported without a quarter.")


def _glossary(plan: ImportedPartnershipPlan, preview: PartnershipPreview) -> None:
    """The plan's glossary as it will be saved: the indicators known, those
    the sheet's glossary defines that are to be created (checked as the
    National indicators page checks them), retired ones left out."""
    preview.indicators = Indicator.objects.in_bulk(plan.glossary_codes, field_name="code")
    used = set(plan.indicator_codes)
    for code in plan.glossary_codes:
        indicator = preview.indicators.get(code)
        if indicator is None and code in plan.glossary:
            line = plan.glossary[code]
            preview.new_indicators.append(line)
            new = Indicator(code=code, title=line.title, reference=line.reference)
            _validate(new, line.row, preview.problems, {"title": "Glossary"})
            preview.glossary_codes.append(code)
            preview.glossary.append(f"{new.printed}: {line.title} (to be created)")
        elif indicator is not None and indicator.retired and code not in used:
            preview.not_imported.append(f"{code} in the sheet’s glossary (retired from the national indicators)")
        elif indicator is not None:
            preview.glossary_codes.append(code)
            preview.glossary.append(f"{indicator.printed}: {indicator.title}" if indicator.title else str(indicator))


def _problems_by_row(preview: PartnershipPreview) -> None:
    """Each row's problems by it too, as well as at the top, and the
    organisations it names that are to be created."""
    new = set(preview.new_organisations)
    by_row: dict[int, list[str]] = {}
    for problem in preview.problems:
        if problem.row:
            by_row.setdefault(problem.row, []).append(problem.message)
    for row in preview.rows:
        row.problems = by_row.get(row.row, [])
        row.new_organisations = [name for name in row.organisations if name in new]


def _shorten(text: str) -> str:
    return shorten(text, PREVIEW_CHARS)


def _target(item) -> str:
    """The plan's words, and when that makes it due ('October 2018 Yearly
    (due October 2018, then each October)'; 'Ongoing (Ongoing: no due month)')."""
    words = item.target_text or month_label(item.target_month)
    due = due_label(item.target_month, item.repeats)
    if not words or due == words:
        return words
    return f"{words} (due {due})" if item.target_month else f"{words} ({due})"


def import_reason(plan: ImportedPartnershipPlan) -> str:
    """What every history row of an import says beside who made it."""
    return f"Imported from {plan.file_name}"[:REASON_MAX_CHARS]


def import_plan(
    imported: ImportedPartnershipPlan,
    *,
    by,
    partnership=None,
    partnership_name: str = "",
    create_organisations: bool = False,
    keep_apart: bool = False,
    **plan_fields,
) -> PartnershipPlan:
    """Save `imported` (an ImportedPartnershipPlan) as a new plan of
    `partnership` (None: a new partnership called `partnership_name`),
    with the organisations its leads name (created only when
    `create_organisations`), its glossary, themes, actions and
    activities, and its progress as a published quarter of approved
    updates: everything the preview shows, in one transaction, or
    nothing (ValidationError, with the problems). Written in bulk, in a
    number of queries that does not grow with the plan; every history
    row names `by` and "Imported from FILE". `plan_fields`: add_plan's."""
    permissions.require(by, permissions.IMPORT_PARTNERSHIP_PLAN, imported)
    with transaction.atomic():
        reason = import_reason(imported)
        if partnership is None:
            partnership = Partnership.objects.add(name=partnership_name, by=by, reason=reason)
        else:
            # One import at a time: the organisations are compared (and
            # created) under the lock, so that what is saved is what is checked.
            partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        preview = compare(
            imported, partnership=partnership, create_organisations=create_organisations, keep_apart=keep_apart
        )
        refused = [str(problem) for problem in preview.problems]
        if preview.to_confirm and not create_organisations:
            refused.append(preview.to_confirm)
        if refused:
            raise ValidationError(refused)
        return save(imported, preview, partnership=partnership, by=by, **plan_fields)


def save(plan: ImportedPartnershipPlan, preview: PartnershipPreview, *, partnership, by, **plan_fields):
    """Write what `preview` found for `plan` into `partnership`, in bulk:
    import_plan()'s working, which holds the transaction and has checked
    the permissions. Each object is built by its verb's builder (new_theme,
    new_action, ...) and checked as the verb checks it, the foreign keys
    apart (they point at objects saved with it); each gets a history row in
    its saved state. Raises ValidationError, having written nothing, if any
    is refused."""
    when = timezone.now()
    history = {"default_user": by, "default_change_reason": import_reason(plan), "default_date": when}
    problems: list[Problem] = []
    organisations, new_organisations = _new_organisations(partnership, preview, problems)
    saved = partnership.new_plan(**plan_fields)
    saved.full_clean()  # one object: the whole check, its unique slug included
    new_indicators = _new_indicators(preview, problems)
    glossary = [
        GlossaryEntry(plan=saved, indicator=preview.indicators[code], position=position)
        for position, code in enumerate(preview.glossary_codes)
    ]
    built = _Built(organisations, merge=not preview.keep_apart, indicators_by_code=preview.indicators)
    for position, imported_theme in enumerate(plan.themes):
        built.theme(saved, imported_theme, position, problems)
    quarters, updates = _published_quarters(saved, plan, built.actions, when, problems)
    if problems:
        raise ValidationError([str(problem) for problem in problems])
    _create_if_any(new_organisations, Organisation, history)
    _create_if_any(new_indicators, Indicator, history)
    _create_if_any([saved], PartnershipPlan, history)
    _create_if_any(glossary, GlossaryEntry, history)
    _create_if_any(built.themes, Theme, history)
    _create_with_leads([action for action, _ in built.actions], PartnershipAction, built.leads, history)
    _create_if_any(built.indicators, ActionIndicator, history)
    _create_with_leads(built.activities, Activity, built.leads, history)
    _create_if_any(quarters, Quarter, history)
    _create_if_any(updates, PartnershipUpdate, history)
    return saved


def _new_organisations(partnership, preview: PartnershipPreview, problems: list[Problem]) -> tuple[list, list]:
    """The partnership's organisations with those the preview creates, and
    those new ones apart; a short name the partnership has already
    (organisation_short_name_unique, checked here) is a problem."""
    organisations = list(partnership.organisations.all())
    short_names = {organisation.short_name for organisation in organisations}
    new_organisations = []
    for name in preview.new_organisations:
        organisation = partnership.new_organisation(name=name, position=len(organisations))
        if organisation.short_name in short_names:
            problems.append(Problem("", f"The partnership has an organisation called {organisation.short_name}"))
        short_names.add(organisation.short_name)
        _validate(organisation, 0, problems, {})
        organisations.append(organisation)
        new_organisations.append(organisation)
    return organisations, new_organisations


def _new_indicators(preview: PartnershipPreview, problems: list[Problem]) -> list:
    """The national indicators the sheet's glossary defines, to be created;
    they join preview.indicators, by code, for the plan's actions."""
    new_indicators = []
    for line in preview.new_indicators:
        indicator = Indicator(code=line.code, title=line.title, reference=line.reference)
        _validate(indicator, line.row, problems, {"title": "Glossary"})
        new_indicators.append(indicator)
        preview.indicators[line.code] = indicator
    return new_indicators


@dataclass
class _Built:
    """The plan's themes, actions (each with the file's action it is made
    from), activities and actions' indicators, built by their verbs'
    builders, and each action's and activity's lead organisations (`leads`,
    by id()): what save() writes once all are checked."""

    organisations: list
    merge: bool
    indicators_by_code: dict
    themes: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    leads: dict = field(default_factory=dict)

    def lead_organisations(self, item) -> list:
        return organisations_in(item.leads, self.organisations, alike=self.merge) if item.leads else []

    def theme(self, saved, imported_theme, position: int, problems: list[Problem]) -> None:
        """A theme of the plan, with its actions and their activities."""
        theme = saved.new_theme(
            kind=imported_theme.kind, label=imported_theme.label, title=imported_theme.title, position=position
        )
        _validate(theme, imported_theme.row, problems, {})
        self.themes.append(theme)
        for number, imported in enumerate(imported_theme.actions):
            action = theme.new_action(
                number=imported.number,
                text=imported.text,
                position=number,
                leads=imported.leads,
                target_text=imported.target_text,
                target_month=imported.target_month,
                repeats=imported.repeats,
                outcome=imported.outcome,
            )
            _validate(action, imported.row, problems, {"text": "Action", "leads": "Lead Organisation / Partner(s)"})
            self.actions.append((action, imported))
            self.leads[id(action)] = self.lead_organisations(imported)
            self.indicators += [
                ActionIndicator(action=action, indicator=self.indicators_by_code[code], position=place)
                for place, code in enumerate(imported.indicators)
            ]
            for place, imported_activity in enumerate(imported.activities):
                self.activity(action, imported_activity, place, problems)

    def activity(self, action, imported_activity, place: int, problems: list[Problem]) -> None:
        """An activity of the action; an objective's leads include its
        activities' (add_activity's rule)."""
        activity = action.new_activity(
            text=imported_activity.text,
            position=place,
            leads=imported_activity.leads,
            target_text=imported_activity.target_text,
            target_month=imported_activity.target_month,
            repeats=imported_activity.repeats,
        )
        _validate(activity, imported_activity.row, problems, {"leads": "Lead"})
        self.activities.append(activity)
        self.leads[id(activity)] = self.lead_organisations(imported_activity)
        self.leads[id(action)] += [o for o in self.leads[id(activity)] if o not in self.leads[id(action)]]


def _create_if_any(objs, model, history: dict) -> None:
    """Bulk-create `objs` with their history rows; no query for none."""
    if objs:
        bulk_create_with_history(objs, model, **history)


def _rag_words(update, scale) -> str:
    """An imported update's RAG in the council's words: the label its cell
    named, else the current scale's for what it means; '' for none."""
    if update.rag_level:
        return next((level.label for level in scale.scale if level.id == update.rag_level), "")
    return scale.label(update.rag) if update.rag else ""


def _progress_and_rag(plan: ImportedPartnershipPlan, action, scale) -> tuple[str, str]:
    """The preview's Progress and RAG of an action: each quarter's, named
    by the quarter where the file has more than one ('Q1 2025/26: …')."""
    if len(plan.quarters) < 2:
        update = action.update(0)
        return _shorten(update.progress), _rag_words(update, scale)
    updates = [(quarter.label, action.update(index)) for index, quarter in enumerate(plan.quarters)]
    progress = [f"{label}: {_shorten(update.progress)}" for label, update in updates if update.progress]
    rags = [f"{label}: {words}" for label, update in updates if (words := _rag_words(update, scale))]
    return "\n".join(progress), "\n".join(rags)


def _published_quarters(saved, plan: ImportedPartnershipPlan, actions, when, problems):
    """The file's progress as published quarters of `saved`, oldest first,
    each with an update for every action (open_quarter's), the file's
    approved (as record_as_printed writes them: the partnership's record,
    not a lead's draft), and the others reading "No update received";
    ([], []) when the file has no progress. The plan is new: no quarter of
    it can be open or later, as open_quarter checks."""
    if not plan.has_progress:
        return [], []
    quarters, updates = [], []
    scale = rag_scale()
    for index, imported_quarter in enumerate(plan.quarters):
        start = quarter_start(imported_quarter.period)
        quarter = Quarter(
            plan=saved,
            period=start,
            named=imported_quarter.named,
            deadline=quarter_after(start) - datetime.timedelta(days=1),
            status=Quarter.Status.PUBLISHED,
            published_at=when,
        )
        _validate(quarter, 0, problems, {})
        quarters.append(quarter)
        for action, imported in actions:
            update = PartnershipUpdate(action=action, quarter=quarter)
            if given := imported.update(index):
                update.progress, update.rag = given.progress, given.rag
                # The grade as given: the one its words named, else the scale's for what it means.
                update.level_id = given.rag_level or (level.id if (level := scale.level(given.rag)) else None)
                update.status, update.version = PartnershipUpdate.Status.APPROVED, 1
                _validate(update, imported.row, problems, {})
            updates.append(update)
    return quarters, updates


def _create_with_leads(objs, model, leads: dict, history: dict) -> None:
    """Bulk-create `objs` with their history rows, their lead
    organisations (`leads`, by id() of each) and the history of those
    (HistoricalRecords(m2m_fields=...): the rows simple-history records for
    each history row), in a fixed number of queries."""
    if not objs:
        return
    model.objects.bulk_create(objs)
    records = model.history.bulk_history_create(objs, **history)
    field = model._meta.get_field("lead_organisations")
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = [
        (record, field.remote_field.through(**{source: obj, target: organisation}))
        for obj, record in zip(objs, records, strict=True)
        for organisation in leads[id(obj)]
    ]
    if not links:
        return
    field.remote_field.through.objects.bulk_create([link for _, link in links])
    m2m_history = HistoricalRecords.m2m_models[field]
    m2m_history.objects.bulk_create(
        [
            m2m_history(history=record, id=link.pk, **{source: getattr(link, source), target: getattr(link, target)})
            for record, link in links
        ]
    )
