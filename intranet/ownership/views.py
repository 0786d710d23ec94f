from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from .models import OwnedContentMixin
from .services import answers_for, can_mark_reviewed


def mark_reviewed(request, page_id):
    """Confirm (GET) and record (POST) that the owner has checked the page is still right."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, OwnedContentMixin):
        raise PermissionDenied
    if not answers_for(request.user, page):
        raise PermissionDenied
    if not can_mark_reviewed(request.user, page):  # archived: restoring it is the review
        messages.error(
            request,
            _("“%(title)s” is archived. Restore it (Reports → Archived) to bring it back; that counts as the review.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "POST":
        page.mark_reviewed(request.user)
        messages.success(
            request,
            _("“%(title)s” is marked as reviewed. Next review: %(date)s.")
            % {"title": page.get_admin_display_title(), "date": date_format(page.review_date)},
        )
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return TemplateResponse(
        request,
        "ownership/confirm_mark_reviewed.html",
        {
            "page": page,
            "next_review_date": page.review_date_after_review(),
            "next": get_valid_next_url_from_request(request),
        },
    )
