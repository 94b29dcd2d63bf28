"""The administrators' page of the council's settings: the wording and the
grading scales changed through the real pages, a preview first and nothing
saved before Confirm; each grade's role in the rules, and what becomes of
each current grade (kept, renamed, merged or removed), asked and shown;
bad scales and answers refused with what was typed kept; everyone else
refused."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.council.forms import formset_data
from actionplans.grading import Role
from actionplans.models.council import Council, GradingScale, current_scale

pytestmark = pytest.mark.django_db

WORDING = {
    "name": "Anyshire County Council",
    "committee_name": "Scrutiny Panel",
    "committees_name": "Scrutiny Panels",
    "update_title": "Scrutiny Panel Recommendations – Progress",
    "introduction": "Each panel hears how its recommendations are getting on.",
    "impact_sentence": "",
    "grading_key_heading": "How we grade progress",
}
RAG = [
    {"code": "", "label": "Blue", "description": "Complete", "colour": "blue", "meaning": 1},
    {"code": "", "label": "Green", "description": "On track", "colour": "green", "meaning": 2},
    {
        "code": "",
        "label": "Amber",
        "description": "At risk",
        "colour": "orange",
        "meaning": 3,
        "needs_explanation": True,
        "proposes_new_target": True,
    },
    {
        "code": "",
        "label": "Red",
        "description": "Not achieved",
        "colour": "red",
        "meaning": 4,
        "needs_explanation": True,
    },
]


def wording_url():
    return reverse("change_council_wording")


def scale_url(kind="progress"):
    return reverse("change_grading_scale", args=[kind])


def seen() -> str:
    """What the wording's preview posts back: when it was last changed."""
    return Council.objects.get().changed_at.isoformat()


def versions(kind="progress") -> int:
    return GradingScale.objects.filter(kind=kind).count()


def test_the_page_shows_the_wording_both_scales_and_their_history(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("council_settings"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Assessment of Progress Gradings" in page
    assert "1 (Fully Achieved)" in page and "govuk-tag--orange" in page
    assert "Partnership plans&#x27; RAG: version 1" in page
    assert "Set when the service was installed" in page
    assert reverse("change_grading_scale", args=["partnership"]) in page


def test_the_header_and_the_people_page_offer_the_settings_to_administrators_only(client, administrator, clerk):
    client.force_login(administrator)
    assert "Council settings" in client.get(reverse("people")).content.decode()
    # And the header, on every page, beside who is signed in.
    header = client.get(reverse("home")).content.decode().split('class="app-signed-in"')[1].split("</div>")[0]
    assert f'href="{reverse("council_settings")}">Council settings</a>' in header
    client.force_login(clerk)
    assert "Council settings" not in client.get(reverse("people")).content.decode()
    assert "Council settings" not in client.get(reverse("home")).content.decode()


def test_an_administrator_changes_the_wording_after_seeing_what_changes(client, administrator):
    client.force_login(administrator)
    form = client.get(wording_url())
    assert 'value="Select Committee"' in form.content.decode()

    preview = client.post(wording_url(), {**WORDING, "continue": ""})
    page = preview.content.decode()
    assert "Check the change to the council's wording" in page
    assert "Select Committee" in page and "Scrutiny Panel" in page  # before and after
    assert "SCRUTINY PANEL RECOMMENDATIONS – PROGRESS" in page  # the title as it will print
    assert "How we grade progress" in page and "Each panel hears" in page
    assert Council.objects.get().committee_name == "Select Committee"  # nothing saved yet

    # Back keeps what was typed.
    back = client.post(wording_url(), {**WORDING, "back": ""})
    assert 'value="Scrutiny Panel"' in back.content.decode()
    assert Council.objects.get().committee_name == "Select Committee"

    done = client.post(wording_url(), {**WORDING, "confirm": "", "seen": seen()}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("council_settings")
    page = done.content.decode()
    assert "The council&#x27;s wording is changed" in page
    assert '<span class="app-header__council">Anyshire County Council</span>' in page
    assert "Ada Admin" in page and "Scrutiny Panel" in page  # in the history, by whom
    row = Council.objects.get()
    assert (row.name, row.committee_name, row.changed_by) == (
        "Anyshire County Council",
        "Scrutiny Panel",
        administrator,
    )
    assert row.history.first().history_user == administrator
    # The history says what the change replaced, and who made it.
    assert "<strong>What the council calls a scrutiny committee:</strong> Select Committee" in page
    assert "The wording as first set" in page


def test_a_wording_left_blank_is_refused_beside_its_field_with_what_was_typed_kept(client, administrator):
    client.force_login(administrator)
    response = client.post(wording_url(), {**WORDING, "name": "", "continue": ""})
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_name"' in page
    assert 'id="id_name-error"' in page
    assert 'value="Scrutiny Panel"' in page
    assert Council.objects.get().committee_name == "Select Committee"


def test_an_administrator_changes_a_scale_after_seeing_the_grading_key_and_how_old_grades_compare(
    client, administrator
):
    client.force_login(administrator)
    form = client.get(scale_url())
    assert 'value="Fully Achieved"' in form.content.decode()

    preview = client.post(scale_url(), {**formset_data(RAG), "continue": ""})
    page = preview.content.decode()
    assert "Check the new Assessment of Progress scale" in page
    assert "keep the label they were given" in page and "published documents do not change" in page
    assert '<th scope="col" class="govuk-table__header">Blue</th>' in page  # the key's heading: the label
    assert "Complete" in page
    assert "What becomes of 4 (Not Achieved)?" in page
    assert "Counts with" not in page
    assert versions() == 1  # nothing saved yet

    back = client.post(scale_url(), {**formset_data(RAG), "back": ""})
    assert 'value="Amber"' in back.content.decode()
    assert versions() == 1

    done = client.post(scale_url(), {**formset_data(RAG), "confirm": "", "seen": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("council_settings")
    assert "version 2 of the scale is now in use" in done.content.decode()
    assert versions() == 2
    scale = current_scale("progress")
    assert [level.label for level in scale] == ["Blue", "Green", "Amber", "Red"]
    assert scale.at(3).needs_explanation and scale.at(3).proposes_new_target and not scale.at(2).needs_explanation
    assert GradingScale.objects.current("progress").made_by == administrator
    # The first version is kept, as it was: grades given under it keep their labels.
    first = GradingScale.objects.get(kind="progress", version=1)
    assert [grade.label for grade in first.grades.all()] == ["Fully Achieved", "On-Track", "Slipped", "Not Achieved"]
    history = client.get(reverse("council_settings")).content.decode()
    assert "Ada Admin" in history and "(in use)" in history


def selected(page: str, name: str) -> str | None:
    """The value of the option chosen in the select `name`; None: no such
    select."""
    select = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    if select is None:
        return None
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return chosen.group(1) if chosen else ""


def becomes(level) -> str:
    """The name of the preview's question for a grade of the current scale."""
    return f"becomes-{level.id}"


def test_each_grade_s_role_in_the_rules_is_chosen_from_the_six_roles(client, administrator):
    client.force_login(administrator)
    page = client.get(scale_url()).content.decode()
    assert '<label class="govuk-label" for="id_grade-0-role">Its role in the rules</label>' in page
    assert 'aria-describedby="id_grade-0-role-hint"' in page
    for role in Role:
        assert f'<option value="{role.value}"' in page and role.label.replace("'", "&#x27;") in page
    assert [selected(page, f"grade-{n}-role") for n in range(4)] == [
        "achieved",
        "on_track",
        "off_track",
        "not_achieved",
    ]
    assert "What it means" not in page

    grades = [dict(grade) for grade in RAG]
    grades[1]["role"] = ""
    refused = client.post(scale_url(), {**formset_data(grades), "continue": ""}).content.decode()
    assert 'id="id_grade-1-role-error"' in refused and "Choose the role of grade 2 in the rules" in refused
    assert 'href="#id_grade-1-role"' in refused


def test_up_to_ten_grades_may_be_added_and_checked(client, administrator):
    client.force_login(administrator)
    nine = RAG + [{**RAG[1], "label": f"Green {n}"} for n in range(5)]
    page = client.post(scale_url(), {**formset_data(nine), "add": ""}).content.decode()
    assert 'name="grade-TOTAL_FORMS" value="10"' in page
    assert "A scale has 2 to 10 grades" in page
    assert 'name="add"' not in page  # no eleventh
    ten = [*nine, {**RAG[1], "label": "Green 5"}]
    preview = client.post(scale_url(), {**formset_data(ten), "continue": ""}).content.decode()
    assert "Check the new Assessment of Progress scale" in preview and "There is a problem" not in preview
    assert "Green 5" in preview


def test_two_grades_sharing_a_role_are_made_as_two_grades(client, administrator):
    client.force_login(administrator)
    grades = [
        {"label": "Complete", "colour": "blue", "role": "achieved"},
        {"label": "Minor slippage", "colour": "amber", "role": "at_risk"},
        {"label": "Major slippage", "colour": "red", "role": "at_risk"},
    ]
    response = client.post(scale_url(), {**formset_data(grades), "confirm": "", "seen": "1"})
    assert response.status_code == 302
    assert [(level.label, level.role) for level in current_scale()] == [
        ("Complete", "achieved"),
        ("Minor slippage", "at_risk"),
        ("Major slippage", "at_risk"),
    ]


def test_the_preview_asks_what_becomes_of_every_grade_and_answers_only_what_it_knows(client, administrator):
    """Rows typed anew (a starting point): a grade of the same label is
    kept, and only the administrator says what becomes of the others."""
    client.force_login(administrator)
    GradingScale.make("progress", [*current_scale_grades(), {"label": "Not started", "role": "not_graded"}], by=None)
    fully_achieved, on_track, slipped, not_achieved, not_started = current_scale()
    grades = [*RAG, {"label": "Not started", "colour": "grey", "role": "not_graded"}]
    page = client.post(scale_url(), {**formset_data(grades), "continue": ""}).content.decode()
    assert "What becomes of 3 (Slipped)?" in page
    assert "still the same grade" in page and "merged" in page
    assert [selected(page, becomes(level)) for level in (fully_achieved, on_track, slipped, not_achieved)] == [""] * 4
    assert selected(page, becomes(not_started)) == "5"  # its label: the same grade
    assert '<option value="4">The new grade Red</option>' in page
    assert '<option value="removed">Removed: no longer a grade</option>' in page
    assert "Not answered yet" in page


def current_scale_grades() -> list[dict]:
    return [
        {name: getattr(level, name) for name in ("code", "label", "colour", "role", "needs_explanation")}
        for level in current_scale()
    ]


def test_a_grade_renamed_on_the_form_is_kept_as_the_same_grade(client, administrator):
    client.force_login(administrator)
    fully_achieved, on_track, slipped, not_achieved = current_scale()
    grades = current_scale().rows()
    grades[1] = {**grades[1], "label": "On track"}
    page = client.post(scale_url(), {**formset_data(grades), "continue": ""}).content.decode()
    assert [selected(page, becomes(level)) for level in current_scale()] == ["1", "2", "3", "4"]
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index('id="fates"') : page.index('id="drawn"')]))
    assert "2 (On-Track) Kept, renamed from On-Track" in table
    assert "1 (Fully Achieved) Kept as it is" in table
    drawn = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index('id="drawn"') :][:600]))
    assert "1 Fully Achieved 2 On track, counting the updates graded 2 (On-Track) before 3 Slipped" in drawn

    answers = {becomes(level): str(n) for n, level in enumerate(current_scale(), start=1)}
    done = client.post(scale_url(), {**formset_data(grades), **answers, "confirm": "", "seen": "1"})
    assert done.status_code == 302
    new = GradingScale.objects.current("progress")
    kept = {grade.label: grade.identity_id for grade in new.grades.all()}
    assert kept == {
        "Fully Achieved": fully_achieved.identity,
        "On track": on_track.identity,
        "Slipped": slipped.identity,
        "Not Achieved": not_achieved.identity,
    }
    on_track_now = new.grades.get(label="On track")
    assert new.becomes[str(on_track.id)] == on_track_now.pk
    assert new.compares[str(on_track.id)] == on_track_now.pk


def test_merged_and_removed_grades_are_the_administrators_answer(client, administrator):
    client.force_login(administrator)
    fully_achieved, on_track, slipped, not_achieved = current_scale()
    grades = current_scale().rows()[:3]  # Not Achieved's row removed
    answers = {becomes(fully_achieved): "1", becomes(on_track): "2", becomes(slipped): "3"}
    page = client.post(scale_url(), {**formset_data(grades), **answers, "continue": ""}).content.decode()
    assert selected(page, becomes(not_achieved)) == "removed"  # its row removed: removed
    assert "Removed: the updates given it keep it, and the figures count it apart" in page
    # The administrator merges it into Slipped instead, and checks the answers.
    merging = {**answers, becomes(not_achieved): "3"}
    page = client.post(scale_url(), {**formset_data(grades), **merging, "check": ""}).content.decode()
    assert "Merged into 3 (Slipped)" in page and "There is a problem" not in page
    assert versions() == 1
    client.post(scale_url(), {**formset_data(grades), **merging, "confirm": "", "seen": "1"})
    new = GradingScale.objects.current("progress")
    slipped_now = new.grades.get(label="Slipped")
    assert slipped_now.identity_id == slipped.identity  # Slipped keeps; Not Achieved merged into it
    assert new.becomes[str(not_achieved.id)] == new.becomes[str(slipped.id)] == slipped_now.pk


def test_an_unanswered_grade_is_refused_beside_it_with_what_was_typed_kept(client, administrator):
    client.force_login(administrator)
    fully_achieved, on_track, slipped, not_achieved = current_scale()
    answers = {
        becomes(fully_achieved): "1",
        becomes(on_track): "3",
        becomes(slipped): "9",
        becomes(not_achieved): "",
    }
    response = client.post(scale_url(), {**formset_data(RAG), **answers, "confirm": "", "seen": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and versions() == 1
    assert "<title>Error: Check the new Assessment of Progress scale" in page
    for level in (slipped, not_achieved):
        message = f"Choose what becomes of {level.in_full}"
        assert f'<a href="#id_{becomes(level)}">{message}</a>' in page  # in the summary
        assert f'id="id_{becomes(level)}-error"' in page and message in page  # and beside it
        assert f'aria-describedby=" id_{becomes(level)}-error"' in page
    # What was typed is kept: the other answers, and the grades.
    assert selected(page, becomes(on_track)) == "3"
    assert 'name="grade-2-label" value="Amber"' in page


def test_going_back_to_the_grades_keeps_the_answers(client, administrator):
    client.force_login(administrator)
    slipped = current_scale().at(3)
    back = client.post(scale_url(), {**formset_data(RAG), becomes(slipped): "4", "back": ""}).content.decode()
    assert f'<input type="hidden" name="{becomes(slipped)}" value="4">' in back
    added = client.post(scale_url(), {**formset_data(RAG), becomes(slipped): "4", "add": ""}).content.decode()
    assert f'<input type="hidden" name="{becomes(slipped)}" value="4">' in added
    again = client.post(scale_url(), {**formset_data(RAG), becomes(slipped): "4", "continue": ""}).content.decode()
    assert selected(again, becomes(slipped)) == "4"


def test_adding_and_removing_a_grade_keeps_what_was_typed(client, administrator):
    client.force_login(administrator)
    added = client.post(scale_url(), {**formset_data(RAG), "add": ""})
    page = added.content.decode()
    assert 'name="grade-4-label"' in page and 'value="Amber"' in page
    assert 'name="grade-TOTAL_FORMS" value="5"' in page
    removed = client.post(scale_url(), {**formset_data(RAG), "remove": "0"})
    page = removed.content.decode()
    assert 'value="Blue"' not in page and 'value="Green"' in page
    assert 'name="grade-TOTAL_FORMS" value="3"' in page
    assert versions() == 1


def test_eleven_grades_are_refused_in_the_summary(client, administrator):
    client.force_login(administrator)
    eleven = RAG + [{**RAG[1], "label": f"Green {n}"} for n in range(7)]
    response = client.post(scale_url(), {**formset_data(eleven), "continue": ""})
    page = response.content.decode()
    assert "There is a problem" in page and "A scale has 2 to 10 grades, not 11." in page
    assert 'value="Green 6"' in page
    assert versions() == 1


def test_a_blank_label_is_refused_beside_its_field(client, administrator):
    client.force_login(administrator)
    grades = [dict(grade) for grade in RAG]
    grades[1]["label"] = ""
    response = client.post(scale_url(), {**formset_data(grades), "continue": ""})
    page = response.content.decode()
    assert 'id="id_grade-1-label-error"' in page and "Enter a label for grade 2" in page
    assert 'href="#id_grade-1-label"' in page  # in the summary too
    assert 'value="Amber"' in page
    assert versions() == 1


def test_two_grades_with_one_code_and_no_grade_meaning_achieved_are_refused_in_the_summary(client, administrator):
    client.force_login(administrator)
    grades = [{**grade, "code": "A"} for grade in RAG[:2]] + [{**grade, "meaning": 3} for grade in RAG[2:]]
    grades[0]["meaning"] = 2
    response = client.post(scale_url(), {**formset_data(grades), "continue": ""})
    page = response.content.decode()
    assert "Give each grade a different number or code." in page
    assert "One grade must have the role achieved" in page
    assert 'value="Red"' in page
    assert versions() == 1


def test_a_change_made_by_another_administrator_meanwhile_is_shown_before_anything_is_replaced(client, administrator):
    client.force_login(administrator)
    seen_wording = seen()
    Council.objects.get().change(by=administrator, name="Changed Meanwhile Council")
    response = client.post(wording_url(), {**WORDING, "confirm": "", "seen": seen_wording})
    assert "Another administrator changed the wording" in response.content.decode()
    assert "Changed Meanwhile Council" in response.content.decode()  # the "now" column
    assert Council.objects.get().committee_name == "Select Committee"

    GradingScale.make("progress", RAG, by=administrator)
    response = client.post(scale_url(), {**formset_data(RAG), "confirm": "", "seen": "1"})
    assert "Another administrator made a new version" in response.content.decode()
    assert versions() == 2


def test_the_page_reads_every_version_in_the_same_number_of_queries(client, administrator):
    client.force_login(administrator)
    client.get(reverse("council_settings"))  # the session and permissions, once
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("council_settings"))
    for number in range(4):
        GradingScale.make("progress", RAG, by=administrator)
        Council.objects.get().change(by=administrator, name=f"Council {number}")
    with CaptureQueriesContext(connection) as five:
        assert "Council 3" in client.get(reverse("council_settings")).content.decode()
    assert len(five) == len(one)


def test_an_unknown_scale_is_not_found(client, administrator):
    client.force_login(administrator)
    assert client.get(scale_url("stars")).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "clerk", "officer", "councillor"])
def test_everyone_but_an_administrator_is_refused_and_a_refused_post_changes_nothing(role, client, cast):
    if role != "anonymous":
        client.force_login(cast[role])
    posts = {
        wording_url(): {**WORDING, "confirm": ""},
        scale_url(): {**formset_data(RAG), "confirm": ""},
        scale_url("partnership"): {**formset_data(RAG), "confirm": ""},
    }
    for url in [reverse("council_settings"), *posts]:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and reverse("login") in response["Location"], url
        else:
            assert response.status_code == 403, url
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == (302 if role == "anonymous" else 403), url
    assert Council.objects.get().committee_name == "Select Committee"
    assert versions("progress") == versions("partnership") == 1
