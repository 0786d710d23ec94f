"""Who can publish, and by which route. The municipality keeps this number near 20."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

EDITORS_GROUP = "Redaktörer"
WRITERS_GROUP = "Skribenter"


def publishing_routes(only=None):
    """Active user id → the routes by which that user can make content public (`only`: for that user alone).

    The routes are: being a superuser; belonging to a group with publish
    permission anywhere in the page tree; and belonging to a group that approves
    a task in an active workflow that applies to pages (approving the last task
    publishes, whatever the approver's own permissions).
    """
    User = get_user_model()
    active = User.objects.filter(is_active=True)
    if only is not None:
        active = active.filter(pk=only.pk)
    routes = defaultdict(list)
    for user_id in active.filter(is_superuser=True).values_list("pk", flat=True):
        routes[user_id].append(_("superuser"))

    publishing_groups = Group.objects.filter(page_permissions__permission__codename="publish_page").distinct()
    approving_groups = Group.objects.filter(
        groupapprovaltask__active=True,
        groupapprovaltask__workflow_tasks__workflow__active=True,
        groupapprovaltask__workflow_tasks__workflow__workflow_pages__isnull=False,
    ).distinct()
    for groups, route in (
        (publishing_groups, _("group “%(group)s”: publish permission")),
        (approving_groups, _("group “%(group)s”: approves in a workflow")),
    ):
        for user_id, group_name in active.filter(groups__in=groups).values_list("pk", "groups__name"):
            # One filter() call: groups__name is the matching group, not any of the user's groups.
            routes[user_id].append(route % {"group": group_name})
    return dict(routes)


def can_publish_somewhere(user):
    # Asked by every editors' menu item and report on each admin request: worked out once per user object.
    if not user.is_active:
        return False
    if not hasattr(user, "_can_publish_somewhere"):
        user._can_publish_somewhere = user.pk in publishing_routes(only=user)
    return user._can_publish_somewhere
