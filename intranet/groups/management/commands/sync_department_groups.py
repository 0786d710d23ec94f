from django.core.management.base import BaseCommand

from intranet.groups.directory import sync_department_groups


class Command(BaseCommand):
    help = (
        "Give every department its group and bring its members and admins in line with the organisation. "
        "The directory sync does this on every run; this command is for installations without one."
    )

    def handle(self, *args, **options):
        changes = sync_department_groups()
        for line in changes.lines():
            self.stdout.write(line)
        if not changes.changed:
            self.stdout.write("No changes.")
