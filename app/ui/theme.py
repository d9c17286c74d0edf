"""Look and feel: Fusion, a palette that follows the system's light/dark setting, and the
calm style sheet in `resources/style.qss` (written against palette roles, so one sheet serves
both schemes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.core.paths import RESOURCES_DIR

STYLE = RESOURCES_DIR / "style.qss"


def _dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, hexcode in ((roles.Window, "#1f2226"), (roles.WindowText, "#e6e8eb"),
                          (roles.Base, "#16181b"), (roles.AlternateBase, "#22262b"),
                          (roles.Text, "#e6e8eb"), (roles.Button, "#2a2e33"),
                          (roles.ButtonText, "#e6e8eb"), (roles.Highlight, "#3d7be0"),
                          (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#2a2e33"),
                          (roles.ToolTipText, "#e6e8eb"), (roles.PlaceholderText, "#8a9099"),
                          (roles.Link, "#e0a03d"), (roles.Mid, "#3a3f45")):
        p.setColor(role, QColor(hexcode))
    return p


def _light_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, hexcode in ((roles.Window, "#f4f5f7"), (roles.WindowText, "#1d2125"),
                          (roles.Base, "#ffffff"), (roles.AlternateBase, "#f7f8fa"),
                          (roles.Text, "#1d2125"), (roles.Button, "#ffffff"),
                          (roles.ButtonText, "#1d2125"), (roles.Highlight, "#2f6fd6"),
                          (roles.HighlightedText, "#ffffff"), (roles.PlaceholderText, "#8a9099"),
                          (roles.Link, "#b86e00"), (roles.Mid, "#d5d9de")):
        p.setColor(role, QColor(hexcode))
    return p


def is_dark(app: QApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply(app: QApplication) -> None:
    """Style the app now and again whenever the system switches between light and dark."""
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)

    def restyle() -> None:
        app.setPalette(_dark_palette() if is_dark(app) else _light_palette())
        app.setStyleSheet(STYLE.read_text("utf-8") if STYLE.is_file() else "")

    restyle()
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: restyle())
