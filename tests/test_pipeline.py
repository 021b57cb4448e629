"""Pages processed in real worker processes give the same documents as processing in-process."""

from __future__ import annotations

import json

from scanstation.config import Settings
from scanstation.station import Station

from .test_separation import prepared_stack  # noqa: F401 - the fixture


def summary(station, result):
    return [(station.journal.document(d).started_by,
             [(e.page.seq, e.included, e.excluded_reason, e.page.rotation) for e in station.journal.document_pages(d)])
            for d in result.documents]


def test_worker_processes_place_pages_in_feed_order(tmp_path, prepared_stack, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SCANSTATION_OCR", "0")
    settings = Settings(station_id="KOEGE1", operator="anna")
    inline = Station.open(tmp_path / "inline", settings)
    parallel = Station.open(tmp_path / "parallel", settings)
    expected = summary(inline, inline.intake(workers=0).import_files([prepared_stack]))
    got = summary(parallel, parallel.intake(workers=2).import_files([prepared_stack]))
    assert got == expected
    assert [kind for kind, _ in got] == ["cover_sheet", "separator", "patch_T"]
    page = parallel.journal.pages(1)[4]
    assert json.loads(page.analysis)["barcodes"]  # the analysis came back from the worker
    inline.close()
    parallel.close()
