"""The one exception of the dev broker: it cannot go on, and says why and how to fix it."""

from __future__ import annotations

from ktb_action.errors import KtbError


class DevKafkaError(KtbError):
    """The local broker could not be resolved, started, reached or stopped.

    A `KtbError`, so `ktb_action.errors.run_guarded` prints it as `error: …` / `help: …` and
    exits 1 like every other failure of the tool.
    """
