"""A reader for Java's JKS keystore format: private-key and trusted-certificate entries.

Why not a library: the one JKS reader on PyPI (`pyjks`) had its last release in 2020 and
needs `twofish`, a C extension published only as source, which the slim container image
cannot build (it has no compiler); Java's `keytool` is not in the image either. The format
itself is small and stable (`sun.security.provider.JavaKeyStore`), so reading it is short:
entries, the store's SHA-1 integrity check, and the key protector (Sun's SHA-1 keystream,
OID 1.3.6.1.4.1.42.2.17.1.1) that wraps each private key as PKCS#8.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass, field

_MAGIC = 0xFEEDFEED
_PRIVATE_KEY = 1
_TRUSTED_CERT = 2
# The fixed phrase Java mixes into the integrity digest of every JKS file.
_WHITENER = b"Mighty Aphrodite"
_SHA1_LEN = 20
# DER of OID 1.3.6.1.4.1.42.2.17.1.1, Sun's key protector.
_KEY_PROTECTOR_OID = bytes.fromhex("2b060104012a02110101")


class JksError(ValueError):
    """The bytes are no JKS keystore, or the password does not open it."""


@dataclass(frozen=True)
class JksStore:
    """What a JKS keystore holds: DER private keys (PKCS#8, still protected) with their
    certificate chains, and trusted certificates."""

    protected_keys: tuple[tuple[bytes, tuple[bytes, ...]], ...] = ()
    trusted_certs: tuple[bytes, ...] = field(default=())

    def private_keys(self, password: str) -> list[tuple[bytes, tuple[bytes, ...]]]:
        """Every key as PKCS#8 DER with its chain (leaf first); `JksError` if `password`
        is not the keys' password."""
        return [(_unprotect(key, password), chain) for key, chain in self.protected_keys]


def load_jks(data: bytes, password: str | None) -> JksStore:
    """Parse a JKS keystore and verify its integrity with the store `password`; without one
    the check is skipped, as Java does for truststores opened without a password."""
    if len(data) < 12 + _SHA1_LEN or struct.unpack(">I", data[:4])[0] != _MAGIC:
        raise JksError("not a JKS keystore")
    body, digest = data[:-_SHA1_LEN], data[-_SHA1_LEN:]
    if password is not None:
        expected = hashlib.sha1(_password_bytes(password) + _WHITENER + body).digest()
        if not hmac.compare_digest(expected, digest):
            raise JksError("the keystore password is wrong (or the file is damaged)")
    reader = _Reader(body)
    version, count = reader.u32(4), reader.u32()
    keys: list[tuple[bytes, tuple[bytes, ...]]] = []
    trusted: list[bytes] = []
    for _ in range(count):
        tag = reader.u32()
        reader.utf()  # alias
        reader.take(8)  # creation time
        if tag == _PRIVATE_KEY:
            key = reader.take(reader.u32())
            chain = tuple(_certificate(reader, version) for _ in range(reader.u32()))
            keys.append((key, chain))
        elif tag == _TRUSTED_CERT:
            trusted.append(_certificate(reader, version))
        else:
            raise JksError(f"unsupported JKS entry type {tag} (secret keys are JCEKS only)")
    return JksStore(tuple(keys), tuple(trusted))


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise JksError("truncated JKS keystore")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def u32(self, skip: int = 0) -> int:
        self.take(skip)
        return int(struct.unpack(">I", self.take(4))[0])

    def utf(self) -> str:
        (size,) = struct.unpack(">H", self.take(2))
        return self.take(size).decode("utf-8", errors="replace")


def _certificate(reader: _Reader, version: int) -> bytes:
    if version == 2:
        kind = reader.utf()
        if kind != "X.509":
            raise JksError(f"unsupported certificate type {kind}")
    return reader.take(reader.u32())


def _password_bytes(password: str) -> bytes:
    # Java hands the password to both digests as UTF-16 big-endian chars, no BOM.
    return password.encode("utf-16-be")


def _unprotect(protected: bytes, password: str) -> bytes:
    """The PKCS#8 DER inside an `EncryptedPrivateKeyInfo` of Sun's key protector."""
    algorithm, encrypted = _encrypted_private_key_info(protected)
    if _KEY_PROTECTOR_OID not in algorithm:
        raise JksError("private key protected by an algorithm other than Sun's JKS protector")
    # salt || key XOR keystream || SHA-1 check of the plain key, as KeyProtector writes it
    salt, check = encrypted[:_SHA1_LEN], encrypted[-_SHA1_LEN:]
    body = encrypted[_SHA1_LEN:-_SHA1_LEN]
    secret = _password_bytes(password)
    stream = bytearray()
    block = salt
    while len(stream) < len(body):
        block = hashlib.sha1(secret + block).digest()
        stream += block
    plain = bytes(a ^ b for a, b in zip(body, stream, strict=False))
    if not hmac.compare_digest(hashlib.sha1(secret + plain).digest(), check):
        raise JksError("the key password is wrong")
    return plain


def _encrypted_private_key_info(der: bytes) -> tuple[bytes, bytes]:
    """SEQUENCE { AlgorithmIdentifier, OCTET STRING } -> (algorithm DER, octets)."""
    outer, _ = _tlv(der, 0, 0x30)
    algorithm, after = _tlv(outer, 0, 0x30)
    octets, _ = _tlv(outer, after, 0x04)
    return algorithm, octets


def _tlv(der: bytes, pos: int, tag: int) -> tuple[bytes, int]:
    """The content of the DER element of `tag` at `pos`, and the position after it."""
    if pos + 2 > len(der) or der[pos] != tag:
        raise JksError("malformed protected private key")
    length, pos = der[pos + 1], pos + 2
    if length & 0x80:
        width = length & 0x7F
        length, pos = int.from_bytes(der[pos : pos + width], "big"), pos + width
    if pos + length > len(der):
        raise JksError("malformed protected private key")
    return der[pos : pos + length], pos + length
