"""The name rules that read one cue word and mark the words around it, and the passes that
join initials to names. Each takes the `Scan` of one text; `recognizer` runs them in order.

Cues before the name: a title ("DR SMALL"), a naming phrase ("name is X"), a credential
("NP JONES"), a relation or contact verb ("WIFE ROSA", "SPOKE WITH X"). Cues after it: a relation
("X (son)"), a word said of a person ("X AWARE"), a credential ("X, RRT").
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.recognizers.gazetteer import CLINICAL, NICKNAMES, english_lemmas
from app.core.privacy.recognizers.names.scan import Scan
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
)

_QUANTITY_BEFORE = regex.compile(r"\d\w*[ \t]+$")


def gazetteer_words(s: Scan) -> None:
    """A first or last name from the gazetteer, on its own evidence: not for short words, nor,
    in mixed case, for a word written in capitals ("DOE", "TIA", "EPS" are abbreviations
    there), nor right after a quantity ("150 MEG DRIP", "2 AMPS CAL GLUC": a unit or a drug)."""
    for i, (start, end, w) in enumerate(s.words):
        if not s.common[i] and len(w) >= 3 and (w in s.firsts or w in s.lasts) \
                and (s.upper_text or not s.text[start:end].isupper()) \
                and not _QUANTITY_BEFORE.search(s.text, max(0, start - 12), start):
            s.mark(i, 0.6)


def cue_words(s: Scan) -> None:
    """Every word that is a cue, in text order, and the rule it calls."""
    text, words = s.text, s.words
    for i, (_s, _e, w) in enumerate(words):
        if w in TITLES:
            after_title(s, i)
        elif w in NAME_CUES or w == "me" and i > 0 and words[i - 1][2] in CALL:
            after_name_cue(s, i)
        elif w in CREDENTIAL_TITLES and gap(text, words, i) in (" ", ": "):  # "RN: X"
            after_credential_title(s, i)
        elif w in RELATIONS or (w, next_word(words, i)) in CONTACT_CUES \
                or (w, "") in CONTACT_CUES or in_law(words, i) or adverb_cue(words, i) \
                or w == "family" and gap(text, words, i).strip() == "(":
            if after_relation_or_contact(s, i):
                continue
        # Each rule below tests its cue word first; the guards only save the calls.
        if w in RELATIONS:
            before_relation(s, i)
        if w in AFTER_CUES or w in PHONE_LABELS:
            before_after_cue(s, i)
        if w in CREDENTIALS:
            before_credential(s, i)


def after_title(s: Scan, i: int) -> None:
    """Title word i ("DR", "MRS") names the word after it."""
    text, words, firsts = s.text, s.words, s.firsts
    lasts, nameish, initial = s.lasts, s.nameish, s.initial
    mark, caseless = s.mark, s.caseless
    w = s.words[i][2]
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


def after_name_cue(s: Scan, i: int) -> None:
    """"name is X", "named him X", "people call me X" (word i is the cue)."""
    text, words, firsts = s.text, s.words, s.firsts
    lasts, nameish, capital = s.lasts, s.nameish, s.capital
    mark, caseless = s.mark, s.caseless
    w = s.words[i][2]
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


def after_credential_title(s: Scan, i: int) -> None:
    """A credential written before the name: "NP JONES AWARE", "RN: X"."""
    text, words, firsts = s.text, s.words, s.firsts
    lasts, nameish, mark = s.lasts, s.nameish, s.mark
    caseless, upper_text = s.caseless, s.upper_text
    j = i + 1
    gazetteer = words[j][2] in firsts or words[j][2] in lasts if j < len(words) \
        else False
    if nameish(j) and len(words[j][2]) >= 3 and words[j][2] not in CLINICAL and (
            upper_text or gazetteer or (not caseless and text[words[j][0]].isupper())):
        mark(j, 0.6)
    elif j < len(words) and words[j][2] in CREDENTIAL_WORD_NAMES:
        mark(j, 0.6)  # "NP grace made aware": a given name that is also a word


def after_relation_or_contact(s: Scan, i: int) -> bool:
    """A relation ("WIFE", "DTR") or a contact verb ("SPOKE WITH", "PER") names the word
    after it. True when the cue turned out to open no name and the later rules must skip word i
    (as a `continue` did in the single loop these rules came from)."""
    text, words, firsts = s.text, s.words, s.firsts
    lasts, nameish, mark = s.lasts, s.nameish, s.mark
    scores = s.scores
    w = s.words[i][2]
    j = i + 1 if w in RELATIONS or (w, "") in CONTACT_CUES or in_law(words, i) \
        or w == "family" else i + 3 if adverb_cue(words, i) else i + 2
    if w in RELATIONS and next_word(words, i) in COPULA - {"of"} and nameish(j + 1):
        j += 1  # "HEALTH CARE PROXY IS OKSANA"
    # A relation must be followed by a name-like word (not "SON WAS HERE").
    first_name = j < len(words) and (words[j][2] in firsts
                                     or words[j][2] in NICKNAMES)
    if w == "per" and not (first_name or j < len(words) and words[j][2] in lasts):
        return True  # "PER SLIDESCALE", "per RT", "PER XRAY": only a known name
    if next_word(words, j) in ROLE_NOUNS and w not in RELATIONS:
        return True
    if SENTENCE_END.search(gap(text, words, j - 1)):
        return True  # "HOUSE STAFF NOTIFIED. DOPAMINE TITRATED": a new sentence
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
    return False


def before_relation(s: Scan, i: int) -> None:
    """Relation word i follows the name: "TERESINA, PT'S WIFE,", "Bram Oosterhuis (son)"."""
    text, words, firsts = s.text, s.words, s.firsts
    nameish, mark = s.nameish, s.mark
    w = s.words[i][2]
    if w in RELATIONS and i >= 2 and words[i - 1][2] in POSSESSORS \
            and gap(text, words, i - 2).strip() == "," and nameish(i - 2) \
            and len(words[i - 2][2]) >= 3:
        mark(i - 2, 0.7)  # "TERESINA, PT'S WIFE, CALLED"
    if w in RELATIONS and i > 0 and relation_after_name(text, words, i) \
            and nameish(i - 1) and len(words[i - 1][2]) >= 2:
        # "Bram Oosterhuis (son)", "GRETA LINDQVIST - DAUGHTER", "ZOFIA, NIECE": the
        # name comes first.
        mark(i - 1, 0.7)
        if i > 1 and gap(text, words, i - 2) == " " and (
                nameish(i - 2) or given_name(words[i - 2][2], firsts)):
            mark(i - 2, 0.7)


def before_after_cue(s: Scan, i: int) -> None:
    """"JONES AWARE", "Ann Lee home: 555 201 3344": the name before a word said of a person."""
    text, words, nameish = s.text, s.words, s.nameish
    initial, capital, mark = s.initial, s.capital, s.mark
    w = s.words[i][2]
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


def before_credential(s: Scan, i: int) -> None:
    """"DAN A. FORMAN-LYONS, RRT": the name before a credential."""
    text, words, nameish = s.text, s.words, s.nameish
    initial, mark = s.initial, s.mark
    w = s.words[i][2]
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


def initial_surnames(s: Scan) -> None:
    """An initial and a surname: "Z. MILLER AWARE", "E. WELSH" (not "S. AUREUS")."""
    for i in range(len(s.words) - 1):
        nxt = s.words[i + 1][2]
        if (s.initial(i) and s.words[i][2] not in ("s", "e", "c")
                or s.initial(i) and nxt in s.lasts) \
                and s.capital(i + 1) and "\n" not in s.gap(i):
            if nxt in s.lasts or nxt in s.firsts or (s.nameish(i + 1) and len(nxt) >= 4):
                s.mark(i, 0.7), s.mark(i + 1, 0.7)


def middle_initials(s: Scan) -> None:
    """A capital letter without a period between two capitalised words, in mixed-case text: a
    middle initial ("Marisol T Quenneville", "Oskar P Vidmar")."""
    if s.upper_text:
        return
    for i in range(1, len(s.words) - 1):
        start, _e, w = s.words[i]
        if len(w) == 1 and s.text[start].isupper() and s.gap(i - 1) == " " and s.gap(i) == " " \
                and all(title_name(s.text, s.words[k]) and s.nameish(k) for k in (i - 1, i + 1)):
            for k in (i - 1, i, i + 1):
                s.mark(k, 0.6)


def extend_runs(s: Scan) -> None:
    """A name run takes in a following uncommon word ("mary theresa kondouli")."""
    words, scores = s.words, s.scores
    for i in sorted(scores):
        if i + 1 < len(words) and i + 1 not in scores and s.nameish(i + 1) \
                and len(words[i + 1][2]) >= 3 and s.text[words[i][1]:words[i + 1][0]] == " ":
            scores[i + 1] = 0.6


def first_name_before_initial(s: Scan) -> None:
    """A capitalised first name before an initial and a surname: "Helmi K. Virtanen"."""
    words, scores = s.words, s.scores
    for i in range(1, len(words) - 1):
        before = words[i - 1][2]
        if s.initial(i) and i + 1 in scores and i - 1 not in scores \
                and s.gap(i - 1) == " " and s.capital(i - 1) \
                and (before in s.firsts or s.nameish(i - 1)
                     or not s.caseless and title_name(s.text, words[i - 1])) \
                and before not in CLINICAL and before not in SKIP \
                and before not in STOP_WORDS and before not in TITLES:
            s.mark(i - 1, 0.7)


def join_initials(s: Scan) -> None:
    """An initial between two name words joins them ("ROBERT V. DEGIORGIO")."""
    for i in range(1, len(s.words) - 1):
        if s.initial(i) and i - 1 in s.scores and i + 1 in s.scores:
            s.mark(i, min(s.scores[i - 1], s.scores[i + 1]))


def relation_after_name(text: str, words: list[Word], i: int) -> bool:
    """Relation word i follows a name: "(son)", or set off by commas or dashes on both sides
    ("ZOFIA, NIECE, CALLED", "GRETA - DAUGHTER - 555-201-3344"), not "ON THURS, WIFE IN"."""
    before = gap(text, words, i - 1).strip()
    if before == "(":
        return True
    after = text[words[i][1]:words[i][1] + 3].lstrip(" \t")
    return before in (",", "-", "--") and (after == "" or after[0] in ",-):\n")
