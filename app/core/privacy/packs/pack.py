"""`Pack`: one genre's rules as a unit the analyzer takes or leaves whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.base import ResultFilter


def _no_recognizers() -> list[EntityRecognizer]:
    return []


def _every_text(_text: str) -> bool:
    return True


@dataclass(frozen=True)
class Pack:
    """A named genre pack: the recognizers it adds (built fresh for each analyzer), the
    filters it adds (each registered with the results it judges, `ResultFilter.judges`), and
    `applies(text)`, whether a text is of the genre (a pack whose filters read the text's
    register themselves applies to every text)."""

    name: str
    recognizers: Callable[[], list[EntityRecognizer]] = _no_recognizers
    filters: tuple[ResultFilter, ...] = ()
    applies: Callable[[str], bool] = _every_text
