"""Promoted answers and search counts move into Wagtail's search promotions, and Redaktörer keep managing them.

Forwards: each PromotedAnswer becomes a SearchPromotion of its phrase's Query (in the order they were shown)
with its dates in a PromotionPeriod; each SearchQueryCount becomes that day's QueryDailyHits, and its searches
without results a QueryDailyZeroResults. Backwards copies everything back and empties Wagtail's tables, which
held nothing before this migration (a promotion of an external link, which ours cannot hold, is dropped).
"""

from collections import Counter, defaultdict

from django.db import migrations

EDITORS = "Redaktörer"
PROMOTION_PERMISSIONS = ["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion", "view_searchpromotion"]


def promotion_permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after migrate; the group needs them now.
    app_config = apps.get_app_config("wagtailsearchpromotions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.filter(content_type__app_label="wagtailsearchpromotions", codename__in=PROMOTION_PERMISSIONS)


def models(apps):
    ours = ["PromotedAnswer", "SearchQueryCount", "PromotionPeriod", "QueryDailyZeroResults"]
    wagtails = ["Query", "QueryDailyHits", "SearchPromotion"]
    return [apps.get_model("intranet_search", name) for name in ours] + [
        apps.get_model("wagtailsearchpromotions", name) for name in wagtails
    ]


def normalised(text):
    return " ".join(text.lower().split())[:255]


def forwards(apps, schema_editor):
    PromotedAnswer, SearchQueryCount, PromotionPeriod, QueryDailyZeroResults, Query, QueryDailyHits, SearchPromotion = (
        models(apps)
    )

    def query(text):
        return Query.objects.get_or_create(query_string=normalised(text))[0]

    position = Counter()
    for answer in PromotedAnswer.objects.order_by("pk"):
        promoted_for = query(answer.phrase)
        promotion = SearchPromotion.objects.create(
            query=promoted_for, page_id=answer.page_id, sort_order=position[promoted_for.pk]
        )
        position[promoted_for.pk] += 1
        PromotionPeriod.objects.create(promotion=promotion, starts_on=answer.starts_on, ends_on=answer.ends_on)

    for count in SearchQueryCount.objects.all():
        searched = query(count.query)
        QueryDailyHits.objects.create(query=searched, date=count.day, hits=count.searches)
        if count.zero_result_searches:
            QueryDailyZeroResults.objects.create(query=searched, date=count.day, hits=count.zero_result_searches)

    editors = apps.get_model("auth.Group").objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(*promotion_permissions(apps))


def backwards(apps, schema_editor):
    PromotedAnswer, SearchQueryCount, PromotionPeriod, QueryDailyZeroResults, Query, QueryDailyHits, SearchPromotion = (
        models(apps)
    )

    periods = {period.promotion_id: period for period in PromotionPeriod.objects.all()}
    for promotion in SearchPromotion.objects.filter(page__isnull=False).select_related("query").order_by(
        "query__query_string", "sort_order", "pk"
    ):
        period = periods.get(promotion.pk)
        PromotedAnswer.objects.create(
            phrase=promotion.query.query_string[:200],
            page_id=promotion.page_id,
            starts_on=period.starts_on if period else None,
            ends_on=period.ends_on if period else None,
        )

    # Our query column is shorter: two long queries may become one, so their counts are added together.
    counts = defaultdict(lambda: [0, 0])
    for hits in QueryDailyHits.objects.select_related("query"):
        counts[hits.date, hits.query.query_string[:200]][0] += hits.hits
    for misses in QueryDailyZeroResults.objects.select_related("query"):
        counts[misses.date, misses.query.query_string[:200]][1] += misses.hits
    SearchQueryCount.objects.bulk_create(
        SearchQueryCount(day=day, query=text, searches=searches, zero_result_searches=zero)
        for (day, text), (searches, zero) in counts.items()
    )

    Query.objects.all().delete()  # with their daily hits, promotions, periods and zero-result counts
    editors = apps.get_model("auth.Group").objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.remove(*promotion_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("intranet_search", "0002_wagtail_search_promotions_and_what_they_lack"),
        # The editors' group and its permission on the promoted answers come first: that migration reads them.
        ("publishing", "0002_editors_manage_search_and_directory_vocabulary"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
