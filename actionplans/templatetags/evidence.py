from django import template

from actionplans import richtext
from actionplans.models.common import split_mark

register = template.Library()


@register.filter
def evidence(text):
    """Evidence text as escaped paragraphs and bulleted lists."""
    return richtext.to_html(text)


@register.filter
def evidence_plain(text):
    """The same, without the GOV.UK classes: for the printed document."""
    return richtext.to_html(text, classes=False)


@register.filter
def evidence_excerpt(text, words=30):
    """Its first `words` words, paragraphs and bullets kept, for a table;
    the demo's mark kept after the cut (common.split_mark)."""
    text, mark = split_mark(text)
    return richtext.blocks_to_html(richtext.shortened(text, int(words), ending=mark), classes=False)
