"""The files of one broker's state folder, and the record of a running broker."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ktb_action.devkafka.settings import DEFAULT_HEAP


@dataclass(frozen=True)
class StatePaths:
    """Everything `up` writes lives below `root`; `down` removes what describes a live broker."""

    root: Path

    @property
    def data_dir(self) -> Path:
        """KRaft metadata log and topic partitions."""
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        """The broker's stdout/stderr (log4j writes to stdout)."""
        return self.root / "logs" / "server.log"

    @property
    def server_properties(self) -> Path:
        """The generated broker config; its path also identifies our JVM in `/proc`."""
        return self.root / "server.properties"

    @property
    def broker_log4j(self) -> Path:
        """log4j2 config of the broker."""
        return self.root / "log4j2.properties"

    @property
    def tool_log4j(self) -> Path:
        """log4j2 config of the storage tool, quieter than the broker's."""
        return self.root / "log4j2-tool.properties"

    @property
    def pid_file(self) -> Path:
        """The broker's pid, written right after the start, before it answers."""
        return self.root / "broker.pid"

    @property
    def info_file(self) -> Path:
        """`broker.json`: addresses and credentials for tools and tests, once it answers."""
        return self.root / "broker.json"

    @property
    def admin_properties(self) -> Path:
        """The admin's Java client config (`--command-config` / `ktb --client-config`)."""
        return self.root / "admin.properties"

    @property
    def tls_dir(self) -> Path:
        """The dev CA and the broker's certificate, made once and kept by `down`."""
        return self.root / "tls"

    @property
    def oauth_dir(self) -> Path:
        """The dev token issuer's signing key and JWKS, made once and kept by `down`."""
        return self.root / "oauth"

    @property
    def connect_properties(self) -> Path:
        """The Connect worker's config; its path also identifies the worker's JVM."""
        return self.root / "connect-worker.properties"

    @property
    def connect_log4j(self) -> Path:
        """log4j2 config of the Connect worker."""
        return self.root / "connect-log4j2.properties"

    @property
    def connect_log_file(self) -> Path:
        """The Connect worker's stdout/stderr."""
        return self.root / "logs" / "connect.log"

    @property
    def connect_pid_file(self) -> Path:
        """The Connect worker's pid."""
        return self.root / "connect.pid"

    @property
    def lock_file(self) -> Path:
        """Serialises `up` and `down` on this folder."""
        return self.root / ".lock"


@dataclass(frozen=True)
class BrokerInfo:
    """What a client needs to use the running broker; the content of `broker.json`."""

    sasl_bootstrap: str
    plaintext_bootstrap: str
    admin_user: str
    admin_password: str = field(repr=False)
    users: Mapping[str, str] = field(repr=False)
    pid: int
    version: str
    cluster_id: str
    state_dir: str
    admin_properties: str
    ssl_bootstrap: str
    """The mutual-TLS listener; clients need a certificate signed by `tls_ca_certificate`."""
    tls_ca_certificate: str
    tls_ca_key: str = field(repr=False)
    oauth_bootstrap: str
    """The OAUTHBEARER listener; tokens signed with `oauth_signing_key` for its audience."""
    oauth_signing_key: str = field(repr=False)
    oauth_jwks: str
    heap: str = DEFAULT_HEAP
    connect_url: str | None = None
    """The Connect worker's REST URL, when `up --with connect` started one."""

    def to_json(self) -> dict[str, Any]:
        """The JSON object written to `broker.json` (fields by name, `users` as an object)."""
        return {
            "sasl_bootstrap": self.sasl_bootstrap,
            "plaintext_bootstrap": self.plaintext_bootstrap,
            "admin_user": self.admin_user,
            "admin_password": self.admin_password,
            "users": dict(self.users),
            "pid": self.pid,
            "version": self.version,
            "cluster_id": self.cluster_id,
            "state_dir": self.state_dir,
            "admin_properties": self.admin_properties,
            "heap": self.heap,
            "ssl_bootstrap": self.ssl_bootstrap,
            "tls_ca_certificate": self.tls_ca_certificate,
            "tls_ca_key": self.tls_ca_key,
            "oauth_bootstrap": self.oauth_bootstrap,
            "oauth_signing_key": self.oauth_signing_key,
            "oauth_jwks": self.oauth_jwks,
            "connect_url": self.connect_url,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BrokerInfo:
        """The inverse of `to_json`; `KeyError`/`TypeError`/`ValueError` on a malformed object."""
        return cls(
            sasl_bootstrap=str(data["sasl_bootstrap"]),
            plaintext_bootstrap=str(data["plaintext_bootstrap"]),
            admin_user=str(data["admin_user"]),
            admin_password=str(data["admin_password"]),
            users={str(name): str(password) for name, password in data["users"].items()},
            pid=int(data["pid"]),
            version=str(data["version"]),
            cluster_id=str(data["cluster_id"]),
            state_dir=str(data["state_dir"]),
            admin_properties=str(data["admin_properties"]),
            # Required: a broker recorded without them lacks those listeners and is replaced.
            ssl_bootstrap=str(data["ssl_bootstrap"]),
            tls_ca_certificate=str(data["tls_ca_certificate"]),
            tls_ca_key=str(data["tls_ca_key"]),
            oauth_bootstrap=str(data["oauth_bootstrap"]),
            oauth_signing_key=str(data["oauth_signing_key"]),
            oauth_jwks=str(data["oauth_jwks"]),
            # Written by versions that always ran with the default.
            heap=str(data.get("heap", DEFAULT_HEAP)),
            connect_url=None if data.get("connect_url") is None else str(data["connect_url"]),
        )


def read_info(path: Path) -> BrokerInfo | None:
    """The broker recorded in `path`, or None if there is none or the file is unreadable."""
    try:
        return BrokerInfo.from_json(json.loads(path.read_text()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def read_pid(path: Path) -> int | None:
    """The pid in a pid file, or None."""
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def write_private(path: Path, text: str) -> None:
    """Write `text` readable by the owner only (it may hold passwords), replacing atomically.

    A reader (a test, a second terminal) sees the old file or the new one, never half of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    staging.replace(path)


def write_info(path: Path, info: BrokerInfo) -> None:
    """Write `broker.json`."""
    write_private(path, json.dumps(info.to_json(), indent=2, sort_keys=True) + "\n")
