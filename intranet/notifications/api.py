"""`/api/v2/notifications/…`: my notifications, my unread count, marking read, my digest choices, muting groups.

Everything here is about the person asking: nobody reads or marks another's notifications (someone else's
id answers 404, as an unknown one does).
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.groups.models import WorkGroup
from intranet.groups.serializers import GroupRefSerializer
from intranet.headless.parameters import whole_number
from intranet.organisation.models import display_name

from . import services, texts
from .models import GroupMute, NotificationKind, NotificationSettings

MAX_PAGE = 10_000
FREQUENCY_MESSAGE = gettext_lazy("Choose one of: off, daily, weekly.")
SETTINGS_FIELDS = ["mentions", "replies", "reactions", "join_requests"]


class NotificationPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # ?page= is a number (ListParameters), as the `next` and `previous` links have it


class ActorSerializer(serializers.Serializer):
    """Who did it; None once they have left (texts.shown_actor)."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return display_name(user)


class TargetSerializer(serializers.Serializer):
    """What texts.target gives: what the notification leads to."""

    type = serializers.ChoiceField(["post", "comment", "join_request"])
    group = serializers.CharField(allow_null=True, help_text="The group's slug.")
    post = serializers.IntegerField(allow_null=True)
    comment = serializers.IntegerField(allow_null=True)
    join_request = serializers.IntegerField(allow_null=True)
    path = serializers.CharField(help_text="The reader site's address of it.")


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(NotificationKind.values)
    text = serializers.SerializerMethodField(help_text="One sentence, in Swedish, saying what happened.")
    excerpt_html = serializers.SerializerMethodField(help_text="Sanitised: safe to insert as HTML.")
    actor = serializers.SerializerMethodField()
    group = GroupRefSerializer(allow_null=True)
    target = serializers.SerializerMethodField()
    count = serializers.IntegerField(help_text="How many are counted in it (reactions).")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    read = serializers.SerializerMethodField()

    def get_text(self, notification) -> str:
        return texts.describe(notification)

    def get_excerpt_html(self, notification) -> str:
        return texts.excerpt_html(notification)

    @extend_schema_field(ActorSerializer(allow_null=True))
    def get_actor(self, notification):
        actor = texts.shown_actor(notification)
        return ActorSerializer(actor).data if actor else None

    @extend_schema_field(TargetSerializer)
    def get_target(self, notification):
        return texts.target(notification)

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedReadSerializer(UnreadCountSerializer):
    id = serializers.IntegerField()
    read = serializers.BooleanField()


class MarkedAllReadSerializer(UnreadCountSerializer):
    marked = serializers.IntegerField(help_text="How many were unread.")


class MutedGroupSerializer(GroupRefSerializer):
    muted = serializers.BooleanField()


class MutedGroupsSerializer(serializers.Serializer):
    results = GroupRefSerializer(many=True)


class ListParameters(serializers.Serializer):
    # Read here so that a value that is no number is a 400; the paginator then reads the number.
    page = whole_number("page", 1, MAX_PAGE, required=False)
    page_size = whole_number("page_size", 1, NotificationPagination.max_page_size, required=False)


@extend_schema(summary="My notifications, newest first", parameters=[ListParameters])
class NotificationListView(generics.ListAPIView):
    """`GET /api/v2/notifications/`: newest first, 20 a page (`?page=`, `?page_size=` up to 100)."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self):
        parameters = ListParameters(data=self.request.query_params)
        if not parameters.is_valid():
            raise ValidationError(parameters.errors)
        return services.notifications_for(self.request.user)


class UnreadCountView(APIView):
    """`GET /api/v2/notifications/unread-count/` → `{"unread": 3}`."""

    @extend_schema(summary="How many of my notifications are unread", responses=UnreadCountSerializer)
    def get(self, request):
        return Response(UnreadCountSerializer({"unread": services.unread_count(request.user)}).data)


class MarkReadView(APIView):
    """`POST /api/v2/notifications/<id>/read/`: mark one of mine read."""

    @extend_schema(summary="Mark one read", request=None, responses=MarkedReadSerializer)
    def post(self, request, pk):
        if not services.mark_read(request.user, pk):
            raise NotFound(_("You have no notification with that id."))
        marked = {"id": pk, "read": True, "unread": services.unread_count(request.user)}
        return Response(MarkedReadSerializer(marked).data)


class MarkAllReadView(APIView):
    """`POST /api/v2/notifications/read-all/`: mark all of mine read."""

    @extend_schema(summary="Mark all read", request=None, responses=MarkedAllReadSerializer)
    def post(self, request):
        return Response(MarkedAllReadSerializer({"marked": services.mark_all_read(request.user), "unread": 0}).data)


class DigestSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationSettings
        fields = SETTINGS_FIELDS
        extra_kwargs = {
            # Required: every choice is always answered (a PATCH, partial, still sets only those it names).
            name: {
                "required": True,
                "error_messages": {key: FREQUENCY_MESSAGE for key in ("invalid_choice", "blank", "null")},
            }
            for name in SETTINGS_FIELDS
        }


class DigestSettingsView(APIView):
    """`GET`/`PATCH /api/v2/notifications/settings/`: per kind, "off", "daily" or "weekly" by email."""

    @extend_schema(summary="My email digest choices", responses=DigestSettingsSerializer)
    def get(self, request):
        return Response(DigestSettingsSerializer(services.settings_for(request.user)).data)

    @extend_schema(
        summary="Change my email digest choices", request=DigestSettingsSerializer, responses=DigestSettingsSerializer
    )
    def patch(self, request):
        if not isinstance(request.data, dict) or not set(request.data) <= set(SETTINGS_FIELDS):
            raise ValidationError(_("Only these can be set: %(fields)s.") % {"fields": ", ".join(SETTINGS_FIELDS)})
        serializer = DigestSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        # The row is made on the first change; until then the defaults hold.
        choices, _created = NotificationSettings.objects.get_or_create(user=request.user)
        return Response(DigestSettingsSerializer(serializer.update(choices, serializer.validated_data)).data)


class MutedGroupsView(APIView):
    """`GET /api/v2/notifications/muted-groups/`: the groups I hear nothing from."""

    @extend_schema(summary="The groups I have muted", responses=MutedGroupsSerializer)
    def get(self, request):
        mutes = GroupMute.objects.filter(user=request.user).select_related("group").order_by("group__name")
        return Response(MutedGroupsSerializer({"results": [mute.group for mute in mutes]}).data)


class MutedGroupView(APIView):
    """`PUT`/`DELETE /api/v2/notifications/muted-groups/<group id>/`: mute or unmute a group (both idempotent)."""

    def find_group(self, group_id):
        group = WorkGroup.objects.filter(pk=group_id).first()
        if group is None:
            raise NotFound(_("There is no group with that id."))
        return group

    def answer(self, group, muted):
        group.muted = muted
        return Response(MutedGroupSerializer(group).data)

    @extend_schema(summary="Mute a group", request=None, responses=MutedGroupSerializer)
    def put(self, request, group_id):
        group = self.find_group(group_id)
        services.mute(request.user, group)
        return self.answer(group, muted=True)

    @extend_schema(summary="Unmute a group", responses={200: MutedGroupSerializer})
    def delete(self, request, group_id):
        group = self.find_group(group_id)
        services.unmute(request.user, group)
        return self.answer(group, muted=False)


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notifications"),
    path("notifications/unread-count/", UnreadCountView.as_view(), name="notifications_unread_count"),
    path("notifications/read-all/", MarkAllReadView.as_view(), name="notifications_read_all"),
    path("notifications/<int:pk>/read/", MarkReadView.as_view(), name="notification_read"),
    path("notifications/settings/", DigestSettingsView.as_view(), name="notification_settings"),
    path("notifications/muted-groups/", MutedGroupsView.as_view(), name="muted_groups"),
    path("notifications/muted-groups/<int:group_id>/", MutedGroupView.as_view(), name="muted_group"),
]
