"""A double feed (TWAIN's TWCC_PAPERDOUBLEFEED) in the operator window: the fault banner says
what happened and what to do, keeps the pages, and Continue resumes the batch.

The demo scanner stands in for the TWAIN one: its jam is swapped for a double feed."""

from scanstation.capture import demo
from scanstation.capture.base import DoubleFeed

from .test_ui_main_window import demo_env, open_window, scan_demo  # noqa: F401 (fixtures)


def test_a_double_feed_shows_what_to_do_and_continue_resumes(qtbot, open_window, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "2")
    monkeypatch.setattr(demo, "PaperJam", lambda _message, device: DoubleFeed(device=device))
    window = open_window()
    result = scan_demo(qtbot, window)
    assert result.pages == 2 and result.fault.code == "double_feed"
    banner = window.fault_banner
    text = banner.text.text()
    assert banner.isVisible() and "Double feed" in text and "back on top of the stack" in text
    assert "2 pages in 1 letter" in text
    monkeypatch.setenv("SCANSTATION_DEMO_JAM_AFTER", "")
    qtbot.waitUntil(banner.continue_button.isEnabled, timeout=3000)  # no answer in its first second
    with qtbot.waitSignal(window.scan_finished, timeout=60000) as finished:
        banner.continue_button.click()
    assert finished.args[0].fault is None
    assert window.station.journal.batch(result.batch_id).status == "complete"
