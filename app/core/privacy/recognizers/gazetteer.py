"""Word lists for the name recognizer, built from data-independent sources at first use.

Names: Faker's person providers for the locales our users' patients most often come from
(first and last names, ASCII only). Common words: Faker's English lorem list, spaCy's stop
words and a short list of clinical abbreviations, so a surname that is also an everyday word
("SMALL", "WHITE", "BROWN") counts as a name only with context ("DR BROWN").
"""

from __future__ import annotations

import importlib
from collections import Counter, defaultdict
from functools import cache, lru_cache
from pathlib import Path

from faker.providers.company.en_US import Provider as Company
from faker.providers.job.en_US import Provider as Job
from faker.providers.lorem.en_US import Provider as Lorem
from rapidfuzz.distance import OSA
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lookups import Lookups
from spacy.strings import hash_string

_LOCALES = ("en_US", "en_GB", "en_IE", "it_IT", "es_MX", "pt_BR", "de_DE", "pl_PL", "fr_FR")

# Clinical shorthand and note words that collide with names in upper-case notes.
CLINICAL = set("""
afib alert all am ambu amb ap bp bs cabg cad cath ccu chf copd cp cr ct cv cxr dc dnr dni
dtr ekg er ett fam family gi gu hct hr htn icu iv lasix lll lul md micu ms neuro np ns ob
or ot pa pacu pcp pe peg picc pm pmh po pr prn pt pts rn rrt rr rul rll sob ssri tpn tx
uo us va vs w wbc x yo ok sat sats dr mr mrs doc nurse team plan note will may mark
bill grace hope joy rose faith art carter dean doctor pat ray sue sunny june april august
aware notified updated informed paged called visited present bedside
foley swan abd aline eve fair max amber hickman cont neg afeb wean goal flowsheet carevue
floor sputum stool suction vent lopressor levo neo dopa dobutamine art line cvp swab
white brown green black gray grey small long short young king page bell hall wood rice
price lane fox cross rush hill lee case mason foster baker cook hunter ward
bronchoscopy bronch careview carevue ctscan flora ch usoh pulm nsg nsr angio wheezes wheeze
rhonchi crackles diuresis diuresed sedation sedated intubated extubated lytes hemodynamics
pressors pressor tele stepdown neo aline cvl trauma surgical medical medicine cardiology
pulmonary renal nephrology neurology oncology gi ortho psych sx sxn bipap lix aureus coli diff
difficile pneumoniae faecalis faecium albicans drew mds surg
con't cont'd osh pcu stepdown junctional perrla nsvt psych came went saw gave took got
walker brady tachy commode cane gerd cocci pace ph gross bright lucid wedding cherry fields till
dispo renal cardiac misc freq occ assess titrate await felt urine drip peep wedge sxn
propofol fentanyl versed midazolam morphine dilaudid ativan haldol precedex insulin
levophed levo vasopressin vaso dopamine dobutamine milrinone nitro ntg nipride labetalol
lopressor metoprolol diltiazem dilt amiodarone digoxin lasix bumex diuril heparin coumadin
warfarin lovenox plavix aspirin asa statin zocor lipitor vanco vancomycin zosyn cefepime
ceftriaxone levaquin cipro flagyl bactrim fluconazole acyclovir tylenol motrin percocet
oxycodone colace senna dulcolax lactulose protonix pepcid zantac reglan zofran kcl kphos
magnesium mag calcium albumin prbc ffp platelets tpn ppn ddavp solumedrol prednisone
decadron albuterol atrovent combivent ventolin flovent nebs captopril enalapril lisinopril
hydralazine norvasc zoloft trazadone trazodone ambien allegra benadryl ativan seroquel
permacath hickman trach peg ngt ogt ett cvl aline swan picc tlc ij subclavian femoral
bipap cpap psv imv simv prvc abg vbg cxr kub ekg echo tee cath stent cabg avr mvr
mech vasc resp suct sput secr nebs mdi mdis kidney kidneys colon lima rima perla liters
doe tia ada eps ptt vvi ddd aaa ards asd vsd pda dvt ivc svc inr rbc mcv ldh ast alt
""".split())

# English short forms of given names, which Faker's lists lack ("SON ROB", "Husband Rich").
# Used only after a cue (a relation, a title): most are also words ("rob", "bill", "ray").
NICKNAMES = frozenset("""
al alf andy art barb ben bernie bert beth betty bill billy bob bobby chris chuck cindy dan
danny dave davey deb debbie dick don donny dot doug ed eddie fran fred freddie gabe gene
greg gus hal hank harry jack jake jan jeff jerry jim jimmy jo joe joey jon ken kenny kate
kathy kay larry len lenny les liz lou marty matt meg mike mickey molly nan nate ned nick
pam pat patty peg peggy pete phil ray rich rick ricky rob robbie ron ronnie russ sal sam
sandy steve stu sue suzy ted teddy terry tim tom tommy tony val vic vince walt wally
""".split())

# Spanish/Italian/Portuguese/French function words Faker's surnames sometimes equal.
_FOREIGN = {"de", "da", "del", "la", "le", "di", "do", "dos", "van", "von", "el", "los"}


def _provider_names(locale: str) -> tuple[set[str], set[str]]:
    mod = importlib.import_module(f"faker.providers.person.{locale}")
    prov = mod.Provider
    firsts: set[str] = set()
    for attr in ("first_names", "first_names_male", "first_names_female"):
        firsts.update(getattr(prov, attr, ()) or ())
    lasts = set(getattr(prov, "last_names", ()) or ())
    return firsts, lasts


def _clean(names: set[str]) -> set[str]:
    out = {n.lower() for n in names if n.isascii() and n.isalpha() and len(n) >= 3}
    return out - _FOREIGN


@cache
def first_names() -> frozenset[str]:
    return frozenset(_clean(set().union(*(_provider_names(loc)[0] for loc in _LOCALES))))


@cache
def last_names() -> frozenset[str]:
    return frozenset(_clean(set().union(*(_provider_names(loc)[1] for loc in _LOCALES))))


@cache
def common_words() -> frozenset[str]:
    words = {w.lower() for w in Lorem.word_list} | {w.lower() for w in STOP_WORDS}
    # Faker's business vocabulary and job titles: more everyday English words.
    for group in (*Company.catch_phrase_words, *Company.bsWords, Job.jobs):
        for phrase in group:
            words.update(w.lower() for w in phrase.replace(",", " ").replace("/", " ").split())
    return frozenset(words | CLINICAL)


@cache
def english_lemmas() -> tuple[frozenset[str], frozenset[str]]:
    """(nouns, other parts of speech): WordNet's lemma index as shipped in the English spaCy
    model's lemmatizer lookups (read from disk; the slim pipeline drops the lemmatizer).
    Empty sets when the installed model carries no lookups."""
    try:
        # deferred: `nlp` imports Presidio's NLP engine; `surrogates` reads these lists without it
        from app.core.privacy.nlp import pick_model

        path = Path(importlib.import_module(pick_model()).__file__).parent
        files = list(path.glob("*/lemmatizer/lookups/lookups.bin"))
        if not files:
            return frozenset(), frozenset()
        lookups = Lookups().from_bytes(files[0].read_bytes())
        index = lookups.get_table("lemma_index")
        nouns = frozenset(index.get(hash_string("noun"), ()))
        other = set().union(*(index.get(hash_string(p), ()) for p in ("verb", "adj", "adv")))
        exceptions = lookups.get_table("lemma_exc")  # irregular forms: "children", "came"
        for pos in ("noun", "verb", "adj", "adv"):
            other.update(exceptions.get(hash_string(pos), {}))
        return nouns, frozenset(other)
    except Exception:  # noqa: BLE001 - a smaller common-word list is still correct
        return frozenset(), frozenset()


_SUFFIXES = ("ing", "ed", "es", "s", "ly", "er", "d")


def _known(w: str) -> bool:
    nouns, other = english_lemmas()
    if w in common_words() or w in other:
        return True
    # A noun that is also a name in the gazetteer ("john", "jones") stays a possible name.
    return w in nouns and w not in first_names() and w not in last_names()


@cache
def is_common(word: str) -> bool:
    """An English (WordNet) or clinical word, also inflected ("WEEKS", "ENCOURAGED").

    Names that WordNet lists only as nouns ("Mary", "Jones") are not common words, and a
    name is never stemmed into a word ("HAYES" is not "hay")."""
    w = word.lower().strip(".'’")
    if _known(w):
        return True
    name = w in first_names() or w in last_names()
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: -len(suf)]
            if suf == "es" and not stem.endswith(("s", "x", "z", "o", "ch", "sh")):
                continue  # English adds "-es" only there: "TORRES" is not "torr" + "es"
            if name and len(stem) <= 3:
                continue  # a name is not stemmed into a short word ("HAYES" is not "hay")
            if _known(stem) or _known(stem + "e") or (
                    len(stem) > 3 and stem[-1] == stem[-2] and _known(stem[:-1])):
                return True  # "WEEKS", "ENCOURAGED", "ADMITTED"
    return False


@cache
def places() -> frozenset[str]:
    """Place names (cities, regions, countries; lower case) from libphonenumber's geocoding
    data, which ships with the `phonenumbers` package Presidio already depends on."""
    try:
        # deferred: libphonenumber's geocoding data is megabytes, read once, on first use
        from phonenumbers.geodata import GEOCODE_DATA
    except Exception:  # noqa: BLE001 - no gazetteer: cue words still find places
        return frozenset()
    names: set[str] = set()
    for by_lang in GEOCODE_DATA.values():
        value = by_lang.get("en")
        if value:
            names.update(p.strip().lower() for p in value.split(","))
    # A place that is also an everyday word other than a noun ("Normal", "Deep", "Come") or a
    # family word ("Son") would turn "TO COME" into a place.
    other = english_lemmas()[1]
    family = {"son", "sons", "wife", "mother", "father", "sister", "brother", "home", "bay"}
    return frozenset(n for n in names if len(n) >= 3 and n not in common_words()
                     and n not in other and n not in family)


@cache
def _vocabulary() -> frozenset[str]:
    nouns, other = english_lemmas()
    # A name is not the word a misspelling was meant to be ("ANDERSSON" is not a slip
    # of "anderson"): WordNet lists people and places among its nouns.
    return frozenset(common_words() | (nouns - first_names() - last_names()) | other)


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
MIN_TYPO_LENGTH = 8


@cache
def _by_ends() -> dict[tuple[int, int, str, str], list[str]]:
    """The vocabulary's words of 3 letters or more by (k, length, first k letters, "") and
    (k, length, "", last k letters), k = 1 to 3: where to look for a word one edit away."""
    index: dict[tuple[int, int, str, str], list[str]] = defaultdict(list)
    for v in _vocabulary():
        if len(v) >= 3:
            for k in (1, 2, 3):
                index[(k, len(v), v[:k], "")].append(v)
                index[(k, len(v), "", v[-k:])].append(v)
    return index


def _one_edit_from_word(w: str) -> bool:
    """A vocabulary word (3 letters or more) is one deletion, adjacent transposition,
    substitution or insertion of a letter a-z away from `w`, or is `w` (rapidfuzz's optimal
    string alignment distance at most 1). One edit leaves the first or the last k letters of
    a word of 2k + 2 letters or more as they were, so only the words that share them with `w`
    (`_by_ends`) are measured."""
    n = len(w)
    k = min(3, max(1, (n - 2) // 2))
    index = _by_ends()
    for m in (n - 1, n, n + 1):
        for key in ((k, m, w[:k], ""), (k, m, "", w[-k:])):
            for v in index.get(key, ()):
                # The letter an insertion or substitution brings in is one of a-z.
                if OSA.distance(w, v, score_cutoff=1) <= 1 \
                        and _LETTERS.issuperset(Counter(v) - Counter(w)):
                    return True
    return False


@lru_cache(maxsize=20000)
def is_misspelt_word(word: str) -> bool:
    """A long word one typing error away from an English or clinical word ("VISISTED",
    "DOAPMINE", "INCOSISTENTLY"): notes are typed fast, and an unknown word after "HUSBAND"
    or "NOTIFIED" is far more often a misspelling than a name. Names in the gazetteer are
    never misspellings; short words are left alone (most short names are one letter away
    from some word: "Cole", "Lange")."""
    w = word.lower().strip(".'’")
    if len(w) < MIN_TYPO_LENGTH or not w.isalpha() or w in first_names() or w in last_names():
        return False
    # An inflected misspelling ("VISISTED") is one error away from the stem's forms.
    forms = {w} | {w[: -len(s)] for s in _SUFFIXES if w.endswith(s) and len(w) - len(s) >= 4}
    return any(_one_edit_from_word(f) for f in forms)


def preload() -> None:
    """Build every word list now (about a second, most of it the place names) rather than
    inside the first document's analysis, whose latency it would otherwise add to."""
    first_names(), last_names(), common_words(), english_lemmas(), places(), _vocabulary()
    _by_ends()
