"""Students' own negotiators: loaded from a file or module by name, and a faulty one does not stop a tournament."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import negsim
from negsim.cli import main as negsim_cli
from negsim.dynamics import build_domain, negotiate
from negsim.dynamics.loading import is_reference, load_reference, load_strategy
from negsim.dynamics.strategies import Negotiator
from negsim.dynamics.tournament import play
from negsim.errors import NegsimError

AGENTS = '''
from negsim.dynamics.strategies import Negotiator


class Stubborn(Negotiator):
    name = "stubborn"

    def target(self, t, history):
        keep = 0.9 if t < self.rounds - 3 else 0.5
        return self.view.floor + keep * (self.view.best - self.view.floor)


class Crashy(Negotiator):
    def propose(self, t, history):
        if t >= 2:
            raise ValueError("oops")
        return super().propose(t, history)


class Liar(Negotiator):
    name = "liar"

    def propose(self, t, history):
        return "deal 3"


class Grumpy(Negotiator):
    name = "grumpy"

    def respond(self, t, history, offer):
        return "no"


class Broken(Negotiator):
    name = "broken"

    def __init__(self, *args, **kwargs):
        raise RuntimeError("cannot start")
'''


@pytest.fixture
def agents(tmp_path: Path) -> Path:
    path = tmp_path / "my_agents.py"
    path.write_text(AGENTS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dollar():
    return build_domain(negsim.load(negsim.bundled("divide-the-dollar")))


def test_references_are_told_from_registered_names() -> None:
    assert is_reference("my_agents.py:Stubborn")
    assert is_reference("dir/my agents.py:Stubborn:keep=0.8")
    assert is_reference("my_pkg.agents:Stubborn")
    assert not is_reference("conceder:exponent=3")
    assert not is_reference("boulware")


def test_a_class_loads_from_a_file_with_its_parameters(agents: Path) -> None:
    cls, params = load_reference(f"{agents}:Stubborn")
    assert issubclass(cls, Negotiator) and cls.name == "stubborn" and params == {}
    unnamed = load_strategy(agents, "Crashy")
    assert unnamed.name == "Crashy"          # no `name` in the class: its class name


def test_a_student_strategy_negotiates_as_a_scripted_match(agents: Path, dollar) -> None:
    """Stubborn (Bob) asks for 90 cents until three rounds before the deadline, then for 50; a hardliner
    Alice asks for 100 throughout and accepts nothing less, so there is no deal."""
    stubborn = load_strategy(agents, "Stubborn")
    r = negotiate(dollar, {"alice": "hardliner", "bob": stubborn}, rounds=10)
    assert [(s.proposer, s.deal["share"]) for s in r.trace] == [
        ("alice", "100"), ("bob", "10"), ("alice", "100"), ("bob", "10"), ("alice", "100"), ("bob", "10"),
        ("alice", "100"), ("bob", "50"), ("alice", "100"), ("bob", "50")]
    assert not r.outcome.agreement and r.fault is None and r.strategies["bob"]["name"] == "stubborn"


@pytest.mark.parametrize(("cls", "round_", "error"), [
    ("Crashy", 2, "respond() raised ValueError: oops"),      # answering in round 2, AC_next asks for its offer
    ("Liar", 0, "propose() returned 'deal 3', not a deal index"),
    ("Grumpy", 0, "not True or False"),
    ("Broken", None, "RuntimeError: cannot start"),
])
def test_a_fault_is_reported_by_name_and_round(agents: Path, dollar, cls: str, round_: int | None,
                                               error: str) -> None:
    bad = load_strategy(agents, cls)
    r = negotiate(dollar, {"alice": "conceder", "bob": bad}, rounds=10)
    assert not r.outcome.agreement and r.fault is not None
    assert (r.fault.strategy, r.fault.party, r.fault.round) == (bad.name, "bob", round_)
    assert error in r.fault.error and error in r.outcome.reason
    assert r.to_dict()["fault"]["strategy"] == bad.name


def test_the_tournament_goes_on_and_lists_the_faults(agents: Path, dollar) -> None:
    liar, stubborn = load_strategy(agents, "Liar"), load_strategy(agents, "Stubborn")
    t = play(dollar, ["conceder", stubborn, liar], seeds=2, rounds=10)
    assert len(t.cells) == 9
    clean = [c for c in t.cells if "liar" not in c.profile]
    assert all(c.agreement_rate == 1.0 and not c.faults for c in clean)
    assert {f["strategy"] for f in t.faults} == {"liar"}
    assert all(f["round"] == 0 for f in t.faults)
    json.dumps(t.to_dict())                   # plain data


def test_an_invalid_offer_index_is_a_fault(dollar) -> None:
    class OutOfRange(Negotiator):
        name = "out_of_range"

        def propose(self, t, history):
            return 10**6

    r = negotiate(dollar, {"alice": OutOfRange}, rounds=3)
    assert r.fault is not None and "deals are 0..100" in r.fault.error


def test_loading_errors_are_clear(tmp_path: Path, agents: Path) -> None:
    with pytest.raises(NegsimError, match=r"no class `Stuborn`.*did you mean.*Stubborn"):
        load_strategy(agents, "Stuborn")
    with pytest.raises(NegsimError, match="no strategy file"):
        load_strategy(tmp_path / "missing.py", "X")
    bad = tmp_path / "bad.py"
    bad.write_text("x = (\n", encoding="utf-8")
    with pytest.raises(NegsimError, match="line 1: SyntaxError"):
        load_strategy(bad, "X")
    boom = tmp_path / "boom.py"
    boom.write_text("import math\n\nraise KeyError('no')\n", encoding="utf-8")
    with pytest.raises(NegsimError, match="line 3: KeyError"):
        load_strategy(boom, "X")
    notneg = tmp_path / "plain.py"
    notneg.write_text("class X:\n    pass\n", encoding="utf-8")
    with pytest.raises(NegsimError, match="not a negotiator"):
        load_strategy(notneg, "X")
    clash = tmp_path / "clash.py"
    clash.write_text("from negsim.dynamics.strategies import Negotiator\nclass X(Negotiator):\n    name = 'boulware'\n")
    with pytest.raises(NegsimError, match="name of a built-in strategy"):
        load_strategy(clash, "X")


def test_a_scenario_cannot_name_code_to_load(tmp_path: Path, agents: Path) -> None:
    """Only the user's command line loads code: a scenario's protocol names registered strategies only."""
    text = negsim.bundled("divide-the-dollar").read_text(encoding="utf-8")
    path = tmp_path / "evil.yaml"
    assert "    alice: boulware\n" in text
    path.write_text(text.replace("    alice: boulware\n", "    alice: 'my_agents.py:Stubborn'\n"), encoding="utf-8")
    with pytest.raises(negsim.ScenarioError, match=r"protocol\.strategies\.alice"):
        negsim.load(path)


def test_the_command_line_enters_a_student_strategy(agents: Path) -> None:
    runner = CliRunner()
    sim = runner.invoke(negsim_cli, ["simulate", "divide-the-dollar", "--strategy", f"bob={agents}:Stubborn",
                                     "--rounds", "10", "--format", "json"])
    assert sim.exit_code == 0, sim.output
    assert json.loads(sim.output)["strategies"]["bob"]["name"] == "stubborn"
    tour = runner.invoke(negsim_cli, ["tournament", "divide-the-dollar", "--seeds", "1", "--rounds", "10",
                                      "--strategies", "conceder", "--strategy", f"{agents}:Stubborn",
                                      "--strategy", f"bob={agents}:Liar", "--format", "json"])
    assert tour.exit_code == 0, tour.output
    data = json.loads(tour.output)
    assert data["strategies"] == {"alice": ["conceder", "stubborn"], "bob": ["conceder", "stubborn", "liar"]}
    assert {f["strategy"] for f in data["faults"]} == {"liar"}
    text = runner.invoke(negsim_cli, ["tournament", "divide-the-dollar", "--seeds", "1", "--rounds", "10",
                                      "--strategies", "conceder", "--strategy", f"bob={agents}:Liar"])
    assert text.exit_code == 0 and "strategy `liar` of bob failed in round 0" in text.output.replace("\n", " ")


def test_command_line_mistakes_exit_1_without_a_traceback(agents: Path) -> None:
    runner = CliRunner()
    for args in (["simulate", "divide-the-dollar", "--strategy", f"bob={agents}:Nope"],
                 ["tournament", "divide-the-dollar", "--strategy", f"carol={agents}:Stubborn"],
                 ["simulate", "divide-the-dollar", "--strategy", "bob=missing.py:X"]):
        r = runner.invoke(negsim_cli, args)
        assert r.exit_code == 1 and "Traceback" not in r.output, r.output
