"""`ktb plan` and `ktb apply` import the HTTP client only for a server reached over HTTP (a
Schema Registry, a Connect cluster, an OIDC token endpoint): it is a fifth of their start."""

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
