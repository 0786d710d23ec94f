"""A real Active Directory for tests: Samba's AD domain controller on 127.0.0.1 (../shared/recipes/samba-ad.md)."""

import fcntl
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

from ldap3 import MODIFY_ADD, MODIFY_DELETE, MODIFY_REPLACE, Connection, Server, Tls

REALM, DOMAIN = "KOMMUNEN.TEST", "KOMMUNEN"
BASE = "DC=kommunen,DC=test"
ROOT = f"OU=Kommunen,{BASE}"
STAFF = f"OU=Personal,{ROOT}"
GROUPS = f"OU=Grupper,{ROOT}"
OUTSIDE = f"OU=Externa,{ROOT}"
ADMIN, ADMIN_PASSWORD = f"Administrator@{REALM.lower()}", "Passw0rd!Test"
IP = "127.0.0.1"
LOCK_FILE = "/tmp/intranet-samba-dc.lock"


def port_open(port):
    try:
        socket.create_connection((IP, port), 0.2).close()
        return True
    except OSError:
        return False


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Samba: {what} within {seconds} s")
        time.sleep(0.05)


def provision(directory):
    """A provisioned domain in `directory`, with our own TLS certificate (about five seconds)."""
    directory = Path(directory)
    options = {
        "interfaces": f"{IP}/8",
        "bind interfaces only": "yes",
        "server services": "ldap",
        "pid directory": f"{directory}/run",
        "ncalrpc dir": f"{directory}/run/ncalrpc",
        "winbindd socket directory": f"{directory}/run/winbindd",
        "ntp signd socket directory": f"{directory}/run/ntp_signd",
        "log file": f"{directory}/log/log.%m",
    }
    subprocess.run(
        [
            "samba-tool",
            "domain",
            "provision",
            f"--realm={REALM}",
            f"--domain={DOMAIN}",
            "--server-role=dc",
            "--dns-backend=NONE",
            "--host-name=dc1",
            f"--adminpass={ADMIN_PASSWORD}",
            f"--targetdir={directory}",
            *[f"--option={key} = {value}" for key, value in options.items()],
        ],
        check=True,
        capture_output=True,
    )
    tls = directory / "private" / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=dc1.kommunen.test",
            "-addext",
            f"subjectAltName=IP:{IP},DNS:localhost",
            "-keyout",
            str(tls / "key.pem"),
            "-out",
            str(tls / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    os.chmod(tls / "key.pem", 0o600)
    shutil.copy(tls / "cert.pem", tls / "ca.pem")
    conf = directory / "etc" / "smb.conf"
    text = conf.read_text().replace(
        "[global]\n",
        "[global]\n\tldap server require strong auth = no\n"
        f"\ttls keyfile = {tls}/key.pem\n\ttls certfile = {tls}/cert.pem\n\ttls cafile = {tls}/ca.pem\n",
        1,
    )
    conf.write_text(text)


class SambaDC:
    def __init__(self, template, directory):
        self.directory = Path(directory)
        if self.directory.exists():
            shutil.rmtree(self.directory)
        subprocess.run(["cp", "-a", str(template), str(self.directory)], check=True)
        conf = self.directory / "etc" / "smb.conf"
        conf.write_text(conf.read_text().replace(str(template), str(self.directory)))
        self.ca_file = str(self.directory / "private" / "tls" / "ca.pem")
        self.process = None

    url = f"ldaps://{IP}:636"

    def sync_settings(self, editors_group_dn, page_size):
        """settings.DIRECTORY for syncing from this DC, as an operator would configure it."""
        return {
            "URL": self.url,
            "BIND_DN": ADMIN,
            "PASSWORD": ADMIN_PASSWORD,
            "BASE_DNS": [STAFF],
            "CA_FILE": self.ca_file,
            "PAGE_SIZE": page_size,
            "GROUP_MAP": {editors_group_dn: "Redaktörer"},
        }

    def start(self):
        # The DC needs the LDAP ports of 127.0.0.1: another test run on this machine (a developer's
        # and CI's, say) waits here for its turn rather than meeting this one's directory.
        self.lock = open(LOCK_FILE, "w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        wait_for(lambda: not port_open(636) and not port_open(389), 30, "the LDAP ports were not freed")
        # With -i and a pipe on stdin, samba stops with us even if the test run is killed.
        self.process = subprocess.Popen(
            ["samba", "-s", str(self.directory / "etc" / "smb.conf"), "-i", "-d0"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(636), 60, "LDAPS did not come up")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        wait_for(lambda: not port_open(636), 30, "LDAPS did not stop")
        if getattr(self, "lock", None):
            self.lock.close()  # closing releases the lock
            self.lock = None

    def admin(self):
        tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=self.ca_file)
        return Connection(Server(self.url, tls=tls), ADMIN, ADMIN_PASSWORD, auto_bind=True, raise_exceptions=True)

    # Filling the directory ---------------------------------------------------

    def add_ou(self, dn):
        with self.admin() as connection:
            connection.add(dn, ["top", "organizationalUnit"])

    def add_user(
        self,
        username,
        first,
        last,
        department="",
        title="",
        manager=None,
        disabled=False,
        ou=STAFF,
        email=None,
        **extra,
    ):
        dn = f"CN={first} {last},{ou}"
        attributes = {
            "sAMAccountName": username,
            "userPrincipalName": f"{username}@kommunen.test",
            "givenName": first,
            "sn": last,
            "displayName": f"{first} {last}",
            "mail": email or f"{username}@kommunen.se",
            "userAccountControl": 512 | (2 if disabled else 0),
            "unicodePwd": '"Us3rPassw0rd!"'.encode("utf-16-le"),
            **extra,
        }
        if department:
            attributes["department"] = department
        if title:
            attributes["title"] = title
        if manager:
            attributes["manager"] = manager
        with self.admin() as connection:
            connection.add(dn, ["top", "person", "organizationalPerson", "user"], attributes)
        return dn

    def add_group(self, name, members=()):
        dn = f"CN={name},{GROUPS}"
        with self.admin() as connection:
            connection.add(
                dn, ["top", "group"], {"sAMAccountName": re.sub(r"\W", "", name)[:20], "groupType": -2147483646}
            )
            if members:
                connection.modify(dn, {"member": [(MODIFY_ADD, list(members))]})
        return dn

    def modify(self, dn, **changes):
        with self.admin() as connection:
            connection.modify(
                dn, {key: [(MODIFY_REPLACE, [value] if value is not None else [])] for key, value in changes.items()}
            )

    def add_member(self, group_dn, member_dn):
        with self.admin() as connection:
            connection.modify(group_dn, {"member": [(MODIFY_ADD, [member_dn])]})

    def remove_member(self, group_dn, member_dn):
        with self.admin() as connection:
            connection.modify(group_dn, {"member": [(MODIFY_DELETE, [member_dn])]})

    def delete(self, dn):
        with self.admin() as connection:
            connection.delete(dn)

    def move(self, dn, new_ou):
        with self.admin() as connection:
            connection.modify_dn(dn, dn.split(",", 1)[0], new_superior=new_ou)
        return f"{dn.split(',', 1)[0]},{new_ou}"


def fill_municipality(dc):
    """A small municipality: two departments with å, ä and ö, managers, a disabled account, nested groups."""
    for ou in (ROOT, STAFF, GROUPS, OUTSIDE):
        dc.add_ou(ou)
    people = {}
    people["karin"] = dc.add_user("karin.akesson", "Karin", "Åkesson", "Socialförvaltningen", "Socialchef")
    people["orjan"] = dc.add_user(
        "orjan.ostlund", "Örjan", "Östlund", "Socialförvaltningen", "Socialsekreterare", manager=people["karin"]
    )
    people["marta"] = dc.add_user(
        "marta.lind",
        "Märta",
        "Lind",
        "Socialförvaltningen",
        "Biståndshandläggare",
        manager=people["karin"],
        disabled=True,
    )
    people["bjorn"] = dc.add_user(
        "bjorn.angstrom", "Björn", "Ängström", "Samhällsbyggnadsförvaltningen", "Förvaltningschef"
    )
    people["asa"] = dc.add_user(
        "asa.nystrom", "Åsa", "Nyström", "  samhällsbyggnadsförvaltningen ", "Gatuingenjör", manager=people["bjorn"]
    )
    people["consultant_boss"] = dc.add_user("extern.chef", "Extern", "Chef", "Konsultbolaget", ou=OUTSIDE)
    people["per"] = dc.add_user(
        "per.svensson",
        "Per",
        "Svensson",
        "Samhällsbyggnadsförvaltningen",
        "Driftstekniker",
        manager=people["consultant_boss"],
    )
    web_team = dc.add_group("Webbredaktionen", [people["asa"]])
    editors = dc.add_group("Intranät-redaktörer", [people["orjan"], web_team])
    return people, {"editors": editors, "web_team": web_team}
