from django.core.management.base import BaseCommand

from intranet.scheduling.schedule import build_scheduler


class Command(BaseCommand):
    help = "Run the scheduler that enqueues periodic tasks (run exactly one of these)."

    def handle(self, *args, **options):
        scheduler = build_scheduler()
        for job in scheduler.get_jobs():
            self.stdout.write(f"{job.id}: {job.trigger}")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=False)
