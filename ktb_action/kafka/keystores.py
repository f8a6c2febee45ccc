"""TLS keystores and truststores of a Java client config, turned into the PEM files librdkafka
(and any other client) reads.

PEM stores pass through by path. JKS and PKCS#12 stores are opened with their passwords and
written as PEM into a private folder (0700, files 0600) that is removed when ktb exits; the
private key stays encrypted there with the key password whenever the store has one. Passwords
come from the config file or `KTB_KAFKA_SSL_*_PASSWORD` and appear in no message.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ktb_action.errors import UsageError

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

# cryptography and the JKS reader are imported where a JKS or PKCS#12 store is converted:
# most runs use none, and they cost `ktb validate` (run by pre-commit on every commit) 35 ms
# of start-up.

TRUSTSTORE_LOCATION = "ssl.truststore.location"
TRUSTSTORE_TYPE = "ssl.truststore.type"
TRUSTSTORE_PASSWORD = "ssl.truststore.password"
KEYSTORE_LOCATION = "ssl.keystore.location"
KEYSTORE_TYPE = "ssl.keystore.type"
KEYSTORE_PASSWORD = "ssl.keystore.password"
KEY_PASSWORD = "ssl.key.password"

STORE_PROPERTIES = frozenset(
    {
        TRUSTSTORE_LOCATION,
        TRUSTSTORE_TYPE,
        TRUSTSTORE_PASSWORD,
        KEYSTORE_LOCATION,
        KEYSTORE_TYPE,
        KEYSTORE_PASSWORD,
        KEY_PASSWORD,
    }
)
"""The Java properties this module translates, all together."""

STORE_PASSWORDS = (KEYSTORE_PASSWORD, TRUSTSTORE_PASSWORD, KEY_PASSWORD)
"""The store passwords a `KTB_KAFKA_*` variable may give instead of the file."""

STORE_TYPES = ("JKS", "PKCS12", "PEM")
# Java's default when `ssl.*store.type` is not set.
_DEFAULT_TYPE = "JKS"
_JKS_MAGIC = bytes.fromhex("feedfeed")


@dataclass(frozen=True)
class _Contents:
    """What a JKS or PKCS#12 file holds, parsed: one private key with its chain, if any,
    and the trusted certificates."""

    key: PrivateKeyTypes | None
    chain: Sequence[x509.Certificate]
    trusted: Sequence[x509.Certificate]


def store_kind(props: Mapping[str, str], type_key: str, origin: str) -> str:
    """The declared type of a store (`JKS` when not set, as in Java); `UsageError` if unknown."""
    kind = props.get(type_key, _DEFAULT_TYPE).strip().upper()
    if kind not in STORE_TYPES:
        raise UsageError(
            f"{origin}: `{type_key}={kind}` is not a store type ktb can read",
            hint="use " + ", ".join(STORE_TYPES),
        )
    return kind


def tls_settings(props: Mapping[str, str], origin: str) -> dict[str, str]:
    """The librdkafka TLS settings for the store properties of a Java client config."""
    out: dict[str, str] = {}
    key_password = props.get(KEY_PASSWORD) or props.get(KEYSTORE_PASSWORD)
    if TRUSTSTORE_LOCATION in props:
        out["ssl.ca.location"] = _truststore(props, origin)
    if KEYSTORE_LOCATION in props:
        out.update(_keystore(props, origin, key_password))
    elif key_password:
        # A key given by librdkafka settings (`KTB_KAFKA_SSL_KEY_LOCATION`) may need it.
        out["ssl.key.password"] = key_password
    return out


def _truststore(props: Mapping[str, str], origin: str) -> str:
    location = props[TRUSTSTORE_LOCATION]
    if store_kind(props, TRUSTSTORE_TYPE, origin) == "PEM":
        return location
    contents = _open(location, props.get(TRUSTSTORE_PASSWORD), TRUSTSTORE_LOCATION, origin)
    certificates = [*contents.trusted, *contents.chain]
    if not certificates:
        raise UsageError(
            f"{origin}: `{TRUSTSTORE_LOCATION}` (`{location}`) holds no certificate",
            hint="import the CA certificate: keytool -importcert -alias ca -file ca.pem …",
        )
    return _write_private("truststore", _pem_certificates(certificates))


def _keystore(props: Mapping[str, str], origin: str, key_password: str | None) -> dict[str, str]:
    location = props[KEYSTORE_LOCATION]
    if store_kind(props, KEYSTORE_TYPE, origin) == "PEM":
        # A PEM keystore holds the key and its certificate chain in one file.
        pem = {"ssl.certificate.location": location, "ssl.key.location": location}
        return pem | ({"ssl.key.password": key_password} if key_password else {})
    store_password = props.get(KEYSTORE_PASSWORD)
    contents = _open(location, store_password, KEYSTORE_LOCATION, origin, key_password)
    if contents.key is None or not contents.chain:
        raise UsageError(
            f"{origin}: `{KEYSTORE_LOCATION}` (`{location}`) holds no private key with its "
            "certificate",
            hint="a keystore needs a PrivateKeyEntry (keytool -genkeypair, or -importkeystore)",
        )
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(key_password.encode())
        if key_password
        else serialization.NoEncryption()
    )
    key_pem = contents.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    chain_pem = _pem_certificates(contents.chain)
    out = {
        "ssl.certificate.location": _write_private("certificate", chain_pem),
        "ssl.key.location": _write_private("key", key_pem),
    }
    return out | ({"ssl.key.password": key_password} if key_password else {})


def _open(
    location: str,
    password: str | None,
    prop: str,
    origin: str,
    key_password: str | None = None,
) -> _Contents:
    """Read a JKS or PKCS#12 file, whichever it is (Java's `JKS` type reads both too)."""
    password_prop = KEYSTORE_PASSWORD if prop == KEYSTORE_LOCATION else TRUSTSTORE_PASSWORD
    try:
        data = Path(location).read_bytes()
    except OSError as error:
        raise UsageError(
            f"{origin}: cannot read `{prop}` (`{location}`): {error.strerror}",
            hint=f"point `{prop}` at an existing keystore file",
        ) from None
    try:
        if data.startswith(_JKS_MAGIC):
            return _open_jks(data, password, key_password)
        return _open_pkcs12(data, password)
    except ValueError as error:  # a `JksError` too
        # Neither library puts the password into its message; the text names the fault.
        raise UsageError(
            f"{origin}: cannot open `{prop}` (`{location}`): {_reason(error)}",
            hint=f"check `{password_prop}` (or {_env_name(password_prop)})"
            + (f" and `{KEY_PASSWORD}`" if prop == KEYSTORE_LOCATION else "")
            + ", and that the file is a JKS or PKCS12 store",
        ) from None


def _open_jks(data: bytes, password: str | None, key_password: str | None) -> _Contents:
    from cryptography import x509  # noqa: PLC0415
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

    from ktb_action.kafka.jks import load_jks  # noqa: PLC0415

    # Java opens a JKS store without a password too, skipping its integrity check.
    store = load_jks(data, password)
    trusted = [x509.load_der_x509_certificate(der) for der in store.trusted_certs]
    keys = store.private_keys(key_password or password or "")
    if not keys:
        return _Contents(None, [], trusted)
    key_der, chain = keys[0]
    key = serialization.load_der_private_key(key_der, password=None)
    return _Contents(key, [x509.load_der_x509_certificate(der) for der in chain], trusted)


def _open_pkcs12(data: bytes, password: str | None) -> _Contents:
    from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: PLC0415

    loaded = pkcs12.load_pkcs12(data, password.encode() if password else None)
    chain = [loaded.cert.certificate] if loaded.cert is not None else []
    others = [bag.certificate for bag in loaded.additional_certs]
    if loaded.key is None:
        return _Contents(None, [], others)
    # With a key, the other certificates are its issuers (keytool may hold the CA twice: in
    # the chain and as a trusted entry); they belong to its chain, once each.
    return _Contents(loaded.key, list(dict.fromkeys([*chain, *others])), [])


def _reason(error: Exception) -> str:
    text = str(error)
    if "Invalid password or PKCS12 data" in text:
        return "wrong password, or not a PKCS12/JKS file"
    return text


def _env_name(prop: str) -> str:
    return "KTB_KAFKA_" + prop.upper().replace(".", "_")


def _pem_certificates(certificates: Sequence[x509.Certificate]) -> bytes:
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def _write_private(stem: str, content: bytes) -> str:
    fd, path = tempfile.mkstemp(prefix=f"{stem}-", suffix=".pem", dir=_private_dir())
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    return path


@cache
def _private_dir() -> Path:
    """One folder per process for converted stores, readable by its owner only (mkdtemp makes
    it 0700, mkstemp its files 0600), removed at exit."""
    path = Path(tempfile.mkdtemp(prefix="ktb-tls-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
