"""A review whose papers brought in words of its own goes back to the
council's scale (issue 71, item 2): its clerk says which of the council's
grades each of its grades is; from its next round its officers are offered
the council's grades, the committee's figures count its earlier grades as
the council's grades they became, improved and worse compare across the
change, and its published rounds keep the words they were given."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.grading import Movement
from actionplans.models import GradingScale, Standing
from actionplans.models.council import all_scales, current_scale
from tests.documents import page_text
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

COUNCILS = [
    {"code": "1", "label": "Fully Achieved", "colour": "green", "role": "achieved"},
    {"code": "2", "label": "On-Track", "colour": "blue", "role": "on_track"},
    {"code": "3", "label": "Slipped", "colour": "orange", "role": "at_risk"},
    {"code": "4", "label": "Not Achieved", "colour": "red", "role": "not_achieved"},
]
OWN = [
    {"code": "", "label": "Complete", "colour": "green", "role": "achieved"},
    {"code": "", "label": "On-Track", "colour": "blue", "role": "on_track"},
    {"code": "", "label": "Some slippage", "colour": "orange", "role": "at_risk"},
    {"code": "", "label": "Significant slippage", "colour": "red", "role": "off_track"},
]


@pytest.fixture
def flooding(administrator, clerk):
    """A review graded on its own scale, its March 2020 round published:
    one action Some slippage, one Significant slippage."""
    GradingScale.make("progress", COUNCILS, by=administrator)
    review = make_review(title="Flooding")
    GradingScale.bring_in("progress", OWN, by=clerk, prints="label", review=review)
    own = {level.label: level for level in current_scale(review=review)}
    rec = make_recommendation(review)
    first, second = make_action(rec), make_action(rec, strand="Drains")
    march = make_round(review, 2020, 3)
    for action, label in ((first, "Some slippage"), (second, "Significant slippage")):
        make_entry(action, march, grade=own[label].meaning, level_id=own[label].id)
    return review, march, (first, second), own


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def chosen(page: str) -> dict[str, str]:
    """Each question's answer as the page starts it: the option selected."""
    return dict(
        re.findall(
            r'<select[^>]*name="(becomes_\d+)"[^>]*>.*?(?:<option value="([^"]*)" selected>|</select>)', page, re.S
        )
    )


def test_the_clerk_answers_for_every_grade_and_nothing_changes_until_every_one_is_answered(flooding, clerk):
    review, _, _, own = flooding
    client, url = signed_in(clerk), reverse("review_grades", args=[review.slug])
    page = client.get(url).content.decode()
    said = page_text(page.encode())
    assert "Flooding grades on its own scale" in said and "What becomes of Some slippage?" in said
    council = {level.label: level for level in current_scale()}
    # The same label is the same grade; the others start unanswered.
    assert chosen(page)[f"becomes_{own['On-Track'].id}"] == str(council["On-Track"].id)
    assert chosen(page)[f"becomes_{own['Some slippage'].id}"] == ""
    versions = GradingScale.objects.count()

    typed = {f"becomes_{own['Complete'].id}": str(council["Fully Achieved"].id)}
    refused = client.post(url, typed)
    said = page_text(refused.content)
    assert refused.status_code == 200 and "There is a problem" in said
    assert "Say what becomes of Some slippage." in said
    assert chosen(refused.content.decode())[f"becomes_{own['Complete'].id}"] == str(council["Fully Achieved"].id)
    assert GradingScale.objects.count() == versions and current_scale(review=review).review == review.pk

    answers = {
        **typed,
        f"becomes_{own['On-Track'].id}": str(council["On-Track"].id),
        f"becomes_{own['Some slippage'].id}": str(council["Slipped"].id),
        f"becomes_{own['Significant slippage'].id}": str(council["Slipped"].id),
    }
    assert client.post(url, answers).status_code == 302
    assert current_scale(review=review) == current_scale()
    said = page_text(client.get(url).content)
    assert "Flooding grades on the council’s scale" in said and "What becomes of" not in said
    assert GradingScale.objects.filter(review=review).latest("version").history.first().history_user == clerk


def test_back_on_the_councils_scale_its_grades_count_as_the_councils_and_compare_across(flooding, clerk):
    review, march, (first, second), own = flooding
    council = {level.label: level for level in current_scale()}
    GradingScale.return_to_council(
        review,
        {
            own["Complete"].id: council["Fully Achieved"].id,
            own["On-Track"].id: council["On-Track"].id,
            own["Some slippage"].id: council["Slipped"].id,
            own["Significant slippage"].id: council["Slipped"].id,
        },
        by=clerk,
    )
    # The next round: the council's grades, compared across the change.
    september = make_round(review, 2020, 9)
    make_entry(first, september, grade=2, level_id=council["On-Track"].id)
    make_entry(second, september, grade=3, level_id=council["Slipped"].id)
    moved = dict(Standing.objects.filter(round=september).values_list("action", "movement"))
    assert moved == {first.pk: Movement.IMPROVED, second.pk: Movement.UNCHANGED}

    # March's grades count as the council's grades they became: one
    # category, Slipped, in the council's order; none listed apart.
    scales = all_scales()
    given = list(Standing.objects.filter(round=march).values_list("grade", flat=True))
    groups = scales.groups(given, listing=scales.current_for(review.pk).id)
    assert [(group.label, len(set(group.levels) & set(given))) for group in groups] == [
        ("1 Fully Achieved", 0),
        ("2 On-Track", 0),
        ("3 Slipped", 2),
        ("4 Not Achieved", 0),
    ]
    # The published round keeps its words.
    assert [scales.level(pk).printed for pk in given] == ["Some slippage", "Significant slippage"]


def test_a_review_with_an_open_round_keeps_its_own_scale_until_the_round_is_published(flooding, clerk):
    review, *_ = flooding
    make_round(review, 2020, 9, status="open")
    page = page_text(signed_in(clerk).get(reverse("review_grades", args=[review.slug])).content)
    assert "The September 2020 round is open" in page and "What becomes of" not in page
