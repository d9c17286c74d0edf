"""One text's walk for names: its words, the word tests the cue rules ask, and the scores
marked so far. The rules in `cues` read and mark a `Scan`; `recognizer` runs them in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.privacy.recognizers.gazetteer import (
    first_names,
    is_common,
    is_misspelt_word,
    last_names,
)
from app.core.privacy.recognizers.names.vocabulary import SKIP
from app.core.privacy.recognizers.names.words import CONTRACTION, Word, gap, tokenize
from app.core.privacy.register import mixed_case, mostly_upper


@dataclass
class Scan:
    text: str
    words: list[Word]
    firsts: frozenset[str]
    lasts: frozenset[str]
    # Word i is an English, clinical or misspelt word (no name on its own evidence).
    common: list[bool]
    # Most letters are capitals: a note written in upper case.
    upper_text: bool
    # Capitals say nothing about names here: not mixed case (an upper-case note, or text
    # without capitals, which `address` and `name_context` call `no_capitals`).
    caseless: bool
    scores: dict[int, float] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> Scan:
        words = tokenize(text)
        return cls(text, words, first_names(), last_names(),
                   [is_common(w) or is_misspelt_word(w) for _s, _e, w in words],
                   mostly_upper(text), not mixed_case(text))

    def gap(self, i: int) -> str:
        return gap(self.text, self.words, i)

    def mark(self, j: int, score: float) -> None:
        self.scores[j] = max(self.scores.get(j, 0), score)

    def nameish(self, j: int) -> bool:
        """Word j could be a name: not a common word, a skipped cue word or a contraction."""
        return 0 <= j < len(self.words) and not self.common[j] \
            and self.words[j][2] not in SKIP and not CONTRACTION.search(self.words[j][2])

    def initial(self, j: int) -> bool:
        """Word j is a standalone initial "J.": not the end of "150K." or "N/V.", and in mixed
        case a capital ("mg/h. Alert" is a unit and a sentence)."""
        if not (0 <= j < len(self.words) and len(self.words[j][2]) == 1
                and self.text[self.words[j][1]:self.words[j][1] + 1] == "."):
            return False
        s = self.words[j][0]
        # "CARAFATE-W. MAROTTA", "chapl.& pat": typed without a space after a word
        if s and not (self.text[s - 1].isspace() or self.text[s - 1] in "(\"'>|&-"):
            return False
        return self.caseless or self.text[s].isupper()

    def capital(self, j: int) -> bool:
        """In mixed-case text a name is written with a capital."""
        return self.caseless or self.text[self.words[j][0]].isupper()
