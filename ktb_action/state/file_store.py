"""The ownership state in a JSON file, for local use and tests. Writes are guarded by a lock
file and a generation check, so two applies of one scope never interleave."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ktb_action.state.errors import ConcurrentApplyError, StateUnreadableError
from ktb_action.state.snapshot import Owned, Snapshot, owned_of

FORMAT = 1


@dataclass(frozen=True)
class FileStateStore:
    """Every scope's state in one file: `{"format": 1, "scopes": {key: {generation, owned}}}`."""

    path: Path

    @property
    def lock(self) -> Path:
        """The file whose existence says an apply holds the state."""
        return self.path.with_name(self.path.name + ".lock")

    def read(self, key: str) -> Snapshot:
        """The state of scope `key` (empty when there is none yet): one file read."""
        entry = self.scopes().get(key)
        if not isinstance(entry, dict):
            return Snapshot()
        generation = entry.get("generation")
        owned = entry.get("owned")
        return Snapshot(
            generation if isinstance(generation, int) else 0,
            owned_of(owned) if isinstance(owned, dict) else {},
        )

    def claim(self, key: str, generation: int) -> FileClaim:
        """Hold the state of `key` for one apply, if nobody wrote it since `generation`."""
        try:
            descriptor = os.open(self.lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            raise ConcurrentApplyError(
                f"another apply holds the ownership state `{self.path}`, so nothing was changed",
                hint=f"wait for it and run again; if no apply is running, remove `{self.lock}`",
            ) from None
        except OSError as error:
            raise _unwritable(self.path, error) from None
        os.close(descriptor)
        claim = FileClaim(self, key, generation)
        now = self.read(key).generation
        if now != generation:
            claim.release()
            raise ConcurrentApplyError(
                f"another apply of scope `{key}` changed the ownership state since this plan "
                f"was made (generation {generation}, now {now}), so nothing was changed",
                hint="run the plan again, review it, then apply",
            )
        return claim

    def scopes(self) -> dict[str, Any]:
        """Every scope's entry as stored (empty when there is no file yet)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as error:
            raise _unreadable(self.path, error) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise _unreadable(self.path, error) from None
        scopes = data.get("scopes") if isinstance(data, dict) else None
        return scopes if isinstance(scopes, dict) else {}


@dataclass(frozen=True)
class FileClaim:
    """The right to write one scope's state once, held until released."""

    store: FileStateStore
    key: str
    generation: int

    def write(self, owned: Owned) -> None:
        """Record `owned` as the scope's state, one generation on (atomically)."""
        scopes = self.store.scopes()
        scopes[self.key] = {"generation": self.generation + 1, "owned": owned}
        temporary = self.store.path.with_name(self.store.path.name + ".tmp")
        try:
            temporary.write_text(
                json.dumps({"format": FORMAT, "scopes": scopes}, indent=1, sort_keys=True),
                encoding="utf-8",
            )
            temporary.replace(self.store.path)
        except OSError as error:
            raise _unwritable(self.store.path, error) from None

    def release(self) -> None:
        """Let the next apply claim the state."""
        self.store.lock.unlink(missing_ok=True)


def _unreadable(path: Path, error: Exception) -> StateUnreadableError:
    return StateUnreadableError(
        f"cannot read the ownership state `{path}`, so nothing was changed: {error}",
        hint="make the file readable (or restore it from its last good copy)",
    )


def _unwritable(path: Path, error: Exception) -> StateUnreadableError:
    return StateUnreadableError(
        f"cannot write the ownership state `{path}`: {error}",
        hint="let the user running ktb write that file and its directory",
    )
