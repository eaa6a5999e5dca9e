"""A negotiator of your own — copy this file, change `target`, and enter it in a tournament.

A negotiator is a small class. negsim calls `target(t, history)` in every round t
(0, 1, …, rounds − 1) to ask what utility you aim for; it then proposes the deal at that
level that is best for the other side, and accepts any offer worth at least what it would
propose next. Useful attributes:

- `self.view.best`  — your best possible utility;   `self.view.floor` — your no-deal utility;
- `self.rounds`     — the deadline;                 `self.party`      — your position (0 or 1);
- `history`         — the offers so far, as (party position, deal index) pairs;
- `self.domain.u[deal, party]` — a party's utility of a deal.

For full control, override `propose(t, history)` (return a deal index from
`self.view.pool`) and `respond(t, history, offer)` (return True or False) instead.

Enter it (this runs the code in this file — load only files you trust):

    negsim tournament job-offer --strategy entries/my_agents.py:Stubborn
    negsim simulate job-offer --strategy candidate=entries/my_agents.py:Stubborn

or in Python: `negsim.dynamics.loading.load_strategy("entries/my_agents.py", "Stubborn")`.
"""

from negsim.dynamics.strategies import Negotiator


class Stubborn(Negotiator):
    """Keeps 90% of its possible gain until the last three rounds, then settles for half."""

    name = "stubborn"
    description = "keeps 90% of its possible gain until the last three rounds, then half"

    def target(self, t, history):
        keep = 0.9 if t < self.rounds - 3 else 0.5
        return self.view.floor + keep * (self.view.best - self.view.floor)
