"""A tier's answer, made local again and held to the same standard as a local answer.

Tokens are put back from the vault here, on this machine. A token the vault does not know was
invented by the model: that value is rejected. Every value must then map to a span of the
source (grounding), exactly like a value the local model wrote; a summary keeps only sentences
whose entities, numbers and dates occur in the source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from app.core.documents import Document, FieldValue, Summary, TextSpan
from app.core.errors import AnswerRejected
from app.core.extract.fields import normalize_value
from app.core.extract.lines import find_span
from app.core.extract.profiles import FieldSpec
from app.core.extract.summarize import faithful_sentences, split_sentences
from app.core.privacy.pseudonymize import Pseudonymizer
from app.core.routing.redaction import TOKEN_RE

# Fields whose values must normalize (a date parses, an amount is a number) to be accepted.
TYPED = frozenset({"date", "amount", "term", "jurisdiction"})


@dataclass
class Verdict:
    accepted: dict[str, FieldValue] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)  # field -> reason (no values)
    summary: Summary | None = None
    tokens_restored: int = 0


def _squash(v: Any) -> str:
    return re.sub(r"\s+", "", str(v or "")).upper()


def parse_object(text: str) -> dict[str, Any]:
    """The JSON object in an answer (models sometimes wrap it in prose or a code fence)."""
    try:
        data = json.loads(text)
    except ValueError:
        m = re.search(r"\{.*\}", text, re.S)
        try:
            data = json.loads(m.group(0)) if m else None
        except ValueError:
            data = None
    if not isinstance(data, dict):
        raise AnswerRejected("The model's answer was not the JSON object it was asked for; "
                             "nothing was stored and the local result is unchanged.")
    return data


class AnswerChecker:
    def __init__(self, doc: Document, case_id: str, pseudonymizer: Pseudonymizer,
                 source: str, tier: str, mapping: dict[str, str] | None = None) -> None:
        self.doc = doc
        self.mapping = mapping or {}  # token -> original as written in this request's text
        self.case_id = case_id
        self.pseudo = pseudonymizer
        self.source = source
        self.tier = tier
        self.restored = 0

    def _local(self, text: str) -> tuple[str | None, str]:
        """(re-identified text, '') or (None, why it was rejected)."""
        for m in TOKEN_RE.finditer(text):
            known = m.group(0) in self.mapping
            if not known and self.pseudo.vault.lookup(self.case_id, m.group(0)) is None:
                return None, "invented token"
        self.restored += len(TOKEN_RE.findall(text))
        # The request's own mapping keeps the document's spelling; the vault covers the rest.
        text = TOKEN_RE.sub(lambda m: self.mapping.get(m.group(0), m.group(0)), text)
        return self.pseudo.reidentify(text, self.case_id), ""

    def _ground(self, spec: FieldSpec, raw: str) -> tuple[str, TextSpan] | str:
        value, why = self._local(raw.strip())
        if value is None:
            return why
        span = find_span(self.doc, value)
        if span is None:
            return "ungrounded"
        return self.doc.pages[span.page - 1].text[span.start:span.end], span

    def fields(self, text: str, specs: list[FieldSpec], local: dict[str, FieldValue]) -> Verdict:
        data = parse_object(text)
        out = Verdict()
        for spec in specs:
            raw = data.get(spec.name)
            values = raw if isinstance(raw, list) else [raw]
            values = [str(v) for v in values if isinstance(v, (str, int, float)) and str(v).strip()]
            if not values:
                out.rejected[spec.name] = "no answer"
                continue
            grounded = [g for g in (self._ground(spec, v) for v in values)]
            good = [g for g in grounded if isinstance(g, tuple)]
            if not good:
                out.rejected[spec.name] = next(g for g in grounded if isinstance(g, str))
                continue
            f = self._field(spec, good, local.get(spec.name))
            before = local.get(spec.name)
            if spec.type in TYPED and not f.signals["valid"]:
                out.rejected[spec.name] = "does not validate"
            elif before is not None and before.grounded and before.confidence > f.confidence:
                out.rejected[spec.name] = "not better than the local value"
            else:
                out.accepted[spec.name] = f
        out.tokens_restored = self.restored
        return out

    def _field(self, spec: FieldSpec, good: list[tuple[str, TextSpan]],
               before: FieldValue | None) -> FieldValue:
        norms = [normalize_value(spec, v) for v, _ in good]
        valid = all(n is not None for n in norms)
        # A grounded answer from a larger model: trusted above the default threshold when it
        # also normalizes, more when the local model had reached the same value.
        agrees = before is not None and _squash(before.value) == _squash(good[0][0])
        conf = (0.75 if valid else 0.5) + (0.15 if agrees else 0.0)
        signals = {"grounded": True, "valid": valid, "tier": self.tier, "agrees_local": agrees,
                   "local_confidence": round(before.confidence, 3) if before else None}
        if spec.multiple:
            return FieldValue(spec.name, [v for v, _ in good], conf, [[s] for _, s in good],
                              source=self.source,
                              normalized=[n or v for n, (v, _) in zip(norms, good, strict=True)],
                              signals=signals)
        value, span = good[0]
        return FieldValue(spec.name, value, conf, [span], source=self.source,
                          normalized=norms[0], signals=signals)

    def summary(self, text: str) -> Verdict:
        kept = []
        for sentence in split_sentences(text.strip()):  # "Dr." or "Mrs." ends no sentence
            local, _ = self._local(sentence)
            if local is None or TOKEN_RE.search(local):
                continue  # a sentence with an invented token says something we cannot check
            kept.extend(faithful_sentences(local, self.doc.text))
        if not kept:
            raise AnswerRejected("None of the summary the model returned could be checked "
                                 "against the document; the local summary is unchanged.")
        pages = [p.number for p in self.doc.pages]
        return Verdict(summary=Summary(" ".join(kept[:4]), self.source, pages[:1] or []),
                       tokens_restored=self.restored)
