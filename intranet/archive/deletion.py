"""The deletion rule: a page that was ever published is an official record (allmän handling).

It is deleted only by someone who can publish it, with a written reason kept in the audit log
(`intranet.delete`), and only through `delete_with_reason`. That includes a draft that holds such a page:
deleting a section deletes everything under it.

Wagtail offers many routes to a deletion (the admin's delete view, bulk delete, the admin's JSON API,
`Page.delete()`, `DeletePageAction`, a queryset's `delete()`), and only the first passes the
`before_delete_page` hook. Every one of them ends in Django's deletion collector, which sends `pre_delete`
for each page row it removes: that is where `refuse_deletion_without_reason` (signal_handlers.py) stands.
Who may delete at all is the permission tester's answer (`RecordKeepingPermissionTester`), which the admin
uses to show or hide the delete button and the API to answer 403.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.actions.delete_page import DeletePageAction
from wagtail.log_actions import log
from wagtail.models import Page, PagePermissionTester

DELETE_ACTION = "intranet.delete"

# Paths of the subtrees whose deletion has been given a reason, in this thread or task only.
_reasoned_subtrees: ContextVar[tuple[str, ...]] = ContextVar("reasoned_subtrees", default=())


class RecordDeletionRefused(ValidationError):
    """Something tried to delete a page that was ever published without going through `delete_with_reason`.

    A ValidationError keyed on "reason", so that the admin API answers 400 with the message.
    """


# `live` as well: a page loaded straight into the tree can be live without a first publication date.
EVER_PUBLISHED = Q(first_published_at__isnull=False) | Q(live=True)


def ever_published(page):
    return page.first_published_at is not None or page.live


def records_in(*pages):
    """The pages that deleting `pages` would delete (they and everything under them) that were ever published."""
    if not pages:
        return Page.objects.none()
    subtrees = Q()
    for page in pages:
        subtrees |= Q(path__startswith=page.path)
    return Page.objects.filter(subtrees).filter(EVER_PUBLISHED)


def holds_records(*pages):
    return records_in(*pages).exists()


def refusal_message(page):
    return _(
        "“%(title)s” has been published, or holds pages that have, so it is an official record. It is deleted only "
        "in the admin, by an editor, with a written reason. Archive it (unpublish) instead."
    ) % {"title": page.get_admin_display_title()}


@contextmanager
def _reason_given_for(page):
    token = _reasoned_subtrees.set((*_reasoned_subtrees.get(), page.path))
    try:
        yield
    finally:
        _reasoned_subtrees.reset(token)


def deletion_has_reason(page):
    return any(page.path.startswith(path) for path in _reasoned_subtrees.get())


@transaction.atomic
def delete_with_reason(page, user, reason):
    """Delete `page` and everything under it, recording who did it and why, before anything goes.

    The one route by which a record is deleted. Raises PermissionDenied unless `user` can publish the page,
    and ValidationError for a blank reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the page is deleted.")})
    if user is None or not page.permissions_for_user(user).can_publish():
        raise PermissionDenied(_("Only an editor can delete a page that has been published. Archive it instead."))
    # Logged first, in the same transaction: both or neither.
    log(
        instance=page,
        action=DELETE_ACTION,
        user=user,
        data={"reason": reason, "url_path": page.url_path, "descendants": page.get_descendant_count()},
    )
    with _reason_given_for(page):
        DeletePageAction(page, user=user).execute()


class RecordKeepingPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, except that only those who can publish a page may delete a record.

    Wagtail lets a writer delete pages that are not live at the moment (an archived page, a draft section
    holding archived pages). Moving is Wagtail's "delete here and add there" (`can_move` asks `can_delete`),
    so a writer does not move a record either.
    """

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        return self.can_publish() or not holds_records(self.page)
