"""Escaping user-written text for each place ktb prints it: one function per output format.

Topology authors write names, principals, config values and file names; a pull request can
put any character in them. Whatever reaches an output must read as the same text and never
be interpreted there, so every renderer passes user-written strings through the function of
its format:

- `escape_text`: terminals, job logs, and the plain-text fields of web UIs (SARIF messages,
  Code Quality descriptions, check-run annotations). Control characters are shown, never
  sent: ESC starts colour and cursor sequences, CR overwrites a line, a newline fakes a line
  of output; so are bidi controls, since U+202E reorders what a reviewer sees.
- `escape_markdown`: PR/MR comments and job summaries. As `escape_text`, and markdown
  syntax, HTML, mentions and line breaks are made literal.
- `escape_html_text`: inside the fixed HTML of a comment (`<summary>`); entities instead.
- `escape_workflow_data`, `escape_workflow_property`: GitHub workflow commands. As
  `escape_text`, then GitHub's percent-encoding, so no text can end a command or start one.
- `dumps_json`: JSON documents (ktb's JSON, SARIF, Code Quality). JSON's escaping keeps data
  exact for machines; bidi, C1 and line-separator characters are written as `\\uXXXX` so a
  file viewed in a terminal or editor is not reordered. Text fields people read in a web UI
  are passed through `escape_text` first by their renderer.

Shown characters use one notation: `\\n` and `\\r` for line breaks, `<U+XXXX>` for every
other control or bidi character. A tab is kept: it is harmless and aligns source excerpts.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

# C0 controls but tab, DEL, C1 controls; the Unicode bidi controls (Trojan Source,
# CVE-2021-42574) and the line/paragraph separators some viewers break lines at.
_CONTROLS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SHOWN = {"\n": "\\n", "\r": "\\r"}
# JSON escaping handles C0; the rest of the set above may only appear inside JSON strings,
# where `\\uXXXX` decodes to the very same character.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that can
# start or end formatting, links, images, HTML, headings, table cells or entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|!~&])")
# A zero-width joiner after `@` keeps the text readable but stops both platforms from
# linking (and notifying) a user or team; a backslash is not honoured before `@` everywhere.
_MENTION = "@\u200d"

# GitHub's encoding is `%`, CR and LF (plus `:` and `,` in properties); CR and LF never get
# here, `escape_text` has shown them. `%` first, so later escapes are not escaped again.
_WORKFLOW_DATA = (("%", "%25"),)
_WORKFLOW_PROPERTY = (*_WORKFLOW_DATA, (":", "%3A"), (",", "%2C"))


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return _SHOWN.get(char) or f"<U+{ord(char):04X}>"


def escape_text(text: str) -> str:
    """`text` on one line with every control and bidi character shown (`\\n`, `<U+202E>`)."""
    return _CONTROLS.sub(_shown, text)


def _markdown_line(text: str) -> str:
    # Line breaks become spaces: a comment line must stay one list item or table cell.
    return escape_text(text.replace("\r\n", " ").replace("\r", " ").replace("\n", " "))


def escape_markdown(text: str) -> str:
    """`text` as literal markdown inline text, on one line: never formatting, a link, an
    image, raw HTML, a table cell break, an @mention or a hidden control character."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _markdown_line(text))
    return escaped.replace("@", _MENTION)


def escape_html_text(text: str) -> str:
    """`text` for inside the fixed HTML of a comment (`<summary>…</summary>`): markdown is
    not read there, so entities, not backslashes, keep it literal."""
    return html.escape(_markdown_line(text), quote=True).replace("@", _MENTION)


def escape_workflow_data(text: str) -> str:
    """`text` as the message of a GitHub workflow command (after the second `::`)."""
    return _percent(escape_text(text), _WORKFLOW_DATA)


def escape_workflow_property(text: str) -> str:
    """`text` as a property value of a workflow command (`file=…,title=…`)."""
    return _percent(escape_text(text), _WORKFLOW_PROPERTY)


def _percent(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for raw, encoded in escapes:
        text = text.replace(raw, encoded)
    return text


def dumps_json(document: Any) -> str:
    """`document` as indented JSON text with a final newline, its strings exact when decoded
    but with no bidi, C1 or line-separator character written raw."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
