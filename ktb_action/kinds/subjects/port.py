"""What the subjects kind needs of a Schema Registry, as a typed port (no HTTP in here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ktb_action.errors import KtbError


class RegistryError(KtbError):
    """The registry refused a request or could not be reached (its message, never a secret)."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference resolved to a subject's version, as the registry's requests carry it."""

    name: str
    subject: str
    version: int


@dataclass(frozen=True, slots=True)
class Latest:
    """A subject's latest version as the registry lists it."""

    subject: str
    version: int
    schema: str
    schema_type: str = "AVRO"
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The registry's compatibility answer for a schema against a subject's latest version."""

    compatible: bool
    messages: tuple[str, ...] = ()


class RegistryPort(Protocol):
    """The requests ktb makes of a Schema Registry."""

    def latest_versions(self) -> list[Latest]:
        """Every live subject's latest version, in one request."""
        ...

    def subject_level(self, subject: str) -> str | None:
        """The subject's own compatibility level; None when it follows the global one."""
        ...

    def latest_version(self, subject: str) -> int | None:
        """The subject's latest version; None when it has none."""
        ...

    def registered_version(
        self, subject: str, schema: str, schema_type: str, references: Sequence[Reference] = ()
    ) -> int | None:
        """The version under which this exact schema (with these references) is registered."""
        ...

    def check(
        self, subject: str, schema: str, schema_type: str, references: Sequence[Reference] = ()
    ) -> Verdict:
        """Whether the schema is compatible with the subject's latest version, with reasons."""
        ...

    def register(
        self, subject: str, schema: str, schema_type: str, references: Sequence[Reference] = ()
    ) -> None:
        """Register the schema as the subject's next version."""
        ...

    def set_level(self, subject: str, level: str) -> None:
        """Set the subject's compatibility level."""
        ...

    def delete(self, subject: str) -> Sequence[int]:
        """Soft-delete the subject (its versions stay readable with `deleted=true`)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...
