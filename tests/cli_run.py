"""Running the real `scanstation` command in a subprocess, isolated from the user's config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.signing import user_config_text


def cli_env(tmp_path: Path, *, ocr: bool = False, **extra: str) -> dict:
    """The environment of a CLI run; OCR is off unless the test is about it (it costs seconds a page)."""
    env = dict(os.environ)
    env["SCANSTATION_OCR"] = "1" if ocr else "0"
    # No user or machine config of the developer's leaks in: XDG dirs point into tmp.
    env.update({"XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
                "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
                "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    # The station's site key is the tests' (tests/signing.py), as IT would set it: the sheets a
    # test prints route letters. A test about a station without a key removes this file.
    user_config = Path(env["XDG_CONFIG_HOME"]) / "ScanStation" / "config.toml"
    if not user_config.exists():
        user_config.parent.mkdir(parents=True, exist_ok=True)
        user_config.write_text(user_config_text(), encoding="utf-8")
    return env


def scanstation(tmp_path: Path, *args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scanstation.cli", "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True, text=True, env=env or cli_env(tmp_path), timeout=timeout,
    )


def scanstation_json(tmp_path: Path, *args: str, **kw) -> dict:
    done = scanstation(tmp_path, "--json", *args, **kw)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
