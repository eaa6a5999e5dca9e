"""``negsim closed-form``: the textbook results of bargaining over time, one subcommand each.

Every subcommand calls one function of :mod:`negsim.dynamics.closed_forms` and prints its
result with the source (or the JSON of it with ``--format json``)::

    negsim closed-form rubinstein --delta1 0.9 --delta2 0.8
    negsim closed-form fearon-private --p 0.5 --cost-a 0.1 --cost-b-low 0 --cost-b-high 0.4
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click
from rich.text import Text

from negsim.cli.common import console, user_errors
from negsim.dynamics import closed_forms as cf


@dataclass(frozen=True)
class Form:
    """One closed form on the command line: its function, its options (name, default, help) and what it says."""

    name: str
    function: Callable[..., Any]
    options: tuple[tuple[str, float | None, str], ...]
    says: Callable[[Any], str]


def _split(r: cf.Split) -> str:
    return f"first proposer {r.first:.4f}, responder {r.second:.4f}" + (f" ({r.note})" if r.note else "")


def _range(r: cf.BargainingRange) -> str:
    if r.empty:
        return "no split beats war for both (the costs of war are negative)"
    return f"every split giving A between {r.low:.4f} and {r.high:.4f} beats war for both"


def _risk(r: cf.RiskReturn) -> str:
    return (f"A demands {r.demand:.4f} (the safe demand every type accepts is {r.safe_demand:.4f}); "
            f"B fights with probability {r.p_war:.4f}; A expects {r.expected_a:.4f}")


def _advantage(x: float) -> str:
    return f"proposing first is worth {x:.4f} of the pie"


_D1 = ("delta1", None, "player 1's discount factor (patience), 0..1")
_D2 = ("delta2", None, "player 2's discount factor (patience), 0..1")
_P = ("p", None, "probability that A wins a war, 0..1")

FORMS = (
    Form("rubinstein", cf.rubinstein, (_D1, _D2), _split),
    Form("rubinstein-rates", cf.rubinstein_rates,
         (("r1", None, "player 1's discount rate"), ("r2", None, "player 2's discount rate"),
          ("dt", None, "time between offers")), _split),
    Form("nash-limit", cf.nash_limit,
         (("r1", None, "player 1's discount rate"), ("r2", None, "player 2's discount rate")), _split),
    Form("first-mover", cf.first_mover_advantage, (_D1, _D2), _advantage),
    Form("fixed-costs", cf.fixed_costs,
         (("c1", None, "player 1's cost per rejected round"), ("c2", None, "player 2's cost per rejected round")),
         _split),
    Form("outside-options", cf.outside_options,
         (_D1, _D2, ("w1", 0.0, "player 1's outside option"), ("w2", 0.0, "player 2's outside option")), _split),
    Form("breakdown", cf.breakdown_risk,
         (("p", None, "probability that talks break down after a rejection"),
          ("b1", 0.0, "player 1's breakdown payoff"), ("b2", 0.0, "player 2's breakdown payoff"),
          ("delta1", 1.0, "player 1's discount factor"), ("delta2", 1.0, "player 2's discount factor")), _split),
    Form("fearon", cf.fearon_range,
         (_P, ("cost_a", None, "A's cost of war"), ("cost_b", None, "B's cost of war")), _range),
    Form("fearon-private", cf.fearon_private_information,
         (_P, ("cost_a", None, "A's cost of war"), ("cost_b_low", None, "B's lowest possible cost of war"),
          ("cost_b_high", None, "B's highest possible cost of war (B's cost is uniform between the two)")), _risk),
)


def _command(form: Form) -> click.Command:
    """A click command that parses the form's options, calls its function and prints the result."""

    @user_errors
    def callback(fmt: str, **values: float) -> None:
        missing = [f"--{name.replace('_', '-')}" for name, value in values.items() if value is None]
        if missing:
            raise click.UsageError(f"give {', '.join(missing)} (see `negsim closed-form {form.name} --help`)")
        result = form.function(**values)
        data = result.to_dict() if hasattr(result, "to_dict") else {"value": result}
        if fmt == "json":
            click.echo(json.dumps({"form": form.name, "inputs": values, "result": data}, indent=2,
                                  ensure_ascii=False))
            return
        c = console()
        c.print(Text(f"{form.name}: {form.says(result)}"))
        source = data.get("source") or cf.RUBINSTEIN
        c.print(Text(f"source: {source}"))

    params: list[click.Parameter] = [
        click.Option([f"--{name.replace('_', '-')}", name], type=float, default=default, required=default is None,
                     show_default=default is not None, help=text)
        for name, default, text in form.options]
    params.append(click.Option(["--format", "fmt"], type=click.Choice(["text", "json"]), default="text",
                               show_default=True, help="Print a sentence or the JSON result."))
    doc = (form.function.__doc__ or "").strip().splitlines()[0].replace("``", "")
    return click.Command(form.name, callback=callback, params=params, help=doc, short_help=doc)


@click.group("closed-form")
def closed_form() -> None:
    """Closed forms of bargaining over time: Rubinstein, breakdown, outside options, Fearon."""


for _form in FORMS:
    closed_form.add_command(_command(_form))

__all__ = ["FORMS", "closed_form"]
