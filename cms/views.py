import posixpath
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.views.static import serve
from wagtail.images import get_image_model

from intranet.access.visibility import Visibility


@login_not_required
def health(request):
    """For the load balancer: is the process up and can it reach its database?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


#: What /media/ serves: the images Wagtail links to directly (originals, renditions, avatars), as the image
#: type their extension names, never a guessed one. Documents are not served here but only by Wagtail's
#: document view, which applies collection restrictions and sends them as downloads.
MEDIA_IMAGE_FOLDERS = ("original_images/", "images/", "avatar_images/")
MEDIA_IMAGE_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def image_for_file(path):
    """The image whose original or rendition is stored at `path` under MEDIA_ROOT, or None."""
    Image = get_image_model()
    image = Image.objects.filter(file=path).first()
    if image is None:
        rendition = Image.get_rendition_model().objects.filter(file=path).select_related("image").first()
        image = rendition.image if rendition else None
    return image


def protected_media(request, path):
    """Uploaded images, only for logged-in users (LoginRequiredMiddleware sees to that) who may see the image.

    Anything else under MEDIA_ROOT (documents, SVG, HTML, a half-finished multi-upload) is a 404: a file
    served from our origin as markup would run its script in the reader's session.

    A large installation lets the web server send the file (X-Sendfile or
    X-Accel-Redirect) after this check, instead of Python.
    """
    content_type = MEDIA_IMAGE_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None or posixpath.normpath(path) != path or not path.startswith(MEDIA_IMAGE_FOLDERS):
        raise Http404
    if not path.startswith("avatar_images/"):
        image = image_for_file(path)
        # An image in a collection restricted to others is as absent as a file nobody uploaded.
        if image is None or not Visibility(request.user).can_view(image):
            raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
