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
