"""The separation benchmark still runs end to end: a two-letter batch at low resolution, scored.

Not a quality check (100 dpi is below what the station is made for); it keeps bench/corpus.py,
bench/damage.py and bench/separation_bench.py in step with the modules they drive.
"""

from __future__ import annotations

from bench import separation_bench as bench
from bench.corpus import KINDS, plan_batch
from bench.report import replace_section


def test_a_small_batch_goes_through_and_the_report_has_every_section(tmp_path):
    batch = plan_batch(2, seed=3, dpis=(100,))
    assert batch.pages[0].kind in ("cover", "separator", "patch")
    assert {p.kind for p in batch.pages} <= set(KINDS)
    assert [p.index for p in batch.pages] == list(range(len(batch.pages)))
    assert plan_batch(2, seed=3, dpis=(100,)).pages == batch.pages  # deterministic

    results = bench.run(batch)
    assert len(results) == len(batch.pages)
    scores = bench.score(batch, results)
    assert scores.documents.total == 2
    text = bench.report(batch, results, scores, command="pytest", machine={"cpus (nproc)": "?"}, elapsed_s=1.0)
    for heading in (bench.SECTION, "### Targets", "### Barcode read rate per engine", "### Sheets and patch codes",
                    "### Orientation", "### Blank pages", "### Document separation", "### Time per page",
                    "### Failures"):  # fmt: skip
        assert heading in text

    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\nIntro.\n\n## Other tool\n\nkept\n", encoding="utf-8")
    replace_section(out, bench.SECTION, text)
    replace_section(out, bench.SECTION, text)  # a second run replaces the first
    written = out.read_text(encoding="utf-8")
    assert written.count(bench.SECTION) == 1 and "## Other tool\n\nkept" in written


def test_the_returned_mail_benchmark_runs_and_reports_its_targets(tmp_path):
    from bench import return_mail_bench
    from scanstation.capture.returned_letters import returned_samples

    samples = returned_samples(1, 1, seed=5, modes=("gray",))
    outcomes = return_mail_bench.run(samples, workers=1)
    assert [o.sample for o in outcomes] == samples
    text = return_mail_bench.report(outcomes, command="pytest", elapsed_s=1.0, machine={"cpus": "?"})
    for heading in (return_mail_bench.SECTION, "returned mail recognised", "false alarms",
                    "original document number right", "### Missed or wrong reason", "### Time"):
        assert heading in text
