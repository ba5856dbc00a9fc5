"""The customer notice: templates, validation on save, rendering in a sandbox (domain.md rule 1).

Pure. Built-in templates are package data (``connector/data/notices/<lang>.yaml``). Team
leads may write their own; ``validate_template`` refuses anything but plain text, the fixed
variables, ``{% if %}`` and a few harmless filters, and runs the privacy lint. Rendering
lints the result again, so a value cannot smuggle a reason in either.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

import nh3
from jinja2 import TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.environment import Template
from jinja2.runtime import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from connector.domain import lint, plain_notice
from connector.domain.messages import N_, Msg
from connector.domain.periods import MENTION_NONE, MENTIONS
from connector.domain.privacy import Category, Finding, Policy, guard, rewrite_for
from connector.errors import PrivacyViolation, ValidationFailed
from connector.yaml_files import load_yaml

LANGUAGES = ("nl", "fr", "de", "en")


class SubjectSent(enum.StrEnum):
    """Whether a helpdesk puts the notice's subject on the message the customer gets (each
    vendor's mapping declares it as ``notice.subject_sent``)."""

    NEVER = "never"  # a reply in the ticket's conversation, under the ticket's own subject
    WITHOUT_TICKET_SUBJECT = "without_ticket_subject"  # only when the ticket has no subject
    ALWAYS = "always"


KINDS = ("notice", "handback")
VARIANTS = ("formal", "informal")
PARTS = ("subject", "text", "html")

ALLOWED_VARIABLES = frozenset(
    {
        "customer_name",
        "replacement_name",
        "replacement_first_name",  # the replacement's first name; from replacement_name if absent
        "replacement_role",
        "replacement_contact",
        "start_date",
        "end_date",
        "company",
        "team",
        "ticket_reference",
        "original_agent_first_name",
        "mention",  # how the employee is mentioned: "unavailable" or "still_works"
    }
)
DATE_VARIABLES = frozenset({"start_date", "end_date"})
MENTION_VALUES = tuple(m for m in MENTIONS if m != MENTION_NONE)  # a template never sees "none"
REQUIRED_VARIABLES = {
    "notice": frozenset({"replacement_name", "start_date"}),
    "handback": frozenset({"start_date"}),
}
ALLOWED_FILTERS = frozenset({"e", "escape", "upper", "lower", "capitalize", "title", "trim"})
ALLOWED_FILTERS_WITH_ARGS = frozenset({"default", "d"})
ALLOWED_TESTS = frozenset({"defined", "undefined", "none", "string"})
MAX_TEMPLATE_CHARS = 20_000
MAX_VALUE_CHARS = 300
# Complexity limits, checked on the lexer's tokens before anything is parsed or compiled, so
# that no template (however small) can make parsing, compiling or rendering slow or deep:
# Jinja's parser and code generator recurse per nesting level and chain link.
MAX_NESTING = 8  # brackets and {% if %} blocks inside one another
MAX_FILTERS = 40  # filters and tests in one template part
MAX_TAGS = 120  # {{ ... }} and {% ... %} in one template part
MAX_TOKENS = 1_500  # lexer tokens in one template part
MAX_RENDERED_CHARS = 50_000

# The node types a template may contain: text, variables, if/else, comparisons, filters.
_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.If,
    nodes.CondExpr,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Compare,
    nodes.Operand,
    nodes.Concat,
    nodes.Filter,
    nodes.Test,
)
_CONSTRUCT_NAMES = {
    "For": "{% for %} loops",
    "Macro": "{% macro %}",
    "CallBlock": "{% call %}",
    "Assign": "{% set %}",
    "AssignBlock": "{% set %}",
    "Include": "{% include %}",
    "Import": "{% import %}",
    "FromImport": "{% from ... import %}",
    "Extends": "{% extends %}",
    "Block": "{% block %}",
    "With": "{% with %}",
    "FilterBlock": "{% filter %}",
    "Scope": "{% with %}",
    "Call": "function or method calls",
    "Getattr": "attribute access",
    "Getitem": "item access",
    "Slice": "slicing",
}

_MONTHS = {
    "nl": (
        "januari februari maart april mei juni juli augustus september oktober november december"
    ),
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
}

SAMPLE_VALUES: dict[str, object] = {
    "customer_name": "Alex Example",
    "replacement_name": "Sam Example",
    "replacement_first_name": "Sam",
    "replacement_role": "Customer Success",
    "replacement_contact": "sam@example.com",
    "start_date": dt.date(2030, 1, 7),
    "end_date": dt.date(2030, 3, 4),
    "company": "Example Company",
    "team": "Support",
    "ticket_reference": "#12345",
    "original_agent_first_name": "Robin",
    "mention": "still_works",
}


@dataclass(frozen=True)
class NoticeTemplate:
    """A customer notice in one language: subject line, plain-text body and HTML body."""

    lang: str
    subject: str
    text: str
    html: str
    kind: str = "notice"
    variant: str = "formal"
    #: Plain fields (``plain_notice.FIELDS``): when set, the notice is made from them (subject,
    #: text and HTML alike) and ``subject``/``text``/``html`` are not used.
    fields: Mapping[str, str] | None = None

    @property
    def plain(self) -> bool:
        return self.fields is not None


@dataclass(frozen=True)
class RenderedNotice:
    subject: str
    text: str
    html: str
    lang: str


def format_date(day: dt.date, lang: str) -> str:
    """A neutral long date: nl "23 november 2026", fr "1er décembre 2026", de "23. November
    2026", en "23 November 2026"."""
    month = _MONTHS[lang].split()[day.month - 1]
    if lang == "de":
        return f"{day.day}. {month} {day.year}"
    if lang == "fr" and day.day == 1:
        return f"1er {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def choose_language(locale: str | None, default: str, available: Iterable[str] = LANGUAGES) -> str:
    """The best available language for a helpdesk locale such as ``nl-BE``, ``fr_CA`` or
    ``de-AT.UTF-8``; ``default`` when nothing matches or no locale is known."""
    if not locale:
        return default
    wanted = re.split(r"[.@]", locale.strip().lower().replace("_", "-"), maxsplit=1)[0]
    by_lower = {lang.lower(): lang for lang in available}
    if wanted in by_lower:
        return by_lower[wanted]
    primary = wanted.split("-", 1)[0]
    return by_lower.get(primary, default)


# --- built-in templates -----------------------------------------------------------------


@functools.cache
def _builtin_file(lang: str) -> dict[str, dict[str, dict[str, str]]]:
    path = resources.files("connector") / "data" / "notices" / f"{lang}.yaml"
    loaded = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a mapping")
    return loaded


def builtin_template(
    kind: str = "notice", variant: str = "formal", lang: str = "en"
) -> NoticeTemplate:
    """One of the built-in templates (``kind`` notice|handback, ``variant`` formal|informal)."""
    if lang not in LANGUAGES or kind not in KINDS or variant not in VARIANTS:
        raise ValidationFailed(
            {"template": [f"no built-in template {kind}/{variant}/{lang}"]},
            "unknown built-in template",
        )
    parts = _builtin_file(lang)[kind][variant]
    fields = parts.get("fields")
    return NoticeTemplate(
        lang,
        parts["subject"],
        parts["text"],
        parts["html"],
        kind,
        variant,
        dict(fields) if isinstance(fields, dict) else None,
    )


def builtin_advanced(
    kind: str = "notice", variant: str = "formal", lang: str = "en"
) -> NoticeTemplate:
    """The built-in template as sandboxed template code (advanced mode), without its fields."""
    return dataclasses.replace(builtin_template(kind, variant, lang), fields=None)


def builtin_templates() -> Iterator[NoticeTemplate]:
    for lang in LANGUAGES:
        for kind in KINDS:
            for variant in VARIANTS:
                yield builtin_template(kind, variant, lang)


# --- the sandbox ------------------------------------------------------------------------


def _finalize(value: object) -> object:
    return "" if value is None else value


@functools.cache
def _environment(html: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=html, finalize=_finalize
    )
    env.globals.clear()  # no range, cycler, joiner, namespace, lipsum, dict
    env.filters = {name: env.filters[name] for name in ALLOWED_FILTERS | ALLOWED_FILTERS_WITH_ARGS}
    env.tests = {name: env.tests[name] for name in ALLOWED_TESTS}
    return env


def _refuse(problem: str) -> ValidationFailed:
    return ValidationFailed({"template": [problem]}, f"template not allowed: {problem}")


def _check_node(node: nodes.Node) -> None:
    name = type(node).__name__
    if isinstance(node, nodes.Getattr):
        raise _refuse(f"attribute access is not allowed (.{node.attr})")
    if isinstance(node, nodes.Getitem):
        raise _refuse("item access is not allowed ([...])")
    if not isinstance(node, _ALLOWED_NODES):
        raise _refuse(f"{_CONSTRUCT_NAMES.get(name, name)} not allowed")
    if isinstance(node, nodes.Name) and (node.ctx != "load" or node.name not in ALLOWED_VARIABLES):
        raise _refuse(f"unknown variable {node.name!r}")
    if isinstance(node, nodes.Const) and not isinstance(node.value, str | int | bool | None):
        raise _refuse("only text, numbers and true/false/none are allowed as constants")
    if isinstance(node, nodes.Filter):
        known = node.name in ALLOWED_FILTERS | ALLOWED_FILTERS_WITH_ARGS
        extras = node.kwargs or node.dyn_args or node.dyn_kwargs
        if not known or extras or (node.args and node.name not in ALLOWED_FILTERS_WITH_ARGS):
            raise _refuse(f"filter {node.name!r} not allowed")
    if isinstance(node, nodes.Test) and (node.name not in ALLOWED_TESTS or node.args):
        raise _refuse(f"test {node.name!r} not allowed")
    if isinstance(node, nodes.Operand) and node.op not in ("eq", "ne"):
        raise _refuse(f"comparison {node.op!r} not allowed")
    for child in node.iter_child_nodes():
        _check_node(child)


def _literal_text(node: nodes.Node) -> Iterator[str]:
    """The template's own words in order: its text and its string constants."""
    if isinstance(node, nodes.TemplateData):
        yield node.data
    elif isinstance(node, nodes.Const) and isinstance(node.value, str):
        yield node.value
    for child in node.iter_child_nodes():
        yield from _literal_text(child)


_OPEN_TOKENS = frozenset({"lparen", "lbracket", "lbrace"})
_CLOSE_TOKENS = frozenset({"rparen", "rbracket", "rbrace"})


def _check_complexity(source: str, html: bool) -> None:
    """Refuse a template whose size, nesting, filters or tags exceed the limits.

    Runs on the lexer's token stream (linear, no recursion), before the parser, compiler or
    renderer see the template: a long filter chain or deep nesting is refused in
    milliseconds instead of occupying a server thread or overflowing the stack.
    """
    if len(source) > MAX_TEMPLATE_CHARS:
        raise _refuse(f"longer than {MAX_TEMPLATE_CHARS} characters")
    depth = blocks = filters = tags = 0
    previous = ""
    for count, token in enumerate(_environment(html).lexer.tokenize(source), 1):
        kind, value = token.type, token.value
        if count > MAX_TOKENS:
            raise _refuse(f"too complex: more than {MAX_TOKENS} parts")
        if kind in ("variable_begin", "block_begin"):
            tags += 1
            if tags > MAX_TAGS:
                raise _refuse(f"too complex: more than {MAX_TAGS} {{{{ }}}} or {{% %}} tags")
        elif kind in _OPEN_TOKENS:
            depth += 1
        elif kind in _CLOSE_TOKENS:
            depth -= 1
        elif kind == "pipe" or (kind == "name" and value == "is"):
            filters += 1
            if filters > MAX_FILTERS:
                raise _refuse(f"too complex: more than {MAX_FILTERS} filters or tests")
        elif kind == "name" and previous == "block_begin":
            if value == "if":
                blocks += 1
            elif value == "endif":
                blocks -= 1
        if depth + blocks > MAX_NESTING:
            raise _refuse(f"nested more than {MAX_NESTING} levels deep")
        previous = kind


def _parse(source: str, html: bool) -> nodes.Template:
    try:
        _check_complexity(source, html)
        tree = _environment(html).parse(source)
        _check_node(tree)
        unknown = meta.find_undeclared_variables(tree) - ALLOWED_VARIABLES
    except TemplateSyntaxError as exc:
        raise _refuse(f"syntax error on line {exc.lineno}: {exc.message}") from exc
    except (RecursionError, SyntaxError, MemoryError) as exc:  # a backstop to the limits
        raise _refuse(f"nested more than {MAX_NESTING} levels deep") from exc
    if unknown:
        raise _refuse("unknown variables: " + ", ".join(sorted(unknown)))
    return tree


@functools.lru_cache(maxsize=256)
def _compiled(source: str, html: bool) -> Template:
    _parse(source, html)
    return _environment(html).from_string(source)


def _render(source: str, html: bool, context: Mapping[str, object]) -> str:
    try:
        rendered = _compiled(source, html).render(dict(context))
    except TemplateError as exc:  # includes SecurityError and UndefinedError
        raise _refuse(f"cannot be rendered: {exc}") from exc
    except (RecursionError, SyntaxError, MemoryError) as exc:  # a backstop to the limits
        raise _refuse(f"nested more than {MAX_NESTING} levels deep") from exc
    if len(rendered) > MAX_RENDERED_CHARS:
        raise _refuse(f"renders longer than {MAX_RENDERED_CHARS} characters")
    if html:
        return sanitise_html(rendered).strip()
    lines = [line.rstrip() for line in rendered.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


_UNSAFE_HTML = re.compile(
    r"<\s*(script|style|iframe|object|embed)\b|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:",
    re.IGNORECASE,
)


def sanitise_html(html: str) -> str:
    """The HTML with only harmless markup left (nh3: no script, no event-handler attributes,
    no javascript: links); links get ``rel="noopener noreferrer"``."""
    return nh3.clean(html, url_schemes={"http", "https", "mailto", "tel"})


def _check_html(source: str) -> None:
    """Refuse scripts, event handlers and script links in an HTML part outright at save time
    (rendering sanitises as well, so a value cannot bring them in either)."""
    if _UNSAFE_HTML.search(source):
        raise _refuse("the HTML may not contain scripts, event handlers or javascript: links")


# --- validation and rendering -----------------------------------------------------------


def _context(values: Mapping[str, object], lang: str) -> dict[str, object]:
    """The template's variables: dates written in ``lang``; the replacement's first name taken
    from their name when not given (the built-in notices are written by the replacement, in
    the first person, and introduce them by first name)."""
    context: dict[str, object] = dict.fromkeys(ALLOWED_VARIABLES)
    name = values.get("replacement_name")
    if values.get("replacement_first_name") is None and isinstance(name, str) and name.split():
        context["replacement_first_name"] = name.split()[0]
    for key, value in values.items():
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            context[key] = format_date(day, lang)
        else:
            context[key] = value
    return context


# Values that are names (never judged as words); the other values (role, contact line,
# ticket reference, team) are judged in the rendered notice, so a reason cannot ride in on them.
NAME_VARIABLES = (
    "customer_name",
    "replacement_name",
    "replacement_first_name",
    "company",
    "original_agent_first_name",
)


def _merge(into: list[Finding], found: Iterable[Finding]) -> None:
    seen = {f.text for f in into}
    for finding in found:
        if finding.text not in seen:
            seen.add(finding.text)
            into.append(finding)


#: A name no language has, rendered for the colleague to find the clauses that name them.
_COLLEAGUE = "Qolleaguex"
_CLAUSE_END = re.compile(r"[.!?;:\n]+")
_TAG = re.compile(r"<[^>]*>")


def _clause_words(text: str) -> list[tuple[str, ...]]:
    """The clauses of ``text`` (ended by . ! ? ; : or a line break) as folded words."""
    plain = _TAG.sub(" ", text).replace("&nbsp;", " ")
    return [tuple(_words(clause)) for clause in _CLAUSE_END.split(plain) if clause.strip()]


def _words(text: str) -> list[str]:
    return lint.WORD.findall(lint.variants(text, collapse=False)[0])


@functools.cache
def _mention_clauses(lang: str) -> tuple[tuple[str, ...], ...]:
    """What a notice in ``lang`` may say in a clause that names the colleague: the clause of
    each mention sentence (``plain_notice.MENTION_SENTENCES``, either formality) that holds
    the name, as folded words with the name as ``_COLLEAGUE``."""
    out: set[tuple[str, ...]] = set()
    for (sentence_lang, _variant), sentences in plain_notice.MENTION_SENTENCES.items():
        if sentence_lang != lang:
            continue
        for sentence in sentences.values():
            for clause in _clause_words(sentence.format(name=_COLLEAGUE)):
                if _COLLEAGUE.lower() in clause:
                    out.add(clause)
    return tuple(sorted(out))


def _holds(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def about_the_colleague(rendered: str, lang: str) -> list[Finding]:
    """Clauses of a rendered notice that name the colleague (rendered as ``_COLLEAGUE``) and
    do not hold one of the mention sentences (domain.md rule 1: "if named, only 'temporarily
    not available', nothing more"). Words before it in the clause (a greeting, "please
    note") are left to the word lists; a clause that says something else about the colleague
    ("Robin is not doing well", "Robin needs some quiet weeks") is refused whatever its words."""
    allowed = _mention_clauses(lang)
    name = _COLLEAGUE.lower()
    sample = str(SAMPLE_VALUES["original_agent_first_name"])
    found: list[Finding] = []
    for clause in _clause_words(rendered):
        if name in clause and not any(_holds(clause, part) for part in allowed):
            said = " ".join(sample if w == name else w for w in clause)
            category = Category.ABOUT_THE_COLLEAGUE
            found.append(
                Finding(said, (0, 0), category, lang, rewrite_for(Policy.NOTICE, category))
            )
    return found


def validate_template(
    source: str,
    lang: str,
    allowed_dates: Iterable[dt.date] = (),
    *,
    html: bool = False,
    names: Iterable[str] = (),
    kind: str = "notice",
) -> frozenset[str]:
    """Check one template part before it is saved; return the variables it uses.

    Raises ``ValidationFailed`` for a syntax error, an unknown variable or any construct
    beyond text, variables, ``{% if %}``, comparisons and the allowed filters (so no
    attribute access, calls or loops: the usual template-injection routes), or when it cannot
    be rendered. Raises ``PrivacyViolation`` naming the words when the source, its literal
    text (``zi{{ '' }}ek``), or a sample rendering (with every optional value present, and
    with none) contains a reason hint, a medical term or a date not in ``allowed_dates``.
    The template's fixed text is judged with its variables as placeholders; ``names`` (the
    helpdesk's company and other names Stand-in knows) and the sample names are never judged.
    """
    if lang not in LANGUAGES:
        raise ValidationFailed(
            {"lang": [Msg("must be one of %(choices)s", choices=", ".join(LANGUAGES))]}
        )
    tree = _parse(source, html)
    if html:
        _check_html(source)
    allowed = set(allowed_dates)
    sample_allowed = allowed | {d for d in SAMPLE_VALUES.values() if isinstance(d, dt.date)}
    full = _context(SAMPLE_VALUES, lang)
    minimal = _context({k: SAMPLE_VALUES[k] for k in ("replacement_name", "start_date")}, lang)
    known = (*names, *(str(SAMPLE_VALUES[k]) for k in NAME_VARIABLES))
    found: list[Finding] = []
    checks = [
        (source, allowed),
        ("".join(_literal_text(tree)), allowed),
        (_render(source, html, full), sample_allowed),
        (_render(source, html, minimal), sample_allowed),
    ]
    for text, dates in checks:
        _merge(
            found,
            guard(text, Policy.NOTICE, names=known, allowed_dates=dates, strict_dates=True),
        )
    used = frozenset(meta.find_undeclared_variables(tree))
    if kind == "notice" and "original_agent_first_name" in used:
        # The hand-back names the colleague as the contact again; a notice only as the
        # period's mention sentence says.
        for mention in MENTION_VALUES:
            values = {**SAMPLE_VALUES, "original_agent_first_name": _COLLEAGUE, "mention": mention}
            _merge(found, about_the_colleague(_render(source, html, _context(values, lang)), lang))
    if found:
        raise PrivacyViolation.of(found)
    return used


def validate_notice_template(
    template: NoticeTemplate, allowed_dates: Iterable[dt.date] = (), names: Iterable[str] = ()
) -> None:
    """``validate_template`` on the subject, text and HTML of ``template``; errors per part.
    A plain-field template: ``validate_plain_fields``."""
    allowed = tuple(allowed_dates)
    known = tuple(names)
    if template.fields is not None:
        validate_plain_fields(
            template.fields, template.lang, known, template.kind, template.variant
        )
        return
    problems: dict[str, list[str]] = {}
    found: list[Finding] = []
    for part in PARTS:
        try:
            validate_template(
                getattr(template, part),
                template.lang,
                allowed,
                html=part == "html",
                names=known,
                kind=template.kind,
            )
        except ValidationFailed as exc:
            problems[part] = [m for messages in exc.fields.values() for m in messages]
        except PrivacyViolation as exc:
            _merge(found, exc.findings)
    if problems:
        raise ValidationFailed(problems, "template not allowed")
    if found:
        raise PrivacyViolation.of(found)


def _clean_values(
    values: Mapping[str, object], kind: str, name_original_agent: bool
) -> dict[str, object]:
    problems: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for key, value in values.items():
        if key not in ALLOWED_VARIABLES:
            problems.setdefault(key, []).append(N_("not a notice variable"))
        elif value is None:
            continue
        elif key in DATE_VARIABLES:
            if not isinstance(value, dt.date):
                problems.setdefault(key, []).append(N_("must be a date"))
            else:
                cleaned[key] = value
        elif not isinstance(value, str):
            problems.setdefault(key, []).append(N_("must be text"))
        elif key == "mention" and value not in MENTION_VALUES:
            # a fixed choice, never free text: nothing can ride in on it
            problems.setdefault(key, []).append(
                Msg("must be one of %(choices)s", choices=", ".join(MENTION_VALUES))
            )
        else:
            single_line = " ".join(value.split())  # no header or line injection
            if len(single_line) > MAX_VALUE_CHARS:
                problems.setdefault(key, []).append(
                    Msg("longer than %(limit)s characters", limit=MAX_VALUE_CHARS)
                )
            elif single_line:
                cleaned[key] = single_line
    for key in sorted(REQUIRED_VARIABLES.get(kind, frozenset()) - cleaned.keys() - problems.keys()):
        problems[key] = [N_("required")]
    if problems:
        raise ValidationFailed(problems, "invalid notice values")
    if not name_original_agent:
        cleaned.pop("original_agent_first_name", None)
        cleaned.pop("mention", None)
    return cleaned


def render_notice(
    template: NoticeTemplate,
    values: Mapping[str, object],
    allowed_dates: Iterable[dt.date] = (),
    *,
    name_original_agent: bool = False,
    names: Iterable[str] = (),
) -> RenderedNotice:
    """Render a notice and lint the result; raise ``PrivacyViolation`` naming what it found.

    ``values`` use the fixed variable names; dates are ``datetime.date`` and are written in the
    template's language. ``start_date`` and ``end_date`` are allowed dates in the output, on
    top of ``allowed_dates``. ``original_agent_first_name`` is dropped unless
    ``name_original_agent`` (the period's setting, off by default). Text values are made single
    line. Names (the customer, the replacement, the company, the original agent, and
    ``names``: whatever else Stand-in knows) are never judged as words: a customer called
    "Holiday Parks" or a replacement called Sickinger reveals nothing. Every other value (role,
    contact line, reference, team) is judged as part of the rendered output.
    """
    cleaned = _clean_values(values, template.kind, name_original_agent)
    allowed = set(allowed_dates) | {v for v in cleaned.values() if isinstance(v, dt.date)}
    context = _context(cleaned, template.lang)
    known = (*names, *(str(context[k]) for k in NAME_VARIABLES if context.get(k)))
    parts: dict[str, str] = {}
    found: list[Finding] = []
    if template.fields is not None:
        subject, text, body = plain_notice.compose(
            template.fields, context, template.lang, template.variant, template.kind
        )
        parts = {"subject": subject, "text": text, "html": body}
    for part in PARTS:
        if template.fields is None:
            parts[part] = _render(getattr(template, part), part == "html", context)
        _merge(
            found,
            guard(
                parts[part], Policy.NOTICE, names=known, allowed_dates=allowed, strict_dates=True
            ),
        )
    if found:
        raise PrivacyViolation.of(found)
    subject = " ".join(parts["subject"].split())
    return RenderedNotice(subject, parts["text"], parts["html"], template.lang)


def plain_field_findings(
    fields: Mapping[str, str], lang: str, names: Iterable[str] = (), variant: str = "formal"
) -> dict[str, list[Finding]]:
    """The privacy guard's refusals per plain field, judged as written and filled in with
    the sample values (whose names and dates are allowed)."""
    sample = _context(SAMPLE_VALUES, lang)
    known = (*names, *(str(SAMPLE_VALUES[k]) for k in NAME_VARIABLES))
    dates = {d for d in SAMPLE_VALUES.values() if isinstance(d, dt.date)}
    return plain_notice.field_findings(
        fields, sample, lang, names=known, allowed_dates=dates, variant=variant
    )


def validate_plain_fields(
    fields: Mapping[str, str],
    lang: str,
    names: Iterable[str] = (),
    kind: str = "notice",
    variant: str = "formal",
) -> None:
    """Refuse plain fields that are malformed (``ValidationFailed`` per field) or that the
    privacy guard refuses (``PrivacyViolation``; ``plain_field_findings`` says which field)."""
    if lang not in LANGUAGES:
        raise ValidationFailed({"lang": [f"must be one of {', '.join(LANGUAGES)}"]})
    problems = plain_notice.field_problems(fields, kind)
    if problems:
        raise ValidationFailed(problems, "notice fields not allowed")
    found: list[Finding] = []
    for findings in plain_field_findings(fields, lang, names, variant).values():
        _merge(found, findings)
    if found:
        raise PrivacyViolation.of(found)
