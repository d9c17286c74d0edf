"""A pattern recognizer built from plain data, so each of our recognizers is a few lines.

Why not one PatternRecognizer subclass per identifier: most of ours differ only in regexes,
context words and a checksum. `make()` takes those and returns a Presidio recognizer; a
checksum becomes `validate_result` (True keeps the match at full score, False drops it).
Regexes run with the `regex` module (Presidio's), which allows variable-width lookbehind:
we use it for identifiers that only count after a label ("MRN: 1234567").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

# Case-insensitive by default, like Presidio; recognizers whose shape depends on case
# (SWIFT/BIC, DEA) pass their own flags.
DEFAULT_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE


class RuleRecognizer(EntityRecognizer):
    """One of our hand-written recognizers: English, one entity, its name its class's name, and
    nothing to load unless it overrides `load` (Presidio calls it at construction)."""

    ENTITY: str = ""  # each subclass names the one entity type it finds
    NAME: str = ""  # Presidio's name for it, when not the class's own
    CONTEXT: Sequence[str] = ()

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=self.NAME or type(self).__name__,
                         supported_language="en", context=list(self.CONTEXT) or None)

    def load(self) -> None:
        pass


class ValidatedPatternRecognizer(PatternRecognizer):
    """A PatternRecognizer whose matches must pass `validator` (a checksum, a range check)."""

    def __init__(self, *, validator: Callable[[str], bool] | None = None, **kwargs: object):
        self._validator = validator
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def validate_result(self, pattern_text: str) -> bool | None:
        if self._validator is None:
            return None  # no opinion: keep the pattern's score
        return bool(self._validator(pattern_text))


def make(
    entity: str,
    name: str,
    patterns: Sequence[tuple[str, float]],
    *,
    context: Sequence[str] = (),
    validator: Callable[[str], bool] | None = None,
    flags: int = DEFAULT_FLAGS,
) -> PatternRecognizer:
    """A recognizer for `entity` from (regex, score) pairs."""
    return ValidatedPatternRecognizer(
        supported_entity=entity,
        name=name,
        patterns=[Pattern(f"{name} {i}", rx, score) for i, (rx, score) in enumerate(patterns)],
        context=list(context),
        supported_language="en",
        global_regex_flags=flags,
        validator=validator,
    )


def label(*words: str) -> str:
    """A lookbehind requiring one of `words` then an optional ':'/'#'/'no.' before the match."""
    alts = "|".join(words)
    return rf"(?<=\b(?:{alts})\s*(?:no\.?|number|num|#|id)?\s*[:#.]?\s*#?\s*)"


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
