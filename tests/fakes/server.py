"""A local HTTP server that checks every request against a contract and answers from it.

The platform fakes (`github_api`, `gitlab_api`) only describe their contract as a list of
`Operation`s; matching, validation, recording and canned answers live here once.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# Checks one part of a request; returns the problems found (empty when it is valid).
Check = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Operation:
    """One documented endpoint: how to match it, how to check it, what it answers."""

    operation_id: str
    method: str
    template: str
    """The documented path, e.g. `/repos/{owner}/{repo}/check-runs`."""
    check_path: Check
    check_query: Check
    check_body: Check | None
    """None when the operation takes no body."""
    status: int
    example: Any

    @property
    def pattern(self) -> re.Pattern[str]:
        """The path template as a regex with one named group per parameter."""
        regex = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        return re.compile(f"^{regex}$")


@dataclass(frozen=True)
class Recorded:
    """A request as the fake received it."""

    operation_id: str
    method: str
    path: str
    path_params: dict[str, str]
    query: dict[str, str]
    body: Any
    headers: dict[str, str]


@dataclass(frozen=True)
class Hold:
    """A request kept waiting: `reached` is set once it arrived (the client is then certainly
    waiting for its answer), and it is neither answered nor acted on until `release` is set."""

    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class Answer:
    """A queued answer that replaces the documented example for one request."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class ContractServer:
    """Serves `operations` on 127.0.0.1 (a free port); see `requests` and `violations`."""

    def __init__(
        self,
        operations: list[Operation],
        base_path: str = "",
        respond: Callable[[Recorded], Answer | None] | None = None,
    ) -> None:
        self._operations = operations
        self._base_path = base_path
        self._respond = respond
        """A stateful server's answer to a valid request (None: the documented example)."""
        self._answers: dict[str, deque[Answer]] = defaultdict(deque)
        self._holds: dict[str, Hold] = {}
        self._lock = threading.Lock()
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL to give the client under test."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self._base_path}"

    def start(self) -> ContractServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ContractServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def example(self, operation_id: str) -> Any:
        """A fresh copy of the operation's documented response example."""
        return json.loads(json.dumps(self._operation(operation_id).example))

    def answer(
        self,
        operation_id: str,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Queue an answer for the next request to `operation_id` (FIFO, once each)."""
        self._operation(operation_id)  # an undocumented operation is a test bug
        self._answers[operation_id].append(Answer(status, body, headers or {}))

    def hold(self, operation_id: str) -> Hold:
        """Keep the next request to `operation_id` waiting until the hold is released."""
        self._operation(operation_id)  # an undocumented operation is a test bug
        held = self._holds[operation_id] = Hold()
        return held

    def calls(self, operation_id: str) -> list[Recorded]:
        """The recorded requests to one operation, in order."""
        return [r for r in self.requests if r.operation_id == operation_id]

    def _operation(self, operation_id: str) -> Operation:
        for operation in self._operations:
            if operation.operation_id == operation_id:
                return operation
        raise KeyError(f"no operation `{operation_id}` in the contract")

    def _handle(self, method: str, raw_path: str, headers: dict[str, str], raw: bytes) -> Answer:
        parts = urlsplit(raw_path)
        path = parts.path.removeprefix(self._base_path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        for operation in self._operations:
            match = operation.pattern.match(path)
            if operation.method != method or match is None:
                continue
            body = json.loads(raw) if raw else None
            problems = self._check(operation, match.groupdict(), query, body)
            recorded = Recorded(
                operation.operation_id, method, path, match.groupdict(), query, body, headers
            )
            with self._lock:
                self.requests.append(recorded)
                self.violations.extend(f"{operation.operation_id}: {p}" for p in problems)
                if problems:
                    return Answer(400, {"message": "; ".join(problems)})
                held = self._holds.pop(operation.operation_id, None)
            if held is not None:
                held.reached.set()
                held.release.wait(timeout=120)
            with self._lock:
                queued = self._answers[operation.operation_id]
                if queued:
                    return queued.popleft()
                answer = None if self._respond is None else self._respond(recorded)
            return answer or Answer(operation.status, operation.example)
        with self._lock:
            self.violations.append(f"undocumented endpoint: {method} {path}")
        return Answer(404, {"message": "Not Found"})

    @staticmethod
    def _check(
        operation: Operation, path_params: dict[str, str], query: dict[str, str], body: Any
    ) -> list[str]:
        problems = operation.check_path(path_params) + operation.check_query(query)
        if operation.check_body is None:
            if body is not None:
                problems.append("this operation takes no request body")
        elif body is None:
            problems.append("the request body is missing")
        else:
            problems += operation.check_body(body)
        return problems

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                answer = fake._handle(self.command, self.path, headers, raw)
                payload = b"" if answer.body is None else json.dumps(answer.body).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the recorded requests are the log."""

        # http.server dispatches on `do_<METHOD>`; every method is served the same way.
        for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
            setattr(Handler, f"do_{method}", Handler._serve)
        return Handler
