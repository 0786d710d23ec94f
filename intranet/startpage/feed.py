"""The activity feed: posts and comments from the groups I belong to and the people I follow, newest first.

Readable content only: nothing removed, no comment on a removed post, and nothing from an archived group. An
archived group stays readable on its own page, but the feed is what is going on among the people I work with
now, and an archived group takes no new posts or members; its content also leaves search (issue 11, point 7),
and the feed keeps the same rule so that nothing shows in one and not the other.

The feed is read as two queries, one for posts and one for comments, merged here. Each takes, for every group
of mine and every person I follow, the newest page of theirs by its own index ((group, -created_at) or (author,
-created_at)), and keeps the newest page of those few rows. Asked instead as "newest first where the group is one
of these", PostgreSQL walks the whole table newest first until it has found a page: thousands of rows for a person
whose groups are quiet or who follows few people. Two queries, whatever the data: the count of SQL queries never
depends on how many posts there are, nor on whether I have groups or follow anyone.

The page ends at a cursor: the position (time, kind, id) of the last item shown, signed so that a client cannot
make one up and so that it is opaque to them. Items are ordered by (created_at, kind, id) descending, a total order
over both tables, so no item is shown twice or skipped between pages, even when items share a timestamp.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core import signing
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

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


def cursor_bound(kind, cursor):
    """(created_at, id): items of `kind` below this pair come after the cursor in the feed's total order."""
    created_at, cursor_kind, pk = cursor
    if KIND_ORDER[kind] < KIND_ORDER[cursor_kind]:  # at the cursor's time, every one of this kind comes after it
        pk = BIGGEST_ID
    elif KIND_ORDER[kind] > KIND_ORDER[cursor_kind]:  # ... and here none does
        pk = 0
    return created_at, pk


def before(kind, cursor):
    """SQL and parameters: items of `kind` that come after the cursor in the feed (older, in the total order)."""
    if cursor is None:
        return "", []
    return "AND (item.created_at, item.id) < (%s, %s)", list(cursor_bound(kind, cursor))


#: Larger than any id (a bigint): "every item at this time".
BIGGEST_ID = 2**63 - 1


def newest_of_each(model, column, ids, limit, cursor_sql, cursor_params, joins="", conditions=""):
    """SQL and parameters: the ids of the newest `limit` readable items of `model` for each of `ids` in `column`.

    One index scan per id, stopping at `limit` rows (a LATERAL join), whatever the size of the table.
    """
    sql = f"""
        SELECT newest.id, newest.created_at FROM unnest(%s::bigint[]) AS source(id) CROSS JOIN LATERAL (
            SELECT item.id, item.created_at FROM {model._meta.db_table} item {joins}
            WHERE item.{column} = source.id AND item.removed_at IS NULL {conditions} {cursor_sql}
            ORDER BY item.created_at DESC, item.id DESC
            LIMIT %s
        ) newest"""
    return sql, [list(ids), *cursor_params, limit]


def newest(model, kind, my_groups, followed_people, position, limit):
    """The newest `limit` readable items of `model` after `position` in my groups or by people I follow."""
    if connection.vendor != "postgresql":
        return newest_portably(model, kind, my_groups, followed_people, position, limit)
    cursor_sql, cursor_params = before(kind, position)
    group = f"JOIN {WorkGroup._meta.db_table} work_group ON work_group.id = item.group_id"
    not_archived = "AND work_group.archived_at IS NULL"
    if model is Comment:  # a comment on a removed post is gone with it
        post = f"JOIN {Post._meta.db_table} post ON post.id = item.post_id"
        alive = "AND post.removed_at IS NULL"
    else:
        post = alive = ""
    # My groups are known to be active (feed_sources): their part need not join the groups' table.
    in_my_groups, in_my_groups_params = newest_of_each(
        model, "group_id", my_groups, limit, cursor_sql, cursor_params, joins=post, conditions=alive
    )
    by_followed, by_followed_params = newest_of_each(
        model,
        "author_id",
        followed_people,
        limit,
        cursor_sql,
        cursor_params,
        joins=f"{post} {group}",
        conditions=f"{alive} {not_archived}",
    )
    # The page is chosen here, among at most `limit` rows per group and person, so that only its rows are read.
    ids = RawSQL(
        f"SELECT id FROM ({in_my_groups} UNION {by_followed}) AS candidates ORDER BY created_at DESC, id DESC LIMIT %s",
        [*in_my_groups_params, *by_followed_params, limit],
    )
    fields = SHOWN_FIELDS + (["post", "parent"] if model is Comment else [])
    return (
        model.objects.filter(pk__in=ids)
        .select_related("author", "group")
        .only(*fields)
        .order_by("-created_at", "-pk")[:limit]
    )


def newest_portably(model, kind, my_groups, followed_people, position, limit):
    """`newest()` in the ORM, for the SQLite database `make run` uses: the same rows, without PostgreSQL's
    LATERAL joins and arrays, and without their speed (the demo is small)."""
    items = model.objects.filter(
        Q(group_id__in=list(my_groups)) | Q(author_id__in=list(followed_people), group__archived_at__isnull=True),
        removed_at__isnull=True,
    )
    if model is Comment:
        items = items.filter(post__removed_at__isnull=True)
    if position is not None:
        created_at, pk = cursor_bound(kind, position)
        items = items.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    fields = SHOWN_FIELDS + (["post", "parent"] if model is Comment else [])
    return items.select_related("author", "group").only(*fields).order_by("-created_at", "-pk")[:limit]


#: What the feed shows of a post or comment, its author and its group (serializers.FeedItemSerializer): reading
#: no more (the groups' descriptions, the authors' password hashes) makes the page's two queries cheaper.
SHOWN_FIELDS = [
    "body",
    "created_at",
    "edited_at",
    "author__username",
    "author__first_name",
    "author__last_name",
    "author__is_active",
    "group__name",
    "group__slug",
]


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
        mentions = (
            Mention.objects.filter(Q(post_id__in=posts) | Q(comment_id__in=comments))
            .select_related("user")
            .only("post", "comment", "user__username", "user__first_name", "user__last_name", "user__is_active")
        )
        for mention in mentions:
            found[(Post, mention.post_id) if mention.post_id else (Comment, mention.comment_id)].append(mention)
    for item in items:
        cached = item.mentions.all()  # not run: answered from the list below, as a prefetch is
        cached._result_cache = found[(type(item), item.pk)]
        cached._prefetch_done = True
        item._prefetched_objects_cache = {"mentions": cached}


def feed_for(user, cursor=None, size=PAGE_SIZE, sources=None):
    """One page of `user`'s feed after `cursor` (an encoded cursor, or None for the newest).

    `sources` (from `feed_sources`) saves a query when the caller has my groups already.
    """
    position = decode_cursor(cursor) if cursor else None
    my_groups, followed_people = sources if sources is not None else feed_sources(user)
    followed_people = set(followed_people)
    entries = []
    for kind, model in ((POST, Post), (COMMENT, Comment)):
        for obj in newest(model, kind, my_groups, followed_people, position, size + 1):
            # Why it is here, read from the item: the two sources above may both have found it.
            reasons = [REASON_GROUP] if obj.group_id in my_groups else []
            if obj.author_id in followed_people:
                reasons.append(REASON_FOLLOWING)
            entries.append(FeedItem(kind, obj, reasons))
    ordered = sorted(entries, key=lambda entry: entry.position, reverse=True)
    page = ordered[:size]
    attach_mentions([entry.item for entry in page])
    # Each kind gave at most size + 1 items after the cursor, so more than `size` in all means there is more.
    next_cursor = encode_cursor(page[-1]) if len(ordered) > size else None
    return FeedPage(items=page, next_cursor=next_cursor)
