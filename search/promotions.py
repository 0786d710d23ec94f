"""Wagtail's "Promoted search results" admin, with the period each promoted result is shown (PromotionPeriod).

Pages only: Wagtail also offers external links, which the reader's search has no place for.

Wagtail builds its add and edit views around one formset class; these views use a formset whose form adds
the two dates, and search/templates/wagtailsearchpromotions/includes/searchpromotion_form.html shows them.
"""

from django.forms import inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput
from wagtail.contrib.search_promotions import views as wagtail_views
from wagtail.contrib.search_promotions.forms import SearchPromotionForm, SearchPromotionsFormSet
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from .models import PromotionPeriod


class DatedSearchPromotionForm(SearchPromotionForm):
    starts_on = PromotionPeriod._meta.get_field("starts_on").formfield(widget=AdminDateInput)
    ends_on = PromotionPeriod._meta.get_field("ends_on").formfield(widget=AdminDateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        period = PromotionPeriod.objects.filter(promotion=self.instance).first() if self.instance.pk else None
        if period is not None:
            self.initial.update(starts_on=period.starts_on, ends_on=period.ends_on)

    def clean(self):
        cleaned_data = super().clean()
        if self["external_link_url"].value():
            # The reader's search (search/query.py) shows promoted pages, with their department and owner.
            self.add_error(None, _("The intranet's search promotes pages only: choose a page."))
        starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned_data

    def save(self, commit=True):
        promotion = super().save(commit)
        if commit:
            PromotionPeriod.objects.update_or_create(
                promotion=promotion,
                defaults={"starts_on": self.cleaned_data["starts_on"], "ends_on": self.cleaned_data["ends_on"]},
            )
        return promotion


DatedSearchPromotionsFormSet = inlineformset_factory(
    Query,
    SearchPromotion,
    form=DatedSearchPromotionForm,
    formset=SearchPromotionsFormSet,
    can_order=True,
    can_delete=True,
    extra=0,
)


class DatedPromotionsMixin:
    @cached_property
    def searchpicks_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return DatedSearchPromotionsFormSet(data, instance=self.object)


class CreateView(DatedPromotionsMixin, wagtail_views.CreateView):
    pass


class EditView(DatedPromotionsMixin, wagtail_views.EditView):
    pass
