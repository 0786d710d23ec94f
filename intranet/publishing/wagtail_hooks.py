from wagtail import hooks

from .admin_api import AllOrNothingPagesAdminAPIViewSet
from .reports import WhoCanPublishView

WhoCanPublishView.register()


@hooks.register("construct_admin_api")
def make_admin_api_actions_all_or_nothing(router):
    router.register_endpoint("pages", AllOrNothingPagesAdminAPIViewSet)
