"""A clerk imports a tracker through the pages, in a real browser: uploads
a real file, corrects a column the guess missed, sees the problem that
uncovers (named by its cell), puts it right, confirms, and finds the new
actions on the review's page. Every page on the way is accessible."""

import openpyxl
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Action, PlanImport
from tests.browser.conftest import assert_accessible, sign_in

HEADINGS = [
    "Ref",
    "Recommendation",
    "Agreed Action",
    "Agreed Success Measure",
    "Named contact",
    "Target Date",
    "Progress",
    "Grade",
]
ROWS = [
    [
        5,
        "That the Council train the trainers.",
        "Train the trainers",
        "Trainers trained",
        "Nadia Newcomer",
        "October 2021",
        "Sessions planned:\n• two in the spring",
        2,
    ],
    [
        6,
        "That the Council publish the figures.",
        "Publish the figures",
        "Figures published",
        "Satnam Singh",
        "December 2021",
        "Agreed with the police",
        1,
    ],
]


def test_a_clerk_imports_a_tracker_correcting_a_column_and_creating_a_person(page, demo_site, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADINGS)
    for row in ROWS:
        workbook.active.append(row)
    path = tmp_path / "hate-crime-tracker.xlsx"
    workbook.save(path)

    sign_in(page, "clerk")
    page.goto(reverse("review_detail", args=[demo_site.slug]))
    page.get_by_role("link", name="Import from a spreadsheet or Word paper").click()
    assert_accessible(page)
    page.get_by_role("button", name="Upload and preview").click()  # no file chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the file to import", use_inner_text=True)
    assert_accessible(page)

    page.get_by_label("Upload the file").set_input_files(path)
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/import/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check the import of hate-crime-tracker.xlsx"
    who = page.get_by_label("Column E: Named contact")
    assert who.input_value() == ""  # the guess missed it: not imported
    # So the new actions would have nobody responsible, which a plan being
    # monitored may not have.
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Row 2: 5 is a new action of a plan being monitored" in summary
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert_accessible(page)

    with page.expect_navigation():
        who.select_option(label="Responsibility")  # previews again at once
    summary = page.locator(".govuk-error-summary")
    assert "E2: Nobody called 'Nadia Newcomer'" in summary.inner_text()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert_accessible(page)

    page.get_by_label("Create the people listed above").check()
    # Nothing is published until the clerk says the progress is a past meeting's record.
    assert "Nothing will be published." in page.locator("main").inner_text()
    page.get_by_label("A past meeting’s record").check()
    page.locator("#id_meeting_2021_03_day").fill("10")
    page.locator("#id_meeting_2021_03_month").fill("3")
    page.locator("#id_meeting_2021_03_year").fill("2021")
    page.get_by_role("button", name="Preview again").click()
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").count() == 0
    assert "The March 2021 round will be published as the record of the meeting on 10 March 2021" in (
        page.locator("main").inner_text()
    )
    assert_accessible(page)
    table = page.locator("table").inner_text()
    assert "5" in table and "New action" in table and "March 2021: added, 2 (On-Track)" in table
    assert not Action.objects.filter(agreed_action="Train the trainers").exists()  # not yet
    page.get_by_role("button", name="Confirm and import").click()

    page.wait_for_url(f"**{reverse('review_detail', args=[demo_site.slug])}")
    assert (
        "Imported hate-crime-tracker.xlsx: 2 actions created"
        in page.locator(".govuk-notification-banner, main").first.inner_text()
    )
    main = page.locator("main").inner_text()
    assert "Train the trainers" in main and "Publish the figures" in main
    assert Action.objects.get(agreed_action="Train the trainers").owners.get().name == "Nadia Newcomer"
    assert PlanImport.objects.get().imported_by.username == "clerk"
    assert_accessible(page)


def test_a_clerk_chooses_the_month_on_the_preview_from_the_error_summarys_link(page, demo_site, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADINGS)
    workbook.active.append([*ROWS[1][:4], "Vanessa Housley", *ROWS[1][5:]])
    path = tmp_path / "tracker.xlsx"
    workbook.save(path)

    sign_in(page, "clerk")
    page.goto(reverse("import_upload", args=[demo_site.slug]))
    page.get_by_label("Upload the file").set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()  # no month
    page.wait_for_url("**/import/*/")
    page.get_by_label("Column E: Named contact").select_option(label="Responsibility")
    page.wait_for_load_state("load")
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="choose the month").click()
    assert page.evaluate("document.activeElement.id") == "id_period_month"
    assert_accessible(page)

    page.locator("#id_period_month").fill("3")
    page.locator("#id_period_year").fill("2021")
    page.get_by_role("button", name="Preview again").click()
    page.wait_for_load_state("load")
    # Now the file has progress for March 2021, the preview asks what it is.
    assert "The file has progress for March 2021" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Leave the progress out").check()
    page.get_by_role("button", name="Preview again").click()
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").count() == 0
    assert "The file's progress for March 2021 is left out." in page.locator("main").inner_text()
    assert page.get_by_label("Column E: Named contact").input_value() == "responsibility"  # kept
    table = page.locator("table").inner_text()
    assert "Publish the figures" in table and "Vanessa Housley" in table and "December 2021" in table
    assert_accessible(page)


def test_a_clerk_confirms_the_files_own_grades_on_the_preview(page, demo_site, tmp_path):
    """The demo's scale is the council's own: the file's words are offered
    as grades added to it, each with a role and colour to confirm."""
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADINGS)
    workbook.active.append([*ROWS[0][:7], "Minor slippage"])
    workbook.active.append([*ROWS[1][:7], "Red"])
    path = tmp_path / "tracker.xlsx"
    workbook.save(path)

    sign_in(page, "clerk")
    page.goto(reverse("import_upload", args=[demo_site.slug]))
    page.get_by_label("Upload the file").set_input_files(path)
    page.locator("#id_period_month").fill("3")
    page.locator("#id_period_year").fill("2021")
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/import/*/")
    grades = page.locator("#statuses")
    expect(grades).to_contain_text("The file’s own grades")
    assert page.get_by_label("Minor slippage (H2)").input_value() == "at_risk"
    assert page.get_by_label("Colour of Red").input_value() == "red"
    expect(page.locator("#scale-to-be")).to_contain_text("Minor slippage")
    assert_accessible(page)

    page.get_by_label("Minor slippage (H2)").select_option(label="A grade of its own: off track")
    page.get_by_label("Colour of Minor slippage").select_option(label="Orange")
    page.get_by_role("button", name="Preview again").click()
    page.wait_for_load_state("load")
    assert page.get_by_label("Minor slippage (H2)").input_value() == "off_track"  # kept
    assert page.get_by_label("Colour of Minor slippage").input_value() == "orange"
    scale = page.locator("#scale-to-be").inner_text()
    assert scale.index("3 (Slipped)") < scale.index("Minor slippage") < scale.index("4 (Not Achieved)")
    assert_accessible(page)
