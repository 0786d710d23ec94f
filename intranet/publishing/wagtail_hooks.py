from wagtail import hooks

from . import admin_branding  # noqa: F401  (the editor guide, help and settings menus without Wagtail's name)
from .admin_api import AllOrNothingPagesAdminAPIViewSet
from .reports import WhoCanPublishView

WhoCanPublishView.register()


@hooks.register("construct_admin_api")
def make_admin_api_actions_all_or_nothing(router):
    router.register_endpoint("pages", AllOrNothingPagesAdminAPIViewSet)
