"""Clinical packs: rules written for clinical documents, apart from the general engine.

`clinical_notes` (`PACK`): ICU nursing notes and clinical shorthand, the genre of
physionet-deid. It adds the recognizers whose cues are a note's set phrases (`facilities`:
"TRANSFERRED TO", "TO GH", "ON HALVERSEN 6"; `employers`: "HUSBAND CEO OF IBM"; `history`:
"PMH: ... MI 92") and the filters that tell a note's numbers and words from identifiers
(`filters`, `note_dates`: ventilator settings, ranges, clock times, states, drugs).

`clinical` (`reports.PACK`): edited clinical reports, the genre of MTSamples: brands, eponyms,
instruments and departments that spaCy reads as organisations and places.

`report_layout` (`layout.PACK`): MTSamples' flattened lines, a heading joined to its text with
":," and sentences with ".,".
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from app.core.privacy.packs.clinical_notes import layout, reports
from app.core.privacy.packs.clinical_notes.employers import EmployerRecognizer
from app.core.privacy.packs.clinical_notes.facilities import FacilityRecognizer
from app.core.privacy.packs.clinical_notes.filters import FILTERS
from app.core.privacy.packs.clinical_notes.history import PastHistoryYearRecognizer
from app.core.privacy.packs.pack import Pack

NAME = "clinical_notes"


def recognizers() -> list[EntityRecognizer]:
    return [PastHistoryYearRecognizer(), FacilityRecognizer(), EmployerRecognizer()]


# No `applies`: its filters read the text's register (`TextView.shorthand`, `.clinical`), and
# its recognizers' cues are their own evidence.
PACK = Pack(NAME, recognizers=recognizers, filters=FILTERS)
REPORTS = reports.PACK
LAYOUT = layout.PACK
