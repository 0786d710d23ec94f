"""`/api/v2/groups/…`: groups, membership and join requests for the reader site and other front ends.

Every logged-in employee reads every group, its members and its details. Every write goes through
`services`, which asks `permissions` and refuses with a Swedish sentence (`GroupError`); this module only
reads parameters, calls the service and shapes the answer. Errors are `{"message": …}` as everywhere in
the API (intranet/headless/errors.py).
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.images import get_image_model

from intranet.headless.parameters import MAX_SEARCH_LENGTH, check_no_control_characters, first_error, lazy_message
from intranet.headless.schema import DepartmentSerializer, error
from intranet.organisation.models import display_name
from intranet.organisation.services import department_by_id_or_slug

from . import permissions, services
from .images import image_from_upload
from .models import GroupKind, JoinPolicy, JoinRequest, Membership, RequestStatus, Role, Source, WorkGroup

#: The picture a front end shows for a group: one rendition, made once and reused.
IMAGE_FILTER = "fill-480x270"
ARCHIVED_CHOICES = ["false", "true", "all"]


class GroupRefused(exceptions.APIException):
    """A service's refusal as an answer: 403 when the person may not, 409 when the state forbids, 400 for input."""

    STATUS = {"forbidden": status.HTTP_403_FORBIDDEN, "refused": status.HTTP_409_CONFLICT}

    def __init__(self, error: services.GroupError):
        super().__init__(detail=error.message)
        self.status_code = self.STATUS.get(error.code, status.HTTP_400_BAD_REQUEST)


def refused(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except services.GroupError as error:
        raise GroupRefused(error) from None


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


# Representations ------------------------------------------------------------------------------------------


class GroupPersonSerializer(serializers.Serializer):
    """A member or someone asking to join, as the group's pages list them."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    job_title = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return display_name(user)

    def get_job_title(self, user) -> str:
        profile = getattr(user, "profile", None)
        return profile.job_title if profile else ""

    @extend_schema_field(DepartmentSerializer(allow_null=True))
    def get_department(self, user):
        profile = getattr(user, "profile", None)
        department = profile.department if profile else None
        return DepartmentSerializer(department).data if department else None


class GroupImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class MyMembershipSerializer(serializers.Serializer):
    role = serializers.ChoiceField(Role.values)
    source = serializers.ChoiceField(Source.choices)


class PendingRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()


def image(group):
    if group.image is None:
        return None
    rendition = group.image.get_rendition(IMAGE_FILTER)
    return {"id": group.image.pk, "url": rendition.url, "width": rendition.width, "height": rendition.height}


class GroupSerializer(serializers.ModelSerializer):
    department = DepartmentSerializer(allow_null=True)
    image = serializers.SerializerMethodField()
    archived = serializers.BooleanField(source="is_archived", read_only=True)
    members_count = serializers.IntegerField(read_only=True)
    my_membership = serializers.SerializerMethodField()
    may_post = serializers.SerializerMethodField()
    may_moderate = serializers.SerializerMethodField()
    pending_request = serializers.SerializerMethodField()

    class Meta:
        model = WorkGroup
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "kind",
            "department",
            "join_policy",
            "image",
            "archived",
            "archived_at",
            "created_at",
            "members_count",
            "my_membership",
            "may_post",
            "may_moderate",
            "pending_request",
        ]

    @property
    def user(self):
        return self.context["request"].user

    @extend_schema_field(GroupImageSerializer(allow_null=True))
    def get_image(self, group):
        return image(group)

    @extend_schema_field(MyMembershipSerializer(allow_null=True))
    def get_my_membership(self, group):
        membership = permissions.membership_of(self.user, group)
        return MyMembershipSerializer(membership).data if membership else None

    def get_may_post(self, group) -> bool:
        return permissions.can_post(self.user, group)

    def get_may_moderate(self, group) -> bool:
        return permissions.can_moderate(self.user, group)

    @extend_schema_field(PendingRequestSerializer(allow_null=True))
    def get_pending_request(self, group):
        pending = self.context.get("pending_requests")
        join_request = pending.get(group.pk) if pending is not None else services.pending_request(self.user, group)
        return PendingRequestSerializer(join_request).data if join_request else None


class GroupWriteSerializer(serializers.Serializer):
    """What a person may write about a group. The rules (who, which kind, how long) are the services'."""

    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    description = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    join_policy = serializers.ChoiceField(
        JoinPolicy.values,
        required=False,
        error_messages={
            "invalid_choice": lazy_message(
                gettext_lazy("join_policy must be one of: %(choices)s"), choices=", ".join(JoinPolicy.values)
            )
        },
    )
    #: A picture file (multipart). Checked as Wagtail checks any image upload.
    image = serializers.FileField(required=False, allow_empty_file=True)
    remove_image = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        for name in ("name", "description"):
            if "\x00" in data.get(name, ""):
                raise serializers.ValidationError({name: _("The text cannot contain control characters.")})
        return data


class MemberSerializer(serializers.Serializer):
    person = GroupPersonSerializer(source="user")
    role = serializers.ChoiceField(Role.values)
    source = serializers.ChoiceField(Source.choices)
    joined_at = serializers.DateTimeField()


class JoinRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.IntegerField(source="group_id")
    person = GroupPersonSerializer(source="user")
    message = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(RequestStatus.values)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


# Parameters -----------------------------------------------------------------------------------------------


def choice(name, choices, **kwargs):
    message = lazy_message(gettext_lazy("%(name)s must be one of: %(choices)s"), name=name, choices=", ".join(choices))
    return serializers.ChoiceField(choices, error_messages={"invalid_choice": message}, **kwargs)


class ListParameters(serializers.Serializer):
    mine = choice("mine", ["true", "false"], required=False)
    kind = choice("kind", GroupKind.values, required=False)
    department = serializers.CharField(required=False, max_length=200)  # a slug or an id
    archived = choice("archived", ARCHIVED_CHOICES, required=False, default="false")
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_SEARCH_LENGTH,
        error_messages={
            "max_length": lazy_message(
                gettext_lazy("search can be at most %(max)d characters long"), max=MAX_SEARCH_LENGTH
            )
        },
    )
    page = serializers.CharField(required=False)  # read by the paginator
    page_size = serializers.CharField(required=False)

    def validate_department(self, value):
        department = department_by_id_or_slug(value)
        if department is None:
            raise serializers.ValidationError(_("Unknown department: %(value)s") % {"value": value[:100]})
        return department


class RequestParameters(serializers.Serializer):
    status = choice("status", RequestStatus.values, required=False, default=RequestStatus.PENDING)
    page = serializers.CharField(required=False)
    page_size = serializers.CharField(required=False)


class JoinRequestInput(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, default="")


class NewMemberInput(serializers.Serializer):
    user = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, error_messages={"required": gettext_lazy("Choose a person (user).")}
    )
    role = choice("role", Role.values, required=False, default=Role.MEMBER)

    def validate_user(self, value):
        user = get_user_model().objects.select_related("profile").filter(pk=value).first()
        if user is None:
            raise serializers.ValidationError(_("No such person."))
        return user


class RoleInput(serializers.Serializer):
    role = choice("role", Role.values)


def read(serializer_class, data, query=False):
    """Checked parameters or input; a bad value is a 400 with one message naming it."""
    if query:
        try:
            check_no_control_characters(data)
        except BadRequestError as error:
            raise exceptions.ValidationError({"non_field_errors": [str(error)]}) from None
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise exceptions.ValidationError({"non_field_errors": [first_error(serializer.errors)]})
    return serializer.validated_data


# Endpoints ------------------------------------------------------------------------------------------------


#: What a refusal of the services (GroupRefused) means in the schema.
FORBIDDEN = error("I may not (not a member, not the group's admin or an editor).")
REFUSED = error("The group's state does not allow it (archived, already a member, its last admin…).")
REFUSALS = {403: FORBIDDEN, 409: REFUSED}
WRITE_BODY = {"application/json": GroupWriteSerializer, "multipart/form-data": GroupWriteSerializer}


@extend_schema_view(
    list=extend_schema(summary="Groups", parameters=[ListParameters]),
    retrieve=extend_schema(summary="A group"),
    create=extend_schema(
        summary="Create a staff group", request=WRITE_BODY, responses={201: GroupSerializer, **REFUSALS}
    ),
    partial_update=extend_schema(
        summary="Change a group", request=WRITE_BODY, responses={200: GroupSerializer, **REFUSALS}
    ),
    archive=extend_schema(summary="Archive a group", request=None, responses={200: GroupSerializer, **REFUSALS}),
    unarchive=extend_schema(summary="Reopen a group", request=None, responses={200: GroupSerializer, **REFUSALS}),
    join=extend_schema(summary="Join an open group", request=None, responses={201: GroupSerializer, **REFUSALS}),
    leave=extend_schema(summary="Leave a group", request=None, responses={200: GroupSerializer, **REFUSALS}),
    approve=extend_schema(
        summary="Approve a request", request=None, responses={200: JoinRequestSerializer, **REFUSALS}
    ),
    decline=extend_schema(
        summary="Decline a request", request=None, responses={200: JoinRequestSerializer, **REFUSALS}
    ),
    withdraw=extend_schema(
        summary="Withdraw my request", request=None, responses={200: JoinRequestSerializer, **REFUSALS}
    ),
)
class GroupViewSet(viewsets.GenericViewSet):
    serializer_class = GroupSerializer  # what most actions answer; the others say theirs (extend_schema)
    pagination_class = Pages
    lookup_value_converter = "int"

    def get_queryset(self):
        images = get_image_model().objects.prefetch_renditions(IMAGE_FILTER)
        return (
            WorkGroup.objects.select_related("department")
            .prefetch_related(Prefetch("image", queryset=images))
            .annotate(members_count=Count("memberships"))
        )

    def group(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def detail_response(self, group, status_code=status.HTTP_200_OK):
        group = self.get_queryset().get(pk=group.pk)  # fresh counts and membership after a change
        permissions.forget_memberships(self.request.user)
        return Response(GroupSerializer(group, context={"request": self.request}).data, status=status_code)

    # Groups ---------------------------------------------------------------------------------------------

    def list(self, request):
        """Groups, by name; `mine`, `kind`, `department`, `archived` (false, true, all) and `search` (name)."""
        params = read(ListParameters, request.query_params, query=True)
        groups = self.get_queryset()
        if params.get("mine") == "true":
            groups = groups.filter(pk__in=Membership.objects.filter(user=request.user).values("group_id"))
        if params.get("kind"):
            groups = groups.filter(kind=params["kind"])
        if params.get("department"):
            groups = groups.filter(department=params["department"])
        if params["archived"] != "all":
            groups = groups.filter(archived_at__isnull=params["archived"] == "false")
        if params.get("search", "").strip():
            groups = groups.filter(name__icontains=params["search"].strip())
        page = self.paginate_queryset(groups.order_by("name", "pk"))
        permissions.remember_memberships(request.user, page)
        pending = {
            r.group_id: r
            for r in JoinRequest.objects.filter(user=request.user, status=RequestStatus.PENDING, group__in=page)
        }
        serializer = GroupSerializer(page, many=True, context={"request": request, "pending_requests": pending})
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, pk=None):
        return Response(GroupSerializer(self.group(), context={"request": request}).data)

    def create(self, request):
        data = read(GroupWriteSerializer, request.data)
        group_image = refused(image_from_upload, data["image"], request.user) if data.get("image") else None
        group = refused(
            services.create_group,
            request.user,
            name=data.get("name", ""),
            description=data.get("description", ""),
            image=group_image,
            join_policy=data.get("join_policy", JoinPolicy.OPEN),
        )
        return self.detail_response(group, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        group = self.group()
        data = read(GroupWriteSerializer, request.data)
        # Ask before storing a picture: someone who may not edit the group leaves no image behind.
        if not permissions.can_moderate(request.user, group):
            refused(services.update_group, request.user, group)
        changes = {name: data[name] for name in ("name", "description", "join_policy") if name in data}
        if data.get("image"):
            changes["image"] = refused(image_from_upload, data["image"], request.user)
        elif data.get("remove_image"):
            changes["image"] = None
        refused(services.update_group, request.user, group, **changes)
        return self.detail_response(group)

    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self.detail_response(refused(services.archive_group, request.user, self.group()))

    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        return self.detail_response(refused(services.unarchive_group, request.user, self.group()))

    # Joining --------------------------------------------------------------------------------------------

    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        group = self.group()
        refused(services.join_group, request.user, group)
        return self.detail_response(group, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        group = self.group()
        refused(services.leave_group, request.user, group)
        return self.detail_response(group)

    @extend_schema(
        methods=["GET"],
        summary="The group's join requests",
        parameters=[RequestParameters],
        responses={200: JoinRequestSerializer(many=True), 403: FORBIDDEN},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ask to join a closed group",
        request=JoinRequestInput,
        responses={201: JoinRequestSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["get", "post"])
    def requests(self, request, pk=None):
        """GET: the group's requests (its admins and editors). POST: ask to join (`message`)."""
        group = self.group()
        if request.method == "POST":
            data = read(JoinRequestInput, request.data)
            join_request = refused(services.request_to_join, request.user, group, data["message"])
            return Response(JoinRequestSerializer(join_request).data, status=status.HTTP_201_CREATED)
        if not permissions.can_moderate(request.user, group):
            raise exceptions.PermissionDenied(_("Only the group's admins and editors may see its requests."))
        params = read(RequestParameters, request.query_params, query=True)
        join_requests = group.join_requests.filter(status=params["status"]).select_related("user__profile__department")
        page = self.paginate_queryset(join_requests.order_by("-created_at", "-pk"))
        return self.get_paginated_response(JoinRequestSerializer(page, many=True).data)

    def join_request(self, group, request_pk):
        return get_object_or_404(JoinRequest.objects.select_related("group", "user"), group=group, pk=request_pk)

    @action(detail=True, methods=["post"], url_path="requests/<int:request_pk>/approve")
    def approve(self, request, pk=None, request_pk=None):
        join_request = self.join_request(self.group(), request_pk)
        refused(services.approve_request, request.user, join_request)
        join_request.refresh_from_db()
        return Response(JoinRequestSerializer(join_request).data)

    @action(detail=True, methods=["post"], url_path="requests/<int:request_pk>/decline")
    def decline(self, request, pk=None, request_pk=None):
        join_request = refused(services.decline_request, request.user, self.join_request(self.group(), request_pk))
        return Response(JoinRequestSerializer(join_request).data)

    @action(detail=True, methods=["post"], url_path="requests/<int:request_pk>/withdraw")
    def withdraw(self, request, pk=None, request_pk=None):
        join_request = refused(services.withdraw_request, request.user, self.join_request(self.group(), request_pk))
        return Response(JoinRequestSerializer(join_request).data)

    # Members --------------------------------------------------------------------------------------------

    @extend_schema(methods=["GET"], summary="The members, admins first", responses=MemberSerializer(many=True))
    @extend_schema(
        methods=["POST"], summary="Add a member", request=NewMemberInput, responses={201: MemberSerializer, **REFUSALS}
    )
    @action(detail=True, methods=["get", "post"])
    def members(self, request, pk=None):
        """GET: the members, admins first. POST: add someone (`user`, `role`): the group's admins and editors."""
        group = self.group()
        if request.method == "POST":
            data = read(NewMemberInput, request.data)
            membership = refused(services.add_member, request.user, group, data["user"], data["role"])
            return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)
        members = group.memberships.select_related("user__profile__department").order_by(
            "role", "user__first_name", "user__last_name", "user__username"
        )  # "admin" sorts before "member"
        page = self.paginate_queryset(members)
        return self.get_paginated_response(MemberSerializer(page, many=True).data)

    @extend_schema(
        methods=["PATCH"],
        summary="Change a member's role",
        request=RoleInput,
        responses={200: MemberSerializer, **REFUSALS},
    )
    @extend_schema(methods=["DELETE"], summary="Take someone out of the group", responses={204: None, **REFUSALS})
    @action(detail=True, methods=["patch", "delete"], url_path="members/<int:user_pk>")
    def member(self, request, pk=None, user_pk=None):
        """PATCH `role`: promote or demote. DELETE: take the person out of the group."""
        group = self.group()
        user = get_object_or_404(get_user_model(), pk=user_pk)
        if request.method == "DELETE":
            refused(services.remove_member, request.user, group, user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = read(RoleInput, request.data)
        membership = refused(services.set_role, request.user, group, user, data["role"])
        membership = Membership.objects.select_related("user__profile__department").get(pk=membership.pk)
        return Response(MemberSerializer(membership).data)


router = SimpleRouter(use_regex_path=False)
router.register("groups", GroupViewSet, basename="groups")
urlpatterns = router.urls
