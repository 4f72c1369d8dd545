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

# The playbooks (rollout, drift check, CAL report) on simulated servers, the example inventories and the execution
# environment (tests/playbooks). The CAL report's page is opened in Debian's headless chromium, installed here when it
# is missing and can be (root and apt-get); without it, the browser test is skipped and says so.
reports: collections ## The playbooks (rollout, drift, CAL report) on simulated servers; the HTML report in headless Chromium
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo '==> reports: installing chromium (apt-get) for the browser test'; \
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
				|| echo '==> reports: chromium could not be installed: the browser test will be SKIPPED'; \
		else echo '==> reports: no chromium, and it cannot be installed here (needs root and apt-get): the browser test will be SKIPPED'; fi; \
	fi
	@rm -f $(BUILD)/reports/cal_report.png
	@$(BIN)/python -m pytest -p no:cacheprovider -p no:pytest-ansible -n auto --dist loadfile -v -ra tests/playbooks $(PYTEST_ARGS)
	@if [ -f $(BUILD)/reports/cal_report.png ]; then echo '==> reports: the browser'"'"'s screenshot of the CAL report: .build/reports/cal_report.png'; fi

.PHONY: reports

# ---------------------------------------------------------------------------------------------------------------------
# ansible-core matrix
# ---------------------------------------------------------------------------------------------------------------------
# The older ansible-core releases the collection supports (requires_ansible in meta/runtime.yml: 2.16 or later); the
# newest (2.19, in .venv) is what every other step runs with. Each core has a virtualenv of its own,
# $(BUILD)/venv-core-<X.Y>, made from tests/requirements-core-<X.Y>.txt (again only when that file changes), and runs
# MATRIX_STEPS with it: the targets above, by a make of their own with BIN pointing at that virtualenv and BUILD at
# $(BUILD)/matrix-<X.Y> (its demo state, logs and reports), on the collection copy of $(BUILD)/collections.
# The cores run one after the other: each step already uses both CPUs (pytest-xdist).
MATRIX_CORES ?= 2.16 2.17 2.18
MATRIX_STEPS ?= integration reports demo

$(BUILD)/venv-core-%/.requirements-installed: tests/requirements-core-%.txt
	@test -x $(@D)/bin/python || { echo "creating $(@D) with $(PYTHON)"; $(PYTHON) -m venv $(@D); }
	$(@D)/bin/python -m pip install --quiet -r $<
	@touch $@

matrix: collections $(foreach core,$(MATRIX_CORES),$(BUILD)/venv-core-$(core)/.requirements-installed) ## integration, reports and demo again with each older ansible-core (2.16, 2.17, 2.18), each in its venv
	@results=(); failed=0; for core in $(MATRIX_CORES); do \
		bin=$(BUILD)/venv-core-$$core/bin; \
		version=$$($$bin/python -c 'from ansible.release import __version__; print(__version__)'); \
		line="ansible-core $$version:"; \
		for step in $(MATRIX_STEPS); do \
			echo; echo "=== matrix: make $$step with ansible-core $$version ($$bin) ==="; \
			started=$$SECONDS; \
			if $(MAKE) $$step BIN=$$bin BUILD=$(BUILD)/matrix-$$core COLLECTIONS=$(COLLECTIONS); then status=ok; \
			else status=FAILED; failed=1; fi; \
			line="$$line $$step $$status ($$((SECONDS - started))s),"; \
		done; \
		results+=("$${line%,}"); \
	done; \
	echo; for line in "$${results[@]}"; do echo "==> matrix: $$line"; done; \
	exit $$failed

.PHONY: matrix

lint: collections ## ansible-lint, production profile, offline (.ansible-lint)
	@ansible-lint

yamllint: $(VENV_STAMP) ## yamllint (.yamllint)
	@yamllint --strict .
	@echo "==> yamllint: $$(yamllint --list-files . | wc -l) YAML files, no problems"

pscheck: $(VENV_STAMP) ## PowerShell syntax gate and conformance (contract, WMI, Windows PowerShell 5.1 commands), tree-sitter
	@$(BIN)/python tools/pscheck.py plugins
	@$(BIN)/python tools/psconform.py

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

# What Galaxy and Automation Hub run on an upload: galaxy-importer on the built tarball (tools/data/galaxy-importer.cfg:
# ansible-doc, ansible-lint, changelog and README checks; no container, no ansible-test), failing on any warning.
importer: build ## galaxy-importer on the built tarball, as Galaxy does on upload: no warning, LICENSE, README links absolute
	@$(BIN)/python tools/galaxy_import.py $$(ls $(DIST)/*.tar.gz) --work-dir $(BUILD)/galaxy-importer

docs-lint: collections ## antsibull-docs lint-collection-docs --plugin-docs (plugin docs, docs/docsite links and extra docs)
	@cd $(COLLECTION_DIR) && antsibull-docs lint-collection-docs --plugin-docs .
	@echo "==> docs-lint: antsibull-docs $$(antsibull-docs --version): the plugin docs, docs/docsite/links.yml and" \
		"extra-docs.yml ($$(ls docs/docsite/rst/*.rst | wc -l) extra doc), no problems"

.PHONY: importer docs-lint

# The steps of `make test`, in order (cheap and static first).
TEST_STEPS := pscheck yamllint changelog-lint docs-lint lint sanity units integration reports matrix molecule demo build importer

test: venv collections ## Run every check above, then print each runner's summary (KEEP_GOING=1: do not stop at the first failure)
	@$(BIN)/python tools/run_checks.py $(if $(KEEP_GOING),--keep-going) --log-dir $(BUILD)/logs --make $(MAKE) $(TEST_STEPS)

# ---------------------------------------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------------------------------------
# The demo's ansible-playbook: the simulated lab of inventories/lab, without the lines of skipped tasks.
# The state folder is given as an extra variable too: the inventory's rdlicensing_sim_state_dir (.build/demo-state)
# would win over the environment when BUILD points elsewhere.
DEMO_PLAYBOOK := ANSIBLE_DISPLAY_SKIPPED_HOSTS=false RDLICENSING_SIM_STATE_DIR=$(DEMO_STATE) ansible-playbook -i inventories/lab \
	-e rdlicensing_sim_state_dir=$(abspath $(DEMO_STATE))

demo: collections ## Health check (findings), deployment of four license servers and two session hosts, health check (clean)
	@rm -rf $(DEMO_STATE) && mkdir -p $(DEMO_STATE)
	@echo
	@echo '=== remotedesktop.licensing demo ======================================================================='
	@echo 'Six simulated Windows Servers (inventories/lab), answered by the collection'"'"'s simulator (connection'
	@echo 'plugin remotedesktop.licensing.simulator, docs/simulator.md), so no Windows host is needed:'
	@echo '  lic01  a fresh Windows Server 2022'
	@echo '  lic02  a fresh Server Core 2022 whose installation asks for a restart'
	@echo '  lic03  activated by hand long ago, with CAL packs installed by hand and outdated company information'
	@echo '  lic04  without Internet access: activated by web browser in two runs, CALs from a license key pack ID'
	@echo '  rdsh01, rdsh02  fresh RD Session Hosts: licensing mode not configured, no license server listed'
	@echo 'Their state is kept in .build/demo-state and reset by each `make demo`.'
	@echo
	@echo '=== Health check 1: playbooks/licensing_health.yml on the fresh deployment ==============================='
	@echo 'Reads every session host and license server once and lists, per session host, what keeps it from its'
	@echo 'CALs, with a severity and a remedy. Nothing is set up yet: expect findings.'
	@echo '=========================================================================================================='
	@$(DEMO_PLAYBOOK) playbooks/licensing_health.yml -e licensing_health_dir=$(BUILD)/demo-reports/before \
		> $(BUILD)/demo-health1.log 2>&1 || { tail -30 $(BUILD)/demo-health1.log; echo 'demo: licensing_health.yml failed'; exit 1; }
	@sed -n '/^TASK \[Show the findings\]/,/^}/p' $(BUILD)/demo-health1.log | grep -E '^ {8}"' | sed -E 's/^ *"(.*)",?$$/  \1/'
	@grep -q 'rdsh01: ERROR mode_not_configured' $(BUILD)/demo-health1.log \
		&& grep -q 'rdsh02: ERROR no_license_server' $(BUILD)/demo-health1.log \
		|| { echo 'demo: the first health check did not find the session hosts unconfigured'; exit 1; }
	@echo
	@echo '=== Run 1: the deployment, playbooks/deployment.yml ======================================================'
	@echo 'License servers (role remotedesktop.licensing.license_server): install the RD Licensing role, restart if'
	@echo 'needed, activate, install the CAL packs of inventories/lab/group_vars. Then the session hosts (role'
	@echo 'remotedesktop.licensing.session_host): licensing mode and license servers. Each host ends with a line.'
	@echo '=========================================================================================================='
	@$(DEMO_PLAYBOOK) playbooks/deployment.yml | tee $(BUILD)/demo-run1.log
	@grep -qE '^lic0[1-3] +: ok=.*changed=[1-9].*failed=0' $(BUILD)/demo-run1.log \
		|| { echo 'demo: run 1 did not roll out lic01 to lic03'; exit 1; }
	@test "$$(grep -cE '^rdsh0[12] +: ok=.*changed=[1-9].*failed=0' $(BUILD)/demo-run1.log)" = 2 \
		|| { echo 'demo: run 1 did not set up rdsh01 and rdsh02'; exit 1; }
	@grep -q 'waits for the answer of the Microsoft Clearinghouse' $(BUILD)/demo-run1.log \
		|| { echo 'demo: lic04 did not stop for its license server ID'; exit 1; }
	@echo
	@echo '=== Phase 2 for lic04 ===================================================================================='
	@echo 'lic04 stopped cleanly (not a failure) after printing its product ID: someone must submit it at the'
	@echo 'Clearinghouse'"'"'s web site, which answers with a license server ID. Here we play the web site with the'
	@echo 'simulated Clearinghouse'"'"'s documented formula, sha256("LSID:" + product ID)[:35], and run the rollout'
	@echo 'again for lic04 with -e license_server_id=<that ID>.'
	@pid=$$(grep -oE 'product ID [0-9]{5}-[0-9]{5}-[0-9]{5}-AT[0-9]{3}' $(BUILD)/demo-run1.log | head -1 | cut -d' ' -f3); \
	test -n "$$pid" || { echo 'demo: lic04 did not print its product ID'; exit 1; }; \
	lsid=$$(printf 'LSID:%s' "$$pid" | sha256sum | cut -c1-35 | tr a-f A-F); \
	echo "lic04's product ID: $$pid -> license server ID from the (simulated) web site: $$lsid"; \
	echo '=========================================================================================================='; \
	$(DEMO_PLAYBOOK) playbooks/license_server.yml --limit lic04 -e license_server_id=$$lsid | tee $(BUILD)/demo-phase2.log
	@grep -qE '^lic04 +: ok=.*changed=[1-9].*failed=0' $(BUILD)/demo-phase2.log \
		|| { echo 'demo: phase 2 did not activate lic04'; exit 1; }
	@echo
	@echo '=== Run 2: the same deployment again. Every host already is as declared: expect changed=0. =============='
	@$(DEMO_PLAYBOOK) playbooks/deployment.yml | tee $(BUILD)/demo-run2.log
	@test "$$(grep -cE '^(lic0[1-4]|rdsh0[12]) +: ok=[1-9].*changed=0 .*failed=0' $(BUILD)/demo-run2.log)" = 6 \
		|| { echo 'demo: run 2 was not idempotent on every host'; exit 1; }
	@echo
	@echo '=== Health check 2, drift check and CAL report ==========================================================='
	@echo 'playbooks/licensing_health.yml again: now every session host gets CALs. playbooks/drift.yml runs the'
	@echo 'deployment in check mode (nothing is changed) and ends with a table per kind of host. playbooks/cal_report.yml'
	@echo 'reads every license server once and writes an HTML page and a CSV. Their full output: .build/demo-*.log.'
	@echo '=========================================================================================================='
	@$(DEMO_PLAYBOOK) playbooks/licensing_health.yml -e licensing_health_dir=$(BUILD)/demo-reports \
		-e licensing_health_fail_on_findings=true > $(BUILD)/demo-health2.log 2>&1 \
		|| { tail -30 $(BUILD)/demo-health2.log; echo 'demo: the health check after the deployment is not clean'; exit 1; }
	@sed -n '/^TASK \[Show the findings\]/,/^}/p' $(BUILD)/demo-health2.log | grep -E '^ {8}"' | sed -E 's/^ *"(.*)",?$$/  \1/'
	@grep -q '2 session hosts and 4 license servers: 2 healthy, 0 errors, 0 warnings' $(BUILD)/demo-health2.log \
		|| { echo 'demo: the health check after the deployment is not clean'; exit 1; }
	@$(DEMO_PLAYBOOK) playbooks/drift.yml --check -e drift_report_dir=$(BUILD)/demo-reports > $(BUILD)/demo-drift.log 2>&1 \
		|| { tail -30 $(BUILD)/demo-drift.log; echo 'demo: drift.yml failed'; exit 1; }
	@sed -n '/^TASK \[Show the drift report\]/,/^}/p' $(BUILD)/demo-drift.log | grep -E '^ {8}"' | sed -E 's/^ *"(.*)",?$$/  \1/'
	@grep -q '0 would change, 6 in sync, 0 not checked' $(BUILD)/demo-drift.log \
		|| { echo 'demo: the drift check did not find the six hosts in sync'; exit 1; }
	@$(DEMO_PLAYBOOK) playbooks/cal_report.yml -e cal_report_dir=$(BUILD)/demo-reports > $(BUILD)/demo-report.log 2>&1 \
		|| { tail -30 $(BUILD)/demo-report.log; echo 'demo: cal_report.yml failed'; exit 1; }
	@sed -n '/^TASK \[Say where the report is\]/,/^}/p' $(BUILD)/demo-report.log | grep -E '^ {8}"' | sed -E 's/^ *"(.*)",?$$/  \1/'
	@echo '==> demo reports: health clean, drift 6 hosts in sync; .build/demo-reports/licensing_health.html, cal_report.html'
	@echo
	@echo 'What happened: the first health check found both session hosts without a licensing mode or a license'
	@echo 'server. Run 1 installed, activated and licensed lic01 and lic02 (restarting lic02), corrected lic03'"'"'s'
	@echo 'company information and recognised the CAL packs installed there by hand, stopped lic04 at phase 1 of its'
	@echo 'web activation, and set the session hosts'"'"' mode and license servers; phase 2 activated lic04 and'
	@echo 'installed its CALs; run 2 read each host once, found nothing to do and changed nothing (changed=0); the'
	@echo 'second health check found every session host able to get CALs of its mode and version.'
	@echo 'Preview a change without making it: ANSIBLE_COLLECTIONS_PATH=.build/collections .venv/bin/ansible-playbook'
	@echo '  -i inventories/lab playbooks/deployment.yml --check --diff'
	@echo 'Next: docs/getting-started.md, docs/session-hosts.md, the roles'"'"' README.md files and the playbooks/ folder.'
	@echo "==> demo: health check 1 found $$(grep -cE '^ *\"rdsh0[12]: (ERROR|WARNING)' $(BUILD)/demo-health1.log) findings," \
		"run 1 changed $$(grep -cE '^(lic0[1-4]|rdsh0[12]) +: ok=.*changed=[1-9]' $(BUILD)/demo-run1.log) hosts," \
		"phase 2 activated lic04, run 2: $$(grep -cE '^(lic0[1-4]|rdsh0[12]) +: ok=.*changed=0 ' $(BUILD)/demo-run2.log) hosts with changed=0," \
		"health check 2 clean"

# ---------------------------------------------------------------------------------------------------------------------
# Benchmark (not part of `make test`: it takes several minutes). Measures; asserts no time.
# ---------------------------------------------------------------------------------------------------------------------
BENCH_HOSTS ?= 50,200
BENCH_FORKS ?= 10
BENCH_REPEAT ?= 3
BENCH_COMMA := ,

bench: collections ## Rollout on 50 and 200 simulated servers (forks 10): executions, CPU vs win_ping, payload; docs/performance.md
	@$(BIN)/python tools/bench.py --hosts $(BENCH_HOSTS) --forks $(BENCH_FORKS) --repeat $(BENCH_REPEAT) \
		--work-dir $(BUILD)/bench --output docs/performance.md --before tools/data/bench_before.json \
		--command 'make bench$(if $(filter-out 50$(BENCH_COMMA)200,$(BENCH_HOSTS)), BENCH_HOSTS=$(BENCH_HOSTS))$(if $(filter-out 10,$(BENCH_FORKS)), BENCH_FORKS=$(BENCH_FORKS))$(if $(filter-out 3,$(BENCH_REPEAT)), BENCH_REPEAT=$(BENCH_REPEAT))'

.PHONY: bench

# ---------------------------------------------------------------------------------------------------------------------
clean: ## Remove build output, test output and caches (keeps .venv)
	rm -rf $(BUILD) tests/output .pytest_cache collections .ansible extensions/molecule/default/.ansible
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## clean, and remove .venv too
	rm -rf $(VENV)
