# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/cal_report.yml against simulated license servers: the CSV, the HTML page as a real browser renders it
(headless Chromium: a screenshot and the DOM it built), and the template's escaping.

The browser is driven by tests/playbooks/browser.py (Debian's package `chromium`; without it, the browser test is
skipped, and says why).
"""

from __future__ import annotations

import csv
import datetime
import os

import pytest

import playbook_runner
from browser import assert_self_contained, render, squash, unescaped_expressions
from deployment_lab import executions

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(REPO, 'playbooks')
COMPANY_MARKUP = '<b>Contoso</b> & "Sons" <script>alert(1)</script>'
COMPANY_FORMULA = '=1+2 Fabrikam & Co'


def wmi_date(days):
    """A WMI DATETIME (UTC) so many days from now."""
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return when.strftime('%Y%m%d%H%M%S') + '.000000+000'


def fleet():
    """Eight servers: two activated with packs in a workgroup (their per-user CALs are not tracked), one with the role
    only, one whose WMI provider does not answer, one fresh, one that refuses the account (not an administrator: the
    module fails), one that cannot be reached, and one of a domain in the AD group Terminal Server License Servers
    whose per-user CALs are over-allocated."""
    contact = {'first_name': 'Ada', 'last_name': 'Lovelace', 'country_region': 'United Kingdom'}
    return {
        'lic-activated': {'rdlicensing_sim_profile': {
            'os': '2022', 'activated': True, 'contact': dict(contact, company=COMPANY_MARKUP),
            'key_packs': [
                {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 250, 'issued': 212, 'type': 'volume'},
                {'product_version': '2022', 'cal_type': 'per_device', 'quantity': 50, 'issued': 50, 'type': 'retail'},
                {'product_version': '2019', 'cal_type': 'per_device', 'quantity': 100, 'issued': 12,
                 'type': 'open_license', 'expires': wmi_date(30)},
                {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 15, 'issued': 15, 'type': 'temporary'},
            ]}},
        'lic-core': {'rdlicensing_sim_profile': {
            'os': '2019', 'server_core': True, 'activated': True, 'contact': dict(contact, company=COMPANY_FORMULA),
            'key_packs': [
                {'product_version': '2019', 'cal_type': 'per_user', 'quantity': 20, 'issued': 5, 'type': 'volume'},
            ]}},
        'lic-role-only': {'rdlicensing_sim_profile': {'os': '2022', 'role_installed': True}},
        'lic-domain': {'rdlicensing_sim_profile': {
            'os': '2022', 'activated': True, 'domain': 'corp.example', 'tsls_group': True,
            'key_packs': [
                {'product_version': '2016', 'cal_type': 'per_user', 'quantity': 10, 'issued': 12, 'type': 'volume'},
                {'product_version': '2022', 'cal_type': 'per_device', 'quantity': 20, 'issued': 3, 'type': 'volume'},
            ]}},
        'lic-provider': {'rdlicensing_sim_profile': {'os': '2022', 'role_installed': True},
                         'rdlicensing_sim_faults': ['provider_not_ready']},
        'lic-fresh': {'rdlicensing_sim_profile': {'os': '2022'}},
        'lic-not-admin': {'rdlicensing_sim_profile': {'os': '2022', 'activated': True},
                          'rdlicensing_sim_faults': ['not_admin']},
        # A WinRM host on a closed port of this machine: the connection is refused at once.
        'lic-unreachable': {'ansible_connection': 'winrm', 'ansible_host': '127.0.0.1', 'ansible_port': 1,
                            'ansible_winrm_scheme': 'http', 'ansible_winrm_transport': 'ntlm',
                            'ansible_user': 'nobody', 'ansible_password': 'not-a-secret'},
    }


# -- the run ------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope='module')
def report(new_lab):
    """Run cal_report.yml over the fleet once, then again allowing errors, then with counts only; return (lab, the
    first two runs). The remote executions of the first run are kept in lab.first_executions."""
    lab = new_lab('cal_report')
    lab.write_inventory(fleet())
    strict = lab.run('cal_report.yml', '-e', 'cal_report_dir=' + lab.report_dir)
    lab.first_executions = {host: executions(lab, host) for host in fleet()}
    lenient = lab.run('cal_report.yml', '--limit', 'all:!lic-unreachable', '-e', 'cal_report_fail_on_error=false',
                      '-e', 'cal_report_dir=' + os.path.join(lab.report_dir, 'lenient'))
    lab.counts_only = lab.run('cal_report.yml', '--limit', 'lic-activated,lic-domain', '-e', 'cal_report_counts_only=true',
                              '-e', 'cal_report_dir=' + os.path.join(lab.report_dir, 'counts'))
    return lab, strict, lenient


def test_playbook_fails_after_writing_when_a_server_was_not_read(report, tail):
    lab, strict, lenient = report
    # An unreachable host makes ansible-playbook exit 4 from ansible-core 2.17 on; in 2.16, the failed task that ends
    # the play wins (exit 2). The report is written all the same.
    assert strict.returncode == (4 if playbook_runner.core_version() >= (2, 17) else 2), tail(strict)
    assert 'CAL report of 8 license servers: 3 activated, 294 of 450 CALs issued, 1 pack expiring within 90 days, ' \
        '2 not read.' in squash(strict.stdout), tail(strict)
    assert 'Usage of 4 servers: 12 per-user and 65 per-device CALs issued, 2 per-user over-allocated, 232 failed ' \
        'per-user requests.' in squash(strict.stdout), tail(strict)
    assert 'Audit CSV: %s/cal_report_audit.csv' % lab.report_dir in strict.stdout
    assert 'HTML: %s/cal_report.html' % lab.report_dir in strict.stdout
    assert 'The report was written, but 2 license servers could not be read: lic-not-admin, lic-unreachable' in \
        squash(strict.stdout), tail(strict)
    # A server whose module failed is reported, and fails the run only when asked to.
    assert lenient.returncode == 0, tail(lenient)
    assert 'CAL report of 7 license servers: 3 activated, 294 of 450 CALs issued, 1 pack expiring within 90 days, ' \
        '1 not read.' in squash(lenient.stdout), tail(lenient)


def test_csv(report):
    lab = report[0]
    with open(os.path.join(lab.report_dir, 'cal_report.csv'), encoding='utf-8', newline='') as f:
        rows = list(csv.DictReader(f))
    by_host = {}
    for row in rows:
        by_host.setdefault(row['host'], []).append(row)
    assert sorted(by_host) == sorted(fleet())

    cals = {(r['product_version'], r['cal_type']): (r['total'], r['issued'], r['available'], r['packs_expiring'])
            for r in by_host['lic-activated']}
    # The temporary pack is not counted.
    assert cals == {('2022', 'per_user'): ('250', '212', '38', '0'), ('2022', 'per_device'): ('50', '50', '0', '0'),
                    ('2019', 'per_device'): ('100', '12', '88', '1')}
    assert {r['company'] for r in by_host['lic-activated']} == {COMPANY_MARKUP}
    assert {r['activation_status'] for r in by_host['lic-activated']} == {'activated'}
    # A company name a spreadsheet would run as a formula is defused.
    assert [r['company'] for r in by_host['lic-core']] == ["'" + COMPANY_FORMULA]

    (fresh,) = by_host['lic-fresh']
    assert (fresh['status'], fresh['activation_status'], fresh['product_version'], fresh['total']) == ('ok', '', '', '')
    (role_only,) = by_host['lic-role-only']
    assert role_only['activation_status'] == 'not_activated'
    (provider,) = by_host['lic-provider']
    assert (provider['status'], provider['activation_status']) == ('ok', ''), provider
    (not_admin,) = by_host['lic-not-admin']
    assert not_admin['status'] == 'error' and 'Administrators' in not_admin['error'], not_admin
    (unreachable,) = by_host['lic-unreachable']
    assert unreachable['status'] == 'unreachable', unreachable


def test_html_is_self_contained(report):
    with open(os.path.join(report[0].report_dir, 'cal_report.html'), encoding='utf-8') as f:
        page = f.read()
    assert_self_contained(page)
    # The markup of the company name is there as text only.
    assert '&lt;b&gt;Contoso&lt;/b&gt; &amp; &#34;Sons&#34; &lt;script&gt;alert(1)&lt;/script&gt;' in page


def test_every_value_in_the_html_template_is_escaped():
    """Every expression ends with `| e`, or calls one of the template's macros (which escape theirs)."""
    macros, expressions, unescaped = unescaped_expressions(os.path.join(PLAYBOOKS, 'templates', 'cal_report.html.j2'))
    assert {'bar', 'version_name', 'cal_type_name', 'status_badge'} <= macros
    assert len(expressions) > 40
    assert not unescaped, 'expressions not escaped with | e: %s' % unescaped


def test_html_renders_in_headless_chromium(report, tmp_path):
    page = os.path.join(report[0].report_dir, 'cal_report.html')
    root = render(page, str(tmp_path / 'cal_report.png'), keep_as='cal_report')
    assert squash(root.find('title').text()) == 'Remote Desktop CAL report'

    cards = {cid: squash(root.find(id=cid).find(cls='value').text())
             for cid in ('fleet-activated', 'fleet-total', 'fleet-issued', 'fleet-available', 'fleet-expiring',
                         'fleet-unread')}
    assert cards == {'fleet-activated': '3 / 8', 'fleet-total': '450', 'fleet-issued': '294',
                     'fleet-available': '158', 'fleet-expiring': '1', 'fleet-unread': '2'}

    rows = root.find('table', id='fleet-cals').find('tbody').find_all('tr')
    fleet_rows = {(r.attrs['data-version'], r.attrs['data-cal-type']):
                  (squash(r.find(cls='issued').text()), squash(r.find(cls='total').text()),
                   r.find(cls='fill').attrs['style'], r.find(cls='bar').attrs['class'])
                  for r in rows}
    assert fleet_rows == {
        ('2022', 'per_user'): ('212', '250', 'width: 84%', 'bar high'),
        ('2022', 'per_device'): ('53', '70', 'width: 75%', 'bar ok'),
        ('2019', 'per_user'): ('5', '20', 'width: 25%', 'bar ok'),
        ('2019', 'per_device'): ('12', '100', 'width: 12%', 'bar ok'),
        ('2016', 'per_user'): ('12', '10', 'width: 100%', 'bar full'),
    }
    assert [r.attrs['data-version'] for r in rows] == ['2022', '2022', '2019', '2019', '2016']

    servers = {a.attrs['data-host']: a for a in root.find_all('article', cls='server')}
    assert sorted(servers) == sorted(fleet())
    badges = {host: squash(a.find(cls='badge').text()) for host, a in servers.items()}
    assert badges == {'lic-activated': 'Activated', 'lic-core': 'Activated', 'lic-role-only': 'Not activated',
                      'lic-provider': 'Status unknown', 'lic-fresh': 'Role not installed', 'lic-not-admin': 'Not read',
                      'lic-unreachable': 'Unreachable', 'lic-domain': 'Activated'}
    facts = {squash(dt.text()): squash(dd.text()) for dt, dd in zip(servers['lic-provider'].find_all('dt'),
                                                                    servers['lic-provider'].find_all('dd'))}
    assert facts['Activation'].startswith('provider not ready'), facts
    assert 'CAL packs not read' in servers['lic-provider'].find(cls='empty').text()
    activated = servers['lic-activated']
    # The company name is shown as the text it is: no <b> or <script> element came out of it.
    assert activated.find('dd', cls='company').text() == COMPANY_MARKUP
    assert not activated.find('dd', cls='company').find_all()
    assert servers['lic-core'].find('dd', cls='company').text() == COMPANY_FORMULA
    server_rows = {(r.attrs['data-version'], r.attrs['data-cal-type']): squash(r.find(cls='pct').text())
                   for r in activated.find('table', cls='cals').find_all('tr') if 'data-version' in r.attrs}
    assert server_rows == {('2022', 'per_user'): '84%', ('2022', 'per_device'): '100%', ('2019', 'per_device'): '12%'}
    assert 'Administrators' in servers['lic-not-admin'].find(cls='error-text').text()
    assert 'No CAL packs installed' in servers['lic-fresh'].find(cls='empty').text()

    (expiring,) = root.find('section', id='expiring').find_all('tr', cls='expiring-pack')
    cells = [squash(td.text()) for td in expiring.find_all('td')]
    assert cells[0] == 'lic-activated' and cells[2:5] == ['Windows Server 2019', 'Per Device', 'open license']
    assert cells[8] in ('29', '30'), cells

    usage = root.find('section', id='usage')
    cards = {cid: squash(usage.find(id=cid).find(cls='value').text())
             for cid in ('usage-per-user', 'usage-per-device', 'usage-over-allocated', 'usage-failed', 'usage-not-tracking')}
    assert cards == {'usage-per-user': '12', 'usage-per-device': '65', 'usage-over-allocated': '2', 'usage-failed': '232',
                     'usage-not-tracking': '3'}
    rows = {(r.attrs['data-host'], r.attrs['data-version'], r.attrs['data-cal-type']):
            tuple(squash(r.find(cls=c).text()) for c in ('installed', 'issued', 'over', 'failed', 'availability'))
            for r in usage.find_all('tr', cls='usage-row')}
    assert rows == {
        ('lic-activated', '2019', 'per_device'): ('100', '12', '0', '0', 'available'),
        ('lic-activated', '2022', 'per_device'): ('50', '50', '0', '0', 'none'),
        ('lic-activated', '2022', 'per_user'): ('250', '0', '0', '227', 'not tracking'),
        ('lic-core', '2019', 'per_user'): ('20', '0', '0', '5', 'not tracking'),
        ('lic-domain', '2022', 'per_device'): ('20', '3', '0', '0', 'available'),
        ('lic-domain', '2016', 'per_user'): ('10', '12', '2', '0', 'none'),
    }
    notes = {n.attrs['data-host']: squash(n.text()) for n in usage.find_all('p', cls='usage-note')}
    assert sorted(notes) == ['lic-activated', 'lic-core', 'lic-role-only'], notes
    assert 'per-user CALs are not tracked (the license server is in a workgroup' in notes['lic-activated']
    # No name of a user or a computer on the page.
    for name in ('PC2-001', 'CORP\\user', 'user2-'):
        assert name not in root.text(), name


def _audit(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def test_audit_csv(report):
    lab = report[0]
    rows = _audit(os.path.join(lab.report_dir, 'cal_report_audit.csv'))
    assert rows and list(rows[0]) == ['server', 'kind', 'holder', 'version', 'issued', 'expires']
    by = {}
    for row in rows:
        by.setdefault((row['server'], row['kind'], row['version']), []).append(row)
    assert {k: len(v) for k, v in by.items()} == {
        ('lic-activated', 'per_device', '2022'): 50, ('lic-activated', 'per_device', '2019'): 12,
        ('lic-domain', 'per_user', '2016'): 12, ('lic-domain', 'per_device', '2022'): 3}
    users = [r['holder'] for r in by[('lic-domain', 'per_user', '2016')]]
    assert all(u.startswith('CORP\\user') for u in users), users
    assert all(r['holder'] for r in rows)
    assert all(r['issued'] == '' for r in rows)  # the report's entries have no issue date
    assert all(datetime.datetime.strptime(r['expires'], '%Y-%m-%dT%H:%M:%SZ') for r in rows)


def test_counts_only_keeps_names_out_of_the_report(report):
    lab = report[0]
    assert lab.counts_only.returncode == 0, lab.counts_only.stdout[-3000:]
    rows = _audit(os.path.join(lab.report_dir, 'counts', 'cal_report_audit.csv'))
    assert len(rows) == 77
    assert {r['holder'] for r in rows} == {''}
    assert 'Audit CSV: %s/cal_report_audit.csv (counts only: no holder)' % os.path.join(lab.report_dir, 'counts') in \
        squash(lab.counts_only.stdout)
    named = _audit(os.path.join(lab.report_dir, 'cal_report_audit.csv'))
    names = {r['holder'] for r in named}
    for path in ('cal_report_audit.csv', 'cal_report.csv', 'cal_report.html'):
        with open(os.path.join(lab.report_dir, 'counts', path), encoding='utf-8') as f:
            text = f.read()
        assert not [n for n in names if n in text], path
    assert not [n for n in names if n in lab.counts_only.stdout]


def test_one_usage_execution_per_server_that_can_report(report):
    lab = report[0]
    usage = {host: counts.get('win_rdlicense_usage', 0) for host, counts in lab.first_executions.items()}
    assert usage == {'lic-activated': 1, 'lic-core': 1, 'lic-role-only': 1, 'lic-domain': 1, 'lic-provider': 0,
                     'lic-fresh': 0, 'lic-not-admin': 0, 'lic-unreachable': 0}
    assert {host: counts.get('win_rdlicense_info', 0) for host, counts in lab.first_executions.items()
            if host != 'lic-unreachable'} == {host: 1 for host in fleet() if host != 'lic-unreachable'}
