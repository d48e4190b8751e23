# The two commands in the README: `make run` and `make test`. Everything else is a helper.
VENV := .venv
BIN := $(VENV)/bin
DEMO_VAULT := demo-vault/demo.itscm
# The demo organisation's passphrase; it is printed in the README on purpose.
DEMO_PASSPHRASE := lighthouse harbour orange 42

.PHONY: setup run demo test lint check-types check-imports pytest bench bench-demo clean

setup:
	@sh packaging/setup.sh

$(DEMO_VAULT):
	@mkdir -p demo-vault
	ITSCM_PASSPHRASE='$(DEMO_PASSPHRASE)' $(BIN)/itscm demo $(DEMO_VAULT) --size demo

demo: setup $(DEMO_VAULT)

run: demo
	ITSCM_PASSPHRASE='$(DEMO_PASSPHRASE)' $(BIN)/itscm stats $(DEMO_VAULT)
	ITSCM_PASSPHRASE='$(DEMO_PASSPHRASE)' $(BIN)/itscm list $(DEMO_VAULT) services

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

clean:
	rm -rf $(VENV) demo-vault build dist *.egg-info
