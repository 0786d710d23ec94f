"""Wagtail's document listing, with a column that says whether search can find each document by its text."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.documents.views.documents import IndexView


class DocumentIndexView(IndexView):
    @cached_property
    def columns(self):
        columns = list(super().columns)
        # After the file: "Text inte indexerad: filen har fler än 2 000 sidor" beside the file it is about.
        columns.insert(3, Column("text_status", label=_("Searchable text"), accessor="text_status_message"))
        return columns
