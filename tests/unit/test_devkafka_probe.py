"""The dev broker probe answers yes or no, and nothing else."""

from __future__ import annotations

import socket

import pytest

from ktb_action.devkafka.probe import answers


def test_a_broker_that_is_not_there_is_a_quiet_no(capfd: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    assert not answers({"bootstrap.servers": f"127.0.0.1:{port}"}, 0.5)
    assert capfd.readouterr() == ("", "")
