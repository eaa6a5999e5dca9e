"""Hold-firm-or-concede games derived from bargaining scenarios, checked against hand computation."""

from __future__ import annotations

import numpy as np
import pytest

import negsim
from negsim.errors import NegsimError
from negsim.games.classify import classify
from negsim.games.derived import STRATEGIES, derive, derived_game

# One issue: a's share in quarters. u_a = share, u_b = 1 − share; floors 0.2 (a) and 0.3 (b); a never takes 0.
# a concedes: best for b among a-acceptable {¼, ½, ¾, 1} → ¼ → (0.25, 0.75).
# b concedes: best for a among b-acceptable {0, ¼, ½} → ½ → (0.5, 0.5).
# Nash over {¼, ½}: (0.05 × 0.45 = 0.0225) < (0.3 × 0.2 = 0.06) → ½ → (0.5, 0.5). Both firm: (0.2, 0.3).
TEXT = """
negsim: 1
parties: [{id: a, no_deal: 0.2}, {id: b, no_deal: 0.3}]
issues:
  - {id: share, options: [q0, q1, q2, q3, q4]}
preferences:
  a:
    values: {share: {q0: 0, q1: 0.25, q2: 0.5, q3: 0.75, q4: 1}}
    red_lines: [{issue: share, never: [q0]}]
  b:
    values: {share: {q0: 1, q1: 0.75, q2: 0.5, q3: 0.25, q4: 0}}
"""


def test_hand_computed_derived_game() -> None:
    d = derive(negsim.loads(TEXT), "a", "b")
    assert d.game.A.tolist() == [[0.2, 0.5], [0.25, 0.5]]
    assert d.game.B.tolist() == [[0.3, 0.5], [0.75, 0.5]]
    assert d.cells[("concede", "firm")] == {"share": "q1"} and d.cells[("firm", "concede")] == {"share": "q2"}
    assert d.cells[("firm", "firm")] is None
    assert d.acceptable_to_both == {("firm", "firm"): False, ("concede", "firm"): True,
                                    ("firm", "concede"): True, ("concede", "concede"): True}


def test_ties_prefer_a_deal_the_gainer_can_accept() -> None:
    """b gives a 0.5 in three deals; only those a can accept (x ≠ lo) may be the conceded deal."""
    text = """
negsim: 1
parties: [{id: a, no_deal: 0.3}, {id: b, no_deal: 0.3}]
issues: [{id: x, options: [lo, mid, hi]}, {id: y, options: [lo, mid, hi]}]
preferences:
  a:
    values: {x: {lo: 0, mid: 0.5, hi: 1}, y: {lo: 0, mid: 0.5, hi: 1}}
    red_lines: [{issue: x, never: [lo]}]
  b: {values: {x: {lo: 1, mid: 0.5, hi: 0}, y: {lo: 1, mid: 0.5, hi: 0}}}
"""
    d = derive(negsim.loads(text), "a", "b")
    assert d.cells[("firm", "concede")] is not None and d.cells[("firm", "concede")]["x"] != "lo"
    assert d.acceptable_to_both[("firm", "concede")]


def test_concession_follows_the_definition_on_the_seed_scenario() -> None:
    """Cells recomputed from the outcome space with plain numpy (the rule, written independently)."""
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    for agenda in (None, "arms_control"):
        space = negsim.build_space(s, agenda)
        U = np.round(space.utilities(), 9)
        ia, ib = space.parties.index("russia"), space.parties.index("usa")
        ok = space.acceptable("russia")
        best_for_usa = U[ok, ib].max()
        usa_accepts = space.acceptable("usa")
        # by default the firm side turns down a concession it cannot accept: then no deal
        taken = bool(np.any(ok & usa_accepts & (U[:, ib] == best_for_usa)))
        g = derived_game(s, "russia", "usa", agenda)
        assert g.B[1, 0] == pytest.approx(best_for_usa if taken else space.no_deal[ib])
        assert g.A[0, 0] == pytest.approx(space.no_deal[ia]) and g.B[0, 0] == pytest.approx(space.no_deal[ib])
        nash = negsim.analyze(s, agenda).solutions["nash"]
        expected = space.no_deal[[ia, ib]] if nash.index is None else U[nash.index, [ia, ib]]
        assert (g.A[1, 1], g.B[1, 1]) == pytest.approx(tuple(expected))
        assert classify(g) is not None


def test_rejected_concessions_can_count_as_no_deal() -> None:
    """Core agenda of the seed scenario: the US concession is below Russia's floor (Russia can refuse it)."""
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    strict = derive(s, "russia", "usa", "core")  # the default: the firm side turns it down
    loose = derive(s, "russia", "usa", "core", rejected_means_no_deal=False)
    refused = [c for c, ok in loose.acceptable_to_both.items() if c[0] != c[1] and not ok]
    assert refused and all(strict.cells[c] is None for c in refused)
    for r, c in refused:  # the refused cell pays the no-deal utilities, like (firm, firm)
        i, j = STRATEGIES.index(r), STRATEGIES.index(c)
        assert (strict.game.A[i, j], strict.game.B[i, j]) == (loose.game.A[0, 0], loose.game.B[0, 0])


def test_unknown_party_is_a_user_error() -> None:
    s = negsim.loads(TEXT)
    with pytest.raises(NegsimError, match="not a party"):
        derived_game(s, "a", "zed")


@pytest.mark.parametrize("name", ["security-guarantees-2021", "job-offer", "four-issue-scoring", "divide-the-dollar",
                                  "supply-chain-three-party"])
def test_walking_and_merging_find_the_same_concessions(name: str) -> None:
    """The two ways of finding the concessions (walking the deals, merged frontiers) agree on the bundled cases."""
    import negsim.games.derived as derived_mod
    from negsim.engine import analyze_space
    from negsim.space import build_space

    s = negsim.load(negsim.bundled(name))
    a, b = s.party_ids[:2]
    for agenda in [None, *(x.id for x in s.agendas)]:
        space = build_space(s, agenda)
        analysis = analyze_space(space)
        walked = derived_mod.derive_from(space, analysis, a, b)
        old = derived_mod.WALK_UP_TO
        derived_mod.WALK_UP_TO = 0
        try:
            merged = derived_mod.derive_from(space, analysis, a, b)
        finally:
            derived_mod.WALK_UP_TO = old
        assert walked.cells == merged.cells, (name, agenda)
