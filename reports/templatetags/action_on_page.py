"""An action on its review's page, as reports/views.py's _action_on_page()
makes it (a dict, every value as printed): the plan, and its latest round's
update with the grade's movement; every round's update is on the action's
own page (action_story).

    {% load action_on_page %}{% action_on_page action %}
    {% action_on_page strand "h4" strand.strand %}

Written here rather than as a template included once an action: a long
review's page prints hundreds of actions, and the include (a context
pushed, a template looked up, a node rendered for every value) took more of
that page's time than all else in its template. The markup is the one the
template had, byte for byte, tight (.app-record, not a summary list), each
value escaped as the template escaped it (document_grid.escaped).
"""

from django import template
from django.utils.safestring import SafeString

from reports.templatetags.document_grid import escaped

register = template.Library()

# A partnership action that delivers the action, as the plan pages name it.
DELIVERED_NAME = "actionplans/includes/delivered_through_name.html"


@register.simple_tag(takes_context=True)
def action_on_page(context, action: dict, heading: str = "", title: str = "") -> SafeString:
    """The action's block: a strand's heading (`heading` the tag, `title`
    its words) where given, its plan, its latest update and how it ended."""
    head = f'<{heading} class="govuk-heading-s">{escaped(title)}</{heading}>' if title else ""
    return SafeString(
        "\n"
        '<div class="app-action">\n'
        f"  {head}\n"
        '  <dl class="app-record">\n'
        f"    <dt>Responsibility</dt><dd>{escaped(action['responsibility'])}</dd>\n"
        f"    <dt>Date</dt><dd>{escaped(action['target'])}</dd>\n"
        f"    <dt>Agreed Action</dt><dd>{escaped(action['agreed_action'])}</dd>\n"
        f"    <dt>Agreed Success Measure</dt><dd>{escaped(action['success_measure'])}</dd>\n"
        f"    {_delivered(context, action['delivered_through'])}\n"
        "  </dl>\n"
        f"  {_latest(action)}\n"
        f"  {_ending(action)}\n"
        "</div>\n"
    )


def _delivered(context, links) -> str:
    """What delivers it, each named by the plan pages' own include (a link
    where the reader may open the plan)."""
    if not links:
        return ""
    name = context.template.engine.get_template(DELIVERED_NAME)
    items = []
    for link in links:
        with context.push(link=link):
            items.append(f"<li>{name.render(context)} ({escaped(link.status)})</li>")
    return f"<dt>Delivered through</dt><dd><ul>{''.join(items)}</ul></dd>"


def _latest(action: dict) -> str:
    """Its latest round's update, or its lack, the movement and the link to
    every round's update; nothing for an action with none."""
    entry = action["latest"]
    if not entry:
        return ""
    round = escaped(entry["round"])
    if entry["received"]:
        owners = entry["responsibility"]
        owners = f"<dt>Responsibility ({round})</dt><dd>{escaped(owners)}</dd>" if owners else ""
        impact = entry["evidence_of_impact"]
        impact = f"<dt>Evidence of Impact ({round})</dt><dd>{escaped(impact)}</dd>" if entry["has_impact"] else ""
        grade = escaped(entry["grade"]) if entry["grade"] else "Not graded"
        record = (
            '<dl class="app-record">\n'
            f"      {owners}\n"
            f"      <dt>Evidence of Progress ({round})</dt><dd>{escaped(entry['evidence_of_progress'])}</dd>\n"
            f'      <dt>Assessment of Progress ({round})</dt><dd><p class="app-grade"><strong>{grade}</strong></p>'
            f"{escaped(entry['grade_explanation'])}</dd>\n"
            f"      {impact}\n"
            "    </dl>"
        )
    else:
        record = f'<p class="govuk-body"><strong>{round}:</strong> No update received.</p>'
    note = f'<p class="govuk-body-s">{escaped(entry["committee_note"])}.</p>' if entry["committee_note"] else ""
    story = (
        f'<p class="govuk-body-s"><a class="govuk-link" href="{escaped(entry["story_url"])}">Every progress update '
        f'({escaped(entry["updates"])})<span class="govuk-visually-hidden"> on {escaped(action["reference"])}</span>'
        "</a></p>"
        if entry["story_url"]
        else ""
    )
    return (
        "\n"
        '  <div class="app-action__round">\n'
        f"    {record}\n"
        f'    <p class="govuk-body-s">Movement: {escaped(entry["movement"])}</p>\n'
        f"    {note}\n"
        f"    {story}\n"
        "  </div>\n"
        "  "
    )


def _ending(action: dict) -> str:
    """Closed unachieved, or signed off: no longer monitored."""
    if action["closed_at"]:
        return f'<p class="govuk-body-s">{escaped(action["closed_words"])}</p>\n  '
    if action["signed_off_in"]:
        return f'<p class="govuk-body-s">Signed off in {escaped(action["signed_off_in"])}: no longer monitored.</p>'
    return ""
