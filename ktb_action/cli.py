"""The `ktb` command line: the app and its commands, registered from `ktb_action.commands`.

A run registers only the command it runs: each command module imports what its command
needs, and `ktb validate` (run by pre-commit on every commit) or `ktb plan` should not pay for
the imports of the others. `app` (for tests and `--help`) has every command.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from ktb_action import __version__
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


EXAMPLES = {
    "validate": "ktb validate topologies/ --format github",
    "plan": "ktb plan --bootstrap-servers localhost:9092 --out plan.json",
    "apply": "ktb apply --plan plan.json --bootstrap-servers localhost:9092",
    "export": "ktb export --bootstrap-servers localhost:9092",
    "ci": "ktb ci --platform github   (the container's entrypoint, see docs/ci.md)",
    "log": "ktb log --principal User:payments-api --resource demo.acme.dev.payments.alerts",
    "rule": "ktb rule topic-partitions",
    "init": "ktb init --platform gitlab && pre-commit install && ktb validate",
}
"""Every command, in `--help` order, with the example shown at the end of its `--help`."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ktb {__version__}")
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """GitOps for Apache Kafka."""


def build_app(commands: Sequence[str] = tuple(EXAMPLES)) -> typer.Typer:
    """The app with `commands` registered (a root callback keeps it a group of commands
    even with one)."""
    built = typer.Typer(
        name="ktb",
        help="GitOps for Apache Kafka: validate, plan and apply JulieOps-format topologies.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
    )
    built.callback()(_root)
    for name in commands:
        module = importlib.import_module(f"ktb_action.commands.{name}")
        built.command(name=name, epilog=f"Example: {EXAMPLES[name]}")(_guarded(module.command))
    return built


def _commands_for(arguments: Sequence[str], env: dict[str, str]) -> tuple[str, ...]:
    """The command `arguments` run, alone; every command for `--help`, shell completion and
    a mistyped name (its error lists them). The root options take no value, so the first
    argument that is not an option is the command."""
    if "_KTB_COMPLETE" in env:
        return tuple(EXAMPLES)
    named = next((a for a in arguments if not a.startswith("-")), None)
    return (named,) if named in EXAMPLES else tuple(EXAMPLES)


def __getattr__(name: str) -> typer.Typer:
    """`app`: every command (built on first use)."""
    if name == "app":
        built = build_app()
        globals()["app"] = built
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    # A run is short and builds hundreds of thousands of objects that live until its end
    # (located YAML nodes, the cluster's config entries): the cycle collector traversed them
    # again at every full collection, 40% of a 10,000-topic plan. Reference counting still
    # frees all of them; what a run leaves in cycles is small and ends with the process.
    gc.disable()
    try:
        build_app(_commands_for(sys.argv[1:], dict(os.environ)))()
    finally:
        # The interpreter's teardown runs full collections over everything still alive,
        # a tenth of a 1,000-topic plan; frozen objects are skipped and still freed.
        gc.freeze()
