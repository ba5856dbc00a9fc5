"""Plain text from the HTML of a helpdesk note (Freshdesk, HubSpot, Zammad and RT editors).

Built on the standard library's ``html.parser`` (no sanitising needed: the text is only read,
never rendered). What matters is that the lines a team lead typed stay lines, so the small
``#contactlog`` syntax (key lines, one blank line, the summary) survives the editor:

* block elements (``p``, ``div``, ``li``, ``tr``, headings …) end a line;
* ``<br>`` is a line break, so an empty paragraph (``<p><br></p>``) is a blank line;
* whitespace inside text collapses as a browser shows it (``<pre>`` keeps it);
* entities are decoded; ``script``/``style`` content is dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    }
)
_SKIP = frozenset({"script", "style", "head", "title"})
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# An opening or closing tag an editor writes; plain text with a stray "<" does not match.
_TAG = re.compile(
    r"</?(?:p|div|br|span|b|i|u|strong|em|ul|ol|li|table|tr|td|a|font|blockquote|pre|h[1-6])"
    r"(?:\s[^>]*)?/?>",
    re.IGNORECASE,
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0

    def _at_line_start(self) -> bool:
        return not self.out or self.out[-1].endswith("\n")

    def _end_line(self) -> None:
        if not self._at_line_start():
            self.out.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag in _BLOCKS:
            self._end_line()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag in _BLOCKS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self._end_line()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            self.out.append(data)
            return
        text = _SPACE.sub(" ", data)
        if self._at_line_start():
            text = text.lstrip(" ")
        if text:
            self.out.append(text)


def html_to_text(html: str) -> str:
    """The text a reader sees in ``html``: lines kept, tags gone, entities decoded."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = [line.rstrip() for line in "".join(parser.out).replace("\xa0", " ").split("\n")]
    return "\n".join(lines).strip("\n")


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds editor markup (used where a vendor may send either)."""
    return bool(_TAG.search(text))


def note_text(body: str, fmt: str = "auto") -> str:
    """A note body as plain text: ``html`` always converts, ``auto`` only markup, ``text`` never."""
    if fmt == "html" or (fmt == "auto" and looks_like_html(body)):
        return html_to_text(body)
    return body


def same_text(a: str | None, b: str | None) -> bool:
    """True when two renderings of a note say the same (whitespace differences aside)."""
    if a is None or b is None:
        return False
    return _SPACE.sub(" ", a).strip() == _SPACE.sub(" ", b).strip()
