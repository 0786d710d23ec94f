"""The intranet's document library: Wagtail's documents, plus the text inside them for search."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.search import index

from intranet.ownership.models import OwnedContentMixin

from .text import extract_text


def default_document_review_date():
    return timezone.localdate() + OwnedContentMixin.review_interval


class IntranetDocument(OwnedContentMixin, AbstractDocument):
    """A file in the library, with an owner and a review date like a page.

    Unlike a page's, both have defaults (the uploader, a year ahead): documents
    arrive by drag-and-drop, many at a time, through Wagtail's upload form.
    """

    extracted_text = models.TextField(_("text content"), blank=True, editable=False)
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("content owner"),
        help_text=_("Who answers for this document. Empty means the person who uploaded it."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"is_active": True},
        related_name="owned_documents",
    )
    review_date = models.DateField(
        _("review date"),
        default=default_document_review_date,
        help_text=_("When the owner must next check that the document is still correct."),
    )

    #: Documents are never archived automatically; the "Unused documents" report is how they are cleared out.
    archive_after = None
    archive_warning_after = None

    admin_form_fields = WagtailDocument.admin_form_fields + ("content_owner", "review_date")
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("extracted_text"),
        # Same name as the page field: one date across both indexes, for ranking by age.
        index.FilterField("first_published_at", es_extra={"type": "date"}),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def first_published_at(self):
        return self.created_at

    def save(self, *args, **kwargs):
        if self._state.adding and self.content_owner_id is None and self.uploaded_by_user_id:
            self.content_owner_id = self.uploaded_by_user_id
        # Extract only when the file changed: reading a large PDF on every title edit is waste.
        if self.file and (self._state.adding or self._file_changed()):
            self.extracted_text = extract_text(self.file, self.file.name)
        super().save(*args, **kwargs)

    def _file_changed(self):
        stored = type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first()
        return stored != self.file.name
