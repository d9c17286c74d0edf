"""Genre packs: rules true of one kind of document only, each named and switched off alone.

The recognizers and filters elsewhere in `app.core.privacy` hold for any English text. A pack
holds what is only true of one genre ("in a clinical report a capitalised word outside the
dictionary is a drug or an instrument far more often than an organisation"). Each pack is a
module with `NAME`, `applies(text) -> bool` (is this text of the genre?) and
`keep(text, result) -> bool` (a filter over that text's results, after the general ones).
`PiiAnalyzer(packs=...)` takes the names to use; `DEFAULT_PACKS` are on unless switched off.
"""

from __future__ import annotations

from types import ModuleType

from app.core.privacy.packs import clinical

PACKS: dict[str, ModuleType] = {clinical.NAME: clinical}
DEFAULT_PACKS: tuple[str, ...] = (clinical.NAME,)


def resolve(names: tuple[str, ...] | list[str]) -> tuple[ModuleType, ...]:
    """The pack modules for `names`; an unknown name is an error, not silently ignored."""
    unknown = [n for n in names if n not in PACKS]
    if unknown:
        raise ValueError(f"unknown privacy pack(s): {', '.join(unknown)}")
    return tuple(PACKS[n] for n in names)
