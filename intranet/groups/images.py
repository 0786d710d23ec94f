"""A group's picture, uploaded by its admin: checked as Wagtail checks every image upload, stored as a Wagtail image.

Wagtail's own image field is the one check (allowed extensions, WAGTAILIMAGES_MAX_UPLOAD_SIZE, the pixel
limit, and content that Willow opens as the format its extension claims), so a renamed executable, an SVG
or an oversized file is refused with Wagtail's message. Group pictures are kept in a collection of their
own, where editors find them in the image library.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from .services import GroupError

COLLECTION_NAME = "Gruppbilder"


def group_image_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


@transaction.atomic
def image_from_upload(uploaded_file, uploaded_by):
    """A new Wagtail image from an upload, or GroupError with Wagtail's reason for refusing it."""
    try:
        checked = WagtailImageField().clean(uploaded_file)
    except ValidationError as error:
        raise GroupError(" ".join(error.messages), code="invalid") from None
    if checked is None:
        raise GroupError(_("Choose an image file."), code="invalid")
    image = get_image_model()(
        title=(uploaded_file.name or _("Group image"))[:255],
        file=checked,
        collection=group_image_collection(),
        uploaded_by_user=uploaded_by,
    )
    image._set_image_file_metadata()
    image.save()
    return image
