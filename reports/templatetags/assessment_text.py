"""The self-assessment appendix's labelled lines under a Local response
("Gap: …", "Actions: …"), from plain text as every document prints it
(actionplans.richtext), escaped."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from actionplans import richtext
from reports.standards.appendix import gap_lines

register = template.Library()


def _list(items) -> SafeString:
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in items)))


@register.filter
def labelled(text, label):
    """`text` as paragraphs and bulleted lists, `label` ("Gap:") in bold
    leading its first paragraph, or on a line of its own above a list."""
    blocks = richtext.parse(text)
    if blocks and isinstance(blocks[0], richtext.Paragraph):
        parts = [format_html("<p><strong>{}</strong> {}</p>", label, blocks[0].text)]
        blocks = blocks[1:]
    else:
        parts = [format_html("<p><strong>{}</strong></p>", label)]
    for block in blocks:
        if isinstance(block, richtext.Paragraph):
            parts.append(format_html("<p>{}</p>", block.text))
        else:
            parts.append(_list(block.items))
    return SafeString("".join(parts))


@register.filter
def gap_actions(row):
    """'Actions: Hate Crime Action Plan 2018–2019, 3.3 (Green, Q2 2018)',
    each action with its latest status (a list when there are more than
    one), or 'Actions: none linked yet'."""
    lines = gap_lines(row)
    if len(lines) == 1:
        return format_html("<p><strong>Actions:</strong> {}</p>", lines[0])
    return format_html("<p><strong>Actions:</strong></p>{}", _list(lines))
