"""SCRAM users on the real broker through ktb's adapter: created users log in, iteration
changes read back, deleted users cannot log in, and no password reaches any output."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from ktb_action.errors import ClusterError
from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.scram import alter, read
from ktb_action.kinds.users.secrets import Secret
from ktb_action.kinds.users.values import Mechanism, ScramCredential, ScramDeletion, ScramUpsert
from tests.kafka_fixture import KafkaCluster, logs_in, scram_client_config, unique_name, wait_for

pytestmark = pytest.mark.integration

SHA_256 = Mechanism.SCRAM_SHA_256
SHA_512 = Mechanism.SCRAM_SHA_512
PASSWORD = "correct-horse-battery-staple"

Cleanup = Callable[[str], str]


def session(kafka: KafkaCluster, *, debug: bool = False) -> AdminSession:
    return connect(ClientConfig(kafka.admin_config), timeout=30.0, debug=debug)


def upsert(user: str, mechanism: Mechanism = SHA_512, iterations: int = 4096) -> ScramUpsert:
    return ScramUpsert(user, ScramCredential(mechanism, iterations), Secret(PASSWORD))


@pytest.fixture
def user(kafka: KafkaCluster) -> Iterator[Cleanup]:
    """A factory of fresh user names whose credentials are removed after the test."""
    names: list[str] = []

    def make(prefix: str) -> str:
        names.append(unique_name(prefix))
        return names[-1]

    yield make
    remaining = read(session(kafka))
    deletions = [
        ScramDeletion(name, credential.mechanism)
        for name in names
        for credential in remaining.get(name, ())
    ]
    alter(session(kafka), [], deletions)


def test_a_created_user_logs_in_over_scram_sha_512(kafka: KafkaCluster, user: Cleanup) -> None:
    name = user("scram-login")
    assert alter(session(kafka), [upsert(name)], []) == {name: None}
    config = scram_client_config(kafka, name, PASSWORD)
    wait_for(lambda: logs_in(config), f"`{name}` cannot log in")


def test_read_returns_every_user_s_credentials_in_one_request(
    kafka: KafkaCluster, user: Cleanup
) -> None:
    first, second = user("scram-read"), user("scram-read")
    alter(session(kafka), [upsert(first), upsert(second, SHA_256, 8192)], [])
    reading = session(kafka)
    credentials = read(reading)
    assert (credentials[first], credentials[second]) == (
        (ScramCredential(SHA_512, 4096),),
        (ScramCredential(SHA_256, 8192),),
    )
    assert dict(reading.admin.requests) == {"describe_user_scram_credentials": 1}


def test_changed_iterations_read_back(kafka: KafkaCluster, user: Cleanup) -> None:
    name = user("scram-iter")
    alter(session(kafka), [upsert(name, iterations=4096)], [])
    assert alter(session(kafka), [upsert(name, iterations=8192)], []) == {name: None}
    assert read(session(kafka))[name] == (ScramCredential(SHA_512, 8192),)


def test_a_deleted_user_can_no_longer_log_in(kafka: KafkaCluster, user: Cleanup) -> None:
    name = user("scram-delete")
    alter(session(kafka), [upsert(name)], [])
    config = scram_client_config(kafka, name, PASSWORD)
    wait_for(lambda: logs_in(config), f"`{name}` cannot log in")
    assert alter(session(kafka), [], [ScramDeletion(name, SHA_512)]) == {name: None}
    assert name not in read(session(kafka))
    wait_for(lambda: not logs_in(config), f"`{name}` still logs in")
    as_deleted_user = connect(ClientConfig(config), timeout=10.0)
    with pytest.raises(ClusterError) as raised:
        read(as_deleted_user)
    assert raised.value.message.startswith(
        f"authentication failed for `{name}` at {kafka.bootstrap} (SASL SCRAM-SHA-512): "
    )


def test_two_mechanisms_of_one_user_go_in_two_requests_and_users_share_them(
    kafka: KafkaCluster, user: Cleanup
) -> None:
    both, other = user("scram-both"), user("scram-one")
    writing = session(kafka)
    outcome = alter(writing, [upsert(both, SHA_256), upsert(both, SHA_512), upsert(other)], [])
    assert outcome == {both: None, other: None}
    assert dict(writing.admin.requests) == {"alter_user_scram_credentials": 2}
    credentials = read(session(kafka))
    assert (credentials[both], credentials[other]) == (
        (ScramCredential(SHA_256, 4096), ScramCredential(SHA_512, 4096)),
        (ScramCredential(SHA_512, 4096),),
    )


def test_a_refused_credential_fails_only_its_user(kafka: KafkaCluster, user: Cleanup) -> None:
    refused, accepted = user("scram-refused"), user("scram-accepted")
    outcome = alter(session(kafka), [upsert(refused, iterations=16385), upsert(accepted)], [])
    assert outcome == {
        refused: "SCRAM-SHA-512: UNACCEPTABLE_CREDENTIAL: Too many iterations",
        accepted: None,
    }


def test_deleting_a_credential_that_does_not_exist_is_that_user_s_failure(
    kafka: KafkaCluster,
) -> None:
    name = unique_name("scram-missing")
    assert alter(session(kafka), [], [ScramDeletion(name, SHA_512)]) == {
        name: "SCRAM-SHA-512: RESOURCE_NOT_FOUND: "
        "Attempt to delete a user credential that does not exist"
    }


def test_nothing_to_alter_sends_no_request(kafka: KafkaCluster) -> None:
    idle = session(kafka)
    assert alter(idle, [], []) == {}
    assert idle.admin.total == 0


def test_no_password_reaches_debug_output_or_reprs(
    kafka: KafkaCluster, user: Cleanup, capfd: pytest.CaptureFixture[str]
) -> None:
    name = user("scram-quiet")
    change = upsert(name)
    config = ClientConfig({**kafka.admin_config, "debug": "all"})
    noisy = connect(config, timeout=30.0, debug=True)
    alter(noisy, [change, upsert(user("scram-quiet"), iterations=99)], [])
    read(noisy)
    out, err = capfd.readouterr()
    assert "alter_user_scram_credentials" in err  # the debug output was on
    assert PASSWORD not in out + err
    assert PASSWORD not in repr(change) + str(change.password) + f"{change.password}"
