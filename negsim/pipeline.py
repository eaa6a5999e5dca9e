"""The main job, for the command line and notebooks alike: ``negsim.run(scenario) -> Results``.

Each deal space (the full package and every agenda) is built once and analysed once; every
capability then receives those spaces and analyses, not the scenario, so the derived games,
the simulated negotiators and the report see the same Nash deal by construction, and
``method`` and ``seed`` reach every section:

1. ``targets``: :func:`negsim.space.build_space` + :func:`negsim.engine.analyze_space` per agenda;
   then ``rules``: the decision rule's power indices and each target under the rule;
2. ``games``: the scenario's games and the derived hold-firm-or-concede games of each target;
3. ``dynamics``: the ``protocol:`` simulated on the first target, and its subgame-perfect equilibria;
4. ``uncertainty``: the Monte Carlo of the ``uncertainty:`` section on every target;
5. ``forecast``: the spatial models of the ``forecast:`` section beside the first target's solutions.

The steps are listed in :data:`STEPS`; a capability joins the main job with one entry there
(and a presenter in :mod:`negsim.report.section`). Nothing here prints or draws: that is
:mod:`negsim.report`.

Example:
    >>> import negsim
    >>> r = negsim.run(negsim.load(negsim.bundled("divide-the-dollar")), seed=3)
    >>> [t.analysis.agenda_name for t in r.targets], sorted(r.sections)
    (['Full package'], ['dynamics', 'games'])
    >>> r.to_dict()["dynamics"]["simulation"]["seed"]
    3
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from negsim import __version__, plan
from negsim.engine import analyze_space
from negsim.engine.result import Analysis
from negsim.errors import NegsimError
from negsim.progress import Progress
from negsim.scenario.models import Scenario
from negsim.scenario.values import issue_labels
from negsim.space import OutcomeSpace, build_space
from negsim.wording import suggest


class SectionResult(Protocol):
    """What a step returns: plain data with ``to_dict()`` (the section's part of result.json)."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Target:
    """One deal space of the run and its analysis."""

    space: OutcomeSpace
    analysis: Analysis


@dataclass(frozen=True)
class Options:
    """What every step is told: the engine method, the seed (None: each section's documented default)."""

    method: str = "auto"
    seed: int | None = None
    progress: Progress | None = None


@dataclass
class Results:
    """Everything ``negsim run`` computes: the analysed targets and each capability's section."""

    scenario: Scenario
    targets: list[Target]
    options: Options = field(default_factory=Options)
    sections: dict[str, SectionResult] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def analyses(self) -> list[Analysis]:
        return [t.analysis for t in self.targets]

    def to_dict(self, *, timings: bool = False) -> dict[str, Any]:
        """The documented shape of result.json (docs/engine.md); wall-clock timings only when asked."""
        out: dict[str, Any] = {"negsim_version": __version__, "scenario": scenario_dict(self.scenario),
                               "method": self.options.method, "seed": self.options.seed,
                               "analyses": [a.to_dict() for a in self.analyses]}
        for key, section in self.sections.items():
            out[key] = section.to_dict()
        if timings:
            out["timings"] = {k: round(v, 6) for k, v in self.timings.items()}
        return out


def scenario_dict(s: Scenario) -> dict[str, Any]:
    """The scenario as people read it: title, parties, issues, agendas, sources."""
    notes = s.notes if isinstance(s.notes, list) else ([s.notes] if s.notes else [])
    return {
        "title": s.title, "summary": s.summary, "sources": s.sources, "notes": notes,
        "parties": [{"id": p.id, "name": p.name, "no_deal": p.no_deal, "power": p.power, "patience": p.patience}
                    for p in s.parties],
        "issues": [{"id": i.id, "name": i.name, "options": issue_labels(i), "status_quo": i.status_quo}
                   for i in s.issues],
        "agendas": [{"id": a.id, "name": a.name, "issues": a.issues} for a in s.agendas],
    }


def agendas_of(scenario: Scenario, agenda: str | None = None) -> list[str | None]:
    """The targets of a run: the full package and every agenda, or the one asked for (``"full"``: the package)."""
    if not scenario.issues:
        return []
    if agenda is None:
        return [None, *[a.id for a in scenario.agendas]]
    if agenda == "full":
        return [None]
    ids = [a.id for a in scenario.agendas]
    if agenda not in ids:
        raise NegsimError(f"no agenda `{agenda}`{suggest(agenda, ids)}; choose one of: full (the full package)"
                          + "".join(f", {i}" for i in ids))
    return [agenda]


def build_targets(scenario: Scenario, agendas: Sequence[str | None] | None = None) -> list[OutcomeSpace]:
    """The deal space of each target (see :func:`run`'s ``agendas``), built once for a check and a run.

    >>> import negsim
    >>> [sp.size for sp in build_targets(negsim.load(negsim.bundled("job-offer")))]  # 9·5·3·3·2·3; an agenda
    [2430, 45]
    """
    chosen = agendas_of(scenario) if agendas is None else list(agendas)
    return [build_space(scenario, agenda) for agenda in chosen]


def run(scenario: Scenario, agendas: Sequence[str | None] | None = None, *, method: str = "auto",
        seed: int | None = None, steps: Sequence[str] | None = None, progress: Progress | None = None,
        after_analyses: Callable[[Results], None] | None = None,
        spaces: Sequence[OutcomeSpace] | None = None) -> Results:
    """Analyse ``scenario`` as ``negsim run`` does (see the module docstring).

    ``agendas``: the targets (None: the full package and every agenda; use ``None`` inside the
    list for the full package). ``method``: the bargaining engine (``auto``, ``enumeration``,
    ``merge``). ``seed``: seeds every random draw (the plot sample, fictitious play, the
    simulated negotiation, the Monte Carlo); None keeps each section's default (0, and the
    scenario's own ``uncertainty.seed``). ``steps``: which of :data:`STEPS` to run (default all).
    ``after_analyses``: called with the results once every deal space is analysed, before the
    steps (``negsim run`` starts drawing the bargaining figures there). ``spaces``: the targets' deal
    spaces when :func:`build_targets` built them already (for a budget check), so none is built twice.
    """
    options = Options(method, seed, progress)
    results = Results(scenario, [], options)
    start = time.perf_counter()
    for space in (list(spaces) if spaces is not None else build_targets(scenario, agendas)):
        results.targets.append(Target(space, analyze_space(space, method=method, seed=seed or 0, progress=progress)))
    results.timings["analysis"] = time.perf_counter() - start
    if after_analyses is not None:
        after_analyses(results)
    for key, step in STEPS:
        if steps is not None and key not in steps:
            continue
        start = time.perf_counter()
        section = step(scenario, results.targets, options)
        if section is not None:
            results.sections[key] = section
        results.timings[key] = time.perf_counter() - start
    return results


def estimate_run(scenario: Scenario, agendas: Sequence[str | None] | None = None, *, method: str = "auto",
                 steps: Sequence[str] | None = None, spaces: Sequence[OutcomeSpace] | None = None) -> plan.Estimate:
    """The plan of :func:`run` (:mod:`negsim.plan`): each target's analysis, then each step, before any of them.

    Builds the deal spaces (cheap: per-issue tables; or takes ``spaces``, built by :func:`build_targets`)
    and the engine's pilot samples; runs nothing else. Figures are not counted here (``negsim run
    --no-plots`` draws none).

    >>> import negsim
    >>> e = estimate_run(negsim.load(negsim.bundled("security-guarantees-2021")))
    >>> e.seconds < 60, e.seconds_for("deals") is not None
    (True, True)
    """
    from negsim.engine.cost import estimate as engine_estimate

    built = list(spaces) if spaces is not None else build_targets(scenario, agendas)
    parts = [engine_estimate(space, method) for space in built]
    for key, step_estimate in STEP_ESTIMATES:
        if steps is None or key in steps:
            parts.extend(step_estimate(scenario, built))
    return plan.combine("negsim run", parts)


def _rules_estimate(scenario: Scenario, spaces: list[OutcomeSpace]) -> list[plan.Estimate]:
    from negsim.rules.section import applies

    if not applies(scenario):
        return []
    return [plan.walks(sp.size, len(sp.parties), 2, "the decision rule") for sp in spaces]


def _games_estimate(scenario: Scenario, spaces: list[OutcomeSpace]) -> list[plan.Estimate]:
    from negsim.engine.enumeration import MAX_ENUMERATE
    from negsim.games.analysis import derived_pairs, estimate_games

    out = [estimate_games(scenario, large_by_lcp=True)] if scenario.games else []
    pairs = len(derived_pairs(scenario)) if spaces else 0
    for sp in spaces:  # derived games: two walks per pair on spaces small enough to walk, merges beyond
        if sp.size <= MAX_ENUMERATE:
            out.append(plan.walks(sp.size, 2, 2 * pairs, "the derived games"))
        else:
            out.extend(plan.merge(sp.size, 2, len(sp.axes)) for _ in range(pairs))
    return out


def _dynamics_estimate(scenario: Scenario, spaces: list[OutcomeSpace]) -> list[plan.Estimate]:
    if scenario.protocol is None or not spaces:
        return []
    first = spaces[0]
    return [plan.domain(first.size, len(first.parties)),
            plan.negotiations(1, scenario.protocol.rounds, len(first.parties), "negotiation")]


def _uncertainty_estimate(scenario: Scenario, spaces: list[OutcomeSpace]) -> list[plan.Estimate]:
    if scenario.uncertainty is None:
        return []
    from negsim.uncertainty.montecarlo import estimate_uncertainty

    return [estimate_uncertainty(scenario, sp.agenda, space=sp) for sp in spaces]


# --- the steps ------------------------------------------------------------------------------

def games_step(scenario: Scenario, targets: list[Target], options: Options) -> SectionResult | None:
    """The scenario's games and the derived games of every target (None when there are none)."""
    from negsim.games.analysis import analyze_games

    if not scenario.games and not (scenario.issues and targets):
        return None
    result = analyze_games(scenario, targets=[(t.space, t.analysis) for t in targets], seed=options.seed or 0,
                           large_by_lcp=True)
    return result if result.games or result.derived or result.errors or result.skipped else None


def dynamics_step(scenario: Scenario, targets: list[Target], options: Options) -> SectionResult | None:
    """The ``protocol:`` simulated on the first target (None without a protocol)."""
    if scenario.protocol is None or not targets:
        return None
    from negsim.dynamics.analysis import analyze_protocol

    return analyze_protocol(scenario, targets[0].space, targets[0].analysis, seed=options.seed or 0)


def uncertainty_step(scenario: Scenario, targets: list[Target], options: Options) -> SectionResult | None:
    """The Monte Carlo of the ``uncertainty:`` section on every target (None without one)."""
    if scenario.uncertainty is None or not targets:
        return None
    from negsim.uncertainty.montecarlo import run_targets

    return run_targets(scenario, [(t.space.agenda, t.space) for t in targets], seed=options.seed,
                       progress=options.progress)


def forecast_step(scenario: Scenario, targets: list[Target], options: Options) -> SectionResult | None:
    """The spatial forecasts of the ``forecast:`` section beside the first target's solutions (None without)."""
    if scenario.forecast is None or not targets:
        return None
    from negsim.forecast.section import forecast_section

    return forecast_section(scenario, targets[0].analysis)


def rules_step(scenario: Scenario, targets: list[Target], options: Options) -> SectionResult | None:
    """Voting power under the decision rule, and each target under it (None without a rule or ratification)."""
    from negsim.rules.section import rules_section

    return rules_section(scenario, [(t.space.agenda, t.space) for t in targets])


Step = Callable[[Scenario, list[Target], Options], SectionResult | None]

STEPS: list[tuple[str, Step]] = [
    ("rules", rules_step),
    ("games", games_step),
    ("dynamics", dynamics_step),
    ("uncertainty", uncertainty_step),
    ("forecast", forecast_step),
]
"""The capabilities of the main job, in report order: (result.json key, step)."""

StepEstimate = Callable[[Scenario, list[OutcomeSpace]], list[plan.Estimate]]

STEP_ESTIMATES: list[tuple[str, StepEstimate]] = [
    ("rules", _rules_estimate),
    ("games", _games_estimate),
    ("dynamics", _dynamics_estimate),
    ("uncertainty", _uncertainty_estimate),
]
"""What each step of :data:`STEPS` will cost (the forecast step is small and not counted)."""


__all__ = ["STEPS", "STEP_ESTIMATES", "Options", "Results", "Target", "agendas_of", "build_targets", "estimate_run",
           "run", "scenario_dict"]
