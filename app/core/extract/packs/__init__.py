"""The catalogue of rule packs (`app.core.extract.registry`): a profile names the packs its fields
are read with (`packs:` in its YAML); `python -m bench.extract --packs none` reads every profile
with none, to measure the general engine alone.

    receipt    till receipts and invoices: totals and tax, the issuer's letterhead and address
    agreement  contracts and NDAs: parties, effective date, governing law, term

A new genre is a new package here with a `PACK`, registered below (or by `register` from
elsewhere); nothing in the general engine changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.errors import ProfileError
from app.core.extract.packs import agreement, receipt
from app.core.extract.registry import Pack

_PACKS: dict[str, Pack] = {}


def register(pack: Pack) -> None:
    """Make `pack` available to profiles by its name (a later one of the same name replaces it)."""
    _PACKS[pack.name] = pack


def pack_names() -> list[str]:
    return sorted(_PACKS)


def get_packs(names: Iterable[str]) -> tuple[Pack, ...]:
    """The packs named, in that order; an unknown name is one clear error listing the known."""
    out = []
    for name in names:
        pack = _PACKS.get(name)
        if pack is None:
            known = ", ".join(pack_names())
            raise ProfileError(f"There is no rule pack named {name!r}; the packs are: {known}.")
        out.append(pack)
    return tuple(out)


def parse_packs(text: str) -> tuple[str, ...]:
    """ "receipt,agreement" → ("receipt", "agreement"); "none" or "" → (): the command-line form,
    checked against the catalogue."""
    names = tuple(n.strip() for n in text.split(",") if n.strip() and n.strip() != "none")
    get_packs(names)
    return names


register(receipt.PACK)
register(agreement.PACK)
