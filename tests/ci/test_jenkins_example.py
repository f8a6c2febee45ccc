"""The Jenkinsfile example only uses `ktb ci` options and variables that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.ci.ci_command import ci_command, ci_envvars

JENKINSFILE = Path(__file__).resolve().parents[2] / "examples" / "jenkins" / "Jenkinsfile"


def test_every_ktb_ci_invocation_parses() -> None:
    calls = re.findall(r"sh '(ktb ci[^']*)'", JENKINSFILE.read_text(encoding="utf-8"))
    assert len(calls) == 2
    for call in calls:
        context = ci_command().make_context("ci", shlex.split(call)[2:])
        assert context.params["platform"] == "github"


def test_every_ktb_variable_it_sets_is_read_by_ktb_ci_or_the_kafka_config() -> None:
    text = JENKINSFILE.read_text(encoding="utf-8")
    set_here = set(re.findall(r"^\s+(KTB_\w+) =", text, flags=re.MULTILINE))
    envvars = ci_envvars()
    # KTB_CHANGE_REQUEST/KTB_COMMIT/KTB_REPO are options' variables too; KTB_KAFKA_* are client
    # settings read by ktb_action.kafka.config.
    assert {v for v in set_here if not v.startswith("KTB_KAFKA_")} <= envvars
