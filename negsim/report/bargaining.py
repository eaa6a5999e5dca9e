"""Turn bargaining analyses into words: the terminal summary and report.md.

Nothing here computes; it only formats what the engine returned.

Example:
    >>> import negsim
    >>> s = negsim.load(negsim.bundled("nash-bill-and-jack"))
    >>> zopa_text(negsim.analyze(s))
    '293 of 512 deals (57.2%)'

"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from negsim import __version__
from negsim.engine.result import SOLUTION_NAMES, Analysis
from negsim.report.section import ReportSection
from negsim.scenario.models import Scenario
from negsim.wording import count_text

# --- terminal ---------------------------------------------------------------------

def print_summary(console: Console, s: Scenario, analyses: Sequence[Analysis],
                  sections: Sequence[ReportSection]) -> None:
    """The readable terminal summary of a run."""
    if s.summary.strip():
        console.print(Panel(Text(s.summary.strip(), style="italic"), title=Text(s.title or "Scenario", style="bold"),
                            expand=False))
    else:
        console.print(Text(s.title or "Scenario", style="bold"))
    console.print(_parties_table(s))
    for a in analyses:
        console.rule(Text.assemble((a.agenda_name, "bold"),
                                   f" — {len(a.issues)} issues, {count_text(a.deals_total)} deals"))
        for renderable in analysis_renderables(a):
            console.print(renderable)
    for section in sections:
        console.rule(Text(section.title, style="bold"))
        for table in section.tables:
            console.print(table)


def _parties_table(s: Scenario) -> Table:
    t = Table(title="Parties", title_justify="left")
    for col in ("party", "no-deal utility", "power", "patience"):
        t.add_column(col, justify="left" if col == "party" else "right")
    for p in s.parties:
        t.add_row(p.name, f"{p.no_deal:.3f}", f"{p.power:g}", f"{p.patience:g}")
    return t


def analysis_renderables(a: Analysis) -> list[Any]:
    """The pieces of one analysis for the terminal: ZOPA line, diagnosis, solutions."""
    out: list[Any] = [_zopa_line(a)]
    if not a.has_deal:
        out.append(_conflicts_table(a))
        if a.diagnosis.openings:
            out.append(_openings_table(a))
        return out
    n = len(a.frontier)
    out.append(Text(f"Pareto frontier: {n} point{'s' if n != 1 else ''}. Engine: {a.method}."))
    out.append(_solutions_table(a))
    binding = a.diagnosis.binding
    out.append(Text("Binding red lines (dropping one moves the Nash deal): " + (", ".join(binding) or "none")))
    return out


def zopa_text(a: Analysis) -> str:
    """The ZOPA size, saying so when it is an estimate."""
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


def _conflicts_table(a: Analysis) -> Table:
    texts = {p.id: p.text for p in a.diagnosis.prices}
    t = Table(title="Why no deal: minimal sets of constraints that together leave no deal", title_justify="left")
    t.add_column("#", justify="right")
    t.add_column("constraints that collide")
    for k, conflict in enumerate(a.diagnosis.conflicts, 1):
        t.add_row(f"C{k}", "\n".join(f"{c}  ({texts[c]})" for c in conflict))
    if not a.diagnosis.complete:
        t.caption = "the list stopped early: there may be larger conflicting sets"
    return t


def _openings_table(a: Analysis) -> Table:
    t = Table(title="What it would take: smallest sets of constraints to drop to open a deal",
              title_justify="left")
    t.add_column("drop")
    t.add_column("deals opened", justify="right")
    for drop, n in a.diagnosis.openings[:6]:
        t.add_row(" + ".join(drop), f"{n:,}")
    return t


def _solutions_table(a: Analysis) -> Table:
    t = Table(title="Bargaining solutions (deal per issue, utility per party)", title_justify="left")
    t.add_column("")
    names = [n for n in SOLUTION_NAMES if a.solutions[n].deal is not None]
    for n in names:
        t.add_column(SOLUTION_NAMES[n].replace("–", "–\n") if len(names) > 3 else SOLUTION_NAMES[n])
    for iid in a.issues:
        t.add_row(_words(iid), *[_words(a.solutions[n].deal[iid]) for n in names])  # type: ignore[index]
    t.add_section()
    for p in a.parties:
        t.add_row(f"{a.party_names[p]} utility", *[f"{a.solutions[n].utilities[p]:.3f}" for n in names])  # type: ignore[index]
    t.add_row("tied deals", *[count_text(a.solutions[n].ties) for n in names])
    caption = ["tied deals: how many deals reach the same optimum (the one shown has the largest utility sum)"]
    if "nash" in a.convex and len(a.convex["nash"].lottery) > 1:
        lot = a.convex["nash"]
        prob = lot.lottery[0][1]
        gets = ", ".join(f"{a.party_names[k]} {v:.3f}" for k, v in lot.utilities.items())
        caption.append(f"Nash on the convex hull: a lottery, {prob:.2f} × one frontier deal and {1 - prob:.2f} × "
                       f"its neighbour, giving {gets} (deals in result.json)")
    t.caption = "\n".join(caption)
    t.caption_justify = "left"
    return t


def _words(label: str) -> str:
    """Ids read as words in the terminal, so long ones wrap between words."""
    return label.replace("_", " ")


# --- markdown -----------------------------------------------------------------------

def markdown_report(s: Scenario, analyses: Sequence[Analysis], sections: Sequence[ReportSection],
                    figures: dict[str | None, dict[str, Path]], out_dir: Path) -> str:
    """report.md: the story in words, with the figures."""
    lines = [f"# {s.title or 'Scenario'}", "", s.summary.strip(), "", f"*negsim {__version__}*", ""]
    lines += ["## Parties", "", "| party | no-deal utility | power | patience |", "|---|---:|---:|---:|"]
    lines += [f"| {p.name} | {p.no_deal:.3f} | {p.power:g} | {p.patience:g} |" for p in s.parties]
    lines.append("")
    for a in analyses:
        lines += _analysis_markdown(a, figures.get(a.agenda, {}), out_dir)
    for section in sections:
        lines += [f"## {section.title}", "", section.markdown.strip(), ""]
    lines += _sources_markdown(s)
    return _drop_missing_images("\n".join(lines), out_dir).rstrip() + "\n"


def _drop_missing_images(text: str, out_dir: Path) -> str:
    """Remove image lines whose file was not written (e.g. with --no-plots)."""
    kept = []
    for line in text.split("\n"):
        m = re.fullmatch(r"\s*!\[[^\]]*\]\(([^)]+)\)\s*", line)
        if m and not (out_dir / m.group(1)).exists():
            continue
        kept.append(line)
    return "\n".join(kept)


def _analysis_markdown(a: Analysis, figs: dict[str, Path], out_dir: Path) -> list[str]:
    lines = [f"## {a.agenda_name}", ""]
    if a.off_table:
        lines += ["Off the table (at status quo): " + ", ".join(f"{k} = {v}" for k, v in a.off_table.items()), ""]
    if a.has_deal:
        lines += [f"**Zone of possible agreement:** {zopa_text(a)} meet every red line and give every party "
                  f"at least its no-deal utility. The Pareto frontier has {_points(len(a.frontier))} "
                  f"(engine: {a.method}).", ""]
        lines += _solutions_markdown(a)
        binding = a.diagnosis.binding
        lines += [f"Binding red lines (dropping one alone would move the Nash deal): "
                  f"{', '.join(f'`{b}`' for b in binding) or 'none'}.", ""]
    else:
        lines += [f"**No deal.** None of the {count_text(a.deals_total)} deals meets every red line and no-deal floor. "
                  "These minimal sets of constraints collide (each set alone leaves no deal; drop any one "
                  "member and that set no longer blocks):", ""]
        texts = {p.id: p.text for p in a.diagnosis.prices}
        for k, conflict in enumerate(a.diagnosis.conflicts, 1):
            lines.append(f"{k}. " + " **×** ".join(f"`{c}` ({texts[c]})" for c in conflict))
        lines.append("")
        if a.diagnosis.openings:
            lines += ["Smallest sets of constraints whose removal opens a deal:", ""]
            lines += [f"- drop {' + '.join(f'`{d}`' for d in drop)} → {n:,} deal{'s' if n != 1 else ''}" for drop, n in
                      a.diagnosis.openings[:6]]
            lines.append("")
    for kind, caption in (("utility_space", "Utility space"), ("solutions_by_issue", "Solutions by issue"),
                          ("red_lines", "Red lines")):
        if kind in figs:
            lines += [f"![{caption}]({figs[kind].relative_to(out_dir).as_posix()})", ""]
    return lines


def _points(n: int) -> str:
    return f"{n} point{'s' if n != 1 else ''}"


def _solutions_markdown(a: Analysis) -> list[str]:
    names = [n for n in SOLUTION_NAMES if a.solutions[n].deal is not None]
    head = "| | " + " | ".join(SOLUTION_NAMES[n] for n in names) + " |"
    lines = [head, "|---" * (len(names) + 1) + "|"]
    for iid in a.issues:
        lines.append(f"| {iid} | " + " | ".join(a.solutions[n].deal[iid] for n in names) + " |")  # type: ignore[index]
    for p in a.parties:
        lines.append(f"| **{a.party_names[p]}** utility | "
                     + " | ".join(f"{a.solutions[n].utilities[p]:.3f}" for n in names) + " |")  # type: ignore[index]
    lines.append("| tied deals | " + " | ".join(count_text(a.solutions[n].ties) for n in names) + " |")
    lines.append("")
    if "nash" in a.convex and len(a.convex["nash"].lottery) > 1:
        lot = a.convex["nash"]
        lines += [f"On the convex hull (lotteries allowed), the Nash solution mixes two adjacent frontier deals "
                  f"with probabilities {lot.lottery[0][1]:.3f} / {lot.lottery[1][1]:.3f}, giving "
                  + ", ".join(f"{a.party_names[k]} {v:.3f}" for k, v in lot.utilities.items()) + ".", ""]
    return lines


def _sources_markdown(s: Scenario) -> list[str]:
    lines: list[str] = []
    if s.sources:
        lines += ["## Sources", ""] + [f"- {src}" for src in s.sources] + [""]
    notes = s.notes if isinstance(s.notes, list) else ([s.notes] if s.notes else [])
    if notes:
        lines += ["## Notes", ""] + [f"- {n.strip()}" for n in notes] + [""]
    return lines


def renderables(items: Sequence[Any]) -> Group:
    return Group(*items)
