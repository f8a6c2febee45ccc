"""Fuzz `ktb plan`: the mutated topologies of the validate fuzz that validate clean are
planned against the real broker and rendered in the three plan formats. Not one may raise.

Planning only reads the cluster. Same seed as the validate fuzz; `KTB_FUZZ_PLANS` (200 by
default) bounds how many clean files are planned.
"""

from __future__ import annotations

import os
import random
import traceback
from pathlib import Path

import pytest

from ktb_action.commands.plan import Format, render_plan
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.quotas import open_quotas
from ktb_action.kafka.read import KafkaReader
from ktb_action.pipeline import load_topologies
from ktb_action.planning import make_plan
from ktb_action.servers import Servers
from tests.kafka_fixture import KafkaCluster
from tests.unit.test_fuzz_validate import SEED, _mutate, _seeds

pytestmark = pytest.mark.integration

PLANS = int(os.environ.get("KTB_FUZZ_PLANS", "200"))
MAX_TRIES = 50 * PLANS


def test_mutated_topologies_that_validate_clean_plan_without_a_traceback(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    config = ClientConfig(kafka.admin_config)
    servers = Servers(
        KafkaReader(connect(config, timeout=30.0)), open_quotas=lambda: open_quotas(config)
    )
    rng = random.Random(SEED)
    seeds = _seeds()
    topology = tmp_path / "topology.yaml"
    planned = 0
    tracebacks: list[str] = []
    for case in range(MAX_TRIES):
        topology.write_bytes(_mutate(rng.choice(seeds), rng))
        loaded = load_topologies([topology], tmp_path, None)
        if loaded.has_errors:
            continue
        try:
            plan = make_plan(loaded, servers)
            for output_format in Format:
                render_plan(plan, output_format)
        except Exception:  # the point: any exception is a finding
            tracebacks.append(f"case {case} (seed {SEED}):\n{traceback.format_exc()}")
        planned += 1
        if planned == PLANS:
            break
    servers.close()
    assert tracebacks[:3] == []
    assert planned == PLANS
