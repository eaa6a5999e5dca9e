"""The ultimatum game in class: the subgame-perfect prediction, inequity aversion, and the class's play.

One student (the proposer) offers the other (the responder) a share of a pie; the
responder accepts — the pie is split so — or rejects, and both get nothing. With money-
maximising players the subgame-perfect equilibrium gives the responder the smallest
possible amount (Güth, Schmittberger & Schwarze 1982, J. Econ. Behav. Organ. 3:367–388).

Fehr & Schmidt (1999), "A theory of fairness, competition, and cooperation", QJE
114(3):817–868: a responder who dislikes getting less than the other (envy weight α)
values a share x < 1/2 of a pie of 1 at x − α(1 − 2x) and so accepts exactly the shares

    x ≥ α / (1 + 2α),

a threshold that rises from 0 (α = 0, the money maximiser) towards 1/2 as α grows.

Class data: a CSV file with one row per game, columns ``offer`` (what the responder was
offered) and ``accepted`` (yes/no, 1/0, true/false); ``pie`` (default 10) may be a
column too. :func:`read_class` reads it with located errors; :func:`summarise` gives the
acceptance rate per offer and what each offer earned the proposers against this class.

Example:
    >>> fehr_schmidt_threshold(1.0), fehr_schmidt_threshold(0.0)
    (0.3333333333333333, 0.0)
    >>> round(implied_alpha(0.25), 4)
    0.5
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negsim.errors import NegsimError
from negsim.scenario.textfile import MAX_TABLE_BYTES, read_user_text

FEHR_SCHMIDT = ("Fehr & Schmidt (1999), A theory of fairness, competition, and cooperation, "
                "Quarterly Journal of Economics 114(3):817–868, Proposition 1")
YES = {"yes", "y", "1", "true", "accepted", "accept"}
NO = {"no", "n", "0", "false", "rejected", "reject"}


def fehr_schmidt_threshold(alpha: float) -> float:
    """The smallest share of the pie a responder with envy weight ``alpha`` accepts: α/(1 + 2α).

    Source: Fehr & Schmidt (1999), Proposition 1.

    >>> round(fehr_schmidt_threshold(4.0), 4)
    0.4444
    """
    if not alpha >= 0:
        raise NegsimError(f"the envy weight alpha must be ≥ 0, got {alpha}")
    return alpha / (1.0 + 2.0 * alpha)


def implied_alpha(share: float) -> float:
    """The envy weight at which a responder is just indifferent about ``share`` (< 1/2): x/(1 − 2x).

    A responder who rejects ``share`` has a larger α; one who accepts it a smaller one.

    >>> round(implied_alpha(0.4), 9)
    2.0
    """
    if not 0 <= share < 0.5:
        raise NegsimError("only a share below 1/2 tells something about envy (at 1/2 or more everyone accepts)")
    return share / (1.0 - 2.0 * share)


@dataclass(frozen=True)
class ClassPlay:
    """The class's games: offers as shares of the pie, and whether each was accepted."""

    shares: NDArray[np.float64]
    accepted: NDArray[np.bool_]
    pie: float
    source: str

    @property
    def games(self) -> int:
        return int(self.shares.size)


def read_class(path: Path | str) -> ClassPlay:
    """The class's ultimatum games from a CSV file (see the module docstring); errors name file, line and column."""
    path = Path(path)
    rows = list(csv.DictReader(io.StringIO(read_user_text(path, MAX_TABLE_BYTES, "CSV"), newline="")))
    if not rows:
        raise NegsimError(f"{path}: no games (a header line and one line per game are expected)")
    missing = {"offer", "accepted"} - set(rows[0])
    if missing:
        raise NegsimError(f"{path}:1: missing column(s) {', '.join(sorted(missing))} (columns: offer, accepted[, pie])")
    shares, accepted, pies = [], [], []
    for line, row in enumerate(rows, start=2):
        pie = _number(path, line, "pie", row.get("pie") or "10")
        offer = _number(path, line, "offer", row["offer"])
        if pie <= 0 or not 0 <= offer <= pie:
            raise NegsimError(f"{path}:{line}: offer: {offer:g} is not between 0 and the pie ({pie:g})")
        answer = (row["accepted"] or "").strip().lower()
        if answer not in YES | NO:
            raise NegsimError(f"{path}:{line}: accepted: write yes or no, got {row['accepted']!r}")
        shares.append(offer / pie)
        accepted.append(answer in YES)
        pies.append(pie)
    return ClassPlay(np.array(shares), np.array(accepted), float(np.median(pies)), str(path))


def _number(path: Path, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise NegsimError(f"{path}:{line}: {column}: expected a number, got {text!r}") from None
    if not np.isfinite(value):
        raise NegsimError(f"{path}:{line}: {column}: expected a finite number, got {text!r}")
    return value


@dataclass(frozen=True)
class Summary:
    """Per distinct offer (share of the pie): games, acceptances, acceptance rate, the proposer's mean earning."""

    shares: NDArray[np.float64]
    games: NDArray[np.int64]
    accepted: NDArray[np.int64]
    rate: NDArray[np.float64]
    proposer_earns: NDArray[np.float64]  # (1 − share) × acceptance rate
    mean_share: float
    acceptance: float

    @property
    def best_share(self) -> float:
        """The offer that earned the proposers most against this class's responders."""
        return float(self.shares[int(np.argmax(self.proposer_earns))])

    def to_dict(self) -> dict[str, Any]:
        return {"shares": self.shares.tolist(), "games": self.games.tolist(), "accepted": self.accepted.tolist(),
                "rate": self.rate.tolist(), "proposer_earns": self.proposer_earns.tolist(),
                "mean_share": self.mean_share, "acceptance": self.acceptance, "best_share": self.best_share}


def summarise(play: ClassPlay) -> Summary:
    """Acceptance rate and the proposer's mean earning per distinct offer (vectorised).

    >>> p = ClassPlay(np.array([0.1, 0.1, 0.5]), np.array([False, True, True]), 10.0, "demo")
    >>> s = summarise(p)
    >>> s.rate.tolist(), s.best_share
    ([0.5, 1.0], 0.5)
    """
    shares, inverse = np.unique(np.round(play.shares, 9), return_inverse=True)
    games = np.bincount(inverse)
    accepted = np.bincount(inverse, weights=play.accepted.astype(float)).astype(np.int64)
    rate = accepted / games
    return Summary(shares, games, accepted, rate, (1.0 - shares) * rate, float(play.shares.mean()),
                   float(play.accepted.mean()))


def alpha_bounds(play: ClassPlay) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per game with an offer below 1/2: the responder's α is at least (rejected) or at most (accepted) x/(1 − 2x).

    Returns (lower bounds from rejections, upper bounds from acceptances).
    """
    low = play.shares < 0.5
    implied = play.shares[low] / (1.0 - 2.0 * play.shares[low])
    return implied[~play.accepted[low]], implied[play.accepted[low]]


__all__ = ["FEHR_SCHMIDT", "ClassPlay", "Summary", "alpha_bounds", "fehr_schmidt_threshold", "implied_alpha",
           "read_class", "summarise"]
