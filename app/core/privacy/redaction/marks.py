"""What a reviewer changes before a redacted export: boxes drawn, terms added, marks removed.

A mark is plain data (it crosses threads and lives encrypted in the workspace's
`redaction_marks` table). Detected identifiers (`Finding`s) are the starting point; marks adjust
them the way a reviewer does in Acrobat's redaction tool:

- `box`:  a rectangle drawn on a page (PDF points, unrotated page space, as `Word` boxes are):
          whatever is under it goes, text or pixels (a signature, a photo, a stamp).
- `term`: a phrase the reviewer selected: every occurrence in the document is redacted.
- `keep`: a detected phrase the reviewer says is not an identifier ("Hypertension" tagged as an
          organisation): no occurrence of it is redacted in this document.
"""

from __future__ import annotations

from dataclasses import dataclass

BOX, TERM, KEEP = "box", "term", "keep"
KINDS = (BOX, TERM, KEEP)
MANUAL = "MANUAL"  # the type a reviewer's own marks are counted under


@dataclass(frozen=True)
class RedactionMark:
    kind: str  # BOX | TERM | KEEP
    page: int = 0  # BOX: the page (1-based); TERM/KEEP: 0 (the whole document)
    rect: tuple[float, float, float, float] | None = None  # BOX: x0, y0, x1, y1
    text: str = ""  # TERM / KEEP: the phrase
    type: str = MANUAL
    id: int | None = None  # the row id once stored

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown redaction mark kind {self.kind!r}")
        if self.kind == BOX and (self.rect is None or self.page < 1):
            raise ValueError("a box mark needs a page and a rectangle")
        if self.kind != BOX and not " ".join(self.text.split()):
            raise ValueError("a term or keep mark needs its text")


def normalize(text: str) -> str:
    """One space for every run of white space: how a phrase is compared across line breaks."""
    return " ".join(text.split())
