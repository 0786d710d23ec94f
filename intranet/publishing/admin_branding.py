"""What staff read and hear in the admin: the intranet's name, not Wagtail's (editor guide, help and settings menus),
and a name for every rich-text field.

The project's own editor guide (docs/editor-guide.md, in Swedish) in the admin, where Wagtail links its English one.

The help menu and the dashboard point here instead of guide.wagtail.org: staff learn how *this* intranet works
(owners, review dates, the Redaktörsgranskning workflow), in their language, without leaving the network.
"""

from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from markdown_it import MarkdownIt
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE_PATH = settings.BASE_DIR / "docs" / "editor-guide.md"
#: Wagtail's help menu items that lead to wagtail.org, in English.
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@lru_cache(maxsize=1)
def guide_html():
    # The guide is ours and in the repository; raw HTML in it is still not passed on ("html": False).
    return mark_safe(MarkdownIt("commonmark", {"html": False}).enable("table").render(GUIDE_PATH.read_text()))


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Editor guide")
    header_icon = "help"
    template_name = "publishing/editor_guide.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "guide": guide_html()}


@hooks.register("register_admin_urls")
def editor_guide_urls():
    return [path("redaktorsguide/", EditorGuideView.as_view(), name="editor_guide")]


@hooks.register("construct_help_menu")
def our_editor_guide_instead_of_wagtails(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]
    menu_items.append(
        MenuItem(_("Editor guide"), reverse("editor_guide"), name="intranet-editor-guide", icon_name="help", order=1000)
    )


@hooks.register("construct_main_menu")
def settings_menu_without_wagtails_version(request, menu_items):
    """Wagtail's settings menu shows "Wagtail v8.0.1" at its foot; the same menu without it."""
    for index, item in enumerate(menu_items):
        if item.name == "settings" and type(item) is not SubmenuMenuItem:
            menu_items[index] = SubmenuMenuItem(
                item.label,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                order=item.order,
            )


@hooks.register("insert_editor_js")
def rich_text_fields_named_by_their_labels():
    """Draftail's text boxes get their field's label as accessible name (axe: aria-input-field-name)."""
    return format_html('<script src="{}" defer></script>', static("publishing/js/rich-text-names.js"))
