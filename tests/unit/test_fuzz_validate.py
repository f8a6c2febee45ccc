"""Fuzz `ktb validate`: thousands of mutated topology files, each validated and rendered in
one of the five report formats exactly as the command does it. Not one may raise.

The mutations aim where validation broke before: numbers beyond Kafka's types (partition
counts over a Java int, infinite quotas), YAML tags, aliases, hostile strings, broken
structure, invalid UTF-8. The run is reproducible: `KTB_FUZZ_SEED` (fixed by default) and
`KTB_FUZZ_CASES` (10,000 by default, as CI runs it). A longer search is the same test with
another seed and more cases, e.g. `KTB_FUZZ_SEED=7 KTB_FUZZ_CASES=200000`.
"""

from __future__ import annotations

import os
import random
import traceback
from collections import Counter
from pathlib import Path

from ktb_action.commands.validate import OutputFormat, run
from tests.unit.test_corpus_julie import CORPUS, descriptors

SEED = int(os.environ.get("KTB_FUZZ_SEED", "20261128"))
CASES = int(os.environ.get("KTB_FUZZ_CASES", "10000"))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "topology"

HOSTILE_VALUES = (
    '"2147483648"',
    "2147483648",
    '"-2147483649"',
    "99999999999999999999999",
    '"9223372036854775808"',
    "-1",
    "0",
    "32768",
    "1.0e+999",
    "-.inf",
    ".nan",
    "0x7fffffff",
    "0o17",
    "1_000",
    "1:30",
    "yes",
    "~",
    '""',
    "''",
    "!!binary aGVsbG8=",
    "!!python/object:os.system x",
    "!custom 3",
    "!!int 3",
    "!!float 1",
    "&a x",
    "*nowhere",
    "[]",
    "{}",
    "[1, [2, {3: 4}]]",
    "{a: b, a: c}",
    '"\\x1b[31mred"',
    '"\\u202eevil"',
    '"User:x\\n::warning file=README.md,line=1::approved"',
    '"::add-mask::x"',
    '"<script>@everyone</script>"',
    '"{{ topic.__class__ }}"',
    '"' + "x" * 5000 + '"',
    '"\\0"',
)
KEYS = (
    "context",
    "projects",
    "name",
    "topics",
    "config",
    "partitions",
    "replication.factor",
    "num.partitions",
    "retention.ms",
    "principal",
    "consumers",
    "producers",
    "platform",
    "quotas",
    "producer_byte_rate",
    "request_percentage",
    "special_topics",
    "<<",
)
SNIPPETS = (
    "a: &a [1, 2]\nb: [*a, *a, *a]\n",
    "---\n",
    "...\n",
    "%YAML 1.1\n---\n",
    "? complex\n: key\n",
    "- - -\n",
    "\t\n",
    "platform:\n  kafka:\n    quotas:\n      - principal: User:q\n"
    "        producer_byte_rate: 1.0e+999\n",
)
FORMATS = tuple(OutputFormat)


def _seeds() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
    if CORPUS.is_dir():
        texts += [(CORPUS / name).read_text(encoding="utf-8") for name in descriptors()]
    return texts


def _mutate(text: str, rng: random.Random) -> bytes:
    """One to four mutations of `text`: lines moved, values and keys replaced, characters
    and bytes changed."""
    lines = text.splitlines(keepends=True) or ["\n"]
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        kind = rng.randrange(7)
        if kind == 0:
            head, sep, _ = lines[i].partition(": ")
            lines[i] = f"{head}{sep or ': '}{rng.choice(HOSTILE_VALUES)}\n"
        elif kind == 1:
            indent = len(lines[i]) - len(lines[i].lstrip())
            _, sep, value = lines[i].partition(":")
            lines[i] = f"{' ' * indent}{rng.choice(KEYS)}{sep or ':'}{value or chr(10)}"
        elif kind == 2:
            del lines[i]
            lines = lines or ["\n"]
        elif kind == 3:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 4:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 5:
            lines.insert(i, rng.choice(SNIPPETS))
        else:
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + rng.choice(":-[]{}#&*!|>'\"%@` \t\\é\u202e") + lines[i][at:]
    data = bytearray("".join(lines).encode("utf-8"))
    if data and rng.random() < 0.05:
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def test_ten_thousand_mutated_topologies_validate_without_a_traceback(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    seeds = _seeds()
    topology = tmp_path / "topology.yaml"
    report = tmp_path / "report"
    outcomes: Counter[int] = Counter()
    tracebacks: list[str] = []
    for case in range(CASES):
        topology.write_bytes(_mutate(rng.choice(seeds), rng))
        output_format = FORMATS[case % len(FORMATS)]
        try:
            code = run([topology], tmp_path, None, output_format=output_format, output=report)
            outcomes[code] += 1
        except Exception:  # the point: any exception is a finding
            tracebacks.append(f"case {case} (seed {SEED}):\n{traceback.format_exc()}")
    assert tracebacks[:3] == []
    assert sum(outcomes.values()) == CASES
    assert set(outcomes) <= {0, 1}
