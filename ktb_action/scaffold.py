"""What `ktb init` writes for each CI platform: the repository's own tested examples (the
wheel force-includes them under `ktb_action/_scaffold/`) and a few small generated files.

Pure: `scaffold(platform)` returns the files and their text; the command writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


class Platform(StrEnum):
    """The CI platforms `ktb init` writes pipelines for."""

    GITHUB = "github"
    GITLAB = "gitlab"
    BITBUCKET = "bitbucket"
    JENKINS = "jenkins"


@dataclass(frozen=True, slots=True)
class Example:
    """A file of the repository copied as it is: where it is in a checkout, in the wheel
    (below `_scaffold/`), and where `ktb init` writes it."""

    checkout: str
    installed: str
    target: str


_TOPOLOGY = (
    Example("examples/topology/payments.yaml", "payments.yaml", "topologies/payments.yaml"),
    # The example declares a connector whose config is this file, next to the topology.
    Example(
        "examples/topology/connectors/ledger-entries-source.json",
        "connectors/ledger-entries-source.json",
        "topologies/connectors/ledger-entries-source.json",
    ),
)
_GITHUB = tuple(
    Example(f".github/workflows/examples/{name}", f"github/{name}", f".github/workflows/{name}")
    for name in ("ktb-plan.yml", "ktb-apply.yml", "ktb-drift.yml")
)
EXAMPLES: dict[Platform, tuple[Example, ...]] = {
    Platform.GITHUB: _GITHUB,
    Platform.GITLAB: (
        Example("examples/gitlab/.gitlab-ci.yml", "gitlab/.gitlab-ci.yml", ".gitlab-ci.yml"),
    ),
    Platform.BITBUCKET: (
        Example(
            "examples/bitbucket/bitbucket-pipelines.yml",
            "bitbucket/bitbucket-pipelines.yml",
            "bitbucket-pipelines.yml",
        ),
    ),
    Platform.JENKINS: (
        Example("examples/jenkins/Jenkinsfile", "jenkins/Jenkinsfile", "Jenkinsfile"),
    ),
}
"""The pipeline files of each platform (plan, apply, drift)."""

SECRETS: dict[Platform, tuple[str, ...]] = {
    Platform.GITHUB: (
        "variable KAFKA_BOOTSTRAP_SERVERS (Settings > Secrets and variables > Actions)",
        "secrets KAFKA_PLAN_USERNAME, KAFKA_PLAN_PASSWORD (read-only Kafka user)",
        "secrets KAFKA_APPLY_USERNAME, KAFKA_APPLY_PASSWORD (the Kafka user that applies)",
    ),
    Platform.GITLAB: (
        "KAFKA_BOOTSTRAP_SERVERS (Settings > CI/CD > Variables)",
        "KTB_KAFKA_SASL_USERNAME, KTB_KAFKA_SASL_PASSWORD (masked, protected)",
        "KTB_GITLAB_TOKEN (project access token, scope `api`; masked, not protected)",
    ),
    Platform.BITBUCKET: (
        "KAFKA_BOOTSTRAP_SERVERS (Repository settings > Repository variables)",
        "KTB_KAFKA_SASL_USERNAME, KTB_KAFKA_SASL_PASSWORD (secured)",
    ),
    Platform.JENKINS: (
        "credentials `kafka-apply` (username with password: the Kafka user)",
        "credentials `ktb-github-token` (secret text: a GitHub token for comments)",
        "KTB_REPO and KAFKA_BOOTSTRAP_SERVERS in the Jenkinsfile's environment",
    ),
}
"""What to configure on the platform before the first run (names only, never values)."""

KTB_YAML = """\
# Settings of ktb (https://github.com/example-org/ktb-action/blob/main/docs/settings.md).
topology: [topologies/]   # what `ktb validate` / `ktb plan` read when no paths are given
allow_delete:
  topics: false   # a topic removed from a file is a blocked deletion, never a deletion
  acls: true      # access nobody declares any more is revoked
connect:
  # label:url of each Kafka Connect cluster the topologies' connectors name in `server`
  clusters: ["dev:http://localhost:8083"]
"""

CLIENT_PROPERTIES = """\
# The Kafka client settings of the pipelines, as for the Kafka tools. No secret here: the
# username and password come from KTB_KAFKA_SASL_USERNAME / KTB_KAFKA_SASL_PASSWORD.
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
"""

PRE_COMMIT_CONFIG = """\
# `pre-commit install` once; then every commit validates the topology as CI does.
repos:
  - repo: https://github.com/example-org/ktb-action
    rev: v1
    hooks:
      - id: ktb-validate
"""

README = """\
# Kafka topologies

The topics and access of our Kafka clusters, as JulieOps-format files in `topologies/`.
A pull request shows the plan (what would change in Kafka); merging applies it.

```sh
pip install ktb-action pre-commit
pre-commit install        # validate before every commit
ktb validate              # every problem with its file, line and column
ktb rule topic-partitions # what a rule checks and how to configure it
```
"""


def example_path(example: Example) -> Path:
    """Where an example is read from: the installed copy, else the checkout's file."""
    installed = _PACKAGE / "_scaffold" / example.installed
    return installed if installed.is_file() else _PACKAGE.parent / example.checkout


def scaffold(platform: Platform) -> dict[str, str]:
    """Every file `ktb init --platform` writes, by path relative to the repository root."""
    files = {
        "ktb.yaml": KTB_YAML,
        "kafka/client.properties": CLIENT_PROPERTIES,
        ".pre-commit-config.yaml": PRE_COMMIT_CONFIG,
        "README.md": README,
    }
    for example in (*_TOPOLOGY, *EXAMPLES[platform]):
        files[example.target] = example_path(example).read_text(encoding="utf-8")
    return files
