from django import template

from actionplans import richtext

register = template.Library()


@register.filter
def evidence(text):
    """Evidence text as escaped paragraphs and bulleted lists."""
    return richtext.to_html(text)
