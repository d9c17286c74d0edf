"""Genre packs: rules true of one kind of document only, each named and switched off alone.

The recognizers and filters elsewhere in `app.core.privacy` hold for any English text. A pack
(`pack.Pack`) holds what is only true of one genre ("in an ICU note '10/5' after PSV is a
ventilator setting", "in a clinical report a capitalised word outside the dictionary is a
drug or an instrument far more often than an organisation"): its name, the recognizers it
adds, the filters it adds (each registered with the recognizers whose results it judges) and
`applies(text)`, whether a text is of its genre.

`PiiAnalyzer(packs=...)` takes the names to use; `DEFAULT_PACKS` are on unless switched off,
and `PiiAnalyzer(packs=())` is the general engine alone (`python -m bench.pii --packs none`
measures it). An unknown name is a `ProfileError` naming it and the known packs (a pack is
named by a profile, a flag or a call), as for the extraction packs.

To add a pack: a module or package here with a `Pack`, listed in `PACKS` below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from presidio_analyzer import EntityRecognizer

from app.core.errors import ProfileError
from app.core.privacy.packs import clinical_notes
from app.core.privacy.packs.pack import Pack
from app.core.privacy.recognizers.base import ResultFilter

_ALL = (clinical_notes.PACK, clinical_notes.REPORTS, clinical_notes.LAYOUT)
PACKS: dict[str, Pack] = {p.name: p for p in _ALL}
DEFAULT_PACKS: tuple[str, ...] = tuple(p.name for p in _ALL)


def resolve(names: Iterable[str]) -> tuple[Pack, ...]:
    """The packs named, in that order; an unknown name is an error, not silently ignored."""
    names = tuple(names)
    unknown = [n for n in names if n not in PACKS]
    if unknown:
        raise ProfileError(f"There is no privacy pack named {', '.join(map(repr, unknown))}; "
                           f"the privacy packs are: {', '.join(PACKS)}.")
    return tuple(PACKS[n] for n in names)


def pack_recognizers(packs: Iterable[Pack]) -> list[EntityRecognizer]:
    """The recognizers the packs add, pack by pack."""
    return [rec for pack in packs for rec in pack.recognizers()]


Judged = tuple[Callable[[str], bool] | None, tuple[ResultFilter, ...]]


def filters_for(rec: EntityRecognizer, general: Iterable[ResultFilter],
                packs: Iterable[Pack]) -> tuple[Judged, ...]:
    """The filters that judge `rec`'s results: the general ones (gated by nothing), then each
    pack's, gated by its `applies`. Groups without a filter for `rec` are left out."""
    groups: list[Judged] = [(None, tuple(f for f in general if f.judges(rec)))]
    groups += [(pack.applies, tuple(f for f in pack.filters if f.judges(rec))) for pack in packs]
    return tuple(g for g in groups if g[1])
