# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/license_server.yml and the role remotedesktop.licensing.license_server against simulated servers.

Each run goes through a small wrapper playbook that imports playbooks/license_server.yml and then writes every
server's ``license_server_summary`` to a JSON file, so the tests can read what the role says it did. What the servers
really hold is read back with remotedesktop.licensing.win_rdlicense_info, and the simulator's counters tell how many
remote executions each module cost.

Covered: check mode on fresh servers (activation and CAL packs predicted, nothing changed, no failure), the rollout,
the two phases of a web activation, the idempotent rerun (one execution per module), company information drift in
check mode, a restart that is needed but not allowed (stop) or allowed (restart), deactivation by telephone in two
phases, a wrong input refused at the start of the role before any remote call, and no identifier anywhere with
-vvvv --diff.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from deployment_lab import SummaryRun, executions, recap
from playbook_runner import REPO, confirmation_code, grouped, license_server_id

AGREEMENT = '3141592'
RETAIL_CODE = '70001-00007-9581D-31D38-E82A1'  # the simulated Clearinghouse's code for 10 per-device 2022 CALs
OPEN_NUMBER = '27182818'
OPEN_AUTHORIZATION = 'ZXCVB-98765-LKJHG'
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom',
           'email': 'licensing@contoso.example'}
PACKS = [
    {'name': 'select-2022-user', 'program': 'select', 'agreement_number': AGREEMENT, 'product_version': '2022',
     'cal_type': 'per_user', 'quantity': 30},
    {'name': 'retail-2022-device', 'program': 'retail', 'license_code': RETAIL_CODE},
    {'name': 'open-2019-device', 'program': 'open_license', 'license_number': OPEN_NUMBER,
     'authorization_number': OPEN_AUTHORIZATION, 'product_version': '2019', 'cal_type': 'per_device', 'quantity': 8},
]
SECRETS = (AGREEMENT, RETAIL_CODE, OPEN_NUMBER, OPEN_AUTHORIZATION)
HOSTS = {
    'fresh': {'rdlicensing_sim_profile': {'os': '2022'}},
    'offline': {'rdlicensing_sim_profile': {'os': '2022'}, 'rdlicensing_sim_faults': ['clearinghouse_unreachable'],
                'license_server_activation_method': 'web', 'license_server_cal_packs': []},
    'by-hand': {'rdlicensing_sim_profile': {
        'os': '2022', 'activated': True,
        'contact': {'first_name': 'Charles', 'last_name': 'Babbage', 'company': 'Contoso Ltd',
                    'country_region': 'United Kingdom'},
        'key_packs': [{'product_version': '2022', 'cal_type': 'per_user', 'quantity': 30, 'issued': 4,
                       'type': 'volume'}]}},
}
ROLLOUT = os.path.join(REPO, 'playbooks', 'license_server.yml')


class Rollout(SummaryRun):
    """Runs the rollout in a Lab and reads what it left: summaries, counters, state files."""

    def __init__(self, lab):
        super().__init__(lab, ROLLOUT, ['license_servers'], ['license_server_summary'])

    def executions(self, host):
        """{module short name: remote executions so far} for a host."""
        return executions(self.lab, host)

    def state(self):
        """The bytes of every host's state file (not the counters, nor what the module framework left:
        <host>.host.json)."""
        found = {}
        for name in self.lab.state_files():
            if name.endswith('.json') and not name.endswith(('.counters.json', '.host.json')):
                with open(os.path.join(self.lab.state_dir, name), 'rb') as f:
                    found[name] = f.read()
        return found


def product_id_of(summary):
    return summary['activation']['product_id']


def leaks(text):
    """The secrets found in a text, however they are grouped (hyphens, spaces) or cased."""
    found = []
    for secret in SECRETS:
        plain = re.sub(r'[\s-]', '', secret)
        pattern = r'(?<![0-9A-Za-z])' + r'[\s-]?'.join(re.escape(c) for c in plain) + r'(?![0-9A-Za-z])'
        if re.search(pattern, text, re.I):
            found.append(secret)
    return found


@pytest.fixture()
def rollout(new_lab):
    lab = new_lab('rollout')
    lab.write_inventory(HOSTS, {'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS})
    return Rollout(lab)


def test_check_mode_on_fresh_servers_predicts_and_changes_nothing(rollout, tail):
    proc, summaries = rollout.run('--check', '--diff')
    assert proc.returncode == 0, tail(proc)
    state = rollout.state()
    again, dummy = rollout.run('--check')
    assert again.returncode == 0, tail(again)
    assert rollout.state() == state, 'check mode changed a server'

    fresh = summaries['fresh']
    assert fresh['check_mode'] is True and fresh['changed'] is True and fresh['stopped'] is None
    assert fresh['role']['changed'] and not fresh['role']['installed_before'] and fresh['role']['installed']
    assert fresh['activation']['predicted'] is True
    assert fresh['activation']['changed'] is True and fresh['activation']['status'] == 'activated'
    assert fresh['activation']['license_server_id'] is None  # only the Clearinghouse can issue it
    assert fresh['company_information'] == {'changed': True, 'properties': list(COMPANY)}
    assert fresh['packs']['predicted'] is True and fresh['packs']['changed'] is True
    assert [p['outcome'] for p in fresh['packs']['outcomes']] == ['installed'] * 3
    assert fresh['packs']['counts']['installed'] == 3
    # One remote execution per check run (two runs): the rest is predicted in Python.
    assert rollout.executions('fresh') == {'win_rdlicense_server': 2}

    offline = summaries['offline']
    assert offline['stopped'] == 'activation_pending'
    assert offline['activation']['pending'] is True and offline['activation']['changed'] is False
    assert offline['packs']['outcomes'] == [] and offline['packs']['changed'] is False
    assert 'without check mode to get it' in offline['activation']['instructions']

    by_hand = summaries['by-hand']
    assert by_hand['activation']['predicted'] is False and by_hand['activation']['changed'] is False
    assert by_hand['company_information']['properties'] == ['first_name', 'last_name', 'email']
    assert by_hand['packs']['predicted'] is False
    assert [p['outcome'] for p in by_hand['packs']['outcomes']] == ['adopted', 'installed', 'installed']
    assert 'by-hand (check mode, nothing was changed): would write the company information' in proc.stdout


def test_rollout_web_phases_and_idempotent_rerun(rollout, tail):
    proc, summaries = rollout.run()
    assert proc.returncode == 0, tail(proc)
    assert recap(proc)['offline']['failed'] == 0

    fresh = summaries['fresh']
    assert fresh['check_mode'] is False and fresh['stopped'] is None
    assert fresh['activation']['status'] == 'activated' and len(fresh['activation']['license_server_id']) == 35
    assert fresh['packs']['counts'] == {'installed': 3, 'present': 0, 'adopted': 0, 'removed': 0, 'absent': 0,
                                        'failed': 0}
    assert fresh['packs']['totals'] == {'2022': {'per_user': {'total': 30, 'issued': 0, 'available': 30},
                                                 'per_device': {'total': 10, 'issued': 0, 'available': 10}},
                                        '2019': {'per_device': {'total': 8, 'issued': 0, 'available': 8}}}
    assert 'fresh: installed the RD Licensing role, wrote the company information' in proc.stdout
    # A fresh server without a restart: the probe, the role's installation, then the activation and the packs.
    assert rollout.executions('fresh') == {'win_rdlicense_server': 3}

    by_hand = summaries['by-hand']
    assert not by_hand['role']['changed'] and not by_hand['activation']['changed']
    assert by_hand['packs']['counts']['adopted'] == 1 and by_hand['packs']['counts']['installed'] == 2

    offline = summaries['offline']
    assert offline['stopped'] == 'activation_pending' and offline['role']['changed'] is True
    assert offline['activation']['status'] == 'not_activated'
    product_id = product_id_of(offline)
    assert product_id in offline['activation']['instructions']
    assert 'give the answer as license_server_id' in ' '.join(offline['message'])
    assert offline['packs']['counts']['installed'] == 0, 'CAL packs tried before activation'

    # Phase 2: the license server ID from the (simulated) web site, typed the way a person copies it.
    typed_id = grouped(license_server_id(product_id)).lower()
    proc, summaries = rollout.run('--limit', 'offline', '-e', 'license_server_id=' + typed_id)
    assert proc.returncode == 0, tail(proc)
    offline = summaries['offline']
    assert offline['stopped'] is None and offline['activation']['changed'] is True
    assert offline['activation']['license_server_id'] == license_server_id(product_id)
    assert offline['company_information']['changed'] is True  # written together with the activation

    before = {host: rollout.executions(host) for host in HOSTS}
    proc, summaries = rollout.run()
    assert proc.returncode == 0, tail(proc)
    assert {host: counts['changed'] for host, counts in recap(proc).items() if host in HOSTS} == dict.fromkeys(HOSTS, 0)
    for host in HOSTS:
        assert summaries[host]['changed'] is False and summaries[host]['stopped'] is None, summaries[host]
        assert '%s: nothing to change.' % host in proc.stdout
        spent = {m: n - before[host].get(m, 0) for m, n in rollout.executions(host).items()}
        assert spent == {'win_rdlicense_server': 1}, (host, spent)  # converged: one remote execution


def test_company_information_drift_in_check_mode(rollout, tail):
    proc, dummy = rollout.run('--limit', 'fresh')
    assert proc.returncode == 0, tail(proc)
    state = rollout.state()
    extra = json.dumps({'license_server_company_information': dict(COMPANY, city='Oxford', email='it@contoso.example')})
    proc, summaries = rollout.run('--limit', 'fresh', '--check', '--diff', '-e', extra)
    assert proc.returncode == 0, tail(proc)
    assert rollout.state() == state
    fresh = summaries['fresh']
    assert fresh['changed'] is True
    assert fresh['company_information'] == {'changed': True, 'properties': ['email', 'city']}
    assert not fresh['role']['changed'] and not fresh['activation']['changed'] and not fresh['packs']['changed']
    assert not fresh['activation']['predicted'] and not fresh['packs']['predicted']
    assert 'fresh (check mode, nothing was changed): would write the company information (email, city).' in proc.stdout


def test_restart_needed_stops_unless_allowed(new_lab, tail):
    lab = new_lab('reboot')
    lab.write_inventory({'core': {'rdlicensing_sim_profile': {'server_core': True},
                                  'rdlicensing_sim_faults': ['reboot_required']}},
                        {'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS[:1]})
    rollout = Rollout(lab)
    proc, summaries = rollout.run()
    assert proc.returncode == 0, tail(proc)
    core = summaries['core']
    assert core['stopped'] == 'reboot_required'
    assert core['reboot'] == {'required': True, 'allowed': False, 'rebooted': False}
    assert core['role']['changed'] and not core['role']['installed'] and core['role']['reboot_required']
    assert not core['activation']['changed'] and core['packs']['outcomes'] == []
    assert 'license_server_allow_reboot is false' in ' '.join(core['message'])
    assert rollout.executions('core') == {'win_rdlicense_server': 2}  # the probe and the role's installation

    proc, summaries = rollout.run('-e', 'license_server_allow_reboot=true')  # a string, as an AWX survey gives it
    assert proc.returncode == 0, tail(proc)
    core = summaries['core']
    assert core['stopped'] is None and core['reboot']['rebooted'] is True
    assert core['role']['installed'] and not core['role']['reboot_required']
    assert core['role']['service']['state'] == 'started'
    assert core['activation']['status'] == 'activated' and core['packs']['counts']['installed'] == 1


def test_deactivation_by_telephone_in_two_phases(new_lab, tail):
    lab = new_lab('deactivate')
    lab.write_inventory({'old': {'rdlicensing_sim_profile': {'activated': True}}},
                        {'license_server_activation_state': 'deactivated',
                         'license_server_activation_method': 'telephone', 'license_server_cal_packs': PACKS})
    rollout = Rollout(lab)
    proc, summaries = rollout.run()
    assert proc.returncode == 0, tail(proc)
    old = summaries['old']
    assert old['stopped'] == 'activation_pending' and old['activation']['status'] == 'activated'
    assert 'give the answer as license_server_confirmation_code' in ' '.join(old['message'])
    code = confirmation_code(old['activation']['license_server_id'])
    answer = os.path.join(lab.root, 'answer.yml')  # as a vault or an AWX survey would give it: not on the command line
    with open(answer, 'w', encoding='utf-8') as f:
        json.dump({'license_server_confirmation_code': code.lower()}, f)
    proc, summaries = rollout.run('-vvvv', '--diff', '-e', '@' + answer)
    assert proc.returncode == 0, tail(proc)
    old = summaries['old']
    assert old['stopped'] is None and old['activation']['changed'] is True
    assert old['activation']['status'] == 'not_activated'
    assert old['packs']['outcomes'] == [], 'CAL packs must be left alone on a deactivated server'
    assert 'old: deactivated it.' in proc.stdout
    assert code not in proc.stdout.upper().replace('-', ''), 'the confirmation code leaked'


def test_a_wrong_input_fails_at_the_start_before_any_remote_call(rollout, tail):
    packs = PACKS + [{'name': 'typo', 'program': 'selekt', 'agreement_number': AGREEMENT}]
    extra = json.dumps({'license_server_activation_method': 'email', 'license_server_cal_packs': packs})
    proc, summaries = rollout.run('-vvv', '-e', extra)
    assert proc.returncode != 0, tail(proc)
    text = ' '.join(proc.stdout.split())
    assert 'Validation of arguments failed' in text, tail(proc)
    assert 'value of license_server_activation_method must be one of: automatic, web, telephone, got: email' in text
    assert 'value of program must be one of' in text
    assert not any(summaries.values()), 'a server has a summary'
    assert rollout.lab.state_files() == [], 'a server was contacted'
    assert leaks(proc.stdout) == []


def test_no_identifier_anywhere_with_vvvv_and_diff(rollout, tail):
    outputs = []
    for args in (('--check', '--diff'), ('--diff',)):
        proc, summaries = rollout.run('-vvvv', *args)
        assert proc.returncode == 0, tail(proc)
        outputs += [proc.stdout, json.dumps(summaries)]
    assert summaries['fresh']['packs']['counts']['installed'] == 3  # the packs were really installed
    assert [where for where, text in enumerate(outputs) if leaks(text)] == []
    for name, data in rollout.state().items():
        assert leaks(data.decode('utf-8')) == [], name
    for log in os.listdir(rollout.lab.root):
        if log.endswith('.log'):
            with open(os.path.join(rollout.lab.root, log), encoding='utf-8') as f:
                assert leaks(f.read()) == [], log


def test_the_rollout_registers_the_server_in_ad_and_reruns_in_one_execution(new_lab, tail):
    """license_server_configuration: the rollout puts the server in Terminal Server License Servers (per-user CAL
    tracking) in the apply that activates it; the rerun changes nothing in one remote execution."""
    lab = new_lab('domain')
    lab.write_inventory({'licdom': {'rdlicensing_sim_profile': {'os': '2022', 'domain': 'corp.example',
                                                                'directory_rights': ['domain_admin']}}},
                        {'license_server_company_information': COMPANY, 'license_server_cal_packs': [],
                         'license_server_configuration': {'ad_group_member': True, 'scp_registered': True,
                                                          'discovery_scope': 'domain'}})
    rollout = Rollout(lab)
    proc, summaries = rollout.run()
    assert proc.returncode == 0, tail(proc)
    assert summaries['licdom']['activation']['status'] == 'activated'
    assert rollout.executions('licdom') == {'win_rdlicense_server': 3}
    state = json.loads(rollout.state()['licdom.json'])
    assert state['directory']['tsls_group'] is True and state['directory']['scp_registered'] is True
    assert state['license_server']['server_role'] == 1

    proc, summaries = rollout.run()
    assert proc.returncode == 0, tail(proc)
    assert recap(proc)['licdom']['changed'] == 0
    assert summaries['licdom']['changed'] is False
    assert rollout.executions('licdom') == {'win_rdlicense_server': 4}
