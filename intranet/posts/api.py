"""`/api/v2/posts/…`, `/api/v2/comments/…`, `/api/v2/moderation-log/`: posts, comments, reactions and moderation.

Every logged-in employee reads every post; what one may write is decided in `services` (which asks
`intranet.groups.permissions`). Text goes out twice: `body` as written (for the edit form) and `body_html`
through `sanitise` (for showing). Listings read a page of rows in a fixed number of queries, however many
rows, comments, reactions, mentions and attachments there are.
"""

from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.groups import permissions
from intranet.groups.models import WorkGroup
from intranet.headless.parameters import first_error, whole_number
from intranet.headless.schema import error

from . import attachments, services
from .models import (
    Attachment,
    AttachmentKind,
    Comment,
    Edit,
    Mention,
    ModerationRecord,
    Post,
    Reaction,
    ReactionKind,
)
from .serializers import (
    AttachmentSerializer,
    CommentSerializer,
    HistorySerializer,
    ModerationRecordSerializer,
    PostDetailSerializer,
    PostSerializer,
    ReactionsSerializer,
    serialize_author,  # noqa: F401 (the feed's fast path names authors as posts do: intranet.startpage)
)

MAX_ID = 2**63 - 1


class EscapedJSONRenderer(JSONRenderer):
    """JSON with <, > and & written as \\u escapes: the raw text a colleague wrote stays inert even if a
    browser or a careless front end were to read the answer as HTML."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rendered = super().render(data, accepted_media_type, renderer_context)
        # Outside strings JSON has none of these characters, so replacing them everywhere is exact.
        return rendered.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


class NewestFirst(CursorPagination):
    page_size = 20
    ordering = ("-created_at", "-pk")
    cursor_query_param = "cursor"
    invalid_cursor_message = gettext_lazy("The cursor is not valid. Start again from the first page.")


class OldestFirst(NewestFirst):
    page_size = 50
    ordering = ("created_at", "pk")


# --- Serialising -------------------------------------------------------------------------------------------


class ReactionCounts:
    """The reactions to a page of posts or comments: two queries, however many rows and reactions."""

    def __init__(self, field, ids, user):
        self.counts = defaultdict(Counter)
        self.mine = defaultdict(set)
        if not ids:
            return
        filters = {f"{field}__in": ids}
        for row in Reaction.objects.filter(**filters).values(field, "kind").annotate(n=Count("pk")):
            self.counts[row[field]][row["kind"]] = row["n"]
        for target, kind in Reaction.objects.filter(user=user, **filters).values_list(field, "kind"):
            self.mine[target].add(kind)

    def of(self, pk):
        return {
            "counts": {kind: self.counts[pk].get(kind, 0) for kind in ReactionKind.values},
            "mine": sorted(self.mine[pk]),
        }


def page_of(serializer_class, items, request, reactions):
    return serializer_class(items, many=True, context={"request": request, "reactions": reactions}).data


def with_mentions(queryset):
    return queryset.select_related("author").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("user"))
    )


def visible_posts():
    return with_mentions(
        Post.objects.visible()
        .select_related("group")
        .prefetch_related("attachments")
        .annotate(comment_count=Count("comments", filter=Q(comments__removed_at__isnull=True)))
    )


def visible_comments():
    return with_mentions(Comment.objects.visible().filter(post__removed_at__isnull=True))


def comments_with_replies(comments, request):
    """Top comments with their replies inside; a removed top comment with visible replies is a placeholder."""
    reactions = ReactionCounts("comment", [comment.pk for comment in comments], request.user)
    context = {"request": request, "reactions": reactions}
    replies = defaultdict(list)
    tops = []
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(CommentSerializer(comment, context=context).data)
        else:
            tops.append(comment)
    shown = []
    top_ids = {comment.pk for comment in tops}
    for comment in tops:
        shown.append({**CommentSerializer(comment, context=context).data, "replies": replies.pop(comment.pk, [])})
    for parent_id, orphans in replies.items():
        if parent_id not in top_ids:
            shown.append({"id": parent_id, "removed": True, "replies": orphans})
    shown.sort(key=lambda item: item["id"])
    return shown


# --- Reading parameters and errors ---------------------------------------------------------------------------


class ListParameters(serializers.Serializer):
    group = whole_number("group", 1, MAX_ID, required=False)
    cursor = serializers.CharField(required=False)


class TextInput(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False, allow_blank=True, max_length=100_000)


class PostInput(TextInput):
    group = whole_number("group", 1, MAX_ID)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=50)


class CommentInput(TextInput):
    reply_to = whole_number("reply_to", 1, MAX_ID, required=False, allow_null=True)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(
        trim_whitespace=True,
        max_length=100_000,
        error_messages={
            "required": gettext_lazy("Write why it is removed: the reason is kept in the moderation log."),
            "blank": gettext_lazy("Write why it is removed: the reason is kept in the moderation log."),
        },
    )


def read(serializer_class, data):
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationError(serializer.errors)
    return serializer.validated_data


def doing(action, field="body"):
    """Run a service call, answering its refusals as the API does: 403, 404 or 400, each with a message."""
    try:
        return action()
    except services.Refused as refused:
        raise PermissionDenied(str(refused.args[0]) if refused.args else None) from refused
    except services.Gone as gone:
        raise not_there() from gone
    except DjangoValidationError as error:
        raise ValidationError({field: error.messages}) from error


def kind_of(kind):
    if kind not in ReactionKind.values:
        raise NotFound(_("Unknown reaction. Use one of: %(kinds)s.") % {"kinds": ", ".join(ReactionKind.values)})
    return kind


def not_there():
    return NotFound(_("The post or comment is not there (it may have been removed)."))


def post_or_404(post_id):
    post = Post.objects.visible().select_related("group", "author").filter(pk=post_id).first()
    if post is None:
        raise not_there()
    return post


def comment_or_404(comment_id):
    comments = Comment.objects.visible().filter(post__removed_at__isnull=True, pk=comment_id)
    comment = comments.select_related("post__group", "author").first()
    if comment is None:
        raise not_there()
    return comment


class PostsAPIView(APIView):
    renderer_classes = [EscapedJSONRenderer]
    parser_classes = [JSONParser, MultiPartParser, FormParser]


# --- Posts ------------------------------------------------------------------------------------------------------


class PostListView(PostsAPIView):
    """`GET /api/v2/posts/?group=<id>`: newest first, cursor-paginated. `POST`: write a post (files optional)."""

    pagination_class = NewestFirst

    @extend_schema(summary="Posts, newest first", parameters=[ListParameters], responses=PostSerializer(many=True))
    def get(self, request):
        parameters = ListParameters(data=request.query_params)
        if not parameters.is_valid():
            return Response({"message": first_error(parameters.errors)}, status=400)
        posts = visible_posts()
        if "group" in parameters.validated_data:
            posts = posts.filter(group_id=parameters.validated_data["group"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(posts, request, view=self)
        reactions = ReactionCounts("post", [post.pk for post in page], request.user)
        return paginator.get_paginated_response(page_of(PostSerializer, page, request, reactions))

    @extend_schema(
        summary="Write a post",
        request={"application/json": PostInput, "multipart/form-data": PostInput},
        responses={201: PostDetailSerializer, 403: error("I may not post in this group.")},
    )
    def post(self, request):
        data = read(PostInput, request.data)
        group = WorkGroup.objects.filter(pk=data["group"]).first()
        if group is None:
            raise ValidationError({"group": [_("There is no such group.")]})
        files = request.FILES.getlist("files")
        limit = settings.POST_ATTACHMENTS_PER_POST
        if len(files) > limit:
            raise ValidationError({"files": [_("A post can have at most %(limit)s attachments.") % {"limit": limit}]})
        # Check every file before anything is stored: a refused file leaves no post behind.
        for file in files:
            check_file(file)
        with transaction.atomic():
            post = doing(lambda: services.write_post(request.user, group, data["body"]))
            for file in files:
                doing(lambda file=file: attachments.attach(post, file, request.user), field="files")
        return Response(detail_of(post.pk, request), status=status.HTTP_201_CREATED)


def check_file(file):
    try:
        attachments.validate_attachment(file)
    except DjangoValidationError as error:
        raise ValidationError({"files": error.messages}) from error


def detail_of(post_id, request):
    post = visible_posts().filter(pk=post_id).first()
    if post is None:
        raise not_there()
    comments = list(visible_comments().filter(post=post).order_by("created_at", "pk"))
    post.may_moderate = permissions.can_moderate(request.user, post.group)
    context = {
        "request": request,
        "reactions": ReactionCounts("post", [post.pk], request.user),
        "comments": comments_with_replies(comments, request),
    }
    return PostDetailSerializer(post, context=context).data


class PostDetailView(PostsAPIView):
    """`GET /api/v2/posts/<id>/` with its comments; `PATCH` (the author edits); `DELETE` (the author deletes)."""

    @extend_schema(summary="A post with its comments", responses=PostDetailSerializer)
    def get(self, request, post_id):
        return Response(detail_of(post_id, request))

    @extend_schema(
        summary="Edit my post",
        request=TextInput,
        responses={200: PostDetailSerializer, 403: error("Only the author edits a post.")},
    )
    def patch(self, request, post_id):
        data = read(TextInput, request.data)
        post = post_or_404(post_id)
        doing(lambda: services.edit(request.user, post, data["body"]))
        return Response(detail_of(post.pk, request))

    @extend_schema(summary="Delete my post", responses={204: None, 403: error("Only the author deletes a post.")})
    def delete(self, request, post_id):
        post = post_or_404(post_id)
        doing(lambda: services.delete_own(request.user, post))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RemoveView(PostsAPIView):
    """`POST …/remove/` with `{"reason": …}`: a group admin or an editor removes it; the reason is logged."""

    find = None

    @extend_schema(
        request=ReasonInput,
        responses={204: None, 403: error("Only the group's admins and editors remove posts and comments.")},
    )
    def post(self, request, **kwargs):
        item = type(self).find(*kwargs.values())
        # Whether one may moderate is answered before the reason is read: a writer learns nothing more.
        if not permissions.can_moderate(request.user, services.group_of(item)):
            raise PermissionDenied(_("Only the group's admins and editors can remove posts and comments."))
        data = read(ReasonInput, request.data)
        doing(lambda: services.remove(request.user, item, data["reason"]), field="reason")
        return Response(status=status.HTTP_204_NO_CONTENT)


class RemovePostView(RemoveView):
    find = staticmethod(post_or_404)


class RemoveCommentView(RemoveView):
    find = staticmethod(comment_or_404)


class HistoryView(PostsAPIView):
    """`GET …/edits/`: the earlier texts, newest first, for the author and the group's moderators."""

    find = None
    field = None

    @extend_schema(
        summary="Earlier versions",
        responses={200: HistorySerializer, 403: error("Only the author and the group's admins and editors.")},
    )
    def get(self, request, **kwargs):
        item = type(self).find(*kwargs.values())
        if not services.may_see_history(request.user, item):
            raise PermissionDenied(_("Only the author and the group's admins and editors can see earlier versions."))
        edits = Edit.objects.filter(**{self.field: item}).order_by("-edited_at", "-pk")
        return Response(HistorySerializer({"current": item, "results": edits}).data)


class PostHistoryView(HistoryView):
    find = staticmethod(post_or_404)
    field = "post"


class CommentHistoryView(HistoryView):
    find = staticmethod(comment_or_404)
    field = "comment"


REACTION_KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=ReactionKind.values)


class ReactionView(PostsAPIView):
    """`PUT …/reactions/<kind>/` reacts, `DELETE` takes it back; both answer the counts."""

    find = None
    field = None

    def reactions(self, item):
        return Response(ReactionsSerializer(ReactionCounts(self.field, [item.pk], self.request.user).of(item.pk)).data)

    @extend_schema(
        summary="React",
        parameters=[REACTION_KIND],
        request=None,
        responses={200: ReactionsSerializer, 403: error("I may not react here (an archived group).")},
    )
    def put(self, request, kind, **kwargs):
        item = type(self).find(*kwargs.values())
        doing(lambda: services.react(request.user, item, kind_of(kind)))
        return self.reactions(item)

    @extend_schema(summary="Take my reaction back", parameters=[REACTION_KIND], responses={200: ReactionsSerializer})
    def delete(self, request, kind, **kwargs):
        item = type(self).find(*kwargs.values())
        doing(lambda: services.unreact(request.user, item, kind_of(kind)))
        return self.reactions(item)


class PostReactionView(ReactionView):
    find = staticmethod(post_or_404)
    field = "post"


class CommentReactionView(ReactionView):
    find = staticmethod(comment_or_404)
    field = "comment"


# --- Attachments --------------------------------------------------------------------------------------------------


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField(help_text="An image or a document within the size and type limits.")


class AttachmentListView(PostsAPIView):
    """`POST /api/v2/posts/<id>/attachments/` (multipart `file`): the author adds an image or document."""

    @extend_schema(
        summary="Attach a file to my post",
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentSerializer, 403: error("Only the author adds files to a post.")},
    )
    def post(self, request, post_id):
        post = post_or_404(post_id)
        file = request.FILES.get("file")
        if file is None:
            raise ValidationError({"file": [_("Choose a file to attach.")]})
        attachment = doing(lambda: services.add_attachment(request.user, post, file), field="file")
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


#: Sent with every attached file: nothing in it runs, whatever it holds.
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}
IMAGE_TYPES = {
    "avif": "image/avif",
    "gif": "image/gif",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


class AttachmentFileView(APIView):
    """`GET /api/v2/posts/<id>/attachments/<id>/`: the file, to logged-in staff only, never from /media/.

    Images are shown inline as the image type their (checked) extension names; documents always come as a
    download of a generic type, so that a browser never renders one as a page. `DELETE`: the author removes it.
    """

    @extend_schema(
        summary="An attached file",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(bytes, description="A document, as a download."),
            **{(200, media_type): OpenApiResponse(bytes) for media_type in sorted(set(IMAGE_TYPES.values()))},
        },
    )
    def get(self, request, post_id, attachment_id):
        attachment = self.find(post_id, attachment_id)
        extension = attachment.filename.rsplit(".", 1)[-1].lower()
        is_image = attachment.kind == AttachmentKind.IMAGE and extension in IMAGE_TYPES
        try:
            handle = attachment.file.open("rb")
        except OSError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=not is_image,
            filename=attachment.filename,
            content_type=IMAGE_TYPES[extension] if is_image else "application/octet-stream",
        )
        for header, value in FILE_HEADERS.items():
            response[header] = value
        return response

    @extend_schema(summary="Remove a file from my post", responses={204: None, 403: error("Only the author.")})
    def delete(self, request, post_id, attachment_id):
        attachment = self.find(post_id, attachment_id)
        doing(lambda: services.remove_attachment(request.user, attachment))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def find(self, post_id, attachment_id):
        attachment = (
            Attachment.objects.filter(pk=attachment_id, post_id=post_id, post__removed_at__isnull=True)
            .select_related("post")
            .first()
        )
        if attachment is None:
            raise not_there()
        return attachment


# --- Comments -----------------------------------------------------------------------------------------------------


class CommentListView(PostsAPIView):
    """`GET /api/v2/posts/<id>/comments/`: oldest first, cursor-paginated. `POST`: comment or reply."""

    pagination_class = OldestFirst

    @extend_schema(summary="Comments on a post, oldest first", responses=CommentSerializer(many=True))
    def get(self, request, post_id):
        post = post_or_404(post_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(visible_comments().filter(post=post), request, view=self)
        reactions = ReactionCounts("comment", [comment.pk for comment in page], request.user)
        return paginator.get_paginated_response(page_of(CommentSerializer, page, request, reactions))

    @extend_schema(
        summary="Comment or reply",
        request=CommentInput,
        responses={201: CommentSerializer, 403: error("I may not comment in this group.")},
    )
    def post(self, request, post_id):
        data = read(CommentInput, request.data)
        post = post_or_404(post_id)
        reply_to = None
        if data.get("reply_to"):
            reply_to = Comment.objects.filter(pk=data["reply_to"]).select_related("parent").first()
            if reply_to is None:
                raise ValidationError({"reply_to": [_("There is no such comment.")]})
        comment = doing(lambda: services.write_comment(request.user, post, data["body"], reply_to))
        return Response(comment_detail(comment.pk, request), status=status.HTTP_201_CREATED)


def comment_detail(comment_id, request):
    comment = visible_comments().filter(pk=comment_id).first()
    if comment is None:
        raise not_there()
    reactions = ReactionCounts("comment", [comment.pk], request.user)
    return CommentSerializer(comment, context={"request": request, "reactions": reactions}).data


class CommentDetailView(PostsAPIView):
    @extend_schema(summary="A comment", responses=CommentSerializer)
    def get(self, request, comment_id):
        return Response(comment_detail(comment_id, request))

    @extend_schema(
        summary="Edit my comment",
        request=TextInput,
        responses={200: CommentSerializer, 403: error("Only the author edits a comment.")},
    )
    def patch(self, request, comment_id):
        data = read(TextInput, request.data)
        comment = comment_or_404(comment_id)
        doing(lambda: services.edit(request.user, comment, data["body"]))
        return Response(comment_detail(comment.pk, request))

    @extend_schema(summary="Delete my comment", responses={204: None, 403: error("Only the author deletes it.")})
    def delete(self, request, comment_id):
        comment = comment_or_404(comment_id)
        doing(lambda: services.delete_own(request.user, comment))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Moderation log -------------------------------------------------------------------------------------------------


class ModerationLogParameters(serializers.Serializer):
    group = whole_number("group", 1, MAX_ID, required=False)
    cursor = serializers.CharField(required=False)


class ModerationLogView(PostsAPIView):
    """`GET /api/v2/moderation-log/?group=<id>`: who removed what and why, newest first; editors only."""

    pagination_class = NewestFirst

    @extend_schema(
        summary="Moderation log",
        parameters=[ModerationLogParameters],
        responses={200: ModerationRecordSerializer(many=True), 403: error("Only editors read the moderation log.")},
    )
    def get(self, request):
        if not services.may_read_moderation_log(request.user):
            raise PermissionDenied(_("Only editors can read the moderation log."))
        parameters = ModerationLogParameters(data=request.query_params)
        if not parameters.is_valid():
            return Response({"message": first_error(parameters.errors)}, status=400)
        records = ModerationRecord.objects.select_related("moderator", "group", "post__author", "comment__author")
        if "group" in parameters.validated_data:
            records = records.filter(group_id=parameters.validated_data["group"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(records, request, view=self)
        return paginator.get_paginated_response(ModerationRecordSerializer(page, many=True).data)


#: Listed in cms/api.py under /api/v2/.
urlpatterns = [
    path("posts/", PostListView.as_view(), name="posts"),
    path("posts/<int:post_id>/", PostDetailView.as_view(), name="post"),
    path("posts/<int:post_id>/remove/", RemovePostView.as_view(), name="post_remove"),
    path("posts/<int:post_id>/edits/", PostHistoryView.as_view(), name="post_edits"),
    path("posts/<int:post_id>/reactions/<str:kind>/", PostReactionView.as_view(), name="post_reaction"),
    path("posts/<int:post_id>/comments/", CommentListView.as_view(), name="post_comments"),
    path("posts/<int:post_id>/attachments/", AttachmentListView.as_view(), name="post_attachments"),
    path(
        "posts/<int:post_id>/attachments/<int:attachment_id>/",
        AttachmentFileView.as_view(),
        name="post_attachment",
    ),
    path("comments/<int:comment_id>/", CommentDetailView.as_view(), name="comment"),
    path("comments/<int:comment_id>/remove/", RemoveCommentView.as_view(), name="comment_remove"),
    path("comments/<int:comment_id>/edits/", CommentHistoryView.as_view(), name="comment_edits"),
    path("comments/<int:comment_id>/reactions/<str:kind>/", CommentReactionView.as_view(), name="comment_reaction"),
    path("moderation-log/", ModerationLogView.as_view(), name="moderation_log"),
]
