"""HTML to text with the standard library's parser: visible text only, block tags become lines."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from app.core.documents import Document

from .pages import text_pages
from .text import decode

_SKIP = {"script", "style", "noscript", "template", "svg", "object", "iframe"}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dt",
    "dd",
    "title",
    "address",
}
_CELL = {"td", "th"}
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> and <hr/>: a line break, without entering a skip/pre state.
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        # Source whitespace is layout, not content, except inside <pre>.
        self.parts.append(data if self.pre_depth else re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    lines = [line.strip(" ").lstrip("\t") for line in raw.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def decode_html(data: bytes) -> tuple[str, str]:
    match = _CHARSET.search(data[:4096])
    if match:
        enc = match.group(1).decode("ascii", "ignore")
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # a lying <meta>: fall back to detection
    return decode(data)


def parse_html(data: bytes, name: str, sha256: str) -> Document:
    markup, encoding = decode_html(data)
    text = html_to_text(markup)
    return Document(
        name=name,
        kind="html",
        pages=text_pages(text),
        sha256=sha256,
        size=len(data),
        metadata={"encoding": encoding},
    )
