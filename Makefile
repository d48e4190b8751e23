# The two commands in the README: `make run` and `make test`. Everything else is a helper.
VENV := .venv
BIN := $(VENV)/bin
DEMO_VAULT := demo-vault/demo.itscm
# The demo organisation's passphrase; it is printed in the README on purpose.
DEMO_PASSPHRASE := lighthouse harbour orange 42

.PHONY: setup run demo screenshots test lint check-types check-imports pytest bench bench-demo bench-gui bench-print bench-sync clean

setup:
	@sh packaging/setup.sh

$(DEMO_VAULT):
	@mkdir -p demo-vault
	ITSCM_PASSPHRASE='$(DEMO_PASSPHRASE)' $(BIN)/itscm demo $(DEMO_VAULT) --size demo

demo: setup $(DEMO_VAULT)

# Opens the desktop app on the demo organisation; type the passphrase above to unlock.
run: demo
	$(BIN)/itscm-desktop $(DEMO_VAULT)

# The README's pictures, from a fresh demo organisation, on a virtual X screen if there is one.
screenshots: setup
	@if command -v xvfb-run >/dev/null 2>&1; then \
		xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m itscm_desktop.gui.screenshots docs/screenshots; \
	else \
		QT_QPA_PLATFORM=offscreen $(BIN)/python -m itscm_desktop.gui.screenshots docs/screenshots; \
	fi

lint:
	$(BIN)/ruff check itscm_desktop tests
	$(BIN)/ruff format --check itscm_desktop tests

check-types:
	$(BIN)/mypy

check-imports:
	$(BIN)/lint-imports

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q

test: setup lint check-types check-imports pytest

# Benchmarks print medians; they never run as part of the tests. `make bench` measures the
# large organisation (built once, then cached in .bench-cache/); bench-demo is quicker.
bench: setup
	$(BIN)/python -m tests.bench.run_vault --size large

bench-demo: setup
	$(BIN)/python -m tests.bench.run_vault --size demo

bench-gui: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench.run_gui

# The contact sheet side by side with a plain table, one team's sheet, then the handbook.
bench-print: setup
	$(BIN)/python -m tests.bench.run_print
	$(BIN)/python -m tests.bench.run_handbook

# Two laptops of the large organisation diverge, then exchange a bundle.
bench-sync: setup
	$(BIN)/python -m tests.bench.run_sync

clean:
	rm -rf $(VENV) demo-vault build dist *.egg-info
