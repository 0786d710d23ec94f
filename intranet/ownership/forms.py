from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm


class OwnedContentPageForm(WagtailAdminPageForm):
    """Applies the publishing rules when a page is published or submitted for approval.

    A plain "save draft" defers them (Wagtail calls defer_required_fields() then),
    so a writer can keep working on a page whose review date has passed.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.initial.setdefault("review_date", self.instance.default_review_date())
            if self.for_user is not None and self.for_user.is_active:
                self.initial.setdefault("content_owner", self.for_user.pk)

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
