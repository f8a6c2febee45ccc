"""`broker.json` and the private files of the state folder."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from ktb_action.devkafka.state import BrokerInfo, read_info, read_pid, write_info, write_private

INFO = BrokerInfo(
    sasl_bootstrap="127.0.0.1:1",
    plaintext_bootstrap="127.0.0.1:2",
    admin_user="admin",
    admin_password="a-pw",
    users={"admin": "a-pw", "alice": "b-pw"},
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
    connect_url="http://127.0.0.1:5",
)


def test_broker_json_has_the_documented_keys_and_reads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "broker.json"

    write_info(path, INFO)

    assert json.loads(path.read_text()) == {
        "sasl_bootstrap": "127.0.0.1:1",
        "plaintext_bootstrap": "127.0.0.1:2",
        "admin_user": "admin",
        "admin_password": "a-pw",
        "users": {"admin": "a-pw", "alice": "b-pw"},
        "pid": 42,
        "version": "4.4.0",
        "cluster_id": "abc",
        "state_dir": "/s",
        "admin_properties": "/s/admin.properties",
        "heap": "512m",
        "ssl_bootstrap": "127.0.0.1:3",
        "tls_ca_certificate": "/s/tls/ca.pem",
        "tls_ca_key": "/s/tls/ca-key.pem",
        "oauth_bootstrap": "127.0.0.1:4",
        "oauth_signing_key": "/s/oauth/signing-key.pem",
        "oauth_jwks": "/s/oauth/jwks.json",
        "connect_url": "http://127.0.0.1:5",
    }
    assert read_info(path) == INFO


def test_broker_json_without_a_heap_is_of_a_broker_with_the_default(tmp_path: Path) -> None:
    path = tmp_path / "broker.json"
    write_info(path, INFO)
    data = json.loads(path.read_text())
    del data["heap"]
    path.write_text(json.dumps(data))

    info = read_info(path)

    assert info is not None
    assert info.heap == "512m"


def test_missing_or_malformed_broker_json_reads_as_no_broker(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"pid": 1}')
    (tmp_path / "junk.json").write_text("not json")

    assert read_info(tmp_path / "missing.json") is None
    assert read_info(tmp_path / "bad.json") is None
    assert read_info(tmp_path / "junk.json") is None


def test_files_with_passwords_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "admin.properties"

    write_private(path, "x=1\n")

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "x=1\n"


def test_pid_file_with_garbage_reads_as_no_pid(tmp_path: Path) -> None:
    (tmp_path / "ok.pid").write_text("123\n")
    (tmp_path / "bad.pid").write_text("abc")

    assert read_pid(tmp_path / "ok.pid") == 123
    assert read_pid(tmp_path / "bad.pid") is None
    assert read_pid(tmp_path / "none.pid") is None


def test_repr_of_broker_info_hides_passwords() -> None:
    assert "a-pw" not in repr(INFO)
