"""The window speaks without command-line flags: the core's CLI endings are replaced where the
GUI shows them (a password-protected PDF dropped on the window, for one), the table of
replacements still matches the core's sentences, and no GUI string tells the user to type a
command or a flag."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.ui.wording import CLI_TO_WINDOW
from tests.unit.ingest.factories import encrypted_pdf

from .conftest import drop, make_window

APP = Path(__file__).resolve().parents[2] / "app"
COMMAND = re.compile(r"`enclave |`make |(?<![\w-])--[a-z]")


def strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module but its docstrings (f-strings by their fixed parts)."""
    tree = ast.parse(path.read_text())
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_every_replaced_phrase_is_still_written_by_the_core() -> None:
    core = " ".join(s for p in (APP / "core").rglob("*.py") for _, s in strings(p))
    missing = [cli for cli in CLI_TO_WINDOW if cli not in core]
    assert missing == [], "the core reworded these; update app/ui/wording.py"


def test_no_gui_string_asks_for_a_command_or_a_flag() -> None:
    found = [f"{p.relative_to(APP)}:{line}: {s!r}" for p in (APP / "ui").rglob("*.py")
             if p.name != "wording.py" for line, s in strings(p) if COMMAND.search(s)]
    assert found == []


def test_a_protected_pdf_dropped_on_the_window_is_explained_in_the_windows_words(
        qtbot, tmp_path) -> None:  # noqa: ANN001
    from app.ui.jobs import wait_for_lanes

    pdf = tmp_path / "deal.pdf"
    pdf.write_bytes(encrypted_pdf("s3cret", ["Confidential settlement"]))
    window = make_window(tmp_path / "ws", llm=None)
    try:
        drop(window.drop_zone, [pdf])
        qtbot.waitUntil(lambda: window.queue.pending() == 0, timeout=60_000)
        item = next(iter(window.queue.items.values()))
        assert item.state == "Failed"
        assert item.error == (
            "'deal.pdf' is password-protected; Enclave cannot open protected PDFs from the "
            "window yet: save an unprotected copy from your PDF reader and drop that here.")
    finally:
        window.close()
        wait_for_lanes()
        window.session.close()
