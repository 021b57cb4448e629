"""Refresh the Danish translation file from the code, keeping what is translated.

`make translations`: runs pyside6-lupdate over scanstation/ui, then fills messages that have
no translation yet from an optional Python file of {english: danish} (--fill FILE), and
reports what is still untranslated. The .qm files are built by scripts/setup.sh.
"""

from __future__ import annotations

import argparse
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "scanstation_da.ts"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fill", type=Path, help="a .py file defining DA = {english: danish}")
    args = parser.parse_args()
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "scanstation" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-no-obsolete", "-ts", str(TS)], check=True)
    table = runpy.run_path(str(args.fill))["DA"] if args.fill else {}
    tree = ET.parse(TS)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        if translation.get("type") == "unfinished" or not (translation.text or "").strip():
            if source in table:
                translation.text = table[source]
                translation.attrib.pop("type", None)
            else:
                missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
