"""Resolve the official Apache Kafka jars with Maven into a cache folder, once.

A marker file listing the jars is written only after Maven succeeded and the folder is in
place, so a later run can trust a folder with a marker and skip Maven (and the network)
entirely, while a folder left half-done by an interrupted run is redone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Final

from ktb_action.devkafka.errors import DevKafkaError
from ktb_action.devkafka.locking import file_lock
from ktb_action.devkafka.settings import Settings

MARKER_NAME: Final = ".ktb-complete"
POM_PATH: Final = Path(__file__).with_name("pom.xml")
MAVEN_TIMEOUT_S: Final = 900
_OUTPUT_TAIL_LINES: Final = 30

Progress = Callable[[str], None]


def jar_names(libs_dir: Path) -> list[str]:
    """The jar file names in a folder, sorted so that a marker's text is stable."""
    return sorted(path.name for path in libs_dir.glob("*.jar"))


def write_marker(libs_dir: Path) -> None:
    """Record the jars of a finished resolution, one name per line."""
    names = jar_names(libs_dir)
    if not names:
        raise DevKafkaError(f"Maven produced no jars in `{libs_dir}`")
    (libs_dir / MARKER_NAME).write_text("".join(f"{name}\n" for name in names))


def libs_complete(libs_dir: Path) -> bool:
    """Whether the folder has a marker and every jar the marker lists is still there."""
    marker = libs_dir / MARKER_NAME
    if not marker.is_file():
        return False
    names = marker.read_text().split()
    return bool(names) and all((libs_dir / name).is_file() for name in names)


def maven_command(mvn: str, pom: Path, version: str, output_dir: Path) -> list[str]:
    """The Maven call that copies Kafka and its runtime dependencies into `output_dir`."""
    return [
        mvn,
        "-q",
        "-B",
        "-f",
        str(pom),
        "dependency:copy-dependencies",
        f"-Dkafka.version={version}",
        f"-DoutputDirectory={output_dir}",
        "-DincludeScope=runtime",
    ]


def ensure_libs(settings: Settings, progress: Progress) -> Path:
    """The folder of jars for `settings.version`, running Maven only if it is not complete."""
    return ensure_jars(settings.libs_dir, POM_PATH, settings.version, progress)


def ensure_jars(libs_dir: Path, pom: Path, version: str, progress: Progress) -> Path:
    """The folder of the jars `pom` resolves at `version`, running Maven only if needed."""
    if libs_complete(libs_dir):
        return libs_dir
    # Several state folders (or checkouts) may share the cache: one Maven at a time.
    with file_lock(libs_dir.with_name(".lock")):
        if not libs_complete(libs_dir):
            _resolve(pom, version, libs_dir, progress)
    return libs_dir


def _resolve(pom: Path, version: str, libs_dir: Path, progress: Progress) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise DevKafkaError(
            f"`mvn` not found, and the Apache Kafka {version} jars are not cached yet",
            f"install Maven 3.6+ (e.g. `apt-get install maven`); jars go to `{libs_dir}`",
        )
    progress(f"resolving Apache Kafka {version} jars with Maven into {libs_dir}")
    # Resolve beside the target and rename into place, so that an interrupted run never
    # leaves a half-filled libs folder behind.
    staging = libs_dir.with_name(f"{libs_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        _run_maven(maven_command(mvn, pom, version, staging))
        write_marker(staging)
        # An incomplete folder is the leftover of a run interrupted before the marker.
        shutil.rmtree(libs_dir, ignore_errors=True)
        staging.rename(libs_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run_maven(command: list[str]) -> None:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=MAVEN_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise DevKafkaError(f"Maven did not finish within {MAVEN_TIMEOUT_S}s") from error
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-_OUTPUT_TAIL_LINES:])
        raise DevKafkaError(
            f"Maven could not resolve the Apache Kafka jars (exit {done.returncode}):\n{tail}",
            "check that Maven Central (or your mirror in ~/.m2/settings.xml) is reachable",
        )
