"""Zoom to the field found: Tab into the case number, CPR or received date and the page shows
where the reading found it; Ctrl+0 gives the whole page back (issue 15, "what a validation
station has")."""

from __future__ import annotations

import json

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QApplication

from .station_window import press, station_with_letters, window_on  # noqa: F401 - the fixture


def found_near_the_bottom(tmp_path):
    """The first letter (one A4 page, 827 x 1169 px) with a case number and a CPR number read
    near the foot of its page, where fit-width zoom does not reach at first."""
    station = station_with_letters(tmp_path)
    doc = station.journal.documents()[0]
    page = station.journal.document_pages(doc.id)[0].page
    fields = {"case_numbers": [{"value": "2024-0012345", "page_id": page.id, "boxes": [[500, 1080, 200, 30]]}],
              "cprs": [{"value": "210895-****", "page_id": page.id, "boxes": [[100, 1120, 180, 30]]}]}
    station.journal.record_fields(doc.id, fields, case_number="2024-0012345")
    return station


def box_on_screen(window, x, y, w, h) -> bool:
    return window.viewer.visible_rect().contains(QRectF(x, y, w, h))


def test_tab_into_the_case_number_shows_where_it_was_found(qtbot, window_on, tmp_path):  # noqa: F811
    window = window_on(found_near_the_bottom(tmp_path))
    window.resize(1280, 720)
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.current_path is not None and not viewer.is_loading
                    and len(viewer.highlight_items()) == 2, timeout=5000)
    qtbot.wait(50)  # the resize is laid out
    viewer.fit_width()
    assert not box_on_screen(window, 500, 1080, 200, 30)  # the top of the page is shown first

    press(qtbot, Qt.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.case_number, timeout=5000)
    assert box_on_screen(window, 500, 1080, 200, 30)
    assert window.form.case_number.text() == "2024-0012345"  # looking does not change the field

    press(qtbot, Qt.Key_0, Qt.ControlModifier)  # the whole page back, focus stays in the form
    assert viewer.zoom_mode == "fit_page" and viewer.visible_rect().contains(QRectF(0, 0, 827, 1169))
    assert QApplication.focusWidget() is window.form.case_number

    press(qtbot, Qt.Key_P, Qt.AltModifier)  # to the CPR field: its box comes into view, readable again
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.cpr, timeout=5000)
    assert viewer.zoom_mode == "fit_width" and box_on_screen(window, 100, 1120, 180, 30)


def test_a_field_not_found_on_the_page_leaves_the_view_alone(qtbot, window_on, tmp_path):  # noqa: F811
    window = window_on(station_with_letters(tmp_path))
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.current_path is not None and not viewer.is_loading, timeout=5000)
    before = viewer.visible_rect()
    press(qtbot, Qt.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.case_number, timeout=5000)
    assert viewer.visible_rect() == before and json.loads(window.station.journal.documents()[0].fields or "{}") == {}
