"""Read a user's file with a bound: regular files only, never more than a limit, text as UTF-8.

Scenario and GENIUS files come from other people. ``Path.stat().st_size`` is 0 for devices,
pipes and ``/proc`` files, so a size check alone lets ``/dev/zero`` be read until memory
runs out, and opening a FIFO blocks until someone writes to it. Here the file is opened
without blocking, refused unless it is a regular file, and read up to ``limit + 1``
bytes whatever its size claims.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.yaml"
    >>> _ = p.write_bytes(b"negsim: 1\\n")
    >>> read_limited(p, 100)
    b'negsim: 1\\n'
    >>> try:
    ...     read_limited(pathlib.Path("/dev/zero"), 100)
    ... except RefusedFile as exc:
    ...     print(exc)
    this is a character device, not a regular file
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from negsim.errors import NegsimError

MAX_TABLE_BYTES = 64 * 2**20
"""Largest table of data read (a forecasting table, a class's results): 64 MiB, refused before parsing."""


class RefusedFile(Exception):
    """A file that is not read: what is wrong, and where in it (1-based line and column; 0 for the whole file)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; :class:`RefusedFile` if it is anything else or over ``limit``.

    Other OS errors (no such file, no permission) propagate as :class:`OSError`.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "a special file")
            raise RefusedFile(f"this is {kind}, not a regular file")
        if info.st_size > limit:
            raise RefusedFile(f"the file is {info.st_size:,} bytes; the limit is {limit:,} bytes "
                              "(is this the right file?)")
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise RefusedFile(f"the file is larger than the limit of {limit:,} bytes (is this the right file?)")
    return raw


def decode_utf8(raw: bytes, kind: str = "YAML") -> str:
    """UTF-8 text (a byte-order mark is dropped); :class:`RefusedFile` naming the encoding when it is not.

    >>> decode_utf8("\\ufeffnegsim: 1".encode("utf-8"))
    'negsim: 1'
    >>> try:
    ...     decode_utf8("negsim: 1".encode("utf-32"))
    ... except RefusedFile as exc:
    ...     print(exc)
    the file is saved as UTF-32; save it as UTF-8
    """
    encoding = _wide_encoding(raw)
    if encoding:
        raise RefusedFile(f"the file is saved as {encoding}; save it as UTF-8")
    if b"\x00" in raw:
        raise RefusedFile(f"this is a binary file, not {kind} text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RefusedFile(f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                          line, column) from None


def _wide_encoding(raw: bytes) -> str:
    """``"UTF-32"`` or ``"UTF-16"`` when the bytes are text in that encoding (by BOM, or by where the zeros are)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = raw[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return ""
    if _mostly_zero(sample, 4):
        return "UTF-32"
    if _mostly_zero(sample, 2):
        return "UTF-16"
    return ""


def _mostly_zero(sample: bytes, width: int) -> bool:
    """Whether every ``width``-byte unit of ASCII text has its zeros in the same places (little or big endian)."""
    units = [sample[k:k + width] for k in range(0, len(sample) - width + 1, width)]
    little = sum(u[0] != 0 and not any(u[1:]) for u in units)
    big = sum(u[-1] != 0 and not any(u[:-1]) for u in units)
    return max(little, big) >= 0.9 * len(units)


def read_user_text(path: Path | str, limit: int, kind: str) -> str:
    """The UTF-8 text of a user's ``kind`` file (a table, a class's results), bounded as :func:`read_limited`.

    Any problem is a :class:`~negsim.errors.NegsimError` that names the file (and the line and
    column when it has one), so the command line reports it without a traceback.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_bytes(b"pair,price\\n1,\\xff\\n")
    >>> try:
    ...     read_user_text(p, 100, "CSV")
    ... except NegsimError as exc:
    ...     print(str(exc).split("/")[-1])
    t.csv:2:3: the file is not UTF-8 text (byte 0xff); save it as UTF-8
    """
    p = Path(path)
    try:
        return decode_utf8(read_limited(p, limit), kind)
    except RefusedFile as exc:
        where = f"{p}:{exc.line}:{exc.column}" if exc.line else str(p)
        raise NegsimError(f"{where}: {exc.message}") from None
    except OSError as exc:
        raise NegsimError(f"cannot read {p}: {exc.strerror or exc}") from None


__all__ = ["MAX_TABLE_BYTES", "RefusedFile", "decode_utf8", "read_limited", "read_user_text"]
