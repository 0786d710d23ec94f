import datetime

from django.core.management.base import BaseCommand

from intranet.archive.services import archive_overdue_pages


class Command(BaseCommand):
    help = "Unpublish into the archive every page overdue for review by its type's limit (90 days by default)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the pages; change nothing.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Act as if today were this date.")

    def handle(self, *args, dry_run=False, today=None, **options):
        pages = archive_overdue_pages(today=today, dry_run=dry_run)
        verb = "Would archive" if dry_run else "Archived"
        for page in pages:
            self.stdout.write(f"{verb}: {page.title} (id {page.pk}, review date {page.review_date})")
        self.stdout.write(f"{verb} {len(pages)} page(s).")
