"""The frozen `scanstation-gui` (windowed): PyInstaller's entry script, see scanstation.spec."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a page worker (spawn) re-runs this executable
    from scanstation.ui.app import main

    sys.exit(main())
