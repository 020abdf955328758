"""QR images of ticket URLs, as SVG (badges, pages: scales without blur) and PNG (e-mail, download).

Error correction Q (25% of the code may be lost): a badge gets folded, scuffed or half-covered by a lanyard
clip, and a phone screen has glare; Q still keeps a ticket URL at version 4-5 (33-37 modules), large modules
for a cheap phone camera at arm's length. The quiet zone is the standard 4 modules, on a white background so
that the code reads on a dark page too. Rendering costs several milliseconds in pure Python, so images are
cached per URL and never rendered on the scanning path. qrcode (and Pillow for PNG) is imported on first use: not
needed to start the app or the command line.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import qrcode

BORDER_MODULES = 4
PNG_BOX_PIXELS = 10  # a version-5 code becomes 450 x 450 pixels
SVG_BOX = 10  # qrcode's SVG unit: 10 → 1 mm per module, about 45 mm printed before CSS resizes it


def _code(data: str, box_size: int) -> qrcode.QRCode:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_Q

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, box_size=box_size, border=BORDER_MODULES)
    code.add_data(data)
    code.make(fit=True)
    return code


@lru_cache(maxsize=2048)
def qr_svg(data: str) -> str:
    """An SVG document (no XML declaration, so it can be inlined in HTML) that scales to its box."""
    from qrcode.image.svg import SvgPathFillImage

    image = _code(data, SVG_BOX).make_image(image_factory=SvgPathFillImage)
    svg: str = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1].lstrip()
    return svg


@lru_cache(maxsize=2048)
def qr_png(data: str, box_pixels: int = PNG_BOX_PIXELS) -> bytes:
    """A black-on-white PNG, ``box_pixels`` per module."""
    image = _code(data, box_pixels).make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_version(data: str) -> int:
    """The QR version (size class, 1-40) a URL needs at our error correction."""
    version: int = _code(data, 1).version
    return version
