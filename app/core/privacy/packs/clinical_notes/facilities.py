"""Named care facilities and places: "CALVERT HOSPITAL", "sacred heart memorial", "TO GH".

A facility or town locates a patient (HIPAA class 2). Three cues:
  * a facility word ("HOSPITAL", "REHAB", "MEDICAL CENTER"): up to three name words before it,
    stopping at an ordinary word unless it is a usual word of facility names ("HOLY CROSS",
    "SACRED HEART", "GENERAL"), so "TRANSFER FROM CALVERT HOSPITAL" yields "CALVERT HOSPITAL";
  * a movement or residence phrase ("TRANSFERRED TO", "ADMITTED FROM", "LIVES IN"): the next
    one to three words that are not ordinary or clinical words ("TO QUARTERMAIN 3", "TO GH"),
    so "TRANSFERRED TO FLOOR" and "TO MICU" yield nothing;
  * a medical-centre acronym, "...MC" in capitals ("VAMC", "GBMC").
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.core.privacy.institutions import FACILITY_TERMS, FACILITY_WORDS, NAME_WORDS
from app.core.privacy.recognizers.base import RuleRecognizer
from app.core.privacy.recognizers.gazetteer import (
    CLINICAL,
    english_lemmas,
    first_names,
    is_common,
    places,
)
from app.core.privacy.register import mixed_case, mostly_upper

_FAC = regex.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in FACILITY_WORDS) +
                     r")\b", regex.IGNORECASE)
_PREV = regex.compile(r"([A-Za-z][A-Za-z'’.-]*)[ \t]+$")  # a name ends at its line
_CUE = regex.compile(
    r"(?i)\b(?:(?:transferr?e?d?|trans|xfer(?:red)?|tx(?:'?d)?|admitted|adm|came|brought|went|"
    r"referred|sent|going|go|goes|discharged|d/c(?:'?d)?|dc(?:'?d)?|return(?:ed|ing)?|"
    r"arrived|moved|transported|flown|taken|come|comes|coming|followed|seen|treated|"
    r"hospitalized|stayed|living|born|raised|works?|worked)\s+(?:back\s+)?"
    r"(?:to|from|into|in\s+from|at|in)"
    r"(?:\s+the)?|(?:lives|lived|living|resides|resided|reside|home)\s+(?:in|at|near)|"
    # "SON FLYING IN FROM X", "DAUGHTER CALLED FROM X"
    r"(?:flew|flying|fly|flies|drove|driving|drive|drives|visiting|called|calling|phoned)"
    r"\s+(?:in\s+|up\s+|down\s+)?from|"
    r"(?:from|at)\s+(?:an?\s+)?(?:osh|outside\s+hospital)\s+in)\s+")
_NEXT = regex.compile(r"([A-Za-z][A-Za-z'’&.-]*)")
_PREP = regex.compile(r"(?<=\s|^)(?:in|at|from|to|near)\s+(?=[A-Z][a-z])")
# Any case: a known place after a preposition ("LIVES IN ROME", "FROM ROME", "to Baltimore").
_PLACE_CUE = regex.compile(r"(?i)(?<=[\s(\"'“]|^)(?:in|at|from|to|near|of)\s+")  # '("FROM MIAMI")'
_PLACE_WORDS = regex.compile(r"[A-Za-z][A-Za-z'’.-]*(?:\s+[A-Za-z][A-Za-z'’.-]*){0,2}")
# A hospital acronym after a preposition: "TO GH", "AT MGH", "-> GH", "CATH @ GH".
_HOSP_ACRONYM = regex.compile(
    r"(?:(?<=\b(?i:to|from|at|in|into|leave|leaving|left)\s)|(?<=->\s?)|(?<=@\s?))"
    r"[A-Z]{0,3}H\b")
# The same in a note written all in small letters: "enroute to gh", "sent to mgh".
_HOSP_ACRONYM_LOWER = regex.compile(
    r"(?<=\b(?:to|from|at|in|into|leave|leaving|left)\s)[a-z]{0,3}h\b")
# "St. Agnes", "Saint Joseph's": a saint's name is a facility in a note.
_SAINT = regex.compile(r"\b(?:St\.|ST\.|Saint|SAINT|Ste\.)\s?([A-Za-z]+(?:['’]s)?)")
_ACRONYM = regex.compile(r"\b[A-Z]{1,4}MC\b")
_FACILITY_AFTER = regex.compile(
    r"(?i)\s+(?:regional|general|memorial|medical(?:\s+(?:center|centre|ctr))?|hospital|"
    r"hosp|rehab|infirmary|clinic)\b"
    # "SENT TO WARREN GRANT EW": a name word and then the hospital's emergency department
    r"|(?:[ \t]+(?!(?i:and|or|the|for|by|to|with|via|then|w)\b)(?-i:[A-Z][\w'’-]*)){0,2}"
    r"[ \t]+(?-i:ER|EW|ED)\b")
# Words that end a place's name and belong to it: "MILFORD MILL", "Glen Falls", "X Heights".
_PLACE_SUFFIX = regex.compile(
    r"(?i)[ \t]+(?:mills?|springs?|heights|falls|beach|harbou?r|hills?|village|township|"
    r"junction|creek|grove|landing|crossing|station|estates|county|city)\b")
# A unit, not a place: "TO THE NISICU", "from SICU", "to CVICU".
_UNIT_NAME = regex.compile(r"(?i)^[a-z]{0,4}(?:icu|ccu|cu|csru)$")
_FLOOR = regex.compile(r"\d{1,2}[A-Za-z]?\b")
# "UNIVERSITY OF MARYLAND MEDICAL CENTER", "U OF MD MED CENTER", "univ. of iowa hosp": the
# place after "of" and any facility words after it.
# "U MARYLAND ER", "Univ Iowa": a university named by its place without "of".
_U_PLACE = regex.compile(r"\b(?:U|Univ\.?|UNIV\.?)[ \t]+(\p{Lu}\p{L}+)"
                         r"(?:[ \t]+(?:ER|EW|ED|MC|(?i:medical|med|hospital|hosp)))?")
_UNIVERSITY = regex.compile(
    r"\b(?:(?i:university|univ\.?)|U)\s+(?i:of)\s+(?:the\s+)?(\p{L}[\p{L}'’-]+)"
    r"(?:\s+(?i:medical|med|hospitals?|hosp|center|centre|ctr|health|system|ER|EW|MC))*")
# A ward or building and its floor: "ON HALVERSEN 6", "per Brantley 4 RN" — a name-like word
# between a preposition and a small number that is no dose, setting or time.
_WARD = regex.compile(
    r"(?i)\b(?:on|to|from|at|in|per)\s+([a-z][a-z'’]{3,})\s+\d{1,2}[a-z]?\b"
    r"(?!\s*(?:%|mg|mcg|cc|ml|l\b|liters?|lpm|units?|u\b|x\b|hrs?|hours?|mins?|minutes|days?|"
    r"weeks?|months?|years?|yrs?|cm|mm|kg|mmhg|am|pm|o'?clock|times|breaths|bpm)|[/.:,-]\d)")
# The noun after a word says it is a body part, device or drug, not a place: "Groshong cath",
# "Left SC", "Rt forearm", "RLE ulcer", "C-T scan", "Pressure support".
_OBJECT_NOUNS = frozenset("""cath catheter line lines site sites scan scans support ulcer
forearm arm arms leg legs hand foot side valve tube drain baseline bolus mask sc ij fem
groin wound dressing dsg gtt drip""".split())
# Drug and lab names by their endings ("Oxacillin", "Phenylephrine", "Troponin", "Propofol").
DRUG_END = regex.compile(r"(?i)(?:cillin|mycin|micin|floxacin|azole|pril|sartan|olol|dipine|"
                         r"statin|phrine|prazole|parin|ponin|ofol|afol|azepam|olam|idine|"
                         r"terol|[cv]ent)$")
_STOP = frozenset("""the a an of to in at from for and or with on by this that his her their
floor unit room bed home rehab icu ccu micu sicu csru cath lab or er ed pacu ot
pharmacy radiology labs dialysis surgery endoscopy ir ct mri echo""".split()) | FACILITY_TERMS


class FacilityRecognizer(RuleRecognizer):
    ENTITY = "LOCATION"

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        named = self._named(text)
        mixed = mixed_case(text)
        out = [RecognizerResult("LOCATION", s, e, 0.7) for s, e in named]
        out += [RecognizerResult("LOCATION", s, e, 0.6)
                for s, e in _listed_after(text, named, mixed)]
        out += [RecognizerResult("LOCATION", s, e, 0.65) for s, e in self._after_cue(text)]
        out += [RecognizerResult("LOCATION", s, e, 0.6) for s, e in _places(text, mixed)]
        out += [RecognizerResult("LOCATION", m.start(), m.end(), 0.6)
                for m in _HOSP_ACRONYM.finditer(text) if not is_common(m.group())]
        if _small_letters(text):
            out += [RecognizerResult("LOCATION", m.start(), m.end(), 0.6)
                    for m in _HOSP_ACRONYM_LOWER.finditer(text)
                    if len(m.group()) >= 2 and not is_common(m.group())]
        out += [RecognizerResult("LOCATION", m.start(), m.end(), 0.6)
                for m in _ACRONYM.finditer(text)]
        out += [RecognizerResult("LOCATION", m.start(), m.end(), 0.65)
                for m in _UNIVERSITY.finditer(text)
                if m.group(1).lower() not in _STOP]
        out += [RecognizerResult("LOCATION", m.start(), m.end(), 0.6)
                for m in _U_PLACE.finditer(text) if m.group(1).lower() in places()]
        out += [RecognizerResult("LOCATION", m.start(1), m.end(1), 0.55)
                for m in _WARD.finditer(text) if _ward_word(m.group(1))]
        firsts = first_names()
        out += [RecognizerResult("LOCATION", m.start(), m.end(), 0.6) for m in _SAINT.finditer(text)
                if regex.sub(r"['’]s$", "", m.group(1).lower()) in firsts]
        return out

    def _named(self, text: str) -> list[tuple[int, int]]:
        cased = not mostly_upper(text)
        spans = []
        for m in _FAC.finditer(text):
            start = m.start()
            for _ in range(3):
                prev = _PREV.search(text, 0, start)
                if not prev:
                    break
                word = prev.group(1).lower()
                if regex.fullmatch(r"[a-z]\.", word) and start < m.start():
                    start = prev.start(1)  # an initial opens the name: "S. DOMINICO NURSING AGENCY"
                    break
                if word.endswith(".") and word not in NAME_WORDS:
                    break  # a sentence ends there ("ERCP. REHAB")
                capital = cased and prev.group(1)[:1].isupper() and not prev.group(1).isupper()
                # A facility word that is also a name word names the place ("MEMORIAL
                # HOSPITAL", "ADVENTIST REHAB"); other facility words do not ("ICU REHAB").
                if (word in _STOP and word not in NAME_WORDS) or (
                        is_common(word) and word not in NAME_WORDS and not capital
                        and word not in places()):  # "BALTIMORE REHAB"
                    break
                start = prev.start(1)
            if start < m.start():
                spans.append((start, m.end()))
        return spans

    def _after_cue(self, text: str) -> list[tuple[int, int]]:
        # In mixed-case text a capitalised word after "in/at/from/to" names a place even when
        # it is also a word ("went to Harbor Hosp", "in Germantown"); in upper case it cannot.
        cased = not mostly_upper(text)
        cues = list(_CUE.finditer(text)) + (list(_PREP.finditer(text)) if cased else [])
        spans = []
        for cue in cues:
            place = _place_at(text, cue.end())
            if place and _object_after(text, place):
                continue  # "drawn from Quinton cath"
            if place:
                # "TAKEN TO LAUREL REGIONAL": a facility word after the place is its name
                more = _FACILITY_AFTER.match(text, place)
                end = more.end() if more else place
                suffix = _PLACE_SUFFIX.match(text, end)  # "IN MILFORD MILL"
                spans.append((cue.end(), suffix.end() if suffix else end))
                continue
            pos, end = cue.end(), None
            only_plain, n_words = True, 0
            caps_only = cue.re is _PREP
            for _ in range(3):
                m = _NEXT.match(text, pos)
                if not m:
                    break
                # "...", or a period between two words run together ("floor.will"), ends it
                raw = regex.split(r"\.\.+|(?<=\p{L}{2})\.(?=\p{L}{2})", m.group(1))[0]
                raw = regex.sub(r"['’]s$", "", raw.rstrip(".-"))  # "Pt's" -> "Pt"
                word = raw.lower()
                if not raw or DRUG_END.search(raw) or _UNIT_NAME.match(raw) \
                        or word.split("-")[0] in _STOP:  # "TO THE NISICU", "into room-CPR"
                    break
                nouns, other = english_lemmas()
                capital = (cased and raw[:1].isupper() and not raw.isupper()
                           and (word not in CLINICAL or word in NAME_WORDS)  # "Holy Cross"
                           and (word in nouns or word not in other))
                name_word = capital or (not caps_only and (
                    word in NAME_WORDS or not (is_common(word) or word in _STOP)))
                if word in _STOP or not name_word:
                    break
                # "GENERAL" alone is a word; "HOLY CROSS" (two facility-name words) is a name.
                plain = word in NAME_WORDS and is_common(word) and not capital
                only_plain = plain if end is None else only_plain and plain
                n_words = 1 if end is None else n_words + 1
                end = m.start(1) + len(raw)
                if raw != m.group(1).rstrip("."):
                    break  # the word ended at "-", "..." or a possessive
                floor = _FLOOR.match(text, end)
                if floor and not only_plain:
                    end = floor.end()  # "TO QUARTERMAIN7": a ward and its floor in one word
                    break
                gap = regex.match(r"[ \t]+", text[m.end():])
                if not gap:
                    break
                pos = m.end() + gap.end()
            if end is None or _object_after(text, end):
                continue
            suffix = _PLACE_SUFFIX.match(text, end)
            if suffix:
                end, only_plain = suffix.end(), False  # "FROM GLEN BURNIE HEIGHTS"
            if not (only_plain and n_words == 1):
                spans.append((cue.end(), end))
        return spans


# "BALTIMORE REHAB OR KIMBROUGH": another facility offered with a named one.
_LISTED = regex.compile(r"[ \t]+(?i:and|or|&)[ \t]+([A-Za-z][A-Za-z'’-]{2,})\b")


def _listed_after(text: str, named: list[tuple[int, int]],
                  mixed: bool) -> list[tuple[int, int]]:
    """The word after "and"/"or" that follows a named facility, when it is no ordinary,
    clinical or facility word and, in mixed case (`mixed`), is capitalised like a name."""
    spans = []
    for _s, e in named:
        m = _LISTED.match(text, e)
        if not m:
            continue
        word = m.group(1)
        w = word.lower()
        if is_common(w) or w in CLINICAL or w in _STOP or (mixed and not word[:1].isupper()):
            continue
        spans.append((m.start(1), m.end(1)))
    return spans


def _ward_word(word: str) -> bool:
    w = word.lower()
    return not (is_common(w) or w in CLINICAL or w in _STOP)


def _place_at(text: str, pos: int) -> int | None:
    """End of the longest known place name (up to three words) starting at `pos`."""
    m = _PLACE_WORDS.match(text, pos)
    if not m:
        return None
    words = list(regex.finditer(r"\S+", m.group()))
    gazetteer = places()
    for n in range(len(words), 0, -1):
        phrase = " ".join(w.group() for w in words[:n]).rstrip(".,").lower()
        if phrase in gazetteer and not (n == 1 and phrase in CLINICAL):
            return pos + words[n - 1].start() + len(words[n - 1].group().rstrip(".,"))
    return None


def _places(text: str, mixed: bool) -> list[tuple[int, int]]:
    """Known places after a preposition. Where capitals mean something (mixed case), a place
    is capitalised and not a short abbreviation ("not in bursa", "movement of LUE"), and no
    word after it says it is a device or body part ("from Quinton cath")."""
    spans = []
    for cue in _PLACE_CUE.finditer(text):
        end = _place_at(text, cue.end())
        if end is None or _object_after(text, end):
            continue
        name = text[cue.end():end]
        if mixed and (not name[:1].isupper() or name.isupper() and len(name) <= 3):
            continue
        suffix = _PLACE_SUFFIX.match(text, end)
        spans.append((cue.end(), suffix.end() if suffix else end))
    return spans


def _object_after(text: str, end: int) -> bool:
    """The word after `end` is a device, site or body part: "Quinton cath", "Left SC"."""
    nxt = _NEXT.match(text, end + 1)
    return bool(nxt) and text[end:end + 1] == " " \
        and nxt.group(1).lower().rstrip(".") in _OBJECT_NOUNS


def _small_letters(text: str) -> bool:
    """A note typed without capitals, where "gh" is a hospital as "GH" is elsewhere."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) <= 0.03 * len(letters)
