"""A council's scale need not be the default: Green, Amber and Red with
Complete, where Complete alone proposes sign-off and Red is off track (still
going), offered as a starting point and suggested where a scale without an
achieved grade is refused."""

import pytest
from django.urls import reverse

from actionplans import grading
from actionplans.council.forms import formset_data
from actionplans.models.council import (
    PRESETS,
    GradingScale,
    ScaleLevel,
    current_scale,
    decisions_for,
    suggested_decision,
)

pytestmark = pytest.mark.django_db

RAG_ONLY = [
    {"label": "Green", "colour": "green", "meaning": 1},
    {"label": "Amber", "colour": "orange", "meaning": 3},
    {"label": "Red", "colour": "red", "meaning": 4},
]


def scale_url(kind="progress"):
    return reverse("change_grading_scale", args=[kind])


def test_a_scale_without_an_achieved_grade_is_refused_with_rag_plus_complete_suggested(client, administrator):
    client.force_login(administrator)
    grades = [dict(grade) for grade in RAG_ONLY]
    grades[0]["meaning"] = 2
    page = client.post(scale_url(), {**formset_data(grades), "continue": ""}).content.decode()
    assert "One grade must have the role achieved" in page
    assert "start from RAG plus Complete" in page
    assert 'name="preset" value="rag_complete"' in page
    assert GradingScale.objects.filter(kind="progress").count() == 1


def test_starting_from_rag_plus_complete_fills_the_grades_and_confirming_makes_it(client, administrator):
    client.force_login(administrator)
    page = client.post(scale_url(), {**formset_data([]), "preset": "rag_complete"}).content.decode()
    for label in ("Complete", "Green", "Amber", "Red"):
        assert f'value="{label}"' in page
    assert GradingScale.objects.filter(kind="progress").count() == 1  # nothing saved yet
    grades = PRESETS["progress"]["rag_complete"][1]
    data = {**formset_data(grades, prints="label"), "confirm": "", "seen": "1"}
    response = client.post(scale_url(), data)
    assert response.status_code == 302
    scale = current_scale()
    assert [level.label for level in scale] == ["Complete", "Green", "Amber", "Red"]
    # Complete alone proposes sign-off: an officer grading Green or Red does not.
    assert scale.signs_off.label == "Complete"
    suggested = {level.label: suggested_decision(level) for level in scale}
    assert suggested == {
        "Complete": grading.Decision.SIGNED_OFF,
        "Green": grading.Decision.CARRIED,
        "Amber": grading.Decision.CARRIED,
        "Red": grading.Decision.CARRIED,
    }


def test_red_can_mean_off_track_still_going_not_finished(client, administrator):
    client.force_login(administrator)
    page = client.get(scale_url()).content.decode()
    assert "Off track: still going but slipped, not finished" in page
    red = next(grade for grade in PRESETS["progress"]["rag_complete"][1] if grade["label"] == "Red")
    assert red["role"] == grading.Role.OFF_TRACK
    meaning = grading.ROLE_MEANINGS[red["role"]]
    assert meaning in grading.NEEDS_ATTENTION
    red_level = ScaleLevel(0, 4, "", "Red", "", "red", red["role"], needs_explanation=True, proposes_new_target=False)
    assert decisions_for(red_level)[0] == grading.Decision.CARRIED


def test_the_partnership_scale_offers_no_preset(client, administrator):
    client.force_login(administrator)
    assert 'name="preset"' not in client.get(scale_url("partnership")).content.decode()
