# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/drift.yml against simulated license servers: refuses to run without --check, reports per server what
the rollout would change (table, JSON, Markdown) without changing it, finds a converged fleet in sync, fails on
drift when asked, and never writes a secret."""

from __future__ import annotations

import json
import os

import pytest

from deployment_lab import write_inventory

AGREEMENT = '4815162'
RETAIL_CODE = '60000-50001-E6A09-6C3F1-8B831'
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom',
           'email': 'licensing@contoso.example'}
PACKS = [
    {'name': 'hq-2022-user', 'program': 'select', 'agreement_number': AGREEMENT, 'product_version': '2022',
     'cal_type': 'per_user', 'quantity': 50},
    {'name': 'retail-2019-device', 'program': 'retail', 'license_code': RETAIL_CODE, 'product_version': '2019',
     'cal_type': 'per_device', 'quantity': 5},
]
HOSTS = {
    'lic-fresh': {'rdlicensing_sim_profile': {'os': '2022'}},
    # Activated by hand, with other company information and the Select pack installed by hand.
    'lic-hand': {'rdlicensing_sim_profile': {
        'os': '2022', 'activated': True,
        'contact': {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Old Name Ltd',
                    'country_region': 'United Kingdom'},
        'key_packs': [{'product_version': '2022', 'cal_type': 'per_user', 'quantity': 50, 'issued': 3,
                       'type': 'volume'}]}},
    'lic-not-admin': {'rdlicensing_sim_profile': {'os': '2022'}, 'rdlicensing_sim_faults': ['not_admin']},
}
SKIP_BROKEN = 'all:!lic-not-admin'


@pytest.fixture(scope='module')
def lab(new_lab):
    lab = new_lab('drift')
    lab.write_inventory(HOSTS, {'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS,
                                'license_server_allow_reboot': True})
    return lab


def read_report(lab):
    with open(os.path.join(lab.report_dir, 'drift_report.json'), encoding='utf-8') as f:
        report = json.load(f)
    with open(os.path.join(lab.report_dir, 'drift_report.md'), encoding='utf-8') as f:
        markdown = f.read()
    return report, markdown, {s['host']: s for s in report['servers']}


def table(proc):
    """The lines of the table the run printed (from the HOST header line to the end of the table)."""
    lines = [line.strip().strip('",') for line in proc.stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith('HOST '))
    rows = []
    for line in lines[start:]:
        if line.startswith('Written to'):
            break
        rows.append(line)
    return rows


def run_drift(lab, *args):
    return lab.run('drift.yml', '-e', 'drift_report_dir=' + lab.report_dir, *args)


def test_refuses_to_run_without_check(lab, tail):
    proc = run_drift(lab)
    assert proc.returncode != 0, tail(proc)
    assert 'must change nothing: run it with --check' in proc.stdout, tail(proc)
    assert lab.state_files() == [], 'a server was contacted: %s' % lab.state_files()
    assert not os.path.exists(os.path.join(lab.report_dir, 'drift_report.json'))


def test_reports_what_would_change_and_changes_nothing(lab, tail):
    proc = run_drift(lab, '--check', '--diff')
    # lic-not-admin cannot be checked: the report is written, then the run fails (drift_fail_on_error defaults to true).
    assert proc.returncode == 2, tail(proc)
    assert '1 host could not be checked: lic-not-admin' in ' '.join(proc.stdout.split()), tail(proc)

    report, markdown, servers = read_report(lab)
    assert report['check_mode'] is True
    assert report['counts'] == {'servers': 3, 'session_hosts': 0, 'hosts': 3, 'drift': 2, 'in_sync': 0, 'error': 1}

    fresh = servers['lic-fresh']
    assert fresh['status'] == 'drift'
    assert fresh['would_change'] == ['role', 'company_information', 'activation', 'packs']
    assert fresh['cells'] == {'role': 'install', 'company_information': 'write 5 properties',
                              'activation': 'activate (automatic)', 'packs': 'install 2 (predicted)'}

    hand = servers['lic-hand']
    assert hand['would_change'] == ['company_information', 'packs'], hand
    assert hand['cells']['company_information'] == 'write company, email'
    assert hand['cells']['role'] == '-' and hand['cells']['activation'] == '-'
    assert 'adopt 1' in hand['cells']['packs'] and 'install 1' in hand['cells']['packs'], hand['cells']
    assert hand['company_information']['properties'] == ['company', 'email']

    broken = servers['lic-not-admin']
    assert broken['status'] == 'error' and 'Administrators' in broken['error'], broken
    assert broken['would_change'] == []

    rows = table(proc)
    assert rows[0].split() == ['HOST', 'WOULD', 'CHANGE', 'ROLE', 'COMPANY', 'INFO', 'ACTIVATION', 'CAL', 'PACKS']
    assert rows[2].startswith('lic-fresh      role, company info, activation, packs  install  write 5 properties')
    assert rows[3].startswith('lic-hand       company info, packs                    -        write company, email')
    assert rows[4].startswith('lic-not-admin  not checked (error)')

    assert '| lic-fresh | role, company info, activation, packs | install | write 5 properties | ' \
        'activate (automatic) | install 2 (predicted) |' in markdown
    assert '| lic-not-admin | not checked (error) | - | - | - | - |' in markdown
    assert '## Not checked' in markdown and '**lic-not-admin** (error)' in markdown

    # No identifier of a pack anywhere: output (with --diff), JSON, Markdown.
    for where, text in (('output', proc.stdout), ('JSON', json.dumps(report)), ('Markdown', markdown)):
        assert AGREEMENT not in text and RETAIL_CODE not in text, 'a secret in the %s' % where


def test_converged_fleet_is_in_sync(lab, tail):
    rollout = lab.run('license_server.yml', '--limit', SKIP_BROKEN)
    assert rollout.returncode == 0, tail(rollout)
    # The check-mode run before changed nothing: the rollout still had everything to do on lic-fresh.
    assert 'lic-fresh (check mode' not in rollout.stdout
    assert 'lic-fresh: installed the RD Licensing role' in rollout.stdout, tail(rollout)

    proc = run_drift(lab, '--check', '--limit', SKIP_BROKEN, '-e', 'drift_fail_on_drift=true')
    assert proc.returncode == 0, tail(proc)
    report, markdown, servers = read_report(lab)
    assert report['counts'] == {'servers': 2, 'session_hosts': 0, 'hosts': 2, 'drift': 0, 'in_sync': 2, 'error': 0}
    assert {s['would_change_text'] for s in servers.values()} == {'nothing'}
    rows = table(proc)
    assert [r.split()[:2] for r in rows[2:]] == [['lic-fresh', 'nothing'], ['lic-hand', 'nothing']]
    assert '| lic-hand | nothing | - | - | - | - |' in markdown


def test_fails_on_drift_when_asked(lab, tail):
    changed = dict(COMPANY, company='New Name Ltd')
    extra = json.dumps({'license_server_company_information': changed, 'drift_fail_on_drift': True})
    proc = run_drift(lab, '--check', '--diff', '--limit', SKIP_BROKEN, '-e', extra)
    assert proc.returncode == 2, tail(proc)
    assert '2 hosts would change: lic-fresh, lic-hand' in ' '.join(proc.stdout.split()), tail(proc)
    report, _markdown, servers = read_report(lab)
    assert report['counts']['drift'] == 2
    for server in servers.values():
        assert server['would_change'] == ['company_information']
        assert server['cells']['company_information'] == 'write company'

    # Only reported, not corrected: without the override, the fleet is still in sync.
    proc = run_drift(lab, '--check', '--limit', SKIP_BROKEN, '-e', 'drift_fail_on_drift=true')
    assert proc.returncode == 0, tail(proc)


def test_session_hosts_drift_then_in_sync_after_the_deployment(new_lab, tail):
    """drift.yml checks the RD Session Hosts too, with the role session_host in check mode and their declaration."""
    lab = write_inventory(new_lab('drift-rdsh'), {'lic01': {'rdlicensing_sim_profile': {'os': '2022'}}}, {
        'rdsh01': {'rdlicensing_sim_profile': {'os': '2022', 'domain': 'corp.example', 'session_host': True}},
        # Group Policy sets another mode than declared: the role refuses, so the host cannot be checked.
        'rdsh-gpo': {'rdlicensing_sim_profile': {'os': '2022', 'domain': 'corp.example', 'session_host': True,
                                                 'group_policy': {'licensing_mode': 'per_device'}}},
    }, {'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS},
        {'session_host_licensing_mode': 'per_user'})
    proc = run_drift(lab, '--check', '--diff', '-e', 'drift_fail_on_error=false')
    assert proc.returncode == 0, tail(proc)
    report, markdown, dummy = read_report(lab)
    assert report['counts'] == {'servers': 1, 'session_hosts': 2, 'hosts': 3, 'drift': 2, 'in_sync': 0, 'error': 1}
    rdsh = {entry['host']: entry for entry in report['session_hosts']}
    assert rdsh['rdsh01']['status'] == 'drift'
    assert rdsh['rdsh01']['cells'] == {'licensing_mode': 'set per_user (now not_configured)',
                                       'license_servers': 'set lic01 (now none)'}
    assert rdsh['rdsh-gpo']['status'] == 'error' and 'Group Policy' in rdsh['rdsh-gpo']['error'], rdsh['rdsh-gpo']
    lines = [line.strip().strip('",') for line in proc.stdout.splitlines()]
    assert 'Drift of 1 license server and 2 RD Session Hosts (check mode, nothing was changed): 2 would change, ' \
        '0 in sync, 1 not checked.' in lines
    header = lines.index(next(line for line in lines if line.startswith('SESSION HOST ')))
    assert lines[header].split() == ['SESSION', 'HOST', 'WOULD', 'CHANGE', 'LICENSING', 'MODE', 'LICENSE', 'SERVERS']
    assert lines[header + 2] == 'rdsh01        licensing mode, license servers  set per_user (now not_configured)  ' \
        'set lic01 (now none)'
    assert lines[header + 3].startswith('rdsh-gpo      not checked (error)')
    assert '| rdsh01 | licensing mode, license servers | set per\\_user (now not\\_configured) | set lic01 (now none) |' \
        in markdown
    assert '**rdsh-gpo** (error)' in markdown

    proc = lab.run('deployment.yml', '--limit', 'all:!rdsh-gpo')
    assert proc.returncode == 0, tail(proc)
    proc = run_drift(lab, '--check', '--limit', 'all:!rdsh-gpo', '-e', 'drift_fail_on_drift=true')
    assert proc.returncode == 0, tail(proc)
    report, markdown, dummy = read_report(lab)
    assert report['counts'] == {'servers': 1, 'session_hosts': 1, 'hosts': 2, 'drift': 0, 'in_sync': 2, 'error': 0}
    assert '| rdsh01 | nothing | - | - |' in markdown
