"""The platform HTTP client: retries with backoff, bounded, and errors that name the call."""

from __future__ import annotations

import pytest

from ktb_action.ci.http import ApiError, HttpClient, Retry
from tests.ci.conftest import Sleeps
from tests.fakes.server import ContractServer

TOKEN = "ghs_secret_token_value"
COMMENT = "/repos/octo/topics/issues/comments/1"


def _client(github: ContractServer, retry: Retry) -> HttpClient:
    return HttpClient(
        github.url, {"Authorization": f"Bearer {TOKEN}"}, service="GitHub", retry=retry
    )


def _patch(client: HttpClient) -> object:
    return client.request("PATCH", COMMENT, call="update plan comment", json={"body": "x"}).body


def test_server_errors_are_retried_with_exponential_backoff(
    github: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    github.answer("issues/update-comment", 502, {"message": "Bad Gateway"})
    github.answer("issues/update-comment", 503, {"message": "Unavailable"})
    body = _patch(_client(github, retry))
    assert body == github.example("issues/update-comment")
    assert sleeps == [1.0, 2.0]


def test_server_errors_stop_after_three_tries_with_an_error_naming_the_call(
    github: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    for _ in range(3):
        github.answer("issues/update-comment", 500, {"message": "Server Error"})
    with pytest.raises(ApiError) as caught:
        _patch(_client(github, retry))
    assert caught.value.message == (
        "GitHub API call `update plan comment` failed with HTTP 500: Server Error after 3 tries"
    )
    assert (caught.value.status, len(github.calls("issues/update-comment")), sleeps) == (
        500,
        3,
        [1.0, 2.0],
    )


def test_secondary_rate_limit_waits_as_long_as_retry_after_says(
    github: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    github.answer(
        "issues/update-comment",
        403,
        {"message": "You have exceeded a secondary rate limit"},
        {"retry-after": "7"},
    )
    _patch(_client(github, retry))
    assert sleeps == [7.0]


def test_rate_limit_with_no_remaining_requests_is_retried(
    github: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    github.answer(
        "issues/update-comment", 429, {"message": "rate limited"}, {"x-ratelimit-remaining": "0"}
    )
    _patch(_client(github, retry))
    assert sleeps == [1.0]


def test_forbidden_without_rate_limit_headers_fails_at_once_with_a_hint(
    github: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    github.answer(
        "issues/update-comment", 403, {"message": "Resource not accessible by integration"}
    )
    with pytest.raises(ApiError) as caught:
        _patch(_client(github, retry))
    assert (caught.value.message, caught.value.hint, sleeps) == (
        "GitHub API call `update plan comment` failed with HTTP 403: "
        "Resource not accessible by integration",
        "check that the token is set and has the permissions listed in docs/ci.md",
        [],
    )


def test_unprocessable_request_fails_at_once(
    github: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    github.answer("issues/update-comment", 422, {"message": "Validation Failed"})
    with pytest.raises(ApiError, match=r"HTTP 422: Validation Failed$"):
        _patch(_client(github, retry))
    assert sleeps == []


def test_unreachable_server_is_an_api_error_without_the_token(retry: Retry) -> None:
    client = HttpClient(
        "http://127.0.0.1:9", {"Authorization": f"Bearer {TOKEN}"}, service="GitHub", retry=retry
    )
    with pytest.raises(ApiError) as caught:
        _patch(client)
    assert caught.value.message == "GitHub API call `update plan comment` failed: ConnectionError"
    assert TOKEN not in str(caught.value)


def test_the_token_is_sent_as_a_header(github: ContractServer, retry: Retry) -> None:
    _patch(_client(github, retry))
    assert github.calls("issues/update-comment")[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_next_page_links_to_another_host_are_not_followed_with_the_token(
    github: ContractServer, retry: Retry
) -> None:
    github.answer(
        "issues/list-comments",
        200,
        [],
        {"Link": '<http://evil.example/repos/o/r/issues/1/comments?page=2>; rel="next"'},
    )
    with pytest.raises(ApiError) as caught:
        _client(github, retry).paginate("/repos/o/r/issues/1/comments", call="list comments")
    assert caught.value.message == (
        f"GitHub API call `list comments` returned a next-page link outside {github.url}; "
        "not followed"
    )
