import os

from tests.sane_env import use_test_sane_config

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One Tesseract thread per process: the pipeline parallelises across pages.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Only SANE's `test` and `pnm` backends, before anything starts SANE: no slow probing
# of the network or the machine's real scanners during tests.
use_test_sane_config()
os.environ.setdefault("SCANSTATION_WORKERS", "0")  # pages processed in-process: no pool start-up per test
