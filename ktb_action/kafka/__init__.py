"""The Kafka adapter: client configuration, batched reads, writes. The only code that talks
to a cluster; confluent-kafka errors are translated into ktb errors here."""
