# Development tasks of the remotedesktop.licensing collection. `make help` lists them.
#
# Everything runs from the virtual environment in .venv (created by `make venv` from requirements-dev.txt) and
# needs nothing but Python 3.11 and the Python package index: ansible.windows comes from the pinned `ansible`
# wheel, and no Windows host is needed (the tests run against the collection's simulated license server).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Python used to create .venv: python3.11 when there is one, else python3.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
VENV_STAMP := $(VENV)/.requirements-installed

BUILD := $(CURDIR)/.build
COLLECTIONS := $(BUILD)/collections
COLLECTION_DIR := $(COLLECTIONS)/ansible_collections/remotedesktop/licensing
DIST := $(BUILD)/dist
DEMO_STATE := $(BUILD)/demo-state
# The community `ansible` package that ansible.windows is taken from (12.3.0 ships ansible.windows 3.3.0).
ANSIBLE_PACKAGE_VERSION := 12.3.0

# Extra pytest arguments for `make integration`, for example PYTEST_ARGS='-k simulator_smoke -x'.
PYTEST_ARGS ?=

# Python version of the venv (X.Y), for ansible-test --python. Evaluated when a recipe runs, after `venv`.
PYVER = $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0
export PY_COLORS := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv collections get-pip-shim sanity units integration molecule lint yamllint pscheck changelog-lint \
	build test demo clean distclean

help: ## List the targets
	@echo 'Targets of the remotedesktop.licensing collection (run from the repository root):'
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 18

# ---------------------------------------------------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------------------------------------------------
venv: $(VENV_STAMP) ## Create .venv and install requirements-dev.txt (again only when requirements change)

$(VENV_STAMP): requirements-dev.txt requirements.txt
	@test -x $(BIN)/python || { echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

collections: $(VENV_STAMP) ## Copy the collection to .build/collections and add ansible.windows from the ansible wheel
	@$(BIN)/python tools/sync_collection.py $(COLLECTIONS)
	@$(BIN)/python tools/install_ansible_windows.py $(COLLECTIONS) --ansible-version $(ANSIBLE_PACKAGE_VERSION) \
		--download-dir $(BUILD)/downloads

# ansible-test bootstraps pip in its venvs from a script it downloads from a host outside the package index,
# unless ~/.ansible/test/cache/get_pip_<pip version>.py exists: put our offline shim there, under the name the
# installed ansible-test asks for. A real get-pip script already in the cache is left alone.
get-pip-shim: $(VENV_STAMP)
	@pipver=$$($(BIN)/python -c 'import re, ansible_test, os; \
		src = open(os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")).read(); \
		print(re.search(r"pip=.([0-9.]+).,", src).group(1))'); \
	dest="$$HOME/.ansible/test/cache/get_pip_$${pipver//./_}.py"; \
	if [ ! -e "$$dest" ] || grep -q 'remotedesktop.licensing get-pip shim' "$$dest"; then \
		mkdir -p "$$(dirname "$$dest")" && cp tools/get_pip_shim.py "$$dest"; \
	fi

# ---------------------------------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------------------------------
sanity: collections get-pip-shim ## ansible-test sanity (validate-modules separately, without the .ps1 argspec check)
	@cd $(COLLECTION_DIR) && ansible-test sanity --venv --python $(PYVER) --skip-test validate-modules \
		2>&1 | tee $(BUILD)/sanity.log
	@# validate-modules needs pwsh to read a .ps1's argument spec: exclude each .ps1 (the .py docs are still checked).
	@cd $(COLLECTION_DIR) && excludes=(); for f in $$(find plugins/modules -name '*.ps1' | sort); do \
		excludes+=(--exclude "$$f"); done; \
		ansible-test sanity --venv --python $(PYVER) --test validate-modules "$${excludes[@]}" \
		2>&1 | tee -a $(BUILD)/sanity.log
	@echo "==> sanity: $$(grep -c '^Running sanity test' $(BUILD)/sanity.log) sanity tests run, none failed;" \
		"skipped for want of a program (pwsh, shellcheck): $$(awk '/^Running sanity test/ { t = $$4; gsub(/"/, "", t) } \
		/^WARNING: Reviewing previous/ { t = "" } \
		/^WARNING: (Required program|Skipping)/ && t { s = s (s ? ", " : "") t; t = "" } END { print s ? s : "none" }' \
		$(BUILD)/sanity.log)"

units: collections get-pip-shim ## ansible-test units in the copied collection
	@if [ ! -d tests/unit ]; then echo '==> units: no tests/unit, skipped'; exit 0; fi; \
	cd $(COLLECTION_DIR) && ansible-test units --venv --python $(PYVER)

# Simulated hosts are independent: run two targets at a time. Against a real lab (RDLICENSING_TEST_INVENTORY set)
# the targets share the hosts, so they run one after the other.
INTEGRATION_WORKERS ?= $(if $(RDLICENSING_TEST_INVENTORY),0,auto)

integration: collections ## Integration targets (tests/integration/targets) against the simulator, with pytest
	@$(BIN)/python -m pytest -p no:cacheprovider -p no:pytest-ansible -n $(INTEGRATION_WORKERS) -v -ra \
		tests/integration $(PYTEST_ARGS)

molecule: collections ## molecule test of extensions/molecule/default (simulated hosts), when the scenario exists
	@if [ ! -f extensions/molecule/default/molecule.yml ]; then \
		echo '==> molecule: no extensions/molecule/default scenario yet, skipped'; exit 0; fi; \
	molecule test -s default

lint: collections ## ansible-lint, production profile, offline (.ansible-lint)
	@ansible-lint

yamllint: $(VENV_STAMP) ## yamllint (.yamllint)
	@yamllint --strict .
	@echo "==> yamllint: $$(yamllint --list-files . | wc -l) YAML files, no problems"

pscheck: $(VENV_STAMP) ## PowerShell syntax gate (tree-sitter) over every .ps1/.psm1 under plugins/
	@$(BIN)/python tools/pscheck.py plugins

changelog-lint: $(VENV_STAMP) ## antsibull-changelog lint (changelogs/fragments)
	@antsibull-changelog lint
	@echo "==> changelog-lint: $$(ls changelogs/fragments | grep -cE '\.ya?ml$$' || true) fragments, no problems"

build: collections ## ansible-galaxy collection build into .build/dist; the tarball must hold no tests/tools
	@rm -rf $(DIST) && mkdir -p $(DIST)
	@ansible-galaxy collection build --force --output-path $(DIST) $(COLLECTION_DIR)
	@tarball=$$(ls $(DIST)/*.tar.gz); \
	unwanted=$$(tar -tzf "$$tarball" | grep -E '^(\./)?(tests|tools|extensions|\.ci|\.build|\.venv)(/|$$)|^(\./)?(Makefile|requirements-dev\.txt)$$' || true); \
	if [ -n "$$unwanted" ]; then echo "$$tarball holds files that must not ship:"; echo "$$unwanted" | head -20; exit 1; fi; \
	echo "==> build: $$(basename $$tarball), $$(tar -tzf "$$tarball" | grep -vc '/$$') files, $$(stat -c %s "$$tarball") bytes, no tests/tools"

# The steps of `make test`, in order (cheap and static first).
TEST_STEPS := pscheck yamllint changelog-lint lint sanity units integration molecule demo build

test: venv collections ## Run every check above, then print each runner's summary (KEEP_GOING=1: do not stop at the first failure)
	@$(BIN)/python tools/run_checks.py $(if $(KEEP_GOING),--keep-going) --log-dir $(BUILD)/logs --make $(MAKE) $(TEST_STEPS)

# ---------------------------------------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------------------------------------
demo: collections ## Install the RD Licensing role on two simulated servers, twice (the second run changes nothing)
	@rm -rf $(DEMO_STATE) && mkdir -p $(DEMO_STATE)
	@echo
	@echo '=== remotedesktop.licensing demo ======================================================================='
	@echo 'Two simulated Windows Servers (inventories/demo.yml): lic01 (Server 2022 with a desktop) and lic02'
	@echo '(Server 2019 Core). They are answered by the collection'"'"'s simulated license server (connection plugin'
	@echo 'remotedesktop.licensing.simulator), so no Windows host is needed. Their state is kept in'
	@echo '.build/demo-state and reset by each `make demo`.'
	@echo
	@echo 'Run 1: playbooks/demo_role.yml installs the RD Licensing role (remotedesktop.licensing.win_rdlicense_role).'
	@echo '=========================================================================================================='
	@RDLICENSING_SIM_STATE_DIR=$(DEMO_STATE) ansible-playbook -i inventories/demo.yml playbooks/demo_role.yml \
		| tee $(BUILD)/demo-run1.log
	@echo
	@echo '=== Run 2: the same playbook again. The servers already are as wanted: expect changed=0. ==============='
	@RDLICENSING_SIM_STATE_DIR=$(DEMO_STATE) ansible-playbook -i inventories/demo.yml playbooks/demo_role.yml \
		| tee $(BUILD)/demo-run2.log
	@grep -qE 'changed=[1-9]' $(BUILD)/demo-run1.log || { echo 'demo: the first run changed nothing'; exit 1; }
	@! grep -E ': ok=.*changed=[1-9]' $(BUILD)/demo-run2.log || { echo 'demo: the second run was not idempotent'; exit 1; }
	@echo
	@echo 'What happened: the first run found the role missing and installed it (changed); the second run read each'
	@echo 'server once, found nothing to do and changed nothing (changed=0): modules are idempotent. Add --check'
	@echo '--diff to preview a change without making it. Next: the docs/ guides and the playbooks/ folder.'
	@echo "==> demo: run 1 $$(grep -cE ': ok=.*changed=[1-9]' $(BUILD)/demo-run1.log) hosts changed," \
		"run 2 $$(grep -cE ': ok=.*changed=0' $(BUILD)/demo-run2.log) hosts with changed=0"

# ---------------------------------------------------------------------------------------------------------------------
clean: ## Remove build output, test output and caches (keeps .venv)
	rm -rf $(BUILD) tests/output .pytest_cache collections .ansible extensions/molecule/default/.ansible
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## clean, and remove .venv too
	rm -rf $(VENV)
