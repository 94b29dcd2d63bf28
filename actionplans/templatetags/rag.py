from django import template

from actionplans.grading import rag_tag_colour

register = template.Library()


@register.filter
def rag_colour(rag):
    """A RAG's GOV.UK tag colour (grading.rag_tag_colour): 'govuk-tag--{{ rag|rag_colour }}'."""
    return rag_tag_colour(rag or "")
