# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No identifier given to win_rdlicense_cals ever leaks: not with -vvvv, not in the diff, not in the results, not in
the simulator's files (where the idempotency records live).

A simulated license server starts activated; a first run (no secret) creates its state and reads its packs; the test
then plays the Clearinghouse with the documented formulas (docs/simulator.md) to get a valid retail code and a
license key pack ID for this server, and runs, with ``-vvvv --diff``, a playbook that uses every secret option
(typed in lower case with hyphens, as a person would): check mode, installation of every program, a code the
Clearinghouse refuses, malformed values and a rerun; then another that removes a pack. After each, every form of
every identifier is searched for everywhere.
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
PROFILE = {'activated': True}
AGREEMENT = '8675309'
OPEN_NUMBER = '24681357'
AUTHORIZATION = 'QWERT12345ASDFG'
FORGED_CODE = 'ZXCVB98765POIUY43210LKJHG'


def _collections_path():
    """ANSIBLE_COLLECTIONS_PATH when it holds remotedesktop.licensing with this module, else None."""
    for root in (os.environ.get('ANSIBLE_COLLECTIONS_PATH') or '').split(os.pathsep):
        if root and os.path.isfile(os.path.join(root, 'ansible_collections', 'remotedesktop', 'licensing',
                                                'plugins', 'action', 'win_rdlicense_cals.py')):
            return os.environ['ANSIBLE_COLLECTIONS_PATH']
    return None


def _ansible_playbook():
    local = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return local if os.access(local, os.X_OK) else (shutil.which('ansible-playbook') or 'ansible-playbook')


def _sha256(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest().upper()


def _grouped(value, size=5, sep='-'):
    return sep.join(value[i:i + size] for i in range(0, len(value), size))


def _forms(value):
    """Every way an identifier could show up: as stored, with hyphens or spaces, in lower and upper case."""
    forms = set()
    for size in (3, 4, 5):
        for sep in ('-', ' ', ''):
            text = _grouped(value, size, sep)
            forms |= {text, text.lower(), text.upper()}
    return forms


def _run(tmp_path, env, name, text, *extra):
    path = tmp_path / name
    path.write_text(text, encoding='utf-8')
    return subprocess.run([_ansible_playbook(), '-i', str(tmp_path / 'inventory.yml'), str(path)] + list(extra),
                          env=env, cwd=str(tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600, check=False)


FIRST = """
- hosts: windows
  gather_facts: false
  tasks:
    - name: Read the packs of the activated server
      remotedesktop.licensing.win_rdlicense_cals:
      register: first

    - name: Nothing is installed yet
      ansible.builtin.assert:
        that:
          - first.key_packs == []
"""

SECOND = """
- hosts: windows
  gather_facts: false
  vars_files:
    - secrets.yml
  vars:
    packs:
      - name: select
        program: select
        agreement_number: "{{ agreement_number }}"
        product_version: "2022"
        cal_type: per_user
        quantity: 25
      - name: open
        program: open_license
        license_number: "{{ open_number }}"
        authorization_number: "{{ authorization_number }}"
        product_version: "2019"
        cal_type: per_device
        quantity: 10
      - name: retail
        program: retail
        license_code: "{{ retail_code }}"
      - name: offline
        program: license_key_pack_id
        license_key_pack_id: "{{ key_pack_id }}"
  tasks:
    - name: Install every program (check mode)
      remotedesktop.licensing.win_rdlicense_cals:
        packs: "{{ packs }}"
      check_mode: true
      register: check

    - name: Install every program, and a retail code the Clearinghouse refuses
      remotedesktop.licensing.win_rdlicense_cals:
        packs: "{{ packs + [{'name': 'forged', 'program': 'retail', 'license_code': forged_code}] }}"
      register: install
      ignore_errors: true

    - name: Malformed identifiers
      remotedesktop.licensing.win_rdlicense_cals:
        packs:
          - program: open_license
            license_number: "{{ open_number }}"
            authorization_number: "{{ authorization_number }}x"
            product_version: "2019"
            cal_type: per_device
            quantity: 10
          - program: retail
            license_code: "{{ retail_code }}"
            agreement_number: "{{ agreement_number }}"
      register: malformed
      ignore_errors: true

    - name: Install again
      remotedesktop.licensing.win_rdlicense_cals:
        packs: "{{ packs }}"
        report_undeclared: true
      register: again

    - name: Show every result
      ansible.builtin.debug:
        var: item
      loop: [check, install, malformed, again]

    - name: Keep the results for the test
      ansible.builtin.copy:
        content: "{{ {'check': check, 'install': install, 'malformed': malformed, 'again': again} | to_nice_json }}"
        dest: "{{ playbook_dir }}/results.json"
        mode: '0600'
      delegate_to: localhost

    - name: The packs were installed once and the forged code failed
      ansible.builtin.assert:
        that:
          - check is changed
          - install is failed
          - install is changed
          - install.packs | map(attribute='outcome') | list == ['installed'] * 4 + ['failed']
          - malformed is failed
          - again is not changed
          - again.packs | map(attribute='outcome') | list == ['present'] * 4
"""


THIRD = """
- hosts: windows
  gather_facts: false
  vars_files:
    - secrets.yml
  tasks:
    - name: Remove the Select pack
      remotedesktop.licensing.win_rdlicense_cals:
        packs:
          - name: select
            program: select
            agreement_number: "{{ agreement_number }}"
            product_version: "2022"
            cal_type: per_user
            quantity: 25
            state: absent
      register: removal

    - name: Keep the result for the test
      ansible.builtin.copy:
        content: "{{ removal | to_nice_json }}"
        dest: "{{ playbook_dir }}/removal.json"
        mode: '0600'
      delegate_to: localhost

    - name: The Select pack was removed
      ansible.builtin.assert:
        that:
          - removal is changed
          - removal.packs[0].outcome == 'removed'
"""


def _files(state_dir):
    files = {}
    for name in os.listdir(state_dir):
        with open(state_dir / name, encoding='utf-8', errors='replace') as f:
            files[name] = f.read()
    return files


def _assert_hidden(values, texts):
    for value in values:
        for secret in _forms(value):
            for where, text in texts.items():
                assert secret not in text, 'an identifier appears in %s' % where


def test_identifiers_never_leak(tmp_path):
    collections = _collections_path()
    if collections is None:
        pytest.skip('remotedesktop.licensing with win_rdlicense_cals is not found in ANSIBLE_COLLECTIONS_PATH (set by '
                    '`make integration`)')
    state_dir = tmp_path / 'state'
    state_dir.mkdir()
    env = dict(os.environ, RDLICENSING_SIM_STATE_DIR=str(state_dir), ANSIBLE_NOCOLOR='1',
               ANSIBLE_RETRY_FILES_ENABLED='false', ANSIBLE_LOCALHOST_WARNING='false')
    inventory = {'all': {'children': {'windows': {'hosts': {HOST: {
        'ansible_connection': 'remotedesktop.licensing.simulator', 'rdlicensing_sim_profile': PROFILE}}}}}}
    (tmp_path / 'inventory.yml').write_text(json.dumps(inventory), encoding='utf-8')

    first = _run(tmp_path, env, 'first.yml', FIRST)
    assert first.returncode == 0, first.stdout + first.stderr

    # Play the Clearinghouse (docs/simulator.md): a retail code for 5 Windows Server 2022 per-device CALs, and a key
    # pack ID for 12 per-user 2022 CALs issued for this server's license server ID.
    with open(state_dir / ('%s.json' % HOST), encoding='utf-8') as f:
        product_id = json.load(f)['license_server']['product_id']
    license_server_id = _sha256('LSID:' + product_id)[:35]
    retail_head = '7000050001'
    retail_code = retail_head + _sha256('RETAIL:' + retail_head)[:15]
    key_pack_head = '7100012'
    key_pack_id = key_pack_head + _sha256('KEYPACK:%s:%s' % (license_server_id, key_pack_head))[:28]
    secrets = {'agreement_number': _grouped(AGREEMENT, 3), 'open_number': _grouped(OPEN_NUMBER, 4),
               'authorization_number': _grouped(AUTHORIZATION).lower(), 'retail_code': _grouped(retail_code).lower(),
               'key_pack_id': _grouped(key_pack_id).lower(), 'forged_code': _grouped(FORGED_CODE).lower()}
    (tmp_path / 'secrets.yml').write_text(json.dumps(secrets), encoding='utf-8')

    second = _run(tmp_path, env, 'second.yml', SECOND, '-vvvv', '--diff')
    output = second.stdout + second.stderr
    assert second.returncode == 0, output[-6000:]

    # The run really did something: four packs were installed and recorded; the output shows the changes.
    with open(state_dir / ('%s.json' % HOST), encoding='utf-8') as f:
        state = json.load(f)
    assert [p['KeyPackType'] for p in state['key_packs'] if p['ProductType'] != 3] == [2, 5, 1, 2]
    assert len(state['registry']['hklm:\\software\\remotedesktop.licensing\\keypacks']) == 5  # salt + 4 records
    assert 'changed: [%s]' % HOST in output
    results = (tmp_path / 'results.json').read_text(encoding='utf-8')
    assert json.loads(results)['install']['changed'] is True
    values = (AGREEMENT, OPEN_NUMBER, AUTHORIZATION, retail_code, key_pack_id, FORGED_CODE)
    texts = {'the ansible-playbook output': output, 'the task results': results}
    texts.update(('the simulator file %s (after installing)' % name, text) for name, text in _files(state_dir).items())
    _assert_hidden(values, texts)

    third = _run(tmp_path, env, 'third.yml', THIRD, '-vvvv', '--diff')
    output = third.stdout + third.stderr
    assert third.returncode == 0, output[-6000:]
    with open(state_dir / ('%s.json' % HOST), encoding='utf-8') as f:
        assert [p['KeyPackType'] for p in json.load(f)['key_packs'] if p['ProductType'] != 3] == [5, 1, 2]
    texts = {'the output of the removal': output,
             'the result of the removal': (tmp_path / 'removal.json').read_text(encoding='utf-8')}
    texts.update(('the simulator file %s (after removing)' % name, text) for name, text in _files(state_dir).items())
    _assert_hidden(values, texts)
