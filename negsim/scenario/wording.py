"""Wording shared by the scenario checks: "did you mean" and short listings.

Example:
    >>> suggest("nato_enlargment", ["nato_enlargement", "forces"])
    ' (did you mean `nato_enlargement`?)'
    >>> listing(["a", "b", "c"], most=2)
    'a, b, … (3 in all)'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" clause for a misspelled id, or the empty string."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def listing(items: Sequence[str], most: int = 8) -> str:
    shown = ", ".join(str(x) for x in items[:most])
    return shown + (f", … ({len(items)} in all)" if len(items) > most else "")
