"""Client configuration: Java-style `.properties` files and `KTB_KAFKA_*` variables, translated
to librdkafka settings.

Users of the Java tools already have a client `.properties` file; we read it as it is rather
than asking for a second format. Secrets never leave this module in clear text: the config
prints itself redacted, and errors name properties, never their values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ktb_action import redact
from ktb_action.errors import UsageError
from ktb_action.kafka import msk_iam, oauthbearer
from ktb_action.kafka.keystores import STORE_PASSWORDS, STORE_PROPERTIES, tls_settings

ENV_PREFIX = "KTB_KAFKA_"
REDACTED = redact.REDACTED

# Java property -> librdkafka property, for those whose value passes through unchanged.
_SAME_MEANING = {
    "bootstrap.servers": "bootstrap.servers",
    "security.protocol": "security.protocol",
    "sasl.mechanism": "sasl.mechanism",
    "client.id": "client.id",
    "sasl.kerberos.service.name": "sasl.kerberos.service.name",
    "socket.connection.setup.timeout.ms": "socket.connection.setup.timeout.ms",
    "reconnect.backoff.ms": "reconnect.backoff.ms",
    "reconnect.backoff.max.ms": "reconnect.backoff.max.ms",
    "retry.backoff.ms": "retry.backoff.ms",
    "metadata.max.age.ms": "metadata.max.age.ms",
    "connections.max.idle.ms": "connections.max.idle.ms",
}

# librdkafka properties accepted from KTB_KAFKA_* variables (and produced by translation).
LIBRDKAFKA_PROPERTIES = frozenset(
    {
        *_SAME_MEANING.values(),
        "ssl.key.password",
        "sasl.username",
        "sasl.password",
        "ssl.ca.location",
        "ssl.certificate.location",
        "ssl.key.location",
        "ssl.endpoint.identification.algorithm",
        "enable.ssl.certificate.verification",
        "socket.timeout.ms",
        "debug",
        *oauthbearer.LIBRDKAFKA_PROPERTIES,
        "sasl.oauthbearer.config",
    }
)

_SECURITY_PROTOCOLS = frozenset({"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"})
_SASL_MECHANISMS = frozenset({"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "GSSAPI", "OAUTHBEARER"})
_LOGIN_MODULES = {
    "org.apache.kafka.common.security.plain.PlainLoginModule": {"PLAIN"},
    "org.apache.kafka.common.security.scram.ScramLoginModule": {"SCRAM-SHA-256", "SCRAM-SHA-512"},
    oauthbearer.LOGIN_MODULE: {"OAUTHBEARER"},
    msk_iam.LOGIN_MODULE: {msk_iam.MECHANISM},
}
# Java properties read together with others, never translated on their own.
_JAVA_ONLY = frozenset({"sasl.jaas.config", msk_iam.CLIENT_HANDLER, *oauthbearer.JAVA_PROPERTIES})
_JAAS = re.compile(r"^\s*(?P<module>[\w.$]+)\s+required\b(?P<options>.*?);?\s*$", re.DOTALL)
_JAAS_OPTION = re.compile(r'(?P<key>\w+)\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s;]+))')


def is_secret(name: str) -> bool:
    """Whether a property holds a secret that must never be printed."""
    return any(word in name for word in ("password", "secret", "jaas"))


@dataclass(frozen=True)
class ClientConfig:
    """A librdkafka configuration whose text form never shows a secret."""

    settings: Mapping[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, str]:
        """The settings for confluent-kafka's constructors (the only place secrets go)."""
        return dict(self.settings)

    def redacted(self) -> dict[str, str]:
        """The settings with every secret replaced, safe for logs and messages."""
        return {k: (REDACTED if is_secret(k) else v) for k, v in sorted(self.settings.items())}

    def __repr__(self) -> str:
        return f"ClientConfig({self.redacted()!r})"

    __str__ = __repr__


@dataclass(frozen=True)
class ConnectionOptions:
    """What the command line says about the connection, before files and env are read."""

    bootstrap_servers: str | None = None
    client_config: Path | None = None
    debug: bool = False


def parse_properties(text: str) -> dict[str, str]:
    """Parse a Java `.properties` file: `key=value` or `key: value`, `#`/`!` comments,
    backslash line continuations and escapes, as `java.util.Properties.load` does."""
    result: dict[str, str] = {}
    logical = ""
    for raw in text.splitlines():
        line = raw.lstrip()
        if not logical and (not line or line[0] in "#!"):
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            logical += line[:-1]
            continue
        logical += line
        key, value = _split_property(logical)
        result[key] = value
        logical = ""
    if logical:
        key, value = _split_property(logical)
        result[key] = value
    return result


def _split_property(line: str) -> tuple[str, str]:
    i = 0
    while i < len(line):
        char = line[i]
        if char == "\\":
            i += 2
            continue
        if char in "=: \t":
            break
        i += 1
    key = line[:i]
    rest = line[i:].lstrip(" \t")
    if rest[:1] in ("=", ":"):
        rest = rest[1:].lstrip(" \t")
    return _unescape(key), _unescape(rest)


def _unescape(text: str) -> str:
    return re.sub(
        r"\\(u[0-9a-fA-F]{4}|.)",
        lambda m: (
            chr(int(m.group(1)[1:], 16))
            if m.group(1).startswith("u") and len(m.group(1)) == 5
            else {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(m.group(1), m.group(1))
        ),
        text,
    )


def translate_properties(props: Mapping[str, str], origin: str) -> dict[str, str]:
    """Translate Java client properties into librdkafka settings.

    JKS and PKCS12 stores are read here and written as private PEM files (see `keystores`).
    Raises `UsageError` naming the first property that is unknown or cannot be translated.
    """
    out: dict[str, str] = {}
    for name, value in props.items():
        if name in _SAME_MEANING:
            out[_SAME_MEANING[name]] = value
        elif name == "sasl.jaas.config":
            out.update(_translate_jaas(value, props, origin))
        elif name == "sasl.mechanism" and value.upper() == msk_iam.MECHANISM:
            continue  # the IAMLoginModule entry makes it OAUTHBEARER with the MSK signer
        elif name in STORE_PROPERTIES or name in _JAVA_ONLY:
            continue  # translated with what they go with: the store, the JAAS entry
        elif name == "ssl.endpoint.identification.algorithm":
            out[name] = "https" if value.lower() == "https" else "none"
        else:
            raise UsageError(
                f"{origin}: unknown or untranslatable client property `{name}`",
                hint="supported: "
                + ", ".join(sorted({*_SAME_MEANING, *STORE_PROPERTIES, *_JAVA_ONLY}))
                + f"; or set a librdkafka property with {ENV_PREFIX}<NAME>",
            )
    out.update(tls_settings(props, origin))
    if props.get("sasl.mechanism", "").upper() == msk_iam.MECHANISM and not msk_iam.is_msk_iam(out):
        raise UsageError(
            f"{origin}: `sasl.mechanism={msk_iam.MECHANISM}` needs `sasl.jaas.config` with "
            "IAMLoginModule",
            hint=f"set `sasl.jaas.config={msk_iam.LOGIN_MODULE} required;`",
        )
    _check_values(out, origin)
    return out


def _translate_jaas(value: str, props: Mapping[str, str], origin: str) -> dict[str, str]:
    mechanism = props.get("sasl.mechanism", "PLAIN")
    match = _JAAS.match(value)
    if match is None:
        raise UsageError(
            f"{origin}: `sasl.jaas.config` is not a JAAS entry",
            hint='write it as `<LoginModule> required username="…" password="…";`',
        )
    module = match.group("module")
    mechanisms = _LOGIN_MODULES.get(module)
    if mechanisms is None:
        raise UsageError(
            f"{origin}: `sasl.jaas.config` uses `{module}`, which ktb cannot translate",
            hint="use PlainLoginModule (PLAIN), ScramLoginModule (SCRAM-SHA-256/512) or "
            "OAuthBearerLoginModule (OAUTHBEARER, OIDC) or IAMLoginModule (AWS_MSK_IAM)",
        )
    if mechanism.upper() not in mechanisms:
        short = module.rsplit(".", 1)[-1]
        raise UsageError(
            f"{origin}: `sasl.mechanism={mechanism}` does not go with `{short}`",
            hint="set `sasl.mechanism` to " + " or ".join(sorted(mechanisms)),
        )
    options = {
        m.group("key"): (
            _unescape(m.group("quoted")) if m.group("quoted") is not None else m.group("bare")
        )
        for m in _JAAS_OPTION.finditer(match.group("options"))
    }
    if module == oauthbearer.LOGIN_MODULE:
        return oauthbearer.oidc_settings(props, options, origin)
    if module == msk_iam.LOGIN_MODULE:
        return msk_iam.msk_settings(props, options, origin)
    missing = [k for k in ("username", "password") if k not in options]
    if missing:
        raise UsageError(
            f"{origin}: `sasl.jaas.config` has no `{missing[0]}`",
            hint='add `username="…" password="…"` to the JAAS entry',
        )
    return {"sasl.username": options["username"], "sasl.password": options["password"]}


def _check_values(settings: Mapping[str, str], origin: str) -> None:
    protocol = settings.get("security.protocol")
    if protocol is not None and protocol.upper() not in _SECURITY_PROTOCOLS:
        raise UsageError(
            f"{origin}: `security.protocol` is `{protocol}`",
            hint="use one of " + ", ".join(sorted(_SECURITY_PROTOCOLS)),
        )
    mechanism = settings.get("sasl.mechanism")
    if mechanism is not None and mechanism.upper() not in _SASL_MECHANISMS:
        raise UsageError(
            f"{origin}: `sasl.mechanism` is `{mechanism}`",
            hint="use one of " + ", ".join(sorted(_SASL_MECHANISMS)),
        )


def _env_name(key: str) -> str:
    return key[len(ENV_PREFIX) :].lower().replace("_", ".")


def store_passwords(env: Mapping[str, str]) -> dict[str, str]:
    """Java store passwords from `KTB_KAFKA_SSL_{KEYSTORE,TRUSTSTORE,KEY}_PASSWORD`: they
    open the stores of the properties file, so a pipeline keeps them out of the file."""
    return {
        _env_name(key): value
        for key, value in env.items()
        if key.startswith(ENV_PREFIX) and _env_name(key) in STORE_PASSWORDS
    }


def env_overrides(env: Mapping[str, str]) -> dict[str, str]:
    """librdkafka settings from `KTB_KAFKA_<NAME>` variables (`_` in NAME becomes `.`).

    Java store passwords are no librdkafka settings: `store_passwords` reads those."""
    out: dict[str, str] = {}
    for key, value in env.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = _env_name(key)
        if name in STORE_PASSWORDS and name not in LIBRDKAFKA_PROPERTIES:
            continue
        if name not in LIBRDKAFKA_PROPERTIES:
            raise UsageError(
                f"environment variable `{key}` names no supported client setting (`{name}`)",
                hint="supported: " + ", ".join(sorted({*LIBRDKAFKA_PROPERTIES, *STORE_PASSWORDS})),
            )
        out[name] = value
    return out


def resolve_client_config(options: ConnectionOptions, env: Mapping[str, str]) -> ClientConfig:
    """Combine the properties file, `KTB_KAFKA_*` variables (which override it) and
    `--bootstrap-servers` (which overrides both) into one librdkafka configuration."""
    settings: dict[str, str] = {}
    if options.client_config is not None:
        path = options.client_config
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise UsageError(
                f"cannot read client config `{path}`: {error.strerror}",
                hint="pass an existing .properties file to --client-config",
            ) from None
        props = parse_properties(text) | store_passwords(env)
        settings.update(translate_properties(props, str(path)))
    settings.update(env_overrides(env))
    _check_values(settings, "environment")
    if options.bootstrap_servers:
        settings["bootstrap.servers"] = options.bootstrap_servers
    if not settings.get("bootstrap.servers"):
        raise UsageError(
            "no Kafka bootstrap servers given",
            hint="pass --bootstrap-servers, set KTB_BOOTSTRAP_SERVERS, or put "
            "`bootstrap.servers` in the --client-config file",
        )
    redact.remember(v for k, v in settings.items() if is_secret(k))
    redact.remember(redact.bootstrap_secrets(settings["bootstrap.servers"]))
    return ClientConfig(settings)
