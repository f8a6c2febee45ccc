"""The connectors kind: one resource per connector on a labelled Connect cluster, behind
`ResourceKind`, with the cluster's own validator run on every new or changed config."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ktb_action.core.compare import creation
from ktb_action.core.kind import Declared, Phase, Results
from ktb_action.core.plan import Address, Change, Verb
from ktb_action.core.scope import Scope
from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.errors import KtbError
from ktb_action.kinds.connectors.compile import compile_connectors
from ktb_action.kinds.connectors.values import (
    ACTIONS,
    CONNECT_STATES,
    ConnectorSpec,
    holds_masked,
    shown,
    stored,
)
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology

if TYPE_CHECKING:
    from ktb_action.connect.client import ConnectorState

KIND = "connector"
SETTLE_S = 15.0


def _spec(value: object) -> ConnectorSpec:
    if not isinstance(value, ConnectorSpec):
        raise TypeError(f"a connector change holds {type(value).__name__}, not a connector")
    return value


def _write(servers: Servers, changes: Sequence[Change]) -> Results:
    """Each connector's config, then its run state; Connect's message when it refuses."""
    results: Results = {}
    for change in changes:
        want = _spec(change.after)
        have = _spec(change.before) if change.before is not None else None
        results[change.name] = None
        if holds_masked(want.config):
            results[change.name] = (
                "a saved plan holds no secret value: run `ktb apply` without `--plan`"
            )
            continue
        port = servers.connect(want.cluster, want.url)
        try:
            if have is None or have.config != want.config:
                port.put_config(want.name, want.config)
            if want.state != (have.state if have is not None else "running"):
                port.set_state(want.name, ACTIONS[want.state])
        except KtbError as error:
            results[change.name] = error.message
    return results


def _delete(servers: Servers, changes: Sequence[Change]) -> Results:
    results: Results = {}
    for change in changes:
        have = _spec(change.before)
        try:
            servers.connect(have.cluster, have.url).delete(have.name)
            results[change.name] = None
        except KtbError as error:
            results[change.name] = error.message
    return results


def connector_of(label: str, url: str, name: str, state: ConnectorState) -> ConnectorSpec:
    """A connector as its Connect cluster shows it (Connect's `FAILED` or `UNASSIGNED`
    counts as running)."""
    return ConnectorSpec(
        label, name, state.config, CONNECT_STATES.get(state.state, "running"), url=url
    )


class ConnectorKind:
    """Connectors: written after the topics and ACLs they use, deleted with the deletions."""

    name = KIND
    plural = "connectors"
    delete_setting = "connectors"
    phases = (
        Phase(60, frozenset({Verb.CREATE, Verb.UPDATE}), _write),
        Phase(82, frozenset({Verb.DELETE}), _delete),
    )

    def compile(
        self, topologies: Sequence[Topology], settings: Settings
    ) -> dict[str, Declared[ConnectorSpec]]:
        """Every connector the topologies' artefacts declare, by `<cluster>/<name>`."""
        return compile_connectors(topologies, settings)[0]

    def read(
        self, servers: Servers, desired: Mapping[str, Declared[ConnectorSpec]], scope: Scope
    ) -> dict[str, ConnectorSpec]:
        """Every connector of each Connect cluster the run declares connectors on, in one
        request per cluster, with the types of its plugin's config keys (one request per
        plugin), so that a value Connect types `PASSWORD` is never shown. A declared
        connector the cluster lacks is read as not existing (`exists` False), only for its
        plugin's types. A cluster that does not answer leaves its declared connectors as
        unknown (`problem` set), so that the rest of the plan is still made."""
        urls = {d.value.cluster: d.value.url for d in desired.values()}
        found: dict[str, ConnectorSpec] = {}
        for label, url in urls.items():
            port = servers.connect(label, url)
            try:
                connectors = port.read()
            except KtbError as error:
                for address, declared in desired.items():
                    if declared.value.cluster == label:
                        found[address] = ConnectorSpec(
                            label, declared.value.name, {}, url=url, problem=error.message
                        )
                continue
            for name, state in sorted(connectors.items()):
                spec = connector_of(label, url, name, state)
                if spec.address in desired or name.startswith(scope.topic_prefixes):
                    found[spec.address] = replace(spec, config_types=port.config_types(spec.plugin))
            for address, declared in desired.items():
                want = declared.value
                if want.cluster == label and address not in found:
                    types = port.config_types(want.plugin)
                    found[address] = ConnectorSpec(
                        label, want.name, {}, url=url, config_types=types, exists=False
                    )
        return found

    def check(
        self,
        topologies: Sequence[Topology],
        settings: Settings,
        servers: Servers,
        desired: Mapping[str, Declared[ConnectorSpec]],
        actual: Mapping[str, ConnectorSpec],
    ) -> list[Diagnostic]:
        """Unreadable files and clusters, and every error the cluster's validator returns
        for a new or changed config, at the line of the key it is about."""
        found = compile_connectors(topologies, settings)[1]
        unanswered = {have.cluster: have.problem for have in actual.values() if have.problem}
        found += [
            Diagnostic(
                "connect-unreachable",
                Severity.ERROR,
                problem,
                None,
                "connectors on this cluster were not planned; run the plan again once it answers",
            )
            for problem in unanswered.values()
        ]
        for address, declared in desired.items():
            want, have = declared.value, actual.get(address)
            if want.cluster in unanswered or (have is not None and have.config == want.config):
                continue
            found += _validate(servers, declared)
        return found

    def diff(
        self, name: str, want: Declared[ConnectorSpec], have: ConnectorSpec | None, scope: Scope
    ) -> Change | None:
        """Missing connectors are created; others updated when a key or the state differs;
        a connector on a cluster that did not answer is left alone."""
        if have is None:
            return creation(KIND, name, want)
        # The cluster's types of the plugin's keys go with the desired config to the plan.
        typed = replace(want.value, config_types=have.config_types)
        if not have.exists:
            return creation(KIND, name, Declared(typed, want.source, want.project))
        if have.problem or have == want.value:
            return None
        return Change(
            Verb.UPDATE, Address(KIND, name), have, typed, want.source, project=want.project
        )

    def owned(
        self, desired: Mapping[str, Declared[ConnectorSpec]], scope: Scope
    ) -> Callable[[str, ConnectorSpec], bool]:
        """Connectors named with a managed prefix (the topologies' contexts) on a cluster
        the run read."""
        return lambda _, have: not have.problem and have.name.startswith(scope.topic_prefixes)

    def settle(self, servers: Servers) -> None:
        """Wait until every Connect cluster written shows the writes (or `SETTLE_S` passed)."""
        deadline = time.monotonic() + SETTLE_S
        for port in servers.connect_ports():
            while not port.settled() and time.monotonic() < deadline:
                time.sleep(0.5)

    def encode(self, value: ConnectorSpec) -> dict[str, Any]:
        """`{cluster, url, name, state, config}`; a secret value only as its digest."""
        return {
            "cluster": value.cluster,
            "url": value.url,
            "name": value.name,
            "state": value.state,
            "config": {key: stored(key, v, value.config_types) for key, v in value.config.items()},
        }

    def decode(self, data: Mapping[str, Any], name: str) -> ConnectorSpec:
        """See `ResourceKind.decode`; the connector must be the one the change names."""
        config = data["config"]
        if not isinstance(config, dict) or not all(isinstance(v, str) for v in config.values()):
            raise TypeError(f"the config of connector `{name}` must map keys to strings")
        spec = ConnectorSpec(
            str(data["cluster"]),
            str(data["name"]),
            config,
            str(data["state"]),
            url=str(data["url"]),
        )
        if spec.address != name:
            raise ValueError(f"connector `{spec.address}` is filed under `{name}`")
        return spec

    def describe(self, change: Change) -> list[str]:
        """The run state and each key set, changed or removed; secrets and config-provider
        references never shown."""
        before = _spec(change.before) if change.before is not None else None
        after = _spec(change.after) if change.after is not None else None
        if before is None or after is None:
            spec = _spec(after or before)
            return [f"state: {spec.state}"] + [
                f"{key}: {shown(key, value, spec.config_types)}"
                for key, value in spec.config.items()
            ]
        types = after.config_types if after.config_types is not None else before.config_types
        lines = [f"~ state: {before.state} -> {after.state}"] if before.state != after.state else []
        old, new = before.config, after.config
        for key in [*new, *(k for k in old if k not in new)]:
            if key not in new:
                lines.append(f"- {key}: {shown(key, old[key], types)} (removed)")
            elif key not in old:
                lines.append(f"+ {key}: {shown(key, new[key], types)}")
            elif old[key] != new[key]:
                lines.append(
                    f"~ {key}: {shown(key, old[key], types)} -> {shown(key, new[key], types)}"
                )
        return lines


def _validate(servers: Servers, declared: Declared[ConnectorSpec]) -> list[Diagnostic]:
    want = declared.value
    try:
        verdict = servers.connect(want.cluster, want.url).validate(want.plugin, want.config)
    except KtbError as error:
        return [
            Diagnostic(
                "connector-config-invalid",
                Severity.ERROR,
                f"connector `{want.name}` could not be validated: {error.message}",
                declared.source,
                "check `connector.class`: the cluster must have the plugin installed",
            )
        ]
    return [
        Diagnostic(
            "connector-config-invalid",
            Severity.ERROR,
            f"connector `{want.name}`: `{error.key}`: {message}",
            want.key_spans.get(error.key, declared.source),
            f"fix `{error.key}` as the `{want.plugin.rsplit('.', 1)[-1]}` plugin expects",
        )
        for error in verdict.errors
        for message in error.messages
    ]


CONNECTORS = ConnectorKind()
