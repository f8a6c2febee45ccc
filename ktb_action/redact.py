"""Keeping configured secrets out of everything ktb prints or writes, whatever the text's source.

A secret can come back in text ktb did not write: a librdkafka message quoting the bootstrap
string `user:password@host`, an API error body repeating the `Authorization` header. So the
adapters that receive secrets (the Kafka client config, the platform API clients) and the
error boundary remember them here, and `redact` replaces every remembered one at the outputs:
`run_guarded` sends stdout and stderr through `RedactingWriter`, and files for the CI runner
are redacted before they are written.

The secrets of a run are process-wide on purpose: one run is one process, and text reaches
the outputs from too many places to pass them all along.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TextIO

REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 3
"""Shorter values (`1`, `on`) would blank ordinary words out of every line, so they are not
remembered; no real password or token is that short."""

# Variables whose names say they hold a secret: the platforms' tokens (GITHUB_TOKEN,
# CI_JOB_TOKEN, the action's `github-token` input) and `KTB_KAFKA_SASL_PASSWORD` & co.
_SECRET_NAME = re.compile(r"TOKEN|PASSWORD|PASSWD|SECRET|JAAS|PRIVATE_KEY|CREDENTIAL", re.I)
# ...but not those that name where a secret is (`token_variable: TOPICS_BOT_TOKEN`, a key
# file's path): their value is what a user must be told to fix a missing secret.
_NAMES_A_PLACE = re.compile(r"(VARIABLE|_VAR|_FILE|_PATH|_LOCATION)$", re.I)
# `[scheme://]user:password@host:port`, one entry of a comma-separated bootstrap list.
_USERINFO = re.compile(
    r"^(?:[a-z][a-z0-9_+.-]*://)?(?P<userinfo>[^/@:]*:(?P<password>[^/@]*))@", re.IGNORECASE
)

_secrets: set[str] = set()


def remember(values: Iterable[str]) -> None:
    """Redact these values from now on (empty and too-short ones are ignored)."""
    _secrets.update(v for v in values if len(v) >= MIN_SECRET_LENGTH)


def remember_environment(env: Mapping[str, str]) -> None:
    """Redact the values of variables whose names mark them as secrets."""
    remember(
        value
        for name, value in env.items()
        if _SECRET_NAME.search(name) and not _NAMES_A_PLACE.search(name)
    )


def bootstrap_secrets(bootstrap: str) -> list[str]:
    """The passwords written into a bootstrap list, with their `user:password` (which also
    covers a password too short to redact on its own)."""
    found: list[str] = []
    for entry in bootstrap.split(","):
        match = _USERINFO.match(entry.strip())
        if match:
            found += [match["userinfo"], match["password"]]
    return found


def redact(text: str) -> str:
    """`text` with every remembered secret replaced by `[redacted]` (longest first, so a
    secret that contains another is replaced whole)."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingWriter:
    """A text stream that redacts what is written, then passes it to `stream`.

    Whole writes are redacted; ktb writes whole lines and documents, so a secret is never
    split across two writes.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text` redacted; returns the length of `text`, as callers expect."""
        self._stream.write(redact(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        # flush, isatty, encoding, fileno...: the stream's own.
        return getattr(self._stream, name)
