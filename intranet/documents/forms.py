from wagtail.documents.forms import BaseDocumentForm

from intranet.ownership.chooser import content_owner_chooser_viewset


class IntranetDocumentForm(BaseDocumentForm):
    """Wagtail's document form, with the searchable staff chooser for the owner (not a drop-down of everyone)."""

    class Meta:
        widgets = {"content_owner": content_owner_chooser_viewset.widget_class}
