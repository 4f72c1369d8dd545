# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the playbook tests: run a playbook of playbooks/ against simulated license servers.

The playbooks are run from the repository's playbooks/ folder (so their templates are the ones tested), with the
collection taken from ANSIBLE_COLLECTIONS_PATH (`make reports` points it at .build/collections; default: that
folder when it exists). Running them is the work of tests/integration/playbook_runner.py, shared with the
integration tests: its folder is put on sys.path here, so the test modules import it as ``playbook_runner``.
"""

from __future__ import annotations

import os
import sys

import pytest

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if os.path.join(TESTS, 'integration') not in sys.path:
    sys.path.insert(0, os.path.join(TESTS, 'integration'))

import playbook_runner  # noqa: E402  (needs the sys.path entry above)

PLAYBOOKS = os.path.join(playbook_runner.REPO, 'playbooks')


@pytest.fixture(scope='session')
def new_lab(tmp_path_factory):
    """new_lab(name): a playbook_runner.Lab in a fresh temporary folder, running the playbooks of playbooks/."""
    return lambda name: playbook_runner.Lab(tmp_path_factory.mktemp(name), playbooks=PLAYBOOKS)


@pytest.fixture(scope='session')
def tail():
    """tail(proc): the last lines of a run's output, for assertion messages."""
    return playbook_runner.tail


def pytest_addoption(parser):
    parser.addoption('--update-types', action='store_true', default=False,
                     help='test_types.py: rewrite tests/playbooks/types.json from this run instead of comparing')
