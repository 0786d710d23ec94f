"""A real identity provider on loopback over HTTPS that answers like ADFS (../shared/recipes/adfs-idp.md).

npm's oauth2-mock-server, started by tests/idp/server.mjs with a TLS certificate and a signing key made
here, so the tests can also mint tokens of their own: with the wrong audience, issuer, key or expiry.
"""

import base64
import datetime
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

HERE = Path(__file__).resolve().parent / "idp"


def self_signed(key, common_name, san_ip=None):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
    )
    if san_ip:
        import ipaddress

        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(san_ip))]), critical=False
        )
    return builder.sign(key, hashes.SHA256())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class IdentityProvider:
    def __init__(self, directory, audience):
        self.directory = Path(directory)
        self.audience = audience
        self.port = free_port()
        self.server = f"127.0.0.1:{self.port}"
        self.issuer = f"https://{self.server}/adfs/services/trust"
        tls_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.tls_cert_file = self.directory / "tls-cert.pem"
        self.tls_cert_file.write_bytes(
            self_signed(tls_key, "127.0.0.1", "127.0.0.1").public_bytes(serialization.Encoding.PEM)
        )
        (self.directory / "tls-key.pem").write_bytes(
            tls_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        self.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        signing_cert = self_signed(self.signing_key, "ADFS Signing - test")
        self.kid = "test-signing-key"
        jwk = json.loads(RSAAlgorithm.to_jwk(self.signing_key))
        jwk.update(
            kid=self.kid,
            alg="RS256",
            use="sig",
            x5c=[base64.b64encode(signing_cert.public_bytes(serialization.Encoding.DER)).decode()],
        )
        (self.directory / "signing.jwk").write_text(json.dumps(jwk))
        self.claims_file = self.directory / "claims.json"
        self.set_user("anna.berg")
        self.process = None

    def set_user(self, username, **claims):
        """Who the next login or token is for."""
        self.claims = {
            "winaccountname": f"KOMMUNEN\\{username}",
            "upn": f"{username}@kommunen.se",
            "given_name": "Anna",
            "family_name": "Berg",
            "email": f"{username}@kommunen.se",
            "group": [],
            **claims,
        }
        self.claims_file.write_text(json.dumps(self.claims))

    def start(self):
        if shutil.which("node") is None:
            raise RuntimeError("the identity provider needs Node.js")
        if not (HERE / "node_modules" / "oauth2-mock-server").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True)
        self.process = subprocess.Popen(
            [
                "node",
                str(HERE / "server.mjs"),
                str(self.port),
                str(self.directory / "tls-key.pem"),
                str(self.tls_cert_file),
                str(self.directory / "signing.jwk"),
                self.audience,
                str(self.claims_file),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("ready"):
            raise RuntimeError(f"the identity provider did not start: {line}{self.process.stdout.read()}")
        return self

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    def mint(self, key=None, **overrides):
        """A token like the provider's, signed by us: for the cases the provider would never issue."""
        now = int(time.time())
        payload = {
            **self.claims,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            **overrides,
        }
        return jwt.encode(payload, key or self.signing_key, algorithm="RS256", headers={"kid": self.kid})
