"""Person names in text spaCy reads badly: upper-case notes, lower-case chat, shorthand.

spaCy's NER relies on capitalisation, so "DR RIDLON AWARE" or "spoke with dtr philomena"
yield nothing. This recognizer walks word tokens and marks a name when
  * a title precedes it ("DR", "MRS", "RABBI"), or a relation ("WIFE", "DTR", "SON"), or a
    credential follows it ("JOYCE JACOBSON, RN") — then any word that is not a common word;
  * or the word is in the first/last-name gazetteer and is not a common word.
Neighbouring name words join into one span ("CAROLE HAYES"). The cue words are in
`vocabulary`, the word tests in `words` and `scan`, the cue rules in `cues`, the passes
that read clauses and layout in `clauses` and `layouts`.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.core.privacy.recognizers.base import RuleRecognizer
from app.core.privacy.recognizers.gazetteer import preload
from app.core.privacy.recognizers.names.clauses import affiliations, introductions, subjects
from app.core.privacy.recognizers.names.cues import (
    cue_words,
    extend_runs,
    first_name_before_initial,
    gazetteer_words,
    initial_surnames,
    join_initials,
    middle_initials,
)
from app.core.privacy.recognizers.names.layouts import (
    coordinated,
    name_lines,
    particles,
    speakers,
)
from app.core.privacy.recognizers.names.scan import Scan
from app.core.privacy.recognizers.names.words import Word, gap
from app.core.privacy.register import clinical_context


class NameRecognizer(RuleRecognizer):
    """Names from titles, relations, credentials and a gazetteer (see module docstring)."""

    ENTITY = "PERSON"
    NAME = "NameGazetteerRecognizer"

    def load(self) -> None:
        # Presidio calls this at construction: the word lists (cached per process) are built
        # then, not inside the first document's analysis.
        preload()

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        s = Scan.of(text)
        gazetteer_words(s)
        cue_words(s)
        initial_surnames(s)
        middle_initials(s)
        if not s.caseless and not clinical_context(text):  # diagnosis lists: "Cor Pulmonale"
            name_lines(s)
        speakers(s)
        subjects(s)
        introductions(s)
        affiliations(s)
        coordinated(s)
        if not s.caseless:
            particles(s)
        extend_runs(s)
        first_name_before_initial(s)
        join_initials(s)
        return _join(s.words, s.scores, text)


def _join(words: list[Word], scores: dict[int, float],
          text: str) -> list[RecognizerResult]:
    results: list[RecognizerResult] = []
    run: list[int] = []
    for i in sorted(scores):
        # Neighbouring words join across spaces, periods ("J. SMITH") or a hyphen alone.
        between = gap(text, words, run[-1]) if run else ""
        if run and not (i == run[-1] + 1 and (between.strip(" .") == "" or between == "-")):
            results.append(_result(words, scores, run))
            run = []
        run.append(i)
    if run:
        results.append(_result(words, scores, run))
    return results


def _result(words: list[Word], scores: dict[int, float],
            run: list[int]) -> RecognizerResult:
    score = max(scores[i] for i in run)
    return RecognizerResult("PERSON", words[run[0]][0], words[run[-1]][1], score)
