"""Bulk actions on pages and documents: "Markera som granskad" and "Byt innehållsansvarig".

Registered with Wagtail, so they work wherever Wagtail lists pages or documents with checkboxes (the page
explorer, the document library) as well as in our reports, and they answer at /admin/bulk/<app>/<model>/<action>/.
"""

import re
from collections import defaultdict

from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import get_list_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.documents.views.bulk_actions.document_bulk_action import DocumentBulkAction

from .chooser import content_owner_chooser_viewset
from .models import OwnedContentMixin
from .services import ManagerChain, can_mark_reviewed, reassign_owner

#: An id as the database can hold it: plain digits, below PostgreSQL's bigint. "²" or "٣" are digits to
#: Python's int() and isdigit(), and a longer number overflows; neither may reach a query.
OBJECT_ID = re.compile(r"[0-9]{1,18}")


class CheckedSelectionMixin:
    """Answers 400 with a message, before anything is looked up, for ids that are no ids.

    Wagtail's bulk actions pass `?id=` (and `childOf=`) straight to the database, which fails with a 500.
    """

    def dispatch(self, request, *args, **kwargs):
        ids = [value for value in request.GET.getlist("id") if value != "all"] + request.GET.getlist("childOf")
        bad = next((value for value in ids if not OBJECT_ID.fullmatch(value)), None)
        if bad is not None:
            message = _("This selection cannot be used: %(value)s") % {"value": bad[:100]}
            return TemplateResponse(
                request, "ownership/bulk_action_refused.html", {"message": message, "next": self.next_url}, status=400
            )
        return super().dispatch(request, *args, **kwargs)


class MarkReviewedMixin(CheckedSelectionMixin):
    """The owner, or someone who could publish the item, says it is still right: the review date moves on."""

    display_name = gettext_lazy("Mark as reviewed")
    action_type = "mark_reviewed"
    template_name = "ownership/confirm_bulk_mark_reviewed.html"
    action_priority = 60
    form_class = forms.Form

    def check_perm(self, obj):
        return isinstance(obj, OwnedContentMixin) and can_mark_reviewed(self.request.user, obj)

    def object_context(self, obj):
        context = super().object_context(obj)
        # What the confirmation promises is what mark_reviewed() then records.
        context["next_review_date"] = context["item"].review_date_after_review()
        return context

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for obj in objects:
            obj.mark_reviewed(user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)s item marked as reviewed.", "%(count)s items marked as reviewed.", num_parent_objects
        ) % {"count": num_parent_objects}


class MarkPagesReviewedBulkAction(MarkReviewedMixin, PageBulkAction):
    aria_label = gettext_lazy("Mark selected pages as reviewed")
    no_access_template_name = "wagtailadmin/pages/bulk_actions/list_items_with_no_access.html"

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.specific(), pk__in=object_ids)


class MarkDocumentsReviewedBulkAction(MarkReviewedMixin, DocumentBulkAction):
    aria_label = gettext_lazy("Mark selected documents as reviewed")
    no_access_template_name = "wagtaildocs/bulk_actions/list_items_with_no_access.html"


def suggest_owners(pages):
    """Sets each page's `suggested_owner`: its former owner's nearest active manager, or None."""
    managers = ManagerChain()
    suggestions = {page.pk: managers.escalation_manager(page.content_owner_id) for page in pages}
    users = get_user_model().objects.in_bulk([pk for pk in suggestions.values() if pk])
    for page in pages:
        page.suggested_owner = users.get(suggestions[page.pk])
    return pages


class ChangeOwnerForm(forms.Form):
    new_owner = forms.ModelChoiceField(
        label=gettext_lazy("New owner"),
        help_text=gettext_lazy("(optional) Leave empty to give each page to the suggested owner."),
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        widget=content_owner_chooser_viewset.widget_class,
    )


class ChangeOwnerBulkAction(CheckedSelectionMixin, PageBulkAction):
    """Hands ownerless pages on: to the leaver's nearest active manager, or to the owner an editor chooses.

    Only ownerless pages: the owner is changed on the live page without a new revision, which a draft saved
    by an active owner would undo when published (OwnedContentMixin.with_content_json). Only for those who
    can publish the page: they answer for what is on the intranet.
    """

    display_name = gettext_lazy("Change content owner")
    action_type = "change_owner"
    aria_label = gettext_lazy("Change the content owner of the selected pages")
    template_name = "ownership/confirm_bulk_change_owner.html"
    action_priority = 65
    form_class = ChangeOwnerForm

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.specific(), pk__in=object_ids)

    def check_perm(self, page):
        return (
            isinstance(page, OwnedContentMixin)
            and page.is_ownerless
            and page.permissions_for_user(self.request.user).can_publish()
        )

    def annotate_items(self, pages):
        return suggest_owners(pages)

    def get_execution_context(self):
        return {"new_owner": self.cleaned_form.cleaned_data["new_owner"]}

    @classmethod
    def execute_action(cls, objects, new_owner=None, **kwargs):
        by_owner = defaultdict(list)
        for page in objects:
            owner = new_owner or page.suggested_owner
            if owner is not None:
                by_owner[owner].append(page)
        return sum(reassign_owner(pages, owner) for owner, pages in by_owner.items()), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if self.cleaned_form.cleaned_data["new_owner"] is None:
            without_suggestion = [page.title for page in self.actionable_objects if page.suggested_owner is None]
            if without_suggestion:
                messages.error(
                    self.request,
                    _("No suggested owner for: %(titles)s. Choose a new owner for them.")
                    % {"titles": ", ".join(without_suggestion)},
                )
        if not num_parent_objects:
            return None
        return ngettext("%(count)s page has a new owner.", "%(count)s pages have new owners.", num_parent_objects) % {
            "count": num_parent_objects
        }
