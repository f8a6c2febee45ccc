"""One module per `ktb` command. Each exposes `command` (its typer signature, parsing only)
and does its work in functions that return an exit code."""
