"""Running `ktb export` and the commands on its files as a user would, for the export tests
of subjects and connectors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from ktb_action.cli import app
from ktb_action.render.plan_text import NO_CHANGES
from tests.integration.test_plan_apply_commands import env_of
from tests.kafka_fixture import KafkaCluster

runner = CliRunner()


def ktb(kafka: KafkaCluster, *args: str) -> Result:
    """`ktb <args>` logged in as the cluster's admin through `KTB_KAFKA_*` variables."""
    return runner.invoke(app, list(args), env=env_of(kafka.admin_config))


def export(kafka: KafkaCluster, settings: Path, prefix: str, out: Path) -> Result:
    """`ktb export` of the topics named `<prefix>*` with `settings`; it must succeed."""
    exported = ktb(
        kafka, "export", "--settings", str(settings), "--include", f"{prefix}*", "--out", str(out)
    )
    assert exported.exit_code == 0, exported.output
    return exported


def assert_no_change_and_valid(kafka: KafkaCluster, out: Path) -> None:
    """A plan of the exported files shows no change, and `validate` finds no error."""
    plan = ktb(kafka, "plan", "--root", str(out))
    assert (plan.exit_code, plan.stdout) == (0, f"{NO_CHANGES}\n"), plan.output
    validate = ktb(kafka, "validate", "--root", str(out))
    assert validate.exit_code == 0, validate.output


def files_below(root: Path) -> dict[str, str]:
    """Every file below `root` by relative path, with its text."""
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}
