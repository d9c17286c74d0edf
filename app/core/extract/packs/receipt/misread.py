"""How likely a printed value was misread: the cues a careful reader of an OCR transcript notices.

A value is copied verbatim, so a receipt's misread word ("KWANSAN" for "KAWASAN", "BANOAR" for
"BANDAR") or a period read for a comma makes it wrong however well it was located. None of these
cues proves a misreading; each makes one more likely, and the rules' prior says so:

- a word a slip or two away from a word of the field's vocabulary (street types, regions, legal
  forms) but not itself one; a slip is a dropped, added or swapped letter or a letter read as its
  lookalike (O/D, I/L, N/H), which is what OCR of till rolls gets wrong;
- the same name spelt two ways in the value ("TAMPOI" / "TAMPOL");
- a period where an address has a comma, doubled or detached marks (".,", " .").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

# Address vocabulary: the words addresses are built of in English, Malay/Indonesian and the
# neighbouring conventions, the region and country names, and state capitals. Abbreviations are
# left out ("JLN", "KL"): one letter from one is as often another abbreviation.
ADDRESS_WORDS = frozenset(
    """
    street road avenue boulevard lane drive court place square terrace crescent highway parkway
    building floor level suite unit block plaza tower centre center industrial estate garden
    gardens heights village district city north south east west central ground first second
    third fourth fifth upper lower office complex shopping commercial business park station
    market mall junction
    jalan lorong taman bandar kawasan perindustrian persiaran lebuhraya lebuh kampung kampong
    seksyen wisma menara kompleks bangunan pusat perdagangan perniagaan desa indah utama bukit
    sungai pulau kota utara selatan timur barat tengah simpang medan pekan dataran puncak
    tingkat darul ehsan takzim makmur khusus aman kuala
    johor kedah kelantan melaka malacca negeri sembilan pahang perak perlis pinang penang sabah
    sarawak selangor terengganu labuan putrajaya lumpur bahru bharu setar kuantan kuching
    kinabalu seremban kangar petaling shah
    malaysia singapore indonesia thailand philippines vietnam brunei australia zealand canada
    america united kingdom states india china japan korea
    """.split()
)
# A business's name: its legal form and the words that introduce it ("OWNED BY", "DIMILIKI").
NAME_WORDS = frozenset(
    "sdn bhd berhad ltd limited inc llc plc pte corp company co owner owned operated dimiliki "
    "oleh".split()
)
_WORD = re.compile(r"[A-Za-z]+")
# A period where an address has a comma: after a number ("SS23/11. TAMAN", "NO1.JALAN", between
# house numbers "122.124"), closing a line inside the block ("TAMAN SERDANG RAYA." with more
# below); not after an abbreviation ("JLN.", "D.E."). OCR reads a comma as a period more often
# than the other way round.
_LINE_CLOSING_WORD = r"(?<![.\w])[A-Za-z]{4,}"  # not an abbreviation: "JLN.", "D.E."
_COMMA_AS_PERIOD = re.compile(rf"\d\.|{_LINE_CLOSING_WORD}\.(?=\n)")
_ODD_MARKS = re.compile(r"[.,]\s*[.,]|\s[.,](?=\S)|\s\.(?:\s|$)", re.M)


# Letters OCR takes for one another on till rolls (worn thermal print, dot-matrix heads): a
# substitution within a pair is a likely slip; any other substitution counts as two edits.
_LOOKALIKES = frozenset(
    frozenset(p) for p in "od oq oc cg ce il ij it lt nh nm mw uv vw be br ef fp pr ao".split()
)


def _sub_cost(a: str, b: str) -> int:
    return 0 if a == b else 1 if frozenset((a, b)) in _LOOKALIKES else 2


@lru_cache(maxsize=65536)
def slips(a: str, b: str) -> int:
    """How many OCR slips turn `a` into `b` (capped at 3): a dropped or added letter, two
    letters swapped, one letter read as its lookalike cost one each; reading a letter as an
    unrelated one costs two."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + _sub_cost(ca, cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(3, prev[-1])


def _allowed(word: str) -> int:
    """Slips a misreading of a word this long may carry: one from five letters, two from seven
    (shorter words are one slip from too many others to tell)."""
    return 0 if len(word) < 5 else 1 if len(word) < 7 else 2


def near_misses(text: str, vocabulary: Collection[str]) -> list[str]:
    """Words of `text` that are not in `vocabulary` but a slip or two away from one of its words
    ("BANOAR"), and not merely its plural ("TOWERS")."""
    out = []
    for w in {m.group(0).lower() for m in _WORD.finditer(text)}:
        k = _allowed(w)
        if k and w not in vocabulary and any(_near(w, v, k) for v in vocabulary):
            out.append(w)
    return sorted(out)


def _near(word: str, known: str, allowed: int) -> bool:
    # Each letter dropped or added is a slip: a length gap over `allowed` settles it cheaply.
    if len(known) < 5 or abs(len(word) - len(known)) > allowed:
        return False
    if _inflection(word, known) or _one_unrelated_letter(word, known):
        return False
    return slips(word, known) <= allowed


def _one_unrelated_letter(a: str, b: str) -> bool:
    """ "CAROLINE" / "CAROLINA": another word, not a slip (a dropped and an added letter in the
    same place would count it as two slips, within what a long word may carry)."""
    diff = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    return len(a) == len(b) and len(diff) == 1 and _sub_cost(*diff[0]) > 1


def inconsistent_spellings(text: str) -> list[tuple[str, str]]:
    """Words of five letters or more one slip apart ("TAMPOI" / "TAMPOL"): the same name printed
    twice is spelt the same both times, so one of the two was misread (which one, the text
    cannot tell). Only within the value: across a whole document, chance pairs of real words
    ("BEST" / "REST") are too many."""
    words = sorted({w.lower() for w in _WORD.findall(text) if len(w) >= 5})
    return [
        (a, b)
        for i, a in enumerate(words)
        for b in words[i + 1 :]
        if slips(a, b) == 1 and not _inflection(a, b)
    ]


def _inflection(a: str, b: str) -> bool:
    """ "GARDEN" / "GARDENS": one word and its plural, both printed on purpose."""
    short, long_ = sorted((a, b), key=len)
    return long_ == short + "s"


def odd_punctuation(text: str) -> int:
    """Marks OCR likely misread: a period where a comma belongs (but not at the value's end,
    where "KUALA LUMPUR." is printed so), doubled or detached periods and commas."""
    body = text.rstrip(" .,")
    return len(_COMMA_AS_PERIOD.findall(body)) + len(_ODD_MARKS.findall(text))


# Words and bracketed marks ("(M)") beside a legal form; the forms short enough for a one-letter
# slip to make another short word.
_FORM_TOKEN = re.compile(r"[A-Za-z]+|\(\w{1,2}\)")
_SHORT_FORMS = frozenset(w for w in NAME_WORDS if len(w) <= 4)


def legal_form_slips(text: str) -> list[str]:
    """Two- and three-letter words beside a legal form that are one letter from a legal form
    themselves: "SDN BND", "CP. (M) SDN BHD". (Longer words are caught by `near_misses`.)"""
    tokens = _FORM_TOKEN.findall(text)
    out = []
    for i, t in enumerate(tokens):
        w = t.lower()
        if not (2 <= len(w) <= 3) or not w.isalpha() or w in NAME_WORDS:
            continue
        near = [tokens[j].lower() for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
        if i + 2 < len(tokens) and tokens[i + 1].startswith("("):
            near.append(tokens[i + 2].lower())  # "CP. (M) SDN"
        beside_form = any(n in _SHORT_FORMS for n in near)
        if beside_form and any(_one_letter_off(w, f) for f in _SHORT_FORMS):
            out.append(w)
    return out


def _one_letter_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def misreadings(text: str, vocabulary: Collection[str]) -> int:
    """How many signs of a misreading `text` shows, against the field's vocabulary."""
    return (
        len(near_misses(text, vocabulary))
        + len(inconsistent_spellings(text))
        + len(legal_form_slips(text))
        + odd_punctuation(text)
    )


# A stray mark OCR read at the start of a line (a speck, the edge of a fold): ": BANDAR ...".
_LEADING_SPECK = re.compile(r"^[:;|'‘’“”~_]+\s+", re.M)
# A word that ends a line of an address block with a period while more lines follow.
_PERIOD_AT_BREAK = re.compile(rf"({_LINE_CLOSING_WORD})\.(?=[ \t]*\n)")


def mend_address(text: str, vocabulary: Collection[str]) -> str:
    """An OCR-read address as it was printed, where the misreading is plain: a word one slip
    from exactly one vocabulary word and from no other ("MALAYSTA"), a period OCR read for the
    comma closing a line inside the block, a speck read as a mark at a line's start. Names the
    vocabulary does not know are left as read."""
    text = _LEADING_SPECK.sub("", text)
    text = _PERIOD_AT_BREAK.sub(r"\1,", text)
    return _WORD.sub(lambda m: _mended_word(m.group(0), vocabulary), text)


def _mended_word(word: str, vocabulary: Collection[str]) -> str:
    """The vocabulary word `word` is one slip from, when it is exactly one; else `word`."""
    w = word.lower()
    if not _allowed(w) or w in vocabulary:
        return word
    # One slip only, though a long word's prior counts two: a value is rewritten only where the
    # printed word is plain, and two slips from a known word is as often another word.
    near = [v for v in vocabulary if _near(w, v, 1)]
    if len(near) != 1:
        return word
    upper = sum(c.isupper() for c in word) * 2 > len(word)  # "PERINDUSTRlAN": capitals
    return _in_case_of(word, near[0], upper)


def _in_case_of(word: str, known: str, upper: bool) -> str:
    """`known` (lower case) in place of `word`: in capitals where the word is, as is where the
    word is lower case; a word in mixed case is left as read."""
    return known.upper() if upper else known if word.islower() else word


def mend_name(text: str) -> str:
    """An OCR-read business name with its legal form as printed: a two- or three-letter word
    beside a legal form that is one letter from exactly one short form ("SON BHD", "SDN BND").
    The name itself is left as read: no vocabulary knows it."""
    slipped = set(legal_form_slips(text))

    def mend(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.lower() not in slipped:
            return word
        forms = [f for f in _SHORT_FORMS if _one_letter_off(word.lower(), f)]
        return _in_case_of(word, forms[0], word.isupper()) if len(forms) == 1 else word

    return _FORM_TOKEN.sub(mend, text)
