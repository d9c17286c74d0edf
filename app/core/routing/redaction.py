"""Pseudonymize outbound text, then prove nothing identifier-like is left (or refuse).

Two independent nets, because one analyzer pass is not a proof:
1. the analyzer runs again on the *final* message text, tokens and all — a name next to a token
   ("<PERSON_1> Smith") or one only recognisable in new context is caught here;
2. every original this request replaced is searched for verbatim (case- and
   whitespace-insensitive) in what would be sent — an original the analyzer flagged in one place
   but not another never slips through.
Anything either net finds in document- or model-derived text blocks the request. Any exception
on the way is a refusal too: this module never returns text it could not check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from app.core.documents import Finding
from app.core.errors import EscalationRefused, ResidualIdentifiers
from app.core.privacy.pseudonymize import Pseudonymizer

TOKEN_RE = re.compile(r"<([A-Z][A-Z0-9_]*)_(\d+)>")
MIN_ORIGINAL = 3  # shorter originals ("JD") would match inside ordinary words
PASSES = 3


def token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN_RE.finditer(text)]


def uncovered(text: str, f: Finding, tokens: list[tuple[int, int]]) -> list[Finding]:
    """The parts of a finding that are not already tokens, trimmed; empty when all are."""
    pieces, pos = [], f.start
    for a, b in tokens:
        if b <= f.start or a >= f.end:
            continue
        pieces.append((pos, max(pos, a)))
        pos = max(pos, b)
    pieces.append((pos, f.end))
    out = []
    for a, b in pieces:
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not text[b - 1].isalnum():
            b -= 1
        if b > a:
            out.append(Finding(f.type, f.page, a, b, f.score, f.recognizer))
    return out


def _original_re(original: str) -> re.Pattern[str] | None:
    words = original.split()
    if len("".join(words)) < MIN_ORIGINAL:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def propagate(text: str, mapping: dict[str, str]) -> str:
    """Replace every further occurrence of a replaced original with its token."""
    for token, original in sorted(mapping.items(), key=lambda kv: -len(kv[1])):
        rx = _original_re(original)
        if rx is None:
            continue
        toks = token_spans(text)
        parts, pos = [], 0
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in toks):
                continue  # never rewrite inside a token
            parts += [text[pos:m.start()], token]
            pos = m.end()
        text = "".join(parts) + text[pos:]
    return text


class Redactor:
    """Pseudonymize text for one case, re-analysing until it is clean (or refusing)."""

    def __init__(self, analyzer: Any, pseudonymizer: Pseudonymizer) -> None:
        self.analyzer = analyzer
        self.pseudo = pseudonymizer

    def _analyze(self, text: str) -> list[Finding]:
        try:
            return list(self.analyzer.analyze(text))
        except Exception as exc:  # fail closed: an unchecked text is never sent
            raise EscalationRefused(
                f"The identifier check failed ({type(exc).__name__}); nothing was sent and the "
                "local result is unchanged.") from exc

    def redact(self, text: str, case_id: str) -> tuple[str, dict[str, str]]:
        redacted, mapping = self.pseudo.pseudonymize(text, self._analyze(text), case_id)
        redacted = propagate(redacted, mapping)
        for _ in range(PASSES):
            toks = token_spans(redacted)
            left = [p for f in self._analyze(redacted) for p in uncovered(redacted, f, toks)]
            if not left:
                return redacted, mapping
            redacted, more = self.pseudo.pseudonymize(redacted, left, case_id)
            mapping.update(more)
            redacted = propagate(redacted, mapping)
        return redacted, mapping  # the final check decides; it blocks if anything is left

    def leftovers(self, contents: list[str], dynamic: list[list[tuple[int, int]]],
                  originals: Iterable[str]) -> list[tuple[str, str]]:
        """(type, text) of identifier-like things left in the document/model-derived parts."""
        left: list[tuple[str, str]] = []
        patterns = [rx for o in set(originals) if (rx := _original_re(o)) is not None]
        for text, spans in zip(contents, dynamic, strict=True):
            if not spans:
                continue
            toks = token_spans(text)

            def in_data(a: int, b: int, spans: list[tuple[int, int]] = spans) -> bool:
                return any(s < b and a < e for s, e in spans)

            for f in self._analyze(text):
                left += [(p.type, text[p.start:p.end]) for p in uncovered(text, f, toks)
                         if in_data(p.start, p.end)]
            for rx in patterns:
                for m in rx.finditer(text):
                    inside = any(a <= m.start() and m.end() <= b for a, b in toks)
                    if in_data(*m.span()) and not inside:
                        left.append(("KNOWN_IDENTIFIER", m.group(0)))
        return left

    def absorb(self, texts: list[str], left: list[tuple[str, str]], case_id: str,
               mapping: dict[str, str]) -> list[str]:
        """Pseudonymize leftovers found in the assembled request everywhere in `texts` (the
        analyzer sees new context once the text sits inside a prompt)."""
        for kind, piece in left:
            if kind == "KNOWN_IDENTIFIER":
                continue  # already in `mapping`; propagation below replaces it
            _, more = self.pseudo.pseudonymize(piece, [Finding(kind, 1, 0, len(piece), 1.0)],
                                               case_id)
            mapping.update(more)
        return [propagate(t, mapping) for t in texts]

    def check(self, contents: list[str], dynamic: list[list[tuple[int, int]]],
              originals: Iterable[str]) -> None:
        left = Counter(kind for kind, _ in self.leftovers(contents, dynamic, originals))
        if left:
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(left.items()))
            raise ResidualIdentifiers(
                f"The outbound text still looks like it contains identifiers ({kinds}); nothing "
                "was sent and the local result is unchanged.", dict(left))


def token_counts(texts: Iterable[str], mapping: dict[str, str]) -> dict[str, int]:
    """Replaced identifiers in the payload, by type (what the consent screen shows)."""
    c: Counter[str] = Counter()
    for t in texts:
        c.update(m.group(1) for m in TOKEN_RE.finditer(t) if m.group(0) in mapping)
    return dict(sorted(c.items()))
