"""The subjects kind's export: every live subject's latest version, with its schema, type,
references and own compatibility level (`Exporter`), when a Schema Registry is configured."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ktb_action.kinds.subjects.kind import KIND
from ktb_action.kinds.subjects.port import Latest
from ktb_action.kinds.subjects.read import MAX_CONCURRENT_REQUESTS
from ktb_action.servers import Servers
from ktb_action.settings import Settings


@dataclass(frozen=True, slots=True)
class RegisteredSubject:
    """A subject as the registry has it: its latest version and its own level (None when
    the global level applies)."""

    latest: Latest
    level: str | None = None


def registry_url(settings: Settings) -> str | None:
    """The Schema Registry the settings name, if any."""
    return dict(settings.schema_registry.connection).get("url")


class SubjectExporter:
    """Subjects, in one list request and one level request per subject (the registry has
    no request for every subject's level), concurrently within the plan's bound."""

    name = KIND
    plural = "subjects"
    grant = "read access to the Schema Registry's subjects and their configs"

    def read_all(self, servers: Servers, settings: Settings) -> dict[str, RegisteredSubject]:
        """See `Exporter.read_all`."""
        if registry_url(settings) is None:
            return {}
        registry = servers.registry()
        latest = sorted(registry.latest_versions(), key=lambda item: item.subject)
        with ThreadPoolExecutor(MAX_CONCURRENT_REQUESTS) as pool:
            levels = list(pool.map(lambda item: registry.subject_level(item.subject), latest))
        return {
            item.subject: RegisteredSubject(item, level)
            for item, level in zip(latest, levels, strict=True)
        }


SUBJECT_EXPORTER = SubjectExporter()
