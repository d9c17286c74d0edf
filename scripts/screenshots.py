"""Screenshots for the README, taken from the real app under Xvfb (`make screenshots`).

Writes docs/screenshots/main.png (the main window after processing the samples),
document-view.png (a document with identifiers highlighted and a field's span outlined) and
consent.png (the consent dialog with a real pseudonymised payload). Uses a throwaway workspace
with a fast KDF; nothing is written to the user's data directory.

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots.py [--no-model]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def spin(app: object, condition: object, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > end:
            raise TimeoutError("timed out waiting for the app")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def settle(app: object, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--no-model", action="store_true",
                      help="extract with patterns only (fast; when no GGUF model is installed)")
    opts = args.parse_args(argv)

    from app.core import netguard

    netguard.install()
    from app.core.paths import SAMPLES_DIR
    from app.core.privacy.pseudonymize import MemoryVault, Pseudonymizer
    from app.core.store import KdfParams, Workspace
    from app.ui.app import make_app
    from app.ui.consent import ConsentDialog, ConsentPayload
    from app.ui.main_window import MainWindow
    from app.ui.panels.fields import flat_spans
    from app.ui.session import Session

    OUT.mkdir(parents=True, exist_ok=True)
    app = make_app(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="enclave-shots-"))
    ws = Workspace.create(tmp / "ws", "screenshot workspace passphrase", kdf=KdfParams.fast())
    t0 = time.perf_counter()
    window = MainWindow(Session(ws), warm_model=not opts.no_model)
    window.queue.options.use_model = not opts.no_model
    window.resize(1440, 900)
    window.show()
    settle(app, 0.1)
    print(f"window shown in {time.perf_counter() - t0:.2f} s")

    samples = sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file())
    window.queue.add(samples)
    spin(app, lambda: window.queue.pending() == 0, timeout=1800)
    failed = [i for i in window.queue.items.values() if i.state != "Done"]
    for item in failed:
        print(f"warning: {item.path.name}: {item.state} {item.error}", file=sys.stderr)

    # The clinical sample, with its patient-name field clicked (the span is outlined).
    rows = window.documents.model.rows
    doc = next((r for r in rows if "discharge" in r.name), rows[0])
    window.documents.select(doc.id)
    settle(app)
    fields = window.fields.fields
    name = next((n for n in ("patient", "mrn") if n in fields and fields[n].spans),
                next((n for n, f in fields.items() if f.spans), None))
    if name:
        window.fields.table.selectRow(window.fields.row_of(name))
        window.document_view.highlight(flat_spans(fields[name]))
    settle(app)
    window.grab().save(str(OUT / "main.png"))
    window.document_view.grab().save(str(OUT / "document-view.png"))

    stored = ws.documents.get(doc.id)
    findings = [f for f in ws.findings.for_document(doc.id) if f.page == 1]
    text, _mapping = Pseudonymizer(MemoryVault()).pseudonymize(stored.pages[0].text, findings,
                                                               case_id=doc.id)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.type] = counts.get(f.type, 0) + 1
    dialog = ConsentDialog(ConsentPayload(
        redacted_text=text, destination="cloud.example — large general model", tier="cloud",
        counts=counts, purpose="Check the discharge medications and follow-up plan"), window)
    dialog.resize(680, 640)
    dialog.confirm.setChecked(False)
    dialog.show()
    settle(app)
    dialog.grab().save(str(OUT / "consent.png"))
    dialog.reject()

    window.close()
    from app.ui.jobs import wait_for_lanes

    wait_for_lanes()
    ws.close()
    for p in ("main.png", "document-view.png", "consent.png"):
        print(OUT / p)
    return 1 if failed else 0


if __name__ == "__main__":  # the ingestion sandbox spawns children that re-import this file
    sys.exit(main())
