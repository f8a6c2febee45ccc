"""Escaping user-written text for GitHub and GitLab markdown (PR/MR comments).

Everything a topology author wrote (names, principals, reasons quoting them) goes through
`escape_markdown` before it reaches a comment: it must read as the same text, never as
formatting, a link, an image, raw HTML, a table cell break or an @mention.
"""

from __future__ import annotations

import html
import re

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that can
# start or end formatting, links, images, HTML, headings, table cells or entities.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|!~&])")
_NEWLINES = re.compile(r"\r\n|\r|\n")
# A zero-width joiner after `@` keeps the text readable but stops both platforms from
# linking (and notifying) a user or team; a backslash is not honoured before `@` everywhere.
_MENTION = "@\u200d"


def escape_markdown(text: str) -> str:
    """`text` as literal markdown inline text, on one line."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    escaped = escaped.replace("@", _MENTION)
    return _NEWLINES.sub(" ", escaped)


def escape_html_text(text: str) -> str:
    """`text` for inside the fixed HTML of a comment (`<summary>…</summary>`): markdown is
    not read there, so entities, not backslashes, keep it literal."""
    escaped = html.escape(text, quote=True).replace("@", _MENTION)
    return _NEWLINES.sub(" ", escaped)
