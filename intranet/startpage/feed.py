"""The activity feed: posts and comments from the groups I belong to and the people I follow, newest first.

Readable content only: nothing removed, no comment on a removed post, and nothing from an archived group. An
archived group stays readable on its own page, but the feed is what is going on among the people I work with
now, and an archived group takes no new posts or members; its content also leaves search (issue 11, point 7),
and the feed keeps the same rule so that nothing shows in one and not the other.

The feed is read as four small queries of at most one page each (posts in my groups, posts by people I follow,
comments in my groups, comments by people I follow), merged here. Each is simple for PostgreSQL: newest first by
an index, stopping at one page; one query with both conditions joined by OR can use neither index well, and walks
far more of the table for a person whose groups are quiet. Four queries, whatever the data: the count of SQL
queries never depends on how many posts there are.

The page ends at a cursor: the position (time, kind, id) of the last item shown, signed so that a client cannot
make one up and so that it is opaque to them. Items are ordered by (created_at, kind, id) descending, a total order
over both tables, so no item is shown twice or skipped between pages, even when items share a timestamp.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Q

from intranet.groups.models import WorkGroup
from intranet.people.models import Follow
from intranet.posts.models import Comment, Mention, Post

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
    """My groups (active ones: see the module's docstring) by id, and the ids of the people I follow."""
    groups = {group.pk: group for group in WorkGroup.objects.active().filter(memberships__user=user)}
    return groups, followed(user)


def followed(user):
    """The ids of the people `user` follows.

    Read on their own, not as a subquery of the feed's queries: PostgreSQL then plans each of those with one
    join fewer, which saved more time than this query costs (bench/start_bench.py --explain: planning, not
    running, was most of their time).
    """
    return list(Follow.objects.filter(follower=user).values_list("followed_id", flat=True))


def attach_mentions(items):
    """Give posts and comments the mentions the sanitiser links (intranet.posts.sanitise.html_of), in one query.

    As `prefetch_related("mentions")` would, but one query for both kinds: one per kind would make the count of
    queries depend on whether a page happens to hold both.
    """
    posts = [item.pk for item in items if isinstance(item, Post)]
    comments = [item.pk for item in items if isinstance(item, Comment)]
    found = defaultdict(list)
    if items:
        mentions = Mention.objects.filter(Q(post_id__in=posts) | Q(comment_id__in=comments)).select_related("user")
        for mention in mentions:
            found[(Post, mention.post_id) if mention.post_id else (Comment, mention.comment_id)].append(mention)
    for item in items:
        cached = item.mentions.all()  # not run: answered from the list below, as a prefetch is
        cached._result_cache = found[(type(item), item.pk)]
        cached._prefetch_done = True
        item._prefetched_objects_cache = {"mentions": cached}


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
        # Without groups or follows Django answers their queries itself: `IN ()` asks the database nothing.
        for obj in queryset.filter(before(kind, position)).order_by("-created_at", "-pk")[: size + 1]:
            if reason == REASON_GROUP:  # the group, from my groups rather than a join
                in_group = obj.post if kind == COMMENT else obj
                in_group.group = my_groups[in_group.group_id]
            entry = merged.setdefault((kind, obj.pk), FeedItem(kind, obj))
            entry.reasons.append(reason)
    ordered = sorted(merged.values(), key=lambda entry: entry.position, reverse=True)
    page = ordered[:size]
    attach_mentions([entry.item for entry in page])
    # Each source gave at most size + 1 items after the cursor, so more than `size` merged means there is more.
    next_cursor = encode_cursor(page[-1]) if len(ordered) > size else None
    return FeedPage(items=page, next_cursor=next_cursor)
