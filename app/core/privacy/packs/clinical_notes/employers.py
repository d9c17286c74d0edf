"""Employers and businesses a note names: "HUSBAND CEO OF IBM", "his business Genentech",
"WORKS AT HOME DEPOT".

A patient's or relative's employer narrows who they are (HIPAA Safe Harbor class 18, any
other unique identifying characteristic), and clinical notes give it in a few set phrases.
spaCy tags organisations by capitals, which upper-case notes do not have, so the phrase is the
cue: the one to three words after it that are not ordinary, clinical or stop words, or an
acronym in capitals.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.core.privacy.recognizers.base import RuleRecognizer
from app.core.privacy.recognizers.gazetteer import CLINICAL, is_common
from app.core.privacy.register import mixed_case

_CUE = regex.compile(
    r"(?i)\b(?:(?:works?|worked|working|employed|employee|job|retired|laid\s+off|"
    r"fired|intern(?:ing)?|volunteers?|volunteered)\s+(?:at|for|by|from|with)|"
    r"(?:ceo|cfo|coo|cto|president|vice\s+president|vp|owner|founder|co-?founder|chairman|"
    r"director|partner|manager|engineer|executive|employee)\s+(?:of|at)|"
    r"(?:his|her|their|own|owns|family)\s+(?:own\s+)?(?:business|company|firm|store|shop))"
    r"[ \t]+(?:the[ \t]+)?")
_WORD = regex.compile(r"([A-Za-z][A-Za-z'’&.-]*)")
# Every cue holds one of these (lower case): a text with none is skipped without a regex pass
# ("his"/"her" are everywhere, "his business" is not).
_STEMS = ("work", "employ", "job", "retire", "laid", "fired", "intern", "volunteer", "ceo",
          "cfo", "coo", "cto", "president", "vp", "owner", "founder", "chairman", "director",
          "partner", "manager", "engineer", "executive", "business", "company", "firm", "store",
          "shop")


def _acronym(raw: str) -> bool:
    return 2 <= len(raw) <= 5 and raw.isupper() and raw.isalpha()


class EmployerRecognizer(RuleRecognizer):
    ENTITY = "ORGANIZATION"

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        lowered = text.lower()
        if not any(stem in lowered for stem in _STEMS):
            return []
        mixed = mixed_case(text)
        out = []
        for cue in _CUE.finditer(text):
            pos, end = cue.end(), None
            for _ in range(3):
                m = _WORD.match(text, pos)
                if not m:
                    break
                raw = m.group(1).rstrip(".,'’")
                w = raw.lower()
                # An acronym counts only where capitals mean something (not in a note that is
                # all capitals, where "RN" and "ICU" look the same).
                name = not (is_common(w) or w in CLINICAL) or (_acronym(raw) and mixed
                                                               and w not in CLINICAL)
                if not name:
                    break
                end = m.start(1) + len(raw)
                gap = regex.match(r"[ \t]+", text[m.end():])
                if raw != m.group(1) or not gap:
                    break
                pos = m.end() + gap.end()
            if end is not None:
                out.append(RecognizerResult("ORGANIZATION", cue.end(), end, 0.6))
        return out
