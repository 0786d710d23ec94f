"""Email digests of notifications, sent over SMTP to a real server on loopback (aiosmtpd), through the mail
path the review reminders use: one mail per person per run, each notification mailed once, a failed send retried.
"""

import datetime
import threading

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from intranet.groups.models import JoinRequest, Membership, RequestStatus, Role, WorkGroup
from intranet.mail.models import SentMail
from intranet.notifications.models import Notification
from intranet.posts.models import Comment, Mention, Post, Reaction

from .factories import UserFactory, digest_choices, guide_page, mute_group

pytestmark = pytest.mark.django_db


def body_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def body_html(message):
    return message.get_body(preferencelist=("html",)).get_content()


def run_digests(now=None):
    options = [f"--now={now.isoformat()}"] if now else []
    call_command("send_notification_digests", *options)


def next_weekday(weekday, after=None):
    """The next such day (0 = Monday) from `after` (today), at 06:30 local time, as the scheduled run."""
    day = timezone.localdate(after)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 30)))


@pytest.fixture
def anna():
    return UserFactory(username="anna", first_name="Anna", last_name="Berg")


@pytest.fixture
def bo():
    return UserFactory(username="bo", first_name="Bo", last_name="Ek")


@pytest.fixture
def group(anna, bo):
    group = WorkGroup.objects.create(name="Ekonomi", slug="ekonomi")
    Membership.objects.create(group=group, user=anna, role=Role.ADMIN)
    Membership.objects.create(group=group, user=bo)
    return group


def mention(author, user, group, body=None):
    post = Post.objects.create(group=group, author=author, body=body or f"Hej @{user.username}")
    Mention.objects.create(user=user, post=post)
    return post


def test_a_mention_is_mailed_once_however_often_the_run_or_the_signal_repeats(mail_server, anna, bo, group):
    post = mention(anna, bo, group, "Kan du titta på budgeten @bo?")
    run_digests()

    [message] = mail_server.to(bo.email)
    assert message["Subject"] == "1 ny notis på intranätet"
    text = body_text(message)
    assert "Hej Bo Ek!" in text
    assert "Omnämnanden (1)" in text
    assert "Anna Berg nämnde dig i ett inlägg i Ekonomi" in text
    assert "”Kan du titta på budgeten @bo?”" in text
    assert f"https://intranet.kommunen.test/grupper/ekonomi/inlagg/{post.pk}/" in text
    assert "Anna Berg nämnde dig i ett inlägg i Ekonomi" in body_html(message)
    assert Notification.objects.get(recipient=bo).emailed_at is not None
    assert list(SentMail.objects.values_list("recipient", "purpose", "subject")) == [
        (bo.pk, "notification_digest", "1 ny notis på intranätet")
    ]

    run_digests()
    mention_row = Mention.objects.get(user=bo)
    post_save.send(sender=Mention, instance=mention_row, created=True, raw=False)
    mention_row.delete()
    Mention.objects.create(user=bo, post=post)  # the posts app redoing the mentions of an edit
    run_digests()
    assert len(mail_server.to(bo.email)) == 1
    assert SentMail.objects.count() == 1


def test_one_mail_per_person_per_run_with_every_kind_they_chose(mail_server, anna, bo, group):
    digest_choices(bo, replies="daily", reactions="daily")
    mention(anna, bo, group)
    own = Post.objects.create(group=group, author=bo, body="Mitt inlägg")
    Comment.objects.create(post=own, author=anna, body="Svar")
    Reaction.objects.create(user=anna, post=own)
    closed = WorkGroup.objects.create(name="Styrgruppen", slug="styrgruppen", join_policy="closed")
    Membership.objects.create(group=closed, user=anna, role=Role.ADMIN)
    request = JoinRequest.objects.create(group=closed, user=bo)
    request.status, request.decided_by = RequestStatus.APPROVED, anna
    request.save()
    JoinRequest.objects.create(group=closed, user=UserFactory(username="carl", first_name="Carl", last_name="Dahl"))

    run_digests()

    [message] = mail_server.to(bo.email)
    assert message["Subject"] == "4 nya notiser på intranätet"
    text = body_text(message)
    for line in [
        "Omnämnanden (1)",
        "Svar (1)",
        "Reaktioner (1)",
        "Svar på dina förfrågningar om att gå med (1)",
        "Anna Berg kommenterade ditt inlägg i Ekonomi",
        "Anna Berg reagerade på ditt inlägg i Ekonomi",
        "Din förfrågan om att gå med i Styrgruppen godkändes",
    ]:
        assert line in text
    [to_admin] = mail_server.to(anna.email)
    assert "Carl Dahl vill gå med i Styrgruppen" in body_text(to_admin)
    assert "Bo Ek" not in body_text(to_admin)  # answered already: nothing left to do
    assert len(mail_server.messages) == 2


def test_when_the_mail_server_is_down_nothing_is_recorded_and_the_next_run_sends(mail_server, anna, bo, group):
    mention(anna, bo, group)
    mail_server.stop()
    with pytest.raises(CommandError, match="nothing was recorded"):
        run_digests()
    assert Notification.objects.get(recipient=bo).emailed_at is None
    assert not SentMail.objects.exists()

    mail_server.start()
    run_digests()
    assert len(mail_server.to(bo.email)) == 1
    run_digests()
    assert len(mail_server.to(bo.email)) == 1


def test_the_scheduled_task_sends_what_the_command_sends_and_fails_the_same_way(mail_server, anna, bo, group):
    from django.conf import settings

    from intranet.notifications.tasks import DigestsNotSent, send_notification_digests

    assert settings.SCHEDULED_TASKS["send_notification_digests"]["task"] == (
        "intranet.notifications.tasks.send_notification_digests"
    )
    mention(anna, bo, group)
    mail_server.stop()
    with pytest.raises(DigestsNotSent, match="nothing was recorded"):
        send_notification_digests.call()
    mail_server.start()
    send_notification_digests.call()
    [message] = mail_server.to(bo.email)
    assert message["Subject"] == "1 ny notis på intranätet"


def test_one_refused_address_holds_back_nobody(mail_server, anna, bo, group):
    carl = UserFactory(username="carl")
    mention(anna, bo, group)
    mention(anna, carl, group)
    mail_server.refused.add(bo.email)
    with pytest.raises(CommandError, match="1 digest"):
        run_digests()
    assert len(mail_server.to(carl.email)) == 1
    mail_server.refused.clear()
    run_digests()
    assert len(mail_server.to(bo.email)) == 1
    assert len(mail_server.to(carl.email)) == 1


def test_kinds_set_to_off_are_not_mailed_but_stay_in_the_app(mail_server, anna, bo, group):
    own = Post.objects.create(group=group, author=bo, body="Mitt inlägg")
    Comment.objects.create(post=own, author=anna, body="Svar")  # replies: off by default
    Reaction.objects.create(user=anna, post=own)  # reactions: off by default
    digest_choices(bo, mentions="off")
    mention(anna, bo, group)
    run_digests()
    assert mail_server.messages == []
    assert Notification.objects.filter(recipient=bo, emailed_at=None).count() == 3


def test_muted_read_or_removed_is_not_mailed(mail_server, anna, bo, group):
    mention(anna, bo, group)
    mute_group(bo, group)  # after the notification was made
    carl = UserFactory(username="carl")
    mention(anna, carl, group)
    Notification.objects.filter(recipient=carl).update(read_at=timezone.now())  # read in the app
    dora = UserFactory(username="dora")
    removed = mention(anna, dora, group)
    Post.objects.filter(pk=removed.pk).update(removed_at=timezone.now())
    run_digests()
    assert mail_server.messages == []


def test_weekly_choices_wait_for_the_weekly_day_and_a_missed_week_catches_up(mail_server, anna, bo, group):
    digest_choices(bo, mentions="weekly")
    mention(anna, bo, group)
    tuesday = next_weekday(1, timezone.now() + datetime.timedelta(days=1))
    run_digests(tuesday)
    assert mail_server.messages == []
    monday = next_weekday(0, tuesday)
    run_digests(monday)
    [message] = mail_server.to(bo.email)
    assert "Anna Berg nämnde dig" in body_text(message)

    # A weekly notification left over a week (the weekly run failed or did not run) goes on the next run.
    mention(anna, bo, group, "Hej igen @bo")
    Notification.objects.filter(emailed_at=None).update(updated_at=monday - datetime.timedelta(days=8))
    run_digests(next_weekday(3, monday))  # a Thursday
    assert len(mail_server.to(bo.email)) == 2


def test_daily_and_weekly_kinds_go_in_one_mail_on_the_weekly_day(mail_server, anna, bo, group):
    digest_choices(bo, reactions="weekly")
    own = Post.objects.create(group=group, author=bo, body="Mitt inlägg")
    Reaction.objects.create(user=anna, post=own)
    mention(anna, bo, group)
    run_digests(next_weekday(0, timezone.now() + datetime.timedelta(days=1)))
    [message] = mail_server.to(bo.email)
    assert message["Subject"] == "2 nya notiser på intranätet"


def test_reactions_after_a_digest_are_mailed_with_the_new_count(mail_server, anna, bo, group):
    digest_choices(bo, reactions="daily")
    own = Post.objects.create(group=group, author=bo, body="Mitt inlägg")
    Reaction.objects.create(user=anna, post=own)
    run_digests()
    run_digests()
    assert len(mail_server.to(bo.email)) == 1
    for person in [UserFactory(), UserFactory()]:
        Reaction.objects.create(user=person, post=own)
    run_digests()
    first, second = mail_server.to(bo.email)
    assert "och 2 andra reagerade på ditt inlägg i Ekonomi" in body_text(second)
    assert Notification.objects.filter(recipient=bo).count() == 1


def test_user_text_in_the_digest_is_inert(mail_server, anna, bo, group):
    anna.first_name = "<b>Anna</b>"
    anna.save()
    mention(anna, bo, group, '<script>alert(1)</script><a href="javascript:alert(2)">klicka</a> @bo')
    run_digests()
    html = body_html(mail_server.to(bo.email)[0])
    assert "<script" not in html
    assert "<b>Anna" not in html
    # As text the quote may stay unescaped (it is inert there); what matters is that no link leads to script.
    links = [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)]
    assert links and not [href for href in links if "javascript" in href.lower()]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reminders_and_digests_share_one_log_of_sent_mail(mail_server, anna, bo, group):
    guide_page("Boka tjänsteresa", owner=bo, review_date=timezone.localdate() + datetime.timedelta(days=3))
    mention(anna, bo, group)
    call_command("send_review_reminders")
    run_digests()
    assert len(mail_server.to(bo.email)) == 2
    assert sorted(SentMail.objects.filter(recipient=bo).values_list("purpose", flat=True)) == [
        "notification_digest",
        "review_reminders",
    ]


# Committed for real (two connections); serialized_rollback puts back what the migrations made, for the tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_a_notification_once(mail_server, anna, bo, group):
    """While one run holds a person's notifications (sending their mail), another run skips that person."""
    mention(anna, bo, group)
    locked, release = threading.Event(), threading.Event()

    def first_run_sending_to_bo():
        try:
            with transaction.atomic():
                list(Notification.objects.filter(recipient=bo).select_for_update())
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    first = threading.Thread(target=first_run_sending_to_bo)
    first.start()
    try:
        assert locked.wait(timeout=30)
        run_digests()  # the second run
        assert mail_server.messages == []
    finally:
        release.set()
        first.join()
    run_digests()
    assert len(mail_server.to(bo.email)) == 1
