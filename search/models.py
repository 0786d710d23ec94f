from django.db import models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion


class Synonym(models.Model):
    """Words that staff use for the same thing. A search for one finds them all."""

    terms = models.CharField(
        _("words that mean the same"),
        max_length=500,
        unique=True,
        help_text=_("Separate with commas, for example: elcykel, elektrisk cykel, e-cykel"),
    )

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return self.terms

    def clean(self):
        from django.core.exceptions import ValidationError

        words = self.words()
        if len(words) < 2:
            raise ValidationError({"terms": _("Give at least two words, separated by commas.")})
        self.terms = ", ".join(words)

    def words(self):
        return [" ".join(word.lower().split()) for word in self.terms.split(",") if word.strip()]


def synonym_rules():
    """Every synonym group in the engine's (Solr) format."""
    return [", ".join(synonym.words()) for synonym in Synonym.objects.all() if len(synonym.words()) > 1]


class PromotionPeriod(models.Model):
    """When a promoted search result is shown, if not always: what Wagtail's SearchPromotion lacks.

    Editors promote a page for a phrase while it is current (the salary review in October, a form until a
    deadline); a promotion without a period, or with an empty end, is shown until it is removed.
    """

    promotion = models.OneToOneField(
        "wagtailsearchpromotions.SearchPromotion", on_delete=models.CASCADE, primary_key=True, related_name="period"
    )
    starts_on = models.DateField(_("shown from"), null=True, blank=True, help_text=_("(optional)"))
    ends_on = models.DateField(_("shown until"), null=True, blank=True, help_text=_("(optional)"))

    class Meta:
        verbose_name = _("promotion period")
        verbose_name_plural = _("promotion periods")

    def __str__(self):
        return f"{self.promotion}: {self.starts_on or '…'}–{self.ends_on or '…'}"


def normalise_query(text):
    """The form a query is compared and counted in: lower case, single spaces."""
    return " ".join((text or "").lower().split())


def promoted_pages(query, today):
    """Live pages editors have promoted for this exact phrase, shown today, in the editors' order."""
    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query(query), page__live=True)
        # Without a period, or with an open end, a promotion is shown; exclude() keeps the missing dates.
        .exclude(period__starts_on__gt=today)
        .exclude(period__ends_on__lt=today)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return [promotion.page.specific for promotion in promotions]


class QueryDailyZeroResults(models.Model):
    """How many of a day's searches for a query found nothing: what Wagtail's QueryDailyHits does not count.

    Never who searched, as with Wagtail's counts.
    """

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="daily_zero_results")
    date = models.DateField(_("day"))
    hits = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="one_zero_result_count_per_query_and_day")
        ]
        verbose_name = _("searches without results")
        verbose_name_plural = _("searches without results")

    def __str__(self):
        return f"{self.date} {self.query}: {self.hits}"


def count_search(query, found, today):
    """Add one search for `query` today (and one without results, if it found nothing); safe when concurrent."""
    query = Query.get(normalise_query(query))
    query.add_hit(date=today)
    if not found:
        misses, _created = QueryDailyZeroResults.objects.get_or_create(query=query, date=today)
        misses.hits = models.F("hits") + 1
        misses.save(update_fields=["hits"])


def search_counts(since):
    """Every query searched on or after `since`: how often (`searches`), and how often in vain."""

    def total(model):
        days = model.objects.filter(query=OuterRef("pk"), date__gte=since)
        return Coalesce(Subquery(days.values("query").annotate(total=Sum("hits")).values("total")), 0)

    return Query.objects.annotate(
        searches=total(QueryDailyHits), zero_result_searches=total(QueryDailyZeroResults)
    ).filter(searches__gt=0)


class PendingIndexUpdate(models.Model):
    """An index update the engine missed (it was down); retried until it lands, so nothing is lost."""

    ADD = "add"
    DELETE = "delete"

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=[(ADD, "add"), (DELETE, "delete")])
    failed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_pending_update")]

    def __str__(self):
        return f"{self.action} {self.content_type.model} {self.object_id}"


class QueryDailyClicks(models.Model):
    """How often, on one day, readers who searched for a query opened the result at one rank (issue 13).

    What Wagtail does not record. Never who: no user, no session, no time of day; one row counts every
    reader's opening of the same result at the same rank on that day (search.clicks.count_click).
    """

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="daily_clicks")
    date = models.DateField(_("day"))
    #: The result's place in the list the reader saw, from 1 (page 2 starts at 11; promoted answers come first).
    rank = models.PositiveSmallIntegerField(_("rank"))
    #: The result's type and id as the search answered them ("guide", 12; "document", 3; "person", 7 …).
    kind = models.CharField(_("result type"), max_length=20)
    object_id = models.PositiveIntegerField(_("result id"))
    clicks = models.PositiveIntegerField(_("opened"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["query", "date", "rank", "kind", "object_id"], name="one_click_count_per_result_and_day"
            )
        ]
        indexes = [models.Index(fields=["date"], name="search_clicks_by_day")]
        verbose_name = _("opened search result")
        verbose_name_plural = _("opened search results")

    def __str__(self):
        return f"{self.date} {self.query}: {self.kind} {self.object_id} at {self.rank} ×{self.clicks}"


# Posts and comments as the engine indexes them (proxies: the models are the posts app's).
from .conversation_index import IndexedComment, IndexedPost  # noqa: E402, F401
