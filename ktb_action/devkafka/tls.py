"""The dev broker's TLS material: a throwaway CA and the broker's certificate, made once.

Made with `cryptography` rather than `keytool`: seven JVM starts would add seconds to the first
`up`, and PEM files are what Kafka's PEM stores and every client read. They live in
`<state>/tls/`, which `down` keeps, so later starts reuse them. Tests sign client certificates
with the CA key (see `tests/tls_support.py`) to log in on the mTLS listener.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ktb_action.devkafka.state import write_private

CA_NAME: Final = "ktb dev CA"
BROKER_NAME: Final = "ktb dev broker"
VALIDITY: Final = datetime.timedelta(days=3650)


@dataclass(frozen=True)
class TlsFiles:
    """The PEM files of one state folder's CA and broker."""

    folder: Path

    @property
    def ca_certificate(self) -> Path:
        """The CA certificate: the broker's truststore and every client's."""
        return self.folder / "ca.pem"

    @property
    def ca_key(self) -> Path:
        """The CA's private key (unencrypted, 0600), to sign client certificates."""
        return self.folder / "ca-key.pem"

    @property
    def broker_keystore(self) -> Path:
        """The broker's key, certificate and the CA certificate (a Kafka PEM keystore)."""
        return self.folder / "broker.pem"


def ensure_tls(folder: Path) -> TlsFiles:
    """The TLS files of `folder`, created if any is missing."""
    files = TlsFiles(folder)
    paths = (files.ca_certificate, files.ca_key, files.broker_keystore)
    if all(path.exists() for path in paths):
        return files
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = sign_certificate(_name(CA_NAME), ca_key.public_key(), _name(CA_NAME), ca_key, ca=True)
    broker_key = ec.generate_private_key(ec.SECP256R1())
    broker_cert = sign_certificate(
        _name(BROKER_NAME), broker_key.public_key(), ca_cert.subject, ca_key, ca=False
    )
    write_private(files.ca_key, _pem_key(ca_key).decode())
    write_private(
        files.broker_keystore, (_pem_key(broker_key) + _pem(broker_cert, ca_cert)).decode()
    )
    # Last: its presence says the set is complete.
    write_private(files.ca_certificate, _pem(ca_cert).decode())
    return files


def sign_certificate(
    subject: x509.Name,
    public_key: CertificatePublicKeyTypes,
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    """A certificate for `subject`, valid from an hour ago (clock skew) for `VALIDITY`.

    Leaf certificates name 127.0.0.1 and localhost, so clients verify the broker's host name
    as they do in production; they serve as client certificates too.
    """
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.IPv4Address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        ).add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)
