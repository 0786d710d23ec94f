"""Drafts for external front ends, behind a signed token AND the user's own edit rights.

wagtail-headless-preview stores the draft and signs a token, but ships no
endpoint; its README's example trusts any token it finds in the database.
"""

from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired
from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

#: What the preview endpoint reads besides what its pages endpoint knows.
PREVIEW_QUERY_PARAMETERS = {"content_type", "token"}


def page_allowed_by_token(token):
    """The page (or, for a page not yet created, its parent) a token was issued for.

    Raises PermissionDenied for a tampered or expired token.
    """
    signer = HeadlessPreviewMixin.get_preview_signer()
    try:
        identifier = signer.unsign(token, max_age=settings.HEADLESS_PREVIEW_MAX_AGE_SECONDS)
    except SignatureExpired:
        raise PermissionDenied(_("The preview link has expired. Open the preview again from the admin.")) from None
    except BadSignature:
        raise PermissionDenied(_("The preview token is not valid.")) from None
    parts = dict(part.split("=", 1) for part in identifier.split(";") if "=" in part)
    return parts


class PagePreviewMixin:
    """Turns a pages endpoint into `GET /api/v2/preview/?content_type=app.model&token=…`: one draft, as it shows pages.

    A mixin, so that this app need not import the page types' app: cms/api.py puts it on our pages endpoint.
    """

    def listing_view(self, request):
        # One draft, shown with every field of its own type, as /pages/<id>/ shows a page: a front end
        # should not have to know the type and list its fields to see what the editor wrote.
        self.action = "detail_view"
        page = self.get_object()
        serializer = self.get_serializer(page)
        return Response(serializer.data)

    def detail_view(self, request, pk):
        return self.listing_view(request)

    def get_object(self):
        # Asked twice per request (the serializer class depends on the draft's type): checked once.
        if not hasattr(self, "_preview_page"):
            self._preview_page = self._checked_preview_page()
        return self._preview_page

    def _checked_preview_page(self):
        token = self.request.GET.get("token", "")
        if not token:
            raise BadRequestError(_("A preview token is required."))
        identifier = page_allowed_by_token(token)
        self.check_edit_permission(identifier)
        try:
            preview = PagePreview.objects.get(token=token)
        except PagePreview.DoesNotExist:
            raise PermissionDenied(_("The preview has expired. Open the preview again from the admin.")) from None
        page = preview.as_page()
        if not page.pk:
            page.pk = 0
        return page

    def check_edit_permission(self, identifier):
        user = self.request.user
        try:
            if "id" in identifier:
                allowed = Page.objects.get(pk=int(identifier["id"])).permissions_for_user(user).can_edit()
            else:
                parent = Page.objects.get(pk=int(identifier["parent_id"]))
                allowed = parent.permissions_for_user(user).can_add_subpage()
        except (Page.DoesNotExist, KeyError, ValueError):
            allowed = False
        if not allowed:
            raise PermissionDenied(_("You may not preview this page."))
