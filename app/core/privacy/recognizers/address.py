"""Street addresses, US and international, as one span from the house number to the postcode.

Anchors (any one starts an address):
  * US order, "12 Elm Street", "1737 Cheriton Dr" (a number, up to four words, a street suffix);
  * European/Latin order, "Koskikatu 25", "Villacher Strasse 89", "Rua Igreja 25" (a street
    word, in its own or as a word ending, then a number), optionally after a postcode or a
    house number ("6750 Koskikatu 25");
  * number-word-number in Title case, "28245 Puruntie 82", "10252 Μεγάλη Άμμος 184";
  * post boxes and US military addresses, "P.O. Box 149", "PSC 0413, Box 8144 APO AA 42323".
The tail is then taken in: unit ("Apt. 864", "Suite 501"), then capitalised place words,
two-letter region codes, country names and a postcode, up to a sentence break or a lower-case
word, so the whole address is one finding (its city and postcode identify as much as the
street).
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from app.core.privacy.recognizers.base import RuleRecognizer

_SUFFIX = (
    r"(?:street|str(?=\.)|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|"
    r"terrace|ter|parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|alley|plaza|pike|"
    r"row|loop|crescent|close|gardens|mews|run|path|crossing|xing|center|ctr|route|rte|"
    r"heights|hills|park|ridge|view|walk|green|grove|hollow|junction|union|pass|extensions?|"
    r"squares|streets|courts|parks|gateway|points?|estates?|manor|meadows?|villages?)\.?"
)
# Street words of other languages: separate ("Rua Igreja", "Villacher Strasse") or endings
# of one word ("Koskikatu", "Hersnapvej", "Søndergade", "Þorsteinsgata").
_FOREIGN_WORD = (r"(?:rua|rue|via|viale|vicolo|piazza|calle|avenida|avda\.|paseo|travessa|strasse|"
                 r"strada|trg|terrasse|útja|"
                 r"straße|str\.|gasse|weg|allee|platz|utca|u\.|út|tér|vej|gade|gata|gatan|"
                 r"vägen|väg|veien|vei|straat|laan|plein|katu|tie|kuja|ul\.|ulica|odos|οδός|λεωφόρος|λ\.)")
_FOREIGN_END = (r"\p{L}+(?:katu|tie|kuja|vej|gade|gata|gatan|vägen|väg|veien|vei|straße|"
                r"strasse|straat|laan|weg|gasse|allee|platz|plein|utca|stræti|straeti|"
                r"tanya|ovo|ova|ska|skog)")
# "∆" (U+2206, the increment sign) stands for "Δ" in Greek text typed on some keyboards.
_CAP = r"[\p{Lu}∆][\p{L}∆'’-]*\.?"
# A capitalised word or a particle of a street name ("Via dei Fiorentini", "Rua do Sol").
_CAP_P = rf"(?:{_CAP}|(?:de|des|del|dei|della|da|do|dos|das|di|du|la|le|van|von|der))"
_NUM = r"\d{1,6}[A-Za-z]?"
_LEAD = rf"(?:{_NUM}\s+)?"
_WORDS = r"(?:[\p{L}0-9][\p{L}0-9.'’-]*\s+)"
# Street words that come before the name, after the house number, in French, Spanish and
# Portuguese addresses ("31 Rue Al Imam Al Bakri", "63 Avenue du Golf Arabe"), written with a
# capital or in lower case, never in capitals. (Italian puts the number last: "Via Roma 12".)
_PREFIX_WORDS = ("rue", "avenue", "boulevard", "chemin", "impasse", "allée", "quai", "calle",
                 "avenida", "paseo", "carrera", "rua", "travessa")
_PREFIX_WORD = "(?:" + "|".join(w for word in _PREFIX_WORDS
                                for w in (word, word.capitalize())) + ")"
# A house number (never a decade, "the 70s"), optionally followed by the Hungarian ordinal dot.
_HOUSE = r"\d{1,5}(?:[a-rt-z]\b|\b)\.?"
# What a place word or clause can lead to a house number by ("lives on", "is at", "return
# to"): with it, a street named without a street word counts ("Joaquin Suarez 2906").
_PLACE_CUE = (r"(?<=\b(?i:(?:lives?|living|resides?|located|situated|is|are)\s+(?:on|at)"
              r"|(?:return(?:ed)?|sen[dt]|ship(?:ped)?|deliver(?:ed)?|mail(?:ed)?|forward(?:ed)?)"
              r"\s+(?:it\s+|this\s+|them\s+)?to)"
              r"\s+(?:(?i:the)\s+\p{Ll}+\s+(?i:side|end)\s+of\s+)?)")
# ... but not a numbered thing ("is at Gate 12", "is on Page 3") ...
_NUMBERED = (r"(?!(?i:level|gate|floor|room|page|grade|table|platform|terminal|channel|stage|"
             r"step|phase|chapter|section|bed|ward|bay|seat|track|exit|version|day|week|number|"
             r"no|box|unit|suite|apt|building|block|lot|zone|pier|dock|hangar)\b)")
# ... nor a dose or a duration ("is on Lasix 40 mg", "is at home for 2 days").
_NOT_MEASURE = (r"(?![.,:/-]?\d)(?!\s*(?i:%|mg|mcg|g|ml|cc|l|units?|mmhg|lpm|mins?|minutes?|"
                r"hours?|hrs?|days?|weeks?|months?|years?|yrs?|am|pm|x|times|percent|degrees?|"
                r"kg|lbs?)\b)")
# How an anchor reads a text without capitals (see `analyze`): like any other, only when the
# address goes on past it (a unit, a place, a postcode: "0605 πεντέλης 210 apt. 999", not
# "2 kids aged 5"), or as written (its own test for capitals).
_ANY, _BY_CAPITALS, _AS_WRITTEN = "any", "by capitals", "as written"
_ANCHORS: list[tuple[str, float] | tuple[str, float, str]] = [
    (rf"(?i:\b{_NUM}\s+{_LEAD}{_WORDS}{{1,4}}?{_SUFFIX})(?!\w)", 0.7),
    (rf"\b{_LEAD}(?:{_CAP}\s+(?:\p{{Ll}}+\s+)?){{0,3}}(?i:{_FOREIGN_WORD})\s+(?:{_CAP_P}\s+){{0,3}}"
     rf"{_HOUSE}", 0.6),
    (rf"\b{_LEAD}(?:{_CAP}\s+){{0,2}}(?i:{_FOREIGN_END})\s+{_HOUSE}", 0.6),
    (rf"\b{_NUM}\s+{_LEAD}[\p{{Lu}}][\p{{Ll}}ß-ÿ]+(?:-\p{{Lu}}?\p{{Ll}}+)?"
     rf"(?:\s+(?:\p{{Ll}}{{1,3}}\.?|{_CAP})){{0,3}}\s+{_HOUSE}", 0.5, _BY_CAPITALS),
    (rf"\b{_NUM}[ \t]+(?:{_NUM}[ \t]+)?{_PREFIX_WORD}"
     rf"[ \t]+(?:{_CAP_P}[ \t]+){{0,4}}{_CAP}(?!\w)", 0.6),
    (rf"{_PLACE_CUE}{_NUMBERED}(?:{_CAP}[ \t]+(?i:and|&)[ \t]+)?(?:{_CAP}[ \t]+){{1,3}}\d{{1,5}}\b"
     rf"{_NOT_MEASURE}", 0.5, _BY_CAPITALS),
    (r"(?i:\b(?:\d{3,6}\s+)?P\.?\s*O\.?\s*Box\s+\d{1,6}\b)", 0.8),  # postcode first or not
    # Norwegian/Danish order with the street word in lower case after a name ("Trenerys gate
    # 232", "Kirke vei 4"); never "Gate 23" alone.
    (rf"\b{_LEAD}(?:{_CAP}\s+){{1,3}}(?:gate|vei|veien|vej|gade|gata)\s+\d{{1,5}}\b", 0.6),
    # An intersection, "the corner of Main St and 5th Ave" / "corner of Birchvale 12 and
    # Orrin Lane": both streets, up to a sentence break.
    (r"(?i:\b(?:the\s+)?corner\s+of)\s+(?=(?:\S+\s+){0,2}?\S*[\p{Lu}\d])(?:[\p{L}0-9][\p{L}0-9.'’-]*\s+){1,6}?(?i:and|&)\s+"
     r"(?:[\p{L}0-9][\p{L}0-9'’-]*[ \t]*){1,5}?(?=[.,;:!?)]*(?:\s*$|\s*\n"
     r"|[.,;:!?]\s))", 0.6, _AS_WRITTEN),
    # US military mail: a unit and box, or a ship, then APO/FPO/DPO and AA/AE/AP and a ZIP
    # ("PSC 0413, Box 8144 APO AA 42323", "USNS Møller\nFPO AA 85844").
    (r"(?i:\b(?:(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{3,5}"
     r"|(?:USNS|USNV|USS|USCGC|USCGS|USNA)\s+[\p{L}'’-]+(?:[ \t]+[\p{L}'’-]+)?)"
     r"\s+(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b)", 0.9),
]
_BULLET = r"(?:[>?*|•·]+[ \t]*)?"  # a quote or list marker opening a line ("> Apt 5", "??? Oslo")
_UNIT = regex.compile(
    rf"(?:,?\s*{_BULLET}(?i:apt|apartment|suite|ste|unit|fl|floor|rm|room|#)\.?\s*#?\d[\w-]*)")
# Lower-case words inside a place name: "Caxias do Sul", "Črni Vrh nad Idrijo".
_PLACE_PARTICLE = r"(?:(?:de|del|della|di|do|da|dos|das|du|la|le|les|nad|na|pod|sur|upon)\s+)+"
_TAIL_TOKEN = regex.compile(
    rf"(?:\s*,)?\s+{_BULLET}(?:(?:{_PLACE_PARTICLE})?[\p{{Lu}}∆][\p{{L}}∆'’.-]*|\([\p{{Lu}}][\p{{L}}]*\)"
    r"|[A-Z]{2}\b|\d{4,6}(?:-\d{3,4})?\b"
    # a short region code of any case right before the postcode ("KNIVSTA, nan 18237",
    # "Cite Essanaouber\n, 32\n 60810")
    r"|[\p{L}\d]{2,3}(?=\s*,?\s+\d{4,6}\b))")
# After a blank line, an address goes on only with a line ending in a postcode
# ("OULU\n\n Finland 80896").
_POSTCODE_LINE = regex.compile(r"\n[ \t>]*\n[ \t>]*(?:[\p{Lu}][\p{L}'’.-]*[ \t]+){0,3}"
                               r"\d{4,6}(?:-\d{3,4})?(?![\w-])")
_BREAK_WORDS = frozenset("""I The This That He She It We They You My Our Your His Her Their
Please Thanks Thank Phone Mobile Fax Desk Office Email E-mail Tel Name Address Date When Where
Meet Call Personal Info""".split())
# A street named together with another at an intersection: "Maarit and Hersnapvej 75",
# "Hanne and ul. Więckowskiego Stefana 28" (one or two capitalised words, on the same line).
_CROSS_STREET = regex.compile(r"(?:^|(?<=[^\p{L}\s]|\s))((?:[\p{Lu}][\p{L}'’.-]*[ \t]+){1,2}"
                              r"(?:and|&)[ \t]+)$")
_COMPILED = [(regex.compile(a[0], regex.MULTILINE), a[1], a[2] if len(a) > 2 else _ANY)
             for a in _ANCHORS]
_WORD_START = regex.compile(r"(?<![\p{L}\p{M}'’])\p{Ll}")


def _capitalised(text: str) -> str:
    """`text` with every word capitalised, same length (a letter whose capital is two
    letters, like "ß", stays)."""
    return _WORD_START.sub(lambda m: c if len(c := m.group().upper()) == 1 else m.group(),
                           text)


def _extend(text: str, end: int, breaks: frozenset[str] | None = None) -> int:
    """End of the address after its unit, place words, region, country and postcode.
    `breaks`: lower-cased words that end it (for text whose capitals were added)."""
    m = _UNIT.match(text, end)
    while m:
        end = m.end()
        m = _UNIT.match(text, end)
    for _ in range(10):
        m = _UNIT.match(text, end)  # a unit on its own line ("...Terrace\n Suite 210\n")
        if m and "\n\n" not in m.group():
            end = m.end()
            continue
        m = _TAIL_TOKEN.match(text, end)
        if not m:
            break
        word = m.group().strip(" ,>?*|•·\t\n")
        if "\n\n" in regex.sub(r"[ \t>?*|•·]", "", m.group()):
            last = _POSTCODE_LINE.match(text, end)
            if last:
                end = last.end()
            break
        if word.rstrip(".") in _BREAK_WORDS or breaks is not None and (
                word.split()[0].rstrip(".").lower() in breaks):
            break
        end = m.end()
        if word[:1].isdigit() and len(word) >= 4:  # a postcode closes the address
            break
    return end


def _start(text: str, start: int) -> int:
    """Start of the address, taking in a cross street named before it."""
    m = _CROSS_STREET.search(text, max(0, start - 60), start)
    if m and m.group(1).split()[0].rstrip(".") not in _BREAK_WORDS:
        return m.start(1)
    return start


class StreetAddressRecognizer(RuleRecognizer):
    ENTITY = "STREET_ADDRESS"
    CONTEXT = ('address', 'lives', 'live', 'resides', 'street', 'mail')

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if not any(ch.isdecimal() for ch in text) and "corner" not in text.casefold():
            return []  # every anchor but the intersection needs a house, box or ZIP number
        # A text written without capitals (a chat, a lower-cased form) has no case evidence:
        # read it as if every word were capitalised, and end an address at a function word
        # ("meet me at 2407 tawastintie 6, sé, portugal", "... apt. 858 begunje na gorenjskem").
        # Anchors read `_AS_WRITTEN` still see the text as it was written.
        written, breaks = text, None
        no_capitals = not any(ch.isupper() for ch in text)
        if no_capitals:
            text, breaks = _capitalised(text), STOP_WORDS
        out = []
        for rx, score, reading in _COMPILED:
            for m in rx.finditer(written if reading == _AS_WRITTEN else text):
                start = _start(text, m.start())
                end = _extend(text, m.end(), breaks)
                if no_capitals and reading == _BY_CAPITALS and end == m.end():
                    continue
                # A full stop after a house number may be its ordinal dot ("Király u. 15.").
                while end > start and (text[end - 1] in " ," or text[end - 1] == "."
                                       and not text[end - 2].isdigit()):
                    end -= 1
                out.append(RecognizerResult("STREET_ADDRESS", start, end, score))
        return out
