# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The telephone confirmation code of win_rdlicense_activate never leaks: not with -vvvv, not in the diff, not in
the results, not in the simulator's files.

A simulated license server starts activated; a first run (no secret) reads its product ID; the test then plays the
Clearinghouse's telephone operator with the documented formula (docs/simulator.md) and runs, with ``-vvvv --diff``,
a playbook that deactivates the server with a wrong code and then with the right one (typed in lower case with
hyphens, as a person would), and again. Every form of both codes is then searched for everywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

HOST = 'lic01'
PROFILE = {'activated': True, 'contact': {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd',
                                          'country_region': 'United Kingdom'}}
WRONG_CODE = 'QWERT98765ZXCVB43210'


def _collections_path():
    """ANSIBLE_COLLECTIONS_PATH when it holds remotedesktop.licensing, else None."""
    for root in (os.environ.get('ANSIBLE_COLLECTIONS_PATH') or '').split(os.pathsep):
        if root and os.path.isfile(os.path.join(root, 'ansible_collections', 'remotedesktop', 'licensing',
                                                'plugins', 'action', 'win_rdlicense_activate.py')):
            return os.environ['ANSIBLE_COLLECTIONS_PATH']
    return None


def _ansible_playbook():
    local = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return local if os.access(local, os.X_OK) else (shutil.which('ansible-playbook') or 'ansible-playbook')


def _sha256(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest().upper()


def _grouped(value, sep='-'):
    return sep.join(value[i:i + 5] for i in range(0, len(value), 5))


def _forms(code):
    """Every way the code could show up: as given, normalised, with hyphens, in lower and upper case."""
    return {code, code.lower(), _grouped(code), _grouped(code).lower(), _grouped(code, ' ')}


def _run(tmp_path, env, playbook, *extra):
    path = tmp_path / playbook[0]
    path.write_text(playbook[1], encoding='utf-8')
    proc = subprocess.run([_ansible_playbook(), '-i', str(tmp_path / 'inventory.yml'), str(path)] + list(extra),
                          env=env, cwd=str(tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600, check=False)
    return proc


PHASE1 = """
- hosts: windows
  gather_facts: false
  tasks:
    - name: Deactivate by telephone without the code (phase 1)
      remotedesktop.licensing.win_rdlicense_activate:
        state: deactivated
        method: telephone
      register: phase1

    - name: Phase 1 stopped cleanly
      ansible.builtin.assert:
        that:
          - phase1.activation_pending
          - phase1.license_server_id | length == 35
"""

PHASE2 = """
- hosts: windows
  gather_facts: false
  vars_files:
    - codes.yml
  tasks:
    - name: Deactivate with a wrong confirmation code
      remotedesktop.licensing.win_rdlicense_activate:
        state: deactivated
        method: telephone
        confirmation_code: "{{ wrong_code }}"
      register: wrong
      ignore_errors: true

    - name: Deactivate with the operator's confirmation code
      remotedesktop.licensing.win_rdlicense_activate:
        state: deactivated
        method: telephone
        confirmation_code: "{{ right_code }}"
      register: right

    - name: Deactivate with the same code again
      remotedesktop.licensing.win_rdlicense_activate:
        state: deactivated
        method: telephone
        confirmation_code: "{{ right_code }}"
      register: again

    - name: Show every result
      ansible.builtin.debug:
        var: item
      loop: [wrong, right, again]

    - name: Keep the results for the test
      ansible.builtin.copy:
        content: "{{ {'wrong': wrong, 'right': right, 'again': again} | to_nice_json }}"
        dest: "{{ playbook_dir }}/results.json"
        mode: '0600'
      delegate_to: localhost

    - name: The wrong code failed, the right one deactivated the server once
      ansible.builtin.assert:
        that:
          - wrong is failed
          - wrong.msg is search('refused the confirmation code')
          - right is changed
          - right.activation_status == 'not_activated'
          - again is not changed
"""


def test_confirmation_code_never_leaks(tmp_path):
    collections = _collections_path()
    if collections is None:
        pytest.skip('remotedesktop.licensing is not found in ANSIBLE_COLLECTIONS_PATH (set by `make integration`)')
    state_dir = tmp_path / 'state'
    state_dir.mkdir()
    env = dict(os.environ, RDLICENSING_SIM_STATE_DIR=str(state_dir), ANSIBLE_NOCOLOR='1',
               ANSIBLE_RETRY_FILES_ENABLED='false', ANSIBLE_LOCALHOST_WARNING='false')
    inventory = {'all': {'children': {'windows': {'hosts': {HOST: {
        'ansible_connection': 'remotedesktop.licensing.simulator', 'rdlicensing_sim_profile': PROFILE}}}}}}
    (tmp_path / 'inventory.yml').write_text(json.dumps(inventory), encoding='utf-8')

    first = _run(tmp_path, env, ('phase1.yml', PHASE1))
    assert first.returncode == 0, first.stdout + first.stderr

    # Play the telephone operator (docs/simulator.md: the simulated Clearinghouse).
    with open(state_dir / ('%s.json' % HOST), encoding='utf-8') as f:
        product_id = json.load(f)['license_server']['product_id']
    license_server_id = _sha256('LSID:' + product_id)[:35]
    code = _sha256('CONFIRM:' + license_server_id)[:20]
    typed = _grouped(code).lower()
    (tmp_path / 'codes.yml').write_text('right_code: "%s"\nwrong_code: "%s"\n' % (typed, _grouped(WRONG_CODE)),
                                        encoding='utf-8')

    second = _run(tmp_path, env, ('phase2.yml', PHASE2), '-vvvv', '--diff')
    output = second.stdout + second.stderr
    assert second.returncode == 0, output[-6000:]

    # The run really did something: the server is deactivated, and the output shows the change.
    with open(state_dir / ('%s.json' % HOST), encoding='utf-8') as f:
        assert json.load(f)['license_server']['activation_status'] == 1
    assert 'changed: [%s]' % HOST in output
    results = (tmp_path / 'results.json').read_text(encoding='utf-8')
    assert json.loads(results)['right']['changed'] is True

    state_files = {}
    for name in os.listdir(state_dir):
        with open(state_dir / name, encoding='utf-8', errors='replace') as f:
            state_files[name] = f.read()
    assert '%s.json' % HOST in state_files

    for secret in _forms(code) | _forms(WRONG_CODE):
        assert secret not in output, 'a confirmation code appears in the ansible-playbook output'
        assert secret not in results, 'a confirmation code appears in the task results'
        for name, text in state_files.items():
            assert secret not in text, 'a confirmation code appears in the simulator file %s' % name
