"""The bargaining analysis in the terminal: what each agenda allows, why not, and what each constraint costs.

Tables read at 80 columns: numbers never break (numeric columns do not wrap), names wrap on
word boundaries, and the solutions switch to a stacked layout when a table would not fit.
Everything is in the scenario's words (:mod:`negsim.report.words`); ties are shown as sets.

Example:
    >>> import negsim, os
    >>> from rich.console import Console
    >>> a = negsim.analyze(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> con = Console(width=80, record=True, color_system=None, file=open(os.devnull, "w"))
    >>> for r in analysis_renderables(a, con.width):
    ...     con.print(r)
    >>> "any of 0 … 100 (101 tied)" in con.export_text()
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from negsim.engine.result import SOLUTION_NAMES, Analysis, ConstraintReport
from negsim.report.section import ReportSection
from negsim.report.words import Words
from negsim.scenario.models import Scenario
from negsim.wording import count_text, printable

MOST_LISTED = 6
"""Conflicting sets and openings listed in the terminal (report.md lists them all)."""

STACK_BELOW = 24
"""Solutions are stacked instead of tabled when a column would be narrower than this."""


def print_summary(console: Console, s: Scenario, analyses: Sequence[Analysis],
                  sections: Sequence[ReportSection]) -> None:
    """The readable terminal summary of a run."""
    title = Text(printable(s.title or "Scenario"), style="bold")
    if s.summary.strip():
        console.print(Panel(Text(printable(s.summary.strip(), keep_newlines=True), style="italic"), title=title,
                            expand=False))
    else:
        console.print(title)
    if s.issues:
        console.print(parties_table(s))
    for a in analyses:
        console.rule(Text.assemble((printable(a.agenda_name), "bold"), f" — {_issues(len(a.issues))}, "
                                   f"{count_text(a.deals_total)} deals"))
        for renderable in analysis_renderables(a, console.width):
            console.print(renderable)
    for section in sections:
        console.rule(Text(section.title, style="bold"))
        for table in section.tables:
            console.print(table)


def _issues(n: int) -> str:
    return f"{n} issue{'s' if n != 1 else ''}"


def parties_table(s: Scenario) -> Table:
    t = Table(title="Parties", title_justify="left")
    t.add_column("party")
    for col in ("no-deal utility", "power", "patience"):
        t.add_column(col, justify="right", no_wrap=True)
    for p in s.parties:
        t.add_row(printable(p.name), f"{p.no_deal:.3f}", f"{p.power:g}", f"{p.patience:g}")
    return t


def analysis_renderables(a: Analysis, width: int = 80) -> list[RenderableType]:
    """The pieces of one analysis for the terminal: ZOPA line, then the diagnosis or the solutions."""
    w = Words(a)
    out: list[RenderableType] = [_zopa_line(a)]
    if not a.has_deal:
        out.append(conflicts_table(a, w))
        if a.diagnosis.openings:
            out.append(openings_table(a, w))
        return out
    n = len(a.frontier)
    out.append(Text(f"Pareto frontier: {n} point{'s' if n != 1 else ''} (engine: {a.method})."))
    out.append(solutions_view(a, w, width))
    out += [Text(line) for line in convex_lines(a, w)]
    out.append(costs_table(a, w))
    return out


def zopa_text(a: Analysis) -> str:
    """The ZOPA size, saying so when it is an estimate.

    >>> import negsim
    >>> zopa_text(negsim.analyze(negsim.load(negsim.bundled("nash-bill-and-jack"))))
    '293 of 512 deals (57.2%)'
    """
    if a.zopa_exact:
        return f"{count_text(a.zopa_size)} of {count_text(a.deals_total)} deals ({a.zopa_share:.1%})"
    lo, hi = a.zopa_interval or (0.0, 0.0)
    return (f"≈ {count_text(int(a.zopa_estimate or 0))} of {count_text(a.deals_total)} deals "
            f"(estimate; 95% interval {count_text(int(lo))}–{count_text(int(hi))}, from a seeded sample of "
            f"{len(a.sample_u):,} deals)")


def _zopa_line(a: Analysis) -> Text:
    if a.has_deal:
        return Text.assemble(("Zone of possible agreement: ", "bold"), (zopa_text(a), "green"))
    return Text.assemble(("Zone of possible agreement: ", "bold"), ("empty — no deal meets every red line "
                                                                    "and no-deal floor", "bold red"))


def conflicts_table(a: Analysis, w: Words) -> Table:
    """Why no deal: the minimal sets of constraints that together leave no deal."""
    t = Table(title="Why no deal: minimal sets of constraints that together leave no deal", title_justify="left")
    t.add_column("#", justify="right", no_wrap=True)
    t.add_column("constraints that collide (drop any one and this set no longer blocks)")
    conflicts = a.diagnosis.conflicts
    for k, conflict in enumerate(conflicts[:MOST_LISTED], 1):
        t.add_row(f"C{k}", "\n".join(f"• {w.constraint(c)}" for c in conflict))
    notes = []
    if len(conflicts) > MOST_LISTED:
        notes.append(f"… and {len(conflicts) - MOST_LISTED} more sets (all in report.md and result.json)")
    if not a.diagnosis.complete:
        notes.append("the search stopped early: there may be larger conflicting sets")
    t.caption = "\n".join(notes) or None
    t.caption_justify = "left"
    return t


def openings_table(a: Analysis, w: Words) -> Table:
    """What it would take: the smallest sets of constraints whose removal opens a deal."""
    t = Table(title="What it would take: fewest constraints to drop to open a deal", title_justify="left")
    t.add_column("drop")
    t.add_column("deals opened", justify="right", no_wrap=True)
    openings = a.diagnosis.openings
    for drop, n in openings[:MOST_LISTED]:
        t.add_row("\n".join(f"• {w.constraint(c)}" for c in drop), count_text(n))
    if len(openings) > MOST_LISTED:
        t.caption = f"… and {len(openings) - MOST_LISTED} more (all in report.md and result.json)"
        t.caption_justify = "left"
    return t


def solution_names(a: Analysis) -> list[str]:
    """The solutions that name a deal, in report order."""
    return [n for n in SOLUTION_NAMES if a.solutions[n].deal is not None]


def solutions_view(a: Analysis, w: Words, width: int) -> RenderableType:
    """The solutions as a table (deal per issue, utility per party), or stacked when it would not fit."""
    names = solution_names(a)
    if width // (len(names) + 1) < STACK_BELOW:
        return _solutions_stacked(a, w, names)
    t = Table(title="Bargaining solutions (deal per issue, utility per party)", title_justify="left")
    t.add_column("")
    for n in names:
        t.add_column(SOLUTION_NAMES[n])
    for iid in a.issues:
        t.add_row(w.issue(iid), *[w.solution_option(a.solutions[n], iid) for n in names])
    t.add_section()
    for p in a.parties:
        t.add_row(f"{w.party(p)} utility", *[f"{a.solutions[n].utilities[p]:.3f}" for n in names])  # type: ignore[index]
    t.add_row("tied deals", *[count_text(a.solutions[n].ties) for n in names])
    t.caption = _solutions_caption(a)
    t.caption_justify = "left"
    return t


def _solutions_stacked(a: Analysis, w: Words, names: list[str]) -> RenderableType:
    parts: list[RenderableType] = [Text("Bargaining solutions", style="bold")]
    for n in names:
        s = a.solutions[n]
        ties = f" — {s.ties:,} tied deals" if s.ties > 1 else ""
        parts.append(Text(f"{SOLUTION_NAMES[n]}{ties}", style="bold"))
        lines = [f"  {w.issue(i)}: {w.solution_option(s, i)}" for i in a.issues]
        lines.append("  utilities: " + ", ".join(f"{w.party(p)} {v:.3f}" for p, v in (s.utilities or {}).items()))
        parts.append(Text("\n".join(lines)))
    caption = _solutions_caption(a)
    if caption:
        parts.append(Text(caption, style="dim"))
    return Group(*parts)


def _solutions_caption(a: Analysis) -> str:
    lines = []
    if any(a.solutions[n].ties > 1 for n in solution_names(a)):
        lines.append("A solution reached by several deals is shown as the set of options they take "
                     "(\"any of …\"); the utilities are the same for every tied deal.")
    missing = [n for n in SOLUTION_NAMES if a.solutions[n].deal is None]
    lines += [f"{SOLUTION_NAMES[n]}: {printable(a.solutions[n].note)}." for n in missing]
    return "\n".join(lines)


def convex_lines(a: Analysis, w: Words) -> list[str]:
    """For two parties, each solution on the convex hull: the lottery between two named deals (or a deal)."""
    out = []
    for c in a.convex.values():
        gets = ", ".join(f"{w.party(p)} {v:.3f}" for p, v in c.utilities.items())
        if len(c.lottery) == 1:
            continue  # the convexified answer is a deal itself: nothing to add
        (d1, p1), (d2, p2) = c.lottery
        changed = [i for i in a.issues if d1.get(i) != d2.get(i)]
        first = ", ".join(f"{w.issue(i)} {w.option(i, d1[i])}" for i in changed)
        second = ", ".join(f"{w.issue(i)} {w.option(i, d2[i])}" for i in changed)
        same = [i for i in a.issues if i not in changed]
        discrete = a.solutions[c.name].deal or {}
        if all(discrete.get(i) == d1[i] for i in same):
            rest = f"the other issues as in the {c.label} deal above" if same else ""
        else:
            rest = "both with " + "; ".join(f"{w.issue(i)} {w.option(i, d1[i])}" for i in same)
        out.append(f"{c.label} with lotteries allowed: {p1:.2f} × ({first}) and {p2:.2f} × ({second})"
                   + (f", {rest}" if rest else "") + f"; utilities {gets}.")
    return out


def nash_move(a: Analysis, w: Words, price: ConstraintReport) -> str:
    """Where the Nash deal goes if this constraint alone is dropped: "stays", or what changes."""
    nash = a.solutions["nash"].deal
    dropped = (price.nash_if_dropped or {}).get("deal")
    if nash is None or dropped is None:
        return "—"
    changed = [i for i in a.issues if dropped.get(i) != nash.get(i)]
    if not changed:
        return "stays"
    return "moves: " + "; ".join(f"{w.issue(i)} → {w.option(i, dropped[i])}" for i in changed)


def costs_table(a: Analysis, w: Words) -> Table:
    """What each constraint costs: deals it rules out, deals dropping it alone adds, where the Nash deal goes."""
    t = Table(title="What each constraint costs", title_justify="left")
    t.add_column("constraint")
    t.add_column("rules out", justify="right", no_wrap=True)
    t.add_column("dropping it alone adds", justify="right", no_wrap=True)
    t.add_column("Nash deal without it")
    for p in a.diagnosis.prices:
        approx = "" if p.counts_exact else "≈ "
        t.add_row(w.constraint(p.id), approx + count_text(p.broken_by), approx + count_text(p.opens),
                  nash_move(a, w, p) + (" (binds)" if p.binds else ""))
    t.caption = ("A red line binds when dropping it alone gives a deal with a larger Nash product; "
                 "floors never bind (dropping one changes the no-deal point).")
    t.caption_justify = "left"
    return t


def renderables(items: Sequence[Any]) -> Group:
    return Group(*items)


__all__ = ["analysis_renderables", "conflicts_table", "convex_lines", "costs_table", "nash_move", "openings_table",
           "parties_table", "print_summary", "solution_names", "solutions_view", "zopa_text"]
