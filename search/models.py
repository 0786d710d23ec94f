from django.db import models
from django.utils.translation import gettext_lazy as _


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


class PromotedAnswer(models.Model):
    """An editor's pick: for this search phrase, show this page first, between these dates."""

    phrase = models.CharField(
        _("search phrase"), max_length=200, help_text=_("What staff type, for example: tjänsteresa")
    )
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("shown from"), null=True, blank=True, help_text=_("(optional)"))
    ends_on = models.DateField(_("shown until"), null=True, blank=True, help_text=_("(optional)"))

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("promoted answer")
        verbose_name_plural = _("promoted answers")

    def __str__(self):
        return f"{self.phrase} → {self.page}"

    def clean(self):
        from django.core.exceptions import ValidationError

        self.phrase = normalise_query(self.phrase)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


def normalise_query(text):
    """The form a query is compared and counted in: lower case, single spaces."""
    return " ".join((text or "").lower().split())


def promoted_pages(query, today):
    """Live pages editors have pinned to this exact phrase, valid today."""
    answers = (
        PromotedAnswer.objects.filter(phrase=normalise_query(query), page__live=True)
        .filter(models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=today))
        .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today))
        .select_related("page")
        .order_by("pk")
    )
    return [answer.page.specific for answer in answers]


class SearchQueryCount(models.Model):
    """How often a query was searched on a day, and how often it found nothing. Never who asked."""

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_result_searches = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="one_count_per_query_and_day")]
        verbose_name = _("search count")
        verbose_name_plural = _("search counts")

    def __str__(self):
        return f"{self.day} {self.query}: {self.searches}"


def count_search(query, found, today):
    """Add one search for `query` today; atomic, so concurrent searches are all counted."""
    from django.db import IntegrityError, transaction
    from django.db.models import F

    query = normalise_query(query)[:200]
    increments = {"searches": F("searches") + 1}
    if not found:
        increments["zero_result_searches"] = F("zero_result_searches") + 1
    if SearchQueryCount.objects.filter(day=today, query=query).update(**increments):
        return
    try:
        with transaction.atomic():
            SearchQueryCount.objects.create(day=today, query=query, searches=1, zero_result_searches=int(not found))
    except IntegrityError:  # another request created today's row first
        SearchQueryCount.objects.filter(day=today, query=query).update(**increments)


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
