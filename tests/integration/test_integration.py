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
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS_DIR = os.path.join(HERE, 'targets')
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
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


def ansible_playbook():
    """The ansible-playbook next to this Python (the project's venv), else the one on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return local if os.access(local, os.X_OK) else (shutil.which('ansible-playbook') or 'ansible-playbook')


def environment(state_dir):
    env = dict(os.environ)
    env['ANSIBLE_ROLES_PATH'] = TARGETS_DIR
    env['RDLICENSING_SIM_STATE_DIR'] = state_dir
    env.setdefault('ANSIBLE_NOCOLOR', '1')
    env.setdefault('ANSIBLE_RETRY_FILES_ENABLED', 'false')
    built = os.path.join(REPO_ROOT, '.build', 'collections')
    if 'ANSIBLE_COLLECTIONS_PATH' not in env and os.path.isdir(built):
        env['ANSIBLE_COLLECTIONS_PATH'] = built
    return env


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

    cmd = [ansible_playbook(), '-i', inventory, str(playbook)]
    cmd += shlex.split(os.environ.get('RDLICENSING_TEST_ANSIBLE_ARGS', ''))
    proc = subprocess.run(cmd, env=environment(str(state_dir)), cwd=str(tmp_path), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT, check=False)
    (tmp_path / 'ansible-playbook.log').write_text(proc.stdout, encoding='utf-8')

    output, rc = proc.stdout, proc.returncode
    tail = '\n'.join(output.splitlines()[-TAIL_LINES:])
    assert rc == 0, 'target %s: %s exited %d; last %d lines of its output:\n%s' % (
        target, ' '.join(shlex.quote(c) for c in cmd), rc, TAIL_LINES, tail)
    assert 'PLAY RECAP' in output, 'target %s: no PLAY RECAP in the output:\n%s' % (target, tail)
