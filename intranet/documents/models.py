"""The intranet's document library: Wagtail's documents, plus the text inside them for search."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.search import index

from .text import extract_text


class IntranetDocument(AbstractDocument):
    extracted_text = models.TextField(_("text content"), blank=True, editable=False)

    admin_form_fields = WagtailDocument.admin_form_fields
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
        # Extract only when the file changed: reading a large PDF on every title edit is waste.
        if self.file and (self._state.adding or self._file_changed()):
            self.extracted_text = extract_text(self.file, self.file.name)
        super().save(*args, **kwargs)

    def _file_changed(self):
        stored = type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first()
        return stored != self.file.name
