"""Reading Active Directory over LDAP or LDAPS with ldap3. Nothing here writes to our database."""

import logging
import ssl
from dataclasses import dataclass, field

from django.conf import settings
from ldap3 import ALL_ATTRIBUTES, BASE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPCertificateError
from ldap3.utils.conv import escape_filter_chars

logger = logging.getLogger(__name__)

ACCOUNT_DISABLED = 0x2
#: LDAP_MATCHING_RULE_IN_CHAIN: members of a group and of the groups inside it.
IN_CHAIN = "1.2.840.113556.1.4.1941"

DEFAULT_ATTRIBUTES = {
    "guid": "objectGUID",
    "username": "sAMAccountName",
    "upn": "userPrincipalName",
    "first_name": "givenName",
    "last_name": "sn",
    "display_name": "displayName",
    "email": "mail",
    "title": "title",
    "department": "department",
    "phone": "telephoneNumber",
    "unit": "division",
    "photo": "thumbnailPhoto",
    "manager": "manager",
    "member_of": "memberOf",
    "account_control": "userAccountControl",
    "changed": "whenChanged",
    "usn": "uSNChanged",
}
DEFAULT_USER_FILTER = "(&(objectCategory=person)(objectClass=user)(!(isCriticalSystemObject=TRUE)))"


class DirectoryError(Exception):
    """The directory could not be read (unreachable, wrong credentials, connection lost)."""


@dataclass
class DirectoryEntry:
    dn: str
    attributes: dict = field(default_factory=dict)

    def get(self, key, default=None):
        value = self.attributes.get(key)
        if value in (None, [], ""):
            return default
        if isinstance(value, list) and key not in ("member_of",):
            return value[0]
        return value

    @property
    def disabled(self):
        return bool(int(self.get("account_control", 0) or 0) & ACCOUNT_DISABLED)


@dataclass
class DirectoryConfig:
    url: str
    bind_dn: str
    password: str
    base_dns: list
    user_filter: str = DEFAULT_USER_FILTER
    attributes: dict = field(default_factory=lambda: dict(DEFAULT_ATTRIBUTES))
    ca_file: str = ""
    insecure_skip_tls_verify: bool = False
    page_size: int = 500
    timeout: int = 10

    @classmethod
    def from_settings(cls):
        config = settings.DIRECTORY
        return cls(
            url=config["URL"],
            bind_dn=config["BIND_DN"],
            password=config["PASSWORD"],
            base_dns=config["BASE_DNS"],
            user_filter=config.get("USER_FILTER") or DEFAULT_USER_FILTER,
            attributes={**DEFAULT_ATTRIBUTES, **config.get("ATTRIBUTES", {})},
            ca_file=config.get("CA_FILE", ""),
            insecure_skip_tls_verify=bool(config.get("INSECURE_SKIP_TLS_VERIFY", False)),
            page_size=int(config.get("PAGE_SIZE", 500)),
        )


class DirectoryReader:
    def __init__(self, config):
        self.config = config
        self.connection = None

    def connect(self):
        tls = None
        if self.config.url.startswith("ldaps://"):
            if self.config.insecure_skip_tls_verify:
                logger.warning(
                    "DIRECTORY_INSECURE_SKIP_TLS_VERIFY is on: the certificate of %s is not checked, so whoever can "
                    "come between us and it can read the bind password and feed us false staff data.",
                    self.config.url,
                )
                tls = Tls(validate=ssl.CERT_NONE)
            else:
                # Without DIRECTORY_CA_FILE the system's trusted CAs decide; never no check at all.
                tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=self.config.ca_file or None)
        server = Server(self.config.url, tls=tls, connect_timeout=self.config.timeout)
        try:
            self.connection = Connection(
                server,
                self.config.bind_dn,
                self.config.password,
                auto_bind=True,
                raise_exceptions=True,
                receive_timeout=self.config.timeout,
            )
        except Exception as error:
            if isinstance(error, LDAPCertificateError) or "CERTIFICATE_VERIFY_FAILED" in str(error):
                raise DirectoryError(self._unverified_certificate_message(error)) from error
            raise DirectoryError(f"Could not connect to the directory at {self.config.url}: {error}") from error
        return self

    def _unverified_certificate_message(self, error):
        checked_with = (
            f"with DIRECTORY_CA_FILE ({self.config.ca_file})"
            if self.config.ca_file
            else "against the system's trusted CAs (DIRECTORY_CA_FILE is not set)"
        )
        return (
            f"The certificate of the directory at {self.config.url} could not be verified {checked_with}: {error}. "
            "Set DIRECTORY_CA_FILE to the CA certificate that issued the directory's certificate"
        )

    def close(self):
        if self.connection is not None:
            self.connection.unbind()

    def highest_usn(self):
        """The directory's high-water mark now: the next incremental run starts after it."""
        try:
            self.connection.search("", "(objectClass=*)", BASE, attributes=ALL_ATTRIBUTES)
            value = self.connection.response[0]["attributes"]["highestCommittedUSN"]
            return int(value[0] if isinstance(value, list) else value)
        except Exception as error:
            raise DirectoryError(f"Could not read the directory's USN: {error}") from error

    def users(self, changed_after_usn=None):
        """Every user entry (or those changed after a USN), read completely before anything is written."""
        query = self.config.user_filter
        if changed_after_usn:
            query = f"(&{query}(uSNChanged>={int(changed_after_usn) + 1}))"
        return self._search(query, list(self.config.attributes.values()))

    def members_of(self, group_dn):
        """DNs of the users in a group, nested groups included."""
        query = f"(&{self.config.user_filter}(memberOf:{IN_CHAIN}:={escape_filter_chars(group_dn)}))"
        return [entry.dn for entry in self._search(query, ["cn"])]

    def _search(self, query, attributes):
        reverse = {ldap: ours for ours, ldap in self.config.attributes.items()}
        entries = []
        try:
            for base_dn in self.config.base_dns:
                for item in self.connection.extend.standard.paged_search(
                    base_dn, query, SUBTREE, attributes=attributes, paged_size=self.config.page_size, generator=True
                ):
                    if item["type"] != "searchResEntry":
                        continue
                    raw = dict(item["attributes"])
                    entries.append(
                        DirectoryEntry(dn=item["dn"], attributes={reverse.get(k, k): v for k, v in raw.items()})
                    )
        except Exception as error:
            raise DirectoryError(f"Lost the connection to the directory while reading: {error}") from error
        return entries
