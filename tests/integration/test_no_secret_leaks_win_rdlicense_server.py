# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret given to win_rdlicense_server ever leaks: not with -vvvv, not in the diff, not in the results, not in
the simulator's files (the simulated host's event log and invocations in ``<host>.host.json`` included).

A fresh simulated license server is rolled out by one task with ``-vvvv --diff`` (the role, the activation and two
CAL packs whose agreement and license numbers are secrets), then the task runs again; every form of every secret is
searched for everywhere, and the simulator counted the executions of win_rdlicense_server.
"""

from __future__ import annotations

import json
import os

from playbook_runner import assert_hidden, module_lab

HOST = 'lic01'
AGREEMENT = '8675309'
OPEN_NUMBER = '24681357'
AUTHORIZATION = 'QWERT12345ASDFG'
TIMEOUT = 600
MODULE = 'remotedesktop.licensing.win_rdlicense_server'

PLAYBOOK = """
- hosts: windows
  gather_facts: false
  vars_files:
    - secrets.yml
  vars:
    server:
      activation:
        company_information:
          first_name: Ada
          last_name: Lovelace
          company: Contoso Ltd
          country_region: United Kingdom
      cals:
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
  tasks:
    - name: Roll the license server out
      remotedesktop.licensing.win_rdlicense_server: "{{ server }}"
      register: rollout

    - name: Again
      remotedesktop.licensing.win_rdlicense_server: "{{ server }}"
      register: again

    - name: Keep the results for the test
      ansible.builtin.copy:
        content: "{{ {'rollout': rollout, 'again': again} | to_nice_json }}"
        dest: "{{ playbook_dir }}/results.json"
        mode: '0600'
      delegate_to: localhost

    - name: The rollout changed the server, the rerun nothing
      ansible.builtin.assert:
        that:
          - rollout is changed
          - again is not changed
"""


def test_secrets_never_leak_and_the_executions_are_counted(tmp_path):
    lab = module_lab(tmp_path, 'win_rdlicense_server', {HOST: {}})
    lab.write('secrets.yml', 'agreement_number: "%s"\nopen_number: "%s"\nauthorization_number: "%s"\n'
              % (AGREEMENT, OPEN_NUMBER, AUTHORIZATION.lower()))
    lab.write('rollout.yml', PLAYBOOK)
    run = lab.run('rollout.yml', '-vvvv', '--diff', timeout=TIMEOUT)
    output = run.stdout
    assert run.returncode == 0, output[-6000:]

    # The run really did something: two packs installed, and the output shows the change.
    state = lab.state(HOST)
    assert state['license_server']['activation_status'] == 0
    assert sorted(p['TotalLicenses'] for p in state['key_packs'] if p['ProductType'] != 3) == [10, 25]
    assert 'changed: [%s]' % HOST in output
    results = lab.read('results.json')

    state_texts = lab.state_texts()
    assert '%s.host.json' % HOST in state_texts, sorted(state_texts)
    framework = json.loads(state_texts['%s.host.json' % HOST])
    assert MODULE in json.dumps(framework)  # the host side of the module framework saw the module's runs

    # One count per remote execution of the module: a fresh rollout in three, the rerun in one.
    counters = json.loads(state_texts['%s.counters.json' % HOST])
    assert counters['by_module'][MODULE]['executions'] == 4, counters

    texts = {'the ansible-playbook output': output, 'the task results': results}
    texts.update(('the simulator file %s' % name, text) for name, text in state_texts.items())
    assert_hidden((AGREEMENT, OPEN_NUMBER, AUTHORIZATION), texts, 'a secret of win_rdlicense_server')
    assert os.path.isfile(os.path.join(lab.state_dir, HOST + '.json'))


ROLE_PLAYBOOK = """
- hosts: windows
  gather_facts: false
  vars_files:
    - secrets.yml
  vars:
    license_server_company_information:
      first_name: Ada
      last_name: Lovelace
      company: Contoso Ltd
      country_region: United Kingdom
    license_server_cal_packs:
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
  tasks:
    - name: Roll the license server out with the role (its inputs reach the module whole, as role_inputs)
      ansible.builtin.include_role:
        name: remotedesktop.licensing.license_server

    - name: Again
      ansible.builtin.include_role:
        name: remotedesktop.licensing.license_server
"""


def test_secrets_given_to_the_role_never_leak_through_role_inputs(tmp_path):
    """The role hands every input, the packs' secrets among them, to the module in one option (role_inputs): they
    are masked as the module's own secret options are."""
    lab = module_lab(tmp_path, 'win_rdlicense_server', {HOST: {}})
    lab.write('secrets.yml', 'agreement_number: "%s"\nopen_number: "%s"\nauthorization_number: "%s"\n'
              % (AGREEMENT, OPEN_NUMBER, AUTHORIZATION.lower()))
    lab.write('rollout.yml', ROLE_PLAYBOOK)
    run = lab.run('rollout.yml', '-vvvv', '--diff', timeout=TIMEOUT)
    output = run.stdout
    assert run.returncode == 0, output[-6000:]
    state = lab.state(HOST)
    assert sorted(p['TotalLicenses'] for p in state['key_packs'] if p['ProductType'] != 3) == [10, 25]
    assert '%s: installed the RD Licensing role' % HOST in output
    assert '%s: nothing to change.' % HOST in output

    state_texts = lab.state_texts()
    counters = json.loads(state_texts['%s.counters.json' % HOST])
    assert counters['by_module'][MODULE]['executions'] == 4, counters  # fresh 3, then the rerun 1

    texts = {'the ansible-playbook output': output}
    texts.update(('the simulator file %s' % name, text) for name, text in state_texts.items())
    assert_hidden((AGREEMENT, OPEN_NUMBER, AUTHORIZATION), texts, 'a secret given to the role license_server')
