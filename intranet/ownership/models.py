"""Content ownership and review: the one implementation every content page type shares.

Why our own mixin rather than wagtail-periodic-review: its current release needs
Python 3.12, its review date is derived (not something the owner or an editor
sets), and it has no owner. We keep its good idea: review state belongs to the
live page, not to a revision, so publishing an older draft never rolls it back.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MISSING_OWNER = _("The page must have a content owner before it can be published.")
MISSING_REVIEW_DATE = _("The page must have a review date before it can be published.")

#: The review date may not be set further ahead than this when publishing.
MAX_REVIEW_HORIZON = relativedelta(months=24)


#: Audit-log action for a scheduled publication that the rules refused when it fell due.
PUBLISH_REFUSED_ACTION = "intranet.publish.refused"


class PublishingRefused(ValidationError):
    """A page was about to go live against the publishing rules; the message dict is publishing_errors().

    A ValidationError, so that the admin API answers 400 with the field messages.
    """


def content_owner_field(**differences):
    """The content owner as every owned model has it, changed only by `differences`.

    Django lets a model replace a field it inherits from an abstract model; one that differs (documents may be
    left without an owner) declares `content_owner = content_owner_field(blank=True, ...)` and keeps the rest.
    """
    options = {
        "verbose_name": _("content owner"),
        "help_text": _("The manager or subject expert who answers for this page and reviews it."),
        # Nullable only so a page survives its owner leaving ("ownerless"); forms require it.
        "null": True,
        "blank": False,
        "on_delete": models.SET_NULL,
        "limit_choices_to": {"is_active": True},
        "related_name": "owned_%(class)s_pages",
    }
    return models.ForeignKey(settings.AUTH_USER_MODEL, **(options | differences))


def review_date_field(**differences):
    """The review date as every owned model has it, changed only by `differences` (see content_owner_field)."""
    options = {
        "verbose_name": _("review date"),
        "help_text": _("When the owner must next check that the page is still correct."),
    }
    return models.DateField(**(options | differences))


class OwnedContentMixin(models.Model):
    """A named owner who answers for the content, and the date by which they must review it."""

    content_owner = content_owner_field()
    review_date = review_date_field()
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True, editable=False)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last reviewed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: How far "Mark as reviewed" moves the review date; page types override it.
    review_interval = relativedelta(months=12)
    #: Overdue this long, the owner's manager and the department's editors are told too.
    escalate_after = datetime.timedelta(days=14)
    #: Overdue this long, the owner and the editors are warned that the page will be archived.
    archive_warning_after = datetime.timedelta(days=60)
    #: Overdue this long, the page is unpublished into the archive. None: never (documents).
    archive_after = datetime.timedelta(days=90)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The publishing rules hold on every route that makes a page live, not only in the edit form: the workflow,
        # bulk publish, the admin API's publish, copy and alias actions, scheduled publishing and plain code all
        # end in this save. Checked before Wagtail's own full_clean, so the owner's message is ours.
        if self._goes_live(kwargs.get("update_fields")):
            errors = self.publishing_errors()
            if errors:
                raise PublishingRefused(errors)
        return super().save(*args, **kwargs)

    def _goes_live(self, update_fields):
        """Whether this save makes the page public with content that was not public there before.

        Wagtail publishes (PublishRevisionAction, whatever route calls it) by saving the whole page with a new
        live revision; a live copy or alias is created live with one. A save of chosen fields (a new draft, an
        alias converted into a page in place) publishes nothing new. Documents have no live state.
        """
        if not getattr(self, "live", False) or getattr(self, "live_revision_id", None) is None:
            return False
        if self._state.adding:
            return True
        if update_fields is not None:
            return False
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("live", "live_revision_id").first()
        return stored != (True, self.live_revision_id)

    def default_review_date(self, today=None):
        """The review date a new page starts with."""
        return (today or timezone.localdate()) + self.review_interval

    def publishing_errors(self, today=None):
        """Field name → message for every rule that stops this page from being published."""
        today = today or timezone.localdate()
        errors = {}
        if self.content_owner_id is None:
            errors["content_owner"] = MISSING_OWNER
        elif not self.content_owner.is_active:
            errors["content_owner"] = _(
                "%(name)s is no longer active and cannot own content. Choose another owner."
            ) % {"name": self.content_owner.get_full_name() or self.content_owner.get_username()}
        if self.review_date is None:
            errors["review_date"] = MISSING_REVIEW_DATE
        elif self.review_date < today:
            errors["review_date"] = _("The review date has already passed. Choose today or a later date.")
        elif self.review_date > today + MAX_REVIEW_HORIZON:
            errors["review_date"] = _("The review date may be at most 24 months ahead (no later than %(date)s).") % {
                "date": (today + MAX_REVIEW_HORIZON).isoformat()
            }
        return errors

    @property
    def is_ownerless(self):
        """True when nobody answers for the content: the owner left (inactive) or was deleted."""
        return self.content_owner_id is None or not self.content_owner.is_active

    @property
    def review_notice(self):
        """What readers see on an overdue page, or None: content they may not be able to trust."""
        if self.review_date is None or review_status(self.review_date) != "overdue":
            return None
        if self.is_ownerless:
            owner = _("none (the page is ownerless)")
        else:
            owner = self.content_owner.get_full_name() or self.content_owner.get_username()
        return _("This page should have been reviewed by %(date)s. Content owner: %(owner)s.") % {
            "date": date_format(self.review_date, "j F Y"),
            "owner": owner,
        }

    def review_date_after_review(self, today=None):
        """The review date a review made today sets: what "Mark as reviewed" promises and then records.

        Not default_review_date(): a news item starts from its own date, but a review starts from today.
        """
        return (today or timezone.localdate()) + self.review_interval

    def mark_reviewed(self, user, when=None):
        """Record a review and move the review date forward by the page type's interval.

        Updates the row directly: a review changes no content, so it makes no new
        revision and does not republish the page.
        """
        when = when or timezone.now()
        self.last_reviewed_at = when
        self.last_reviewed_by = user
        self.review_date = self.review_date_after_review(timezone.localdate(when))
        type(self).objects.filter(pk=self.pk).update(
            last_reviewed_at=self.last_reviewed_at,
            last_reviewed_by=user,
            review_date=self.review_date,
        )

    def with_content_json(self, content_json):
        # Review state lives on the live page: a review recorded after a draft was
        # saved must survive that draft being published or restored.
        page = super().with_content_json(content_json)
        page.last_reviewed_at = self.last_reviewed_at
        page.last_reviewed_by_id = self.last_reviewed_by_id
        # An owner reassigned on the live page (after the last one left) must not come back with an old draft.
        if self.content_owner_id and page.content_owner_id != self.content_owner_id and not page._owner_is_active():
            page.content_owner_id = self.content_owner_id
        if self.review_date and (page.review_date is None or self.review_date > page.review_date):
            page.review_date = self.review_date
        return page

    def _owner_is_active(self):
        if self.content_owner_id is None:
            return False
        User = type(self)._meta.get_field("content_owner").related_model
        return User.objects.filter(pk=self.content_owner_id, is_active=True).exists()


#: How many days before the review date the owner is first reminded, and the API says "due_soon".
DUE_SOON_DAYS = 30


def review_status(review_date, today=None, due_soon_days=DUE_SOON_DAYS):
    """'ok', 'due_soon' or 'overdue' for a review date."""
    today = today or timezone.localdate()
    if review_date < today:
        return "overdue"
    if review_date <= today + datetime.timedelta(days=due_soon_days):
        return "due_soon"
    return "ok"
