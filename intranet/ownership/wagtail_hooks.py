from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from . import chooser, reports, views
from .bulk_actions import ChangeOwnerBulkAction, MarkDocumentsReviewedBulkAction, MarkPagesReviewedBulkAction
from .models import PUBLISH_REFUSED_ACTION, OwnedContentMixin
from .services import answers_for, publishing_refusals
from .workflow import OwnedContentPageViewSet


@hooks.register("register_admin_viewset")
def register_content_owner_chooser():
    return chooser.content_owner_chooser_viewset


@hooks.register("register_admin_urls")
def register_mark_reviewed_url():
    return [path("ownership/mark-reviewed/<int:page_id>/", views.mark_reviewed, name="ownership_mark_reviewed")]


for report in (reports.MyReviewsView, reports.ContentResponsibilityView, reports.OwnerlessPagesView):
    report.register()

for bulk_action in (MarkPagesReviewedBulkAction, MarkDocumentsReviewedBulkAction, ChangeOwnerBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_my_reviews_panel(request, panels):
    panels.insert(0, reports.MyReviewsPanel(request.user))


def _mark_reviewed_button(button_class, page, user, priority):
    page = page.specific_deferred
    # Only live pages: an archived page is restored instead (that counts as the review), and a draft that
    # never went out has nothing to vouch for. `live` is at hand, so listings ask no query per page for it.
    if isinstance(page, OwnedContentMixin) and page.live and answers_for(user, page):
        yield button_class(
            _("Mark as reviewed"),
            reverse("ownership_mark_reviewed", args=[page.pk]),
            icon_name="tick",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_mark_reviewed(page, user, view_name=None, next_url=None):
    yield from _mark_reviewed_button(Button, page, user, priority=15)


@hooks.register("register_page_listing_more_buttons")
def page_listing_mark_reviewed(page, user, next_url=None):
    yield from _mark_reviewed_button(Button, page, user, priority=15)


@hooks.register("register_admin_viewset")
def register_owned_content_page_viewsets():
    # One per page type that has an owner and a review date, so that approving one checks the rules.
    from wagtail.models import get_page_models

    return [
        OwnedContentPageViewSet(f"{model._meta.model_name}_pages", model=model)
        for model in get_page_models()
        if issubclass(model, OwnedContentMixin) and not model._meta.abstract
    ]


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_against_the_rules(request, action_type, objects, action_class_instance):
    """Bulk publish checks each page as the edit form does, before anything is published.

    The model would refuse anyway (OwnedContentMixin.save), but with an error page halfway through the list.
    """
    if action_type != "publish":
        return None
    include_descendants = action_class_instance.cleaned_form.cleaned_data.get("include_descendants")
    refusals = []
    for page in objects:
        # With subpages, Wagtail publishes the drafts under each page too.
        pages = [page, *page.get_descendants().not_live()] if include_descendants else [page]
        for candidate in pages:
            for message in publishing_refusals(candidate):
                refusals.append(
                    gettext("“%(title)s” was not published: %(problem)s")
                    % {"title": candidate.get_admin_display_title(), "problem": message}
                )
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")


@hooks.register("register_log_actions")
def register_publishing_refused_log_action(actions):
    @actions.register_action(PUBLISH_REFUSED_ACTION)
    class PublishingRefusedFormatter(LogFormatter):
        label = _("Publishing refused")

        def format_message(self, log_entry):
            return gettext("Scheduled publishing refused: %(problems)s") % {
                "problems": " ".join(log_entry.data.get("problems", []))
            }
