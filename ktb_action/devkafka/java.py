"""Find a Java runtime new enough for Kafka 4.x (17+) and say clearly when there is none."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from ktb_action.devkafka.errors import DevKafkaError

MIN_JAVA: Final = 17
_VERSION = re.compile(r'version "(?P<version>[^"]+)"')
_INSTALL_HINT: Final = "install a JDK 17 or newer (e.g. `apt-get install openjdk-17-jre-headless`)"


def parse_java_major(version_output: str) -> int | None:
    """The major version from `java -version` output (`"1.8.0_402"` is 8, `"17.0.15"` is 17)."""
    match = _VERSION.search(version_output)
    if match is None:
        return None
    parts = match.group("version").split(".")
    # Java 8 and older called themselves 1.x.
    major = parts[1] if parts[0] == "1" and len(parts) > 1 else parts[0]
    digits = re.match(r"\d+", major)
    return int(digits.group()) if digits else None


def find_java(env: Mapping[str, str]) -> str:
    """`$JAVA_HOME/bin/java` when set (users point it at the JDK they want), else `java`."""
    java_home = env.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise DevKafkaError("`java` not found, Apache Kafka 4.x needs Java 17+", _INSTALL_HINT)
    return found


def require_java(env: Mapping[str, str]) -> str:
    """The path of a Java 17+ executable, or a `DevKafkaError` naming what was found."""
    java = find_java(env)
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DevKafkaError(f"`{java} -version` failed: {error}", _INSTALL_HINT) from error
    # `java -version` writes to stderr; some wrappers use stdout.
    major = parse_java_major(done.stderr + done.stdout)
    if major is None:
        raise DevKafkaError(f"cannot tell the version of `{java}`", _INSTALL_HINT)
    if major < MIN_JAVA:
        raise DevKafkaError(
            f"`{java}` is Java {major}, Apache Kafka 4.x needs Java {MIN_JAVA}+",
            f"{_INSTALL_HINT}, or set `JAVA_HOME` to one",
        )
    return java
