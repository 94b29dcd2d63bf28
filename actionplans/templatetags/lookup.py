from django import template

register = template.Library()


@register.filter
def item(mapping, key):
    """`mapping[key]`, or None: a value a view gathered for the whole page
    (one query), looked up row by row."""
    return mapping.get(key) if mapping else None
