from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import views
from .models import OwnedContentMixin
from .workflow import OwnedContentPageViewSet


@hooks.register("register_admin_viewset")
def register_content_owner_chooser():
    return views.content_owner_chooser_viewset


@hooks.register("register_admin_urls")
def register_mark_reviewed_url():
    return [path("ownership/mark-reviewed/<int:page_id>/", views.mark_reviewed, name="ownership_mark_reviewed")]


def _mark_reviewed_button(button_class, page, user, priority):
    page = page.specific_deferred
    if isinstance(page, OwnedContentMixin) and page.permissions_for_user(user).can_edit():
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
