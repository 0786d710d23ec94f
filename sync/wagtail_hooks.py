from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DepartmentAlias


class DepartmentAliasViewSet(SnippetViewSet):
    """Editors merge the directory's spelling variants into one department."""

    model = DepartmentAlias
    icon = "group"
    list_display = ["directory_name", "department"]
    search_fields = ["directory_name"]
    add_to_admin_menu = False


register_snippet(DepartmentAliasViewSet)
