"""The centre pane of the clerk's window: one scanned page, zoomable, with highlighted fields.

Decoding happens in a worker (run_task); the GUI thread only turns the finished QImages into
QPixmaps. Each load carries a generation number, so when the clerk pages quickly only the
last page asked for is shown and older results are dropped (or skipped before they start).

Zoom. `zoom_factor()` is the size of one stored image pixel in device-independent pixels
(the units of the view transform). "100 %" ("actual") means one scanned pixel on one physical
screen pixel, i.e. zoom_factor() == 1 / devicePixelRatio: the sharpest, unresampled look at a
scan, which is what a clerk checking a faint stamp wants. The percentage in the toolbar is in
the same physical-pixel terms. Fit width and fit page leave PAGE_MARGIN pixels around the page
and refit whenever the view changes size; the chosen mode carries over to the next page.

Sharpness when zoomed out: a 2480 px page drawn at 700 px with bilinear filtering alone
aliases thin strokes, so the worker also makes half, quarter, ... size copies (PIL's box
`reduce`) and painting picks the smallest one that still has a pixel per device pixel.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PIL import Image, UnidentifiedImageError
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QBrush,
    QColor,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from scanstation.ui.tasks import run_task
from scanstation.ui.thumbnails import qimage_from_pil

log = logging.getLogger("scanstation.ui.page_viewer")

ZOOM_MODES = ("fit_width", "fit_page", "actual", "custom")
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.03, 8.0  # in physical screen pixels per image pixel
SMALLEST_LEVEL = 256  # stop making reduced copies below this many pixels on the short side


@dataclass(frozen=True)
class Highlight:
    """A found field on the page, in stored-image pixels (before rotation)."""

    x: float
    y: float
    w: float
    h: float
    label: str
    kind: str  # "cpr" | "case" | "barcode" | ...


_KIND_COLOURS = {
    "cpr": QColor(220, 40, 40),
    "case": QColor(30, 110, 220),
    "barcode": QColor(20, 150, 60),
}
_OTHER_COLOUR = QColor(230, 140, 0)


@dataclass
class DecodedPage:
    """What the worker hands back: the full-size picture and smaller copies, largest first."""

    path: Path
    width: int
    height: int
    levels: list[QImage] = field(default_factory=list)


def decode_page(path: Path) -> DecodedPage:
    """Read a page file into display-ready QImages. Runs in a worker thread."""
    with Image.open(path) as image:
        image.load()
        levels = []
        current = image
        while True:
            qimage = qimage_from_pil(current)
            # Convert here, not on the GUI thread: QPixmap.fromImage is then a plain copy and
            # painting needs no per-frame format conversion.
            opaque = not qimage.hasAlphaChannel()
            levels.append(qimage.convertToFormat(
                QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32_Premultiplied))
            if min(current.size) < 2 * SMALLEST_LEVEL or len(levels) >= 5:
                break
            current = (current if current.mode in ("L", "RGB", "RGBA") else current.convert("L")).reduce(2)
        return DecodedPage(Path(path), image.width, image.height, levels)


class _PageItem(QGraphicsItem):
    """The page in scene coordinates = stored-image pixels; paints the best-sized copy."""

    def __init__(self, width: int, height: int, pixmaps: list[QPixmap]) -> None:
        super().__init__()
        self._rect = QRectF(0, 0, width, height)
        self._pixmaps = pixmaps  # largest first

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        transform = painter.worldTransform()
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        needed = math.hypot(transform.m11(), transform.m12()) * dpr  # device px per image px
        chosen = self._pixmaps[0]
        for pixmap in self._pixmaps[1:]:
            if pixmap.width() >= needed * self._rect.width() * 0.99:
                chosen = pixmap
        painter.fillRect(self._rect, Qt.GlobalColor.white)  # paper under any transparency
        painter.drawPixmap(self._rect, chosen, QRectF(chosen.rect()))


class _PageView(QGraphicsView):
    """QGraphicsView that reports Ctrl+wheel and size changes instead of handling them."""

    zoom_wheel = Signal(float, QPointF)  # steps (+ = in), viewport position
    resized = Signal()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0  # fractional for smooth touchpads
            if steps:
                self.zoom_wheel.emit(steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class PageViewer(QWidget):
    """Shows one scanned page. See the module docstring for what the zoom numbers mean."""

    next_page_requested = Signal()
    previous_page_requested = Signal()
    page_shown = Signal(str)  # the path of the page now on screen
    zoom_changed = Signal(float)  # zoom_factor()

    PAGE_MARGIN = 8  # screen pixels around the page in the fit modes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._generation = _Generation()
        self._current_path: Path | None = None
        self._loading = False
        self._rotation = 0
        self._dimmed = False
        self._highlights: tuple[Highlight, ...] = ()
        self._zoom_mode = "fit_width"
        self._custom_scale = 1.0  # physical px per image px, for "custom"
        self._page_item: _PageItem | None = None
        self._highlight_items: list[QGraphicsRectItem] = []

        self._scene = QGraphicsScene(self)
        self.view = _PageView(self._scene, self)
        self.view.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # we anchor by hand
        self.view.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Mid))
        self.view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.view.zoom_wheel.connect(self._on_zoom_wheel)
        self.view.resized.connect(self._on_view_resized)

        self._build_actions()
        self._toolbar = QToolBar(self)
        self._toolbar.setIconSize(QSize(18, 18))
        self._toolbar.addAction(self.previous_page_action)
        self._toolbar.addAction(self.next_page_action)
        self._toolbar.addSeparator()
        self._toolbar.addAction(self.zoom_out_action)
        self._zoom_label = QLabel(self._toolbar)
        self._zoom_label.setMinimumWidth(self._zoom_label.fontMetrics().horizontalAdvance("8888 %"))
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._zoom_label.setToolTip(self.tr("Zoom (100 % = one scanned pixel per screen pixel)"))
        self._toolbar.addWidget(self._zoom_label)
        self._toolbar.addAction(self.zoom_in_action)
        self._toolbar.addSeparator()
        self._toolbar.addAction(self.fit_width_action)
        self._toolbar.addAction(self.fit_page_action)
        self._toolbar.addAction(self.actual_size_action)

        # Messages ("Loading…", errors) float over the view; a child of this widget rather
        # than of the viewport, because the viewport scrolls its children along with the page.
        self._message = QLabel(self)
        self._message.setObjectName("pageViewerMessage")
        self._message.setWordWrap(True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._message.setAutoFillBackground(True)
        self._message.setMargin(12)
        self._message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.view)
        self._update_zoom_ui()

    # ----------------------------------------------------------------- public API

    @property
    def current_path(self) -> Path | None:
        """The page shown, or being loaded to be shown; None when cleared."""
        return self._current_path

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def zoom_mode(self) -> str:
        return self._zoom_mode

    @property
    def rotation(self) -> int:
        return self._rotation

    def zoom_factor(self) -> float:
        """Device-independent pixels per stored-image pixel (the view's scale)."""
        transform = self.view.transform()
        return math.hypot(transform.m11(), transform.m12())

    def show_page(
        self,
        path: str | Path,
        *,
        rotation: int = 0,
        highlights: Sequence[Highlight] = (),
        dimmed: bool = False,
    ) -> None:
        """Start loading `path`; `page_shown` fires once it is on screen. Returns at once."""
        rotation = _checked_rotation(rotation)
        path = Path(path)
        generation = self._generation.next()
        self._current_path = path
        self._rotation, self._highlights, self._dimmed = rotation, tuple(highlights), dimmed
        self._loading = True
        if self._page_item is not None:
            self._page_item.setOpacity(0.3)  # the old page stays faintly until the new one is in
        self._show_message(self.tr("Loading…"), light=True)

        ticket = self._generation

        def load() -> DecodedPage | None:
            if ticket.value != generation:
                return None  # superseded before it started: don't spend the time
            return decode_page(path)

        run_task(load, lambda page: self._on_loaded(generation, page),
                 lambda exc: self._on_load_failed(generation, path, exc))

    def clear(self, message: str = "") -> None:
        """Show no page; `message` (already translated) in its place, if given."""
        self._generation.next()
        self._current_path = None
        self._loading = False
        self._highlights = ()
        self._remove_page()
        if message:
            self._show_message(message)
        else:
            self._message.hide()

    def set_rotation(self, rotation: int) -> None:
        """Turn the page on screen without reloading it (degrees clockwise, multiple of 90)."""
        self._rotation = _checked_rotation(rotation)
        self._apply_zoom(anchor=None)

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        self._highlights = tuple(highlights)
        if self._page_item is not None:
            self._make_highlight_items()

    def set_dimmed(self, dimmed: bool) -> None:
        self._dimmed = dimmed
        if self._page_item is not None and not self._loading:
            self._page_item.setOpacity(0.4 if dimmed else 1.0)

    def show_found(self, kinds: Sequence[str]) -> Highlight | None:
        """Bring the first field of `kinds` found on the shown page into view (the clerk is about
        to type it): at least fit-width zoom, centred on its box. Ctrl+0 gives the whole page back."""
        if self._page_item is None or self._loading:
            return None
        found = next((h for h in self._highlights if h.kind in kinds), None)
        if found is None:
            return None
        if self._zoom_mode == "fit_page":
            self.set_zoom_mode("fit_width")
        box = QRectF(found.x, found.y, found.w, found.h)
        self.view.centerOn(box.center())
        self.view.ensureVisible(box, 10, 10)
        return found

    def visible_rect(self) -> QRectF:
        """The part of the page (scene, stored-image pixels) on screen now."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def highlight_items(self) -> list[QGraphicsRectItem]:
        return list(self._highlight_items)

    def set_navigation_enabled(self, previous: bool, next: bool) -> None:  # noqa: A002
        self.previous_page_action.setEnabled(previous)
        self.next_page_action.setEnabled(next)

    def fit_width(self) -> None:
        self.set_zoom_mode("fit_width")

    def fit_page(self) -> None:
        self.set_zoom_mode("fit_page")

    def actual_size(self) -> None:
        self.set_zoom_mode("actual")

    def set_zoom_mode(self, mode: str) -> None:
        if mode not in ZOOM_MODES:
            raise ValueError(f"unknown zoom mode {mode!r}")
        if mode == "custom":
            self._custom_scale = self.zoom_factor() * self._dpr() or 1.0
        self._zoom_mode = mode
        self._apply_zoom(anchor=None)

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to `factor` (as zoom_factor() counts), keeping `anchor` (viewport position,
        default the centre) over the same spot of the page."""
        self._zoom_mode = "custom"
        self._custom_scale = min(MAX_ZOOM, max(MIN_ZOOM, factor * self._dpr()))
        self._apply_zoom(anchor=anchor)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    # ----------------------------------------------------------------- loading

    def _on_loaded(self, generation: int, page: DecodedPage | None) -> None:
        if not shiboken6.isValid(self) or generation != self._generation.value or page is None:
            return  # this widget is gone, or a newer show_page/clear took over
        self._loading = False
        self._message.hide()
        self._remove_page()
        pixmaps = [QPixmap.fromImage(level) for level in page.levels]
        self._page_item = _PageItem(page.width, page.height, pixmaps)
        self._page_item.setOpacity(0.4 if self._dimmed else 1.0)
        self._scene.addItem(self._page_item)
        self._make_highlight_items()
        self._apply_zoom(anchor=None)
        self._scroll_to_top()
        self.page_shown.emit(str(page.path))

    def _on_load_failed(self, generation: int, path: Path, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation.value:
            return
        self._loading = False
        self._remove_page()
        if isinstance(exc, FileNotFoundError):
            reason = self.tr("The file does not exist.")
        elif isinstance(exc, PermissionError):
            reason = self.tr("ScanStation may not read the file.")
        elif isinstance(exc, (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)):
            reason = self.tr("The file is damaged or is not a picture.")
        else:
            reason = self.tr("Unexpected error: {error}").format(error=exc)
        log.warning("could not show page %s: %s", path, exc)
        self._show_message(self.tr("Could not show the page “{name}”.").format(name=path.name) + "\n" + reason)

    def _remove_page(self) -> None:
        for item in self._highlight_items:
            self._scene.removeItem(item)
        self._highlight_items = []
        if self._page_item is not None:
            self._scene.removeItem(self._page_item)
            self._page_item = None
        self._scene.setSceneRect(QRectF())
        self._update_zoom_ui()

    def _make_highlight_items(self) -> None:
        for item in self._highlight_items:
            self._scene.removeItem(item)
        self._highlight_items = []
        for highlight in self._highlights:
            colour = _KIND_COLOURS.get(highlight.kind, _OTHER_COLOUR)
            item = QGraphicsRectItem(highlight.x, highlight.y, highlight.w, highlight.h)
            fill = QColor(colour)
            fill.setAlpha(60)
            edge = QColor(colour)
            edge.setAlpha(200)
            pen = QPen(edge, 2)
            pen.setCosmetic(True)  # 2 screen pixels at any zoom
            item.setPen(pen)
            item.setBrush(QBrush(fill))
            item.setToolTip(highlight.label)
            item.setZValue(1)
            item.setData(0, highlight)
            self._scene.addItem(item)
            self._highlight_items.append(item)

    # ----------------------------------------------------------------- zoom

    def _dpr(self) -> float:
        return self.view.viewport().devicePixelRatioF() or 1.0

    def _displayed_size(self) -> tuple[float, float]:
        """The page's width and height on screen at scale 1, after rotation."""
        rect = self._page_item.boundingRect()
        if self._rotation in (90, 270):
            return rect.height(), rect.width()
        return rect.width(), rect.height()

    def _target_scale(self) -> float:
        """Device-independent pixels per image pixel for the current mode."""
        if self._zoom_mode == "actual":
            return 1.0 / self._dpr()
        if self._zoom_mode == "custom":
            return self._custom_scale / self._dpr()
        width, height = self._displayed_size()
        room = self.view.maximumViewportSize()  # the viewport's size without scrollbars
        margin = 2 * self.PAGE_MARGIN + 1  # +1: no horizontal scrollbar from rounding
        if self._zoom_mode == "fit_page":
            return max(1e-3, min((room.width() - margin) / width, (room.height() - margin) / height))
        scale = (room.width() - margin) / width
        if height * scale + margin > room.height():  # a vertical scrollbar will take room
            scale = (room.width() - self.view.verticalScrollBar().sizeHint().width() - margin) / width
        return max(1e-3, scale)

    def _apply_zoom(self, anchor: QPointF | None) -> None:
        if self._page_item is None:
            self._update_zoom_ui()
            return
        viewport = self.view.viewport()
        if anchor is None:
            anchor = QPointF(viewport.width() / 2, viewport.height() / 2)
        inverse, invertible = self.view.viewportTransform().inverted()
        fixed_point = inverse.map(anchor)  # the page spot under the anchor, kept there

        scale = self._target_scale()
        page = self._page_item.boundingRect()
        room = self.PAGE_MARGIN / scale
        self._scene.setSceneRect(page.adjusted(-room, -room, room, room))
        self.view.setTransform(QTransform().rotate(self._rotation).scale(scale, scale))

        if invertible and page.contains(fixed_point):
            drift = self.view.viewportTransform().map(fixed_point) - anchor
            for bar, delta in ((self.view.horizontalScrollBar(), drift.x()),
                               (self.view.verticalScrollBar(), drift.y())):
                bar.setValue(bar.value() + round(delta))
        self._update_zoom_ui()

    def _scroll_to_top(self) -> None:
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().minimum())
        if self._zoom_mode in ("actual", "custom"):  # read from the top left, like paper
            self.view.horizontalScrollBar().setValue(self.view.horizontalScrollBar().minimum())

    def _on_zoom_wheel(self, steps: float, position: QPointF) -> None:
        if self._page_item is not None:
            self.set_zoom(self.zoom_factor() * ZOOM_STEP ** steps, anchor=position)

    def _on_view_resized(self) -> None:
        if self._zoom_mode in ("fit_width", "fit_page") and self._page_item is not None:
            self._apply_zoom(anchor=None)
        self._place_message()

    def _update_zoom_ui(self) -> None:
        for mode, action in self._mode_actions.items():
            action.setChecked(mode == self._zoom_mode)
        has_page = self._page_item is not None
        self.zoom_in_action.setEnabled(has_page and self.zoom_factor() * self._dpr() < MAX_ZOOM * 0.999)
        self.zoom_out_action.setEnabled(has_page and self.zoom_factor() * self._dpr() > MIN_ZOOM * 1.001)
        if self._page_item is None:
            self._zoom_label.setText("")
        else:
            percent = round(self.zoom_factor() * self._dpr() * 100)
            self._zoom_label.setText(self.tr("{percent} %").format(percent=percent))
        self.zoom_changed.emit(self.zoom_factor())

    # ----------------------------------------------------------------- messages

    def _show_message(self, text: str, *, light: bool = False) -> None:
        self._message.setText(text)
        self._message.setProperty("light", light)
        palette = self._message.palette()
        background = QColor(self.palette().color(QPalette.ColorRole.Window))
        background.setAlpha(200 if light else 235)
        palette.setColor(QPalette.ColorRole.Window, background)
        self._message.setPalette(palette)
        self._message.show()
        self._message.raise_()
        self._place_message()

    def _place_message(self) -> None:
        if self._message.isHidden():
            return
        area = self.view.geometry()
        width = min(area.width() - 16, max(220, area.width() * 2 // 3))
        height = self._message.heightForWidth(width)
        height = max(height, self._message.sizeHint().height())
        self._message.setGeometry(area.x() + (area.width() - width) // 2,
                                  area.y() + max(8, area.height() // 3 - height // 2), width, height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_message()

    def message_text(self) -> str:
        """The message over the view ('' when none): loading, errors, or clear()'s message."""
        return "" if self._message.isHidden() else self._message.text()

    # ----------------------------------------------------------------- actions

    def _build_actions(self) -> None:
        def action(text: str, icon: str, shortcuts: list, slot, tip: str) -> QAction:
            act = QAction(QIcon.fromTheme(icon), text, self)
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            # Only while focus is in the viewer: the main window keeps its own shortcuts.
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut_text = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{tip} ({shortcut_text})" if shortcut_text else tip)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.previous_page_action = action(
            self.tr("Previous page"), "go-previous", [Qt.Key.Key_PageUp],
            self.previous_page_requested.emit, self.tr("Previous page"))
        self.next_page_action = action(
            self.tr("Next page"), "go-next", [Qt.Key.Key_PageDown],
            self.next_page_requested.emit, self.tr("Next page"))
        self.zoom_in_action = action(
            self.tr("Zoom in"), "zoom-in", ["Ctrl++", "Ctrl+="], self.zoom_in, self.tr("Zoom in"))
        self.zoom_out_action = action(
            self.tr("Zoom out"), "zoom-out", ["Ctrl+-"], self.zoom_out, self.tr("Zoom out"))
        self.fit_page_action = action(
            self.tr("Fit page"), "zoom-fit-best", ["Ctrl+0"], self.fit_page,
            self.tr("Show the whole page"))
        self.actual_size_action = action(
            self.tr("100 %"), "zoom-original", ["Ctrl+1"], self.actual_size,
            self.tr("One scanned pixel per screen pixel"))
        self.fit_width_action = action(
            self.tr("Fit width"), "zoom-fit-width", ["Ctrl+2"], self.fit_width,
            self.tr("Fit the page to the width of the view"))
        self._mode_actions = {
            "fit_width": self.fit_width_action,
            "fit_page": self.fit_page_action,
            "actual": self.actual_size_action,
        }
        group = QActionGroup(self)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for act in self._mode_actions.values():
            act.setCheckable(True)
            group.addAction(act)


class _Generation:
    """The number of the newest load. Workers read it (a plain int) to skip superseded work."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _checked_rotation(rotation: int) -> int:
    if rotation % 90:
        raise ValueError(f"rotation must be a multiple of 90 degrees, not {rotation}")
    return rotation % 360
