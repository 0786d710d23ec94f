from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_api import AllOrNothingPagesAdminAPIViewSet
from .menu import EditorsMenuItem
from .views import WhoCanPublishView


@hooks.register("register_admin_urls")
def register_who_can_publish_urls():
    return [
        path("reports/who-can-publish/", WhoCanPublishView.as_view(), name="who_can_publish"),
        path(
            "reports/who-can-publish/results/",
            WhoCanPublishView.as_view(results_only=True),
            name="who_can_publish_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_who_can_publish_menu_item():
    return EditorsMenuItem(
        _("Who can publish?"), reverse("who_can_publish"), name="who-can-publish", icon_name="user", order=900
    )


@hooks.register("construct_admin_api")
def make_admin_api_actions_all_or_nothing(router):
    router.register_endpoint("pages", AllOrNothingPagesAdminAPIViewSet)
