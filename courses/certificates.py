"""The certificate as a one-page PDF, drawn with reportlab (pure Python wheels, so the
platform needs no system libraries for it).

Texts come in the active language; the font is Bitstream Vera, which reportlab ships, so
the certificate looks the same on every machine and covers the Latin alphabets the
platform's languages use.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import reportlab
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
REGULAR, BOLD = "Vera", "Vera-Bold"
INK = HexColor("#1c2430")
MUTED = HexColor("#4a5565")
BRAND = HexColor("#0b5a7a")


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "VeraBd.ttf")))


@dataclass(frozen=True)
class CertificateText:
    learner_name: str
    course_title: str
    issued_on: datetime.date
    code: str
    verify_url: str


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits ``width``."""
    while size > 10 and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def render_certificate_pdf(certificate: CertificateText) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    page_width, page_height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(page_width, page_height), pageCompression=1)
    title = _("Certificate of completion")
    canvas.setTitle(f"{title}: {certificate.course_title}")
    canvas.setAuthor(_("Customer-focused leadership"))
    canvas.setSubject(certificate.code)

    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, page_width - 24 * mm, page_height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, page_width - 32 * mm, page_height - 32 * mm)

    centre = page_width / 2
    usable = page_width - 60 * mm

    def line(text: str, font: str, size: float, y: float, colour: Color = INK) -> None:
        canvas.setFillColor(colour)
        fitted = _fit(canvas, text, font, size, usable)
        canvas.setFont(font, fitted)
        canvas.drawCentredString(centre, y, text)

    line(_("Customer-focused leadership").upper(), BOLD, 13, page_height - 45 * mm, BRAND)
    line(title, BOLD, 30, page_height - 62 * mm)
    line(_("This certifies that"), REGULAR, 14, page_height - 80 * mm, MUTED)
    line(certificate.learner_name, BOLD, 28, page_height - 96 * mm)
    line(_("has completed the course"), REGULAR, 14, page_height - 110 * mm, MUTED)
    line(certificate.course_title, BOLD, 20, page_height - 124 * mm)
    line(
        _("Completed on %(date)s") % {"date": date_format(certificate.issued_on, "DATE_FORMAT")},
        REGULAR,
        13,
        page_height - 140 * mm,
    )
    line(
        _("Verification code: %(code)s") % {"code": certificate.code},
        BOLD,
        12,
        32 * mm,
        BRAND,
    )
    line(
        _("Anyone can check this certificate at %(url)s") % {"url": certificate.verify_url},
        REGULAR,
        10,
        25 * mm,
        MUTED,
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
