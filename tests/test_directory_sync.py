"""The directory sync against a real Active Directory (Samba AD DC on 127.0.0.1)."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from intranet.organisation.models import Department, DepartmentAlias
from intranet.organisation.signals import user_deactivated
from sync.directory import DirectoryConfig, DirectoryError, DirectoryReader
from sync.models import DirectoryAccount
from sync.service import sync_directory

from .directory import OUTSIDE

pytestmark = pytest.mark.django_db
User = get_user_model()


def run(full=False, dry_run=False, reader=None):
    return sync_directory(reader or DirectoryReader(DirectoryConfig.from_settings()), full=full, dry_run=dry_run)


@pytest.fixture
def deactivations():
    received = []

    def receiver(sender, user, **kwargs):
        received.append(user.username)

    user_deactivated.connect(receiver)
    yield received
    user_deactivated.disconnect(receiver)


def test_first_full_sync_creates_people_departments_managers_and_editors(directory):
    summary = run(full=True)
    assert sorted(summary.created) == [
        "asa.nystrom",
        "bjorn.angstrom",
        "karin.akesson",
        "marta.lind",
        "orjan.ostlund",
        "per.svensson",
    ]
    assert sorted(summary.new_departments) == ["Samhällsbyggnadsförvaltningen", "Socialförvaltningen"]
    orjan = User.objects.get(username="orjan.ostlund")
    assert (orjan.first_name, orjan.last_name, orjan.email) == ("Örjan", "Östlund", "orjan.ostlund@kommunen.se")
    assert orjan.profile.department.name == "Socialförvaltningen"
    assert orjan.profile.job_title == "Socialsekreterare"
    assert orjan.profile.manager.username == "karin.akesson"
    # odd whitespace and case in the department name: the same department
    assert User.objects.get(username="asa.nystrom").profile.department.name == "Samhällsbyggnadsförvaltningen"
    assert not User.objects.get(username="marta.lind").is_active  # disabled in AD
    # editors from AD, nested group included
    assert set(Group.objects.get(name="Redaktörer").user_set.values_list("username", flat=True)) == {
        "orjan.ostlund",
        "asa.nystrom",
    }
    # a manager outside the base DN: reported, the rest synced
    per = User.objects.get(username="per.svensson")
    assert per.profile.manager is None
    assert any(who == "per.svensson" and "outside the base DN" in note for who, note in summary.warnings)


def test_a_second_run_changes_nothing_and_says_so(directory, capsys):
    run(full=True)
    summary = run()
    assert not summary.changed
    assert summary.read == 0  # incremental: nothing changed since the high-water mark
    call_command("sync_directory")
    assert "No changes." in capsys.readouterr().out
    assert not run(full=True).changed


def test_department_move_new_manager_and_disabled_user(directory, deactivations):
    run(full=True)
    directory.modify(
        directory.people["orjan"], department="Samhällsbyggnadsförvaltningen", manager=directory.people["bjorn"]
    )
    directory.modify(directory.people["karin"], userAccountControl=514)
    summary = run()
    orjan = User.objects.get(username="orjan.ostlund")
    assert orjan.profile.department.name == "Samhällsbyggnadsförvaltningen"
    assert orjan.profile.manager.username == "bjorn.angstrom"
    assert not User.objects.get(username="karin.akesson").is_active
    assert deactivations == ["karin.akesson"]
    assert {name for name, _ in summary.updated} >= {"orjan.ostlund"}


def test_a_removed_user_is_deactivated_by_the_full_sync_never_deleted(directory, deactivations):
    run(full=True)
    directory.delete(directory.people["per"])
    run(full=True)
    per = User.objects.get(username="per.svensson")
    assert not per.is_active
    assert deactivations == ["per.svensson"]


def test_a_group_membership_change_is_seen_by_the_incremental_sync(directory):
    run(full=True)
    directory.remove_member(directory.groups["editors"], directory.people["orjan"])
    directory.add_member(directory.groups["web_team"], directory.people["per"])
    summary = run()
    assert set(Group.objects.get(name="Redaktörer").user_set.values_list("username", flat=True)) == {
        "asa.nystrom",
        "per.svensson",
    }
    assert set(summary.group_changes) == {"Redaktörer: -orjan.ostlund", "Redaktörer: +per.svensson"}


def test_malformed_entries_are_reported_and_skipped(directory, settings):
    directory.add_user("dubbel.epost", "Dubbel", "Epost", "Socialförvaltningen", email="karin.akesson@kommunen.se")
    settings.DIRECTORY["ATTRIBUTES"] = {"guid": "employeeID"}  # a stable key some entries lack
    for person in ("karin", "orjan", "bjorn", "asa", "per"):
        directory.modify(directory.people[person], employeeID=f"E{person}")
    directory.modify(f"CN=Dubbel Epost,{directory.people['karin'].split(',', 1)[1]}", employeeID="Edubbel")
    summary = run(full=True)
    skipped = dict(summary.skipped)
    assert skipped[directory.people["marta"]] == "no objectGUID"
    assert "belongs to another user" in skipped["dubbel.epost"]
    assert not User.objects.filter(username="dubbel.epost").exists()
    assert User.objects.filter(username="karin.akesson", is_active=True).exists()


def test_a_spelling_variant_is_merged_by_the_mapping_table(directory):
    social = Department.objects.create(name="Socialförvaltningen", code="SOC", slug="socialforvaltningen")
    DepartmentAlias.objects.create(directory_name=" SOC.FÖRV ", department=social)
    directory.modify(directory.people["orjan"], department="Soc.förv")
    summary = run(full=True)
    assert User.objects.get(username="orjan.ostlund").profile.department == social
    assert "Soc.förv" not in summary.new_departments


def test_dry_run_prints_and_changes_nothing(directory, capsys):
    call_command("sync_directory", "--full", "--dry-run")
    output = capsys.readouterr().out
    assert "would create orjan.ostlund" in output
    assert not User.objects.filter(username="orjan.ostlund").exists()
    assert not DirectoryAccount.objects.exists()


def test_someone_who_logged_in_by_sso_first_is_updated_not_duplicated(directory):
    early = User.objects.create(username="orjan.ostlund", first_name="Örjan", email="orjan.ostlund@kommunen.se")
    run(full=True)
    assert User.objects.filter(username__iexact="orjan.ostlund").count() == 1
    assert DirectoryAccount.objects.get(user=early).distinguished_name == directory.people["orjan"]


def test_a_moved_entry_keeps_its_user(directory):
    run(full=True)
    moved = directory.move(directory.people["asa"], OUTSIDE)
    directory.modify(moved, department="Socialförvaltningen")
    # the new OU is outside the base DN: add it so the sync still sees her
    from django.conf import settings as django_settings

    django_settings.DIRECTORY["BASE_DNS"].append(OUTSIDE)
    run(full=True)
    assert User.objects.filter(username="asa.nystrom").count() == 1
    assert DirectoryAccount.objects.get(user__username="asa.nystrom").distinguished_name == moved


def test_a_lost_connection_changes_nothing_and_fails_clearly(directory):
    class ConnectionLostWhileReading(DirectoryReader):
        def users(self, changed_after_usn=None):
            entries = super().users(changed_after_usn)
            directory.stop()  # the directory goes away before the groups are read
            return entries

    with pytest.raises(DirectoryError, match="Lost the connection|Could not"):
        run(full=True, reader=ConnectionLostWhileReading(DirectoryConfig.from_settings()))
    assert not User.objects.filter(username="orjan.ostlund").exists()
    directory.start()


def test_an_unreachable_directory_exits_non_zero_with_a_message(directory, settings):
    settings.DIRECTORY["URL"] = "ldaps://127.0.0.1:9"
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("sync_directory")


def test_ldaps_without_a_ca_file_refuses_a_certificate_it_cannot_verify(directory, settings):
    # The DC's certificate comes from its own CA, which is not among the system's trusted ones.
    settings.DIRECTORY = {**settings.DIRECTORY, "CA_FILE": ""}
    with pytest.raises(CommandError) as refused:
        call_command("sync_directory")
    assert "could not be verified" in str(refused.value)
    assert "DIRECTORY_CA_FILE" in str(refused.value)
    assert not User.objects.filter(username="orjan.ostlund").exists()


def test_a_wrong_ca_file_is_refused_too(directory, settings, tmp_path):
    from .idp import self_signed

    other_ca = tmp_path / "other-ca.pem"
    other_ca.write_bytes(
        self_signed(rsa.generate_private_key(public_exponent=65537, key_size=2048), "Another CA").public_bytes(
            serialization.Encoding.PEM
        )
    )
    settings.DIRECTORY = {**settings.DIRECTORY, "CA_FILE": str(other_ca)}
    with pytest.raises(DirectoryError, match="could not be verified with DIRECTORY_CA_FILE"):
        run(full=True)


def test_skipping_certificate_checks_must_be_asked_for_and_warns_on_every_run(directory, settings, caplog):
    settings.DIRECTORY = {**settings.DIRECTORY, "CA_FILE": "", "INSECURE_SKIP_TLS_VERIFY": True}
    run(full=True)
    assert User.objects.filter(username="orjan.ostlund").exists()
    run()
    warnings = [
        r for r in caplog.records if r.levelname == "WARNING" and "DIRECTORY_INSECURE_SKIP_TLS_VERIFY" in r.message
    ]
    assert len(warnings) == 2
