"""How a group is named where something else is shown (a post, the feed, a notification, a muted group)."""

from rest_framework import serializers


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
