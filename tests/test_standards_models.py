"""Frameworks of good-practice standards and self-assessments against them
(actionplans/models/frameworks.py, assessments.py): the demo holds seed
003's framework and the council's published assessment; a new assessment
starts from the last one's responses and actions; every write is a verb
with `by=`, in the history, refused to those who do not build plans."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans.grading import Rating, rating_label, rating_moved
from actionplans.models import (
    Action,
    Assessment,
    EditConflict,
    Framework,
    GapAction,
    GapLink,
    LocalResponse,
    PartnershipAction,
    latin_letter,
)
from actionplans.models.council import current_scale

pytestmark = pytest.mark.django_db

SLUG = "north-east-hate-incident-standards"


@pytest.fixture
def framework(demo):
    return Framework.objects.get(slug=SLUG)


@pytest.fixture
def published(framework):
    return framework.assessments.get()


def test_the_demo_holds_seed_003s_standards_and_letters_in_latin(framework):
    assert [s.heading for s in framework.standards.all()] == [
        "1. Third Party Reporting",
        "2. Hate Incident Case Management",
        "3. Prevention Activity",
    ]
    assert [c.label for c in framework.characteristics()] == [
        "1 A", "1 B", "1 C", "1 D",
        "2 A", "2 B", "2 C", "2 D", "2 E", "2 F", "2 G", "2 H", "2 I",
        "3 A",
    ]  # fmt: skip
    assert [level.heading for level in framework.levels.all()] == [
        "Regional level (defined as the entire North East Government Office region):",
        "Local level (defined as local authority/CDRP area):",
    ]


def test_a_cyrillic_look_alike_letter_is_stored_in_latin(framework, clerk):
    standard = framework.standards.get(number=3)
    added = standard.add_characteristic(letter="В", text="A second characteristic.", function="", by=clerk)
    assert added.letter == "B" == latin_letter("в")
    with pytest.raises(ValidationError) as error:
        standard.add_characteristic(letter="\u0412", text="Again.", by=clerk)
    assert "already has a characteristic B" in str(error.value)


def test_the_demo_assessment_is_published_with_its_gaps_and_their_actions(
    rated_assessment, rated_partnership_updates, published
):
    assert published.is_published and published.area == "Stockton-on-Tees Borough Council"
    gaps = published.responses.with_gaps().in_order()
    assert [r.characteristic.label for r in gaps] == ["1 D", "2 C", "2 D", "2 F", "2 G", "2 H", "3 A"]
    statuses = GapLink.objects.filter(local_response__assessment=published).statuses()
    one_d = published.responses.get(characteristic__standard__number=1, characteristic__letter="D")
    assert [a.printed for a in statuses[one_d.pk]] == ["Hate Crime Action Plan 2018–2019, 3.3 (Green, Q2 2018)"]
    two_h = published.responses.get(characteristic__standard__number=2, characteristic__letter="H")
    (action,) = statuses[two_h.pk]
    assert action.kind == "scrutiny" and action.status == "1, March 2020"  # graded as seed 001 prints it


def test_a_new_assessment_starts_from_the_last_ones_responses_and_actions(
    rated_assessment, framework, published, clerk
):
    new = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )
    assert not new.is_published and new.started_from == published
    before = {r.characteristic_id: (r.response, r.rating, r.gap) for r in published.responses.all()}
    after = {r.characteristic_id: (r.response, r.rating, r.gap) for r in new.responses.all()}
    assert before == after
    assert GapLink.objects.filter(local_response__assessment=new).count() == 3
    # Starting afresh: every characteristic Not assessed.
    blank = Assessment.objects.start(framework=framework, assessed_on=datetime.date(2021, 4, 1), by=clerk)
    assert set(blank.responses.values_list("rating", flat=True)) == {Rating.NOT_ASSESSED}
    assert Assessment.objects.latest_for(framework) == blank


def test_recording_a_response_checks_the_version_needs_a_gap_and_links_actions(
    rated_assessment, framework, published, clerk
):
    new = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )
    response = new.responses.get(characteristic__standard__number=1, characteristic__letter="A")
    fields = {"response": "Forms and an online portal.", "evidence": "", "gap": ""}
    with pytest.raises(ValidationError) as error:
        response.record(by=clerk, version=response.version, rating=Rating.PARTLY_MET, **fields)
    assert "Say what the gap is" in str(error.value)
    response.refresh_from_db()
    assert response.rating == Rating.MET  # nothing half-saved
    action = Action.objects.get(strand="Schools, Colleges and Universities")
    partnership_action = PartnershipAction.objects.filter(number="1.6").first()
    fields["gap"] = "The portal is not yet promoted in schools."
    response.record(
        by=clerk, version=response.version, rating=Rating.PARTLY_MET, actions=[partnership_action, action], **fields
    )
    response.refresh_from_db()
    assert response.rating == Rating.PARTLY_MET and response.version == 2
    assert [link.partnership_action_id or link.action_id for link in response.links.all()] == [
        partnership_action.pk,
        action.pk,
    ]
    assert response.history.first().history_user == clerk
    with pytest.raises(EditConflict):
        response.record(by=clerk, version=1, rating=Rating.MET, **{**fields, "gap": ""})


def test_a_published_assessment_cannot_be_changed_or_deleted(published, clerk):
    response = published.responses.first()
    with pytest.raises(ValidationError):
        response.record(by=clerk, version=response.version, response="x", rating=Rating.MET, evidence="", gap="")
    with pytest.raises(ValidationError):
        published.delete(by=clerk)
    with pytest.raises(ValidationError):
        published.publish(by=clerk)


def test_deleting_a_draft_takes_its_responses_and_links_each_in_the_history(
    rated_assessment, framework, published, clerk
):
    new = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )
    pk = new.pk
    new.delete(by=clerk)
    assert not LocalResponse.objects.filter(assessment_id=pk).exists()
    assert LocalResponse.history.filter(assessment_id=pk, history_type="-", history_user=clerk).count() == 14
    assert GapLink.history.filter(history_type="-", history_user=clerk).count() == 3


def test_readers_see_published_assessments_and_only_builders_write(
    framework, published, clerk, councillor, partner_lead, officer
):
    draft = Assessment.objects.start(framework=framework, assessed_on=datetime.date(2021, 3, 1), by=clerk)
    assert set(Assessment.objects.visible_to(clerk)) == {published, draft}
    assert list(Assessment.objects.visible_to(councillor)) == [published]
    assert not Assessment.objects.visible_to(partner_lead).exists()
    assert not Framework.objects.visible_to(partner_lead).exists()
    with pytest.raises(PermissionDenied):
        Assessment.objects.start(framework=framework, assessed_on=datetime.date(2021, 3, 1), by=officer)
    response = draft.responses.first()
    with pytest.raises(PermissionDenied):
        response.record(by=councillor, version=response.version, response="x", rating=Rating.MET, evidence="", gap="")
    with pytest.raises(PermissionDenied):
        draft.publish(by=officer)


def test_an_assessment_cannot_be_dated_in_the_future(framework, clerk):
    with pytest.raises(ValidationError) as error:
        Assessment.objects.start(
            framework=framework, assessed_on=datetime.date.today() + datetime.timedelta(days=1), by=clerk
        )
    assert "today or in the past" in str(error.value)


@pytest.mark.parametrize(
    "before, after, moved",
    [
        (Rating.NOT_MET, Rating.PARTLY_MET, "Better"),
        (Rating.MET, Rating.PARTLY_MET, "Worse"),
        (Rating.MET, Rating.MET, "Same"),
        (None, Rating.MET, "New"),
        (Rating.NOT_ASSESSED, Rating.MET, "Not assessed"),
    ],
)
def test_what_moved_between_two_ratings(before, after, moved):
    assert rating_moved(before, after) == moved


def test_an_action_a_published_assessment_names_is_not_removed_and_a_drafts_link_goes_with_the_clerk_named(
    rated_assessment, clerk, published
):
    from tests.factories import make_action, make_recommendation, make_review

    named = make_action(make_recommendation(make_review(title="Named")), agreed_action="Kept on record.")
    loose = make_action(make_recommendation(make_review(title="Loose")), agreed_action="Only in a draft.")
    published_gap = published.responses.with_gaps().in_order().first()
    GapLink.objects.create(local_response=published_gap, action=named, position=9)  # as linked before publishing
    draft = Assessment.objects.start(
        framework=published.framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )
    gap = draft.responses.get(characteristic=published_gap.characteristic)
    kept = [link.action or link.partnership_action for link in GapLink.objects.filter(local_response=gap)]
    GapLink.objects.set_for(gap, [*kept, loose], by=clerk)

    assert "A published self-assessment names" in named.why_not_removable()
    with pytest.raises(ValidationError, match="published self-assessment"):
        named.remove(by=clerk)
    assert GapLink.objects.filter(action=named).count() == 2  # the published one's and the draft's copy

    assert loose.why_not_removable() == ""
    link = GapLink.objects.get(action=loose)
    loose.remove(by=clerk)
    assert not Action.objects.filter(pk=loose.pk).exists()
    assert GapLink.history.filter(id=link.pk, history_type="-").get().history_user == clerk


@pytest.mark.parametrize("rating", [Rating.MET, Rating.NOT_ASSESSED])
def test_a_rating_that_leaves_no_gap_clears_the_gap_and_its_actions_in_the_history(
    rated_assessment, clerk, published, rating
):
    draft = Assessment.objects.start(
        framework=published.framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )
    response = draft.responses.with_gaps().filter(links__isnull=False).first()
    links = list(GapLink.objects.filter(local_response=response).values_list("pk", flat=True))
    assert response.gap and links
    response.record(
        by=clerk, version=response.version, response=response.response, rating=rating, evidence="",
        gap="Still typed in the box.", actions=None,
    )  # fmt: skip
    response.refresh_from_db()
    assert (response.rating, response.gap) == (rating, "")
    assert not GapLink.objects.filter(local_response=response).exists()
    removed = GapLink.history.filter(id__in=links, history_type="-")
    assert removed.count() == len(links) and {entry.history_user for entry in removed} == {clerk}


def test_an_assessment_starts_only_from_one_of_the_same_area(clerk, published, client):
    from actionplans.models import Partnership

    partnership = Partnership.objects.add(name="Safer Tees Partnership", by=clerk)
    with pytest.raises(ValidationError, match="same area"):
        Assessment.objects.start(
            framework=published.framework, assessed_on=datetime.date(2021, 3, 1), start_from=published,
            partnership=partnership, by=clerk,
        )  # fmt: skip
    assert Assessment.objects.filter(partnership=partnership).count() == 0
    client.force_login(clerk)
    from django.urls import reverse

    assert client.post(reverse("assessment_detail", args=[published.pk])).status_code == 405


def test_ratings_and_grades_are_named_and_coloured_in_one_place(db):
    assert [rating_label(r) for r in Rating] == ["Met", "Partly met", "Not met", "Not assessed"]
    scale = current_scale()
    assert [scale.colour(g) for g in (1, 2, 3, 4, None)] == ["green", "blue", "orange", "red", "grey"]


@pytest.mark.parametrize(
    "kind, status, key, colour",
    [
        ("partnership", "Amber, Q2 2018", "amber", "orange"),
        ("partnership", "Not rated, Q2 2018", "", "grey"),
        ("partnership", "No update received", "", "grey"),
        # A grade's key is its colour on the council's scale, as it was given.
        ("scrutiny", "2 (On-Track), September 2020", "blue", "blue"),
        ("scrutiny", "No update received", "", "grey"),
    ],
)
def test_an_actions_status_is_coloured_by_its_rag_or_grade(kind, status, key, colour):
    assert GapAction(kind=kind, name="", text="", status=status, status_key=key).status_colour == colour
