# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run each integration target (tests/integration/targets/<name>) with ansible-playbook, one test per target.

Every target is a role (tasks/main.yml, aliases, optional defaults/ and meta/). For each one, a two-line playbook
applies it to the group ``windows`` of the inventory named by ``RDLICENSING_TEST_INVENTORY`` (default: the
simulated hosts of inventory.simulator.yml), with a fresh simulator state directory, and the test passes when
ansible-playbook exits 0. Point ``RDLICENSING_TEST_INVENTORY`` at a WinRM/PSRP inventory to run the same targets
against real Windows hosts.

Environment:
  RDLICENSING_TEST_INVENTORY    inventory file (default tests/integration/inventory.simulator.yml)
  RDLICENSING_TEST_ANSIBLE_ARGS extra ansible-playbook arguments, e.g. "-vvv" or "-e @lab-vars.yml"
  ANSIBLE_COLLECTIONS_PATH      where remotedesktop.licensing and ansible.windows are found (`make integration`
                                sets it; default: the repository's .build/collections when it exists)

Select targets with pytest's -k, e.g. ``pytest tests/integration -k simulator_smoke``. A target whose aliases
file lists ``disabled`` or ``unsupported`` is skipped.
"""

from __future__ import annotations

import os
import shlex

import pytest

from playbook_runner import environment, run_playbook, tail

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS_DIR = os.path.join(HERE, 'targets')
DEFAULT_INVENTORY = os.path.join(HERE, 'inventory.simulator.yml')
TAIL_LINES = 80
TIMEOUT = 3600


def targets():
    if not os.path.isdir(TARGETS_DIR):
        return []
    return sorted(name for name in os.listdir(TARGETS_DIR)
                  if os.path.isfile(os.path.join(TARGETS_DIR, name, 'tasks', 'main.yml')))


def aliases(target):
    path = os.path.join(TARGETS_DIR, target, 'aliases')
    if not os.path.isfile(path):
        return set()
    with open(path, encoding='utf-8') as f:
        return {line.split('#', 1)[0].strip() for line in f if line.split('#', 1)[0].strip()}


@pytest.mark.parametrize('target', targets())
def test_target(target, tmp_path):
    marks = sorted(aliases(target) & {'disabled', 'unsupported'})
    if marks:
        pytest.skip('%s is marked %s in its aliases file' % (target, ', '.join(marks)))
    inventory = os.path.abspath(os.environ.get('RDLICENSING_TEST_INVENTORY') or DEFAULT_INVENTORY)
    assert os.path.isfile(inventory), 'inventory %s does not exist' % inventory

    playbook = tmp_path / 'play.yml'
    playbook.write_text('- hosts: windows\n  gather_facts: false\n  roles:\n    - %s\n' % target, encoding='utf-8')
    state_dir = tmp_path / 'simulator-state'
    state_dir.mkdir()

    extra = shlex.split(os.environ.get('RDLICENSING_TEST_ANSIBLE_ARGS', ''))
    proc = run_playbook(inventory, playbook, *extra, cwd=tmp_path, timeout=TIMEOUT,
                        env=environment(state_dir, ANSIBLE_ROLES_PATH=TARGETS_DIR),
                        log=tmp_path / 'ansible-playbook.log')

    assert proc.returncode == 0, 'target %s: %s exited %d; last %d lines of its output:\n%s' % (
        target, shlex.join(proc.args), proc.returncode, TAIL_LINES, tail(proc, TAIL_LINES))
    assert 'PLAY RECAP' in proc.stdout, 'target %s: no PLAY RECAP in the output:\n%s' % (
        target, tail(proc, TAIL_LINES))
