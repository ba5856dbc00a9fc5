"""A contact-log entry as the HR file gets it: a one-page PDF and its plain-text twin.

Both are dated, name the author and their function, and carry "CONFIDENTIAL".
The PDF uses fpdf2's built-in Helvetica (Latin-1): other characters are transliterated in
the PDF only; the plain-text twin keeps the exact text.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from connector.domain.contact_log import ContactEntry, HrDocument
from connector.reports import latin1 as _latin1

LABELS = {
    "well_being_check_in": "well-being check-in",
    "return_planning": "return planning",
    "reassignment_information": "reassignment information",
    "plan_evaluation": "plan evaluation",
    "practical_arrangement": "practical arrangement",
    "agreement_follow_up": "agreement follow-up",
    "in_person": "in person",
    "home_visit": "home visit",
    "no_answer": "no answer",
    "not_discussed": "not discussed",
    "team_lead": "team lead",
    "email": "e-mail",
}


def label(value: str | None) -> str:
    if value is None:
        return "-"
    return LABELS.get(value, value.replace("_", " "))


def _local(moment: dt.datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") + f" ({tz.key})"


def sections(entry: ContactEntry, tz: ZoneInfo) -> list[tuple[str, list[str]]]:
    """The document's content as (heading, lines); both renderings are built from this."""
    e = entry
    facts = [
        f"Employee: {e.employee_name} <{e.employee_email}>",
        f"Contact: {_local(e.contact_at, tz)}",
        f"Recorded: {_local(e.recorded_at, tz)}",
        f"Author: {e.author_name}, {e.author_function}",
    ]
    if e.participants:
        people = ", ".join(
            label(p.role.value) + (f" ({p.name})" if p.name else "") for p in e.participants
        )
        facts.append(f"Participants: {people}")
    if not e.is_automatic:
        facts.append(
            f"Channel: {label(e.channel)}; initiative: {label(e.initiative)}; "
            f"outcome: {label(e.outcome)}"
        )
    purpose = label(e.purpose.value)
    if e.topics:
        purpose += "; topics: " + ", ".join(label(t.value) for t in e.topics)
    facts.append(f"Purpose: {purpose}")
    if e.period_id is not None:
        facts.append(f"Reassignment period: {e.period_id}")
    if e.supersedes_id:
        facts.append(f"Corrects and replaces entry: {e.supersedes_id}")
    out: list[tuple[str, list[str]]] = [("", facts), ("Summary", e.summary.splitlines() or [""])]
    if e.agreements:
        out.append(
            (
                "Agreements",
                [
                    f"- {a.what} (who: {a.who}"
                    + (f"; by {a.by_when.isoformat()})" if a.by_when else ")")
                    for a in e.agreements
                ],
            )
        )
    if not e.is_automatic:
        view = [f"Stance: {label(e.employee_view.stance.value)}"]
        if e.employee_view.own_words:
            view.append(f'In their own words: "{e.employee_view.own_words}"')
        out.append(("The employee's view", view))
    if e.next_contact:
        n = e.next_contact
        out.append(
            (
                "Next contact",
                [
                    f"{n.date.isoformat()} by {label(n.channel.value)}"
                    + (f", {n.by_whom}" if n.by_whom else "")
                ],
            )
        )
    tell = []
    if e.may_tell.colleagues:
        tell.append(f"Colleagues: {e.may_tell.colleagues}")
    if e.may_tell.customers:
        tell.append(f"Customers: {e.may_tell.customers}")
    if tell:
        out.append(("What may be told", tell))
    return out


def heading(entry: ContactEntry, tz: ZoneInfo) -> str:
    day = entry.contact_at.astimezone(tz).date().isoformat()
    kind = "Work adjustment" if entry.is_automatic else "Contact log"
    return f"{kind} {day} - {entry.employee_name}"


FOOTER = "Contains no medical information by design. Recorded by Stand-in. Entry {id}."


def render_text(entry: ContactEntry, tz: ZoneInfo) -> str:
    lines = ["CONFIDENTIAL - HR file", heading(entry, tz), ""]
    for title, body in sections(entry, tz):
        if title:
            lines += ["", title]
        lines += body
    lines += ["", FOOTER.format(id=entry.id)]
    return "\n".join(lines) + "\n"


def render_pdf(entry: ContactEntry, tz: ZoneInfo) -> bytes:
    from fpdf import FPDF  # lazily: fpdf2 with fontTools and Pillow is 40 MiB a process

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(heading(entry, tz)))
    pdf.set_author(_latin1(entry.author_name))
    pdf.set_creator("Stand-in")
    pdf.set_creation_date(entry.recorded_at)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(160, 0, 0)
    pdf.cell(width, 6, "CONFIDENTIAL - HR file", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(width, 8, _latin1(heading(entry, tz)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for title, body in sections(entry, tz):
        if title:
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 11)
            pdf.cell(width, 6, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for line in body:
            pdf.multi_cell(width, 5, _latin1(line) or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(width, 4, _latin1(FOOTER.format(id=entry.id)), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build_document(entry: ContactEntry, tz_name: str, file_name_template: str) -> HrDocument:
    tz = ZoneInfo(tz_name)
    day = entry.contact_at.astimezone(tz).date().isoformat()
    return HrDocument(
        entry=entry,
        day=day,
        title=heading(entry, tz),
        file_name=file_name_template.format(date=day, entry_id=entry.id),
        text=render_text(entry, tz),
        pdf=render_pdf(entry, tz),
    )
