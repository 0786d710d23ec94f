from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.models import Page

from intranet.organisation.models import display_name
from intranet.ownership.models import PublishingRefused
from intranet.publishing.reports import EditorsReportView

from .models import ArchivedPage
from .services import restore_page


class RestoreColumn(Column):
    cell_template_name = "archive/restore_cell.html"


class ArchiveReportView(EditorsReportView):
    """ "Arkiverat": pages taken off the intranet for want of review, each restorable in one action."""

    page_title = gettext_lazy("Archived")
    header_icon = "folder-inverse"
    index_url_name = "archive_report"
    url_path = "reports/archive"
    menu_name = "archive"
    menu_order = 910
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Page"),
            accessor="page.title",
            url_name="wagtailadmin_pages:edit",
            id_accessor="page_id",
        ),
        Column("department", label=gettext_lazy("Department"), accessor="specific_page.department"),
        Column("owner", label=gettext_lazy("Content owner"), accessor="owner_name"),
        DateColumn("missed_review_date", label=gettext_lazy("Missed review date")),
        DateColumn("archived_at", label=gettext_lazy("Archived")),
        RestoreColumn("restore", label=""),
    ]
    list_export = ["page.title", "page.url_path", "department_name", "owner_name", "missed_review_date", "archived_at"]
    export_headings = {
        "page.title": gettext_lazy("Page"),
        "page.url_path": gettext_lazy("Path"),
        "department_name": gettext_lazy("Department"),
        "owner_name": gettext_lazy("Content owner"),
        "missed_review_date": gettext_lazy("Missed review date"),
        "archived_at": gettext_lazy("Archived"),
    }

    def get_queryset(self):
        return ArchivedPage.objects.current().select_related("page")

    def decorate_paginated_queryset(self, object_list):
        specific = Page.objects.filter(pk__in=[r.page_id for r in object_list]).specific().in_bulk()
        # The pages are of several types, so select_related cannot reach their own foreign keys; prefetch can.
        prefetch_related_objects(list(specific.values()), "department", "content_owner")
        for record in object_list:
            page = specific.get(record.page_id)
            record.specific_page = page
            department = getattr(page, "department", None)
            owner = getattr(page, "content_owner", None)
            record.department_name = department.name if department else ""
            record.owner_name = display_name(owner) if owner else _("Ownerless")
        return object_list

    def get_filename(self):
        return "arkiverat"


@require_POST
def restore(request, record_id):
    record = get_object_or_404(ArchivedPage.objects.current().select_related("page"), pk=record_id)
    if not record.page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    try:
        restore_page(record, request.user)
    except PublishingRefused as refusal:
        # Restoring publishes, under the same rules as any publishing: most often, the owner has left meanwhile.
        for message in refusal.messages:
            messages.error(
                request,
                _("“%(title)s” cannot be restored as it was: %(problem)s Open it, correct this and publish it.")
                % {"title": record.page.title, "problem": message},
            )
        return redirect("archive_report")
    page = record.page.specific
    page.refresh_from_db()
    messages.success(
        request,
        _("“%(title)s” is back on the intranet. Next review: %(date)s.")
        % {"title": page.title, "date": date_format(page.review_date)},
    )
    return redirect("archive_report")


def confirm_delete_with_reason(request, page, error=None):
    return TemplateResponse(
        request,
        "archive/confirm_delete.html",
        {
            "page": page,
            "descendant_count": page.get_descendant_count(),
            "error": error,
            "reason": request.POST.get("reason", ""),
        },
    )
