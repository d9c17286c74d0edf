"""The core's sentences in the words of the desktop app.

A core error ends with what to do next, and for the command line that is a flag or a command
("give the password with --password"). The window has neither, so `for_window` replaces those
endings with what to do here. The core keeps its wording (the CLI and its tests rely on it);
`tests/ui/test_wording.py` checks that every phrase below still occurs in `app/core`, so a
reworded core sentence cannot silently slip past this table.
"""

from __future__ import annotations

# Core phrase → the app's phrase. Longest first where one contains another.
CLI_TO_WINDOW: dict[str, str] = {
    # app/core/ingest/pdf.py: PasswordRequired
    "give the password with --password":
        "Enclave cannot open protected PDFs from the window yet: save an unprotected copy from "
        "your PDF reader and drop that here",
    "try again with the right one": "save an unprotected copy from your PDF reader",
    # app/core/routing/egress.py: every field already confident
    "name fields with --fields or ask for --summary":
        "choose fields, or the summary, under Document › Ask a larger model",
    # app/core/routing/tiers.py: UnknownTier
    "add one with `enclave tiers add`": "add one in Settings › Tiers",
    # app/core/llm/models.py: add_model over an installed name
    "pass --force to replace it, or --name to keep both":
        "rename the file to keep both, or replace the installed one",
    # app/core/llm/models.py and local.py: no model installed
    "run `make run` (or `enclave models list`) to install the default model, or drop a GGUF "
    "into models/": "add a GGUF in Settings › Models",
    "run `make run` to install the default model, or drop a .gguf file there":
        "add a GGUF in Settings › Models",
    # app/core/llm/models.py: a model not in the manifest
    "add it with `enclave models add`": "Verify records its hash",
}


def for_window(sentence: str) -> str:
    """`sentence` with every command-line instruction replaced by the app's own."""
    for cli, window in CLI_TO_WINDOW.items():
        sentence = sentence.replace(cli, window)
    return sentence
