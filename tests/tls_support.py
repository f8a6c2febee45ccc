"""Java keystores and truststores made the way teams make them: with `keytool`.

A client key pair is generated in a JKS or PKCS12 keystore, its certificate signed by a CA
(the dev broker's, or one made here) and imported back as the certificate reply; a truststore
holds that CA. Every call is one `keytool` run, as a user would type it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ktb_action.devkafka.tls import TlsFiles, ensure_tls, sign_certificate

KEYTOOL_TIMEOUT_S = 60


@dataclass(frozen=True)
class JavaStores:
    """A client keystore and a truststore on disk, with their passwords."""

    keystore: Path
    keystore_type: str
    keystore_password: str
    key_password: str
    truststore: Path
    truststore_type: str
    truststore_password: str


def keytool(*args: str) -> None:
    """Run `keytool` with `args`; an `AssertionError` with its output if it fails."""
    path = shutil.which("keytool")
    assert path is not None, "keytool (Java 17) is needed to make keystores for the tests"
    done = subprocess.run(
        [path, *args], capture_output=True, text=True, timeout=KEYTOOL_TIMEOUT_S, check=False
    )
    assert done.returncode == 0, f"keytool {args[0]} failed: {done.stdout}{done.stderr}"


def make_stores(
    folder: Path,
    common_name: str,
    ca: TlsFiles,
    keystore_type: str = "JKS",
    truststore_type: str = "PKCS12",
) -> JavaStores:
    """A keystore with a key for `CN=<common_name>` signed by `ca`, and a truststore of `ca`.

    JKS keeps a key password apart from the store password (Java's PKCS12 does not).
    """
    suffix = {"JKS": "jks", "PKCS12": "p12"}
    keystore = folder / f"client.{suffix[keystore_type]}"
    store_password = "store-pw-1"
    key_password = "key-pw-2" if keystore_type == "JKS" else store_password
    store = ["-keystore", str(keystore), "-storetype", keystore_type]
    secrets = ["-storepass", store_password, "-keypass", key_password]
    keytool(
        "-genkeypair", *store, *secrets, "-alias", "client", "-dname", f"CN={common_name}",
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
    )  # fmt: skip
    request = folder / "client.csr"
    keytool("-certreq", *store, *secrets, "-alias", "client", "-file", str(request))
    reply = folder / "client.crt"
    reply.write_bytes(_sign_request(request.read_bytes(), ca))
    keytool("-importcert", *store, *secrets, "-noprompt", "-alias", "ca",
            "-file", str(ca.ca_certificate))  # fmt: skip
    keytool("-importcert", *store, *secrets, "-alias", "client", "-file", str(reply))
    truststore = folder / f"trust.{suffix[truststore_type]}"
    trust_password = "trust-pw-3"
    keytool("-importcert", "-keystore", str(truststore), "-storetype", truststore_type,
            "-storepass", trust_password, "-noprompt", "-alias", "ca",
            "-file", str(ca.ca_certificate))  # fmt: skip
    return JavaStores(
        keystore, keystore_type, store_password, key_password,
        truststore, truststore_type, trust_password,
    )  # fmt: skip


def local_ca(folder: Path) -> TlsFiles:
    """A CA of its own, for tests that need no broker (the same code makes the broker's)."""
    return ensure_tls(folder)


def _sign_request(csr_pem: bytes, ca: TlsFiles) -> bytes:
    csr = x509.load_pem_x509_csr(csr_pem)
    ca_key = serialization.load_pem_private_key(ca.ca_key.read_bytes(), password=None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    ca_cert = x509.load_pem_x509_certificate(ca.ca_certificate.read_bytes())
    certificate = sign_certificate(csr.subject, csr.public_key(), ca_cert.subject, ca_key, ca=False)
    return certificate.public_bytes(serialization.Encoding.PEM)
