# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ansible-playbook against simulated license servers, and look for secrets in what a run left behind.

Shared by the tests that run playbooks: tests/integration (pytest puts this folder on sys.path for its test files)
and tests/playbooks (its conftest.py puts this folder on sys.path).

The collection is taken from ANSIBLE_COLLECTIONS_PATH (`make integration` and `make reports` point it at
.build/collections; default: that folder when it exists). The formulas of the simulated Clearinghouse are the ones
docs/simulator.md documents, so that a test can play its web site or its telephone operator.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILT_COLLECTIONS = os.path.join(REPO, '.build', 'collections')
COLLECTION = ('ansible_collections', 'remotedesktop', 'licensing')
SIMULATOR = 'remotedesktop.licensing.simulator'
TIMEOUT = 900


# -- running ansible-playbook -------------------------------------------------------------------------------------------
def ansible_command(name='ansible-playbook'):
    """An ansible command (ansible-playbook, ansible-inventory, ...) next to this Python (the project's venv), else
    the one on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), name)
    return local if os.access(local, os.X_OK) else (shutil.which(name) or name)


@functools.lru_cache(maxsize=None)
def core_version():
    """The ansible-core version of the ansible-playbook the tests run (ansible_command()), as a tuple of ints."""
    out = subprocess.run([ansible_command(), '--version'], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=120, check=True).stdout
    match = re.search(r'\[core (\d+)\.(\d+)\.(\d+)', out)
    if not match:
        raise RuntimeError('no ansible-core version in the output of %s --version:\n%s' % (ansible_command(), out))
    return tuple(int(part) for part in match.groups())


def environment(state_dir=None, **variables):
    """os.environ for a run: no colours and no retry files, the collections of ANSIBLE_COLLECTIONS_PATH (default:
    the repository's .build/collections when it exists), the simulator's state in state_dir when given, and then
    the given variables."""
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='false')
    if 'ANSIBLE_COLLECTIONS_PATH' not in env and os.path.isdir(BUILT_COLLECTIONS):
        env['ANSIBLE_COLLECTIONS_PATH'] = BUILT_COLLECTIONS
    if state_dir is not None:
        env['RDLICENSING_SIM_STATE_DIR'] = str(state_dir)
    env.update(variables)
    return env


def collection_dir(marker='galaxy.yml', env=None):
    """The folder of remotedesktop.licensing in the collections path of env (default: environment()) that holds the
    file marker (a path relative to the collection, e.g. plugins/action/<module>.py); None when there is none."""
    env = environment() if env is None else env
    for root in (env.get('ANSIBLE_COLLECTIONS_PATH') or '').split(os.pathsep):
        if root and os.path.isfile(os.path.join(root, *COLLECTION, marker)):
            return os.path.join(root, *COLLECTION)
    return None


def run_playbook(inventory, playbook, *args, cwd, env=None, timeout=TIMEOUT, log=None):
    """Run ansible-playbook -i inventory playbook args; return the CompletedProcess, with stdout and stderr together
    in its stdout. With log, append the command line and the output to that file."""
    cmd = [ansible_command(), '-i', str(inventory), str(playbook)] + [str(arg) for arg in args]
    proc = subprocess.run(cmd, env=environment() if env is None else env, cwd=str(cwd), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)
    if log is not None:
        with open(log, 'a', encoding='utf-8') as f:
            f.write('$ %s\n%s\n' % (shlex.join(cmd), proc.stdout))
    return proc


def tail(proc, lines=60):
    """The last lines of a run's output, for assertion messages."""
    return '\n'.join(proc.stdout.splitlines()[-lines:])


class Lab:
    """Simulated license servers in a folder: their inventory (one group, every host on the simulator), their state
    files, a folder for reports. Playbooks given by a relative path are found in the folder `playbooks` (default:
    the lab's own folder)."""

    def __init__(self, root, group='license_servers', playbooks=None, env=None):
        self.root = str(root)
        self.group = group
        self.playbooks = playbooks or self.root
        self.env = dict(env or {})
        self.state_dir = os.path.join(self.root, 'state')
        self.report_dir = os.path.join(self.root, 'reports')
        self.inventory = os.path.join(self.root, 'inventory.yml')
        os.makedirs(self.state_dir)

    def write_inventory(self, hosts, group_vars=None):
        """hosts: {name: host vars}; group_vars are added to the group's (connection and state folder)."""
        group_vars = dict({'ansible_connection': SIMULATOR, 'rdlicensing_sim_state_dir': self.state_dir},
                          **(group_vars or {}))
        with open(self.inventory, 'w', encoding='utf-8') as f:
            yaml.safe_dump({'all': {'children': {self.group: {'hosts': hosts, 'vars': group_vars}}}}, f,
                           sort_keys=False)

    def write(self, name, text):
        """Write a file (a playbook, a vars file) in the lab's folder; return its path."""
        path = os.path.join(self.root, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def run(self, playbook, *args, timeout=TIMEOUT):
        """Run a playbook on the lab's inventory from its folder; the output is also appended to <playbook>.log."""
        path = os.path.join(self.playbooks, playbook)
        return run_playbook(self.inventory, path, *args, cwd=self.root, env=environment(**self.env), timeout=timeout,
                            log=os.path.join(self.root, os.path.basename(path) + '.log'))

    def state_files(self):
        """The names of the files in the state folder (state, counters and lock of each host contacted)."""
        return sorted(os.listdir(self.state_dir))

    def state(self, host):
        """A host's simulated state (its state file, parsed)."""
        with open(os.path.join(self.state_dir, host + '.json'), encoding='utf-8') as f:
            return json.load(f)

    def read(self, name):
        """The text of a file in the lab's folder."""
        with open(os.path.join(self.root, name), encoding='utf-8') as f:
            return f.read()

    def state_texts(self):
        """{name: text} of every file in the state folder."""
        texts = {}
        for name in self.state_files():
            with open(os.path.join(self.state_dir, name), encoding='utf-8', errors='replace') as f:
                texts[name] = f.read()
        return texts


def module_lab(root, module, hosts):
    """A Lab in root with these simulated hosts in the group windows, for the tests of one module: skips the test
    when the collections path holds no remotedesktop.licensing with that module (`make integration` sets it)."""
    if collection_dir('plugins/action/%s.py' % module) is None:
        pytest.skip('remotedesktop.licensing with %s is not found in ANSIBLE_COLLECTIONS_PATH (set by `make '
                    'integration`)' % module)
    lab = Lab(root, group='windows', env={'ANSIBLE_LOCALHOST_WARNING': 'false'})
    lab.write_inventory(hosts)
    return lab


# -- the simulated Clearinghouse (docs/simulator.md) --------------------------------------------------------------------
def sha256(text):
    """The upper-case hexadecimal SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode('utf-8')).hexdigest().upper()


def license_server_id(product_id):
    """The license server ID the Clearinghouse issues for a product ID (web or telephone activation)."""
    return sha256('LSID:' + product_id)[:35]


def confirmation_code(server_id):
    """The confirmation code that deactivates a license server by telephone."""
    return sha256('CONFIRM:' + server_id)[:20]


def retail_code(head):
    """The retail license code for head: version id, CAL type, quantity (4 digits) and serial (4 digits)."""
    return head + sha256('RETAIL:' + head)[:15]


def key_pack_id(server_id, head):
    """The license key pack ID issued for a license server; head: version id, CAL type, quantity (5 digits)."""
    return head + sha256('KEYPACK:%s:%s' % (server_id, head))[:28]


# -- secrets ------------------------------------------------------------------------------------------------------------
def grouped(value, size=5, sep='-'):
    """value in groups of size characters, joined by sep ('ABCDEFGH' -> 'ABCDE-FGH')."""
    return sep.join(value[i:i + size] for i in range(0, len(value), size))


def forms(value):
    """Every way a secret could show up: as given, in groups of 3, 4 or 5 joined by hyphens, spaces or nothing, in
    lower and upper case."""
    found = set()
    for size in (3, 4, 5):
        for sep in ('-', ' ', ''):
            text = grouped(value, size, sep)
            found |= {text, text.lower(), text.upper()}
    return found


def assert_hidden(values, texts, what='an identifier'):
    """No form of any of the values in any of texts ({where: text}); the message names the place, not the value."""
    for value in values:
        for secret in forms(value):
            for where, text in texts.items():
                assert secret not in text, '%s appears in %s' % (what, where)
