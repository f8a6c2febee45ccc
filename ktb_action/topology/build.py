"""Located YAML trees -> the typed model, one `Topology` per context.

Files with the same `context` merge into one topology, as JulieOps merges a directory: their
projects are added up and their headers (`source`, `env` …) are united in first-seen order.
The schema check has already reported every value of the wrong shape, so anything that is not
what we expect is skipped here, never trusted and never a crash. What only the builder can see
(a project declared twice, a plan that does not exist, `partitions` given two ways) is reported
here with the place it was written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ktb_action.diagnostics import Diagnostic, Severity, Span, did_you_mean, location
from ktb_action.settings import Settings
from ktb_action.topology import entries
from ktb_action.topology.located import Document, LMap, scalar_text
from ktb_action.topology.model import (
    AclEntry,
    Platform,
    Project,
    Topic,
    Topology,
)
from ktb_action.topology.plans import Plans, read_plans
from ktb_action.topology.platform import merge_platforms, platform
from ktb_action.topology.roles import Roles, read_roles, render

TOPOLOGY_KEYS = frozenset({"context", "projects", "platform", "special_topics"})
"""Top-level keys with a meaning; every other top-level key is a header (a name part)."""

PROJECT_KEYS = (
    "name",
    "topics",
    "consumers",
    "producers",
    "streams",
    "connectors",
    "schemas",
    "ksql",
    "rbac",
)
# JulieOps' old ZooKeeper ACL list: still in many repositories, always empty, never used.
_LEGACY_PROJECT_KEYS = frozenset({"zookeepers"})

PARTITIONS = "num.partitions"
REPLICATION = "replication.factor"
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")


def build_topologies(
    documents: Sequence[Document], settings: Settings, root: Path
) -> tuple[list[Topology], list[Diagnostic]]:
    """Build one `Topology` per context (in first-seen order) from parsed topology documents.

    Reads the plans and roles files named in `settings` (relative to `root`).
    """
    plans, diagnostics = read_plans(settings.plans_file, root)
    roles, role_diagnostics = read_roles(settings.roles_file, root)
    builder = _Builder(plans, roles, diagnostics + role_diagnostics)
    for document in documents:
        if isinstance(document.root, LMap):
            builder.add(document.root, document.file)
    return [context.topology() for context in builder.contexts.values()], builder.diagnostics


@dataclass
class _Context:
    """What the files of one context add up to, while they are being read."""

    name: str
    span: Span
    first_file: str
    headers: dict[str, str] = field(default_factory=dict)
    header_spans: dict[str, Span] = field(default_factory=dict)
    headers_seen: bool = False
    projects: list[Project] = field(default_factory=list)
    special_topics: list[Topic] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def topology(self) -> Topology:
        return Topology(
            context=self.name,
            headers=tuple(self.headers.items()),
            projects=tuple(self.projects),
            special_topics=tuple(self.special_topics),
            platform=merge_platforms(self.platforms),
            files=tuple(self.files),
            span=self.span,
        )


class _Builder:
    """Turns located trees into model values, collecting diagnostics on the way."""

    def __init__(self, plans: Plans, roles: Roles, diagnostics: list[Diagnostic]) -> None:
        self.plans = plans
        self.roles = roles
        self.diagnostics = diagnostics
        self.contexts: dict[str, _Context] = {}

    def report(
        self, rule: str, message: str, span: Span, hint: str | None = None, *, warn: bool = False
    ) -> None:
        severity = Severity.WARNING if warn else Severity.ERROR
        self.diagnostics.append(Diagnostic(rule, severity, message, span, hint))

    # -- topology --------------------------------------------------------------------------

    def add(self, node: LMap, file: str) -> None:
        name = scalar_text(node.get("context"))
        if name is None:
            return  # the schema check reports the missing `context`
        context = self.contexts.get(name)
        if context is None:
            context = _Context(name, node.value_span("context"), file)
            self.contexts[name] = context
        if file not in context.files:
            context.files.append(file)
        self._merge_headers(context, node, file)
        known = {project.name.lower(): project for project in context.projects}
        for item in entries.maps(node.get("projects")):
            project = self._project(item)
            if project is None:
                continue
            first = known.get(project.name.lower())
            if first is not None and first.span is not None and project.span is not None:
                self.report(
                    "project-duplicate",
                    f"project `{project.name}` is already declared in context `{name}` "
                    f"at {location(first.span)}",
                    project.span,
                    "give the project another name, or move its topics and principals "
                    "into the first declaration",
                )
                continue
            known[project.name.lower()] = project
            context.projects.append(project)
        context.special_topics.extend(
            topic
            for item in entries.maps(node.get("special_topics"))
            if (topic := self._topic(item))
        )
        section = node.get("platform")
        if isinstance(section, LMap):
            context.platforms.append(platform(section))

    def _merge_headers(self, context: _Context, node: LMap, file: str) -> None:
        headers = {
            key: text
            for key, value in node.items()
            if key not in TOPOLOGY_KEYS and (text := scalar_text(value)) is not None
        }
        if not context.headers_seen:
            context.headers_seen = True
            context.headers.update(headers)
            context.header_spans.update({key: node.value_span(key) for key in headers})
            return
        for key, value in headers.items():
            known = context.headers.get(key)
            if known is not None and known != value:
                self.report(
                    "context-header-conflict",
                    f"header `{key}` of context `{context.name}` is `{value}` here but "
                    f"`{known}` at {location(context.header_spans[key])}",
                    node.value_span(key),
                    "every file of a context must give a header the same value",
                )
        missing = [key for key in context.headers if key not in headers]
        added = [key for key in headers if key not in context.headers]
        if missing or added:
            names = ", ".join(f"`{key}`" for key in (*missing, *added))
            self.report(
                "context-headers-differ",
                f"headers of context `{context.name}` differ from {context.first_file}: {names}",
                node.value_span("context"),
                "all files of a context share its headers in topic names (as in JulieOps); "
                "write the same headers in each file",
                warn=True,
            )
        for key in added:
            context.headers[key] = headers[key]
            context.header_spans[key] = node.value_span(key)

    # -- projects --------------------------------------------------------------------------

    def _project(self, node: LMap) -> Project | None:
        name = scalar_text(node.get("name"))
        if name is None:
            return None
        connectors = node.get("connectors")
        workers = connectors.get("access_control") if isinstance(connectors, LMap) else connectors
        artefacts: Any = None
        if isinstance(connectors, LMap):
            artefacts = connectors.get("artefacts", connectors.get("artifacts"))
        return Project(
            name=name,
            topics=tuple(
                topic for item in entries.maps(node.get("topics")) if (topic := self._topic(item))
            ),
            consumers=entries.consumers(node.get("consumers")),
            producers=entries.producers(node.get("producers")),
            streams=tuple(
                entries.streams_app(*entry) for entry in entries.principals(node.get("streams"))
            ),
            connectors=tuple(entries.worker(*entry) for entry in entries.principals(workers)),
            connector_artefacts=entries.artefacts(artefacts),
            schemas=tuple(
                entries.schema_access(*entry) for entry in entries.principals(node.get("schemas"))
            ),
            ksql=entries.ksql(node.get("ksql")),
            rbac=entries.role_bindings(node.get("rbac")),
            role_acls=self._role_acls(node),
            span=node.value_span("name"),
        )

    def _role_acls(self, node: LMap) -> tuple[AclEntry, ...]:
        """The bindings of the project's custom role keys; each entry's other keys are the
        role's template variables (JulieOps' `Other.asMap()`)."""
        found: list[AclEntry] = []
        for key, value in node.items():
            if key in PROJECT_KEYS or key in _LEGACY_PROJECT_KEYS:
                continue
            role = self.roles.roles.get(key)
            if role is None:
                self._unknown_project_key(key, node.key_span(key))
                continue
            for item, principal in entries.principals(value):
                variables = {
                    name: text
                    for name, field_value in item.items()
                    if (text := scalar_text(field_value)) is not None
                }
                span = item.value_span("principal")
                bindings, missing = render(role, principal, variables, span)
                found += bindings
                if missing:
                    names = ", ".join(f"`{name}`" for name in missing)
                    self.report(
                        "role-variable-missing",
                        f"role `{key}` needs {names} for `{principal}`",
                        span,
                        f"write {names} next to `principal:` (the role's resourceName uses it); "
                        "JulieOps would render it empty, widening a PREFIXED acl to everything",
                    )
        return tuple(found)

    def _unknown_project_key(self, key: str, span: Span) -> None:
        if self.roles.file is None:
            hint = (
                did_you_mean(key, PROJECT_KEYS)
                or "a custom role key needs a roles file: set `roles_file` in ktb.yaml "
                "(JulieOps `julie.roles`)"
            )
        else:
            hint = did_you_mean(key, [*PROJECT_KEYS, *self.roles.roles]) or (
                f"define a role `{key}` in {self.roles.file}"
            )
        self.report("project-unknown-key", f"unknown project key `{key}`", span, hint)

    # -- topics ----------------------------------------------------------------------------

    def _topic(self, node: LMap) -> Topic | None:
        name = scalar_text(node.get("name"))
        if name is None:
            return None
        plan = scalar_text(node.get("plan"))
        written = self._plan_config(plan, node.value_span("plan")) if plan else {}
        config = node.get("config")
        if isinstance(config, LMap):
            for key, value in config.items():
                text = scalar_text(value)
                if text is not None:
                    written[key] = (text, config.key_span(key))
        partitions, partitions_span = self._count(
            written.pop(PARTITIONS, None), node, "partitions", "topic-partitions-conflict"
        )
        replication, replication_span = self._count(
            written.pop(REPLICATION, None), node, REPLICATION, "topic-replication-conflict"
        )
        # The counts leave `config`, but their spans stay so rules can point at them.
        counted = ((PARTITIONS, partitions_span), (REPLICATION, replication_span))
        spans = [(key, span) for key, (_, span) in written.items()]
        spans += [(key, span) for key, span in counted if span is not None]
        return Topic(
            name=name,
            partitions=partitions,
            replication_factor=replication,
            config=tuple((key, text) for key, (text, _) in written.items()),
            data_type=scalar_text(node.get("dataType")),
            plan=plan,
            schemas=entries.topic_schemas(node.get("schemas")),
            subject_name_strategy=scalar_text(node.get("subject.name.strategy")),
            consumers=entries.consumers(node.get("consumers")),
            producers=entries.producers(node.get("producers")),
            metadata=entries.metadata(node.get("metadata")),
            span=node.value_span("name"),
            config_spans=tuple(spans),
        )

    def _plan_config(self, name: str, span: Span) -> dict[str, tuple[str, Span]]:
        plan = self.plans.plans.get(name)
        if plan is not None:
            spans = dict(plan.config_spans)
            return {key: (value, spans[key]) for key, value in plan.config}
        if self.plans.file is None:
            hint = "set `plans_file` in ktb.yaml (JulieOps `--plans`) to the file defining it"
        else:
            known = ", ".join(f"`{p}`" for p in self.plans.plans) or "none"
            hint = did_you_mean(name, self.plans.plans) or f"plans in {self.plans.file}: {known}"
        self.report("plan-unknown", f"unknown plan `{name}`", span, hint)
        return {}

    def _count(
        self, from_config: tuple[str, Span] | None, node: LMap, own_key: str, rule: str
    ) -> tuple[int | None, Span | None]:
        """A partition count or replication factor and where it is written: the topic's own
        key wins over `config:` (and differing values are reported as `rule`)."""
        config_key = PARTITIONS if rule == "topic-partitions-conflict" else REPLICATION
        own_text = scalar_text(node.get(own_key))
        own = (own_text, node.value_span(own_key)) if own_text is not None else None
        own_value = self._integer(own_key, own)
        config_value = self._integer(config_key, from_config)
        if own is None:
            return config_value, from_config[1] if from_config else None
        differ = None not in (own_value, config_value) and own_value != config_value
        if from_config is not None and differ:
            self.report(
                rule,
                f"`{own_key}` is {own_value} but `config.{config_key}` is {config_value} "
                f"at {location(from_config[1])}",
                own[1],
                f"keep only one of `{own_key}` and `config.{config_key}`",
            )
        return own_value, own[1]

    def _integer(self, key: str, entry: tuple[str, Span] | None) -> int | None:
        if entry is None:
            return None
        text, span = entry
        if _INTEGER.match(text):
            return int(text)
        self.report(
            "topic-config-value",
            f"`{key}` must be an integer, found `{text}`",
            span,
            "write a whole number, e.g. `3`",
        )
        return None

    # -- platform --------------------------------------------------------------------------
