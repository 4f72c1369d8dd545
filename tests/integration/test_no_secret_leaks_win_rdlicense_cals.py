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

import json
import os
import shutil

import pytest

from playbook_runner import (
    Lab,
    assert_hidden,
    collection_dir,
    environment,
    grouped,
    key_pack_id,
    license_server_id,
    module_lab,
    retail_code,
)

HOST = 'lic01'
PROFILE = {'activated': True}
AGREEMENT = '8675309'
OPEN_NUMBER = '24681357'
AUTHORIZATION = 'QWERT12345ASDFG'
FORGED_CODE = 'ZXCVB98765POIUY43210LKJHG'
TIMEOUT = 600


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


def installed_types(lab):
    """KeyPackType of every pack on the server but the built-in temporary ones (ProductType 3)."""
    return [p['KeyPackType'] for p in lab.state(HOST)['key_packs'] if p['ProductType'] != 3]


def test_identifiers_never_leak(tmp_path):
    lab = module_lab(tmp_path, 'win_rdlicense_cals', {HOST: {'rdlicensing_sim_profile': PROFILE}})

    lab.write('first.yml', FIRST)
    first = lab.run('first.yml', timeout=TIMEOUT)
    assert first.returncode == 0, first.stdout

    # Play the Clearinghouse (docs/simulator.md): a retail code for 5 Windows Server 2022 per-device CALs, and a key
    # pack ID for 12 per-user 2022 CALs issued for this server's license server ID.
    server_id = license_server_id(lab.state(HOST)['license_server']['product_id'])
    retail = retail_code('7000050001')
    key_pack = key_pack_id(server_id, '7100012')
    secrets = {'agreement_number': grouped(AGREEMENT, 3), 'open_number': grouped(OPEN_NUMBER, 4),
               'authorization_number': grouped(AUTHORIZATION).lower(), 'retail_code': grouped(retail).lower(),
               'key_pack_id': grouped(key_pack).lower(), 'forged_code': grouped(FORGED_CODE).lower()}
    lab.write('secrets.yml', json.dumps(secrets))

    lab.write('second.yml', SECOND)
    second = lab.run('second.yml', '-vvvv', '--diff', timeout=TIMEOUT)
    output = second.stdout
    assert second.returncode == 0, output[-6000:]

    # The run really did something: four packs were installed and recorded; the output shows the changes.
    assert installed_types(lab) == [2, 5, 1, 2]
    registry = lab.state(HOST)['registry']
    assert len(registry['hklm:\\software\\remotedesktop.licensing\\keypacks']) == 5  # salt + 4 records
    assert 'changed: [%s]' % HOST in output
    results = lab.read('results.json')
    assert json.loads(results)['install']['changed'] is True
    values = (AGREEMENT, OPEN_NUMBER, AUTHORIZATION, retail, key_pack, FORGED_CODE)
    texts = {'the ansible-playbook output': output, 'the task results': results}
    texts.update(('the simulator file %s (after installing)' % name, text) for name, text in lab.state_texts().items())
    assert_hidden(values, texts)
    # What the host side of the module framework kept is among the files searched: no event log entry (the spec is
    # no_log) and the invocation of the last run (the rerun's probe).
    framework = json.loads(lab.read(os.path.join('state', HOST + '.host.json')))
    assert framework['application_event_log'] == []
    assert framework['invocations']['remotedesktop.licensing.win_rdlicense_cals']['module_args']['_operation'] == 'probe'

    lab.write('third.yml', THIRD)
    third = lab.run('third.yml', '-vvvv', '--diff', timeout=TIMEOUT)
    output = third.stdout
    assert third.returncode == 0, output[-6000:]
    assert installed_types(lab) == [5, 1, 2]
    texts = {'the output of the removal': output, 'the result of the removal': lab.read('removal.json')}
    texts.update(('the simulator file %s (after removing)' % name, text) for name, text in lab.state_texts().items())
    assert_hidden(values, texts)


DEFECT = """
- hosts: windows
  gather_facts: false
  tasks:
    - name: Install a Select pack
      remotedesktop.licensing.win_rdlicense_cals:
        packs:
          - program: select
            agreement_number: "%s"
            product_version: "2022"
            cal_type: per_user
            quantity: 5
""" % AGREEMENT


def _reintroduce_the_defect(source):
    """The spec as it was before the fix: no top-level no_log, the agreement number not a no_log sub-option."""
    top = '    no_log = $true\n'
    marked = "                agreement_number = @{ type = 'str'; no_log = $true }\n"
    assert top in source and marked in source
    return source.replace(top, '').replace(marked, marked.replace('; no_log = $true', ''))


def test_the_leak_search_catches_the_defect_reintroduced(tmp_path):
    """A copy of the collection whose win_rdlicense_cals.ps1 has the defect: the same search finds the agreement
    number in the simulated host's Application event log and in the invocation."""
    source_dir = collection_dir('plugins/action/win_rdlicense_cals.py')
    if source_dir is None:
        pytest.skip('remotedesktop.licensing is not found in ANSIBLE_COLLECTIONS_PATH (set by `make integration`)')
    root = tmp_path / 'collections'
    copy = root / 'ansible_collections' / 'remotedesktop' / 'licensing'
    shutil.copytree(source_dir, copy, ignore=shutil.ignore_patterns('tests', '.git', '__pycache__'))
    module = copy / 'plugins' / 'modules' / 'win_rdlicense_cals.ps1'
    module.write_text(_reintroduce_the_defect(module.read_text(encoding='utf-8')), encoding='utf-8')

    paths = os.pathsep.join([str(root), environment()['ANSIBLE_COLLECTIONS_PATH']])
    lab = Lab(tmp_path / 'lab', group='windows', env={'ANSIBLE_COLLECTIONS_PATH': paths,
                                                      'ANSIBLE_LOCALHOST_WARNING': 'false'})
    lab.write_inventory({HOST: {'rdlicensing_sim_profile': PROFILE}})
    lab.write('defect.yml', DEFECT)
    run = lab.run('defect.yml', timeout=TIMEOUT)
    assert run.returncode == 0, run.stdout[-4000:]
    assert AGREEMENT not in run.stdout  # the controller side still hides it ...
    framework = lab.read(os.path.join('state', HOST + '.host.json'))
    # ... but the host logged it: the defect is seen only where the simulator keeps the host side
    assert '%s - Invoked with:' % 'remotedesktop.licensing.win_rdlicense_cals' in framework
    with pytest.raises(AssertionError, match=r'the simulator file lic01\.host\.json'):
        assert_hidden([AGREEMENT], {'the simulator file %s' % n: t for n, t in lab.state_texts().items()})
