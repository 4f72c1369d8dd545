# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The planner of win_rdlicense_session_host: validation messages, plan, predict, shape, and the simulated hands."""

from __future__ import annotations

import copy
import datetime

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _session_host as sh
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, RDLicenseError
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands, model

ENV = Env(now=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc), random_bytes=bytes)
M = 'win_rdlicense_session_host'


def want(mode='per_user', servers=('lic01',), broker=None):
    return sh.validate({'licensing_mode': mode, 'license_servers': list(servers), 'connection_broker': broker}, ENV)


def probe(profile=None, faults=(), peers=None):
    """The probe of a simulated host (a fresh session host unless the profile says otherwise)."""
    state = model.new_state('rdsh01', dict({'session_host': True, 'domain': 'corp.example'}, **(profile or {})))
    result = hands.run_collection_module(M, {'_operation': 'probe'}, model.LicenseServerModel(state, faults, peers),
                                         check_mode=True)
    contract.check_probe(M, result['state'])
    return result['state']


@pytest.mark.parametrize('servers, message', [
    ([''], 'license_servers[0] is empty: give a NetBIOS name, a DNS host name or an IPv4 address'),
    ([None], 'license_servers[0] is empty: give a NetBIOS name, a DNS host name or an IPv4 address'),
    (['lic01', 'l\u0456c01'], "license_servers[1] must be a NetBIOS name, a DNS host name or an IPv4 address in ASCII, "
                              "and it contains '\u0456' (U+0456), which is not an ASCII letter or digit"),
    (['lic01; Remove-Item C:\\'], 'license_servers[0] must be a NetBIOS name, a DNS host name or an IPv4 address '
                                  "(letters, digits and hyphens, labels separated by dots), and it contains ';'"),
    (['lic\t01'], 'license_servers[0] must be a NetBIOS name, a DNS host name or an IPv4 address (letters, digits '
                  'and hyphens, labels separated by dots), and it contains U+0009'),
    (['$(whoami)'], 'license_servers[0] must be a NetBIOS name, a DNS host name or an IPv4 address (letters, digits '
                    "and hyphens, labels separated by dots), and it contains '$'"),
    (['10.0.0.256'], 'license_servers[0] looks like an IPv4 address and is not one (four numbers from 0 to 255 '
                     'separated by dots)'),
    (['10.0.1'], 'license_servers[0] looks like an IPv4 address and is not one (four numbers from 0 to 255 '
                 'separated by dots)'),
    (['-lic01'], 'license_servers[0] must be a NetBIOS name, a DNS host name or an IPv4 address: each dot-separated '
                 'label 1 to 63 letters, digits and hyphens, not beginning or ending with a hyphen, 253 characters in '
                 'all at most'),
    (['lic01..contoso.com'], 'license_servers[0] must be a NetBIOS name, a DNS host name or an IPv4 address: each '
                             'dot-separated label 1 to 63 letters, digits and hyphens, not beginning or ending with a '
                             'hyphen, 253 characters in all at most'),
    (['licenseserver0001'], 'license_servers[0] has 17 characters: a NetBIOS name has 15 at most (give the DNS name '
                            'instead)'),
    (['lic01', 'LIC01'], 'license_servers lists LIC01 twice (items 0 and 1): each server once, in the order the host '
                         'contacts them'),
])
def test_bad_server_names_are_refused_naming_the_option(servers, message):
    with pytest.raises(RDLicenseError) as err:
        want(servers=servers)
    assert str(err.value) == '%s: %s' % (M, message)


def test_names_that_are_accepted_stripped():
    got = want(servers=[' lic01 ', 'lic02.corp.example', '192.0.2.10', 'LS-3'])
    assert got['license_servers'] == ['lic01', 'lic02.corp.example', '192.0.2.10', 'LS-3']
    assert got['licensing_type'] == cat.LICENSING_TYPES['per_user'] == 4
    assert want(mode='per_device')['licensing_type'] == 2
    assert want(servers=[])['license_servers'] == []


def test_missing_required_options_and_a_bad_broker():
    with pytest.raises(RDLicenseError) as err:
        sh.validate({'licensing_mode': None, 'license_servers': None, 'connection_broker': None}, ENV)
    assert str(err.value) == '%s: missing required arguments: licensing_mode, license_servers' % M
    with pytest.raises(RDLicenseError) as err:
        want(broker='rdcb 01')
    assert str(err.value).startswith("%s: connection_broker must be a NetBIOS name" % M)
    with pytest.raises(RDLicenseError) as err:
        sh.license_server_list('lic01')
    assert str(err.value) == '%s: license_servers must be a list of names' % M


def test_fresh_session_host_plan_predict_shape():
    state = probe()
    wanted = want(servers=['lic01', 'lic02'])
    sh.preflight(wanted, state)
    plan = sh.plan(wanted, state, ENV)
    assert plan.steps == [{'type': 'set_licensing_mode', 'licensing_type': 4},
                          {'type': 'set_license_servers', 'servers': ['lic01', 'lic02']}]
    for step in plan.steps:
        contract.check_step(M, step)
    after = sh.predict(wanted, state, plan)
    assert sh.describe(state, plan) == {'licensing_mode': 'not_configured', 'license_servers': []}
    assert sh.describe(after, plan) == {'licensing_mode': 'per_user', 'license_servers': ['lic01', 'lic02']}
    got = sh.shape(wanted, plan, state, after, [])
    assert got['connectivity'] == [
        {'server': 'lic01', 'code': 0, 'status': 'unknown', 'usable': False, 'error': None},
        {'server': 'lic02', 'code': 0, 'status': 'unknown', 'usable': False, 'error': None}]
    assert got['grace_period_days'] == 120 and got['cal_version'] == '2022' and got['domain_joined'] is True
    assert got['policy_note'] is None and got['deployment'] is None
    assert set(sh.empty_report()) <= set(got)


def test_converged_host_has_no_step_and_names_compare_without_case():
    state = probe({'licensing_mode': 'per_user', 'license_servers': ['LIC01']})
    assert sh.plan(want(servers=['lic01']), state, ENV).steps == []
    assert sh.plan(want(servers=['lic02', 'lic01']), probe({'license_servers': ['lic01', 'lic02'],
                                                            'licensing_mode': 'per_user'}), ENV).steps == [
        {'type': 'set_license_servers', 'servers': ['lic02', 'lic01']}]


def test_warnings_empty_list_and_workgroup_per_user():
    state = probe({'domain': 'WORKGROUP'})
    warnings = sh.plan(want(servers=[]), state, ENV).warnings
    assert warnings[0].startswith('%s: license_servers is empty, so RDSH01 is given no license server' % M)
    assert warnings[1] == ('%s: RDSH01 is not joined to a domain (Win32_ComputerSystem.PartOfDomain is false): '
                           'per-user CALs are tracked in Active Directory, so a workgroup session host needs '
                           'licensing_mode=per_device' % M)


def test_policy_conflict_fails_naming_the_policy_and_match_is_noted():
    state = probe({'group_policy': {'licensing_mode': 'per_device', 'license_servers': ['lic01', 'lic02']}})
    with pytest.raises(RDLicenseError) as err:
        sh.preflight(want(), state)
    assert str(err.value) == (
        "%s: Group Policy sets the licensing mode of RDSH01 to per_device (policy 'Set the Remote Desktop licensing "
        "mode', HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services LicensingMode = 2), and the task "
        "declares per_user. The policy wins over the host's own settings, so nothing is changed: change the policy, or "
        'declare what it sets' % M)
    assert err.value.details['licensing_mode'] == 'per_device'
    with pytest.raises(RDLicenseError) as err:
        sh.preflight(want(mode='per_device', servers=['lic02', 'lic01']), state)
    assert str(err.value) == (
        "%s: Group Policy sets the license servers of RDSH01 to lic01, lic02 (policy 'Use the specified Remote Desktop "
        "license servers', HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services LicenseServers = "
        "'lic01,lic02'), and the task declares lic02, lic01. The policy wins over the host's own settings, so nothing "
        'is changed: change the policy, or declare what it sets' % M)
    matching = want(mode='per_device', servers=['LIC01', 'lic02'])
    sh.preflight(matching, state)
    plan = sh.plan(matching, state, ENV)
    assert plan.steps == [] and plan.warnings == []
    assert plan.policy_note == ("Group Policy sets the licensing mode (per_device, policy 'Set the Remote Desktop "
                                "licensing mode') and the license servers (LIC01, lic02, policy 'Use the specified "
                                "Remote Desktop license servers') on RDSH01 as declared; what it sets is left to it")
    got = sh.shape(matching, plan, state, state, [])
    assert got['policy'] == {'licensing_mode': {'source': 'group_policy', 'value': 'per_device', 'code': 2},
                             'license_servers': {'source': 'group_policy', 'value': ['lic01', 'lic02']}}


def test_policy_of_the_mode_only_leaves_the_servers_to_the_host():
    state = probe({'group_policy': {'licensing_mode': 'per_user'}})
    assert sh.plan(want(), state, ENV).steps == [{'type': 'set_license_servers', 'servers': ['lic01']}]


def test_refusals_not_admin_no_role_service():
    with pytest.raises(RDLicenseError) as err:
        sh.preflight(want(), probe(faults=['not_admin']))
    assert str(err.value) == (
        '%s: the connecting account is not a member of the local Administrators group on RDSH01, so the RD Session '
        'Host licensing settings (Win32_TerminalServiceSetting) can neither be read nor changed; connect as an '
        'administrator or use become with become_method=runas' % M)
    with pytest.raises(RDLicenseError) as err:
        sh.preflight(want(), probe({'session_host': False}))
    assert str(err.value) == (
        '%s: RDSH01 is not an RD Session Host: the role service RDS-RD-Server is not installed (InstallState='
        'Available). Install it first (for example with ansible.windows.win_feature, name: RDS-RD-Server) and '
        'restart the host, or use connection_broker to configure the deployment on its RD Connection Broker' % M)


def test_broker_path():
    state = probe({'session_host': False, 'connection_broker': True})
    wanted = want(servers=['lic01'], broker='rdsh01.corp.example')
    sh.preflight(wanted, state)
    plan = sh.plan(wanted, state, ENV)
    assert plan.steps == [{'type': 'set_deployment_licensing', 'licensing_type': 4, 'license_servers': ['lic01']}]
    after = sh.predict(wanted, state, plan)
    got = sh.shape(wanted, plan, state, after, [])
    assert got['deployment'] == {'connection_broker': 'rdsh01.corp.example', 'use_central_licensing_settings': True,
                                 'licensing_mode': 'per_user', 'license_servers': ['lic01']}
    assert got['licensing_mode'] == 'per_user'
    with pytest.raises(RDLicenseError) as err:
        sh.preflight(want(broker='rdcb01'), state)
    assert str(err.value).startswith('%s: connection_broker is rdcb01, and the task runs on RDSH01' % M)
    with pytest.raises(RDLicenseError) as err:
        sh.preflight(want(broker='rdsh01'), probe())
    assert str(err.value).startswith('%s: RDSH01 is not the RD Connection Broker of a deployment: '
                                     'Win32_TSDeploymentLicensing (root/cimv2/TerminalServices) does not answer '
                                     '[WBEM_E_INVALID_CLASS' % M)


def _license_server(**profile):
    return model.new_state('lic01', dict({'activated': True}, **profile))


@pytest.mark.parametrize('peer, code', [
    (None, 6),
    (model.new_state('lic01', {}), 6),
    (model.new_state('lic01', {'role_installed': True}), 7),
    (_license_server(), 11),
    (_license_server(os='2019'), 4),
    (_license_server(license_server_security_group=True), 5),
    (_license_server(license_server_security_group=True, terminal_server_computers=['rdsh01.corp.example']), 11),
])
def test_connectivity_is_answered_from_the_license_server_state(peer, code):
    state = probe({'license_servers': ['lic01']}, peers=lambda name: peer if name == 'lic01' else None)
    assert state['session_host']['connectivity'] == [{'server': 'lic01', 'code': code, 'error_code': None}]
    assert sh.connectivity(state['session_host']['connectivity'][0])['usable'] is (code in (1, 2, 9, 11))


def test_simulated_steps_apply_and_group_policy_refuses_them():
    state = model.new_state('rdsh01', {'session_host': True})
    sim = model.LicenseServerModel(state)
    steps = [{'type': 'set_licensing_mode', 'licensing_type': 2}, {'type': 'set_license_servers', 'servers': ['a']}]
    result = hands.run_collection_module(M, {'_operation': 'apply', '_steps': steps}, sim, check_mode=False)
    assert [o['status'] for o in result['steps']] == ['changed', 'changed']
    assert sh.describe(result['state']) == {'licensing_mode': 'per_device', 'license_servers': ['a']}
    gp = model.new_state('rdsh01', {'session_host': True, 'group_policy': {'licensing_mode': 'per_user'}})
    before = copy.deepcopy(gp)
    result = hands.run_collection_module(M, {'_operation': 'apply', '_steps': steps[:1]},
                                         model.LicenseServerModel(gp), check_mode=False)
    assert result['steps'][0]['error']['code'] == cat.WBEM_CODES['WBEM_E_INVALID_OPERATION']
    assert gp == before
    message = sh.explain(want(), sh.SessionHostPlan(), result['steps'])
    assert message == ('%s: setting the licensing mode (Win32_TerminalServiceSetting.ChangeMode) failed: ChangeMode '
                       'failed: the licensing mode is set by Group Policy [WBEM_E_INVALID_OPERATION (0x80041016: the '
                       'operation is not valid (for example a property overridden by Group Policy))]; the setting is '
                       'probably set by Group Policy (HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal '
                       'Services): change it there, or remove the policy' % M)


def test_unsettled_when_the_host_reads_back_something_else():
    state = probe()
    assert sh.unsettled(want(), sh.SessionHostPlan(), [], state).startswith(
        '%s: the steps returned without an error, but RDSH01 now reads licensing mode not_configured' % M)
    assert sh.unsettled(want(servers=[]), sh.SessionHostPlan(), [],
                        probe({'licensing_mode': 'per_user'})) is None


def test_a_profile_typo_is_refused():
    with pytest.raises(ValueError, match='unknown rdlicensing_sim_profile keys: session_hosts'):
        model.new_state('x', {'session_hosts': True})
    with pytest.raises(ValueError, match='licensing_mode need session_host: true'):
        model.new_state('x', {'licensing_mode': 'per_user'})
