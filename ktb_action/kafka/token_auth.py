"""HTTP clients (Schema Registry, Kafka Connect) sending the Kafka login's OAuth token."""

from __future__ import annotations

import requests

from ktb_action.kafka.tokens import TokenSource


class BearerAuth(requests.auth.AuthBase):
    """`requests` authentication that sends the source's current token as a bearer token."""

    def __init__(self, source: TokenSource) -> None:
        self.source = source

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.source.token()}"
        return request
