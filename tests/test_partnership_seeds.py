"""The demo council holds the partnership action plans of seeds 002 and 004
as printed, built through the verbs so that the history names who did what;
the quarterly PDF of seed 002's plan carries every action of the seed in its
order, and seed 004's national indicators print with their glossary titles."""

import io
import os
import re
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actionplans.demo import PARTNERSHIPS_FILE
from actionplans.models import Partnership, PartnershipAction, PartnershipPlan, PartnershipUpdate, Quarter
from reports.documents import ExportOptions, render_document
from reports.partnership.report import build_partnership_report
from tests.documents import assert_in_order, docx_text, pdf_text, squash

pytestmark = pytest.mark.django_db

SEEDS = Path(os.environ.get("SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
needs_seeds = pytest.mark.skipif(
    not SEEDS.exists(), reason="the seed papers (../shared/seeds, or SEEDS_DIR) are not beside this checkout"
)

SEED_002 = "hate-crime-action-plan-2018-2019"
SEED_004 = "hate-crime-action-plan-2010-2011"


def fixture_actions():
    data = tomllib.loads(PARTNERSHIPS_FILE.read_text(encoding="utf-8"))
    return {
        plan["slug"]: [action["number"] for theme in plan["themes"] for action in theme.get("actions", [])]
        for partnership in data["partnerships"]
        for plan in partnership["plans"]
    }


def test_the_demo_holds_both_plans_with_every_action_in_printed_order(demo):
    for slug, numbers in fixture_actions().items():
        plan = PartnershipPlan.objects.get(slug=slug)
        assert [action.number for action in plan.actions()] == numbers
    # Seed 002's own slips are kept: two 2.1s, and 4.3 straight to 4.7.
    assert fixture_actions()[SEED_002].count("2.1") == 2


def test_each_printed_update_is_recorded_as_printed_and_not_rated_as_the_seed_prints_no_rag(demo):
    plan = PartnershipPlan.objects.get(slug=SEED_002)
    quarter = plan.quarters.get(status=Quarter.Status.PUBLISHED)
    update = PartnershipUpdate.objects.get(quarter=quarter, action__number="1.5")
    records = list(update.history.order_by("history_date", "history_id").select_related("history_user"))
    assert [(r.status, r.history_user.username) for r in records] == [("not_started", "clerk"), ("approved", "clerk")]
    assert records[-1].history_change_reason == "As printed in the plan: not rated"
    # Seed 002's RAG column is blank: no update of the plan is rated.
    assert update.rag == "" and update.progress == "Develop hate crime awareness raising film"
    assert not PartnershipUpdate.objects.filter(action__theme__plan__in=PartnershipPlan.objects.all()).exclude(rag="")
    assert quarter.label == "Q2 2018 (illustrative)" and quarter.printed_label == ""  # the seed names none
    # The quarter after is open, an update waiting for every action.
    assert plan.quarters.get(status=Quarter.Status.OPEN).updates.count() == plan.actions().count()


def test_seed_004s_objectives_keep_their_activities_and_item_5_has_no_update(demo):
    plan = PartnershipPlan.objects.get(slug=SEED_004)
    item = PartnershipAction.objects.get(theme__plan=plan, number="5")
    assert item.activities.count() == 5 and item.indicators.get().code == "NI 21"
    quarter = plan.quarters.get(status=Quarter.Status.PUBLISHED)
    assert not PartnershipUpdate.objects.get(action=item, quarter=quarter).is_received
    assert list(plan.glossary_entries.values_list("indicator__code", flat=True))[-1] == "NI 195"


def test_partner_leads_sign_in_with_the_demo_password_and_read_only_their_partnership(demo):
    from django.contrib.auth import get_user_model

    from actionplans.demo import demo_password

    lead = get_user_model().objects.get(username="opcc.lead")
    assert lead.check_password(demo_password())
    assert list(PartnershipPlan.objects.visible_to(lead).values_list("slug", flat=True)) == [SEED_002]


def test_loading_the_demo_twice_is_refused(demo, capsys):
    call_command("load_demo")
    assert "not loaded again" in capsys.readouterr().out
    assert Partnership.objects.count() == 2


# Reading the seeds themselves --------------------------------------------------


def seed(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def seed_002_rows() -> list[list[str]]:
    """Seed 002's action rows, each [number, action, lead, target, outcome,
    progress]: a row a page break split is joined again (its continuation
    line starts with a tab), and leftover HTML is dropped."""
    rows = []
    for line in seed("002").splitlines():
        cells = line.split("\t")
        if re.fullmatch(r"\d\.\d", cells[0]):
            rows.append([cell.strip() for cell in cells[:6]])
        elif cells[0] == "" and len(cells) > 5 and rows and not cells[1].startswith("Action"):
            for n, cell in enumerate(cells[1:6], start=1):
                if cell.strip() and set(cell.strip()) != {"-"}:
                    rows[-1][n] = f"{rows[-1][n]} {cell.strip()}"
    return rows


def segments(cell: str) -> list[str]:
    """A cell's words between any HTML tags the extraction left, split at
    sentence-sized pieces, so that the PDF's bullets and paragraphs between
    them do not matter."""
    text = re.sub(r"<[^>]+>", "\n", cell).replace("\u200b", "")
    return [part.strip() for part in text.split("\n") if part.strip()]


@needs_seeds
def test_the_quarterly_pdf_of_seed_002s_plan_carries_every_action_as_printed_in_order(demo):
    plan = PartnershipPlan.objects.get(slug=SEED_002)
    quarter = plan.quarters.get(status=Quarter.Status.PUBLISHED)
    options = ExportOptions(agenda_header=plan.agenda_header)
    pdf = render_document("partnership_report", build_partnership_report(plan, quarter, options), "pdf", options)
    text = pdf_text(pdf).replace("\u200b", "")
    rows = seed_002_rows()
    assert [row[0] for row in rows] == fixture_actions()[SEED_002]
    needles = [segment for row in rows for cell in row for segment in segments(cell)]
    assert_in_order(text, needles)
    assert "Agenda Item 8: Appendix 1" in text


@needs_seeds
def test_seed_004s_national_indicators_print_with_their_glossary_titles(demo):
    plan = PartnershipPlan.objects.get(slug=SEED_004)
    quarter = plan.quarters.get(status=Quarter.Status.PUBLISHED)
    document = build_partnership_report(plan, quarter)
    text = pdf_text(render_document("partnership_report", document, "pdf", ExportOptions()))
    glossary = re.findall(r"^(NI \d+):? (.+?)\s*$", seed("004"), flags=re.MULTILINE)
    assert len(glossary) == 11
    # The items' indicators in the table, then the glossary: each code with its title.
    assert_in_order(text, ["NI 35 PSA 26", "NI 1 PSA 21", "NI 21 PSA 23", "Glossary"])
    after = squash(text)[squash(text).index("Glossary") :]
    for code, words in glossary:
        title = words.split(" PSA")[0].split(" HO DSO")[0].split(" Defra DSO")[0]
        assert squash(f"{code}{title}") in after, code


@needs_seeds
@pytest.mark.parametrize("slug", [SEED_002, SEED_004])
def test_a_cell_the_seed_leaves_blank_prints_blank_in_every_format(demo, client, councillor, slug):
    """Seeds 002 and 004 leave every RAG cell blank (39 actions between
    them), and seed 004 item 5's progress: the report prints nothing there,
    neither the dashboard's "Not rated" nor the scrutiny paper's "No update
    received"."""
    number = {SEED_002: "002", SEED_004: "004"}[slug]
    assert "Not rated" not in seed(number) and "No update received" not in seed(number)
    plan = PartnershipPlan.objects.get(slug=slug)
    quarter = plan.quarters.get(status=Quarter.Status.PUBLISHED)
    document = build_partnership_report(plan, quarter)
    lines = [action for theme in document.themes for action in theme.actions]
    assert [line.rag for line in lines] == [""] * len(lines)
    texts = {
        "pdf": pdf_text(render_document("partnership_report", document, "pdf", ExportOptions())),
        "docx": docx_text(
            Document(io.BytesIO(render_document("partnership_report", document, "docx", ExportOptions())))
        ),
        "html": render_document("partnership_report", document, "html", ExportOptions()).decode(),
    }
    sheet = load_workbook(io.BytesIO(render_document("partnership_report", document, "xlsx", ExportOptions()))).active
    texts["xlsx"] = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    client.force_login(councillor)
    texts["page"] = client.get(reverse("partnership_plan", args=[slug]), {"quarter": quarter.pk}).content.decode()
    for fmt, text in texts.items():
        assert "Not rated" not in text and "No update received" not in text, fmt


def test_the_demos_seed_004_item_5_prints_its_progress_blank(demo):
    plan = PartnershipPlan.objects.get(slug=SEED_004)
    quarter = plan.quarters.get(status=Quarter.Status.PUBLISHED)
    (item,) = [a for t in build_partnership_report(plan, quarter).themes for a in t.actions if a.number == "5"]
    assert (item.progress, item.rag, item.received) == ("", "", False)
