"""Person names in text spaCy reads badly: upper-case notes, lower-case chat, shorthand.

spaCy's NER relies on capitalisation, so "DR RIDLON AWARE" or "spoke with dtr philomena"
yield nothing. This recognizer walks word tokens and marks a name when
  * a title precedes it ("DR", "MRS", "RABBI"), or a relation ("WIFE", "DTR", "SON"), or a
    credential follows it ("JOYCE JACOBSON, RN") — then any word that is not a common word;
  * or the word is in the first/last-name gazetteer and is not a common word.
Neighbouring name words join into one span ("CAROLE HAYES"). The cue words are in
`vocabulary`, the word tests in `words`, the passes that read layout in `layouts`.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.recognizers.base import RuleRecognizer
from app.core.privacy.recognizers.gazetteer import (
    CLINICAL,
    NICKNAMES,
    english_lemmas,
    first_names,
    is_common,
    is_misspelt_word,
    last_names,
    preload,
)
from app.core.privacy.recognizers.names.clauses import affiliations, introductions, subjects
from app.core.privacy.recognizers.names.layouts import (
    coordinated,
    name_lines,
    particles,
    speakers,
)
from app.core.privacy.recognizers.names.vocabulary import (
    AFTER_CUES,
    CALL,
    CONTACT_CUES,
    COPULA,
    CREDENTIAL_TITLES,
    CREDENTIAL_WORD_NAMES,
    CREDENTIALS,
    IRISH_PREFIXES,
    NAME_CUES,
    OBJECTS,
    PHONE_LABELS,
    POSSESSORS,
    RELATIONS,
    ROLE_NOUNS,
    SKIP,
    TITLES,
    WEAK_TITLES,
    WORD_NAMES,
)
from app.core.privacy.recognizers.names.words import (
    CONTRACTION,
    SENTENCE_END,
    Word,
    adverb_cue,
    gap,
    given_name,
    in_law,
    label_gap,
    looks_like_credential,
    next_word,
    signature_word,
    surname_after,
    title_name,
    tokenize,
)
from app.core.privacy.register import clinical_context, mixed_case, mostly_upper

_QUANTITY_BEFORE = regex.compile(r"\d\w*[ \t]+$")


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
        words = tokenize(text)
        firsts, lasts = first_names(), last_names()
        common = [is_common(w) or is_misspelt_word(w) for _s, _e, w in words]
        scores: dict[int, float] = {}

        def mark(j: int, score: float) -> None:
            scores[j] = max(scores.get(j, 0), score)

        def nameish(j: int) -> bool:
            return 0 <= j < len(words) and not common[j] and words[j][2] not in SKIP \
                and not CONTRACTION.search(words[j][2])

        upper_text = mostly_upper(text)
        caseless = not mixed_case(text)  # capitals tell nothing about names there

        def initial(j: int) -> bool:
            # "J." standing alone: not the end of "150K." or "N/V.", and in mixed case a
            # capital ("mg/h. Alert" is a unit and a sentence).
            if not (0 <= j < len(words) and len(words[j][2]) == 1
                    and text[words[j][1]:words[j][1] + 1] == "."):
                return False
            s = words[j][0]
            # "CARAFATE-W. MAROTTA", "chapl.& pat": typed without a space after a word
            if s and not (text[s - 1].isspace() or text[s - 1] in "(\"'>|&-"):
                return False
            return caseless or text[s].isupper()

        def capital(j: int) -> bool:
            # In mixed-case text a name is written with a capital.
            return caseless or text[words[j][0]].isupper()
        for i, (s, e, w) in enumerate(words):
            # Gazetteer evidence alone: not for short words, nor, in mixed case, for a word
            # written in capitals ("DOE", "TIA", "EPS" are abbreviations there), nor right
            # after a quantity ("150 MEG DRIP", "2 AMPS CAL GLUC": a unit or a drug).
            if not common[i] and len(w) >= 3 and (w in firsts or w in lasts) \
                    and (upper_text or not text[s:e].isupper()) \
                    and not _QUANTITY_BEFORE.search(text, max(0, s - 12), s):
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
                # "Dr Ferdinand Halfpenny", "Dr Will Cole": after a given name, a capitalised
                # word is the surname even when it is also a word (mixed case only).
                full = adjacent and strong and not caseless and j + 1 < len(words) \
                    and (words[j][2] in firsts or words[j][2] in NICKNAMES
                         or words[j][2] in WORD_NAMES) \
                    and title_name(text, words[j]) and title_name(text, words[j + 1]) \
                    and gap(text, words, j) == " " and words[j + 1][2] not in STOP_WORDS \
                    and words[j + 1][2] not in CLINICAL and words[j + 1][2] not in SKIP
                # "Mr. White", "MRS BROWNING": after a weak title a surname that is also a
                # word, written like a name in mixed case, or no adjective or verb in capitals.
                surname = j < len(words) and words[j][2] in lasts \
                    and words[j][2] not in CLINICAL and (
                        title_name(text, words[j]) if not caseless
                        else words[j][2] not in english_lemmas()[1])
                if adjacent and words[j][2] in IRISH_PREFIXES and nameish(j + 1) \
                        and gap(text, words, j) in (" ", "'", "’"):
                    mark(j, 0.85), mark(j + 1, 0.85)  # "Dr. o rourke", "DR MC DONALD"
                elif adjacent and (words[j][2] not in SKIP or full) and len(words[j][2]) >= 2 \
                        and (strong or nameish(j) or surname):
                    mark(j, 0.85)
                    if nameish(j + 1) or full or (j + 1 < len(words) and words[j + 1][2] in lasts):
                        mark(j + 1, 0.85)
                elif initial(j) and nameish(j + 1):
                    mark(j, 0.85), mark(j + 1, 0.85)
            elif w in NAME_CUES or w == "me" and i > 0 and words[i - 1][2] in CALL:
                # "name is X", "named him X", "people call me X"
                j = i + 2 if next_word(words, i) in COPULA | OBJECTS and w != "me" else i + 1
                # "Her name is Hope." — a word that closes the sentence or runs on in capitals
                stated = w == "name" and next_word(words, i) in COPULA and j < len(words) \
                    and regex.match(r"\s*(?:$|[.,;!?\n]|\p{Lu})", text[words[j][1]:])
                if j < len(words) and not caseless and title_name(text, words[j]) \
                        and words[j][2] not in STOP_WORDS and words[j][2] not in CLINICAL \
                        and (words[j][2] in firsts or stated
                             or nameish(j + 1) and capital(j + 1)):
                    mark(j, 0.65)  # "called Rosa Varga": a capitalised first name
                    if nameish(j + 1) and capital(j + 1) and gap(text, words, j) == " ":
                        mark(j + 1, 0.65)
                elif nameish(j) and len(words[j][2]) >= 2 and (capital(j) or words[j][2] in firsts
                                                              or words[j][2] in lasts
                                                              or label_gap(text, words, i, j)):
                    mark(j, 0.65)
                    if nameish(j + 1) and capital(j + 1) and gap(text, words, j) == " ":
                        mark(j + 1, 0.65)
            elif w in CREDENTIAL_TITLES and gap(text, words, i) in (" ", ": "):  # "RN: X"
                j = i + 1
                gazetteer = words[j][2] in firsts or words[j][2] in lasts if j < len(words) \
                    else False
                if nameish(j) and len(words[j][2]) >= 3 and words[j][2] not in CLINICAL and (
                        upper_text or gazetteer or (not caseless and text[words[j][0]].isupper())):
                    mark(j, 0.6)
                elif j < len(words) and words[j][2] in CREDENTIAL_WORD_NAMES:
                    mark(j, 0.6)  # "NP grace made aware": a given name that is also a word
            elif w in RELATIONS or (w, next_word(words, i)) in CONTACT_CUES \
                    or (w, "") in CONTACT_CUES or in_law(words, i) or adverb_cue(words, i) \
                    or w == "family" and gap(text, words, i).strip() == "(":
                j = i + 1 if w in RELATIONS or (w, "") in CONTACT_CUES or in_law(words, i) \
                    or w == "family" else i + 3 if adverb_cue(words, i) else i + 2
                if w in RELATIONS and next_word(words, i) in COPULA - {"of"} and nameish(j + 1):
                    j += 1  # "HEALTH CARE PROXY IS OKSANA"
                # A relation must be followed by a name-like word (not "SON WAS HERE").
                first_name = j < len(words) and (words[j][2] in firsts
                                                 or words[j][2] in NICKNAMES)
                if w == "per" and not (first_name or j < len(words) and words[j][2] in lasts):
                    continue  # "PER SLIDESCALE", "per RT", "PER XRAY": only a known name
                if next_word(words, j) in ROLE_NOUNS and w not in RELATIONS:
                    continue
                if SENTENCE_END.search(gap(text, words, j - 1)):
                    continue  # "HOUSE STAFF NOTIFIED. DOPAMINE TITRATED": a new sentence
                if nameish(j) and len(words[j][2]) >= 2:
                    mark(j, 0.75 if w in RELATIONS else 0.65)
                    if nameish(j + 1) and (j + 1 in scores or j in scores or first_name
                                           or words[j + 1][2] in lasts):
                        mark(j + 1, 0.75)
                elif first_name and words[j][2] not in SKIP and words[j][2] not in STOP_WORDS \
                        and (words[j][2] not in CLINICAL or words[j][2] in WORD_NAMES):
                    # "SON ROB", "HUSBAND RICH MARTINO", "DAUGHTER ROSE": a first name that is
                    # also a word.
                    mark(j, 0.7)
                    if nameish(j + 1):
                        mark(j + 1, 0.7)
                if j in scores and first_name and surname_after(text, words, j, lasts):
                    mark(j + 1, 0.7)  # "dtr Frances Baker": a surname that is also a word
            if w in RELATIONS and i >= 2 and words[i - 1][2] in POSSESSORS \
                    and gap(text, words, i - 2).strip() == "," and nameish(i - 2) \
                    and len(words[i - 2][2]) >= 3:
                mark(i - 2, 0.7)  # "TERESINA, PT'S WIFE, CALLED"
            if w in RELATIONS and i > 0 and _relation_after_name(text, words, i) \
                    and nameish(i - 1) and len(words[i - 1][2]) >= 2:
                # "Bram Oosterhuis (son)", "GRETA LINDQVIST - DAUGHTER", "ZOFIA, NIECE": the
                # name comes first.
                mark(i - 1, 0.7)
                if i > 1 and gap(text, words, i - 2) == " " and (
                        nameish(i - 2) or given_name(words[i - 2][2], firsts)):
                    mark(i - 2, 0.7)
            if (w in AFTER_CUES or w in PHONE_LABELS and regex.match(r"\s?[#:]?\s?\(?\d", text[
                    words[i][1]:words[i][1] + 5])) and i > 0 and gap(text, words, i - 1) == " ":
                j = i - 1
                if nameish(j) and len(words[j][2]) >= 3 and capital(j) \
                        and words[j][2] not in CLINICAL and words[j][2] not in PHONE_LABELS:
                    mark(j, 0.6)
                    if j > 0 and nameish(j - 1) and capital(j - 1) and words[j - 1][2] not in \
                            CLINICAL and gap(text, words, j - 1) == " ":
                        mark(j - 1, 0.6)
                elif w in AFTER_CUES and initial(j - 1) and len(words[j][2]) >= 3 \
                        and capital(j) and words[j][2] not in CLINICAL \
                        and words[j][2] not in STOP_WORDS and words[j][2] not in SKIP:
                    mark(j - 1, 0.7), mark(j, 0.7)  # "E. WELSH AWARE": even a word
            if w in CREDENTIALS and i > 0 and looks_like_credential(text, words[i]):
                # "DAN A. FORMAN-LYONS, RRT": up to three words back, initials included; the
                # word right before a signature credential is the surname even when it is
                # also a word ("Q. LANDER RRT").
                for j in (i - 1, i - 2, i - 3, i - 4):
                    signature = j == i - 1 and signature_word(words[j][2]) and (
                        nameish(j) or j > 0 and (initial(j - 1) or nameish(j - 1)))
                    if j < 0 or not (nameish(j) or initial(j) or signature):
                        break
                    # "JONES (NP)": the credential may stand in brackets after the name
                    if text[words[j][1]:words[j + 1][0]].strip(" .,(" if j == i - 1 else " .,"):
                        break
                    mark(j, 0.75)
        # An initial and a surname: "Z. MILLER AWARE", "E. WELSH" (not "S. AUREUS").
        for i in range(len(words) - 1):
            nxt = words[i + 1][2]
            if (initial(i) and words[i][2] not in ("s", "e", "c") or initial(i) and nxt in lasts) \
                    and capital(i + 1) and "\n" not in gap(text, words, i):
                if nxt in lasts or nxt in firsts or (nameish(i + 1) and len(nxt) >= 4):
                    mark(i, 0.7), mark(i + 1, 0.7)
        # A capital letter without a period between two capitalised words, in mixed-case
        # text: a middle initial ("Marisol T Quenneville", "Oskar P Vidmar").
        if not upper_text:
            for i in range(1, len(words) - 1):
                s, e, w = words[i]
                if len(w) == 1 and text[s].isupper() and gap(text, words, i - 1) == " " \
                        and gap(text, words, i) == " " \
                        and all(title_name(text, words[k]) and nameish(k) for k in (i - 1, i + 1)):
                    for k in (i - 1, i, i + 1):
                        mark(k, 0.6)
        if not caseless and not clinical_context(text):  # diagnosis lists: "Cor Pulmonale"
            name_lines(text, words, scores)
        speakers(text, words, scores, nameish)
        subjects(text, words, scores, nameish, capital, firsts, caseless)
        introductions(text, words, scores, nameish, firsts, lasts)
        affiliations(text, words, scores, nameish, capital)
        coordinated(text, words, scores, nameish, capital, firsts)
        if not caseless:
            particles(text, words, scores)
        # A name run takes in a following uncommon word ("mary theresa kondouli").
        for i in sorted(scores):
            if i + 1 < len(words) and i + 1 not in scores and nameish(i + 1) \
                    and len(words[i + 1][2]) >= 3 and text[words[i][1]:words[i + 1][0]] == " ":
                scores[i + 1] = 0.6
        # A capitalised first name before an initial and a surname: "Helmi K. Virtanen".
        for i in range(1, len(words) - 1):
            if initial(i) and i + 1 in scores and i - 1 not in scores \
                    and gap(text, words, i - 1) == " " and capital(i - 1) \
                    and (words[i - 1][2] in firsts or nameish(i - 1)
                         or not caseless and title_name(text, words[i - 1])) \
                    and words[i - 1][2] not in CLINICAL and words[i - 1][2] not in SKIP \
                    and words[i - 1][2] not in STOP_WORDS and words[i - 1][2] not in TITLES:
                mark(i - 1, 0.7)
        # An initial between two name words joins them ("ROBERT V. DEGIORGIO").
        for i in range(1, len(words) - 1):
            if initial(i) and i - 1 in scores and i + 1 in scores:
                mark(i, min(scores[i - 1], scores[i + 1]))
        return _join(words, scores, text)


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


def _relation_after_name(text: str, words: list[Word], i: int) -> bool:
    """Relation word i follows a name: "(son)", or set off by commas or dashes on both sides
    ("ZOFIA, NIECE, CALLED", "GRETA - DAUGHTER - 555-201-3344"), not "ON THURS, WIFE IN"."""
    before = gap(text, words, i - 1).strip()
    if before == "(":
        return True
    after = text[words[i][1]:words[i][1] + 3].lstrip(" \t")
    return before in (",", "-", "--") and (after == "" or after[0] in ",-):\n")
