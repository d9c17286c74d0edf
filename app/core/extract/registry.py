"""Rule packs: the rules written for one genre of document, apart from the general engine.

The general engine (`candidates.py`, `gather.GENERAL`) proposes candidates for every field type
from what any document has: typed values (dates, amounts, jurisdictions, durations) near the
field's labels, label–value pairs, lists under a header, numbered sections, and the entities the
privacy analyzer found. A pack adds what one genre knows: a till roll's totals arithmetic, an
agreement's preamble. It is a small registered unit:

- a NAME, which a profile lists under `packs:` to enable it;
- ROLES: the field names it knows and what each one is to it (`total`, `tax`, `effective_date`):
  how a profile's field asks for a pack's special rule without the engine knowing the name;
- RULES: each a candidate generator for one field type, where needed only for a field of one
  role, or only for multi- or single-valued fields.

For a field, the rules of the profile's packs that apply run in the packs' order and their
candidates together replace the general generator's. A rule that builds on the general
candidates calls the general generator itself (the receipt pack's issuer rule keeps the
label-value names and adds the letterhead's). With no rule applying, the general generator runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.core.documents import Document, Finding
from app.core.extract.candidates import Candidate
from app.core.extract.lines import Line
from app.core.extract.profiles import FieldSpec


@dataclass(frozen=True)
class Context:
    """What a generator may read: the document, its lines, the field, the analyzer's findings."""

    doc: Document
    lines: list[Line]
    spec: FieldSpec
    findings: list[Finding]
    pages: list[tuple[int, str]]  # (page number, text): the clause readers work on whole pages

    @classmethod
    def of(
        cls, doc: Document, lines: list[Line], spec: FieldSpec, findings: list[Finding]
    ) -> Context:
        return cls(doc, lines, spec, findings, [(p.number, p.text) for p in doc.pages])


Generator = Callable[[Context], list[Candidate]]


@dataclass(frozen=True)
class Rule:
    type: str  # the field type it reads (profiles.FIELD_TYPES)
    generate: Generator
    role: str | None = None  # only for a field of this role (Pack.roles); None: any field
    multiple: bool | None = None  # only for multi- (True) or single-valued (False) fields

    def applies(self, spec: FieldSpec, role: str | None) -> bool:
        return (
            spec.type == self.type
            and (self.role is None or self.role == role)
            and (self.multiple is None or self.multiple == spec.multiple)
        )


@dataclass(frozen=True)
class Pack:
    name: str
    description: str
    rules: tuple[Rule, ...]
    roles: Mapping[str, str] = field(default_factory=dict)  # field name → role


def role_of(spec: FieldSpec, packs: Sequence[Pack]) -> str | None:
    """The field's role: what the first enabled pack that knows its name calls it."""
    return next((p.roles[spec.name] for p in packs if spec.name in p.roles), None)


def rules_for(spec: FieldSpec, packs: Sequence[Pack]) -> list[Rule]:
    role = role_of(spec, packs)
    return [r for p in packs for r in p.rules if r.applies(spec, role)]
