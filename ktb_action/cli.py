"""The `ktb` command line: the app and its commands, registered from `ktb_action.commands`."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Annotated, Any

import typer

from ktb_action import __version__
from ktb_action.commands import apply, ci, export, init, log, plan, rule, validate
from ktb_action.errors import run_guarded


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """The one error boundary of every `ktb` command: a `KtbError` prints its message and
    exits with its code, anything else one line and exit 3 (the traceback with `--debug`),
    so the same mistake gets the same exit code in every command."""

    @functools.wraps(command)  # typer reads the options from the wrapped signature
    def run(**options: Any) -> None:
        def body() -> int:
            try:
                command(**options)
            except typer.Exit as done:
                return done.exit_code
            return 0

        raise typer.Exit(run_guarded(body, debug=bool(options.get("debug"))))

    return run


app = typer.Typer(
    name="ktb",
    help="GitOps for Apache Kafka: validate, plan and apply JulieOps-format topologies.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

EXAMPLES = {
    "validate": "ktb validate topologies/ --format github",
    "plan": "ktb plan --bootstrap-servers localhost:9092 --out plan.json",
    "apply": "ktb apply --plan plan.json --bootstrap-servers localhost:9092",
    "export": "ktb export --bootstrap-servers localhost:9092",
    "ci": "ktb ci --platform github   (the container's entrypoint, see docs/ci.md)",
    "rule": "ktb rule topic-partitions",
    "init": "ktb init --platform gitlab && pre-commit install && ktb validate",
    "log": "ktb log --principal User:payments-api --resource demo.acme.dev.payments.alerts",
}
"""One example per command, shown at the end of its `--help`."""

for _name, _module in (
    ("validate", validate),
    ("plan", plan),
    ("apply", apply),
    ("export", export),
    ("ci", ci),
    ("log", log),
    ("rule", rule),
    ("init", init),
):
    app.command(name=_name, epilog=f"Example: {EXAMPLES[_name]}")(_guarded(_module.command))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ktb {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """GitOps for Apache Kafka."""


def main() -> None:
    """Console-script entry point."""
    # A run is short and builds hundreds of thousands of objects that live until its end
    # (located YAML nodes, the cluster's config entries): the cycle collector traversed them
    # again at every full collection, 40% of a 10,000-topic plan. Reference counting still
    # frees all of them; what a run leaves in cycles is small and ends with the process.
    gc.disable()
    app()
