import os

from tests.sane_env import use_test_sane_config

# `make test` fails if the suite writes a CPR number into a log line or a journal event.
pytest_plugins = ["tests.cpr_leak_check"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One Tesseract thread per process: the pipeline parallelises across pages.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Only SANE's `test` and `pnm` backends, before anything starts SANE: no slow probing
# of the network or the machine's real scanners during tests.
use_test_sane_config()
os.environ.setdefault("SCANSTATION_WORKERS", "0")  # pages processed in-process: no pool start-up per test

# Hypothesis (tests/test_fuzz_*.py): few examples, no deadline (CI's 2 cores are shared), and in
# CI the same examples every run, so a red build can be reproduced from its log.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("scanstation", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("ci", parent=settings.get_profile("scanstation"), derandomize=True, database=None,
                          print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "scanstation")
