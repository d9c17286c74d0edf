"""Surrogates in the real encrypted store: consistent across documents and across a reopen,
reversible, dates shifted by one kept offset; and `enclave redact --surrogates` end to end
(real analyzer, real SQLCipher workspace, a real subprocess), audited without text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.core import actions
from app.core.privacy.lists import add_deny
from app.core.privacy.pseudonymize import Pseudonymizer
from app.core.privacy.redact_types import save_redact_types
from app.core.privacy.surrogates import SurrogateMapper
from app.core.workspace import KdfParams, Workspace
from tests.unit.privacy.support import findings_in

ROOT = Path(__file__).resolve().parents[3]
PASS = "correct horse battery staple"
CASE = "whitaker-v-meridian"
SECRET = b"fixed secret so the fakes are the same every run"

DOC1 = ("Patient Jonathan Whitaker (MRN 00123456) admitted 03/02/2024 and discharged "
        "03/09/2024. Daughter Lorraine Whitaker, 617-555-0134.")
DOC2 = ("Follow-up 04/02/2024: WHITAKER, JONATHAN seen by Dr. Okafor. Whitaker reports no "
        "falls. SSN 219-09-9999.")


F1 = findings_in(DOC1, ("PERSON", "Jonathan Whitaker"), ("MEDICAL_RECORD_NUMBER", "00123456"),
               ("DATE_TIME", "03/02/2024"), ("DATE_TIME", "03/09/2024"),
               ("PERSON", "Lorraine Whitaker"), ("PHONE_NUMBER", "617-555-0134"))
F2 = findings_in(DOC2, ("DATE_TIME", "04/02/2024"), ("PERSON", "WHITAKER, JONATHAN"),
               ("PERSON", "Okafor"), ("PERSON", "Whitaker"), ("US_SSN", "219-09-9999"))


def _date(s: str) -> date:
    m, d, y = (int(x) for x in s.split("/"))
    return date(y, m, d)


def test_consistent_reversible_and_interval_preserving_across_a_reopen(workspace) -> None:
    data_dir = workspace.data_dir
    workspace.vault.case_secret(CASE, SECRET, 450)  # fixed: the same fakes on every run
    one, map1 = Pseudonymizer(workspace.vault, surrogates=True).pseudonymize(DOC1, F1, CASE)
    workspace.close()

    ws = Workspace.open(data_dir, PASS)  # another session: only the store carries the mapping
    try:
        p = Pseudonymizer(ws.vault, surrogates=True)
        two, map2 = p.pseudonymize(DOC2, F2, CASE)
        again, _ = p.pseudonymize(DOC1, F1, CASE)
        assert again == one  # same document, same case: the same surrogate text
        fake = {o: s for s, o in map1.items()} | {o: s for s, o in map2.items()}
        given, family = fake["Jonathan Whitaker"].split()
        assert fake["WHITAKER, JONATHAN"] == f"{family.upper()}, {given.upper()}"
        assert fake["Whitaker"] == family  # the surname alone, in another document
        assert fake["Lorraine Whitaker"].endswith(f" {family}")  # the family stays a family
        for value in ("Whitaker", "WHITAKER", "00123456", "617-555-0134", "219-09-9999",
                      "03/02/2024", "04/02/2024", "Okafor"):
            assert value not in one + two, value
        # Dates: one offset for the whole case, from the vault; intervals survive.
        shift = SurrogateMapper(ws.vault).date_shift(CASE)
        assert abs(shift) >= 366
        admitted, discharged = _date(fake["03/02/2024"]), _date(fake["03/09/2024"])
        follow_up = _date(fake["04/02/2024"])
        assert (discharged - admitted).days == 7 and (follow_up - admitted).days == 31
        assert (admitted - date(2024, 3, 2)).days == shift
        # Re-identification through the vault.
        assert p.reidentify(one, CASE) == DOC1
        assert p.reidentify(two, CASE) == DOC2
        # Tokens and surrogates are separate: escalation's token vault is untouched.
        assert ws.vault.count(CASE) == 0
    finally:
        ws.close()
    # Encrypted at rest: neither an original nor a surrogate is readable in the files.
    blob = b"".join(f.read_bytes() for f in data_dir.rglob("*") if f.is_file())
    for value in ("Jonathan Whitaker", given, family, "219-09-9999"):
        assert value.encode() not in blob, value


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ENCLAVE_PASSPHRASE": PASS}
    return subprocess.run([sys.executable, "-m", "app", "redact", *args, "--data-dir",
                           str(data_dir)], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)


def test_cli_surrogates_round_trip_and_audit(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    ws = Workspace.create(data_dir, PASS, kdf=KdfParams.fast())
    ws.vault.case_secret(CASE, SECRET, 500)  # a fixed case: the same fakes on every run
    ws.close()
    note = tmp_path / "note.txt"
    text = ("Jonathan Whitaker was seen on 03/14/2024. Dr. Hannah Okafor asked him to call "
            "617-555-0134 or e-mail j.whitaker@example.com. SSN 219-09-9999.\n")
    note.write_text(text, encoding="utf-8")
    fake_path, back_path = tmp_path / "note.fake.txt", tmp_path / "note.back.txt"

    proc = _cli(str(note), "--out", str(fake_path), "--surrogates", "--workspace",
                "--case", CASE, data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    fake = fake_path.read_text(encoding="utf-8")
    for value in ("Whitaker", "Okafor", "617-555-0134", "j.whitaker@example.com",
                  "219-09-9999", "03/14/2024"):
        assert value not in fake, value
    assert "555-01" in fake and "@example." in fake and "[" not in fake
    assert "/2025" in fake or "/2026" in fake  # +500 days, written as MM/DD/YYYY

    proc = _cli(str(fake_path), "--out", str(back_path), "--reidentify", "--workspace",
                "--case", CASE, data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert back_path.read_text(encoding="utf-8") == text

    # JSONL in the same case: the same person gets the same fake.
    line = json.dumps({"id": 1, "text": "Jonathan Whitaker called from 617-555-0134."})
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ENCLAVE_PASSPHRASE": PASS}
    proc = subprocess.run([sys.executable, "-m", "app", "redact", "--jsonl", "--surrogates",
                           "--workspace", "--case", CASE, "--data-dir", str(data_dir)],
                          input=line + "\n", capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    person = " ".join(fake.split()[:2])
    surname = fake.split()[1]
    assert out["text"].startswith(f"{person} called from ") and "617-555-0134" not in out["text"]

    ws = Workspace.open(data_dir, PASS)
    try:
        entries = ws.audit.entries()
        redacts = [e for e in entries if e.action == actions.REDACT]
        reids = [e for e in entries if e.action == actions.REIDENTIFY]
        assert len(redacts) == 2 and len(reids) == 1
        assert json.loads(redacts[0].details)["mode"] == "surrogates"
        assert json.loads(reids[0].details)["restored"] >= 5
        log = json.dumps([e.to_json() for e in entries])
        for value in ("Whitaker", CASE, "219-09-9999", surname):
            assert value not in log, value
    finally:
        ws.close()


def test_cli_surrogates_refuse_pdf_and_reidentify_needs_workspace(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%fake\n")
    proc = _cli(str(pdf), "--out", str(tmp_path / "b.pdf"), "--surrogates",
                data_dir=tmp_path / "none")
    assert proc.returncode != 0 and "not PDFs" in proc.stderr
    assert not (tmp_path / "b.pdf").exists()
    txt = tmp_path / "a.txt"
    txt.write_text("hello", encoding="utf-8")
    proc = _cli(str(txt), "--out", str(tmp_path / "b.txt"), "--reidentify",
                data_dir=tmp_path / "none")
    assert proc.returncode != 0 and "--workspace" in proc.stderr


def test_cli_text_redaction_follows_the_workspace_types_as_a_pdf_does(tmp_path: Path) -> None:
    """`enclave redact note.txt --workspace` applies the workspace's chosen identifier types
    (the same policy as its PDFs and the GUI's exports), "always redact" terms whatever the
    choice; without --workspace every finding is masked."""
    data_dir = tmp_path / "ws"
    ws = Workspace.create(data_dir, PASS, kdf=KdfParams.fast())
    save_redact_types(ws, ["US_SSN"])
    add_deny(ws, "bluebird")
    ws.close()
    note = tmp_path / "note.txt"
    note.write_text("Jonathan Whitaker called. SSN 219-09-9999. The code word is bluebird.\n",
                    encoding="utf-8")
    chosen, every = tmp_path / "chosen.txt", tmp_path / "every.txt"
    run = _cli(str(note), "--out", str(chosen), "--workspace", data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    out = chosen.read_text(encoding="utf-8")
    assert "219-09-9999" not in out and "bluebird" not in out
    assert "Jonathan Whitaker" in out  # a person is not a type this workspace redacts
    run = _cli(str(note), "--out", str(every), data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    assert "Jonathan Whitaker" not in every.read_text(encoding="utf-8")
