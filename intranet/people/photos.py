"""Photos of staff from the directory's `thumbnailPhoto`: checked as an image, resized and stored here.

The directory holds whatever someone uploaded to it. Here it is decoded by Pillow with a short list of formats
and a limit on bytes and pixels (a "decompression bomb" stops before it is decoded), turned upright, flattened
onto white and written out as a fresh JPEG of at most PHOTO_SIZE pixels a side: what we serve is our own
encoding, with no metadata from the original. A photo that is not an image is skipped with a note, and the
person's other fields sync as usual.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from .models import ProfilePhoto

PHOTO_SIZE = 256
#: Active Directory caps thumbnailPhoto at 100 kB; anything much larger is not a thumbnail.
MAX_SOURCE_BYTES = 512 * 1024
#: Pixels a source may have: a 100 kB file declaring more is a decompression bomb.
MAX_SOURCE_PIXELS = 4096 * 4096
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "BMP")
JPEG_QUALITY = 85


class InvalidPhoto(ValueError):
    """The directory's bytes are not a photo we accept; the message says why (for the sync's summary)."""


@dataclass
class ResizedPhoto:
    jpeg: bytes
    width: int
    height: int


def resize_photo(raw):
    """A JPEG of at most PHOTO_SIZE×PHOTO_SIZE from the bytes the directory holds; InvalidPhoto if they are no image."""
    if not raw:
        raise InvalidPhoto("empty")
    if len(raw) > MAX_SOURCE_BYTES:
        raise InvalidPhoto(f"{len(raw)} bytes, more than {MAX_SOURCE_BYTES}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=ACCEPTED_FORMATS) as probe:
                width, height = probe.size
                if width * height > MAX_SOURCE_PIXELS:
                    raise InvalidPhoto(f"{width}×{height} pixels, more than a photo needs")
                probe.verify()  # checks the file's structure without decoding the pixels
            # verify() leaves the image unusable: open it again to decode it.
            with Image.open(io.BytesIO(raw), formats=ACCEPTED_FORMATS) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image = _flattened(image)
                image.thumbnail((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS)
                output = io.BytesIO()
                image.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except InvalidPhoto:
        raise
    except UnidentifiedImageError as error:
        raise InvalidPhoto("not an image in a format we accept (JPEG, PNG, GIF, BMP)") from error
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Truncated or corrupt data, a broken header: Pillow names it in one of these.
        raise InvalidPhoto(f"not a readable image ({error})") from error
    return ResizedPhoto(jpeg=output.getvalue(), width=image.width, height=image.height)


def _flattened(image):
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def digest(raw):
    return hashlib.sha256(raw).hexdigest()


def sync_photos(photos_by_user):
    """Store the directory's photos: {user: bytes or None}. Returns (changed users, [(user, why skipped)]).

    An unchanged photo (same bytes as last time) is left alone; a photo gone from the directory is deleted
    here too; a malformed one keeps what we had and is reported.
    """
    known = {
        photo.user_id: photo
        for photo in ProfilePhoto.objects.filter(user__in=[user.pk for user in photos_by_user]).only(
            "user_id", "source_digest"
        )
    }
    changed, skipped, gone = [], [], []
    for user, raw in photos_by_user.items():
        current = known.get(user.pk)
        if not raw:
            if current is not None:
                gone.append(user.pk)
                changed.append(user)
            continue
        source_digest = digest(raw)
        if current is not None and current.source_digest == source_digest:
            continue
        try:
            resized = resize_photo(raw)
        except InvalidPhoto as error:
            skipped.append((user, f"photo skipped: {error}"))
            continue
        ProfilePhoto.objects.update_or_create(
            user=user,
            defaults={
                "image": resized.jpeg,
                "width": resized.width,
                "height": resized.height,
                "source_digest": source_digest,
            },
        )
        changed.append(user)
    ProfilePhoto.objects.filter(user__in=gone).delete()
    return changed, skipped
