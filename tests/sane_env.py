"""A private SANE configuration for tests: only the `test` and `pnm` backends.

libsane reads SANE_CONFIG_DIR once, at the process's first sane_init(), so this must
run before anything lists or opens a SANE device. Without it libsane loads every
driver in /etc/sane.d/dll.conf and probes the network (escl, airscan, net) for seconds.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# The `test` backend's defaults: a small grid page (25 x 35 mm) so scans take
# milliseconds, two devices so one can be held open while the other scans.
TEST_CONF = """\
number_of_devices 2
mode Gray
depth 8
resolution 75
test-picture "Grid"
read-status-code "Default"
geometry_min 0.0
geometry_max 200.0
geometry_quant 1.0
tl_x 0.0
tl_y 0.0
br_x 25.0
br_y 35.0
"""

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 25.0, 35.0

_config_dir: Path | None = None


def write_sane_config(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dll.conf").write_text("test\npnm\n", encoding="ascii")
    (directory / "test.conf").write_text(TEST_CONF, encoding="ascii")
    return directory


def use_test_sane_config() -> Path:
    """Point SANE_CONFIG_DIR at a fresh test configuration; idempotent per process."""
    global _config_dir
    if _config_dir is not None:
        return _config_dir
    sane_capture = sys.modules.get("scanstation.capture.sane")  # never import it here: Windows
    if sane_capture is not None and sane_capture._initialised:
        raise RuntimeError("SANE was initialised before the test configuration was set up")
    directory = Path(tempfile.mkdtemp(prefix="scanstation-sane-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    os.environ["SANE_CONFIG_DIR"] = str(write_sane_config(directory))
    _config_dir = directory
    return directory
