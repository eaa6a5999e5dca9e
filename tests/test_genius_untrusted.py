"""GENIUS files from other people: every probe of the reliability review (../shared/reviews/reliability.md,
section 2, rows G1-G23, defects D2, D8, D16, D17, D18, D20) is refused with a clear message or handled.

Each test builds the review's reproduction from the bundled OfficeLease domain (tests/data/genius).
"""

from __future__ import annotations

import os
import re
import shutil
import tracemalloc
import warnings
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import negsim
from negsim.cli.genius_cmds import export, import_
from negsim.errors import NegsimError
from negsim.genius import import_genius, load_genius
from negsim.report.genius import export_genius
from negsim.scenario.yamlio import MAX_FILE_BYTES

BUNDLED = Path(__file__).parent / "data" / "genius" / "OfficeLease"
FREE_MONTHS = 'name="Free months" lowerbound="0" upperbound="6"'
RENT = '<range lowerbound="20.0" upperbound="30.0" />'
FURNITURE = re.compile(r'(<issue index="1"[^>]*name="Furniture">).*?(</issue>)', re.S)


@click.group()
def cli() -> None:
    """The two GENIUS commands, as the main command registers them."""


cli.add_command(import_)
cli.add_command(export)


def domain(tmp_path: Path, old: str = "", new: str = "", name: str = "d") -> Path:
    """A copy of the bundled domain with ``old`` replaced by ``new`` in every file."""
    folder = tmp_path / name
    shutil.copytree(BUNDLED, folder)
    for f in folder.glob("*.xml"):
        f.write_text(f.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return folder


def discrete_domain(tmp_path: Path, n: int) -> Path:
    """The bundled domain with `Furniture` given ``n`` values (evaluations 0..9), as in probe G18."""
    folder = domain(tmp_path, name=f"discrete{n}")
    items = "".join(f'<item index="{k + 1}" value="v{k}" />' for k in range(n))
    scored = "".join(f'<item value="v{k}" evaluation="{k * 7 % 10}" />' for k in range(n))
    for f in folder.glob("*.xml"):
        text = f.read_text(encoding="utf-8")
        body = items if "negotiation_template" in text else scored
        f.write_text(FURNITURE.sub(lambda m, body=body: m.group(1) + body + m.group(2), text), encoding="utf-8")
    return folder


# --- D8 and D18 (G15, G15b, G16): integer issues are counted, never listed, before the size check ----------

def test_a_wide_integer_issue_is_refused_before_anything_is_allocated(tmp_path: Path) -> None:
    """G15 (0..10⁹ took 7.9 GB): 0..10⁷ would be an 80 MB grid; refused with the count while allocating < 10 MB."""
    folder = domain(tmp_path, FREE_MONTHS, FREE_MONTHS.replace('upperbound="6"', 'upperbound="10000000"'))
    tracemalloc.start()
    try:
        with pytest.raises(NegsimError, match=r"10,000,001 whole numbers from 0 to 10000000; negsim analyses at most "
                                              r"100,000 options per issue"):
            import_genius(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


@pytest.mark.parametrize("upper", ["1000000000", "1000000000000"])
def test_the_review_s_integer_bounds_are_refused_from_the_command_line(tmp_path: Path, upper: str) -> None:
    """G15 / G15b: 0..10⁹ and 0..10¹² (a 7.28 TiB allocation traceback before) are one sentence, exit 1."""
    folder = domain(tmp_path, FREE_MONTHS, FREE_MONTHS.replace('upperbound="6"', f'upperbound="{upper}"'))
    r = CliRunner().invoke(cli, ["import", "genius", str(folder), "-o", "-"])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert f"{int(upper) + 1:,} whole numbers" in r.output


def test_integer_bounds_with_no_integer_inside_are_refused(tmp_path: Path) -> None:
    """G16: bounds 0.5..0.7 (an IndexError traceback before)."""
    folder = domain(tmp_path, FREE_MONTHS, 'name="Free months" lowerbound="0.5" upperbound="0.7"')
    with pytest.raises(NegsimError, match=r"no whole number lies between lowerbound 0\.5 and upperbound 0\.7"):
        import_genius(folder)


def test_real_bounds_near_the_float_limit_are_refused_without_a_numpy_warning(tmp_path: Path) -> None:
    """G17: bounds ±1e308 leaked a RuntimeWarning and then blamed "utilities {'nan': nan}"."""
    folder = domain(tmp_path, RENT, '<range lowerbound="-1e308" upperbound="1e308" />')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NegsimError, match=r"bounds -1e\+308..1e\+308 are outside ±1e\+12"):
            import_genius(folder)


# --- D16 (G18): large discrete issues ------------------------------------------------------------------

def test_ten_thousand_values_are_refused_instead_of_writing_a_file_the_loader_refuses(tmp_path: Path) -> None:
    """G18: 10,000 values gave a 1,192,372-byte scenario that `negsim validate` refused; now the import says why."""
    folder = discrete_domain(tmp_path, 10_000)
    out = tmp_path / "big.yaml"
    r = CliRunner().invoke(cli, ["import", "genius", str(folder), "-o", str(out)])
    assert r.exit_code == 1, r.output
    assert re.search(r"would hold [\d,]+ bytes \(issue `furniture` alone has 10,000 options\); negsim reads "
                     r"scenario files of at most 1,000,000 bytes", r.output)
    assert not out.exists()
    assert len(load_genius(folder).issue("furniture").options or []) == 10_000  # in Python, no file limit


def test_twenty_thousand_values_are_refused_by_the_value_count_before_any_yaml_is_written(tmp_path: Path) -> None:
    """G18: 20,000 values (88 s before): 5 values per option in all (option, two values, two raw evaluations)."""
    with pytest.raises(NegsimError, match=r"more than 100,000 values \(issue `furniture` alone has 20,000 options\)"):
        import_genius(discrete_domain(tmp_path, 20_000))


def test_an_import_just_under_the_limit_is_written_and_reads_back(tmp_path: Path) -> None:
    """7,800 values (about 980 KB of YAML; 10,000 are refused above): written as a file `negsim.load` accepts,
    the same scenario as the folder's."""
    folder = discrete_domain(tmp_path, 7_800)
    out = tmp_path / "fits.yaml"
    r = CliRunner().invoke(cli, ["import", "genius", str(folder), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert 900_000 < out.stat().st_size <= MAX_FILE_BYTES
    assert negsim.load(out) == load_genius(folder)


# --- D17 (G7, G8): only regular files are read ---------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_in_the_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    """G8: a FIFO with no writer blocked the import until killed."""
    folder = domain(tmp_path)
    os.mkfifo(folder / "zfifo.xml")
    with pytest.raises(NegsimError, match=r"zfifo.xml: this is a named pipe \(FIFO\), not a regular file"):
        import_genius(folder)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    """G7: `zzz.xml -> /dev/zero` was read (and failed as XML); devices are now refused before reading."""
    folder = domain(tmp_path)
    os.symlink("/dev/zero", folder / "zzz.xml")
    with pytest.raises(NegsimError, match=r"zzz\.xml: this is a character device, not a regular file"):
        import_genius(folder)


# --- XML entities (G1-G3): refused by defusedxml, whatever expat Python links -----------------------------

def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    """G1: nine levels of ten entity references each."""
    folder = domain(tmp_path)
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
    tenant = folder / "tenant.xml"
    text = tenant.read_text(encoding="utf-8").replace('name="OfficeLease"', 'name="&lol9;"', 1)
    tenant.write_text(f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>{text}', encoding="utf-8")
    with pytest.raises(NegsimError, match=r"tenant\.xml: refused: the XML declares the entity `lol0`"):
        import_genius(folder)


def test_an_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    """G3: an entity naming a local file; its content must never reach the scenario."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    folder = domain(tmp_path)
    tenant = folder / "tenant.xml"
    text = tenant.read_text(encoding="utf-8").replace('name="OfficeLease"', 'name="&xxe;"', 1)
    tenant.write_text(f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY xxe SYSTEM "file://{secret}">]>{text}',
                      encoding="utf-8")
    with pytest.raises(NegsimError, match="declares the entity `xxe`") as info:
        import_genius(folder)
    assert "TOP-SECRET" not in str(info.value)


# --- D20 (G20): problems of the converted scenario are said about the folder, not at "FOLDER:1:1" ----------

def test_too_many_profiles_are_reported_about_the_folder(tmp_path: Path) -> None:
    folder = domain(tmp_path)
    for k in range(60):
        shutil.copy(folder / "tenant.xml", folder / f"p{k:02d}.xml")
    with pytest.raises(NegsimError) as info:
        import_genius(folder)
    message = str(info.value)
    assert message == (f"{folder}: the GENIUS domain does not make a valid negsim scenario: parties: expected at "
                       "most 50 entries, found 62")


# --- D2 (G23): export writes only inside -o ------------------------------------------------------------------

EVIL = """
negsim: 1
parties: [{id: a}, {id: b}]
issues: [{id: x, options: [lo, hi]}]
preferences:
  a: {values: {x: {lo: 0, hi: 1}}}
  b: {values: {x: {lo: 1, hi: 0}}}
extensions:
  genius:
    domain_file: DOMAIN
    profiles:
      a: {file: A}
      b: {file: B}
"""


def evil(tmp_path: Path, domain_file: str, a: str, b: str) -> Path:
    path = tmp_path / "work" / "evil.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EVIL.replace("DOMAIN", domain_file).replace("A}", a + "}").replace("B}", b + "}"),
                    encoding="utf-8")
    return path


def test_export_never_writes_outside_the_output_folder(tmp_path: Path) -> None:
    """The review's reproduction: `../escaped-domain.xml`, `../victim.txt`, `../../outside-b.xml`, into a new folder."""
    scenario = evil(tmp_path, "../escaped-domain.xml", "../victim.txt", "../../outside-b.xml")
    victim = tmp_path / "work" / "victim.txt"
    victim.write_text("precious user data", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    out = tmp_path / "work" / "brand_new_folder"
    r = CliRunner().invoke(cli, ["export", "genius", str(scenario), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert victim.read_text(encoding="utf-8") == "precious user data"
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written == ["a.xml", "b.xml", "evil-domain.xml"]
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if out not in p.parents and p != out)
    assert after == before
    assert r.output.count("is not a plain .xml file name") == 3
    assert import_genius(out)["parties"] == [{"id": "a", "name": "a", "no_deal": 0.0, "patience": 1.0},
                                             {"id": "b", "name": "b", "no_deal": 0.0, "patience": 1.0}]


def test_absolute_and_hidden_names_are_replaced_too(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.xml"
    scenario = negsim.load(evil(tmp_path, str(target), ".hidden.xml", "sub/b.xml"))
    result = export_genius(scenario, tmp_path / "out")
    assert sorted(result.files) == ["a.xml", "b.xml", "domain.xml"]
    assert not target.exists() and not (tmp_path / "out" / "sub").exists()


def test_plain_names_from_an_imported_domain_are_kept(tmp_path: Path) -> None:
    """The lossless round trip is untouched: GENIUS's own names (`Laptop-C-prof1.xml` style) are plain."""
    scenario = negsim.load(evil(tmp_path, "Laptop-C-domain.xml", "Laptop-C-prof1.xml", "Laptop C prof2.xml"))
    assert sorted(export_genius(scenario, tmp_path / "out").files) == [
        "Laptop C prof2.xml", "Laptop-C-domain.xml", "Laptop-C-prof1.xml"]


def test_export_into_a_new_folder_overwrites_nothing_outside_it(tmp_path: Path) -> None:
    """Before, the clash check resolved `new/../x` through a folder that did not exist and overwrote x without
    --force; an absolute name pointing at an existing file is now replaced by a plain one."""
    existing = tmp_path / "existing.xml"
    existing.write_text("keep me", encoding="utf-8")
    scenario = negsim.load(evil(tmp_path, str(existing), "a.xml", "b.xml"))
    export_genius(scenario, tmp_path / "new")
    assert existing.read_text(encoding="utf-8") == "keep me"
