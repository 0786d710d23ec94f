""" "Rapportera fel på sidan": the form on every content page mails the page's content owner over real SMTP
(aiosmtpd), in Swedish, without JavaScript; limited per person; a mail server that is down gives a clear error and
the reader's text back; nothing for pages the reader may not open or that have nobody to tell."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from intranet.mail.models import SentMail
from intranet.reader.report_error import MAIL_PURPOSE

from . import factories

pytestmark = pytest.mark.django_db

TEXT = "Telefonnumret till receptionen är fel: det ska vara 08-123 45 67.\n<b>Tack!</b>"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PAGE_ERROR_REPORT_RATE = "3/hour"


@pytest.fixture
def owner():
    return factories.UserFactory(
        username="karin.lindqvist", first_name="Karin", last_name="Lindqvist", email="karin.lindqvist@kommun.example"
    )


@pytest.fixture
def guide(owner):
    return factories.guide_page("Boka elcykel", owner=owner)


@pytest.fixture
def reporter(client):
    user = factories.UserFactory(
        username="orjan.lind", first_name="Örjan", last_name="Lind", email="orjan.lind@kommun.example"
    )
    client.force_login(user)
    client.user = user
    return client


def report(client, page, text=TEXT, **kwargs):
    return client.post(f"/rapportera-fel/{page.pk}/", {"message": text}, **kwargs)


def textarea_text(response):
    return BeautifulSoup(response.content, "html.parser").select_one("textarea[name=message]").get_text()


def test_every_content_page_offers_the_form_which_posts_without_javascript(reporter, guide):
    page = BeautifulSoup(reporter.get(guide.url).content, "html.parser")
    details = page.select_one("footer.page-owner details.report-error")
    assert details.summary.get_text(strip=True) == "Rapportera fel på sidan"
    form = details.form
    assert (form["method"], form["action"]) == ("post", f"/rapportera-fel/{guide.pk}/")
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    label = form.select_one("label")
    assert label.get_text(strip=True) == "Vad är fel på sidan?"
    assert form.select_one(f"#{label['for']}").name == "textarea"


def test_a_report_reaches_the_owner_by_mail_and_the_reader_sees_a_swedish_confirmation(
    reporter, guide, mail_server, settings
):
    response = report(reporter, guide)
    assert response.status_code == 302
    assert response["Location"] == guide.url

    [mail] = mail_server.to("karin.lindqvist@kommun.example")
    # The parser keeps the space that folds Django's encoded subject line; a mail client shows none.
    assert mail["Subject"].strip() == "Fel rapporterat på sidan ”Boka elcykel”"
    assert mail["Reply-To"] == "orjan.lind@kommun.example"
    body = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Örjan Lind har rapporterat ett fel på sidan ”Boka elcykel”" in body
    assert f"\n{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{guide.url}\n" in body  # BASE_URL, not the Host header
    assert TEXT in body  # as typed: a plain-text mail shows markup as text
    assert SentMail.objects.filter(recipient=guide.content_owner, purpose=MAIL_PURPOSE).count() == 1

    shown = reporter.get(guide.url).content.decode()
    assert "Tack! Din felanmälan har skickats till Karin Lindqvist, sidans innehållsansvarig." in shown


def test_reports_are_limited_per_person_and_the_text_is_kept_when_refused(reporter, guide, mail_server):
    for _ in range(3):
        assert report(reporter, guide).status_code == 302
    refused = report(reporter, guide, text="En fjärde rapport")
    assert refused.status_code == 429
    assert "Du har skickat många felanmälningar på kort tid" in refused.content.decode()
    assert textarea_text(refused) == "En fjärde rapport"
    assert len(mail_server.to("karin.lindqvist@kommun.example")) == 3
    # Someone else is not held back by the first reader's reports.
    other = Client()
    other.force_login(factories.UserFactory(email="annan@kommun.example"))
    assert report(other, guide).status_code == 302


def test_a_mail_server_that_is_down_gives_a_clear_error_keeps_the_text_and_does_not_count(
    reporter, guide, mail_server, settings
):
    settings.PAGE_ERROR_REPORT_RATE = "1/hour"
    mail_server.stop()
    response = report(reporter, guide)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Felanmälan kunde inte skickas: e-postservern svarade inte." in html
    assert textarea_text(response) == TEXT
    assert not SentMail.objects.exists()

    mail_server.start()  # back again: the failed attempt did not use up the reader's one report
    assert report(reporter, guide).status_code == 302
    assert len(mail_server.to("karin.lindqvist@kommun.example")) == 1


@pytest.mark.parametrize("text", ["", "   \n  ", "\x07\x1b"])
def test_an_empty_report_is_refused_in_swedish_and_nothing_is_sent(reporter, guide, mail_server, text):
    response = report(reporter, guide, text=text)
    assert response.status_code == 400
    assert "Skriv vad som är fel på sidan." in response.content.decode()
    assert mail_server.messages == []


def test_a_too_long_report_is_refused_and_kept(reporter, guide, mail_server):
    text = "x" * 2001
    response = report(reporter, guide, text=text)
    assert response.status_code == 400
    assert textarea_text(response) == text
    assert mail_server.messages == []


def test_a_page_without_an_active_owner_offers_no_form_and_refuses_a_report(reporter, guide, mail_server):
    guide.content_owner.is_active = False
    guide.content_owner.save()
    assert "report-error" not in reporter.get(guide.url).content.decode()
    response = report(reporter, guide)
    assert response.status_code == 400
    assert "Sidan har ingen innehållsansvarig just nu" in response.content.decode()
    assert mail_server.messages == []


def test_pages_the_reader_may_not_open_and_pages_that_are_not_content_answer_404(reporter, guide, mail_server):
    managers = Group.objects.create(name="Chefer")
    restriction = PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(managers)
    assert report(reporter, guide).status_code == 404
    assert reporter.get(f"/rapportera-fel/{guide.pk}/").status_code == 404
    assert report(reporter, guide.get_parent()).status_code == 404  # the guides' index page has no owner
    assert reporter.post("/rapportera-fel/999999/", {"message": TEXT}).status_code == 404
    assert mail_server.messages == []


def test_a_report_needs_a_login_and_the_csrf_token(guide, mail_server):
    anonymous = report(Client(), guide)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(factories.UserFactory())
    assert report(strict, guide).status_code == 403
    assert mail_server.messages == []
