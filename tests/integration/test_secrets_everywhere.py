"""No configured secret in anything ktb prints or writes: every command, every output format,
`--debug`, against the real broker, with secrets in the client config, in the environment and
in the bootstrap string.

Run as child processes: librdkafka writes to file descriptor 2 directly, which an in-process
runner would not see.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

KTB = (sys.executable, "-c", "from ktb_action.cli import main; main()")
PLATFORM_TOKEN = "ghp_platform-token-0b7e"
URL_PASSWORD = "url-Pa55word-31c9"


def _ktb(root: Path, env: dict[str, str], *args: str) -> str:
    """stdout and stderr of one ktb run in `root`, and every file it wrote there."""
    done = subprocess.run(
        [*KTB, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        timeout=120,
        check=False,
    )
    written = [p.read_text(encoding="utf-8") for p in root.glob("out*")]
    return "\n".join([done.stdout, done.stderr, *written])


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    context = unique_name("secrets")
    (tmp_path / "t.yaml").write_text(
        f'context: "{context}"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
        '        config: {num.partitions: "1", replication.factor: "1"}\n'
        '    consumers:\n      - principal: "User:reader"\n',
        encoding="utf-8",
    )
    return tmp_path


def _env(kafka: KafkaCluster) -> dict[str, str]:
    config = {f"KTB_KAFKA_{k.upper().replace('.', '_')}": v for k, v in kafka.admin_config.items()}
    return {**config, "GITHUB_TOKEN": PLATFORM_TOKEN}


def _secrets(kafka: KafkaCluster) -> list[str]:
    return [kafka.admin_config["sasl.password"], PLATFORM_TOKEN, URL_PASSWORD]


COMMANDS = [
    *(
        ("validate", "t.yaml", "--format", f, "--output", f"out.{f}")
        for f in ("text", "json", "sarif", "github", "gitlab")
    ),
    *(
        ("plan", "t.yaml", "--debug", "--format", f, "--out", f"out.{f}.json")
        for f in ("text", "json", "markdown")
    ),
    ("apply", "t.yaml", "--dry-run", "--debug"),
    ("apply", "t.yaml", "--debug"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:1] + a[2:4]))
def test_no_secret_in_any_output_or_file(
    kafka: KafkaCluster, workspace: Path, args: tuple[str, ...]
) -> None:
    text = _ktb(workspace, _env(kafka), *args)
    assert [secret for secret in _secrets(kafka) if secret in text] == []


def test_a_password_in_the_bootstrap_string_is_never_shown(workspace: Path) -> None:
    bootstrap = f"admin:{URL_PASSWORD}@127.0.0.1:1"
    text = _ktb(workspace, {}, "plan", "t.yaml", "--debug", "--bootstrap-servers", bootstrap)
    assert "error: " in text
    assert URL_PASSWORD not in text
