from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from .services import publishing_routes


class RoutesColumn(Column):
    def get_value(self, instance):
        return "; ".join(instance.publishing_routes)


class WhoCanPublishView(ReportView):
    """ "Vem kan publicera?": every user who can publish anywhere, by any route, with the total."""

    page_title = _("Who can publish?")
    header_icon = "user"
    index_url_name = "who_can_publish"
    index_results_url_name = "who_can_publish_results"
    paginate_by = 100
    columns = [
        Column("name", label=_("Name"), accessor="get_full_name"),
        Column("username", label=_("Username")),
        Column("email", label=_("Email")),
        RoutesColumn("publishing_routes", label=_("Can publish through")),
    ]
    list_export = ["get_full_name", "username", "email", "routes_text"]
    export_headings = {"get_full_name": _("Name"), "routes_text": _("Can publish through")}

    def dispatch(self, request, *args, **kwargs):
        self.routes = publishing_routes()
        if request.user.pk not in self.routes:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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
