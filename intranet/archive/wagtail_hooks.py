from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.utils import type_to_delete_confirmation
from wagtail.log_actions import LogFormatter
from wagtail.models import Page, ReferenceIndex

from . import views
from .deletion import DELETE_ACTION, delete_with_reason, holds_records
from .models import in_archive
from .services import ARCHIVE_ACTION, RESTORE_ACTION

views.ArchiveReportView.register()


@hooks.register("register_admin_urls")
def register_archive_restore_url():
    return [path("reports/archive/<int:record_id>/restore/", views.restore, name="archive_restore")]


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
def delete_records_with_a_reason(request, page):
    """Published content is an official record: the delete view asks why, and deletes through the reasoned route.

    Drafts that never went out (and hold nothing that did) are working material: Wagtail's own confirmation
    is enough for them. Writers never get here for a record: they may not delete one (RecordKeepingPermissionTester).
    """
    if not holds_records(page):
        return None
    if ReferenceIndex.get_references_to(page).group_by_source_object().is_protected:
        return None  # Wagtail's view explains what protects the page and refuses the deletion.
    if request.method != "POST":
        return views.confirm_delete_with_reason(request, page)
    if not type_to_delete_confirmation(request):
        return views.confirm_delete_with_reason(request, page)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        return views.confirm_delete_with_reason(request, page, error=_("Write why the page is deleted."))
    parent_id = page.get_parent().pk
    delete_with_reason(page, request.user, reason)
    messages.success(request, _("Page '%(page_title)s' deleted.") % {"page_title": page.get_admin_display_title()})
    for fn in hooks.get_hooks("after_delete_page"):
        result = fn(request, page)
        if hasattr(result, "status_code"):
            return result
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore", args=[parent_id]))


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_of_records(request, action_type, objects, action_class_instance):
    # Snippets are bulk-deleted through the same hook; only pages are records.
    if action_type == "delete" and holds_records(*(obj for obj in objects if isinstance(obj, Page))):
        messages.error(request, _("Published pages are deleted one at a time, with a reason. Archive them instead."))
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
    return None


# Content ownership's overview counts archived pages; ownership sits below the archive, so the archive says how.
hooks.register("in_archive", in_archive)
