"""``negsim teaching``: the student edition of the notebooks, and role sheets for a classroom negotiation."""

from __future__ import annotations

from pathlib import Path

import click

from negsim.cli.common import console, user_errors


@click.group("teaching")
def teaching() -> None:
    """Classroom tools: the student edition of the notebooks, role-play sheets."""


@teaching.command("student-edition")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the student edition into.")
@click.option("--notebooks", "source", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="The lecturer's notebooks [default: the ones that come with negsim].")
@click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")
@user_errors
def student_edition(out: Path, source: Path | None, force: bool) -> None:
    """Write the notebooks with the solutions stripped and the self-checks kept (no solutions.md)."""
    from negsim.report.write import OutputFolder
    from negsim.teaching.edition import edition_files, notebooks_dir

    files = list(edition_files(source or notebooks_dir()))
    with OutputFolder(out, command="teaching student-edition", force=force) as folder:
        for rel, text in files:
            folder.write_text(rel, text)
    console(stderr=True).print(f"wrote the student edition ({len(files)} files) in {out}")


@teaching.command("role-sheets")
@click.option("--pairs", type=click.IntRange(1, 500), required=True, help="Number of pairs of students.")
@click.option("--seed", type=click.IntRange(min=0), required=True, help="Seed of the confidential values.")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the sheets, the lecturer's key and the results template.")
@click.option("--force", is_flag=True, help="Write into an output folder that negsim did not create.")
@user_errors
def role_sheets(pairs: int, seed: int, out: Path, force: bool) -> None:
    """Confidential buyer and seller sheets for the used-car role play (notebook 08), one pair each."""
    from negsim.report.teaching import lecturer_key, results_template, role_sheet
    from negsim.report.write import OutputFolder
    from negsim.teaching.roleplay import draw_pairs

    drawn = draw_pairs(pairs, seed)
    with OutputFolder(out, command="teaching role-sheets", force=force) as folder:
        for p in drawn:
            for side in ("buyer", "seller"):
                folder.write_text(f"sheets/pair-{p.pair:02d}-{side}.md", role_sheet(p, side))
        folder.write_text("lecturer-key.csv", lecturer_key(drawn, seed))
        folder.write_text("class-results.csv", results_template(drawn))
    console(stderr=True).print(f"wrote {2 * pairs} confidential sheets, lecturer-key.csv and class-results.csv in "
                               f"{out} (seed {seed})")


__all__ = ["teaching"]
