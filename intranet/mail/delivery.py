"""The one mail path for digests: send each on its own, record it only once the server took it.

Review reminders and notification digests both go through a `MailRun`. It keeps one SMTP connection for the
whole run, tells a refused address (that mail fails, the next goes on) from a server that is away (after
`MAX_CONNECTION_FAILURES` in a row the run stops trying), and records a mail (the sender's own record and a
`SentMail` row, in one transaction) only after the server accepted it. What was not recorded is sent by the
next run; what was recorded is never sent again.
"""

import smtplib

from django.core import mail
from django.db import transaction
from django.utils import timezone

from .models import SentMail

#: After this many connection failures in a row the mail server is taken to be down for this run.
MAX_CONNECTION_FAILURES = 3


class MailRun:
    """One run of a digest sender; use it as a context manager so that the connection is closed."""

    def __init__(self, purpose, connection=None):
        self.purpose = purpose
        self.connection = connection or mail.get_connection()
        self.connection_failures = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.connection.close()

    @property
    def server_down(self):
        """True once the server failed too often in a row: the rest of the run is not attempted."""
        return self.connection_failures >= MAX_CONNECTION_FAILURES

    def send(self, message, recipient_id, record=None):
        """Send one message; on acceptance call `record(sent_at)` and log it. Returns None, or why it failed."""
        try:
            # open() is a no-op while the connection is open; it reopens after a failure closed it.
            self.connection.open()
            self.connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            return describe(error)
        except (smtplib.SMTPException, OSError) as error:
            self.connection.close()
            if not isinstance(error, smtplib.SMTPResponseException):
                # No answer at all (refused connection, time-out): the server may be down.
                self.connection_failures += 1
            return describe(error)
        self.connection_failures = 0
        sent_at = timezone.now()
        with transaction.atomic():
            if record is not None:
                record(sent_at)
            SentMail.objects.create(
                recipient_id=recipient_id, purpose=self.purpose, subject=str(message.subject)[:255], sent_at=sent_at
            )
        return None


def describe(error):
    """The SMTP error as one line for a log or an operator."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {reply.decode(errors='replace')}" for address, (code, reply) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"
