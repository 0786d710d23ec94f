import sys

from django.core.management.base import BaseCommand, CommandError

from sync.directory import DirectoryError
from sync.service import sync_directory


class Command(BaseCommand):
    help = "Read staff from Active Directory: users, departments, managers, groups. Incremental by default."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Read everyone, and deactivate those who are gone.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")

    def handle(self, *args, full=False, dry_run=False, **options):
        show_progress = sys.stdout.isatty() and options["verbosity"] > 0

        def progress(done, total):
            if show_progress and (done % 500 == 0 or done == total):
                self.stdout.write(f"\r  {done}/{total}", ending="")

        try:
            summary = sync_directory(full=full, dry_run=dry_run, progress=progress)
        except DirectoryError as error:
            raise CommandError(f"{error}. Nothing was changed; run again when the directory answers.") from error
        if show_progress:
            self.stdout.write("")
        for line in summary.lines():
            self.stdout.write(line)
