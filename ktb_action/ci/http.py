"""One small HTTP client for the platform APIs: retries, backoff and error translation.

`requests` stays inside this module: callers get `Reply` values or an `ApiError` that names
the call that failed, never a `requests` exception and never a token.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from ktb_action import redact
from ktb_action.errors import KtbError

_TIMEOUT_SECONDS = 30.0
_MAX_DELAY_SECONDS = 60.0
_CREDENTIAL_HEADERS = frozenset({"authorization", "private-token", "job-token"})


class ApiError(KtbError):
    """A platform API call failed; `status` is the HTTP status, None when nothing came back."""

    def __init__(self, message: str, status: int | None, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


@dataclass(frozen=True)
class Retry:
    """How often and how patiently to retry; `sleep` is injectable so tests do not wait."""

    tries: int = 3
    base_delay: float = 2.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before attempt `attempt + 1`: the server's word, else exponential."""
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after), _MAX_DELAY_SECONDS)
        return min(self.base_delay * 2.0**attempt, _MAX_DELAY_SECONDS)


@dataclass(frozen=True)
class Reply:
    """A successful response: status, decoded JSON body (None if empty) and the next page."""

    status: int
    body: Any
    next_url: str | None = None


def _is_retryable(response: requests.Response) -> bool:
    if response.status_code >= 500:
        return True
    if response.status_code in (403, 429):
        # GitHub's secondary rate limits answer 403 or 429 with one of these headers; a plain
        # 403 (no permission) must not be retried.
        return (
            "retry-after" in response.headers
            or response.headers.get("x-ratelimit-remaining") == "0"
        )
    return False


def _api_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason or ""
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or response.reason or "")
    return response.reason or ""


class HttpClient:
    """Calls one API (`service` names it in errors) with fixed headers and bounded retries."""

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str],
        *,
        service: str,
        retry: Retry | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._service = service
        self._retry = retry or Retry()
        self._session = session or requests.Session()
        self._session.headers.update(headers)
        # Servers may echo a token in an error body: redact the credential headers' values,
        # and the bare token of `Authorization: Bearer <token>`.
        credentials = [v for k, v in headers.items() if k.lower() in _CREDENTIAL_HEADERS]
        redact.remember([*credentials, *(v.partition(" ")[2] for v in credentials)])

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        call: str,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
    ) -> Reply:
        """Send one request (retrying 5xx and rate limits); `call` names it in errors."""
        url = path_or_url if "://" in path_or_url else self._base_url + path_or_url
        for attempt in range(self._retry.tries):
            response = self._send(method, url, call, json, params)
            last_try = attempt == self._retry.tries - 1
            if response.ok:
                return _reply(response)
            if last_try or not _is_retryable(response):
                raise self._error(call, response, retried=attempt > 0)
            self._retry.sleep(self._retry.delay(attempt, response.headers.get("retry-after")))
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def paginate(
        self,
        path: str,
        *,
        call: str,
        params: Mapping[str, str | int] | None = None,
        in_body: bool = False,
    ) -> list[Any]:
        """Every item of a list endpoint, following `Link: <…>; rel="next"` headers, or with
        `in_body` pages like Bitbucket's (`{"values": […], "next": url}`)."""
        items: list[Any] = []
        reply = self.request("GET", path, call=call, params=params)
        while True:
            page: Any = reply.body or ({} if in_body else [])
            items.extend(page.get("values") or [] if in_body else page)
            next_url: str | None = page.get("next") if in_body else reply.next_url
            if next_url is None:
                return items
            if not next_url.startswith(self._base_url + "/"):
                # The token goes with every request: never follow a link to another host.
                raise ApiError(
                    f"{self._service} API call `{call}` returned a next-page link outside "
                    f"{self._base_url}; not followed",
                    None,
                )
            reply = self.request("GET", next_url, call=call)

    def _send(
        self,
        method: str,
        url: str,
        call: str,
        json: Any,
        params: Mapping[str, str | int] | None,
    ) -> requests.Response:
        try:
            return self._session.request(
                method, url, json=json, params=params, timeout=_TIMEOUT_SECONDS
            )
        except requests.RequestException as error:
            # The exception text may hold the URL but never the headers, so no token leaks.
            raise ApiError(
                f"{self._service} API call `{call}` failed: {type(error).__name__}", None
            ) from None

    def _error(self, call: str, response: requests.Response, *, retried: bool) -> ApiError:
        detail = _api_message(response)
        tries = f" after {self._retry.tries} tries" if retried else ""
        message = f"{self._service} API call `{call}` failed with HTTP {response.status_code}"
        if detail:
            message += f": {redact.redact(detail)}"
        return ApiError(message + tries, response.status_code, _hint(response.status_code))


def _reply(response: requests.Response) -> Reply:
    body = response.json() if response.content else None
    next_link = response.links.get("next", {}).get("url")
    return Reply(response.status_code, body, next_link)


def _hint(status: int) -> str | None:
    if status in (401, 403):
        return "check that the token is set and has the permissions listed in docs/ci.md"
    if status == 422:
        return "the platform rejected the request's content; please report this as a bug"
    return None
