"""Who answers for content, and who is told when nobody does.

Shared by the reminders, the archive and the admin reports, so that "the
department's editors" and "the owner's manager" mean the same everywhere.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BooleanField, Q, Value
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models

from intranet.organisation.models import EmployeeProfile
from intranet.publishing.services import EDITORS_GROUP

from .models import OwnedContentMixin


def owned_page_models():
    """Every concrete page type with an owner and a review date."""
    return [model for model in get_page_models() if issubclass(model, OwnedContentMixin) and not model._meta.abstract]


def owned_models():
    """Page types, then the document model: everything an owner is reminded about."""
    models = owned_page_models()
    document_model = get_document_model()
    if issubclass(document_model, OwnedContentMixin):
        models.append(document_model)
    return models


def is_page(content):
    """Whether owned content (an object, or its model) is a page; the rest of owned_models() are documents."""
    return issubclass(content if isinstance(content, type) else type(content), Page)


def in_archive():
    """For a query over pages: whether the page is in the archive now (always false without an archive).

    The archive app builds on this one, so it answers through the `in_archive` hook instead of an import.
    """
    for condition in hooks.get_hooks("in_archive"):
        return condition()
    return Value(False, output_field=BooleanField())


def ownerless_filter():
    """Content whose owner left (inactive) or was deleted (owner emptied)."""
    return Q(content_owner__isnull=True) | Q(content_owner__is_active=False)


def answers_for(user, obj):
    """The owner, or an editor who could publish it: whoever may vouch that the content is still right."""
    if not user.is_active:
        return False
    if obj.content_owner_id == user.pk:
        return True
    if is_page(obj):
        return obj.permissions_for_user(user).can_publish()
    from wagtail.documents.permissions import permission_policy

    return permission_policy.user_has_permission_for_instance(user, "change", obj)


def is_archived(obj):
    """Whether a page is in the archive now (documents never are)."""
    if not is_page(obj):
        return False
    return Page.objects.filter(pk=obj.pk).annotate(archived=in_archive()).filter(archived=True).exists()


def can_mark_reviewed(user, obj):
    """Whether `user` may mark `obj` as reviewed now; every route (button, bulk action, emailed link) asks this.

    Not while a page is archived: the review would move its date while it stays off the intranet, and nobody
    would be told of it again. Restoring it is the way back, and counts as the review.
    """
    return answers_for(user, obj) and not is_archived(obj)


def editors_by_department():
    """Department id → ids of its active editors; key None holds every editor.

    Content of a department without editors of its own (and municipality-wide
    content) goes to every editor: someone must always be told.
    """
    editors = defaultdict(set)
    rows = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITORS_GROUP)
        .values_list("pk", "profile__department_id")
    )
    for user_id, department_id in rows:
        editors[None].add(user_id)
        if department_id is not None:
            editors[department_id].add(user_id)
    return editors


def department_editors(editors, department_id):
    return editors.get(department_id) or editors.get(None, set())


class ManagerChain:
    """Finds whom to escalate to: the nearest active manager above a person, in one query for everyone.

    The directory decides managers, and directories contain mistakes: a person
    who is their own manager, or two managers above each other. A loop ends the
    walk (and is remembered for the run's report) instead of hanging it.
    """

    def __init__(self):
        self.manager_of = dict(
            EmployeeProfile.objects.filter(manager__isnull=False).values_list("user_id", "manager_id")
        )
        self.active = set(get_user_model().objects.filter(is_active=True).values_list("pk", flat=True))
        self.loops = set()

    def escalation_manager(self, user_id):
        seen = {user_id}
        manager_id = self.manager_of.get(user_id)
        while manager_id is not None:
            if manager_id in seen:
                self.loops.add(user_id)
                return None
            if manager_id in self.active:
                return manager_id
            seen.add(manager_id)
            manager_id = self.manager_of.get(manager_id)
        return None


@transaction.atomic
def reassign_owner(pages, new_owner):
    """Give ownerless pages a new owner on the live page; the review date and content stay as they are."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page.pk)
    changed = 0
    for model, ids in by_model.items():
        changed += model.objects.filter(pk__in=ids).update(content_owner=new_owner)
    return changed


def publishing_refusals(page):
    """The messages that stop publishing what Wagtail would publish for `page` now (its latest revision).

    Empty when nothing new would go live: republishing the revision already live changes nothing readers see.
    """
    revision = page.get_latest_revision()
    if revision is None:
        candidate = page.specific
    elif page.live and revision.pk == page.live_revision_id:
        return []
    else:
        candidate = revision.as_object()
    if not isinstance(candidate, OwnedContentMixin):
        return []
    return list(candidate.publishing_errors().values())
