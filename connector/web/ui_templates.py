"""The notice-template page: the templates per helpdesk, kind, variant and language;
activating one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import (
    flash,
    g,
    redirect,
    request,
    url_for,
)
from marshmallow import ValidationError

from connector.domain.messages import Msg
from connector.domain.notices import (
    ALLOWED_VARIABLES,
    SAMPLE_VALUES,
    NoticeTemplate,
    SubjectSent,
    builtin_advanced,
    builtin_template,
    render_notice,
    validate_template,
)
from connector.domain.plain_notice import FIELDS as PLAIN_FIELDS
from connector.domain.plain_notice import PLACEHOLDERS_BY_KIND
from connector.errors import NotFound, PrivacyViolation, ValidationFailed
from connector.web import i18n_privacy
from connector.web.context import services
from connector.web.page import (
    _,
    actor,
    bp,
    can,
    current_user,
    flatten_messages,
    page,
    signed_in,
    visible_helpdesks,
)
from connector.web.schemas import (
    TemplateCreateSchema,
    schema,
)

# --- notice templates ------------------------------------------------------------------------

KINDS = ("notice", "handback")
VARIANTS = ("formal", "informal")
LANGS = ("nl", "fr", "de", "en")


def _one_of(value: str | None, allowed: tuple[str, ...], default: str | None = None) -> str:
    return value if value in allowed and value is not None else (default or allowed[0])


def _lint_by_part(data: Mapping[str, str], names: Sequence[str] = ()) -> dict[str, list[str]]:
    """Which part (subject, text, html) holds the words the privacy guard refused: each word,
    its category and a suggested rewrite, in the page's language."""
    out: dict[str, list[str]] = {}
    lang = g.get("lang", "en")
    for part in ("subject", "text", "html"):
        try:
            validate_template(
                data.get(part) or "",
                data["lang"],
                html=part == "html",
                names=names,
                kind=data.get("kind") or "notice",
            )
        except PrivacyViolation as exc:
            out[part] = [i18n_privacy.refusal(f, lang) for f in exc.findings] or [
                f"not allowed: {', '.join(exc.words)}"
            ]
        except ValidationFailed:
            continue
    return out


MODES = ("plain", "advanced")


def _plain_start(kind: str, variant: str, lang: str) -> dict[str, str] | None:
    """The built-in notice as plain fields (what a lead starts editing from), if it has them."""
    fields = builtin_template(kind, variant, lang).fields
    return {f: str(fields.get(f) or "") for f in PLAIN_FIELDS} if fields is not None else None


def _sample_preview(
    key: Mapping[str, str], values: Mapping[str, Any], mode: str
) -> dict[str, str] | None:
    """The notice as the fields or template code stand, with sample values (None when they
    cannot be rendered yet: the errors say why)."""
    if mode == "plain":
        fields = {f: str(values.get(f"field.{f}") or "") for f in PLAIN_FIELDS}
        tpl = NoticeTemplate(key["lang"], "", "", "", key["kind"], key["variant"], fields)
    else:
        tpl = NoticeTemplate(
            key["lang"],
            str(values.get("subject") or ""),
            str(values.get("text") or ""),
            str(values.get("html") or ""),
            key["kind"],
            key["variant"],
        )
    sample = {k: v for k, v in SAMPLE_VALUES.items() if k != "mention"}
    try:
        rendered = render_notice(tpl, sample)
    except (PrivacyViolation, ValidationFailed):
        return None
    return {"subject": rendered.subject, "text": rendered.text, "html": rendered.html}


def _problem(message: str) -> str:
    """A plain field's problem (plain_notice.field_problems, English) in the page's language."""
    if found := re.fullmatch(r"unknown placeholder (.+); use (.+)", message):
        return _(
            "unknown placeholder %(names)s; use %(allowed)s",
            names=found.group(1),
            allowed=found.group(2),
        )
    if found := re.fullmatch(r"longer than (\d+) characters", message):
        return _("longer than %(n)s characters", n=found.group(1))
    return _(message)


def _field_refusals(exc: ValidationFailed) -> dict[str, list[str]]:
    """Per plain field, what is wrong in the page's language: the privacy guard's refusals
    (the words, their category and a suggested rewrite) instead of the English summary."""
    lang = g.get("lang", "en")
    out = {name: [_problem(m) for m in messages] for name, messages in exc.fields.items()}
    for name, found in exc.findings.items():
        out[name] = [i18n_privacy.refusal(f, lang) for f in found] or out.get(name, [])
    return out


@bp.route("/templates", methods=["GET", "POST"])
@signed_in()
def templates() -> Any:
    svc = services()
    visible = visible_helpdesks()
    source = request.form if request.method == "POST" else request.args
    helpdesk = str(source.get("helpdesk") or "")
    if request.method == "POST" and helpdesk not in visible:
        # Never fall back to another helpdesk when saving: that saved it for the wrong one.
        return page(
            "error.html",
            403,
            title=_("Not allowed"),
            message=_("You may not manage the helpdesk %(helpdesk)s.", helpdesk=helpdesk or "-"),
        )
    helpdesk = helpdesk if helpdesk in visible else (visible[0] if visible else "")
    hd = svc.helpdesks.get(helpdesk)
    key: dict[str, str] = {
        "helpdesk": helpdesk,
        "kind": _one_of(source.get("kind"), KINDS),
        "variant": _one_of(source.get("variant"), VARIANTS),
        "lang": _one_of(source.get("lang"), LANGS, hd.config.locale if hd else "en"),
    }
    versions = [
        t
        for t in svc.repositories.templates.templates([key["helpdesk"]])
        if all(t[k] == key[k] for k in ("kind", "variant", "lang"))
    ]
    active = next((t for t in versions if t["active"]), None)
    start = _plain_start(key["kind"], key["variant"], key["lang"])
    if active is not None and active.get("fields"):
        start = {f: str(active["fields"].get(f) or "") for f in PLAIN_FIELDS}
    # Plain fields when the version in use has them (or, with none saved, the built-in one
    # has them); the lead may switch to the template code (advanced) and back.
    plain_default = (active.get("fields") is not None) if active is not None else bool(start)
    mode = _one_of(source.get("mode"), MODES, "plain" if plain_default else "advanced")
    if request.method == "POST" and "mode" not in request.form:  # a form or script of before
        mode = "advanced" if "text" in request.form else "plain"
    if start is None:
        start = dict.fromkeys(PLAIN_FIELDS, "")
    errors: dict[str, list[str]] = {}
    status = 200
    if active is not None and not active.get("fields"):
        values: dict[str, Any] = {k: active[k] for k in ("subject", "text", "html")}
    else:
        built = builtin_advanced(key["kind"], key["variant"], key["lang"])
        values = {"subject": built.subject, "text": built.text, "html": built.html}
    values |= {f"field.{f}": v for f, v in start.items()}
    values["activate"] = True
    if request.method == "POST":
        if not can("team_lead"):
            return page(
                "error.html",
                403,
                title=_("Not allowed"),
                message=_(
                    "This needs the %(role)s role; you are signed in as %(have)s.",
                    role=_("team_lead"),
                    have=_(current_user().role),  # type: ignore[union-attr]
                ),
            )
        values["activate"] = request.form.get("activate") == "on"
        if mode == "plain":
            plain = {f: request.form.get(f"field.{f}", "") for f in PLAIN_FIELDS}
            values |= {f"field.{f}": v for f, v in plain.items()}
            submitted: dict[str, Any] = {"fields": plain, "activate": values["activate"]}
        else:
            for part in ("subject", "text", "html"):
                values[part] = request.form.get(part, "")
            submitted = {k: values[k] for k in ("subject", "text", "html", "activate")}
        try:
            data = schema(TemplateCreateSchema).load({**key, **submitted})
            activate = data.pop("activate")
            saved = svc.notices.save_template(data, actor())
        except ValidationError as exc:
            errors, status = flatten_messages(exc.messages), 422
        except ValidationFailed as exc:
            errors, status = dict(exc.fields), 422
            if mode == "plain":  # the refusals in the page's language, by the form's names
                errors = {
                    k.replace("fields.", "field.", 1): v for k, v in _field_refusals(exc).items()
                }
            elif "template" in errors:  # the lint's words, next to the part that has them
                errors.update(
                    _lint_by_part({**key, **values}, svc.notices.names_of(key["helpdesk"]))
                )
        else:
            if activate:
                saved = svc.notices.activate_template(saved["id"], actor())
            flash(_("Version %(version)s was saved.", version=saved["version"]), "success")
            back: dict[str, Any] = dict(key) | {"mode": mode}
            return redirect(url_for("ui.templates", **back), 303)
    return page(
        "templates.html",
        status,
        key=key,
        mode=mode,
        plain_possible=True,
        values=values,
        errors=errors,
        versions=list(reversed(versions)),
        active=active,
        helpdesks=visible,
        kinds=KINDS,
        variants=VARIANTS,
        langs=LANGS,
        variables=sorted(ALLOWED_VARIABLES),
        placeholders=list(PLACEHOLDERS_BY_KIND[key["kind"]]),
        preview=_sample_preview(key, values, mode),
        subject_note=_subject_note(hd),
    )


def _subject_note(adapter: Any) -> str:
    """Whether the customer sees the subject, as the helpdesk's mapping declares it."""
    if adapter is None:
        return ""
    vendor = adapter.mapping.title
    sent = adapter.mapping.notice_subject_sent
    if sent is SubjectSent.ALWAYS:
        return _("%(vendor)s sends this subject to the customer.", vendor=vendor)
    if sent is SubjectSent.WITHOUT_TICKET_SUBJECT:
        return _(
            "%(vendor)s sends this subject only for a ticket without a subject of its own; "
            "otherwise the customer sees the ticket's subject.",
            vendor=vendor,
        )
    return _(
        "%(vendor)s does not send this subject: the customer gets the notice in the ticket's "
        "conversation, under the ticket's own subject.",
        vendor=vendor,
    )


@bp.post("/templates/<int:template_id>/activate")
@signed_in("team_lead")
def template_activate(template_id: int) -> Any:
    svc = services()
    row = svc.repositories.templates.template(template_id)
    if row is None or row["helpdesk"] not in visible_helpdesks():
        raise NotFound(Msg("no template %(template_id)s", template_id=template_id))
    svc.notices.activate_template(template_id, actor())
    flash(_("Version %(version)s is now active.", version=row["version"]), "success")
    key: dict[str, Any] = {k: row[k] for k in ("helpdesk", "kind", "variant", "lang")}
    return redirect(url_for("ui.templates", **key), 303)
