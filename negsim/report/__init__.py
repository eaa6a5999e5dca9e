"""Presentation: the only package that turns results into words, tables, JSON and files.

* :mod:`negsim.report.bargaining` — the bargaining analysis in the terminal; :mod:`~negsim.report.document`
  — report.md; :mod:`~negsim.report.words` — ids as the scenario's words; :mod:`~negsim.report.run` —
  everything ``negsim run`` writes and prints;
* :mod:`negsim.report.games`, :mod:`~negsim.report.dynamics`, :mod:`~negsim.report.uncertainty` —
  the sections the capabilities add to ``negsim run``;
* :mod:`negsim.report.section` — :class:`~negsim.report.section.ReportSection`, what a section is;
* :mod:`negsim.report.figures` — the one place figures are saved (one dpi, the Agg backend);
* :mod:`negsim.report.write` — output folders: owned, locked, written atomically.

Nothing here computes a result; it formats what the engine and the capabilities returned.
"""
