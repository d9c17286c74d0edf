"""Realistic fakes for one case: deterministic, of the same type and shape, never the original.

`FakeMaker(secret, shift_days).make(entity_type, original, attempt)` is a pure function of
its arguments: every random choice comes from an HMAC of the case secret, the type, the
normalised original and the attempt number (the vault retries with the next attempt when a
fake is already taken). Faker supplies names, streets, cities and user names from its bundled
word lists; it never touches the network.

Numbers that carry a check digit or a registry meaning are made to FAIL validation, so a fake
is never somebody's real number: SSNs get area 9xx (never issued), card and NPI numbers fail
Luhn, DEA and ABA numbers fail their checksums, IBANs fail mod-97, MBIs start with 0, EINs
get an unassigned prefix. Phones use the 555-01xx range reserved for fiction; e-mails, URLs
and IPs use the reserved example domains and documentation address blocks (RFC 2606/5737/3849).
`None` means "no realistic fake for this": the caller uses a token instead.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import threading
from collections.abc import Callable
from functools import cache

from faker import Faker
from faker.providers.person.en_US import Provider

from app.core.privacy.dateshift import shift_date
from app.core.privacy.recognizers.checksums import aba_ok, dea_ok, luhn_ok, npi_ok, vin_ok

TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "rev", "jr", "sr", "ii", "iii",
          "iv", "md", "do", "rn", "np", "pa", "phd", "esq", "dds", "rrt", "lpn"}
_UNASSIGNED_EIN = ("07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78",
                   "79", "89", "96", "97")
_FACILITY = re.compile(r"\b(hospital|medical center|clinic|health center|rehab\w*|memorial|"
                       r"nursing home|hospice|infirmary|center|institute|university)\b", re.I)
_UPPER, _LOWER, _DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"
_WORDS = re.compile(r"[^\W\d_]+")
_UNIT = re.compile(r"(?i)(apt|apartment|suite|ste|unit|#|floor|fl|room|rm|bldg|building)\b")
# Types whose fake keeps the original's words around the new digits: only these words may be
# there ("ext", "97-year-old"); any other word (a name merged into the span) means a token.
_NUMBER_WORDS = frozenset("x ext extension pager pgr beeper cell mobile fax tel phone office "
                          "home work c h w o p m ph no nr number ssn npi ein tin itin aba "
                          "routing".split())
_FRAMES = {t: _NUMBER_WORDS for t in ("PHONE_NUMBER", "US_SSN", "US_ITIN", "CREDIT_CARD",
                                      "US_NPI", "ABA_ROUTING_NUMBER", "US_EIN")}
_FRAMES["AGE"] = frozenset("year years yr yrs y o yo old aged age and a half".split())
# Types whose letters are a fixed code (court "cv", bank country "DE"), not the identifier.
_KEEP_LETTERS = {"CASE_NUMBER", "IBAN_CODE", "MEDICAL_RECORD_NUMBER", "ACCOUNT_NUMBER",
                 "HEALTH_PLAN_ID", "US_BANK_NUMBER", "INVOICE_NUMBER"}


def fold(value: str) -> str:
    """The form two spellings of one identifier share (whitespace and case)."""
    return " ".join(value.split()).casefold()


def acceptable(original: str, fake: str | None) -> bool:
    """A fake may be used only if it differs from, and does not contain, the original."""
    if not fake or not fake.strip():
        return False
    o, f = fold(original), fold(fake)
    return bool(o) and o != f and o not in f


def cased(word: str, like: str) -> str:
    """`word` in the case of `like`: JOHN → MARIA, john → maria, John → Maria (as spelled)."""
    if like.isupper() and sum(c.isalpha() for c in like) > 1:
        return word.upper()
    if like.islower():
        return word.lower()
    return word


@cache
def _names() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(female, male, family) names from Faker's en_US lists, minus everyday and clinical
    words: a fake surname "Young" or "Page" would be mistaken for a word (and re-identified
    as one)."""
    # deferred: the gazetteer imports spaCy; only the first fake name needs its word lists
    from app.core.privacy.recognizers.gazetteer import common_words

    common = common_words()

    def keep(names: object) -> tuple[str, ...]:
        return tuple(sorted({n for n in names if n.isascii() and n.isalpha() and len(n) >= 3
                             and n.lower() not in common and n.lower() not in TITLES}))

    return (keep(Provider.first_names_female), keep(Provider.first_names_male),
            keep(Provider.last_names))


def _given_pool(word: str) -> tuple[str, ...]:
    # "Mr. Hartman" next to "Glenda" reads wrong: keep a known given name's gender.
    female, male, _ = _names()
    w = word.capitalize()
    if w in female and w not in male:
        return female
    if w in male and w not in female:
        return male
    return female + male


class FakeMaker:
    """Deterministic realistic fakes for one case (thread-safe)."""

    def __init__(self, secret: bytes, shift_days: int) -> None:
        if len(secret) < 16:
            raise ValueError("a case secret is at least 16 bytes")
        self._secret = secret
        self.shift_days = shift_days
        self._faker = Faker("en_US")
        self._lock = threading.Lock()  # a seeded Faker is one shared random state

    def _rng(self, *parts: object) -> random.Random:
        msg = "\x1f".join(str(p) for p in parts).encode("utf-8")
        digest = hmac.new(self._secret, msg, hashlib.sha256).digest()
        return random.Random(int.from_bytes(digest, "big"))

    def _fake(self, rng: random.Random, method: str) -> str:
        with self._lock:
            self._faker.seed_instance(rng.getrandbits(64))
            return str(getattr(self._faker, method)())

    # -- names -------------------------------------------------------------------------------
    def name_word(self, word: str, role: str, attempt: int = 0) -> str:
        """A fake given ("given") or family ("family") name for one name word."""
        rng = self._rng("PERSON_PART", role, fold(word), attempt)
        pool = _given_pool(word) if role == "given" else _names()[2]
        for _ in range(20):
            fake = rng.choice(pool)
            if acceptable(word, fake) and fold(fake) not in fold(word):
                return fake  # as Faker spells it; the caller applies the document's case
        raise ValueError("no fake name fits")  # practically unreachable: thousands of names

    def initial(self, letter: str) -> str:
        """Another letter for an initial ("J." → "K."), the same one every time in the case."""
        rng = self._rng("INITIAL", letter.upper())
        pick = rng.choice([c for c in _UPPER if c != letter.upper()])
        return pick if letter.isupper() else pick.lower()

    # -- everything else ---------------------------------------------------------------------
    def make(self, entity_type: str, original: str, attempt: int = 0) -> str | None:
        """A fake for `original`, or None when this type has no realistic fake."""
        if entity_type == "DATE_TIME":
            # Deterministic: one offset for the whole case. No retry can change it.
            fake = shift_date(original, self.shift_days) if attempt == 0 else None
            return fake if acceptable(original, fake) else None
        frame = _FRAMES.get(entity_type)
        if frame is not None and any(w.lower() not in frame for w in _WORDS.findall(original)):
            return None  # the fake would copy these words (a merged name): use a token
        rng = self._rng(entity_type, fold(original), attempt)
        maker = _MAKERS.get(entity_type)
        if maker is not None:
            fake = maker(self, rng, original)
        elif sum(c.isdigit() for c in original) >= 2:
            fake = _shape(rng, original, keep_letters=entity_type in _KEEP_LETTERS)
        else:
            fake = None  # a term without digits and of no known kind: a token says more
        return fake if acceptable(original, fake) else None

    def _street(self, rng: random.Random, original: str) -> str:
        # Keep the original's layout: "street[, unit][, city][, ST zip]", one fake per field.
        parts = re.split(r"(\s*[,\n]\s*)", original.strip())
        # Number and street only: Faker's street_address() may add its own "Apt. 276".
        out = [f"{self._fake(rng, 'building_number')} {self._fake(rng, 'street_name')}"]
        for field in parts[2::2]:
            if _UNIT.match(field):
                out.append(self._fake(rng, "secondary_address"))
            elif re.search(r"\d{4,}", field) or re.fullmatch(r"[A-Z]{2}", field):
                out.append(f"{self._fake(rng, 'state_abbr')} {self._fake(rng, 'zipcode')}")
            else:
                out.append(self._fake(rng, "city"))
        text = out[0] + "".join(sep + f for sep, f in zip(parts[1::2], out[1:], strict=True))
        return text.upper() if original.isupper() else text

    def _location(self, rng: random.Random, original: str) -> str:
        m = _FACILITY.search(original)
        if m:  # "St. Agnes Hospital" → "Hartley Hospital": the kind of place stays
            name = self._fake(rng, "last_name")
            fake = f"{name} {m.group(0)}"
        else:
            fake = self._fake(rng, "city")
        return fake.upper() if original.isupper() else fake

    def _email(self, rng: random.Random, original: str) -> str:
        user = re.sub(r"[^a-z0-9._]", "", self._fake(rng, "user_name").lower()) or "user"
        return f"{user}@{rng.choice(('example.com', 'example.org', 'example.net'))}"

    def _url(self, rng: random.Random, original: str) -> str:
        word = re.sub(r"[^a-z0-9-]", "", self._fake(rng, "domain_word").lower()) or "site"
        scheme = re.match(r"(?i)https?://", original)
        www = "www." if re.match(r"(?i)(https?://)?www\.", original) else ""
        path = "/" + self._fake(rng, "uri_path") if "/" in original.split("//")[-1] else ""
        return f"{scheme.group(0) if scheme else ''}{www}{word}.example.com{path}"

    def _company(self, rng: random.Random, original: str) -> str:
        fake = self._fake(rng, "company")
        return fake.upper() if original.isupper() else fake


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")


_PARTICLES = {"de", "del", "della", "da", "das", "do", "dos", "du", "di", "la", "le", "van",
              "von", "der", "den", "ter", "bin", "ibn", "al", "el", "y"}


def person_parts(original: str) -> list[tuple[int, int, str]]:
    """(start, end, role) of each word of a name; role is title, particle, initial, given,
    family or single (one name word: the vault decides). "SMITH, JOHN A." has its family
    name first; "Jane Doe, MD" does not (no name word after the comma)."""
    words = list(_NAME_WORD.finditer(original))
    roles: list[str] = []
    for m in words:
        core = m.group(0).rstrip(".")
        roles.append("title" if core.lower() in TITLES else
                     "particle" if core in _PARTICLES else  # lower case only: "del", "van"
                     "initial" if len(core) == 1 else "name")
    names = [i for i, r in enumerate(roles) if r == "name"]
    comma = original.find(",")
    family_first = comma >= 0 and any(words[i].start() < comma for i in names) and any(
        words[i].start() > comma for i in names)
    for i in names:
        if len(names) == 1:
            roles[i] = "single"
        elif family_first:
            roles[i] = "family" if words[i].start() < comma else "given"
        else:
            roles[i] = "family" if i == names[-1] else "given"
    return [(m.start(), m.end(), r) for m, r in zip(words, roles, strict=True)]


def compose_person(original: str, word_fake: Callable[[str, str], str],
                   initial: Callable[[str], str]) -> str | None:
    """`original` with each name word replaced by `word_fake(word, role)` (in the word's
    case) and each initial by `initial(letter)`; titles stay. None if it has no name word."""
    if any(c.isdigit() or c in "@/" for c in original):
        return None  # more than a name in the span (a number would be copied): a token
    parts = person_parts(original)
    if not any(r in ("given", "family", "single") for *_, r in parts):
        return None
    out, pos = [], 0
    for start, end, role in parts:
        word = original[start:end]
        if role in ("title", "particle"):
            continue
        if role == "initial":
            new = initial(word[0]) + word[1:]
        else:
            dot = "." if word.endswith(".") else ""
            core = word.rstrip(".")
            new = cased(word_fake(core, role), core) + dot
        out += [original[pos:start], new]
        pos = end
    fake = "".join(out) + original[pos:]
    return fake if acceptable(original, fake) else None


def _shape(rng: random.Random, original: str, keep_letters: bool = False,
           first_digit: str = "") -> str:
    """Same length and punctuation; each digit and letter replaced. `keep_letters` keeps
    short letter codes ("cv", "MR", "DE"); a longer word is redrawn (it may be a name)."""
    kept = {i for m in re.finditer(r"[^\W\d_]+", original) if len(m.group(0)) <= 3
            for i in range(m.start(), m.end())} if keep_letters else set()
    out, first = [], True
    for i, ch in enumerate(original):
        if ch.isdigit():
            out.append(rng.choice(first_digit if first and first_digit else _DIGITS))
            first = False
        elif ch.isalpha() and i not in kept:
            out.append(rng.choice(_LOWER if ch.islower() else _UPPER))
        else:
            out.append(ch)
    return "".join(out)


def _digit_positions(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if c.isdigit()]


def _put_digits(text: str, digits: str) -> str:
    chars = list(text)
    for i, d in zip(_digit_positions(text), digits, strict=False):
        chars[i] = d
    return "".join(chars)


def _failing(rng: random.Random, original: str, ok: object, prefix: str = "") -> str:
    """Random digits in the original's layout that fail the check `ok`."""
    n = len(_digit_positions(original))
    while True:
        digits = prefix + "".join(rng.choice(_DIGITS) for _ in range(n - len(prefix)))
        if not ok(digits):  # type: ignore[operator]
            return _put_digits(original, digits)


def _phone(maker: FakeMaker, rng: random.Random, original: str) -> str:
    n = len(_digit_positions(original))
    if n in (10, 11):  # NPA 555-01xx: the line range reserved for fiction
        npa = str(rng.randint(2, 9)) + str(rng.randint(0, 8)) + str(rng.randint(0, 9))
        digits = npa + "55501" + f"{rng.randint(0, 99):02d}"
        if n == 11:
            digits = "1" + digits
        return _put_digits(original, digits)
    if n == 7:
        return _put_digits(original, "55501" + f"{rng.randint(0, 99):02d}")
    return _shape(rng, original, keep_letters=True, first_digit="23456789")  # "pager", "x"


def _ssn(maker: FakeMaker, rng: random.Random, original: str) -> str:
    digits = "9" + "".join(rng.choice(_DIGITS) for _ in range(8))  # area 9xx: never issued
    return _put_digits(original, digits)


def _ip(maker: FakeMaker, rng: random.Random, original: str) -> str:
    if ":" in original:
        return f"2001:db8::{rng.randint(1, 0xffff):x}"
    block = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
    return f"{block}.{rng.randint(1, 254)}"


def _iban(maker: FakeMaker, rng: random.Random, original: str) -> str:
    while True:  # country code and layout kept; digits redrawn until mod-97 fails
        fake = _shape(rng, original, keep_letters=True)
        body = re.sub(r"\s", "", fake)
        moved = body[4:] + body[:4]
        if not (moved.isascii() and moved.isalnum()) or int(
                "".join(str(int(c, 36)) for c in moved)) % 97 != 1:
            return fake


def _mbi(maker: FakeMaker, rng: random.Random, original: str) -> str:
    fake = _shape(rng, original)
    i = next((k for k, c in enumerate(fake) if c.isdigit()), None)
    return fake if i is None else fake[:i] + "0" + fake[i + 1:]  # an MBI never starts with 0


def _ein(maker: FakeMaker, rng: random.Random, original: str) -> str:
    digits = rng.choice(_UNASSIGNED_EIN) + "".join(rng.choice(_DIGITS) for _ in range(7))
    return _put_digits(original, digits)


def _dea(maker: FakeMaker, rng: random.Random, original: str) -> str:
    while True:
        fake = _shape(rng, original)
        if not dea_ok(re.sub(r"[^A-Z0-9]", "", fake.upper())):
            return fake


def _swift(maker: FakeMaker, rng: random.Random, original: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?", original):
        return None
    # Another bank code in the same country: a bank, not a person, but not the original one.
    bank = "".join(rng.choice(_UPPER) for _ in range(4))
    place = "".join(rng.choice(_UPPER + "23456789") for _ in range(2))
    branch = "".join(rng.choice(_UPPER + _DIGITS) for _ in range(3)) if len(original) == 11 else ""
    return bank + original[4:6].upper() + place + branch


def _age(maker: FakeMaker, rng: random.Random, original: str) -> str | None:
    m = re.search(r"\d+", original)
    if not m:
        return None
    age = int(m.group(0))
    # Over 89 stays over 89 (the reason it was an identifier); the number itself changes.
    pool = [a for a in range(90, 106) if a != age] if age >= 90 else [
        a for a in range(max(1, age - 5), age + 6) if a != age]
    return original[:m.start()] + str(rng.choice(pool)) + original[m.end():]


def _vin(rng: random.Random, original: str) -> str:
    """A VIN-shaped fake whose check digit fails, so it names no real vehicle (no I, O, Q)."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    out = [rng.choice(letters) if c.isalpha() else rng.choice(_DIGITS) if c.isdigit() else c
           for c in original]
    if len(out) == 17 and vin_ok("".join(out)):
        out[8] = "0" if out[8] != "0" else "1"  # any other check character fails
    return "".join(out)


Make = Callable[[FakeMaker, random.Random, str], "str | None"]


def _fn(method: str) -> Make:
    return lambda maker, rng, original: getattr(maker, method)(rng, original)


_MAKERS: dict[str, Make] = {
    "STREET_ADDRESS": _fn("_street"),
    "LOCATION": _fn("_location"),
    "GPE": _fn("_location"),
    "EMAIL_ADDRESS": _fn("_email"),
    "URL": _fn("_url"),
    "ORGANIZATION": _fn("_company"),
    "PHONE_NUMBER": _phone,
    "US_SSN": _ssn,
    "US_ITIN": lambda m, rng, o: _put_digits(o, "9" + "".join(
        rng.choice(_DIGITS) for _ in range(2)) + "00" + "".join(
        rng.choice(_DIGITS) for _ in range(4))),  # group 00: never issued
    "IP_ADDRESS": _ip,
    "IBAN_CODE": _iban,
    "US_MBI": _mbi,
    "US_EIN": _ein,
    "US_DEA": _dea,
    "SWIFT_CODE": _swift,
    "AGE": _age,
    "CREDIT_CARD": lambda m, rng, o: _failing(rng, o, luhn_ok, prefix=next(
        (c for c in o if c.isdigit()), "4")),
    "US_NPI": lambda m, rng, o: _failing(rng, o, npi_ok, prefix=rng.choice("12")),
    "ABA_ROUTING_NUMBER": lambda m, rng, o: _failing(rng, o, aba_ok,
                                                     prefix=rng.choice("0123")),
    "ZIP_CODE": lambda m, rng, o: _shape(rng, o, first_digit="123456789"),
    "VEHICLE_ID": lambda m, rng, o: _vin(rng, o),
}
