"""Turn a flat string into pages: the shape shared by TXT, MD, DOCX, HTML and e-mail bodies."""

from __future__ import annotations

from app.core.documents import Page

PAGE_CHARS = 3000  # about one printed page; keeps spans and LLM chunks page-sized


def text_pages(text: str, page_chars: int = PAGE_CHARS) -> list[Page]:
    """Split on form feeds if the text has them, else into ~page_chars pages at paragraph breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f") if "\f" in text else _chunk(text, page_chars)
    pages = [Page(number=i + 1, text=chunk) for i, chunk in enumerate(chunks)]
    return pages or [Page(number=1, text="")]


def _chunk(text: str, size: int) -> list[str]:
    out: list[str] = []
    while len(text) > size:
        # Prefer a paragraph break, then a line break, then a space, in the back half of the page.
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = text.rfind(sep, size // 2, size)
            if cut != -1:
                cut += len(sep)
                break
        if cut == -1:
            cut = size
        out.append(text[:cut])
        text = text[cut:]
    out.append(text)
    return out
