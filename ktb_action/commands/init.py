"""`ktb init`: scaffold a topology repository in the current directory for one CI platform."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ktb_action.errors import KtbError
from ktb_action.scaffold import SECRETS, Platform, scaffold


def command(
    *,
    platform: Annotated[
        Platform, typer.Option("--platform", help="CI platform of the pipelines.")
    ] = Platform.GITHUB,
    root: Annotated[
        Path, typer.Option("--root", help="Directory to scaffold (default: the current one).")
    ] = Path("."),
) -> None:
    """Write an example topology, ktb.yaml, plan/apply/drift pipelines and a pre-commit config.

    Never overwrites a file: existing ones are kept and listed.
    """
    written, kept = [], []
    for name, text in scaffold(platform).items():
        target = root / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as out:
                out.write(text)
        except FileExistsError:
            kept.append(name)
            continue
        except OSError as error:
            raise KtbError(f"cannot write `{target}`: {error.strerror}") from error
        written.append(name)
    lines = [f"wrote {name}" for name in written]
    lines += [f"kept {name} (exists; not overwritten)" for name in kept]
    lines += ["", f"Set these on {platform.value} before the first run:"]
    lines += [f"  - {secret}" for secret in SECRETS[platform]]
    lines += ["", "Next: `pre-commit install`, then `ktb validate`."]
    typer.echo("\n".join(lines))
