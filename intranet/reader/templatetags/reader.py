from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page

from intranet.notifications.services import unread_count

from .. import navigation
from ..colours import darker
from ..models import ReaderSiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_settings(context):
    # Wagtail keeps the settings on the request after the first read.
    return ReaderSiteSettings.for_request(context["request"])


@register.simple_tag(takes_context=True)
def brand_style(context):
    """The brand colour editors chose, as Designsystemet's accent variables (the theme's own are the default)."""
    request = context["request"]
    colour = reader_settings(context).brand_colour
    return format_html(
        '<style nonce="{}">:root{{--ds-color-accent-base-default:{};--ds-color-accent-base-hover:{};'
        "--ds-color-accent-base-active:{};--ds-color-accent-text-default:{};--reader-brand:{}}}</style>",
        getattr(request, "csp_nonce", ""),
        colour,
        darker(colour, 0.15),
        darker(colour, 0.3),
        darker(colour, 0.1),
        colour,
    )


@register.simple_tag
def reader_static(path):
    return static(f"reader/{path}")


@register.simple_tag(takes_context=True)
def main_menu(context):
    return navigation.main_menu(context["request"])


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page=None):
    return navigation.breadcrumbs(context["request"], page)


@register.simple_tag(takes_context=True)
def section_menu(context, page):
    return navigation.section_menu(context["request"], page)


@register.simple_tag(takes_context=True)
def top_section(context, page):
    return navigation.top_section(context["request"], page)


@register.simple_tag
def unread_notifications(user):
    if not user.is_authenticated:
        return 0
    return unread_count(user)


@register.simple_tag(takes_context=True)
def edit_url(context, page, user):
    """The admin's edit address for `page` if `user` may edit it, else an empty string (asked once per request)."""
    if not page or not user.is_authenticated or not isinstance(page, Page):
        return ""
    # Wagtail's own answer to "where would this person edit it, if they may".
    return navigation.once_per_request(
        context["request"], ("edit_url", page.pk), lambda: AdminURLFinder(user).get_edit_url(page) or ""
    )
