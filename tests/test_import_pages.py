"""The import pages and the import_plan command, with real files: upload,
preview, correct the columns, confirm; bad files refused at the upload
field; nothing saved until confirmed."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import Action, ImportUpload, PlanImport, ProgressEntry
from reports.documents.xlsx import write_sheet
from reports.progress_update.xlsx import COLUMNS
from tests.factories import make_owner, make_review

pytestmark = pytest.mark.django_db

HEADINGS = [heading for heading, _ in COLUMNS]


def tracker(*rows) -> bytes:
    """A tracker in the layout of the product's own export, each row given
    as {heading: value}."""
    return write_sheet("Progress update", COLUMNS, ([row.get(h) for h in HEADINGS] for row in rows))


def row(strand, owners="Neil Mitchell", period=datetime.date(2020, 3, 1), grade=2, **values):
    return {
        "Round": period,
        "Recommendation": 1,
        "Sub-action": "a",
        "Strand": strand,
        "Action reference": f"1 a) {strand}",
        "Responsibility": owners,
        "Date": datetime.date(2019, 10, 1),
        "Agreed Action": "Raise awareness.",
        "Agreed Success Measure": "More reports.",
        "Evidence of Progress": "Leaflets went out.",
        "Grade": grade,
        "Recommendation text": "That the Council raise awareness of hate crime.",
        "Sub-action text": "targeted awareness raising",
        **values,
    }


@pytest.fixture
def review(db):
    make_owner("Neil Mitchell")
    return make_review()


def upload(client, review, data, name="tracker.xlsx", **fields):
    return client.post(reverse("import_upload", args=[review.slug]), {"file": SimpleUploadedFile(name, data), **fields})


def past_record(client, response, day=15, **changes):
    """Say on the preview that the file's progress is a past meeting's
    record, each month's meeting on the `day` (or the Rounds sheet's date,
    which the page fills in), and preview again (issue 25: nothing is
    published unless the clerk says so)."""
    question = response.context["question"]
    answers = {"progress": "record"}
    for period in question.periods:
        name = question.meeting_field(period)
        given = question[name].value()
        when = question.fields[name].initial or period.replace(day=day)
        if isinstance(given, list | tuple) and all(given):
            answers.update({f"{name}_day": given[0], f"{name}_month": given[1], f"{name}_year": given[2]})
        else:
            answers.update({f"{name}_day": when.day, f"{name}_month": when.month, f"{name}_year": when.year})
    answers.update(changes)
    return confirm(client, response, action="preview", **answers)


def confirm(client, response, action="import", **changes):
    """Post the preview's form as the page has it, with the button pressed.
    A file with progress for months the review has no round for is first
    said to be a past meeting's record (past_record), unless `changes` answer."""
    question = response.context.get("question")
    if action == "import" and question and question.periods and "progress" not in changes:
        response = past_record(client, response)
        changes = {**_answers(response), **changes}
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.columns}
    data["previewed"] = form["previewed"].value()
    for name in ("period_month", "period_year"):
        data[name] = form[name].value() or ""
    if form["create_people"].value():
        data["create_people"] = "on"
    data.update(changes)
    return client.post(response.request["PATH_INFO"], {"action": action, **data})


def _answers(response) -> dict:
    """The progress question's answers as the page last posted them."""
    posted = response.wsgi_request.POST
    return {name: posted[name] for name in posted if name == "progress" or name.startswith("meeting_")}


def test_a_clerk_uploads_previews_and_confirms(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, tracker(row("Schools"), row("Frontline staff")))
    kept = ImportUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "import_preview", args=[review.slug, kept.pk]
    )
    assert Action.objects.count() == 0  # nothing until confirmed

    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "1 a) Schools" in text and "New action" in text
    # Nothing is published until the clerk says what the progress is.
    assert "Nothing will be published." in text and "Confirm and import" not in text
    answered = past_record(client, preview).content.decode()
    assert "The March 2020 round will be published as the record of the meeting on 15 March 2020" in answered
    assert "New published round: March 2020" in answered and "Confirm and import" in answered

    done = confirm(client, preview)
    assert done.status_code == 302 and done["Location"] == review.get_absolute_url()
    assert Action.objects.filter(recommendation__review=review).count() == 2
    assert ProgressEntry.objects.filter(round__review=review, status="approved").count() == 2
    assert not ImportUpload.objects.exists()
    page = client.get(done["Location"]).content.decode()
    assert "Imported tracker.xlsx: 2 actions created" in page
    assert "tracker.xlsx, imported by Carla Clerk" in page


def test_a_file_that_is_not_a_spreadsheet_gets_the_readers_message_at_the_field(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, b"%PDF-1.4 not a spreadsheet", name="minutes.xlsx")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors and escape(errors[0]) in response.content.decode()
    assert not ImportUpload.objects.exists() and not PlanImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused_by_its_size_before_it_is_read(
    client, clerk, review, settings, monkeypatch
):
    from actionplans.importing import sheets

    settings.IMPORT_MAX_BYTES = 2048
    data = tracker(row("Schools"))
    assert len(data) > 2048

    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(sheets, "read_grid", never)
    client.force_login(clerk)
    response = upload(client, review, data, name="big.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [sheets.too_big(len(data), "big.xlsx")]
    # The size as the file has it (the template's columns may grow).
    message = sheets.too_big(len(data), "big.xlsx")
    assert f"is {-(-len(data) // 1024)} KB; the import reads files of up to 2 KB" in message
    assert escape(message) in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_the_month_is_optional_but_needs_both_parts(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, tracker(row("Schools")), period_month="3")
    assert response.status_code == 200
    assert response.context["form"].errors["period_year"] == ["Enter the year the progress is for"]
    assert not ImportUpload.objects.exists()


def test_unknown_people_are_a_problem_named_by_their_cell_until_the_clerk_ticks_the_box(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, tracker(row("Schools"), row("Frontline staff", owners="Nadia Newcomer")))
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "G3: Nobody called &#x27;Nadia Newcomer&#x27;" in text
    assert "Confirm and import" not in text
    # Confirming anyway (a crafted post) imports nothing.
    confirm(client, preview)
    assert not Action.objects.exists()

    again = past_record(client, preview, create_people="on")
    assert "Confirm and import" in again.content.decode()
    confirm(client, again)
    assert Action.objects.get(strand="Frontline staff").owners.get().name == "Nadia Newcomer"


def test_a_confirmation_of_columns_not_previewed_shows_the_preview_again(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, tracker(row("Schools")))
    preview = client.get(response["Location"])
    form = preview.context["form"]
    agreed = next(n for n in form.columns if form[n].value() == "action")
    response = confirm(client, preview, **{agreed: ""})
    assert response.status_code == 200 and not Action.objects.exists()
    assert "check the preview again" in response.content.decode()


def test_the_save_holds_neither_the_files_cells_nor_the_previews_work_and_a_refused_one_shows_the_preview(
    client, clerk, review, monkeypatch
):
    """Issue 43: the confirmation lets go of what its save does not use, the
    file's cells once its plan is read and its own preview's work (the save
    compares again, under the lock); a save refused meanwhile shows the
    same preview again, with the reason, and the upload is kept."""
    import sys

    from django.core.exceptions import ValidationError

    from actionplans.importing import saving

    held = {}

    def refused(review, plan, **choices):
        frame = sys._getframe()
        while frame.f_code.co_name != "_check_and_confirm":
            frame = frame.f_back
        held.update(cells=frame.f_locals["read"].grid.rows, work=frame.f_locals["result"].work)
        raise ValidationError("The review was changed meanwhile: preview the file again.")

    client.force_login(clerk)
    response = upload(client, review, tracker(row("Schools"), row("Frontline staff")))
    preview = client.get(response["Location"])
    monkeypatch.setattr(saving, "import_plan", refused)
    again = confirm(client, preview)
    assert held == {"cells": [], "work": None}
    assert again.status_code == 200 and not Action.objects.exists() and ImportUpload.objects.exists()
    assert again.context["summary"][0] == ("The review was changed meanwhile: preview the file again.", "")
    assert [row.reference for row in again.context["preview"].rows] == ["1 a) Schools", "1 a) Frontline staff"]
    text = again.content.decode()
    assert "Read from the sheet “Progress update”" in text and "New published round: March 2020" in text


COUNCIL_TRACKER = (
    "Ref,Recommendation,Action,Lead Officer,Target Date,Success measure,Progress,Status\r\n"
    "1,That the Council raise awareness.,Raise awareness of hate crime in every school and youth club of the "
    'borough and in its libraries.,"Neil Mitchell, Lara Link",October 2019,More reports,Leaflets went out.,2\r\n'
)


def test_the_month_the_progress_is_for_can_be_chosen_on_the_preview_keeping_the_columns(client, clerk, review):
    make_owner("Lara Link")
    client.force_login(clerk)
    data = COUNCIL_TRACKER + "2,That the Council train staff.,Train staff.,Neil Mitchell,2020,Trained,,7\r\n"
    response = upload(client, review, data.encode(), name="tracker.csv")
    preview = client.get(response["Location"])
    summary = dict(preview.context["summary"])
    choose = next(text for text in summary if "choose the month" in text)
    assert summary[choose] == "#id_period_month"
    html = preview.content.decode()
    assert 'id="id_period_month"' in html and 'id="id_period_year"' in html
    form = preview.context["form"]
    fields = {name: form[name].value() or "" for name in form.columns}
    month = {"action": "preview", "period_month": "3", "period_year": "2020"}
    again = client.post(preview.request["PATH_INFO"], {**month, **fields})
    # With the month, the Status column is read: a grade off the scale is a
    # mapping matter, linked to that column's field.
    summary = dict(again.context["summary"])
    assert [text for text in summary if "choose the month" in text] == []
    green = next(text for text in summary if text.startswith("H3:"))
    assert summary[green] == "#id_column_7" and 'id="id_column_7"' in again.content.decode()

    fields["column_7"] = ""  # the Status column is not imported
    again = client.post(preview.request["PATH_INFO"], {**month, **fields})
    assert again.context["form"]["column_7"].value() == ""  # the columns as the clerk chose them
    # With the month, the file has progress the review has no round for: asked.
    assert [problem.fix for problem in again.context["preview"].problems] == ["progress"]
    answered = past_record(client, again)
    assert answered.context["preview"].problems == []
    assert answered.context["form"]["column_7"].value() == ""
    assert "New published round: March 2020" in answered.content.decode()
    done = confirm(client, again)
    assert done.status_code == 302
    assert ProgressEntry.objects.get(round__review=review).round.period == datetime.date(2020, 3, 1)


def test_a_month_typed_wrong_on_the_preview_is_said_at_the_field_and_keeps_the_columns(client, clerk, review):
    make_owner("Lara Link")
    client.force_login(clerk)
    preview = client.get(upload(client, review, COUNCIL_TRACKER.encode(), name="tracker.csv")["Location"])
    form = preview.context["form"]
    fields = {name: form[name].value() or "" for name in form.columns}
    fields["column_5"] = ""
    again = client.post(
        preview.request["PATH_INFO"], {"action": "preview", "period_month": "13", "period_year": "2020", **fields}
    )
    assert ("Enter the month as a number from 1 to 12", "#id_period_month") in again.context["summary"]
    assert again.context["read"].mapping.get(5) is None  # the corrected columns were previewed


def test_the_preview_shows_what_each_new_action_will_be_and_each_change_before_and_after(client, clerk, review):
    # Being set up, so that a file may change its dates (a confirmed plan's
    # change only with a reason: tests/test_import_saving.py).
    review.status = review.Status.SETTING_UP
    review.save()
    make_owner("Lara Link")
    client.force_login(clerk)
    preview = client.get(
        upload(client, review, COUNCIL_TRACKER.encode(), name="tracker.csv", period_month="3", period_year="2020")[
            "Location"
        ]
    )
    html = preview.content.decode()
    assert "Raise awareness of hate crime in every school and youth club of the borough and…" in html
    assert "<li>Neil Mitchell</li><li>Lara Link</li>" in html  # in the plan's order
    assert "October 2019" in html
    confirm(client, preview)

    changed = COUNCIL_TRACKER.replace("October 2019", "March 2020").replace('"Neil Mitchell, Lara Link"', "Lara Link")
    preview = client.get(upload(client, review, changed.encode(), name="tracker.csv")["Location"])
    html = re.sub(r"\s+", " ", preview.content.decode())
    assert 'Date: October 2019 <span aria-hidden="true">→</span>' in html
    assert re.search(r"Date: October 2019 .*?becomes</span> March 2020", html)
    assert re.search(r"Responsibility: Neil Mitchell, Lara Link .*?becomes</span> Lara Link", html)


def test_the_preview_makes_as_many_queries_for_500_rows_as_for_5(client, clerk):
    make_owner("Neil Mitchell")
    client.force_login(clerk)

    def queries(rows):
        review = make_review()
        lines = [
            f"{n},Recommendation {n}.,Action {n}.,Neil Mitchell,October 2019,Done,Went well,2"
            for n in range(1, rows + 1)
        ]
        data = (
            "Ref,Recommendation,Action,Lead Officer,Target Date,Success measure,Progress,Status\r\n"
            + "\r\n".join(lines)
        ).encode()
        location = upload(client, review, data, name="tracker.csv", period_month="3", period_year="2020")["Location"]
        with CaptureQueriesContext(connection) as captured:
            assert client.get(location).status_code == 200
        return len(captured)

    assert queries(5) == queries(500)


def test_uploads_left_for_a_day_are_cleaned_up_at_the_next(client, clerk, review):
    old = ImportUpload.objects.create(review=review, file_name="old.xlsx", data=b"x", uploaded_by=clerk)
    ImportUpload.objects.filter(pk=old.pk).update(uploaded_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    client.force_login(clerk)
    upload(client, review, tracker(row("Schools")))
    assert list(ImportUpload.objects.values_list("file_name", flat=True)) == ["tracker.xlsx"]


def test_the_blank_template_has_the_headings_and_explains_each_column_and_the_grading(client, clerk, review):
    client.force_login(clerk)
    response = client.get(reverse("import_template", args=[review.slug]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    headings = [cell.value for cell in workbook.worksheets[0][1]]
    assert "Agreed Action" in headings and "Responsibility" in headings
    explained = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert all(explained.get(heading) for heading in headings), explained
    assert explained[4] == "Not Achieved (needs an explanation)"

    from actionplans.importing import headings as reading_headings
    from actionplans.importing import sheets

    grid = sheets.read_grid(response.content, "action-plan-template.xlsx")
    row_index = reading_headings.find_heading_row(grid, reading_headings.SCRUTINY_ACTION_PLAN)
    mapping = reading_headings.guess_mapping(
        [str(v) for v in grid.rows[row_index]], reading_headings.SCRUTINY_ACTION_PLAN
    )
    assert len(mapping) == len(headings)  # the template maps itself


def test_the_blank_template_has_a_rounds_sheet_for_past_rounds_real_dates_and_explains_it(client, clerk, review):
    client.force_login(clerk)
    content = client.get(reverse("import_template", args=[review.slug])).content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert [cell.value for cell in workbook["Rounds"][1]] == ["Round", "Deadline", "Meeting date"]
    explained = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert "Round | Deadline | Meeting date" in explained["The Rounds sheet"]

    # Filled in, the template gives its rounds those dates.
    workbook["Rounds"].append([datetime.date(2020, 3, 1), datetime.date(2020, 3, 6), datetime.date(2020, 3, 24)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    from actionplans.importing import reading

    plan = reading.read(buffer.getvalue(), "action-plan-template.xlsx").plan
    assert plan.round_dates == {datetime.date(2020, 3, 1): (datetime.date(2020, 3, 6), datetime.date(2020, 3, 24))}


# The command ------------------------------------------------------------------


def test_the_command_previews_then_imports_everything(tmp_path, clerk, review, capsys):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker(row("Schools"), row("Schools", period=datetime.date(2020, 9, 1), grade=1)))
    record = ["--past-record", "--meeting-date", "2020-03-12", "--meeting-date", "2020-09=2020-09-17"]
    call_command("import_plan", str(path), "--review", review.slug, "--dry-run", "--by", clerk.username, *record)
    out = capsys.readouterr().out
    assert "1 a) Schools: New action" in out and "Dry run: nothing was imported." in out
    assert "The September 2020 round will be published as the record of the meeting on 17 September 2020" in out
    assert not Action.objects.exists()

    call_command("import_plan", str(path), "--review", review.slug, "--by", clerk.username, *record)
    assert "1 action created, 2 rounds added, 2 updates added" in capsys.readouterr().out
    assert Action.objects.get().history.get().history_user == clerk


def test_the_command_exits_with_the_problems_and_imports_nothing(tmp_path, clerk, review, capsys):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker(row("Schools", owners="Nadia Newcomer")))
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_plan", str(path), "--review", review.slug, "--by", clerk.username)
    err = capsys.readouterr().err
    assert "G2: Nobody called 'Nadia Newcomer'" in err
    assert "tracker.xlsx has progress for March 2020, and the review has no round for it" in err
    assert "--past-record" in err and "--leave-progress-out" in err
    assert not Action.objects.exists()
    call_command(
        "import_plan",
        str(path),
        "--review",
        review.slug,
        "--create-people",
        "--by",
        clerk.username,
        "--past-record",
        "--meeting-date",
        "2020-03-12",
    )
    assert Action.objects.get().owners.get().name == "Nadia Newcomer"


def test_the_command_needs_a_user_who_may_set_up_plans(tmp_path, officer, review):
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker(row("Schools")))
    with pytest.raises(CommandError, match="--by"):
        call_command("import_plan", str(path), "--review", review.slug)
    with pytest.raises(CommandError, match="may not set up plans"):
        call_command("import_plan", str(path), "--review", review.slug, "--by", officer.username)
    assert not Action.objects.exists()


def test_the_import_pages_follow_who_may_set_up_plans_not_who_runs_rounds(client, review):
    from django.contrib.auth.models import Permission

    from tests.factories import make_user

    builder, round_runner = make_user("builder"), make_user("roundrunner")
    view = Permission.objects.get(codename="view_review")
    builder.user_permissions.add(view, Permission.objects.get(codename="change_review"))
    round_runner.user_permissions.add(view, Permission.objects.get(codename="change_round"))
    client.force_login(builder)
    assert client.get(reverse("import_upload", args=[review.slug])).status_code == 200
    client.force_login(round_runner)
    assert client.get(reverse("import_upload", args=[review.slug])).status_code == 403
