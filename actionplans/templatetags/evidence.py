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


@register.filter
def evidence_excerpt(text, words=30):
    """Its first `words` words, paragraphs and bullets kept, for a table."""
    return richtext.blocks_to_html(richtext.shortened(text, int(words)), classes=False)
