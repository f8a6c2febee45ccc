"""Redaction of configured secrets (ktb_action.redact) and where it is applied."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ktb_action import redact
from ktb_action.ci.outputs import append
from ktb_action.errors import ClusterError, run_guarded
from ktb_action.kafka.config import ConnectionOptions, resolve_client_config


def test_redact_replaces_a_remembered_secret_and_a_longer_one_containing_it_whole() -> None:
    redact.remember(["tok-1a2b", "Bearer tok-1a2b"])
    assert redact.redact("got Bearer tok-1a2b and tok-1a2b") == "got [redacted] and [redacted]"


def test_values_shorter_than_three_characters_are_not_remembered() -> None:
    redact.remember(["on", ""])
    assert redact.redact("on and on") == "on and on"


def test_bootstrap_secrets_are_each_entry_s_userinfo_and_password() -> None:
    assert redact.bootstrap_secrets("sasl_ssl://u:p1@h:9093, h2:9092,v:pw2@h3:9092") == [
        "u:p1",
        "p1",
        "v:pw2",
        "pw2",
    ]


def test_environment_variables_named_as_secrets_are_remembered() -> None:
    redact.remember_environment(
        {"CI_JOB_TOKEN": "job-7f3e", "KTB_KAFKA_SASL_PASSWORD": "pw-8c1d", "HOME": "/root"}
    )
    assert redact.redact("job-7f3e pw-8c1d /root") == "[redacted] [redacted] /root"


def test_variables_that_name_where_a_secret_is_are_not_secrets() -> None:
    redact.remember_environment(
        {"KTB_TOKEN_VARIABLE": "TOPICS_BOT_TOKEN", "KTB_SSL_PASSWORD_FILE": "/run/key-pw"}
    )
    assert redact.redact("set TOPICS_BOT_TOKEN, read /run/key-pw") == (
        "set TOPICS_BOT_TOKEN, read /run/key-pw"
    )


def test_resolving_a_client_config_remembers_its_secrets_and_the_bootstrap_password() -> None:
    options = ConnectionOptions(bootstrap_servers="admin:url-pw-5e@127.0.0.1:9092")
    resolve_client_config(options, {"KTB_KAFKA_SASL_PASSWORD": "cfg-pw-77"})
    assert redact.redact("admin:url-pw-5e@host cfg-pw-77") == "[redacted]@host [redacted]"


def test_redacting_writer_redacts_each_write() -> None:
    redact.remember(["wr-secret-3"])
    stream = io.StringIO()
    assert redact.RedactingWriter(stream).write("x wr-secret-3\n") == len("x wr-secret-3\n")
    assert stream.getvalue() == "x [redacted]\n"


def test_the_command_boundary_redacts_what_the_command_prints_and_its_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    redact.remember(["boundary-pw-1"])

    def body() -> int:
        print("connecting with boundary-pw-1")
        raise ClusterError("cannot reach user:boundary-pw-1@host", "check boundary-pw-1")

    assert run_guarded(body) == 1
    assert capsys.readouterr() == (
        "connecting with [redacted]\n",
        "error: cannot reach user:[redacted]@host\n  help: check [redacted]\n",
    )


def test_runner_output_files_are_written_redacted(tmp_path: Path) -> None:
    redact.remember(["file-pw-42"])
    append(tmp_path / "summary.md", "file-pw-42\n")
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == "[redacted]\n"
