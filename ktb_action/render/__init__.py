"""Renderers: pure functions from values (diagnostics, plans) to the text of one format.

Diagnostics: `diagnostics_text` (terminal), `diagnostics_json`, `diagnostics_sarif` (code
scanning), `diagnostics_github` (workflow commands), `diagnostics_gitlab` (Code Quality).
Plans: `plan_text`, `plan_markdown` (PR/MR comments), `plan_json`.
"""
