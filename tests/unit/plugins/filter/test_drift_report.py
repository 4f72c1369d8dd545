# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter drift_report: per server a status (in_sync, drift, error, unreachable), the cells of what would
change, the counts; typed data, and clear type errors."""

from __future__ import annotations

import copy
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._report_input import FilterTypeError as AnsibleFilterTypeError

from ansible_collections.remotedesktop.licensing.plugins.filter.drift_report import FilterModule

drift_report = FilterModule().filters()['drift_report']

GENERATED = '2026-01-02 03:04 UTC'


def summary(**changes):
    """A check-mode license_server_summary of a server in sync (roles/license_server/README.md), with ``changes``
    merged into its sections ({'role': {'changed': True}} updates role.changed)."""
    base = {
        'host': 'lic01', 'computer_name': 'LIC01', 'check_mode': True, 'changed': False, 'stopped': None,
        'message': ['lic01 (check mode, nothing was changed): nothing to do.'],
        'role': {'changed': False, 'installed_before': True, 'installed': True, 'reboot_required': False,
                 'service': {'name': 'TermServLicensing', 'exists': True, 'start_mode': 'automatic',
                             'state': 'started'}},
        'reboot': {'required': False, 'allowed': True, 'rebooted': False},
        'company_information': {'changed': False, 'properties': []},
        'activation': {'changed': False, 'pending': False, 'predicted': False, 'state': 'activated',
                       'method': 'automatic', 'status': 'activated', 'license_server_id': 'E' * 35,
                       'product_id': '60190-29351-36998-AT296', 'instructions': None},
        'packs': {'changed': False, 'predicted': False, 'declared': 1,
                  'outcomes': [{'index': 0, 'name': 'hq', 'program': 'select', 'state': 'present',
                                'product_version': '2022', 'cal_type': 'per_user', 'quantity': 50,
                                'outcome': 'present', 'key_pack_id': 2, 'msg': None}],
                  'counts': {'installed': 0, 'present': 1, 'adopted': 0, 'removed': 0, 'absent': 0, 'failed': 0},
                  'totals': {'2022': {'per_user': {'total': 50, 'issued': 0, 'available': 50}}}},
    }
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key].update(value)
        else:
            base[key] = value
    return base


def in_scope(**host_vars):
    return dict({'drift_in_scope': True, 'drift_error': None}, **host_vars)


def report(hostvars, hosts=None, **kwargs):
    kwargs.setdefault('generated', GENERATED)
    return drift_report(hostvars, list(hostvars) if hosts is None else hosts, **kwargs)


def server(s, **host_vars):
    (row,) = report({'lic01': in_scope(license_server_summary=s, **host_vars)})['servers']
    return row


def test_a_server_in_sync_is_the_whole_row():
    row = server(summary())
    assert row == {
        'host': 'lic01', 'status': 'in_sync', 'would_change': [], 'would_change_text': 'nothing', 'error': None,
        'message': ['lic01 (check mode, nothing was changed): nothing to do.'],
        'cells': {'role': '-', 'company_information': '-', 'activation': '-', 'packs': '-'},
        'role': {'changed': False, 'installed_before': True, 'reboot_required': False},
        'reboot': {'required': False, 'allowed': True, 'rebooted': False},
        'company_information': {'changed': False, 'properties': []},
        'activation': {'changed': False, 'pending': False, 'predicted': False, 'state': 'activated',
                       'method': 'automatic', 'status_after': 'activated'},
        'packs': {'changed': False, 'predicted': False, 'declared': 1,
                  'counts': {'installed': 0, 'present': 1, 'adopted': 0, 'removed': 0, 'absent': 0, 'failed': 0},
                  'outcomes': [{'name': 'hq', 'program': 'select', 'state': 'present', 'product_version': '2022',
                                'cal_type': 'per_user', 'quantity': 50, 'outcome': 'present', 'msg': None}]},
    }


def test_the_report_and_its_counts():
    hostvars = {
        'a-sync': in_scope(license_server_summary=summary()),
        'b-drift': in_scope(license_server_summary=summary(role={'changed': True, 'installed_before': False})),
        'c-error': in_scope(drift_error='not an administrator'),
        'd-unreachable': in_scope(),
        'e-not-in-play': {'license_server_summary': summary()},
        'f-drift': in_scope(license_server_summary=summary(company_information={'changed': True, 'properties': ['company']})),
        'g-old-summary': in_scope(license_server_summary=summary(check_mode=False)),
    }
    hosts = ['g-old-summary', 'a-sync', 'b-drift', 'c-error', 'd-unreachable', 'e-not-in-play', 'f-drift', 'h-absent']
    result = report(hostvars, hosts, check_mode=True)
    assert list(result) == ['generated', 'check_mode', 'servers', 'session_hosts', 'counts', 'drifted', 'not_checked']
    assert result['generated'] == GENERATED and result['check_mode'] is True
    assert [(s['host'], s['status']) for s in result['servers']] == [
        ('g-old-summary', 'unreachable'), ('a-sync', 'in_sync'), ('b-drift', 'drift'), ('c-error', 'error'),
        ('d-unreachable', 'unreachable'), ('f-drift', 'drift')]
    assert result['counts'] == {'servers': 6, 'session_hosts': 0, 'hosts': 6, 'in_sync': 1, 'drift': 2, 'error': 3}
    for count in result['counts'].values():
        assert isinstance(count, int) and not isinstance(count, bool)


def test_error_and_unreachable_rows():
    hostvars = {'err': in_scope(drift_error=RuntimeError('boom'), license_server_summary=summary()),
                'gone': in_scope(license_server_summary=None)}
    err, gone = report(hostvars)['servers']
    assert err == {'host': 'err', 'status': 'error', 'would_change': [], 'would_change_text': 'nothing',
                   'error': 'boom', 'message': [], 'cells': {'role': '-', 'company_information': '-',
                                                             'activation': '-', 'packs': '-'},
                   'role': None, 'reboot': None, 'company_information': None, 'activation': None, 'packs': None}
    assert gone['status'] == 'unreachable'
    assert gone['error'] == "the server did not answer (unreachable); see the run's output"
    assert gone['role'] is None and gone['would_change'] == []


def test_no_server():
    assert report({}, [], check_mode=False) == {
        'generated': GENERATED, 'check_mode': False, 'servers': [], 'session_hosts': [],
        'counts': {'servers': 0, 'session_hosts': 0, 'hosts': 0, 'in_sync': 0, 'drift': 0, 'error': 0},
        'drifted': [], 'not_checked': []}


def test_generated_defaults_to_now_utc():
    assert re.match(r'^\d{4}-\d\d-\d\d \d\d:\d\d UTC$', drift_report({}, [])['generated'])


@pytest.mark.parametrize('changes, cell', [
    ({'role': {'changed': True, 'installed_before': False}}, 'install'),
    ({'role': {'changed': True, 'installed_before': True}}, 'correct features/service'),
    ({'role': {'changed': True, 'installed_before': False}, 'reboot': {'required': True, 'rebooted': True}},
     'install, restart'),
    ({'role': {'changed': True, 'installed_before': False}, 'reboot': {'required': True, 'rebooted': False}},
     'install, restart needed'),
    ({'role': {'changed': True, 'installed_before': True}, 'reboot': {'required': True}},
     'correct features/service, restart needed'),
    ({'reboot': {'rebooted': True}}, 'restart'),
    ({'stopped': 'reboot_required'}, 'restart pending'),
    ({'stopped': 'activation_pending'}, '-'),
    ({'reboot': {'required': True}}, '-'),
])
def test_role_cell(changes, cell):
    row = server(summary(**changes))
    assert row['cells']['role'] == cell
    assert row['status'] == ('in_sync' if cell == '-' else 'drift')
    assert row['would_change'] == ([] if cell == '-' else ['role'])
    assert row['would_change_text'] == ('nothing' if cell == '-' else 'role')


@pytest.mark.parametrize('properties, cell', [
    (['company'], 'write company'),
    (['company', 'email'], 'write company, email'),
    (['first_name', 'last_name', 'company'], 'write 3 properties'),
    ([], 'write '),
    (None, 'write '),
])
def test_company_information_cell(properties, cell):
    row = server(summary(company_information={'changed': True, 'properties': properties}))
    assert row['cells']['company_information'] == cell
    assert row['company_information'] == {'changed': True, 'properties': properties or []}
    assert row['would_change_text'] == 'company info'


def test_company_information_unchanged_has_no_cell():
    row = server(summary(company_information={'changed': False, 'properties': ['company']}))
    assert row['cells']['company_information'] == '-' and row['status'] == 'in_sync'


@pytest.mark.parametrize('activation, cell', [
    ({'changed': True, 'status': 'activated', 'method': 'automatic'}, 'activate (automatic)'),
    ({'changed': True, 'status': 'activated', 'method': 'web'}, 'activate (web browser)'),
    ({'changed': True, 'status': 'activated', 'method': 'telephone'}, 'activate (telephone)'),
    ({'changed': True, 'status': 'activated', 'method': 'carrier_pigeon'}, 'activate (carrier_pigeon)'),
    ({'changed': True, 'status': 'not_activated', 'state': 'deactivated'}, 'deactivate'),
    ({'changed': True, 'status': None}, 'deactivate'),
    ({'pending': True, 'state': 'activated', 'method': 'web'}, 'activate (web browser: needs the ID)'),
    ({'pending': True, 'state': 'activated', 'method': 'telephone', 'changed': True},
     'activate (telephone: needs the ID)'),
    ({'pending': True, 'state': 'deactivated', 'method': 'telephone'}, 'deactivate (telephone: needs the code)'),
    ({'changed': False, 'pending': False}, '-'),
])
def test_activation_cell(activation, cell):
    row = server(summary(activation=activation))
    assert row['cells']['activation'] == cell
    assert row['would_change'] == ([] if cell == '-' else ['activation'])


def test_activation_data():
    row = server(summary(activation={'changed': True, 'status': 'activated', 'predicted': True, 'method': 'web'}))
    assert row['activation'] == {'changed': True, 'pending': False, 'predicted': True, 'state': 'activated',
                                 'method': 'web', 'status_after': 'activated'}
    s = summary()
    del s['activation']['predicted']
    assert server(s)['activation']['predicted'] is False


@pytest.mark.parametrize('counts, predicted, cell', [
    ({'installed': 2}, True, 'install 2 (predicted)'),
    ({'installed': 1, 'adopted': 1}, False, 'install 1, adopt 1'),
    ({'installed': 1, 'adopted': 2, 'removed': 3, 'failed': 4, 'present': 5, 'absent': 6}, False,
     'install 1, adopt 2, remove 3, fail 4'),
    ({'removed': 1}, False, 'remove 1'),
    ({'failed': 1}, False, 'fail 1'),
    ({'present': 3}, False, 'change'),
    ({}, True, 'change (predicted)'),
    (None, False, 'change'),
])
def test_packs_cell(counts, predicted, cell):
    row = server(summary(packs={'changed': True, 'predicted': predicted, 'counts': counts}))
    assert row['cells']['packs'] == cell
    assert row['packs']['counts'] == (counts or {})
    assert row['packs']['predicted'] is predicted
    assert row['would_change'] == ['packs'] and row['would_change_text'] == 'packs'


def test_packs_unchanged_has_no_cell_even_with_counts():
    row = server(summary(packs={'changed': False, 'counts': {'installed': 2}}))
    assert row['cells']['packs'] == '-' and row['status'] == 'in_sync'


def test_pack_outcomes_keep_no_identifier():
    s = summary(packs={'outcomes': [{'name': 'x', 'key_pack_id': 7, 'index': 0, 'agreement_number': '4815162'}],
                       'declared': None})
    del s['packs']['predicted']
    row = server(s)
    assert row['packs']['outcomes'] == [{'name': 'x', 'program': None, 'state': None, 'product_version': None,
                                         'cal_type': None, 'quantity': None, 'outcome': None, 'msg': None}]
    assert row['packs']['declared'] is None and row['packs']['predicted'] is False
    assert '4815162' not in repr(row)


def test_every_area_in_order():
    row = server(summary(role={'changed': True, 'installed_before': False},
                         company_information={'changed': True, 'properties': ['a', 'b', 'c', 'd', 'e']},
                         activation={'changed': True, 'status': 'activated'},
                         packs={'changed': True, 'predicted': True, 'counts': {'installed': 2}},
                         message=['one', 'two']))
    assert row['would_change'] == ['role', 'company_information', 'activation', 'packs']
    assert row['would_change_text'] == 'role, company info, activation, packs'
    assert row['cells'] == {'role': 'install', 'company_information': 'write 5 properties',
                            'activation': 'activate (automatic)', 'packs': 'install 2 (predicted)'}
    assert row['message'] == ['one', 'two'] and row['status'] == 'drift'


def test_missing_message_and_reboot_required():
    s = summary(message=None)
    del s['role']['reboot_required']
    row = server(s)
    assert row['message'] == [] and row['role']['reboot_required'] is None


def test_the_input_is_not_changed_and_the_output_is_a_copy():
    s = summary(company_information={'changed': True, 'properties': ['company']})
    before = copy.deepcopy(s)
    row = server(s)
    assert s == before
    row['reboot']['rebooted'] = True
    row['company_information']['properties'].append('x')
    assert s == before


@pytest.mark.parametrize('hostvars, hosts, kwargs, message', [
    ([], [], {}, 'the input must be hostvars'),
    ({}, 'lic01', {}, 'hosts must be a list of host names, got a string'),
    ({}, [1], {}, 'hosts[0] must be a host name (a string), got a whole number'),
    ({}, [], {'check_mode': 'yes'}, 'check_mode must be a boolean, got a string'),
    ({}, [], {'generated': 5}, 'generated must be a string or null, got a whole number'),
    ({'lic01': ['x']}, ['lic01'], {}, 'the variables of lic01 must be a dictionary, got a list'),
    ({'lic01': in_scope(license_server_summary='x')}, ['lic01'], {},
     'license_server_summary of lic01 must be a dictionary, got a string'),
    ({'lic01': in_scope(license_server_summary=summary(check_mode='true'))}, ['lic01'], {},
     'license_server_summary of lic01.check_mode must be a boolean or null, got a string'),
    ({'lic01': in_scope(license_server_summary=summary(role=['x']))}, ['lic01'], {},
     'license_server_summary of lic01.role must be a dictionary, got a list'),
    ({'lic01': in_scope(license_server_summary=summary(role={'changed': 'False'}))}, ['lic01'], {},
     'license_server_summary of lic01.role.changed must be a boolean or null, got a string'),
    ({'lic01': in_scope(license_server_summary=summary(packs={'counts': {'installed': '2'}}))}, ['lic01'], {},
     "license_server_summary of lic01.packs.counts.installed must be a whole number or null, got a string"),
    ({'lic01': in_scope(license_server_summary=summary(packs={'counts': {'installed': True}}))}, ['lic01'], {},
     'license_server_summary of lic01.packs.counts.installed must be a whole number or null, got a boolean'),
    ({'lic01': in_scope(license_server_summary=summary(packs={'counts': [1]}))}, ['lic01'], {},
     'license_server_summary of lic01.packs.counts must be a dictionary, got a list'),
    ({'lic01': in_scope(license_server_summary=summary(packs={'declared': '1'}))}, ['lic01'], {},
     'license_server_summary of lic01.packs.declared must be a whole number or null, got a string'),
    ({'lic01': in_scope(license_server_summary=summary(packs={'outcomes': 'x'}))}, ['lic01'], {},
     'license_server_summary of lic01.packs.outcomes must be a list or null, got a string'),
    ({'lic01': in_scope(license_server_summary=summary(packs={'outcomes': ['x']}))}, ['lic01'], {},
     'license_server_summary of lic01.packs.outcomes[0] must be a dictionary, got a string'),
    ({'lic01': in_scope(license_server_summary=summary(company_information={'properties': [1]}))}, ['lic01'], {},
     'license_server_summary of lic01.company_information.properties[0] must be a string, got a whole number'),
    ({'lic01': in_scope(license_server_summary=summary(activation={'method': 1}))}, ['lic01'], {},
     'license_server_summary of lic01.activation.method must be a string or null, got a whole number'),
    ({'lic01': in_scope(license_server_summary=summary(stopped=True))}, ['lic01'], {},
     'license_server_summary of lic01.stopped must be a string or null, got a boolean'),
])
def test_type_errors(hostvars, hosts, kwargs, message):
    with pytest.raises(AnsibleFilterTypeError) as caught:
        drift_report(hostvars, hosts, **kwargs)
    assert str(caught.value).startswith('drift_report: ' + message), str(caught.value)


# -- RD Session Hosts (role session_host) -------------------------------------------------------------------------------
def rdsh_summary(changed=False, before=None, **declared):
    """A check-mode session_host_summary (roles/session_host/README.md) of a session host."""
    declared = dict({'licensing_mode': 'per_user', 'license_servers': ['lic01', 'lic02'], 'connection_broker': None},
                    **declared)
    return {'host': 'rdsh01', 'check_mode': True, 'changed': changed, 'declared': declared,
            'before': {'licensing_mode': 'per_user', 'license_servers': ['LIC01', 'lic02']} if before is None else before,
            'licensing_mode': 'per_user', 'license_servers': ['lic01', 'lic02'], 'grace_period_days': 100,
            'connectivity': [], 'policy': {}, 'policy_note': None, 'cal_version': '2022', 'domain_joined': True,
            'deployment': None}


def test_session_hosts_in_sync_drifted_and_not_checked():
    hostvars = {
        'lic01': in_scope(license_server_summary=summary()),
        'rdsh-ok': in_scope(session_host_summary=rdsh_summary()),
        'rdsh-fresh': in_scope(session_host_summary=rdsh_summary(
            changed=True, before={'licensing_mode': 'not_configured', 'license_servers': []})),
        'rdsh-mode': in_scope(session_host_summary=rdsh_summary(
            changed=True, before={'licensing_mode': 'per_device', 'license_servers': ['LIC01', 'lic02']})),
        'rdsh-order': in_scope(session_host_summary=rdsh_summary(
            changed=True, before={'licensing_mode': 'per_user', 'license_servers': ['lic02', 'lic01']})),
        'rdsh-no-diff': in_scope(session_host_summary=rdsh_summary(changed=True, before={})),
        'rdsh-err': in_scope(drift_error='win_rdlicense_session_host: Group Policy sets the licensing mode'),
        'rdsh-gone': {'drift_in_scope': True, 'drift_error': None},
        'rdsh-out': {'session_host_summary': rdsh_summary()},
    }
    result = report(hostvars, ['lic01'], session_hosts=[h for h in hostvars if h.startswith('rdsh')])
    rows = {r['host']: r for r in result['session_hosts']}
    assert list(rows) == ['rdsh-ok', 'rdsh-fresh', 'rdsh-mode', 'rdsh-order', 'rdsh-no-diff', 'rdsh-err', 'rdsh-gone']
    assert rows['rdsh-ok']['status'] == 'in_sync' and rows['rdsh-ok']['would_change_text'] == 'nothing'
    assert rows['rdsh-ok']['cells'] == {'licensing_mode': '-', 'license_servers': '-'}  # names compared without case
    assert rows['rdsh-fresh']['would_change'] == ['licensing_mode', 'license_servers']
    assert rows['rdsh-fresh']['cells'] == {'licensing_mode': 'set per_user (now not_configured)',
                                           'license_servers': 'set lic01, lic02 (now none)'}
    assert rows['rdsh-fresh']['would_change_text'] == 'licensing mode, license servers'
    assert rows['rdsh-mode']['would_change'] == ['licensing_mode']  # server names compared without case
    assert rows['rdsh-order']['cells'] == {'licensing_mode': '-', 'license_servers': 'set lic01, lic02 (now lic02, lic01)'}
    assert rows['rdsh-no-diff']['cells'] == {'licensing_mode': '-', 'license_servers': 'change'}
    assert rows['rdsh-err']['status'] == 'error' and 'Group Policy' in rows['rdsh-err']['error']
    assert rows['rdsh-gone']['status'] == 'unreachable'
    assert result['counts'] == {'servers': 1, 'session_hosts': 7, 'hosts': 8, 'in_sync': 2, 'drift': 4, 'error': 2}
    assert result['drifted'] == ['rdsh-fresh', 'rdsh-mode', 'rdsh-order', 'rdsh-no-diff']
    assert result['not_checked'] == ['rdsh-err', 'rdsh-gone']


def test_session_host_summary_of_the_wrong_type():
    with pytest.raises(AnsibleFilterTypeError, match='session_host_summary of rdsh01 must be a dictionary, got a list'):
        report({'rdsh01': in_scope(session_host_summary=[])}, [], session_hosts=['rdsh01'])
    bad = rdsh_summary(changed=True)
    bad['declared']['license_servers'] = 'lic01'
    with pytest.raises(AnsibleFilterTypeError, match=r'session_host_summary of rdsh01.declared.license_servers must be '
                                                     r'a list or null, got a string'):
        report({'rdsh01': in_scope(session_host_summary=bad)}, [], session_hosts=['rdsh01'])
    with pytest.raises(AnsibleFilterTypeError, match='session_hosts must be a list of host names, got a string'):
        report({}, [], session_hosts='rdsh01')
