"""Admin → Grupper: editors find groups, export the list, archive and restore them.

Editors hold view and change on groups (a migration), not add or delete: staff create groups through the
API, and a group is archived, never deleted. Members are managed through the API, where the services keep
the directory's memberships to the sync.
"""

import django_filters
from django.db import router
from django.db.models import Count, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import WorkGroup


class ArchiveColumn(Column):
    cell_template_name = "groups/archive_cell.html"


class WorkGroupFilterSet(WagtailFilterSet):
    archived = django_filters.BooleanFilter(
        label=_("Archived"), field_name="archived_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = WorkGroup
        fields = ["kind", "join_policy", "department"]


class WorkGroupViewSet(SnippetViewSet):
    model = WorkGroup
    icon = "group"
    menu_label = _("Groups")
    menu_name = "work_groups"
    menu_order = 250
    add_to_admin_menu = True
    admin_url_namespace = "groups_workgroup"
    filterset_class = WorkGroupFilterSet
    search_fields = ["name", "description"]
    list_per_page = 50
    ordering = ["name"]
    list_display = [
        "name",
        Column("kind", label=_("kind"), accessor="get_kind_display"),
        "department",
        Column("join_policy", label=_("who may join"), accessor="get_join_policy_display"),
        Column("members_count", label=_("members")),
        DateColumn("archived_at", label=_("archived")),
        ArchiveColumn("archive", label=""),
    ]
    list_export = ["name", "kind", "department", "join_policy", "members_count", "created_at", "archived_at"]
    export_headings = {"members_count": _("members")}
    export_filename = "grupper"
    inspect_view_enabled = True
    inspect_view_fields = ["name", "description", "kind", "department", "join_policy", "created_at", "archived_at"]
    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("image"), FieldPanel("join_policy")]

    def get_queryset(self, request):
        return WorkGroup.objects.select_related("department").annotate(members_count=Count("memberships"))


register_snippet(WorkGroupViewSet)


@hooks.register("register_admin_urls")
def register_group_archive_url():
    return [path("work-groups/<int:group_id>/archive/", views.toggle_archive, name="groups_toggle_archive")]


@hooks.register("before_delete_snippet")
def refuse_deleting_what_others_hold_on_to(request, instances):
    """A snippet that protected rows point to (a department its group, a group its posts) is not deleted.

    The database would refuse anyway (on_delete=PROTECT); asked first, the admin's delete and bulk delete
    answer with a message instead of a server error. Wagtail's own usage check misses rows written in bulk
    (the directory sync's department groups), which its reference index never heard of.
    """
    if not instances:
        return None
    model = type(instances[0])
    try:
        Collector(using=router.db_for_write(model)).collect(list(instances))
    except (ProtectedError, RestrictedError) as error:
        held = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        holders = sorted({f"{obj._meta.verbose_name} “{obj}”" for obj in held})
        messages.error(
            request,
            gettext("This cannot be deleted while other content depends on it: %(holders)s.")
            % {"holders": ", ".join(holders[:5]) + (" …" if len(holders) > 5 else "")},
        )
        return redirect(model.snippet_viewset.get_url_name("list"))
    return None
