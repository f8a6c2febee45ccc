"""Kafka Connect connectors as a kind: declared in JSON files, checked by the cluster's own
validator, created, updated key by key, paused, resumed, stopped and deleted over REST."""
