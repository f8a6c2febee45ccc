"""`ktb plan` and `ktb apply` import the HTTP client only for a server reached over HTTP (a
Schema Registry, a Connect cluster, an OIDC token endpoint): it is a fifth of their start. Nor
does a plan import what only some runs use (rule plugins, a saved plan, a JKS keystore, the
ownership state, an invalid file's explanations)."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
import ktb_action.commands.apply
import ktb_action.commands.plan
import ktb_action.kafka.tokens
import ktb_action.kinds.registry
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_plan_and_apply_with_a_kafka_login_import_no_http_client() -> None:
    run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    imported = set(run.stdout.split())
    assert [name for name in ("requests", "urllib3") if name in imported] == []


_PLAN_PROBE = """
import sys
import ktb_action.commands.plan
import ktb_action.pipeline
import ktb_action.planning
print(" ".join(sorted(sys.modules)))
"""

_ONLY_WHEN_USED = (
    "importlib.metadata",  # rule plugins: only when a distribution declares one
    "ktb_action.core.plan_file",  # `apply --plan`
    "ktb_action.kafka.jks",  # a JKS keystore
    "ktb_action.state.file_store",  # the ownership state, when ktb.yaml names one
    "ktb_action.state.julie",
    "ktb_action.state.session",
    "ktb_action.validate.schema_errors",  # an invalid file
)


def test_plan_imports_no_module_for_what_a_plain_plan_does_not_use() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _PLAN_PROBE], capture_output=True, text=True, check=True
    )
    imported = set(run.stdout.split())
    assert [name for name in _ONLY_WHEN_USED if name in imported] == []
