"""The audit trail: one record per apply, its sinks, and reading it back (docs/audit.md)."""
