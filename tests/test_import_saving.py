"""Saving an imported plan: the preview says exactly what the import does;
the import does exactly that, all or nothing, as one change by the clerk."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.grading import Decision
from actionplans.importing import saving
from actionplans.importing.plan import ImportedAction, ImportedEntry, ImportedPlan, Problem
from actionplans.models import (
    Action,
    CommitteeDecision,
    Owner,
    PlanImport,
    ProgressEntry,
    Recommendation,
    Round,
    SubAction,
)
from tests.factories import make_action, make_entry, make_owner, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

MARCH_2020 = datetime.date(2020, 3, 1)
SEPT_2020 = datetime.date(2020, 9, 1)


def action(number, letter="", strand="", row=2, owners=("Neil Mitchell",), entries=(), **fields):
    values = {
        "target_month": datetime.date(2019, 10, 1),
        "agreed_action": "Raise awareness.",
        "success_measure": "More reports.",
        **fields,
    }
    return ImportedAction(number, letter, strand, row, owners=list(owners), entries=list(entries), **values)


def entry(period=MARCH_2020, row=2, grade=2, evidence="Leaflets went out.", **fields):
    return ImportedEntry(period=period, row=row, grade=grade, evidence_of_progress=evidence, **fields)


def a_plan(*actions, **fields):
    plan = ImportedPlan(file_name="tracker.xlsx", **fields)
    plan.recommendations = {1: "That the Council raise awareness of hate crime."} | fields.get("recommendations", {})
    plan.sub_actions = {(1, "a"): "targeted awareness raising"} | fields.get("sub_actions", {})
    plan.actions = list(actions)
    return plan


@pytest.fixture
def neil(db):
    return make_owner("Neil Mitchell")


def test_a_new_review_gets_the_files_recommendations_actions_and_past_rounds(clerk, neil):
    review = make_review()
    plan = a_plan(
        action(1, row=2, entries=[entry(row=2, grade=1)]),
        action(1, "a", "Frontline staff", row=3, entries=[entry(row=3), entry(SEPT_2020, row=4, grade=1)]),
    )
    preview = saving.compare(review, plan, progress=as_record(plan))
    assert preview.problems == []
    assert [(r.row, r.reference, r.what) for r in preview.rows] == [
        (2, "1", "New action"),
        (3, "1 a) Frontline staff", "New action"),
    ]
    assert preview.new_recommendations == ["Recommendation 1"] and preview.new_sub_actions == ["1 a)"]
    assert [(r.label, r.new, r.updates) for r in preview.rounds] == [
        ("March 2020", True, 2),
        ("September 2020", True, 1),
    ]
    # The meeting dates the clerk gave (as_record: the 15th); the deadlines,
    # which the file does not give, are the month's first day, and the
    # preview says so.
    assert preview.publishing[0] == (
        "The March 2020 round will be published as the record of the meeting on 15 March 2020, marked imported."
    )
    assert any("deadline for updates is taken as 1 March 2020" in note for note in preview.notes)
    # Not the Django admin, read-only for clerks: the file can carry the dates.
    assert not any("admin" in note for note in preview.notes)
    assert all("Rounds sheet" in note for note in preview.notes)
    assert Action.objects.count() == 0  # a preview changes nothing

    record = saving.import_plan(review, plan, progress=as_record(plan), by=clerk)

    strand = Action.objects.get(strand="Frontline staff")
    assert strand.sub_action.text == "targeted awareness raising" and list(strand.owners.all()) == [neil]
    rounds = list(review.rounds.order_by("period"))
    assert [(r.period, r.status, r.meeting_date, r.imported) for r in rounds] == [
        (MARCH_2020, Round.Status.PUBLISHED, datetime.date(2020, 3, 15), True),
        (SEPT_2020, Round.Status.PUBLISHED, datetime.date(2020, 9, 15), True),
    ]
    entries = ProgressEntry.objects.filter(action=strand).order_by("round__period")
    assert [(e.grade, e.status, list(e.owners.all())) for e in entries] == [
        (2, ProgressEntry.Status.APPROVED, [neil]),
        (1, ProgressEntry.Status.APPROVED, [neil]),
    ]
    # The tracker's record of the committee: March 2020 carried the strand
    # forward (it is in September); September, the latest, awaits the committee.
    assert [(d.round, d.decision) for d in strand.decisions.all()] == [(rounds[0], Decision.CARRIED)]
    assert not CommitteeDecision.objects.filter(round=rounds[1]).exists()
    assert rounds[0].decisions_are_published and not rounds[1].decisions_are_published
    assert strand.signed_off_in() is None
    assert {(r.history_user, r.history_change_reason) for r in CommitteeDecision.history.all()} == {
        (clerk, "Imported from tracker.xlsx")
    }
    assert (record.actions_created, record.rounds_created, record.entries_created) == (2, 2, 3)
    assert PlanImport.objects.get().imported_by == clerk


def test_every_history_row_names_the_clerk_and_the_file(clerk, neil):
    review = make_review()
    plan = a_plan(action(1, "a", entries=[entry()]))
    saving.import_plan(review, plan, by=clerk, progress=as_record(plan))
    for model in (Recommendation, SubAction, Action, Round, ProgressEntry):
        records = list(model.history.all())
        assert records, model
        assert {(r.history_user, r.history_change_reason) for r in records} == {(clerk, "Imported from tracker.xlsx")}


def test_an_existing_action_is_matched_by_reference_and_only_what_differs_changes(clerk, neil):
    # Being set up, so that its dates change freely (a confirmed plan's: below).
    review = make_review(status="setting_up")
    rec = make_recommendation(review, 1, text="That the Council raise awareness of hate crime.")
    kept = make_action(
        rec,
        owners=[neil],
        target_month=datetime.date(2019, 10, 1),
        agreed_action="Raise awareness.",
        success_measure="More reports.",
    )
    changed = make_action(
        rec,
        owners=[neil],
        strand="Schools",
        target_month=datetime.date(2019, 10, 1),
        agreed_action="Old words.",
        success_measure="More reports.",
    )
    plan = a_plan(
        action(1, row=2),
        action(1, strand="Schools", row=3, target_month=datetime.date(2020, 6, 1), owners=["Errol Parks"]),
    )
    make_owner("Errol Parks")
    preview = saving.compare(review, plan, progress=as_record(plan))
    assert [(r.reference, r.what) for r in preview.rows] == [
        ("1", "Unchanged"),
        ("1 Schools", "Changed: Responsibility, Date, Agreed Action"),
    ]
    saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    changed.refresh_from_db()
    kept.refresh_from_db()
    assert changed.target_month == datetime.date(2020, 6, 1) and changed.agreed_action == "Raise awareness."
    assert [o.name for o in changed.owners.all()] == ["Errol Parks"]
    assert kept.history.count() == 1  # untouched
    assert changed.responsibilities.get().history.get().history_change_reason == "Imported from tracker.xlsx"


def test_a_confirmed_plans_date_is_not_changed_by_a_file_which_gives_no_reason(clerk, neil):
    review = make_review()
    rec = make_recommendation(review, 1, text="That the Council raise awareness of hate crime.")
    make_action(rec, owners=[neil], strand="Schools", target_month=datetime.date(2019, 10, 1))
    plan = a_plan(action(1, strand="Schools", row=3, target_month=datetime.date(2020, 6, 1), owners=["Neil Mitchell"]))
    preview = saving.compare(review, plan, progress=as_record(plan))
    assert [p.where for p in preview.problems] == ["Row 3"]
    assert "date is October 2019 in the plan, and the file says June 2020" in str(preview.problems[0])
    with pytest.raises(ValidationError):
        saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    assert Action.objects.get().target_month == datetime.date(2019, 10, 1)


def test_people_the_system_does_not_know_are_a_problem_named_by_their_cell_unless_the_clerk_creates_them(clerk):
    review = make_review()
    plan = a_plan(action(1, row=7, owners=["Nadia Newcomer"]))
    preview = saving.compare(review, plan, progress=as_record(plan), owner_column="G")
    assert preview.new_people == ["Nadia Newcomer"]
    assert [p.where for p in preview.problems] == ["G7"] and "Nadia Newcomer" in str(preview.problems[0])
    with pytest.raises(ValidationError):
        saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    assert Action.objects.count() == Owner.objects.count() == 0

    saving.import_plan(review, plan, progress=as_record(plan), by=clerk, create_people=True)
    nadia = Owner.objects.get(name="Nadia Newcomer")
    assert nadia.user is None and nadia.kind == Owner.Kind.PERSON
    assert nadia.history.get().history_user == clerk


def test_a_plan_with_problems_saves_nothing(clerk, neil):
    review = make_review()
    plan = a_plan(action(1), action(1, "a", row=3, agreed_action=""), action(1, "a", row=4))
    plan.problems.append(Problem("C14", "'Sept 19' is not a month"))
    problems = [str(p) for p in saving.compare(review, plan, progress=as_record(plan)).problems]
    assert "C14: 'Sept 19' is not a month" in problems
    assert "Row 4: 1 a) is already described in row 3." in problems
    assert any(p.startswith("Row 3: Agreed Action") for p in problems)
    with pytest.raises(ValidationError):
        saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    assert Recommendation.objects.count() == Action.objects.count() == PlanImport.objects.count() == 0


def test_a_new_recommendation_needs_its_text(clerk, neil):
    review = make_review()
    plan = a_plan(action(2, row=5))
    plan.actions[0].agreed_action = ""
    assert "Row 5: Recommendation 2 is new to this review, and the file has no text for it." in [
        str(p) for p in saving.compare(review, plan, progress=as_record(plan)).problems
    ]


def test_a_new_recommendation_without_its_text_takes_its_first_actions(clerk, neil):
    """A log of numbered actions (an NHS trust's) gives no recommendation's
    text: each action is its recommendation's own, and says it."""
    review = make_review()
    plan = a_plan(action(2, row=5))
    preview = saving.compare(review, plan)
    assert preview.problems == []
    second = next(rec for rec in preview.work.recommendations if rec.number == 2)
    assert second.text == plan.actions[0].agreed_action


def test_a_published_round_is_never_changed_but_an_identical_one_is_fine(clerk, neil):
    review = make_review()
    rec = make_recommendation(review, 1, text="That the Council raise awareness of hate crime.")
    own = make_action(
        rec,
        owners=[neil],
        target_month=datetime.date(2019, 10, 1),
        agreed_action="Raise awareness.",
        success_measure="More reports.",
    )
    published = make_round(review, 2020, 3)
    make_entry(own, published, grade=2, evidence="- Leaflets went out.", owners=[neil], status="approved")

    same = a_plan(action(1, entries=[entry(evidence="• Leaflets went out.")]))
    preview = saving.compare(review, same, progress=as_record(same))
    assert preview.problems == [] and preview.rows[0].updates == ["March 2020: unchanged"]

    different = a_plan(action(1, row=9, entries=[entry(row=9, grade=4, evidence="- Leaflets went out.")]))
    assert [str(p) for p in saving.compare(review, different, progress=as_record(different)).problems] == [
        "Row 9: The March 2020 round is published and an import never changes it: this row's Assessment of "
        "Progress differs from the committee's record."
    ]


def test_an_open_round_is_the_officers(clerk, neil):
    review = make_review()
    make_round(review, 2020, 3, status=Round.Status.OPEN)
    problems = saving.compare(review, a_plan(action(1, entries=[entry()]))).problems
    assert len(problems) == 1 and "The March 2020 round is open" in str(problems[0])


def test_no_update_received_adds_no_entry(clerk, neil):
    review = make_review()
    plan = a_plan(action(1, entries=[entry(grade=None, evidence="No update received"), entry(SEPT_2020)]))
    assert saving.compare(review, plan, progress=as_record(plan)).rows[0].updates == [
        "March 2020: no update received",
        "September 2020: added, 2 (On-Track)",
    ]
    saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    assert [e.round.label for e in ProgressEntry.objects.all()] == ["September 2020"]
    assert review.rounds.count() == 2


def test_bullets_are_stored_as_the_product_writes_them(clerk, neil):
    review = make_review()
    plan = a_plan(action(1, entries=[entry(evidence="Done:\r\n• one\r\n* two")]))
    saving.import_plan(review, plan, by=clerk, progress=as_record(plan))
    assert ProgressEntry.objects.get().evidence_of_progress == "Done:\n- one\n- two"


def big_plan(n: int) -> ImportedPlan:
    """n actions under 10 recommendations, each with two rounds, naming
    seven people new to the system."""
    plan = ImportedPlan(file_name="big.xlsx")
    for number in range(1, 11):
        plan.recommendations[number] = f"Recommendation number {number}."
        plan.sub_actions[(number, "a")] = "A lettered part."
    for i in range(n):
        number = i % 10 + 1
        plan.actions.append(
            action(
                number,
                "a",
                f"Strand {i}",
                row=i + 2,
                owners=["Neil Mitchell", f"Person {i % 7} of {n}"],
                entries=[entry(row=i + 2), entry(SEPT_2020, row=i + 2, grade=1)],
            )
        )
    return plan


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(clerk, neil):
    counts = []
    for n in (10, 1000):
        review = make_review()
        plan = big_plan(n)
        with CaptureQueriesContext(connection) as preview_queries:
            saving.compare(review, plan, progress=as_record(plan), create_people=True)
        with CaptureQueriesContext(connection) as import_queries:
            # A login read afresh, as each request reads it (its permissions too).
            saving.import_plan(
                review, plan, progress=as_record(plan), by=get_user_model().objects.get(pk=clerk.pk), create_people=True
            )
        counts.append((len(preview_queries), len(import_queries)))
        assert Action.objects.filter(recommendation__review=review).count() == n
        assert ProgressEntry.objects.filter(round__review=review).count() == 2 * n
    assert counts[0] == counts[1], counts


def test_a_change_of_responsibility_moves_the_open_rounds_update_to_the_new_owners(clerk, neil):
    review = make_review()
    rec = make_recommendation(review, 1, text="That the Council raise awareness of hate crime.")
    own = make_action(
        rec,
        owners=[neil],
        target_month=datetime.date(2019, 10, 1),
        agreed_action="Raise awareness.",
        success_measure="More reports.",
    )
    published = make_round(review, 2020, 3)
    earlier = make_entry(own, published, grade=2, owners=[neil], status="approved")
    open_now = make_round(review, 2020, 9, status=Round.Status.OPEN)
    waiting = make_entry(own, open_now, owners=[neil])
    errol = make_owner("Errol Parks")

    plan = a_plan(action(1, owners=["Errol Parks"]))
    preview = saving.compare(review, plan, progress=as_record(plan))
    assert preview.problems == []
    assert preview.rows[0].what == "Changed: Responsibility"
    assert preview.rows[0].updates == ["September 2020 (open): its update is theirs now"]
    saving.import_plan(review, plan, progress=as_record(plan), by=clerk)

    assert list(own.owners.all()) == [errol]
    assert list(waiting.owners.all()) == [errol]  # as Action.reassign() would have it
    assert list(earlier.owners.all()) == [neil]  # the committee's record keeps who it was
    link = waiting.responsibilities.get()
    assert link.history.get().history_user == clerk


def test_people_are_matched_whatever_the_case_and_spaces_of_their_names(clerk, neil):
    review = make_review()
    plan = a_plan(
        action(1, owners=["neil mitchell"]),
        action(1, "a", row=3, owners=[" NEIL MITCHELL "]),
        action(1, "a", "Schools", row=4, owners=["Nadia Newcomer"]),
        action(1, "a", "Parents", row=5, owners=["nadia newcomer"]),
    )
    preview = saving.compare(review, plan, progress=as_record(plan), create_people=True)
    assert preview.problems == [] and preview.new_people == ["Nadia Newcomer"]
    saving.import_plan(review, plan, progress=as_record(plan), by=clerk, create_people=True)
    assert Owner.objects.count() == 2
    nadia = Owner.objects.get(name="Nadia Newcomer")
    assert [list(a.owners.all()) for a in Action.objects.in_document_order()] == [[neil], [neil], [nadia], [nadia]]

    again = saving.compare(review, a_plan(action(1, owners=["NEIL Mitchell"])))
    assert again.rows[0].what == "Unchanged"


def test_the_people_pages_and_the_import_share_one_rule_for_names(neil):
    assert list(Owner.objects.named(" neil MITCHELL ")) == [neil]
    assert list(Owner.objects.named("Neil", "Mitchell")) == []


def test_a_new_action_without_anyone_responsible_is_a_problem_by_its_cell_in_a_monitored_plan(clerk, neil):
    review = make_review()  # being monitored
    plan = a_plan(action(1, row=6, owners=[]))
    problems = saving.compare(review, plan, progress=as_record(plan), owner_column="G").problems
    assert [p.where for p in problems] == ["G6"]
    assert "needs someone responsible" in problems[0].message
    with pytest.raises(ValidationError):
        saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    assert not Action.objects.exists()


def test_a_draft_may_import_an_action_without_anyone_responsible_and_check_your_answers_says_so(clerk, neil):
    draft = make_review(status="setting_up")
    plan = a_plan(action(1, row=6, owners=[]))
    assert saving.compare(draft, plan, progress=as_record(plan), owner_column="G").problems == []
    saving.import_plan(draft, plan, progress=as_record(plan), by=clerk)
    assert any("responsib" in problem for problem in draft.why_not_confirmable())


def test_link_officers_the_file_names_are_matched_created_or_a_problem(clerk, neil):
    review = make_review()
    make_owner("SBC Hate Crime Lead", kind=Owner.Kind.ROLE)
    plan = a_plan(action(1), link_officers=["NEIL MITCHELL", "Lara Link"], round_dates={})
    preview = saving.compare(review, plan, progress=as_record(plan))
    assert [str(p) for p in preview.problems] == [
        "The Review sheet: Nobody called 'Lara Link' is a link officer yet: create them, or correct the name."
    ]
    assert preview.new_people == ["Lara Link"]
    assert saving.compare(review, a_plan(action(1), link_officers=["SBC Hate Crime Lead"])).problems[0].message == (
        "SBC Hate Crime Lead is a role or group: a link officer is a person."
    )

    saving.import_plan(review, plan, progress=as_record(plan), by=clerk, create_people=True)
    assert sorted(o.name for o in review.link_officers.all()) == ["Lara Link", "Neil Mitchell"]


# Trackers without an Agreed Success Measure ----------------------------------

NO_SUCCESS_MEASURE = (
    b"Ref,Recommendation,Action,Lead Officer,Target Date\r\n"
    b"1,That the Council raise awareness of hate crime.,Raise awareness.,Neil Mitchell,October 2019\r\n"
    b"2,That the Council train its staff.,Train staff.,Neil Mitchell,March 2020\r\n"
    b"3,That the Council report yearly.,Report.,Neil Mitchell,2020\r\n"
)


def read_file(data: bytes, name="tracker.csv"):
    from actionplans.importing import reading

    return reading.read(data, name)


def test_a_tracker_without_success_measures_sets_up_a_plan_and_check_your_answers_asks_for_them(clerk, neil):
    draft = make_review(status="setting_up")
    read = read_file(NO_SUCCESS_MEASURE)
    preview = saving.compare(draft, read.plan, progress=as_record(read.plan), owner_column=read.owner_column)
    assert preview.problems == []
    saving.import_plan(draft, read.plan, progress=as_record(read.plan), by=clerk, owner_column=read.owner_column)
    assert list(Action.objects.values_list("success_measure", flat=True)) == ["", "", ""]
    assert draft.why_not_confirmable() == [
        "1 has no agreed success measure: write what success will look like.",
        "2 has no agreed success measure: write what success will look like.",
        "3 has no agreed success measure: write what success will look like.",
    ]
    with pytest.raises(ValidationError):
        draft.confirm(by=clerk, version=draft.version)


def test_a_monitored_plan_refuses_new_actions_without_a_success_measure_once_for_a_file_without_the_column(clerk, neil):
    review = make_review()  # being monitored
    read = read_file(NO_SUCCESS_MEASURE)
    problems = [
        str(p)
        for p in saving.compare(
            review, read.plan, progress=as_record(read.plan), owner_column=read.owner_column
        ).problems
    ]
    assert problems == [
        "No column is the Agreed Success Measure, and every new action of a plan being monitored needs one: "
        "add the column to the file, or say which column holds it."
    ]
    with pytest.raises(ValidationError):
        saving.import_plan(review, read.plan, progress=as_record(read.plan), by=clerk)
    assert not Action.objects.exists()


def test_a_monitored_plan_names_the_cell_of_a_blank_success_measure_never_djangos_words(clerk, neil):
    review = make_review()
    data = (
        b"Ref,Recommendation,Action,Lead Officer,Target Date,Success measure\r\n"
        b"1,That the Council raise awareness.,Raise awareness.,Neil Mitchell,October 2019,More reports\r\n"
        b"2,That the Council train its staff.,Train staff.,Neil Mitchell,March 2020,\r\n"
    )
    read = read_file(data)
    problems = [
        str(p)
        for p in saving.compare(
            review, read.plan, progress=as_record(read.plan), owner_column=read.owner_column
        ).problems
    ]
    assert problems == [
        "F3: 2 is a new action of a plan being monitored, and every action needs an agreed success measure: "
        "write it in the Agreed Success Measure column."
    ]
    assert not any("blank" in problem for problem in problems)


def test_the_set_up_page_still_asks_for_the_success_measure(neil):
    from actionplans.setup.forms import RecordForm

    form = RecordForm(
        data={"target_text": "2020", "agreed_action": "Raise awareness.", "success_measure": ""},
        owners=[],
        is_strand=False,
        title="1",
    )
    assert not form.is_valid()
    assert form.errors["success_measure"] == ["Enter the agreed success measure"]


def test_the_trackers_rounds_show_what_was_carried_and_the_latest_awaits_the_committee(clerk, neil):
    review = make_review()
    dec_2020 = datetime.date(2020, 12, 1)
    plan = a_plan(
        action(1, "a", row=2, entries=[entry(MARCH_2020, grade=1), entry(SEPT_2020, row=2, grade=1)]),
        action(1, "b", row=3, entries=[entry(MARCH_2020, row=3, grade=1)]),
        action(1, "c", row=4, entries=[entry(MARCH_2020, row=4, grade=3)]),
        action(1, "d", row=5, entries=[entry(MARCH_2020, row=5, grade=2), entry(SEPT_2020, row=5, grade=2)]),
        action(1, "e", row=6, entries=[entry(dec_2020, row=6, grade=1)]),
        sub_actions={(1, letter): f"part {letter}" for letter in "bcde"},
    )
    saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    made = {
        (d.action.reference, d.round.label): (d.decision, d.reason)
        for d in CommitteeDecision.objects.select_related("action__sub_action", "action__recommendation", "round")
    }
    assert made == {
        ("1 a)", "March 2020"): (Decision.KEPT_OPEN, ""),
        ("1 b)", "March 2020"): (Decision.SIGNED_OFF, ""),
        ("1 c)", "March 2020"): (Decision.CLOSED, saving.NOT_CARRIED),
        ("1 d)", "March 2020"): (Decision.CARRIED, ""),
        ("1 a)", "September 2020"): (Decision.SIGNED_OFF, ""),
        ("1 d)", "September 2020"): (Decision.CLOSED, saving.NOT_CARRIED),
    }
    # Read from the papers, which record no meeting that decided them.
    assert set(CommitteeDecision.objects.values_list("meeting_date", flat=True)) == {None}
    latest = review.rounds.get(period=dec_2020)
    assert not latest.decisions_are_published
    # What the next round carries follows them: 1 e), awaiting the committee.
    assert [a.reference for a in Action.objects.carried_into(latest)] == ["1 e)"]


def as_record(plan):
    """Issue 25: the clerk says the file's progress is past meetings' records
    (each meeting on the 15th, where the file's Rounds sheet does not say)."""
    from actionplans.importing import saving

    return saving.ProgressChoice(
        saving.PAST_RECORD,
        meeting_dates={p: p.replace(day=15) for p in plan.periods if p not in plan.round_dates},
    )


def test_without_the_clerks_answer_nothing_is_published_and_leaving_the_progress_out_imports_the_plan(clerk, neil):
    review = make_review()
    plan = a_plan(action(1, entries=[entry()]))
    preview = saving.compare(review, plan)
    assert [problem.fix for problem in preview.problems] == ["progress"]
    assert preview.publishing == ["Nothing will be published."]
    with pytest.raises(ValidationError):
        saving.import_plan(review, plan, by=clerk)
    assert not Action.objects.exists()

    left = saving.ProgressChoice(saving.LEAVE_OUT)
    assert saving.compare(review, plan, progress=left).publishing == [
        "Nothing will be published. The file's progress for March 2020 is left out."
    ]
    saving.import_plan(review, plan, by=clerk, progress=left)
    assert Action.objects.count() == 1 and not review.rounds.exists() and not ProgressEntry.objects.exists()


def test_decisions_imported_before_they_were_read_as_the_papers_lose_their_invented_meeting(clerk, neil):
    import importlib

    from django.apps import apps

    review = make_review()
    plan = a_plan(
        action(1, "a", row=2, entries=[entry(MARCH_2020, grade=2), entry(SEPT_2020, row=2, grade=1)]),
        sub_actions={(1, "a"): "part a"},
    )
    saving.import_plan(review, plan, progress=as_record(plan), by=clerk)
    imported = CommitteeDecision.objects.get()
    # As an import before migration 0066 left it: dated to the round's meeting.
    CommitteeDecision.objects.filter(pk=imported.pk).update(meeting_date=imported.round.meeting_date)
    recorded = CommitteeDecision.objects.create(
        action=imported.action,
        round=review.rounds.get(period=SEPT_2020),
        decision=Decision.SIGNED_OFF,
        meeting_date=datetime.date(2020, 9, 20),
    )
    name = "actionplans.migrations.0068_imported_decisions_forget_their_invented_meeting"
    importlib.import_module(name).forget_invented_meetings(apps, None)
    imported.refresh_from_db()
    recorded.refresh_from_db()
    assert imported.from_papers and imported.history.first().history_type == "~"
    assert recorded.meeting_date == datetime.date(2020, 9, 20)  # the committee's, as recorded


def test_a_new_link_officer_whose_name_reads_as_a_post_is_a_person_wherever_the_file_names_them(clerk):
    """A link officer signs in: named also as an action's owner, and read
    as a post ("Officer 1", "Sam Lead"), they are created a person."""
    review = make_review()
    plan = a_plan(action(1, owners=("Community Safety Officer",)), link_officers=["Community Safety Officer"])
    preview = saving.compare(review, plan, progress=as_record(plan), create_people=True)
    assert preview.problems == [] and preview.new_groups == []
    saving.import_plan(review, plan, progress=as_record(plan), by=clerk, create_people=True)
    assert Owner.objects.get(name="Community Safety Officer").kind == Owner.Kind.PERSON
    assert [o.name for o in review.link_officers.all()] == ["Community Safety Officer"]
