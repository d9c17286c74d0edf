"""The colour legend above the document text: one chip per identifier type, with counts.

A single word-wrapping rich-text label rather than a row of widgets: with many types a row
would force the whole window wider than a laptop screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.ui.pii_colors import color_for, pretty


class Legend(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setWordWrap(True)
        self.chips: dict[str, int] = {}  # entity type → count, in display order

    def set_counts(self, counts: dict[str, int]) -> None:
        self.chips = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        if not counts:
            self.setText("<span style='color:gray'>No identifiers found</span>")
            return
        chips = []
        for entity, n in self.chips.items():
            c = color_for(entity, 120)
            rgba = f"rgba({c.red()},{c.green()},{c.blue()},{c.alpha() / 255:.2f})"
            chips.append(f"<span style='background-color:{rgba}'>&nbsp;{pretty(entity)}"
                         f"&nbsp;<b>{n}</b>&nbsp;</span>")
        self.setText("&nbsp;&nbsp; ".join(chips))
        self.setToolTip("Identifier types found in this document, with how often each occurs")
