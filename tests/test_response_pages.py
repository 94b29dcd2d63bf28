"""The clerk's "Report and executive response" page, publishing, the review
page's timeline, and the executive response document in every format."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actionplans.models import ExecutiveResponse, Review
from actionplans.models import response as response_module
from tests.documents import assert_in_order, docx_text, pdf_text
from tests.factories import date_input, make_recommendation, make_review

D = datetime.date


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return html.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"')


@pytest.fixture
def review(db):
    review = make_review(title="Hate Crime", status=Review.Status.SETTING_UP)
    make_recommendation(review, 1, text="That the Hate Crime Group adopt the actions.")
    make_recommendation(review, 2, text="That every school appoint a hate crime lead.")
    return review


def form_data(review, **responses):
    data = {
        "version": str(review.version),
        **date_input("report-report_agreed", D(2018, 12, 6)),
        **date_input("report-report_to_executive", D(2019, 1, 10)),
        "report-decision_maker": "Cabinet",
    }
    for number, (response, reasons) in responses.items():
        prefix = f"recommendation-{number.removeprefix('r')}"
        data[f"{prefix}-response"] = response
        data[f"{prefix}-reasons"] = reasons
        data.update(date_input(f"{prefix}-responded_on", D(2019, 2, 14)))
    return data


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_clerk_records_the_report_and_every_response(review, clerk):
    url = reverse("record_response", args=[review.slug])
    page = signed_in(clerk).post(url, form_data(review, r1=("accepted", ""), r2=("rejected", "Schools decide.")))
    assert page.status_code == 302
    review.refresh_from_db()
    assert (review.report_to_executive, review.decision_maker) == (D(2019, 1, 10), "Cabinet")
    assert [(r.recommendation.number, r.response, r.reasons) for r in ExecutiveResponse.objects.all()] == [
        (1, "accepted", ""),
        (2, "rejected", "Schools decide."),
    ]
    assert ExecutiveResponse.objects.get(recommendation__number=2).history.get().history_user == clerk


def test_a_rejection_without_reasons_is_refused_by_its_field_keeping_what_was_typed(review, clerk):
    url = reverse("record_response", args=[review.slug])
    data = form_data(review, r1=("accepted", ""), r2=("rejected", ""))
    data["report-decision_maker"] = "Cabinet Member for Community Safety"
    page = signed_in(clerk).post(url, data)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="id_recommendation-2-reasons-error"' in body
    assert "Enter the executive&#x27;s reasons" in body
    assert 'value="Cabinet Member for Community Safety"' in body
    assert "There is a problem" in body
    review.refresh_from_db()
    assert (review.report_to_executive, ExecutiveResponse.objects.count()) == (None, 0)


def test_a_date_of_response_that_is_not_a_date_is_refused_by_its_field(review, clerk):
    data = form_data(review, r1=("accepted", ""))
    data["recommendation-1-responded_on_month"] = "13"
    page = signed_in(clerk).post(reverse("record_response", args=[review.slug]), data)
    assert "Date of the response must be a real date" in text(page)
    assert not ExecutiveResponse.objects.exists()


def test_a_date_of_response_in_the_future_is_refused_by_its_field(review, clerk, monkeypatch):
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 2, 13))
    page = signed_in(clerk).post(reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", "")))
    assert page.status_code == 200
    assert 'id="id_recommendation-1-responded_on-error"' in page.content.decode()
    assert "The date of the response must be today or in the past" in text(page)
    review.refresh_from_db()
    assert (review.report_to_executive, ExecutiveResponse.objects.count()) == (None, 0)


def test_saving_the_page_unchanged_writes_no_history(review, clerk):
    client = signed_in(clerk)
    url = reverse("record_response", args=[review.slug])
    client.post(url, form_data(review, r1=("accepted", ""), r2=("rejected", "No.")))
    review.refresh_from_db()
    rows, version = review.history.count(), review.version
    client.post(url, form_data(review, r1=("accepted", ""), r2=("rejected", "No.")))
    review.refresh_from_db()
    assert (review.history.count(), review.version) == (rows, version)


def test_the_message_says_what_was_saved(review, clerk):
    client = signed_in(clerk)
    page = client.post(reverse("record_response", args=[review.slug]), form_data(review), follow=True)
    assert "The report was saved." in text(page) and "response" not in text(page).split("The report was saved.")[1][:40]
    page = client.post(
        reverse("record_response", args=[review.slug]),
        {**form_data(review, r1=("accepted", "")), "version": str(Review.objects.get(pk=review.pk).version)},
        follow=True,
    )
    assert "The report and the executive's response to 1 recommendation were saved." in text(page)


def test_the_part_accepted_is_refused_by_its_field_for_an_accepted_response(review, clerk):
    data = form_data(review, r1=("accepted", ""))
    data["recommendation-1-accepted_part"] = "All of it."
    page = signed_in(clerk).post(reverse("record_response", args=[review.slug]), data)
    assert 'id="id_recommendation-1-accepted_part-error"' in page.content.decode()
    assert "Leave the part accepted empty for an Accepted response" in text(page)
    assert "All of it." in page.content.decode()
    assert not ExecutiveResponse.objects.exists()


def test_the_response_pages_use_straight_apostrophes(review, clerk):
    client = signed_in(clerk)
    for url in (
        reverse("record_response", args=[review.slug]),
        reverse("publish_response", args=[review.slug]),
        reverse("review_detail", args=[review.slug]),
    ):
        assert "’" not in client.get(url).content.decode(), url


def published(review, clerk):
    client = signed_in(clerk)
    client.post(
        reverse("record_response", args=[review.slug]),
        form_data(review, r1=("accepted", ""), r2=("rejected", "Schools decide for themselves.")),
    )
    review.refresh_from_db()
    assert client.post(reverse("publish_response", args=[review.slug]), {"version": review.version}).status_code == 302
    review.refresh_from_db()
    return review


def test_committee_members_see_the_responses_once_published(review, clerk, councillor):
    review.status = Review.Status.MONITORING
    review.save()
    signed_in(clerk).post(
        reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", ""), r2=("rejected", "No."))
    )
    member = signed_in(councillor)
    page = text(member.get(reverse("review_detail", args=[review.slug])))
    assert "Executive response Not yet published." in page and "Rejected" not in page
    assert member.get(reverse("executive_response_page", args=[review.slug])).status_code == 404
    review.refresh_from_db()
    published_review = review
    signed_in(clerk).post(reverse("publish_response", args=[review.slug]), {"version": published_review.version})
    page = text(member.get(reverse("review_detail", args=[review.slug])))
    assert "Recommendation 2 Rejected on 14 February 2019 Reasons: No." in page
    assert member.get(reverse("executive_response_page", args=[review.slug])).status_code == 200


def test_members_read_published_responses_before_the_action_plan_is_agreed(review, clerk, councillor):
    """The executive responds before any plan: once the clerk publishes the
    responses, the committee reads them while the plan is still being set
    up, from its dashboard; the plan itself stays the clerk's until confirmed."""
    member = signed_in(councillor)
    url = reverse("executive_response_page", args=[review.slug])
    dashboard = reverse("committee_dashboard", args=[review.committee.slug])
    review.committee.members.add(councillor)
    signed_in(clerk).post(
        reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", ""), r2=("rejected", "No."))
    )
    assert member.get(url).status_code == 404
    assert url not in member.get(dashboard).content.decode()
    published(review, clerk)
    assert review.status == Review.Status.SETTING_UP
    assert "That every school appoint a hate crime lead." in text(member.get(url))
    assert member.get(reverse("executive_response_file", args=[review.slug, "pdf"])).status_code == 200
    assert url in member.get(dashboard).content.decode()
    assert member.get(reverse("review_detail", args=[review.slug])).status_code == 404


def test_the_review_page_shows_clerks_the_clock(review, clerk, monkeypatch):
    signed_in(clerk).post(reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", "")))
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 1))
    page = text(signed_in(clerk).get(reverse("review_detail", args=[review.slug])))
    assert "The response is due on 10 March 2019, 2 months after the report went to the executive: due in 9 days." in (
        page
    )
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 14))
    page = text(signed_in(clerk).get(reverse("review_detail", args=[review.slug])))
    assert "Overdue" in page and "overdue by 4 days" in page and "1 recommendation awaiting a response" in page


def test_the_review_page_and_the_document_say_a_response_came_late(review, clerk, monkeypatch):
    data = form_data(review, r1=("accepted", ""), r2=("rejected", "Schools decide."))
    data.update(date_input("recommendation-2-responded_on", D(2019, 3, 15)))  # due 10 March 2019
    client = signed_in(clerk)
    assert client.post(reverse("record_response", args=[review.slug]), data).status_code == 302
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 4, 1))
    page = client.get(reverse("review_detail", args=[review.slug]))
    clock = re.search(r'id="response-clock".*?</p>', page.content.decode(), flags=re.S).group(0)
    assert "govuk-tag--green" not in clock
    assert "Responded 5 days late" in text(page)
    assert "Cabinet responded on 15 March 2019; the response was due on 10 March 2019." in text(page)
    expected = ["Response due:", "10 March 2019", "Responded:", "15 March 2019, 5 days late"]
    assert_in_order(text(client.get(reverse("executive_response_page", args=[review.slug]))), expected)
    pdf = client.get(reverse("executive_response_file", args=[review.slug, "pdf"]))
    assert_in_order(pdf_text(pdf.content), expected)
    docx = client.get(reverse("executive_response_file", args=[review.slug, "docx"]))
    assert_in_order(docx_text(Document(io.BytesIO(docx.content))), expected)


def test_the_review_page_says_a_response_came_on_time(review, clerk, monkeypatch):
    client = signed_in(clerk)
    client.post(
        reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", ""), r2=("accepted", ""))
    )
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 4, 1))
    page = text(client.get(reverse("review_detail", args=[review.slug])))
    assert "Responded on time Cabinet responded on 14 February 2019" in page
    document = text(client.get(reverse("executive_response_page", args=[review.slug])))
    assert "Responded: 14 February 2019, on time" in document


def test_a_change_after_publishing_needs_a_reason(review, clerk):
    review = published(review, clerk)
    data = form_data(review, r1=("accepted", ""), r2=("partially", "Only in secondary schools."))
    page = signed_in(clerk).post(reverse("record_response", args=[review.slug]), data)
    assert "Say why the published responses are changing" in text(page)
    data["reason"] = "The Cabinet minute was misread."
    assert signed_in(clerk).post(reverse("record_response", args=[review.slug]), data).status_code == 302
    assert ExecutiveResponse.objects.get(recommendation__number=2).history.first().history_change_reason == (
        "The Cabinet minute was misread."
    )


def test_the_executive_response_document_reads_the_same_in_every_format(review, clerk):
    review = published(review, clerk)
    client = signed_in(clerk)
    expected = [
        "Scrutiny Review of Hate Crime – Executive Response",
        "10 January 2019",
        "Cabinet",
        "Recommendation 1",
        "That the Hate Crime Group adopt the actions.",
        "Accepted",
        "14 February 2019",
        "Recommendation 2",
        "Rejected",
        "Schools decide for themselves.",
    ]
    page = client.get(reverse("executive_response_page", args=[review.slug]))
    assert_in_order(text(page), expected)
    pdf = client.get(reverse("executive_response_file", args=[review.slug, "pdf"]))
    assert pdf["Content-Disposition"] == f'attachment; filename="{review.slug}-executive-response.pdf"'
    assert_in_order(pdf_text(pdf.content), expected)
    docx = client.get(reverse("executive_response_file", args=[review.slug, "docx"]))
    assert_in_order(docx_text(Document(io.BytesIO(docx.content))), expected)
    xlsx = client.get(reverse("executive_response_file", args=[review.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Executive response"]
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
    assert_in_order(cells, [*expected[:1], "Decision-maker: Cabinet", "Schools decide for themselves."])


def test_the_executive_response_document_prints_the_lettered_parts_title_block_and_real_dates(review, clerk):
    from actionplans.models import SubAction

    rec = review.recommendations.get(number=1)
    rec.text = "That the following be built into the Hate Crime Action Plan:"
    rec.save()
    SubAction.objects.create(recommendation=rec, letter="a", text="targeted awareness raising")
    SubAction.objects.create(recommendation=rec, letter="b", text="an on-line reporting form")
    review = published(review, clerk)
    client = signed_in(clerk)
    expected = [
        "Link Officer/s:",
        "None named",
        "Recommendation 1",
        "into the Hate Crime Action Plan:",
        "a) targeted awareness raising",
        "b) an on-line reporting form",
        "Accepted",
        "Recommendation 2",
    ]
    assert_in_order(text(client.get(reverse("executive_response_page", args=[review.slug]))), expected)
    pdf = client.get(reverse("executive_response_file", args=[review.slug, "pdf"]))
    assert_in_order(pdf_text(pdf.content), expected)
    docx = client.get(reverse("executive_response_file", args=[review.slug, "docx"]))
    assert_in_order(docx_text(Document(io.BytesIO(docx.content))), expected)
    xlsx = client.get(reverse("executive_response_file", args=[review.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Executive response"]
    rows = [[cell for cell in row if cell.value is not None] for row in sheet.iter_rows()]
    values = {row[0].value: row[1] for row in rows if len(row) == 2 and isinstance(row[0].value, str)}
    assert values["Review:"].value == "Hate Crime"
    assert values["Select Committee:"].value == review.committee.name
    assert values["Link Officer/s:"].value == "None named"
    for label, day in [
        ("Report agreed:", D(2018, 12, 6)),
        ("Report to the executive:", D(2019, 1, 10)),
        ("Response due:", D(2019, 3, 10)),
    ]:
        assert values[label].value == datetime.datetime.combine(day, datetime.time()), label
        assert values[label].number_format == "d mmmm yyyy"
    lines = list(sheet.iter_rows(values_only=True))
    heading = lines.index(next(line for line in lines if line and line[0] == "Recommendation"))
    first = lines[heading + 1]
    assert first[1] == (
        "That the following be built into the Hate Crime Action Plan:\n"
        "a) targeted awareness raising\nb) an on-line reporting form"
    )
    assert first[3] == datetime.datetime(2019, 2, 14)
    assert list(sheet.iter_rows())[heading + 1][3].number_format == "d mmmm yyyy"


def test_unpublished_responses_print_as_a_draft(review, clerk):
    signed_in(clerk).post(reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", "")))
    pdf = signed_in(clerk).get(reverse("executive_response_file", args=[review.slug, "pdf"]))
    assert "DRAFT" in pdf_text(pdf.content) and "Not yet received" in pdf_text(pdf.content)


def test_the_progress_update_says_in_one_line_that_a_recommendation_was_rejected(review, clerk):
    from reports.documents import ExportOptions, render
    from reports.progress_update.builder import build_progress_update
    from tests.factories import make_action, make_entry, make_owner, make_round

    make_action(review.recommendations.get(number=1), owners=[make_owner("Neil Mitchell")])
    review = published(review, clerk)
    round = make_round(review, 2020, 3)
    make_entry(review.recommendations.get(number=1).actions.get(), round, grade=2)
    document = build_progress_update(review, rounds=[round])
    line = "Rejected by Cabinet on 14 February 2019: Schools decide for themselves. Not monitored."
    assert [rec.response_note for rec in document.recommendations] == ["", line]
    expected = ["Recommendation 1", "Neil Mitchell", "Recommendation 2", line]
    options = ExportOptions()
    assert_in_order(pdf_text(render(document, "pdf", options)), expected)
    assert_in_order(docx_text(Document(io.BytesIO(render(document, "docx", options)))), expected)
    assert_in_order(render(document, "html", options).decode(), expected)
    book = load_workbook(io.BytesIO(render(document, "xlsx", options)))
    assert list(book["Executive response"].iter_rows(values_only=True))[1] == (2, line)


def test_the_review_page_says_a_rejected_recommendation_is_not_monitored_instead_of_its_records(
    review, clerk, councillor
):
    from tests.factories import make_action, make_owner

    make_action(review.recommendations.get(number=1), owners=[make_owner("Neil Mitchell")])
    make_action(
        review.recommendations.get(number=2), owners=[make_owner("Schools Lead")], agreed_action="Appoint leads."
    )
    signed_in(clerk).post(
        reverse("record_response", args=[review.slug]),
        form_data(review, r1=("accepted", ""), r2=("rejected", "Schools decide for themselves")),
    )
    line = "Rejected by Cabinet on 14 February 2019: Schools decide for themselves. Not monitored."
    url = reverse("review_detail", args=[review.slug])
    page = text(signed_in(clerk).get(url))  # clerks see it before it is published
    assert_in_order(page, ["Recommendation 1", "Neil Mitchell", "Recommendation 2", line])
    assert "Appoint leads." not in page and "Schools Lead" not in page
    # Check your answers warns that its records will not be monitored.
    check = text(signed_in(clerk).get(reverse("check_plan", args=[review.slug])))
    assert "The executive rejected this recommendation: it is not monitored, and its action records" in check
    Review.objects.filter(pk=review.pk).update(status=Review.Status.MONITORING)
    page = text(signed_in(councillor).get(url))  # members: not until published
    assert line not in page and "Appoint leads." in page
    published(review, clerk)
    page = text(signed_in(councillor).get(url))
    assert line in page and "Appoint leads." not in page


def test_the_response_filter_offers_only_the_responses_whose_actions_are_monitored(demo, clerk):
    from actionplans.models import ResponsePlan

    client = signed_in(clerk)
    page = client.get(reverse("action_list"))
    assert page.status_code == 200
    choices = re.search(r'<select[^>]*name="response".*?</select>', page.content.decode(), flags=re.S).group(0)
    assert ">Accepted<" in choices and "Rejected" not in choices
    every = int(re.search(r"(\d+) actions", text(page)).group(1))
    # Recommendation 1 is monitored (its actions have updates): it is never
    # Rejected now, so the committee's papers and the list keep its actions.
    with pytest.raises(ValidationError) as refused:
        demo.record_responses(
            [ResponsePlan(1, "rejected", reasons="Cost.", responded_on=D(2019, 1, 17))],
            by=clerk,
            version=demo.version,
            reason="Cabinet minute corrected",
        )
    assert "monitored already" in refused.value.message_dict["recommendation-1-response"][0]
    now = int(re.search(r"(\d+) actions", text(client.get(reverse("action_list")))).group(1))
    assert now == every
    assert "Select a valid choice" in text(client.get(reverse("action_list"), {"response": "rejected"}))


def test_clerks_land_on_the_reviews_page_listing_responses_due(review, clerk, councillor, monkeypatch):
    from tests.factories import make_round

    make_round(review, 2020, 3, status="open")  # a clerk would otherwise land on the one open round
    signed_in(clerk).post(reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", "")))
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 12))
    client = signed_in(clerk)
    landing = client.get(reverse("landing"))
    assert landing["Location"] == reverse("home")
    page = text(client.get(reverse("home")))
    assert "Where it stands Hate Crime Cabinet 10 March 2019 Overdue by 2 days" in page
    assert "overdue by" not in page
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 2, 1))
    assert "Executive responses due" not in text(client.get(reverse("home")))


def test_the_committee_dashboard_lists_responses_due_to_those_who_may_read_the_review(
    review, clerk, councillor, monkeypatch
):
    signed_in(clerk).post(reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", "")))
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 5))
    url = reverse("committee_dashboard", args=[review.committee.slug])
    assert "Hate Crime Cabinet 10 March 2019 due in 5 days" in text(signed_in(clerk).get(url))
    # The plan is still being set up: a member does not see the review yet.
    assert "None: no executive response is due" in text(signed_in(councillor).get(url))
    Review.objects.filter(pk=review.pk).update(status=Review.Status.MONITORING)
    assert "Hate Crime Cabinet 10 March 2019 due in 5 days" in text(signed_in(councillor).get(url))


def test_members_learn_of_the_responses_from_the_dashboard_only_once_published(review, clerk, councillor, monkeypatch):
    Review.objects.filter(pk=review.pk).update(status=Review.Status.MONITORING)
    monkeypatch.setattr(response_module, "today", lambda: D(2019, 3, 12))
    url = reverse("committee_dashboard", args=[review.committee.slug])
    signed_in(clerk).post(
        reverse("record_response", args=[review.slug]), form_data(review, r1=("accepted", ""), r2=("accepted", ""))
    )
    # Recorded, not published: the clerk sees it answered; members see it still overdue.
    assert "Hate Crime" not in text(signed_in(clerk).get(url)).split("Executive responses due")[1][:200]
    assert "Hate Crime Cabinet 10 March 2019 Overdue by 2 days" in text(signed_in(councillor).get(url))
    review.refresh_from_db()
    signed_in(clerk).post(reverse("publish_response", args=[review.slug]), {"version": review.version})
    assert "None: no executive response is due" in text(signed_in(councillor).get(url))


def test_the_action_list_filters_by_the_published_response_to_the_recommendation(demo, clerk, councillor):
    from actionplans.models import ResponsePlan

    client = signed_in(councillor)
    every = text(client.get(reverse("action_list")))
    accepted = text(client.get(reverse("action_list"), {"response": "accepted"}))
    count = re.search(r"(\d+) actions", every).group(1)
    assert int(count) > 0 and f" {count} actions" in accepted
    assert re.search(r"\b0 actions", text(client.get(reverse("action_list"), {"response": "none"})))
    # Recommendation 1 partially accepted from now (a change of published responses needs its reason).
    demo.record_responses(
        [ResponsePlan(1, "partially", reasons="Cost.", responded_on=D(2019, 1, 17), accepted_part="Part.")],
        by=clerk,
        version=demo.version,
        reason="Cabinet minute corrected",
    )
    # The September 2020 update carries actions of recommendation 1 alone.
    assert f" {count} actions" in text(client.get(reverse("action_list"), {"response": "partially"}))
    assert re.search(r"\b0 actions", text(client.get(reverse("action_list"), {"response": "accepted"})))
    assert "Select a valid choice" in text(client.get(reverse("action_list"), {"response": "in_principle"}))


@pytest.mark.parametrize("page", ["record_response", "executive_response_page", "review_detail"])
def test_the_response_pages_make_as_many_queries_for_many_recommendations_as_for_few(db, clerk, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actionplans.models import ResponsePlan

    def queries(count):
        review = make_review()
        for n in range(1, count + 1):
            make_recommendation(review, n)
        review.record_report(agreed=None, to_executive=D(2019, 1, 10), decision_maker="Cabinet", by=clerk, version=0)
        review.refresh_from_db()
        plans = [ResponsePlan(n, "rejected", reasons="No.", responded_on=D(2019, 2, 1)) for n in range(1, count + 1)]
        review.record_responses(plans, by=clerk, version=review.version)
        client = signed_in(clerk)
        url = reverse(page, args=[review.slug])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(5) == queries(60)


def test_an_actions_story_gives_its_recommendations_response_once_published(demo, clerk, councillor):
    from actionplans.models import Action

    action = Action.objects.get(strand__startswith="Schools")
    url = reverse("action_story", args=[action.pk])
    line = "Executive response Accepted by Cabinet on 17 January 2019"
    assert line in text(signed_in(councillor).get(url))
    Review.objects.filter(pk=demo.pk).update(responses_published_at=None)
    assert "Executive response" not in text(signed_in(councillor).get(url))
    assert line in text(signed_in(clerk).get(url))
