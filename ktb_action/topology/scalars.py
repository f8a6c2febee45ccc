"""Plain YAML scalars resolved as PyYAML's YAML 1.1 safe resolver resolves them: int, float,
bool, null, else the text (quoted scalars are always text and never come here)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

_BOOLS = {
    "yes": True,
    "true": True,
    "on": True,
    "no": False,
    "false": False,
    "off": False,
}
# The YAML 1.1 resolver patterns of PyYAML's `Resolver`, compiled once.
_BOOL_RE = re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
)
_INT_RE = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.VERBOSE,
)
_FLOAT_RE = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")


def _sexagesimal(text: str, part: Callable[[str], Any]) -> Any:
    sign = -1 if text.startswith("-") else 1
    total: Any = 0
    for digits in text.lstrip("+-").split(":"):
        total = total * 60 + part(digits)
    return sign * total


def _to_int(text: str) -> int:
    text = text.replace("_", "")
    if ":" in text:
        return int(_sexagesimal(text, int))
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if len(digits) > 1 and digits.startswith("0"):
        return sign * int(digits, 8)
    return sign * int(digits)


def _to_float(text: str) -> float:
    text = text.replace("_", "").lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    if ":" in text:
        return float(_sexagesimal(text, float))
    return float(text)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under YAML 1.1 safe rules.

    Timestamps stay strings: a topology has no use for dates and JSON Schema has no type
    for them.
    """
    if not text or (text[0] in "~nN" and _NULL_RE.match(text)):
        return None
    first = text[0]
    if first in "yYnNtTfFoO" and _BOOL_RE.match(text):
        return _BOOLS[text.lower()]
    if first in "+-0123456789.":
        if _INT_RE.match(text):
            return _to_int(text)
        if _FLOAT_RE.match(text):
            return _to_float(text)
    return text
