"""Which search results readers open (issue 13, "learn from use"): counted per query, day, rank and result.

The reader site tells `POST /api/v2/search/clicks/` (search.api.SearchClickView) when a result link is opened.
Nothing says who: no user, no session, no time of day (models.QueryDailyClicks). From these counts and the
search counts Wagtail keeps, editors see the queries whose results nobody opens ("Sökningar utan klick") and a
click-through figure per week on the dashboard. `prune_search_statistics` deletes counts past their age.
"""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Sum
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.documents import get_document_model

from intranet.access.visibility import Visibility

from .conversations import CONVERSATION_KINDS, PERSON_KIND
from .models import QueryDailyClicks, QueryDailyZeroResults, normalise_query, search_counts
from .query import DOCUMENT_KIND, PAGE_KINDS

#: The kinds of result a click can name: what `GET /api/v2/search/` answers in each hit's "type".
RESULT_KINDS = [*PAGE_KINDS, DOCUMENT_KIND, PERSON_KIND, *CONVERSATION_KINDS]


def result_is_visible(kind, object_id, user):
    """Whether `user` could have been shown this result: a click on anything else is not counted.

    Something that does not exist and something the reader may not see get the same answer, so the endpoint
    tells nobody whether a restricted page exists.
    """
    if kind in PAGE_KINDS:
        return Visibility(user).pages(PAGE_KINDS[kind].objects.live().filter(pk=object_id)).exists()
    if kind == DOCUMENT_KIND:
        return Visibility(user).documents(get_document_model().objects.filter(pk=object_id)).exists()
    if kind == PERSON_KIND:  # a person's hit carries the user's id (search.conversations.hit_fields)
        return get_user_model().objects.filter(pk=object_id, is_active=True).exists()
    if kind in CONVERSATION_KINDS:
        return CONVERSATION_KINDS[kind].objects.visible().filter(pk=object_id).exists()
    return False


def count_click(query, rank, kind, object_id, today):
    """Add one opening of result (kind, object_id) at `rank` for `query` on `today`; safe when concurrent."""
    with transaction.atomic():
        query = Query.get(normalise_query(query))
        row, _created = QueryDailyClicks.objects.get_or_create(
            query=query, date=today, rank=rank, kind=kind, object_id=object_id
        )
        row.clicks = F("clicks") + 1
        row.save(update_fields=["clicks"])


def searches_without_clicks(since):
    """Queries searched on or after `since` that found something, and whose results nobody opened since then.

    Each with `searches`, `zero_result_searches` and `searches_with_results`.
    """
    clicked = QueryDailyClicks.objects.filter(query=OuterRef("pk"), date__gte=since)
    return (
        search_counts(since)
        .annotate(searches_with_results=F("searches") - F("zero_result_searches"))
        .filter(searches_with_results__gt=0)
        .exclude(Exists(clicked))
    )


@dataclass
class WeekOfSearches:
    monday: datetime.date
    searches: int
    searches_with_results: int
    clicks: int

    @property
    def click_through(self):
        """Opened results per search that found something (a reader who opens two results counts twice)."""
        return self.clicks / self.searches_with_results if self.searches_with_results else None

    @property
    def week_number(self):
        return self.monday.isocalendar().week


def weekly_click_through(today, weeks=8):
    """The last `weeks` weeks (Monday to Sunday, this week last and so far), oldest first: three queries."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    first = mondays[0]

    def per_week(model, value):
        totals = dict.fromkeys(mondays, 0)
        rows = model.objects.filter(date__gte=first, date__lte=today).values("date").annotate(total=Sum(value))
        for row in rows:
            totals[row["date"] - datetime.timedelta(days=row["date"].weekday())] += row["total"]
        return totals

    searches = per_week(QueryDailyHits, "hits")
    misses = per_week(QueryDailyZeroResults, "hits")
    clicks = per_week(QueryDailyClicks, "clicks")
    return [
        WeekOfSearches(
            monday=monday,
            searches=searches[monday],
            searches_with_results=max(searches[monday] - misses[monday], 0),
            clicks=clicks[monday],
        )
        for monday in mondays
    ]


def statistics_max_age_days():
    """How long search and click counts are kept: WAGTAILSEARCH_HITS_MAX_AGE, which Wagtail's clean-up reads too."""
    return settings.WAGTAILSEARCH_HITS_MAX_AGE


@dataclass
class Pruned:
    before: datetime.date
    clicks: int
    searches: int
    zero_result_searches: int
    queries: int


def prune_search_statistics(today, max_age_days=None, dry_run=False):
    """Delete the day counts of searches, searches in vain and opened results older than `max_age_days`.

    All three go at the same age so that every report compares like with like; then the queries left with no
    count and no promoted result (Wagtail's Query.garbage_collect rule).
    """
    max_age_days = statistics_max_age_days() if max_age_days is None else max_age_days
    before = today - datetime.timedelta(days=max_age_days)
    old = {
        model: model.objects.filter(date__lt=before)
        for model in (QueryDailyClicks, QueryDailyHits, QueryDailyZeroResults)
    }
    if dry_run:
        counts = {model: queryset.count() for model, queryset in old.items()}
        return Pruned(before, counts[QueryDailyClicks], counts[QueryDailyHits], counts[QueryDailyZeroResults], 0)
    with transaction.atomic():
        counts = {model: queryset.delete()[0] for model, queryset in old.items()}
        in_use = reduce(or_, (Exists(model.objects.filter(query=OuterRef("pk"))) for model in (*old, SearchPromotion)))
        forgotten = Query.objects.exclude(in_use)
        queries = forgotten.delete()[1].get(Query._meta.label, 0)
    return Pruned(before, counts[QueryDailyClicks], counts[QueryDailyHits], counts[QueryDailyZeroResults], queries)
