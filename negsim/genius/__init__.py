"""GENIUS interoperability: read and write the XML format of the ANAC negotiation domains.

Example:
    >>> from negsim.genius import load_genius, scenario_to_genius
    >>> callable(load_genius) and callable(scenario_to_genius)
    True
"""

from negsim.genius.convert import DEFAULT_REAL_STEPS, genius_meta, import_genius, load_genius
from negsim.genius.reader import read_folder
from negsim.genius.writer import GeniusExport, scenario_to_genius
from negsim.genius.yaml_out import scenario_yaml

__all__ = ["DEFAULT_REAL_STEPS", "GeniusExport", "genius_meta", "import_genius", "load_genius",
           "read_folder", "scenario_to_genius", "scenario_yaml"]
