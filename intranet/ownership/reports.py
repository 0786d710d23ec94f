"""The admin's views of content responsibility: my reviews, the editors' overview, and ownerless pages."""

import csv
import datetime
from collections import defaultdict

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component

from intranet.organisation.models import Department
from intranet.publishing.services import can_publish_somewhere
from intranet.security.spreadsheets import neutralise_formula

from .chooser import content_owner_chooser_viewset, staff_label
from .models import DUE_SOON_DAYS, review_status
from .services import (
    ManagerChain,
    can_mark_reviewed,
    in_archive,
    owned_models,
    owned_page_models,
    ownerless_filter,
    reassign_owner,
)

STATUSES = ["ok", "due_soon", "overdue", "ownerless", "archived"]
STATUS_LABELS = {
    "ok": gettext_lazy("OK"),
    "due_soon": gettext_lazy("Due soon"),
    "overdue": gettext_lazy("Overdue"),
    "ownerless": gettext_lazy("Ownerless"),
    "archived": gettext_lazy("Archived"),
}


def items_to_review(user, today=None):
    """The user's live pages and documents that are due within 30 days or overdue, earliest first."""
    today = today or timezone.localdate()
    items = []
    url_finder = AdminURLFinder()
    for model in owned_models():
        queryset = model.objects.filter(
            content_owner=user, review_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
        if hasattr(model, "live"):
            queryset = queryset.filter(live=True)
        content_type = ContentType.objects.get_for_model(model)
        for obj in queryset.only("pk", "title", "review_date"):
            obj.key = f"{content_type.pk}:{obj.pk}"
            obj.status = review_status(obj.review_date, today)
            obj.kind = model._meta.verbose_name
            obj.admin_url = url_finder.get_edit_url(obj)
            items.append(obj)
    return sorted(items, key=lambda obj: (obj.review_date, obj.title))


class ReviewSelectionField(forms.Field):
    """The items ticked in "Mina sidor att granska": "<content type id>:<id>" of a page type or the document model.

    Anything else (another content type, a number that is none, garbage) is refused as a whole, with a message.
    """

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": gettext_lazy("This selection cannot be marked as reviewed: %(value)s")}

    def to_python(self, keys):
        models = {ContentType.objects.get_for_model(model).pk: model for model in owned_models()}
        number = forms.IntegerField(min_value=1)
        chosen = []
        for key in keys or []:
            content_type_id, _sep, object_id = key.partition(":")
            try:
                chosen.append((models[number.clean(content_type_id)], number.clean(object_id)))
            except (KeyError, forms.ValidationError):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": key[:100]}
                ) from None
        return chosen


class ReviewSelectionForm(forms.Form):
    selected = ReviewSelectionField(required=False)  # nothing ticked: said after the (empty) marking


def my_reviews(request):
    """ "Mina sidor att granska": what the signed-in owner must review, with a bulk "mark as reviewed"."""
    status = 200
    if request.method == "POST":
        form = ReviewSelectionForm(request.POST)
        if form.is_valid():
            marked = 0
            for model, pk in form.cleaned_data["selected"]:
                obj = model.objects.filter(pk=pk).first()
                if obj is not None and can_mark_reviewed(request.user, obj):
                    obj.mark_reviewed(request.user)
                    marked += 1
            if marked:
                messages.success(
                    request,
                    ngettext("%(count)s item marked as reviewed.", "%(count)s items marked as reviewed.", marked)
                    % {"count": marked},
                )
            else:
                messages.error(request, _("Choose at least one item to mark as reviewed."))
            return redirect("ownership_my_reviews")
        # Nothing is marked; the list is shown again with what was wrong.
        status = 400
        for error in form.errors["selected"]:
            messages.error(request, error)
    items = items_to_review(request.user)
    return TemplateResponse(
        request,
        "ownership/my_reviews.html",
        {"items": Paginator(items, 100).get_page(request.GET.get("p")), "total": len(items)},
        status=status,
    )


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


class OverviewFilterForm(forms.Form):
    group_by = forms.ChoiceField(
        label=gettext_lazy("Group by"),
        choices=[("department", gettext_lazy("Department")), ("owner", gettext_lazy("Content owner"))],
        required=False,
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.all(), required=False
    )
    page_type = forms.ChoiceField(label=gettext_lazy("Page type"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page_type"].choices = [("", _("All page types"))] + [
            (model._meta.model_name, model._meta.verbose_name) for model in owned_page_models()
        ]


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


def content_responsibility(request):
    """ "Innehållsansvar": for editors, how current the intranet is, by department or by owner."""
    if not can_publish_somewhere(request.user):
        raise PermissionDenied
    form = OverviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    group_by = filters.get("group_by") or "department"
    counts = responsibility_counts(group_by, filters.get("department"), filters.get("page_type"))
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
            {
                "name": names.get(k, unnamed),
                **values,
                "total": sum(values[s] for s in STATUSES[:3]) + values["archived"],
            }
            for k, values in counts.items()
        ),
        key=lambda row: row["name"],
    )
    totals = {status: sum(row[status] for row in rows) for status in STATUSES + ["total"]}
    if request.GET.get("export") == "csv":
        return _csv(rows, group_by)
    return TemplateResponse(
        request,
        "ownership/content_responsibility.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals,
            "statuses": [(status, STATUS_LABELS[status]) for status in STATUSES],
            "group_label": _("Department") if group_by == "department" else _("Content owner"),
            "export_query": _with_export(request.GET),
        },
    )


def _with_export(query):
    query = query.copy()
    query["export"] = "csv"
    return query.urlencode()


def _csv(rows, group_by):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="innehallsansvar.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 (å, ä, ö) correctly only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Department") if group_by == "department" else _("Content owner")]
        + [str(STATUS_LABELS[s]) for s in STATUSES]
        + [_("Total")]
    )
    for row in rows:
        writer.writerow([neutralise_formula(row["name"])] + [row[s] for s in STATUSES] + [row["total"]])
    return response


# Ownerless pages


class ReassignForm(forms.Form):
    new_owner = forms.ModelChoiceField(
        label=gettext_lazy("New owner"),
        help_text=gettext_lazy("(optional) Leave empty to give each page to the suggested owner."),
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        widget=content_owner_chooser_viewset.widget_class,
    )


def ownerless_pages(department=None):
    pages = []
    for model in owned_page_models():
        queryset = model.objects.filter(ownerless_filter()).select_related("content_owner", "department")
        if department is not None:
            queryset = queryset.filter(department=department)
        pages.extend(queryset.order_by("title"))
    return pages


def ownerless_report(request):
    """ "Ägarlösa sidor": pages whose owner left, handed on in bulk (to the leaver's manager by default)."""
    if not can_publish_somewhere(request.user):
        raise PermissionDenied
    department = Department.objects.filter(pk=request.GET.get("department") or None).first()
    pages = ownerless_pages(department)
    managers = ManagerChain()
    url_finder = AdminURLFinder()
    suggestion_ids = {
        page.pk: managers.escalation_manager(page.content_owner_id) if page.content_owner_id else None for page in pages
    }
    suggested = get_user_model().objects.in_bulk([pk for pk in suggestion_ids.values() if pk])
    for page in pages:
        page.suggested_owner = suggested.get(suggestion_ids[page.pk])
        page.admin_url = url_finder.get_edit_url(page)

    form = ReassignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selected = set(request.POST.getlist("selected"))  # compared as text: no number to read, none to get wrong
        chosen = [page for page in pages if str(page.pk) in selected]
        new_owner = form.cleaned_data["new_owner"]
        by_owner = defaultdict(list)
        without_suggestion = []
        for page in chosen:
            owner = new_owner or page.suggested_owner
            if owner is None:
                without_suggestion.append(page.title)
            else:
                by_owner[owner].append(page)
        changed = sum(reassign_owner(owner_pages, owner) for owner, owner_pages in by_owner.items())
        if changed:
            messages.success(
                request,
                ngettext("%(count)s page has a new owner.", "%(count)s pages have new owners.", changed)
                % {"count": changed},
            )
        if without_suggestion:
            messages.error(
                request,
                _("No suggested owner for: %(titles)s. Choose a new owner for them.")
                % {"titles": ", ".join(without_suggestion)},
            )
        if not chosen:
            messages.error(request, _("Choose at least one page."))
        return redirect(request.get_full_path())
    return TemplateResponse(
        request,
        "ownership/ownerless.html",
        {"pages": pages, "form": form, "departments": Department.objects.all(), "department": department},
    )
