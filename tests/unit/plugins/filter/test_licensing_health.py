# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter licensing_health: each finding of the health check from plain data (win_rdlicense_info results with
the session_host key of the contract), its severity and remedy, the counts, the fail switch, and clear type
errors."""

from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._report_input import FilterTypeError

from ansible_collections.remotedesktop.licensing.plugins.filter.licensing_health import FilterModule

licensing_health = FilterModule().filters()['licensing_health']

GENERATED = '2026-01-02 03:04 UTC'


def connection(server, status='valid', usable=None, code=None):
    codes = {'unknown': 0, 'not_in_security_group': 5, 'not_connectable': 6, 'access_denied': 8, 'valid': 11,
             'lower_version': 4, 'unknown_validity': 7}
    return {'server': server, 'code': codes.get(status, 0) if code is None else code, 'status': status,
            'usable': status == 'valid' if usable is None else usable}


def session_host(**changes):
    """The session_host key of win_rdlicense_info (the contract) of a healthy session host."""
    base = {'licensing_mode': 'per_user', 'license_servers': ['lic01'], 'grace_period_days': 100,
            'connectivity': [connection('lic01')],
            'policy': {'licensing_mode': {'source': 'server', 'value': 'per_user'},
                       'license_servers': {'source': 'server', 'value': ['lic01']}},
            'cal_version': '2022', 'domain_joined': True}
    base.update(changes)
    return base


def rdsh_info(name='RDSH01', **changes):
    return {'host': {'computer_name': name, 'os': 'Microsoft Windows Server 2022 Datacenter',
                     'max_cal_version': '2022'},
            'role': {'installed': False, 'reboot_required': False},
            'activation': {'available': False, 'reason': 'role not installed', 'activation_status': None},
            'key_packs': [], 'session_host': session_host(**changes)}


def pack(version='2022', cal_type='per_user', total=50, available=50):
    return {'key_pack_id': 2, 'key_pack_type': 'volume', 'product_version': version, 'cal_type': cal_type,
            'total': total, 'issued': total - available, 'available': available}


def ls_info(name='LIC01', installed=True, status='activated', packs=None, max_cal_version='2022', reboot=False):
    return {'host': {'computer_name': name, 'os': 'Microsoft Windows Server 2022 Datacenter',
                     'max_cal_version': max_cal_version},
            'role': {'installed': installed, 'reboot_required': reboot},
            'activation': {'available': installed, 'reason': None if installed else 'role not installed',
                           'activation_status': status if installed else None},
            'key_packs': [pack()] if packs is None else packs,
            'session_host': None}


def read(info, **host_vars):
    return dict({'licensing_health_in_scope': True, 'licensing_health_error': None, 'licensing_health_info': info,
                 'session_host_licensing_mode': 'per_user'}, **host_vars)


def fleet(rdsh=None, lic=None, **more):
    hostvars = {'rdsh01': read(rdsh_info() if rdsh is None else rdsh), 'lic01': read(ls_info() if lic is None else lic)}
    hostvars.update(more)
    return hostvars


def health(hostvars, session_hosts=None, license_servers=None, **kwargs):
    kwargs.setdefault('generated', GENERATED)
    if session_hosts is None:
        session_hosts = [h for h in hostvars if h.startswith('rdsh')]
    if license_servers is None:
        license_servers = [h for h in hostvars if h.startswith('lic')]
    return licensing_health(hostvars, session_hosts, license_servers, **kwargs)


def codes(report, host='rdsh01'):
    entry = next(e for e in report['session_hosts'] if e['host'] == host)
    return [(f['code'], f['severity'], f['server']) for f in entry['findings']]


def only(report, host='rdsh01'):
    (finding,) = next(e for e in report['session_hosts'] if e['host'] == host)['findings']
    return finding


def test_a_healthy_deployment_has_no_finding():
    report = health(fleet())
    assert codes(report) == []
    assert report['healthy'] is True and report['failing'] == []
    assert report['counts'] == {'error': 0, 'warning': 0, 'info': 0, 'session_hosts': 1, 'license_servers': 1,
                                'findings': 0, 'healthy': 1, 'unread': 0}
    (entry,) = report['session_hosts']
    assert entry['connectivity'] == [dict(connection('lic01'), license_server='lic01')]
    assert entry['worst'] is None and entry['computer_name'] == 'RDSH01'
    assert report['license_servers'][0]['cals'] == [{'product_version': '2022', 'cal_type': 'per_user', 'total': 50,
                                                     'available': 50}]
    assert report['lines'] == ['Licensing health of 1 session host and 1 license server: 1 healthy, 0 errors, '
                               '0 warnings, 0 notes.', 'rdsh01: healthy (per user, license servers lic01).']
    json.dumps(report)  # plain data


@pytest.mark.parametrize('mode', ['not_configured', 'unknown', 'remote_administration', 'personal'])
def test_mode_not_configured(mode):
    report = health(fleet(rdsh=rdsh_info(licensing_mode=mode)))
    assert codes(report) == [('mode_not_configured', 'error', None)]
    finding = only(report)
    assert 'session_host_licensing_mode' in finding['remedy'] and 'deployment.yml' in finding['remedy']
    assert report['healthy'] is False and report['failing'] == ['rdsh01']


def test_no_license_server_specified():
    report = health(fleet(rdsh=rdsh_info(license_servers=[], connectivity=[])))
    assert codes(report) == [('no_license_server', 'error', None)]
    assert 'session_host_license_servers' in only(report)['remedy']


def test_fresh_session_host_has_both():
    report = health(fleet(rdsh=rdsh_info(licensing_mode='not_configured', license_servers=[], connectivity=[],
                                         grace_period_days=120)))
    assert [c for c, s, dummy in codes(report)] == ['mode_not_configured', 'no_license_server']


def test_listed_server_unreachable():
    report = health(fleet(rdsh=rdsh_info(connectivity=[connection('lic01', 'not_connectable')])))
    assert codes(report) == [('server_unreachable', 'error', 'lic01')]
    assert 'firewall' in only(report)['remedy']


def test_listed_server_is_not_a_license_server():
    report = health(fleet(lic=ls_info(installed=False, packs=[])))
    assert codes(report) == [('not_license_server', 'error', 'lic01')]
    report = health(fleet(lic=ls_info(installed=False, packs=[], reboot=True)))
    assert 'waits for a restart' in only(report)['message']


def test_listed_server_not_activated():
    report = health(fleet(lic=ls_info(status='not_activated')))
    assert codes(report) == [('server_not_activated', 'error', 'lic01')]
    assert 'not_activated' in only(report)['message'] and 'activation.md' in only(report)['remedy']


@pytest.mark.parametrize('packs', [
    [], [pack(cal_type='per_device')], [pack(available=0)], [pack(version='2019')],
], ids=['none', 'other-mode', 'all-issued', 'older-version'])
def test_listed_server_without_available_cals_of_mode_and_version(packs):
    report = health(fleet(lic=ls_info(packs=packs)))
    assert codes(report) == [('no_available_cals', 'error', 'lic01')]
    assert 'per user CAL of version 2022 or newer' in only(report)['message']


def test_newer_cals_serve_an_older_host():
    report = health(fleet(rdsh=rdsh_info(cal_version='2019'), lic=ls_info(packs=[pack(version='2022')])))
    assert codes(report) == []


def test_cals_of_the_device_mode():
    rdsh = rdsh_info(licensing_mode='per_device')
    hostvars = fleet(rdsh=rdsh, lic=ls_info(packs=[pack(cal_type='per_device', available=1)]))
    hostvars['rdsh01']['session_host_licensing_mode'] = 'per_device'
    assert codes(health(hostvars)) == []


def test_no_cals_on_one_server_is_a_warning_when_another_has_them():
    rdsh = rdsh_info(license_servers=['lic01', 'lic02'], connectivity=[connection('lic01'), connection('lic02')])
    hostvars = fleet(rdsh=rdsh, lic02=read(ls_info('LIC02', packs=[])))
    report = health(hostvars)
    assert codes(report) == [('no_available_cals', 'warning', 'lic02')]
    assert 'Another listed license server can issue them' in only(report)['message']
    assert report['failing'] == ['rdsh01']
    assert health(hostvars, fail_severity='error')['failing'] == []


def test_a_license_server_too_old_for_the_host():
    report = health(fleet(rdsh=rdsh_info(cal_version='2025'), lic=ls_info(max_cal_version='2022')))
    assert codes(report) == [('server_too_old', 'error', 'lic01')]
    report = health(fleet(rdsh=rdsh_info(connectivity=[connection('lic01', 'lower_version')])))
    assert codes(report) == [('server_too_old', 'error', 'lic01')]


@pytest.mark.parametrize('status', ['not_in_security_group', 'access_denied'])
def test_refused_by_the_license_server_security_group(status):
    report = health(fleet(rdsh=rdsh_info(connectivity=[connection('lic01', status)])))
    assert codes(report) == [('refused_by_security_group', 'error', 'lic01')]
    assert 'RDS Endpoint Servers' in only(report)['remedy']


def test_a_status_that_is_not_usable():
    report = health(fleet(rdsh=rdsh_info(connectivity=[connection('lic01', 'unknown_validity')])))
    assert codes(report) == [('server_not_usable', 'warning', 'lic01')]


def test_a_listed_server_without_connectivity_entry_is_not_usable():
    report = health(fleet(rdsh=rdsh_info(connectivity=[])))
    assert codes(report) == [('server_not_usable', 'warning', 'lic01')]


def test_a_listed_server_outside_the_inventory_or_not_read():
    rdsh = rdsh_info(license_servers=['lic09.corp.example'], connectivity=[connection('LIC09.corp.example')])
    report = health(fleet(rdsh=rdsh))
    assert codes(report) == [('server_not_checked', 'warning', 'lic09.corp.example')]
    assert 'not in the inventory group license_servers' in only(report)['message']
    hostvars = fleet(lic=None)
    hostvars['lic01'] = {'licensing_health_in_scope': True, 'licensing_health_error': 'connection refused'}
    report = health(hostvars)
    assert codes(report) == [('server_not_checked', 'warning', 'lic01')]
    assert 'connection refused' in only(report)['message']
    assert report['counts']['unread'] == 1


def test_listed_names_match_the_computer_name_and_the_short_name():
    for listed in ('LIC01', 'lic01.corp.example'):
        rdsh = rdsh_info(license_servers=[listed], connectivity=[connection(listed)])
        hostvars = fleet(rdsh=rdsh)
        if '.' in listed:
            hostvars['lic01.corp.example'] = hostvars.pop('lic01')
        report = health(hostvars)
        assert codes(report) == [], listed
        assert report['session_hosts'][0]['connectivity'][0]['license_server'] in ('lic01', 'lic01.corp.example')


@pytest.mark.parametrize('days, severity', [(14, 'warning'), (0, 'error')])
def test_grace_period_ending_on_a_host_that_cannot_get_cals(days, severity):
    report = health(fleet(rdsh=rdsh_info(grace_period_days=days), lic=ls_info(packs=[])))
    assert codes(report) == [('no_available_cals', 'error', 'lic01'), ('grace_period_ending', severity, None)]
    assert ('is over' if days == 0 else 'ends in 14 days') in report['session_hosts'][0]['findings'][1]['message']


def test_grace_period_ending_on_a_working_host_is_a_note():
    report = health(fleet(rdsh=rdsh_info(grace_period_days=3)))
    assert codes(report) == [('grace_period_ending', 'info', None)]
    assert report['healthy'] is True and report['failing'] == []
    assert health(fleet(rdsh=rdsh_info(grace_period_days=3)), fail_severity='info')['failing'] == ['rdsh01']


def test_grace_period_within_is_an_option():
    hostvars = fleet(rdsh=rdsh_info(grace_period_days=20), lic=ls_info(packs=[]))
    assert [c for c, dummy, dummy in codes(health(hostvars))] == ['no_available_cals']
    found = codes(health(hostvars, grace_within_days=30))
    assert [c for c, dummy, dummy in found] == ['no_available_cals', 'grace_period_ending']
    assert codes(health(fleet(rdsh=rdsh_info(grace_period_days=None)), grace_within_days=1000)) == []


def test_mode_set_by_policy_differs_from_the_declaration():
    policy = {'licensing_mode': {'source': 'group_policy', 'value': 'per_device'},
              'license_servers': {'source': 'server', 'value': ['lic01']}}
    rdsh = rdsh_info(licensing_mode='per_device', policy=policy)
    report = health(fleet(rdsh=rdsh, lic=ls_info(packs=[pack(cal_type='per_device')])))
    assert codes(report) == [('policy_mode_differs', 'warning', None)]
    assert 'Group Policy sets the licensing mode of rdsh01 to per device' in only(report)['message']
    # The same mode by policy, or no declaration: nothing to say.
    hostvars = fleet(rdsh=rdsh, lic=ls_info(packs=[pack(cal_type='per_device')]))
    hostvars['rdsh01']['session_host_licensing_mode'] = 'per_device'
    assert codes(health(hostvars)) == []
    del hostvars['rdsh01']['session_host_licensing_mode']
    assert codes(health(hostvars)) == []
    # Set on the server (not by policy), a different mode is what the deployment corrects, not a policy conflict.
    hostvars = fleet(rdsh=rdsh_info(licensing_mode='per_device',
                                    policy={'licensing_mode': {'source': 'server', 'value': 'per_device'}}),
                     lic=ls_info(packs=[pack(cal_type='per_device')]))
    assert codes(health(hostvars)) == []


def test_per_user_in_a_workgroup():
    report = health(fleet(rdsh=rdsh_info(domain_joined=False)))
    assert codes(report) == [('per_user_in_workgroup', 'warning', None)]
    assert 'per_device' in only(report)['remedy']
    rdsh = rdsh_info(domain_joined=False, licensing_mode='per_device')
    assert codes(health(fleet(rdsh=rdsh, lic=ls_info(packs=[pack(cal_type='per_device')])))) == []


def test_not_a_session_host_and_not_read():
    hostvars = fleet(rdsh=dict(rdsh_info(), session_host=None))
    assert codes(health(hostvars)) == [('not_session_host', 'error', None)]
    hostvars = fleet()
    hostvars['rdsh01']['licensing_health_error'] = 'win_rdlicense_info: not an administrator'
    report = health(hostvars)
    assert codes(report) == [('not_read', 'error', None)]
    assert 'not an administrator' in only(report)['message']
    hostvars['rdsh01'] = {'licensing_health_in_scope': True}  # unreachable: nothing registered
    assert codes(health(hostvars)) == [('not_read', 'error', None)]
    assert 'unreachable' in only(health(hostvars))['message']


def test_hosts_out_of_scope_are_left_out():
    hostvars = fleet(rdsh02={'session_host_licensing_mode': 'per_user'})
    report = health(hostvars, session_hosts=['rdsh01', 'rdsh02', 'missing'])
    assert [e['host'] for e in report['session_hosts']] == ['rdsh01']


def test_every_finding_has_a_severity_and_a_remedy():
    rdsh = rdsh_info(licensing_mode='per_user', domain_joined=False, grace_period_days=1,
                     license_servers=['lic01', 'lic02', 'lic03', 'lic04', 'lic05'],
                     connectivity=[connection('lic01', 'not_connectable'), connection('lic02', 'not_in_security_group'),
                                   connection('lic03'), connection('lic04'), connection('lic05')],
                     policy={'licensing_mode': {'source': 'group_policy', 'value': 'per_device'}})
    hostvars = fleet(rdsh=rdsh, lic=ls_info(), lic03=read(ls_info('LIC03', installed=False)),
                     lic04=read(ls_info('LIC04', status='not_activated')), lic05=read(ls_info('LIC05', packs=[])))
    report = health(hostvars)
    found = codes(report)
    assert [c for c, dummy, dummy in found] == ['server_unreachable', 'refused_by_security_group', 'server_not_checked',
                                                'not_license_server', 'server_not_activated', 'no_available_cals',
                                                'policy_mode_differs', 'per_user_in_workgroup', 'grace_period_ending']
    for finding in report['session_hosts'][0]['findings']:
        assert finding['severity'] in ('error', 'warning', 'info')
        assert finding['message'] and finding['remedy']
    # lic02 is not in the inventory (not checked); grace: a warning, since the host is broken.
    assert report['counts']['error'] == 5 and report['counts']['warning'] == 4
    assert len(report['lines']) == 1 + len(found)
    assert report['lines'][1].startswith('rdsh01: ERROR server_unreachable: rdsh01 cannot reach its license server')


def test_the_input_is_not_changed():
    hostvars = fleet(rdsh=rdsh_info(licensing_mode='not_configured'))
    before = copy.deepcopy(hostvars)
    health(hostvars)
    assert hostvars == before


@pytest.mark.parametrize('change, message', [
    ({'grace_period_days': '10'}, 'licensing_health_info of rdsh01.session_host.grace_period_days must be a whole '
                                  'number or null, got a string'),
    ({'license_servers': 'lic01'}, 'licensing_health_info of rdsh01.session_host.license_servers must be a list or '
                                   'null, got a string'),
    ({'domain_joined': 'yes'}, 'licensing_health_info of rdsh01.session_host.domain_joined must be a boolean or null, '
                               'got a string'),
    ({'connectivity': ['lic01']}, 'licensing_health_info of rdsh01.session_host.connectivity[0] must be a dictionary, '
                                  'got a string'),
])
def test_wrong_types_fail_naming_the_key(change, message):
    with pytest.raises(FilterTypeError, match='^licensing_health: ' + message.replace('[', r'\[').replace(']', r'\]')):
        health(fleet(rdsh=rdsh_info(**change)))


def test_wrong_arguments_fail_naming_them():
    with pytest.raises(FilterTypeError, match='hosts|session_hosts must be a list of host names, got a string'):
        licensing_health(fleet(), 'rdsh01', ['lic01'])
    with pytest.raises(FilterTypeError, match='grace_within_days must be a whole number of days'):
        health(fleet(), grace_within_days=True)
    with pytest.raises(FilterTypeError, match="fail_severity must be one of error, warning, info, got 'fatal'"):
        health(fleet(), fail_severity='fatal')
    with pytest.raises(FilterTypeError, match='session_host_licensing_mode of rdsh01 must be a string or null'):
        health(fleet(rdsh01=read(rdsh_info(), session_host_licensing_mode=['per_user'])))
    with pytest.raises(FilterTypeError, match='the input must be hostvars'):
        licensing_health([], [], [])


def test_the_state_of_a_listed_server_explains_its_connectivity_status():
    # A server without the role is not connectable: not a license server says why, not a network problem.
    report = health(fleet(rdsh=rdsh_info(connectivity=[connection('lic01', 'not_connectable')]),
                          lic=ls_info(installed=False, packs=[])))
    assert codes(report) == [('not_license_server', 'error', 'lic01')]
    # One not activated answers "unknown validity": the activation says why.
    report = health(fleet(rdsh=rdsh_info(connectivity=[connection('lic01', 'unknown_validity')]),
                          lic=ls_info(status='not_activated')))
    assert codes(report) == [('server_not_activated', 'error', 'lic01')]
    # Unreachable though activated with CALs: the network.
    report = health(fleet(rdsh=rdsh_info(connectivity=[connection('lic01', 'not_connectable')])))
    assert codes(report) == [('server_unreachable', 'error', 'lic01')]
