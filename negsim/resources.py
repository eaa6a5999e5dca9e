"""Where negsim's bundled files live (scenarios, the scenario template).

Example:
    >>> bundled_scenarios_dir().name in {"scenarios", "_scenarios"}
    True
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def bundled_scenarios_dir() -> Path:
    """The bundled scenario folder: inside the installed package, or the repository's."""
    installed = _HERE / "_scenarios"
    if installed.is_dir():
        return installed
    return _HERE.parent / "scenarios"


def bundled_scenarios() -> list[Path]:
    """All bundled scenario files, sorted by name."""
    return sorted(bundled_scenarios_dir().glob("*.yaml"))


def find_scenario(name: str) -> Path | None:
    """A bundled scenario by file stem (``security-guarantees-2021``), or None."""
    for path in bundled_scenarios():
        if path.stem == name:
            return path
    return None


def bundled(name: str) -> Path:
    """The path of a bundled scenario by name, e.g. ``bundled("security-guarantees-2021")``."""
    from negsim.errors import NegsimError

    path = find_scenario(name)
    if path is None:
        names = ", ".join(p.stem for p in bundled_scenarios())
        raise NegsimError(f"no bundled scenario `{name}` (bundled: {names})")
    return path


def schema_path() -> Path:
    """The JSON Schema file that ships with the bundled scenarios."""
    return bundled_scenarios_dir() / "negsim.schema.json"


def template_text() -> str:
    """The commented template written by ``negsim new``; its first line points editors at the schema
    beside the file (``negsim.schema.json``), so the file still works when it is shared."""
    text = (_HERE / "scenario" / "template.yaml").read_text(encoding="utf-8")
    return text.replace("SCHEMA_PATH", schema_path().name, 1)
