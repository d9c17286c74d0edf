"""Person names in text spaCy reads badly: upper-case notes, lower-case chat, shorthand.

spaCy's NER relies on capitalisation, so "DR RIDLON AWARE" or "spoke with dtr philomena"
yield nothing. This recognizer walks word tokens and marks a name when
  * a title precedes it ("DR", "MRS", "RABBI"), or a relation ("WIFE", "DTR", "SON"), or a
    credential follows it ("JOYCE JACOBSON, RN") — then any word that is not a common word;
  * or the word is in the first/last-name gazetteer and is not a common word.
Neighbouring name words join into one span ("CAROLE HAYES").
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.recognizers.gazetteer import CLINICAL, first_names, is_common, last_names
from app.core.privacy.register import mostly_upper

_WORD = regex.compile(r"[A-Za-z][A-Za-z'’]*")
_POSS = regex.compile(r"['’]s?$")  # "NICHOLSON'S" -> "nicholson"
TITLES = {"dr", "mr", "mrs", "ms", "miss", "mister", "doctor", "rabbi", "rev", "reverend",
          "father", "fr", "prof", "professor", "atty", "attorney", "judge", "hon", "drs"}
RELATIONS = {"wife", "husband", "daughter", "dtr", "son", "sons", "daughters", "sister",
             "brother", "mother", "mom", "dad", "father", "niece", "nephew", "grandson",
             "granddaughter", "friend", "fiance", "fiancee", "partner", "aunt", "uncle",
             "cousin", "sil", "dil", "proxy", "hcp", "guardian", "neighbor", "stepson",
             "stepdaughter", "bro", "sis", "named", "caseworker", "sw", "chaplain", "pcp",
             "attending", "resident", "fellow", "intern", "nurse"}
# Verbs after which a person is usually named: "SPOKE WITH NANCY", "CALLED BY JOHN".
CONTACT_CUES = {("spoke", "with"), ("spoke", "to"), ("talked", "with"), ("talked", "to"),
                ("met", "with"), ("called", "by"), ("seen", "by"), ("visited", "by"),
                ("discussed", "with"), ("d/w", ""), ("per", ""), ("paged", ""), ("notified", "")}
CREDENTIALS = {"rn", "rrt", "np", "md", "pa", "lpn", "cna", "msw", "lcsw", "pharmd", "do",
               "crnp", "esq", "cpa", "snp", "sn"}
WEAK_TITLES = {"mr", "ms", "fr", "father", "prof", "professor", "atty", "attorney", "judge",
               "hon", "rev"}
# Words after a cue that are never the name itself.
_SKIP = {"of", "the", "and", "at", "in", "is", "was", "to", "pt", "pts", "patient", "her", "his",
         "aware", "notified", "updated", "informed", "paged", "called", "here", "re",
         "team", "service", "on", "call", "by", "with", "about", "that", "this", "who",
         "will", "or", "for", "regarding"}


class NameRecognizer(EntityRecognizer):
    """Names from titles, relations, credentials and a gazetteer (see module docstring)."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="NameGazetteerRecognizer",
                         supported_language="en")

    def load(self) -> None:  # word lists load lazily, on first analyze
        pass

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        words = [(m.start(), m.end(), _POSS.sub("", m.group().lower()))
                 for m in _WORD.finditer(text)]
        firsts, lasts = first_names(), last_names()
        common = [is_common(w) for _s, _e, w in words]
        scores: dict[int, float] = {}

        def mark(j: int, score: float) -> None:
            scores[j] = max(scores.get(j, 0), score)

        def nameish(j: int) -> bool:
            return 0 <= j < len(words) and not common[j] and words[j][2] not in _SKIP

        def initial(j: int) -> bool:
            return (0 <= j < len(words) and len(words[j][2]) == 1
                    and text[words[j][1]:words[j][1] + 1] == ".")

        upper_text = mostly_upper(text)
        for i, (s, e, w) in enumerate(words):
            # Gazetteer evidence alone: not for short words, nor, in mixed case, for a word
            # written in capitals ("DOE", "TIA", "EPS" are abbreviations there).
            if not common[i] and len(w) >= 3 and (w in firsts or w in lasts) \
                    and (upper_text or not text[s:e].isupper()):
                mark(i, 0.6)
        for i, (_s, _e, w) in enumerate(words):
            if w in TITLES:
                # After a title the next word is the name even when it is a common word
                # ("DR SMALL", "Dr. Foley"); a second name word must look like one. "MR" and
                # "MS" are also mitral regurgitation and mental status: there the name must
                # look like one too.
                j = i + 1
                strong = w not in WEAK_TITLES
                adjacent = j < len(words) and text[words[i][1]:words[j][0]].strip(" .") == ""
                if adjacent and words[j][2] not in _SKIP and len(words[j][2]) >= 2 \
                        and (strong or nameish(j)):
                    mark(j, 0.85)
                    if nameish(j + 1) or (j + 1 < len(words) and words[j + 1][2] in lasts):
                        mark(j + 1, 0.85)
                elif initial(j) and nameish(j + 1):
                    mark(j, 0.85), mark(j + 1, 0.85)
            elif w in RELATIONS or (w, _next(words, i)) in CONTACT_CUES \
                    or (w, "") in CONTACT_CUES:
                j = i + 1 if w in RELATIONS or (w, "") in CONTACT_CUES else i + 2
                # A relation must be followed by a name-like word (not "SON WAS HERE").
                first_name = j < len(words) and words[j][2] in firsts
                if nameish(j) and len(words[j][2]) >= 2:
                    mark(j, 0.75 if w in RELATIONS else 0.65)
                    if nameish(j + 1) and (j + 1 in scores or j in scores or first_name
                                           or words[j + 1][2] in lasts):
                        mark(j + 1, 0.75)
                elif first_name and words[j][2] not in _SKIP and words[j][2] not in STOP_WORDS \
                        and words[j][2] not in CLINICAL:
                    # "SON ROB", "HUSBAND RICH MARTINO": a first name that is also a word.
                    mark(j, 0.7)
                    if nameish(j + 1):
                        mark(j + 1, 0.7)
            if w in CREDENTIALS and i > 0 and _looks_like_credential(text, words[i]):
                # "DAN A. FORMAN-LYONS, RRT": up to three words back, initials included; the
                # word right before a signature credential is the surname even when it is
                # also a word ("Q. LANDER RRT").
                for j in (i - 1, i - 2, i - 3, i - 4):
                    signature = j == i - 1 and _signature_word(words[j][2])
                    if j < 0 or not (nameish(j) or initial(j) or signature):
                        break
                    if text[words[j][1]:words[j + 1][0]].strip(" .,") != "":
                        break
                    mark(j, 0.75)
        # An initial and a surname: "Z. MILLER AWARE", "E. WELSH" (not "S. AUREUS").
        for i in range(len(words) - 1):
            nxt = words[i + 1][2]
            if initial(i) and words[i][2] not in ("s", "e", "c") or initial(i) and nxt in lasts:
                if nxt in lasts or nxt in firsts or (nameish(i + 1) and len(nxt) >= 4):
                    mark(i, 0.7), mark(i + 1, 0.7)
        # A name run takes in a following uncommon word ("mary theresa kondouli").
        for i in sorted(scores):
            if i + 1 < len(words) and i + 1 not in scores and nameish(i + 1) \
                    and len(words[i + 1][2]) >= 3 and text[words[i][1]:words[i + 1][0]] == " ":
                scores[i + 1] = 0.6
        # An initial between two name words joins them ("ROBERT V. DEGIORGIO").
        for i in range(1, len(words) - 1):
            if initial(i) and i - 1 in scores and i + 1 in scores:
                mark(i, min(scores[i - 1], scores[i + 1]))
        return _join(words, scores, text)


def _next(words: list[tuple[int, int, str]], i: int) -> str:
    return words[i + 1][2] if i + 1 < len(words) else ""


def _signature_word(w: str) -> bool:
    return len(w) >= 3 and w not in STOP_WORDS and w not in CLINICAL and w not in _SKIP


def _looks_like_credential(text: str, word: tuple[int, int, str]) -> bool:
    # "JACOBSON, RN" / "lander rrt" at a line's end or before punctuation, not "RN AWARE".
    after = text[word[1]: word[1] + 3]
    return after == "" or after[:1] in ".,;\n)" or after.startswith(" \n") or after.isspace()


def _join(words: list[tuple[int, int, str]], scores: dict[int, float],
          text: str) -> list[RecognizerResult]:
    results: list[RecognizerResult] = []
    run: list[int] = []
    for i in sorted(scores):
        gap = text[words[run[-1]][1]: words[i][0]] if run else ""
        gap_ok = run and i == run[-1] + 1 and (gap.strip(" .") == "" or gap == "-")
        if run and not gap_ok:
            results.append(_result(words, scores, run))
            run = []
        run.append(i)
    if run:
        results.append(_result(words, scores, run))
    return results


def _result(words: list[tuple[int, int, str]], scores: dict[int, float],
            run: list[int]) -> RecognizerResult:
    score = max(scores[i] for i in run)
    return RecognizerResult("PERSON", words[run[0]][0], words[run[-1]][1], score)
