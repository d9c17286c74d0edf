"""`PiiAnalyzer`: Presidio's recognizers over a slim spaCy pipeline, ours added, offline, batched.

One instance per process (`get_analyzer()`): loading spaCy and building the registry takes
seconds, and both are read-only afterwards, so threads share it. Texts go through spaCy in one
`nlp.pipe` batch; each text's artifacts then go to every recognizer.

We run the recognizers ourselves rather than through `AnalyzerEngine.analyze`, because its
last step (`remove_duplicates`) drops a result contained in a same-type result of equal score:
our "DR JONES" name would vanish inside spaCy's "JONES AWARE", which the register filter then
discards, losing both. Here every result is filtered first and overlaps are merged last.

A per-call allow-list ("not PII") and deny-list ("always redact this term") come from the
workspace (`lists.py`); `with_lists()` derives an analyzer that applies them without reloading
spaCy.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    AnalyzerEngine,
    EntityRecognizer,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, SpacyRecognizer

from app.core.documents import Finding
from app.core.privacy import register
from app.core.privacy.capitals import split_lines
from app.core.privacy.nlp import SlimSpacyNlpEngine
from app.core.privacy.offline import make_tldextract_offline
from app.core.privacy.packs import DEFAULT_PACKS, Judged, filters_for, pack_recognizers, resolve
from app.core.privacy.pattern_guards import can_match, may_match, plain, recognizer_needs
from app.core.privacy.phone_grammar import EXTENSION_PATTERN, VALID_PUNCTUATION
from app.core.privacy.propagate import propagate
from app.core.privacy.recognizers import build_registry
from app.core.privacy.recognizers.base import TextView
from app.core.privacy.recognizers.predefined import FILTERS

# Header and form words spaCy tags as ORG/PERSON/GPE in records; never findings on their own.
HEADER_WORDS = frozenset(w.lower() for w in (
    "DOB", "D.O.B.", "MRN", "SSN", "Patient", "Pt", "Name", "Date", "Address", "Phone", "Age",
    "Sex", "Male", "Female", "Diagnosis", "Dx", "Hx", "PMH", "HPI", "ROS", "Plan", "Assessment",
    "ICU", "MICU", "CCU", "SICU", "CSRU", "NICU", "ER", "ED", "OR", "RN", "MD", "NP", "Dr",
    "Plaintiff", "Defendant", "Court", "Invoice", "Account", "Total", "Balance", "Policy",
    "Member", "Medicare", "Medicaid", "Insurance", "NPI", "DEA", "EIN", "IBAN", "SWIFT",
    "Email", "E-mail", "Tel", "Fax", "Cell", "Home", "Work", "Aware", "Notified", "Updated",
    "Neuro", "Resp", "CV", "GI", "GU", "Skin", "Social", "Labs", "Vent", "Lasix", "Heparin",
))
SCORE_THRESHOLD = 0.4
VALIDATED_TYPES = frozenset({"US_SSN", "CREDIT_CARD", "IBAN_CODE", "US_NPI", "US_DEA",
                             "ABA_ROUTING_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS", "URL",
                             "CUSTOM_TERM"})
DENY_TYPE = "CUSTOM_TERM"
_EDGE_WORD = regex.compile(r"\S+")
# libphonenumber's matcher (Presidio's PhoneRecognizer, run once per region) is the costliest
# recognizer. Its filter (`predefined.phone_keep`) keeps its results only with 7 to 15 digits
# and no ".", so it can find something only where 7 digits follow each other, apart by at
# most 4 of its separators other than "." (its candidate grammar), or where an extension
# makes up the digits (`phone_grammar`).
_PHONE_SEPARATORS = VALID_PUNCTUATION.replace(".", "")
_PHONE_SHAPE = regex.compile(rf"\d(?:[{_PHONE_SEPARATORS}]{{0,4}}\d){{6}}")
_PHONE_EXTENSION = regex.compile(EXTENSION_PATTERN, regex.IGNORECASE)


_PHONE_MARGIN = 32  # a number's prefix, brackets and extension fit in this around its digits


def _phone_windows(text: str) -> list[tuple[int, int]]:
    """The stretches (start, end) around each phone shape or extension, within its line and cut
    at whitespace: the only places where libphonenumber can find what the filters keep."""
    spans: list[tuple[int, int]] = []
    for rx in (_PHONE_SHAPE, _PHONE_EXTENSION):
        for m in rx.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            start = max(line_start, m.start() - _PHONE_MARGIN)
            while start > line_start and not text[start - 1].isspace():
                start -= 1
            end = min(line_end, m.end() + _PHONE_MARGIN)
            while end < line_end and not text[end].isspace():
                end += 1
            spans.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _phone_results(rec: EntityRecognizer, text: str, windows: list[tuple[int, int]],
                   artifacts: NlpArtifacts, entities: list[str]) -> list[RecognizerResult]:
    """libphonenumber over those windows only, its results moved to the text's offsets. Its
    matcher walks the whole text once per region: on a page of numbers (invoices, letters
    with dates and amounts) that was a third of the analysis."""
    out: list[RecognizerResult] = []
    for start, end in windows:
        for r in rec.analyze(text=text[start:end], entities=entities,
                             nlp_artifacts=artifacts) or ():
            r.start += start
            r.end += start
            out.append(r)
    return out


def _normal(term: str) -> str:
    return " ".join(term.split()).casefold()


def _deny_regex(terms: Iterable[str]) -> regex.Pattern[str] | None:
    words = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    alts = "|".join(r"\s+".join(regex.escape(w) for w in t.split()) for t in words)
    return regex.compile(rf"(?<!\w)(?:{alts})(?!\w)", regex.IGNORECASE)


class PiiAnalyzer:
    """Find identifiers in page texts. Thread-safe after construction."""

    def __init__(self, nlp_engine: SlimSpacyNlpEngine | None = None,
                 registry: RecognizerRegistry | None = None,
                 allow_list: Iterable[str] = (), deny_terms: Iterable[str] = (),
                 score_threshold: float = SCORE_THRESHOLD,
                 packs: Iterable[str] = DEFAULT_PACKS) -> None:
        make_tldextract_offline()  # before any recognizer can call tldextract
        self.nlp_engine = nlp_engine or SlimSpacyNlpEngine()
        if not self.nlp_engine.is_loaded():
            self.nlp_engine.load()
        # Genre packs (`packs/`): recognizers and filters true of one kind of document, each
        # switched off alone; `packs=()` is the general engine.
        self.packs = resolve(packs)
        self.registry = registry or build_registry(self.nlp_engine,
                                                   extra=pack_recognizers(self.packs))
        # The engine is kept for its context enhancer (and for callers that want Presidio's API).
        self.engine = AnalyzerEngine(registry=self.registry, nlp_engine=self.nlp_engine,
                                     supported_languages=["en"])
        self.recognizers = self.registry.get_recognizers(language="en", all_fields=True)
        for rec in self.recognizers:
            if not rec.is_loaded:
                rec.load()
                rec.is_loaded = True
            if isinstance(rec, PatternRecognizer):
                _compile(rec)
        self.entities = self.engine.get_supported_entities(language="en")
        # The characters each regex recognizer cannot match without (see pattern_guards);
        # the recognizers whose results the context enhancer may boost; whether any boosts
        # its own (`_enhance`).
        self._needs = {rec.id: needs for rec in self.recognizers
                       if (needs := recognizer_needs(rec)) is not None}
        self._plain = frozenset(rec.id for rec in self.recognizers if plain(rec))
        self._with_context = frozenset(rec.id for rec in self.recognizers if rec.context)
        self._own_boost = any(type(rec).enhance_using_context
                              is not EntityRecognizer.enhance_using_context
                              for rec in self.recognizers)
        self.allow = frozenset(_normal(a) for a in allow_list if a.strip())
        self.deny = tuple(t for t in deny_terms if t.strip())
        self._deny_rx = _deny_regex(self.deny)
        self.score_threshold = score_threshold
        # The filters that judge each recognizer's results (general, then each pack's).
        self._filters: dict[str, tuple[Judged, ...]] = {
            rec.id: filters_for(rec, FILTERS, self.packs) for rec in self.recognizers}

    def with_lists(self, allow: Iterable[str] = (), deny: Iterable[str] = ()) -> PiiAnalyzer:
        """An analyzer sharing this one's spaCy and recognizers, with extra allow/deny terms."""
        derived = object.__new__(PiiAnalyzer)
        derived.__dict__.update(self.__dict__)
        derived.allow = self.allow | {_normal(a) for a in allow if a.strip()}
        derived.deny = self.deny + tuple(t for t in deny if t.strip())
        derived._deny_rx = _deny_regex(derived.deny)
        return derived

    # -- public API ---------------------------------------------------------------------------

    def analyze(self, text: str, page: int = 1) -> list[Finding]:
        """Findings of one text (one page of one document)."""
        return self._document([text], first_page=page)

    def analyze_pages(self, texts: Sequence[str]) -> list[Finding]:
        """Findings of one document's pages, 1-based page numbers, in page then offset order.

        A name or place found with confidence on one page is looked for on every page."""
        return self._document(list(texts), first_page=1)

    def analyze_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Findings of many independent documents of one page each (batched through spaCy)."""
        texts = list(texts)
        per_text = self._raw(texts)
        return [self._finish([t], [r], 1) for t, r in zip(texts, per_text, strict=True)]

    # -- internals ----------------------------------------------------------------------------

    def _document(self, texts: list[str], first_page: int) -> list[Finding]:
        return self._finish(texts, self._raw(texts), first_page)

    def _raw(self, texts: list[str]) -> list[list[RecognizerResult]]:
        """Each text's filtered results, before cross-page propagation and overlap merging."""
        use_ner = [register.needs_ner(t) for t in texts]
        out = []
        artifacts_all = self.nlp_engine.artifacts(texts, use_ner)
        for text, ner, artifacts in zip(texts, use_ner, artifacts_all, strict=True):
            out.append(self._one(text, artifacts, ner))
        return out

    def _one(self, text: str, artifacts: NlpArtifacts, ner: bool) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        chars = set(text)
        phone_windows = _phone_windows(text)
        for rec in self.recognizers:
            if not ner and isinstance(rec, SpacyRecognizer):
                continue  # no entities were computed; see register.needs_ner
            if isinstance(rec, PhoneRecognizer):
                found = _phone_results(rec, text, phone_windows, artifacts, self.entities)
            else:
                needs = self._needs.get(rec.id)
                if needs is not None and not can_match(needs, chars):
                    continue  # a character every match of it has is not in the text
                if rec.id in self._plain and not may_match(rec, text):
                    continue
                found = rec.analyze(text=text, entities=self.entities, nlp_artifacts=artifacts)
            for r in found or ():
                meta = r.recognition_metadata or {}
                meta.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, rec.name)
                meta.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, rec.id)
                r.recognition_metadata = meta
                if r.analysis_explanation is None:  # the context enhancer writes into it
                    r.analysis_explanation = AnalysisExplanation(rec.name, r.score)
                results += _line_pieces(text, r) if isinstance(rec, SpacyRecognizer) else [r]
        results = self._enhance(text, results, artifacts)
        view = TextView(text, shorthand=not ner, clinical=ner and register.clinical_context(text))
        results = [r for r in results if r.score >= self.score_threshold and self._keep(view, r)]
        trimmed = [self._trim(text, r) for r in results]
        kept = [r for r in trimmed if r.end > r.start and not self._ignored(text[r.start:r.end])]
        if self._deny_rx is not None:
            meta = {RecognizerResult.RECOGNIZER_NAME_KEY: "WorkspaceDenyList"}
            kept += [RecognizerResult(DENY_TYPE, m.start(), m.end(), 1.0,
                                      recognition_metadata=dict(meta))
                     for m in self._deny_rx.finditer(text)]
        return kept

    def _keep(self, view: TextView, r: RecognizerResult) -> bool:
        """Every filter registered for the recognizer that found `r` passes it (a pack's
        only where the pack applies to the text)."""
        rec_id = r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]
        for applies, filters in self._filters[rec_id]:
            if applies is not None and not applies(view.text):
                continue
            if not all(f.passes(view, r) for f in filters):
                return False
        return True

    def _enhance(self, text: str, results: list[RecognizerResult],
                 artifacts: NlpArtifacts) -> list[RecognizerResult]:
        """Presidio's context boost (`AnalyzerEngine._enhance_using_context`), given only the
        results it can change. The engine first lets each recognizer boost its own results
        (none of ours does: then the engine's way is kept) and regroups all results by
        recognizer (ours are already in recognizer order), then deep-copies every one; on a
        short text that costs more than the boost. Results of recognizers without context
        words pass unchanged."""
        if self._own_boost:
            return self.engine._enhance_using_context(text, results, artifacts,
                                                      self.recognizers, None)
        idx = [i for i, r in enumerate(results)
               if r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]
               in self._with_context]
        if not idx:
            return results
        enhancer = self.engine.context_aware_enhancer
        boosted = enhancer.enhance_using_context(text=text, raw_results=[results[i] for i in idx],
                                                 nlp_artifacts=artifacts,
                                                 recognizers=self.recognizers, context=None)
        out = list(results)
        for i, r in zip(idx, boosted, strict=True):
            out[i] = r
        return out

    def _finish(self, texts: list[str], per_text: list[list[RecognizerResult]],
                first_page: int) -> list[Finding]:
        extra = propagate(texts, per_text, self._ignored)
        out: list[Finding] = []
        for i, (results, more) in enumerate(zip(per_text, extra, strict=True)):
            text = texts[i]
            merged = [_balance(text, r) for r in resolve_overlaps(results + more)]
            out += [_finding(r, first_page + i) for r in merged
                    if not self._allowed(text[r.start:r.end])]
        return out

    def _trim(self, text: str, r: RecognizerResult) -> RecognizerResult:
        """Drop header words and punctuation at a span's edges ("John Smith DOB" -> "John
        Smith")."""
        start, end = r.start, r.end
        words = list(_EDGE_WORD.finditer(text, start, end))
        while words and self._edge_ignored(words[0].group()):
            words.pop(0)
        while words and self._edge_ignored(words[-1].group()):
            words.pop()
        if not words:
            return RecognizerResult(r.entity_type, start, start, r.score,
                                    recognition_metadata=r.recognition_metadata)
        start, end = max(start, words[0].start()), min(end, words[-1].end())
        while end > start and text[end - 1] in " .:;,(\n\t":
            end -= 1
        return RecognizerResult(r.entity_type, start, end, r.score,
                                recognition_metadata=r.recognition_metadata)

    def _edge_ignored(self, word: str) -> bool:
        w = word.strip(" .:;,#()").lower()
        return w in HEADER_WORDS or w in self.allow

    def _ignored(self, span: str) -> bool:
        w = span.strip(" .:;,#()").lower()
        return not w or w in HEADER_WORDS

    def _allowed(self, span: str) -> bool:
        return bool(self.allow) and _normal(span.strip(" .:;,#()")) in self.allow


# spaCy's organisations and places end at a line break or a label's colon: its
# "Hypertension\n\nHospital Course" is a list item and a heading, "Fetal Position: Variable"
# a field and its value, each judged on its own by the filters.
_LINE_TYPES = frozenset({"ORGANIZATION", "LOCATION"})


def _line_pieces(text: str, r: RecognizerResult) -> list[RecognizerResult]:
    span = text[r.start:r.end]
    if r.entity_type not in _LINE_TYPES or ("\n" not in span and not regex.search(r":\s", span)):
        return [r]
    return [RecognizerResult(r.entity_type, s, e, r.score,
                             analysis_explanation=r.analysis_explanation,
                             recognition_metadata=dict(r.recognition_metadata))
            for s, e in split_lines(text, r.start, r.end)]


def _compile(rec: PatternRecognizer) -> None:
    """Compile the recognizer's regexes now, as its first `analyze` would (same module, same
    flags): a recognizer the guards skip on the first texts would otherwise compile them in
    the middle of a later document."""
    flags = rec.global_regex_flags
    for pattern in rec.patterns:
        if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
            pattern.compiled_with_flags = flags
            pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)


def resolve_overlaps(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Merge overlapping results into one span covering all of them.

    The merged span takes the type of its best member (highest score, then longest): for
    redaction, covering every character any recognizer flagged matters more than the label.
    """
    merged: list[list[RecognizerResult]] = []
    end = -1
    for r in sorted(results, key=lambda r: (r.start, -r.end)):
        if merged and r.start < end:
            merged[-1].append(r)
            end = max(end, r.end)
        else:
            merged.append([r])
            end = r.end
    out = []
    for group in merged:
        # A checksum- or syntax-validated type names the span over a shape-only one (an SSN is
        # also a phone-number shape); then the highest score; ties go to our recognizers
        # over spaCy's generic NER label.
        best = max(group, key=lambda r: (r.entity_type in VALIDATED_TYPES, r.score,
                                         _specific(r), r.end - r.start))
        out.append(RecognizerResult(best.entity_type, min(r.start for r in group),
                                    max(r.end for r in group), best.score,
                                    recognition_metadata=best.recognition_metadata))
    return out


def _balance(text: str, r: RecognizerResult) -> RecognizerResult:
    """Close a bracket the span opened ("(555-201-0147" -> "(555-201-0147)") or take in the
    one that opens what it closes: a redaction should not leave half a pair behind."""
    start, end = r.start, r.end
    span = text[start:end]
    if span.count("(") > span.count(")") and text[end:end + 1] == ")":
        end += 1
    elif span.count(")") > span.count("(") and start and text[start - 1] == "(":
        start -= 1
    if (start, end) == (r.start, r.end):
        return r
    return RecognizerResult(r.entity_type, start, end, r.score,
                            recognition_metadata=r.recognition_metadata)


def _specific(r: RecognizerResult) -> bool:
    return (r.recognition_metadata or {}).get("recognizer_name") != "SpacyRecognizer"


def _finding(r: RecognizerResult, page: int) -> Finding:
    meta = r.recognition_metadata or {}
    return Finding(type=r.entity_type, page=page, start=r.start, end=r.end, score=r.score,
                   recognizer=str(meta.get("recognizer_name", "")))


_lock = threading.Lock()
_instance: PiiAnalyzer | None = None


def get_analyzer() -> PiiAnalyzer:
    """The process-wide analyzer, built on first use (double-checked under a lock)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = PiiAnalyzer()
    return _instance
