"""How posts, comments, reactions, attachments and the moderation log look in the API (intranet/posts/api.py).

One serializer per shape: the views answer through these, and the OpenAPI schema (/api/schema/) is read from the
same classes, so what is described is what is sent. Listings give them what they read in bulk in the context:
`reactions` (a `ReactionCounts` for the page) and `request`.
"""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from intranet.groups.serializers import GroupRefSerializer

from .models import AttachmentKind, ModerationAction, ReactionKind, author_name
from .sanitise import html_of, render_html


def serialize_author(user):
    """Who wrote it; someone who has left is "tidigare medarbetare", with no id to look them up by."""
    if user is None or not user.is_active:
        return {"id": None, "name": author_name(None), "former_colleague": True}
    return {"id": user.pk, "name": author_name(user), "former_colleague": False}


class AuthorSerializer(serializers.Serializer):
    """What `serialize_author` gives: the same author wherever a post or comment is shown (the feed too)."""

    id = serializers.IntegerField(allow_null=True, help_text="None for a former colleague.")
    name = serializers.CharField(help_text="“tidigare medarbetare” for someone who has left.")
    former_colleague = serializers.BooleanField()


#: Stands for a deleted account, so that DRF hands AuthorField a value (it skips fields whose value is None).
FORMER = object()


@extend_schema_field(AuthorSerializer)
class AuthorField(serializers.Field):
    """An author, also one whose account is gone (None): DRF would show a missing nested object as null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance) or FORMER

    def to_representation(self, user):
        return serialize_author(None if user is FORMER else user)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(AttachmentKind.choices)
    filename = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    url = serializers.SerializerMethodField(help_text="The file, to logged-in staff only.")

    def get_url(self, attachment) -> str:
        return f"/api/v2/posts/{attachment.post_id}/attachments/{attachment.pk}/"


#: One count per kind of reaction, every kind present.
ReactionCountsSerializer = type(
    "ReactionCountsSerializer",
    (serializers.Serializer,),
    {kind: serializers.IntegerField(min_value=0) for kind in ReactionKind.values},
)


class ReactionsSerializer(serializers.Serializer):
    """What `ReactionCounts.of()` gives: the counts, and which of them are mine."""

    counts = ReactionCountsSerializer()
    mine = serializers.ListField(child=serializers.ChoiceField(ReactionKind.values))


class TextSerializer(serializers.Serializer):
    """What a post and a comment both show."""

    id = serializers.IntegerField()
    author = AuthorField()
    body = serializers.CharField(help_text="As written: for the edit form.")
    body_html = serializers.SerializerMethodField(help_text="Sanitised, mentions linked: safe to insert as HTML.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    is_mine = serializers.SerializerMethodField()
    reactions = serializers.SerializerMethodField()

    def get_body_html(self, item) -> str:
        return html_of(item)

    def get_is_mine(self, item) -> bool:
        return item.author_id == self.context["request"].user.pk

    @extend_schema_field(ReactionsSerializer)
    def get_reactions(self, item):
        return self.context["reactions"].of(item.pk)


class PostSerializer(TextSerializer):
    group = GroupRefSerializer()
    attachments = AttachmentSerializer(many=True)
    comment_count = serializers.IntegerField(help_text="Comments and replies not removed.")


class CommentSerializer(TextSerializer):
    post = serializers.IntegerField(source="post_id")
    reply_to = serializers.IntegerField(source="parent_id", allow_null=True, help_text="The comment it answers.")


class CommentThreadSerializer(CommentSerializer):
    """A top comment with its replies, oldest first."""

    replies = CommentSerializer(many=True)


class RemovedCommentThreadSerializer(serializers.Serializer):
    """A removed top comment whose replies are still there: its place in the thread, nothing of its text."""

    id = serializers.IntegerField()
    removed = serializers.BooleanField(help_text="Always true.")
    replies = CommentSerializer(many=True)


class PostDetailSerializer(PostSerializer):
    """A post with every comment (`context["comments"]`, from `comments_with_replies`)."""

    comments = serializers.SerializerMethodField()
    may_moderate = serializers.BooleanField(help_text="Whether I may remove content in this post's group.")

    @extend_schema_field(
        PolymorphicProxySerializer(
            "CommentThreadOrRemoved",
            serializers=[CommentThreadSerializer, RemovedCommentThreadSerializer],
            resource_type_field_name=None,
            many=True,
        )
    )
    def get_comments(self, post):
        return self.context["comments"]


class CurrentTextSerializer(serializers.Serializer):
    body = serializers.CharField()
    body_html = serializers.SerializerMethodField()
    edited_at = serializers.DateTimeField(allow_null=True)

    def get_body_html(self, item) -> str:
        return html_of(item)


class EditSerializer(serializers.Serializer):
    """An earlier text of a post or comment."""

    body = serializers.CharField()
    # An earlier text links no mentions: those it had are still on the post.
    body_html = serializers.SerializerMethodField()
    replaced_at = serializers.DateTimeField(source="edited_at")

    def get_body_html(self, edit) -> str:
        return render_html(edit.body)


class HistorySerializer(serializers.Serializer):
    current = CurrentTextSerializer()
    results = EditSerializer(many=True, help_text="Newest first.")


class ModeratedGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ModerationRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.ChoiceField(ModerationAction.choices)
    action_label = serializers.CharField(source="get_action_display")
    moderator = AuthorField()
    group = ModeratedGroupSerializer()
    post = serializers.IntegerField(source="post_id", allow_null=True)
    comment = serializers.IntegerField(source="comment_id", allow_null=True)
    author = serializers.SerializerMethodField(help_text="Who wrote what was removed.")
    removed_text = serializers.SerializerMethodField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()

    @staticmethod
    def removed_item(record):
        return record.comment or record.post

    @extend_schema_field(AuthorSerializer(allow_null=True))
    def get_author(self, record):
        item = self.removed_item(record)
        return serialize_author(item.author) if item else None

    def get_removed_text(self, record) -> str:
        item = self.removed_item(record)
        return item.body if item else ""
