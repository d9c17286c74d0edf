"""Screenshots for the README, taken from the real app under Xvfb (`make screenshots`).

One function per screenshot, listed in SHOTS; each writes docs/screenshots/<name>.png from the
same window and throwaway workspace (fast KDF; nothing is written to the user's data
directory), after the sample documents have been processed:

- main: the main window, the clinical sample open and its patient-name field clicked
- document-view: that document with identifiers highlighted and the field's span outlined
- consent: the consent dialog with a real pseudonymised payload
- audit-panel: the audit log tab after Verify, actions and document names in words
- audit-report: page 1 of the exported PDF audit report, rendered to PNG
- review-mode: review before a redacted export: the export's boxes on the page, a box drawn
  by the reviewer, a phrase redacted wherever it occurs, a detected phrase kept
- redacted-view: the redacted view, masking the document, the fields and the summary
- settings-tiers: Settings › Tiers with an on-premises and a cloud tier, after a connection test
- settings-models: Settings › Models with the installed models, their hashes and the one in use

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots.py \
        [--no-model] [--only audit-panel audit-report]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@dataclass
class Scene:
    """What every screenshot draws on: the app, its window, the workspace, the clinical doc."""

    app: Any
    window: Any
    ws: Any
    tmp: Path
    doc_id: str = ""
    reviewed: bool = False  # review_activity ran


# -- one function per screenshot -------------------------------------------------------------

def show_clinical_field(s: Scene) -> None:
    """The clinical sample open, its patient-name field clicked (the span is outlined)."""
    from app.ui.panels.fields import flat_spans

    w = s.window
    w.tabs.setCurrentIndex(0)
    w.documents.select(s.doc_id)
    settle(s.app)
    fields = w.fields.fields
    name = next((n for n in ("patient", "mrn") if n in fields and fields[n].spans),
                next((n for n, f in fields.items() if f.spans), None))
    if name:
        w.fields.table.selectRow(w.fields.row_of(name))
        w.document_view.highlight(flat_spans(fields[name]))
    settle(s.app)


def shot_main(s: Scene) -> Path:
    show_clinical_field(s)
    s.window.grab().save(str(OUT / "main.png"))
    return OUT / "main.png"


def shot_document_view(s: Scene) -> Path:
    show_clinical_field(s)
    s.window.document_view.grab().save(str(OUT / "document-view.png"))
    return OUT / "document-view.png"


def shot_consent(s: Scene) -> Path:
    from app.core.privacy.pseudonymize import MemoryVault, Pseudonymizer
    from app.ui.consent import ConsentDialog, ConsentPayload

    stored = s.ws.documents.get(s.doc_id)
    findings = [f for f in s.ws.findings.for_document(s.doc_id) if f.page == 1]
    text, _mapping = Pseudonymizer(MemoryVault()).pseudonymize(stored.pages[0].text, findings,
                                                               case_id=s.doc_id)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.type] = counts.get(f.type, 0) + 1
    dialog = ConsentDialog(ConsentPayload(
        redacted_text=text, destination="cloud.example — large general model", tier="cloud",
        counts=counts, purpose="Check the discharge medications and follow-up plan"), s.window)
    dialog.resize(680, 640)
    dialog.confirm.setChecked(False)
    dialog.show()
    settle(s.app)
    dialog.grab().save(str(OUT / "consent.png"))
    dialog.reject()
    return OUT / "consent.png"


def review_activity(s: Scene) -> None:
    """What a reviewer does before an audit, through the real code paths: a correction and a
    redacted PDF export, so the log shows more than ingest and views. Runs once."""
    if s.reviewed:
        return
    s.reviewed = True
    from app.core.review import correct_field

    stored = s.ws.results.get(s.doc_id)
    name = next((n for n in ("discharge_date", "admission_date", "attending")
                 if n in stored.fields), next(iter(stored.fields), None))
    if name:
        value = stored.fields[name].value
        correct_field(s.ws, s.doc_id, name, value if isinstance(value, str) and value else "—")
    done: list[object] = []
    exports = s.window.exports
    exports.exported.connect(lambda *a: done.append(a))
    exports.failed.connect(lambda msg: done.append(msg))
    exports.export("redacted_pdf", s.tmp / "discharge-summary.redacted.pdf", s.doc_id)
    spin(s.app, lambda: done, timeout=120)
    if isinstance(done[0], str):
        print(f"warning: redacted export failed: {done[0]}", file=sys.stderr)


def review_marks(s: Scene) -> None:
    """Marks a reviewer would make on the discharge summary, through the session (stored and
    audited as in the app): a box over the allergies line, the hospital's name wherever it
    occurs, and one detected phrase kept. Runs once per document."""
    w = s.window
    if s.ws.marks.for_document(s.doc_id):
        return
    from app.core.privacy.redaction import BOX, KEEP, TERM, RedactionMark

    doc = s.ws.documents.get(s.doc_id)
    page = doc.pages[0]
    words = {page.text[x.start:x.end]: x for x in page.words}
    marks = []
    if "Penicillin" in words and "drugs" in words:
        a, b = words["Penicillin"], words["drugs"]
        marks.append(RedactionMark(BOX, page=1, rect=(a.x0 - 2, a.y0 - 1, b.x1 + 2, b.y1 + 1)))
    marks.append(RedactionMark(TERM, text="Internal Medicine"))
    found = s.ws.findings.for_document(s.doc_id)
    dates = [page.text[f.start:f.end] for f in found if f.type == "DATE_TIME" and f.page == 1]
    if dates:
        marks.append(RedactionMark(KEEP, text=dates[-1]))
    for m in marks:
        w.session.request_mark(s.doc_id, m)
    spin(s.app, lambda: len(s.ws.marks.for_document(s.doc_id)) == len(marks), timeout=30)
    settle(s.app)


def shot_review_mode(s: Scene) -> Path:
    w = s.window
    w.tabs.setCurrentIndex(0)
    w.documents.select(s.doc_id)
    settle(s.app)
    review_marks(s)
    view = w.document_view
    view.review.setChecked(True)
    spin(s.app, lambda: bool(view.images.labels), timeout=60)
    settle(s.app, 0.8)
    w.grab().save(str(OUT / "review-mode.png"))
    view.review.setChecked(False)
    return OUT / "review-mode.png"


def shot_redacted_view(s: Scene) -> Path:
    w = s.window
    w.tabs.setCurrentIndex(0)
    w.documents.select(s.doc_id)
    settle(s.app)
    view = w.document_view
    view.views.setCurrentIndex(0)
    view.redacted.setChecked(True)
    settle(s.app, 0.6)
    w.grab().save(str(OUT / "redacted-view.png"))
    view.redacted.setChecked(False)
    return OUT / "redacted-view.png"


def shot_audit_panel(s: Scene) -> Path:
    review_activity(s)
    w = s.window
    w.tabs.setCurrentIndex(1)
    settle(s.app)
    verified: list[object] = []
    w.audit.verified.connect(verified.append)
    w.audit.verify()
    spin(s.app, lambda: verified, timeout=60)
    settle(s.app)
    w.grab().save(str(OUT / "audit-panel.png"))
    w.tabs.setCurrentIndex(0)
    return OUT / "audit-panel.png"


def shot_audit_report(s: Scene) -> Path:
    import fitz

    review_activity(s)
    pdf = s.tmp / "enclave-audit.pdf"
    s.ws.audit.export("pdf", pdf, names=True)
    with fitz.open(pdf) as doc:
        doc[0].get_pixmap(dpi=120).save(str(OUT / "audit-report.png"))
    return OUT / "audit-report.png"


def settings_dialog(s: Scene, tab: int) -> Any:
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(s.ws, s.window)
    dialog.resize(940, 560)
    dialog.tabs.setCurrentIndex(tab)
    dialog.show()
    spin(s.app, lambda: not dialog.models.busy, timeout=120)
    return dialog


def shot_settings_tiers(s: Scene) -> Path:
    """Two tiers as an organisation would set them up; the on-premises one really tested. It
    is on this machine, at a port nothing listens on (the script contacts no other host), so
    the page shows what it says about a dead endpoint."""
    import socket

    from app.core.routing.tiers import Tier, TierRegistry
    from app.ui.settings_dialog import TIERS

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    reg = TierRegistry(s.ws)
    if not reg.all():
        reg.add(Tier("onprem-llama", f"http://localhost:{port}/v1", "llama-3.1-70b-instruct",
                     timeout=60, response_format="json_object"))
        reg.add(Tier("cloud", "https://api.example-cloud.com/v1", "large-general",
                     external=True, price_in=0.5, price_out=1.5), api_key="sk-demo-not-real")
    dialog = settings_dialog(s, TIERS)
    page = dialog.tiers
    page.table.selectRow(0)
    tested: list[object] = []
    page.tested.connect(tested.append)
    page.test_current()
    spin(s.app, lambda: tested, timeout=30)
    settle(s.app)
    dialog.grab().save(str(OUT / "settings-tiers.png"))
    dialog.reject()
    return OUT / "settings-tiers.png"


def shot_settings_models(s: Scene) -> Path:
    from app.ui.settings_dialog import MODELS

    dialog = settings_dialog(s, MODELS)
    settle(s.app)
    dialog.grab().save(str(OUT / "settings-models.png"))
    dialog.reject()
    return OUT / "settings-models.png"


SHOTS: dict[str, Callable[[Scene], Path]] = {
    "main": shot_main, "document-view": shot_document_view, "consent": shot_consent,
    "review-mode": shot_review_mode, "redacted-view": shot_redacted_view,
    "audit-panel": shot_audit_panel, "audit-report": shot_audit_report,
    "settings-tiers": shot_settings_tiers, "settings-models": shot_settings_models,
}


# -- the run ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--no-model", action="store_true",
                      help="extract with patterns only (fast; when no GGUF model is installed)")
    args.add_argument("--only", nargs="+", choices=list(SHOTS), metavar="NAME",
                      help=f"take only these ({', '.join(SHOTS)})")
    opts = args.parse_args(argv)
    # The audit log names the OS user; show a demo account, not whoever runs this (often root).
    os.environ["LOGNAME"] = os.environ["USER"] = "a.reviewer"

    from app.core import netguard

    netguard.install()
    from app.core.paths import SAMPLES_DIR
    from app.core.workspace import KdfParams, Workspace
    from app.ui.app import make_app
    from app.ui.main_window import MainWindow
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
    rows = window.documents.model.rows
    doc = next((r for r in rows if "discharge" in r.name), rows[0])
    scene = Scene(app, window, ws, tmp, doc.id)

    written = [SHOTS[name](scene) for name in (opts.only or SHOTS)]

    window.close()
    from app.ui.jobs import wait_for_lanes

    wait_for_lanes()
    ws.close()
    shutil.rmtree(tmp, ignore_errors=True)
    for p in written:
        print(p)
    return 1 if failed else 0


if __name__ == "__main__":  # the ingestion sandbox spawns children that re-import this file
    sys.exit(main())
