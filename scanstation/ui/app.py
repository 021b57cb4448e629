"""`scanstation-gui`: the operator's station window."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from dataclasses import replace
from pathlib import Path


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="scanstation-gui", description="ScanStation operator window")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--drop", type=Path, help="the archive's drop folder")
    parser.add_argument("--language", choices=("auto", "da", "en"))
    parser.add_argument("--demo", action="store_true", help="a demo data folder and drop folder of its own")
    parser.add_argument("--self-test", action="store_true", help="check that this station can work, print the "
                        "report and stop, without a window (as `scanstation --self-test`)")
    return parser.parse_args(argv)


def self_test(args) -> int:
    from scanstation.config import load_settings
    from scanstation.logsetup import setup_logging
    from scanstation.paths import default_data_dir, default_log_dir
    from scanstation.selftest import self_test_main

    setup_logging()
    write = None
    if sys.stdout is None:  # the windowed Windows program has no console: the report goes beside the log
        report = default_log_dir() / "self-test.txt"
        report.parent.mkdir(parents=True, exist_ok=True)
        write = lambda text: report.write_text(text, encoding="utf-8")  # noqa: E731
    return self_test_main(load_settings(args.config), args.data_dir or default_data_dir(),
                          config_file=args.config, drop_folder=args.drop, write=write)


def station_settings(args):
    """The settings the window opens with, its data folder, and what the command line gave
    (attribute -> value): `--drop` (or `--demo`'s own drop folder) stays in effect when the
    Settings window saves, until the clerk sets another drop folder there."""
    from scanstation.config import load_settings
    from scanstation.paths import default_data_dir

    settings = load_settings(args.config)
    data_dir = args.data_dir or default_data_dir()
    command_line: dict = {}
    if args.demo:
        data_dir = args.data_dir or default_data_dir() / "demo"
        if settings.drop_folder is None:
            command_line["drop_folder"] = data_dir / "drop"
    if args.drop:
        command_line["drop_folder"] = args.drop
    settings = replace(settings, **command_line)
    if settings.drop_folder is not None and args.demo:
        Path(settings.drop_folder).mkdir(parents=True, exist_ok=True)
    return settings, data_dir, command_line


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the frozen app: a page worker (spawn) starts as this program
    args = parse_args(argv)
    if args.self_test:
        return self_test(args)
    if not has_display():
        # A server or an SSH session: no window can open. Show the flow on the command line.
        print("scanstation-gui: no display here; running the headless demo instead "
              "(set DISPLAY, or QT_QPA_PLATFORM=offscreen, to open the window).", file=sys.stderr)
        from scanstation.cli import main as cli_main
        return cli_main(["demo"])
    from PySide6.QtWidgets import QApplication, QMessageBox

    from scanstation.logsetup import setup_logging
    from scanstation.site_key import ensure_site_key
    from scanstation.station import Station

    from .i18n import choose_language, install_translators
    from .main_window import MainWindow
    from .settings_warnings import show_settings_warnings

    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ScanStation")
    app.setOrganizationName("ScanStation")
    settings, data_dir, command_line = station_settings(args)
    settings = ensure_site_key(settings)  # a first start makes one and says so
    language = choose_language(args.language or getattr(settings, "ui_language", "auto"))
    install_translators(app, language)
    try:
        station = Station.open(data_dir, settings, read_recovered=False)  # read in the background (window)
    except Exception as exc:  # the journal cannot be opened: say so, do not crash silently
        QMessageBox.critical(None, "ScanStation", str(exc))
        return 1
    window = MainWindow(station, config_file=args.config, command_line=command_line)
    show_settings_warnings(window, settings.warnings)
    window.show()
    code = app.exec()
    station.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
