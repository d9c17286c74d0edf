"""Years a nursing note's past-history section writes with two digits: "PMH: CAD, S/P MI 92".

HIPAA Safe Harbor class 3 (we take years too: the year of an infarct dates an event in a
person's history). A shorthand of ICU notes ("PMH", "HX" and procedure abbreviations), so a
rule of the clinical-notes pack, not of the general date recognizers.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.core.privacy.recognizers.base import RuleRecognizer

# Two-digit years in a past-history section: "PMH: CAD, S/P MI 92, CABG 95;" and
# "PMH: NIDDM. 09 PTCA TO LCX. 13 STENT". On the header's line (up to 200 characters on),
# either after a procedure/diagnosis abbreviation and before punctuation, or opening a
# sentence before a word. Matched forward from the header: a lookbehind over 200 characters
# at every position of every note cost more than all other date patterns together.
_HISTORY = regex.compile(r"\b(?:PMH[Xx]?|PSH|P\.M\.H\.?|HX|Hx|HISTORY|History)\b[^\n]{0,200}")
_LAB_WORDS = ("BUN|CR|CREAT|NA|CL|K|HCT|HGB|WBC|INR|PTT|PT|PLT|PLTS|EF|HR|BP|RR|SAT|SATS|SBP|"
              "MAP|CK|MB|LDH|AST|ALT|GLU|MG|PH|TV|RATE|PEEP|FIO2|TEMP|WT|CVP|PAD|CI|CO|SVR|UO")
_PMH_YEAR = regex.compile(
    rf"(?<=\b(?!(?:{_LAB_WORDS})\s)[A-Z]{{2,6}}\s)(?:[5-9]\d|[0-2]\d)(?=\s?[,;)]|\.(?:\s|$))"
    r"|(?<=[.;]\s)(?:[5-9]\d|[0-2]\d)(?=\s[A-Za-z]{3,})")


class PastHistoryYearRecognizer(RuleRecognizer):
    ENTITY = "DATE_TIME"

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        out = []
        for header in _HISTORY.finditer(text):
            out += [RecognizerResult("DATE_TIME", m.start(), m.end(), 0.5)
                    for m in _PMH_YEAR.finditer(text, header.start(), header.end())]
        return out
