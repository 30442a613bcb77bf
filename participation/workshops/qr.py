"""QR codes for join URLs, as SVG for pages and posters and PNG for slides. No Flask here."""

import io
import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape
from qrcode.constants import ERROR_CORRECT_M


def _qr(url, box_size=10, border=4):
    # Level M survives a creased poster or a glare on the projector.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_svg(url):
    image = _qr(url).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode").encode("utf-8")


def qr_png(url, box_size=10):
    image = _qr(url, box_size=box_size).make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_inline_svg(url, label, css_class):
    """The QR code of ``url`` as inline SVG markup for a page: sized by CSS (``css_class``
    instead of fixed width and height) and named for screen readers (``label``). For a
    secret link's QR code, which a picture route would put into one more address."""
    svg = qr_svg(url).decode("utf-8")
    opening = f'<svg class="{escape(css_class)}" role="img" aria-label="{escape(label)}"'
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', lambda _match: opening, svg)
    return Markup(svg.replace('id="qr-path" ', ""))
