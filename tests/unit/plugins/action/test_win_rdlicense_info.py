# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_info action plugin end to end against an in-process simulated license server."""

from __future__ import annotations

import copy
import datetime
import json

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands_info
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

INFO = 'win_rdlicense_info'
CONTACT = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso', 'country_region': 'United Kingdom'}
SELECT = {'name': 'hq', 'program': 'select', 'agreement_number': '765-4321', 'product_version': '2022',
          'cal_type': 'per_user', 'quantity': 50}
KEYS = ['host', 'role', 'activation', 'key_packs', 'totals', 'expiring', 'records']


def _dmtf(days):
    """A WMI DATETIME this many days from now (what the simulator's profile takes for a pack's expiry)."""
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return when.strftime('%Y%m%d%H%M%S') + '.000000+000'


def licensed(**profile):
    """An activated license server holding packs installed by hand, two of which expire."""
    return FakeHost(profile=dict({
        'activated': True, 'contact': CONTACT,
        'key_packs': [
            {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 25, 'issued': 3},
            {'product_version': '2019', 'cal_type': 'per_device', 'quantity': 10, 'expires': _dmtf(30)},
            {'product_version': '2022', 'cal_type': 'per_device', 'quantity': 4, 'type': 'temporary',
             'expires': _dmtf(200)},
        ]}, **profile))


def reported(res):
    return {k: res[k] for k in KEYS}


def test_one_probe_reports_everything_and_changes_nothing():
    host = licensed()
    before = copy.deepcopy(host.state)
    res = run_action(INFO, {}, host)
    assert not res.get('failed'), res
    assert res['changed'] is False
    assert host.operations == ['probe']
    assert host.state == before
    assert list(reported(res)) == KEYS
    assert res['host'] == {'computer_name': 'LIC01', 'os': 'Microsoft Windows Server 2022 Datacenter',
                           'os_version': '10.0.20348', 'installation_type': 'Server', 'is_server': True,
                           'is_admin': True, 'max_cal_version': '2022'}
    assert res['role']['installed'] is True
    assert res['role']['reboot_required'] is False
    assert res['activation']['available'] is True
    assert res['activation']['reason'] is None
    assert res['activation']['activation_status'] == 'activated'
    server = host.state['license_server']
    assert res['activation']['license_server_id'] == server['license_server_id']
    assert res['activation']['product_id'] == server['product_id']
    assert res['activation']['company_information']['last_name'] == 'Lovelace'
    assert res['activation']['discovery_scope'] == 'workgroup'
    assert [p['key_pack_id'] for p in res['key_packs']] == [2, 3]
    assert res['totals'] == {'2022': {'per_user': {'total': 25, 'issued': 3, 'available': 22}},
                             '2019': {'per_device': {'total': 10, 'issued': 0, 'available': 10}}}
    assert [p['key_pack_id'] for p in res['expiring']] == [3]
    assert res['records'] == []


def test_check_mode_gives_the_same_output():
    host = licensed()
    applied = run_action(INFO, {'include_builtin_and_temporary': True}, host)
    checked = run_action(INFO, {'include_builtin_and_temporary': True}, host, check_mode=True, diff=True)
    assert checked['changed'] is False
    assert reported(checked) == reported(applied)
    assert checked['diff'] == {'before': {}, 'after': {}}
    assert host.operations == ['probe', 'probe']


def test_options_reach_the_report():
    host = licensed()
    res = run_action(INFO, {'include_builtin_and_temporary': True, 'expiring_within_days': 365}, host)
    assert [p['key_pack_id'] for p in res['key_packs']] == [1, 2, 3, 4]
    assert [p['key_pack_id'] for p in res['expiring']] == [3, 4]
    assert run_action(INFO, {'expiring_within_days': 0}, host)['expiring'] == []
    renamed = run_action(INFO, {'product_version_ids': {'2019': 60}}, host)
    assert sorted(renamed['totals']) == ['2022', 'id_6']


def test_the_parts_are_what_the_other_modules_return():
    """The report of each part equals what the module that manages it returns for the same server."""
    host = licensed()
    res = run_action(INFO, {'include_builtin_and_temporary': True}, host)
    role = run_action('win_rdlicense_role', {}, host, check_mode=True)
    assert role['changed'] is False
    assert {k: res['role'][k] for k in ('features', 'service', 'reboot_required')} == \
        {k: role[k] for k in ('features', 'service', 'reboot_required')}
    activate = run_action('win_rdlicense_activate', {'state': 'activated', 'method': 'automatic'}, host,
                          check_mode=True)
    assert activate['changed'] is False
    for key in ('activation_status', 'license_server_id', 'product_id', 'company_information'):
        assert res['activation'][key] == activate[key], key
    cals = run_action('win_rdlicense_cals', {'packs': [], 'include_builtin_and_temporary': True}, host, check_mode=True)
    assert res['key_packs'] == cals['key_packs']
    assert res['totals'] == cals['totals']


def test_records_of_installed_packs_show_hashes_never_identifiers_nor_the_salt():
    host = licensed()
    install = run_action('win_rdlicense_cals', {'packs': [SELECT]}, host)
    assert install['changed'] is True
    key_pack_id = install['packs'][0]['key_pack_id']
    res = run_action(INFO, {}, host)
    assert len(res['records']) == 1
    record = res['records'][0]
    assert record['key_pack_id'] == key_pack_id
    assert len(record['name']) == 64 and int(record['name'], 16) >= 0
    assert {k: record[k] for k in ('program', 'product_version', 'cal_type', 'quantity')} == \
        {'program': 'select', 'product_version': '2022', 'cal_type': 'per_user', 'quantity': 50}
    assert next(p for p in res['key_packs'] if p['key_pack_id'] == key_pack_id)['managed'] is True
    salt = sim_model.LicenseServerModel(host.state).registry_read(cat.RECORDS_REGISTRY_KEY)[cat.RECORDS_SALT_VALUE]
    text = json.dumps(res)
    for secret in (salt, '7654321', '765-4321'):
        assert secret not in text


def test_a_server_without_the_role_is_reported_not_failed():
    host = FakeHost()
    res = run_action(INFO, {}, host)
    assert not res.get('failed'), res
    assert host.operations == ['probe']
    assert res['role']['installed'] is False
    assert {f['name']: f['install_state'] for f in res['role']['features']} == {'RDS-Licensing': 'Available',
                                                                                'RDS-Licensing-UI': 'Available'}
    assert res['role']['service']['exists'] is False
    assert res['activation'] == {'available': False, 'reason': 'role not installed', 'activation_status': None,
                                 'license_server_id': None, 'product_id': None, 'company_information': {},
                                 'discovery_scope': None}
    assert (res['key_packs'], res['totals'], res['expiring'], res['records']) == ([], {}, [], [])
    assert 'warnings' not in res


def test_a_role_waiting_for_a_restart():
    host = FakeHost(faults=['reboot_required'])
    run_action('win_rdlicense_role', {}, host)
    res = run_action(INFO, {}, host)
    assert not res.get('failed'), res
    assert res['role']['installed'] is False
    assert res['role']['reboot_required'] is True
    assert res['activation']['reason'] == 'role installation pending a restart'
    host.model.reboot()
    after = run_action(INFO, {}, host)
    assert after['role']['installed'] is True
    assert after['activation']['activation_status'] == 'not_activated'
    assert after['activation']['reason'] is None


def test_a_client_edition_is_reported():
    res = run_action(INFO, {}, FakeHost(profile={'os': 'windows11'}))
    assert not res.get('failed'), res
    assert res['host']['is_server'] is False
    assert res['host']['max_cal_version'] is None
    assert res['role']['features'] == []
    assert res['activation']['reason'] == 'role not installed'


def test_provider_not_ready_is_reported_with_its_error():
    res = run_action(INFO, {}, FakeHost(profile={'activated': True}, faults=['provider_not_ready']))
    assert not res.get('failed'), res
    assert res['role']['installed'] is True
    assert res['activation']['available'] is False
    assert res['activation']['reason'] == ('provider not ready: WBEM_E_INITIALIZATION_FAILURE (0x80041014: the '
                                           'provider failed to initialize)')
    assert res['key_packs'] == []


def test_an_unknown_activation_status_is_reported():
    res = run_action(INFO, {}, FakeHost(profile={'activated': True}, faults=['activation_status_unknown']))
    assert not res.get('failed'), res
    assert res['activation']['available'] is True
    assert res['activation']['activation_status'] == 'unknown'


def test_key_packs_that_cannot_be_read_are_a_warning(monkeypatch):
    def broken(model):
        raise sim_model.WbemError('WBEM_E_PROVIDER_FAILURE', 'the key pack provider failed')

    monkeypatch.setattr(hands_info, 'key_packs', broken)
    res = run_action(INFO, {}, licensed())
    assert not res.get('failed'), res
    assert res['key_packs'] == [] and res['totals'] == {}
    assert res['activation']['activation_status'] == 'activated'
    assert res['warnings'] == [
        'win_rdlicense_info: the key packs of LIC01 could not be read [WBEM_E_PROVIDER_FAILURE (0x80041004: the '
        'provider failed after initialization): the key pack provider failed]; key_packs, totals and expiring are '
        'empty']


def test_a_non_admin_fails_with_the_collection_message_and_the_result_shape():
    host = licensed()
    host.faults = ['not_admin']
    res = run_action(INFO, {}, host)
    assert res['failed'] is True
    assert res['changed'] is False
    assert host.operations == ['probe']
    assert res['msg'] == (
        "win_rdlicense_info: the connecting account is not a member of the local Administrators group on LIC01, so the "
        "role, the activation and the key packs cannot be read (Windows answers such an account with empty data, "
        "which a report would show as the server's); connect as an administrator or use become with "
        'become_method=runas')
    assert list(reported(res)) == KEYS
    assert res['host']['is_admin'] is False
    assert res['activation']['available'] is False
    assert res['activation']['reason'] == 'not an administrator'


@pytest.mark.parametrize('args, message', [
    ({'expiring_within_days': -5}, 'win_rdlicense_info: expiring_within_days must be 0 or more, got -5'),
    ({'product_version_ids': {'2030': 9}}, "win_rdlicense_info: product_version_ids: unknown product version '2030' "
                                           '(known: 2008, 2008R2, 2012, 2016, 2019, 2022, 2025)'),
    ({'product_version_ids': {'2025': -1}}, "win_rdlicense_info: product_version_ids['2025'] must be between 0 and "
                                            '4294967295, got -1'),
    ({'expiring_within_days': 'soon'}, 'win_rdlicense_info: expiring_within_days must be a whole number, got a '
                                       'string that is not a whole number in ASCII digits'),
    ({'expiring_within_days': True}, 'win_rdlicense_info: expiring_within_days must be a whole number, got a boolean'),
    ({'expiring_within_days': '٣'}, 'win_rdlicense_info: expiring_within_days must be a whole number, got a string '
                                    'that is not a whole number in ASCII digits'),
    ({'include_builtin_and_temporary': 1}, 'win_rdlicense_info: include_builtin_and_temporary must be true or false, '
                                           'got a whole number'),
    ({'product_version_ids': '2025=8'}, 'win_rdlicense_info: product_version_ids must be a dictionary, got a string'),
    ({'product_version_ids': {'2025': '٨'}}, "win_rdlicense_info: product_version_ids['2025'] must be a whole number"),
    ({'packs': []}, 'Unsupported parameters'),
])
def test_bad_arguments_fail_before_any_remote_call(args, message):
    host = licensed()
    res = run_action(INFO, args, host)
    assert res['failed'] is True
    assert message in res['msg']
    assert host.calls == []
    assert list(reported(res)) == KEYS
    assert res['activation']['available'] is False
