# The two entry points of the README: `make demo` and `make test`. Everything they need is
# installed by them, into .venv (Python) and ~/.cache/ktb-action (Kafka jars, broker state,
# npm test fixtures), so a fresh clone needs only Python 3.11, Java 17, Maven and npm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-16)

.PHONY: venv broker broker-down engine engine-down fixtures lint typecheck pytest test-image \
  test demo bench clean

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

venv: $(STAMP)

broker: venv
	scripts/kafka-local up --with connect

broker-down: venv
	scripts/kafka-local down

# A container engine (podman serving the Docker API) for the image tests; installed when
# missing, its state in $KTB_ENGINE_STATE (default ~/.cache/ktb-action/container-engine).
engine:
	scripts/container-engine up

engine-down:
	scripts/container-engine down

fixtures:
	scripts/fetch-test-fixtures

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

pytest: venv fixtures broker
	$(BIN)/python -m pytest

# The image built from the Dockerfile and run as each CI platform runs it (tests/image; the
# `image` marker keeps them out of a plain `pytest`, for machines without an engine).
test-image: venv fixtures broker
	@docker_host="$$(scripts/container-engine up | tail -n 1)" && export "$$docker_host" && \
	  $(BIN)/python -m pytest -m image tests/image && \
	  podman image ls --format 'image ktb-action:test: {{.Size}}' ktb-action:test

test: lint typecheck pytest test-image

demo: venv broker
	scripts/demo

# A private broker with a 3 GB heap: 10,000 topics ran the shared 512 MB one out of memory.
# It is stopped (and its data removed) whatever the benches' outcome.
BENCH_BROKER := KTB_DEVKAFKA_STATE=/tmp/ktb-bench KTB_DEVKAFKA_HEAP=3g

bench: venv
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_subjects.py --subjects 1000 --changed 10 --levels 5
	$(BENCH_BROKER) scripts/kafka-local up --with connect
	$(BENCH_BROKER) $(BIN)/python bench/bench_plan_apply.py --topics 1000 10000 && \
	  $(BENCH_BROKER) $(BIN)/python bench/bench_plan_floor.py --topics 1000 10000 && \
	  $(BENCH_BROKER) $(BIN)/python bench/bench_export.py --topics 10000 && \
	  $(BENCH_BROKER) $(BIN)/python bench/bench_quotas.py --quotas 1000 && \
	  $(BENCH_BROKER) $(BIN)/python bench/bench_connectors.py --connectors 200 --changed 10; \
	  status=$$?; $(BENCH_BROKER) scripts/kafka-local down; exit $$status

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
