"""MTSamples' layout pack (`report_layout`): how its transcriptions join lines and headings.

The MTSamples reports were flattened into one line each: a heading is joined to its text with
":," ("HISTORY OF PRESENT ILLNESS:, The patient ...") and sentences and list items with ".,"
("... was stable.,2. Hypertension"). Written so, a span after ":," or ".," opens a section or
a sentence as it would after a line break, and its capitals say as little: the general rule
(`capitals.heading_or_plain_opening`, a stop and a space or a label's colon) is applied again
with these openings. The pack needs no `applies`: the ":," or ".," before the span is its own
evidence of the layout.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from app.core.privacy.capitals import heading_or_plain_opening, opening_pattern
from app.core.privacy.packs.pack import Pack
from app.core.privacy.recognizers.base import ResultFilter, TextView, results_of

NAME = "report_layout"
# A stop then a comma ("stable.,"), a colon then a comma ("ILLNESS:,"), spaces allowed.
REPORT_OPENING = opening_pattern(r",[ \t]*", r"[ \t]*,[ \t]*")


def spacy_keep(view: TextView, r: RecognizerResult) -> bool:
    """A spaCy organisation or place of ordinary words opening a flattened line is a heading
    or a sentence's first words ("ALLERGIES:, Penicillin", "stable.,Hypertension")."""
    return not heading_or_plain_opening(view.text, r.start, r.end, REPORT_OPENING)


FILTERS: tuple[ResultFilter, ...] = (
    ResultFilter(spacy_keep, judges=results_of(SpacyRecognizer),
                 types=frozenset({"ORGANIZATION", "LOCATION"})),
)
PACK = Pack(NAME, filters=FILTERS)
