"""`enclave audit export`: names only with --with-names; the report verifies from the CLI."""

from __future__ import annotations

import fitz

from app.cli import main
from tests.unit.store.support import PASS, make_result, new_ws


def test_cli_export_names_are_opt_in(tmp_path, monkeypatch, capsys) -> None:
    d = tmp_path / "ws"
    with new_ws(d) as ws:
        doc_id = ws.save_result(*make_result(1, name="Jane Roe referral.pdf"))
    monkeypatch.setenv("ENCLAVE_PASSPHRASE", PASS)
    for out, extra in ((tmp_path / "ids.pdf", []), (tmp_path / "names.pdf", ["--with-names"])):
        assert main(["audit", "export", "--data-dir", str(d), "--format", "pdf",
                     "--out", str(out), *extra]) == 0
    with fitz.open(tmp_path / "ids.pdf") as ids, fitz.open(tmp_path / "names.pdf") as named:
        ids_text, named_text = ids[0].get_text(), named[0].get_text()
    assert doc_id in ids_text and "Jane Roe" not in ids_text
    assert "Jane Roe referral.pdf" in named_text and "Audit log report" in named_text
    assert main(["audit", "verify", "--data-dir", str(d), "--export",
                 str(tmp_path / "names.pdf")]) == 0
    assert "intact" in capsys.readouterr().out


def test_cli_failures_are_one_sentence_and_jsonl_records_no_names(tmp_path, monkeypatch,
                                                                 capsys) -> None:
    import json

    d = tmp_path / "ws"
    with new_ws(d) as ws:
        ws.save_result(*make_result(1, name="Jane Roe referral.pdf"))
    monkeypatch.setenv("ENCLAVE_PASSPHRASE", PASS)
    common = ["--data-dir", str(d)]
    # A file with no manifest: a sentence, not "at entry None".
    stray = tmp_path / "stray.csv"
    stray.write_text("seq\n")
    assert main(["audit", "verify", *common, "--export", str(stray)]) == 7
    err = capsys.readouterr().err
    assert err.startswith("enclave: Audit log FAILED verification: the manifest") and "None" not in err
    # A folder that is not there: the user's to fix, said as such.
    missing = tmp_path / "no" / "such" / "log.csv"
    assert main(["audit", "export", *common, "--format", "csv", "--out", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"enclave: cannot write {missing}") and "unexpected" not in err
    # JSON Lines carries no names, so its audit entry does not say it did.
    assert main(["audit", "export", *common, "--format", "jsonl", "--with-names",
                 "--out", str(tmp_path / "log.jsonl")]) == 0
    with _open(d) as ws:
        last = [e for e in ws.audit.entries() if e.action == "audit.export"][-1]
    assert json.loads(last.details)["document_names"] is False


def _open(d):  # noqa: ANN001, ANN202
    from app.core.workspace import Workspace

    return Workspace.open(d, PASS)
