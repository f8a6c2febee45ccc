"""Where jars and state go: defaults, environment overrides, `--state-dir`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ktb_action.devkafka.errors import DevKafkaError
from ktb_action.devkafka.resolve import POM_PATH
from ktb_action.devkafka.settings import KAFKA_VERSION, settings_from_env

HOME = Path("/home/dev")


def test_defaults_put_jars_and_state_under_the_users_cache_outside_git() -> None:
    settings = settings_from_env({}, HOME)

    assert settings.libs_dir == Path(f"/home/dev/.cache/ktb-action/kafka-{KAFKA_VERSION}/libs")
    assert settings.state_dir == Path("/home/dev/.cache/ktb-action/broker")


def test_xdg_cache_home_moves_both_folders() -> None:
    settings = settings_from_env({"XDG_CACHE_HOME": "/xdg"}, HOME)

    assert settings.libs_dir == Path(f"/xdg/ktb-action/kafka-{KAFKA_VERSION}/libs")
    assert settings.state_dir == Path("/xdg/ktb-action/broker")


def test_ktb_kafka_cache_replaces_the_cache_root_and_keeps_the_version_folder() -> None:
    settings = settings_from_env({"KTB_DEVKAFKA_CACHE": "/jars"}, HOME, version="9.9.9")

    assert settings.libs_dir == Path("/jars/kafka-9.9.9/libs")


def test_state_dir_argument_beats_ktb_kafka_state_which_beats_the_default() -> None:
    env = {"KTB_DEVKAFKA_STATE": "/from-env"}

    assert settings_from_env(env, HOME).state_dir == Path("/from-env")
    assert settings_from_env(env, HOME, Path("/from-arg")).state_dir == Path("/from-arg")


def test_pom_default_version_is_the_python_pin() -> None:
    match = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", POM_PATH.read_text())

    assert match is not None
    assert match.group(1) == KAFKA_VERSION


def test_the_heap_is_512m_unless_ktb_kafka_heap_says_otherwise() -> None:
    assert settings_from_env({}, HOME).heap == "512m"
    assert settings_from_env({"KTB_DEVKAFKA_HEAP": "3G"}, HOME).heap == "3g"


@pytest.mark.parametrize("heap", ["3", "3gb", "0g", "128m", "-1g"])
def test_a_heap_the_broker_cannot_run_with_is_refused(heap: str) -> None:
    with pytest.raises(DevKafkaError) as raised:
        settings_from_env({"KTB_DEVKAFKA_HEAP": heap}, HOME)
    assert (raised.value.message, raised.value.hint) == (
        f"KTB_DEVKAFKA_HEAP={heap} is not a heap size the broker can run with",
        "write megabytes or gigabytes, at least 256m: `768m`, `3g`",
    )
