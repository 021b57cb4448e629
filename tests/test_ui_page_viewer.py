"""The page viewer: loads off the GUI thread, zooms right, drops stale loads, shows errors."""

from __future__ import annotations

import time

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from scanstation.ui import page_viewer as page_viewer_module
from scanstation.ui.page_viewer import Highlight, PageViewer
from scanstation.ui.tasks import wait_for_all
from scanstation.ui.thumbnails import ThumbnailCache, load_thumbnail, make_thumbnail

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
BLACK_BOX = (100, 200, 400, 300)  # left, top, right, bottom


def page_image(size=(WIDTH, HEIGHT), mode="L") -> Image.Image:
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).rectangle(BLACK_BOX, fill=0)
    return image.convert(mode)


@pytest.fixture(autouse=True)
def no_task_outlives_its_test():
    yield
    assert wait_for_all(10000)
    QApplication.processEvents()  # deliver the last results while the widgets still exist


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page-0001.png"
    page_image().save(path, dpi=(150, 150))
    return path


@pytest.fixture
def viewer(qtbot):
    widget = PageViewer()
    qtbot.addWidget(widget)
    widget.resize(800, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(qtbot, viewer, path, **kwargs):
    with qtbot.waitSignal(viewer.page_shown, timeout=5000) as shown:
        viewer.show_page(path, **kwargs)
        assert viewer.is_loading
    QApplication.processEvents()  # scrollbars show or hide in a queued call
    return shown.args[0]


def on_screen(viewer, rect: QRectF) -> QRectF:
    """Where a scene rectangle lands in the viewport, in device-independent pixels."""
    return viewer.view.viewportTransform().mapRect(rect)


def test_show_page_loads_in_the_background_and_announces_it(qtbot, viewer, page):
    viewer.show_page(page)
    assert viewer.is_loading and viewer.message_text() == "Loading…"
    with qtbot.waitSignal(viewer.page_shown, timeout=5000) as shown:
        pass
    assert shown.args == [str(page)]
    assert viewer.current_path == page and not viewer.is_loading
    assert viewer.message_text() == ""


@pytest.mark.parametrize("zoom", ["fit_page", "fit_width", "actual"])
def test_the_page_is_painted_where_the_view_maps_it(qtbot, viewer, page, zoom):
    show(qtbot, viewer, page)
    getattr(viewer, {"fit_page": "fit_page", "fit_width": "fit_width", "actual": "actual_size"}[zoom])()
    viewer.view.centerOn(250, 250)  # the black box is in view at every zoom
    QApplication.processEvents()
    picture = viewer.view.viewport().grab().toImage()
    dpr = picture.devicePixelRatio()  # the picture is in device pixels (2x on a High-DPI screen)
    box = (on_screen(viewer, QRectF(100, 200, 300, 100)).center() * dpr).toPoint()
    paper = (on_screen(viewer, QRectF(100, 400, 300, 100)).center() * dpr).toPoint()
    assert picture.pixelColor(box).lightness() < 40
    assert picture.pixelColor(paper).lightness() > 220


def test_the_gui_thread_keeps_running_while_a_page_decodes(qtbot, viewer, page, monkeypatch):
    real_decode = page_viewer_module.decode_page

    def slow_decode(path):  # a page that takes long to decode (network drive, huge scan)
        time.sleep(0.4)
        return real_decode(path)

    monkeypatch.setattr(page_viewer_module, "decode_page", slow_decode)
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(viewer.is_loading))
    timer.start()
    try:
        started = time.monotonic()
        show(qtbot, viewer, page)
        assert time.monotonic() - started >= 0.4
    finally:
        timer.stop()
    assert ticks.count(True) >= 5  # the event loop ran many times during the decode


def test_fit_width_is_the_default_and_fills_the_viewport_width(qtbot, viewer, page):
    show(qtbot, viewer, page)
    assert viewer.zoom_mode == "fit_width"
    shown = on_screen(viewer, QRectF(0, 0, WIDTH, HEIGHT))
    room = viewer.view.viewport().width()
    assert room - 2 * PageViewer.PAGE_MARGIN - 3 <= shown.width() <= room - 2 * PageViewer.PAGE_MARGIN
    assert not viewer.view.horizontalScrollBar().isVisible()
    assert viewer.view.verticalScrollBar().isVisible()  # the page is taller than the view


def test_fit_page_shows_the_whole_page(qtbot, viewer, page):
    show(qtbot, viewer, page)
    viewer.fit_page_action.trigger()
    assert viewer.zoom_mode == "fit_page"
    viewport = viewer.view.viewport()
    expected = (viewport.height() - 2 * PageViewer.PAGE_MARGIN) / HEIGHT  # a tall page in a wide view
    assert viewer.zoom_factor() == pytest.approx(expected, rel=0.01)
    shown = on_screen(viewer, QRectF(0, 0, WIDTH, HEIGHT))
    assert QRectF(viewport.rect()).contains(shown)


def test_actual_size_is_one_scanned_pixel_per_screen_pixel(qtbot, viewer, page):
    show(qtbot, viewer, page)
    viewer.actual_size_action.trigger()
    dpr = viewer.view.viewport().devicePixelRatioF()
    assert viewer.zoom_mode == "actual"
    assert viewer.zoom_factor() == pytest.approx(1 / dpr)


def test_zoom_mode_carries_over_and_fit_modes_refit_on_resize(qtbot, viewer, page, tmp_path):
    show(qtbot, viewer, page)
    viewer.fit_page()
    before = viewer.zoom_factor()
    viewer.resize(800, 400)
    qtbot.waitUntil(lambda: viewer.zoom_factor() < before * 0.8)
    other = tmp_path / "page-0002.png"
    page_image().save(other)
    show(qtbot, viewer, other)
    assert viewer.zoom_mode == "fit_page"


def test_zoom_in_and_out_and_their_shortcuts(qtbot, viewer, page):
    show(qtbot, viewer, page)
    start = viewer.zoom_factor()
    viewer.zoom_in_action.trigger()
    assert viewer.zoom_mode == "custom" and viewer.zoom_factor() == pytest.approx(start * 1.25)
    viewer.zoom_out_action.trigger()
    assert viewer.zoom_factor() == pytest.approx(start)
    shortcuts = {a.shortcut().toString() for a in viewer.actions()}
    assert {"Ctrl++", "Ctrl+-", "Ctrl+0", "Ctrl+1", "Ctrl+2", "PgDown", "PgUp"} <= shortcuts
    assert all(a.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut for a in viewer.actions())


def test_ctrl_wheel_zooms_around_the_cursor(qtbot, viewer, page):
    show(qtbot, viewer, page)
    start = viewer.zoom_factor()
    cursor = QPointF(300, 250)
    under_cursor = viewer.view.viewportTransform().inverted()[0].map(cursor)
    event = QWheelEvent(cursor, QPointF(viewer.view.viewport().mapToGlobal(cursor.toPoint())),
                        QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewer.view.viewport(), event)
    assert viewer.zoom_mode == "custom"
    assert viewer.zoom_factor() == pytest.approx(start * 1.25)
    after = viewer.view.viewportTransform().map(under_cursor)
    assert abs(after.x() - cursor.x()) <= 2 and abs(after.y() - cursor.y()) <= 2


def test_rotation_swaps_the_displayed_aspect(qtbot, viewer, page):
    show(qtbot, viewer, page)
    upright = on_screen(viewer, QRectF(0, 0, WIDTH, HEIGHT))
    assert upright.height() > upright.width()
    show(qtbot, viewer, page, rotation=90)
    turned = on_screen(viewer, QRectF(0, 0, WIDTH, HEIGHT))
    assert turned.width() > turned.height()
    assert turned.width() / turned.height() == pytest.approx(HEIGHT / WIDTH, rel=0.01)
    with pytest.raises(ValueError):
        viewer.show_page(page, rotation=45)


def test_a_stale_load_is_dropped_and_the_last_page_asked_for_wins(qtbot, viewer, page, tmp_path):
    second = tmp_path / "page-0002.png"
    page_image(mode="RGB").save(second)
    shown = []
    viewer.page_shown.connect(shown.append)
    viewer.show_page(page)
    viewer.show_page(second)
    qtbot.waitUntil(lambda: not viewer.is_loading, timeout=5000)
    assert wait_for_all(5000)
    QApplication.processEvents()
    assert shown == [str(second)]
    assert viewer.current_path == second


def test_a_damaged_or_missing_file_shows_a_message_not_an_exception(qtbot, viewer, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10)
    viewer.show_page(broken)
    qtbot.waitUntil(lambda: not viewer.is_loading, timeout=5000)
    assert "broken.png" in viewer.message_text() and "damaged" in viewer.message_text()
    viewer.show_page(tmp_path / "gone.png")
    qtbot.waitUntil(lambda: not viewer.is_loading, timeout=5000)
    assert "does not exist" in viewer.message_text()
    assert viewer.highlight_items() == []


def test_clear_shows_its_message(qtbot, viewer, page):
    show(qtbot, viewer, page)
    viewer.clear("No pages in this batch")
    assert viewer.current_path is None and viewer.message_text() == "No pages in this batch"
    assert viewer.view.scene().items() == []


def test_highlights_sit_on_the_page_and_carry_their_label(qtbot, viewer, page):
    cpr = Highlight(x=100, y=200, w=300, h=100, label="CPR 010203-1234", kind="cpr")
    case = Highlight(x=600, y=1500, w=200, h=50, label="Sag 27.00.00-A00-1-24", kind="case")
    show(qtbot, viewer, page, highlights=[cpr, case], rotation=90)
    items = viewer.highlight_items()
    assert [i.toolTip() for i in items] == [cpr.label, case.label]
    assert items[0].mapRectToScene(items[0].rect()) == QRectF(100, 200, 300, 100)
    assert items[1].mapRectToScene(items[1].rect()) == QRectF(600, 1500, 200, 50)
    # On screen it follows the page's rotation: with 90° clockwise, a box near the top edge of
    # the stored image lands near the right edge of the view.
    page_on_screen = on_screen(viewer, QRectF(0, 0, WIDTH, HEIGHT))
    box_on_screen = on_screen(viewer, items[0].rect())
    assert box_on_screen.center().x() > page_on_screen.center().x()
    assert box_on_screen.width() < box_on_screen.height() * 1.0  # 300x100 turned upright: 100 wide


def test_page_keys_ask_for_the_next_and_previous_page(qtbot, viewer, page):
    show(qtbot, viewer, page)
    viewer.activateWindow()
    viewer.setFocus()
    qtbot.waitUntil(lambda: viewer.view.hasFocus())
    with qtbot.waitSignal(viewer.next_page_requested, timeout=1000):
        qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    with qtbot.waitSignal(viewer.previous_page_requested, timeout=1000):
        qtbot.keyClick(viewer.view, Qt.Key.Key_PageUp)
    with qtbot.waitSignal(viewer.next_page_requested, timeout=1000):
        viewer.next_page_action.trigger()  # the toolbar button


def test_a_viewer_closed_mid_load_ignores_the_late_result(qtbot, page):
    widget = PageViewer()
    widget.show_page(page)
    widget.deleteLater()
    QApplication.sendPostedEvents(None, 0)  # deliver the DeferredDelete
    assert wait_for_all(5000)
    QApplication.processEvents()  # the result arrives for a deleted widget: no error


# ------------------------------------------------------------------ thumbnails

@pytest.mark.parametrize(("mode", "qt_format"), [
    ("L", QImage.Format.Format_Grayscale8),
    ("1", QImage.Format.Format_Grayscale8),
    ("RGB", QImage.Format.Format_RGB888),
])
def test_thumbnails_have_the_right_size_and_format(mode, qt_format):
    thumb = make_thumbnail(page_image(mode=mode), max_height=160)
    assert (thumb.width(), thumb.height()) == (round(WIDTH * 160 / HEIGHT), 160)
    assert thumb.format() == qt_format
    # the black box (x 100-400, y 200-300 of 1240x1754) is still black at its scaled place
    assert thumb.pixelColor(20, 22).lightness() < 60
    assert thumb.pixelColor(100, 150).lightness() > 200


def test_thumbnails_own_their_pixels_and_are_not_scaled_up(tmp_path):
    path = tmp_path / "p.png"
    page_image().save(path)
    thumb = load_thumbnail(path, max_height=100)
    assert thumb.height() == 100 and thumb.pixelColor(10, 15).lightness() < 60
    small = make_thumbnail(Image.new("L", (50, 70), 255), max_height=160)
    assert (small.width(), small.height()) == (50, 70)
    with pytest.raises(OSError):
        load_thumbnail(tmp_path / "missing.png")


def test_thumbnail_cache_keeps_the_most_recently_used(qtbot):
    cache = ThumbnailCache(max_entries=3)
    image = make_thumbnail(page_image(), max_height=40)
    for page_id in range(3):
        cache.put((page_id, 0), image)
    assert cache.get((0, 0)) is not None  # now the most recently used
    cache.put((3, 90), image)
    assert len(cache) == 3 and (1, 0) not in cache and (0, 0) in cache
    assert cache.get((3, 90)).height() == 40
    cache.discard_page(3)
    assert (3, 90) not in cache and cache.get((3, 90)) is None
