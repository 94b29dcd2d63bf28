from django import template

from actionplans.models.partnership_quarters import rag_scale

register = template.Library()


@register.filter
def rag_colour(rag):
    """The GOV.UK tag colour the council's current partnership scale gives
    what a RAG key means: 'govuk-tag--{{ rag|rag_colour }}'. An update's
    own RAG is coloured as it was given (PartnershipUpdate.rag_colour), and
    a document's by its builder, so that its renderers ask nothing."""
    return rag_scale().colour(rag or "")
