"""The admin's reports: one base that gives each its URLs, its menu item and its audience, and "Vem kan publicera?"."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from .services import can_publish_somewhere, publishing_routes


class ReportMenuItem(MenuItem):
    """A report's menu item, shown to the people the report is for."""

    def __init__(self, report):
        super().__init__(
            report.page_title,
            reverse(report.index_url_name),
            name=report.menu_name,
            icon_name=report.header_icon,
            order=report.menu_order,
        )
        self.report = report

    def is_shown(self, request):
        return self.report.is_for(request.user)


class AdminReportView(ReportView):
    """A report at /admin/<url_path>/ (and its results at …/results/), in the Reports menu.

    Subclasses set page_title, header_icon, index_url_name, url_path and menu_order, and say whom the report is
    for in is_for(); `register()` in the app's wagtail_hooks.py adds the URLs and the menu item.
    """

    url_path = None
    menu_name = None
    menu_order = 1000
    menu_hook = "register_reports_menu_item"

    @classmethod
    def is_for(cls, user):
        """Whether `user` may open the report and sees it in the menu (Wagtail has checked admin access)."""
        return True

    @property
    def index_results_url_name(self):
        return f"{self.index_url_name}_results"

    def dispatch(self, request, *args, **kwargs):
        if not self.is_for(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_urlpatterns(cls):
        return [
            path(f"{cls.url_path}/", cls.as_view(), name=cls.index_url_name),
            path(f"{cls.url_path}/results/", cls.as_view(results_only=True), name=f"{cls.index_url_name}_results"),
        ]

    @classmethod
    def get_menu_item(cls):
        return ReportMenuItem(cls)

    @classmethod
    def register(cls):
        hooks.register("register_admin_urls", cls.get_urlpatterns)
        hooks.register(cls.menu_hook, cls.get_menu_item)


class EditorsReportView(AdminReportView):
    """A report for the people who can publish: it names people and content across the whole intranet."""

    @classmethod
    def is_for(cls, user):
        return can_publish_somewhere(user)


class DayColumn(Column):
    """A day as a date ("2 december 2026"): Wagtail's DateColumn says how long ago, and a day ahead as "just now"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(value, "j F Y") if value else ""


class RoutesColumn(Column):
    def get_value(self, instance):
        return "; ".join(instance.publishing_routes)


class WhoCanPublishView(EditorsReportView):
    """ "Vem kan publicera?": every user who can publish anywhere, by any route, with the total."""

    page_title = _("Who can publish?")
    header_icon = "user"
    index_url_name = "who_can_publish"
    url_path = "reports/who-can-publish"
    menu_name = "who-can-publish"
    menu_order = 900
    paginate_by = 100
    columns = [
        Column("name", label=_("Name"), accessor="get_full_name"),
        Column("username", label=_("Username")),
        Column("email", label=_("Email")),
        RoutesColumn("publishing_routes", label=_("Can publish through")),
    ]
    list_export = ["get_full_name", "username", "email", "routes_text"]
    export_headings = {"get_full_name": _("Name"), "routes_text": _("Can publish through")}

    @cached_property
    def routes(self):
        return publishing_routes()

    def get_queryset(self):
        return get_user_model().objects.filter(pk__in=self.routes).order_by("last_name", "first_name", "username")

    def decorate_paginated_queryset(self, object_list):
        for user in object_list:
            user.publishing_routes = self.routes[user.pk]
            user.routes_text = "; ".join(user.publishing_routes)
        return object_list

    def get_page_subtitle(self):
        total = len(self.routes)
        return ngettext("%(count)d person can publish", "%(count)d people can publish", total) % {"count": total}

    def get_filename(self):
        return "vem-kan-publicera"
