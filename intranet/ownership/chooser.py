"""The content owner chooser: a searchable list of active staff, for pages' and documents' edit forms."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser


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
