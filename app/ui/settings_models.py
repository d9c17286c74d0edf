"""Settings page: the local GGUF models — list, add, verify, and choose the one in use.

Everything that touches a model file runs off the GUI thread: listing (a model without a fresh
verification stamp is hashed), copying a new GGUF into models/ (with a progress bar and a
cancel), verifying (always a full hash), choosing (the chosen file is checked before it is
stored). The choice is the workspace's `LOCAL_MODEL` setting, which the pipeline reads for every
document: the next document processed uses it. `model_chosen` lets the window load the new
model on the model lane straight away, so the first document does not wait for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import Cancelled, EnclaveError, ModelError
from app.core.llm import models as M
from app.core.llm.gguf_meta import format_params
from app.core.llm.selection import choose_model, model_in_use
from app.core.paths import models_dir
from app.ui.jobs import JobContext, JobHandle, Op
from app.ui.list_table import list_table
from app.ui.wording import for_window

NAME, SIZE, DETAILS, STATUS, IN_USE = range(5)


def status_text(report: M.ModelReport, entry: dict[str, Any] | None) -> str:
    """A model's hash status in words."""
    if report.status == M.VERIFIED:
        return "verified · added by you" if M.is_user_added(entry) else "verified"
    return {M.UNKNOWN: "unverified (not in the manifest)", M.MISMATCH: "hash mismatch — refused",
            M.MISSING: "missing", M.INVALID: "not a readable GGUF"}.get(report.status,
                                                                       report.status)


def _details(report: M.ModelReport) -> str:
    i = report.info
    if i is None:
        return ""
    ctx = f"context {i.context_length:,}" if i.context_length else ""
    return " · ".join(p for p in (i.architecture, format_params(i.parameters), i.quantization,
                                  ctx) if p)


class ModelsPage(QWidget):
    model_chosen = Signal(str)  # the file name now in use ("" for the default)
    done = Signal(str)  # the last operation finished; its sentence (also shown on the page)
    listed = Signal()  # the table shows the models as they are now

    def __init__(self, workspace: Any, directory: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.directory = directory or models_dir()
        self.reports: list[M.ModelReport] = []
        self.manifest: dict[str, Any] = {}
        self.copy: JobHandle | None = None
        # A copy still running when Settings closes stops (its partial file is removed)
        # rather than go on unseen; the list, not `self`, outlives the page for the signal.
        copies: list[JobHandle] = []
        self._copies = copies
        self.destroyed.connect(lambda *_: [job.cancel() for job in copies])
        self.busy = False
        self.question: QMessageBox | None = None
        self.table = list_table("modelTable", ["Model", "Size", "Details", "Hash", "In use"],
                                stretch=NAME)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_btn = QPushButton("Add a GGUF…")
        self.verify_btn = QPushButton("Verify")
        self.use_btn = QPushButton("Use this model")
        self.cancel_btn = QPushButton("Cancel")
        self.add_btn.clicked.connect(self.choose_file)
        self.verify_btn.clicked.connect(self.verify_current)
        self.use_btn.clicked.connect(self.use_current)
        self.cancel_btn.clicked.connect(lambda: self.copy.cancel() if self.copy else None)
        self.progress = QProgressBar(objectName="modelCopy", maximum=100)
        self.message = QLabel(objectName="modelMessage", wordWrap=True)
        self.progress.hide()
        self.cancel_btn.hide()
        buttons = QHBoxLayout()
        for b in (self.add_btn, self.verify_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.use_btn)
        copying = QHBoxLayout()
        copying.addWidget(self.progress, 1)
        copying.addWidget(self.cancel_btn)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"GGUF models in {self.directory}. A model is verified when its SHA-256 matches "
            "the manifest; one you add is recorded there with the hash it had, so any later "
            "change to the file is caught. 1–8B instruct models work best.", wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(copying)
        layout.addWidget(self.message)
        self.reload()

    # -- the list --------------------------------------------------------------------------
    def reload(self, select: str = "", note: str = "") -> None:
        """List the models again; `note` (the last operation's sentence) stays shown."""
        directory, ws = self.directory, self.workspace
        self._busy(True)
        self.message.setText(note or "Checking the models…")

        def work(_ctx: JobContext) -> tuple[list[M.ModelReport], dict[str, Any], str]:
            manifest = M.load_manifest(directory)
            try:  # what the pipeline will load (ENCLAVE_MODEL, the only GGUF, the default)
                chosen = model_in_use(ws, directory).name
            except ModelError:
                chosen = ""
            return M.model_reports(directory), manifest, chosen

        Op(self, work).success(lambda r: self._fill(*r, select=select, note=note)) \
            .failure(self._failed).run_in_background()

    def _fill(self, reports: list[M.ModelReport], manifest: dict[str, Any], chosen: str,
              select: str = "", note: str = "") -> None:
        self.reports, self.manifest = reports, manifest
        entries = manifest.get("models", {})
        self.table.setRowCount(len(reports))
        for row, r in enumerate(reports):
            size = f"{r.size / 1e6:,.0f} MB" if r.size is not None else "—"
            in_use = "● in use" if r.name == chosen else ""
            if r.name == manifest.get("default"):
                in_use = (in_use + " (default)").strip()
            for col, text in ((NAME, r.name), (SIZE, size), (DETAILS, _details(r)),
                              (STATUS, status_text(r, entries.get(r.name))), (IN_USE, in_use)):
                item = QTableWidgetItem(text)
                item.setToolTip(r.problem or r.sha256 or "")
                self.table.setItem(row, col, item)
            if r.name == (select or chosen):
                self.table.selectRow(row)
        self._busy(False)
        self.listed.emit()
        if note:
            self.done.emit(note)
        elif not reports:
            self.message.setText("No model yet: add a GGUF file.")
        else:
            self.message.setText(f"{len(reports)} model(s). The next document is processed "
                                 f"with {chosen or 'the default model'}.")

    def current(self) -> M.ModelReport | None:
        row = self.table.currentRow()
        if not self.table.selectionModel().hasSelection() or not 0 <= row < len(self.reports):
            return None
        return self.reports[row]

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        self.add_btn.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        r = self.current()
        idle = not self.busy
        self.verify_btn.setEnabled(idle and r is not None and r.status != M.MISSING)
        self.use_btn.setEnabled(idle and r is not None and r.ok)

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.done.emit(sentence)

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.cancel_btn.hide()
        self._busy(False)
        if isinstance(exc, Cancelled):
            self._say("Cancelled; nothing was added.")
            return
        text = str(exc) if isinstance(exc, EnclaveError) else f"That did not work ({exc})."
        self._say("✗ " + for_window(text))

    # -- add -------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a GGUF model", str(Path.home()),
                                              "GGUF models (*.gguf);;All files (*)")
        if path:
            self.add_file(Path(path))

    def add_file(self, src: Path) -> None:
        """Copy `src` into models/ off the GUI thread; asks first before replacing a model."""
        name = src.name if src.name.endswith(".gguf") else src.name + ".gguf"
        if M.name_taken(name, self.directory) and src.resolve() != (self.directory / name) \
                .resolve():
            self.question = QMessageBox(
                QMessageBox.Icon.Question, "Replace the installed model?",
                f"A model named {name} is already installed. Replace it with this file? To "
                "keep both, rename the file first.", QMessageBox.StandardButton.Cancel, self)
            replace = self.question.addButton("Replace", QMessageBox.ButtonRole.AcceptRole)
            self.question.finished.connect(
                lambda _r: self._copy(src, force=True)
                if self.question and self.question.clickedButton() is replace
                else self._say("Nothing was added."))
            self.question.open()
            return
        self._copy(src, force=False)

    def _copy(self, src: Path, force: bool) -> None:
        directory = self.directory
        self._busy(True)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_btn.show()
        self.message.setText(f"Copying {src.name} into {directory}…")

        def work(ctx: JobContext) -> M.ModelReport:
            last = [-1]

            def progress(done: int, total: int) -> None:
                ctx.check()  # Cancel: the copy stops and its partial file is removed
                pct = done * 100 // max(total, 1)
                if pct != last[0]:  # one signal per percent, not per megabyte
                    last[0] = pct
                    ctx.report(pct)

            return M.add_model(src, directory, force=force, progress=progress)

        self.copy = Op(self, work).progress(self.progress.setValue) \
            .success(self._added).failure(self._failed).run_in_background()
        self._copies.append(self.copy)

    def _added(self, report: M.ModelReport) -> None:
        self.progress.setValue(100)
        self.cancel_btn.hide()
        i = report.info
        what = f"{i.architecture}, {format_params(i.parameters)} parameters, {i.quantization}" \
            if i else "GGUF"
        self.reload(select=report.name, note=(
            f"✓ Added {report.name} ({what}); its SHA-256 {(report.sha256 or '')[:12]}… is "
            "recorded as added by you. Choose “Use this model” to process documents with it."))

    # -- verify and choose -----------------------------------------------------------------
    def verify_current(self) -> None:
        r = self.current()
        if r is None:
            return
        directory, entry = self.directory, self.manifest.get("models", {}).get(r.name)
        self._busy(True)
        self.message.setText(f"Hashing {r.name}…")

        def work(_ctx: JobContext) -> tuple[M.ModelReport, bool]:
            if entry is None and r.status == M.UNKNOWN:
                # Not in the manifest: record it as the user's, with the hash it has now.
                return M.add_model(r.path, directory), True
            return M.inspect_model(r.path, entry, full_hash=True, directory=directory), False

        Op(self, work).success(lambda res: self._verified(*res)) \
            .failure(self._failed).run_in_background()

    def _verified(self, report: M.ModelReport, recorded: bool) -> None:
        digest = (report.sha256 or "")[:12]
        if recorded:
            text = (f"✓ {report.name} was not in the manifest; its SHA-256 {digest}… is now "
                    "recorded as added by you.")
        elif report.ok:
            text = f"✓ {report.name} matches its SHA-256 in the manifest ({digest}…)."
        else:
            text = "✗ " + for_window(report.problem or f"{report.name}: {report.status}")
        self.reload(select=report.name, note=text)

    def use_current(self) -> None:
        r = self.current()
        if r is None:
            return
        ws, directory = self.workspace, self.directory
        self._busy(True)
        self.message.setText(f"Checking {r.name}…")
        Op(self, lambda _ctx: choose_model(ws, r.name, directory)) \
            .success(lambda _rep: self._chosen(r.name)).failure(self._failed) \
            .run_in_background()

    def _chosen(self, name: str) -> None:
        self.model_chosen.emit(name)
        self.reload(select=name, note=f"✓ The next document is processed with {name}.")
