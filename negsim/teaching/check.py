"""Self-checking exercises: compare a student's answer with the key and print a hint, never the answer.

The keys (``keys.json`` beside this module) hold, per exercise, what kind of answer is
expected, a hint, and a *hash* of the right answer — not the answer — so a student who
opens the file learns nothing. A number is right when it lies within about one ``step``
of the key (it is rounded to the step before hashing, and the neighbouring steps are
tried too); a word or a name is compared without case, spaces, ``-`` or ``_``; a set of
names regardless of order.

Example:
    >>> key = make_key("demo.1", 0.41, step=0.01, hint="d₁ + τ(1 − d₁ − d₂)", expects="a share")
    >>> _ = check("demo.1", 0.4102, keys={"demo.1": key})
    ✔ demo.1: right.
    >>> _ = check("demo.1", 0.5, keys={"demo.1": key})
    ✘ demo.1: not yet. Hint: d₁ + τ(1 − d₁ − d₂)
    >>> _ = check("demo.1", None, keys={"demo.1": key})
    … demo.1: no answer yet — expected a share. Hint: d₁ + τ(1 − d₁ − d₂)
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from negsim.errors import NegsimError

KEYS = Path(__file__).with_name("keys.json")
KINDS = ("number", "text", "set")


@dataclass(frozen=True)
class Verdict:
    """What :func:`check` found: ``right`` is None when there was no answer to check."""

    exercise: str
    right: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.right)


def check(exercise: str, answer: Any, *, keys: Mapping[str, Mapping[str, Any]] | None = None) -> Verdict:
    """Compare ``answer`` with the key of ``exercise``; print ✔, or ✘ with a hint (never the answer)."""
    key = (keys if keys is not None else load_keys()).get(exercise)
    if key is None:
        raise NegsimError(f"no exercise `{exercise}` in the answer keys")
    verdict = _judge(exercise, answer, key)
    print(verdict.message)
    return verdict


def _judge(exercise: str, answer: Any, key: Mapping[str, Any]) -> Verdict:
    hint = f" Hint: {key['hint']}" if key.get("hint") else ""
    if answer is None or answer is ...:
        return Verdict(exercise, None, f"… {exercise}: no answer yet — expected {key['expects']}.{hint}")
    candidates = _canonical(answer, key)
    if candidates is None:
        return Verdict(exercise, False, f"✘ {exercise}: expected {key['expects']}, got {type(answer).__name__} "
                                        f"{_short(answer)}.{hint}")
    if any(_digest(exercise, c) == key["hash"] for c in candidates):
        return Verdict(exercise, True, f"✔ {exercise}: right.")
    return Verdict(exercise, False, f"✘ {exercise}: not yet.{hint}")


def _canonical(answer: Any, key: Mapping[str, Any]) -> list[str] | None:
    """The strings whose hash may match the key (None: the answer has the wrong type)."""
    kind = key["kind"]
    if kind == "number":
        value = _as_number(answer)
        if value is None:
            return None
        k = round(value / float(key["step"]))
        return [str(k + j) for j in (0, -1, 1)]
    if kind == "text":
        return [_word(answer)] if isinstance(answer, str) else None
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        return None
    words = [_word(x) for x in answer if isinstance(x, str)]
    return ["|".join(sorted(set(words)))]


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real | Fraction):
        value = float(answer)
        return value if math.isfinite(value) else None
    if hasattr(answer, "item") and getattr(answer, "size", 0) == 1:  # a numpy scalar or 1-element array
        return _as_number(answer.item())
    return None


def _word(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _digest(exercise: str, canonical: str) -> str:
    return hashlib.sha256(f"negsim-teaching|{exercise}|{canonical}".encode()).hexdigest()


def _short(answer: Any) -> str:
    text = repr(answer)
    return text if len(text) <= 40 else text[:39] + "…"


def make_key(exercise: str, answer: Any, *, step: float | None = None, hint: str = "",
             expects: str = "") -> dict[str, Any]:
    """The key of an exercise: the kind of answer, a hint, and the hash of the right answer.

    ``answer`` is a number (give ``step``, the tolerance), a string, or a collection of strings.
    """
    if isinstance(answer, str):
        kind, canonical = "text", _word(answer)
    elif _as_number(answer) is not None:
        if step is None or step <= 0:
            raise NegsimError(f"{exercise}: a numeric answer needs a positive step")
        kind, canonical = "number", str(round(float(answer) / step))
    else:
        kind, canonical = "set", "|".join(sorted({_word(x) for x in answer}))
    default = {"number": "a number", "text": "a name", "set": "a list of names"}[kind]
    key: dict[str, Any] = {"kind": kind, "hash": _digest(exercise, canonical), "hint": hint,
                           "expects": expects or default}
    if kind == "number":
        key["step"] = step
    return key


@cache
def _cached_keys(path: str, mtime: float) -> dict[str, dict[str, Any]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def load_keys(path: Path = KEYS) -> dict[str, dict[str, Any]]:
    """The answer keys shipped with negsim (exercise → key)."""
    return _cached_keys(str(path), path.stat().st_mtime)


__all__ = ["KEYS", "Verdict", "check", "load_keys", "make_key"]
