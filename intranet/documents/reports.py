"""Documents nobody links to any more, so editors can clear out old files."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from intranet.publishing.reports import EditorsReportView

#: A document younger than this is left alone: it may be about to be linked.
UNUSED_AFTER = datetime.timedelta(days=183)


def unused_documents(now=None):
    """Documents older than six months that no live page refers to, by Wagtail's reference index."""
    now = now or timezone.now()
    Document = get_document_model()
    live_page_ids = Page.objects.live().annotate(id_text=Cast("pk", CharField())).values("id_text")
    used_by_live_page = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Document),
        to_object_id=Cast(OuterRef("pk"), CharField()),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=live_page_ids,
    )
    return (
        Document.objects.filter(created_at__lt=now - UNUSED_AFTER)
        .exclude(Exists(used_by_live_page))
        .select_related("content_owner", "collection")
        .order_by("created_at")
    )


class UnusedDocumentsView(EditorsReportView):
    """ "Oanvända dokument"."""

    page_title = _("Unused documents")
    header_icon = "doc-full"
    index_url_name = "unused_documents"
    url_path = "reports/unused-documents"
    menu_name = "unused-documents"
    menu_order = 920
    paginate_by = 50
    columns = [
        TitleColumn("title", label=_("Document"), url_name="wagtaildocs:edit"),
        Column("collection", label=_("Collection")),
        Column("owner", label=_("Content owner"), accessor="content_owner"),
        DateColumn("created_at", label=_("Uploaded")),
        DateColumn("review_date", label=_("Review date")),
    ]
    list_export = ["title", "filename", "collection", "content_owner", "created_at", "review_date"]
    export_headings = {
        "title": _("Document"),
        "filename": _("File"),
        "collection": _("Collection"),
        "content_owner": _("Content owner"),
        "created_at": _("Uploaded"),
        "review_date": _("Review date"),
    }

    def get_queryset(self):
        return unused_documents()

    def get_filename(self):
        return "oanvanda-dokument"
