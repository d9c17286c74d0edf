""""Ask a larger model…": prepare (off the GUI thread) → consent dialog → send → show the answer.

With several documents selected it is a listed batch: every request is prepared, the batch
consent dialog pages through every exact payload, and one confirmation covers exactly those;
one document's failure is reported for that document and leaves the others.

The core's `Escalator` is the only way out; this module only asks the user. The dialog shows the
exact bytes the core would send (and a readable rendering of the same messages), the
destination and the identifier counts; cancelling records a decline and sends nothing.
Preparing and sending run on the model lane: they use the shared analyzer, which must not race
the pipeline.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.ui.consent import BatchConsentDialog, BatchConsentPayload, ConsentDialog, ConsentPayload
from app.ui.jobs import Op
from app.ui.session import Session


class EscalationFlow(QObject):
    finished = Signal(str, object)  # doc_id, Outcome (None when declined)
    message = Signal(str)  # one sentence for the status line
    failed = Signal(object)  # exception
    batch_finished = Signal(object)  # list of BatchItem (empty when declined)

    def __init__(self, session: Session, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.parent_widget = parent_widget
        self.escalator: Any = None  # tests inject one with a mock transport
        self.dialog: ConsentDialog | None = None
        self.batch_dialog: BatchConsentDialog | None = None

    def _escalator(self) -> Any:
        if self.escalator is None:
            from app.core.routing.egress import Escalator  # deferred: httpx, the tier stack

            # The session's analyzer: it runs in its own process, so re-analysing a payload
            # never holds this process's GIL (spaCy loaded here would stall the window).
            self.escalator = Escalator(
                self.session.workspace, analyzer=self.session.pipeline.analyzer
            )
        return self.escalator

    def available(self) -> bool:
        """Is a tier configured? Read from the workspace's settings; building the escalator
        (pseudonymizer, profiles) waits for the first escalation, off the start-up path."""
        from app.core.routing.tiers import TierRegistry  # deferred: httpx, after first paint

        try:
            return bool(TierRegistry(self.session.workspace).all())
        except Exception:  # noqa: BLE001 - tiers unreadable: no escalation offered
            return False

    def _tier(self, tier: str | None) -> str | None:
        tiers = self._escalator().tiers.all()
        if not tiers:
            self.message.emit("No larger model is configured (add a tier in Settings › Tiers);"
                              " nothing was sent.")
            return None
        # On-premises first: it keeps data inside the organisation.
        return tier or next((t.name for t in tiers if not t.external), tiers[0].name)

    def start(self, doc_id: str, fields: list[str] | None = None, tier: str | None = None,
              summary: bool = False) -> None:
        """Ask about `fields` (None: those that need review) or, with `summary`, the summary."""
        if not doc_id:
            self.message.emit("Open a document first.")
            return
        esc = self._escalator()
        chosen = self._tier(tier)
        if chosen is None:
            return
        self.message.emit("Preparing a redacted request…")
        Op(self, lambda _ctx: esc.prepare(doc_id, chosen, fields, summary), lane="model") \
            .success(self._ask).failure(self.failed.emit).run_in_background()

    def _ask(self, prepared: Any) -> None:
        p = prepared.payload
        payload = ConsentPayload(
            redacted_text=p.text, destination=p.destination,
            tier="cloud" if prepared.tier.external else "on-premises", counts=dict(p.counts),
            purpose=_purpose(p), readable=p.preview())
        self.dialog = ConsentDialog(payload, self.parent_widget)
        # Window-modal but non-blocking: the event loop (and the queue) keeps running.
        self.dialog.finished.connect(lambda _code: self._answered(prepared))
        self.dialog.open()

    def _answered(self, prepared: Any) -> None:
        dialog, self.dialog = self.dialog, None
        esc = self._escalator()
        doc_id = prepared.payload.doc_id
        if dialog is None or dialog.result() != QDialog.DialogCode.Accepted or not dialog.consented:
            Op(self, lambda _ctx: esc.decline(prepared)) \
                .success(lambda _r: self._declined(doc_id)).failure(self.failed.emit) \
                .run_in_background()
            return
        self.message.emit(f"Sending to {prepared.payload.destination}…")
        Op(self, lambda _ctx: esc.send(prepared, esc.consent(prepared)), lane="model") \
            .success(lambda outcome: self._sent(doc_id, outcome)) \
            .failure(self.failed.emit).run_in_background()

    def _declined(self, doc_id: str) -> None:
        self.message.emit("Not sent. The local result is unchanged.")
        self.session.audit_changed.emit()
        self.finished.emit(doc_id, None)

    def _sent(self, doc_id: str, outcome: Any) -> None:
        tier = "the cloud" if outcome.source == "cloud" else "the on-premises model"
        got = [n.replace("_", " ") for n in outcome.accepted]
        what = ", ".join(got) if got else ("the summary" if outcome.summary else "nothing")
        self.message.emit(f"Answer from {tier} ({outcome.tier}): updated {what}; re-identified"
                          " on this machine.")
        self.session.document_changed.emit(doc_id)
        self.session.audit_changed.emit()
        self.finished.emit(doc_id, outcome)

    # -- a listed batch: several documents, one destination, one consent ---------------------
    def start_batch(self, doc_ids: list[str], fields: list[str] | None = None,
                    tier: str | None = None) -> None:
        if not doc_ids:
            self.message.emit("Select the documents to send first.")
            return
        esc = self._escalator()
        chosen = self._tier(tier)
        if chosen is None:
            return
        self.message.emit(f"Preparing {len(doc_ids)} redacted requests…")

        def prepare(_ctx: object) -> tuple[Any, dict[str, str]]:
            from app.core.routing.batch import prepare_batch  # deferred: httpx, the tier stack

            batch = prepare_batch(esc, doc_ids, chosen, fields)
            docs = (esc.ws.documents.get(d) for d in batch.doc_ids)
            return batch, {d: (doc.name if doc else d) for d, doc in zip(batch.doc_ids, docs,
                                                                          strict=True)}

        Op(self, prepare, lane="model").success(lambda r: self._ask_batch(*r)) \
            .failure(self.failed.emit).run_in_background()

    def _ask_batch(self, batch: Any, names: dict[str, str]) -> None:
        if not batch.prepared:
            why = "; ".join(f"{names[d]}: {e}" for d, e in batch.refused.items())
            self.message.emit(f"No request could be prepared; nothing was sent ({why})")
            self.batch_finished.emit([])
            return
        requests = tuple(ConsentPayload(
            redacted_text=p.payload.text, destination=p.payload.destination,
            tier="cloud" if p.tier.external else "on-premises", counts=dict(p.payload.counts),
            purpose=_purpose(p.payload), readable=p.payload.preview(),
            label=names[p.payload.doc_id]) for p in batch.prepared)
        payload = BatchConsentPayload(
            destination=batch.tier.destination,
            tier="cloud" if batch.tier.external else "on-premises", requests=requests,
            refused=tuple(f"{names[d]}: {e}" for d, e in batch.refused.items()))
        self.batch_dialog = BatchConsentDialog(payload, self.parent_widget)
        self.batch_dialog.finished.connect(lambda _code: self._answered_batch(batch, names))
        self.batch_dialog.open()

    def _answered_batch(self, batch: Any, names: dict[str, str]) -> None:
        # deferred: httpx and the tier stack load with the first escalation, not at start-up
        from app.core.routing.batch import consent_batch, decline_batch, send_batch

        dialog, self.batch_dialog = self.batch_dialog, None
        esc = self._escalator()
        if dialog is None or not dialog.consented:
            Op(self, lambda _ctx: decline_batch(esc, batch)) \
                .success(lambda _r: self._batch_declined()).failure(self.failed.emit) \
                .run_in_background()
            return
        self.message.emit(f"Sending {len(batch.prepared)} requests to {batch.tier.destination}…")
        Op(self, lambda _ctx: send_batch(esc, batch, consent_batch(esc, batch)), lane="model") \
            .success(lambda items: self._batch_sent(items, names)) \
            .failure(self.failed.emit).run_in_background()

    def _batch_declined(self) -> None:
        self.message.emit("Not sent. Every local result is unchanged.")
        self.session.audit_changed.emit()
        self.batch_finished.emit([])

    def _batch_sent(self, items: list[Any], names: dict[str, str]) -> None:
        ok = [i for i in items if i.ok]
        bad = [f"{names.get(i.doc_id, i.doc_id)}: {i.error}" for i in items if not i.ok]
        msg = f"Answers for {len(ok)} of {len(items)} documents, re-identified on this machine."
        if bad:  # one sentence per document that failed; its local result stays
            msg += " Not updated — " + " ".join(bad)
        self.message.emit(msg)
        for i in ok:
            self.session.document_changed.emit(i.doc_id)
        self.session.audit_changed.emit()
        self.batch_finished.emit(items)


def _purpose(p: Any) -> str:
    return (f"Re-check {', '.join(f.replace('_', ' ') for f in p.fields)}" if p.fields
            else "Write a better summary")
