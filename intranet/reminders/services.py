"""Review reminders: one digest per person per run, each thing told once.

Planning reads everything it needs in a fixed number of queries (per content
type, not per page or per owner); sending costs two INSERTs per digest sent.
Mail goes through the mail path notification digests use too (intranet.mail):
what was sent is stored (ReviewNotice, and a SentMail row in the shared log)
only after the mail server accepted it, so a run that fails part-way is simply
retried by the next run.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db.models import Exists, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from wagtail.admin.admin_url_finder import AdminURLFinder

from intranet.archive.models import ArchivedPage, in_archive
from intranet.mail.delivery import MailRun
from intranet.organisation.models import display_name
from intranet.ownership.models import DUE_SOON_DAYS
from intranet.ownership.services import (
    ManagerChain,
    department_editors,
    editors_by_department,
    is_page,
    owned_models,
    ownerless_filter,
)

from .links import absolute, mark_reviewed_url
from .models import ReviewNotice, Stage

logger = logging.getLogger(__name__)

#: A digest lists at most this many items per stage; the rest are counted and linked to.
MAX_ITEMS_PER_STAGE = 20
#: Archived pages are reported to owners and editors when this recent (a missed run still tells them).
ARCHIVED_NOTICE_WINDOW = datetime.timedelta(days=30)
#: How these digests are named in the shared log of sent mail.
MAIL_PURPOSE = "review_reminders"

STAGE_ORDER = list(Stage)


@dataclass
class Item:
    """One page or document as a reminder needs it; plain values, not model instances."""

    content_type_id: int
    pk: int
    title: str
    review_date: datetime.date
    model: type
    archived: bool = False

    @property
    def is_page(self):
        return is_page(self.model)

    @property
    def admin_url(self):
        return absolute(AdminURLFinder().get_edit_url(self.model(pk=self.pk)))

    @property
    def mark_reviewed_url(self):
        return mark_reviewed_url(self)


@dataclass
class Recipient:
    pk: int
    email: str
    name: str


@dataclass
class Digest:
    recipient: Recipient
    items: dict = field(default_factory=lambda: defaultdict(list))  # Stage → [Item]

    def add(self, stage, item):
        self.items[stage].append(item)

    @property
    def count(self):
        return len({(item.content_type_id, item.pk) for items in self.items.values() for item in items})

    def sections(self):
        for stage in STAGE_ORDER:
            items = sorted(self.items.get(stage, []), key=lambda item: (item.review_date, item.title))
            if items:
                yield {
                    "stage": stage,
                    "label": stage.label,
                    "items": items[:MAX_ITEMS_PER_STAGE],
                    "more": max(0, len(items) - MAX_ITEMS_PER_STAGE),
                    "total": len(items),
                }

    def notices(self, sent_at):
        return [
            ReviewNotice(
                content_type_id=item.content_type_id,
                object_id=item.pk,
                recipient_id=self.recipient.pk,
                stage=stage,
                review_date=item.review_date,
                sent_at=sent_at,
            )
            for stage, items in self.items.items()
            for item in items
        ]


@dataclass
class Plan:
    digests: dict = field(default_factory=dict)  # recipient id → Digest
    without_email: set = field(default_factory=set)  # owner ids
    manager_loops: set = field(default_factory=set)  # owner ids


@dataclass
class Outcome:
    sent: list = field(default_factory=list)  # Digest
    failed: list = field(default_factory=list)  # (Digest, error text)
    not_attempted: list = field(default_factory=list)  # Digest, when the server went away

    def shortfall(self):
        """Why the run counts as failed (some digests did not go), or "" when all went."""
        if not (self.failed or self.not_attempted):
            return ""
        return (
            f"{len(self.failed)} digest(s) failed and {len(self.not_attempted)} were not attempted; "
            "nothing was recorded for them, so the next run sends them."
        )


def plan_reminders(today=None, stages=None):
    """Who should be told what today, leaving out what they were already told (only `stages`, if given)."""
    today = today or timezone.localdate()
    User = get_user_model()
    people = {
        row["pk"]: row
        for row in User.objects.filter(is_active=True).values(
            "pk", "email", "first_name", "last_name", "username", "profile__department_id"
        )
    }
    editors = editors_by_department()
    managers = ManagerChain()
    plan = Plan()

    def tell(recipient_id, stage, item, already_sent):
        if stages is not None and stage not in stages:
            return
        person = people.get(recipient_id)
        if person is None or not person["email"]:
            return
        if (item.pk, recipient_id, stage, item.review_date) in already_sent:
            return
        digest = plan.digests.get(recipient_id)
        if digest is None:
            name = display_name(
                User(first_name=person["first_name"], last_name=person["last_name"], username=person["username"])
            )
            digest = plan.digests[recipient_id] = Digest(Recipient(recipient_id, person["email"], name))
        digest.add(stage, item)

    for model, rows in _candidates(today):
        content_type = ContentType.objects.get_for_model(model)
        already_sent = set(
            ReviewNotice.objects.filter(
                content_type=content_type, object_id__in=Subquery(_candidate_ids(model, today))
            ).values_list("object_id", "recipient_id", "stage", "review_date")
        )
        for row in rows:
            item = Item(content_type.pk, row["pk"], row["title"], row["review_date"], model, row["archived"])
            owner = people.get(row["content_owner_id"])  # None: deleted or inactive
            department_id = row["department_id"]
            if department_id is None and not item.is_page and owner:
                department_id = owner["profile__department_id"]
            department_editor_ids = department_editors(editors, department_id)
            overdue_days = (today - item.review_date).days

            if item.archived:
                for recipient_id in ({owner["pk"]} if owner else set()) | department_editor_ids:
                    tell(recipient_id, Stage.ARCHIVED, item, already_sent)
                continue
            if owner is None:
                for recipient_id in department_editor_ids:
                    tell(recipient_id, Stage.OWNERLESS, item, already_sent)
            elif overdue_days >= -DUE_SOON_DAYS:
                stage = Stage.OVERDUE if overdue_days > 0 else Stage.DUE_TODAY if overdue_days == 0 else Stage.DUE_SOON
                if owner["email"]:
                    tell(owner["pk"], stage, item, already_sent)
                else:
                    plan.without_email.add(owner["pk"])
                    for recipient_id in department_editor_ids:
                        tell(recipient_id, Stage.OWNER_UNREACHABLE, item, already_sent)
                if overdue_days >= model.escalate_after.days:
                    manager_id = managers.escalation_manager(owner["pk"])
                    for recipient_id in ({manager_id} - {None}) | department_editor_ids:
                        tell(recipient_id, Stage.ESCALATED, item, already_sent)
            if model.archive_warning_after is not None and overdue_days >= model.archive_warning_after.days:
                for recipient_id in ({owner["pk"]} if owner else set()) | department_editor_ids:
                    tell(recipient_id, Stage.ARCHIVE_WARNING, item, already_sent)
    plan.manager_loops = managers.loops
    return plan


def _candidate_filter(model, today):
    due_or_ownerless = Q(review_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)) | ownerless_filter()
    if not is_page(model):
        return due_or_ownerless
    recently_archived = ArchivedPage.objects.current().filter(
        page_id=OuterRef("pk"), archived_at__date__gte=today - ARCHIVED_NOTICE_WINDOW
    )
    return (Q(live=True) & due_or_ownerless) | Q(Exists(recently_archived))


def _candidate_ids(model, today):
    return model.objects.filter(_candidate_filter(model, today)).values("pk")


def _candidates(today):
    """Per owned model, the rows that may need a notice, as dicts (one query per model)."""
    for model in owned_models():
        page = is_page(model)
        queryset = model.objects.filter(_candidate_filter(model, today))
        fields = ["pk", "title", "review_date", "content_owner_id"]
        if page:
            queryset = queryset.annotate(archived=in_archive())
            fields += ["department_id", "archived"]
        rows = list(queryset.order_by("pk").values(*fields))
        for row in rows:
            row.setdefault("department_id", None)
            row.setdefault("archived", False)
        yield model, rows


def render_digest(digest):
    """The digest as an email with Swedish plain-text and HTML parts."""
    context = {
        "digest": digest,
        "recipient": digest.recipient,
        "sections": list(digest.sections()),
        "my_reviews_url": absolute(reverse("ownership_my_reviews")),
        "overview_url": absolute(reverse("content_responsibility")),
        "archive_url": absolute(reverse("archive_report")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext("%(count)s page to review", "%(count)s pages to review", digest.count) % {
            "count": digest.count
        }
        message = mail.EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("reminders/digest.txt", context),
            to=[digest.recipient.email],
        )
        message.attach_alternative(render_to_string("reminders/digest.html", context), "text/html")
    return message


def send_digests(plan, connection=None):
    """Send each digest on its own; record it only once the server took it. One refusal holds back nobody."""
    outcome = Outcome()
    digests = sorted(plan.digests.values(), key=lambda digest: digest.recipient.pk)
    with MailRun(MAIL_PURPOSE, connection) as run:
        for index, digest in enumerate(digests):
            if run.server_down:
                outcome.not_attempted = digests[index:]
                break
            error = run.send(render_digest(digest), digest.recipient.pk, record=_recorder(digest))
            if error:
                outcome.failed.append((digest, error))
            else:
                outcome.sent.append(digest)
    for digest, error in outcome.failed:
        logger.warning("Review digest to %s not sent: %s", digest.recipient.email, error)
    return outcome


def _recorder(digest):
    def record(sent_at):
        ReviewNotice.objects.bulk_create(digest.notices(sent_at), batch_size=5000, ignore_conflicts=True)

    return record


def send_review_reminders(today=None, connection=None):
    """The daily run: plan who is told what, and send it. Returns (plan, outcome)."""
    plan = plan_reminders(today)
    return plan, send_digests(plan, connection)
