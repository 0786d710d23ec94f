from wagtail.admin.menu import MenuItem

from .services import can_publish_somewhere


class EditorsMenuItem(MenuItem):
    """A menu item for the people who can publish (the editors' reports)."""

    def is_shown(self, request):
        return can_publish_somewhere(request.user)
