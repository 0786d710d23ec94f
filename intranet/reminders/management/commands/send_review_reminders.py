import datetime

from django.core.management.base import BaseCommand, CommandError

from intranet.reminders.services import plan_reminders, send_review_reminders


class Command(BaseCommand):
    help = "Send each content owner (and, for late reviews, managers and editors) one digest of what needs review."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send nothing.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Act as if today were this date.")

    def handle(self, *args, dry_run=False, today=None, **options):
        if dry_run:
            plan = plan_reminders(today)
            self.report_plan(plan)
            for digest in sorted(plan.digests.values(), key=lambda digest: digest.recipient.email):
                self.stdout.write(f"{digest.recipient.name} <{digest.recipient.email}>: {digest.count} item(s)")
                for section in digest.sections():
                    self.stdout.write(f"  {section['stage'].value} ({section['total']}):")
                    for item in section["items"]:
                        self.stdout.write(f"    {item.title} (review date {item.review_date})")
                    if section["more"]:
                        self.stdout.write(f"    … and {section['more']} more")
            self.stdout.write(f"Would send {len(plan.digests)} digest(s).")
            return
        plan, outcome = send_review_reminders(today)
        self.report_plan(plan)
        self.stdout.write(f"Sent {len(outcome.sent)} digest(s).")
        for digest, error in outcome.failed:
            self.stderr.write(f"Not sent to {digest.recipient.email}: {error}")
        if outcome.shortfall():
            raise CommandError(outcome.shortfall())

    def report_plan(self, plan):
        for owner_id in sorted(plan.without_email):
            self.stderr.write(f"Owner {owner_id} has no email address; their department's editors are told instead.")
        for owner_id in sorted(plan.manager_loops):
            self.stderr.write(f"The manager chain above user {owner_id} loops; escalated to the editors only.")
