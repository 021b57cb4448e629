#!/usr/bin/env bash
# Everything `make run` and `make test` need on a fresh Debian/Ubuntu machine:
# the system packages (installed when we are root or have sudo; otherwise the exact
# apt command is printed and we stop), then a .venv with the project and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-dan tesseract-ocr-eng tesseract-ocr-osd
  libzbar0 libsane1 sane-utils libsane-dev
  qpdf poppler-utils
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxkbcommon-x11-0 libegl1 libgl1
  libdbus-1-3 libfontconfig1 fonts-dejavu-core
  python3-venv gcc
  msitools wixl  # `make msi` and tests/test_msi.py: the MSI built and read back
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
  cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"
  else
    echo "ScanStation needs these system packages. Please run:" >&2
    echo "  sudo apt-get update && sudo $cmd" >&2
    exit 1
  fi
  echo ">> installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo $cmd
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv"
  "$PY" -m venv .venv
fi
# Reinstall only when the dependency list changed.
stamp=.venv/.scanstation-deps
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo ">> installing Python dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$want" > "$stamp"
fi

# The Danish user interface: compile the Qt Linguist translations (.ts -> .qm).
for ts in resources/i18n/*.ts; do
  qm="${ts%.ts}.qm"
  if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  fi
done
