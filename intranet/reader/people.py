"""Hitta medarbetare: the people directory, a colleague's profile and a department's org view.

Searching goes through the people search (`intranet.people.search.find_people`: the engine, with å/ä/ö folded
and numbers found however they are written); listing without a query is by name. Only active staff are shown.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from intranet.organisation.models import Department
from intranet.organisation.services import department_by_id_or_slug
from intranet.people import services
from intranet.people.models import ProfilePhoto
from intranet.people.search import PER_PAGE, PeopleSearchUnavailable, find_people

from .forms import PeopleSearchForm
from .htmx import done, failed, limited_writes

#: The directory's pages go no further than the API's (a search deeper than this is not browsing).
MAX_PAGE = 500


def page_number(request):
    value = request.GET.get("sida", "1")
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) > 0 else 1


def directory(request):
    form = PeopleSearchForm(request.GET or None)
    query, department, status = "", None, 200
    if form.is_valid():
        query = " ".join(form.cleaned_data["q"].split())
        if form.cleaned_data["department"]:
            department = department_by_id_or_slug(form.cleaned_data["department"])
            if department is None:
                form.add_error("department", _("Unknown department."))
                status = 400
    number = page_number(request)
    context = {"form": form, "query": query, "department": department, "reader_area": "people", "facets": []}
    if query:
        try:
            result = find_people(query, department=department, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
        except PeopleSearchUnavailable:
            context["unavailable"] = True
            return render(request, "reader/people/directory.html", context, status=503)
        with_photo = set(
            ProfilePhoto.objects.filter(user_id__in=[p.user_id for p in result.people]).values_list(
                "user_id", flat=True
            )
        )
        for profile in result.people:
            profile.has_photo = profile.user_id in with_photo
        counts = result.facets["department"]
        departments = Department.objects.in_bulk(list(counts))
        context["facets"] = [
            (departments[pk], count)
            for pk, count in sorted(counts.items(), key=lambda item: -item[1])
            if pk in departments
        ]
        context.update(
            people=result.people,
            total=result.total,
            number=number,
            has_previous=number > 1,
            has_next=number * PER_PAGE < result.total,
        )
    else:
        everyone = services.active_people()
        if department is not None:
            everyone = everyone.filter(department=department)
        page = Paginator(everyone.order_by("user__first_name", "user__last_name", "pk"), PER_PAGE).get_page(number)
        context.update(
            people=page.object_list,
            total=page.paginator.count,
            number=page.number,
            has_previous=page.has_previous(),
            has_next=page.has_next(),
        )
    context["departments"] = Department.objects.order_by("name").only("name", "slug")
    return render(request, "reader/people/directory.html", context, status=status)


@limited_writes
def profile(request, user_id):
    here = f"/medarbetare/{user_id}/"
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "follow":
                services.follow(request.user, user_id)
                return done(request, _("You follow them now: what they write appears in your feed."), here)
            if action == "unfollow":
                services.unfollow(request.user, user_id)
                return done(request, _("You no longer follow them."), here)
        except services.CannotFollow as error:
            return failed(request, str(error), here)
        except LookupError:
            raise Http404(_("There is no such person in the directory.")) from None
        return failed(request, _("Unknown action."), here)
    found = services.profile_for(user_id, request.user)
    if found is None:
        raise Http404(_("There is no such person in the directory."))
    return render(
        request,
        "reader/people/profile.html",
        {"profile": found, "person": found.person, "is_me": user_id == request.user.pk, "reader_area": "people"},
    )


def org_view(request, slug):
    department = get_object_or_404(Department, slug=slug)
    return render(
        request,
        "reader/people/org.html",
        {"department": department, "roots": services.org_chart(department), "reader_area": "people"},
    )
