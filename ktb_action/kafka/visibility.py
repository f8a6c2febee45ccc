"""Waiting until reads show what apply wrote.

The controller acknowledges a write once it is in the metadata log; the broker that answers
reads (and enforces ACLs) applies it a moment later, in log order, and creates the logs of
the topics of one batch before it applies the next (10,000 new topics: about 40 s). Apply
waits once for everything, at the end, rather than after each kind of change, so the broker
does that work while the next requests are sent: writes need no earlier write to be
visible, only acknowledged (the log keeps their order).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from confluent_kafka.admin._config import ConfigResource
from confluent_kafka.admin._resource import ResourceType

from ktb_action.errors import ClusterError
from ktb_action.kafka import scram
from ktb_action.kafka.admin import AdminSession
from ktb_action.kafka.bindings import kafka_filter
from ktb_action.kafka.cluster_reads import topic_configs
from ktb_action.kafka.connection_watch import NoAnswerError
from ktb_action.kinds.acls.values import AclBinding
from ktb_action.kinds.users.values import Mechanism


@dataclass
class Expected:
    """What reads must show once the acknowledged writes are visible.

    Topics are checked all at once (one metadata request returns every topic anyway). Configs
    and bindings are checked by the last one written: a broker applies the metadata log in
    order, so when the last is visible, so is everything before it (a binding deleted after
    others were created included), and a try costs one small request whatever the number of
    changes.
    """

    partitions: dict[str, int | None] = field(default_factory=dict)
    """Topic -> partition count it must have (`ANY_COUNT`: any), or None: must be gone."""
    configs: tuple[str, Mapping[str, str | None]] | None = None
    acl: tuple[AclBinding, bool] | None = None
    """The last binding written, and whether it must exist (created) or not (deleted)."""
    users: dict[str, dict[Mechanism, int | None]] = field(default_factory=dict)
    """User -> mechanism -> the iterations its credential must have, or None: gone."""

    @property
    def anything(self) -> bool:
        """Whether there is anything to wait for."""
        known = (self.configs, self.acl)
        return bool(self.partitions or self.users) or any(x is not None for x in known)


_TRY_S = 2.0
"""The longest one metadata read of a try may take."""

FIRST_PAUSE_S = 0.05
"""The first pause: small writes show in tens of milliseconds."""

NO_PROGRESS_PAUSE = 0.5
"""After a try that showed nothing new, the pause as a share of the time waited so far."""

ANY_COUNT = 0
"""A partition count `Expected` accepts whatever it is (a topic with the broker's default)."""


def wait_until_shown(session: AdminSession, expected: Expected) -> None:
    """Wait until reads show `expected` (bounded by the session's timeout)."""
    if expected.anything:
        _Reads(session).wait(expected)


class _Reads:
    """The small reads that tell whether writes are visible."""

    def __init__(self, session: AdminSession) -> None:
        self.session = session

    def wait(self, expected: Expected) -> None:
        """Read until the reads show everything: first every topic (the broker makes them
        visible a request's worth at a time, so the share shown tells how long the rest
        will take), then the small reads (one binding, one topic's configs, the users),
        whose writes come later in the log: paced afresh from then, since the topics' wait
        says nothing about theirs. Raises `NoAnswerError` once every broker has been
        unreachable for `LOST_AFTER_S`, and `ClusterError` when the session's timeout ends
        first: a report must not call unconfirmed writes seen."""
        deadline = time.monotonic() + self.session.timeout
        if expected.partitions:
            self._until(lambda: self._topics_share(expected.partitions), deadline)
        self._until(lambda: float(self._small_reads_show(expected)), deadline)

    def _until(self, shown: Callable[[], float], deadline: float) -> None:
        """Try `shown` (the share of the writes a read shows) until it is 1.0, pausing as
        `Pace` says."""
        started = time.monotonic()
        pace = Pace()
        while (share := _safely(shown)) < 1.0:
            self.session.admin.alive(started)
            now = time.monotonic()
            if now >= deadline:
                raise ClusterError(
                    f"reads did not show the acknowledged writes within "
                    f"{self.session.timeout:.0f}s",
                    hint="plan again: it shows what the cluster has now",
                )
            time.sleep(min(pace.pause(share, now - started), deadline - now))

    def _small_reads_show(self, expected: Expected) -> bool:
        """Whether the last binding, the last configs and the users written show."""
        if expected.acl is not None and self._acl_exists(expected.acl[0]) != expected.acl[1]:
            return False
        if expected.configs is not None and not self._configs_are(*expected.configs):
            return False
        return not expected.users or self._users_are(expected.users)

    def _users_are(self, users: Mapping[str, Mapping[Mechanism, int | None]]) -> bool:
        found = scram.read(self.session)
        have = {u: {c.mechanism: c.iterations for c in creds} for u, creds in found.items()}
        return all(
            have.get(user, {}).get(mechanism) == iterations
            for user, wanted in users.items()
            for mechanism, iterations in wanted.items()
        )

    def _topics_share(self, partitions: Mapping[str, int | None]) -> float:
        """The share of the topics that have their partition count (`None`: are gone), in
        one metadata request for all topics: a request naming a missing topic could make a
        broker with `auto.create.topics.enable` create it. A topic whose leader is not elected
        yet counts as not there, as plan reads it."""
        admin = self.session.admin
        # A short timeout per try: a broker that died is noticed between tries.
        found = admin.send(admin.client.list_topics, timeout=_TRY_S).topics
        shown = 0
        for name, wanted in partitions.items():
            topic = found.get(name)
            count = None if topic is None or topic.error is not None else len(topic.partitions)
            shown += count is not None if wanted == ANY_COUNT else count == wanted
        return shown / len(partitions)

    def _acl_exists(self, binding: AclBinding) -> bool:
        admin = self.session.admin
        found = admin.send(
            admin.client.describe_acls, kafka_filter(binding), request_timeout=self.session.timeout
        )
        return bool(admin.result(found))

    def _configs_are(self, name: str, wanted: Mapping[str, str | None]) -> bool:
        resource = ConfigResource(ResourceType.TOPIC, name)
        admin = self.session.admin
        futures = admin.send(
            admin.client.describe_configs, [resource], request_timeout=self.session.timeout
        )
        have = dict(topic_configs(admin.result(next(iter(futures.values())))))
        return all(have.get(k) == v for k, v in wanted.items())


class Pace:
    """When to try again, from what the tries so far showed.

    The broker makes created topics visible a request's worth at a time, seconds apart at
    thousands of topics. A pause with a fixed cap would make the number of tries grow with
    the number of topics (the reads cost the broker most when it is busiest). Instead, once
    more shows than at the previous try, the next try comes when the rest should show at the
    pace between those two tries; with no progress, it comes after half the time waited so
    far. Either way a pause is at most the time waited so far, so a wrong guess costs at most
    that, and the number of tries grows with the logarithm of the wait, not with its length.
    """

    def __init__(self) -> None:
        self._last = (0.0, 0.0)
        """When the previous try was (seconds into the wait), and the share it showed."""

    def pause(self, shown: float, elapsed: float) -> float:
        """The pause before the next try, after a try `elapsed` seconds into the wait showed
        the share `shown` of the writes."""
        then, before = self._last
        self._last = (elapsed, shown)
        if before < shown < 1.0:
            rest = (elapsed - then) * (1.0 - shown) / (shown - before)
        else:
            rest = elapsed * NO_PROGRESS_PAUSE
        return min(max(FIRST_PAUSE_S, rest), max(FIRST_PAUSE_S, elapsed))


def _safely(check: Callable[[], float]) -> float:
    """A check whose request failed counts as "nothing shown yet": the writes themselves
    succeeded. A cluster that stopped answering is not "not yet": that ends the wait."""
    try:
        return check()
    except NoAnswerError:
        raise
    except Exception:
        return 0.0
