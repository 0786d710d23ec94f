from django import template

from ..report_error import PageErrorReportForm, owner_of

register = template.Library()


@register.simple_tag
def report_error_form(page):
    """An empty report form for `page`, or None when nobody would receive the report (no active owner)."""
    return PageErrorReportForm() if owner_of(page) is not None else None
