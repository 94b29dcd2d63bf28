"""A review's action plan, as the committee papers have it.

A Review (models/review.py) has Recommendations; a Recommendation may have
lettered SubActions; an Action is one action record (Responsibility, Date,
Agreed Action, Agreed Success Measure) that belongs to a recommendation
itself, to one of its lettered sub-actions, or to a parallel strand of
either. Each monitoring Round of the review holds at most one ProgressEntry
per action. Here too: the plan as the set-up and response pages give it
(RecordPlan, PartPlan, ResponsePlan), and the conflicts its verbs raise.
"""

import datetime
import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from actionplans import permissions
from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    AuditHistory,
    _attribute,
    document_order,
    first_of_month,
    joined_by_field,
    month_label,
    prints_alike,
    replace_owners,
    shorten,
)
from actionplans.models.exempt import MayBeExempt
from actionplans.models.notifications import Notification
from actionplans.models.people import Owner
from actionplans.models.querysets import ActionQuerySet, RecommendationQuerySet

# The longest council's own reference kept ("SR (25/26) 01" and its kin).
COUNCIL_REFERENCE_MAX = 50


def response_of(rec: "Recommendation"):
    """The recommendation's ExecutiveResponse, or None. Select or prefetch
    `executive_response` when asking this of many."""
    try:
        return rec.executive_response
    except models.ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class ResponsePlan:
    """The executive's response to recommendation `number`, as the clerk's
    page gives it ('' for no response yet)."""

    number: int
    response: str
    reasons: str = ""
    responded_on: datetime.date | None = None
    accepted_part: str = ""


def letter_for(n: int) -> str:
    """The letter of the n-th lettered part (from 0): a … z, then aa, ab …"""
    letters = string.ascii_lowercase
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]


@dataclass(frozen=True)
class RecordPlan:
    """One action record as the set-up page gives it: Responsibility (Owners,
    the lead first), Date (a target month, or the plan's own wording),
    Agreed Action and Agreed Success Measure; a strand's heading; and the
    pk of the action it changes, if it is already in the plan."""

    owners: tuple
    agreed_action: str
    success_measure: str
    target_month: datetime.date | None = None
    target_text: str = ""
    strand: str = ""
    pk: int | None = None
    # Why a confirmed plan's date changes (Action.change_target).
    target_reason: str = ""
    # What is printed before each of `owners` (" / ", a new line), as the
    # clerk chose it; None keeps what the names had (Action.arrange_owners).
    joins: tuple | None = None


@dataclass(frozen=True)
class PartPlan:
    """A lettered part as the set-up page gives it: its text, its own action
    record (or None) and its strands (RecordPlans with a heading)."""

    text: str
    record: RecordPlan | None = None
    strands: tuple = ()
    pk: int | None = None


class TargetReasonNeeded(ValidationError):
    """A confirmed plan's date was changed without a reason: `action_pks`
    are the records that need one, so the page can say it by each."""

    MESSAGE = "Give the reason for changing the date"

    def __init__(self, action_pks):
        self.action_pks = list(action_pks)
        super().__init__(self.MESSAGE)


class PlanConflict(Exception):
    """Someone else changed the plan after the page was opened."""

    def __init__(self, current):
        self.current = current
        latest = current.history.select_related("history_user").first()
        self.changed_by = latest.history_user if latest else None
        self.changed_at = latest.history_date if latest else None
        super().__init__("Someone else changed this plan after you opened it.")

    @property
    def message(self) -> str:
        who = (self.changed_by.get_full_name() or self.changed_by.username) if self.changed_by else "Someone else"
        when = f" at {self.changed_at:%H:%M on %-d %B %Y}" if self.changed_at else ""
        return f"{who} changed this plan{when}, after you opened the page. Your changes were not saved."


class Recommendation(MayBeExempt):
    review = models.ForeignKey("Review", on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(validators=LONG_TEXT)
    # The council's own reference, as it wrote it ("SR (25/26) 01", "R3",
    # "Rec 1"), printed beside our number; blank where the plan has none.
    council_reference = models.CharField(
        max_length=COUNCIL_REFERENCE_MAX,
        blank=True,
        validators=ONE_LINE,
        verbose_name="the council's reference",
        help_text="As the council writes it, such as SR (25/26) 01 or Rec 3: shown beside the number.",
    )
    history = AuditHistory()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_number_unique_in_review"),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"

    def papers_printing_it(self) -> list:
        """The published rounds whose papers print it: every one of its review's."""
        rounds = self.review.rounds
        return list(rounds.filter(status=rounds.model.Status.PUBLISHED))

    @property
    def is_rejected(self) -> bool:
        """The executive rejected it: it is not monitored (Action.is_carried_into)."""
        answer = response_of(self)
        return answer is not None and answer.is_rejected


class SubAction(models.Model):
    """A lettered part of a recommendation: 'a) targeted awareness raising…'."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="sub_actions")
    letter = models.CharField(max_length=3, help_text="a, b, c …", validators=ONE_LINE)
    text = models.TextField(validators=LONG_TEXT)
    history = AuditHistory()

    class Meta:
        ordering = ["recommendation", "letter"]
        verbose_name = "lettered sub-action"
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "letter"], name="sub_action_letter_unique"),
        ]

    def __str__(self):
        return f"{self.recommendation.number} {self.letter})"

    @property
    def words(self) -> str:
        """Its text as printed after its letter: 'taxi marshalling…', not
        'a) taxi marshalling…' (part_words())."""
        return part_words(self.letter, self.text)


def carried_into(period: datetime.date, *, rejected: bool, ended: datetime.date | None) -> bool:
    """The carry-forward rule (docs/roles-and-rules.md) on an action, from what is known
    of it: whether the round of `period` carries it, its recommendation
    `rejected` by the executive or not, the month of the round whose
    decisions signed it off or closed it `ended` (None: still monitored).
    That round still carries it; the rounds after do not. Action.is_carried_into()
    asks it of one action, reports/changes/builder.py of many at once (`ended`
    from standing.leaves_monitoring(), signed_off_in()'s SQL twin)."""
    return not rejected and (ended is None or ended >= period)


def action_reference(number: int, letter: str | None, strand: str) -> str:
    """'1', '1 c)', '1 a) Frontline staff': an action's reference from its
    recommendation's number, its lettered sub-action's letter (None: none)
    and its strand (Action.reference; the dashboards' lines, read as rows)."""
    parts = [str(number)]
    if letter is not None:
        parts.append(f"{letter})")
    if strand:
        parts.append(strand)
    return " ".join(parts)


def part_words(letter: str | None, text: str) -> str:
    """A lettered part's words without its own letter typed before them:
    'taxi marshalling…' for 'a) taxi marshalling…', '(a) …' or 'a. …' under
    the letter a, because every name of it prints the letter already
    ('2 a) taxi marshalling…', not '2 a) a) taxi marshalling…'). The record
    keeps the text as the council typed it; another letter ('b) …' under a)
    is left as part of the words."""
    if not letter:
        return text
    own = re.escape(letter)
    match = re.match(rf"\s*(?:\(\s*{own}\s*\)|{own}\s*\)|{own}\.(?=\s))\s*", text, re.IGNORECASE)
    return text[match.end() :] if match else text


def action_name(number: int, letter: str | None, strand: str, sub_text: str, text: str, words_as=shorten) -> str:
    """'1 b) The development of an on-line form…' (Action.name): the
    reference with the action's own words, as `words_as` gives them: the
    strand's heading, else the lettered sub-action's text (`sub_text`,
    without its letter typed again: part_words()), else the
    recommendation's (`text`)."""
    label = action_reference(number, letter, "")
    words = strand or (part_words(letter, sub_text) if letter is not None else text)
    return f"{label} {words_as(words)}" if words.strip() else label


class Action(MayBeExempt):
    """One action record: the recommendation's own, a lettered sub-action's,
    or one parallel strand's."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    sub_action = models.ForeignKey(
        SubAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name="lettered sub-action",
    )
    strand = models.CharField(
        max_length=200,
        blank=True,
        validators=ONE_LINE,
        help_text="The heading of a parallel strand ('Frontline staff'); blank for the record of the "
        "recommendation or lettered sub-action itself.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order among the strands.")
    owners = models.ManyToManyField(
        Owner, through="Responsibility", related_name="actions", verbose_name="responsibility"
    )
    target_month = models.DateField(null=True, blank=True, verbose_name="date", help_text="The target month.")
    target_text = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="date as worded",
        validators=ONE_LINE,
        help_text="Only where the target is not a month: 'Reviewed throughout the year 2019'.",
    )
    agreed_action = models.TextField(validators=LONG_TEXT)
    # Blank only while a plan is set up (an imported tracker may have no
    # success measures yet): Review.why_not_confirmable() asks for one.
    success_measure = models.TextField(verbose_name="agreed success measure", blank=True, validators=LONG_TEXT)
    # The council's own reference of this action, where its tracker numbers
    # actions ("3.2"), as it wrote it; blank otherwise.
    council_reference = models.CharField(
        max_length=COUNCIL_REFERENCE_MAX,
        blank=True,
        validators=ONE_LINE,
        verbose_name="the council's reference",
        help_text="As the council's tracker writes it, such as 3.2: shown beside the reference.",
    )
    history = AuditHistory()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = document_order()
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "strand"],
                condition=Q(sub_action__isnull=True),
                name="action_unique_under_recommendation",
            ),
            models.UniqueConstraint(
                fields=["sub_action", "strand"],
                condition=Q(sub_action__isnull=False),
                name="action_unique_under_sub_action",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """'1', '1 c)', '1 a) Frontline staff' — as the clerk and committee say it."""
        letter = self.sub_action.letter if self.sub_action_id else None
        return action_reference(self.recommendation.number, letter, self.strand)

    @property
    def title(self) -> str:
        """'Recommendation 1 a) Frontline staff': the reference, in full."""
        return f"Recommendation {self.reference}"

    @property
    def target_label(self) -> str:
        return self.target_text or month_label(self.target_month)

    def set_owners(self, owners, by=None, joins=None) -> None:
        """Make `owners` the action's responsibility, with what is printed
        before each name (`joins`; see replace_owners)."""
        replace_owners(
            self.responsibilities.all(),
            owners,
            lambda owner, position: Responsibility(action=self, owner=owner, position=position),
            by=by,
            joins=joins,
        )

    def arrange_owners(self, owners, by, joins=None) -> None:
        """Make `owners` the action's responsibility in exactly this order
        (the set-up page names them in order, the lead first), printed with
        `joins` between them (what the clerk chose: " / ", " & ", a new
        line; None keeps what each name had, and a newcomer takes the
        plan's separator); each row added, moved or removed is in the
        history. On a confirmed plan, the round now open follows (as
        reassign() does)."""
        permissions.require(by, permissions.CHANGE_RESPONSIBILITY, self)
        links = {link.owner_id: link for link in self.responsibilities.all()}
        wanted = [owner.pk for owner in owners]
        changed = False
        for link in links.values():
            if link.owner_id not in wanted:
                _attribute(link, by)
                link.delete()
                changed = True
        joins = _joins_for(owners, links, joins)
        for position, owner in enumerate(owners):
            link = links.get(owner.pk)
            if link is None:
                link = Responsibility(action=self, owner=owner, position=position)
            elif link.position == position and prints_alike(link.joined_by, joins[position]):
                continue
            link.position, link.joined_by = position, joins[position]
            _attribute(link, by)
            link.save()
            changed = True
        if changed:
            for entry in self.entries.following_responsibility():
                entry.set_owners(list(owners), by=by, joins=joins)

    def why_not_removable(self) -> str:
        """The reason the action may not be removed from the plan, or ''."""
        entry = self.entries.select_related("round").order_by("round__period").first()
        if entry:
            return (
                f"{self.reference} has updates in the {entry.round.label} round: "
                "the committee closes an action rather than deleting it."
            )
        if self.gap_links.published().exists():
            return (
                f"A published self-assessment names {self.reference} as closing a gap: "
                "the committee closes an action rather than deleting it."
            )
        return ""

    def remove(self, *, by) -> None:
        """Remove the action, who is responsible for it and the draft
        self-assessments' links to it, each in the history."""
        permissions.require(by, permissions.REMOVE_ACTION, self)
        reason = self.why_not_removable()
        if reason:
            raise ValidationError(reason)
        for link in [*self.responsibilities.all(), *self.gap_links.all()]:
            _attribute(link, by)
            link.delete()
        _attribute(self, by)
        self.delete()

    def reassign(self, owners, by) -> None:
        """Give the action to other owners, from the round now open (if any)
        onwards. Earlier rounds keep who was responsible then."""
        permissions.require(by, permissions.CHANGE_RESPONSIBILITY, self)
        self.set_owners(owners, by=by)
        for entry in self.entries.following_responsibility():
            entry.set_owners(owners, by=by)

    def revise_target(self, revision, *, by) -> None:
        """Make an accepted revision (TargetRevision) the action's target:
        the one write of a confirmed plan's date, in the history with who
        and why. The revision keeps the target before it."""
        if revision.action_id != self.pk or not revision.is_accepted:
            raise ValidationError("Only an accepted revision of this action changes its target.")
        with transaction.atomic():
            action = Action.objects.select_for_update().get(pk=self.pk)
            action.target_month, action.target_text = revision.target_month, ""
            action._change_reason = f"Target revised: {revision.reason}"[:100]
            _attribute(action, by)
            action.save()
            Notification.objects.target_revised(action, revision, by=by)
        self.target_month, self.target_text = action.target_month, action.target_text

    def change_target(self, *, target_month, reason: str, by):
        """A clerk's own change of a confirmed plan's target month, with the
        reason: recorded as a revision they proposed and accepted, which the
        progress update opened now (or the next one) prints first."""
        permissions.require(by, permissions.CHANGE_TARGET, self)
        if not reason.strip():
            raise ValidationError({"target_reason": "Give the reason for changing the date."})
        review = self.recommendation.review
        latest = review.rounds.order_by("-period").first()
        if latest is None:
            applies_from = first_of_month(review.action_plan_agreed or timezone.localdate())
        elif latest.is_open:
            applies_from = latest.period
        else:
            applies_from = (latest.period + datetime.timedelta(days=32)).replace(day=1)
        revision = self.target_revisions.model(
            action=self,
            target_before=self.target_month,
            target_before_text=self.target_text,
            target_month=target_month,
            reason=reason.strip(),
            proposed_by=by,
            status=self.target_revisions.model.Status.ACCEPTED,
            decided_by=by,
            decided_at=timezone.now(),
            applies_from=applies_from,
        )
        revision.full_clean()
        with transaction.atomic():  # the revision and the new target, or neither
            _attribute(revision, by)
            revision.save()
            self.revise_target(revision, by=by)
        return revision

    def published_decisions(self) -> list:
        """The committee's published decisions on the action, round by
        round. Reads `self.decisions.all()` (with each decision's round):
        prefetch them (with_entries()) when asking this of many actions."""
        decisions = [decision for decision in self.decisions.all() if decision.round.decisions_are_published]
        return sorted(decisions, key=lambda decision: decision.round.period)

    def decisions_with_who(self) -> list:
        """The committee's published decisions on the action, round by
        round, each with `recorded_by`: the name of who last recorded it
        (its history). Two queries."""
        decisions = list(self.decisions.published().select_related("round").order_by("round__period"))
        who = {}
        for record in self.decisions.model.history.filter(action_id=self.pk).select_related("history_user"):
            if record.id not in who and record.history_user is not None:  # newest first
                who[record.id] = record.history_user.get_full_name() or record.history_user.username
        for decision in decisions:
            decision.recorded_by = who.get(decision.pk, "the system")
        return decisions

    def signed_off_in(self):
        """The round after which the action leaves monitoring, or None while
        it is monitored: the first round whose PUBLISHED committee decision
        signed it off or closed it (grading.LEAVES_MONITORING). A grade of 1
        only proposes it; nothing leaves monitoring without the committee.
        reports/standing.py writes this again in SQL (leaves_monitoring)."""
        leaving = [decision.round for decision in self.published_decisions() if decision.leaves_monitoring]
        return leaving[0] if leaving else None

    def is_carried_into(self, round) -> bool:
        """Whether `round`'s progress update carries this action: the carry-
        forward rule (docs/roles-and-rules.md). The round whose decisions sign it off
        still carries it; the rounds after do not. A recommendation the
        executive rejected is not monitored: no round carries its actions
        (select `recommendation__executive_response` when asking this of
        many)."""
        if self.recommendation.is_rejected:
            return False
        ended = self.signed_off_in()
        return carried_into(round.period, rejected=False, ended=ended.period if ended else None)

    def papers_printing_it(self) -> list:
        """The published rounds whose papers print it: those that carry it."""
        return [round for round in self.recommendation.papers_printing_it() if self.is_carried_into(round)]

    def clean(self):
        if self.sub_action_id and self.sub_action.recommendation_id != self.recommendation_id:
            raise ValidationError({"sub_action": "Choose a lettered sub-action of this recommendation."})
        if not self.target_month and not self.target_text:
            raise ValidationError({"target_month": "Enter the target month, or the date as the plan words it."})
        if self.target_month:
            self.target_month = first_of_month(self.target_month)

    @property
    def name(self) -> str:
        """'1 b) The development of an on-line form…': the reference with a
        few of the action's own words, so nobody has to remember what a bare
        '1 c)' was. The words are the strand's heading, else the lettered
        sub-action's text, else the recommendation's."""
        return self.named_as(shorten)

    @property
    def name_in_sentence(self) -> str:
        """Action.name to stand inside a sentence ("You follow 1 a) Frontline
        staff of the Hate Crime review"): without a full stop of its words'
        own at the end."""
        return self.name.rstrip(" .,;:")

    @property
    def mail_name(self) -> str:
        """Action.name for an e-mail's subject and words, which leave the
        service: as in a sentence (name_in_sentence), or, where the action's
        words are exempt information, its number and letter with the notice
        alone ('1 f) – exempt information (paragraph 3)'), as the papers'
        public copies withhold them."""
        notice = self.exempt_notice or self.recommendation.exempt_notice
        if notice:
            letter = self.sub_action.letter if self.sub_action_id else None
            return f"{action_reference(self.recommendation.number, letter, '')} – {notice[:1].lower()}{notice[1:]}"
        return self.name_in_sentence

    @property
    def full_name(self) -> str:
        """'1 b) The development of an on-line form for reporting hate
        crime': the reference with the action's words in full, for a
        heading or a banner that is about this one action (a shortened name
        cut a heading mid-sentence: "Update on 1 That the Council…")."""
        return self.named_as(lambda words: " ".join(words.split()))

    def named_as(self, words_as) -> str:
        """The reference with the action's words as `words_as` gives them
        (action_name())."""
        sub = self.sub_action if self.sub_action_id else None
        return action_name(
            self.recommendation.number,
            sub.letter if sub else None,
            self.strand,
            sub.text if sub else "",
            self.recommendation.text,
            words_as,
        )


def _joins_for(owners, links: dict, joins) -> list[str]:
    """What is printed before each of `owners`, in order: `joins` as given,
    or (None) what each kept name had, a newcomer the separator typed last
    (`links`: the present rows by owner's pk). The first name's is blank."""
    if joins is None:
        present = sorted(links.values(), key=lambda link: (link.position, link.pk))
        carried = next((link.joined_by for link in reversed(present) if link.joined_by), "")
        joins = [links[owner.pk].joined_by if owner.pk in links else carried for owner in owners]
    return ["" if index == 0 else (joins[index] if index < len(joins) else "") for index in range(len(owners))]


class Responsibility(models.Model):
    """Who an action is the responsibility of now, in the order the plan
    names them. Who it was in an earlier round is on that round's entry."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="responsibilities")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="responsibilities")
    position = models.PositiveSmallIntegerField(default=0)
    joined_by = joined_by_field()
    history = AuditHistory()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(fields=["action", "owner"], name="owner_named_once_per_action"),
        ]

    def __str__(self):
        return f"{self.owner} for {self.action}"
