""" "Rapportera fel på sidan": a reader tells a content page's owner what is wrong with it, by email.

The mail goes through the project's one mail path (intranet.mail: sent, then logged in SentMail). Each person may
send PAGE_ERROR_REPORT_RATE reports (default five an hour), counted in the cache every worker shares, as API
writes are; a report the mail server did not take is not counted, and the reader gets the form back with the
text they wrote and a message that says so.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.connection import ConnectionProxy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import UserRateThrottle
from wagtail.models import Page

from intranet.access.visibility import Visibility
from intranet.mail.delivery import MailRun
from intranet.organisation.models import display_name
from intranet.pages.models import ContentPage
from intranet.reminders.links import absolute
from intranet.security.text import without_invisible

MAIL_PURPOSE = "page_error_report"
MAX_LENGTH = 2000


class PageErrorReportForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What is wrong on the page?"),
        help_text=gettext_lazy("The page's content owner gets your text by email, with your name and address."),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "class": "ds-input"}),
        error_messages={"required": gettext_lazy("Write what is wrong on the page.")},
    )

    def clean_message(self):
        # Control and bidi characters have no place in a mail body (the project's one list of them); an empty text
        # after stripping is no report.
        text = without_invisible(self.cleaned_data["message"]).strip()
        if not text:
            raise forms.ValidationError(self.fields["message"].error_messages["required"])
        return text


class PageErrorReportThrottle(UserRateThrottle):
    """DRF's per-person counter over the cache all workers share (cms/settings/base.py, CACHES)."""

    scope = "page_error_report"
    cache = ConnectionProxy(caches, "api_throttle")

    def get_rate(self):
        return settings.PAGE_ERROR_REPORT_RATE

    def forget_last(self):
        """Take back the report just counted: the mail server did not take it, so it does not count."""
        if self.history:
            self.history.pop(0)
            self.cache.set(self.key, self.history, self.duration)


def owner_of(page):
    """Who receives reports about `page`: its content owner, if they are still here and have an address."""
    owner = page.content_owner
    if owner is not None and owner.is_active and owner.email:
        return owner
    return None


def report_mail(page, owner, reporter, text, page_url):
    body = _(
        "%(reporter)s has reported an error on the page “%(title)s”, which you are the content owner of.\n\n"
        "%(url)s\n\n"
        "What they wrote:\n\n%(text)s\n\n"
        "Answer this email to reach %(reporter)s."
    ) % {"reporter": display_name(reporter), "title": page.title, "url": page_url, "text": text}
    return EmailMessage(
        subject=_("Error reported on the page “%(title)s”") % {"title": page.title},
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[owner.email],
        reply_to=[reporter.email] if reporter.email else None,
    )


def page_address(page):
    """The page's full address for the mail, on BASE_URL as every link the intranet mails (never the Host header)."""
    return absolute(page.url) if page.url.startswith("/") else page.url


def visible_content_page(request, page_id):
    page = Page.objects.live().filter(pk=page_id).specific().first()
    # Only content pages have an owner to tell; a page the reader may not open does not exist for them.
    if not isinstance(page, ContentPage) or not Visibility(request.user).can_view(page):
        raise Http404
    return page


@require_http_methods(["GET", "POST"])
def report_page_error(request, page_id):
    """/rapportera-fel/<page id>/: the form on its own (GET), and where the form on every content page posts."""
    page = visible_content_page(request, page_id)
    owner = owner_of(page)
    form = PageErrorReportForm(request.POST or None)
    context = {"page_reported": page, "form": form, "owner": owner, "error": None}
    if request.method == "GET" or owner is None or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "reader/report_error.html", context, status=status)

    throttle = PageErrorReportThrottle()
    if not throttle.allow_request(request, None):
        context["error"] = _(
            "You have sent many error reports in a short time. Try again later; your text is kept below."
        )
        return TemplateResponse(request, "reader/report_error.html", context, status=429)

    message = report_mail(page, owner, request.user, form.cleaned_data["message"], page_address(page))
    with MailRun(MAIL_PURPOSE) as run:
        failure = run.send(message, recipient_id=owner.pk)
    if failure is not None:
        throttle.forget_last()
        context["error"] = _(
            "The error report could not be sent: the mail server did not answer. Your text is kept below; "
            "try again in a while."
        )
        return TemplateResponse(request, "reader/report_error.html", context, status=503)
    messages.success(
        request,
        _("Thank you! Your error report has been sent to %(owner)s, the page's content owner.")
        % {"owner": display_name(owner)},
    )
    return redirect(page.url)
