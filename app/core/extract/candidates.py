"""Deterministic candidate values for a field, each grounded in a span of the document.

A tiny model is poor at writing values but good enough at *choosing* among a few; and a value
found by a rule is grounded by construction. So every field starts here: rules propose
candidates with a prior score, the model (see `chooser.py`) breaks ties, and `fields.py`
combines the signals into a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.core.documents import Document, Finding, TextSpan
from app.core.extract import patterns as P
from app.core.extract.lines import Line
from app.core.extract.profiles import FieldSpec


@dataclass
class Candidate:
    value: str
    spans: list[TextSpan]
    score: float  # prior in [0, 1]: how strongly the rule believes it
    method: str
    normalized: str | None = None
    methods: set[str] = field(default_factory=set)


_SEP = r"\s*(?:[:#.\-=]+|no\.?|number)?\s*[:#]?\s*"


def _label_regex(labels: Iterable[str]) -> re.Pattern[str]:
    alts = "|".join(
        re.escape(lbl).replace(r"\ ", r"[\s._-]*") for lbl in sorted(labels, key=len, reverse=True)
    )
    # Not `\b` after the label: "INV#" and "RECEIPT #:" end in a non-word character.
    return re.compile(rf"^[\W_]*(?:{alts})(?![A-Za-z]){_SEP}", re.IGNORECASE)


def label_values(
    lines: list[Line], labels: Iterable[str], lookahead: int = 2
) -> list[tuple[Line, int, int, float]]:
    """(line, start, end, strength) of values written after a label: on the same line after the
    label, or on one of the next lines when the label ends its line (forms, OCR of columns)."""
    labels = list(labels)
    if not labels:
        return []
    rx = _label_regex(labels)
    found = []
    for ln in lines:
        m = rx.match(ln.text)
        if not m:
            continue
        rest = ln.text[m.end() :].strip(" .:")
        if rest:
            start = ln.text.index(rest, m.end())
            found.append((ln, start, start + len(rest), 0.85 if ":" in m.group(0) else 0.7))
        else:
            for nxt in lines[ln.index + 1 : ln.index + 1 + lookahead]:
                t = nxt.text.strip(" :")
                if t:
                    s = nxt.text.index(t)
                    found.append((nxt, s, s + len(t), 0.6))
                    break
    return found


def _regex_candidates(
    lines: list[Line],
    rx: re.Pattern[str],
    spec: FieldSpec,
    norm: Callable[[str], str | None],
    base: float,
    owners: list[Line] | None = None,
) -> list[Candidate]:
    """Every regex match in the document, stronger after one of the field's labels: most when
    the label is just before it on its line ("Admission Date: 02/03/2026"), less when it stands
    alone on the line above (forms, OCR of columns), and less again when another label comes
    between ("Admission Date: 02/03/2026  Discharge Date: 02/08/2026")."""
    any_label = (
        re.compile(
            r"\b(?:" + "|".join(_label_alt(lbl) for lbl in spec.labels) + r")(?![A-Za-z])", re.I
        )
        if spec.labels
        else None
    )
    out = []
    for ln in lines:
        for m in rx.finditer(ln.text):
            value = m.group(0).strip()
            n = norm(value)
            if n is None:
                continue
            out.append(
                Candidate(
                    value,
                    [ln.span(m.start(), m.start() + len(value))],
                    min(base + _label_bonus(lines, ln, m.start(), rx, any_label), 0.95),
                    "regex",
                    n,
                )
            )
            if owners is not None:
                owners.append(ln)
    return out


def _label_alt(label: str) -> str:
    return re.escape(label).replace(r"\ ", r"[\s._-]*")


def _label_bonus(
    lines: list[Line], ln: Line, start: int, rx: re.Pattern[str], label: re.Pattern[str] | None
) -> float:
    if label is None:
        return 0.0
    before = ln.text[:start]
    hits = list(label.finditer(before))
    if hits:
        between = before[hits[-1].end() :]
        other_label = re.search(r"[A-Za-z]{2,}[^:]*:", between.lstrip(" :#.-"))
        return 0.15 if other_label else 0.45
    if ln.index > 0:
        prev = lines[ln.index - 1]
        if prev.page == ln.page and label.search(prev.text) and not rx.search(prev.text):
            return 0.3
    return 0.0


def date_candidates(lines: list[Line], spec: FieldSpec) -> list[Candidate]:
    owners: list[Line] = []
    cands = _regex_candidates(lines, P.DATE_RE, spec, P.normalize_date, 0.3, owners)
    # An unlabeled date's position matters: the first date on a receipt or letter is usually it.
    for rank, c in enumerate(sorted(cands, key=lambda c: (c.spans[0].page, c.spans[0].start))):
        c.score = min(0.95, c.score + max(0.0, 0.15 - 0.05 * rank))
    # A transaction date is printed with its time ("19-09-17 15:39"); a code that parses as a
    # date ("CK 11-22-31") is not.
    for c, ln in zip(cands, owners, strict=True):
        if re.search(r"\b\d{1,2}:\d{2}\b", ln.text):
            c.score = min(0.95, c.score + 0.1)
    # One date, printed once or repeated, and nothing else that parses as one: little doubt.
    if cands and len({c.normalized for c in cands}) == 1:
        for c in cands:
            c.score = min(0.95, c.score + 0.25)
    return cands


def amount_candidates(lines: list[Line], spec: FieldSpec) -> list[Candidate]:
    """The amount after one of the field's labels: the last on the label's line or, in OCR of
    columns, on a line or two below it."""
    label_rx = (
        re.compile("|".join(rf"\b{re.escape(lbl)}\b" for lbl in spec.labels), re.I)
        if spec.labels
        else None
    )
    out: list[Candidate] = []
    for ln in lines:
        if not label_rx or not label_rx.search(ln.text):
            continue
        for dist, target in enumerate(lines[ln.index : ln.index + 3]):
            if dist and label_rx.search(target.text):
                break
            ms = list(P.AMOUNT_RE.finditer(target.text))
            if not ms:
                continue
            m = ms[-1]
            n = P.normalize_amount(m.group(0))
            if n is None:
                continue
            score = 0.8 if dist == 0 else 0.65
            # A later mention wins: the last "TOTAL" is after rounding and discounts.
            score += 0.1 * (ln.index / max(1, len(lines)))
            out.append(
                Candidate(
                    m.group(0).strip(),
                    [target.span(m.start(), m.end())],
                    max(score, 0.05),
                    "label",
                    n,
                )
            )
            break
    return out


def jurisdiction_candidates(lines: list[Line], spec: FieldSpec) -> list[Candidate]:
    """Every state or country named, stronger after one of the field's labels."""
    return _regex_candidates(lines, P.JURISDICTION_ANY_RE, spec, P.normalize_jurisdiction, 0.2)


def term_candidates(lines: list[Line], spec: FieldSpec) -> list[Candidate]:
    """Every duration ("two (2) years", "24 months"), stronger after one of the field's labels."""
    return _regex_candidates(lines, P.TERM_RE, spec, P.normalize_term, 0.2)


def text_candidates(lines: list[Line], spec: FieldSpec) -> list[Candidate]:
    return [
        Candidate(ln.text[s:e], [ln.span(s, e)], strength, "label", P.normalize_name(ln.text[s:e]))
        for ln, s, e, strength in label_values(lines, spec.labels)
    ]


def list_candidates(lines: list[Line], spec: FieldSpec) -> list[Candidate]:
    """A section: its header (one of the labels) followed by bulleted or numbered lines."""
    header = re.compile(rf"^(?:{'|'.join(re.escape(lbl) for lbl in spec.labels)})\s*:?\s*$", re.I)
    out = []
    for ln in lines:
        if not header.match(ln.text):
            continue
        for item in lines[ln.index + 1 : ln.index + 30]:
            m = re.match(r"^(?:[-*•·]|\d{1,2}[.)])\s*(.+)$", item.text)
            if not m:
                break
            s = item.text.index(m.group(1))
            out.append(
                Candidate(
                    m.group(1), [item.span(s, s + len(m.group(1)))], 0.8, "section", m.group(1)
                )
            )
        break
    return out


def finding_candidates(
    doc: Document, findings: list[Finding], types: set[str], spec: FieldSpec, base: float
) -> list[Candidate]:
    """Entities the privacy analyzer found (people, organisations) are candidates too."""
    out = []
    for f in findings:
        if f.type not in types:
            continue
        text = doc.pages[f.page - 1].text[f.start : f.end]
        out.append(
            Candidate(
                text,
                [TextSpan(f.page, f.start, f.end)],
                base * f.score,
                "ner",
                P.normalize_name(text),
            )
        )
    return out
