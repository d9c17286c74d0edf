"""A pattern recognizer built from plain data, so each of our recognizers is a few lines.

Why not one PatternRecognizer subclass per identifier: most of ours differ only in regexes,
context words and a checksum. `make()` takes those and returns a Presidio recognizer; a
checksum becomes `validate_result` (True keeps the match at full score, False drops it).
Regexes run with the `regex` module (Presidio's), which allows variable-width lookbehind:
we use it for identifiers that only count after a label ("MRN: 1234567").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

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
    kind: type[ValidatedPatternRecognizer] = ValidatedPatternRecognizer,
) -> PatternRecognizer:
    """A recognizer for `entity` from (regex, score) pairs; `kind`, a subclass whose filters
    (`ResultFilter.judges`) know it."""
    return kind(
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


@dataclass(frozen=True)
class TextView:
    """The text a result was found in, and how the analyzer read it: `shorthand`, an
    upper-case or clinical-shorthand note where spaCy's NER was not run (`register.needs_ner`);
    `clinical`, prose with clinical markers (`register.clinical_context`)."""

    text: str
    shorthand: bool = False
    clinical: bool = False


def _every(_rec: EntityRecognizer) -> bool:
    return True


@dataclass(frozen=True)
class ResultFilter:
    """A rule that drops results it knows to be no identifier, registered with the recognizers
    whose results it judges: `judges(recognizer)` picks them when the analyzer is built (so a
    recognizer, or a pack, taken out takes its filters with it), `types` the entity types it
    reads (None: all). `keep(view, result)` is False for a result to drop."""

    keep: Callable[[TextView, RecognizerResult], bool]
    judges: Callable[[EntityRecognizer], bool] = _every
    types: frozenset[str] | None = None

    def passes(self, view: TextView, r: RecognizerResult) -> bool:
        return (self.types is not None and r.entity_type not in self.types) or self.keep(view, r)


def results_of(*kinds: type[EntityRecognizer]) -> Callable[[EntityRecognizer], bool]:
    """`ResultFilter.judges` for the results of recognizers of these classes."""
    return lambda rec: isinstance(rec, kinds)


def results_not_of(*kinds: type[EntityRecognizer]) -> Callable[[EntityRecognizer], bool]:
    """`ResultFilter.judges` for the results of every recognizer but those of these classes."""
    return lambda rec: not isinstance(rec, kinds)
