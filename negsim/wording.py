"""Wording shared by every layer: "did you mean", short listings, counts people can read, safe text.

Example:
    >>> suggest("nato_enlargment", ["nato_enlargement", "forces"])
    ' (did you mean `nato_enlargement`?)'
    >>> listing(["a", "b", "c"], most=2)
    'a, b, … (3 in all)'
    >>> count_text(1234), count_text(10**30)
    ('1,234', '1e+30')
    >>> print(printable("Red" + chr(27) + "[31m line"))
    Red\\x1b[31m line
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" clause for a misspelled id, or the empty string."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def listing(items: Sequence[str], most: int = 8) -> str:
    shown = ", ".join(str(x) for x in items[:most])
    return shown + (f", … ({len(items)} in all)" if len(items) > most else "")


def count_text(n: int) -> str:
    """A count people can read: exact with commas up to a billion, then ``1.2e+30``."""
    return f"{n:,}" if n < 10**9 else f"{float(n):.3g}"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` safe for a terminal: control characters (escape sequences, bidi overrides) shown escaped.

    Titles, names and reasons come from users' files; printed raw, ``ESC [`` sequences would
    move the cursor or recolour the terminal. Newlines are kept only with ``keep_newlines``;
    trailing whitespace is dropped.
    """
    s = str(text)
    if keep_newlines:
        return "\n".join(printable(line) for line in s.split("\n"))
    s = s.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), s).rstrip()
