"""One Kafka Connect cluster's REST API as a typed port (`ConnectPort`).

Every `requests` exception and every error status is translated here: a cluster that does
not answer is a `ConnectUnreachableError` naming its label and URL, a refused call a
`ConnectError` with Connect's own message. Credentials stay in the session, never in a
message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote

import requests

from ktb_action.errors import KtbError
from ktb_action.kafka.token_auth import BearerAuth
from ktb_action.kafka.tokens import INHERIT, TokenSource, inherited, refused_token_hint

TIMEOUT_S: Final = (3.0, 30.0)
"""Connect and read timeouts: an absent cluster is known within seconds; a validation that
loads a plugin may take longer to answer."""
_ENV_WORD = re.compile(r"[^A-Z0-9]+")
_SETTLED: Final = frozenset({"RUNNING", "PAUSED", "STOPPED"})
_STATE_AFTER: Final = {"pause": "PAUSED", "resume": "RUNNING", "stop": "STOPPED"}


class ConnectError(KtbError):
    """Connect refused a call; the message is Connect's."""


class ConnectUnreachableError(KtbError):
    """A Connect cluster did not answer."""


@dataclass(frozen=True)
class ConnectorState:
    """A connector as `GET /connectors?expand=info&expand=status` shows it."""

    config: dict[str, str]
    state: str
    """Connect's state: `RUNNING`, `PAUSED`, `STOPPED`, `FAILED`, `UNASSIGNED` …"""


@dataclass(frozen=True)
class ValidationError:
    """One key the plugin's validator rejected, with its messages."""

    key: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Validation:
    """What `PUT /connector-plugins/{class}/config/validate` said about a config."""

    errors: tuple[ValidationError, ...]


def env_prefix(label: str) -> str:
    """`KTB_CONNECT_<LABEL>_`: where a cluster's credentials come from (`connector0` ->
    `KTB_CONNECT_CONNECTOR0_USERNAME`, `_PASSWORD`, `_CA_FILE`), and `_URL`, which replaces
    the settings' URL (a pipeline's per-environment address)."""
    return f"KTB_CONNECT_{_ENV_WORD.sub('_', label.upper()).strip('_')}_"


class ConnectPort:
    """The REST calls ktb makes to one Connect cluster."""

    def __init__(
        self,
        label: str,
        url: str,
        env: Mapping[str, str] = os.environ,
        tokens: TokenSource | None = None,
    ) -> None:
        prefix = env_prefix(label)
        self.label = label
        self.url = (env.get(prefix + "URL") or url).rstrip("/")
        self._session = requests.Session()
        self._types: dict[str, dict[str, str] | None] = {}
        self._expected: dict[str, frozenset[str]] = {}
        """States each connector written by this run may show once Connect has applied the
        writes; empty for a deleted one."""
        user, password = env.get(prefix + "USERNAME"), env.get(prefix + "PASSWORD")
        self._source_setting = prefix + "BEARER_AUTH_CREDENTIALS_SOURCE"
        bearer = inherited(env.get(self._source_setting), tokens, self._source_setting)
        self.authentication = "none"
        """How requests authenticate, for `--debug` (never a credential)."""
        if user and password:
            self._session.auth = (user, password)
            self.authentication = f"HTTP basic as `{user}`"
        elif bearer is not None:
            self._session.auth = BearerAuth(bearer)
            self.authentication = f"bearer token ({INHERIT}: {bearer.description})"
        if env.get(prefix + "CA_FILE"):
            self._session.verify = env[prefix + "CA_FILE"]

    def read(self) -> dict[str, ConnectorState]:
        """Every connector with its config and state, in one request."""
        data = self._call("GET", "/connectors?expand=info&expand=status", "read connectors")
        found = {}
        for name, entry in dict(data or {}).items():
            config = {str(k): str(v) for k, v in entry["info"]["config"].items()}
            found[str(name)] = ConnectorState(config, str(entry["status"]["connector"]["state"]))
        return found

    def validate(self, plugin: str, config: Mapping[str, str]) -> Validation:
        """The plugin's verdict on `config`."""
        path = f"/connector-plugins/{quote(plugin, safe='')}/config/validate"
        data = self._call("PUT", path, f"validate `{plugin}`", dict(config))
        errors = []
        for item in data.get("configs", ()):
            value = item.get("value", {})
            if value.get("errors"):
                errors.append(ValidationError(str(value["name"]), tuple(value["errors"])))
        return Validation(tuple(errors))

    def config_types(self, plugin: str) -> dict[str, str] | None:
        """The type Connect gives each config key of `plugin` (`GET /connector-plugins/
        {class}/config`, once per plugin and run); None when the cluster cannot say (an
        unknown plugin, an older worker): its keys are then judged by name."""
        if plugin not in self._types:
            path = f"/connector-plugins/{quote(plugin, safe='')}/config"
            try:
                data = self._call("GET", path, f"read the config of `{plugin}`")
                self._types[plugin] = {str(item["name"]): str(item["type"]) for item in data}
            except (KtbError, KeyError, TypeError):
                self._types[plugin] = None
        return self._types[plugin]

    def put_config(self, name: str, config: Mapping[str, str]) -> None:
        """Create the connector, or replace its config."""
        self._call("PUT", f"/connectors/{quote(name, safe='')}/config", name, dict(config))
        self._expected.setdefault(name, _SETTLED)

    def set_state(self, name: str, action: str) -> None:
        """`pause`, `resume` or `stop` the connector."""
        self._call("PUT", f"/connectors/{quote(name, safe='')}/{action}", name)
        self._expected[name] = frozenset({_STATE_AFTER[action]})

    def delete(self, name: str) -> None:
        """Remove the connector."""
        self._call("DELETE", f"/connectors/{quote(name, safe='')}", name)
        self._expected[name] = frozenset()

    def settled(self) -> bool:
        """Whether a read shows every write of this run: Connect applies them asynchronously,
        and lists a new connector only once its status is known."""
        found = self.read()
        return all(
            (found[name].state in states) if name in found else not states
            for name, states in self._expected.items()
        )

    def close(self) -> None:
        """Release the session's connections."""
        self._session.close()

    def _call(self, method: str, path: str, what: str, body: object = None) -> Any:
        try:
            response = self._session.request(method, self.url + path, json=body, timeout=TIMEOUT_S)
        except requests.RequestException as error:
            raise ConnectUnreachableError(
                f"the Connect cluster `{self.label}` at {self.url} did not answer "
                f"({type(error).__name__})",
                hint="check that the worker runs and that `connect.clusters` names its URL",
            ) from None
        if response.status_code in (401, 403) and isinstance(self._session.auth, BearerAuth):
            raise ConnectError(
                f"{what}: the Connect cluster `{self.label}` answered {response.status_code}: "
                f"{_message(response)}",
                hint=refused_token_hint(self._source_setting),
            )
        if response.status_code >= 400:
            raise ConnectError(f"{what}: {_message(response)}")
        return response.json() if response.content else None


def _message(response: requests.Response) -> str:
    """Connect's `{"error_code", "message"}` body, else the HTTP status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])
    return f"HTTP {response.status_code}"
