from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import LogFormatter, log

from intranet.publishing.menu import EditorsMenuItem

from . import views
from .services import ARCHIVE_ACTION, RESTORE_ACTION

DELETE_ACTION = "intranet.delete"


@hooks.register("register_admin_urls")
def register_archive_urls():
    return [
        path("reports/archive/", views.ArchiveReportView.as_view(), name="archive_report"),
        path(
            "reports/archive/results/",
            views.ArchiveReportView.as_view(results_only=True),
            name="archive_report_results",
        ),
        path("reports/archive/<int:record_id>/restore/", views.restore, name="archive_restore"),
    ]


@hooks.register("register_reports_menu_item")
def register_archive_menu_item():
    return EditorsMenuItem(
        gettext_lazy("Archived"), reverse("archive_report"), name="archive", icon_name="folder-inverse", order=910
    )


@hooks.register("register_log_actions")
def register_archive_log_actions(actions):
    actions.register_action(ARCHIVE_ACTION, gettext_lazy("Archive"), gettext_lazy("Archived: review overdue"))
    actions.register_action(RESTORE_ACTION, gettext_lazy("Restore"), gettext_lazy("Restored from the archive"))

    @actions.register_action(DELETE_ACTION)
    class DeletionReasonFormatter(LogFormatter):
        label = gettext_lazy("Deletion with reason")

        def format_message(self, log_entry):
            return _("Deleted (with %(count)s subpages). Reason: %(reason)s") % {
                "count": log_entry.data.get("descendants", 0),
                "reason": log_entry.data.get("reason", ""),
            }


@hooks.register("before_delete_page")
def require_reason_to_delete_published_pages(request, page):
    """Published content is an official record: only an editor deletes it, and says why, in the audit log.

    Drafts that never went out are working material; Wagtail's own confirmation is enough for them.
    """
    if page.first_published_at is None:
        return None
    if not page.permissions_for_user(request.user).can_publish():
        messages.error(request, _("Only an editor can delete a page that has been published. Archive it instead."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method != "POST":
        return views.confirm_delete_with_reason(request, page)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        return views.confirm_delete_with_reason(request, page, error=_("Write why the page is deleted."))
    # Logged before the deletion, in the same transaction (Wagtail's delete view is atomic): both or neither.
    log(
        instance=page,
        action=DELETE_ACTION,
        user=request.user,
        data={"reason": reason, "url_path": page.url_path, "descendants": page.get_descendant_count()},
    )
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_of_published_pages(request, action_type, objects, action_class_instance):
    if action_type == "delete" and any(getattr(obj, "first_published_at", None) for obj in objects):
        messages.error(request, _("Published pages are deleted one at a time, with a reason. Archive them instead."))
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
    return None
