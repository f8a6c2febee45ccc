"""Client quotas (Kafka's user / client-id quotas) as a resource kind."""
