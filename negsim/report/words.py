"""How a result's ids read as words: issue names with units, options, parties, constraints, deals, ties.

Reports speak the scenario author's language: an issue by its ``name`` (with its ``unit``),
an option as words (``legally_binding_ban`` → "legally binding ban"), a party by its name, a
constraint by its sentence. Ids stay in result.json and in a small reference table. Every
string from a user's file passes through :func:`negsim.wording.printable`, so no control
character reaches the terminal or report.md.

Example:
    >>> import negsim
    >>> a = negsim.analyze(negsim.load(negsim.bundled("divide-the-dollar")))
    >>> w = Words(a)
    >>> w.issue("share"), w.option("share", "34")
    ("Alice's share (cents)", '34')
    >>> w.solution_option(a.solutions["utilitarian"], "share")
    'any of 0 … 100 (101 tied)'
"""

from __future__ import annotations

from negsim.engine.result import Analysis, Solution
from negsim.wording import printable


class Words:
    """The words for one analysis's ids."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self.constraints = {p.id: p for p in analysis.diagnosis.prices}

    def issue(self, iid: str) -> str:
        """The issue's name, with its unit in parentheses when it has one."""
        return issue_words(iid, self.a.issue_names, self.a.units)

    def option(self, iid: str, label: str) -> str:
        """An option in words (numbers stay numbers)."""
        return option_words(label)

    def party(self, pid: str) -> str:
        return printable(self.a.party_names.get(pid, pid))

    def constraint(self, cid: str) -> str:
        """The constraint's sentence (its id when the analysis does not know it)."""
        c = self.constraints.get(cid)
        return printable(c.text) if c is not None else printable(cid)

    def reason(self, cid: str) -> str:
        c = self.constraints.get(cid)
        return printable(c.reason.strip()) if c is not None and c.reason.strip() else ""

    def deal(self, deal: dict[str, str] | None, issues: list[str] | None = None) -> str:
        """A deal as "issue: option; …" (None: no deal)."""
        return deal_words(deal, self.a.issue_names, self.a.units, issues)

    def solution_option(self, s: Solution, iid: str) -> str:
        """What a solution picks on one issue; a set when its tied deals differ there."""
        if s.deal is None:
            return "—"
        taken = s.tied_options.get(iid)
        if not taken:
            return self.option(iid, s.deal[iid])
        shown = (" / ".join(self.option(iid, o) for o in taken) if len(taken) <= 3
                 else f"{self.option(iid, taken[0])} … {self.option(iid, taken[-1])}")
        return f"any of {shown} ({s.ties:,} tied)"


def issue_words(iid: str, issue_names: dict[str, str], units: dict[str, str]) -> str:
    """An issue's name, with its unit in parentheses when it has one and the name does not say it.

    >>> issue_words("rent", {"rent": "Monthly rent"}, {"rent": "€"})
    'Monthly rent (€)'
    """
    name = printable(issue_names.get(iid, iid))
    unit = units.get(iid, "")
    return f"{name} ({printable(unit)})" if unit and unit not in name else name


def deal_words(deal: dict[str, str] | None, issue_names: dict[str, str], units: dict[str, str],
               issues: list[str] | None = None) -> str:
    """A deal as "issue: option; …" in the scenario's words (None: "no deal").

    >>> deal_words({"lease": "two_years"}, {"lease": "Lease length"}, {})
    'Lease length: two years'
    """
    if deal is None:
        return "no deal"
    keys = issues if issues is not None else list(deal)
    return "; ".join(f"{issue_words(i, issue_names, units)}: {option_words(deal[i])}" for i in keys if i in deal)


def option_words(label: str) -> str:
    """``legally_binding_ban`` → ``legally binding ban``; control characters escaped."""
    return printable(label).replace("_", " ")


__all__ = ["Words", "deal_words", "issue_words", "option_words"]
