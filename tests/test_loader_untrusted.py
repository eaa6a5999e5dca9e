"""Scenario files from other people: each reproduction of the reliability review (../shared/reviews/reliability.md,
section 1 and defects D1, D7, D17, D18, D20) is refused with a located message, or handled.

Expected behaviour comes from the review and from the YAML 1.2.2 specification (section 10.3,
the core schema), not from the loader's output.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from negsim.cli import main as negsim_cli
from negsim.errors import ScenarioError
from negsim.scenario import load, loads
from negsim.scenario.models import Agenda
from negsim.scenario.yaml12 import scalar
from negsim.scenario.yamlio import MAX_EXPANDED_CHARS, MAX_FILE_BYTES, read_yaml_text

SMALL = """\
negsim: 1
parties: [{id: a, no_deal: NODEAL}, {id: b}]
issues: [{id: price, options: [low, high]}]
preferences:
  a: {demands: {price: high}}
  b: {demands: {price: low}}
"""

GAME = """\
negsim: 1
parties: [{id: a}, {id: b}]
games:
  - id: g
    players: [a, b]
    strategies: {a: [x, y], b: [l, r]}
    payoffs:
      x: {l: [3, 3], r: [1, 2]}
      y: {l: [BIG, 1], r: [0, -1.0e15]}
"""


def amplified(length: int, aliases: int) -> str:
    """Probe Y4: a long text under an anchor, and a list of aliases to it (the review's D1 reproduction)."""
    return (f'negsim: 1\nsummary: &big "{"x" * length}"\nparties: [{{id: a}}, {{id: b}}]\n'
            "issues: [{id: price, options: [low, high]}]\n"
            "preferences:\n  a: {demands: {price: high}}\n  b: {demands: {price: low}}\n"
            "sources: [" + ",".join(["*big"] * aliases) + "]\n")


def only_problem(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        loads(text, "probe.yaml")
    [problem] = info.value.problems
    assert problem.file == "probe.yaml" and problem.line >= 1 and problem.column >= 1
    return str(problem)


# --- D1: aliases to long text ------------------------------------------------------------------------------

@pytest.mark.parametrize(("length", "aliases"), [(490_000, 99_000), (100_000, 10_000), (100_000, 1_000)])
def test_alias_amplification_of_text_is_refused_quickly(length: int, aliases: int) -> None:
    """Y4 (985 KB asking for ~49 GB), Y4b (1 GB), Y4c (100 MB report): refused, located at `sources`."""
    text = amplified(length, aliases)
    assert len(text) < MAX_FILE_BYTES
    start = time.process_time()
    message = only_problem(text)
    assert time.process_time() - start < 5  # generous: the refusal takes well under a second
    assert re.fullmatch(r"probe\.yaml:8:10: sources: the document expands to more than 2,000,000 characters of "
                        r"text \(through aliases `\*name`\?\); scenarios are limited to that", message)


def test_aliases_within_the_text_budget_are_read() -> None:
    """Aliases are a feature: 5 uses of a 100,000-character text (600,000 characters in all) load."""
    scenario = loads(amplified(100_000, 5))
    assert scenario.sources == ["x" * 100_000] * 5
    assert MAX_EXPANDED_CHARS > 6 * 100_000


def test_aliased_keys_count_too() -> None:
    """A mapping with long keys, aliased: keys are text the document expands to as well."""
    keys = "".join(f"      ? {'k' * 50_000}{i}\n      : 1\n" for i in range(10))  # explicit keys: any length
    text = f"negsim: 1\nextensions:\n  x:\n    a: &m\n{keys}    b: [*m, *m, *m, *m]\n"
    assert "expands to more than 2,000,000 characters" in only_problem(text)


# --- D17: devices and pipes --------------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    """Y15: `/dev/zero` was read until memory ran out (MemoryError traceback from `run`)."""
    link = tmp_path / "devzero.yaml"
    os.symlink("/dev/zero", link)
    with pytest.raises(ScenarioError, match="this is a character device, not a regular file"):
        load(link)
    r = CliRunner().invoke(negsim_cli, ["run", str(link), "--no-plots", "-o", str(tmp_path / "out")])
    assert r.exit_code == 1 and "not a regular file" in r.output and not isinstance(r.exception, MemoryError)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """Y16: a FIFO with no writer blocked the reader; it is refused before it is read."""
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError, match=r"this is a named pipe \(FIFO\), not a regular file"):
        load(fifo)


def test_a_file_growing_past_the_limit_is_read_only_up_to_it(tmp_path: Path) -> None:
    """The size is checked on what is read, not only on what `stat` says (0 for /proc files)."""
    path = tmp_path / "big.yaml"
    path.write_text("#" * (MAX_FILE_BYTES + 10), encoding="utf-8")
    with pytest.raises(ScenarioError, match="limited to 1,000,000 bytes"):
        load(path)


# --- D7, D18: accepted input that crashed later ------------------------------------------------------------

@pytest.mark.parametrize("big", ["1.0e15", "1.0e308", "1" + "0" * 399])
def test_huge_payoffs_are_refused_with_a_located_message(big: str) -> None:
    """Y21 (1e15 .. 1e308: a TypeError traceback in `games`) and Y22 (a 400-digit payoff: OverflowError)."""
    message = only_problem(GAME.replace("BIG", big).replace("-1.0e15", "-1"))
    shown = {"1.0e15": "1000000000000000", "1.0e308": "1e+308"}.get(big, "a 400-digit number")
    assert message.startswith(
        f"probe.yaml:9:15: games[0].payoffs.y.l[0]: payoffs are limited to ±1e+12, found {shown};")
    assert "rescale the game" in message


def test_a_payoff_at_the_bound_is_accepted_and_the_game_is_solved(tmp_path: Path) -> None:
    """1e12 (the bound, as the uncertainty sampler's): `games` solves it. Pure equilibria by best response:
    (x, r) — a prefers x (1 > 0) against r, b prefers r (2 > 0) against x — and (y, l): 1e12 > 3, 1 > -1."""
    path = tmp_path / "g.yaml"
    path.write_text(GAME.replace("BIG", "1.0e12").replace("-1.0e15", "-1"), encoding="utf-8")
    r = CliRunner().invoke(negsim_cli, ["games", str(path), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert '"x"' in r.output and "Traceback" not in r.output


def test_matrix_payoffs_are_bounded_too() -> None:
    text = GAME.replace("""      x: {l: [3, 3], r: [1, 2]}
      y: {l: [BIG, 1], r: [0, -1.0e15]}""", """      row: [[3, 1], [2, 0]]
      column: [[3, 2], [1, -2.0e13]]""")
    assert "games[0].payoffs.column[1][1]: payoffs are limited to ±1e+12, found -20000000000000" in only_problem(text)


def test_a_400_digit_number_is_refused_where_a_number_is_expected() -> None:
    """Y22 for an ordinary field: an integer no float can hold."""
    assert only_problem(SMALL.replace("NODEAL", "1" + "0" * 399)).endswith(
        "parties[0].no_deal: expected a number, found a 400-digit integer (too large for a floating-point number)")


def test_overflowing_choice_weights_are_refused() -> None:
    """Y23: `weights: [1.0e308, 1.0e308]` sum to infinity (a ValueError traceback in the sampler)."""
    text = SMALL.replace("NODEAL", "0.2") + (
        "uncertainty:\n  vary:\n    - {path: parties.a.no_deal, choice: [0.2, 0.3], weights: [1.0e308, 1.0e308]}\n")
    assert "uncertainty.vary[0].weights: choice `weights` must be ≥ 0 with a positive, finite sum" in only_problem(text)


def test_a_900_kb_party_name_is_refused() -> None:
    """Y24: a 900,000-character name made a 11,700,083-pixel-wide figure (ValueError traceback)."""
    text = SMALL.replace("NODEAL", "0.2").replace("{id: b}", "{id: b, name: " + "n" * 900_000 + "}")
    message = only_problem(text)
    assert message.startswith("probe.yaml:2:")
    assert message.endswith("parties[1].name: expected at most 200 characters (names are shown in tables and "
                            "figures; longer text belongs in `description`), found 900,000")


def test_a_200_character_name_is_accepted_and_code_may_build_longer_ones() -> None:
    named = SMALL.replace("NODEAL", "0.2").replace("{id: b}", "{id: b, name: NAME}")
    assert len(loads(named.replace("NAME", "n" * 200)).parties[1].name) == 200
    assert "found 201" in only_problem(named.replace("NAME", "n" * 201))
    agenda = Agenda(id="custom", name=" + ".join(["x" * 64] * 8), issues=["price"])  # as notebook 07 does
    assert len(agenda.name) == 8 * 64 + 7 * 3


@pytest.mark.parametrize("address", ["http://127.0.0.1:8787", "notaurl::://x", ""])
def test_a_bad_scheduler_address_is_a_usage_error(address: str) -> None:
    """K7: `--scheduler http://…` and `notaurl::://x` gave a ValueError traceback (unknown address scheme)."""
    r = CliRunner().invoke(negsim_cli, ["uncertainty", "security-guarantees-2021", "--samples", "10",
                                        "--scheduler", address])
    assert r.exit_code == 2 and "Invalid value for '--scheduler'" in r.output and "tcp://" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


# --- D20: YAML 1.2, encodings, negative zero, control characters in messages -------------------------------

@pytest.mark.parametrize(("text", "value"), [
    # YAML 1.2.2, 10.3.2 (core schema tag resolution): these are integers and floats ...
    ("0x1F", 31), ("0o17", 15), ("012", 12), ("-7", -7), ("+3", 3), ("1e3", 1000.0), (".5", 0.5), ("-.inf", None),
    # ... and these, numbers or dates in YAML 1.1, are text
    ("1:00", "1:00"), ("1_000", "1_000"), ("0.3_0", "0.3_0"), ("0b101", "0b101"), ("2021-12-17", "2021-12-17"),
    ("yes", "yes"), ("Off", "Off"), ("True", True), ("~", None), ("=", "="),
])
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    got = scalar(text)
    if text == "-.inf":
        assert got == float("-inf")
    else:
        assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", ["0x0", "1:00", "0.3_0", "0o1"])
def test_the_review_s_numbers_are_read_as_the_docs_say(text: str) -> None:
    """Y30: `0x0` and `0o1` are YAML 1.2 numbers (0 and 1); `1:00` and `0.3_0` are text, refused with a hint."""
    doc = SMALL.replace("NODEAL", text)
    if text in ("0x0", "0o1"):
        assert loads(doc).parties[0].no_deal == {"0x0": 0.0, "0o1": 1.0}[text]
    else:
        assert f"expected a number, found '{text}' (text: negsim reads YAML 1.2" in only_problem(doc)


def test_negative_zero_is_read_as_zero() -> None:
    """Y20: `-0.0` was kept and printed (`"no_deal": -0.0`, `-0.000` in report.md)."""
    no_deal = loads(SMALL.replace("NODEAL", "-0.0")).parties[0].no_deal
    assert no_deal == 0.0 and str(no_deal) == "0.0"


@pytest.mark.parametrize(("encoding", "name"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                                ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])
def test_wide_encodings_are_named(tmp_path: Path, encoding: str, name: str) -> None:
    """Y11: UTF-32 was reported as UTF-16, and UTF-16 without a byte-order mark as "binary"."""
    path = tmp_path / "wide.yaml"
    path.write_bytes(SMALL.replace("NODEAL", "0.2").encode(encoding))
    with pytest.raises(ScenarioError, match=f"the file is saved as {name}; save it as UTF-8"):
        load(path)


def test_messages_escape_control_characters_from_the_file() -> None:
    """Y25: `validate` echoed ESC, NUL and RLO raw; the loader's messages show them escaped."""
    doc = read_yaml_text('a: "\\e[2J\\u202e"\n')
    assert doc.data["a"] == "\x1b[2J\u202e"
    message = only_problem(SMALL.replace("NODEAL", '"\\e[31m\\u202e\\0"'))
    assert "\x1b" not in message and "\u202e" not in message and "\x00" not in message
    problems = ScenarioError
    with pytest.raises(problems) as info:
        loads(SMALL.replace("{id: a,", '{id: "a\\e[2J",'), "probe.yaml")
    assert all("\x1b" not in str(p) for p in info.value.problems)
    assert any("\\x1b[2J" in str(p) for p in info.value.problems)


# --- the same bounds for tables and class files ----------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"), reason="no /dev/zero or FIFOs")
@pytest.mark.parametrize("reader", ["forecast", "ultimatum", "roleplay"])
def test_tables_and_class_files_refuse_devices_and_pipes(tmp_path: Path, reader: str) -> None:
    """A forecasting table or a class's CSV named after /dev/zero was read without bound, and a FIFO blocked."""
    from negsim.errors import NegsimError
    from negsim.forecast.table import read_table
    from negsim.teaching.roleplay import read_agreements
    from negsim.teaching.ultimatum import read_class

    read = {"forecast": read_table, "ultimatum": read_class,
            "roleplay": lambda p: read_agreements(p, pairs=2)}[reader]
    os.symlink("/dev/zero", tmp_path / "zero.csv")
    os.mkfifo(tmp_path / "fifo.csv")
    with pytest.raises(NegsimError, match=r"zero\.csv:1:1: this is a character device, not a regular file"):
        read(tmp_path / "zero.csv")
    with pytest.raises(NegsimError, match=r"fifo.csv:1:1: this is a named pipe \(FIFO\), not a regular file"):
        read(tmp_path / "fifo.csv")
    (tmp_path / "latin1.csv").write_bytes(b"pair,price,warranty\n1,caf\xe9,3\n")
    with pytest.raises(NegsimError, match=r"latin1.csv:2:6: the file is not UTF-8 text"):
        read(tmp_path / "latin1.csv")
