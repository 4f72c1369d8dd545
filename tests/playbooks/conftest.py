# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared helpers of the playbook tests: run a playbook of playbooks/ against simulated license servers.

The playbooks are run from the repository's playbooks/ folder (so their templates are the ones tested), with the
collection taken from ANSIBLE_COLLECTIONS_PATH (`make reports` points it at .build/collections; default: that
folder when it exists).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(REPO, 'playbooks')
TIMEOUT = 900


def ansible_playbook():
    """The ansible-playbook next to this Python (the project's venv), else the one on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return local if os.access(local, os.X_OK) else (shutil.which('ansible-playbook') or 'ansible-playbook')


class Lab:
    """Simulated license servers in a temporary folder: an inventory, their state, a report folder."""

    def __init__(self, root):
        self.root = root
        self.state_dir = os.path.join(root, 'state')
        self.report_dir = os.path.join(root, 'reports')
        self.inventory = os.path.join(root, 'inventory.yml')
        os.makedirs(self.state_dir)

    def write_inventory(self, hosts, group_vars=None):
        """hosts: {name: host vars}; every host in license_servers, on the simulator."""
        group = {'hosts': hosts, 'vars': dict({'ansible_connection': 'remotedesktop.licensing.simulator',
                                               'rdlicensing_sim_state_dir': self.state_dir}, **(group_vars or {}))}
        with open(self.inventory, 'w', encoding='utf-8') as f:
            yaml.safe_dump({'all': {'children': {'license_servers': group}}}, f, sort_keys=False)

    def run(self, playbook, *args):
        """Run playbooks/<playbook>; return the CompletedProcess (stdout and stderr together in stdout)."""
        env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='false', ANSIBLE_FORCE_COLOR='0')
        built = os.path.join(REPO, '.build', 'collections')
        if 'ANSIBLE_COLLECTIONS_PATH' not in env and os.path.isdir(built):
            env['ANSIBLE_COLLECTIONS_PATH'] = built
        cmd = [ansible_playbook(), '-i', self.inventory, os.path.join(PLAYBOOKS, playbook)] + list(args)
        proc = subprocess.run(cmd, env=env, cwd=self.root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT, check=False)
        with open(os.path.join(self.root, playbook + '.log'), 'a', encoding='utf-8') as log:
            log.write('$ %s\n%s\n' % (' '.join(cmd), proc.stdout))
        return proc

    def state_files(self):
        return sorted(os.listdir(self.state_dir))


@pytest.fixture(scope='session')
def new_lab(tmp_path_factory):
    """new_lab(name): a Lab in a fresh temporary folder."""
    return lambda name: Lab(str(tmp_path_factory.mktemp(name)))


@pytest.fixture(scope='session')
def tail():
    """tail(proc): the last lines of a run's output, for assertion messages."""
    return lambda proc, lines=60: '\n'.join(proc.stdout.splitlines()[-lines:])
