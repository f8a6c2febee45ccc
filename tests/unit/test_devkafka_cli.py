"""`python -m ktb_action.devkafka`: what it prints and how it exits."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.devkafka.__main__ import describe, main
from ktb_action.devkafka.state import BrokerInfo

INFO = BrokerInfo(
    sasl_bootstrap="127.0.0.1:1",
    plaintext_bootstrap="127.0.0.1:2",
    admin_user="admin",
    admin_password="a-secret-value",
    users={"admin": "a-secret-value", "alice": "another-secret"},
    pid=42,
    version="4.4.0",
    cluster_id="abc",
    state_dir="/s",
    admin_properties="/s/admin.properties",
    ssl_bootstrap="127.0.0.1:3",
    tls_ca_certificate="/s/tls/ca.pem",
    tls_ca_key="/s/tls/ca-key.pem",
    oauth_bootstrap="127.0.0.1:4",
    oauth_signing_key="/s/oauth/signing-key.pem",
    oauth_jwks="/s/oauth/jwks.json",
)


def test_describe_names_addresses_files_and_heap_but_no_password() -> None:
    text = describe(INFO)

    assert "  heap:                512m ($KTB_DEVKAFKA_HEAP)" in text.splitlines()
    assert "127.0.0.1:1" in text
    assert "127.0.0.1:2" in text
    assert "/s/admin.properties" in text
    assert "/s/broker.json" in text
    assert "secret" not in text


def test_status_of_an_empty_state_folder_says_not_running_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--state-dir", str(tmp_path), "status"])

    assert code == 1
    assert capsys.readouterr().out == f"kafka not running (state folder {tmp_path})\n"


def test_down_of_an_empty_state_folder_says_so_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--state-dir", str(tmp_path), "down"])

    assert code == 0
    assert capsys.readouterr().out == "kafka was not running\n"


def test_restart_of_an_empty_state_folder_is_a_clear_error_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--state-dir", str(tmp_path), "restart"])

    assert code == 1
    assert capsys.readouterr().err == (
        f"error: no broker to restart in {tmp_path}\n"
        "  help: start one with `scripts/kafka-local up`\n"
    )


def test_up_without_java_is_a_clear_error_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    code = main(["--state-dir", str(tmp_path), "up"])

    assert code == 1
    assert capsys.readouterr().err == (
        "error: `java` not found, Apache Kafka 4.x needs Java 17+\n"
        "  help: install a JDK 17 or newer (e.g. `apt-get install openjdk-17-jre-headless`)\n"
    )


def test_a_bad_heap_setting_is_a_clear_error_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KTB_DEVKAFKA_HEAP", "lots")

    code = main(["--state-dir", str(tmp_path), "up"])

    assert code == 1
    assert capsys.readouterr().err == (
        "error: KTB_DEVKAFKA_HEAP=lots is not a heap size the broker can run with\n"
        "  help: write megabytes or gigabytes, at least 256m: `768m`, `3g`\n"
    )
