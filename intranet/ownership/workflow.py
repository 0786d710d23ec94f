"""Approving in a workflow publishes, so it obeys the same publishing rules as the edit form."""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from .models import OwnedContentMixin


class CheckedWorkflowActionView(WorkflowActionView):
    """An approval days after submission must not publish a page whose review date has passed meanwhile."""

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve":
            draft = self.object.get_latest_revision_as_object()
            errors = draft.publishing_errors() if isinstance(draft, OwnedContentMixin) else {}
            if errors:
                for message in errors.values():
                    messages.error(request, message)
                edit_url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(request, {"step": "success", "redirect": edit_url})
                return redirect(edit_url)
        return super().post(request, *args, **kwargs)


class OwnedContentPageViewSet(PageViewSet):
    workflow_action_view_class = CheckedWorkflowActionView
