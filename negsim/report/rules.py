"""The "Decision rule" part of a report: power, coalitions, blocking coalitions and win-sets, in words.

:func:`section` plugs into ``negsim run`` when the scenario has a ``rule:`` (or an agenda
has one, or a party has ``ratification:``); :func:`power_tables` is what ``negsim power``
prints. The numbers come from :mod:`negsim.rules`.

Example:
    >>> import negsim
    >>> r = negsim.run(negsim.load(negsim.bundled("eu-council-qmv")), steps=["rules"])
    >>> section(r.sections["rules"], None).title
    'Decision rule'
    >>> "rules" in negsim.run(negsim.load(negsim.bundled("nash-bill-and-jack")), steps=["rules"]).sections
    False
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from negsim.report.section import ReportSection
from negsim.rules.analysis import RuleAnalysis
from negsim.rules.profile import RuleProfile
from negsim.rules.section import RulesSection
from negsim.wording import count_text, printable

SOLUTION_LABELS = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky", "egalitarian": "Egalitarian",
                   "utilitarian": "Utilitarian"}


def section(rs: RulesSection, figures_dir: Path | None) -> ReportSection:
    """The ``negsim run`` section "Decision rule" (figures drawn into ``figures_dir`` unless it is None)."""
    profile = rs.profile
    names = {pid: printable(name) for pid, name in rs.names.items()}
    power_fig = _power_figure(profile, names, figures_dir) if figures_dir is not None else None
    md = [f"Rule: **{printable(profile.rule.describe())}**.", "",
          *power_markdown(profile, names, power_fig.name if power_fig else None)]
    tables: list[RenderableType] = power_tables(profile, names)
    figures = [power_fig] if power_fig else []
    if not rs.has_issues:
        note = "This file has no issues: only the rule is analysed (`negsim power FILE` prints it alone)."
        md.append(f"*{note}*")
        tables.insert(0, Text(note, style="yellow"))
    for key, title in rs.titles.items():
        if key in rs.errors:
            md += [f"### {printable(title)}", "", f"*{printable(rs.errors[key])}*", ""]
            continue
        ra = rs.analyses[key]
        paths = _analysis_figures(ra, names, figures_dir, key) if figures_dir is not None else []
        figures += paths
        md += [f"### {printable(title)}", "", *analysis_markdown(ra, names, [p.name for p in paths]), ""]
        tables += analysis_tables(ra, names, title)
    return ReportSection("rules", "Decision rule", "\n".join(md), tables, figures)


def _power_figure(profile: RuleProfile, names: dict[str, str], folder: Path) -> Path:
    from negsim.plot.rules import power_bars
    from negsim.report.figures import save_figure

    return save_figure(lambda: power_bars(profile.power, profile.rule, names).figure, folder / "rule_power.png")


def _analysis_figures(ra: RuleAnalysis, names: dict[str, str], folder: Path, key: str) -> list[Path]:
    from negsim.plot.rules import coalition_matrix, win_sets
    from negsim.report.figures import save_figure

    out = []
    if ra.agreeing:
        out.append(save_figure(lambda: coalition_matrix(ra, names).figure, folder / f"rule_coalitions_{key}.png"))
    ratification = ra.ratification
    if ratification is not None:
        out.append(save_figure(lambda: win_sets(ratification, names).figure, folder / f"rule_win_sets_{key}.png"))
    return out


# --- power -----------------------------------------------------------------------------------

def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def power_tables(profile: RuleProfile, names: dict[str, str]) -> list[RenderableType]:
    """Rich tables: the indices per player, then Baron–Ferejohn shares (when they apply)."""
    p = profile.power
    t = Table(title=f"Voting power — {profile.rule.describe()}", title_justify="left")
    for col in ("party", "Shapley–Shubik", "Banzhaf", "Banzhaf (normalised)", "swings"):
        t.add_column(col, justify="left" if col == "party" else "right")
    for k, pid in enumerate(p.players):
        se = {key: f" ± {1.96 * v[k]:.4f}" for key, v in p.se.items()}
        t.add_row(names.get(pid, pid), f"{p.shapley_shubik[k]:.4f}{se.get('shapley_shubik', '')}",
                  f"{p.banzhaf[k]:.4f}{se.get('banzhaf', '')}",
                  f"{p.banzhaf_normalised[k]:.4f}{se.get('banzhaf_normalised', '')}",
                  count_text(p.swings[k]) if p.swings else "—")
    t.caption = _power_caption(profile, names)
    t.caption_justify = "left"
    out: list[RenderableType] = [t]
    if profile.legislative is not None:
        out.append(_legislative_table(profile, names))
    return out


def _power_caption(profile: RuleProfile, names: dict[str, str]) -> str:
    p = profile.power
    lines = ["Banzhaf: swings / 2^(n−1); normalised: swings / all swings; Shapley–Shubik: share of orders "
             "in which the party is pivotal."]
    if p.exact:
        lines.append("Exact (generating functions)."
                     + (f" Dummies (never pivotal): {', '.join(names.get(d, d) for d in p.dummies)}." if p.dummies
                        else ""))
    else:
        lines.append(f"Monte Carlo estimate: {p.samples:,} draws, seed {p.seed}; ± is a 95% interval. {p.note}")
    if profile.veto_players:
        lines.append(f"Veto players: {', '.join(names.get(v, v) for v in profile.veto_players)}.")
    mw = profile.minimal_winning
    lines.append(f"Minimal winning coalitions: {'' if mw.complete else 'at least '}{len(mw.masks):,}.")
    return "\n".join(lines)


def _legislative_table(profile: RuleProfile, names: dict[str, str]) -> Table:
    bf = profile.legislative
    assert bf is not None
    t = Table(title=f"Legislative bargaining (Baron–Ferejohn, closed rule, {bf.quota} votes to pass, "
                    f"δ = {bf.delta:g})", title_justify="left")
    for col in ("party", "recognised with", "keeps as proposer", "vote price", "expected share"):
        t.add_column(col, justify="left" if col == "party" else "right")
    for pid in bf.players:
        t.add_row(names.get(pid, pid), f"{bf.recognition[pid]:.3f}", f"{bf.keeps[pid]:.4f}", f"{bf.price[pid]:.4f}",
                  f"{bf.value[pid]:.4f}")
    return t


def power_markdown(profile: RuleProfile, names: dict[str, str], figure: str | None = None) -> list[str]:
    """Markdown: the indices per player, Baron–Ferejohn shares, and the figure."""
    p = profile.power
    lines = ["| party | Shapley–Shubik | Banzhaf | Banzhaf (normalised) |", "|---|---:|---:|---:|"]
    for k, pid in enumerate(p.players):
        exact = f" ({p.shapley_shubik_exact[k]})" if p.shapley_shubik_exact and \
            p.shapley_shubik_exact[k].denominator <= 1000 else ""
        lines.append(f"| {names.get(pid, pid)} | {p.shapley_shubik[k]:.4f}{exact} | {p.banzhaf[k]:.4f} | "
                     f"{p.banzhaf_normalised[k]:.4f} |")
    lines += ["", _power_caption(profile, names).replace("\n", " "), ""]
    bf = profile.legislative
    if bf is not None:
        lines += [f"Legislative bargaining benchmark (Baron & Ferejohn 1989; closed rule, {bf.quota} votes to pass, "
                  f"δ = {bf.delta:g}, equal recognition unless given): a proposer keeps "
                  + ", ".join(f"{names.get(k, k)} {v:.3f}" for k, v in bf.keeps.items())
                  + "; it buys the cheapest votes at their continuation value ("
                  + ", ".join(f"{names.get(k, k)} {v:.3f}" for k, v in bf.price.items()) + ").", ""]
    elif profile.legislative_note:
        lines += [f"*Baron–Ferejohn shares not computed: {profile.legislative_note}.*", ""]
    if figure:
        lines += [f"![voting power](figures/{figure})", ""]
    return lines


# --- the analysis under the rule -------------------------------------------------------------------

def analysis_tables(ra: RuleAnalysis, names: dict[str, str], title: str) -> list[RenderableType]:
    """Rich tables: the coalitions that can agree with their solutions, or the blocking coalitions."""
    t = Table(title=f"{title}: {_zopa_sentence(ra)}", title_justify="left")
    t.add_column("coalition that can agree")
    t.add_column("deals", justify="right")
    t.add_column("Nash deal")
    for c in ra.coalitions:
        nash = c.solutions["nash"]["deal"]
        t.add_row(" + ".join(names.get(m, m) for m in c.members), count_text(c.zopa),
                  ", ".join(f"{k}: {v}" for k, v in nash.items()) if nash else "—")
    more = len(ra.agreeing) - len(ra.coalitions)
    t.caption = f"and {more:,} more minimal winning coalitions that can agree" if more > 0 else None
    out: list[RenderableType] = [t] if ra.coalitions else []
    for label, search in (("Minimal blocking coalitions (their red lines keep every winning coalition from "
                           "agreeing)", ra.blocking), ("What it would take: smallest sets of parties whose red "
                                                   "lines, dropped, let a deal pass", ra.openings)):
        if search is not None:
            b = Table(title=label, title_justify="left")
            b.add_column("parties")
            for m in search.masks[:12]:
                b.add_row(" + ".join(names.get(x, x) for x in ra.rule.members(m)))
            b.caption = None if search.complete else f"search stopped at size {search.largest_size_searched}"
            out.append(b)
    if ra.ratification is not None:
        out.append(_ratification_table(ra, names))
    return out


def _zopa_sentence(ra: RuleAnalysis) -> str:
    return (f"{count_text(ra.zopa_rule)} of {count_text(ra.deals_total)} deals pass under the rule "
            f"({count_text(ra.zopa_unanimity)} under unanimity)")


def _verb(effect: str) -> str:
    return "stays the same" if effect == "unchanged" else effect


def _ratification_table(ra: RuleAnalysis, names: dict[str, str]) -> Table:
    r = ra.ratification
    assert r is not None
    t = Table(title=f"Ratification at home: with the win-sets the zone of agreement {_verb(r.effect)}",
              title_justify="left")
    for col in ("party", "negotiator accepts", "win-set", "both"):
        t.add_column(col, justify="left" if col == "party" else "right")
    for w in r.win_sets:
        t.add_row(names.get(w.party, w.party), count_text(w.negotiator), count_text(w.win_set), count_text(w.both))
    t.caption = (f"deals passing under the rule: {count_text(r.zopa_without['rule'])} with the negotiators' red "
                 f"lines, {count_text(r.zopa_with['rule'])} with the win-sets")
    return t


def analysis_markdown(ra: RuleAnalysis, names: dict[str, str], figures: Sequence[str] = ()) -> list[str]:
    """Markdown for one agenda: the zone under the rule, coalitions, blocking coalitions, win-sets."""
    def who(members: Sequence[str]) -> str:
        return " + ".join(names.get(m, m) for m in members)

    lines = [f"{_zopa_sentence(ra).capitalize()}.", ""]
    n_agree = len(ra.agreeing)
    if ra.winning_complete:
        lines += [f"{n_agree:,} minimal winning coalition{'s' if n_agree != 1 else ''} can agree.", ""]
    else:
        lines += [f"At least {n_agree:,} minimal winning coalitions can agree (the listing stopped there).", ""]
    for c in ra.coalitions:
        lines += [f"**{who(c.members)}** — {count_text(c.zopa)} deals, frontier of {c.frontier_size}:", "",
                  "| solution | deal | utilities |", "|---|---|---|"]
        for key, label in SOLUTION_LABELS.items():
            sol = c.solutions[key]
            deal = ", ".join(f"{k}: {v}" for k, v in sol["deal"].items()) if sol["deal"] else "—"
            utils = ", ".join(f"{names.get(m, m)} {u:.3f}" for m, u in (sol["utilities"] or {}).items())
            lines.append(f"| {label} | {printable(deal)} | {utils} |")
        lines.append("")
    for label, search in (("Minimal blocking coalitions", ra.blocking), ("What it would take", ra.openings)):
        if search is not None:
            items = [who(ra.rule.members(m)) for m in search.masks[:12]]
            stop = "" if search.complete else f" (search stopped at size {search.largest_size_searched})"
            lines += [f"**{label}**{stop}: " + ("; ".join(items) if items else "none") + ".", ""]
    if ra.ratification is not None:
        r = ra.ratification
        lines += ["| party | negotiator accepts | win-set | both |", "|---|---:|---:|---:|"]
        lines += [f"| {names.get(w.party, w.party)} | {w.negotiator:,} | {w.win_set:,} | {w.both:,} |"
                  for w in r.win_sets]
        lines += ["", f"With the win-sets the zone under the rule {_verb(r.effect)}: "
                      f"{r.zopa_without['rule']:,} → "
                      f"{r.zopa_with['rule']:,} deals (unanimity: {r.zopa_without['unanimity']:,} → "
                      f"{r.zopa_with['unanimity']:,}).", ""]
    lines += [f"![{f.replace('_', ' ')}](figures/{f})" for f in figures]
    return lines


__all__ = ["analysis_markdown", "analysis_tables", "power_markdown", "power_tables", "section"]
