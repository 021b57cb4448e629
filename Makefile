# The two commands that do all set-up: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test demo clean screenshot translations bench bundle

setup:
	@bash scripts/setup.sh

run: setup
	$(VENV)/bin/scanstation-gui --demo

demo: setup
	$(VENV)/bin/scanstation process --device demo --auto-confirm

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# The one-folder app for IT (installer/scanstation.spec) in build/bundle/dist/ScanStation;
# nothing is rebuilt when nothing changed.
bundle: setup
	$(PY) scripts/build_bundle.py

# The MSI with wixl, in build/msi/: from the bundle if `make bundle` made one, else from a
# small staged payload that only checks the authoring (PAYLOAD=DIR picks another folder).
# The MSI IT installs is built on Windows with WiX (docs/deployment.md).
.PHONY: msi
msi: setup
	$(PY) scripts/build_msi.py $(if $(PAYLOAD),--payload $(PAYLOAD))

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info

# docs/screenshots/: six states x Danish, English x 1280x720, 1600x1000; and docs/screenshot.png.
screenshot: setup
	$(PY) scripts/screenshot.py --out docs/screenshots --readme docs/screenshot.png

translations: setup
	$(PY) scripts/update_translations.py

# Benchmarks (not part of CI): installs the peer tools, then writes docs/benchmarks.md.
bench: setup
	@dpkg-query -W -f='$${Status}' ghostscript 2>/dev/null | grep -q "install ok installed" || \
	  (apt-get install -y --no-install-recommends ghostscript || sudo apt-get install -y --no-install-recommends ghostscript)
	$(PY) -m pip install -q -e ".[bench,test]"
	$(PY) bench/separation_bench.py --letters 40 --out docs/benchmarks.md
	$(PY) bench/ocr_speed_bench.py --pages 200 --out docs/benchmarks.md
	$(PY) bench/archive_size_bench.py --pages 30 --out docs/benchmarks.md
	$(PY) bench/routing_bench.py --out docs/benchmarks.md
	$(PY) bench/return_mail_bench.py --returned 60 --mentions 30 --out docs/benchmarks.md
	$(PY) bench/ui_responsiveness.py --pages 50 --out docs/benchmarks.md
	$(PY) bench/clerk_day_bench.py --letters 60 --out docs/benchmarks.md
	$(PY) bench/search_bench.py --documents 1000000 --out docs/benchmarks.md
	$(PY) bench/dashboard_bench.py --documents 1000000 --out docs/benchmarks.md
	$(PY) bench/reliability_bench.py --pages 200 --kills 20 --out docs/benchmarks.md
