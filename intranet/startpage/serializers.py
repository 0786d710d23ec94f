"""How the start page and the feed look in the API."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Site

from intranet.groups.serializers import GroupRefSerializer
from intranet.headless.parameters import lazy_message
from intranet.pages.api import NewsItemSerializer, NewsParameters
from intranet.posts.sanitise import html_of
from intranet.posts.serializers import AuthorSerializer, serialize_author

from .feed import COMMENT, REASON_FOLLOWING, REASON_GROUP


class StartParameters(NewsParameters):
    """`?scope=mine|all`: the news's "alla förvaltningar" switch, read as /api/v2/news/for-me/ reads it."""

    page = None
    page_size = None


class FeedParameters(serializers.Serializer):
    cursor = serializers.CharField(
        required=False,
        max_length=500,
        help_text="Where the next page of the feed starts: the `next` link of the page before. Opaque.",
        error_messages={"max_length": lazy_message(gettext_lazy("cursor is not a valid position in the feed."))},
    )


class FeedItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(["post", "comment"])
    id = serializers.IntegerField(source="item.pk")
    group = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField(help_text="The text, sanitised: safe to insert as HTML.")
    created_at = serializers.DateTimeField(source="item.created_at")
    edited_at = serializers.DateTimeField(source="item.edited_at", allow_null=True)
    post_id = serializers.SerializerMethodField(help_text="For a comment: the post it is on.")
    parent_id = serializers.SerializerMethodField(help_text="For a reply: the comment it answers.")
    reasons = serializers.ListField(
        child=serializers.ChoiceField([REASON_GROUP, REASON_FOLLOWING]),
        help_text="Why it is in my feed: it is in one of my groups, and/or by someone I follow.",
    )

    @extend_schema_field(GroupRefSerializer)
    def get_group(self, entry):
        group = entry.item.group
        return {"id": group.pk, "name": group.name, "slug": group.slug}

    @extend_schema_field(AuthorSerializer)
    def get_author(self, entry):
        return serialize_author(entry.item.author)

    def get_body_html(self, entry) -> str:
        return html_of(entry.item)  # the posts app's sanitiser (nh3), mentions linked

    def get_post_id(self, entry) -> int | None:
        return entry.item.post_id if entry.kind == COMMENT else None

    def get_parent_id(self, entry) -> int | None:
        return entry.item.parent_id if entry.kind == COMMENT else None

    def to_representation(self, entry):
        """The fields above, built at once: DRF's field-by-field walk cost more than the rest of the feed's items."""
        item = entry.item
        is_comment = entry.kind == COMMENT
        fields = self.fields
        return {
            "kind": entry.kind,
            "id": item.pk,
            "group": self.get_group(entry),
            "author": serialize_author(item.author),
            "body_html": html_of(item),
            "created_at": fields["created_at"].to_representation(item.created_at),
            "edited_at": None if item.edited_at is None else fields["edited_at"].to_representation(item.edited_at),
            "post_id": item.post_id if is_comment else None,
            "parent_id": item.parent_id if is_comment else None,
            "reasons": list(entry.reasons),
        }


class FeedSerializer(serializers.Serializer):
    items = FeedItemSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="The next page's URL; None on the last page.")


class StartNewsItemSerializer(NewsItemSerializer):
    """An item of /api/v2/news/for-me/, as that endpoint shows it."""

    def get_url(self, page) -> str:
        # With one site (the intranet has one), the page's path is known from Wagtail's cached root paths: no
        # need to look the request's site up in the database, as get_url(request) does on every request. With
        # several, the request decides as in /api/v2/news/for-me/.
        if len({root.site_id for root in Site.get_site_root_paths()}) == 1:
            return page.get_url()
        return super().get_url(page)

    def to_representation(self, page):
        """The fields above, built at once (as FeedItemSerializer's)."""
        fields = self.fields
        return {
            "id": page.pk,
            "title": page.title,
            "lead": page.lead,
            "date": fields["date"].to_representation(page.date),
            "url": self.get_url(page),
            "department": None
            if page.department_id is None
            else fields["department"].to_representation(page.department),
            "reason": page.reason,
        }


class NewsSectionSerializer(serializers.Serializer):
    scope = serializers.CharField()
    items = StartNewsItemSerializer(many=True)
    more = serializers.CharField(help_text="Every item of this list, page by page: /api/v2/news/for-me/.")


class MyGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="group.pk")
    name = serializers.CharField(source="group.name")
    slug = serializers.CharField(source="group.slug")
    kind = serializers.CharField(source="group.kind")
    role = serializers.CharField()


class NotificationsSectionSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class ReviewItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField()
    review_date = serializers.DateField()
    status = serializers.ChoiceField(["ok", "due_soon", "overdue"])
    admin_url = serializers.CharField()


class ReviewsSectionSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="All I own that is due within 30 days or overdue.")
    items = ReviewItemSerializer(many=True, help_text="The earliest of them.")
    more = serializers.CharField(help_text="All of them in the admin: Mina sidor att granska.")


class StartSerializer(serializers.Serializer):
    news = NewsSectionSerializer()
    feed = FeedSerializer()
    groups = MyGroupSerializer(many=True)
    notifications = NotificationsSectionSerializer()
    reviews = ReviewsSectionSerializer()
