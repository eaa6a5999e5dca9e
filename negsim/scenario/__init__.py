"""The scenario format: models, loader, JSON Schema."""

from negsim.scenario.loader import DEFAULT_MAX_DEALS, deal_space_size, from_dict, load, loads
from negsim.scenario.models import Agenda, Bonus, Game, Issue, Party, Preferences, Protocol, RedLine, Scenario

__all__ = ["DEFAULT_MAX_DEALS", "Agenda", "Bonus", "Game", "Issue", "Party", "Preferences", "Protocol",
           "RedLine", "Scenario", "deal_space_size", "from_dict", "load", "loads"]
