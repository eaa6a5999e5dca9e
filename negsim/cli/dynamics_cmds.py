"""Commands for bargaining over time: ``simulate``, ``tournament`` and ``spe``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from negsim.cli.common import budgeted, console, echo_json, resolve_scenario, user_errors
from negsim.cli.progress import progress_bar
from negsim.errors import NegsimError
from negsim.scenario.loader import load

_agenda = click.option("--agenda", default=None, help="Negotiate only this agenda's issues (the rest stays at status "
                       "quo).")
_parties = click.option("--parties", default=None, metavar="A,B",
                        help="Only these parties negotiate (e.g. two of three); default: all.")
_rounds = click.option("--rounds", type=click.IntRange(min=1, max=100_000), default=None,
                       help="Deadline in rounds [default: the scenario's protocol, else 30].")
_first = click.option("--first", default=None, metavar="PARTY", help="Who proposes first.")
_breakdown = click.option("--breakdown", type=click.FloatRange(0.0, 1.0), default=None,
                          help="Probability that talks break down after a rejection.")
_fmt = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                    help="Print a summary or the JSON result.")
_out = click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
                    help="Folder to write result.json and figures/ into.")
_force = click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")


def _say(c: Any, text: str) -> None:
    """Print plain text (labels may hold brackets that rich would read as markup)."""
    c.print(Text(text))


def _party_list(text: str | None) -> list[str] | None:
    return [p.strip() for p in text.split(",") if p.strip()] if text else None


_PARTY = re.compile(r"^\s*[A-Za-z_][\w-]*\s*=")


def _strategy_spec(text: str) -> Any:
    """A registered strategy as written, or (class, params) for ``FILE.py:Class`` / ``module:Class`` (runs it)."""
    from negsim.dynamics.loading import is_reference, load_reference

    return load_reference(text) if is_reference(text) else text


def _strategy_options(items: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for item in items:
        party, eq, spec = item.partition("=")
        if not eq or not _PARTY.match(item) or not spec.strip():
            raise click.BadParameter(f"`{item}`: write PARTY=NAME[:k=v,...] or PARTY=FILE.py:Class, e.g. "
                                     "usa=conceder:exponent=3 or usa=my_agents.py:Stubborn", param_hint="--strategy")
        out[party.strip()] = _strategy_spec(spec.strip())
    return out


def _entries(items: tuple[str, ...], parties: list[str], field: list[str]) -> Any:
    """The tournament's strategies: the field for every party plus ``[PARTY=]SPEC`` entries (to one or to all)."""
    if not items:
        return field
    lists: dict[str, list[Any]] = {p: list(field) for p in parties}
    for item in items:
        party, spec = (item.split("=", 1) if _PARTY.match(item) else ("", item))
        party, spec = party.strip(), spec.strip()
        if party and party not in lists:
            raise NegsimError(f"--strategy {item}: no negotiating party `{party}` (parties: {', '.join(parties)})")
        loaded = _strategy_spec(spec)
        for p in [party] if party else parties:
            lists[p].append(loaded)
    return lists


def _write(out: Path | None, data: dict[str, Any], command: str, force: bool,
           figures: list[tuple[str, Any]]) -> None:
    """Write result.json and the figures (callables returning an Axes) into ``out``."""
    if out is None:
        return
    from negsim.report.figures import save_figure
    from negsim.report.write import OutputFolder

    with OutputFolder(out, command=command, force=force) as folder:
        folder.write_json("result.json", data)
        for name, draw in figures:
            save_figure(draw().figure, folder.path(f"figures/{name}.png"))
    console(stderr=True).print(f"wrote {out / 'result.json'} and {len(figures)} figure(s) in {out / 'figures'}")


@click.command()
@click.argument("scenario")
@click.option("--strategy", "strategy", multiple=True, metavar="PARTY=NAME[:k=v,...]",
              help="A party's strategy, e.g. --strategy russia=boulware --strategy usa=conceder:exponent=3, or "
                   "your own class: --strategy usa=my_agents.py:Stubborn (this runs the file's code).")
@_rounds
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Seed of every random draw.")
@_agenda
@_parties
@_first
@_breakdown
@_fmt
@_out
@_force
@user_errors
@budgeted
def simulate(scenario: str, strategy: tuple[str, ...], rounds: int | None, seed: int, agenda: str | None,
             parties: str | None, first: str | None, breakdown: float | None, fmt: str, out: Path | None,
             force: bool = False) -> None:
    """Simulate a negotiation on SCENARIO with the scenario's protocol, overridden by the options.

    Strategies: see `negsim strategies`. Unlisted parties play `linear`.
    """
    from negsim import plan
    from negsim.dynamics.domain import build_domain
    from negsim.dynamics.protocols import negotiate, settings

    s = load(resolve_scenario(scenario))
    st = settings(s, _party_list(parties), _strategy_options(strategy), rounds, first, breakdown)
    domain = build_domain(s, agenda, st.parties)
    estimate = plan.check(plan.negotiations(1, st.rounds, len(domain.parties), "negotiation"))
    with progress_bar(enabled=fmt == "text", estimate=plan.with_unit(estimate, "rounds", st.rounds)) as progress:
        result = negotiate(domain, st.strategies, st.rounds, st.first, st.breakdown, seed, progress=progress)
    data = result.to_dict()
    if fmt == "json":
        echo_json(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print_negotiation(result, domain)
    from negsim.plot.dynamics import negotiation_trace, utility_by_round

    _write(out, data, "simulate", force, [("trace", lambda: negotiation_trace(result, domain)),
                       ("utility_by_round", lambda: utility_by_round(result, domain))])


def _print_negotiation(result: Any, domain: Any) -> None:
    c = console()
    t = Table(title=f"{result.protocol.replace('_', ' ')} — " + ", ".join(
        f"{n}: {result.strategies[p]['name']}" for p, n in zip(domain.parties, domain.names, strict=True)))
    t.add_column("round", justify="right")
    t.add_column("proposer")
    for n in domain.names:
        t.add_column(n, justify="right")
    t.add_column("answer")
    names = dict(zip(domain.parties, domain.names, strict=True))
    for step in result.trace:
        t.add_row(str(step.round), names.get(step.proposer, step.proposer),
                  *(f"{step.utilities[p]:.3f}" for p in domain.parties),
                  "accepted" if step.accepted else
                  "rejected by " + ", ".join(names.get(r, r) for r in step.rejected_by))
    c.print(t)
    o = result.outcome
    if o.agreement:
        _say(c, f"Agreement in round {o.round}: " + ", ".join(f"{k} = {v}" for k, v in (o.deal or {}).items()))
        _say(c, "Utilities: " + ", ".join(f"{names.get(p, p)} {v:.3f}" for p, v in o.utilities.items())
                + "; discounted: " + ", ".join(f"{names.get(p, p)} {v:.3f}" for p, v in o.discounted.items()))
        if o.distance_to_frontier is not None:
            _say(c, f"Distance to the Pareto frontier {o.distance_to_frontier:.3f}; to the Nash deal "
                    f"{o.distance_to_nash:.3f}")
    else:
        _say(c, f"No agreement: {o.reason}.")


@click.command()
@click.argument("scenario")
@click.option("--seeds", type=click.IntRange(min=1), default=10, show_default=True, help="Runs per strategy profile.")
@click.option("--strategies", "names", default=None, metavar="S1,S2,...",
              help="Strategies every party may pick [default: boulware,linear,conceder,tit_for_tat,hardliner].")
@click.option("--strategy", "entries", multiple=True, metavar="[PARTY=]SPEC",
              help="One more strategy for one party (usa=...) or for every party: a registered one "
                   "(conceder:exponent=3) or your own class (my_agents.py:Stubborn; this runs the file's code).")
@_rounds
@_agenda
@_parties
@_first
@_breakdown
@_fmt
@_out
@_force
@user_errors
@budgeted
def tournament(scenario: str, seeds: int, names: str | None, entries: tuple[str, ...], rounds: int | None,
               agenda: str | None, parties: str | None, first: str | None, breakdown: float | None, fmt: str,
               out: Path | None, force: bool = False) -> None:
    """Play every combination of strategies on SCENARIO and solve the meta-game (which strategy to pick)."""
    from negsim.dynamics.domain import build_domain
    from negsim.dynamics.protocols import settings
    from negsim.dynamics.strategies import TOURNAMENT
    from negsim.dynamics.tournament import estimate, play, profile_count

    s = load(resolve_scenario(scenario))
    st = settings(s, _party_list(parties), None, rounds, first, breakdown)
    domain = build_domain(s, agenda, st.parties)
    chosen = [x.strip() for x in names.split(",") if x.strip()] if names else TOURNAMENT
    field = _entries(entries, domain.parties, chosen)
    planned = estimate(len(domain.parties), profile_count(domain, field), seeds, st.rounds)
    with progress_bar(enabled=fmt == "text", estimate=planned) as progress:
        result = play(domain, field, seeds, st.rounds, st.first, st.breakdown, progress=progress)
    data = result.to_dict()
    if fmt == "json":
        echo_json(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print_tournament(result)
    figures: list[tuple[str, Any]] = []
    if len(result.parties) == 2:
        from negsim.plot.dynamics import tournament_heatmap

        figures = [("tournament_agreement", lambda: tournament_heatmap(result, "agreement_rate"))] + [
            (f"tournament_utility_{p}", lambda k=k: tournament_heatmap(result, "discounted", k))
            for k, p in enumerate(result.parties)]
    _write(out, data, "tournament", force, figures)


def _print_tournament(result: Any) -> None:
    c = console()
    t = Table(title=f"Tournament: {result.seeds} seeds × {len(result.cells)} profiles, {result.rounds} rounds")
    for p in result.parties:
        t.add_column(p)
    t.add_column("agreement", justify="right")
    for p in result.parties:
        t.add_column(f"{p}: discounted utility", justify="right")
    t.add_column("rounds", justify="right")
    for cell in result.cells:
        t.add_row(*cell.profile, f"{cell.agreement_rate:.0%}", *(f"{v:.3f}" for v in cell.discounted),
                  "–" if cell.rounds is None else f"{cell.rounds:.1f}")
    c.print(t)
    meta = result.meta
    _say(c, f"Meta-game equilibria ({meta.method}; payoff = mean discounted utility):")
    for eq in meta.equilibria:
        _say(c, "  " + "; ".join(f"{p}: " + ", ".join(f"{s} {x:.2f}" for s, x in mix.items() if x > 1e-9)
                                 for p, mix in eq["strategies"].items()))
    if not meta.equilibria:
        for eq in meta.pure[:20]:
            _say(c, "  " + ", ".join(f"{p}: {s}" for p, s in eq["profile"].items()))
        if len(meta.pure) > 20:
            _say(c, f"  … and {len(meta.pure) - 20} more pure equilibria")
    if meta.note:
        _say(c, f"Note: {meta.note}")
    for f in result.faults[:20]:
        _say(c, f"Fault (seed {f['seed']}, profile {' vs '.join(f['profile'])}): strategy `{f['strategy']}` of "
                f"{f['party']} failed " + ("when it was created" if f["round"] is None else f"in round {f['round']}")
                + f": {f['error']}")
    if len(result.faults) > 20:
        _say(c, f"… and {len(result.faults) - 20} more faults (see --format json)")


@click.command()
@click.argument("scenario")
@_agenda
@_parties
@click.option("--rounds", type=click.IntRange(min=1, max=1_000_000), default=None,
              help="Deadline in rounds (backward induction); default: no deadline (stationary SPE).")
@_first
@_breakdown
@click.option("--convex", is_flag=True, help="Allow lotteries between deals (the convexified frontier).")
@_fmt
@user_errors
def spe(scenario: str, agenda: str | None, parties: str | None, rounds: int | None, first: str | None,
        breakdown: float | None, convex: bool, fmt: str) -> None:
    """The subgame-perfect equilibrium of alternating offers between two parties of SCENARIO."""
    from negsim.dynamics.domain import build_domain
    from negsim.dynamics.protocols import settings
    from negsim.dynamics.spe import solve

    s = load(resolve_scenario(scenario))
    st = settings(s, _party_list(parties), None, None, first, breakdown)
    domain = build_domain(s, agenda, st.parties)
    if len(domain.parties) != 2:
        raise NegsimError(f"the SPE is computed for two parties; this scenario has {len(domain.parties)}: "
                          f"choose two with --parties (e.g. --parties {','.join(domain.parties[:2])})")
    result = solve(domain, rounds, st.first, st.breakdown, convex)
    if fmt == "json":
        echo_json(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    c = console()
    horizon = f"deadline {rounds} rounds" if rounds else "no deadline"
    _say(c, f"Subgame-perfect alternating offers ({horizon}, {result.frontier} deals, breakdown {result.breakdown:g}; "
            "patience " + ", ".join(f"{dict(zip(domain.parties, domain.names, strict=True)).get(p, p)} {v:g}"
                                    for p, v in result.patience.items()) + ")")
    names = dict(zip(domain.parties, domain.names, strict=True))
    if rounds:
        shown = len(result.proposals)
        _say(c, f"What each proposer would offer in the first {shown} of {rounds} rounds (the equilibrium offer "
                "of each round; the first is accepted):" if shown < rounds else
                "What each proposer would offer in each round (the first is accepted):")
    else:
        _say(c, "Each party's stationary proposal (the first proposer's is accepted at once):")
    for t, prop in enumerate(result.proposals, 1):
        lead = f"  round {t}: " if rounds else "  "
        _say(c, f"{lead}{names.get(prop.proposer, prop.proposer)} proposes {_deal_text(prop)} → " +
                ", ".join(f"{names.get(p, p)} {v:.4f}" for p, v in prop.utilities.items()))
    if result.agreement is not None:
        who = names.get(result.agreement.proposer, result.agreement.proposer)
        when = "" if result.agreement_round is None else f" in round {result.agreement_round + 1}"
        _say(c, f"Accepted{when}: {who}'s proposal.")
    if result.first_range is not None and result.first_range[0] < result.first_range[1] - 1e-12:
        _say(c, f"The first proposer's utility over the stationary SPE ranges {result.first_range[0]:.4f}"
                f"–{result.first_range[1]:.4f}.")
    if result.note:
        _say(c, f"Note: {result.note}")


def _deal_text(prop: Any) -> str:
    if prop.deal is not None:
        return ", ".join(f"{k} = {v}" for k, v in prop.deal.items())
    if prop.lottery:
        return " or ".join(f"({', '.join(f'{k} = {v}' for k, v in d.items())}) with p = {p:.3f}"
                           for d, p in prop.lottery)
    return "nothing acceptable (delays)"


@click.command("strategies")
@user_errors
def strategies_cmd() -> None:
    """List the negotiation strategies, their parameters and properties."""
    from negsim.dynamics.strategies import REGISTRY

    t = Table(title="Negotiation strategies")
    for col in ("name", "description", "parameters", "properties"):
        t.add_column(col)
    for name, cls in REGISTRY.items():
        props = ", ".join(k for k, v in cls.properties.items() if v)
        t.add_row(name, cls.description, ", ".join(f"{k}={v}" for k, v in cls.params.items()) or "–", props)
    console().print(t)


COMMANDS = [simulate, tournament, spe, strategies_cmd]
"""The click commands of this module, for registration in ``negsim.cli``."""

__all__ = ["COMMANDS", "simulate", "spe", "strategies_cmd", "tournament"]
