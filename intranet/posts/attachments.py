"""Images and documents attached to posts: what may be attached, and reading a document's text for search.

Every route that attaches a file calls `attach()`, which refuses a file over POST_ATTACHMENT_MAX_SIZE, of a
type not allowed, or whose content is not what its extension says: documents through the library's own
check (`intranet.documents.validation`), images through Wagtail's image field (format against extension,
pixel count). SVG and HTML are neither, so they are refused. The text of a PDF or DOCX is read in the worker
by the library's reader (`intranet.documents.extraction`), never inside the upload request.
"""

from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.images.fields import WagtailImageField

from intranet.documents.validation import validate_uploaded_file

from .models import Attachment, AttachmentKind
from .tasks import extract_attachment_text


def image_extensions():
    return [extension.lower() for extension in settings.WAGTAILIMAGES_EXTENSIONS]


def document_extensions():
    return [extension.lower() for extension in settings.POST_ATTACHMENT_DOCUMENT_EXTENSIONS]


def validate_attachment(file):
    """The kind of the uploaded file (image or document); ValidationError with a Swedish message if refused."""
    limit = settings.POST_ATTACHMENT_MAX_SIZE
    if file.size is None or file.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s. Attach a smaller file.") % {"limit": filesizeformat(limit)},
            code="file_too_large",
        )
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension in image_extensions():
        # Wagtail's own check for its images: the format Pillow finds must be the one the extension names.
        WagtailImageField(required=True).clean(file)
        file.seek(0)
        return AttachmentKind.IMAGE
    if extension in document_extensions():
        validate_uploaded_file(file, document_extensions())
        return AttachmentKind.DOCUMENT
    raise ValidationError(
        _("Files of this type cannot be attached. Allowed: %(extensions)s.")
        % {"extensions": ", ".join(image_extensions() + document_extensions())},
        code="type_not_allowed",
    )


def attach(post, file, user):
    """Check the file and store it with the post; its text is read in the worker once the upload is committed."""
    if post.attachments.count() >= settings.POST_ATTACHMENTS_PER_POST:
        raise ValidationError(
            _("A post can have at most %(limit)s attachments.") % {"limit": settings.POST_ATTACHMENTS_PER_POST},
            code="too_many_attachments",
        )
    kind = validate_attachment(file)
    filename = PurePath(file.name).name[:255]
    attachment = Attachment(post=post, kind=kind, filename=filename, size=file.size, uploaded_by=user)
    attachment.file.save(filename, file, save=False)
    attachment.save()
    transaction.on_commit(partial(extract_attachment_text.enqueue, attachment.pk))
    return attachment
