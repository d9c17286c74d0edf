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

from app.core.privacy.recognizers.gazetteer import (
    CLINICAL,
    NICKNAMES,
    first_names,
    is_common,
    is_misspelt_word,
    last_names,
    places,
    preload,
)
from app.core.privacy.register import clinical_context, mostly_upper

_WORD = regex.compile(r"\p{L}[\p{L}'’]*")  # any script: "Kovačević", "Nováková" are one word
_POSS = regex.compile(r"['’]s?$")  # "NICHOLSON'S" -> "nicholson"
_CONTRACTION = regex.compile(r"['’](?:m|re|ve|ll|d|t)$|n['’]t$")  # "I'm", "won't": no names
TITLES = {"dr", "mr", "mrs", "ms", "miss", "mister", "doctor", "rabbi", "rev", "reverend",
          "father", "fr", "prof", "professor", "atty", "attorney", "judge", "hon", "drs"}
RELATIONS = {"wife", "husband", "daughter", "dtr", "son", "sons", "daughters", "sister",
             "brother", "mother", "mom", "dad", "father", "niece", "nephew", "grandson",
             "granddaughter", "friend", "fiance", "fiancee", "partner", "aunt", "uncle",
             "cousin", "sil", "dil", "proxy", "hcp", "guardian", "neighbor", "stepson",
             "stepdaughter", "bro", "sis", "named", "caseworker", "sw", "chaplain", "pcp",
             "attending", "resident", "fellow", "intern", "nurse", "girlfriend", "boyfriend",
             "spouse", "grandmother", "grandfather", "grandma", "grandpa", "stepmother",
             "stepfather", "sibling", "roommate", "companion"}
# Credentials written before the name, as in "NP JONES AWARE", "rrt kimura": a name-like word
# (not a common or clinical one) after them.
CREDENTIAL_TITLES = {"np", "rn", "rrt", "md", "pa", "ho", "crnp", "lpn"}
# Words that introduce a name: "NAME: Ingrid Solberg", "maiden name is vantongeren", "called Rosa".
NAME_CUES = {"name", "named", "called", "nicknamed", "aka"}
_COPULA = {"is", "was", "of"}
_OBJECTS = {"him", "her", "them", "me", "it"}  # "named him Luis", "called her Bea"
_CALL = {"call", "calls", "called"}  # "people call me Csanad"
# Verbs after which a person is usually named: "SPOKE WITH NANCY", "CALLED BY JOHN".
CONTACT_CUES = {("spoke", "with"), ("spoke", "to"), ("talked", "with"), ("talked", "to"),
                ("met", "with"), ("meeting", "with"), ("meet", "with"), ("called", "by"),
                ("seen", "by"), ("visited", "by"),
                ("discussed", "with"), ("d/w", ""), ("per", ""), ("paged", ""), ("notified", ""),
                ("page", "")}
# Role and service nouns: the word before one is a specialty, not a name ("SEEN BY NEPHRO
# FELLOW", "seen by transplnt team", "Cardiothor surgeon").
ROLE_NOUNS = {"team", "fellow", "fellows", "service", "surgeon", "surgery", "consult",
              "attending", "resident", "residents", "staff", "dept", "department", "doctor",
              "doctors", "nurse", "nurses", "md", "mds", "np", "clinic", "unit", "protocol"}
# Words after which a person was just named: "JONES AWARE", "dr x and kimura notified".
AFTER_CUES = {"aware", "notified", "paged", "informed"}
# A contact line: "Tomasz Wielgosz cell# 555-201-0199", "Ann Lee home: 555 201 3344".
PHONE_LABELS = {"cell", "home", "phone", "work", "tel", "mobile", "pager", "beeper", "office"}
CREDENTIALS = {"rn", "rrt", "np", "md", "pa", "lpn", "cna", "msw", "lcsw", "pharmd", "do",
               "crnp", "esq", "cpa", "snp", "sn", "rd", "dds", "dmd", "dpt", "phd", "rph",
               "aprn", "fnp", "cnm", "crna", "psyd", "mph", "ccc", "slp", "otr", "ot"}
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

    def load(self) -> None:
        # Presidio calls this at construction: the word lists (cached per process) are built
        # then, not inside the first document's analysis.
        preload()

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        words = [(m.start(), m.end(), _POSS.sub("", m.group().lower()))
                 for m in _WORD.finditer(text)]
        firsts, lasts = first_names(), last_names()
        common = [is_common(w) or is_misspelt_word(w) for _s, _e, w in words]
        scores: dict[int, float] = {}

        def mark(j: int, score: float) -> None:
            scores[j] = max(scores.get(j, 0), score)

        def nameish(j: int) -> bool:
            return 0 <= j < len(words) and not common[j] and words[j][2] not in _SKIP \
                and not _CONTRACTION.search(words[j][2])

        upper_text = mostly_upper(text)
        letters = [c for c in text if c.isalpha()]
        # All upper or (nearly) all lower case: capitals tell nothing about names there.
        caseless = upper_text or sum(c.isupper() for c in letters) <= 0.03 * len(letters)

        def initial(j: int) -> bool:
            # "J." standing alone: not the end of "150K." or "N/V.", and in mixed case a
            # capital ("mg/h. Alert" is a unit and a sentence).
            if not (0 <= j < len(words) and len(words[j][2]) == 1
                    and text[words[j][1]:words[j][1] + 1] == "."):
                return False
            s = words[j][0]
            if s and not (text[s - 1].isspace() or text[s - 1] in "(\"'>|"):
                return False
            return caseless or text[s].isupper()

        def capital(j: int) -> bool:
            # In mixed-case text a name is written with a capital.
            return caseless or text[words[j][0]].isupper()
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
            elif w in NAME_CUES or w == "me" and i > 0 and words[i - 1][2] in _CALL:
                # "name is X", "named him X", "people call me X"
                j = i + 2 if _next(words, i) in _COPULA | _OBJECTS and w != "me" else i + 1
                # "Her name is Hope." — a word that closes the sentence or runs on in capitals
                stated = w == "name" and _next(words, i) in _COPULA and j < len(words) \
                    and regex.match(r"\s*(?:$|[.,;!?\n]|\p{Lu})", text[words[j][1]:])
                if j < len(words) and not caseless and _title_name(text, words[j]) \
                        and words[j][2] not in STOP_WORDS and words[j][2] not in CLINICAL \
                        and (words[j][2] in firsts or stated
                             or nameish(j + 1) and capital(j + 1)):
                    mark(j, 0.65)  # "called Rosa Varga": a capitalised first name
                    if nameish(j + 1) and capital(j + 1) and _gap(text, words, j) == " ":
                        mark(j + 1, 0.65)
                elif nameish(j) and len(words[j][2]) >= 2 and (capital(j) or words[j][2] in firsts
                                                              or words[j][2] in lasts
                                                              or _label_gap(text, words, i, j)):
                    mark(j, 0.65)
                    if nameish(j + 1) and capital(j + 1) and _gap(text, words, j) == " ":
                        mark(j + 1, 0.65)
            elif w in CREDENTIAL_TITLES and _gap(text, words, i) == " ":
                j = i + 1
                gazetteer = words[j][2] in firsts or words[j][2] in lasts if j < len(words) \
                    else False
                if nameish(j) and len(words[j][2]) >= 3 and words[j][2] not in CLINICAL and (
                        upper_text or gazetteer or (not caseless and text[words[j][0]].isupper())):
                    mark(j, 0.6)
            elif w in RELATIONS or (w, _next(words, i)) in CONTACT_CUES \
                    or (w, "") in CONTACT_CUES or _in_law(words, i) \
                    or w == "family" and _gap(text, words, i).strip() == "(":
                j = i + 1 if w in RELATIONS or (w, "") in CONTACT_CUES or _in_law(words, i) \
                    or w == "family" else i + 2
                if w in RELATIONS and _next(words, i) in _COPULA - {"of"} and nameish(j + 1):
                    j += 1  # "HEALTH CARE PROXY IS OKSANA"
                # A relation must be followed by a name-like word (not "SON WAS HERE").
                first_name = j < len(words) and (words[j][2] in firsts
                                                 or words[j][2] in NICKNAMES)
                if w == "per" and not (first_name or j < len(words) and words[j][2] in lasts):
                    continue  # "PER SLIDESCALE", "per RT", "PER XRAY": only a known name
                if _next(words, j) in ROLE_NOUNS and w not in RELATIONS:
                    continue
                if _SENTENCE_END.search(_gap(text, words, j - 1)):
                    continue  # "HOUSE STAFF NOTIFIED. DOPAMINE TITRATED": a new sentence
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
                if j in scores and first_name and _surname_after(text, words, j, lasts):
                    mark(j + 1, 0.7)  # "dtr Frances Baker": a surname that is also a word
            if w in RELATIONS and i >= 2 and words[i - 1][2] in _POSSESSORS \
                    and _gap(text, words, i - 2).strip() == "," and nameish(i - 2) \
                    and len(words[i - 2][2]) >= 3:
                mark(i - 2, 0.7)  # "TERESINA, PT'S WIFE, CALLED"
            if w in RELATIONS and i > 0 and _gap(text, words, i - 1).strip() == "(" \
                    and nameish(i - 1) and len(words[i - 1][2]) >= 2:
                # "Bram Oosterhuis (son)", "GRETA LINDQVIST (DAUGHTER)": the name comes first.
                mark(i - 1, 0.7)
                if i > 1 and _gap(text, words, i - 2) == " " and (
                        nameish(i - 2) or _given_name(words[i - 2][2], firsts)):
                    mark(i - 2, 0.7)
            if (w in AFTER_CUES or w in PHONE_LABELS and regex.match(r"\s?[#:]?\s?\(?\d", text[
                    words[i][1]:words[i][1] + 5])) and i > 0 and _gap(text, words, i - 1) == " ":
                j = i - 1
                if nameish(j) and len(words[j][2]) >= 3 and capital(j) \
                        and words[j][2] not in CLINICAL and words[j][2] not in PHONE_LABELS:
                    mark(j, 0.6)
                    if j > 0 and nameish(j - 1) and capital(j - 1) and words[j - 1][2] not in \
                            CLINICAL and _gap(text, words, j - 1) == " ":
                        mark(j - 1, 0.6)
                elif w in AFTER_CUES and initial(j - 1) and len(words[j][2]) >= 3 \
                        and capital(j) and words[j][2] not in CLINICAL \
                        and words[j][2] not in STOP_WORDS and words[j][2] not in _SKIP:
                    mark(j - 1, 0.7), mark(j, 0.7)  # "E. WELSH AWARE": even a word
            if w in CREDENTIALS and i > 0 and _looks_like_credential(text, words[i]):
                # "DAN A. FORMAN-LYONS, RRT": up to three words back, initials included; the
                # word right before a signature credential is the surname even when it is
                # also a word ("Q. LANDER RRT").
                for j in (i - 1, i - 2, i - 3, i - 4):
                    signature = j == i - 1 and _signature_word(words[j][2]) and (
                        nameish(j) or j > 0 and (initial(j - 1) or nameish(j - 1)))
                    if j < 0 or not (nameish(j) or initial(j) or signature):
                        break
                    if text[words[j][1]:words[j + 1][0]].strip(" .,") != "":
                        break
                    mark(j, 0.75)
        # An initial and a surname: "Z. MILLER AWARE", "E. WELSH" (not "S. AUREUS").
        for i in range(len(words) - 1):
            nxt = words[i + 1][2]
            if (initial(i) and words[i][2] not in ("s", "e", "c") or initial(i) and nxt in lasts) \
                    and capital(i + 1) and "\n" not in _gap(text, words, i):
                if nxt in lasts or nxt in firsts or (nameish(i + 1) and len(nxt) >= 4):
                    mark(i, 0.7), mark(i + 1, 0.7)
        # A capital letter without a period between two capitalised words, in mixed-case
        # text: a middle initial ("Marisol T Quenneville", "Oskar P Vidmar").
        if not upper_text:
            for i in range(1, len(words) - 1):
                s, e, w = words[i]
                if len(w) == 1 and text[s].isupper() and _gap(text, words, i - 1) == " " \
                        and _gap(text, words, i) == " " \
                        and all(_title_name(text, words[k]) and nameish(k) for k in (i - 1, i + 1)):
                    for k in (i - 1, i, i + 1):
                        mark(k, 0.6)
        if not caseless and not clinical_context(text):  # diagnosis lists: "Cor Pulmonale"
            _name_lines(text, words, scores)
        _speakers(text, words, scores, nameish)
        _coordinated(text, words, scores, nameish, capital)
        if not caseless:
            _particles(text, words, scores)
        # A name run takes in a following uncommon word ("mary theresa kondouli").
        for i in sorted(scores):
            if i + 1 < len(words) and i + 1 not in scores and nameish(i + 1) \
                    and len(words[i + 1][2]) >= 3 and text[words[i][1]:words[i + 1][0]] == " ":
                scores[i + 1] = 0.6
        # A capitalised first name before an initial and a surname: "Helmi K. Virtanen".
        for i in range(1, len(words) - 1):
            if initial(i) and i + 1 in scores and i - 1 not in scores \
                    and _gap(text, words, i - 1) == " " and capital(i - 1) \
                    and (words[i - 1][2] in firsts or nameish(i - 1)
                         or not caseless and _title_name(text, words[i - 1])) \
                    and words[i - 1][2] not in CLINICAL and words[i - 1][2] not in _SKIP \
                    and words[i - 1][2] not in STOP_WORDS and words[i - 1][2] not in TITLES:
                mark(i - 1, 0.7)
        # An initial between two name words joins them ("ROBERT V. DEGIORGIO").
        for i in range(1, len(words) - 1):
            if initial(i) and i - 1 in scores and i + 1 in scores:
                mark(i, min(scores[i - 1], scores[i + 1]))
        return _join(words, scores, text)


def _given_name(w: str, firsts: frozenset[str]) -> bool:
    """A given name or its short form, even when it is also a word ("DICK", "HANK")."""
    return (w in firsts or w in NICKNAMES) and w not in _SKIP and w not in STOP_WORDS \
        and w not in CLINICAL


def _surname_after(text: str, words: list[tuple[int, int, str]], j: int,
                   lasts: frozenset[str]) -> bool:
    """Word j + 1 is a gazetteer surname right after word j, written the same way (both
    capitalised, or both not)."""
    k = j + 1
    if k >= len(words) or _gap(text, words, j) != " ":
        return False
    w = words[k][2]
    return w in lasts and w not in _SKIP and w not in STOP_WORDS \
        and text[words[k][0]].isupper() == text[words[j][0]].isupper()


def _title_name(text: str, word: tuple[int, int, str]) -> bool:
    span = text[word[0]:word[1]]
    return len(span) >= 2 and span[0].isupper() and not span.isupper()


def _gap(text: str, words: list[tuple[int, int, str]], i: int) -> str:
    """The text between word i and word i + 1."""
    return text[words[i][1]:words[i + 1][0]] if i + 1 < len(words) else ""


def _label_gap(text: str, words: list[tuple[int, int, str]], i: int, j: int) -> bool:
    # "Name: x" — a form label, where whatever follows is the value.
    return j == i + 1 and _gap(text, words, i).strip() == ":"


_SENTENCE_END = regex.compile(r"[.;!?](?:\s|$)|\n\s*\n")
# A line that is only a name, as in a letterhead, signature or address block:
# "Esat Jeknić", ">Ella H. Snider", "Maha Cazares".
_NAME_LINE = regex.compile(
    r"(?m)^[ \t>]*(\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?)(?:[ \t]+\p{Lu}\.?)?"
    r"[ \t]+(\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?)[ \t]*$")


def _name_lines(text: str, words: list[tuple[int, int, str]],
                scores: dict[int, float]) -> None:
    """Mark a line of two capitalised words (a middle initial allowed) that are neither
    English words nor known places: a name standing alone in a block of lines."""
    starts = {s: k for k, (s, _e, _w) in enumerate(words)}
    gazetteer = places()
    for m in _NAME_LINE.finditer(text):
        first, last = starts.get(m.start(1)), starts.get(m.start(2))
        if first is None or last is None:
            continue
        ws = [words[k][2] for k in range(first, last + 1)]
        if any(len(w) > 1 and (is_common(w) or w in gazetteer or w in CLINICAL) for w in ws):
            continue
        for k in range(first, last + 1):
            scores[k] = max(scores.get(k, 0), 0.6)


_SPEAKER = regex.compile(r"(?m)^[ \t>]*(\p{L}[\p{L}'’-]*)[ \t]*:")


def _speakers(text: str, words: list[tuple[int, int, str]], scores: dict[int, float],
              nameish) -> None:
    """A chat transcript: "Anna: Are you there?", "Zsombor: Yes." When two or more lines
    open with a single word and a colon and one of those words is a found name, the others
    that look like names are speakers too."""
    starts = {s: k for k, (s, _e, _w) in enumerate(words)}
    lines = [starts[m.start(1)] for m in _SPEAKER.finditer(text) if m.start(1) in starts]
    if len(lines) < 2 or not any(k in scores for k in lines):
        return
    for k in lines:
        if k not in scores and nameish(k) and len(words[k][2]) >= 2:
            scores[k] = 0.6


def _coordinated(text: str, words: list[tuple[int, int, str]], scores: dict[int, float],
                 nameish, capital) -> None:
    """Names listed with a found name are names: "Imelda and Bart", "Quimby, Mary and
    Oyelaran". A candidate must be name-like and written like its neighbour (a capital in mixed
    case), and joined by "and", "or", "&" or a comma."""
    todo = sorted(scores)
    seen = set(todo)
    while todo:
        i = todo.pop()
        for j, via in ((i + 2, i + 1), (i - 2, i - 1), (i + 1, None), (i - 1, None)):
            if not 0 <= j < len(words) or j in seen:
                continue
            if via is not None:
                if not 0 <= via < len(words) or words[via][2] not in ("and", "or"):
                    continue
                lo = min(i, j)
                if _gap(text, words, lo).strip() or _gap(text, words, lo + 1).strip():
                    continue
            else:
                lo = min(i, j)
                if _gap(text, words, lo).strip() not in (",", "&"):
                    continue
            if not (nameish(j) and len(words[j][2]) >= 3 and capital(j)
                    and text[words[j][0]].isupper() == text[words[i][0]].isupper()):
                continue
            scores[j] = 0.6
            seen.add(j)
            todo.append(j)


PARTICLES = {"van", "von", "der", "den", "ten", "ter", "de", "del", "della", "di", "da", "du",
             "la", "le", "dos", "das", "bin", "ibn", "al", "el", "st"}


def _particles(text: str, words: list[tuple[int, int, str]], scores: dict[int, float]) -> None:
    """A surname particle between a found name and a capitalised word joins them: "Beatrice
    Van Houten", "Willem ten Pas", "Maria de Souza" (mixed-case text only)."""
    for i in range(1, len(words) - 1):
        if words[i][2] not in PARTICLES or i - 1 not in scores or i in scores:
            continue
        nxt = text[words[i + 1][0]:words[i + 1][1]]
        if _gap(text, words, i - 1) == " " and _gap(text, words, i) == " " \
                and nxt[:1].isupper() and not nxt.isupper() and len(nxt) >= 3 \
                and words[i + 1][2] not in STOP_WORDS:
            scores[i] = 0.6
            scores[i + 1] = max(scores.get(i + 1, 0), 0.6)


def _next(words: list[tuple[int, int, str]], i: int) -> str:
    return words[i + 1][2] if i + 1 < len(words) else ""


def _signature_word(w: str) -> bool:
    return len(w) >= 3 and w not in STOP_WORDS and w not in CLINICAL and w not in _SKIP


def _looks_like_credential(text: str, word: tuple[int, int, str]) -> bool:
    # "JACOBSON, RN" / "lander rrt" at a line's end or before punctuation, or before what the
    # person did ("GRABOWSKI NP IN TO SEE PT", "KIM RN AWARE"); the words before must still
    # look like a name, so "NIGHT RN AWARE" gives nothing.
    after = text[word[1]: word[1] + 3]
    suffix = regex.match(r"-[A-Za-z]{1,2}\b", after)  # "PA-C", "OTR-L"
    if suffix:
        after = text[word[1] + suffix.end(): word[1] + suffix.end() + 3]
    if after == "" or after[:1] in ".,;\n)" or after.startswith(" \n") or after.isspace():
        return True
    nxt = regex.match(r" (\p{L}+)", text[word[1]: word[1] + 16])
    return bool(nxt) and nxt.group(1).lower() in _AFTER_CREDENTIAL


_AFTER_CREDENTIAL = {"in", "aware", "notified", "here", "saw", "called", "paged", "spoke",
                     "updated", "informed", "came", "examined", "evaluated", "made", "at"}
_POSSESSORS = {"pt", "pts", "patient", "patients", "his", "her", "their"}


def _in_law(words: list[tuple[int, int, str]], i: int) -> bool:
    """ "SON-IN-LAW X", "DAUGHTER IN LAW X": "law" after "<relation> in" is the relation."""
    return words[i][2] == "law" and i > 1 and words[i - 1][2] == "in" \
        and words[i - 2][2] in RELATIONS


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
