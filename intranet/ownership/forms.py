from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.models import Page

from intranet.organisation.models import department_of

from .models import MISSING_OWNER, MISSING_REVIEW_DATE, OwnedContentMixin


class OwnedContentPageForm(WagtailAdminPageForm):
    """Applies the publishing rules when a page is published or submitted for approval.

    A plain "save draft" defers them (Wagtail calls defer_required_fields() then),
    so a writer can keep working on a page whose review date has passed.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_owner"].error_messages["required"] = MISSING_OWNER
        self.fields["review_date"].error_messages["required"] = MISSING_REVIEW_DATE
        if self.instance._state.adding:
            if not self.initial.get("review_date"):
                self.initial["review_date"] = self.instance.default_review_date()
            if not self.initial.get("content_owner") and self.for_user is not None and self.for_user.is_active:
                self.initial["content_owner"] = self.for_user.pk
            # Empty means "the whole municipality": a writer's page starts as their own department's instead.
            if "department" in self.fields and not self.initial.get("department") and self.for_user is not None:
                department = department_of(self.for_user)
                if department is not None:
                    self.initial["department"] = department.pk

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        page = self.instance
        page.content_owner = cleaned_data.get("content_owner")
        page.review_date = cleaned_data.get("review_date")
        for field, message in page.publishing_errors(timezone.localdate()).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned_data


class PublishingRulesCopyForm(CopyForm):
    """A published copy, or an alias (live with its original), is a new publication: it keeps the rules.

    The model refuses such a copy anyway (OwnedContentMixin.save); this says why in the copy form, before
    Wagtail starts copying.
    """

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("alias"):
            field = "alias"
        elif cleaned_data.get("publish_copies"):
            field = "publish_copies"
        else:
            return cleaned_data
        if cleaned_data.get("copy_subpages"):
            copied = self.page.get_descendants(inclusive=True)
        else:
            copied = Page.objects.filter(pk=self.page.pk)
        for page in copied.live().specific():
            if isinstance(page, OwnedContentMixin):
                for message in page.publishing_errors().values():
                    self.add_error(
                        field,
                        _("“%(title)s” cannot be published as a copy: %(problem)s")
                        % {"title": page.title, "problem": message},
                    )
        return cleaned_data
