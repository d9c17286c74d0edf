"""Page images of a PDF render off the GUI thread, only when their tab is opened, with a box
per identifier word; the redacted view fills the boxes black without rendering again."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.ui.panels.page_images import boxes

from .conftest import Quick


def test_page_image_with_identifier_boxes(quick: Quick, qtbot) -> None:  # noqa: ANN001
    view = quick.window.document_view
    assert view.images.rendered == [], "nothing is rendered until the tab is looked at"
    view.views.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bool(view.images.rendered), timeout=20_000)
    page = view.images.rendered[0]
    assert not page.image.isNull() and page.image.width() > 600
    assert view.images.drawn_boxes >= len(view.findings) > 0

    rendered = view.images.rendered
    view.redacted.setChecked(True)
    assert view.images.rendered is rendered, "the toggle repaints, it does not re-render"
    label = view.images.widget().layout().itemAt(1).widget()
    first = boxes(view.doc.pages[0], view.findings[:1], page.matrix)[0][0]
    shown = label.pixmap().toImage()
    scale = shown.width() / page.image.width()  # the page is fitted to the column's width
    pixel = shown.pixelColor((first.center() * scale).toPoint())
    assert pixel == QColor(0, 0, 0)
    view.redacted.setChecked(False)
    view.views.setCurrentIndex(0)
