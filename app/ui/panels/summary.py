"""The summary panel: the summary with its source and page citations, and the router's advice.

Citations are links: clicking "p. 2" asks the window to scroll the document view there.
"Worth a second look" lists the stored route's reasons; the window shows the panel again after
a correction or an escalation changed them. In the redacted view (`set_redacted`) the summary
and the reasons are masked by the findings' texts.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.core.documents import RouteDecision, Summary
from app.core.privacy.masking import mask_terms


class SummaryPanel(QWidget):
    page_requested = Signal(int)
    escalate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self.title = QLabel("Summary", objectName="panelTitle")
        self.body = QTextBrowser(objectName="summaryText", openLinks=False)
        self.body.anchorClicked.connect(self._anchor)
        self.route = QLabel(objectName="routeNote", wordWrap=True)
        self.escalate = QPushButton("Ask a larger model…")
        self.escalate.setToolTip("Send a redacted version to a larger model, after you confirm"
                                 " exactly what leaves this machine (Ctrl+E)")
        self.escalate.setEnabled(False)
        self.escalate.clicked.connect(self.escalate_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.route)
        layout.addWidget(self.escalate)
        self.escalation_available = False
        self.terms: list[str] | None = None  # the redacted view's terms; None: not redacted
        self.clear()

    def clear(self) -> None:
        self.shown: tuple[Summary, RouteDecision | None] | None = None
        self.body.setHtml("")
        self.route.setText("")
        self.route.hide()
        self.escalate.setEnabled(False)

    def set_redacted(self, terms: list[str] | None) -> None:
        """Mask the summary and the reasons with `terms` (None: show them as they are)."""
        self.terms = None if terms is None else list(terms)
        if self.shown is not None:
            self.show_summary(*self.shown)

    def _text(self, text: str) -> str:
        masked = text if self.terms is None else mask_terms(text, self.terms)
        return html.escape(masked)

    def show_summary(self, summary: Summary, route: RouteDecision | None) -> None:
        self.shown = (summary, route)
        cites = ", ".join(f'<a href="page:{p}">p.&nbsp;{p}</a>' for p in summary.citations)
        tier = "on this machine" if summary.source == "local" else f"from the {summary.source} tier"
        meta = f"Generated {tier}" + (f" · cites {cites}" if cites else "")
        text = self._text(summary.text or "No summary.").replace("\n", "<br>")
        self.body.setHtml(f"<p>{text}</p><p style='color:gray'>{meta}</p>")
        if route and route.decision != "local":
            reasons = "".join(f"<li>{self._text(r)}</li>" for r in route.reasons[:6])
            self.route.setText(f"<b>Worth a second look.</b> The router suggests asking a larger"
                               f" model:<ul style='margin:0'>{reasons}</ul>")
            self.route.show()
            self.escalate.setEnabled(self.escalation_available)
            if not self.escalation_available:
                self.escalate.setToolTip("No larger model is configured yet (add one in"
                                         " Settings › Tiers); everything stays on this machine.")
        else:
            self.route.hide()
            self.escalate.setEnabled(False)

    def _anchor(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("page:"):
            self.page_requested.emit(int(s.split(":", 1)[1]))
