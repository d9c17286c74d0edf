"""A read-only table whose rows are chosen one at a time: the lists of the settings pages."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


def list_table(name: str, headers: list[str], stretch: int) -> QTableWidget:
    """Columns sized to their contents but `stretch`, which takes the rest of the width."""
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    head = table.horizontalHeader()
    for col in range(len(headers)):
        head.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col == stretch
                                  else QHeaderView.ResizeMode.ResizeToContents)
    return table
