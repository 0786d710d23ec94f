import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from search.clicks import prune_search_statistics, statistics_max_age_days


class Command(BaseCommand):
    help = (
        "Delete the day counts of searches, searches without results and opened results older than "
        "WAGTAILSEARCH_HITS_MAX_AGE days (SEARCH_STATISTICS_DAYS, 365 by default), and queries left with none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days instead of the setting.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Act as if today were this date.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; delete nothing.")

    def handle(self, *args, days=None, today=None, dry_run=False, **options):
        days = statistics_max_age_days() if days is None else days
        pruned = prune_search_statistics(today or timezone.localdate(), max_age_days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} the counts from before {pruned.before}: {pruned.searches} day(s) of searches, "
            f"{pruned.zero_result_searches} of searches without results, {pruned.clicks} of opened results"
            + ("" if dry_run else f"; {pruned.queries} query(ies) left with none.")
        )
