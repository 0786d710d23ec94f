from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from intranet.notifications.services import unread_count

from .. import navigation
from ..colours import darker
from ..models import ReaderSiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_settings(context):
    request = context["request"]
    if not hasattr(request, "_reader_settings"):
        request._reader_settings = ReaderSiteSettings.for_request(request)
    return request._reader_settings


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


@register.simple_tag
def edit_url(page, user):
    """The admin's edit address for `page` if `user` may edit it, else an empty string."""
    if page is None or not user.is_authenticated or not hasattr(page, "permissions_for_user"):
        return ""
    if not page.permissions_for_user(user).can_edit():
        return ""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
