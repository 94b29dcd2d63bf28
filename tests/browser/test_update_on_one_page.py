"""The officer's six-monthly update in one page (issue 41), in Chromium, the
page loads counted: the officer opens her update, reads the link officer's
comment above the form and replies, grades the action (the page says at
once that a grade worse than last time needs an explanation), writes the
evidence, chooses two files at once and submits — on one page, in at most
three loads. Every state of the page passes axe, at 1,280 and 375 px."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import ProgressEntry
from tests import evidence_files
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_monitoring_round import open_round  # noqa: F401 (a fixture)


def test_an_officer_replies_grades_writes_attaches_two_files_and_submits_on_one_page_in_three_loads(
    page,
    open_round,  # noqa: F811
    clamd,
):
    entry = ProgressEntry.objects.get(round=open_round, action__strand="Schools, Colleges and Universities")
    marc = get_user_model().objects.get(username="marc.stephenson")
    entry.add_comment(by=marc, text="Could you add the minutes of the schools forum?")
    sign_in(page, "vanessa.housley")

    loads, pages = [], set()
    page.on("load", lambda _: loads.append(page.url))
    page.goto(reverse("update_entry", args=[entry.pk]))
    address = page.url
    latest = page.locator("#latest-comment")
    expect(latest).to_contain_text("Could you add the minutes of the schools forum?")
    assert_accessible(page)

    # The reply, from the link above the form.
    latest.get_by_role("link", name="Reply").click()
    page.locator("#id_text").fill("Yes: the minutes are attached with the update.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    pages.add(page.url.split("#")[0])

    # A grade worse than last time: the page says so as it is chosen.
    notice = page.locator("#worse-than-last-time")
    expect(notice).to_be_hidden()
    page.locator("#id_grade_1").check()
    expect(notice).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Explanation of the assessment").fill("Two schools left the programme.")
    page.get_by_label("Evidence of Progress").fill("Assemblies held in 38 of 62 schools.")
    page.get_by_label("Add files").set_input_files(
        [
            {"name": "Schools_forum_minutes.pdf", "mimeType": "application/pdf", "buffer": evidence_files.pdf()},
            {"name": "Assembly plan.docx", "mimeType": "application/octet-stream", "buffer": evidence_files.docx()},
        ]
    )
    page.get_by_role("button", name="Submit to the link officer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "was submitted to the link officer with 2 files.", use_inner_text=True
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page)

    # One page; three loads: the page, the reply, the submission.
    assert pages == {address} and len(loads) <= 3, loads
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED and entry.grade_explanation
    assert sorted(entry.files.values_list("title", flat=True)) == ["Assembly plan", "Schools forum minutes"]
    assert [comment.text for comment in entry.thread()][-1] == "Yes: the minutes are attached with the update."


def test_the_link_officer_approves_two_updates_in_two_loads_after_choosing_them(page, demo_site):
    from actionplans.demo import open_demo_round

    round = open_demo_round(demo_site)  # 1 f) submitted to Marc; 1 b) Errol Parks's draft
    draft = round.entries.get(status=ProgressEntry.Status.DRAFT)
    errol = get_user_model().objects.get(username="errol.parks")
    draft.save_update(by=errol, version=draft.version, submit=True, grade=2, grade_explanation="Still in testing.")
    submitted = list(round.entries.filter(status=ProgressEntry.Status.SUBMITTED))
    assert len(submitted) == 2
    sign_in(page, "marc.stephenson")
    page.goto(reverse("approvals"))
    for entry in submitted:
        page.locator(f"#select-{entry.pk}").check()

    loads = []
    page.on("load", lambda _: loads.append(page.url))
    page.get_by_role("button", name="Read and approve selected").click()
    page.get_by_role("button", name="Approve these 2 updates").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 updates were approved", use_inner_text=True)
    assert_accessible(page)
    assert len(loads) == 2, loads
    assert all(ProgressEntry.objects.get(pk=entry.pk).status == ProgressEntry.Status.APPROVED for entry in submitted)
