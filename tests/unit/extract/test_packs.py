"""Rule packs: profiles enable them by name, a registry picks their generators, and without them
the general engine still reads a field of every type."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core.documents import Document, Page
from app.core.errors import ProfileError
from app.core.extract.fields import FieldExtractor
from app.core.extract.gather import GENERAL, gather
from app.core.extract.lines import document_lines
from app.core.extract.packs import get_packs, pack_names, parse_packs
from app.core.extract.profiles import FIELD_TYPES, builtin_profiles, get_profile
from app.core.extract.registry import rules_for

RECEIPT = (
    "KEDAI ABC SDN BHD\n"
    "NO 12, JALAN MAWAR, 81100 JOHOR BAHRU\n"
    "DATE: 25/03/2018 10:15\n"
    "ITEM A 4.50\n"
    "ITEM B 5.40\n"
    "TOTAL 9.90\n"
    "CASH 10.00\n"
    "CHANGE 0.10\n"
)


def _doc(text: str) -> Document:
    return Document("r.txt", "text", [Page(1, text)], Document.digest(text.encode()))


def test_an_unknown_pack_is_one_clear_error() -> None:
    with pytest.raises(ProfileError, match="no rule pack named 'recipe'.*agreement, receipt"):
        get_packs(["receipt", "recipe"])
    profile = replace(get_profile("receipt"), packs=("recipe",))
    doc = _doc(RECEIPT)
    with pytest.raises(ProfileError, match="recipe"):
        gather(doc, document_lines(doc), profile.field("total"), [], profile)


def test_the_command_line_form() -> None:
    assert parse_packs("none") == ()
    assert parse_packs("") == ()
    assert parse_packs("receipt, agreement") == ("receipt", "agreement")
    with pytest.raises(ProfileError):
        parse_packs("receipt,nope")


def test_builtin_profiles_name_known_packs() -> None:
    profiles = builtin_profiles()
    assert profiles["receipt"].packs == ("receipt",)
    assert profiles["invoice"].packs == ("receipt",)
    assert profiles["nda"].packs == ("agreement",)
    assert profiles["contract"].packs == ("agreement",)
    assert profiles["clinical"].packs == ()
    for p in profiles.values():
        get_packs(p.packs)
    assert pack_names() == ["agreement", "receipt"]


def test_every_field_type_has_a_general_generator() -> None:
    assert set(GENERAL) == FIELD_TYPES


def test_without_packs_the_general_engine_reads_a_total_and_a_date() -> None:
    profile = replace(get_profile("receipt"), packs=())
    doc = _doc(RECEIPT)
    fields = FieldExtractor(None).extract(doc, profile, [])
    assert fields["total"].normalized == "9.90"
    assert fields["date"].normalized == "2018-03-25"
    # Found by the general generators (a label, a typed value), not the receipt pack's.
    assert "receipt" not in fields["total"].signals["methods"]
    assert fields["date"].signals["methods"] == ["regex"]


def test_the_receipt_pack_adds_its_generator_for_totals() -> None:
    profile = get_profile("receipt")
    total = profile.field("total")
    assert rules_for(total, get_packs(profile.packs))
    assert not rules_for(total, ())
    # A field the pack has no role for keeps the general generator.
    subtotal = replace(total, name="subtotal")
    assert not rules_for(subtotal, get_packs(profile.packs))
    doc = _doc(RECEIPT)
    lines = document_lines(doc)
    with_pack = gather(doc, lines, total, [], profile)
    without = gather(doc, lines, total, [], replace(profile, packs=()))
    assert with_pack[0].normalized == "9.90"
    assert "tender" in with_pack[0].methods  # cash − change = total: the pack's arithmetic
    assert all("tender" not in c.methods and "receipt" not in c.methods for c in without)


def test_the_agreement_pack_reads_parties_only_for_a_multi_valued_organization() -> None:
    nda = get_profile("nda")
    packs = get_packs(nda.packs)
    assert rules_for(nda.field("party"), packs)
    assert not rules_for(replace(nda.field("party"), multiple=False), packs)
    assert rules_for(nda.field("effective_date"), packs)
    assert not rules_for(replace(nda.field("effective_date"), name="signed_on"), packs)
