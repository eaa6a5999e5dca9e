"""Teaching helpers: self-checking exercises, numbers locked to prose, sliders, classroom activities.

- :func:`check` (:mod:`negsim.teaching.check`) — compares a student's answer with the key and
  prints a hint, never the answer.
- :func:`says` (:mod:`negsim.teaching.prose`) — a notebook's hidden check that a number quoted
  in its prose is what negsim computes.
- :func:`sliders` (:mod:`negsim.teaching.interact`) — ipywidgets sliders with a static fallback.
- :mod:`negsim.teaching.ultimatum` and :mod:`negsim.teaching.roleplay` — the classroom
  activities of notebook 08; :func:`example` gives the bundled example class files.
- :mod:`negsim.teaching.edition` — the student edition (``negsim teaching student-edition``).

Example:
    >>> example("ultimatum-class-example.csv").name
    'ultimatum-class-example.csv'
"""

from __future__ import annotations

from pathlib import Path

from negsim.errors import NegsimError
from negsim.teaching.check import check
from negsim.teaching.interact import sliders
from negsim.teaching.prose import says

DATA = Path(__file__).with_name("data")


def example(name: str) -> Path:
    """A bundled example class file (``ultimatum-class-example.csv``, ``roleplay-class-example.csv``)."""
    path = DATA / name
    if not path.is_file():
        names = ", ".join(sorted(p.name for p in DATA.glob("*.csv")))
        raise NegsimError(f"no example file `{name}` (examples: {names})")
    return path


__all__ = ["DATA", "check", "example", "says", "sliders"]
