from __future__ import annotations

import threading

import pytest

from app.core.documents import Finding
from app.core.errors import RedactionError
from app.core.privacy.pseudonymize import MemoryVault, Pseudonymizer, redact_text


def _f(text: str, value: str, kind: str = "PERSON", nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(value, start + 1)
    return Finding(kind, 1, start, start + len(value), 0.9)


def test_same_original_same_token_across_documents() -> None:
    p = Pseudonymizer(MemoryVault())
    a = "John Smith saw Mary Jones."
    b = "Later JOHN SMITH called."
    ra, ma = p.pseudonymize(a, [_f(a, "John Smith"), _f(a, "Mary Jones")], "case-1")
    rb, _ = p.pseudonymize(b, [_f(b, "JOHN SMITH")], "case-1")
    assert ra == "<PERSON_1> saw <PERSON_2>."
    assert rb == "Later <PERSON_1> called."
    assert ma == {"<PERSON_1>": "John Smith", "<PERSON_2>": "Mary Jones"}


def test_cases_are_separate_and_reidentify_round_trips() -> None:
    p = Pseudonymizer(MemoryVault())
    text = "Call Ann at 555-123-4567."
    fs = [_f(text, "Ann"), _f(text, "555-123-4567", "PHONE_NUMBER")]
    red, _ = p.pseudonymize(text, fs, "c1")
    other, _ = p.pseudonymize("Bob", [Finding("PERSON", 1, 0, 3, 0.9)], "c2")
    assert other == "<PERSON_1>"  # numbering restarts per case
    assert p.reidentify(red, "c1") == text
    assert p.reidentify(red, "c2") != text  # another case's vault cannot re-identify


def test_fails_closed_on_bad_span_and_vault_error() -> None:
    p = Pseudonymizer(MemoryVault())
    with pytest.raises(RedactionError):
        p.pseudonymize("short", [Finding("PERSON", 1, 2, 50, 0.9)], "c")

    class Broken(MemoryVault):
        def put(self, *a: object) -> None:
            raise OSError("disk full")

    with pytest.raises(RedactionError):
        Pseudonymizer(Broken()).pseudonymize("Ann", [Finding("PERSON", 1, 0, 3, 0.9)], "c")


def test_threads_get_one_token_per_original() -> None:
    p = Pseudonymizer(MemoryVault())
    out: list[str] = []

    def work(i: int) -> None:
        text = f"Name{i % 5}"
        out.append(p.pseudonymize(text, [Finding("PERSON", 1, 0, len(text), 0.9)], "c")[0])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(50)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(set(out)) == 5


def test_redact_text_merges_overlaps() -> None:
    text = "SSN 219-09-9999 and John"
    fs = [Finding("US_SSN", 1, 4, 15, 0.9), Finding("PHONE_NUMBER", 1, 8, 15, 0.4),
          Finding("PERSON", 1, 20, 24, 0.8)]
    assert redact_text(text, fs) == "SSN [US_SSN] and [PERSON]"
