"""The admin's views of content responsibility: my reviews, the editors' overview, and ownerless pages.

Wagtail's report views with its tables, filters and spreadsheet export; what is done to the rows is done by the
page and document bulk actions in bulk_actions.py.
"""

import datetime
from collections import defaultdict
from functools import reduce
from operator import or_
from urllib.parse import urlencode

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Value, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, NumberColumn, TitleColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page

from intranet.organisation.models import Department
from intranet.publishing.reports import AdminReportView, DayColumn, EditorsReportView

from .bulk_actions import ChangeOwnerBulkAction, MarkPagesReviewedBulkAction, suggest_owners
from .chooser import staff_label
from .models import DUE_SOON_DAYS, review_status
from .services import in_archive, owned_models, owned_page_models, ownerless_filter

STATUSES = ["ok", "due_soon", "overdue", "ownerless", "archived"]
STATUS_LABELS = {
    "ok": gettext_lazy("OK"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
    "ownerless": gettext_lazy("Ownerless"),
    "archived": gettext_lazy("Archived"),
}


class PageBulkActionReport:
    """A report whose page rows have checkboxes for one page bulk action, offered in Wagtail's footer."""

    template_name = "ownership/page_bulk_action_report.html"
    bulk_action = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.bulk_action
        context["bulk_action_buttons"] = [
            ListingButton(
                action.display_name,
                reverse("wagtail_bulk_action", args=["wagtailcore", "page", action.action_type]),
                attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                classname="bulk-action-btn",
            )
        ]
        return context


def title_id(item):
    """The id that a row's checkbox names as its description, for screen readers."""
    return f"{'page' if isinstance(item, Page) else 'document'}_{item.pk}_title"


# "Mina sidor att granska"


def items_to_review(user, today=None):
    """The user's live pages and documents that are due within 30 days or overdue, earliest first.

    One query for every owned type (a UNION ALL): the personal start page asks this on every visit.
    """
    today = today or timezone.localdate()
    due = today + datetime.timedelta(days=DUE_SOON_DAYS)
    models = owned_models()
    parts = []
    for index, model in enumerate(models):
        queryset = model.objects.filter(content_owner=user, review_date__lte=due)
        if hasattr(model, "live"):
            queryset = queryset.filter(live=True)
        parts.append(
            queryset.order_by()
            .annotate(model_index=Value(index))
            .values_list("pk", "title", "review_date", "model_index")
        )
    items = []
    url_finder = AdminURLFinder()
    for pk, title, review_date, index in parts[0].union(*parts[1:], all=True):
        model = models[index]
        obj = model(pk=pk, title=title, review_date=review_date)
        obj.status = review_status(review_date, today)
        obj.kind = model._meta.verbose_name
        obj.admin_url = url_finder.get_edit_url(obj)
        items.append(obj)
    return sorted(items, key=lambda obj: (obj.review_date, obj.title))


class PagesOnlyCheckboxColumn(BulkActionsColumn):
    """Checkboxes for the pages (the page bulk action); a document is marked through the link under its title."""

    def render_cell_html(self, instance, parent_context):
        return (
            super().render_cell_html(instance, parent_context) if isinstance(instance, Page) else mark_safe("<td></td>")
        )


class MarkReviewedTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The title, and under it "Mark as reviewed" for this one item (the bulk action's confirmation)."""

    def get_buttons(self, instance, parent_context):
        model = Page if isinstance(instance, Page) else type(instance)  # page bulk actions are Page's
        url = reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "mark_reviewed"])
        query = urlencode({"id": instance.pk, "next": parent_context["request"].get_full_path()})
        return [ListingButton(_("Mark as reviewed"), f"{url}?{query}", icon_name="tick")]


class MyReviewsView(PageBulkActionReport, AdminReportView):
    """ "Mina sidor att granska": what the signed-in owner must review, pages and documents, earliest first."""

    page_title = gettext_lazy("My pages to review")
    header_icon = "tick"
    index_url_name = "ownership_my_reviews"
    url_path = "ownership/my-reviews"
    menu_hook = "register_admin_menu_item"
    menu_order = 150
    paginate_by = 100
    bulk_action = MarkPagesReviewedBulkAction
    no_results_message = gettext_lazy("Nothing to review: everything you own is up to date.")
    columns = [
        PagesOnlyCheckboxColumn("select"),
        MarkReviewedTitleColumn(
            "title", label=gettext_lazy("Title"), get_url=lambda item: item.admin_url, get_title_id=title_id
        ),
        Column("kind", label=gettext_lazy("Type"), accessor=lambda item: capfirst(item.kind)),
        DayColumn("review_date", label=gettext_lazy("Review date")),
        Column("status", label=gettext_lazy("Status"), accessor=lambda item: STATUS_LABELS[item.status]),
    ]

    def get_queryset(self):
        return items_to_review(self.request.user)


class MyReviewsPanel(Component):
    """On every owner's admin dashboard: the first few things to review."""

    name = "my_reviews"
    template_name = "ownership/my_reviews_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        items = items_to_review(self.user)
        return {
            "items": items[:8],
            "total": len(items),
            "overdue": sum(1 for item in items if item.status == "overdue"),
        }


# "Innehållsansvar"


def responsibility_counts(group_by="department", department=None, page_type=None, today=None):
    """Group key → {status: count} over every content page: live ones by review status, and the archived.

    One aggregate query per page type. "ownerless" overlaps the review statuses:
    an ownerless page is also ok, due soon or overdue.
    """
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    key = "department_id" if group_by == "department" else "content_owner_id"
    counts = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for model in owned_page_models():
        if page_type and model._meta.model_name != page_type:
            continue
        queryset = model.objects.annotate(is_archived=in_archive()).filter(Q(live=True) | Q(is_archived=True))
        if department is not None:
            queryset = queryset.filter(department=department)
        live = Q(live=True)
        rows = queryset.values(key).annotate(
            ok=Count("pk", filter=live & Q(review_date__gt=soon)),
            due_soon=Count("pk", filter=live & Q(review_date__gte=today, review_date__lte=soon)),
            overdue=Count("pk", filter=live & Q(review_date__lt=today)),
            ownerless=Count("pk", filter=live & ownerless_filter()),
            archived=Count("pk", filter=Q(is_archived=True)),
        )
        for row in rows:
            for status in STATUSES:
                counts[row[key]][status] += row[status]
    return counts


def page_type_choices():
    return [(model._meta.model_name, model._meta.verbose_name) for model in owned_page_models()]


class ResponsibilityFilterSet(WagtailFilterSet):
    """What the counts are grouped by and made over; ContentResponsibilityView applies them."""

    group_by = django_filters.ChoiceFilter(
        label=gettext_lazy("Group by"),
        choices=[("department", gettext_lazy("Department")), ("owner", gettext_lazy("Content owner"))],
        empty_label=None,
    )
    department = django_filters.ModelChoiceFilter(label=gettext_lazy("Department"), queryset=Department.objects.all())
    page_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Page type"), choices=page_type_choices, empty_label=gettext_lazy("All page types")
    )

    class Meta:
        model = Department
        fields = []


class ContentResponsibilityView(EditorsReportView):
    """ "Innehållsansvar": for editors, how current the intranet is, by department or by owner."""

    page_title = gettext_lazy("Content responsibility")
    header_icon = "site"
    index_url_name = "content_responsibility"
    url_path = "reports/content-responsibility"
    menu_order = 890
    results_template_name = "ownership/content_responsibility_results.html"
    filterset_class = ResponsibilityFilterSet
    paginate_by = None
    list_export = ["name", *STATUSES, "total"]
    export_headings = {**STATUS_LABELS, "total": gettext_lazy("Total")}

    @property
    def choices(self):
        return self.filters.form.cleaned_data if self.filters.is_valid() else {}

    @property
    def group_label(self):
        return _("Content owner") if self.choices.get("group_by") == "owner" else _("Department")

    @property
    def columns(self):
        return [
            Column("name", label=self.group_label),
            *(NumberColumn(status, label=STATUS_LABELS[status]) for status in STATUSES),
            NumberColumn("total", label=_("Total")),
        ]

    def get_heading(self, queryset, field):
        return self.group_label if field == "name" else super().get_heading(queryset, field)

    def filter_queryset(self, queryset):
        return queryset  # the filters choose what get_queryset counts

    def get_queryset(self):
        group_by = self.choices.get("group_by") or "department"
        counts = responsibility_counts(group_by, self.choices.get("department"), self.choices.get("page_type"))
        if group_by == "department":
            names = dict(Department.objects.filter(pk__in=[k for k in counts if k]).values_list("pk", "name"))
            unnamed = _("Whole municipality")
        else:
            names = {
                user.pk: staff_label(user) + ("" if user.is_active else " – " + _("left"))
                for user in get_user_model().objects.filter(pk__in=[k for k in counts if k])
            }
            unnamed = _("No owner (deleted)")
        rows = sorted(
            (
                {"name": names.get(k, unnamed), **values, "total": sum(values[s] for s in STATUSES if s != "ownerless")}
                for k, values in counts.items()
            ),
            key=lambda row: row["name"],
        )
        if rows and not self.is_export:
            rows.append(
                {"name": _("Total"), **{field: sum(row[field] for row in rows) for field in self.list_export[1:]}}
            )
        return rows


# "Ägarlösa sidor"


def owned_pages(*conditions):
    """Pages of every owned page type (as their specific type) that meet `conditions` on that type."""
    return Page.objects.filter(
        reduce(or_, (Q(pk__in=model.objects.filter(*conditions).values("pk")) for model in owned_page_models()))
    ).specific()


class OwnerlessFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Department"), queryset=Department.objects.all(), method="in_department"
    )

    def in_department(self, queryset, name, value):
        return queryset.filter(pk__in=owned_pages(Q(department=value)).values("pk"))

    class Meta:
        model = Page
        fields = []


class OwnerlessPagesView(PageBulkActionReport, EditorsReportView):
    """ "Ägarlösa sidor": pages whose owner left, handed on in bulk (to the leaver's manager by default)."""

    page_title = gettext_lazy("Ownerless pages")
    header_icon = "warning"
    index_url_name = "ownership_ownerless"
    url_path = "reports/ownerless"
    menu_order = 895
    paginate_by = 100
    bulk_action = ChangeOwnerBulkAction
    filterset_class = OwnerlessFilterSet
    no_results_message = gettext_lazy("No ownerless pages.")
    columns = [
        BulkActionsColumn("select"),
        TitleColumn(
            "title",
            label=gettext_lazy("Page"),
            url_name="wagtailadmin_pages:edit",
            get_title_id=title_id,
            accessor=lambda page: page.title if page.live else f"{page.title} ({_('archived')})",
        ),
        Column("department", label=gettext_lazy("Department")),
        Column("former_owner", label=gettext_lazy("Former owner")),
        Column("suggested_owner_name", label=gettext_lazy("Suggested owner")),
    ]
    list_export = ["title", "url_path", "department", "former_owner", "suggested_owner_name"]
    export_headings = {"url_path": gettext_lazy("Path"), **{column.name: column.label for column in columns[1:]}}

    def get_queryset(self):
        return owned_pages(ownerless_filter()).order_by("title")

    def decorate_paginated_queryset(self, pages):
        # Several page types: select_related cannot reach their own foreign keys; prefetch can.
        prefetch_related_objects(list(pages), "department", "content_owner")
        for page in suggest_owners(pages):
            page.former_owner = staff_label(page.content_owner) if page.content_owner else _("deleted user")
            page.suggested_owner_name = staff_label(page.suggested_owner) if page.suggested_owner else ""
        return pages

    def get_filename(self):
        return "agarlosa-sidor"
