# The two commands of the README:  `make run`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 3
THREADS ?= 64
BIN = $(VENV)/bin
FLASK = $(BIN)/flask --app wsgi

.PHONY: run test setup setup-dev translations catalog chromium fonts ocr screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime translations
setup-dev: $(VENV)/.dev translations

# Message catalogues: the code's strings are German; participation/translations/en holds
# English. The .mo files are build output (not in git): every `make run`/`make test` compiles.
TRANSLATIONS = participation/translations
# Keep in step with tests/i18n/test_catalogue.py, which extracts the same way.
EXTRACT_OPTIONS = -F babel.cfg -k _l -k lazy_gettext -c TRANSLATORS: --add-location=file --project=participation

translations: $(VENV)/.runtime
	@if ls $(TRANSLATIONS)/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel --quiet compile -d $(TRANSLATIONS); fi

## make catalog: extract the strings again and merge them into each language's .po;
## then translate what is new or fuzzy (tests/i18n/test_catalogue.py fails until you do)
catalog: $(VENV)/.runtime
	$(BIN)/pybabel --quiet extract $(EXTRACT_OPTIONS) -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel --quiet update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
		--ignore-obsolete --ignore-pot-creation-date

## make run: set up, migrate the database, create the demo on first start, serve with gunicorn
run: setup ocr-optional
	$(FLASK) db upgrade
	$(FLASK) bootstrap --base-url "http://$(HOST):$(PORT)"
	exec env HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) THREADS=$(THREADS) \
		$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
		else echo "Die Browser-Tests brauchen Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Emoji in charts and PDFs: Symbola has outline emoji matplotlib and fpdf2 can draw.
FONT_PACKAGES = fonts-symbola fonts-noto-color-emoji
fonts:
	@if [ ! -e /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf ] || [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(FONT_PACKAGES) || \
			{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(FONT_PACKAGES); }; \
		else echo "Die Tests brauchen Emoji-Schriften: sudo apt-get install $(FONT_PACKAGES)" >&2; exit 1; fi; fi

# Photos of paper cards are read with Tesseract and its German model; the OCR tests also
# draw cards in a handwriting-style font. `make run` installs them where it can (as root)
# and otherwise starts without: the paper-card page then says that OCR is unavailable.
OCR_PACKAGES = tesseract-ocr tesseract-ocr-deu fonts-dkg-handwriting
ocr:
	@if ! command -v tesseract >/dev/null 2>&1 || [ ! -e /usr/share/fonts/truetype/fifthhorseman/dkg.ttf ] \
		|| ! tesseract --list-langs 2>/dev/null | grep -qx deu; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(OCR_PACKAGES) || \
			{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(OCR_PACKAGES); }; \
		else echo "Die Texterkennung braucht Tesseract: sudo apt-get install $(OCR_PACKAGES)" >&2; exit 1; fi; fi

ocr-optional:
	@$(MAKE) --no-print-directory ocr || echo "Ohne Tesseract: Fotos von Karten werden nicht gelesen (alles andere läuft)." >&2

## make test: set up and run every test (SQLite and PostgreSQL, browser tests in Chromium)
# Two pytest-xdist workers (the machine has two cores and many tests wait on servers and
# Chromium); TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: setup-dev chromium fonts ocr
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## make screenshots: refresh the README's pictures (docs/screenshots) from the browser test
screenshots: setup-dev chromium fonts ocr
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/browser/test_screenshots.py -q

clean:
	rm -rf $(VENV) .pytest_cache
