"""Writing a rendered figure as a PNG file: no row filters, fast deflate.

A chart is mostly flat colour, so deflate alone compresses its rows as well as PNG's adaptive
row filters do (files within a few per cent of Pillow's at its fastest setting), at a third of
the time: about 12 ms instead of 35 ms for a 1300 × 1570 figure. negsim writes two dozen figures
per run, so this is worth its twenty lines.

Source: W3C, *Portable Network Graphics (PNG) Specification (Second Edition)*, 2003 (ISO/IEC
15948) — §5 (the signature; chunks, with a CRC-32 over type and data), §9.2 (filter type 0 before
each row), §11.2 (IHDR, IDAT, IEND), §11.3.5.3 (pHYs, the resolution).

Example:
    >>> import numpy as np, io
    >>> from PIL import Image
    >>> pixels = np.zeros((2, 3, 4), dtype=np.uint8); pixels[..., 0] = 200; pixels[..., 3] = 255
    >>> im = Image.open(io.BytesIO(png_bytes(pixels, dpi=100)))
    >>> im.mode, im.size, im.getpixel((0, 0)), round(im.info["dpi"][0])
    ('RGB', (3, 2), (200, 0, 0), 100)
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from numpy.typing import NDArray

LEVEL = 2
"""The deflate level: 2 compresses a little better than 1 at the same speed on charts."""


def png_bytes(rgba: NDArray[np.uint8], dpi: float) -> bytes:
    """The PNG file of an ``(height, width, 4)`` image: RGB when every pixel is opaque, else RGBA."""
    height, width, _ = rgba.shape
    opaque = bool(np.all(rgba[..., 3] == 255))
    pixels = rgba[..., :3] if opaque else rgba
    rows = np.zeros((height, 1 + pixels.shape[1] * pixels.shape[2]), dtype=np.uint8)  # column 0: filter 0
    rows[:, 1:] = pixels.reshape(height, -1)
    per_metre = round(dpi / 0.0254)
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib.compress(rows.tobytes(), LEVEL)),
        _chunk(b"IEND", b""),
    ])


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


__all__ = ["png_bytes"]
