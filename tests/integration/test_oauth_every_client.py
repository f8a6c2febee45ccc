"""One OAuth login for every client of a run: the client-quota client (kafka-python) logs in
on the dev broker's OAUTHBEARER listener with a token of the local issuer, and the HTTP clients
(Schema Registry, Connect) send the same token when their `bearer.auth.credentials.source` is
`SASL_OAUTHBEARER_INHERIT`. Tokens a server must refuse are one error naming the setting.

The Schema Registry is the local stand-in, here behind OAuth: it verifies the bearer token
against the issuer's key, audience and issuer. The Connect worker of the dev tooling validates
no bearer token (that takes a REST extension), so the Connect tests run against a local server
that records the request's headers and answers as Connect does: they show what ktb sends.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
)

from ktb_action import planning
from ktb_action.commands.options import open_servers
from ktb_action.connect.client import ConnectError, ConnectPort
from ktb_action.core.applier import Outcome
from ktb_action.core.plan import Address, Verb
from ktb_action.errors import ClusterError
from ktb_action.kafka.config import ClientConfig, ConnectionOptions, resolve_client_config
from ktb_action.kafka.quotas import open_quotas
from ktb_action.kafka.tokens import TokenSource, token_source
from ktb_action.kinds.quotas.values import QuotaEntity
from ktb_action.kinds.subjects.http import HttpRegistry, connection_from
from ktb_action.kinds.subjects.port import RegistryError
from ktb_action.pipeline import Loaded, Reading
from ktb_action.settings import Settings
from ktb_action.topology.model import Platform, Quota, Topology
from tests.fakes.schema_registry import fake_schema_registry
from tests.kafka_fixture import REQUEST_TIMEOUT_S, KafkaCluster, unique_name
from tests.oidc_issuer import Issuer, IssuerClient

pytestmark = pytest.mark.integration

INHERIT = "SASL_OAUTHBEARER_INHERIT"
SECRET = "client-secret-of-the-test"


def _properties(kafka: KafkaCluster, issuer: Issuer, client: IssuerClient, tmp_path: Path) -> Path:
    path = tmp_path / "oauth.properties"
    text = issuer.client_properties(kafka.info["oauth_bootstrap"], client, client.client_secret)
    path.write_text(text, encoding="utf-8")
    return path


def _tokens(
    kafka: KafkaCluster, issuer: Issuer, client: IssuerClient, tmp_path: Path
) -> TokenSource:
    properties = _properties(kafka, issuer, client, tmp_path)
    config = resolve_client_config(ConnectionOptions(client_config=properties), {})
    source = token_source(config.as_dict())
    assert source is not None
    return source


def _config(
    kafka: KafkaCluster, issuer: Issuer, client: IssuerClient, tmp_path: Path
) -> ClientConfig:
    properties = _properties(kafka, issuer, client, tmp_path)
    return resolve_client_config(ConnectionOptions(client_config=properties), {})


@pytest.fixture
def quota_operator(kafka: KafkaCluster, issuer: Issuer) -> Iterator[IssuerClient]:
    """An OAuth client whose token's subject may read and alter client quotas (and describe
    the cluster's ACLs, as every plan does); its grants are removed afterwards."""
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, unique_name("svc-quotas")))
    principal = f"User:{client.subject}"
    operations = (AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS)
    admin = AdminClient(kafka.admin_config)
    grants = [_on_cluster(AclBinding, principal, operation) for operation in operations]
    for future in admin.create_acls(grants).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    yield client
    grants_filter = [_on_cluster(AclBindingFilter, principal, op) for op in operations]
    for future in admin.delete_acls(grants_filter).values():
        future.result(timeout=REQUEST_TIMEOUT_S)


def _on_cluster(kind: type[Any], principal: str, operation: AclOperation) -> Any:
    return kind(
        ResourceType.BROKER, "kafka-cluster", ResourcePatternType.LITERAL,
        principal, "*", operation, AclPermissionType.ALLOW,
    )  # fmt: skip


def test_client_quotas_are_planned_and_applied_with_the_oidc_token(
    kafka: KafkaCluster,
    issuer: Issuer,
    quota_operator: IssuerClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = unique_name("quota-user")
    top = Topology(
        context=unique_name("oq"),
        platform=Platform(quotas=(Quota(principal=f"User:{user}", producer_byte_rate=4096.0),)),
    )
    options = ConnectionOptions(
        client_config=_properties(kafka, issuer, quota_operator, tmp_path), debug=True
    )
    servers = open_servers(options, tmp_path, write=True)
    loaded = Loaded(Settings(), Reading((top,), ()))
    try:
        plan = planning.make_plan(loaded, servers)
        quota = Address("quota", QuotaEntity.of(user=user).address)
        assert [(c.verb, c.address) for c in plan.changes] == [(Verb.CREATE, quota)]
        outcomes = [r.outcome for r in planning.apply(plan, servers).results]
        assert outcomes == [Outcome.SUCCEEDED]
        assert planning.make_plan(loaded, servers).changes == ()
    finally:
        with open_quotas(ClientConfig(kafka.admin_config)) as admin:
            admin.alter([(QuotaEntity.of(user=user), {"producer_byte_rate": None})])
        servers.close()
    mechanism = (
        f"SASL_PLAINTEXT, SASL OAUTHBEARER (OIDC client credentials of "
        f"`{quota_operator.client_id}` from {issuer.token_url})"
    )
    err = capsys.readouterr().err
    assert f"debug: authentication (client quotas): {mechanism}\n" in err
    assert SECRET not in err


@pytest.mark.parametrize("fault", ["wrong-key", "wrong-audience"])
def test_a_token_the_broker_refuses_stops_the_quota_client_naming_the_settings(
    kafka: KafkaCluster, issuer: Issuer, tmp_path: Path, fault: str
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, "svc", fault))
    config = _config(kafka, issuer, client, tmp_path)

    with pytest.raises(ClusterError) as raised:
        open_quotas(config, tokens=token_source(config.as_dict()))

    assert raised.value.message == (
        f"authentication failed for `{client.client_id}` at {kafka.info['oauth_bootstrap']} "
        'for client quotas (SASL OAUTHBEARER): {"status":"invalid_token"}'
    )
    assert "`sasl.oauthbearer.expected.audience`" in str(raised.value.hint)


def test_an_expired_token_stops_the_quota_client_naming_the_token_endpoint(
    kafka: KafkaCluster, issuer: Issuer, tmp_path: Path
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, "svc", "expired"))
    config = _config(kafka, issuer, client, tmp_path)

    with pytest.raises(ClusterError) as raised:
        open_quotas(config, tokens=token_source(config.as_dict()))

    assert raised.value.message.startswith(
        f"the OAuth token from {issuer.token_url} cannot be used: it expired at "
    )
    assert "`sasl.oauthbearer.token.endpoint.url`" in str(raised.value.hint)


def test_the_registry_gets_the_kafka_logins_token_when_it_inherits_it(
    kafka: KafkaCluster, issuer: Issuer, tmp_path: Path
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, unique_name("svc-sr")))
    registry = fake_schema_registry(issuer.verify)
    try:
        settings = {"url": registry.url, "bearer_auth_credentials_source": INHERIT}
        connection = connection_from(settings, {}, _tokens(kafka, issuer, client, tmp_path))
        assert connection is not None
        assert HttpRegistry(connection).latest_versions() == []
    finally:
        registry.stop()
    token = registry.requests[0].headers["authorization"].removeprefix("Bearer ")
    assert issuer.verify(token) is None
    assert jwt.decode(token, options={"verify_signature": False})["sub"] == client.subject
    assert registry.violations == []


@pytest.mark.parametrize("fault", ["wrong-key", "wrong-audience"])
def test_a_token_the_registry_refuses_is_an_error_naming_the_setting(
    kafka: KafkaCluster, issuer: Issuer, tmp_path: Path, fault: str
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, "svc", fault))
    registry = fake_schema_registry(issuer.verify)
    try:
        settings = {"url": registry.url, "bearer_auth_credentials_source": INHERIT}
        connection = connection_from(settings, {}, _tokens(kafka, issuer, client, tmp_path))
        assert connection is not None
        with pytest.raises(RegistryError) as raised:
            HttpRegistry(connection).latest_versions()
    finally:
        registry.stop()

    reason = "Signature verification failed" if fault == "wrong-key" else "Audience doesn't match"
    assert raised.value.message == (
        f"the Schema Registry answered 401 to GET /schemas: Unauthorized: {reason}"
    )
    assert f"`schema_registry.bearer_auth_credentials_source={INHERIT}`" in str(raised.value.hint)


class _RecordingConnect:
    """A local HTTP server answering as Connect does (`{}` for the connector list, or a queued
    status with Connect's error body), keeping each request's headers."""

    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []
        self.status = 200
        recording = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recording.headers.append({k.lower(): v for k, v in self.headers.items()})
                body: Any = {} if recording.status == 200 else {
                    "error_code": recording.status, "message": "Unauthorized"
                }  # fmt: skip
                data = json.dumps(body).encode()
                self.send_response(recording.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: `headers` is the log."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def recording_connect() -> Iterator[_RecordingConnect]:
    server = _RecordingConnect()
    yield server
    server.stop()


def test_connect_gets_the_kafka_logins_token_when_its_cluster_inherits_it(
    kafka: KafkaCluster, issuer: Issuer, tmp_path: Path, recording_connect: _RecordingConnect
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, unique_name("svc-cx")))
    env = {"KTB_CONNECT_MAIN_BEARER_AUTH_CREDENTIALS_SOURCE": INHERIT}
    tokens = _tokens(kafka, issuer, client, tmp_path)

    assert ConnectPort("main", recording_connect.url, env, tokens).read() == {}

    token = recording_connect.headers[0]["authorization"].removeprefix("Bearer ")
    assert issuer.verify(token) is None
    assert jwt.decode(token, options={"verify_signature": False})["sub"] == client.subject


def test_a_token_connect_refuses_is_an_error_naming_the_setting(
    kafka: KafkaCluster, issuer: Issuer, tmp_path: Path, recording_connect: _RecordingConnect
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, "svc", "wrong-audience"))
    env = {"KTB_CONNECT_MAIN_BEARER_AUTH_CREDENTIALS_SOURCE": INHERIT}
    port = ConnectPort("main", recording_connect.url, env, _tokens(kafka, issuer, client, tmp_path))
    recording_connect.status = 401

    with pytest.raises(ConnectError) as raised:
        port.read()

    assert raised.value.message == (
        "read connectors: the Connect cluster `main` answered 401: Unauthorized"
    )
    assert f"`KTB_CONNECT_MAIN_BEARER_AUTH_CREDENTIALS_SOURCE={INHERIT}`" in str(raised.value.hint)


@pytest.mark.parametrize("client_kind", ["registry", "connect"])
def test_an_expired_token_stops_the_http_clients_naming_the_token_endpoint(
    kafka: KafkaCluster,
    issuer: Issuer,
    tmp_path: Path,
    recording_connect: _RecordingConnect,
    client_kind: str,
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), SECRET, "svc", "expired"))
    tokens = _tokens(kafka, issuer, client, tmp_path)

    with pytest.raises(ClusterError) as raised:
        _read(client_kind, recording_connect.url, tokens)

    assert raised.value.message.startswith(
        f"the OAuth token from {issuer.token_url} cannot be used: it expired at "
    )
    assert recording_connect.headers == []


def _read(client_kind: str, url: str, tokens: TokenSource) -> None:
    """One read by the Schema Registry or Connect client, inheriting `tokens`."""
    if client_kind == "registry":
        settings = {"url": url, "bearer_auth_credentials_source": INHERIT}
        connection = connection_from(settings, {}, tokens)
        assert connection is not None
        HttpRegistry(connection).latest_versions()
    else:
        env = {"KTB_CONNECT_MAIN_BEARER_AUTH_CREDENTIALS_SOURCE": INHERIT}
        ConnectPort("main", url, env, tokens).read()
