from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intranet.archive.models import ArchivedPage
from intranet.ownership.services import answers_for, is_page

from .links import read_token


def mark_reviewed_from_email(request, token):
    """The one-click link in a reminder: signed in as the owner or an editor, the click records the review.

    A plain GET does the work because that is what one click is; it is safe
    because the link is signed, expires, needs a signed-in owner or editor (a
    mail scanner following it meets the login page) and names the review date,
    so a second click changes nothing.
    """
    try:
        content_type_id, object_id, review_date = read_token(token)
    except signing.SignatureExpired:
        return _result(request, _("The link has expired. Open the page in the admin to mark it as reviewed."), 410)
    except signing.BadSignature:
        return _result(request, _("The link is not valid. Copy the whole link from the email."), 400)
    try:
        obj = ContentType.objects.get_for_id(content_type_id).get_object_for_this_type(pk=object_id)
    except Exception as error:
        raise Http404 from error
    if not answers_for(request.user, obj):
        return _result(
            request,
            _("Only the content owner or an editor can mark “%(title)s” as reviewed.") % {"title": obj.title},
            403,
            obj,
        )
    archived = ArchivedPage.objects.current().filter(page_id=obj.pk).first() if is_page(obj) else None
    if archived is not None:
        # A review alone would move the date while the page stays off the intranet: nobody would be
        # told again, and readers would still not see it. Restoring is the one way back, and counts as a review.
        return _archived_result(request, obj, archived)
    if obj.review_date != review_date:
        return _result(request, _("“%(title)s” has already been reviewed.") % {"title": obj.title}, 200, obj)
    obj.mark_reviewed(request.user)
    return _result(request, _("Thank you! “%(title)s” is marked as reviewed.") % {"title": obj.title}, 200, obj)


def _result(request, message, status, obj=None, **context):
    return TemplateResponse(
        request,
        "reminders/mark_reviewed.html",
        {"message": message, "object": obj, "ok": status == 200, **context},
        status=status,
    )


def _archived_result(request, page, record):
    message = _(
        "“%(title)s” was archived on %(date)s because its review was overdue, so it is not on the intranet. "
        "Marking it as reviewed does not bring it back: restoring it does, and counts as the review."
    ) % {"title": page.title, "date": date_format(timezone.localtime(record.archived_at), "j F Y")}
    may_restore = page.permissions_for_user(request.user).can_publish()
    if not may_restore:
        message += " " + _("Ask an editor to restore it (Reports → Archived in the admin).")
    # 409: the link did nothing, because of the page's state.
    return _result(request, message, 409, page, archive_record=record if may_restore else None)
