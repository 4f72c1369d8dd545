# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_cals action plugin end to end against an in-process simulated license server."""

from __future__ import annotations

import copy
import json
import os
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands as sim_hands
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

CALS = 'win_rdlicense_cals'
ACTIVATED = {'activated': True}
RETAIL = sim_model.retail_license_code('2022', 'per_device', 5, serial=1)
SELECT = {'name': 'hq', 'program': 'select', 'agreement_number': '123-4567', 'product_version': '2022',
          'cal_type': 'per_user', 'quantity': 25}
OPEN = {'program': 'open_license', 'license_number': '8765-4321', 'authorization_number': 'abcde-fghij-12345',
        'product_version': '2019', 'cal_type': 'per_device', 'quantity': 10}
RETAIL_TYPED = '-'.join(RETAIL[i:i + 5] for i in range(0, 25, 5)).lower()
RETAIL_PACK = {'name': 'box', 'program': 'retail', 'license_code': RETAIL_TYPED}


def key_pack_id_for(host, version='2022', cal_type='per_device', quantity=5):
    """The license key pack ID the simulated Clearinghouse issues for this server (offline path)."""
    return sim_model.clearinghouse_key_pack_id(host.state['license_server']['license_server_id'], version, cal_type,
                                               quantity)


def purchased(host):
    return [p for p in host.state['key_packs'] if p['ProductType'] != cat.PRODUCT_TYPE_BUILT_IN]


def secrets_of(packs):
    """Every identifier as typed and as normalised, upper and lower case."""
    found = set()
    for pack in packs:
        for name in ('license_code', 'license_number', 'authorization_number', 'agreement_number',
                     'license_key_pack_id'):
            if pack.get(name):
                value = str(pack[name])
                for form in (value, value.replace('-', ''), value.upper(), value.replace('-', '').upper()):
                    found |= {form, form.lower()}
    return found


def assert_no_secret(packs, *things):
    text = json.dumps(things)
    for secret in secrets_of(packs):
        assert secret not in text, 'a secret leaked'
    assert '********' not in text  # nothing even tried to show one


def test_check_mode_predicts_every_program_and_changes_nothing():
    host = FakeHost(profile=ACTIVATED)
    packs = [SELECT, OPEN, RETAIL_PACK, {'program': 'license_key_pack_id', 'license_key_pack_id': key_pack_id_for(host)}]
    before = copy.deepcopy(host.state)
    res = run_action(CALS, {'packs': packs}, host, check_mode=True, diff=True)
    assert not res.get('failed'), res
    assert res['changed'] is True
    assert host.operations == ['probe']
    assert host.state == before
    assert [p['outcome'] for p in res['packs']] == ['installed'] * 4
    assert res['diff']['before'] == {'key_packs': {}}
    assert sorted(res['diff']['after']['key_packs']) == ["new (packs[0] 'hq')", 'new (packs[1])', "new (packs[2] 'box')",
                                                         'new (packs[3])']
    assert res['totals'] == {'2022': {'per_user': {'total': 25, 'issued': 0, 'available': 25}},
                             '2019': {'per_device': {'total': 10, 'issued': 0, 'available': 10}}}
    assert_no_secret(packs, res)


def test_every_program_installs_then_a_rerun_is_one_probe_and_no_change():
    host = FakeHost(profile=ACTIVATED)
    packs = [SELECT, OPEN, RETAIL_PACK, {'program': 'license_key_pack_id', 'license_key_pack_id': key_pack_id_for(host),
                                         'name': 'offline'}]
    res = run_action(CALS, {'packs': packs}, host, diff=True)
    assert not res.get('failed'), res
    assert res['changed'] is True
    assert host.operations == ['probe', 'apply']
    assert [s['type'] for s in host.calls[1]['args']['_steps']] == [
        'init_records', 'install_agreement_pack', 'install_open_pack', 'install_retail_pack', 'install_key_pack_id']
    assert [(p['outcome'], p['key_pack_id']) for p in res['packs']] == [('installed', 2), ('installed', 3),
                                                                        ('installed', 4), ('installed', 5)]
    assert [(p['product_version'], p['cal_type'], p['quantity']) for p in res['packs']] == [
        ('2022', 'per_user', 25), ('2019', 'per_device', 10), ('2022', 'per_device', 5), ('2022', 'per_device', 5)]
    assert [p['KeyPackType'] for p in purchased(host)] == [2, 5, 1, 2]
    assert res['totals']['2022'] == {'per_user': {'total': 25, 'issued': 0, 'available': 25},
                                     'per_device': {'total': 10, 'issued': 0, 'available': 10}}
    assert [i['key_pack_id'] for i in res['key_packs']] == [2, 3, 4, 5]
    assert all(i['managed'] for i in res['key_packs'])
    assert sorted(res['diff']['after']['key_packs']) == ['KeyPackId 2', 'KeyPackId 3', 'KeyPackId 4', 'KeyPackId 5']
    assert_no_secret(packs, res, host.state)

    host.calls.clear()
    again = run_action(CALS, {'packs': packs}, host, diff=True)
    assert again['changed'] is False
    assert host.operations == ['probe']
    assert [p['outcome'] for p in again['packs']] == ['present'] * 4
    assert again['diff']['before'] == again['diff']['after']
    assert len(purchased(host)) == 4


def test_records_hold_hashes_and_facts_never_identifiers():
    host = FakeHost(profile=ACTIVATED)
    run_action(CALS, {'packs': [SELECT, RETAIL_PACK]}, host)
    values = host.state['registry'][cat.RECORDS_REGISTRY_KEY.lower()]
    salt = values.pop(cat.RECORDS_SALT_VALUE)
    assert len(salt) == 64
    records = {name: json.loads(value) for name, value in values.items()}
    assert all(len(name) == 64 for name in records)
    assert sorted(records.values(), key=lambda r: r['key_pack_id']) == [
        {'key_pack_id': 2, 'program': 'select', 'product_version': '2022', 'cal_type': 'per_user', 'quantity': 25},
        {'key_pack_id': 3, 'program': 'retail', 'product_version': None, 'cal_type': None, 'quantity': None}]
    assert_no_secret([SELECT, RETAIL_PACK], host.state)


def test_a_pack_installed_by_hand_is_adopted_not_installed_again():
    host = FakeHost(profile={'activated': True, 'key_packs': [
        {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 25, 'issued': 4, 'type': 'volume'},
        {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 25, 'type': 'temporary'}]})
    res = run_action(CALS, {'packs': [SELECT]}, host, diff=True)
    assert not res.get('failed'), res
    assert [(p['outcome'], p['key_pack_id']) for p in res['packs']] == [('adopted', 2)]
    assert [s['type'] for s in host.calls[1]['args']['_steps']] == ['init_records', 'adopt_pack']
    assert len(purchased(host)) == 2  # nothing installed
    assert res['diff']['before']['key_packs']['KeyPackId 2']['managed'] is False
    assert res['diff']['after']['key_packs']['KeyPackId 2']['managed'] is True
    assert res['totals'] == {'2022': {'per_user': {'total': 25, 'issued': 4, 'available': 21}}}
    host.calls.clear()
    again = run_action(CALS, {'packs': [SELECT]}, host)
    assert (again['changed'], host.operations, again['packs'][0]['outcome']) == (False, ['probe'], 'present')


def test_removal_by_record_then_absent():
    host = FakeHost(profile=ACTIVATED)
    run_action(CALS, {'packs': [SELECT, OPEN]}, host)
    gone = dict(SELECT, state='absent')
    check = run_action(CALS, {'packs': [gone, OPEN]}, host, check_mode=True, diff=True)
    assert [p['outcome'] for p in check['packs']] == ['removed', 'present']
    assert 'KeyPackId 2' not in check['diff']['after']['key_packs']
    assert len(purchased(host)) == 2
    res = run_action(CALS, {'packs': [gone, OPEN]}, host)
    assert res['changed'] is True
    assert [(p['outcome'], p['key_pack_id']) for p in res['packs']] == [('removed', 2), ('present', 3)]
    assert [p['KeyPackId'] for p in purchased(host)] == [3]
    assert len(host.state['registry'][cat.RECORDS_REGISTRY_KEY.lower()]) == 2  # salt + the Open License record
    host.calls.clear()
    again = run_action(CALS, {'packs': [gone]}, host)
    assert (again['changed'], host.operations, again['packs'][0]['outcome']) == (False, ['probe'], 'absent')


def test_one_pack_failing_does_not_stop_the_others_and_the_task_names_it():
    host = FakeHost(profile=ACTIVATED)
    forged = {'name': 'forged', 'program': 'retail', 'license_code': 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ'}
    packs = [forged, SELECT, OPEN]
    res = run_action(CALS, {'packs': packs}, host)
    assert res['failed'] is True
    assert res['changed'] is True
    assert res['msg'] == (
        "win_rdlicense_cals: 1 of 3 packs failed: packs[0] 'forged' (retail): InstallRetailPurchaseLicenseKeyPack "
        'failed: the Clearinghouse does not recognise the license code [WBEM_E_INVALID_PARAMETER (0x80041008: a '
        'parameter is not valid)]')
    assert [p['outcome'] for p in res['packs']] == ['failed', 'installed', 'installed']
    assert [p['KeyPackId'] for p in purchased(host)] == [2, 3]
    assert_no_secret(packs, res, host.state)
    host.calls.clear()
    rerun = run_action(CALS, {'packs': [SELECT, OPEN]}, host)
    assert (rerun['changed'], host.operations) == (False, ['probe'])


def test_clearinghouse_unreachable_fails_every_online_pack_but_not_the_offline_one():
    host = FakeHost(profile=ACTIVATED, faults=['clearinghouse_unreachable'])
    offline = {'program': 'license_key_pack_id', 'license_key_pack_id': key_pack_id_for(host), 'name': 'offline'}
    res = run_action(CALS, {'packs': [SELECT, offline]}, host)
    assert res['failed'] is True
    assert res['msg'] == (
        "win_rdlicense_cals: 1 of 2 packs failed: packs[0] 'hq' (select, 2022 per_user, 25 CALs): "
        'InstallAgreementLicenseKeyPack failed: The license server cannot connect to the Microsoft Clearinghouse '
        '[WBEM_E_NOT_AVAILABLE (0x80041009: a resource, typically a remote server, is not available)]')
    assert [p['outcome'] for p in res['packs']] == ['failed', 'installed']


def test_key_pack_rejected_names_every_pack():
    host = FakeHost(profile=ACTIVATED, faults=['key_pack_rejected'])
    res = run_action(CALS, {'packs': [SELECT, OPEN]}, host)
    assert res['msg'].startswith("win_rdlicense_cals: 2 of 2 packs failed: packs[0] 'hq' (select, 2022 per_user, 25 "
                                 'CALs): InstallAgreementLicenseKeyPack failed: the Clearinghouse refused the key pack '
                                 '[WBEM_E_INVALID_PARAMETER')
    assert 'packs[1] (open_license, 2019 per_device, 10 CALs): InstallOpenLicenseKeyPack failed' in res['msg']
    assert purchased(host) == []


def test_key_pack_id_issued_for_another_server_is_refused_by_the_host():
    host = FakeHost(profile=ACTIVATED)
    other = sim_model.clearinghouse_key_pack_id('X' * 35, '2022', 'per_user', 5)
    res = run_action(CALS, {'packs': [{'program': 'license_key_pack_id', 'license_key_pack_id': other}]}, host)
    assert res['msg'] == ('win_rdlicense_cals: 1 of 1 packs failed: packs[0] (license_key_pack_id): '
                          'InstallLicenseKeyPack failed: the license key pack ID is not valid for this license server '
                          '[WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not valid)]')
    assert_no_secret([{'license_key_pack_id': other}], res)


class RacingHost(FakeHost):
    """A host on which another run of the same task completes between this run's probe and its apply."""

    def __init__(self, packs, **kw):
        super().__init__(**kw)
        self.packs = packs
        self.raced = False

    def execute(self, module_name=None, module_args=None, task_vars=None, **kwargs):
        if (module_args or {}).get('_operation') == 'apply' and not self.raced:
            self.raced = True
            other = run_action(CALS, {'packs': self.packs}, self)
            assert not other.get('failed'), other
        return super().execute(module_name, module_args, task_vars, **kwargs)


def test_two_runs_at_once_install_a_pack_once():
    host = RacingHost([SELECT], profile=ACTIVATED)
    host.state['registry'][cat.RECORDS_REGISTRY_KEY.lower()] = {cat.RECORDS_SALT_VALUE: 'cd' * 32}
    res = run_action(CALS, {'packs': [SELECT]}, host)
    assert host.raced
    assert not res.get('failed'), res
    assert res['changed'] is False
    assert [(p['outcome'], p['key_pack_id']) for p in res['packs']] == [('present', 2)]
    assert len(purchased(host)) == 1


def test_two_first_runs_at_once_do_not_mix_their_salts():
    host = RacingHost([SELECT], profile=ACTIVATED)
    res = run_action(CALS, {'packs': [SELECT]}, host)
    assert res['failed'] is True
    assert res['msg'] == (
        "win_rdlicense_cals: 1 of 1 packs failed: packs[0] 'hq' (select, 2022 per_user, 25 CALs): not attempted: the "
        'idempotency records could not be initialised: New-ItemProperty failed: the idempotency records under '
        'HKLM:\\SOFTWARE\\remotedesktop.licensing\\KeyPacks were initialised by another run at the same time; run the '
        'task again [WBEM_E_ALREADY_EXISTS (0x80041019: the instance already exists)]')
    assert len(purchased(host)) == 1  # installed once, by the other run
    host.calls.clear()
    rerun = run_action(CALS, {'packs': [SELECT]}, host)
    assert (rerun['changed'], rerun['packs'][0]['outcome'], host.operations) == (False, 'present', ['probe'])


def test_a_recorded_pack_removed_by_hand_is_installed_again():
    host = FakeHost(profile=ACTIVATED)
    run_action(CALS, {'packs': [SELECT]}, host)
    host.model.uninstall_key_pack_with_id(2)
    res = run_action(CALS, {'packs': [SELECT]}, host)
    assert [(p['outcome'], p['key_pack_id']) for p in res['packs']] == [('installed', 3)]
    assert [s['type'] for s in host.calls[-1]['args']['_steps']] == ['install_agreement_pack']


def test_undeclared_packs_are_reported_never_removed():
    host = FakeHost(profile={'activated': True, 'key_packs': [
        {'product_version': '2019', 'cal_type': 'per_device', 'quantity': 10, 'type': 'retail'}]})
    res = run_action(CALS, {'packs': [SELECT], 'report_undeclared': True}, host)
    assert [i['key_pack_id'] for i in res['undeclared']] == [2]
    assert res['warnings'] == [
        # SELECT is a 2022 pack: Microsoft's install-method pages stop at ProductVersion 6
        "win_rdlicense_cals: packs[0] 'hq' (select, 2022 per_user, 25 CALs): Microsoft documents no ProductVersion "
        'number for Windows Server 2022 CALs; this module assumes 7. If the pack is refused or shows up as another '
        'version, set product_version_ids to the right number',
        'win_rdlicense_cals: 1 installed pack(s) on LIC01 are not declared by this task: KeyPackId 2: 2019 per_device, '
        '10 CALs (retail)']
    assert [p['KeyPackId'] for p in purchased(host)] == [2, 3]


def test_inventory_includes_built_in_and_temporary_packs_only_when_asked():
    host = FakeHost(profile={'activated': True, 'key_packs': [{'type': 'temporary', 'cal_type': 'per_device'}]})
    assert run_action(CALS, {}, host)['key_packs'] == []
    res = run_action(CALS, {'include_builtin_and_temporary': True}, host)
    assert [(i['key_pack_id'], i['cal_type'], i['key_pack_type']) for i in res['key_packs']] == [
        (1, 'built_in', 'unknown'), (2, 'per_device', 'temporary')]
    assert res['totals'] == {}
    assert res['changed'] is False


@pytest.mark.parametrize('profile, faults, message', [
    ({'role_installed': True}, [], 'win_rdlicense_cals: the license server LIC01 is not activated (GetActivationStatus: '
                                   'not_activated), so CAL packs cannot be installed; run '
                                   'remotedesktop.licensing.win_rdlicense_activate first'),
    ({'os': '2019', 'activated': True}, [],
     "win_rdlicense_cals: LIC01 (build 17763) is a Windows Server 2019 license server, which holds CALs of Windows "
     "Server 2019 and older: packs[0] 'hq' (select, 2022 per_user, 25 CALs) is newer; install it on a license server "
     'running Windows Server 2022 or later'),
    ({}, [], 'win_rdlicense_cals: the RD Licensing WMI provider does not answer on LIC01 (WBEM_E_INVALID_CLASS '
             '(0x80041010: the class does not exist): Invalid class: Win32_TSLicenseServer is not registered (the RD '
             'Licensing role is not installed)); install the role with remotedesktop.licensing.win_rdlicense_role '
             '(and restart the server when it asks for it) first'),
    (ACTIVATED, ['provider_not_ready'], 'win_rdlicense_cals: the RD Licensing WMI provider does not answer on LIC01 '
                                        '(WBEM_E_INITIALIZATION_FAILURE (0x80041014: the provider failed to '
                                        'initialize): the provider failed to initialize); install the role with '
                                        'remotedesktop.licensing.win_rdlicense_role (and restart the server when it '
                                        'asks for it) first'),
    (ACTIVATED, ['not_admin'], 'win_rdlicense_cals: the connecting account is not a member of the local '
                               'Administrators group on LIC01, so the key packs cannot be read or installed; connect as '
                               'an administrator or use become with become_method=runas'),
    (ACTIVATED, ['activation_status_unknown'], 'win_rdlicense_cals: the license server LIC01 is not activated '
                                               '(GetActivationStatus: unknown), so CAL packs cannot be installed; run '
                                               'remotedesktop.licensing.win_rdlicense_activate first'),
])
def test_host_refusals_change_nothing(profile, faults, message):
    host = FakeHost(profile=profile, faults=faults)
    before = copy.deepcopy(host.state)
    res = run_action(CALS, {'packs': [SELECT]}, host)
    assert res['failed'] is True
    assert res['msg'] == message
    assert host.operations == ['probe']
    assert host.state == before
    assert res['changed'] is False
    assert_no_secret([SELECT], res)


@pytest.mark.parametrize('packs, message', [
    ([{'program': 'select', 'agreement_number': '12345', 'product_version': '2022', 'cal_type': 'per_user',
       'quantity': 5}],
     'win_rdlicense_cals: packs[0]: agreement_number must be 7 digits (hyphens and lower case are accepted), got 5 '
     'characters'),
    ([{'program': 'retail', 'license_code': RETAIL, 'agreement_number': '1234567'}],
     'win_rdlicense_cals: packs[0]: agreement_number cannot be used with program=retail (it takes license_code)'),
    ([dict(SELECT, quantity=0)], "win_rdlicense_cals: packs[0] 'hq': quantity must be between 1 and 9999, got 0"),
    ([dict(SELECT, product_version='2030')], 'value of product_version must be one of: 2008, 2008R2, 2012, 2016, 2019, '
                                             '2022, 2025, got: 2030 found in packs'),
    ([dict(SELECT, cal_type='per_cpu')], 'value of cal_type must be one of: per_user, per_device, got: per_cpu found in '
                                         'packs'),
    ([{'program': 'bartering'}], 'value of program must be one of: retail, open_license, select, enterprise_agreement, '
                                 'campus, school, spla, other_agreement, license_key_pack_id, got: bartering found in '
                                 'packs'),
    ([{'agreement_number': '1234567'}], 'missing required arguments: program found in packs'),
])
def test_bad_arguments_fail_before_any_remote_call(packs, message):
    host = FakeHost(profile=ACTIVATED)
    res = run_action(CALS, {'packs': packs}, host)
    assert res['failed'] is True
    assert message in res['msg']
    assert host.calls == []
    assert_no_secret(packs, res)


def test_unquoted_yaml_versions_are_accepted():
    host = FakeHost(profile=ACTIVATED)
    res = run_action(CALS, {'packs': [dict(SELECT, product_version=2022)]}, host)
    assert not res.get('failed'), res
    assert res['packs'][0]['product_version'] == '2022'


def test_version_override_reaches_the_host():
    host = FakeHost(profile={'os': '2025', 'activated': True})
    pack = dict(SELECT, product_version='2025')
    res = run_action(CALS, {'packs': [pack]}, host, check_mode=True)
    assert any('assumes 8' in w for w in res['warnings'])
    run_action(CALS, {'packs': [pack], 'product_version_ids': {'2025': 8}}, host)
    assert host.calls[-1]['args']['_steps'][1]['product_version'] == 8
    assert purchased(host)[0]['ProductVersionID'] == 8


def test_connection_lost_during_apply_is_a_clear_failure():
    host = FakeHost(profile=ACTIVATED, faults=['connection_drop'])
    res = run_action(CALS, {'packs': [SELECT]}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_cals: the connection to the host was lost while applying init_records, '
                                 'install_agreement_pack')
    assert purchased(host) == []


def test_secrets_travel_only_in_the_steps():
    host = FakeHost(profile=ACTIVATED)
    packs = [SELECT, OPEN, RETAIL_PACK]
    res = run_action(CALS, {'packs': packs}, host, diff=True)
    steps = json.dumps(host.calls[1]['args']['_steps'])
    assert '1234567' in steps and RETAIL in steps and 'ABCDEFGHIJ12345' in steps  # normalised, so the test can fail
    assert_no_secret(packs, res, host.state)


def test_shared_runners_honour_continue_on_failure():
    model = sim_model.LicenseServerModel(sim_model.new_state('lic01', {'activated': True}))
    adopted = {'name': 'e' * 64, 'program': 'select', 'product_version': '2022', 'cal_type': 'per_user', 'quantity': 1}
    steps = [{'type': 'remove_pack', 'key_pack_id': 99, 'record': 'f' * 64, 'continue_on_failure': True},
             {'type': 'adopt_pack', 'key_pack_id': 98, 'record': adopted},
             {'type': 'init_records', 'salt': 'ab' * 32}]
    res = sim_hands.run_collection_module(CALS, {'_operation': 'apply', '_steps': steps}, model, False)
    # remove_pack of a missing pack is ok; adopt_pack of a missing pack fails and stops the runner (no flag)
    assert [o['status'] for o in res['steps']] == ['ok', 'failed']
    steps[1]['continue_on_failure'] = True
    res = sim_hands.run_collection_module(CALS, {'_operation': 'apply', '_steps': steps}, model, False)
    assert [o['status'] for o in res['steps']] == ['ok', 'failed', 'changed']

    root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
    with open(os.path.join(root, 'plugins', 'module_utils', '_RDLicensing.psm1'), encoding='utf-8') as f:
        psm1 = f.read()
    assert "if ($outcome.status -eq 'failed' -and -not $step.continue_on_failure) {" in psm1
    # the handlers of win_rdlicense_cals (and win_rdlicense_server) are in their module util
    with open(os.path.join(root, 'plugins', 'module_utils', '_RDLicensingCals.psm1'), encoding='utf-8') as f:
        ps1 = f.read()
    # every step that touches the records runs under the machine-wide lock, installs re-check the record first
    table = ps1[ps1.index('Function Get-RDLicensingCalsHandler'):]
    handlers = re.split(r'^        (\w+) = @\{\n', table[table.index('    @{\n'):], flags=re.MULTILINE)[1:]
    bodies = dict(zip(handlers[::2], handlers[1::2]))
    assert set(bodies) == set(contract.step_types(CALS))
    for name, body in bodies.items():
        assert 'Invoke-WithRecordLock' in body or 'Invoke-KeyPackInstall' in body, name
    install = ps1[ps1.index('Function Invoke-KeyPackInstall'):ps1.index('Function Get-RDLicensingCalsHandler')]
    assert install.index('Get-RecordedKeyPackId') < install.index('Invoke-RDLicensingCimMethod') \
        < install.index('Set-Record')
    assert "'S-1-5-32-544', 'S-1-5-18'" in ps1 and 'SetAccessRuleProtection($true, $false)' in ps1


def test_a_refusal_after_the_probe_returns_the_packs_it_read():
    host = FakeHost(profile={'os': '2019', 'activated': True, 'key_packs': [
        {'product_version': '2019', 'cal_type': 'per_user', 'quantity': 10, 'issued': 2}]})
    res = run_action(CALS, {'packs': [SELECT]}, host)
    assert res['failed'] is True
    assert [i['key_pack_id'] for i in res['key_packs']] == [2]
    assert res['totals'] == {'2019': {'per_user': {'total': 10, 'issued': 2, 'available': 8}}}
