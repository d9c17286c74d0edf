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
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

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
                 r"vägen|väg|veien|vei|straat|laan|plein|katu|tie|kuja|ul\.|ulica|odos|οδός)")
_FOREIGN_END = (r"\p{L}+(?:katu|tie|kuja|vej|gade|gata|gatan|vägen|väg|veien|vei|straße|"
                r"strasse|straat|laan|weg|gasse|allee|platz|plein|utca|stræti|straeti|"
                r"tanya|ovo|ova|ska|skog)")
_CAP = r"[\p{Lu}][\p{L}'’-]*\.?"
# A capitalised word or a particle of a street name ("Via dei Fiorentini", "Rua do Sol").
_CAP_P = rf"(?:{_CAP}|(?:de|del|dei|della|da|do|dos|das|di|du|la|le|van|von|der))"
_NUM = r"\d{1,6}[A-Za-z]?"
_LEAD = rf"(?:{_NUM}\s+)?"
_WORDS = r"(?:[\p{L}0-9][\p{L}0-9.'’-]*\s+)"
_ANCHORS = [
    (rf"(?i:\b{_NUM}\s+{_LEAD}{_WORDS}{{1,4}}?{_SUFFIX})(?!\w)", 0.7),
    (rf"\b{_LEAD}(?:{_CAP}\s+){{0,3}}(?i:{_FOREIGN_WORD})\s+(?:{_CAP_P}\s+){{0,3}}\d{{1,5}}\b\.?",
     0.6),
    (rf"\b{_LEAD}(?:{_CAP}\s+){{0,2}}(?i:{_FOREIGN_END})\s+\d{{1,5}}\b\.?", 0.6),
    (rf"\b{_NUM}\s+{_LEAD}[\p{{Lu}}][\p{{Ll}}ß-ÿ]+(?:\s+(?:\p{{Ll}}{{1,3}}\.?|{_CAP})){{0,3}}"
     r"\s+\d{1,5}[a-z]?\b\.?", 0.5),
    (r"(?i:\b(?:\d{3,6}\s+)?P\.?\s*O\.?\s*Box\s+\d{1,6}\b)", 0.8),  # postcode first or not
    # Norwegian/Danish order with the street word in lower case after a name ("Trenerys gate
    # 232", "Kirke vei 4"); never "Gate 23" alone.
    (rf"\b{_LEAD}(?:{_CAP}\s+){{1,3}}(?:gate|vei|veien|vej|gade|gata)\s+\d{{1,5}}\b", 0.6),
    # An intersection, "the corner of Main St and 5th Ave" / "corner of Birchvale 12 and
    # Orrin Lane": both streets, up to a sentence break.
    (r"(?i:\b(?:the\s+)?corner\s+of)\s+(?=(?:\S+\s+){0,2}?\S*[\p{Lu}\d])(?:[\p{L}0-9][\p{L}0-9.'’-]*\s+){1,6}?(?i:and|&)\s+"
     r"(?:[\p{L}0-9][\p{L}0-9'’-]*[ \t]*){1,5}?(?=[.,;:!?)]*(?:\s*$|\s*\n"
     r"|[.,;:!?]\s))", 0.6),
    (r"\b(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{3,5}\s+(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b",
     0.9),
]
_UNIT = regex.compile(
    r"(?:,?\s*(?:>\s*)?(?i:apt|apartment|suite|ste|unit|fl|floor|rm|room|#)\.?\s*#?\d[\w-]*)")
_TAIL_TOKEN = regex.compile(
    r"(?:\s*,)?\s+(?:>\s*)?(?:[\p{Lu}][\p{L}'’.-]*|\([\p{Lu}][\p{L}]*\)|[A-Z]{2}\b|\d{4,6}(?:-\d{3,4})?\b"
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
_COMPILED = [(regex.compile(rx, regex.MULTILINE), score) for rx, score in _ANCHORS]


def _extend(text: str, end: int) -> int:
    """End of the address after its unit, place words, region, country and postcode."""
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
        word = m.group().strip(" ,>\t\n")
        if "\n\n" in regex.sub(r"[ \t>]", "", m.group()):
            last = _POSTCODE_LINE.match(text, end)
            if last:
                end = last.end()
            break
        if word.rstrip(".") in _BREAK_WORDS:
            break
        end = m.end()
        if word[:1].isdigit() and len(word) >= 4:  # a postcode closes the address
            break
    return end


class StreetAddressRecognizer(EntityRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["STREET_ADDRESS"], name="StreetAddressRecognizer",
                         supported_language="en",
                         context=["address", "lives", "live", "resides", "street", "mail"])

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        out = []
        for rx, score in _COMPILED:
            for m in rx.finditer(text):
                end = _extend(text, m.end())
                while end > m.start() and text[end - 1] in " ,.":
                    end -= 1
                out.append(RecognizerResult("STREET_ADDRESS", m.start(), end, score))
        return out
