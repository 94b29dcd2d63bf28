"""Every page, for every role, signed in through the real form: zero axe
violations for the WCAG 2.2 A and AA rules, and nothing the browser refused
(a CSP violation shows up as a console error)."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Impact, Indicator, ProgressEntry, Recommendation, Round
from tests.browser.conftest import assert_accessible, axe_violations, sign_in
from tests.factories import keep_open_in_september
from tests.partnership_files import partnership_import_pages

READER_PAGES = [
    reverse("home"),
    reverse("review_detail", args=["hate-crime"]),
    reverse("progress_update", args=["hate-crime"]),
    reverse("progress_update", args=["hate-crime"]) + "?round=2020-09&format=pdf&first_page=x",  # with an error
    reverse("progress_update_page", args=["hate-crime", "2020-03"]),
    reverse("progress_update_page", args=["hate-crime", "2020-09"]),
    reverse("executive_response_page", args=["hate-crime"]),
    reverse("accessibility"),
    # The committee's decisions: awaiting on the dashboard, and filtered.
    reverse("committee_dashboard", args=["crime-and-disorder"]),
    reverse("action_list") + "?decision=awaiting",
    # What changed since the last meeting: by default, between two meetings, and with an error.
    reverse("committee_changes", args=["crime-and-disorder"]),
    reverse("committee_changes", args=["crime-and-disorder"]) + "?since=2020-03-12&until=2020-09-24",
    reverse("review_changes", args=["hate-crime"]) + "?since=2020-09-24&until=2020-03-12",
    # Each person's calendar, before they have a link (with one: tests/browser/test_notifications.py).
    reverse("calendar"),
    reverse("reset_calendar"),
]

# The scrutiny annual report: the current year (its first choice), 2019/20 with its
# charts, one committee's year, and the page with a download's error.
READER_PAGES += [
    reverse("annual_report_latest"),
    reverse("annual_report", args=[2019]),
    reverse("annual_report", args=[2018]) + "?committee=crime-and-disorder",
    # A download's agenda options that will not do: the page again, with the error.
    reverse("annual_report_file", args=[2019, "pdf"]) + "?first_page=x",
    # What scrutiny achieved: a year with impacts, the rows behind a count, and a choice that will not do.
    reverse("committee_achieved", args=["crime-and-disorder"]) + "?year=2019",
    reverse("achieved_rows") + "?year=2019&measure=impacts",
    reverse("achieved_rows") + "?year=2019&measure=figure",
]

# Partnership action plans (helper "docs"): the list, seed 002's plan (its
# published quarter), seed 004's (activities and glossary), and a download's
# agenda options that will not do.
READER_PAGES += [
    reverse("partnership_plans"),
    reverse("partnership_plan", args=["hate-crime-action-plan-2018-2019"]),
    reverse("partnership_plan", args=["hate-crime-action-plan-2010-2011"]),
    reverse("partnership_report_file", args=["hate-crime-action-plan-2018-2019"]) + "?format=pdf&first_page=x",
]


def decisions_pages():
    """The committee's published decisions of March 2020, to read (for a
    clerk: read-only too, a later round having been opened)."""
    march = Round.objects.get(review__slug="hate-crime", period=datetime.date(2020, 3, 1))
    return [reverse("round_decisions", args=[march.pk])]


def staff_pages():
    rec = Recommendation.objects.get(number=1)
    entry = ProgressEntry.objects.filter(grade=3).get()
    return [
        reverse("admin:index"),
        reverse("admin:actionplans_recommendation_change", args=[rec.pk]),
        reverse("admin:actionplans_progressentry_change", args=[entry.pk]),
        reverse("admin:actionplans_progressentry_history", args=[entry.pk]),
        reverse("admin:actionplans_action_changelist"),
        reverse("import_upload", args=["hate-crime"]),
        reverse("undelivered_mail"),
        # An old link to an approval, its round since published.
        reverse("approve_entry", args=[entry.pk]),
        # The committee's decisions on September 2020, still to record, and
        # opening the next round, which warns that they are not published.
        reverse("round_decisions", args=[Round.objects.get(period=datetime.date(2020, 9, 1)).pk]),
        reverse("open_round", args=["hate-crime"]),
        # Setting up and changing a plan.
        reverse("set_up_review"),
        reverse("review_plan", args=["hate-crime"]),
        reverse("change_review_details", args=["hate-crime"]),
        reverse("review_grades", args=["hate-crime"]),
        reverse("add_recommendation", args=["hate-crime"]),
        reverse("change_recommendation", args=["hate-crime", 1]),
        reverse("remove_recommendation", args=["hate-crime", 4]),
        reverse("check_plan", args=["hate-crime"]),
        # The report and the executive's response.
        reverse("record_response", args=["hate-crime"]),
        reverse("publish_response", args=["hate-crime"]),
        # What each recommendation achieved: the list, one still monitored, one to record.
        reverse("review_outcomes", args=["hate-crime"]),
        reverse("record_outcome", args=["hate-crime", 1]),
        reverse("record_outcome", args=["hate-crime", 2]),
        reverse("mark_priority", args=["hate-crime", 1]),
        reverse("record_recheck", args=["hate-crime", 2]),
        # The impacts its officers reported, and confirming one.
        reverse("review_impacts", args=["hate-crime"]),
        reverse("confirm_impact", args=["hate-crime", Impact.reported(Recommendation.objects.all()).first().pk]),
        # Committees.
        reverse("committees"),
        reverse("add_committee"),
        reverse("add_committee") + "?next=/reviews/new/",
        reverse("rename_committee", args=["crime-and-disorder"]),
        reverse("committee_members", args=["crime-and-disorder"]),
        # A partnership plan's own details (helper "fixd").
        reverse("partnership_plan_details", args=["hate-crime-action-plan-2018-2019"]),
        # The national indicators the plans' glossaries print, and one of them.
        reverse("partnership_indicators"),
        reverse("partnership_indicator", args=[Indicator.objects.get(code="NI 35").pk]),
    ]


def test_a_reviews_own_grades_and_the_questions_to_return_it_to_the_councils_are_accessible(page, demo_site):
    """A review graded on its own scale: its grades page asks what becomes
    of each; sent unanswered, each question says so."""
    from django.contrib.auth import get_user_model

    from actionplans.models import GradingScale
    from tests.factories import make_review
    from tests.test_review_back_on_councils_scale import OWN

    review = make_review(title="Flooding")
    GradingScale.bring_in(
        "progress", OWN, by=get_user_model().objects.get(username="clerk"), prints="label", review=review
    )
    sign_in(page, "clerk")
    page.goto(reverse("review_grades", args=[review.slug]))
    expect(page.get_by_label("What becomes of Some slippage?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Grade the next round on the council’s scale").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what becomes of Some slippage.")
    assert_accessible(page)


def test_the_sign_in_page_and_statement_are_accessible_before_signing_in(page, demo_site):
    for url in [reverse("login"), reverse("accessibility")]:
        page.goto(url)
        assert_accessible(page)


def test_the_published_record_is_accessible_while_prepared_and_once_ready(page, demo_site, settings):
    """With the worker yet to run, the round page says which files are being
    prepared (the committee's and the public copy's) and reads itself
    again, announcing the files once stored; a download asked for meanwhile
    says it is being prepared, on the export form and on the public pages."""
    from actionplans.models import PublishedDocument, Round
    from reports.tasks import render_published_document
    from tests.browser.test_published_record import open_checksums

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SCRUTINY_PUBLIC_PAGES = True
    round = Round.objects.get(review__slug="hate-crime", period="2020-09-01")
    documents = PublishedDocument.objects.start_version(round, by=None, options={"agenda_header": "Item 8"})
    page.goto(reverse("public_round_file", args=["hate-crime", "2020-09", "pdf"]))
    expect(page.get_by_role("heading", name="The PDF file is being prepared")).to_be_visible()
    page.wait_for_load_state("load")
    page.console_problems.remove(  # the 503 itself: ask again later
        "Failed to load resource: the server responded with a status of 503 (Service Unavailable)"
    )
    assert_accessible(page)
    sign_in(page, "clerk")
    page.goto(reverse("progress_update", args=["hate-crime"]) + "?round=2020-09&format=pdf")
    expect(page.locator(".govuk-error-summary")).to_contain_text("as published is being prepared")
    assert_accessible(page)
    page.goto(reverse("round_detail", args=[round.pk]))
    record = page.locator("#published-record[aria-live=polite]")
    assert record.inner_text().count("Being prepared") == 2 * len(documents)
    assert_accessible(page)
    for document in documents:  # what the worker does
        render_published_document.call(document.pk)
    page.locator("#published-record[data-pending=false]").wait_for(timeout=15000)
    assert "Being prepared" not in record.inner_text()
    open_checksums(record)
    for document in PublishedDocument.objects.filter(round=round):
        assert document.sha256 in record.inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("username", ["councillor", "vanessa.housley", "marc.stephenson"])
def test_every_page_a_reader_can_open_is_accessible(page, demo_site, username):
    sign_in(page, username)
    for url in READER_PAGES + decisions_pages():
        page.goto(url)
        assert_accessible(page)


@pytest.mark.parametrize("username", ["clerk", "admin"])
def test_every_page_of_the_clerks_work_is_accessible(page, demo_site, username):
    sign_in(page, username)
    for url in READER_PAGES + decisions_pages() + staff_pages() + partnership_import_pages():
        page.goto(url)
        assert_accessible(page)


def test_a_failed_sign_in_is_accessible_and_says_what_is_wrong(page, demo_site):
    sign_in_page = reverse("login")
    page.goto(sign_in_page)
    page.get_by_label("Username").fill("councillor")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "correct username and password" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Username").input_value() == "councillor"
    assert_accessible(page)


def test_signing_in_and_reaching_the_review_with_the_keyboard_alone(page, demo_site):
    page.goto(reverse("login"))
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the council's header link
    page.keyboard.press("Tab")
    page.keyboard.type("councillor")
    page.keyboard.press("Tab")
    from actionplans.demo import demo_password

    page.keyboard.type(demo_password())
    page.keyboard.press("Enter")
    page.wait_for_url("**/committees/crime-and-disorder/")  # a councillor lands on their dashboard
    review = page.get_by_role("link", name="The whole review")
    review.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/reviews/hate-crime/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hate Crime"


def test_the_reminder_preview_and_the_round_page_after_sending_are_accessible(page, demo_site, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    keep_open_in_september("Schools, Colleges and Universities")
    round = demo_site.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=get_user_model().objects.get(username="clerk"),
    )
    sign_in(page, "clerk")  # lands on the one open round
    page.get_by_role("link", name="Preview reminders").click()
    expect(page.locator("main")).to_contain_text("vanessa.housley@example.org", use_inner_text=True)
    assert_accessible(page)
    # The clerk's note: too long, then shown in every e-mail before sending.
    page.get_by_label("A note to add to each reminder (optional)").fill("Please. " * 130)
    page.get_by_role("button", name="Show the e-mails with this note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The note must be 1,000 characters or fewer", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("A note to add to each reminder (optional)").fill("The committee meets a week early.")
    page.get_by_role("button", name="Show the e-mails with this note").click()
    assert "A note from Scrutiny Clerk:\nThe committee meets a week early." in (
        page.locator(".app-reminder__body").first.inner_text()
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send 3 reminders").click()
    page.wait_for_url(f"**{reverse('round_detail', args=[round.pk])}")
    assert "last reminded" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(reverse("open_round", args=[demo_site.slug]))
    assert_accessible(page)
    # The reviews list names the open round and what is outstanding.
    page.goto(reverse("home"))
    assert "March 2021 round open" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_set_up_pages_with_errors_and_refusals_are_accessible(page, demo_site):
    sign_in(page, "clerk")
    page.goto(reverse("set_up_review"))
    page.get_by_label("Month").fill("13")
    page.get_by_label("Title of the review").fill("Youth Services")
    # Enter in the title submits the form itself, not "Add a committee" (issue 75).
    page.get_by_label("Title of the review").press("Enter")
    expect(page.locator("main")).to_contain_text("There is a problem", use_inner_text=True)
    assert page.get_by_role("heading", name="Set up a review").is_visible()
    assert page.get_by_label("Title of the review").input_value() == "Youth Services"
    assert_accessible(page)
    # An action with updates cannot be removed: the page says why.
    page.goto(reverse("remove_recommendation", args=["hate-crime", 4]))
    page.get_by_role("button", name="Remove recommendation 4").click()
    expect(page.locator("main")).to_contain_text(
        "the committee closes an action rather than deleting it", use_inner_text=True
    )
    assert axe_violations(page) == []
    page.console_problems.clear()  # the refusal's 409, as intended
    # A plan that is not ready lists what to put right.
    page.goto(reverse("set_up_review"))
    page.get_by_label("Which Select Committee?").select_option(label="Crime and Disorder Select Committee")
    page.get_by_label("Title of the review").fill("Youth Services")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Check and confirm the plan").click()
    # The check page lists the problems before the button is pressed too:
    # the refused confirmation is read once its page has come back.
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm the plan").click()
    expect(page.locator("main")).to_contain_text("Add at least one recommendation", use_inner_text=True)
    assert_accessible(page)


def test_the_people_pages_are_accessible(page, demo_site, settings):
    from django.core import mail

    from actionplans.models import Committee, Owner

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sign_in(page, "clerk")
    page.get_by_role("link", name="People", exact=True).click()
    page.wait_for_url("**/people/")
    assert_accessible(page)
    page.goto(reverse("people") + "?q=housley&role=Officer&kind=person")
    assert_accessible(page)
    page.get_by_role("link", name="Add a person").first.click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Vanessa Housley")  # already in the demo
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_label("Officer", exact=True).check()
    page.get_by_role("button", name="Add the person").click()
    assert page.get_by_label("E-mail address").input_value() == "not an address"
    assert_accessible(page)
    page.get_by_label("Full name").fill("Priya Patel")
    page.get_by_label("E-mail address").fill("priya.patel@example.org")
    page.get_by_role("button", name="Add the person").click()
    page.wait_for_url("**/people/*/")
    assert "Priya Patel was added" in page.locator("main").inner_text()
    assert_accessible(page)
    role = Owner.objects.filter(kind=Owner.Kind.ROLE).first()
    for url in [
        reverse("add_role"),
        reverse("change_role", args=[role.pk]),
        reverse("committee_members", args=[Committee.objects.first().slug]),
    ]:
        page.goto(url)
        assert_accessible(page)

    # Priya's e-mail, followed in a browser signed in as nobody.
    page.get_by_role("button", name="Sign out").click()
    link = next(line.strip() for line in mail.outbox[-1].body.splitlines() if "/account/set-password/" in line)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Type the new password again").fill("short")
    page.get_by_role("button", name="Save the password").click()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("purple-hedgehog-tuesday")
    page.get_by_label("Type the new password again").fill("purple-hedgehog-tuesday")
    page.get_by_role("button", name="Save the password").click()
    page.wait_for_url("**/account/set-password/done/")
    assert_accessible(page)
    page.goto(link)  # used once already
    assert page.get_by_role("heading", level=1).inner_text() == "This link no longer works"
    assert_accessible(page)

    # Priya has chosen her password: the clerk sees her address read-only, and why.
    sign_in(page, "clerk")
    page.goto(reverse("change_person", args=[Owner.objects.get(name="Priya Patel").pk]))
    email = page.get_by_label("E-mail address")
    assert email.get_attribute("readonly") is not None and email.input_value() == "priya.patel@example.org"
    assert "only an administrator can change their e-mail address" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Resend the set-password e-mail").count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.goto(reverse("login"))
    page.get_by_role("link", name="Forgot your password?").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the link").click()
    assert_accessible(page)  # the error: no address given
    page.get_by_label("E-mail address").fill("priya.patel@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url("**/forgot-password/sent/")
    assert_accessible(page)
    sign_in(page, "priya.patel", "purple-hedgehog-tuesday")


def test_adding_a_committee_from_the_set_up_page_with_an_error_on_the_way(page, demo_site):
    sign_in(page, "clerk")
    page.goto(reverse("set_up_review"))
    page.get_by_label("Title of the review").fill("Youth Services")
    page.get_by_role("button", name="Add a committee").click()
    page.get_by_label("Name of the committee").fill("Crime and Disorder Select Committee")  # the demo's
    page.get_by_role("button", name="Add the committee").click()
    expect(page.locator(".govuk-error-message")).to_contain_text(
        "There is already a committee called", use_inner_text=True
    )
    assert page.get_by_label("Name of the committee").input_value() == "Crime and Disorder Select Committee"
    assert_accessible(page)
    page.get_by_label("Name of the committee").fill("Children and Young People Select Committee")
    page.get_by_role("button", name="Add the committee").click()
    page.wait_for_url("**/reviews/new/?typed=1&committee=*")
    selected = page.get_by_label("Select Committee").locator("option:checked").inner_text()
    assert selected == "Children and Young People Select Committee"
    # What was typed before leaving is kept (issue 28: it was lost).
    assert page.get_by_label("Title of the review").input_value() == "Youth Services"
    assert_accessible(page)


def partnership_dashboard_pages(plan):
    """A partnership plan's dashboard: as it opens, narrowed by filters (an
    earlier quarter, a RAG), and with a filter that will not do."""
    url = reverse("partnership_dashboard", args=[plan.slug])
    q2 = plan.quarters.order_by("period").first()
    return [url, url + f"?quarter={q2.pk}&rag=red", url + "?rag=purple"]


def test_the_national_indicators_pages_with_an_error_are_accessible(page, demo_site):
    sign_in(page, "clerk")
    page.goto(reverse("partnership_indicators"))
    page.get_by_role("button", name="Add the indicator").click()  # empty
    assert "Enter the indicator’s code" in page.locator(".govuk-error-summary").inner_text().replace("'", "’")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^NI 35")).click()
    page.get_by_role("button", name="Retire NI 35").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("NI 35 is retired", use_inner_text=True)
    assert_accessible(page)


@pytest.mark.parametrize("username", ["councillor", "partner.lead", "clerk"])
def test_the_partnership_dashboard_is_accessible(page, partnership_site, username):
    sign_in(page, username)
    # Where a partner lead lands after signing in is another page's business
    # (it may refuse them until the partner leads' landing page exists).
    page.console_problems.clear()
    for url in partnership_dashboard_pages(partnership_site):
        page.goto(url)
        assert_accessible(page)


def test_the_delivered_through_pages_are_accessible(page, demo_site):
    """Delivered through (links): the clerk's page, open, with an error by a
    field; the action's page and its officer's update form showing a linked
    action's RAG."""
    from actionplans.models import Action, Delivery
    from tests.factories import make_partnership_plan

    clerk = get_user_model().objects.get(username="clerk")
    plan = make_partnership_plan(by=clerk, actions=8)
    quarter = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=clerk)
    quarter.publish(by=clerk)
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    Delivery.objects.set_for(schools, list(plan.actions().filter(number__in=["1.6", "1.7"])), by=clerk)
    sign_in(page, "clerk")
    page.goto(reverse("review_deliveries", args=["hate-crime"]))
    assert_accessible(page)
    # A choice the page did not offer: the error by its field.
    page.locator("input[type=checkbox]:checked").first.evaluate("box => box.value = '99999'")
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
    page.goto(reverse("action_story", args=[schools.pk]))
    assert "Delivered through" in page.content()
    assert_accessible(page)
    round = demo_site.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    page.context.clear_cookies()
    sign_in(page, "vanessa.housley")
    page.goto(reverse("update_entry", args=[round.entries.get(action=schools).pk]))
    assert "Delivered through" in page.content()
    assert_accessible(page)


# Partnership plans' quarterly updates (flow): the lead's form with its
# conflict, the coordinator's check with its error, the clerk's quarter
# pages with theirs.


def test_every_partnership_update_page_is_accessible_with_its_errors_and_refusals(page, partnership_quarter):
    quarter = partnership_quarter
    plan = quarter.plan
    lead = quarter.updates.get(action__number="1.1")
    sign_in(page, "pat.partner")
    page.goto(reverse("partnership_update", args=[lead.pk]))
    page.get_by_label("Progress").fill("Draft words")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("was saved", use_inner_text=True)
    # A conflict: someone else saved it meanwhile.
    page.goto(reverse("partnership_update", args=[lead.pk]))
    lead.refresh_from_db()
    pat = get_user_model().objects.get(username="pat.partner")
    lead.save_update(by=pat, version=lead.version, submit=False, progress="Saved elsewhere", rag="amber")
    page.get_by_label("Progress").fill("Typed here")
    page.get_by_label("Red").check()
    page.get_by_role("button", name="Submit to the coordinator").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Your changes were not saved", use_inner_text=True)
    assert "Typed here" in page.locator(".app-typed").inner_text()
    page.console_problems.remove("Failed to load resource: the server responded with a status of 409 (Conflict)")
    assert_accessible(page)
    # The submitted update, read-only with its withdraw button.
    lead.refresh_from_db()
    lead.save_update(by=pat, version=lead.version, submit=True, progress="Saved elsewhere", rag="amber")
    page.goto(reverse("partnership_update", args=[lead.pk]))
    expect(page.get_by_role("button", name="Withdraw the update to change it")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "marc.stephenson")
    page.goto(reverse("partnership_update_check", args=[lead.pk]))
    page.get_by_role("button", name="Return to the lead").click()  # without the comment
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say what the lead needs to change", use_inner_text=True
    )
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "clerk")
    for url in [
        reverse("partnership_updates"),
        reverse("partnership_quarter", args=[plan.slug, quarter.pk]),
        reverse("partnership_quarter_open", args=[plan.slug]),  # refused: Q2 2018 is open
        reverse("partnership_organisations", args=[plan.slug]),
    ]:
        page.goto(url)
        assert_accessible(page)
    page.goto(reverse("partnership_quarter", args=[plan.slug, quarter.pk]))
    page.get_by_role("button", name="Publish Q2 2018").click()  # without confirming
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Publish without the updates listed above").check()
    page.get_by_role("button", name="Publish Q2 2018").click()
    page.goto(reverse("partnership_quarter_open", args=[plan.slug]))
    page.get_by_role("button", name="Open the quarter").click()  # empty
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    # A deadline before the quarter starts, then one already passed (fixb).
    page.locator("#id_month").select_option("November")
    page.locator("#id_year").fill("2018")
    for part, value in (("day", "30"), ("month", "9"), ("year", "2018")):
        page.locator(f"#id_deadline_{part}").fill(value)
    page.get_by_role("button", name="Open the quarter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("the first day of Q3 2018", use_inner_text=True)
    assert_accessible(page)
    page.locator("#id_deadline_month").fill("12")
    page.get_by_role("button", name="Open the quarter").click()
    expect(page.locator(".govuk-notification-banner").last).to_contain_text("has already passed", use_inner_text=True)
    expect(page.get_by_role("heading", name="Q3 2018 (October to December 2018)")).to_be_visible()
    assert_accessible(page)
    # Opened by mistake: deleted before anyone writes in it; a published quarter is not.
    page.get_by_role("link", name="Delete the quarter").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete the quarter").click()
    page.wait_for_url("**/partnerships/updates/")
    page.goto(reverse("partnership_quarter_delete", args=[plan.slug, quarter.pk]))
    assert "cannot be deleted" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_the_personal_data_pages_are_accessible_and_erase_a_leaver(page, demo_site):
    from actionplans.models import Owner

    leaver = Owner.objects.get(name="Vanessa Housley")
    sign_in(page, "admin")
    page.goto(reverse("change_person", args=[leaver.pk]))
    page.get_by_role("link", name="Export Vanessa Housley’s personal data, or erase them as a leaver").click()
    page.wait_for_url("**/personal-data/")
    assert_accessible(page)
    page.get_by_role("link", name="Erase Vanessa Housley").click()
    expect(page.locator("main")).to_contain_text("keep their name", use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("button", name="Erase Vanessa Housley").click()
    page.wait_for_url("**/personal-data/")
    assert "login is closed and their personal details removed" in page.locator("main").inner_text()
    assert "Erased as a leaver" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_list_of_e_mail_not_delivered_is_accessible_with_its_rows(page, demo_site):
    from actionplans.models import Notification

    officer = get_user_model().objects.get(username="vanessa.housley")
    for attempts, subject in [(3, "Progress update due"), (16, "Update returned to you")]:
        Notification.objects.create(
            recipient=officer,
            kind=Notification.Kind.UPDATE_DUE,
            event_key=f"test-{attempts}",
            subject=subject,
            body="…",
            attempts=attempts,
            last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
        )
    sign_in(page, "clerk")
    page.goto(reverse("undelivered_mail"))
    expect(page.locator("main")).to_contain_text("Not delivered: given up", use_inner_text=True)
    assert_accessible(page)


def test_a_logins_personal_data_pages_are_reached_from_people_and_accessible(page, demo_site):
    """A login with no person record (the demo's councillor): listed on the
    People page for the administrator, exported and erased from its own pages."""
    sign_in(page, "admin")
    page.goto(reverse("people"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^councillor\W+personal data$")).click()
    page.wait_for_url("**/logins/*/personal-data/")
    expect(page.locator("main")).to_contain_text("A login with no person record", use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("link", name="Erase").click()
    page.wait_for_url("**/erase/")
    assert_accessible(page)
    page.get_by_role("button", name="Erase").click()
    page.wait_for_url("**/logins/*/personal-data/")
    expect(page.locator("main")).to_contain_text("Erased as a leaver", use_inner_text=True)
    assert_accessible(page)


def test_the_council_settings_pages_are_accessible_and_change_the_wording_and_a_scale(page, demo_site):
    sign_in(page, "admin")
    page.get_by_role("banner").get_by_role("link", name="Council settings").click()
    page.wait_for_url("**/council/")
    assert_accessible(page)

    page.get_by_role("link", name="Change the wording").click()
    assert_accessible(page)
    page.get_by_label("What the council calls a scrutiny committee").fill("Scrutiny Panel")
    page.get_by_label("The council's name").fill("")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the council's name", use_inner_text=True)
    assert_accessible(page)
    page.get_by_label("The council's name").fill("Anyshire County Council")
    page.get_by_role("button", name="Continue").click()
    # The form's hint names a Scrutiny Panel too: the preview is the page
    # with the button that confirms the change.
    expect(page.get_by_role("button", name="Confirm the change")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Scrutiny Panel", use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the change").click()
    page.wait_for_url("**/council/")
    assert "Anyshire County Council" in page.locator("header").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Change the Assessment of Progress scale").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a grade").click()
    page.get_by_role("button", name="Continue", exact=True).last.click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a label for grade 5" in summary and "Choose the role of grade 5 in the rules" in summary
    assert_accessible(page)
    page.get_by_role("button", name="Remove grade 5").click()
    page.locator("#id_grade-1-label").fill("On track")
    page.get_by_role("button", name="Continue", exact=True).last.click()
    # The form says so too: the preview is the page that confirms the scale.
    expect(page.get_by_role("button", name="Confirm the new scale")).to_be_visible()
    expect(page.locator("main")).to_contain_text("keep the label they were given", use_inner_text=True)
    # Renamed on the form, it is the same grade: the preview says so.
    expect(page.get_by_label("What becomes of 2 (On-Track)?")).to_have_value("2")
    expect(page.locator("#fates")).to_contain_text("Kept, renamed from On-Track", use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("button", name="Check the answers").click()
    expect(page.locator("#drawn")).to_contain_text("counting the updates graded 2 (On-Track) before")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the new scale").click()
    page.wait_for_url("**/council/")
    # The demo has three versions: the first of an install, and its own two (seed 001 printed the codes alone).
    assert "version 4 of the scale is now in use" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_escalation_pages_are_accessible_setting_manager_and_days_and_reading_who_was_told(
    page, demo_site, settings
):
    from actionplans.models import Escalation, Owner

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    keep_open_in_september("Schools, Colleges and Universities")
    today = datetime.date.today()
    meeting = today + datetime.timedelta(days=7)
    round = demo_site.open_round(
        period=meeting.replace(day=1),
        deadline=today - datetime.timedelta(days=20),
        meeting_date=meeting,
        by=get_user_model().objects.get(username="clerk"),
    )
    sign_in(page, "admin")
    # The council's point of escalation: a wrong number, then 14 days, checked, then confirmed.
    page.goto(reverse("council_settings"))
    page.get_by_role("link", name="Change when overdue updates are escalated").click()
    assert_accessible(page)
    page.get_by_label("Days overdue before escalation (optional)").fill("fourteen")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the number of days as a whole number", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("Days overdue before escalation (optional)").fill("14")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("14 days overdue", use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the change").click()
    page.wait_for_url("**/council/#escalation")
    assert_accessible(page)
    # Vanessa Housley's manager: someone unknown, then Marc Stephenson.
    page.goto(reverse("change_person", args=[Owner.objects.get(name="Vanessa Housley").pk]))
    page.get_by_label("Manager (optional)").fill("Nobody Known")
    page.get_by_role("button", name="Save the manager").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "There is nobody called Nobody Known", use_inner_text=True
    )
    assert page.get_by_label("Manager (optional)").input_value() == "Nobody Known"
    assert_accessible(page)
    page.get_by_label("Manager (optional)").fill("Marc Stephenson")
    page.get_by_role("button", name="Save the manager").click()
    expect(page.locator("main")).to_contain_text(
        "Marc Stephenson is recorded as Vanessa Housley’s manager.", use_inner_text=True
    )
    assert_accessible(page)
    # The daily job escalates; the clerk reads who was told, and whose update has no manager.
    Escalation.objects.escalate_overdue()
    page.goto(reverse("send_round_reminders", args=[round.pk]))
    chase = page.locator("main").inner_text()
    assert f"Escalated to Marc Stephenson on {today.day} {today:%B %Y}" in chase
    assert "No manager recorded: chase by hand" in chase
    assert_accessible(page)
    page.goto(reverse("round_detail", args=[round.pk]))
    assert "(escalated to Marc Stephenson on" in page.locator("main").inner_text()
    assert_accessible(page)


# The conversation on an update (issue 27 item 2): the officer's page, the
# link officer's and the clerk's, the conversation's own, and its error.


def test_every_page_with_the_conversation_on_an_update_is_accessible_with_its_error(page, demo_site, settings):
    from tests.factories import schools_submitted_in_march_2021

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    entry = schools_submitted_in_march_2021(demo_site)
    entry.add_comment(by=get_user_model().objects.get(username="marc.stephenson"), text="Which schools?")
    for username, url in [
        ("vanessa.housley", reverse("update_entry", args=[entry.pk])),
        ("marc.stephenson", reverse("approve_entry", args=[entry.pk])),
        ("clerk", reverse("approve_entry", args=[entry.pk])),
        ("clerk", reverse("update_comments", args=[entry.pk])),
    ]:
        page.context.clear_cookies()
        sign_in(page, username)
        page.goto(url)
        assert "Which schools?" in page.locator("#conversation").inner_text()
        assert_accessible(page)
    # An empty comment: the message by the field and in the summary.
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your comment", use_inner_text=True)
    assert "Enter your comment" in page.locator("#id_text-error").inner_text()
    assert_accessible(page)


def schools_in_march_2021(review):
    """1 a) Schools' update in a March 2021 round opened on the demo review."""
    keep_open_in_september("Schools, Colleges and Universities")
    round = review.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=get_user_model().objects.get(username="clerk"),
    )
    return round.entries.get(action__strand="Schools, Colleges and Universities")


def test_an_updates_files_page_is_accessible_empty_and_with_an_error(page, demo_site):
    """The officer's page of their update's files (the whole story, with
    files and the scanner: tests/browser/test_evidence_files.py)."""
    from tests import evidence_files

    entry = schools_in_march_2021(demo_site)
    sign_in(page, "vanessa.housley")
    page.goto(reverse("entry_files", args=[entry.pk]))
    assert_accessible(page)
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": evidence_files.program()}
    )
    page.get_by_role("button", name="Attach the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title for the file", use_inner_text=True)
    assert_accessible(page)


def test_the_exempt_information_pages_with_an_evidence_file_are_accessible(page, demo_site):
    """The clerk's list of what may be exempt, evidence files included,
    marking a file, and the list again saying so."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    entry = schools_in_march_2021(demo_site)
    # Held as being checked (no clamd here): listed all the same.
    evidence = entry.attach_file(
        by=get_user_model().objects.get(username="vanessa.housley"),
        version=entry.version,
        title="Minutes of the schools forum",
        upload=SimpleUploadedFile("minutes.txt", b"Minutes.\n"),
        name="minutes.txt",
    )
    sign_in(page, "clerk")
    page.goto(reverse("exempt_information", args=["hate-crime"]))
    assert "Minutes of the schools forum" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(reverse("mark_exempt", args=["file", evidence.pk]))
    assert_accessible(page)
    page.get_by_label("Paragraph 3:").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "is now Exempt information (paragraph 3)", use_inner_text=True
    )
    assert_accessible(page)


def test_a_clerk_records_what_a_recommendation_achieved_and_every_step_is_accessible(page, demo_site):
    """Issue 74, item 1, in the browser: the demo's recommendation 2 (its outcome as the demo recorded it), whose
    actions the committee has signed off or closed."""
    sign_in(page, "clerk")
    page.goto(reverse("review_detail", args=["hate-crime"]))
    page.get_by_role("link", name="Outcomes and impacts").click()
    page.get_by_role("link", name="Change of recommendation 2").click()
    page.get_by_label("Partly implemented").check()
    page.get_by_label("Why", exact=True).fill("Training ran in every school; two colleges did not take it up.")
    first = page.locator("fieldset", has_text="Impact 1")
    first.get_by_label("Kind of impact").select_option(label="Service to residents")
    first.get_by_label("What changed").fill("Pupils report hate incidents to a named member of staff.")
    first.get_by_label("Figure (optional)").fill("lots")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Impact 1: Enter the figure as a number", use_inner_text=True)
    assert (
        first.get_by_label("What changed").input_value() == "Pupils report hate incidents to a named member of staff."
    )
    assert_accessible(page)
    first.get_by_label("Figure (optional)").fill("212")
    first.get_by_label("Its unit").fill("reports")
    first.get_by_label("Its period").fill("in 2020/21")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("The outcome of recommendation 2 was saved.", use_inner_text=True)
    row = page.locator("tr", has_text="Partly implemented")
    expect(row.locator("th")).to_contain_text("2", use_inner_text=True)
    expect(row).to_contain_text("Pupils report hate incidents to a named member of staff. (212 reports in 2020/21)")
    assert_accessible(page)
