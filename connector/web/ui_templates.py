"""The notice-template page: the templates per helpdesk, kind, variant and language;
activating one.
"""

from __future__ import annotations

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
from connector.domain.notices import ALLOWED_VARIABLES, builtin_template, validate_template
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
            validate_template(data.get(part) or "", data["lang"], html=part == "html", names=names)
        except PrivacyViolation as exc:
            out[part] = [i18n_privacy.refusal(f, lang) for f in exc.findings] or [
                f"not allowed: {', '.join(exc.words)}"
            ]
        except ValidationFailed:
            continue
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
    errors: dict[str, list[str]] = {}
    status = 200
    if active is not None:
        values = {k: active[k] for k in ("subject", "text", "html")}
    else:
        built = builtin_template(key["kind"], key["variant"], key["lang"])
        values = {"subject": built.subject, "text": built.text, "html": built.html}
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
        values = {
            "subject": request.form.get("subject", ""),
            "text": request.form.get("text", ""),
            "html": request.form.get("html", ""),
            "activate": request.form.get("activate") == "on",
        }
        try:
            data = TemplateCreateSchema().load({**key, **values})
            activate = data.pop("activate")
            saved = svc.notices.save_template(data, actor())
        except ValidationError as exc:
            errors, status = flatten_messages(exc.messages), 422
        except ValidationFailed as exc:
            errors, status = dict(exc.fields), 422
            if "template" in errors:  # the lint's words, shown next to the part that has them
                errors.update(
                    _lint_by_part({**key, **values}, svc.notices.names_of(key["helpdesk"]))
                )
        else:
            if activate:
                saved = svc.repositories.templates.activate_template(saved["id"])
            flash(_("Version %(version)s was saved.", version=saved["version"]), "success")
            back: dict[str, Any] = dict(key)
            return redirect(url_for("ui.templates", **back), 303)
    return page(
        "templates.html",
        status,
        key=key,
        values=values,
        errors=errors,
        versions=list(reversed(versions)),
        active=active,
        helpdesks=visible,
        kinds=KINDS,
        variants=VARIANTS,
        langs=LANGS,
        variables=sorted(ALLOWED_VARIABLES),
    )


@bp.post("/templates/<int:template_id>/activate")
@signed_in("team_lead")
def template_activate(template_id: int) -> Any:
    svc = services()
    row = svc.repositories.templates.template(template_id)
    if row is None or row["helpdesk"] not in visible_helpdesks():
        raise NotFound(Msg("no template %(template_id)s", template_id=template_id))
    svc.repositories.templates.activate_template(template_id)
    flash(_("Version %(version)s is now active.", version=row["version"]), "success")
    key: dict[str, Any] = {k: row[k] for k in ("helpdesk", "kind", "variant", "lang")}
    return redirect(url_for("ui.templates", **key), 303)
