"""Where the plan's markdown renderer imports its escaping from, until the plan renderers
move to `ktb_action.render.escape` (the one module of escaping functions) themselves."""

from __future__ import annotations

from ktb_action.render.escape import escape_html_text, escape_markdown

__all__ = ["escape_html_text", "escape_markdown"]
