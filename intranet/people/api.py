"""`/api/v2/people/`: the people directory ("Hitta medarbetare") for the reader site and other front ends.

- `GET /api/v2/people/?q=&department=&page=`: active staff, found through the search engine when `q` is given,
  otherwise by name; with a facet by department.
- `GET /api/v2/people/suggest/?q=`: the @mention picker: names beginning with what is typed, with usernames.
- `GET /api/v2/people/<id>/`: a profile (by user id). `GET …/<id>/photo/`: the photo, to logged-in staff only.
- `POST`/`DELETE /api/v2/people/<id>/follow/`: follow or unfollow; `GET /api/v2/people/following/`: whom I follow.
- `GET /api/v2/people/org/?department=<slug or id>`: the department down the manager chain.
"""

import re

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.headless.parameters import whole_number
from intranet.headless.schema import error
from intranet.organisation.models import Department
from intranet.organisation.services import department_by_id_or_slug

from . import services
from .models import ProfilePhoto
from .search import PER_PAGE, SUGGESTIONS, PeopleSearchUnavailable, find_people
from .serializers import (
    DepartmentFacetSerializer,
    FollowingSerializer,
    FollowSerializer,
    MentionSuggestionsSerializer,
    OrgSerializer,
    PeopleSerializer,
    PersonDetailSerializer,
)

#: The search engine is down: the listing with `q`, and the mention picker, answer 503.
UNAVAILABLE = error("Search is not available right now.")

MAX_PAGE = 500
MAX_QUERY_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def unavailable():
    return Response({"message": _("Search is not available right now. Try again in a few minutes.")}, status=503)


def not_found():
    return NotFound(_("There is no such person in the directory."))


# Parameters ------------------------------------------------------------------


class WordsField(serializers.CharField):
    """What the reader typed: control characters become spaces, at most MAX_QUERY_LENGTH characters."""

    def to_internal_value(self, data):
        return " ".join(CONTROL_CHARACTERS.sub(" ", str(data)).split())[:MAX_QUERY_LENGTH]


class ListParameters(serializers.Serializer):
    q = WordsField(required=False, allow_blank=True, trim_whitespace=False)
    department = serializers.CharField(required=False, allow_blank=True)
    page = whole_number("page", 1, MAX_PAGE, default=1)


class SuggestParameters(serializers.Serializer):
    q = WordsField(
        trim_whitespace=False,
        error_messages={"required": gettext_lazy("Write the beginning of a name (q)."), "blank": ""},
    )


class OrgParameters(serializers.Serializer):
    department = serializers.CharField(error_messages={"required": gettext_lazy("Choose a department (department).")})


def checked(serializer_class, params):
    parameters = serializer_class(data=params)
    parameters.is_valid(raise_exception=True)
    return parameters.validated_data


def find_department(value):
    """By id or by slug, as the pages API takes it; a clear 400 for anything else."""
    department = department_by_id_or_slug(value)
    if department is None:
        raise ValidationError({"department": _("Unknown department: %(value)s") % {"value": value[:100]}})
    return department


def department_facet(counts):
    departments = Department.objects.in_bulk(list(counts))
    for pk, count in counts.items():
        if pk in departments:
            departments[pk].count = count
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return DepartmentFacetSerializer([departments[pk] for pk, _count in ordered if pk in departments], many=True).data


# Views -----------------------------------------------------------------------


class PeopleView(APIView):
    @extend_schema(
        summary="Find colleagues",
        parameters=[ListParameters],
        responses={200: PeopleSerializer, 503: UNAVAILABLE},
    )
    def get(self, request):
        data = checked(ListParameters, request.query_params)
        department = find_department(data["department"]) if data.get("department") else None
        offset = (data["page"] - 1) * PER_PAGE
        if data.get("q"):
            try:
                result = find_people(data["q"], department=department, offset=offset, limit=PER_PAGE)
            except PeopleSearchUnavailable:
                return unavailable()
            # Photos for the page of results in one query, not one per person.
            with_photo = set(
                ProfilePhoto.objects.filter(user_id__in=[p.user_id for p in result.people]).values_list(
                    "user_id", flat=True
                )
            )
            for profile in result.people:
                profile.has_photo = profile.user_id in with_photo
            total, people, facets = result.total, result.people, result.facets["department"]
        else:
            everyone = services.active_people()
            if department is not None:
                everyone = everyone.filter(department=department)
            total = everyone.count()
            people = list(everyone.order_by("user__first_name", "user__last_name", "pk")[offset : offset + PER_PAGE])
            facets = {}
        found = {
            "query": data.get("q", ""),
            "total": total,
            "page": data["page"],
            "per_page": PER_PAGE,
            "results": people,
            "facets": {"department": department_facet(facets)},
        }
        return Response(PeopleSerializer(found).data)


class SuggestView(APIView):
    """Names that begin with what is typed after "@", for the mention picker; the username is what it inserts."""

    @extend_schema(
        operation_id="people_suggest",
        summary="Suggest colleagues to mention",
        parameters=[SuggestParameters],
        responses={200: MentionSuggestionsSerializer, 503: UNAVAILABLE},
    )
    def get(self, request):
        data = checked(SuggestParameters, request.query_params)
        if not data["q"]:
            raise ValidationError({"q": _("Write the beginning of a name (q).")})
        try:
            result = find_people(data["q"].lstrip("@"), limit=SUGGESTIONS, prefixes_only=True)
        except PeopleSearchUnavailable:
            return unavailable()
        return Response(MentionSuggestionsSerializer({"query": data["q"], "suggestions": result.people}).data)


class PersonView(APIView):
    @extend_schema(summary="A colleague's profile", responses=PersonDetailSerializer)
    def get(self, request, user_id):
        profile = services.profile_for(user_id, request.user)
        if profile is None:
            raise not_found()
        return Response(PersonDetailSerializer(profile).data)


class PhotoView(APIView):
    """The photo the directory sync stored; only for active people, only to logged-in staff (the API's rule)."""

    @extend_schema(summary="A colleague's photo", responses={(200, "image/jpeg"): OpenApiResponse(bytes)})
    def get(self, request, user_id):
        photo = ProfilePhoto.objects.filter(user_id=user_id, user__is_active=True).only("image").first()
        if photo is None:
            raise NotFound(_("This person has no photo."))
        response = HttpResponse(bytes(photo.image), content_type="image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
        return response


class FollowView(APIView):
    @extend_schema(
        summary="Follow a colleague",
        request=None,
        responses={200: FollowSerializer, 201: FollowSerializer},
    )
    def post(self, request, user_id):
        try:
            _follow, created = services.follow(request.user, user_id)
        except services.CannotFollow as error:
            raise ValidationError({"user": str(error)}) from error
        except LookupError as error:
            raise not_found() from error
        answer = FollowSerializer({"following": True}).data
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Stop following a colleague", responses={204: None})
    def delete(self, request, user_id):
        services.unfollow(request.user, user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FollowingView(APIView):
    @extend_schema(summary="The colleagues I follow", responses=FollowingSerializer)
    def get(self, request):
        return Response(FollowingSerializer({"results": services.followed_people(request.user)}).data)


class OrgView(APIView):
    @extend_schema(summary="A department down the manager chain", parameters=[OrgParameters], responses=OrgSerializer)
    def get(self, request):
        department = find_department(checked(OrgParameters, request.query_params)["department"])
        roots = services.org_chart(department)
        return Response(OrgSerializer({"department": department, "tree": roots}).data)


urlpatterns = [
    path("", PeopleView.as_view(), name="people"),
    path("suggest/", SuggestView.as_view(), name="people_suggest"),
    path("following/", FollowingView.as_view(), name="people_following"),
    path("org/", OrgView.as_view(), name="people_org"),
    path("<int:user_id>/", PersonView.as_view(), name="people_detail"),
    path("<int:user_id>/photo/", PhotoView.as_view(), name="people_photo"),
    path("<int:user_id>/follow/", FollowView.as_view(), name="people_follow"),
]
