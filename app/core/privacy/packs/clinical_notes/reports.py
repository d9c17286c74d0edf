"""Clinical pack: organisations and places in medical records, as opposed to their vocabulary.

In a clinical report most capitalised words are not names: diagnoses and findings open list
items ("2. Herniated nucleus pulposus"), drugs, sutures, dressings and devices go by brand
names ("0.25% Marcaine", "#3-0 Vicryl", "Kerlix"), instruments and methods by eponyms
("Metzenbaum scissors", "Fick method"), and departments by their discipline ("sent to
Pathology", "the Pulmonary Medicine Clinic"). spaCy's web-trained NER reads all of them as
ORGANIZATION or LOCATION, and the facility recognizer's "capitalised word after a preposition"
reads departments as places; masked, they hide the record. On mtsamples-dev (tuning half)
nine in ten of the ORG/LOC spans were such words. In a clinical document only, this pack
drops an ORG/LOC result:

  * followed by an instrument, device or eponym noun, as the next word or the one after
    ("Metzenbaum scissors", "Olympus video colonoscope", "Huntington disease"), or by a dose,
    or after a strength or suture size ("0.25% Marcaine", "#3-0 Vicryl", "12.5 mg of
    Demerol");
  * from spaCy, of one token that is no known place, name or facility-name word: such a word
    is a drug, a device or an eponym ("Vicryl", "Jackson-Pratt", "Steri-Strips");
  * from spaCy, of several tokens ending in such a noun ("Frazier dissector", "Pick's
    Disease"), naming a department, or holding no word of a name: a place, a person's name, a
    facility word, or a word outside English and clinical vocabulary (prefixed words,
    medical suffixes and misspellings count as vocabulary: "Postanesthesia Care Unit",
    "Laparoscopic Cholecystectomy");
  * from the facility recognizer, in mixed-case text, naming a department: no hospital word
    and only ordinary or clinical words, "clinic" aside ("Pathology Department", "Recovery",
    "Neurology clinic"); or, in an edited report (not clinical shorthand), starting with a
    small letter ("taken to the postanesthesia care unit").

A clinical document: a text with clinical shorthand (three distinct markers of
`register.CLINICAL_MARKERS`), prose about "the patient" that names a dose or a term built on a
suffix of medical terminology ("-ectomy", "-itis", "-oscopy"), or section headings of a
health record: two, one of them a title only a record uses ("HISTORY OF PRESENT ILLNESS:",
"Allergies:", "Hospital Course:"), or three that other reports share ("SUBJECTIVE:",
"FINDINGS:", "PLAN:"). The titles follow the sections of the HL7 C-CDA R2.1 templates (the
US consolidated clinical documents: History and Physical, Discharge Summary, Operative and
Procedure Note, Progress Note), with the plural and short forms reports write.

Switch off with `PiiAnalyzer(packs=())`.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from app.core.privacy import register
from app.core.privacy.capitals import WORD, is_place, ordinary, plain_words
from app.core.privacy.institutions import FACILITY_TERMS, NAME_WORDS
from app.core.privacy.packs.clinical_notes.facilities import DRUG_END, FacilityRecognizer
from app.core.privacy.packs.pack import Pack
from app.core.privacy.recognizers.base import ResultFilter, TextView, results_of
from app.core.privacy.recognizers.gazetteer import (
    CLINICAL,
    first_names,
    is_misspelt_word,
    last_names,
)

NAME = "clinical"
TYPES = frozenset({"ORGANIZATION", "LOCATION"})

# Section titles of HL7 C-CDA R2.1 document templates, as reports write them (lower case; a
# heading counts when it contains one). Those only a health record uses:
SECTION_TITLES = frozenset("""
allergies|medications|current medications|discharge medications|admission medications
home medications|medications on admission|problem list|hospital course|history of present
illness|chief complaint|reason for visit|reason for referral|reason for admission|reason for
exam|past medical history|past surgical history|surgical history|family history|social
history|review of systems|physical examination|physical exam|vital signs|immunizations
discharge diagnosis|discharge diagnoses|admission diagnosis|admitting diagnosis
preoperative diagnosis|postoperative diagnosis|preoperative diagnoses|postoperative
diagnoses|preprocedure diagnosis|postprocedure diagnosis|diagnosis|diagnoses|anesthesia
estimated blood loss|specimens removed|surgical drains|procedure indications|indications
for procedure|operative procedure|operative note|procedure note|description of procedure
procedure in detail|procedure performed|procedures performed|discharge instructions
discharge condition|condition on discharge|hpi|pmh|ros|heent|mental status|functional status
assessment and plan|history and physical""".replace("\n", "|").split("|")) - {""}
# ... and those of a note's parts that other reports share (SOAP, the examination's organ
# systems, an operative note's and a radiology report's parts): three of them make a record.
SHARED_TITLES = frozenset("""
subjective|objective|assessment|plan|impression|findings|technique|exam|procedure
indication|indications|complications|specimens|specimen|fluids|drains|implants|disposition
lungs|chest|heart|abdomen|extremities|neck|skin|neurologic|neurological|cardiovascular
musculoskeletal|gastrointestinal|genitourinary|psychiatric|eyes|ears|reflexes""".replace(
    "\n", "|").split("|")) - {""}
MIN_HEADINGS = 2
MIN_SHARED = 3
# Clinical shorthand: three distinct markers (`register.CLINICAL_MARKERS`); two can be a
# letter's "PO Box" and "ID".
MIN_MARKERS = 3
# Or prose about a patient that names a dose or a term built on a suffix of medical
# terminology (Greco-Latin: inflammation, removal, incision, viewing, repair, ...), for a
# report without headings ("The patient's abdomen was prepped ... cholecystectomy").
_PATIENT = regex.compile(r"(?i)\bpatient(?:s|['’]s)?\b")
_DOSE = regex.compile(r"(?i)\b\d+(?:\.\d+)?[ -]?(?:mg|mcg|ml|cc|mmhg|meq)\b")
_MEDICAL_TERM = regex.compile(
    r"(?i)\b[a-z]{3,}(?:ectomy|ectomies|otomy|ostomy|oscopy|oscope|oscopic|plasty|itis|algia|"
    r"emia|opathy|ography|ogram|orrhaphy|orrhea|ocentesis|odesis|ectasis|osis|oses)\b")
_NOT_TERMS = frozenset({"diagnosis", "diagnoses", "prognosis"})  # also an insurer's words
_HEADING = regex.compile(
    r"(?:^|[\n,.;]|\s{2})[ \t]*([A-Za-z][A-Za-z /&'()-]{1,60}?)[ \t]*:(?!//)")

# Nouns after an eponym or brand ("Metzenbaum scissors", "Jackson-Pratt drain", "Fick
# method", "Huntington disease"): instruments, devices, materials and the eponymous terms of
# medicine.
OBJECT_NOUNS = frozenset("""
scissors forceps clamp clamps retractor retractors rongeur rongeurs elevator elevators needle
needles drain drains catheter catheters sheath sheaths wire wires guidewire tube tubes
stent stents dilator dilators trocar trocars scope colonoscope gastroscope bronchoscope
endoscope blade blades bag bags system systems implant implants cage cages plate plates screw
screws rod rods stem cup liner anchor anchors knot suture sutures stitch stitches dressing
dressings gauze tape bandage wrap cast splint brace patch pump lens device devices graft mesh
balloon valve pin pins drill saw bur burr osteotome curette curettes hook hooks snare
electrode lead leads pacemaker tourniquet spray gel cream ointment drops tablet tablets
capsule capsules solution injection inhaler nebulizer disc disk dissector dissectors tongs
holder knife knives scalpel collar stand spacer spacers component components laryngoscope
disease syndrome sign signs test maneuver manoeuvre position incision method score scale
procedure operation technique classification criteria fundoplication pouch triangle tendon
fracture block type reflex reflexes phenomenon law ligament canal duct cell cells symptoms
scan study exam examination
""".split())
_OBJECT_AFTER = regex.compile(r"(?:['’]s?)?[ \t]+([A-Za-z-]+)(?:[ \t]+([A-Za-z]+))?")
# A dose after a name ("Flomax 0.4 mg", "Ancef 2 g IV") or a strength or size before it
# ("0.25% Marcaine", "#3-0 Vicryl", "6 French Judkins", "18-gauge Tuohy", "50-mm EndoCatch",
# "12.5 mg of Demerol").
_DOSE_AFTER = regex.compile(
    r"(?i)[ \t]*[®™]|[ \t]+\d[\d.,/]*[ \t]*(?:mg|mcg|g|gm|ml|cc|units?|iu|%|meq|tabs?|"
    r"tablets?|puffs?|drops?|sprays?|teaspoons?|tsp)\b|[ \t]+(?:p\.?o\.?|i\.?v\.?)\b")
_SIZE_BEFORE = regex.compile(
    r"(?i)(?:\d(?:[.,]\d+)?[ \t]?%|#?\d-0|\d+[ -](?:french|fr|gauge|ga|mm|cm)|"
    r"\d[\d.,]*[ \t]?(?:mg|mcg|g|ml|cc|units?)[ \t]+of)[ \t]+$")

# A clinic is also a department of a hospital ("Pulmonary Clinic", "Neurology clinic").
_CLINIC = frozenset({"clinic", "clinics"})


@lru_cache(maxsize=32)
def applies(text: str) -> bool:
    """A clinical document: clinical shorthand (three markers), prose about a patient with a
    dose or a medical term, or health-record headings: two with at least one that only a
    record uses, or three that other reports share too."""
    if len(register.clinical_markers(text)) >= MIN_MARKERS or _patient_prose(text):
        return True
    own: set[str] = set()
    shared: set[str] = set()
    for m in _HEADING.finditer(text):
        heading = " ".join(regex.sub(r"\((?:e?s)\)", "", m.group(1)).lower().split())
        title = _title(heading)
        if not title:
            continue
        if title in SECTION_TITLES:
            own.add(title)
        else:
            shared.add(title)
        if own and len(own) + len(shared) >= MIN_HEADINGS or len(shared) >= MIN_SHARED:
            return True
    return False


def _patient_prose(text: str) -> bool:
    if not _PATIENT.search(text):
        return False
    return bool(_DOSE.search(text)) or any(
        m.group().lower() not in _NOT_TERMS for m in _MEDICAL_TERM.finditer(text))


def _title(heading: str) -> str:
    """The longest section title in a heading ("past medical history", not "history")."""
    words = heading.split()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i:i + n])
            if phrase in SECTION_TITLES or phrase in SHARED_TITLES:
                return phrase
    return ""


def _key(word: str) -> str:
    return regex.sub(r"['’]s$", "", word.lower())


def _named(word: str) -> bool:
    """A known place, a person's name or a word of facility names."""
    w = _key(word)
    return is_place(w) or w in first_names() or w in last_names() or w in NAME_WORDS


def _plain(word: str) -> bool:
    """English or clinical vocabulary: an ordinary word (`capitals.ordinary`, prefixes
    included), clinical shorthand, a drug or medical term by its ending, a misspelling."""
    w = _key(word)
    return len(w) < 3 or ordinary(w) or w in CLINICAL or bool(DRUG_END.search(w)) \
        or bool(_MEDICAL_TERM.fullmatch(w)) or is_misspelt_word(w)


def _evidence(token: str) -> bool:
    """A word of a name: a known place, a person's name, a facility word, or, not written in
    capitals (an abbreviation), a word outside English and clinical vocabulary."""
    if _named(token) or _key(token) in FACILITY_TERMS:
        return True
    parts = WORD.findall(token)
    return bool(parts) and not token.isupper() and not all(_plain(p) for p in parts)


def brand_or_eponym(text: str, start: int, end: int) -> bool:
    """A device, instrument or eponym noun follows (next word or the one after), or a dose,
    or a strength or size comes before: "Metzenbaum scissors", "Flomax 0.4 mg", "0.25%
    Marcaine", "#3-0 Vicryl"."""
    nxt = _OBJECT_AFTER.match(text, end)  # "Olympus video colonoscope": the word after next
    if nxt and any(_object(w or "") for w in nxt.groups()):
        return True
    return bool(_DOSE_AFTER.match(text, end)) or bool(
        _SIZE_BEFORE.search(text, max(0, start - 16), start))


def _object(word: str) -> bool:
    w = word.lower()
    return w in OBJECT_NOUNS or len(w) > 5 and w.endswith(("scope", "scopes"))


def _department(span: str) -> bool:
    """A facility span naming a discipline or a unit: no hospital word ("Sinai Hospital",
    "Memorial Hospital" are names), and its words, "clinic" aside, are all ordinary or
    clinical ("Pathology Department", "Recovery", "Neurology clinic")."""
    words = [w for w in WORD.findall(span) if _key(w) not in _CLINIC]
    if not words or any(_key(w) in FACILITY_TERMS for w in words):
        return False
    return plain_words(" ".join(words)) and not any(_named(w) for w in words)


def _tokens(span: str) -> list[str]:
    return [t for t in (t.strip(".,;:()'\"") for t in span.split()) if t]


def spacy_keep(view: TextView, r: RecognizerResult) -> bool:
    """A spaCy organisation or place that is clinical vocabulary (module docstring): one
    token no known name ("Vicryl", "Jackson-Pratt"), an instrument or a department ("Frazier
    dissector", "Intensive Care Unit"), or no word of a name."""
    text = view.text
    if brand_or_eponym(text, r.start, r.end):
        return False
    tokens = _tokens(text[r.start:r.end])
    if len(tokens) == 1:  # "Vicryl", "Jackson-Pratt", "Steri-Strips": a brand or eponym
        return _named(tokens[0])
    if _object(tokens[-1]) or _department(text[r.start:r.end]):
        return False  # "Frazier dissector", "Pick's Disease", "Intensive Care Unit"
    return any(_evidence(t) for t in tokens)


def facility_keep(view: TextView, r: RecognizerResult) -> bool:
    """A facility found by its cue that is a department, or in an edited report written in
    small letters ("taken to the postanesthesia care unit"), is no facility's name."""
    text = view.text
    if brand_or_eponym(text, r.start, r.end):
        return False
    if register.mixed_case(text):
        span = text[r.start:r.end]
        if span[:1].islower() and not register.clinical_shorthand(text):
            return False  # an edited report capitalises names: "taken to the postanesthesia"
        return not _department(span)
    return True


# The organisations and places this pack judges: spaCy's and the facility recognizer's. The
# employer and region recognizers' are left alone: a cue ("CEO OF", "works at") or a listed
# region named them.
FILTERS: tuple[ResultFilter, ...] = (
    ResultFilter(spacy_keep, judges=results_of(SpacyRecognizer), types=TYPES),
    ResultFilter(facility_keep, judges=results_of(FacilityRecognizer), types=TYPES),
)

PACK = Pack(NAME, filters=FILTERS, applies=applies)
