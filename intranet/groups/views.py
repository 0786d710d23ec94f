"""Editors' admin actions on a group; the rules are the services'."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from . import permissions, services
from .models import WorkGroup


@require_POST
def toggle_archive(request, group_id):
    """Archive a group, or restore an archived one, from the admin's group list."""
    group = get_object_or_404(WorkGroup, pk=group_id)
    if not permissions.moderates_everywhere(request.user):
        raise PermissionDenied
    try:
        if group.is_archived:
            services.unarchive_group(request.user, group)
            messages.success(request, _("“%(name)s” is restored.") % {"name": group.name})
        else:
            services.archive_group(request.user, group)
            messages.success(
                request, _("“%(name)s” is archived: still readable, closed to posts.") % {"name": group.name}
            )
    except services.GroupError as error:
        messages.error(request, error.message)
    return redirect("groups_workgroup:list")
