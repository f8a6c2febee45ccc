"""Subject names as Confluent's serializers give them, the registry connection from settings
and variables, and the adapter's errors: the registry's words, never a credential."""

from __future__ import annotations

import pytest

from ktb_action.kinds.subjects.http import HttpRegistry, RegistryConnection, connection_from
from ktb_action.kinds.subjects.port import RegistryError
from ktb_action.kinds.subjects.values import subject_name
from tests.fakes.schema_registry import fake_schema_registry

TOPIC = "ctx.shop.users"


@pytest.mark.parametrize(
    ("strategy", "part", "record", "expected"),
    [
        (None, "value", None, "ctx.shop.users-value"),
        ("TopicNameStrategy", "key", "com.acme.User", "ctx.shop.users-key"),
        ("io.confluent.kafka.serializers.subject.RecordNameStrategy", "value", "a.B", "a.B"),
        ("TopicRecordNameStrategy", "value", "a.B", "ctx.shop.users-a.B"),
        ("RecordNameStrategy", "value", None, None),
    ],
)
def test_subjects_are_named_as_the_serializers_name_them(
    strategy: str | None, part: str, record: str | None, expected: str | None
) -> None:
    assert subject_name(TOPIC, part, record, strategy) == expected


def test_a_variable_overrides_the_settings_and_username_and_password_make_user_info() -> None:
    connection = connection_from(
        {"url": "http://settings:8081/", "ca_file": "ca.pem"},
        {
            "KTB_SCHEMA_REGISTRY_URL": "https://env:8081/",
            "KTB_SCHEMA_REGISTRY_USERNAME": "ktb",
            "KTB_SCHEMA_REGISTRY_PASSWORD": "pw",
        },
    )
    assert connection == RegistryConnection(
        "https://env:8081", user_info="ktb:pw", ca_file="ca.pem"
    )


def test_no_url_anywhere_is_no_connection() -> None:
    assert connection_from({}, {}) is None


def test_a_connection_never_shows_its_credentials() -> None:
    connection = RegistryConnection("http://r:8081", user_info="ktb:s3cret", bearer_token="t0k")
    assert repr(connection) == "RegistryConnection(url='http://r:8081')"


def test_an_unreachable_registry_is_one_error_naming_the_url_only() -> None:
    registry = HttpRegistry(RegistryConnection("http://127.0.0.1:9", user_info="ktb:s3cret"))
    with pytest.raises(RegistryError) as raised:
        registry.latest_versions()
    assert raised.value.message == (
        "the Schema Registry at `http://127.0.0.1:9` cannot be reached: ConnectionError"
    )


def test_a_refusal_is_an_error_with_the_registry_message_and_basic_auth_is_sent() -> None:
    fake = fake_schema_registry()
    try:
        fake.answer("getSchemas", 401, {"error_code": 40101, "message": "Unauthorized"})
        registry = HttpRegistry(RegistryConnection(fake.url, user_info="ktb:s3cret"))
        with pytest.raises(RegistryError) as raised:
            registry.latest_versions()
        assert raised.value.message == (
            "the Schema Registry answered 401 to GET /schemas: Unauthorized"
        )
        assert "s3cret" not in f"{raised.value.message} {raised.value.hint}"
        assert fake.requests[0].headers["authorization"] == "Basic a3RiOnMzY3JldA=="
        assert fake.violations == []
    finally:
        fake.stop()
