"""report.md: the story of a run in words, with its figures, a glossary, and the ids for result.json.

Nothing here computes; it formats the analyses and the sections. Every list the text gives is
complete (the terminal may shorten it, never this page); ties are sets; names and units are the
scenario's; the glossary at the end defines every term the page uses.

Example:
    >>> import negsim
    >>> r = negsim.run(negsim.load(negsim.bundled("job-offer")), steps=[])
    >>> md = markdown_report(r.scenario, r.analyses, [], {}, None)
    >>> "## What the terms mean" in md and "What each constraint costs" in md
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from negsim import __version__
from negsim.engine.result import SOLUTION_NAMES, Analysis
from negsim.report.bargaining import convex_lines, nash_move, solution_names, zopa_text
from negsim.report.section import ReportSection
from negsim.report.words import Words, issue_words
from negsim.scenario.models import Scenario
from negsim.wording import count_text, printable

NO_UTILITY_SPACE = ("The utility space is not drawn: with three or more parties and no deal, its panels (two "
                    "parties' utilities each) show deals that look better than no deal for both, though a third "
                    "party or a red line rejects every one of them. The red-line chart shows why there is no deal; "
                    "`negsim.plot.utility_space_pairs(analysis)` draws the utility space from Python.")
"""Said in report.md where :func:`negsim.report.figures.draws_utility_space` left the utility space out."""

FIGURE_CAPTIONS = (("utility_space", "Utility space"), ("solutions_by_issue", "Solutions by issue"),
                   ("red_lines", "Red lines"))

GLOSSARY = (
    ("No-deal utility", "what a party gets if talks fail (its BATNA), on the same 0..1 scale as its deals."),
    ("Red line", "a constraint a party states it will not cross: an option it never accepts, or a minimum."),
    ("Zone of possible agreement (ZOPA)", "the deals that meet every red line and give every party at least "
                                          "its no-deal utility."),
    ("Pareto frontier", "the deals of the ZOPA that no other deal of the ZOPA beats for one party without "
                        "hurting another."),
    ("Nash solution", "the deal maximising the product of the parties' gains over no deal, among deals every "
                      "party strictly prefers to no deal; with bargaining power, each gain is weighted by it "
                      "(Nash 1950; Kalai 1977)."),
    ("Kalai–Smorodinsky", "the deal giving every party the same share of the most it could get in the ZOPA "
                          "(Kalai & Smorodinsky 1975)."),
    ("Egalitarian", "the deal giving the worst-off party the largest gain over no deal (Kalai 1977)."),
    ("Utilitarian", "the deal with the largest sum of utilities."),
    ("Tied deals", "deals reaching the same optimum; the report shows them as a set, never one as 'the' answer."),
    ("Lottery (convexified)", "a coin flip between two neighbouring frontier deals; it can give both parties "
                              "more in expectation than any single deal."),
    ("Power", "a party's weight in the Nash product (asymmetric Nash)."),
    ("Patience", "how much a party discounts each round of delay (1 = not at all), for bargaining over time."),
    ("Binds", "a red line binds when dropping it alone would give a deal with a larger Nash product."),
    ("Minimal conflicting set", "constraints that together leave no deal, though any smaller part of them "
                                "leaves some."),
)


def markdown_report(s: Scenario, analyses: Sequence[Analysis], sections: Sequence[ReportSection],
                    figures: dict[str | None, dict[str, Path]], out_dir: Path | None) -> str:
    """report.md: the story in words, with the figures (``figures[agenda][kind]``, relative to ``out_dir``)."""
    lines = [f"# {printable(s.title or 'Scenario')}", ""]
    if s.summary.strip():
        lines += [printable(s.summary.strip(), keep_newlines=True), ""]
    lines += [f"*negsim {__version__}*", ""]
    if s.issues:
        lines += ["## Parties", "", "| party | no-deal utility | power | patience |", "|---|---:|---:|---:|"]
        lines += [f"| {printable(p.name)} | {p.no_deal:.3f} | {p.power:g} | {p.patience:g} |" for p in s.parties]
        lines.append("")
    names = {i.id: i.name or i.id for i in s.issues}
    units = {i.id: i.unit for i in s.issues if i.unit}
    for a in analyses:
        lines += _analysis(a, figures.get(a.agenda, {}), out_dir, names, units)
    for section in sections:
        lines += [f"## {section.title}", "", section.markdown.strip(), ""]
    lines += _sources(s) + _glossary() + _ids(s, analyses)
    return "\n".join(lines).rstrip() + "\n"


def _analysis(a: Analysis, figs: dict[str, Path], out_dir: Path | None,
              issue_names: dict[str, str], units: dict[str, str]) -> list[str]:
    w = Words(a)
    lines = [f"## {printable(a.agenda_name)}", ""]
    if a.off_table:  # off-agenda issues are not in the analysis's own names: the scenario's
        lines += ["Off the table (at status quo): " + "; ".join(
            f"{issue_words(k, issue_names, units)}: {w.option(k, v)}" for k, v in a.off_table.items()), ""]
    lines += _deal(a, w) if a.has_deal else _no_deal(a, w)
    if figs and "utility_space" not in figs:
        lines += [NO_UTILITY_SPACE, ""]
    for kind, caption in FIGURE_CAPTIONS:
        if kind in figs:
            rel = figs[kind].relative_to(out_dir).as_posix() if out_dir is not None else figs[kind].name
            lines += [f"![{caption}]({rel})", ""]
    return lines


def _deal(a: Analysis, w: Words) -> list[str]:
    n = len(a.frontier)
    lines = [f"**Zone of possible agreement:** {zopa_text(a)} meet every red line and give every party at "
             f"least its no-deal utility. The Pareto frontier has {n} point{'s' if n != 1 else ''} "
             f"(engine: {a.method}).", ""]
    names = solution_names(a)
    lines += ["| | " + " | ".join(SOLUTION_NAMES[x] for x in names) + " |", "|---" * (len(names) + 1) + "|"]
    lines += [f"| {w.issue(i)} | " + " | ".join(w.solution_option(a.solutions[x], i) for x in names) + " |"
              for i in a.issues]
    lines += [f"| **{w.party(p)}** utility | " + " | ".join(f"{a.solutions[x].utilities[p]:.3f}"  # type: ignore[index]
                                                              for x in names) + " |" for p in a.parties]
    lines += ["| tied deals | " + " | ".join(count_text(a.solutions[x].ties) for x in names) + " |", ""]
    if any(a.solutions[x].ties > 1 for x in names):
        lines += ["A solution reached by several deals is shown as the set of options its tied deals take: any "
                  "of them is that solution, and none is singled out.", ""]
    lines += [f"{SOLUTION_NAMES[x]}: {printable(a.solutions[x].note)}." for x in SOLUTION_NAMES
              if a.solutions[x].deal is None]
    convex = convex_lines(a, w)
    if convex:
        lines += ["", *[f"- {c}" for c in convex]]
    lines += ["", "### What each constraint costs", "",
              "| constraint | rules out | dropping it alone adds | Nash deal without it |", "|---|---:|---:|---|"]
    for p in a.diagnosis.prices:
        approx = "" if p.counts_exact else "≈ "
        reason = f" — *{w.reason(p.id)}*" if w.reason(p.id) else ""
        lines.append(f"| {w.constraint(p.id)}{reason} | {approx}{count_text(p.broken_by)} | "
                     f"{approx}{count_text(p.opens)} | {nash_move(a, w, p)}{' (binds)' if p.binds else ''} |")
    return [*lines, ""]


def _no_deal(a: Analysis, w: Words) -> list[str]:
    lines = [f"**No deal.** None of the {count_text(a.deals_total)} deals meets every red line and no-deal floor. "
             "These minimal sets of constraints collide (each set alone leaves no deal; drop any one member and "
             "that set no longer blocks):", ""]
    for k, conflict in enumerate(a.diagnosis.conflicts, 1):
        lines.append(f"{k}. " + " **×** ".join(w.constraint(c) for c in conflict))
    if not a.diagnosis.complete:
        lines += ["", "*The search stopped early: there may be larger conflicting sets.*"]
    lines.append("")
    if a.diagnosis.openings:
        lines += ["What it would take — the fewest constraints to drop to open a deal:", ""]
        lines += [f"- drop {' + '.join(w.constraint(c) for c in drop)} → {count_text(n)} deal{'s' if n != 1 else ''}"
                  for drop, n in a.diagnosis.openings]
        lines.append("")
    return lines


def _sources(s: Scenario) -> list[str]:
    lines: list[str] = []
    if s.sources:
        lines += ["## Sources", ""] + [f"- {printable(src)}" for src in s.sources] + [""]
    notes = s.notes if isinstance(s.notes, list) else ([s.notes] if s.notes else [])
    if notes:
        lines += ["## Notes", ""] + [f"- {printable(n.strip(), keep_newlines=True)}" for n in notes] + [""]
    return lines


def _glossary() -> list[str]:
    return ["## What the terms mean", "", *[f"- **{term}**: {text}" for term, text in GLOSSARY], ""]


def _ids(s: Scenario, analyses: Sequence[Analysis]) -> list[str]:
    """The ids result.json uses, next to the names this page uses."""
    if not s.issues:
        return []
    lines = ["## Ids in result.json", "", "| id | what |", "|---|---|"]
    lines += [f"| `{p.id}` | {printable(p.name)} |" for p in s.parties]
    lines += [f"| `{i.id}` | {printable(i.name)} |" for i in s.issues]
    seen: set[str] = set()
    for a in analyses:
        for p in a.diagnosis.prices:
            if p.id not in seen:
                seen.add(p.id)
                lines.append(f"| `{p.id}` | {printable(p.text)} |")
    return [*lines, ""]


__all__ = ["GLOSSARY", "markdown_report"]
