# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_role action plugin end to end against an in-process simulated host."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

ROLE = 'win_rdlicense_role'


def test_fresh_server_installs_role_tools_and_configures_service():
    host = FakeHost()
    res = run_action(ROLE, {}, host)
    assert res['changed'] is True
    assert not res.get('failed'), res
    assert host.operations == ['probe', 'apply']
    steps = host.calls[1]['args']['_steps']
    assert steps[0] == {'type': 'install_features', 'names': ['RDS-Licensing', 'RDS-Licensing-UI'], 'source': None}
    assert [s['type'] for s in steps[1:]] == ['set_service_startup', 'start_service']
    assert {f['name']: f['install_state'] for f in res['features']} == {'RDS-Licensing': 'Installed',
                                                                        'RDS-Licensing-UI': 'Installed'}
    assert res['service'] == {'name': 'TermServLicensing', 'exists': True, 'start_mode': 'automatic',
                              'state': 'started'}
    assert res['reboot_required'] is False


def test_rerun_is_one_probe_and_no_change():
    host = FakeHost()
    run_action(ROLE, {}, host)
    host.calls.clear()
    res = run_action(ROLE, {}, host)
    assert res['changed'] is False
    assert host.operations == ['probe']


def test_check_mode_predicts_and_changes_nothing():
    host = FakeHost()
    before = copy.deepcopy(host.state)
    res = run_action(ROLE, {}, host, check_mode=True, diff=True)
    assert res['changed'] is True
    assert host.operations == ['probe']
    assert host.state == before
    assert res['diff']['before'] == {'features': {'RDS-Licensing': 'Available', 'RDS-Licensing-UI': 'Available'},
                                     'service': None}
    assert res['diff']['after'] == {'features': {'RDS-Licensing': 'Installed', 'RDS-Licensing-UI': 'Installed'},
                                    'service': {'start_mode': 'automatic', 'state': 'started'}}


def test_service_drift_is_corrected_without_reinstalling():
    host = FakeHost(profile={'role_installed': True})
    host.state['service'] = {'start_mode': 'Manual', 'state': 'Stopped'}
    res = run_action(ROLE, {}, host, diff=True)
    assert res['changed'] is True
    assert [s['type'] for s in host.calls[1]['args']['_steps']] == ['set_service_startup', 'start_service']
    assert res['diff']['before']['service'] == {'start_mode': 'manual', 'state': 'stopped'}
    assert res['diff']['after']['service'] == {'start_mode': 'automatic', 'state': 'started'}


def test_reboot_required_is_reported_and_service_waits_for_the_restart():
    host = FakeHost(faults=['reboot_required'])
    res = run_action(ROLE, {}, host)
    assert res['changed'] is True
    assert res['reboot_required'] is True
    assert res['service']['exists'] is False
    assert {f['name']: f['install_state'] for f in res['features']}['RDS-Licensing'] == 'InstallPending'
    host.calls.clear()
    rerun = run_action(ROLE, {}, host)
    assert rerun['changed'] is False
    assert rerun['reboot_required'] is True
    assert host.operations == ['probe']
    assert any('not registered yet' in w for w in rerun['warnings'])
    host.model.reboot()
    host.calls.clear()
    after_reboot = run_action(ROLE, {}, host)
    assert after_reboot['reboot_required'] is False
    assert after_reboot['service']['state'] == 'started'


def test_server_core_skips_tools_with_a_warning():
    host = FakeHost(profile={'server_core': True})
    res = run_action(ROLE, {}, host)
    assert [f['name'] for f in res['features']] == ['RDS-Licensing']
    assert res['warnings'] == ['win_rdlicense_role: RDS-Licensing-UI does not exist on LIC01 (Server Core); the RD '
                               'Licensing Manager tools are skipped']


def test_absent_removes_role_and_tools():
    host = FakeHost(profile={'role_installed': True})
    res = run_action(ROLE, {'state': 'absent'}, host, diff=True)
    assert res['changed'] is True
    assert host.calls[1]['args']['_steps'] == [{'type': 'uninstall_features',
                                                'names': ['RDS-Licensing', 'RDS-Licensing-UI']}]
    assert res['service']['exists'] is False
    assert res['diff']['after'] == {'features': {'RDS-Licensing': 'Available', 'RDS-Licensing-UI': 'Available'},
                                    'service': None}


def test_absent_keeps_tools_when_asked():
    host = FakeHost(profile={'role_installed': True})
    run_action(ROLE, {'state': 'absent', 'include_management_tools': False}, host)
    assert host.calls[1]['args']['_steps'] == [{'type': 'uninstall_features', 'names': ['RDS-Licensing']}]


@pytest.mark.parametrize('profile, faults, message', [
    ({'os': 'windows11'}, [], 'win_rdlicense_role: Microsoft Windows 11 Enterprise is a client edition of Windows '
                              '(Win32_OperatingSystem.ProductType=1): the RD Licensing role can only be installed on '
                              'Windows Server'),
    ({}, ['not_admin'], 'win_rdlicense_role: the connecting account is not a member of the local Administrators group '
                        'on LIC01, so the features cannot be read or changed; connect as an administrator or use '
                        'become with become_method=runas'),
    ({'payload_removed': True}, [], 'win_rdlicense_role: the payload of RDS-Licensing has been removed from LIC01 '
                                    '(InstallState=Removed); set source to a folder holding the Windows side-by-side '
                                    'store (for example \\\\fileserver\\share\\sources\\sxs)'),
])
def test_preflight_failures_change_nothing(profile, faults, message):
    host = FakeHost(profile=profile, faults=faults)
    before = copy.deepcopy(host.state)
    res = run_action(ROLE, {}, host)
    assert res['failed'] is True
    assert res['msg'] == message
    assert host.operations == ['probe']
    assert host.state == before
    assert res['changed'] is False


def test_removed_payload_installs_from_source():
    host = FakeHost(profile={'payload_removed': True})
    res = run_action(ROLE, {'source': r'\\files\sxs'}, host)
    assert not res.get('failed'), res
    assert host.calls[1]['args']['_steps'][0]['source'] == r'\\files\sxs'


@pytest.mark.parametrize('args, message', [
    ({'state': 'bogus'}, 'value of state must be one of: present, absent, got: bogus'),
    ({'service_start_mode': 'disabled'}, 'service_state=started cannot be combined with service_start_mode=disabled'),
    ({'state': 'absent', 'service_state': 'stopped'}, 'service_state cannot be used with state=absent'),
    ({'unknown_option': 1}, 'unknown_option'),
])
def test_bad_arguments_fail_before_any_remote_call(args, message):
    host = FakeHost()
    res = run_action(ROLE, args, host)
    assert res['failed'] is True
    assert message in res['msg']
    assert host.calls == []


def test_group_policy_override_of_the_service_fails_clearly_and_reports_state():
    host = FakeHost(profile={'role_installed': True}, faults=['group_policy_override'])
    host.state['service']['start_mode'] = 'Manual'
    res = run_action(ROLE, {}, host)
    assert res['failed'] is True
    assert res['msg'].startswith("Set-Service failed: Service 'TermServLicensing' cannot be configured: its startup "
                                 'type is managed by Group Policy')
    assert res['service']['start_mode'] == 'manual'


def test_connection_lost_during_apply_is_a_clear_failure():
    host = FakeHost(faults=['connection_drop'])
    res = run_action(ROLE, {}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_role: the connection to the host was lost while applying '
                                 'install_features, set_service_startup, start_service')
    assert host.state['features']['RDS-Licensing'] == 'Available'
