"""The Schema Registry subjects kind: register new versions of declared schemas, set their
compatibility levels and soft-delete owned subjects no longer declared, behind
`ResourceKind`. The plan asks the registry whether each new schema is compatible: an
incompatible one is an error diagnostic at its schema file, and apply refuses it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ktb_action.core.compare import creation
from ktb_action.core.kind import Declared, Phase
from ktb_action.core.plan import Address, Change, Status, Verb
from ktb_action.core.scope import Scope
from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.kinds.subjects.apply import (
    delete_subjects,
    needs_registration,
    spec_of,
    state_of,
    write_subjects,
)
from ktb_action.kinds.subjects.compile import compile_subjects
from ktb_action.kinds.subjects.read import read_subjects, unknown_references
from ktb_action.kinds.subjects.values import Incompatibility, SubjectSpec, SubjectState
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import SchemaReference, Topology

KIND = "subject"
RULE = "schema-incompatible"
OVERRIDE_HINT = (
    "make the schema compatible with the latest version (e.g. give the new field a default), "
    "or set `schema_registry.allow_incompatible: true` to let apply try it anyway"
)


class SubjectKind:
    """Subjects: registered after topics are created and before ACLs; soft-deleted before
    topics are deleted."""

    name = KIND
    plural = "subjects"
    delete_setting = "subjects"
    phases = (
        Phase(25, frozenset({Verb.CREATE, Verb.UPDATE}), write_subjects),
        Phase(88, frozenset({Verb.DELETE}), delete_subjects),
    )

    def compile(
        self, topologies: Sequence[Topology], settings: Settings
    ) -> dict[str, Declared[SubjectSpec]]:
        """Every subject the topics' schemas declare."""
        return compile_subjects(topologies, settings)

    def read(
        self, servers: Servers, desired: Mapping[str, Declared[SubjectSpec]], scope: Scope
    ) -> dict[str, SubjectState]:
        """Every subject on the registry in one list request (plus the registry's answers for
        declared schemas that changed); no connection when no subject is declared and none
        may be deleted."""
        if not desired and not scope.allow_delete.subjects:
            return {}
        return read_subjects(servers.registry(), servers.secrets.root, desired)

    def diff(
        self, name: str, want: Declared[SubjectSpec], have: SubjectState | None, scope: Scope
    ) -> Change | None:
        """A new version when the registry lacks the declared schema, a level change when it
        differs; an incompatible schema is unsupported unless the override is set."""
        if have is None:
            return creation(KIND, name, want)
        spec = want.value
        level_differs = spec.level is not None and spec.level != have.level
        if have.current and not level_differs:
            return None
        change = Change(
            Verb.UPDATE, Address(KIND, name), have, spec, want.source, project=want.project
        )
        if have.incompatible and not spec.allow_incompatible:
            return Change(
                change.verb,
                change.address,
                have,
                spec,
                want.source,
                Status.UNSUPPORTED,
                f"the registry finds `{spec.file}` incompatible with version {have.version} "
                "(see the findings); set `schema_registry.allow_incompatible` to override",
                want.project,
            )
        return change

    def owned(
        self, desired: Mapping[str, Declared[SubjectSpec]], scope: Scope
    ) -> Callable[[str, SubjectState], bool]:
        """Subjects named after a managed topic (`<topic>-key`, `<topic>-value`,
        `<topic>-<record>`): record-named subjects are shared, never ours to delete."""
        prefixes = scope.topic_prefixes
        return lambda name, _: bool(prefixes) and name.startswith(prefixes)

    def settle(self, servers: Servers) -> None:
        """The registry answers reads from the state its writes made: nothing to wait for."""

    def check(
        self,
        topologies: Sequence[Topology],
        settings: Settings,
        servers: Servers,
        desired: Mapping[str, Declared[SubjectSpec]],
        actual: Mapping[str, SubjectState],
    ) -> list[Diagnostic]:
        """One error (or, with the override, a warning) per incompatibility reason the
        registry gave against a declared schema, at the schema file where the reason points;
        an error at each reference to a subject neither declared nor on the registry."""
        found = unknown_references(desired, actual)
        for name, declared in desired.items():
            spec, have = declared.value, actual.get(name)
            severity = Severity.WARNING if spec.allow_incompatible else Severity.ERROR
            found += [
                Diagnostic(
                    RULE,
                    severity,
                    f"schema of subject `{spec.subject}` is incompatible with its latest "
                    f"version: {reason.message}",
                    reason.span,
                    OVERRIDE_HINT,
                )
                for reason in (() if have is None else have.incompatible)
            ]
        return found

    def encode(self, value: SubjectSpec | SubjectState) -> dict[str, Any]:
        """A declared subject or a registry state as JSON data."""
        if isinstance(value, SubjectSpec):
            return {
                "subject": value.subject,
                "file": value.file,
                "schema_type": value.schema_type,
                "level": value.level,
                "allow_incompatible": value.allow_incompatible,
                "references": [
                    {"name": r.name, "subject": r.subject, "version": r.version}
                    for r in value.references
                ],
            }
        return {
            "version": value.version,
            "level": value.level,
            "current": value.current,
            "incompatible": [reason.message for reason in value.incompatible],
        }

    def decode(self, data: Mapping[str, Any], name: str) -> SubjectSpec | SubjectState:
        """See `ResourceKind.decode`."""
        if "subject" in data:
            spec = SubjectSpec(
                str(data["subject"]),
                str(data["file"]),
                str(data["schema_type"]),
                None if data["level"] is None else str(data["level"]),
                bool(data["allow_incompatible"]),
                tuple(
                    SchemaReference(
                        str(r["name"]),
                        str(r["subject"]),
                        None if r["version"] is None else int(r["version"]),
                    )
                    for r in data.get("references", ())
                ),
            )
            if spec.subject != name:
                raise ValueError(f"subject `{spec.subject}` is filed under `{name}`")
            return spec
        return SubjectState(
            int(data["version"]),
            None if data["level"] is None else str(data["level"]),
            bool(data["current"]),
            tuple(Incompatibility(str(m)) for m in data["incompatible"]),
        )

    def describe(self, change: Change) -> list[str]:
        """The schema file registered, the level set, or the soft delete."""
        if change.verb is Verb.DELETE:
            return ["soft delete: its versions stay readable and can be restored"]
        spec = spec_of(change.after)
        before = None if change.before is None else state_of(change.before)
        lines = []
        if needs_registration(change):
            version = 1 if before is None else before.version + 1
            lines.append(f"+ version {version}: {spec.schema_type} schema from {spec.file}")
            lines += [
                f"  references `{r.name}`: subject `{r.subject}` "
                + ("latest" if r.version is None else f"version {r.version}")
                for r in spec.references
            ]
        if spec.level is not None and (before is None or before.level != spec.level):
            old = "global default" if before is None or before.level is None else before.level
            lines.append(f"~ compatibility: {old} -> {spec.level}")
        return lines


SUBJECTS = SubjectKind()
