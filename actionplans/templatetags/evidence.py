from django import template

from actionplans import richtext

register = template.Library()


@register.filter
def evidence(text):
    """Evidence text as escaped paragraphs and bulleted lists."""
    return richtext.to_html(text)


@register.filter
def evidence_plain(text):
    """The same, without the GOV.UK classes: for the printed document."""
    return richtext.to_html(text, classes=False)
