"""Readable exports: a table as CSV (for spreadsheets) or as a PDF (for the file).

The PDF uses fpdf2's built-in Helvetica (Latin-1); other characters are transliterated in
the PDF only (as in the HR documents); the CSV keeps the exact text, UTF-8 with a BOM so
spreadsheet programs read accents right.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence

_PUNCT = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "€": "EUR"}
)


def latin1(text: str) -> str:
    """``text`` in Latin-1 for fpdf2's built-in fonts: typographic punctuation plain, accents
    kept where Latin-1 has them, others stripped to their base letter (else ``?``)."""
    text = text.translate(_PUNCT)
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_pdf(
    title: str,
    lines: Sequence[str],
    sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]],
    *,
    confidential: str = "",
) -> bytes:
    """A landscape PDF: a title, a few lines of facts, then titled tables."""
    from fpdf import FPDF  # lazily: only a PDF download needs fpdf2 (tens of MiB)
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(latin1(title))
    pdf.set_creator("Stand-in")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if confidential:
        pdf.set_font("Helvetica", "B", 9)
        pdf.set_text_color(160, 0, 0)
        pdf.cell(width, 5, latin1(confidential), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(width, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for line in lines:
        pdf.multi_cell(width, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    for heading, headers, rows in sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(width, 6, latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)
        if not rows:
            pdf.cell(width, 5, "-", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=4.5) as table:
            table.row([latin1(h) for h in headers])
            for row in rows:
                table.row([latin1(str(c)) for c in row])
    return bytes(pdf.output())
