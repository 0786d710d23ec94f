from django import template

from .. import start

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_start(context):
    """Everything the personal start page shows (intranet/reader/start.py), read once per request."""
    return start.start_page(context["request"])
