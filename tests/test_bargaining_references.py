"""Published bargaining cases (../shared/REFERENCES.md) reproduced by the engine."""

from __future__ import annotations

import numpy as np
import pytest

import negsim
from negsim.bargaining import solutions as sol
from negsim.bargaining.pareto import pareto_indices
from negsim.scenario import from_dict


def test_nash_1950_bill_and_jack_published_trade() -> None:
    """Nash (1950), Econometrica 18(2): Bill gives book, whip, ball, bat; Jack gives pen, toy, knife; gains (12, 5)."""
    a = negsim.analyze(negsim.load(negsim.bundled("nash-bill-and-jack")))
    nash = a.solutions["nash"]
    traded = {good for good, option in nash.deal.items() if option == "trade"}
    assert traded == {"book", "whip", "ball", "bat", "pen", "toy", "knife"}
    assert nash.gains["bill"] * 34 == pytest.approx(12)
    assert nash.gains["jack"] * 16 == pytest.approx(5)
    assert nash.ties == 1
    # objective = product of gains^(1/2) with powers normalised to sum 1: squared, Nash's product 60
    assert nash.value**2 * 34 * 16 == pytest.approx(60)
    # also the unique maximum over the convex hull of all 512 trades
    lot = a.convex["nash"]
    assert len(lot.lottery) == 1 and lot.lottery[0][0] == nash.deal


def test_kalai_smorodinsky_1975_nash_not_monotone() -> None:
    """Kalai & Smorodinsky (1975), Econometrica 43(3): Nash(S)=(.75,.75), Nash(T)=(1,.7); KS moves up on T."""
    d = np.zeros(2)
    S = np.array([[0, 0], [0, 1], [0.75, 0.75], [1, 0]])
    T = np.array([[0, 0], [0, 1], [1, 0.7], [1, 0]])
    assert sol.nash_convex(S, d).utilities == pytest.approx((0.75, 0.75))
    assert sol.nash_convex(T, d).utilities == pytest.approx((1.0, 0.7))
    assert sol.kalai_smorodinsky_convex(S, d).utilities == pytest.approx((0.75, 0.75))
    ks_t = sol.kalai_smorodinsky_convex(T, d).utilities
    assert ks_t[1] > 0.75 and ks_t == pytest.approx((1 / 1.3, 1 / 1.3))


def _pie(d1: float, d2: float, power1: float, power2: float, step: float = 0.01, value2: dict | None = None) -> dict:
    return {
        "negsim": 1,
        "parties": [{"id": "p1", "no_deal": d1, "power": power1}, {"id": "p2", "no_deal": d2, "power": power2}],
        "issues": [{"id": "share", "range": [0, 1], "step": step}],
        "preferences": {"p1": {"values": {"share": {0: 0, 1: 1}}},
                        "p2": {"values": {"share": value2 or {0: 1, 1: 0}}}},
    }


def test_generalized_nash_asymmetric_power() -> None:
    """Asymmetric Nash (Kalai 1977): pie 1, d = (0.2, 0.1), tau = 0.3 → u1 = d1 + tau (1 - d1 - d2) = 0.41."""
    a = negsim.analyze(from_dict(_pie(0.2, 0.1, 0.3, 0.7)))
    assert a.solutions["nash"].utilities["p1"] == pytest.approx(0.41)
    assert a.convex["nash"].utilities["p1"] == pytest.approx(0.41)


def test_nash_risk_aversion_osborne_rubinstein() -> None:
    """Osborne & Rubinstein (1990) ch. 2: u2(y) = y^a, d = 0 → x1 = 1/(1+a); a = 1/2 → 2/3."""
    ys = np.linspace(0, 1, 401)
    value2 = {round(1 - y, 6): float(np.sqrt(y)) for y in ys}  # share = what p1 gets
    a = negsim.analyze(from_dict(_pie(0.0, 0.0, 1, 1, step=0.001, value2=value2)))
    assert a.solutions["nash"].utilities["p1"] == pytest.approx(2 / 3, abs=2e-3)


def _four_issue_scoring() -> dict:
    """REFERENCES case 10 (constructed, Raiffa 1982 ch. 11 style): points per level, BATNA 500 each."""
    x = {"A": [0, 200, 400], "B": [0, 300, 600], "C": [200, 100, 0], "D": [0, 100, 200]}
    y = {"A": [400, 200, 0], "B": [200, 100, 0], "C": [0, 300, 600], "D": [0, 100, 200]}

    def prefs(points: dict[str, list[int]]) -> dict:
        top = {k: max(v) for k, v in points.items()}
        return {"weights": top, "values": {k: {f"{k}{i + 1}": v / top[k] for i, v in enumerate(vals)}
                                           for k, vals in points.items()}}

    total_x, total_y = 400 + 600 + 200 + 200, 400 + 200 + 600 + 200
    return {
        "negsim": 1,
        "parties": [{"id": "x", "no_deal": 500 / total_x}, {"id": "y", "no_deal": 500 / total_y}],
        "issues": [{"id": k, "options": [f"{k}1", f"{k}2", f"{k}3"]} for k in "ABCD"],
        "preferences": {"x": prefs(x), "y": prefs(y)},
        "_totals": (total_x, total_y),
    }


def test_four_issue_scoring_example() -> None:
    """REFERENCES case 10: 81 packages, 44 in the ZOPA, the 7-point frontier, Nash (1000, 1000) at A2 B3 C3 D3."""
    data = _four_issue_scoring()
    tx, ty = data.pop("_totals")
    a = negsim.analyze(from_dict(data))
    assert a.deals_total == 81
    assert a.zopa_size == 44
    # the published frontier is that of all 81 packages; the feasible part is where both reach 500
    space = negsim.build_space(from_dict({k: v for k, v in _four_issue_scoring().items() if k != "_totals"}))
    u = space.utilities()
    whole = {(round(u[i, 0] * tx), round(u[i, 1] * ty)) for i in pareto_indices(u)}
    assert sorted(whole) == [(200, 1400), (500, 1300), (800, 1200), (1000, 1000), (1200, 800), (1300, 500),
                             (1400, 200)]
    feasible = sorted((round(p.utilities["x"] * tx), round(p.utilities["y"] * ty)) for p in a.frontier)
    assert feasible == [(500, 1300), (800, 1200), (1000, 1000), (1200, 800), (1300, 500)]
    nash = a.solutions["nash"]
    assert nash.deal == {"A": "A2", "B": "B3", "C": "C3", "D": "D3"}
    assert nash.ties == 1
    assert (round(nash.utilities["x"] * tx), round(nash.utilities["y"] * ty)) == (1000, 1000)
    # splitting the difference on every issue is dominated: (700, 700)
    mid = negsim.build_space(from_dict({k: v for k, v in _four_issue_scoring().items() if k != "_totals"}))
    u = mid.utilities_of(np.array([mid.index_of({"A": "A2", "B": "B2", "C": "C2", "D": "D2"})]))[0]
    assert (round(u[0] * tx), round(u[1] * ty)) == (700, 700)


def test_seed_full_package_has_no_deal_because_enlargement_red_lines_collide() -> None:
    """The seed case: no ZOPA on the full package; the NATO enlargement red lines of both sides collide."""
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    a = negsim.analyze(s)
    assert a.zopa_size == 0
    assert all(v.deal is None for v in a.solutions.values())
    conflicts = [set(c) for c in a.diagnosis.conflicts]
    assert {"russia.red_lines[0]", "usa.red_lines[0]"} in conflicts
    assert {"russia.red_lines[0]", "nato_allies.red_lines[0]"} in conflicts
    assert {"russia.red_lines[1]", "nato_allies.red_lines[1]"} in conflicts


def test_seed_arms_control_agenda_has_a_zone_of_agreement() -> None:
    """The seed case: the missiles/transparency/exercises package has a non-empty ZOPA."""
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    a = negsim.analyze(s, "arms_control")
    assert a.zopa_size > 0
    assert a.solutions["nash"].deal["intermediate_missiles"] == "reciprocal_limits_and_verification"
    assert "form" in a.off_table and a.off_table["form"] == "political_dialogue"


def test_unknown_agenda_is_a_clear_error() -> None:
    s = negsim.load(negsim.bundled("security-guarantees-2021"))
    with pytest.raises(negsim.NegsimError, match="did you mean `arms_control`"):
        negsim.analyze(s, "arms_contrl")
