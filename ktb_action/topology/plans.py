"""The plans file (JulieOps `--plans`): named sets of topic configs a topic picks with `plan:`.

```yaml
plans:
  gold:
    alias: "gold"
    config:
      retention.ms: "5000"
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.load import load_entries
from ktb_action.topology.located import Document, LMap, scalar_text


@dataclass(frozen=True, slots=True)
class Plan:
    """One plan: its topic configs (as Kafka strings) and where each is written."""

    name: str
    config: tuple[tuple[str, str], ...] = ()
    config_spans: tuple[tuple[str, Span], ...] = ()
    span: Span | None = None
    """Where the plan's name is written."""


@dataclass(frozen=True, slots=True)
class Plans:
    """The plans of one plans file; `file` is None when no plans file is configured."""

    plans: dict[str, Plan]
    file: str | None = None


NO_PLANS = Plans({})


def read_plans(path: str | None, root: Path) -> tuple[Plans, list[Diagnostic]]:
    """Read the plans file at `path` (relative to `root`); no path gives no plans."""
    if path is None:
        return NO_PLANS, []
    plans, file, diagnostics = load_entries(path, root, plans_from_document)
    return Plans(plans, file), diagnostics


def plans_from_document(document: Document) -> tuple[dict[str, Plan], list[Diagnostic]]:
    """The plans of one parsed plans file; anything of the wrong shape is a `plans-invalid`."""
    root = document.root
    entries = root.get("plans") if isinstance(root, LMap) else None
    if not isinstance(entries, LMap):
        span = root.span if isinstance(root, LMap) else Span.point(document.file)
        return {}, [_invalid("plans file has no `plans:` mapping", span)]
    plans: dict[str, Plan] = {}
    diagnostics: list[Diagnostic] = []
    for name, body in entries.items():
        config = body.get("config") if isinstance(body, LMap) else None
        if not isinstance(config, LMap):
            diagnostics.append(
                _invalid(f"plan `{name}` has no `config:` mapping", entries.value_span(name))
            )
            continue
        values: list[tuple[str, str]] = []
        spans: list[tuple[str, Span]] = []
        for key, value in config.items():
            text = scalar_text(value)
            if text is None:
                diagnostics.append(
                    _invalid(
                        f"config `{key}` of plan `{name}` is not a scalar value",
                        config.value_span(key),
                    )
                )
                continue
            values.append((key, text))
            spans.append((key, config.key_span(key)))
        plans[name] = Plan(name, tuple(values), tuple(spans), entries.key_span(name))
    return plans, diagnostics


def _invalid(message: str, span: Span) -> Diagnostic:
    return Diagnostic(
        "plans-invalid",
        Severity.ERROR,
        message,
        span,
        "write `plans: {<name>: {config: {<topic config>: <value>}}}`",
    )
