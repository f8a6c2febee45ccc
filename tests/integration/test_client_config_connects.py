"""A Java client .properties file, as users have them, connects through the translator."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient

from ktb_action.kafka.config import ConnectionOptions, resolve_client_config
from tests.kafka_fixture import KafkaCluster

pytestmark = pytest.mark.integration


def _properties_file(kafka: KafkaCluster) -> Path:
    return Path(kafka.info.get("admin_properties") or os.environ["KTB_TEST_CLIENT_CONFIG"])


def test_sasl_properties_file_authenticates_and_lists_the_cluster(kafka: KafkaCluster) -> None:
    config = resolve_client_config(ConnectionOptions(client_config=_properties_file(kafka)), {})

    metadata = AdminClient(config.as_dict()).list_topics(timeout=10)

    assert metadata.cluster_id
    assert config.as_dict()["security.protocol"] == "SASL_PLAINTEXT"
