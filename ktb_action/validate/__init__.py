"""Validation: the JSON Schema check (`schema_check`) and the semantic rules (`rules`)."""
