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

import json

from playbook_runner import assert_hidden, confirmation_code, grouped, license_server_id, module_lab

HOST = 'lic01'
PROFILE = {'activated': True, 'contact': {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd',
                                          'country_region': 'United Kingdom'}}
WRONG_CODE = 'QWERT98765ZXCVB43210'
TIMEOUT = 600


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
    lab = module_lab(tmp_path, 'win_rdlicense_activate', {HOST: {'rdlicensing_sim_profile': PROFILE}})

    lab.write('phase1.yml', PHASE1)
    first = lab.run('phase1.yml', timeout=TIMEOUT)
    assert first.returncode == 0, first.stdout

    # Play the telephone operator (docs/simulator.md: the simulated Clearinghouse).
    code = confirmation_code(license_server_id(lab.state(HOST)['license_server']['product_id']))
    typed = grouped(code).lower()
    lab.write('codes.yml', 'right_code: "%s"\nwrong_code: "%s"\n' % (typed, grouped(WRONG_CODE)))

    lab.write('phase2.yml', PHASE2)
    second = lab.run('phase2.yml', '-vvvv', '--diff', timeout=TIMEOUT)
    output = second.stdout
    assert second.returncode == 0, output[-6000:]

    # The run really did something: the server is deactivated, and the output shows the change.
    assert lab.state(HOST)['license_server']['activation_status'] == 1
    assert 'changed: [%s]' % HOST in output
    results = lab.read('results.json')
    assert json.loads(results)['right']['changed'] is True

    state_files = lab.state_texts()
    assert '%s.json' % HOST in state_files

    texts = {'the ansible-playbook output': output, 'the task results': results}
    texts.update(('the simulator file %s' % name, text) for name, text in state_files.items())
    assert_hidden((code, WRONG_CODE), texts, 'a confirmation code')
