"""A reviewer's redaction marks on a stored document: add, remove, and what they amount to.

Front ends call these (the GUI's review mode, scripts, tests); each change and its audit entry
commit together. The audit entry names the mark by id and kind, never its text or place.

    add_mark(ws, doc_id, RedactionMark(TERM, text="Riverbend"))   # → the mark's id
    remove_mark(ws, doc_id, mark_id)
    view_plan(doc, findings, marks)    # what the redacted view masks: text plan, no geometry
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from app.core import actions
from app.core.documents import Document, Finding
from app.core.errors import RedactionError

from .geometry import inner, overlaps
from .marks import BOX, KEEP, MANUAL, TERM, RedactionMark, normalize
from .plan import RedactionPlan, Target, plan_redaction


def add_mark(workspace: Any, doc_id: str, mark: RedactionMark) -> int:
    if not workspace.documents.exists(doc_id):
        raise KeyError(doc_id)
    with workspace.transaction():
        mark_id = workspace.marks.add(doc_id, mark)
        workspace.audit.record(actions.REDACTION_MARK, "document", doc_id, mark_id=mark_id,
                               kind=mark.kind, change="added")
    return mark_id


def remove_mark(workspace: Any, doc_id: str, mark_id: int) -> bool:
    with workspace.transaction():
        marks = {m.id: m for m in workspace.marks.for_document(doc_id)}
        if mark_id not in marks or not workspace.marks.remove(doc_id, mark_id):
            return False
        workspace.audit.record(actions.REDACTION_MARK, "document", doc_id, mark_id=mark_id,
                               kind=marks[mark_id].kind, change="removed")
    return True


def view_plan(doc: Document, findings: Sequence[Finding],
              marks: Iterable[RedactionMark] = ()) -> RedactionPlan:
    """What a redacted view masks: the export's plan without its geometry (every occurrence
    of each identifier and term, less the kept phrases). Never raises: a finding that points
    nowhere is left out here, and the export, which needs it placed, refuses instead."""
    pages = {p.number for p in doc.pages}
    try:
        return plan_redaction(doc, [f for f in findings if f.page in pages], marks, boxes=False)
    except RedactionError:
        return RedactionPlan()


def plan_findings(plan: RedactionPlan) -> list[Finding]:
    """The plan's text targets as non-overlapping findings (overlaps merge into one)."""
    spans = sorted((Finding(t.type, t.page, t.start, t.end, 1.0) for t in plan.targets
                    if t.start >= 0), key=lambda f: (f.page, f.start, -f.end))
    out: list[Finding] = []
    for f in spans:
        if out and out[-1].page == f.page and f.start < out[-1].end:
            prev = out[-1]
            out[-1] = Finding(prev.type, prev.page, prev.start, max(prev.end, f.end), 1.0)
        else:
            out.append(f)
    return out


class ReviewState:
    """A document's redactions as a reviewer sees them: what the export removes (text plan
    and boxes), what was kept, and which mark sits where, for the menus of a review view.

    `findings` are the ones of the chosen types (what the export masks); `marks` the
    reviewer's. Plain data, computed once per change; Qt-free so it is tested without a view.
    """

    def __init__(self, doc: Document, findings: Sequence[Finding],
                 marks: Iterable[RedactionMark] = ()) -> None:
        self.doc = doc
        self.marks = list(marks)
        self.findings = list(findings)
        self.kept = {normalize(m.text).casefold(): m for m in self.marks if m.kind == KEEP}
        self.terms = {normalize(m.text).casefold(): m for m in self.marks if m.kind == TERM}
        self._pages = {p.number: p for p in doc.pages}

    # The plans search every page for every phrase: worked out when first asked for (the
    # redacted view, review mode, a menu), not each time a document is shown.
    @cached_property
    def text_plan(self) -> RedactionPlan:
        return view_plan(self.doc, self.findings, self.marks)

    @cached_property
    def _boxes(self) -> tuple[RedactionPlan, str]:
        try:
            return plan_redaction(self.doc, self.findings, self.marks), ""
        except RedactionError as exc:  # shown to the reviewer; the export would refuse too
            return RedactionPlan(), str(exc)

    @property
    def box_plan(self) -> RedactionPlan:
        return self._boxes[0]

    @property
    def box_error(self) -> str:
        return self._boxes[1]

    def text_of(self, f: Finding) -> str:
        page = self._pages.get(f.page)
        return normalize(page.text[f.start:f.end]) if page else ""

    def is_kept(self, f: Finding) -> bool:
        return bool(self.kept) and self.text_of(f).casefold() in self.kept

    def masked(self) -> list[Finding]:
        """What a redacted view masks: every occurrence, terms included, kept ones not, and
        the words under the reviewer's drawn boxes (a screen shared shows none of them)."""
        return plan_findings(RedactionPlan(self.text_plan.targets + self._boxed_words()))

    def _boxed_words(self) -> list[Target]:
        out = []
        for m in self.marks:
            page = self._pages.get(m.page) if m.kind == BOX and m.rect is not None else None
            if page is None:
                continue
            x0, y0, x1, y1 = m.rect  # type: ignore[misc]
            box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            for w in page.words:
                if overlaps((w.x0, w.y0, w.x1, w.y1), inner(box)):
                    out.append(Target(MANUAL, page.text[w.start:w.end], page.number, [],
                                      w.start, w.end))
        return out

    def term_at(self, page: int, offset: int) -> RedactionMark | None:
        """The reviewer's term whose occurrence covers `offset` on `page`."""
        for t in self.text_plan.targets:
            if t.page == page and t.start <= offset < t.end:
                mark = self.terms.get(t.text.casefold())
                if mark is not None:
                    return mark
        return None

    def at_point(self, page: int, x: float, y: float) -> tuple[str, RedactionMark | str] | None:
        """What a click at page point (x, y) hits: ("box", the drawn box's mark), ("term",
        its mark), ("found", the identifier's text), or None."""
        for m in self.marks:
            if m.kind == BOX and m.page == page and m.rect is not None:
                x0, y0, x1, y1 = m.rect
                if min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1):
                    return "box", m
        for t in self.box_plan.targets:
            if t.page != page or not t.text:
                continue
            if any(a.rect[0] <= x <= a.rect[2] and a.rect[1] <= y <= a.rect[3] for a in t.areas):
                term = self.terms.get(t.text.casefold())
                return ("term", term) if term is not None else ("found", t.text)
        return None

    def kept_at_point(self, page: int, x: float, y: float) -> RedactionMark | None:
        """The keep mark of a kept identifier whose words cover (x, y)."""
        number = self._pages.get(page)
        if number is None:
            return None
        for f in self.findings:
            if f.page != page or not self.is_kept(f):
                continue
            for w in number.words:
                if (w.start < f.end and f.start < w.end
                        and w.x0 <= x <= w.x1 and w.y0 <= y <= w.y1):
                    return self.kept[self.text_of(f).casefold()]
        return None

    def counts(self) -> dict[str, int]:
        return {"detected": len(self.findings), "kept": len(self.kept),
                "terms": len(self.terms), "boxes": sum(m.kind == BOX for m in self.marks),
                "occurrences": len(self.box_plan.targets)}
