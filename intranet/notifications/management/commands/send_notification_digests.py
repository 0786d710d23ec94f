import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intranet.notifications.digest import send_notification_digests


class Command(BaseCommand):
    help = "Email each person one digest of the notifications they chose to get by mail and have not read."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=datetime.datetime.fromisoformat,
            help="Act as if it were this time (YYYY-MM-DDTHH:MM, local time): decides the weekly day.",
        )

    def handle(self, *args, now=None, **options):
        if now is not None and timezone.is_naive(now):
            now = timezone.make_aware(now)
        outcome = send_notification_digests(now)
        self.stdout.write(f"Sent {len(outcome.sent)} digest(s).")
        for digest, error in outcome.failed:
            self.stderr.write(f"Not sent to {digest.recipient.email}: {error}")
        if outcome.shortfall():
            raise CommandError(outcome.shortfall())
