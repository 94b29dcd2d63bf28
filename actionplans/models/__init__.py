"""The monitoring models, one module per kind of thing:

- council: the council's wording and grading scales (its settings);
- common: month labels, document order, the reading rules, owners' order;
- people: committees and the people and groups responsible for actions;
- review: the review and its action plan, one aggregate (recommendations,
  lettered sub-actions, actions, who is responsible), each model's named
  queries beside it, and the verbs that set up the plan and open its rounds;
- plan: the plan in plain words, with no model (what the set-up and
  response pages give, the carry-forward rule, how a reference prints);
- rounds: monitoring rounds, progress entries, reminders' previews;
- comments: the conversation on an update while its round is open;
- published: a published round's documents as they went out;
- evidence: the files officers attach to their updates, checked and scanned;
- targets: revised target dates, proposed, accepted or refused.
- response: the executive's response to a review's report, and its clock.
- decisions: the committee's decisions on the actions a round carried;
- escalations: overdue updates escalated to their owners' managers;
- workflow: the update workflow every kind of plan's updates share;
- partnership: multi-agency partnership plans, their themes and actions;
- partnership_quarters: a partnership plan's quarters and their updates (RAG);
- deliveries: the scrutiny recommendations partnership actions deliver;
- exempt: exempt information (Schedule 12A), kept out of the public record;
- notifications: e-mail notifications, each person's choices, following a
  review or an action, and the outbox;
- calendars: each person's secret calendar link;
- frameworks: frameworks of good-practice standards;
- assessments: an area's self-assessments against a framework, their gaps
  and the actions closing them;
- personal_data: subject access exports, erasing a leaver, pruning old logs;
- replies: the replies officers send to the e-mails asking for their
  update, what became of each and the answer it was sent;
- standing: each published round's standing, written once: every action it
  carried, with its grade as given, the grade before and the decision;
- outcomes: what a recommendation achieved: its outcome once the
  committee has finished with it, and its impacts (the ledger);
- rechecks: asking, a while after, whether what it achieved still holds,
  and reopening it with the committee's new action where it reverted;
- workers: the task workers' heartbeats, and their tasks put back in the
  queue when a worker is lost.

Everything is imported here, so `from actionplans.models import Action` is
the one way in. The modules import one way, tier by tier (the tiers are
in docs/layout.md, and tests/test_layout_order.py holds the code to them).
"""

from actionplans.models.api_tokens import ApiRequest, ApiToken
from actionplans.models.assessments import Assessment, GapAction, GapLink, LocalResponse
from actionplans.models.calendars import CalendarFeed
from actionplans.models.comments import UpdateComment
from actionplans.models.common import (
    FIELD_WORDS,
    ILLUSTRATIVE_MARK,
    LONG_TEXT,
    ONE_LINE,
    day_label,
    document_order,
    first_of_month,
    is_illustrative,
    keep_named_order,
    marked,
    marked_day,
    marked_if,
    month_label,
    period_code,
    reason_field,
    replace_owners,
    shorten,
    stable_reference,
)
from actionplans.models.council import (
    Council,
    GradingScale,
    Scale,
    ScaleGrade,
    ScaleLevel,
    Wording,
    council,
    current_scale,
)
from actionplans.models.decisions import CommitteeDecision, DecisionConflict, DecisionInput
from actionplans.models.deliveries import Delivery
from actionplans.models.escalations import Escalation, EscalationLine, escalation_lines
from actionplans.models.evidence import EvidenceFile, PublishedEvidence
from actionplans.models.exempt import ExemptParagraph, MayBeExempt, exempt_notice
from actionplans.models.frameworks import Characteristic, Framework, Level, Standard, latin_letter
from actionplans.models.imports import ImportUpload, PlanImport, StatusMeaning
from actionplans.models.limits import RequestCount, may_send_forgot_password
from actionplans.models.notifications import Follow, Notification, NotificationPreference, SentReminder
from actionplans.models.outcomes import (
    Impact,
    ImpactInput,
    ImpactKind,
    Outcome,
    OutcomeConflict,
    RecommendationOutcome,
    RecommendationPriority,
)
from actionplans.models.partnership import (
    ActionIndicator,
    Activity,
    GlossaryEntry,
    Indicator,
    Organisation,
    Partnership,
    PartnershipAction,
    PartnershipPlan,
    Repeat,
    Theme,
    due_label,
    indicator_code,
    quarter_label,
    quarter_start,
    repeat_in,
)
from actionplans.models.partnership_quarters import PartnershipUpdate, Quarter
from actionplans.models.people import (
    Committee,
    Owner,
    mail_set_password_link,
)
from actionplans.models.personal_data import PersonalDataEvent, erase_leaver, prune_logs, why_not_erase
from actionplans.models.plan import (
    PartPlan,
    PlanConflict,
    RecordPlan,
    ResponsePlan,
    TargetReasonNeeded,
    action_name,
    action_reference,
    part_words,
)
from actionplans.models.published import PublishedDocument
from actionplans.models.rechecks import OutcomeCheck, Recheck, ReopeningAction
from actionplans.models.replies import EmailedReply, MailboxReading, MailboxRefreshToken
from actionplans.models.response import ExecutiveResponse, ResponseClock
from actionplans.models.review import Action, Recommendation, Responsibility, Review, ReviewLinkOfficer, SubAction
from actionplans.models.rounds import (
    EntryResponsibility,
    ProgressEntry,
    ReminderMessage,
    Round,
    TargetProposal,
    published_targets,
)
from actionplans.models.standing import Standing
from actionplans.models.targets import (
    TargetRevision,
    proposal_needed,
    target_as_at,
    target_words,
    times_revised,
)
from actionplans.models.workers import WorkerHeartbeat, requeue_abandoned_tasks
from actionplans.models.workflow import EditConflict, FieldChange, Update, UpdateQuerySet

__all__ = [
    "FIELD_WORDS",
    "ILLUSTRATIVE_MARK",
    "LONG_TEXT",
    "ONE_LINE",
    "Action",
    "ActionIndicator",
    "Activity",
    "ApiRequest",
    "ApiToken",
    "Assessment",
    "CalendarFeed",
    "Characteristic",
    "Committee",
    "CommitteeDecision",
    "Council",
    "DecisionConflict",
    "DecisionInput",
    "Delivery",
    "EditConflict",
    "EmailedReply",
    "EntryResponsibility",
    "Escalation",
    "EscalationLine",
    "EvidenceFile",
    "ExecutiveResponse",
    "ExemptParagraph",
    "FieldChange",
    "Follow",
    "Framework",
    "GapAction",
    "GapLink",
    "GlossaryEntry",
    "GradingScale",
    "Impact",
    "ImpactInput",
    "ImpactKind",
    "ImportUpload",
    "Indicator",
    "Level",
    "LocalResponse",
    "MailboxReading",
    "MailboxRefreshToken",
    "MayBeExempt",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "Outcome",
    "OutcomeCheck",
    "OutcomeConflict",
    "Owner",
    "PartPlan",
    "Partnership",
    "PartnershipAction",
    "PartnershipPlan",
    "PartnershipUpdate",
    "PersonalDataEvent",
    "PlanConflict",
    "PlanImport",
    "ProgressEntry",
    "PublishedDocument",
    "PublishedEvidence",
    "Quarter",
    "Recheck",
    "Recommendation",
    "RecommendationOutcome",
    "RecommendationPriority",
    "RecordPlan",
    "ReminderMessage",
    "ReopeningAction",
    "Repeat",
    "RequestCount",
    "ResponseClock",
    "ResponsePlan",
    "Responsibility",
    "Review",
    "ReviewLinkOfficer",
    "Round",
    "Scale",
    "ScaleGrade",
    "ScaleLevel",
    "SentReminder",
    "Standard",
    "Standing",
    "StatusMeaning",
    "SubAction",
    "TargetProposal",
    "TargetReasonNeeded",
    "TargetRevision",
    "Theme",
    "Update",
    "UpdateComment",
    "UpdateQuerySet",
    "Wording",
    "WorkerHeartbeat",
    "action_name",
    "action_reference",
    "council",
    "current_scale",
    "day_label",
    "document_order",
    "due_label",
    "erase_leaver",
    "escalation_lines",
    "exempt_notice",
    "first_of_month",
    "indicator_code",
    "is_illustrative",
    "keep_named_order",
    "latin_letter",
    "mail_set_password_link",
    "marked",
    "marked_day",
    "marked_if",
    "may_send_forgot_password",
    "month_label",
    "part_words",
    "period_code",
    "proposal_needed",
    "prune_logs",
    "published_targets",
    "quarter_label",
    "quarter_start",
    "reason_field",
    "repeat_in",
    "replace_owners",
    "requeue_abandoned_tasks",
    "shorten",
    "stable_reference",
    "target_as_at",
    "target_words",
    "times_revised",
    "why_not_erase",
]
