"""The "Bargaining over time" section of ``negsim run``: the scenario's protocol simulated, and the SPE.

Example:
    >>> import negsim
    >>> r = negsim.run(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> s = section(r.sections["dynamics"], None)
    >>> s.key, s.markdown.splitlines()[2].startswith("**Agreement in round")
    ('dynamics', True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.table import Table

from negsim.dynamics import spe as spe_mod
from negsim.dynamics.analysis import DynamicsResult
from negsim.dynamics.domain import Domain
from negsim.dynamics.protocols import Negotiation
from negsim.report.section import ReportSection

TRACE_ROWS = 12
"""Rounds of the trace shown in report.md (the first ones and the last ones)."""


def section(result: DynamicsResult, figures_dir: Path | None) -> ReportSection:
    """The ``negsim run`` section "Bargaining over time" (figures drawn into ``figures_dir`` unless it is None)."""
    if result.negotiation is None or result.domain is None:
        return ReportSection("dynamics", "Bargaining over time", f"The protocol could not be simulated: {result.error}")
    negotiation, domain, equilibria = result.negotiation, result.domain, result.equilibria
    figures = _figures(negotiation, domain, figures_dir) if figures_dir is not None else []
    return ReportSection("dynamics", "Bargaining over time", _markdown(negotiation, domain, equilibria, figures),
                         _tables(negotiation, domain, equilibria), figures)


def _figures(result: Negotiation, domain: Domain, figures_dir: Path) -> list[Path]:
    import numpy as np

    from negsim.plot.dynamics import negotiation_trace, spe_vs_patience, utility_by_round
    from negsim.report.figures import save_figure as _save

    figures_dir.mkdir(parents=True, exist_ok=True)
    out = []
    out.append(_save(lambda: negotiation_trace(result, domain).figure, figures_dir / "dynamics_trace.png"))
    out.append(_save(lambda: utility_by_round(result, domain).figure, figures_dir / "dynamics_by_round.png"))
    if len(domain.parties) == 2 and domain.feasible.any():
        def patience() -> Any:
            idx = np.flatnonzero(domain.feasible)
            curve = spe_mod.patience_curve(domain.u[idx], domain.no_deal)
            return spe_vs_patience(curve, (domain.names[0], domain.names[1])).figure

        out.append(_save(patience, figures_dir / "dynamics_spe_patience.png"))
    return out


def _who(result: Negotiation, domain: Domain) -> str:
    return ", ".join(f"{n} plays {result.strategies[p]['name']}" for p, n in zip(domain.parties, domain.names,
                                                                                 strict=True))


def _markdown(result: Negotiation, domain: Domain, equilibria: dict[str, Any], figures: list[Path]) -> str:
    o = result.outcome
    kind = result.protocol.replace("_", " ")
    lines = [f"Simulated {kind} among {len(domain.parties)} parties, deadline {result.rounds} rounds, "
             f"breakdown risk {result.breakdown:g} per rejection, seed {result.seed}: {_who(result, domain)}.", ""]
    if o.agreement:
        deal = ", ".join(f"{k} = {v}" for k, v in (o.deal or {}).items())
        lines.append(f"**Agreement in round {o.round}** on {deal}; utilities {_utilities(o.utilities, domain)}.")
        if o.distance_to_frontier is not None:
            lines.append(f"Distance to the Pareto frontier {o.distance_to_frontier:.3f}, to the Nash deal "
                         f"{o.distance_to_nash:.3f}.")
    else:
        lines.append(f"**No agreement**: {o.reason}.")
    lines += ["", "| round | proposer | " + " | ".join(domain.names) + " | accepted |",
              "|---:|---|" + "---:|" * len(domain.names) + "---|"]
    for step in _shown(result):
        lines.append(f"| {step.round} | {step.proposer} | "
                     + " | ".join(f"{step.utilities[p]:.3f}" for p in domain.parties)
                     + f" | {'yes' if step.accepted else 'no'} |")
    lines += ["", *_spe_markdown(equilibria, domain), ""]
    if len(figures) > 2:
        lines += ["The last figure shows the SPE (no breakdown risk, lotteries allowed) as both parties' patience "
                  "rises: it tends to the Nash solution, and the first mover's advantage vanishes.", ""]
    lines += [f"![{f.stem.replace('_', ' ')}](figures/{f.name})" for f in figures]
    return "\n".join(lines)


def _shown(result: Negotiation) -> list[Any]:
    trace = result.trace
    if len(trace) <= TRACE_ROWS:
        return trace
    return trace[: TRACE_ROWS // 2] + trace[-TRACE_ROWS // 2:]


def _utilities(u: dict[str, float], domain: Domain) -> str:
    return ", ".join(f"{n} {u[p]:.3f}" for p, n in zip(domain.parties, domain.names, strict=True))


def _spe_markdown(equilibria: dict[str, Any], domain: Domain) -> list[str]:
    if not equilibria:
        return ["(Subgame-perfect equilibria are computed for two-party negotiations.)"]
    if "note" in equilibria:
        return [f"Subgame-perfect equilibrium: {equilibria['note']}."]
    lines = ["**Subgame-perfect equilibrium** (alternating offers, patience "
             + ", ".join(f"{n} {domain.patience[k]:g}" for k, n in enumerate(domain.names)) + "):", ""]
    labels = {"deadline": "with the deadline (backward induction)", "stationary": "no deadline (stationary)",
              "stationary_convex": "no deadline, lotteries allowed (convexified frontier)"}
    for key, label in labels.items():
        e: spe_mod.SPE = equilibria[key]
        what = _agreement_text(e)
        lines.append(f"- {label}: {what}")
    return lines


def _agreement_text(e: spe_mod.SPE) -> str:
    if e.agreement is None:
        return "no agreement"
    a = e.agreement
    deal = (", ".join(f"{k} = {v}" for k, v in a.deal.items()) if a.deal is not None
            else " or ".join(f"{', '.join(f'{k} = {v}' for k, v in d.items())} (p = {p:.2f})"
                             for d, p in (a.lottery or [])))
    u = ", ".join(f"{p} {v:.4f}" for p, v in a.utilities.items())
    extra = f" — {e.note}" if e.note else ""
    when = "" if e.agreement_round is None else f" in round {e.agreement_round + 1}"
    return f"{a.proposer} proposes {deal}{when}, accepted; utilities {u}{extra}"


def _tables(result: Negotiation, domain: Domain, equilibria: dict[str, Any]) -> list[RenderableType]:
    t = Table(title=f"Simulated negotiation: {_who(result, domain)}")
    t.add_column("")
    for n in domain.names:
        t.add_column(n, justify="right")
    o = result.outcome
    t.add_row("result", *(["agreement, round " + str(o.round)] + [""] * (len(domain.names) - 1)
                          if o.agreement else [o.reason] + [""] * (len(domain.names) - 1)))
    t.add_row("utility", *(f"{o.utilities[p]:.3f}" for p in domain.parties))
    t.add_row("discounted", *(f"{o.discounted[p]:.3f}" for p in domain.parties))
    for key in ("deadline", "stationary", "stationary_convex"):
        e = equilibria.get(key)
        if isinstance(e, spe_mod.SPE) and e.agreement is not None:
            t.add_row(f"SPE ({key.replace('_', ' ')})", *(f"{e.agreement.utilities[p]:.3f}" for p in domain.parties))
    return [t]


__all__ = ["section"]
