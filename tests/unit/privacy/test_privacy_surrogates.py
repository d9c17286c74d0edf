"""Surrogate mode of the Pseudonymizer over the in-memory vault (the store: integration)."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest

from app.core.documents import Finding
from app.core.errors import RedactionError
from app.core.privacy.pseudonymize import MemoryVault, Pseudonymizer
from app.core.privacy.surrogates import PART, SurrogateMapper
from tests.unit.privacy.support import findings_in

SECRET = b"a fixed case secret for the tests"


def _seeded(shift: int = 400) -> MemoryVault:
    # A fixed secret makes the fakes (and so the test) the same on every run.
    vault = MemoryVault()
    vault.case_secret("case-1", SECRET, shift)
    return vault


NOTE = ("Patient John Smith (MRN 00482913) admitted 03/02/2024, discharged 03/09/2024. "
        "Call 617-824-3310. Smith lives at 90 Ferry Street, Everett, MA 02149.")
PAIRS = [("PERSON", "John Smith"), ("MEDICAL_RECORD_NUMBER", "00482913"),
         ("DATE_TIME", "03/02/2024"), ("DATE_TIME", "03/09/2024"),
         ("PHONE_NUMBER", "617-824-3310"), ("PERSON", "Smith"),
         ("STREET_ADDRESS", "90 Ferry Street, Everett, MA 02149")]


def test_surrogates_are_realistic_consistent_and_reversible() -> None:
    p = Pseudonymizer(_seeded(), surrogates=True)
    fake, mapping = p.pseudonymize(NOTE, findings_in(NOTE, *PAIRS), "case-1")
    for _, value in PAIRS:
        assert value not in fake
    assert "<" not in fake and "[" not in fake  # no tokens: every type here has a fake
    person = next(s for s, o in mapping.items() if o == "John Smith")
    given, family = person.split()
    assert f" {family} lives at" in fake  # "Smith" alone is the same fake surname
    assert re.search(r"MRN \d{8}\)", fake)
    assert p.reidentify(fake, "case-1") == NOTE
    again, _ = p.pseudonymize("JOHN SMITH called.", findings_in("JOHN SMITH called.",
                                                              ("PERSON", "JOHN SMITH")), "case-1")
    assert again == f"{person.upper()} called."


def test_dates_move_by_one_offset_per_case() -> None:
    vault = _seeded(-1000)
    p = Pseudonymizer(vault, surrogates=True)
    fake, mapping = p.pseudonymize(NOTE, findings_in(NOTE, *PAIRS), "case-1")
    back = {o: s for s, o in mapping.items()}

    def parse(s: str) -> date:
        m, d, y = (int(x) for x in s.split("/"))
        return date(y, m, d)

    a, b = parse(back["03/02/2024"]), parse(back["03/09/2024"])
    assert (b - a).days == 7  # the interval survives
    assert (a - date(2024, 3, 2)).days == -1000 == SurrogateMapper(vault).date_shift("case-1")
    # A new case draws its own offset from the OS, and the vault keeps it.
    other = SurrogateMapper(vault).date_shift("case-2")
    assert 366 <= abs(other) <= 1095 and SurrogateMapper(vault).date_shift("case-2") == other


def test_cases_do_not_share_surrogates_and_token_mode_ignores_them() -> None:
    vault = MemoryVault()
    p = Pseudonymizer(vault, surrogates=True)
    text = "Ann Lee"
    a, _ = p.pseudonymize(text, findings_in(text, ("PERSON", "Ann Lee")), "c1")
    b, _ = p.pseudonymize(text, findings_in(text, ("PERSON", "Ann Lee")), "c2")
    assert a != b
    assert p.reidentify(a, "c2") != text
    assert Pseudonymizer(vault).reidentify(a, "c1") == a  # tokens only: the fake stays


def test_types_without_a_fake_fall_back_to_tokens() -> None:
    p = Pseudonymizer(MemoryVault(), surrogates=True)
    text = "Project Falcon starts tomorrow."
    out, _ = p.pseudonymize(text, findings_in(text, ("CUSTOM_TERM", "Project Falcon"),
                                            ("DATE_TIME", "tomorrow")), "c")
    assert out == "<CUSTOM_TERM_1> starts <DATE_TIME_1>."
    assert p.reidentify(out, "c") == text


def test_surrogate_never_equals_or_contains_its_original() -> None:
    p = Pseudonymizer(MemoryVault(), surrogates=True)
    names = ["Ann", "Lee", "Jo", "Anna Lee", "LEE, ANN", "Maria", "Smith", "Kim Ng"]
    for name in names:
        out, mapping = p.pseudonymize(name, [Finding("PERSON", 1, 0, len(name), 0.9)], "c")
        assert name.casefold() not in out.casefold(), (name, out)
    # Name words of the case never share a fake (re-identification must be unambiguous).
    fakes = list(MemoryVault.surrogates(p.vault, "c"))  # type: ignore[arg-type]
    assert len({f.casefold() for f in fakes}) == len(fakes)


def test_threads_get_one_surrogate_per_original() -> None:
    p = Pseudonymizer(MemoryVault(), surrogates=True)
    out: list[str] = []

    def work(i: int) -> None:
        text = ["Ann Lee", "Bob Ray", "Cy Dunn", "Di Moss"][i % 4]
        out.append(p.pseudonymize(text, [Finding("PERSON", 1, 0, len(text), 0.9)], "c")[0])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(out)) == 4


def test_fails_closed() -> None:
    class Broken(MemoryVault):
        def put_surrogate(self, *a: object) -> None:
            raise OSError("disk full")

    with pytest.raises(RedactionError):
        Pseudonymizer(Broken(), surrogates=True).pseudonymize(
            "Ann Lee", [Finding("PERSON", 1, 0, 7, 0.9)], "c")

    class TokensOnly:
        def get_token(self, *a: object) -> None: ...
        def put(self, *a: object) -> None: ...
        def lookup(self, *a: object) -> None: ...

    with pytest.raises(TypeError):
        Pseudonymizer(TokensOnly(), surrogates=True)  # type: ignore[arg-type]


def test_name_words_are_stored_once() -> None:
    vault = MemoryVault()
    p = Pseudonymizer(vault, surrogates=True)
    text = "John Smith and Mary Smith"
    p.pseudonymize(text, findings_in(text, ("PERSON", "John Smith"), ("PERSON", "Mary Smith")), "c")
    family = vault.get_surrogate("c", PART, "Smith")
    assert family and family != "Smith"
    out = p.pseudonymize("SMITH", [Finding("PERSON", 1, 0, 5, 0.9)], "c")[0]
    assert out == family.upper()


def test_workspace_setting_is_off_by_default_and_audited(workspace) -> None:
    import json

    from app.core import actions
    from app.core.privacy.surrogates import set_surrogates, surrogates_enabled

    assert surrogates_enabled(workspace) is False
    set_surrogates(workspace, True)
    assert surrogates_enabled(workspace) is True
    entry = [e for e in workspace.audit.entries() if e.action == actions.SETTINGS_CHANGE][-1]
    assert json.loads(entry.details) == {"setting": "surrogates", "enabled": True}


def test_the_labeled_notes_get_fakes_that_all_map_back() -> None:
    """Every identifier of the team's 36 labeled notes, as one case: each gets a realistic
    fake (no token), none survives as a word, and re-identification restores every note."""
    import json
    from pathlib import Path

    notes = Path(__file__).resolve().parents[2] / "data" / "pii_labeled" / "notes.jsonl"
    rows = [json.loads(line) for line in notes.read_text(encoding="utf-8").splitlines()]
    vault = MemoryVault()
    vault.case_secret("notes", SECRET, 613)
    p = Pseudonymizer(vault, surrogates=True)
    fakes: list[str] = []
    for row in rows:
        findings = [Finding(s["type"], 1, s["start"], s["end"], 1.0) for s in row["spans"]]
        out, mapping = p.pseudonymize(row["text"], findings, "notes")
        assert not [s for s in mapping if s.startswith("<")], row["id"]
        for span in row["spans"]:
            assert not re.search(rf"(?<!\w){re.escape(span['value'])}(?!\w)", out), span
        assert p.reidentify(out, "notes") == row["text"], row["id"]
        fakes += mapping
    assert len(fakes) >= 200
