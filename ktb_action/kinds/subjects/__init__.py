"""Schema Registry subjects: a kind, and its HTTP adapter to the registry."""
