"""The connector kind's pure parts: secrets never shown or stored, the per-key diff, the
plan-file codec, and what compiling artefacts reports."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ktb_action.connect.client import ConnectPort, env_prefix
from ktb_action.core.kind import Declared
from ktb_action.core.plan import Address, Change, Verb
from ktb_action.core.scope import make_scope
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.kinds.connectors.compile import compile_connectors
from ktb_action.kinds.connectors.kind import CONNECTORS
from ktb_action.kinds.connectors.values import MASK_PREFIX, ConnectorSpec
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import Artefact, Project, Topology

JAAS = 'PlainLoginModule required username="u" password="hunter2";'


def spec(config: dict[str, str], state: str = "running") -> ConnectorSpec:
    return ConnectorSpec("dev", "c", config, state, url="http://connect:8083")


def test_an_update_shows_changed_keys_and_state_but_never_a_secret_or_a_reference() -> None:
    before = spec({"file": "/a", "db.password": "old", "token": "${env:T}", "gone": "x"})
    after = spec(
        {"file": "/b", "db.password": "new", "token": "${env:U}", "sasl.jaas.config": JAAS},
        "paused",
    )
    change = Change(Verb.UPDATE, Address("connector", "dev/c"), before, after)
    assert CONNECTORS.describe(change) == [
        "~ state: running -> paused",
        "~ file: /a -> /b",
        "~ db.password: (secret) -> (secret)",
        "~ token: (config provider reference) -> (config provider reference)",
        "+ sasl.jaas.config: (secret)",
        "- gone: x (removed)",
    ]


def test_a_literal_secret_replaced_by_a_reference_shows_as_a_reference() -> None:
    before, after = spec({"db.password": "pw"}), spec({"db.password": "${env:DB_PASSWORD}"})
    change = Change(Verb.UPDATE, Address("connector", "dev/c"), before, after)
    assert CONNECTORS.describe(change) == ["~ db.password: (secret) -> (config provider reference)"]


def test_a_plan_file_holds_a_secret_as_its_digest_and_keeps_references() -> None:
    encoded = CONNECTORS.encode(spec({"source.cluster.sasl.jaas.config": JAAS, "p": "${f:x}"}))
    assert encoded["config"] == {
        "source.cluster.sasl.jaas.config": MASK_PREFIX + hashlib.sha256(JAAS.encode()).hexdigest(),
        "p": "${f:x}",
    }
    assert CONNECTORS.decode(encoded, "dev/c").config == encoded["config"]


def test_applying_a_saved_plan_with_a_masked_secret_is_refused_for_that_connector() -> None:
    masked = CONNECTORS.decode(CONNECTORS.encode(spec({"db.password": "pw"})), "dev/c")
    change = Change(Verb.CREATE, Address("connector", "dev/c"), None, masked)
    (phase, _) = CONNECTORS.phases
    results = phase.run(Servers(kafka=None), [change])  # type: ignore[arg-type]
    assert results == {
        "dev/c": "a saved plan holds no secret value: run `ktb apply` without `--plan`"
    }


TYPES = {"ssl.keystore.key": "PASSWORD", "hint.password": "STRING", "sasl.jaas.config": "PASSWORD"}
"""Types as `GET /connector-plugins/{class}/config` gives them."""


def test_connect_s_types_decide_what_is_secret_and_names_only_for_untyped_keys() -> None:
    typed = replace(
        spec(
            {
                "ssl.keystore.key": "KEY-MATERIAL",
                "hint.password": "ask the vault team",
                "source.cluster.sasl.jaas.config": JAAS,
                "producer.override.ssl.key.password": "kp",
            }
        ),
        config_types=TYPES,
    )
    change = Change(Verb.CREATE, Address("connector", "dev/c"), None, typed)
    assert CONNECTORS.describe(change) == [
        "state: running",
        "ssl.keystore.key: (secret)",
        "hint.password: ask the vault team",
        "source.cluster.sasl.jaas.config: (secret)",
        "producer.override.ssl.key.password: (secret)",
    ]


def test_a_new_connector_is_planned_with_its_cluster_s_types_and_stored_masked() -> None:
    want = spec({"ssl.keystore.key": "KEY-MATERIAL"})
    absent = ConnectorSpec("dev", "c", {}, config_types=TYPES, exists=False)
    change = CONNECTORS.diff("dev/c", Declared(want), absent, make_scope([], Settings()))
    assert change is not None
    assert (change.verb, change.before) == (Verb.CREATE, None)
    assert CONNECTORS.encode(change.after)["config"] == {
        "ssl.keystore.key": MASK_PREFIX + hashlib.sha256(b"KEY-MATERIAL").hexdigest()
    }


def test_credentials_and_url_come_from_the_label_s_variables() -> None:
    env = {
        "KTB_CONNECT_DWH_EU_URL": "https://connect.eu:8083/",
        "KTB_CONNECT_DWH_EU_USERNAME": "ktb",
        "KTB_CONNECT_DWH_EU_PASSWORD": "s3cret",
    }
    port = ConnectPort("dwh-eu", "http://ignored:8083", env)
    assert (env_prefix("dwh-eu"), port.url) == ("KTB_CONNECT_DWH_EU_", "https://connect.eu:8083")
    assert "s3cret" not in repr(vars(port))
    port.close()


def test_an_artefact_on_an_unknown_cluster_or_without_its_file_is_an_error(
    tmp_path: Path,
) -> None:
    span = Span("topology/t.yaml", 9, 17, 9, 30)
    project = Project(
        "p",
        connector_artefacts=(
            Artefact("connectors/none.json", server="dev", span=span),
            Artefact("connectors/x.json", server="elsewhere", span=span),
        ),
    )
    settings = Settings(root=str(tmp_path), connect_clusters=("dev:http://connect:8083",))
    declared, problems = compile_connectors([Topology("ctx", projects=(project,))], settings)
    assert declared == {}
    assert problems == [
        Diagnostic(
            "connector-file",
            Severity.ERROR,
            "cannot read `topology/connectors/none.json`: No such file or directory",
            span,
            "fix `path`",
        ),
        Diagnostic(
            "connector-cluster",
            Severity.ERROR,
            "connector artefact `connectors/x.json` names no known Connect cluster (`elsewhere`)",
            span,
            "add `label:url` to `connect.clusters` in the settings and name the label in the "
            "artefact's `server`",
        ),
    ]
