"""Quota entities and values, and a topology's quotas compiled to them."""

from __future__ import annotations

import pytest

from ktb_action.diagnostics import Span
from ktb_action.kinds.quotas.values import (
    DeclaredQuota,
    QuotaEntity,
    QuotaValues,
    compile_quotas,
)
from ktb_action.topology.model import Quota


@pytest.mark.parametrize(
    ("entity", "address"),
    [
        (QuotaEntity.of(user="alice"), "user=alice"),
        (QuotaEntity.of(client_id="app"), "client-id=app"),
        (QuotaEntity.of(user="alice", client_id="app"), "user=alice,client-id=app"),
        (QuotaEntity.of(default_user=True), "user=<default>"),
        (
            QuotaEntity.of(default_user=True, default_client_id=True),
            "user=<default>,client-id=<default>",
        ),
        (QuotaEntity.of(user="alice", default_client_id=True), "user=alice,client-id=<default>"),
    ],
)
def test_entity_address_is_written_as_kafka_writes_it(entity: QuotaEntity, address: str) -> None:
    assert entity.address == address


def test_entity_parts_are_kept_in_kafka_order_whatever_order_they_come_in() -> None:
    assert QuotaEntity((("client-id", "app"), ("user", None))) == QuotaEntity.of(
        default_user=True, client_id="app"
    )
    assert QuotaEntity((("client-id", "app"), ("user", None))).parts == (
        ("user", None),
        ("client-id", "app"),
    )


@pytest.mark.parametrize(
    "parts",
    [(), (("ip", "10.0.0.1"),), (("user", "a"), ("user", "b"))],
)
def test_entity_of_no_part_an_unknown_type_or_a_repeated_type_is_refused(
    parts: tuple[tuple[str, str | None], ...],
) -> None:
    with pytest.raises(ValueError, match="not a client quota entity"):
        QuotaEntity(parts)


def test_values_compare_and_hash_alike_whatever_their_order_and_number_type() -> None:
    first = QuotaValues({"request_percentage": 50, "producer_byte_rate": 1024})
    second = QuotaValues([("producer_byte_rate", 1024.0), ("request_percentage", 50.0)])
    assert first == second
    assert hash(first) == hash(second)
    assert list(first.items()) == [("producer_byte_rate", 1024.0), ("request_percentage", 50.0)]
    assert first == {"producer_byte_rate": 1024.0, "request_percentage": 50.0}


def test_values_refuse_a_key_kafka_does_not_have_for_clients() -> None:
    with pytest.raises(ValueError, match="not a client quota key: connection_creation_rate"):
        QuotaValues({"connection_creation_rate": 5.0})


def test_compiled_quotas_map_each_entity_to_its_rates_and_declaration() -> None:
    span = Span("t.yaml", 5, 20, 5, 28)
    quotas = [
        Quota(principal="User:App0", producer_byte_rate=1024, request_percentage=50.0, span=span),
        Quota(client_id="app", default_user=True, controller_mutation_rate=2.5),
        Quota(default_user=True, consumer_byte_rate=10),
        Quota(client_id="batch"),
    ]
    assert compile_quotas(quotas) == {
        QuotaEntity.of(user="App0"): DeclaredQuota(
            QuotaValues({"producer_byte_rate": 1024, "request_percentage": 50}), span
        ),
        QuotaEntity.of(default_user=True, client_id="app"): DeclaredQuota(
            QuotaValues({"controller_mutation_rate": 2.5})
        ),
        QuotaEntity.of(default_user=True): DeclaredQuota(QuotaValues({"consumer_byte_rate": 10})),
        QuotaEntity.of(client_id="batch"): DeclaredQuota(QuotaValues()),
    }


def test_compiling_skips_invalid_entries_and_keeps_the_first_of_a_duplicate() -> None:
    quotas = [
        Quota(principal="Group:g", producer_byte_rate=1),
        Quota(principal="alice", producer_byte_rate=1),
        Quota(principal="User:a", default_user=True, producer_byte_rate=1),
        Quota(producer_byte_rate=1),
        Quota(principal="User:a", producer_byte_rate=1),
        Quota(principal="User:a", producer_byte_rate=2),
    ]
    assert compile_quotas(quotas) == {
        QuotaEntity.of(user="a"): DeclaredQuota(QuotaValues({"producer_byte_rate": 1}))
    }
