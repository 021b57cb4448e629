# The two commands that do all set-up: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test demo clean screenshot translations

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
