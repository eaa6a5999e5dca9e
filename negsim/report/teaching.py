"""Words for the classroom role play: the confidential sheets and the lecturer's key.

Example:
    >>> from negsim.teaching.roleplay import draw_pairs
    >>> p = draw_pairs(1, seed=11)[0]
    >>> print(role_sheet(p, "buyer").splitlines()[0])
    # Used car — BUYER, pair 1 (confidential)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from negsim.errors import NegsimError
from negsim.teaching.roleplay import WARRANTY, Pair

_COMMON = ("You negotiate the sale of a used car with the other member of your pair: its **price**, and the "
           "**warranty** that comes with it (none, 12 or 24 months). Agree on both, or agree that there is no deal. "
           "Do not show this sheet to anyone. When you are done, write the price and the warranty (in months) on "
           "the class sheet, or *no deal*.")


def role_sheet(pair: Pair, side: str) -> str:
    """The confidential instructions of one side ("buyer" or "seller") of a pair, as Markdown."""
    if side == "buyer":
        body = [f"You need a car. The most you can pay for this one **without warranty** is "
                f"**{pair.buyer_max:,.0f} EUR** (above it, your best alternative — another car — is better).",
                "A warranty is worth money to you (it saves you repair bills you would otherwise pay):"]
        rows = [f"- {m} months: worth {v:,.0f} EUR to you" for m, v in zip(WARRANTY[1:], pair.value[1:], strict=True)]
        close = ("So with a 12-month warranty you could pay up to "
                 f"{pair.buyer_max + pair.value[1]:,.0f} EUR and still be better off than with your alternative.")
    elif side == "seller":
        body = [f"You sell your car. The least you accept **without warranty** is **{pair.seller_min:,.0f} EUR** "
                "(below it, a dealer's offer is better).",
                "A warranty costs you money (the repairs you would have to pay for):"]
        rows = [f"- {m} months: costs you {c:,.0f} EUR" for m, c in zip(WARRANTY[1:], pair.cost[1:], strict=True)]
        close = ("So with a 12-month warranty you need at least "
                 f"{pair.seller_min + pair.cost[1]:,.0f} EUR to be better off than with the dealer.")
    else:
        raise NegsimError(f"a side is `buyer` or `seller`, not `{side}`")
    return "\n".join([f"# Used car — {side.upper()}, pair {pair.pair} (confidential)", "", _COMMON, "",
                      *body, "", *rows, "", close, ""])


def lecturer_key(pairs: Sequence[Pair], seed: int) -> str:
    """The lecturer's key as CSV: every pair's confidential values (and the seed that drew them)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["pair", "buyer_max", "seller_min", "value_12", "value_24", "cost_12", "cost_24", "seed"])
    for p in pairs:
        w.writerow([p.pair, f"{p.buyer_max:g}", f"{p.seller_min:g}", f"{p.value[1]:g}", f"{p.value[2]:g}",
                    f"{p.cost[1]:g}", f"{p.cost[2]:g}", seed])
    return out.getvalue()


def results_template(pairs: Sequence[Pair]) -> str:
    """An empty class results sheet (pair, price, warranty) to fill in during the session."""
    return "pair,price,warranty\n" + "".join(f"{p.pair},,\n" for p in pairs)


__all__ = ["lecturer_key", "results_template", "role_sheet"]
