"""The activity feed: posts and comments from the groups I belong to and the people I follow, newest first.

Readable content only: nothing removed, no comment on a removed post, and nothing from an archived group. An
archived group stays readable on its own page (and in search it leaves the index, issue 11 point 7): the feed is
what is going on among the people I work with now, and an archived group has nothing going on; its old posts
would otherwise surface between today's as people comment on nothing.

The feed is read as four small queries of at most one page each (posts in my groups, posts by people I follow,
comments in my groups, comments by people I follow), merged here. Each query is a plain index walk on PostgreSQL
(by group or author, newest first); one query joining both conditions with OR cannot use either index, and walks
the whole table for a person whose groups are quiet. Four queries, whatever the data: the count of SQL queries
never depends on how many posts there are.

The page ends at a cursor: the position (time, kind, id) of the last item shown, signed so that a client cannot
make one up and so that it is opaque to them. Items are ordered by (created_at, kind, id) descending, a total order
over both tables, so no item is shown twice or skipped between pages, even when items share a timestamp.
"""

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Q

from intranet.groups.models import WorkGroup
from intranet.people.models import Follow
from intranet.posts.models import Comment, Post

PAGE_SIZE = 20

POST = "post"
COMMENT = "comment"
#: Within one timestamp, a post comes before a comment (descending order): the second part of the sort key.
KIND_ORDER = {COMMENT: 0, POST: 1}

REASON_GROUP = "group"
REASON_FOLLOWING = "following"

CURSOR_SALT = "intranet.startpage.feed"


class InvalidCursor(ValueError):
    pass


@dataclass
class FeedItem:
    kind: str
    item: Post | Comment
    #: Why the item is in my feed: my group's, a person's I follow, or both.
    reasons: list = field(default_factory=list)

    @property
    def position(self):
        return (self.item.created_at, KIND_ORDER[self.kind], self.item.pk)


@dataclass
class FeedPage:
    items: list
    #: Where the next page starts, or None on the last page.
    next_cursor: str | None


def encode_cursor(item):
    created_at, _, pk = item.position
    return signing.dumps([created_at.isoformat(), item.kind, pk], salt=CURSOR_SALT, compress=True)


def decode_cursor(cursor):
    """(created_at, kind, id) from a cursor this module made; InvalidCursor for anything else."""
    try:
        created_at, kind, pk = signing.loads(cursor, salt=CURSOR_SALT)
        position = datetime.datetime.fromisoformat(created_at), kind, int(pk)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidCursor(str(error)) from error
    if kind not in KIND_ORDER:
        raise InvalidCursor(f"unknown kind {kind!r}")
    return position


def before(kind, cursor):
    """Items of `kind` that come after the cursor in the feed (older, in the total order)."""
    if cursor is None:
        return Q()
    created_at, cursor_kind, pk = cursor
    older = Q(created_at__lt=created_at)
    if KIND_ORDER[kind] < KIND_ORDER[cursor_kind]:
        return older | Q(created_at=created_at)
    if KIND_ORDER[kind] == KIND_ORDER[cursor_kind]:
        return older | Q(created_at=created_at, pk__lt=pk)
    return older


def feed_sources(user):
    """My groups (active ones: see the module's docstring) by id, and the people I follow as a subquery."""
    groups = {group.pk: group for group in WorkGroup.objects.active().filter(memberships__user=user)}
    return groups, followed(user)


def followed(user):
    """The people `user` follows, as a subquery: asked inside the feed's own queries, not in one of its own."""
    return Follow.objects.filter(follower=user).values("followed_id")


def feed_for(user, cursor=None, size=PAGE_SIZE, sources=None):
    """One page of `user`'s feed after `cursor` (an encoded cursor, or None for the newest).

    `sources` (from `feed_sources`) saves a query when the caller has my groups already. My groups are known to
    be active, so their queries need not join the groups' table; those by people I follow do.
    """
    position = decode_cursor(cursor) if cursor else None
    my_groups, followed_people = sources if sources is not None else feed_sources(user)
    posts = Post.objects.visible()
    comments = Comment.objects.visible().filter(post__removed_at__isnull=True)
    queries = [
        (POST, REASON_GROUP, posts.filter(group_id__in=list(my_groups)).select_related("author")),
        (
            POST,
            REASON_FOLLOWING,
            posts.filter(author_id__in=followed_people, group__archived_at__isnull=True).select_related(
                "author", "group"
            ),
        ),
        (COMMENT, REASON_GROUP, comments.filter(post__group_id__in=list(my_groups)).select_related("author", "post")),
        (
            COMMENT,
            REASON_FOLLOWING,
            comments.filter(author_id__in=followed_people, post__group__archived_at__isnull=True).select_related(
                "author", "post__group"
            ),
        ),
    ]
    merged = {}
    for kind, reason, queryset in queries:
        # (Without groups, Django answers the first and third itself: `group_id IN ()` asks the database nothing.)
        for obj in queryset.filter(before(kind, position)).order_by("-created_at", "-pk")[: size + 1]:
            if reason == REASON_GROUP:  # the group, from my groups rather than a join
                in_group = obj.post if kind == COMMENT else obj
                in_group.group = my_groups[in_group.group_id]
            entry = merged.setdefault((kind, obj.pk), FeedItem(kind, obj))
            entry.reasons.append(reason)
    ordered = sorted(merged.values(), key=lambda entry: entry.position, reverse=True)
    page = ordered[:size]
    # Each source gave at most size + 1 items after the cursor, so more than `size` merged means there is more.
    next_cursor = encode_cursor(page[-1]) if len(ordered) > size else None
    return FeedPage(items=page, next_cursor=next_cursor)
