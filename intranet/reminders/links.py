"""The signed "mark as reviewed" link in a reminder.

The link names the content and the review date it was sent about, and expires.
It is not a login: whoever follows it must be signed in as the owner or an
editor. Because it names the review date, following it twice (or after someone
else reviewed) changes nothing.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "intranet.reminders.mark-reviewed"


def max_age():
    return datetime.timedelta(days=settings.REVIEW_LINK_MAX_AGE_DAYS)


def make_token(content_type_id, object_id, review_date):
    return signing.dumps([content_type_id, object_id, review_date.isoformat()], salt=SALT, compress=True)


def read_token(token):
    """(content_type_id, object_id, review_date); raises signing.SignatureExpired or BadSignature."""
    content_type_id, object_id, review_date = signing.loads(token, salt=SALT, max_age=max_age())
    return content_type_id, object_id, datetime.date.fromisoformat(review_date)


def absolute(path):
    """A full URL for an email, on the address the intranet is served at (BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mark_reviewed_url(item):
    return absolute(
        reverse("reminders_mark_reviewed", args=[make_token(item.content_type_id, item.pk, item.review_date)])
    )
