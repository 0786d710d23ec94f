"""The intranet's document library: Wagtail's documents, plus the text inside them for search."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.search import index

from intranet.ownership.models import OwnedContentMixin, content_owner_field, review_date_field

from .validation import validate_document_file


def default_document_review_date():
    return timezone.localdate() + OwnedContentMixin.review_interval


class TextStatus(models.TextChoices):
    """How far the worker got with a document's text (intranet.documents.extraction)."""

    PENDING = "pending", _("Waiting to be read")
    INDEXED = "indexed", _("Indexed")
    PARTIAL = "partial", _("Partly indexed")
    NOT_INDEXED = "not_indexed", _("Not indexed")
    NO_TEXT = "no_text", _("Not read for this file type")


class IntranetDocument(OwnedContentMixin, AbstractDocument):
    """A file in the library, with an owner and a review date like a page.

    Unlike a page's, both have defaults (the uploader, a year ahead): documents
    arrive by drag-and-drop, many at a time, through Wagtail's upload form.
    """

    extracted_text = models.TextField(_("text content"), blank=True, editable=False)
    text_status = models.CharField(
        _("text status"), max_length=20, choices=TextStatus.choices, default=TextStatus.PENDING, editable=False
    )
    #: Why the text is not (or only partly) indexed: a code that `extraction.describe_reason` words.
    text_status_reason = models.CharField(_("reason"), max_length=40, blank=True, editable=False)
    # The mixin's owner and review date, with what differs for documents.
    content_owner = content_owner_field(
        blank=True,
        help_text=_("Who answers for this document. Empty means the person who uploaded it."),
        related_name="owned_documents",
    )
    review_date = review_date_field(
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

    def clean(self):
        if not self.file:
            return  # the form reports the missing file
        super().clean()  # Wagtail: the extension is one of WAGTAILDOCS_EXTENSIONS
        # Only a new upload is checked: a stored file was checked when it came, and reading it back on
        # every title edit would cost a round trip to the storage.
        if not self.file._committed:
            try:
                validate_document_file(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    def save(self, *args, **kwargs):
        if self._state.adding and self.content_owner_id is None and self.uploaded_by_user_id:
            self.content_owner_id = self.uploaded_by_user_id
        # Read the text only when the file changed, and never here: a large or hostile file would hold the
        # upload request (and a web worker) for minutes. The worker reads it once the upload is committed.
        update_fields = kwargs.get("update_fields")
        file_changed = bool(self.file) and (update_fields is None or "file" in update_fields)
        file_changed = file_changed and (self._state.adding or not self.file._committed or self._file_changed())
        if file_changed:
            self.extracted_text = ""
            self.text_status = TextStatus.PENDING
            self.text_status_reason = ""
        super().save(*args, **kwargs)
        if file_changed:
            from .tasks import extract_document_text

            transaction.on_commit(partial(extract_document_text.enqueue, self.pk, self.file.name))

    @property
    def text_status_message(self):
        """What editors see in the document listing and on the edit page."""
        from .extraction import describe_reason

        reason = describe_reason(self.text_status_reason)
        if self.text_status == TextStatus.NOT_INDEXED:
            return _("Text not indexed: %(reason)s") % {"reason": reason}
        if self.text_status == TextStatus.PARTIAL:
            return _("Text partly indexed: %(reason)s") % {"reason": reason}
        if self.text_status == TextStatus.INDEXED:
            return _("Text indexed")
        if self.text_status == TextStatus.PENDING:
            return _("Text waiting to be read")
        return _("Text not read for this file type")

    def _file_changed(self):
        stored = type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first()
        return stored != self.file.name
