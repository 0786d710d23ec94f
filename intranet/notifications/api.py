"""`/api/v2/notifications/…`: my notifications, my unread count, marking read, my digest choices, muting groups.

Everything here is about the person asking: nobody reads or marks another's notifications (someone else's
id answers 404, as an unknown one does).
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.groups.models import WorkGroup
from intranet.headless.parameters import whole_number
from intranet.organisation.models import display_name

from . import services, texts
from .models import GroupMute, NotificationSettings

MAX_PAGE = 10_000
FREQUENCY_MESSAGE = gettext_lazy("Choose one of: off, daily, weekly.")
SETTINGS_FIELDS = ["mentions", "replies", "reactions", "join_requests"]


class NotificationPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # ?page= is a number (ListParameters), as the `next` and `previous` links have it


class NotificationSerializer(serializers.Serializer):
    def to_representation(self, notification):
        actor = texts.shown_actor(notification)
        group = notification.group
        return {
            "id": notification.pk,
            "kind": notification.kind,
            "text": texts.describe(notification),
            "excerpt_html": texts.excerpt_html(notification),
            "actor": {"id": actor.pk, "name": display_name(actor)} if actor else None,
            "group": {"id": group.pk, "name": group.name, "slug": group.slug} if group else None,
            "target": texts.target(notification),
            "count": notification.count,
            "created_at": serializers.DateTimeField().to_representation(notification.created_at),
            "updated_at": serializers.DateTimeField().to_representation(notification.updated_at),
            "read": notification.read_at is not None,
        }


class ListParameters(serializers.Serializer):
    # Read here so that a value that is no number is a 400; the paginator then reads the number.
    page = whole_number("page", 1, MAX_PAGE, required=False)
    page_size = whole_number("page_size", 1, NotificationPagination.max_page_size, required=False)


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

    def get(self, request):
        return Response({"unread": services.unread_count(request.user)})


class MarkReadView(APIView):
    """`POST /api/v2/notifications/<id>/read/`: mark one of mine read."""

    def post(self, request, pk):
        if not services.mark_read(request.user, pk):
            raise NotFound(_("You have no notification with that id."))
        return Response({"id": pk, "read": True, "unread": services.unread_count(request.user)})


class MarkAllReadView(APIView):
    """`POST /api/v2/notifications/read-all/`: mark all of mine read."""

    def post(self, request):
        return Response({"marked": services.mark_all_read(request.user), "unread": 0})


class DigestSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationSettings
        fields = SETTINGS_FIELDS
        extra_kwargs = {
            name: {"error_messages": {key: FREQUENCY_MESSAGE for key in ("invalid_choice", "blank", "null")}}
            for name in SETTINGS_FIELDS
        }


class DigestSettingsView(APIView):
    """`GET`/`PATCH /api/v2/notifications/settings/`: per kind, "off", "daily" or "weekly" by email."""

    def get(self, request):
        return Response(DigestSettingsSerializer(services.settings_for(request.user)).data)

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

    def get(self, request):
        mutes = GroupMute.objects.filter(user=request.user).select_related("group").order_by("group__name")
        return Response({"results": [{"id": m.group.pk, "name": m.group.name, "slug": m.group.slug} for m in mutes]})


class MutedGroupView(APIView):
    """`PUT`/`DELETE /api/v2/notifications/muted-groups/<group id>/`: mute or unmute a group (both idempotent)."""

    def find_group(self, group_id):
        group = WorkGroup.objects.filter(pk=group_id).first()
        if group is None:
            raise NotFound(_("There is no group with that id."))
        return group

    def put(self, request, group_id):
        group = self.find_group(group_id)
        services.mute(request.user, group)
        return Response({"id": group.pk, "name": group.name, "slug": group.slug, "muted": True})

    def delete(self, request, group_id):
        group = self.find_group(group_id)
        services.unmute(request.user, group)
        return Response({"id": group.pk, "name": group.name, "slug": group.slug, "muted": False})


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notifications"),
    path("notifications/unread-count/", UnreadCountView.as_view(), name="notifications_unread_count"),
    path("notifications/read-all/", MarkAllReadView.as_view(), name="notifications_read_all"),
    path("notifications/<int:pk>/read/", MarkReadView.as_view(), name="notification_read"),
    path("notifications/settings/", DigestSettingsView.as_view(), name="notification_settings"),
    path("notifications/muted-groups/", MutedGroupsView.as_view(), name="muted_groups"),
    path("notifications/muted-groups/<int:group_id>/", MutedGroupView.as_view(), name="muted_group"),
]
