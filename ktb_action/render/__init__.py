"""Renderers: plans and diagnostics as text, markdown and JSON. They format, never decide."""
