# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter cal_report: per server a status (ok, error, unreachable) and what win_rdlicense_info read, the packs
that expire soon, the fleet's totals; typed data, and clear type errors."""

from __future__ import annotations

import copy
import datetime
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._report_input import FilterTypeError as AnsibleFilterTypeError

from ansible_collections.remotedesktop.licensing.plugins.filter.cal_report import FilterModule

cal_report = FilterModule().filters()['cal_report']

NOW = datetime.datetime(2026, 1, 10, 8, 30, tzinfo=datetime.timezone.utc)


def pack(version, cal_type, total, issued, expires=None, key_pack_id=1, key_pack_type='volume'):
    return {'key_pack_id': key_pack_id, 'key_pack_type': key_pack_type, 'product_version': version,
            'product_version_id': 5, 'product_version_label': 'Windows Server ' + version, 'cal_type': cal_type,
            'total': total, 'issued': issued, 'available': total - issued,
            'expiration_date': expires or '2038-01-19T03:14:07Z', 'description': '', 'type_and_model': '',
            'managed': True}


def info(packs=(), expiring=(), activation_status='activated', available=True, company='Contoso Ltd', **changes):
    """What win_rdlicense_info returns (its RETURN), for ``packs`` (the key packs) and ``expiring`` (some of them)."""
    totals = {}
    for p in packs:
        by_type = totals.setdefault(p['product_version'], {})
        row = by_type.setdefault(p['cal_type'], {'total': 0, 'issued': 0, 'available': 0})
        for key in ('total', 'issued', 'available'):
            row[key] += p[key]
    result = {
        'changed': False,
        'host': {'computer_name': 'LIC01', 'os': 'Microsoft Windows Server 2022 Datacenter',
                 'os_version': '10.0.20348', 'installation_type': 'Server', 'is_server': True, 'is_admin': True,
                 'max_cal_version': '2022'},
        'role': {'installed': True, 'features': [], 'reboot_required': False,
                 'service': {'name': 'TermServLicensing', 'exists': True, 'start_mode': 'automatic',
                             'state': 'started'}},
        'activation': {'available': available, 'reason': None if available else 'provider not ready: x',
                       'activation_status': activation_status, 'license_server_id': 'A' * 35,
                       'product_id': '12345-67890-13579-AT024',
                       'company_information': {'company': company}, 'discovery_scope': 'workgroup'},
        'key_packs': list(packs), 'totals': totals, 'expiring': list(expiring), 'records': [],
    }
    result.update(changes)
    return result


NOT_READ = {'status': 'not_read', 'error': None, 'cals': [], 'over_allocation': [], 'over_allocated': 0,
            'failed_per_user': 0, 'failed': [], 'tracked': None, 'tracking_reason': None, 'issued_per_user': 0,
            'issued_per_device': 0, 'warnings': []}


EMPTY_FLEET_USAGE = {'servers': 0, 'issued_per_user': 0, 'issued_per_device': 0, 'over_allocated': 0,
                     'failed_per_user': 0, 'not_tracking': 0}


def usage(over=True, failed=0, names=True, tracked=True):
    """What win_rdlicense_usage returns (its RETURN): 2016 per-user CALs over-allocated, 2022 per-device CALs."""
    user = (lambda n: 'CORP\\user%d' % n) if names else (lambda n: None)
    summary = [{'cal_type': 'per_device', 'product_version': '2022', 'product_version_id': 7,
                'product_version_label': 'Windows Server 2022', 'installed': 20, 'issued': 2, 'available': 18,
                'availability': 'available'},
               {'cal_type': 'per_user', 'product_version': '2016', 'product_version_id': 5,
                'product_version_label': 'Windows Server 2016', 'installed': 10, 'issued': 12 if over else 3,
                'available': 0 if over else 7, 'availability': 'none' if over else 'available'}]
    per_user = [{'user': user(n), 'cal_type': 'per_user', 'cal_type_label': 'RDS Per User CAL', 'product_version': '2016',
                 'product_version_id': 5, 'product_version_label': 'Windows Server 2016',
                 'expires': '2026-03-0%dT00:00:00Z' % (n % 9 + 1)} for n in range(12 if over else 3)]
    per_device = [{'computer': 'PC%d' % n if names else None, 'hardware_id': 'HW%d' % n if names else None,
                   'cal_type': 'per_device', 'cal_type_label': 'RDS Per Device CAL', 'product_version': '2022',
                   'product_version_id': 7, 'product_version_label': 'Windows Server 2022',
                   'expires': '2026-02-01T00:00:00Z'} for n in range(2)]
    failed_entries = [{'user': user(100 + n), 'tried_on': '2026-01-0%dT00:00:00Z' % (n + 1), 'cal_type': 'per_user',
                       'cal_type_label': 'RDS Per User CAL', 'product_version': '2016', 'product_version_id': 5,
                       'product_version_label': 'Windows Server 2016'} for n in range(failed)]
    return {'changed': False, 'report': {'file_name': None, 'generated_at': '2026-01-10T08:30:00Z', 'version': '2',
                                         'kept': False},
            'reports': [], 'summary': summary,
            'totals': {'per_device': {'installed': 20, 'issued': 2}, 'per_user': {'installed': 10, 'issued': 12}},
            'per_user': per_user, 'per_device': per_device, 'failed_per_user': failed_entries,
            'over_allocation': [{'product_version': '2016', 'product_version_id': 5, 'installed': 10, 'issued': 12,
                                 'over_allocated': 2}] if over else [],
            'counts': {'per_user': len(per_user), 'per_device': 2, 'failed_per_user': failed}, 'counts_only': not names,
            'per_user_tracking': {'tracked': tracked, 'domain_joined': True, 'in_tsls_group': tracked,
                                  'reason': None if tracked else 'not in the group'}}


def in_scope(**host_vars):
    return dict({'cal_report_in_scope': True, 'cal_report_error': None}, **host_vars)


def report(hostvars, hosts=None, **kwargs):
    kwargs.setdefault('now', NOW)
    return cal_report(hostvars, list(hostvars) if hosts is None else hosts, **kwargs)


def test_a_server_that_was_read_is_the_whole_entry():
    soon = pack('2019', 'per_device', 100, 12, expires='2026-02-09T00:00:00Z', key_pack_id=3,
                key_pack_type='open_license')
    packs = [pack('2022', 'per_user', 250, 212), pack('2022', 'per_device', 50, 50), soon]
    result = report({'lic01': in_scope(cal_report_info=info(packs, [soon], warnings=['w1']))})
    (server,) = result['servers']
    assert server == {
        'host': 'lic01', 'status': 'ok', 'error': None, 'computer_name': 'LIC01',
        'os': 'Microsoft Windows Server 2022 Datacenter', 'role_installed': True, 'reboot_required': False,
        'service_state': 'started', 'activation_status': 'activated', 'activation_reason': None,
        'license_server_id': 'A' * 35, 'product_id': '12345-67890-13579-AT024', 'company': 'Contoso Ltd',
        'discovery_scope': 'workgroup', 'packs': 3, 'expiring': 1, 'warnings': ['w1'], 'licensing_available': True,
        'usage': NOT_READ,
        'cals': [
            {'product_version': '2022', 'cal_type': 'per_device', 'total': 50, 'issued': 50, 'available': 0},
            {'product_version': '2022', 'cal_type': 'per_user', 'total': 250, 'issued': 212, 'available': 38},
            {'product_version': '2019', 'cal_type': 'per_device', 'total': 100, 'issued': 12, 'available': 88},
        ],
    }
    assert result['expiring'] == [{'host': 'lic01', 'key_pack_id': 3, 'key_pack_type': 'open_license',
                                   'product_version': '2019', 'cal_type': 'per_device', 'total': 100, 'issued': 12,
                                   'expiration_date': '2026-02-09', 'days_left': 30}]
    assert list(result) == ['title', 'generated', 'expiring_within_days', 'servers', 'expiring', 'fleet', 'counts_only',
                            'audit']
    assert result['audit'] == [] and result['counts_only'] is False
    assert result['title'] == 'Remote Desktop CAL report'
    assert result['generated'] == '2026-01-10 08:30 UTC'
    assert result['expiring_within_days'] == 90


def test_statuses_and_fleet_counts():
    hostvars = {
        'a-activated': in_scope(cal_report_info=info([pack('2022', 'per_user', 10, 4)])),
        'b-not-activated': in_scope(cal_report_info=info(activation_status='not_activated')),
        'c-provider': in_scope(cal_report_info=info(available=False, activation_status='activated')),
        'd-error': in_scope(cal_report_error='not an administrator', cal_report_info={'failed': True}),
        'e-unreachable': in_scope(),
        'f-unreachable-registered': in_scope(cal_report_info={'unreachable': True, 'msg': 'refused'}),
        'g-not-in-play': {'cal_report_info': info()},
        'h-activated': in_scope(cal_report_info=info([pack('2022', 'per_user', 5, 5), pack('2019', 'per_user', 2, 0)])),
    }
    result = report(hostvars, list(hostvars) + ['i-absent'])
    servers = {s['host']: s for s in result['servers']}
    assert list(servers) == ['a-activated', 'b-not-activated', 'c-provider', 'd-error', 'e-unreachable',
                             'f-unreachable-registered', 'h-activated']
    assert {h: s['status'] for h, s in servers.items()} == {
        'a-activated': 'ok', 'b-not-activated': 'ok', 'c-provider': 'ok', 'd-error': 'error',
        'e-unreachable': 'unreachable', 'f-unreachable-registered': 'unreachable', 'h-activated': 'ok'}
    assert servers['d-error']['error'] == 'not an administrator'
    assert servers['e-unreachable']['error'] == "the server did not answer (unreachable); see the run's output"
    assert servers['b-not-activated']['activation_status'] == 'not_activated'
    # The WMI provider did not answer: no activation status, whatever the module said.
    assert servers['c-provider']['activation_status'] is None
    assert servers['c-provider']['licensing_available'] is False
    assert servers['c-provider']['activation_reason'] == 'provider not ready: x'
    fleet = result['fleet']
    assert {k: v for k, v in fleet.items() if k not in ('cals', 'usage')} == {
        'servers': 7, 'read': 4, 'unread': 3, 'activated': 2, 'total': 17, 'issued': 9, 'available': 8}
    assert fleet['usage'] == EMPTY_FLEET_USAGE
    assert fleet['cals'] == [
        {'product_version': '2022', 'cal_type': 'per_user', 'total': 15, 'issued': 9, 'available': 6, 'servers': 2},
        {'product_version': '2019', 'cal_type': 'per_user', 'total': 2, 'issued': 0, 'available': 2, 'servers': 1},
    ]
    counts = [r[k] for r in fleet['cals'] for k in ('total', 'issued', 'available', 'servers')]
    for value in [v for k, v in fleet.items() if k not in ('cals', 'usage')] + counts + list(fleet['usage'].values()):
        assert isinstance(value, int) and not isinstance(value, bool)


def test_an_unread_server_is_empty():
    (server,) = report({'lic01': in_scope(cal_report_error=ValueError('boom'))})['servers']
    assert server == {'host': 'lic01', 'status': 'error', 'error': 'boom', 'computer_name': None, 'os': None,
                      'role_installed': None, 'reboot_required': None, 'service_state': None,
                      'activation_status': None, 'activation_reason': None, 'license_server_id': None,
                      'product_id': None, 'company': None, 'discovery_scope': None, 'cals': [], 'packs': 0,
                      'expiring': 0, 'warnings': [], 'licensing_available': False, 'usage': NOT_READ}


def test_fleet_cals_sorted_newest_version_first_then_cal_type():
    hostvars = {
        'a': in_scope(cal_report_info=info([pack('2016', 'per_user', 1, 0), pack('2022', 'per_user', 1, 1)])),
        'b': in_scope(cal_report_info=info([pack('2019', 'per_device', 3, 1), pack('2022', 'per_device', 2, 0)])),
    }
    cals = report(hostvars)['fleet']['cals']
    assert [(r['product_version'], r['cal_type']) for r in cals] == [
        ('2022', 'per_device'), ('2022', 'per_user'), ('2019', 'per_device'), ('2016', 'per_user')]


def test_a_server_with_the_role_only_and_missing_sections():
    bare = info(activation=None, role={'installed': False, 'reboot_required': True, 'service': None},
                totals=None, key_packs=None)
    bare['expiring'] = None
    (server,) = report({'lic01': in_scope(cal_report_info=bare)})['servers']
    assert server['status'] == 'ok'
    assert (server['role_installed'], server['reboot_required'], server['service_state']) == (False, True, None)
    assert (server['activation_status'], server['licensing_available'], server['company']) == (None, False, None)
    assert (server['cals'], server['packs'], server['expiring'], server['warnings']) == ([], 0, 0, [])


def test_expiring_packs_sorted_by_date_then_host_with_days_left():
    p1 = pack('2022', 'per_user', 5, 1, expires='2026-03-01T00:00:00Z', key_pack_id=1)
    p2 = pack('2019', 'per_user', 5, 1, expires='2026-01-01T12:00:00Z', key_pack_id=2)
    p3 = dict(pack('2016', 'per_user', 5, 1, key_pack_id=3), expiration_date=None)
    p4 = {'key_pack_id': 4}
    hostvars = {
        'b': in_scope(cal_report_info=info([p1, p2], [p2, p1])),
        'a': in_scope(cal_report_info=info([p1, p3], [p1, p3, p4])),
    }
    result = report(hostvars, expiring_within_days=60)
    assert [(e['host'], e['key_pack_id'], e['expiration_date'], e['days_left']) for e in result['expiring']] == [
        ('a', 3, '', None), ('a', 4, '', None), ('b', 2, '2026-01-01', -9), ('a', 1, '2026-03-01', 50),
        ('b', 1, '2026-03-01', 50)]
    assert result['expiring'][1] == {'host': 'a', 'key_pack_id': 4, 'key_pack_type': None, 'product_version': None,
                                     'cal_type': None, 'total': 0, 'issued': 0, 'expiration_date': '',
                                     'days_left': None}
    assert result['expiring_within_days'] == 60
    assert [s['expiring'] for s in result['servers']] == [2, 3]


def test_title_and_now():
    west = datetime.timezone(datetime.timedelta(hours=-2))
    result = report({}, [], title='Branch <CALs>', now=datetime.datetime(2026, 5, 1, 23, 59, tzinfo=west))
    assert result['title'] == 'Branch <CALs>'
    assert result['generated'] == '2026-05-02 01:59 UTC'
    assert result['servers'] == [] and result['expiring'] == []
    assert result['fleet'] == {'servers': 0, 'read': 0, 'unread': 0, 'activated': 0, 'total': 0, 'issued': 0,
                               'available': 0, 'cals': [], 'usage': EMPTY_FLEET_USAGE}
    assert re.match(r'^\d{4}-\d\d-\d\d \d\d:\d\d UTC$', cal_report({}, [])['generated'])


def test_the_input_is_not_changed():
    hostvars = {'lic01': in_scope(cal_report_info=info([pack('2022', 'per_user', 10, 4)]))}
    before = copy.deepcopy(hostvars)
    result = report(hostvars)
    result['servers'][0]['cals'][0]['total'] = 99
    report(hostvars)
    assert hostvars == before


@pytest.mark.parametrize('hostvars, hosts, kwargs, message', [
    ([], [], {}, 'the input must be hostvars'),
    ({}, 'lic01', {}, 'hosts must be a list of host names, got a string'),
    ({}, [None], {}, 'hosts[0] must be a host name (a string), got null'),
    ({}, [], {'title': None}, 'title must be a string, got null'),
    ({}, [], {'expiring_within_days': '90'}, 'expiring_within_days must be a whole number, got a string'),
    ({}, [], {'expiring_within_days': True}, 'expiring_within_days must be a whole number, got a boolean'),
    ({}, [], {'now': '2026-01-01'}, 'now must be a date and time (datetime) or null, got a string'),
    ({'lic01': 'x'}, ['lic01'], {}, 'the variables of lic01 must be a dictionary, got a string'),
    ({'lic01': in_scope(cal_report_info=['x'])}, ['lic01'], {},
     'cal_report_info of lic01 must be a dictionary or null, got a list'),
    ({'lic01': in_scope(cal_report_info=info(host='LIC01'))}, ['lic01'], {},
     'cal_report_info of lic01.host must be a dictionary or null, got a string'),
    ({'lic01': in_scope(cal_report_info=info(role={'installed': 'yes'}))}, ['lic01'], {},
     'cal_report_info of lic01.role.installed must be a boolean or null, got a string'),
    ({'lic01': in_scope(cal_report_info=info(available='true'))}, ['lic01'], {},
     'cal_report_info of lic01.activation.available must be a boolean or null, got a string'),
    ({'lic01': in_scope(cal_report_info=info(company=['x']))}, ['lic01'], {},
     'cal_report_info of lic01.activation.company_information.company must be a string or null, got a list'),
    ({'lic01': in_scope(cal_report_info=info(totals={'2022': {'per_user': {'total': '5'}}}))}, ['lic01'], {},
     "cal_report_info of lic01.totals['2022']['per_user'].total must be a whole number or null, got a string"),
    ({'lic01': in_scope(cal_report_info=info(totals={'2022': {'per_user': {'issued': 1.5}}}))}, ['lic01'], {},
     "cal_report_info of lic01.totals['2022']['per_user'].issued must be a whole number or null, got a float"),
    ({'lic01': in_scope(cal_report_info=info(totals={'2022': [1]}))}, ['lic01'], {},
     "cal_report_info of lic01.totals['2022'] must be a dictionary or null, got a list"),
    ({'lic01': in_scope(cal_report_info=info(key_packs='x'))}, ['lic01'], {},
     'cal_report_info of lic01.key_packs must be a list or null, got a string'),
    ({'lic01': in_scope(cal_report_info=info(expiring=[{'total': '3'}]))}, ['lic01'], {},
     'cal_report_info of lic01.expiring[0].total must be a whole number or null, got a string'),
    ({'lic01': in_scope(cal_report_info=info(expiring=[7]))}, ['lic01'], {},
     'cal_report_info of lic01.expiring[0] must be a dictionary or null, got a whole number'),
    ({'lic01': in_scope(cal_report_info=info(expiring=[{'expiration_date': 'soon'}]))}, ['lic01'], {},
     "cal_report_info of lic01.expiring[0].expiration_date must start with a date (YYYY-MM-DD), got 'soon'"),
    ({'lic01': in_scope(cal_report_info=info(warnings='x'))}, ['lic01'], {},
     'cal_report_info of lic01.warnings must be a list or null, got a string'),
    ({}, [], {'counts_only': 'yes'}, 'counts_only must be true or false, got a string'),
    ({'lic01': in_scope(cal_report_info=info(), cal_report_usage=[])}, ['lic01'], {},
     'cal_report_usage of lic01 must be a dictionary or null, got a list'),
    ({'lic01': in_scope(cal_report_info=info(), cal_report_usage=dict(usage(), summary=[{'installed': '3'}]))},
     ['lic01'], {}, 'cal_report_usage of lic01.summary[0].installed must be a whole number or null, got a string'),
    ({'lic01': in_scope(cal_report_info=info(), cal_report_usage=dict(usage(), per_user=[{'user': 7}]))}, ['lic01'], {},
     'cal_report_usage of lic01.per_user[0].user must be a string or null, got a whole number'),
    ({'lic01': in_scope(cal_report_info=info(), cal_report_usage=dict(usage(), over_allocation='x'))}, ['lic01'], {},
     'cal_report_usage of lic01.over_allocation must be a list or null, got a string'),
])
def test_type_errors(hostvars, hosts, kwargs, message):
    with pytest.raises(AnsibleFilterTypeError) as caught:
        cal_report(hostvars, hosts, **kwargs)
    assert str(caught.value).startswith('cal_report: ' + message), str(caught.value)


def test_the_usage_section_and_the_audit_rows():
    hostvars = {'lic01': in_scope(cal_report_info=info(), cal_report_usage=usage(failed=3)),
                'lic02': in_scope(cal_report_info=info(), cal_report_usage_error='win_rdlicense_usage: x failed'),
                'lic03': in_scope(cal_report_info=info())}
    result = report(hostvars)
    first, second, third = (server['usage'] for server in result['servers'])
    assert first == {
        'status': 'ok', 'error': None,
        'cals': [{'cal_type': 'per_device', 'product_version': '2022', 'installed': 20, 'issued': 2, 'available': 18,
                  'availability': 'available'},
                 {'cal_type': 'per_user', 'product_version': '2016', 'installed': 10, 'issued': 12, 'available': 0,
                  'availability': 'none'}],
        'over_allocation': [{'product_version': '2016', 'installed': 10, 'issued': 12, 'over_allocated': 2}],
        'over_allocated': 2, 'failed_per_user': 3, 'failed': [{'product_version': '2016', 'requests': 3}],
        'tracked': True, 'tracking_reason': None, 'issued_per_user': 12, 'issued_per_device': 2, 'warnings': []}
    assert second == dict(NOT_READ, status='error', error='win_rdlicense_usage: x failed')
    assert third == NOT_READ
    assert result['fleet']['usage'] == {'servers': 1, 'issued_per_user': 12, 'issued_per_device': 2,
                                        'over_allocated': 2, 'failed_per_user': 3, 'not_tracking': 0}
    assert len(result['audit']) == 14
    assert result['audit'][0] == {'host': 'lic01', 'kind': 'per_user', 'holder': 'CORP\\user0',
                                  'product_version': '2016', 'issued': None, 'expires': '2026-03-01T00:00:00Z'}
    assert result['audit'][-1] == {'host': 'lic01', 'kind': 'per_device', 'holder': 'PC1', 'product_version': '2022',
                                   'issued': None, 'expires': '2026-02-01T00:00:00Z'}


def test_counts_only_leaves_the_holders_out_whatever_the_module_returned():
    named = {'lic01': in_scope(cal_report_info=info(), cal_report_usage=usage())}
    result = report(named, counts_only=True)
    assert result['counts_only'] is True
    assert len(result['audit']) == 14 and {row['holder'] for row in result['audit']} == {None}
    anonymous = report({'lic01': in_scope(cal_report_info=info(), cal_report_usage=usage(names=False))})
    assert {row['holder'] for row in anonymous['audit']} == {None}


def test_not_tracking_is_counted():
    result = report({'lic01': in_scope(cal_report_info=info(), cal_report_usage=usage(over=False, tracked=False))})
    assert result['servers'][0]['usage']['tracked'] is False
    assert result['servers'][0]['usage']['tracking_reason'] == 'not in the group'
    assert result['fleet']['usage']['not_tracking'] == 1
    assert result['fleet']['usage']['over_allocated'] == 0
