"""Topics: created with their partitions, replication and configs, altered, deleted."""
