# The two commands that do all set-up: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test demo clean screenshot translations bench

setup:
	@bash scripts/setup.sh

run: setup
	$(VENV)/bin/scanstation-gui --demo

demo: setup
	$(VENV)/bin/scanstation process --device demo --auto-confirm

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info

screenshot: setup
	$(PY) scripts/screenshot.py docs/screenshot.png

translations: setup
	$(PY) scripts/update_translations.py

# Benchmarks (not part of CI): installs the peer tools, then writes docs/benchmarks.md.
bench: setup
	@dpkg-query -W -f='$${Status}' ghostscript 2>/dev/null | grep -q "install ok installed" || \
	  (apt-get install -y --no-install-recommends ghostscript || sudo apt-get install -y --no-install-recommends ghostscript)
	$(PY) -m pip install -q -e ".[bench,test]"
	$(PY) bench/separation_bench.py --letters 40 --out docs/benchmarks.md
	$(PY) bench/ocr_speed_bench.py --pages 200 --out docs/benchmarks.md
	$(PY) bench/routing_bench.py --out docs/benchmarks.md
	$(PY) bench/ui_responsiveness.py --pages 50 --out docs/benchmarks.md
