"""GENIUS export as files: the XML of :func:`negsim.genius.writer.scenario_to_genius`, written safely.

Example:
    >>> import tempfile, pathlib, negsim
    >>> out = export_genius(negsim.load(negsim.bundled("job-offer")), pathlib.Path(tempfile.mkdtemp()) / "g")
    >>> sorted(out.files)[0].endswith(".xml")
    True
"""

from __future__ import annotations

from pathlib import Path

from negsim.errors import NegsimError
from negsim.genius.writer import GeniusExport, scenario_to_genius
from negsim.report.write import OutputFolder
from negsim.scenario.models import Scenario


def export_genius(scenario: Scenario, folder: str | Path, *, name: str | None = None,
                  force: bool = False) -> GeniusExport:
    """Write ``scenario`` into ``folder`` as GENIUS XML, through :class:`~negsim.report.write.OutputFolder`.

    A folder holding files negsim did not write is refused unless ``force``; the files are
    written to a staging folder and moved into place together; every file stays inside
    ``folder`` (names kept from an imported domain are plain file names, see
    :func:`negsim.genius.writer.safe_file_name`). ``name`` names the domain (``NAME-domain.xml``)
    when the scenario was not imported from GENIUS.
    """
    if not scenario.issues:
        raise NegsimError("GENIUS domains are made of issues, and this scenario has none (only games)")
    out = scenario_to_genius(scenario, name=name)
    with OutputFolder(Path(folder), command="export genius", force=force) as target:
        for file_name, text in out.files.items():
            target.write_text(file_name, text)
    return out


__all__ = ["export_genius"]
