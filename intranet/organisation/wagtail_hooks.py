from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Department, DepartmentAlias, EmployeeProfile


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]
    # Listed under the Organisation group below, with the profiles, rather than as a menu item of their own.
    add_to_admin_menu = False


class EmployeeProfileViewSet(SnippetViewSet):
    model = EmployeeProfile
    icon = "user"
    list_display = ["user", "department", "job_title", "manager"]
    list_filter = ["department"]
    search_fields = ["job_title", "user__first_name", "user__last_name", "user__username"]


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (DepartmentViewSet, EmployeeProfileViewSet)
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"


register_snippet(OrganisationViewSetGroup)


class DepartmentAliasViewSet(SnippetViewSet):
    """Editors merge the directory's spelling variants into one department."""

    model = DepartmentAlias
    icon = "group"
    list_display = ["directory_name", "department"]
    search_fields = ["directory_name"]
    add_to_admin_menu = False


register_snippet(DepartmentAliasViewSet)
