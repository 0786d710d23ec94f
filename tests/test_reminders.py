"""Review reminders, sent over SMTP to a real server on loopback, with the date given to the command."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from intranet.organisation.models import EmployeeProfile
from intranet.reminders.models import ReviewNotice, Stage
from intranet.reminders.services import MAX_ITEMS_PER_STAGE, plan_reminders

from .factories import DepartmentFactory, UserFactory, editor, guide_page, policy_page

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def remind(today=TODAY, **options):
    call_command("send_review_reminders", f"--today={today.isoformat()}", **options)


def set_manager(user, manager):
    EmployeeProfile.objects.filter(user=user).update(manager=manager)


def body_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def body_html(message):
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.fixture
def department():
    return DepartmentFactory(name="Socialförvaltningen", code="SOC")


@pytest.fixture
def owner(department):
    return UserFactory(username="owner", first_name="Olle", last_name="Ägare", department=department)


def test_an_owner_gets_one_digest_of_everything_due(mail_server, owner):
    guide_page("Boka tjänsteresa", owner=owner, review_date=days(20))
    guide_page("Beställa elcykel", owner=owner, review_date=days(0))
    policy_page("Inköpspolicy", owner=owner, review_date=days(-3))
    guide_page("Långt fram", owner=owner, review_date=days(200))

    remind()

    [message] = mail_server.to(owner.email)
    assert message["Subject"] == "3 sidor att granska"
    text = body_text(message)
    for title in ["Boka tjänsteresa", "Beställa elcykel", "Inköpspolicy"]:
        assert title in text
    assert "Långt fram" not in text
    assert "Granskas senast inom 30 dagar" in text or "inom 30 dagar" in text
    assert "Försenad granskning" in text
    html = body_html(message)
    assert 'href="http' in html and "/admin/pages/" in html and "/granska/" in html
    # Every link is on BASE_URL: a mail is read far from any request, whose Host header could name another site.
    links = re.findall(r'href="([^"]+)"', html) + re.findall(r"https?://\S+", text)
    assert links and all(link.startswith("https://intranet.kommunen.test/") for link in links), links
    assert settings.WAGTAILADMIN_BASE_URL == "https://intranet.kommunen.test"
    assert ReviewNotice.objects.filter(recipient=owner).count() == 3


def test_nobody_gets_the_same_reminder_twice(mail_server, owner):
    guide_page("Boka tjänsteresa", owner=owner, review_date=days(1))
    remind()
    remind()
    assert len(mail_server.to(owner.email)) == 1
    # The next day the page is due today: a new stage, a new reminder; then overdue, once more.
    remind(days(1))
    remind(days(1))
    remind(days(2))
    messages = mail_server.to(owner.email)
    assert len(messages) == 3
    assert [m["Subject"] for m in messages] == ["1 sida att granska"] * 3


def test_a_review_starts_a_new_round(mail_server, owner):
    page = guide_page("Boka tjänsteresa", owner=owner, review_date=days(-1))
    remind()
    page.mark_reviewed(owner)
    page.refresh_from_db()
    page.review_date = days(5)  # reviewed, but due again soon (as if the interval were short)
    type(page).objects.filter(pk=page.pk).update(review_date=page.review_date)
    remind()
    assert len(mail_server.to(owner.email)) == 2


def test_fourteen_days_overdue_goes_to_the_manager_and_the_department_s_editors(mail_server, owner, department):
    manager = UserFactory(username="chefen", department=department)
    set_manager(owner, manager)
    department_editor = editor(username="redaktor-soc", department=department)
    other_editor = editor(username="redaktor-annan", department=DepartmentFactory(name="Kultur", code="KUL"))
    guide_page("Gammal rutin", owner=owner, review_date=days(-14), department=department)

    remind()

    assert len(mail_server.to(owner.email)) == 1
    [to_manager] = mail_server.to(manager.email)
    [to_editor] = mail_server.to(department_editor.email)
    assert "Gammal rutin" in body_text(to_manager) and "Gammal rutin" in body_text(to_editor)
    assert mail_server.to(other_editor.email) == []
    assert set(ReviewNotice.objects.filter(stage=Stage.ESCALATED).values_list("recipient__username", flat=True)) == {
        "chefen",
        "redaktor-soc",
    }


def test_municipality_wide_pages_escalate_to_every_editor(mail_server, owner):
    editors = [editor(username=f"red{n}") for n in range(2)]
    guide_page("Gemensam rutin", owner=owner, review_date=days(-20), department=None)
    remind()
    for person in editors:
        assert len(mail_server.to(person.email)) == 1


def test_a_page_moved_to_another_department_escalates_to_the_new_department_s_editors(mail_server, owner, department):
    first = editor(username="red-soc", department=department)
    kultur = DepartmentFactory(name="Kulturförvaltningen", code="KUL")
    second = editor(username="red-kul", department=kultur)
    page = guide_page("Flyttad rutin", owner=owner, review_date=days(-15), department=department)
    remind()
    type(page).objects.filter(pk=page.pk).update(department=kultur)
    remind(days(1))
    assert len(mail_server.to(first.email)) == 1
    assert len(mail_server.to(second.email)) == 1


def test_when_the_mail_server_is_down_nothing_is_recorded_and_the_next_run_sends(mail_server, owner, settings):
    guide_page("Boka tjänsteresa", owner=owner, review_date=days(3))
    mail_server.stop()
    with pytest.raises(CommandError, match="nothing was recorded"):
        remind()
    assert not ReviewNotice.objects.exists()
    mail_server.start()
    remind()
    assert len(mail_server.to(owner.email)) == 1
    assert ReviewNotice.objects.count() == 1


def test_the_scheduled_task_sends_what_the_command_sends_and_fails_the_same_way(mail_server, owner):
    from django.utils import timezone

    from intranet.reminders.tasks import RemindersNotSent, send_review_reminders

    guide_page("Boka tjänsteresa", owner=owner, review_date=timezone.localdate() + datetime.timedelta(days=3))
    mail_server.stop()
    with pytest.raises(RemindersNotSent, match="nothing was recorded"):
        send_review_reminders.call()
    assert not ReviewNotice.objects.exists()
    mail_server.start()
    send_review_reminders.call()
    [message] = mail_server.to(owner.email)
    assert message["Subject"] == "1 sida att granska"
    assert ReviewNotice.objects.count() == 1


def test_one_refused_address_holds_back_nobody(mail_server, department):
    owners = [UserFactory(username=f"agare{n}", department=department) for n in range(3)]
    for n, person in enumerate(owners):
        guide_page(f"Sida {n}", owner=person, review_date=days(2))
    mail_server.refused.add(owners[1].email)

    with pytest.raises(CommandError, match="1 digest"):
        remind()
    assert len(mail_server.to(owners[0].email)) == 1
    assert len(mail_server.to(owners[2].email)) == 1
    assert not ReviewNotice.objects.filter(recipient=owners[1]).exists()

    mail_server.refused.clear()
    remind()
    assert len(mail_server.to(owners[1].email)) == 1
    assert len(mail_server.to(owners[0].email)) == 1  # not sent again


def test_dry_run_prints_who_would_get_what_and_sends_nothing(mail_server, owner, capsys):
    guide_page("Boka tjänsteresa", owner=owner, review_date=days(3))
    remind(dry_run=True)
    out = capsys.readouterr().out
    assert f"<{owner.email}>" in out and "Boka tjänsteresa" in out and "due_soon" in out
    assert "Would send 1 digest" in out
    assert mail_server.messages == []
    assert not ReviewNotice.objects.exists()


def test_an_owner_without_email_is_reported_and_the_editors_are_told(mail_server, department, capsys):
    silent = UserFactory(username="utanpost", email="", department=department)
    department_editor = editor(username="red-soc", department=department)
    guide_page("Ingen läser detta", owner=silent, review_date=days(-1), department=department)
    remind()
    assert f"Owner {silent.pk} has no email address" in capsys.readouterr().err
    [message] = mail_server.to(department_editor.email)
    assert "Ägaren saknar e-postadress" in body_text(message)


def test_a_loop_in_the_manager_chain_ends_and_is_reported(mail_server, owner, department, capsys):
    boss_a = UserFactory(username="chef-a", is_active=False)
    boss_b = UserFactory(username="chef-b", is_active=False)
    set_manager(owner, boss_a)
    set_manager(boss_a, boss_b)
    set_manager(boss_b, boss_a)
    department_editor = editor(username="red-soc", department=department)
    guide_page("Rutin", owner=owner, review_date=days(-30), department=department)
    remind()
    assert "manager chain above user" in capsys.readouterr().err
    assert len(mail_server.to(department_editor.email)) == 1


def test_an_owner_who_was_deleted_leaves_an_ownerless_page_for_the_editors(mail_server, owner, department):
    department_editor = editor(username="red-soc", department=department)
    page = guide_page("Rutin", owner=owner, review_date=days(100), department=department)
    owner.delete()
    page.refresh_from_db()
    assert page.content_owner is None and page.is_ownerless
    remind()
    [message] = mail_server.to(department_editor.email)
    assert "Ägarlös" in body_text(message) and "Rutin" in body_text(message)


def test_many_due_pages_make_one_short_email(mail_server, owner, department):
    from intranet.demo.bulk import add_info_pages

    from .factories import home_page

    add_info_pages(
        home_page(),
        [
            {"title": f"Sida {n}", "owner_id": owner.pk, "review_date": days(-1), "department_id": department.pk}
            for n in range(10_000)
        ],
    )
    remind()
    [message] = mail_server.to(owner.email)
    assert message["Subject"] == "10000 sidor att granska"
    text = body_text(message)
    assert len(re.findall(r"^- ", text, re.MULTILINE)) == MAX_ITEMS_PER_STAGE
    assert "och 9980 till" in text
    assert ReviewNotice.objects.filter(recipient=owner).count() == 10_000


def test_planning_costs_a_fixed_number_of_queries(owner, department, django_assert_max_num_queries):
    from intranet.demo.bulk import add_info_pages

    from .factories import home_page

    owners = [UserFactory(username=f"o{n}", department=department) for n in range(30)]
    add_info_pages(
        home_page(),
        [{"title": f"S{n}", "owner_id": owners[n % 30].pk, "review_date": days(-(n % 40))} for n in range(600)],
    )
    with django_assert_max_num_queries(20):
        plan = plan_reminders(TODAY)
    assert len(plan.digests) == 30


def test_the_mark_reviewed_link_in_the_email_works_for_the_owner(mail_server, owner, client):
    page = guide_page("Boka tjänsteresa", owner=owner, review_date=days(3))
    remind()
    link = re.search(r"http\S+/granska/\S+/", body_text(mail_server.to(owner.email)[0])).group(0)
    path = link.removeprefix(settings.WAGTAILADMIN_BASE_URL)
    client.force_login(owner)
    response = client.get(path)
    assert response.status_code == 200
    assert "är markerad som granskad" in response.content.decode()
    page.refresh_from_db()
    assert page.last_reviewed_by == owner
    # Following it again changes nothing.
    review_date = page.review_date
    response = client.get(path)
    assert "redan granskats" in response.content.decode()
    page.refresh_from_db()
    assert page.review_date == review_date


def test_the_mark_reviewed_link_needs_a_login_as_the_owner_or_an_editor(owner, client):
    from intranet.reminders.links import make_token

    page = guide_page("Boka tjänsteresa", owner=owner, review_date=days(3))
    from django.contrib.contenttypes.models import ContentType

    token = make_token(ContentType.objects.get_for_model(page).pk, page.pk, page.review_date)
    path = reverse("reminders_mark_reviewed", args=[token])
    assert client.get(path).status_code == 302  # to the login page
    client.force_login(UserFactory(username="nagon-annan"))
    assert client.get(path).status_code == 403
    client.force_login(editor(username="redaktoren"))
    assert client.get(path).status_code == 200
    page.refresh_from_db()
    assert page.last_reviewed_by.username == "redaktoren"


def test_the_mark_reviewed_link_expires_and_rejects_tampering(owner, client, settings):
    from unittest import mock

    from django.contrib.contenttypes.models import ContentType

    from intranet.reminders.links import make_token

    page = guide_page("Boka tjänsteresa", owner=owner, review_date=days(3))
    content_type = ContentType.objects.get_for_model(page).pk
    settings.REVIEW_LINK_MAX_AGE_DAYS = 30
    with mock.patch("django.core.signing.time.time", return_value=__import__("time").time() - 31 * 86400):
        old_token = make_token(content_type, page.pk, page.review_date)
    client.force_login(owner)
    response = client.get(reverse("reminders_mark_reviewed", args=[old_token]))
    assert response.status_code == 410
    token = make_token(content_type, page.pk, page.review_date)
    response = client.get(reverse("reminders_mark_reviewed", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    page.refresh_from_db()
    assert page.last_reviewed_at is None


def test_the_scheduler_runs_archiving_before_the_reminders():
    from django.conf import settings

    jobs = settings.SCHEDULED_TASKS
    assert jobs["send_review_reminders"]["task"] == "intranet.reminders.tasks.send_review_reminders"
    archive_hour = int(jobs["archive_overdue_pages"]["cron"].split()[1])
    remind_hour = int(jobs["send_review_reminders"]["cron"].split()[1])
    assert archive_hour < remind_hour


def _link_for(page):
    from django.contrib.contenttypes.models import ContentType

    from intranet.reminders.links import make_token

    token = make_token(ContentType.objects.get_for_model(page).pk, page.pk, page.review_date)
    return reverse("reminders_mark_reviewed", args=[token])


def test_the_link_for_an_archived_page_says_so_and_moves_nothing(owner, client):
    from intranet.archive.services import archive_page

    page = guide_page("Boka tjänsteresa", owner=owner, review_date=days(-100))
    archive_page(page)
    client.force_login(owner)
    response = client.get(_link_for(page))
    assert response.status_code == 409
    text = response.content.decode()
    assert "arkiverades" in text and "Be en redaktör att återställa den" in text
    assert "Återställ sidan" not in text  # the owner cannot publish, so is not offered the button
    page.refresh_from_db()
    assert page.review_date == days(-100) and page.last_reviewed_by is None and not page.live


def test_an_editor_following_the_link_for_an_archived_page_is_offered_restore(owner, client):
    from intranet.archive.models import ArchivedPage
    from intranet.archive.services import archive_page

    page = guide_page("Boka tjänsteresa", owner=owner, review_date=days(-100))
    record = archive_page(page)
    client.force_login(editor())
    response = client.get(_link_for(page))
    assert response.status_code == 409
    assert reverse("archive_restore", args=[record.pk]) in response.content.decode()
    client.post(reverse("archive_restore", args=[record.pk]))
    page.refresh_from_db()
    assert page.live and page.review_date > TODAY
    assert not ArchivedPage.objects.current().filter(page=page).exists()
