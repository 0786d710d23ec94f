from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.models import Page

from .models import OwnedContentMixin
from .services import can_mark_reviewed


class ActiveStaffSearchForm(BaseFilterForm):
    """Finds staff by name, username or email; users are not in the search index."""

    q = forms.CharField(label=gettext_lazy("Search term"), required=False)

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            for word in query.split():
                objects = objects.filter(
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(username__icontains=word)
                    | Q(email__icontains=word)
                )
        return objects


def staff_label(user):
    """How a person is shown when choosing an owner: the name, and the username to tell namesakes apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class ActiveStaffMixin:
    filter_form_class = ActiveStaffSearchForm
    ordering = ["first_name", "last_name"]

    def get_object_list(self):
        return get_user_model().objects.filter(is_active=True)

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = staff_label
        return column


class ChooseActiveStaffView(ActiveStaffMixin, chooser_views.ChooseView):
    pass


class ChooseActiveStaffResultsView(ActiveStaffMixin, chooser_views.ChooseResultsView):
    pass


class ActiveStaffChosenView(chooser_views.ChosenView):
    def get_display_title(self, instance):
        return staff_label(instance)


class StaffChooserWidget(BaseChooser):
    def get_display_title(self, instance):
        return staff_label(instance)


class ContentOwnerChooserViewSet(ChooserViewSet):
    """A searchable chooser for the content owner: a drop-down of 2,200 (or 40,000) names is no use."""

    model = get_user_model()
    icon = "user"
    choose_one_text = gettext_lazy("Choose a content owner")
    choose_another_text = gettext_lazy("Choose another owner")
    per_page = 20
    choose_view_class = ChooseActiveStaffView
    choose_results_view_class = ChooseActiveStaffResultsView
    chosen_view_class = ActiveStaffChosenView
    base_widget_class = StaffChooserWidget


content_owner_chooser_viewset = ContentOwnerChooserViewSet("content_owner_chooser", url_prefix="content-owner-chooser")


def mark_reviewed(request, page_id):
    """Confirm (GET) and record (POST) that the owner has checked the page is still right."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, OwnedContentMixin):
        raise PermissionDenied
    if not can_mark_reviewed(request.user, page):
        raise PermissionDenied
    if request.method == "POST":
        page.mark_reviewed(request.user)
        messages.success(
            request,
            _("“%(title)s” is marked as reviewed. Next review: %(date)s.")
            % {"title": page.get_admin_display_title(), "date": date_format(page.review_date)},
        )
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return TemplateResponse(
        request,
        "ownership/confirm_mark_reviewed.html",
        {
            "page": page,
            "next_review_date": page.review_date_after_review(),
            "next": get_valid_next_url_from_request(request),
        },
    )
