"""The Supervisor window says how much of the letters' content the station still holds."""

from __future__ import annotations

from scanstation.config import Settings
from scanstation.ui.supervisor_window import SupervisorWindow
from scanstation.ui.tasks import wait_for_all

from .cli_run import scanstation
from .pages import text_page, write_pages


def shown(qtbot, journal_path, days: int) -> str:
    window = SupervisorWindow(journal_path, Settings(station_id="T1", operator="kim", retention_days=days), [])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.private_label.text() != "", timeout=10000)
    text = window.private_label.text()
    window.close()
    wait_for_all()
    return text


def test_the_supervisor_window_shows_the_private_data_held_before_and_after_a_purge(qtbot, tmp_path):
    write_pages(tmp_path / "in" / "a.tif", [text_page(["Side 1"]), text_page(["Side 2"])])
    write_pages(tmp_path / "in" / "b.png", [text_page(["Brev"])])
    (tmp_path / "drop").mkdir()
    done = scanstation(tmp_path, "--drop", str(tmp_path / "drop"), "process", str(tmp_path / "in"),
                       "--recipient", "jobcenter")
    assert done.returncode == 0, done.stderr
    journal = tmp_path / "data" / "journal.sqlite"
    text = shown(qtbot, journal, 30)
    assert text.startswith("Kept on this station: 2 letters, 3 pages with images or text, ")
    assert text.endswith("; deleted 30 days after export")
    config = tmp_path / "now.toml"
    config.write_text("[retention]\ndays_after_export = 0\n", encoding="utf-8")
    assert scanstation(tmp_path, "--config", str(config), "purge").returncode == 0
    assert shown(qtbot, journal, 0).startswith("Kept on this station: 0 letters, 0 pages with images or text, 0 KB")
