"""Reading the Java major version from `java -version`."""

from __future__ import annotations

import pytest

from ktb_action.devkafka.java import parse_java_major


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_402"\nJava(TM) SE Runtime Environment', 8),
        ('openjdk version "11.0.2-ea" 2019-01-15', 11),
        ('openjdk version "25-ea" 2025-09-16', 25),
        ("command not found", None),
    ],
)
def test_parse_java_major_reads_the_quoted_version(output: str, major: int | None) -> None:
    assert parse_java_major(output) == major
