"""JKS and PKCS12 keystores and truststores (made by keytool) become private PEM files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ktb_action.errors import UsageError
from ktb_action.kafka.config import ConnectionOptions, resolve_client_config, translate_properties
from tests.tls_support import JavaStores, local_ca, make_stores

CN = "ktb-unit-client"


@pytest.fixture(scope="module")
def jks_stores(tmp_path_factory: pytest.TempPathFactory) -> JavaStores:
    """A JKS keystore (key password apart from the store's) and a PKCS12 truststore."""
    folder = tmp_path_factory.mktemp("jks")
    return make_stores(folder, CN, local_ca(folder / "ca"), "JKS", "PKCS12")


@pytest.fixture(scope="module")
def p12_stores(tmp_path_factory: pytest.TempPathFactory) -> JavaStores:
    """A PKCS12 keystore and a JKS truststore."""
    folder = tmp_path_factory.mktemp("p12")
    return make_stores(folder, CN, local_ca(folder / "ca"), "PKCS12", "JKS")


def _keystore_props(stores: JavaStores) -> dict[str, str]:
    return {
        "ssl.keystore.type": stores.keystore_type,
        "ssl.keystore.location": str(stores.keystore),
        "ssl.keystore.password": stores.keystore_password,
        "ssl.key.password": stores.key_password,
    }


def _subjects(pem_file: str) -> list[str]:
    certificates = x509.load_pem_x509_certificates(Path(pem_file).read_bytes())
    return [c.subject.rfc4514_string() for c in certificates]


@pytest.mark.parametrize("stores_fixture", ["jks_stores", "p12_stores"])
def test_keystore_becomes_its_certificate_chain_and_key_encrypted_with_the_key_password(
    stores_fixture: str, request: pytest.FixtureRequest
) -> None:
    stores: JavaStores = request.getfixturevalue(stores_fixture)

    settings = translate_properties(_keystore_props(stores), "c")

    assert sorted(settings) == ["ssl.certificate.location", "ssl.key.location", "ssl.key.password"]
    assert settings["ssl.key.password"] == stores.key_password
    assert _subjects(settings["ssl.certificate.location"]) == [f"CN={CN}", "CN=ktb dev CA"]
    key_pem = Path(settings["ssl.key.location"]).read_bytes()
    assert key_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    serialization.load_pem_private_key(key_pem, stores.key_password.encode())


@pytest.mark.parametrize("stores_fixture", ["jks_stores", "p12_stores"])
def test_truststore_becomes_a_pem_file_of_its_certificates(
    stores_fixture: str, request: pytest.FixtureRequest
) -> None:
    stores: JavaStores = request.getfixturevalue(stores_fixture)
    props = {
        "ssl.truststore.type": stores.truststore_type,
        "ssl.truststore.location": str(stores.truststore),
        "ssl.truststore.password": stores.truststore_password,
    }

    settings = translate_properties(props, "c")

    assert list(settings) == ["ssl.ca.location"]
    assert _subjects(settings["ssl.ca.location"]) == ["CN=ktb dev CA"]


def test_jks_truststore_without_a_password_is_read_as_java_reads_it(p12_stores: JavaStores) -> None:
    props = {"ssl.truststore.location": str(p12_stores.truststore)}  # type JKS by default

    settings = translate_properties(props, "c")

    assert _subjects(settings["ssl.ca.location"]) == ["CN=ktb dev CA"]


def test_converted_files_are_private_to_the_owner(jks_stores: JavaStores) -> None:
    settings = translate_properties(_keystore_props(jks_stores), "c")

    key = Path(settings["ssl.key.location"])
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700


def test_store_passwords_come_from_ktb_kafka_variables(
    p12_stores: JavaStores, tmp_path: Path
) -> None:
    props = tmp_path / "client.properties"
    props.write_text(
        "bootstrap.servers=b:9093\nsecurity.protocol=SSL\nssl.keystore.type=PKCS12\n"
        f"ssl.keystore.location={p12_stores.keystore}\n"
        f"ssl.truststore.location={p12_stores.truststore}\n",
        encoding="utf-8",
    )
    env = {
        "KTB_KAFKA_SSL_KEYSTORE_PASSWORD": p12_stores.keystore_password,
        "KTB_KAFKA_SSL_TRUSTSTORE_PASSWORD": p12_stores.truststore_password,
    }

    config = resolve_client_config(ConnectionOptions(client_config=props), env)

    assert sorted(config.as_dict()) == [
        "bootstrap.servers",
        "security.protocol",
        "ssl.ca.location",
        "ssl.certificate.location",
        "ssl.key.location",
        "ssl.key.password",
    ]
    assert config.redacted()["ssl.key.password"] == "[redacted]"


@pytest.mark.parametrize(
    ("change", "message", "hint_names"),
    [
        (
            {"ssl.keystore.password": "wrong-store-pw"},
            "the keystore password is wrong (or the file is damaged)",
            "`ssl.keystore.password` (or KTB_KAFKA_SSL_KEYSTORE_PASSWORD)",
        ),
        (
            {"ssl.key.password": "wrong-key-pw"},
            "the key password is wrong",
            "`ssl.key.password`",
        ),
    ],
)
def test_wrong_jks_passwords_are_errors_naming_the_setting_never_the_password(
    jks_stores: JavaStores, change: dict[str, str], message: str, hint_names: str
) -> None:
    with pytest.raises(UsageError) as raised:
        translate_properties(_keystore_props(jks_stores) | change, "c")

    assert raised.value.message == (
        f"c: cannot open `ssl.keystore.location` (`{jks_stores.keystore}`): {message}"
    )
    assert hint_names in str(raised.value.hint)
    text = f"{raised.value.message} {raised.value.hint}"
    assert not any(secret in text for secret in ("wrong-store-pw", "wrong-key-pw", "pw-1"))


def test_wrong_pkcs12_password_is_an_error_naming_the_setting(p12_stores: JavaStores) -> None:
    with pytest.raises(UsageError) as raised:
        translate_properties(_keystore_props(p12_stores) | {"ssl.keystore.password": "no"}, "c")

    assert raised.value.message == (
        f"c: cannot open `ssl.keystore.location` (`{p12_stores.keystore}`): "
        "wrong password, or not a PKCS12/JKS file"
    )


def test_a_truststore_given_as_keystore_is_an_error_saying_it_has_no_key(
    jks_stores: JavaStores,
) -> None:
    props = {
        "ssl.keystore.type": "PKCS12",
        "ssl.keystore.location": str(jks_stores.truststore),
        "ssl.keystore.password": jks_stores.truststore_password,
    }
    with pytest.raises(UsageError) as raised:
        translate_properties(props, "c")

    assert raised.value.message == (
        f"c: `ssl.keystore.location` (`{jks_stores.truststore}`) holds no private key with "
        "its certificate"
    )
