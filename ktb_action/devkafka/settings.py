"""Where the dev broker keeps its jars and its state, and the fixed dev credentials.

Both folders live outside git: the jars are shared by every checkout and every state folder,
the state (data, logs, pid, generated config) belongs to one running broker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ktb_action.devkafka.errors import DevKafkaError

# The pin that counts; ktb_action/devkafka/pom.xml repeats it as its default (a test checks).
KAFKA_VERSION: Final = "4.4.0"

ENV_CACHE: Final = "KTB_DEVKAFKA_CACHE"
ENV_STATE: Final = "KTB_DEVKAFKA_STATE"
ENV_HEAP: Final = "KTB_DEVKAFKA_HEAP"
# A dev box runs an IDE next to this; Kafka's default 1 GiB heap is more than tests need.
# Benchmarks of 10,000 topics need more (512 MB ran out): they set KTB_DEVKAFKA_HEAP=3g.
DEFAULT_HEAP: Final = "512m"
_HEAP = re.compile(r"^[1-9][0-9]*[mg]$")

ADMIN_USER: Final = "admin"
# Fixed dev values: this broker listens on 127.0.0.1 only and holds throwaway data, and fixed
# values let a demo script or a second terminal log in without reading a generated file.
DEV_USERS: Final[Mapping[str, str]] = {
    "admin": "admin-secret",
    "alice": "alice-secret",
    "bob": "bob-secret",
}


@dataclass(frozen=True)
class Settings:
    """The inputs of `up`, `down` and `status`, resolved once from the environment."""

    version: str
    cache_root: Path
    state_dir: Path
    heap: str = DEFAULT_HEAP
    """The JVM's maximum heap, as `-Xmx` takes it (`512m`, `3g`)."""

    @property
    def libs_dir(self) -> Path:
        """The folder of jars for this version: `<cache>/kafka-<version>/libs`."""
        return self.cache_root / f"kafka-{self.version}" / "libs"


def default_cache_root(env: Mapping[str, str], home: Path) -> Path:
    """`~/.cache/ktb-action`, or under `$XDG_CACHE_HOME` when the user has moved caches."""
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else home / ".cache"
    return base / "ktb-action"


def settings_from_env(
    env: Mapping[str, str],
    home: Path,
    state_dir: Path | None = None,
    version: str = KAFKA_VERSION,
) -> Settings:
    """Build the settings: an explicit `state_dir` beats `$KTB_DEVKAFKA_STATE` beats the default.

    `$KTB_DEVKAFKA_CACHE` replaces the cache root; the `kafka-<version>/libs` part stays below it
    so that two pinned versions never share a folder. `$KTB_DEVKAFKA_HEAP` sets the broker's
    maximum heap (default 512m); `DevKafkaError` if it is not a size like `768m` or `3g`.
    """
    root = default_cache_root(env, home)
    cache = Path(env[ENV_CACHE]) if env.get(ENV_CACHE) else root
    if state_dir is None:
        state_dir = Path(env[ENV_STATE]) if env.get(ENV_STATE) else root / "broker"
    heap = env.get(ENV_HEAP, "").strip().lower() or DEFAULT_HEAP
    if not _HEAP.match(heap) or heap_mib(heap) < MIN_HEAP_MIB:
        raise DevKafkaError(
            f"{ENV_HEAP}={env[ENV_HEAP]} is not a heap size the broker can run with",
            hint=f"write megabytes or gigabytes, at least {MIN_HEAP_MIB}m: `768m`, `3g`",
        )
    return Settings(
        version=version,
        cache_root=cache.expanduser().absolute(),
        state_dir=state_dir.expanduser().absolute(),
        heap=heap,
    )


MIN_HEAP_MIB: Final = 256
"""The initial heap (`-Xms256m`); a smaller maximum would not start."""


def heap_mib(heap: str) -> int:
    """`768m` -> 768, `3g` -> 3072."""
    return int(heap[:-1]) * (1024 if heap.endswith("g") else 1)
