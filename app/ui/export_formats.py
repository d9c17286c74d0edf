"""The export menu's entries: label, file suffix and file-dialog filter per export kind.

What an export contains, and how it is written and audited, is `app.core.exports` (the CLI and
the tests use the same code).
"""

from __future__ import annotations

from app.core.exports import SUFFIXES

_MENU: dict[str, tuple[str, str]] = {
    "fields_csv": ("Fields as &CSV…", "CSV files (*.csv)"),
    "fields_json": ("Fields as &JSON…", "JSON files (*.json)"),
    "redacted_pdf": ("Redacted &PDF…", "PDF files (*.pdf)"),
    "redacted_text": ("Redacted &text…", "Text files (*.txt)"),
    "summary": ("&Summary as text…", "Text files (*.txt)"),
}

# kind → (menu label, file suffix, file-dialog filter)
KINDS: dict[str, tuple[str, str, str]] = {
    kind: (label, SUFFIXES[kind], filt) for kind, (label, filt) in _MENU.items()
}
