"""Two self-assessments compared: every characteristic's rating before and
after (Better, Worse, Same, New, Not assessed), whether its local response,
evidence, gap or actions changed, and a summary of what moved; only what
changed unless the reader asks for all; drafts for clerks alone; in as many
queries for 500 characteristics as for 5."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Assessment, Framework, Partnership
from reports.standards.compare import build_comparison
from tests.factories import make_assessments, make_framework, make_partnership_plan

pytestmark = pytest.mark.django_db

SLUG = "north-east-hate-incident-standards"


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return html.replace("&#x27;", "'").replace("&amp;", "&")


@pytest.fixture
def published(demo):
    return Framework.objects.get(slug=SLUG).assessments.get()


def record(assessment, number, letter, by, **changes):
    response = assessment.responses.get(characteristic__standard__number=number, characteristic__letter=letter)
    fields = {"response": response.response, "rating": response.rating, "evidence": response.evidence}
    fields["gap"] = response.gap
    fields.update(changes)
    response.record(by=by, version=response.version, **fields)
    return response


def start_from(published, clerk, on=datetime.date(2021, 3, 1)):
    return Assessment.objects.start(framework=published.framework, assessed_on=on, start_from=published, by=clerk)


def compare_url(assessment, **query):
    url = reverse("compare_assessments", args=[assessment.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown(page) -> list[str]:
    """The characteristics the page shows, by label and what moved."""
    return re.findall(r"\b(\d+ [A-Z]+) (Better|Worse|Same|New|Not assessed)\b", page)


def test_a_new_assessment_with_one_rating_changed_shows_exactly_that_one_as_moved(
    rated_assessment, client, clerk, published
):
    draft = start_from(published, clerk)
    record(draft, 1, "D", clerk, rating="partly_met", response="An evaluation is planned for 2021.")
    client.force_login(clerk)
    response = client.get(compare_url(draft))
    assert response.status_code == 200
    page = text(response)
    assert "From 1 October 2009 (illustrative) to 1 March 2021" in page
    assert "1 characteristic moved: 1 better." in page
    assert shown(page) == [("1 D", "Better")]
    assert "Rating: Not met → , now Partly met" in page
    # The words: the new ones marked, the old ones struck through, both in full in a details.
    html = response.content.decode()
    assert re.search(r'<ins class="app-new">.*An evaluation is planned for 2021\.', html)
    assert re.search(r'<del class="app-removed">.*No evaluation has taken place to date', html)
    assert "Local response in full, before and after" in page
    assert "Nothing changed in this standard." in page  # standards 2 and 3


def test_show_all_lists_every_characteristic_and_links_back_to_only_what_changed(
    rated_assessment, client, clerk, published
):
    draft = start_from(published, clerk)
    record(draft, 2, "C", clerk, rating="met", gap="")
    client.force_login(clerk)
    page = text(client.get(compare_url(draft, all=1)))
    assert len(shown(page)) == 14
    assert ("2 C", "Better") in shown(page) and ("2 D", "Same") in shown(page)
    assert "Rating: Partly met , as before" in page
    assert "Show only what changed" in page
    assert "Show every characteristic" in text(client.get(compare_url(draft)))


def test_a_worse_rating_and_a_changed_gap_and_actions_are_each_said(rated_assessment, client, clerk, published):
    plan = make_partnership_plan(by=clerk, name="Compare Plan", slug="compare-plan")
    draft = start_from(published, clerk)
    record(draft, 1, "C", clerk, rating="not_met", gap="The forms no longer reach the group.")
    record(draft, 2, "F", clerk, actions=[plan.actions().get(number="1.1")])
    client.force_login(clerk)
    page = text(client.get(compare_url(draft)))
    assert "1 characteristic moved: 1 worse." in page
    assert "1 other characteristic kept its rating, but the local response, evidence, gap or actions changed." in page
    assert shown(page) == [("1 C", "Worse"), ("2 F", "Same")]
    assert "Gap changed" in page and "The forms no longer reach the group." in page
    assert (
        "Actions to close the gap changed 1 October 2009 (illustrative) None 1 March 2021 Compare Plan "
        "Plan 2018–2019, 1.1" in page
    )


def test_the_comparison_reads_from_the_earlier_to_the_later_whichever_page_it_is_on(rated_assessment, clerk, published):
    draft = start_from(published, clerk)
    record(draft, 1, "D", clerk, rating="met", gap="")
    record(draft, 2, "D", clerk, rating="not_met")
    for one, other in ((draft, published), (published, draft)):
        comparison = build_comparison(one, other, reader=clerk)
        assert (comparison.earlier_label, comparison.later_label) == ("1 October 2009 (illustrative)", "1 March 2021")
        moved = {c.label: c.moved for c in comparison.characteristics if c.moved != "Same"}
        assert moved == {"1 D": "Better", "2 D": "Worse"}
        assert comparison.summary[0] == "2 characteristics moved: 1 better, 1 worse."


def test_an_unassessed_rating_and_a_new_characteristic_are_said_so(rated_assessment, clerk, published):
    draft = start_from(published, clerk)
    record(draft, 1, "A", clerk, rating="not_assessed")
    standard = published.framework.standards.get(number=3)
    standard.add_characteristic(letter="B", text="Prevention work is evaluated.", by=clerk)
    later = start_from(published, clerk, on=datetime.date(2021, 6, 1))  # has 3 B, as yet Not assessed
    comparison = build_comparison(published, later, reader=clerk)
    assert {c.label: c.moved for c in comparison.characteristics if c.changed} == {"3 B": "New"}
    assert "1 characteristic is new in the later assessment." in comparison.summary
    comparison = build_comparison(published, draft, reader=clerk)
    assert {c.label: c.moved for c in comparison.characteristics if c.changed} == {"1 A": "Not assessed"}
    assert "1 characteristic was assessed in one of the two and not the other." in comparison.summary
    assert comparison.summary[0] == "No characteristic’s rating moved better or worse."


def test_by_default_it_compares_with_the_one_it_started_from_else_the_one_before(clerk, published):
    first = start_from(published, clerk, on=datetime.date(2020, 1, 6))
    first.publish(by=clerk)
    second = start_from(published, clerk)  # started from 2009's, though 2020's is later
    assert second.previous_among([first, published]) == published
    fresh = Assessment.objects.start(framework=published.framework, assessed_on=datetime.date(2021, 6, 1), by=clerk)
    assert fresh.previous_among([second, first, published]) == second
    assert published.previous_among([second, first]) is None


def test_the_reader_may_choose_another_assessment_to_compare_with(rated_assessment, client, clerk, published):
    first = start_from(published, clerk, on=datetime.date(2020, 1, 6))
    record(first, 3, "A", clerk, rating="met", gap="")
    first.publish(by=clerk)
    second = start_from(first, clerk)
    client.force_login(clerk)
    assert "From 1 October 2009 (illustrative)" not in text(client.get(compare_url(second)))  # 2020's, its start
    page = text(client.get(compare_url(second, **{"with": published.pk})))
    assert "From 1 October 2009 (illustrative) to 1 March 2021" in page
    assert shown(page) == [("3 A", "Better")]


def test_a_councillor_never_sees_a_draft_in_a_comparison(client, councillor, clerk, published):
    later = start_from(published, clerk, on=datetime.date(2020, 1, 6))
    later.publish(by=clerk)
    draft = start_from(later, clerk)
    client.force_login(councillor)
    assert client.get(compare_url(draft)).status_code == 404
    response = client.get(compare_url(published, **{"with": draft.pk}))
    assert response.status_code == 200
    page = text(response)
    assert "Choose one of the other assessments listed" in page
    assert "1 March 2021" not in page
    assert "From 1 October 2009 (illustrative) to 6 January 2020" in text(
        client.get(compare_url(published, **{"with": later.pk}))
    )


def test_a_bad_choice_is_explained_not_a_server_error(client, clerk, published):
    draft = start_from(published, clerk)
    client.force_login(clerk)
    for bad in ("x", str(draft.pk), "999999"):
        response = client.get(compare_url(draft, **{"with": bad}))
        assert response.status_code == 200, bad
        assert "Choose one of the other assessments listed" in text(response), bad
        assert "<title>Error:" in response.content.decode()


def test_another_areas_assessment_is_not_offered(client, clerk, published):
    partnership = Partnership.objects.add(name="Tees Partnership", by=clerk)
    theirs = Assessment.objects.start(
        framework=published.framework, assessed_on=datetime.date(2020, 1, 6), partnership=partnership, by=clerk
    )
    client.force_login(clerk)
    page = text(client.get(compare_url(published, **{"with": theirs.pk})))
    assert "Choose one of the other assessments listed" in page
    page = text(client.get(compare_url(theirs)))
    assert "There is no other assessment of Tees Partnership against this framework to compare it with." in page


def test_the_comparison_makes_as_many_queries_for_500_characteristics_as_for_5(client, clerk):
    client.force_login(clerk)

    def queries(size):
        framework = make_framework(by=clerk, standards=5, characteristics=size, levels=False)
        assessments = make_assessments(framework, by=clerk, count=3)
        url = compare_url(assessments[2], all=1)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200
        return len(captured), text(response)

    small, _ = queries(5)
    large, page = queries(500)
    assert small == large
    # The third assessment rates one more characteristic Met than the second, its start.
    assert "1 characteristic moved: 1 better." in page
    assert len(shown(page)) == 500


def test_every_page_names_the_same_one_before_as_the_comparison_opens(client, clerk, councillor, published):
    between = start_from(published, clerk, on=datetime.date(2020, 1, 6))
    between.publish(by=clerk)
    later = start_from(published, clerk)  # from 2009's, though 2020's is in between
    later.publish(by=clerk)
    client.force_login(councillor)
    page = text(client.get(reverse("assessment_detail", args=[later.pk])))
    assert "What moved since the assessment of 1 October 2009 (illustrative)" in page
    assert "From 1 October 2009 (illustrative) to 1 March 2021" in text(client.get(compare_url(later)))
    listing = client.get(reverse("framework_detail", args=[SLUG])).content.decode()
    assert f'{compare_url(later)}?with={published.pk}"' in listing
    assert f'{compare_url(between)}?with={published.pk}"' in listing
