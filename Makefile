# Enclave: two commands do everything on a fresh machine.
#   make run    bootstrap (venv, dependencies, models) and open the desktop app
#   make test   bootstrap, then the whole test suite
# Both are idempotent: stamps make the second run fast.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.enclave-deps
MODEL_STAMP := models/.cache/installed
SYS_STAMP := .cache/system-packages

export PYTHONDONTWRITEBYTECODE := 1
# llama.cpp builds from source: use every core, and let pip cache the wheel.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
# A portable CPU build (AVX2/FMA/F16C baseline, no -march=native): the wheel then runs on any
# workstation the offline bundle reaches, and we avoid ggml's AMX path, which segfaults in VMs
# that advertise AMX without enabling it (ggml-org/llama.cpp#20824). For a GPU build see README.
# Note: pip's wheel cache ignores CMAKE_ARGS: `pip cache remove llama_cpp_python` after changing it.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: run test demo bench bootstrap system-deps lint screenshots offline-bundle check-bundle clean help

help:
	@echo "make run | test | demo | bench | lint | screenshots | clean"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip wheel setuptools

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

$(MODEL_STAMP): models/manifest.json scripts/install_model.py | $(STAMP)
	$(PY) scripts/install_model.py
	@mkdir -p models/.cache && touch $@

# Debian packages the suite and OCR need; installed only when running as root (CI), otherwise
# listed so a developer can install them.
$(SYS_STAMP): scripts/system_deps.sh
	@bash scripts/system_deps.sh
	@mkdir -p .cache && touch $@

bootstrap: $(STAMP) $(MODEL_STAMP)

system-deps: $(SYS_STAMP)

run: bootstrap
	$(PY) -m app

test: bootstrap system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

demo: bootstrap
	$(PY) -m app demo

bench: bootstrap system-deps
	$(PY) -m bench

lint: bootstrap
	$(PY) -m ruff check app tests bench

screenshots: bootstrap system-deps
	xvfb-run -a -s "-screen 0 1440x900x24" $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) .cache models/.cache build dist *.egg-info

# The offline install bundle for air-gapped workstations (see README, "Installing on an
# air-gapped workstation"): packaging/bundle/enclave-<version>-<platform>/ and its .tar.gz.
offline-bundle: bootstrap
	$(PY) packaging/build_bundle.py

# Installs that bundle in a network namespace with no network (needs root) and runs
# `enclave doctor` and `enclave process` on a sample there.
check-bundle: offline-bundle
	bash packaging/check_bundle.sh
