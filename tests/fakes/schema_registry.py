"""A local stand-in for Confluent Schema Registry: every request is checked against
Confluent's published API description (`/work/shared/compat/schema-registry`, see SOURCE.md)
and answered as it specifies, from subjects kept in memory. It is not a Schema Registry:
Avro compatibility is decided by Apache Avro's own checker (`avro.compatibility`), with the
named types of the schema's `references` parsed first; JSON and Protobuf schemas are taken as
compatible (there is no reference checker for them here), their references only resolved."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import avro.name
import avro.schema
import yaml
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

from tests.fakes.openapi import operations
from tests.fakes.server import Answer, ContractServer, Operation, Recorded

API_DESCRIPTION = Path("/work/shared/compat/schema-registry/schema-registry-api-spec.yaml")
GLOBAL_LEVEL = "BACKWARD"


@cache
def _operations() -> tuple[Operation, ...]:
    document = yaml.safe_load(API_DESCRIPTION.read_text(encoding="utf-8"))
    return tuple(operations(document))


def _error(status: int, code: int, message: str) -> Answer:
    return Answer(status, {"error_code": code, "message": message})


def _canonical(schema: str, schema_type: str, references: Any = ()) -> tuple[str, str, str]:
    """Two schemas are the same one when they parse to the same document and have the same
    references."""
    refs = json.dumps(list(references), sort_keys=True)
    try:
        return schema_type, json.dumps(json.loads(schema), sort_keys=True), refs
    except ValueError:
        return schema_type, schema, refs


def _parsed(schema: str, named: list[str]) -> avro.schema.Schema:
    """The Avro schema, its references' named types (`named`, in order) parsed first."""
    names = avro.name.Names()
    for text in named:
        avro.schema.make_avsc_object(json.loads(text), names)
    return avro.schema.make_avsc_object(json.loads(schema), names)


_DESCRIPTIONS = {
    "reader_field_missing_default_value": "The field '{message}' has no default value",
    "type_mismatch": "The type '{message}' does not match",
    "name_mismatch": "The name '{message}' has changed",
    "missing_enum_symbols": "The enum symbols '{message}' are missing",
}
"""Confluent's wording of Avro's incompatibility kinds (others: a generic sentence)."""


def _avro_problems(new: tuple[str, list[str]], old: tuple[str, list[str]], level: str) -> list[str]:
    """Confluent's verbose messages, from Avro's reader/writer checker at `level`; each
    schema comes with the texts of the named types it references."""
    new_schema, old_schema = _parsed(*new), _parsed(*old)
    pairs = {
        "BACKWARD": [(new_schema, old_schema, "new")],
        "FORWARD": [(old_schema, new_schema, "old")],
    }
    pairs["FULL"] = pairs["BACKWARD"] + pairs["FORWARD"]
    problems = []
    for reader, writer, side in pairs.get(level.removesuffix("_TRANSITIVE"), []):
        result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
        if result.compatibility is SchemaCompatibilityType.compatible:
            continue
        for kind, message, location in zip(
            result.incompatibilities,
            sorted(result.messages),
            sorted(result.locations),
            strict=False,
        ):
            description = _DESCRIPTIONS.get(kind.name, "Incompatibility '{message}'")
            problems.append(
                f"{{errorType:'{kind.name.upper()}', description:'"
                + description.format(message=message)
                + f" at path '{location}' in the {side} schema', additionalInfo:'{message}'}}"
            )
    return problems


_HANDLERS = {
    "getSchemas": "schemas",
    "list": "subject_names",
    "getTopLevelConfig": "global_level",
    "getSubjectLevelConfig": "subject_level",
    "getSchemaByVersion": "version",
    "updateSubjectLevelConfig": "set_subject_level",
    "lookUpSchemaUnderSubject": "look_up",
    "testCompatibilityBySubjectName": "test_compatibility",
    "register": "register",
    "deleteSubject": "delete_subject",
}
"""The operations the stand-in keeps state for -> its method (others answer the example)."""


@dataclass
class _Version:
    id: int
    schema: str
    schema_type: str
    references: list[dict[str, Any]] = field(default_factory=list)

    def item(self, subject: str, number: int) -> dict[str, Any]:
        """The version as the API's `Schema` object."""
        found: dict[str, Any] = {
            "subject": subject,
            "version": number,
            "id": self.id,
            "schema": self.schema,
        }
        if self.schema_type != "AVRO":
            found["schemaType"] = self.schema_type
        if self.references:
            found["references"] = self.references
        return found


@dataclass
class FakeRegistryState:
    """The subjects the fake holds; tests may read it to see what apply did."""

    subjects: dict[str, list[_Version]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    levels: dict[str, str] = field(default_factory=dict)
    ids: dict[tuple[str, str, str], int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def live(self, subject: str) -> list[_Version] | None:
        """The subject's versions unless it is unknown or soft-deleted."""
        return None if subject in self.deleted else self.subjects.get(subject)

    def respond(self, request: Recorded) -> Answer | None:
        """The answer to a request the API description admits."""
        subject = unquote(request.path_params.get("subject", ""))
        with self.lock:
            handler = getattr(self, "_" + _HANDLERS.get(request.operation_id, "-"), None)
            return None if handler is None else handler(request, subject)

    def _schemas(self, request: Recorded, _: str) -> Answer:
        prefix = request.query.get("subjectPrefix", "")
        latest_only = request.query.get("latestOnly") == "true"
        found = []
        for name, versions in sorted(self.subjects.items()):
            if name in self.deleted or not name.startswith(prefix):
                continue
            numbered = list(enumerate(versions, 1))
            for number, version in numbered[-1:] if latest_only else numbered:
                found.append(version.item(name, number))
        return Answer(200, found)

    def _version(self, request: Recorded, subject: str) -> Answer:
        versions = self.live(subject)
        if versions is None:
            return _error(404, 40401, f"Subject '{subject}' not found.")
        wanted = request.path_params["version"]
        number = len(versions) if wanted in ("latest", "-1") else int(wanted)
        if not 1 <= number <= len(versions):
            return _error(404, 40402, f"Version {wanted} not found.")
        return Answer(200, versions[number - 1].item(subject, number))

    def _named(self, references: list[dict[str, Any]]) -> list[str] | None:
        """The schema texts `references` name, theirs first (None: one is not registered)."""
        found: list[str] = []
        for ref in references:
            versions = self.live(ref["subject"]) or []
            if not 1 <= ref["version"] <= len(versions):
                return None
            version = versions[ref["version"] - 1]
            inner = self._named(version.references)
            if inner is None:
                return None
            found += [*inner, version.schema]
        return found

    def _subject_names(self, _: Recorded, __: str) -> Answer:
        return Answer(200, sorted(s for s in self.subjects if s not in self.deleted))

    def _global_level(self, _: Recorded, __: str) -> Answer:
        return Answer(200, {"compatibilityLevel": GLOBAL_LEVEL})

    def _subject_level(self, request: Recorded, subject: str) -> Answer:
        if subject in self.levels:
            return Answer(200, {"compatibilityLevel": self.levels[subject]})
        if request.query.get("defaultToGlobal") == "true":
            return Answer(200, {"compatibilityLevel": GLOBAL_LEVEL})
        return _error(
            404, 40408, f"Subject '{subject}' does not have subject-level compatibility configured"
        )

    def _set_subject_level(self, request: Recorded, subject: str) -> Answer:
        self.levels[subject] = request.body["compatibility"]
        return Answer(200, {"compatibility": request.body["compatibility"]})

    def _look_up(self, request: Recorded, subject: str) -> Answer:
        versions = self.live(subject)
        if versions is None:
            return _error(404, 40401, f"Subject '{subject}' not found.")
        body = request.body
        wanted = _canonical(
            body["schema"], body.get("schemaType", "AVRO"), body.get("references", [])
        )
        for number, version in enumerate(versions, 1):
            if _canonical(version.schema, version.schema_type, version.references) == wanted:
                body = {"subject": subject, "version": number, "id": version.id}
                return Answer(200, body | {"schema": version.schema})
        return _error(404, 40403, "Schema not found")

    def _problems(self, subject: str, schema: str, schema_type: str, named: list[str]) -> list[str]:
        versions = self.live(subject) or []
        level = self.levels.get(subject, GLOBAL_LEVEL)
        if schema_type != "AVRO" or not versions or level == "NONE":
            return []
        against = versions if level.endswith("_TRANSITIVE") else versions[-1:]
        return [
            problem
            for v in against
            for problem in _avro_problems(
                (schema, named), (v.schema, self._named(v.references) or []), level
            )
        ]

    def _test_compatibility(self, request: Recorded, subject: str) -> Answer:
        if self.live(subject) is None:
            return _error(404, 40401, f"Subject '{subject}' not found.")
        named = self._named(request.body.get("references", []))
        if named is None:
            return _error(422, 42201, "Invalid schema: a reference is not registered")
        problems = self._problems(
            subject, request.body["schema"], request.body.get("schemaType", "AVRO"), named
        )
        body: dict[str, Any] = {"is_compatible": not problems}
        if request.query.get("verbose") == "true":
            body["messages"] = problems
        return Answer(200, body)

    def _register(self, request: Recorded, subject: str) -> Answer:
        schema, schema_type = request.body["schema"], request.body.get("schemaType", "AVRO")
        references = request.body.get("references", [])
        named = self._named(references)
        if named is None:
            return _error(422, 42201, "Invalid schema: a reference is not registered")
        if schema_type == "AVRO":
            try:
                _parsed(schema, named)
            except avro.errors.AvroException as error:
                return _error(422, 42201, f"Invalid schema {error}")
        if subject in self.deleted:
            self.deleted.discard(subject)
            self.subjects.pop(subject, None)
        versions = self.subjects.setdefault(subject, [])
        key = _canonical(schema, schema_type, references)
        for version in versions:
            if _canonical(version.schema, version.schema_type, version.references) == key:
                return Answer(200, {"id": version.id})
        problems = self._problems(subject, schema, schema_type, named)
        if problems:
            return _error(
                409,
                409,
                "Schema being registered is incompatible with an earlier schema for subject "
                f'"{subject}", details: [{", ".join(problems)}]',
            )
        schema_id = self.ids.setdefault(key, len(self.ids) + 1)
        versions.append(_Version(schema_id, schema, schema_type, references))
        return Answer(200, {"id": schema_id})

    def _delete_subject(self, _: Recorded, subject: str) -> Answer:
        versions = self.live(subject)
        if versions is None:
            return _error(404, 40401, f"Subject '{subject}' not found.")
        self.deleted.add(subject)
        return Answer(200, list(range(1, len(versions) + 1)))


class FakeSchemaRegistry(ContractServer):
    """The started stand-in; `state` holds its subjects, `requests` / `violations` what it
    received and what the API description does not admit."""

    def __init__(self, verify_token: Callable[[str], str | None] | None = None) -> None:
        self.state = FakeRegistryState()
        self._verify_token = verify_token
        super().__init__(list(_operations()), respond=self._respond)

    def _respond(self, request: Recorded) -> Answer | None:
        """With `verify_token`, a registry behind OAuth: a request without a bearer token it
        accepts is answered 401, as Confluent's OAuth-secured registry does."""
        if self._verify_token is not None:
            header = request.headers.get("authorization", "")
            problem = (
                self._verify_token(header.removeprefix("Bearer "))
                if header.startswith("Bearer ")
                else "no bearer token"
            )
            if problem is not None:
                return _error(401, 40101, f"Unauthorized: {problem}")
        return self.state.respond(request)


def fake_schema_registry(
    verify_token: Callable[[str], str | None] | None = None,
) -> FakeSchemaRegistry:
    """A started local stand-in for a Schema Registry (see the module's docstring); with
    `verify_token` (a token -> why it is refused, None if it is not), behind OAuth."""
    server = FakeSchemaRegistry(verify_token)
    server.start()
    return server


def main() -> None:
    """Serve the stand-in until interrupted, printing its URL first (for `make demo`)."""
    server = fake_schema_registry()
    print(server.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
