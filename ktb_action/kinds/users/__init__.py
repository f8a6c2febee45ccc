"""SCRAM users: the credentials ktb creates, updates and deletes on a Kafka cluster."""
