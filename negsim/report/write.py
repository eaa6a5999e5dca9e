"""Output folders: owned, locked, written to a staging folder and committed all at once.

Every command that takes ``-o DIR`` writes through :class:`OutputFolder`:

* **Owned.** A folder that already holds files negsim did not write is refused unless the
  user adds ``--force``. negsim records what it wrote in a manifest (``.negsim-output``);
  only files listed there are ever deleted, and never through a symbolic link.
* **Locked.** A lock file (``.negsim-lock``, with the writer's process id) makes a second run
  into the same folder stop at once with "folder busy".
* **Atomic.** Files are written into a staging folder inside DIR; only when everything is
  written are they renamed into place (with Ctrl-C held back for those few renames), and
  files of the previous run that the new one did not write are removed. A full disk, an
  error or Ctrl-C before that point leaves the previous outputs exactly as they were.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "results"
    >>> with OutputFolder(out, command="demo") as folder:
    ...     _ = folder.write_text("report.md", "# Demo\\n")
    ...     _ = folder.write_json("result.json", {"x": 1})
    >>> sorted(p.name for p in out.iterdir())
    ['.negsim-output', 'report.md', 'result.json']
    >>> written_files(out)
    ['report.md', 'result.json']
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from negsim import interrupts
from negsim.errors import NegsimError

MANIFEST = ".negsim-output"
"""The file that marks a folder as negsim's and lists the files negsim wrote there."""

LOCK = ".negsim-lock"
STAGING_PREFIX = ".negsim-staging-"


def json_text(data: Any) -> str:
    """The one JSON layout of negsim's files: indented, UTF-8 kept, newline at the end."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def written_files(folder: Path) -> list[str]:
    """The files negsim's manifest in ``folder`` lists (empty for an old-style or missing marker)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = data.get("files") if isinstance(data, dict) else None
    return [f for f in files if isinstance(f, str) and _is_safe_relative(f)] if isinstance(files, list) else []


def _is_safe_relative(rel: str) -> bool:
    p = PurePosixPath(rel)
    return bool(rel) and not p.is_absolute() and ".." not in p.parts and "\\" not in rel and ":" not in rel


class OutputFolder:
    """A folder negsim writes a command's outputs into (see the module docstring)."""

    def __init__(self, path: Path, *, command: str, force: bool = False) -> None:
        self.root = Path(path)
        self.command = command
        self.force = force
        self.staging: Path | None = None
        self._locked = False
        self._created = False

    # --- entering: check, lock, stage ---------------------------------------------------

    def __enter__(self) -> OutputFolder:
        self._check_owned()
        self._created = not self.root.exists()
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self._remove_stale_staging()
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.root))
        except BaseException:
            self._unlock()
            raise
        return self

    def _check_owned(self) -> None:
        root = self.root
        if root.exists() and not root.is_dir():
            raise NegsimError(f"{root} exists and is not a folder; choose another with -o")
        if root.is_symlink() and not root.exists():
            raise NegsimError(f"{root} is a symbolic link to a folder that does not exist; choose another with -o")
        owned = (root / MANIFEST).exists()
        if root.is_dir() and not owned and not self.force and any(not _ours(p.name) for p in root.iterdir()):
            raise NegsimError(f"{root} already has files negsim did not write; choose another folder with -o, "
                                  "or add --force to write into it (negsim replaces only the files it writes)")

    def _lock(self) -> None:
        lock = self.root / LOCK
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if _stale(lock):
                    with contextlib.suppress(FileNotFoundError):
                        lock.unlink()
                    continue
                raise NegsimError(f"{self.root} is busy: another negsim ({_owner(lock)}) is writing into it; "
                                  "wait for it to finish, or choose another folder with -o") from None
            with os.fdopen(fd, "w") as f:
                f.write(f"{socket.gethostname()} {os.getpid()}\n")
            self._locked = True
            return
        raise NegsimError(f"{self.root} is busy: cannot take its lock file {lock}")

    def _unlock(self) -> None:
        if self._locked:
            with contextlib.suppress(FileNotFoundError):
                (self.root / LOCK).unlink()
            self._locked = False

    def _remove_stale_staging(self) -> None:
        """Staging folders left by a run that was killed (we hold the lock, so none is in use)."""
        for p in self.root.glob(STAGING_PREFIX + "*"):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)

    # --- writing --------------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        """Where to write the output file ``rel`` (e.g. ``figures/utility_space_full.png``) now."""
        if self.staging is None:
            raise RuntimeError("OutputFolder.path() outside its `with` block")
        if not _is_safe_relative(rel):
            raise NegsimError(f"output file name `{rel}` must be a plain relative path inside the output folder")
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def folder(self, rel: str) -> Path:
        """A sub-folder to write many output files into now (e.g. ``figures``); created if needed."""
        target = self.path(f"{rel}/.keep").parent
        return target

    def write_text(self, rel: str, text: str) -> Path:
        """Write ``text`` (UTF-8) as output file ``rel``."""
        target = self.path(rel)
        target.write_text(text, encoding="utf-8")
        return self.root / rel

    def write_json(self, rel: str, data: Any) -> Path:
        """Write ``data`` as JSON (:func:`json_text`) as output file ``rel``."""
        return self.write_text(rel, json_text(data))

    def exists(self, rel: str) -> bool:
        """Was ``rel`` written in this run (e.g. a figure a report wants to link)?"""
        return self.staging is not None and _is_safe_relative(rel) and (self.staging / rel).is_file()

    def written(self) -> list[str]:
        """Every file written in this run so far, as sorted relative paths."""
        if self.staging is None:
            return []
        return sorted(p.relative_to(self.staging).as_posix() for p in self.staging.rglob("*")
                      if p.is_file() and not p.is_symlink())

    # --- leaving: commit or roll back -----------------------------------------------------

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                interrupts.check()  # a Ctrl-C swallowed somewhere during the work still stops the commit
                self._commit()
        finally:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            self._unlock()
            if exc_type is not None and self._created:  # a run that failed leaves no empty folder behind
                with contextlib.suppress(OSError):
                    self.root.rmdir()

    def _commit(self) -> None:
        assert self.staging is not None
        written = self.written()
        old = written_files(self.root)
        self._refuse_links(written)
        manifest = self.staging / MANIFEST
        manifest.write_text(json_text({"written_by": "negsim", "command": self.command, "files": written}),
                            encoding="utf-8")
        with interrupts.deferred():
            for rel in written:
                (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / rel, self.root / rel)
            for rel in old:
                if rel not in written:
                    self._remove(rel)
            os.replace(manifest, self.root / MANIFEST)

    def _refuse_links(self, files: list[str]) -> None:
        """Never write through a symbolic link inside the folder (e.g. ``figures`` pointing elsewhere)."""
        for rel in files:
            parts = PurePosixPath(rel).parts
            for k in range(1, len(parts) + 1):
                p = self.root.joinpath(*parts[:k])
                if p.is_symlink():
                    raise NegsimError(f"{p} is a symbolic link; negsim does not write through links. "
                                      "Remove it, or choose another folder with -o")

    def _remove(self, rel: str) -> None:
        """Delete a file negsim wrote in an earlier run (not a link's target, not a folder)."""
        p = self.root / rel
        parts = PurePosixPath(rel).parts
        if any(self.root.joinpath(*parts[:k]).is_symlink() for k in range(1, len(parts))):
            return
        if p.is_symlink() or p.is_file():
            with contextlib.suppress(OSError):
                p.unlink()


def _ours(name: str) -> bool:
    """negsim's own bookkeeping in an output folder (a lock, a staging folder of a run under way)."""
    return name == LOCK or name.startswith(STAGING_PREFIX)


def _owner(lock: Path) -> str:
    try:
        host, pid = lock.read_text(encoding="utf-8").split()[:2]
    except (OSError, ValueError):
        return "unknown process"
    return f"process {pid} on {host}"


def _stale(lock: Path) -> bool:
    """A lock left by a process that no longer runs (on this machine)."""
    try:
        host, pid_text = lock.read_text(encoding="utf-8").split()[:2]
        pid = int(pid_text)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


__all__ = ["LOCK", "MANIFEST", "OutputFolder", "json_text", "written_files"]
