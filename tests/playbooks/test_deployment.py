# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/deployment.yml and the role remotedesktop.licensing.session_host against a simulated deployment: the
license servers first, then the RD Session Hosts, pointed by default at the license servers of the inventory.

Each run goes through a wrapper playbook (deployment_lab.SummaryRun) that imports playbooks/deployment.yml and writes
every host's license_server_summary or session_host_summary to a JSON file. Covered: check mode on a fresh deployment (one
remote execution per session host, nothing changed), the deployment, the idempotent rerun (one remote execution per
session host and per license server), and wrong inputs refused before the session host is contacted.
"""

from __future__ import annotations

import json
import os

import pytest

from deployment_lab import SummaryRun, executions, recap, write_inventory
from playbook_runner import REPO

COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}
PACKS = [{'name': 'hq-2022-user', 'program': 'select', 'agreement_number': '3141592', 'product_version': '2022',
          'cal_type': 'per_user', 'quantity': 30}]
LICENSE_SERVERS = {'lic01': {'rdlicensing_sim_profile': {'os': '2022'}},
                   'lic02': {'rdlicensing_sim_profile': {'os': '2022'}}}
SESSION_HOSTS = {
    # The default license servers: the group license_servers, by inventory name.
    'rdsh01': {'rdlicensing_sim_profile': {'os': '2022', 'domain': 'corp.example', 'session_host': True}},
    # Its own list, by DNS name, and its own mode.
    'rdsh02': {'rdlicensing_sim_profile': {'os': '2022', 'domain': 'corp.example', 'session_host': True},
               'session_host_licensing_mode': 'per_device', 'session_host_license_servers': ['lic02.corp.example']},
}
DEPLOYMENT = os.path.join(REPO, 'playbooks', 'deployment.yml')


@pytest.fixture()
def deployment(new_lab):
    lab = write_inventory(new_lab('deployment'), LICENSE_SERVERS, SESSION_HOSTS,
                          {'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS},
                          {'session_host_licensing_mode': 'per_user'})
    return SummaryRun(lab, DEPLOYMENT, ['license_servers', 'session_hosts'],
                      ['session_host_summary', 'license_server_summary'])


def test_check_mode_deployment_and_idempotent_rerun(deployment, tail):
    lab = deployment.lab
    proc, summaries = deployment.run('--check', '--diff')
    assert proc.returncode == 0, tail(proc)
    rdsh01 = summaries['rdsh01']
    assert rdsh01['check_mode'] is True and rdsh01['changed'] is True
    assert rdsh01['before'] == {'licensing_mode': 'not_configured', 'license_servers': []}
    assert rdsh01['declared'] == {'licensing_mode': 'per_user', 'license_servers': ['lic01', 'lic02'],
                                  'connection_broker': None}
    assert 'rdsh01 (check mode, nothing was changed): would set licensing mode per_user' in proc.stdout
    for host in SESSION_HOSTS:
        assert executions(lab, host) == {'win_rdlicense_session_host': 1}, host  # check mode: the probe only
    proc, summaries = deployment.run('--check')
    assert proc.returncode == 0, tail(proc)
    assert summaries['rdsh01']['changed'] is True, 'check mode changed the session host'

    proc, summaries = deployment.run()
    assert proc.returncode == 0, tail(proc)
    assert {host: counts['changed'] > 0 for host, counts in recap(proc).items() if host != 'localhost'} == {
        'lic01': True, 'lic02': True, 'rdsh01': True, 'rdsh02': True}
    # The license servers were rolled out first: the session hosts reach activated license servers.
    assert proc.stdout.index('PLAY [Roll out the RD license servers]') < \
        proc.stdout.index('PLAY [Point the RD Session Hosts at their license servers]')
    rdsh01, rdsh02 = summaries['rdsh01'], summaries['rdsh02']
    assert rdsh01['check_mode'] is False and rdsh01['changed'] is True
    assert (rdsh01['licensing_mode'], rdsh01['license_servers']) == ('per_user', ['lic01', 'lic02'])
    assert [(c['server'], c['status'], c['usable']) for c in rdsh01['connectivity']] == [
        ('lic01', 'valid', True), ('lic02', 'valid', True)]
    assert (rdsh02['licensing_mode'], rdsh02['license_servers']) == ('per_device', ['lic02.corp.example'])
    assert rdsh02['connectivity'][0]['usable'] is True
    assert 'rdsh01: set licensing mode per_user, license servers lic01, lic02.' in proc.stdout

    before = {host: executions(lab, host) for host in list(LICENSE_SERVERS) + list(SESSION_HOSTS)}
    proc, summaries = deployment.run()
    assert proc.returncode == 0, tail(proc)
    assert {host: counts['changed'] for host, counts in recap(proc).items() if host != 'localhost'} == dict.fromkeys(
        list(LICENSE_SERVERS) + list(SESSION_HOSTS), 0)
    assert 'rdsh02: nothing to change: licensing mode per_device, license servers lic02.corp.example.' in proc.stdout
    for host, module in [('lic01', 'win_rdlicense_server'), ('lic02', 'win_rdlicense_server'),
                         ('rdsh01', 'win_rdlicense_session_host'), ('rdsh02', 'win_rdlicense_session_host')]:
        spent = {m: n - before[host].get(m, 0) for m, n in executions(lab, host).items()}
        assert spent == {module: 1}, (host, spent)  # steady state: one remote execution per host


@pytest.mark.parametrize('extra, message', [
    ({'session_host_license_servers': 'lic01'}, 'session_host: session_host_license_servers must be a list, got a string'),
    ({'session_host_license_servers': []}, 'session_host: session_host_license_servers is empty'),
    ({'session_host_connection_broker': True}, 'session_host: session_host_connection_broker must be a string, got a '
                                               'boolean'),
    ({'session_host_licensing_mode': 'per_seat'}, 'value of session_host_licensing_mode must be one of: per_user, '
                                                  'per_device, got: per_seat'),
], ids=['string-for-list', 'empty-list', 'bool-for-string', 'unknown-mode'])
def test_a_wrong_input_fails_before_the_session_host_is_contacted(deployment, tail, extra, message):
    proc, summaries = deployment.run('--limit', 'session_hosts', '-e', json.dumps(extra))
    assert proc.returncode != 0, tail(proc)
    assert message in ' '.join(proc.stdout.split()), tail(proc)
    assert not any(name.startswith('rdsh') for name in deployment.lab.state_files()), 'a session host was contacted'
    assert summaries.get('rdsh01') is None
