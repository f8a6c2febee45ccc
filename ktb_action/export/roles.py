"""ACL bindings turned back into JulieOps roles. Pure.

A role is written only when the bindings the mapping (`kinds.acls.mapping`) generates for it
are all among the principal's bindings read; whatever no role covers is kept as written
(`platform.kafka.acls`). So compiling the exported topology gives exactly the bindings read:
roles may overlap (bindings are deduplicated), never add one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass, field

from ktb_action.kinds.acls import mapping
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.topology.model import (
    AclEntry,
    ConnectWorker,
    Consumer,
    ControlCenterInstance,
    KsqlServerInstance,
    Producer,
    SchemaRegistryInstance,
    StreamsApp,
    TopicRefs,
)

_TOPIC, _GROUP, _TXN = (
    AclResourceType.TOPIC,
    AclResourceType.GROUP,
    AclResourceType.TRANSACTIONAL_ID,
)
_CLUSTER = AclResourceType.CLUSTER
_LIT, _PRE = PatternType.LITERAL, PatternType.PREFIXED
_Op = AclOperation
KSQL_PREFIX = "_confluent-ksql-"


@dataclass
class Grants:
    """The roles found, where the topology writes them, and the bindings no role fits."""

    consumers: dict[str, list[Consumer]] = field(default_factory=lambda: defaultdict(list))
    """By full topic name: topic-level consumers."""
    producers: dict[str, list[Producer]] = field(default_factory=lambda: defaultdict(list))
    streams: list[StreamsApp] = field(default_factory=list)
    connectors: list[ConnectWorker] = field(default_factory=list)
    schema_registry: list[SchemaRegistryInstance] = field(default_factory=list)
    control_center: list[ControlCenterInstance] = field(default_factory=list)
    ksql: list[KsqlServerInstance] = field(default_factory=list)
    unmatched: list[AclEntry] = field(default_factory=list)

    @property
    def roles(self) -> int:
        """How many role entries were found."""
        entries: list[Sized] = [*self.consumers.values(), *self.producers.values()]
        entries += (self.streams, self.connectors, self.schema_registry)
        entries += (self.control_center, self.ksql)
        return sum(len(e) for e in entries)


class _Principal:
    """One principal's bindings: a role is taken only if all its bindings are there."""

    def __init__(self, principal: str, bindings: Iterable[AclBinding]) -> None:
        self.principal = principal
        self.have = frozenset(bindings)
        self.left = set(self.have)

    def take(self, bindings: Sequence[AclBinding]) -> bool:
        if not bindings or not self.have.issuperset(bindings):
            return False
        self.left.difference_update(bindings)
        return True

    def has(self, kind: AclResourceType, name: str, pattern: PatternType, op: _Op) -> bool:
        return AclBinding(self.principal, kind, name, pattern, op) in self.have

    def names(self, kind: AclResourceType, pattern: PatternType, op: _Op) -> list[str]:
        return sorted(
            b.resource_name
            for b in self.have
            if (b.resource_type, b.pattern_type, b.operation, b.host) == (kind, pattern, op, "*")
        )

    def as_written(self, kind: AclResourceType, op: _Op) -> list[str]:
        """Names of this resource type with `op`, as a topology writes them (`foo*`: prefix)."""
        literal = [n for n in self.names(kind, _LIT, op) if mapping.name_pattern(n)[1] is _LIT]
        return literal + [f"{n}*" for n in self.names(kind, _PRE, op)]


def match_roles(
    bindings: Iterable[AclBinding], topics: frozenset[str], *, allow_topic_create: bool
) -> Grants:
    """Roles for `bindings`; topic-level roles only on `topics` (the topics exported)."""
    by_principal: dict[str, list[AclBinding]] = defaultdict(list)
    for binding in bindings:
        by_principal[binding.principal].append(binding)
    grants = Grants()
    for principal in sorted(by_principal):
        who = _Principal(principal, by_principal[principal])
        _platform(who, grants)
        _connect(who, grants, allow_topic_create=allow_topic_create)
        _streams(who, grants)
        _producers(who, grants, topics)
        _consumers(who, grants, topics)
        grants.unmatched += _entries(who.left)
    return grants


def _platform(who: _Principal, grants: Grants) -> None:
    p = who.principal
    for name in who.names(_TOPIC, _PRE, _Op.ALL):
        server = KsqlServerInstance(p, name.removeprefix(KSQL_PREFIX))
        if name.startswith(KSQL_PREFIX) and who.take(mapping.ksql_server(server)):
            grants.ksql.append(server)
    for app in who.names(_GROUP, _PRE, _Op.READ):
        center = ControlCenterInstance(p, app)
        if who.take(mapping.control_center(center)):
            grants.control_center.append(center)
    for topic in who.names(_TOPIC, _LIT, _Op.CREATE):
        for group in who.names(_GROUP, _LIT, _Op.READ):
            registry = SchemaRegistryInstance(p, topic=topic, group=group)
            if who.take(mapping.schema_registry(registry)):
                grants.schema_registry.append(registry)
                return


def _connect(who: _Principal, grants: Grants, *, allow_topic_create: bool) -> None:
    """A Connect worker: a group and three topics read and written, named as Connect's
    defaults are (`…status`, `…offsets`, `…configs`); its connectors' topics are those it
    reads or writes without DESCRIBE (a consumer's or a producer's)."""
    both = set(who.names(_TOPIC, _LIT, _Op.READ)) & set(who.names(_TOPIC, _LIT, _Op.WRITE))
    ends = ("status", "offsets", "configs")
    internal = [sorted(t for t in both if t.endswith(end)) for end in ends]
    if not all(internal):
        return
    chosen = {names[0] for names in internal}
    read, write = ([t for t in names if t not in chosen] for names in _plain_reads_and_writes(who))
    for group in who.names(_GROUP, _LIT, _Op.READ):
        worker = ConnectWorker(
            who.principal,
            TopicRefs(tuple(read), tuple(write)),
            group=group,
            status_topic=internal[0][0],
            offset_topic=internal[1][0],
            configs_topic=internal[2][0],
        )
        bindings = mapping.connect(worker, read, write, allow_topic_create=allow_topic_create)
        if who.take(bindings):
            grants.connectors.append(worker)
            return


def _plain_reads_and_writes(who: _Principal) -> list[list[str]]:
    """Topics read, and written, without DESCRIBE: an application's, not a client role's."""
    return [
        [t for t in who.names(_TOPIC, _LIT, op) if not who.has(_TOPIC, t, _LIT, _Op.DESCRIBE)]
        for op in (_Op.READ, _Op.WRITE)
    ]


def _streams(who: _Principal, grants: Grants) -> None:
    """A Streams app: ALL on topics and READ on groups under its application id; it reads
    and writes the topics it has READ / WRITE on without DESCRIBE (a consumer's or a
    producer's), each app of the principal all of them."""
    p = who.principal
    plain = _plain_reads_and_writes(who)
    for app in who.names(_TOPIC, _PRE, _Op.ALL):
        # An app that reads nothing is refused by `ktb validate` (`streams-no-read`).
        if not plain[0] or not who.has(_GROUP, app, _PRE, _Op.READ):
            continue
        exactly_once = who.has(_TXN, app, _PRE, _Op.WRITE) and who.has(
            _TXN, app, _PRE, _Op.DESCRIBE
        )
        refs = TopicRefs(tuple(plain[0]), tuple(plain[1]))
        bindings = mapping.streams(
            p, app, refs.read, refs.write, exactly_once=exactly_once, source=None
        )
        if who.take(bindings):
            grants.streams.append(StreamsApp(p, refs, app, exactly_once))


def _producers(who: _Principal, grants: Grants, topics: frozenset[str]) -> None:
    p = who.principal
    written = [
        t
        for t in who.names(_TOPIC, _LIT, _Op.WRITE)
        if t in topics and who.has(_TOPIC, t, _LIT, _Op.DESCRIBE)
    ]
    txns = [t for t in who.as_written(_TXN, _Op.WRITE) if _txn_described(who, t)]
    idempotent = who.has(_CLUSTER, mapping.CLUSTER_NAME, _LIT, _Op.IDEMPOTENT_WRITE)
    for index, topic in enumerate(written):
        # One transactional id per topic; the last one again on the topics after it.
        txn = txns[min(index, len(txns) - 1)] if txns and idempotent else None
        producer = Producer(p, txn, idempotence=idempotent and txn is None)
        if who.take(mapping.producer(producer, topic, _LIT)):
            grants.producers[topic].append(producer)


def _txn_described(who: _Principal, written: str) -> bool:
    name, pattern = mapping.name_pattern(written)
    return who.has(_TXN, name, pattern, _Op.DESCRIBE)


def _consumers(who: _Principal, grants: Grants, topics: frozenset[str]) -> None:
    """Each topic read (with DESCRIBE) gets a consumer; groups not used by another role go
    first, one per topic, the first one again on the topics after."""
    read = [
        t
        for t in who.names(_TOPIC, _LIT, _Op.READ)
        if t in topics and who.has(_TOPIC, t, _LIT, _Op.DESCRIBE)
    ]
    groups = who.as_written(_GROUP, _Op.READ)
    unused = [g for g in groups if _group_binding(who.principal, g) in who.left]
    ordered = unused + [g for g in groups if g not in unused]
    if not ordered:
        return
    for index, topic in enumerate(read):
        consumer = Consumer(who.principal, ordered[index] if index < len(unused) else ordered[0])
        if who.take(mapping.consumer(consumer, topic, _LIT)):
            grants.consumers[topic].append(consumer)


def _group_binding(principal: str, written: str) -> AclBinding:
    name, pattern = mapping.name_pattern(written)
    return AclBinding(principal, _GROUP, name, pattern, _Op.READ)


def _entries(left: Iterable[AclBinding]) -> list[AclEntry]:
    """Bindings no role covers, one entry per principal, resource and host."""
    ops: dict[tuple[str, str, str, str, str], list[str]] = defaultdict(list)
    for b in left:
        key = (b.principal, str(b.resource_type), b.resource_name, str(b.pattern_type), b.host)
        ops[key].append(str(b.operation))
    return [
        AclEntry(principal, kind, name, pattern, tuple(sorted(ops[key])), host)
        for key in sorted(ops)
        for principal, kind, name, pattern, host in (key,)
    ]
