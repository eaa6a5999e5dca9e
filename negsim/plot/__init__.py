"""matplotlib figures. Every function takes ``ax=None``, draws there and returns the Axes.

Modules: :mod:`negsim.plot.space` (utility space), :mod:`negsim.plot.issues` (solutions by
issue), :mod:`negsim.plot.redlines` (red-line collisions), and the figures of games,
dynamics and uncertainty in their own modules.
"""

from negsim.plot.issues import solutions_by_issue
from negsim.plot.redlines import red_line_collisions
from negsim.plot.space import utility_space, utility_space_pairs

__all__ = ["red_line_collisions", "solutions_by_issue", "utility_space", "utility_space_pairs"]
