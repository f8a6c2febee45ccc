"""The topic-level configs Apache Kafka 4.x accepts, with the type and valid values of each.

Transcribed from Kafka's `LogConfig` definitions (storage module, 4.x line) so that a typo or
an out-of-range value is caught in the pull request rather than by the broker at apply time.
Values are checked the way Kafka's `ConfigDef` parses them: numbers and booleans are trimmed,
booleans are case-insensitive, enums are case-sensitive, lists are comma-separated.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How Kafka parses a config value."""

    INT = "int"
    LONG = "long"
    DOUBLE = "double"
    BOOLEAN = "boolean"
    STRING = "string"
    LIST = "list"


@dataclass(frozen=True, slots=True)
class ConfigSpec:
    """One topic-level config: its type, and its valid range or values."""

    name: str
    kind: Kind
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    """Allowed values (every item, for a list)."""
    also: tuple[int, ...] = ()
    """Values allowed outside the range (e.g. `-1` for the gzip level's default)."""


_INT_RANGE = (-(2**31), 2**31 - 1)
_LONG_RANGE = (-(2**63), 2**63 - 1)
_THROTTLED = re.compile(r"^\s*(\*|\d+:\d+(\s*,\s*\d+:\d+)*)?\s*$")

_SPECS = (
    ConfigSpec("cleanup.policy", Kind.LIST, choices=("compact", "delete")),
    ConfigSpec("compression.gzip.level", Kind.INT, 1, 9, also=(-1,)),
    ConfigSpec("compression.lz4.level", Kind.INT, 1, 17),
    ConfigSpec(
        "compression.type",
        Kind.STRING,
        choices=("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"),
    ),
    ConfigSpec("compression.zstd.level", Kind.INT, -131072, 22),
    ConfigSpec("delete.retention.ms", Kind.LONG, 0),
    ConfigSpec("file.delete.delay.ms", Kind.LONG, 0),
    ConfigSpec("flush.messages", Kind.LONG, 1),
    ConfigSpec("flush.ms", Kind.LONG, 0),
    ConfigSpec("follower.replication.throttled.replicas", Kind.LIST),
    ConfigSpec("index.interval.bytes", Kind.INT, 0),
    ConfigSpec("leader.replication.throttled.replicas", Kind.LIST),
    ConfigSpec("local.retention.bytes", Kind.LONG, -2),
    ConfigSpec("local.retention.ms", Kind.LONG, -2),
    ConfigSpec("max.compaction.lag.ms", Kind.LONG, 1),
    ConfigSpec("max.message.bytes", Kind.INT, 0),
    ConfigSpec("message.timestamp.after.max.ms", Kind.LONG, 0),
    ConfigSpec("message.timestamp.before.max.ms", Kind.LONG, 0),
    ConfigSpec("message.timestamp.type", Kind.STRING, choices=("CreateTime", "LogAppendTime")),
    ConfigSpec("min.cleanable.dirty.ratio", Kind.DOUBLE, 0, 1),
    ConfigSpec("min.compaction.lag.ms", Kind.LONG, 0),
    ConfigSpec("min.insync.replicas", Kind.INT, 1),
    ConfigSpec("preallocate", Kind.BOOLEAN),
    ConfigSpec("remote.log.copy.disable", Kind.BOOLEAN),
    ConfigSpec("remote.log.delete.on.disable", Kind.BOOLEAN),
    ConfigSpec("remote.storage.enable", Kind.BOOLEAN),
    ConfigSpec("retention.bytes", Kind.LONG),
    ConfigSpec("retention.ms", Kind.LONG, -1),
    ConfigSpec("segment.bytes", Kind.INT, 1024 * 1024),
    ConfigSpec("segment.index.bytes", Kind.INT, 4),
    ConfigSpec("segment.jitter.ms", Kind.LONG, 0),
    ConfigSpec("segment.ms", Kind.LONG, 1),
    ConfigSpec("unclean.leader.election.enable", Kind.BOOLEAN),
)

TOPIC_CONFIGS: dict[str, ConfigSpec] = {spec.name: spec for spec in _SPECS}
"""Every topic-level config of Kafka 4.x, by name."""

REMOVED_CONFIGS: dict[str, str] = {
    "message.format.version": "removed in Kafka 4.0 (message formats v0 and v1 are gone)",
    "message.timestamp.difference.max.ms": (
        "removed in Kafka 4.0; use `message.timestamp.before.max.ms` and "
        "`message.timestamp.after.max.ms`"
    ),
    "message.downconversion.enable": "has no effect since Kafka 4.0 (down-conversion is gone)",
}
"""Configs older Kafka versions had, with what to do about each."""

CONFLUENT_PREFIX = "confluent."
"""Confluent Server's own topic configs (e.g. `confluent.placement.constraints`)."""


def check_value(spec: ConfigSpec, value: str) -> str | None:
    """Why `value` is not valid for `spec` (a message fragment), or None if Kafka accepts it."""
    if spec.kind in (Kind.INT, Kind.LONG):
        return _check_integer(spec, value)
    if spec.kind is Kind.DOUBLE:
        return _check_double(spec, value)
    if spec.kind is Kind.BOOLEAN:
        if value.strip().lower() in ("true", "false"):
            return None
        return "expected `true` or `false`"
    if spec.kind is Kind.LIST:
        return _check_list(spec, value)
    if spec.choices and value not in spec.choices:
        return "expected one of " + ", ".join(f"`{c}`" for c in spec.choices)
    return None


def _check_integer(spec: ConfigSpec, value: str) -> str | None:
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        return f"expected an integer ({spec.kind})"
    number = int(text)
    low, high = _INT_RANGE if spec.kind is Kind.INT else _LONG_RANGE
    if not low <= number <= high:
        return f"out of range for a Java {spec.kind}"
    return _check_range(spec, number)


def _check_double(spec: ConfigSpec, value: str) -> str | None:
    try:
        number = float(value.strip())
    except ValueError:
        return "expected a number"
    if math.isnan(number):
        return "expected a number"
    return _check_range(spec, number)


def _check_range(spec: ConfigSpec, number: float) -> str | None:
    if number in spec.also:
        return None
    too_low = spec.minimum is not None and number < spec.minimum
    too_high = spec.maximum is not None and number > spec.maximum
    if not (too_low or too_high):
        return None
    # Written the way Kafka's docs write ranges: `[1,…]`, `[0,…,1]`.
    bounds = [_number_text(spec.minimum) if spec.minimum is not None else "…", "…"]
    if spec.maximum is not None:
        bounds = [*bounds[:1], "…", _number_text(spec.maximum)]
    extra = "".join(f" or {_number_text(v)}" for v in spec.also)
    return f"expected a value in [{','.join(bounds)}]{extra}"


def _number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _check_list(spec: ConfigSpec, value: str) -> str | None:
    if not spec.choices:
        # The throttled-replica lists: `*`, or `partition:broker` pairs.
        if _THROTTLED.match(value):
            return None
        return "expected `*` or a list of `partition:broker` pairs"
    items = [item.strip() for item in value.split(",")]
    wrong = [item for item in items if item not in spec.choices]
    if not wrong:
        return None
    allowed = ", ".join(f"`{c}`" for c in spec.choices)
    return f"`{wrong[0]}` is not one of {allowed} (comma-separated)"
