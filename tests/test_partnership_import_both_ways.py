"""Until the one-at-a-time path is deleted: the same files imported through
the verbs one by one (importing.partnership.save_one_by_one) and in bulk
(PartnershipPlan.objects.import_plan) give the same rows and the same
history attribution."""

import datetime

import pytest

from actionplans.importing import partnership as importing
from actionplans.importing import reading
from actionplans.models import Indicator, Organisation, Partnership, PartnershipPlan
from tests.partnership_files import SEED_002_HEADINGS, seed_002, seed_004, workbook

pytestmark = pytest.mark.django_db


def snapshot(plan) -> dict:
    """Everything the import wrote, without keys or names that differ
    between the two imports."""

    def fields(obj, *skip):
        return {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not f.is_relation and f.name not in ("id", *skip)
        }

    def leads(obj):
        return sorted(o.short_name for o in obj.lead_organisations.all())

    quarters = list(plan.quarters.all())
    return {
        "organisations": [fields(o) for o in plan.partnership.organisations.all()],
        "plan": fields(plan, "slug", "title", "short_title"),
        "glossary": [(e.indicator.code, e.position) for e in plan.glossary_entries.all()],
        "themes": [fields(t) for t in plan.themes.all()],
        "actions": [
            {
                **fields(a),
                "theme": a.theme.position,
                "leads": leads(a),
                "indicators": [(i.indicator.code, i.position) for i in a.indicator_links.all()],
                "activities": [{**fields(x), "leads": leads(x)} for x in a.activities.all()],
            }
            for a in plan.actions()
        ],
        "quarters": [{**fields(q, "published_at"), "published": bool(q.published_at)} for q in quarters],
        "updates": [
            {**fields(u), "action": u.action.number} for q in quarters for u in q.updates.in_document_order()
        ],
    }


def history_of(plan, by, reason=None) -> list[str]:
    """Each object's history: all attributed to `by`, its latest row its
    saved state (lead organisations included)."""
    objects = [
        plan,
        *plan.partnership.organisations.all(),
        *plan.glossary_entries.all(),
        *plan.themes.all(),
        *plan.actions(),
    ]
    for action in plan.actions():
        objects += [*action.activities.all(), *action.indicator_links.all()]
    for quarter in plan.quarters.all():
        objects += [quarter, *quarter.updates.all()]
    seen = []
    for obj in objects:
        rows = list(obj.history.all())
        assert rows, obj
        assert {row.history_user_id for row in rows} == {by.pk}, obj
        if reason and not (isinstance(obj, Organisation) and obj.name == "Police" and obj.position == 0):
            assert {row.history_change_reason for row in rows} == {reason}, obj
        latest = rows[0]
        for f in obj._meta.concrete_fields:
            if f.attname in {g.attname for g in latest._meta.concrete_fields} and f.name != "version":
                assert getattr(latest, f.attname) == getattr(obj, f.attname), (obj, f.name)
        if hasattr(latest, "lead_organisations"):
            recorded = sorted(row.organisation_id for row in latest.lead_organisations.all())
            assert recorded == sorted(o.pk for o in obj.lead_organisations.all()), obj
        seen.append(type(obj).__name__)
    return sorted(seen)


FILES = {
    "seed 002": (seed_002(), datetime.date(2018, 7, 1)),
    "seed 004": (seed_004(), None),
    "no progress": (
        workbook(
            ["1. Preventing Hate Crime"],
            SEED_002_HEADINGS,
            ["1.1", "Attend annual Safeguarding Forum", "Police, OPCC", "October 2018", "Aware", None, None],
        ),
        None,
    ),
}


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("existing", [False, True])
def test_both_ways_give_the_same_plan_and_history(cast, name, existing):
    Indicator.objects.create(code="NI 35", title="Building resilience to violent extremism", reference="PSA 26")
    Indicator.objects.create(code="NI 1", title="People from different backgrounds get on well", reference="PSA 21")
    clerk = cast["clerk"]
    data, period = FILES[name]
    plans = []
    for way in ("one by one", "bulk"):
        read = reading.read(data, "plan.xlsx", period=period, kind=reading.PARTNERSHIP)
        assert not read.plan.problems
        fields = {
            "title": f"Plan {way}",
            "short_title": f"Plan {way}",
            "starts": datetime.date(2018, 4, 1),
            "ends": datetime.date(2019, 3, 1),
        }
        partnership = None
        if existing:
            partnership = Partnership.objects.add(name=f"Group {way}", by=clerk)
            partnership.add_organisation(name="Police", by=clerk)
        if way == "bulk":
            plan = PartnershipPlan.objects.import_plan(
                read.plan, by=clerk, partnership=partnership, partnership_name=f"Group {way}",
                create_organisations=True, **fields,
            )  # fmt: skip
        else:
            plan = importing.save_one_by_one(
                read.plan, by=clerk, partnership=partnership, partnership_name=f"Group {way}",
                create_organisations=True, **fields,
            )  # fmt: skip
        plans.append(plan)
    one, bulk = (snapshot(plan) for plan in plans)
    assert one == bulk
    assert history_of(plans[0], clerk) == history_of(plans[1], clerk, reason="Imported from plan.xlsx")



def test_the_snapshot_sees_what_was_imported(cast):
    read = reading.read(seed_002(), "plan.xlsx", period=datetime.date(2018, 7, 1), kind=reading.PARTNERSHIP)
    plan = PartnershipPlan.objects.import_plan(
        read.plan, by=cast["clerk"], partnership_name="Group", create_organisations=True, title="Plan",
        short_title="Plan", starts=datetime.date(2018, 4, 1), ends=datetime.date(2019, 3, 1),
    )  # fmt: skip
    seen = snapshot(plan)
    print(seen)
    assert len(seen["actions"]) == 3 and seen["actions"][0]["leads"] == ["Police"]
    assert [u["status"] for u in seen["updates"]] == ["approved", "approved", "not_started"]
