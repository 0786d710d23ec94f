"""The one small set of blocks that every body on the intranet is built from.

Each block renders through its own template in templates/blocks/ (`{% include_block %}` in the page templates); the
image through Wagtail's own (`wagtailimages/widgets/image.html`). A document block names its document only to
readers who may open it: its template asks the page's `visibility`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"))
    text = blocks.RichTextBlock(label=_("what to do"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        label = _("step")


class NoticeBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning"))], default="info", label=_("kind")
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("text"))

    class Meta:
        icon = "warning"
        label = _("notice")
        template = "blocks/notice.html"


class LinkBlock(blocks.StructBlock):
    """A link to an intranet page or to another site."""

    title = blocks.CharBlock(label=_("link text"))
    page = blocks.PageChooserBlock(required=False, label=_("intranet page"))
    url = blocks.URLBlock(required=False, label=_("or web address"))

    class Meta:
        icon = "link"
        label = _("link")
        template = "blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.ValidationError(_("Choose either an intranet page or a web address."))}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("text"), template="blocks/paragraph.html")
    steps = blocks.ListBlock(StepBlock(), label=_("steps"), icon="list-ol", template="blocks/steps.html")
    notice = NoticeBlock()
    image = ImageBlock(label=_("image"))
    document = DocumentChooserBlock(label=_("document"), icon="doc-full", template="blocks/document.html")


class LinkListBlock(blocks.StreamBlock):
    link = LinkBlock()


class DocumentListBlock(blocks.StreamBlock):
    document = DocumentChooserBlock(label=_("document"), icon="doc-full", template="blocks/listed_document.html")
