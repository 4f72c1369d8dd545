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

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(REPO, 'playbooks')
COMPANY_MARKUP = '<b>Contoso</b> & "Sons" <script>alert(1)</script>'
COMPANY_FORMULA = '=1+2 Fabrikam & Co'


def wmi_date(days):
    """A WMI DATETIME (UTC) so many days from now."""
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return when.strftime('%Y%m%d%H%M%S') + '.000000+000'


def fleet():
    """Seven servers: two activated with packs, one with the role only, one whose WMI provider does not answer, one
    fresh, one that refuses the account (not an administrator: the module fails), one that cannot be reached."""
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
    """Run cal_report.yml over the fleet once, then again allowing errors; return (lab, both runs)."""
    lab = new_lab('cal_report')
    lab.write_inventory(fleet())
    strict = lab.run('cal_report.yml', '-e', 'cal_report_dir=' + lab.report_dir)
    lenient = lab.run('cal_report.yml', '--limit', 'all:!lic-unreachable', '-e', 'cal_report_fail_on_error=false',
                      '-e', 'cal_report_dir=' + os.path.join(lab.report_dir, 'lenient'))
    return lab, strict, lenient


def test_playbook_fails_after_writing_when_a_server_was_not_read(report, tail):
    lab, strict, lenient = report
    # An unreachable host makes ansible-playbook exit 4 from ansible-core 2.17 on; in 2.16, the failed task that ends
    # the play wins (exit 2). The report is written all the same.
    assert strict.returncode == (4 if playbook_runner.core_version() >= (2, 17) else 2), tail(strict)
    assert 'CAL report of 7 license servers: 2 activated, 279 of 420 CALs issued, 1 pack expiring within 90 days, ' \
        '2 not read.' in squash(strict.stdout), tail(strict)
    assert 'HTML: %s/cal_report.html' % lab.report_dir in strict.stdout
    assert 'The report was written, but 2 license servers could not be read: lic-not-admin, lic-unreachable' in \
        squash(strict.stdout), tail(strict)
    # A server whose module failed is reported, and fails the run only when asked to.
    assert lenient.returncode == 0, tail(lenient)
    assert 'CAL report of 6 license servers: 2 activated, 279 of 420 CALs issued, 1 pack expiring within 90 days, ' \
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
    assert cards == {'fleet-activated': '2 / 7', 'fleet-total': '420', 'fleet-issued': '279',
                     'fleet-available': '141', 'fleet-expiring': '1', 'fleet-unread': '2'}

    rows = root.find('table', id='fleet-cals').find('tbody').find_all('tr')
    fleet_rows = {(r.attrs['data-version'], r.attrs['data-cal-type']):
                  (squash(r.find(cls='issued').text()), squash(r.find(cls='total').text()),
                   r.find(cls='fill').attrs['style'], r.find(cls='bar').attrs['class'])
                  for r in rows}
    assert fleet_rows == {
        ('2022', 'per_user'): ('212', '250', 'width: 84%', 'bar high'),
        ('2022', 'per_device'): ('50', '50', 'width: 100%', 'bar full'),
        ('2019', 'per_user'): ('5', '20', 'width: 25%', 'bar ok'),
        ('2019', 'per_device'): ('12', '100', 'width: 12%', 'bar ok'),
    }
    assert [r.attrs['data-version'] for r in rows] == ['2022', '2022', '2019', '2019']

    servers = {a.attrs['data-host']: a for a in root.find_all('article', cls='server')}
    assert sorted(servers) == sorted(fleet())
    badges = {host: squash(a.find(cls='badge').text()) for host, a in servers.items()}
    assert badges == {'lic-activated': 'Activated', 'lic-core': 'Activated', 'lic-role-only': 'Not activated',
                      'lic-provider': 'Status unknown', 'lic-fresh': 'Role not installed', 'lic-not-admin': 'Not read',
                      'lic-unreachable': 'Unreachable'}
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
