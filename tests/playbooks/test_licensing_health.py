# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/licensing_health.yml against a simulated deployment: findings on a fresh deployment, none after
playbooks/deployment.yml, the switch that fails the run, findings the simulator answers from the license servers'
state (security group, an unknown server, Group Policy against the declaration, per user in a workgroup, the grace
period), one read per host, and the HTML page as headless Chromium renders it.
"""

from __future__ import annotations

import json
import os

import pytest

from browser import assert_self_contained, render, squash, unescaped_expressions
from deployment_lab import executions, write_inventory
from playbook_runner import REPO

COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}
PACKS = [{'name': 'hq-2022-user', 'program': 'select', 'agreement_number': '3141592', 'product_version': '2022',
          'cal_type': 'per_user', 'quantity': 30}]
TITLE = 'Health <b>of</b> "RDS" & co'
SESSION_HOST = {'os': '2022', 'domain': 'corp.example', 'session_host': True}
LICENSE_SERVERS = {
    'lic01': {'rdlicensing_sim_profile': {'os': '2022'}},
    # Activated with per-device CALs, and its license server security group policy on: it refuses every session host.
    'lic-secure': {'rdlicensing_sim_profile': {
        'os': '2022', 'activated': True, 'license_server_security_group': True, 'terminal_server_computers': [],
        'contact': COMPANY,
        'key_packs': [{'product_version': '2022', 'cal_type': 'per_device', 'quantity': 10, 'issued': 0,
                       'type': 'volume'}]}},
}
SESSION_HOSTS = {
    'rdsh01': {'rdlicensing_sim_profile': SESSION_HOST, 'session_host_license_servers': ['lic01']},
    # Group Policy sets per device; the declaration says per user. It lists the server that refuses it.
    'rdsh-gpo': {'rdlicensing_sim_profile': dict(SESSION_HOST, license_servers=['lic-secure'],
                                                 group_policy={'licensing_mode': 'per_device'})},
    # Per user in a workgroup, a server that does not exist, and 5 days of grace left.
    'rdsh-wg': {'rdlicensing_sim_profile': {'os': '2022', 'session_host': True, 'licensing_mode': 'per_user',
                                            'license_servers': ['lic01', 'lic09'], 'grace_period_days': 5}},
}
ONLY_RDSH01 = 'lic01,rdsh01,localhost'


@pytest.fixture(scope='module')
def lab(new_lab):
    return write_inventory(new_lab('health'), LICENSE_SERVERS, SESSION_HOSTS,
                           {'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS},
                           {'session_host_licensing_mode': 'per_user'})


def health(lab, *args, out='reports'):
    directory = os.path.join(lab.root, out)
    proc = lab.run(os.path.join(REPO, 'playbooks', 'licensing_health.yml'), '-e', 'licensing_health_dir=' + directory,
                   *args)
    report = None
    if os.path.exists(os.path.join(directory, 'licensing_health.json')):
        with open(os.path.join(directory, 'licensing_health.json'), encoding='utf-8') as f:
            report = json.load(f)
    return proc, report


def findings(report):
    return {entry['host']: [(f['code'], f['severity'], f['server']) for f in entry['findings']]
            for entry in report['session_hosts']}


def test_findings_on_a_fresh_deployment_then_clean(lab, tail):
    proc, report = health(lab, '--limit', ONLY_RDSH01, out='fresh')
    assert proc.returncode == 0, tail(proc)
    assert findings(report) == {'rdsh01': [('mode_not_configured', 'error', None), ('no_license_server', 'error', None)]}
    assert report['healthy'] is False and report['failing'] == ['rdsh01']
    text = ' '.join(proc.stdout.split())
    assert 'Licensing health of 1 session host and 1 license server: 0 healthy, 2 errors, 0 warnings, 0 notes.' in text
    assert 'rdsh01: ERROR mode_not_configured: The licensing mode of rdsh01 is not configured' in text
    # Read once each, and nothing changed: the fresh license server is still without the role.
    assert executions(lab, 'rdsh01') == {'win_rdlicense_info': 1}
    assert executions(lab, 'lic01') == {'win_rdlicense_info': 1}
    assert report['license_servers'][0]['role_installed'] is False

    # Asked to, the run fails after writing the report (a schedule's alert).
    proc, report = health(lab, '--limit', ONLY_RDSH01, '-e', 'licensing_health_fail_on_findings=true', out='alert')
    assert proc.returncode == 2, tail(proc)
    assert '1 session host with findings of severity warning or worse: rdsh01.' in ' '.join(proc.stdout.split())
    assert report is not None and report['failing'] == ['rdsh01']
    proc, report = health(lab, '--limit', ONLY_RDSH01, '-e', 'licensing_health_fail_on_findings=true',
                          '-e', 'licensing_health_fail_severity=info', '-e', 'licensing_health_grace_within_days=200',
                          out='alert')
    assert proc.returncode == 2, tail(proc)
    assert ('grace_period_ending', 'warning', None) in findings(report)['rdsh01']

    deployment = lab.run(os.path.join(REPO, 'playbooks', 'deployment.yml'), '--limit', ONLY_RDSH01)
    assert deployment.returncode == 0, tail(deployment)
    proc, report = health(lab, '--limit', ONLY_RDSH01, '-e', 'licensing_health_fail_on_findings=true', out='clean')
    assert proc.returncode == 0, tail(proc)
    assert findings(report) == {'rdsh01': []} and report['healthy'] is True
    assert 'rdsh01: healthy (per user, license servers lic01).' in proc.stdout
    (rdsh01,) = report['session_hosts']
    assert rdsh01['connectivity'] == [{'server': 'lic01', 'code': 11, 'status': 'valid', 'usable': True,
                                       'license_server': 'lic01'}]
    assert report['license_servers'][0]['cals'] == [{'product_version': '2022', 'cal_type': 'per_user', 'total': 30,
                                                     'available': 30}]


def test_findings_the_simulator_answers_from_the_license_servers(lab, tail):
    # The simulator answers a session host's connectivity from the state files of the other simulated hosts, which
    # appear when a host is first contacted: read the license servers once before the session hosts ask for them.
    proc, dummy = health(lab, '--limit', 'license_servers,localhost', out='servers')
    assert proc.returncode == 0, tail(proc)
    proc, report = health(lab, '-e', json.dumps({'licensing_health_title': TITLE}), out='all')
    assert proc.returncode == 0, tail(proc)
    found = findings(report)
    assert found['rdsh-gpo'] == [('refused_by_security_group', 'error', 'lic-secure'),
                                 ('policy_mode_differs', 'warning', None)]
    assert found['rdsh-wg'] == [('server_unreachable', 'error', 'lic09'), ('server_not_checked', 'warning', 'lic09'),
                                ('per_user_in_workgroup', 'warning', None), ('grace_period_ending', 'warning', None)]
    entries = {entry['host']: entry for entry in report['session_hosts']}
    assert entries['rdsh-gpo']['policy']['licensing_mode'] == {'source': 'group_policy', 'value': 'per_device'}
    assert entries['rdsh-wg']['domain_joined'] is False and entries['rdsh-wg']['grace_period_days'] == 5
    assert report['counts']['session_hosts'] == 3 and report['counts']['license_servers'] == 2
    assert report['title'] == TITLE


def test_the_page_in_headless_chromium(lab, tmp_path):
    page = os.path.join(lab.root, 'all', 'licensing_health.html')
    with open(page, encoding='utf-8') as f:
        text = f.read()
    assert_self_contained(text)
    assert 'Health &lt;b&gt;of&lt;/b&gt; &#34;RDS&#34; &amp; co' in text
    root = render(page, str(tmp_path / 'licensing_health.png'), keep_as='licensing_health')
    assert root.find('title').text() == TITLE and not root.find('h1').find_all('b')
    cards = {cid: squash(root.find(id=cid).find(cls='value').text())
             for cid in ('count-healthy', 'count-error', 'count-warning', 'count-info', 'count-unread')}
    assert cards == {'count-healthy': '1 / 3', 'count-error': '2', 'count-warning': '4', 'count-info': '0',
                     'count-unread': '0'}
    hosts = {a.attrs['data-host']: a for a in root.find_all('article', cls='host')}
    assert sorted(hosts) == sorted(SESSION_HOSTS)
    assert {h: squash(a.find('header').find(cls='badge').text()) for h, a in hosts.items()} == {
        'rdsh01': 'Healthy', 'rdsh-gpo': 'Errors', 'rdsh-wg': 'Errors'}
    codes = [(li.attrs['data-code'], squash(li.find(cls='badge').text())) for li in hosts['rdsh-gpo'].find_all('li')
             if 'finding' in li.attrs.get('class', '')]
    assert codes == [('refused_by_security_group', 'Error'), ('policy_mode_differs', 'Warning')]
    refused = hosts['rdsh-gpo'].find('li', cls='finding')
    assert 'RDS Endpoint Servers' in refused.find(cls='remedy').text()
    assert squash(hosts['rdsh-gpo'].find('dd', cls='mode').text()) == \
        'Per Device (set by Group Policy); declared Per User'
    servers = {li.attrs['data-server']: li.attrs['data-status'] for li in hosts['rdsh-wg'].find('ol').find_all('li')}
    assert servers == {'lic01': 'valid', 'lic09': 'not_connectable'}
    assert 'Nothing to report' in hosts['rdsh01'].find(cls='empty').text()
    rows = {tr.attrs['data-host']: tr.attrs['data-activation'] for tr in root.find_all('tr', cls='license-server')}
    assert rows == {'lic01': 'activated', 'lic-secure': 'activated'}


def test_every_value_in_the_html_template_is_escaped():
    macros, expressions, unescaped = unescaped_expressions(
        os.path.join(REPO, 'playbooks', 'templates', 'licensing_health.html.j2'))
    assert {'mode_name', 'severity_badge', 'host_badge'} <= macros and len(expressions) > 40
    assert not unescaped, 'expressions not escaped with | e: %s' % unescaped
