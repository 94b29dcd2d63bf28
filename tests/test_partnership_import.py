"""Importing a partnership plan from real spreadsheets of seeds 002's and
004's shapes: upload, preview, confirm; bad files save nothing."""

import datetime
import io

import pytest
from django.urls import reverse

from actionplans.models import ImportUpload, Indicator, Partnership, PartnershipPlan, PartnershipUpdate
from actionplans.models.partnership import quarter_label
from tests.partnership_files import seed_002, seed_004, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(db):
    Indicator.objects.create(code="NI 35", title="Building resilience to violent extremism", reference="PSA 26")
    Indicator.objects.create(code="NI 1", title="People from different backgrounds get on well", reference="PSA 21")


def preview_page(client, response, **post):
    assert response.status_code == 302, response.content.decode()[:3000]
    url = response["Location"]
    if not post:
        return client.get(url)
    page = client.get(url)
    data = {name: page.context["form"][name].value() for name in page.context["form"].columns}
    data.update({key: value for key, value in post.items() if key != "action"})
    # Preview what is to be confirmed (the organisations, the quarter), then confirm it.
    page = client.post(url, {**data, "action": "preview"})
    return client.post(url, {**data, "previewed": page.context["form"].data["previewed"], **post})


def month_fields(month):
    return {"period_month": str(month.month), "period_year": str(month.year)} if month else {}


def test_a_plan_of_seed_002s_shape_is_previewed_and_saved_with_its_quarter(client, cast):
    client.force_login(cast["clerk"])
    response = upload(client, seed_002(), period_month="7", period_year="2018")
    page = preview_page(client, response)
    text = page.content.decode()
    assert "Preventing Hate Crime" in text and "Attend annual Safeguarding Forum" in text
    assert "Police: Early intervention co-ordinator" in text
    assert "OPCC" in text and "Organisations to be created" in text
    # Creating a new partnership's organisations is the expected step: a list to confirm, not an error.
    assert "govuk-error-summary" not in text and "govuk-warning-text" in text
    assert not Partnership.objects.exists()
    # The organisations must be confirmed first: the error is the tick's.
    refused = preview_page(client, response, action="import", **month_fields(datetime.date(2018, 7, 1)))
    assert refused.context["summary"] == [
        (
            "Tick the box to create Police, OPCC as the partnership's organisations, or add them to the partnership "
            "(the short names as the plan prints them) first and upload the file again",
            "#id_create_people",
        )
    ]
    assert not Partnership.objects.exists()
    done = preview_page(
        client, response, action="import", create_people="on", **month_fields(datetime.date(2018, 7, 1))
    )
    assert done.status_code == 302
    plan = PartnershipPlan.objects.get()
    assert done["Location"] == reverse("partnership_plan", args=[plan.slug])  # the plan's page
    assert plan.partnership.name == "Hate Crime Group"
    assert [theme.heading for theme in plan.themes.all()] == [
        "1. Preventing Hate Crime",
        "2. Responding to Hate Crime in our Communities",
    ]
    first = plan.actions().first()
    assert first.number == "1.1" and first.target_month == datetime.date(2018, 10, 1)
    assert [o.short_name for o in first.lead_organisations.all()] == ["Police"]
    assert plan.actions().get(number="2.1").lead_organisations.get().short_name == "Police"
    quarter = plan.quarters.get()
    assert quarter.label == "Q2 2018" and quarter.is_published
    update = PartnershipUpdate.objects.get(action=first)
    assert update.rag == "green" and update.progress == "Attended a pre-meeting." and update.status == "approved"
    assert not ImportUpload.objects.exists()


def test_a_plan_of_seed_004s_shape_has_objectives_activities_and_indicators(client, cast, indicators):
    client.force_login(cast["clerk"])
    response = upload(client, seed_004())
    page = preview_page(client, response)
    text = page.content.decode()
    assert "Strategic objective" in text and "NI 35" in text and "Q1 2010" in text
    done = preview_page(client, response, action="import", create_people="on")
    assert done.status_code == 302
    plan = PartnershipPlan.objects.get()
    assert [theme.heading for theme in plan.themes.all()] == [
        "Strategic Objective A: Improving Community Cohesion",
        "Strategic Objective B: Long term prevention work",
    ]
    second = plan.actions().get(number="2")
    assert [a.target_month for a in second.activities.all()] == [datetime.date(2011, 1, 1), datetime.date(2010, 6, 1)]
    assert {o.short_name for o in second.activities.first().lead_organisations.all()} == {
        "CST", "CYPS", "Safer Schools P'ship",
    }  # fmt: skip
    assert [e.indicator.code for e in plan.glossary_entries.all()] == ["NI 35", "NI 1"]
    assert "Also to comprise focus" in PartnershipUpdate.objects.get(action=second).progress


def test_leads_match_the_partnerships_organisations_by_short_name(client, cast, indicators):
    partnership = Partnership.objects.add(name="Hate Crime Group", by=cast["clerk"])
    for name in ("Police", "CST", "CYPS", "Safer Schools P'ship"):
        partnership.add_organisation(name=name, by=cast["clerk"])
    client.force_login(cast["clerk"])
    response = upload(client, seed_004(), partnership=str(partnership.pk), partnership_name="")
    page = preview_page(client, response)
    assert "Organisations to be created" not in page.content.decode()
    assert preview_page(client, response, action="import").status_code == 302
    assert partnership.organisations.count() == 4


@pytest.mark.parametrize(
    "data, message",
    [
        (seed_004(indicator="NI 999 PSA 1"), "NI 999 is not in the glossary of national indicators"),
        (seed_002(rag="Purple"), "&#x27;Purple&#x27; is not a RAG status: write Red, Amber, Green or Complete"),
    ],
)
def test_bad_input_gives_a_clear_message_and_saves_nothing(client, cast, indicators, data, message):
    client.force_login(cast["clerk"])
    response = upload(client, data, period_month="7", period_year="2018")
    page = preview_page(client, response, action="import", create_people="on", period_month="7", period_year="2018")
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not PartnershipPlan.objects.exists() and not Partnership.objects.exists()


def test_a_problem_is_shown_by_its_row_as_well_as_at_the_top(client, cast):
    client.force_login(cast["clerk"])
    response = upload(client, seed_004(indicator="NI 999 PSA 1"))
    rows = {row.row: row for row in preview_page(client, response).context["preview"].rows}
    assert [problem[:35] for problem in rows[4].problems] == ["NI 999 is not in the glossary of na"]
    assert rows[4].new_organisations == ["Police"]  # to be created, shown by the row, no problem
    assert rows[3].problems == []  # the objective's heading
    assert rows[7].problems == []  # an activity of CST /CYPS / Safer Schools P'ship


def test_an_action_under_no_theme_and_a_missing_number_are_named_by_their_cells(client, cast):
    from tests.partnership_files import SEED_002_HEADINGS, workbook

    data = workbook(
        SEED_002_HEADINGS,
        ["1.1", "An action before any theme", "OPCC", "October 2018", None, None, None],
        ["1. Preventing Hate Crime"],
        [None, "An action with no number", "OPCC", "October 2018", None, None, None],
    )
    client.force_login(cast["clerk"])
    page = preview_page(client, upload(client, data))
    text = page.content.decode()
    assert "A2: action 1.1 comes before any theme" in text
    assert "A4: no number: write the action&#x27;s number, such as 1.1" in text
    assert "Confirm and import" not in text


def test_a_file_without_the_headings_is_refused(client, cast):
    from tests.partnership_files import workbook

    client.force_login(cast["clerk"])
    page = preview_page(client, upload(client, workbook(["Nothing", "here"], ["1", "2"])))
    assert "no row of headings we recognise" in page.content.decode()
    assert not PartnershipPlan.objects.exists()


def test_the_upload_form_keeps_what_was_typed_and_says_what_is_missing(client, cast):
    client.force_login(cast["clerk"])
    response = upload(client, seed_002(), partnership_name="", title="")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter the name of the new partnership, or choose one" in text and "Enter the plan&#x27;s title" in text
    assert 'value="Hate Crime Plan"' in text


def test_the_template_maps_itself(client, cast):
    from actionplans.importing import reading

    client.force_login(cast["clerk"])
    response = client.get(reverse("partnership_import_template"))
    assert response.status_code == 200
    read = reading.read(response.content, "template.xlsx", kind=reading.PARTNERSHIP)
    assert sorted(read.mapping.values()) == sorted(field.key for field in reading.fields(reading.PARTNERSHIP))


def test_the_plans_list_links_to_the_import_for_those_who_set_up_plans_only(client, cast):
    link = reverse("partnership_import")
    client.force_login(cast["clerk"])
    assert link in client.get(reverse("partnership_plans")).content.decode()
    client.force_login(cast["councillor"])
    assert link not in client.get(reverse("partnership_plans")).content.decode()


# Saving in bulk -------------------------------------------------------------


def objectives_file(n: int) -> bytes:
    """Seed 004's shape with `n` numbered objectives, each with two
    activities (the second naming an organisation the first does not), an
    indicator and a quarter's progress."""
    from tests.partnership_files import SEED_004_HEADINGS, workbook

    rows = [SEED_004_HEADINGS]
    for i in range(1, n + 1):
        theme, number = divmod(i - 1, 50)
        if not number:
            rows.append([f"Strategic Objective {'ABCDEFGH'[theme]}: Objective {theme + 1}"])
        rows.append(
            [f"{theme + 1}.{number + 1}. Objective {i}", f"Activity {i}", "June 2010", "CST / CYPS", "NI 35 PSA 26",
             f"Done {i}"]
        )  # fmt: skip
        rows.append([None, f"Second activity {i}", "Ongoing", "Police", None, None])
    return workbook(*rows)


def import_file(data: bytes, by, name="plan.xlsx", **fields):
    from actionplans.importing import reading
    from actionplans.importing.partnership_saving import import_plan

    read = reading.read(data, name, kind=reading.PARTNERSHIP)
    assert not read.plan.problems, read.plan.problems
    return import_plan(
        read.plan,
        by=by,
        create_organisations=True,
        **{
            "partnership_name": f"Group {name}",
            "title": f"Plan {name}",
            "short_title": f"Plan {name}",
            "starts": datetime.date(2010, 4, 1),
            "ends": datetime.date(2011, 3, 1),
            **fields,
        },
    )


def test_the_number_of_queries_does_not_grow_with_the_number_of_actions(cast, indicators):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (10, 300):
        clerk = get_user_model().objects.get(pk=cast["clerk"].pk)  # its permissions not yet read
        with CaptureQueriesContext(connection) as queries:
            plan = import_file(objectives_file(n), clerk, name=f"plan-{n}.xlsx")
        counts.append(len(queries))
        assert plan.actions().count() == n
        assert plan.quarters.get().updates.filter(status="approved").count() == n
    assert counts[0] == counts[1], counts


def test_every_object_is_saved_with_its_history_naming_the_clerk_and_the_file(cast, indicators):
    """One history row each, of the object as saved (its lead organisations
    too), attributed to the clerk with the file's name."""
    clerk = cast["clerk"]
    plan = import_file(objectives_file(2), clerk)
    actions = list(plan.actions())
    assert [sorted(o.short_name for o in a.lead_organisations.all()) for a in actions] == [
        ["CST", "CYPS", "Police"],  # the objective's, from its activities
    ] * 2
    quarter = plan.quarters.get()
    saved = [plan, plan.partnership, *plan.partnership.organisations.all(), *plan.glossary_entries.all()]
    saved += [*plan.themes.all(), *actions, quarter, *quarter.updates.all()]
    for action in actions:
        saved += [*action.activities.all(), *action.indicator_links.all()]
    for obj in saved:
        (row,) = obj.history.all()
        assert (row.history_type, row.history_user, row.history_change_reason) == (
            "+", clerk, "Imported from plan.xlsx",
        ), obj  # fmt: skip
        for f in obj._meta.concrete_fields:
            if f.name != "version":
                assert getattr(row, f.attname) == getattr(obj, f.attname), (obj, f.name)
        if hasattr(obj, "lead_organisations"):
            recorded = {link.organisation_id for link in row.lead_organisations.all()}
            assert recorded == {o.pk for o in obj.lead_organisations.all()}, obj
    assert quarter.is_published and quarter.published_at == quarter.history.get().history_date
    update = quarter.updates.get(action=actions[0])
    assert (update.status, update.version, update.progress) == ("approved", 1, "Done 1")


def test_the_import_is_refused_to_those_who_do_not_set_up_plans(cast, indicators):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_file(objectives_file(1), cast["officer"])
    assert not Partnership.objects.exists()


def test_a_slug_already_taken_saves_nothing(cast, indicators):
    from django.core.exceptions import ValidationError

    import_file(objectives_file(1), cast["clerk"], name="first.xlsx", short_title="Hate Crime Plan")
    with pytest.raises(ValidationError):
        import_file(objectives_file(1), cast["clerk"], name="second.xlsx", short_title="Hate Crime Plan")
    assert Partnership.objects.count() == PartnershipPlan.objects.count() == 1


# The plan's own Excel download, imported back ---------------------------------


def plan_contents(plan, quarter) -> dict:
    """What a committee reads of `plan` in `quarter`: its themes, and each
    action's text, leads, target, outcome, indicators, activities and the
    quarter's approved progress and RAG."""
    from reports.partnership.report import build_partnership_report

    document = build_partnership_report(plan, quarter)
    return {
        "quarter": document.quarter_label,
        "themes": [
            (
                theme.heading,
                [
                    (
                        line.number, line.text, line.leads, line.target, line.target_month, line.outcome,
                        line.indicators, line.progress, line.rag,
                        [(a.text, a.timeframe, a.target_month, a.leads) for a in line.activities],
                    )
                    for line in theme.actions
                ],
            )
            for theme in document.themes
        ],
    }  # fmt: skip


@pytest.mark.parametrize("slug", ["hate-crime-action-plan-2018-2019", "hate-crime-action-plan-2010-2011"])
def test_the_plans_own_excel_download_imports_back_as_the_same_plan(client, cast, demo, slug):
    plan = PartnershipPlan.objects.get(slug=slug)
    quarter = plan.quarters.filter(status="published").order_by("period").last()
    client.force_login(cast["clerk"])
    download = client.get(reverse("partnership_report_file", args=[slug]), {"quarter": quarter.pk, "format": "xlsx"})
    assert download.status_code == 200
    # Seed 002's paper names no quarter (the demo's is illustrative, not
    # printed): the clerk gives its month, as for the seed's own file.
    month = month_fields(None if quarter.printed_label else quarter.period)
    response = upload(client, download.content, name="export.xlsx", partnership_name="Imported Group",
                      short_title="Imported plan", **month)  # fmt: skip
    page = preview_page(client, response)
    assert page.context["preview"].problems == [], page.context["preview"].problems
    done = preview_page(client, response, action="import", create_people="on", **month)
    assert done.status_code == 302, done.context["preview"].problems
    imported = PartnershipPlan.objects.get(short_title="Imported plan")
    assert imported.partnership.name == "Imported Group"
    expected = plan_contents(plan, quarter) | {"quarter": quarter_label(quarter.period)}
    assert plan_contents(imported, imported.quarters.get()) == expected


def test_a_text_file_named_as_a_workbook_is_refused_at_the_field(client, cast):
    client.force_login(cast["clerk"])
    response = upload(client, b"Just some notes\nabout the plan\n", name="plan.xlsx")
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["file"][0]
        .startswith("'plan.xlsx' is not an Excel workbook or CSV file: it holds text but is named as a workbook.")
    )
    assert not ImportUpload.objects.exists()


def test_every_problem_of_every_row_is_reported_at_once_and_the_row_is_previewed(client, cast, indicators):
    from tests.partnership_files import SEED_004_HEADINGS, workbook

    data = workbook(
        [*SEED_004_HEADINGS, "RAG"],
        ["1. An action before any theme", "An activity", "Purple month", "Police", "NI 999", "Some progress",
         "Purple"],
        ["Strategic Objective A: Improving Community Cohesion"],
    )  # fmt: skip
    client.force_login(cast["clerk"])
    page = preview_page(client, upload(client, data))
    (row,) = [row for row in page.context["preview"].rows if row.row == 2 and row.what == "Action"]
    assert row.what == "Action" and row.text == "An action before any theme"
    assert [problem.split(":")[0] for problem in row.problems] == [
        "action 1 comes before any theme",
        "&#x27;Purple&#x27; is not a RAG status".replace("&#x27;", "'"),
        "NI 999 is not in the glossary of national indicators",
    ]
    (activity,) = [row for row in page.context["preview"].rows if row.row == 2 and row.what == "Activity/Output"]
    assert activity.new_organisations == ["Police"]  # seed 004's Lead is the activity's
    text = page.content.decode()
    assert "NI 999 is not in the glossary" in text and "To be created: Police" in text
    assert "Confirm and import" not in text


def test_the_quarter_is_asked_for_in_the_partnerships_words(client, cast):
    client.force_login(cast["clerk"])
    page = preview_page(client, upload(client, seed_002()))
    text = page.content.decode()
    assert "Enter a month of the quarter the file’s Progress and RAG are for" in text
    assert "progress update" not in text


def test_the_templates_notes_explain_every_column(client, cast):
    from openpyxl import load_workbook

    client.force_login(cast["clerk"])
    book = load_workbook(io.BytesIO(client.get(reverse("partnership_import_template")).content))
    columns = [cell.value for cell in book.worksheets[0][1]]
    notes = {row[0]: row[1] for row in book["How to fill it in"].iter_rows(min_row=2, values_only=True)}
    assert {"Action", "Activity/Output", "Outcome", "Theme", "Target month"} <= set(columns)
    assert all(len(notes.get(column) or "") > 20 for column in columns), notes
