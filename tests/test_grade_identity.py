"""A grade keeps its identity (issue 71): renamed, recoloured or moved on
the administrator's form, it is the same grade to the committee: the
dashboard, its trend and Find actions list it once, named as it is now, in
the scale's order, with the same counts, and find the same actions; the
published papers still print it as it was given. Merging two grades and
removing one are the administrator's answers, and the figures follow them."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.council.forms import formset_data
from actionplans.models import PublishedDocument, Round
from actionplans.models.council import GradingScale, current_scale
from tests.documents import body, page_text, pdf_text, squash

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def descriptions(page: str) -> list[str]:
    """Every chart's text alternative: its numbers, in its order."""
    return re.findall(r"<desc[^>]*>([^<]*)</desc>", page)


def grade_choices(page: str) -> list[tuple[str, str]]:
    select = re.search(r'<select[^>]*name="grade"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [(value, words) for value, words in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select)]


def change_the_scale(administrator, change, answers=None):
    """The administrator changes the current grades on the form (`change`
    edits the rows), continues, and confirms what the preview answered
    (or `answers`, by the current grade's label: a new grade's position,
    or "removed")."""
    client = signed_in(administrator)
    url = reverse("change_grading_scale", args=["progress"])
    current = current_scale()
    grades = change(current.rows())
    preview = client.post(url, {**formset_data(grades, current.prints), "continue": ""}).content.decode()
    chosen = dict(re.findall(r'<select[^>]*name="(becomes-\d+)".*?<option value="([^"]*)" selected>', preview, re.S))
    for level in current:
        if answers and level.label in answers:
            chosen[f"becomes-{level.id}"] = answers[level.label]
    confirm = {**formset_data(grades, current.prints), **chosen, "confirm": "", "seen": str(current.version)}
    response = client.post(url, confirm)
    assert response.status_code == 302, response.content.decode()[:3000]
    return preview


def reading(client, committee_slug) -> dict:
    """What a committee member reads of the grades: the dashboard's charts,
    and Find actions as at March 2020: its grade choices and what each finds."""
    dashboard = client.get(reverse("committee_dashboard", args=[committee_slug])).content.decode()
    listed = client.get(reverse("action_list"), {"round": "2020-03"}).content.decode()
    found = {}
    for value, words in grade_choices(listed):
        page = client.get(reverse("action_list"), {"round": "2020-03", "grade": value}).content.decode()
        found[words] = re.search(r"(\d+) actions?\b", page).group(0)
    return {"charts": descriptions(dashboard), "choices": [words for _, words in grade_choices(listed)], "found": found}


def counted(chart: str) -> list[list[tuple[str, int]]]:
    """A chart's text alternative as its rounds' counts, each (label, n) in order."""
    rounds = re.split(r"(?:^|\. )(?:[A-Z][a-z]+ \d{4}): ", chart.strip())
    return [
        [(part.split(" ", 1)[1], int(part.split(" ", 1)[0])) for part in segment.rstrip(". ").split(", ")]
        for segment in rounds
        if segment.strip()
    ]


def as_given(clerk, demo) -> dict[str, str]:
    """The pages that print each published round's grades as given: the
    review page, each round's page (the clerk's and the public one), the
    open data and the API, as a reader reads them."""
    pages = {
        "review page": reverse("review_detail", args=[demo.slug]),
        "open data updates": reverse("open_data_json", args=["updates"]),
        "API updates": reverse("api_updates"),
    }
    for round in demo.rounds.filter(status=Round.Status.PUBLISHED):
        pages[f"round page {round.label}"] = reverse("round_detail", args=[round.pk])
        pages[f"public round page {round.label}"] = reverse("public_round", args=[demo.slug, round.period_code])
    said = {}
    for name, url in pages.items():
        response = clerk.get(url)
        assert response.status_code == 200, name
        said[name] = page_text(response.content)
    return said


def test_on_the_demo_on_track_renamed_and_recoloured_is_one_grade_and_the_paper_keeps_its_words(demo, cast, settings):
    settings.SCRUTINY_PUBLIC_PAGES = settings.SCRUTINY_API = True
    member, clerk = signed_in(cast["councillor"]), signed_in(cast["clerk"])
    given_before = as_given(clerk, demo)
    # The March 2020 paper, as the demo stored it (its public copy).
    march = Round.objects.get(review=demo, period=datetime.date(2020, 3, 1))
    stored = PublishedDocument.objects.public_copies().ready().get(round=march, format="pdf")
    before = reading(member, demo.committee.slug)
    assert any("2 On-Track" in chart for chart in before["charts"])

    def rename(grades):
        grades[1] = {**grades[1], "label": "On track", "colour": "turquoise"}
        return grades

    preview = change_the_scale(cast["administrator"], rename)
    assert "Kept, renamed from On-Track and recoloured turquoise, was blue" in preview

    after = reading(member, demo.committee.slug)
    renamed = [chart.replace("2 On-Track", "2 On track") for chart in before["charts"]]
    assert after["charts"] == renamed  # the same counts, in the same order, grade 2 once
    assert not any("scale of" in chart for chart in after["charts"])
    assert after["choices"] == [words.replace("On-Track", "On track") for words in before["choices"]]
    assert after["found"] == {words.replace("On-Track", "On track"): n for words, n in before["found"].items()}

    # Every page that prints a published round's grades prints them as given.
    given_after = as_given(clerk, demo)
    for name, words in given_before.items():
        assert given_after[name] == words, name

    # The March 2020 paper, as stored, still prints the grade as given (the
    # demo's papers print the code, "2", beside a key of the labels).
    paper = signed_in(cast["clerk"]).get(reverse("public_copy_document", args=[march.pk, stored.version, "pdf"]))
    words = squash(pdf_text(body(paper)))
    assert "On-Track" in words and squash("On track") not in words  # its key, printed as given


def test_merged_grades_count_as_one_and_a_removed_grade_apart_after_the_grade_it_compares_with(demo, cast):
    member = signed_in(cast["councillor"])
    before = reading(member, demo.committee.slug)
    latest = before["charts"][0]
    assert "Slipped" in latest and "Not Achieved" in latest

    def merge_and_remove(grades):
        return grades[:3]  # Not Achieved's row removed; Slipped kept

    change_the_scale(cast["administrator"], merge_and_remove, answers={"Not Achieved": "3"})
    merged = reading(member, demo.committee.slug)
    for was, now in zip(before["charts"], merged["charts"], strict=True):
        for counts, said in zip(counted(was), counted(now), strict=True):
            counts = dict(counts)
            slipped = counts["3 Slipped"] + counts["4 Not Achieved"]
            assert said == [
                ("1 Fully Achieved", counts["1 Fully Achieved"]),
                ("2 On-Track", counts["2 On-Track"]),
                ("3 Slipped", slipped),
                ("No update", counts["No update"]),
            ]
    assert merged["choices"] == ["1 – Fully Achieved", "2 – On-Track", "3 – Slipped", "No update"]
    assert merged["found"]["3 – Slipped"] == "2 actions"  # March 2020: 1 slipped, 1 not achieved

    # Slipped removed in turn: given before, counted apart, after On-Track
    # (the grade it compares with), named with its version's day.
    def remove_slipped(grades):
        return grades[:2]

    change_the_scale(cast["administrator"], remove_slipped, answers={"Slipped": "removed"})
    day = GradingScale.objects.get(kind="progress", version=2).made_on
    removed = reading(member, demo.committee.slug)
    slipped_words = f"3 Slipped (scale of {day.day} {day:%B %Y})"
    march = counted(removed["charts"][1])[0]
    assert march == [("1 Fully Achieved", 12), ("2 On-Track", 2), (slipped_words, 2), ("No update", 0)]
    assert removed["found"][slipped_words.replace("3 ", "3 – ", 1)] == "2 actions"


def test_a_removed_grade_is_drawn_in_a_colour_no_grade_of_the_chart_has(administrator):
    """Fully Achieved (green) removed for a RAG whose Green is on track: the
    chart lists both, and never in one colour."""
    from actionplans.models.council import all_scales

    fully_achieved = current_scale().at(1)
    rag = [
        {"label": "Complete", "colour": "blue", "role": "achieved"},
        {"label": "Green", "colour": "green", "role": "on_track"},
        {"label": "Red", "colour": "red", "role": "off_track"},
    ]
    GradingScale.make("progress", rag, by=administrator, becomes={level.id: None for level in current_scale()})
    groups = all_scales().groups({fully_achieved.id})
    assert [group.level.label for group in groups] == ["Complete", "Fully Achieved", "Green", "Red"]
    colours = [group.colour for group in groups]
    assert len(set(colours)) == len(colours) and colours[:3] == ["blue", colours[1], "green"]
    assert colours[1] != "green"


def test_a_new_reviews_own_words_leave_the_hate_crime_officers_and_dashboard_as_they_were(
    demo_served, cast, django_capture_on_commit_callbacks
):
    """A new review's tracker graded Complete / On track / Some slippage /
    Significant slippage / Not started comes into the demo, in the Hate
    Crime review's committee: the words make the new review's own scale.
    The Hate Crime officers are offered exactly the grades they were, and
    the committee's dashboard draws the same categories for Hate Crime."""
    from actionplans.models import ProgressEntry
    from tests.test_import_trackers import confirm, upload, workbook
    from tests.test_import_trackers import make_review as make_tracker_review

    hate_crime, member = demo_served, signed_in(cast["councillor"])
    entry = ProgressEntry.objects.filter(round__review=hate_crime, round__status=Round.Status.OPEN).first()
    officer = signed_in(entry.owners.filter(user__isnull=False).first().user)

    def offered() -> list[str]:
        form = officer.get(reverse("update_entry", args=[entry.pk])).content.decode()
        return re.findall(r'<label class="govuk-label govuk-radios__label" for="id_grade_\d+">([^<]*)</label>', form)

    choices, council = offered(), current_scale()
    charts = reading(member, hate_crime.committee.slug)["charts"]
    assert len(choices) == 4

    review = make_tracker_review(committee=hate_crime.committee)
    words = ["Complete", "On track", "Some slippage", "Significant slippage", "Not started"]
    data = workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Progress", "Status"],
        *[
            [f"R{n}", f"That the Council acts on fly-tipping, step {n}.", "Amy Patel", "March 2026", "Begun.", word]
            for n, word in enumerate(words, start=1)
        ],
    )
    clerk = signed_in(cast["clerk"])
    preview = upload(clerk, review, data, "fly-tipping.xlsx", period_month="10", period_year="2025")
    said = page_text(preview.content)
    assert f"The file’s words are {review.title}’s" in said
    assert "The council’s scale, and the grades every other review’s officers are offered, stay as they are" in said
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(clerk, preview).status_code == 302

    assert current_scale() == council
    assert offered() == choices
    assert reading(member, hate_crime.committee.slug)["charts"][: len(charts)] == charts
    own = current_scale(review=review)
    assert own.review == review.pk and {"Some slippage", "Significant slippage"} <= {level.label for level in own}


def test_a_switch_to_the_rag_preset_answered_grade_by_grade_counts_every_grade_as_it_is_now(demo, cast, settings):
    """The administrator starts from RAG plus Complete: no row continues a
    grade, so each is answered (Fully Achieved is Complete, On-Track is
    Green, Slipped is Amber, Not Achieved is Red). The dashboard counts as
    before, each grade once, named as it is now, each in its own colour;
    the pages that print grades as given say what they said."""
    from actionplans.models.council import PRESETS, PROGRESS

    settings.SCRUTINY_PUBLIC_PAGES = settings.SCRUTINY_API = True
    member, clerk = signed_in(cast["councillor"]), signed_in(cast["clerk"])
    before, given_before = reading(member, demo.committee.slug), as_given(clerk, demo)
    preset = [{**grade, "was": ""} for grade in PRESETS[PROGRESS]["rag_complete"][1]]
    answers = {"Fully Achieved": "1", "On-Track": "2", "Slipped": "3", "Not Achieved": "4"}
    preview = change_the_scale(cast["administrator"], lambda grades: preset, answers=answers)
    assert preview.count('<option value="" selected>Choose</option>') == 4  # nothing answered for them

    after = reading(member, demo.committee.slug)
    names = {"1 Fully Achieved": "Complete", "2 On-Track": "Green", "3 Slipped": "Amber", "4 Not Achieved": "Red"}
    for was, now in zip(before["charts"], after["charts"], strict=True):
        for counts, said in zip(counted(was), counted(now), strict=True):
            assert said == [(names.get(label, label), n) for label, n in counts]
    dashboard = member.get(reverse("committee_dashboard", args=[demo.committee.slug])).content.decode()
    assert "scale of" not in dashboard
    assert after["found"] == {
        {"1 – Fully Achieved": "Complete", "2 – On-Track": "Green", "3 – Slipped": "Amber"}.get(
            words, {"4 – Not Achieved": "Red"}.get(words, words)
        ): n
        for words, n in before["found"].items()
    }
    assert as_given(clerk, demo) == given_before
