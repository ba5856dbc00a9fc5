"""The data-protection page (admins): what is kept, exports, erasure; a period's audit file."""

from __future__ import annotations

from typing import Any

from flask import (
    flash,
    g,
    jsonify,
    redirect,
    request,
    url_for,
)

from connector.domain.messages import N_
from connector.errors import NotFound, ValidationFailed
from connector.translations import say
from connector.web.context import services
from connector.web.page import (
    _,
    actor,
    bp,
    page,
    readable_moment,
    signed_in,
    visible_helpdesks,
)


@bp.get("/periods/<int:period_id>/audit.<fmt>")
@signed_in("viewer")
def period_audit_file(period_id: int, fmt: str) -> Any:
    """The audit trail as a file, in the page's language and the period's time zone."""
    from connector.services.exports import pick_language
    from connector.web.data_protection_api import period_audit_file as audit_file

    return audit_file(period_id, fmt, pick_language(g.get("lang")), tuple(visible_helpdesks()))


@bp.get("/data-protection")
@signed_in("admin")
def data_protection() -> Any:
    """Admins: what is held about one employee, who read it, export and erasure."""
    svc = services()
    employee = request.args.get("employee", "").strip().lower()[:320]
    held = None
    reads: list[dict[str, Any]] = []
    if employee:
        visible = tuple(visible_helpdesks())
        periods = svc.data_subjects.data.period_ids(visible, employee)
        entries = svc.data_subjects.contact_log.log.entries(visible, employee)
        if periods or entries:
            held = {"periods": len(periods), "entries": len(entries)}
        reads = [
            {
                "when": readable_moment(r.at) + " UTC",
                "actor": r.actor,
                "via": _(r.via.value),
                "count": len(r.entry_ids),
            }
            for r in svc.access_log.reads(visible, employee)
        ]
    return page("data_protection.html", employee=employee, held=held, reads=reads)


@bp.get("/data-protection/export.<fmt>")
@signed_in("admin")
def data_export(fmt: str) -> Any:
    from connector.services.data_subjects import export_pdf
    from connector.web.data_protection_api import download

    if fmt not in ("json", "pdf"):
        raise NotFound(N_("no such format"))
    employee = request.args.get("employee", "")
    data = services().data_subjects.export(tuple(visible_helpdesks()), employee, actor())
    if fmt == "json":
        return jsonify(data)
    pdf = export_pdf(data, g.get("lang", "en"))
    return download(pdf, "application/pdf", f"standin-export-{data['exported_at'][:10]}.pdf")


@bp.post("/data-protection/erase")
@signed_in("admin")
def data_erase() -> Any:
    form = request.form
    employee = form.get("employee", "")
    try:
        counts = services().data_subjects.erase(
            tuple(visible_helpdesks()),
            employee,
            form.get("mode", ""),
            form.get("confirm", ""),
            actor(),
        )
    except ValidationFailed as exc:
        lang = g.get("lang", "en")
        flash("; ".join(say(lang, m) for msgs in exc.fields.values() for m in msgs), "error")
        return redirect(url_for("ui.data_protection", employee=employee), 303)
    flash(
        _(
            "Done: %(periods)s periods and %(entries)s contact-log entries.",
            periods=counts["periods"],
            entries=counts["contact_log_entries"],
        ),
        "success",
    )
    return redirect(url_for("ui.data_protection"), 303)
