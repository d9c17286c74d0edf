"""Field extraction: rules propose grounded candidates, the local model chooses, signals combine.

Confidence is built from signals that each mean something and are stored with the field:
`prior` (how strongly the rules believe the value), `agreement` (how many independent methods
found it), `margin` (how far ahead of the runner-up it is), `model_prob` (the model's
probability for it, when asked), `valid` (it normalizes: a date parses, an amount is a number)
and `grounded` (it maps to a span of the source). The router reads them; `confidence.py` says
how they combine.

The model is asked only where the rules are unsure (a close runner-up), in one forward pass over
answer letters (`chooser.py`); with a tiny model its vote is a tie-breaker, not a verdict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from app.core.documents import Document, FieldValue, Finding
from app.core.extract import candidates as C
from app.core.extract import chooser as Q
from app.core.extract import confidence as K
from app.core.extract import patterns as P
from app.core.extract.gather import gather
from app.core.extract.lines import document_lines, find_span
from app.core.extract.profiles import FieldSpec, Profile
from app.core.llm.base import LLM, Chooser, Message

MULTI_KEEP = 0.45  # a value of a multi-valued field is listed from this prior up
ASK_MARGIN = 0.12  # the model is asked when the runner-up is this close…
ASK_BELOW = 0.9  # …and the rules are not already sure
MODEL_WEIGHT = 0.3  # the model's share when its vote is mixed with the rules' prior
KNOWN_BOOST = 0.15  # a value the user confirmed or wrote before for this field
# Types whose values only the rules' patterns can produce: if no pattern matched, a model's
# free-text answer would not normalize either, so it is not asked to write one. An identifier
# without its label ("Invoice No") is one a small model guesses wrong; a generation costs a
# second or more on two cores, so it is not asked for one either.
PATTERN_TYPES = {"date", "amount", "term", "jurisdiction", "list", "identifier"}


class FieldExtractor:
    """`examples`: (field, value) pairs from the user's past corrections for this profile. They
    are shown to the model as examples when it chooses, and a candidate equal to one is preferred
    (the same vendor's name, the same counterparty)."""

    def __init__(
        self,
        llm: LLM | None = None,
        use_model: bool = True,
        examples: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        self.llm = llm
        self.use_model = use_model and llm is not None
        self.examples: dict[str, list[str]] = {}
        for name, value in examples or ():
            if value and str(value).strip():
                self.examples.setdefault(name, []).append(str(value).strip())

    def extract(
        self,
        doc: Document,
        profile: Profile,
        findings: list[Finding],
        progress: Callable[[str, float], None] | None = None,
    ) -> dict[str, FieldValue]:
        lines = document_lines(doc)
        out: dict[str, FieldValue] = {}
        for i, spec in enumerate(profile.fields):
            if progress:
                progress(f"field {spec.name}", i / len(profile.fields))
            cands = self._known(spec, gather(doc, lines, spec, findings, profile))
            if spec.multiple:
                out[spec.name] = self._multi(spec, cands)
            else:
                out[spec.name] = self._single(doc, spec, cands)
        return out

    def _known(self, spec: FieldSpec, cands: list[C.Candidate]) -> list[C.Candidate]:
        known = {_key(v) for v in self.examples.get(spec.name, ())}
        if not known:
            return cands
        for c in cands:
            if _key(c.normalized or c.value) in known:
                c.score = min(0.97, c.score + KNOWN_BOOST)
                c.methods.add("known")
        return sorted(cands, key=lambda c: -c.score)

    def _multi(self, spec: FieldSpec, cands: list[C.Candidate]) -> FieldValue:
        keep = [c for c in cands if c.score >= max(MULTI_KEEP, spec.min_prior)]
        keep.sort(key=lambda c: (c.spans[0].page, c.spans[0].start))
        signals: dict[str, Any] = {"candidates": len(cands), "grounded": bool(keep)}
        if not keep:
            if cands:
                signals["suggestion"] = cands[0].value
            return FieldValue(spec.name, [], 0.0, [], normalized=[], signals=signals)
        signals.update(
            priors=[round(c.score, 3) for c in keep],
            methods=[sorted(c.methods) for c in keep],
        )
        kind = K.field_kind(spec.type, spec.name, True)
        confs = []
        for i, c in enumerate(keep):
            p = K.calibrated(kind, K.value_features(signals, i, [k.value for k in keep]))
            confs.append(K.multi_value(c.score, len(c.methods)) if p is None else p)
        signals["confidences"] = confs
        # The field is as trustworthy as its weakest value: that is what a reviewer must check.
        return FieldValue(
            spec.name,
            [c.value for c in keep],
            min(confs),
            [list(c.spans) for c in keep],
            normalized=[c.normalized or c.value for c in keep],
            signals=signals,
        )

    def _single(self, doc: Document, spec: FieldSpec, cands: list[C.Candidate]) -> FieldValue:
        signals: dict[str, Any] = {"candidates": len(cands)}
        if not cands:
            return self._generate(doc, spec, signals)
        top = cands[0]
        if top.score < spec.min_prior:
            signals.update(grounded=False, suggestion=top.value, prior=round(top.score, 3))
            return FieldValue(spec.name, None, 0.0, [], normalized=None, signals=signals)
        rules_top = top
        margin = top.score - (cands[1].score if len(cands) > 1 else 0.0)
        prior = top.score
        model_prob = None
        if self._should_ask(cands, margin):
            options = cands[: Q.MAX_OPTIONS]
            examples = self.examples.get(spec.name, ())
            probs = Q.choose(self.llm, doc, spec, options, examples)  # type: ignore[arg-type]
            mixed = [
                (1 - MODEL_WEIGHT) * c.score + MODEL_WEIGHT * p
                for c, p in zip(options, probs, strict=True)
            ]
            best = max(range(len(options)), key=lambda i: mixed[i])
            top = options[best]
            model_prob = probs[best]
            prior = top.score
            ranked = sorted(mixed, reverse=True)
            margin = ranked[0] - (ranked[1] if len(ranked) > 1 else 0.0)
            signals["model_prob"] = round(model_prob, 3)
            signals["model_choice"] = top is rules_top
        valid = top.normalized is not None
        signals.update(
            prior=round(prior, 3),
            margin=round(margin, 3),
            rivals=_rivals(cands, top),
            agreement=len(top.methods),
            methods=sorted(top.methods),
            valid=valid,
            grounded=True,
        )
        conf = K.calibrated(
            K.field_kind(spec.type, spec.name, False), K.features(signals, top.value)
        )
        if conf is None:
            conf = K.combine(
                prior,
                margin,
                len(top.methods),
                valid,
                model_prob,
                None if model_prob is None else top is rules_top,
            )
        return FieldValue(
            spec.name, top.value, conf, list(top.spans), normalized=top.normalized, signals=signals
        )

    def _should_ask(self, cands: list[C.Candidate], margin: float) -> bool:
        return (
            self.use_model
            and isinstance(self.llm, Chooser)
            and len(cands) > 1
            and margin < ASK_MARGIN
            and cands[0].score < ASK_BELOW
        )

    def _generate(self, doc: Document, spec: FieldSpec, signals: dict[str, Any]) -> FieldValue:
        """No rule found anything: the model writes a value under a JSON grammar; it is grounded."""
        signals.update(grounded=False)
        if not self.use_model or self.llm is None or spec.type in PATTERN_TYPES:
            return FieldValue(spec.name, None, 0.0, [], signals=signals)
        schema = {
            "type": "object",
            "properties": {"value": {"type": "string", "maxLength": 80}},
            "required": ["value"],
        }
        excerpt = doc.text[: Q.WHOLE_DOCUMENT_CHARS].strip()
        shots = Q.examples_line(self.examples.get(spec.name, ()))
        question = f"What is the {spec.name.replace('_', ' ')} ({spec.description})?"
        msgs: list[Message] = [
            {"role": "system", "content": Q.SYSTEM},
            {
                "role": "user",
                "content": f"Document:\n<<<\n{excerpt}\n>>>\n\n{shots}{question} "
                'Copy it exactly from the document; answer "" if absent.',
            },
        ]
        comp = self.llm.chat(msgs, max_tokens=32, json_schema=schema)
        try:
            value = str(json.loads(comp.text).get("value", "")).strip()
        except (ValueError, AttributeError):
            value = ""
        signals["model_prob"] = round(comp.mean_prob or 0.0, 3)
        if not value:
            return FieldValue(spec.name, None, 0.0, [], source=self.llm.source, signals=signals)
        span = find_span(doc, value)
        if span is None:
            # Ungrounded: kept for the reviewer to see, never trusted.
            return FieldValue(
                spec.name, value, 0.1, [], source=self.llm.source, normalized=None, signals=signals
            )
        signals["grounded"] = True
        verbatim = doc.pages[span.page - 1].text[span.start : span.end]
        norm = normalize_value(spec, verbatim)
        conf = 0.35 * (comp.mean_prob or 0.5) + (0.15 if norm is not None else 0.0)
        signals["valid"] = norm is not None
        return FieldValue(
            spec.name,
            verbatim,
            conf,
            [span],
            source=self.llm.source,
            normalized=norm,
            signals=signals,
        )


def _rivals(cands: list[C.Candidate], top: C.Candidate) -> int:
    """Other values the rules found nearly as plausible as the chosen one: competition is doubt
    even when the chosen one is ahead."""
    return sum(c is not top and c.score >= 0.5 * top.score for c in cands)


def _key(value: str) -> str:
    return re.sub(r"\W+", "", value).upper()


def normalize_value(spec: FieldSpec, value: str) -> str | None:
    """The normalized form beside a verbatim value of this field's type (None: invalid)."""
    return {
        "date": P.normalize_date,
        "amount": P.normalize_amount,
        "term": P.normalize_term,
        "jurisdiction": P.normalize_jurisdiction,
        "organization": P.normalize_party if spec.multiple else P.normalize_name,
    }.get(spec.type, P.normalize_name)(value)
