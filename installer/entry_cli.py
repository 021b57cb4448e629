"""The frozen `scanstation` command (console): PyInstaller's entry script, see scanstation.spec."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A worker process of the page pipeline (spawn) starts this same executable: let it become
    # the worker before anything heavy is imported.
    multiprocessing.freeze_support()
    from scanstation.cli import main

    sys.exit(main())
