"""Scanner faults end to end, on real libsane's `test` backend: nothing captured is lost."""

from __future__ import annotations

import pytest

sane = pytest.importorskip("sane")

from scanstation.capture.base import PaperJam, ScanSettings  # noqa: E402
from scanstation.capture.sane import SaneBackend  # noqa: E402
from scanstation.cli import main  # noqa: E402
from scanstation.config import Settings  # noqa: E402
from scanstation.station import Station  # noqa: E402
from tests.signing import user_config_text


def set_fault(name: str, status: str) -> None:
    """What the driver will report on the next read (the test backend keeps it across opens)."""
    device = sane.open(name)
    device.read_return_value = status
    device.close()


@pytest.fixture(autouse=True)
def healthy_scanner():
    yield
    set_fault("test:0", "Default")


class JamsOnFourthPage(SaneBackend):
    pages_read = 0

    def _read_page(self, device):
        JamsOnFourthPage.pages_read += 1
        if JamsOnFourthPage.pages_read == 4:
            device.read_return_value = "SANE_STATUS_JAMMED"
        return super()._read_page(device)


def test_a_jam_keeps_the_pages_before_it_and_the_batch_continues_after_clearing(tmp_path):
    station = Station.open(tmp_path / "data", Settings(station_id="KOEGE1", operator="anna"))
    settings = ScanSettings(source="adf", dpi=75)
    result = station.intake().scan(JamsOnFourthPage(), "sane:test:0", settings)
    assert isinstance(result.fault, PaperJam) and result.pages == 3
    batch = station.journal.batch(result.batch_id)
    assert batch.status == "interrupted" and "Paper jam" in batch.interruption
    assert len(station.journal.pages(result.batch_id)) == 3

    set_fault("test:0", "Default")  # the clerk clears the jam
    more = station.intake().scan(SaneBackend(), "sane:test:0", settings, continue_batch=result.batch_id)
    assert more.fault is None and more.pages == 10  # the test feeder refills with 10 sheets
    pages = station.journal.pages(result.batch_id)
    assert [p.sheet for p in pages] == list(range(1, 14))
    # Without separators the whole continued batch is one letter, cut by nothing.
    documents = station.journal.documents(batch_id=result.batch_id)
    assert len(documents) == 1 and documents[0].status == "awaiting_confirmation"
    assert len(station.journal.document_pages(documents[0].id)) == 13
    station.close()


@pytest.mark.parametrize("status, words", [
    ("SANE_STATUS_JAMMED", "Paper jam. Open the scanner"),
    ("SANE_STATUS_COVER_OPEN", "cover is open"),
    ("SANE_STATUS_NO_DOCS", "no paper in the document feeder"),
    ("SANE_STATUS_IO_ERROR", "Lost the connection"),
    ("SANE_STATUS_DEVICE_BUSY", "busy"),
])
def test_the_scan_command_explains_a_fault_in_one_line(tmp_path, monkeypatch, capsys, status, words):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    user_config = tmp_path / "config" / "ScanStation" / "config.toml"  # not the developer's own settings
    user_config.parent.mkdir(parents=True)
    user_config.write_text(user_config_text(), encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    set_fault("test:0", status)
    code = main(["--data-dir", str(tmp_path / "data"), "scan", "--device", "sane:test:0", "--dpi", "75"])
    err = capsys.readouterr().err
    assert code == 3
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0], err
