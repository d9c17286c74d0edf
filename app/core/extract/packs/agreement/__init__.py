"""The agreement pack: contracts and NDAs.

What it knows that the general engine does not: who the parties are (`parties/`: the preamble,
defined terms, a letter's addressee, the signature blocks), and the clauses that state the
effective date, the governing law and the term (`clauses.py`), read as Kleister NDA labels them.
"""

from __future__ import annotations

from app.core.extract.candidates import Candidate
from app.core.extract.packs.agreement import clauses, parties
from app.core.extract.registry import Context, Pack, Rule

NAME = "agreement"

ROLES = {"effective_date": "effective_date"}


def _effective_date(ctx: Context) -> list[Candidate]:
    return clauses.effective_date_candidates(ctx.pages)


def _governing_law(ctx: Context) -> list[Candidate]:
    return clauses.governing_law_candidates(ctx.pages)


def _term(ctx: Context) -> list[Candidate]:
    return clauses.term_candidates(ctx.pages)


def _parties(ctx: Context) -> list[Candidate]:
    """The parties as the agreement names them; failing that, the organisations (and people)
    the entity recognizer found."""
    return parties.party_candidates(ctx.pages) or parties.entity_candidates(ctx.pages, ctx.findings)


PACK = Pack(
    NAME,
    "Contracts and NDAs: parties, effective date, governing law, term.",
    rules=(
        Rule("date", _effective_date, role="effective_date"),
        Rule("jurisdiction", _governing_law),
        Rule("term", _term),
        Rule("organization", _parties, multiple=True),
    ),
    roles=ROLES,
)
