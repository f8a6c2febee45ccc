"""Client quotas on the real broker: set, read back, change, remove, one request each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping

import pytest

from ktb_action.errors import ClusterError
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.quotas import ALTER, DESCRIBE, KafkaQuotas, open_quotas
from ktb_action.kinds.quotas.values import QuotaEntity, QuotaValues
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

Changes = list[tuple[QuotaEntity, Mapping[str, float | None]]]


@pytest.fixture
def quotas(kafka: KafkaCluster) -> Iterator[KafkaQuotas]:
    """The admin's quota session."""
    with open_quotas(ClientConfig(kafka.admin_config)) as session:
        yield session


@pytest.fixture
def entities(kafka: KafkaCluster) -> Iterator[dict[str, QuotaEntity]]:
    """Entities of this test (the default user is shared: its quotas are removed after)."""
    user, client = unique_name("quota-user"), unique_name("quota-app")
    made = {
        "user": QuotaEntity.of(user=user),
        "client": QuotaEntity.of(client_id=client),
        "user+client": QuotaEntity.of(user=user, client_id=client),
        "default user": QuotaEntity.of(default_user=True),
        "default user+client": QuotaEntity.of(default_user=True, client_id=client),
    }
    yield made
    with open_quotas(ClientConfig(kafka.admin_config)) as session:
        present = session.read()
        session.alter(
            [
                (entity, dict.fromkeys(present[entity]))
                for entity in made.values()
                if entity in present
            ]
        )


def _ours(quotas: KafkaQuotas, entities: dict[str, QuotaEntity]) -> dict[str, QuotaValues]:
    found = quotas.read()
    return {name: found[entity] for name, entity in entities.items() if entity in found}


def _set_all(quotas: KafkaQuotas, entities: dict[str, QuotaEntity]) -> None:
    changes: Changes = [
        (entities["user"], {"producer_byte_rate": 1048576.0, "request_percentage": 50.0}),
        (entities["client"], {"consumer_byte_rate": 2097152.0}),
        (entities["user+client"], {"producer_byte_rate": 4096.0}),
        # Large enough not to slow any other test's client down while it exists.
        (entities["default user"], {"controller_mutation_rate": 1000000.0}),
        (entities["default user+client"], {"request_percentage": 250.0}),
    ]
    assert quotas.alter(changes) == dict.fromkeys(entities.values())


def test_quotas_of_every_entity_kind_read_back_exactly_in_one_request_each(
    quotas: KafkaQuotas, entities: dict[str, QuotaEntity]
) -> None:
    _set_all(quotas, entities)
    assert quotas.requests == Counter({ALTER: 1})
    # The controller acknowledges before the broker that answers reads has the change.
    quotas.wait_until_visible()
    quotas.requests.clear()

    assert _ours(quotas, entities) == {
        "user": {"producer_byte_rate": 1048576.0, "request_percentage": 50.0},
        "client": {"consumer_byte_rate": 2097152.0},
        "user+client": {"producer_byte_rate": 4096.0},
        "default user": {"controller_mutation_rate": 1000000.0},
        "default user+client": {"request_percentage": 250.0},
    }
    assert quotas.requests == Counter({DESCRIBE: 1})


def test_changing_one_key_and_removing_another_leaves_the_rest(
    quotas: KafkaQuotas, entities: dict[str, QuotaEntity]
) -> None:
    _set_all(quotas, entities)

    results = quotas.alter(
        [
            (entities["user"], {"producer_byte_rate": 2048.0, "request_percentage": None}),
            (entities["client"], {"consumer_byte_rate": None}),
        ]
    )

    assert results == {entities["user"]: None, entities["client"]: None}
    quotas.wait_until_visible()
    ours = _ours(quotas, entities)
    assert (ours["user"], "client" in ours) == ({"producer_byte_rate": 2048.0}, False)


def test_a_value_kafka_refuses_fails_only_its_entity_with_kafkas_reason(
    quotas: KafkaQuotas, entities: dict[str, QuotaEntity]
) -> None:
    results = quotas.alter(
        [
            (entities["user"], {"producer_byte_rate": 10.5}),
            (entities["client"], {"request_percentage": 20.0}),
        ]
    )

    assert results == {
        entities["user"]: "INVALID_REQUEST: producer_byte_rate cannot be a fractional value.",
        entities["client"]: None,
    }


def test_scram_user_without_cluster_permissions_is_told_which_one_it_lacks(
    kafka: KafkaCluster,
    scram_users: Callable[[str, str], dict[str, str]],
    entities: dict[str, QuotaEntity],
) -> None:
    name = unique_name("quota-reader")
    config = scram_users(name, "pw-" + name)

    with open_quotas(ClientConfig(config)) as quotas:
        with pytest.raises(ClusterError) as raised:
            quotas.read()
        altered = quotas.alter([(entities["user"], {"producer_byte_rate": 1.0})])

    assert (raised.value.message, raised.value.hint) == (
        f"User:{name} is not allowed DESCRIBE_CONFIGS on the cluster "
        "(CLUSTER_AUTHORIZATION_FAILED)",
        f"grant DESCRIBE_CONFIGS on the cluster to User:{name}",
    )
    assert altered == {
        entities["user"]: f"User:{name} is not allowed ALTER_CONFIGS on the cluster "
        "(CLUSTER_AUTHORIZATION_FAILED)"
    }
