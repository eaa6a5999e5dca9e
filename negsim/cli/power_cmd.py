"""``negsim power``: how much each party's vote is worth under a scenario's decision rule."""

from __future__ import annotations

import json

import click

from negsim.cli.common import budgeted, console, echo_json, resolve_scenario, user_errors
from negsim.cli.progress import progress_bar
from negsim.errors import NegsimError
from negsim.scenario.loader import load
from negsim.wording import printable, suggest


@click.command("power")
@click.argument("scenario")
@click.option("--agenda", default=None, metavar="ID", help="The rule of this agenda (default: the scenario's rule).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Print tables or JSON.")
@click.option("--method", type=click.Choice(["auto", "exact", "monte-carlo"]), default="auto", show_default=True,
              help="Exact counts (generating functions), a seeded Monte Carlo estimate, or exact when it fits.")
@click.option("--samples", type=click.IntRange(1, 50_000_000), default=200_000, show_default=True,
              help="Monte Carlo draws.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Monte Carlo seed.")
@click.option("--delta", type=click.FloatRange(0, 1, min_open=True), default=1.0, show_default=True,
              help="Discount factor of the Baron–Ferejohn legislative bargaining shares.")
@user_errors
@budgeted
def power(scenario: str, agenda: str | None, fmt: str, method: str, samples: int, seed: int, delta: float) -> None:
    """Power indices of SCENARIO's decision rule: Shapley–Shubik, Banzhaf, veto players, Baron–Ferejohn.

    \b
    A file with only `negsim: 1`, `title`, `parties` and `rule` is enough.
    Examples:
      negsim power eu-council-qmv
      negsim power eu-council-qmv --format json
      negsim power my-rule.yaml --method monte-carlo --samples 100000 --seed 7
    """
    from negsim.report.rules import power_tables
    from negsim.rules.profile import rule_profile
    from negsim.rules.spec import rule_of

    s = load(resolve_scenario(scenario))
    ids = [a.id for a in s.agendas]
    if agenda is not None and agenda not in ids:
        raise NegsimError(f"no agenda `{agenda}`{suggest(agenda, ids)}" + (f"; agendas: {', '.join(ids)}" if ids
                                                                             else "; this scenario has none"))
    from negsim import plan

    rule = rule_of(s, agenda)
    # the Monte Carlo is planned (auto falls back to it when the exact counts would not fit)
    estimate = plan.check(plan.power_samples(samples, len(rule.players))) if method != "exact" else None
    with progress_bar(enabled=fmt == "text", estimate=estimate) as progress:
        profile = rule_profile(rule, method=method.replace("-", "_"), samples=samples, seed=seed, delta=delta,
                               progress=progress)
    if fmt == "json":
        echo_json(json.dumps(profile.to_dict(), indent=2, ensure_ascii=False))
        return
    names = {p.id: printable(p.name) for p in s.parties}
    con = console()
    if s.rule is None and (agenda is None or s.agenda(agenda).rule is None):
        con.print("This scenario has no `rule:`: every party must accept (unanimity).")
    for table in power_tables(profile, names):
        con.print(table)
        con.print()
