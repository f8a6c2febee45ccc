"""The Kafka Connect adapter: its REST API behind a typed port; nothing outside it sees
`requests`."""
