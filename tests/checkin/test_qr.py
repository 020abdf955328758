"""QR images decode, with a phone-camera-grade reader (zxing-cpp), to the ticket URL."""

from __future__ import annotations

import io
import re

import zxingcpp
from PIL import Image

from events.checkin.qr import qr_png, qr_svg, qr_version
from events.checkin.tokens import new_token, ticket_url


def _decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_png_decodes_to_the_ticket_url_with_error_correction_q() -> None:
    url = ticket_url("https://fair.example.cn", new_token())
    image = Image.open(io.BytesIO(qr_png(url)))
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [url]
    assert results[0].ec_level == "Q"


def test_a_long_public_address_still_fits_a_small_code() -> None:
    url = ticket_url("https://kjcg.sti.some-city.gov.cn/transfer-fair", new_token())
    assert qr_version(url) <= 6
    assert _decode(Image.open(io.BytesIO(qr_png(url)))) == [url]


def test_png_survives_a_phone_photo_of_a_small_badge() -> None:
    """Shrunk to 2 pixels per module, blurred and with a stripe covered, the code still reads."""
    from PIL import ImageDraw, ImageFilter

    url = ticket_url("https://fair.example.cn", new_token())
    image = Image.open(io.BytesIO(qr_png(url))).convert("L")
    small = image.resize((image.width // 4, image.height // 4), Image.Resampling.BILINEAR)
    blurred = small.resize((image.width, image.height), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(blurred)
    # a lanyard clip covering part of the data area (not the finder patterns)
    draw.rectangle((blurred.width * 0.45, blurred.height * 0.55, blurred.width * 0.6, blurred.height * 0.7), fill=90)
    assert _decode(blurred) == [url]


def test_svg_is_inlineable_scalable_and_decodes_once_rasterised() -> None:
    url = ticket_url("https://fair.example.cn", new_token())
    svg = qr_svg(url)
    assert svg.startswith("<svg")
    assert 'viewBox="0 0 ' in svg
    assert 'fill="white"' in svg  # readable on a dark page
    # rasterise the SVG path ourselves: it is made of unit squares "Mx,yH..V..H..z"
    size = int(re.search(r'viewBox="0 0 (\d+) ', svg)[1])  # type: ignore[index]
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for x, y, x2, y2 in re.findall(r"M(\d+),(\d+)H(\d+)V(\d+)H\d+z", svg):
        draw.rectangle((int(x) * scale, int(y) * scale, int(x2) * scale - 1, int(y2) * scale - 1), fill=0)
    assert _decode(image) == [url]


def test_images_are_cached_per_url() -> None:
    url = ticket_url("https://fair.example.cn", new_token())
    assert qr_svg(url) is qr_svg(url)
    assert qr_png(url) is qr_png(url)
