# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_configuration action plugin end to end against an in-process simulated host."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

CONF = 'win_rdlicense_configuration'
DOMAIN = {'activated': True, 'domain': 'corp.example'}
ADMINS = dict(DOMAIN, directory_rights=['domain_admin', 'enterprise_admin'])
ALL = {'ad_group_member': True, 'published': True, 'scp_registered': True, 'discovery_scope': 'forest'}


def test_registers_the_server_in_ad_then_one_execution_on_rerun():
    host = FakeHost('lic01', ADMINS)
    res = run_action(CONF, ALL, host, diff=True)
    assert not res.get('failed'), res
    assert res['changed'] is True
    assert host.operations == ['probe', 'apply']
    done = ('add_to_tsls_group', 'publish', 'register_scp', 'set_discovery_scope')
    assert [s['type'] for s in host.calls[1]['args']['_steps']] == list(done)
    assert res['steps'] == [{'type': t, 'status': 'changed'} for t in done]
    assert res['configuration'] == {'domain_joined': True, 'domain': 'corp.example', 'discovery_scope': 'forest',
                                    'ad_group_member': True, 'published': True, 'scp_registered': True,
                                    'on_domain_controller': False, 'security_group_policy': False,
                                    'endpoint_servers': []}
    assert res['diff']['before'] == {'discovery_scope': 'workgroup', 'ad_group_member': False, 'published': False,
                                     'scp_registered': False, 'endpoint_servers': []}
    assert host.model.in_tsls_group() is True
    host.calls.clear()
    again = run_action(CONF, ALL, host)
    assert again['changed'] is False and again['steps'] == []
    assert host.operations == ['probe']


def test_check_mode_predicts_and_changes_nothing():
    host = FakeHost('lic01', ADMINS)
    before = copy.deepcopy(host.state)
    res = run_action(CONF, ALL, host, check_mode=True, diff=True)
    assert res['changed'] is True and host.operations == ['probe']
    assert host.state == before
    assert res['diff']['after'] == {'discovery_scope': 'forest', 'ad_group_member': True, 'published': True,
                                    'scp_registered': True, 'endpoint_servers': []}
    assert {s['status'] for s in res['steps']} == {'check_mode'}
    applied = run_action(CONF, ALL, FakeHost('lic01', ADMINS), diff=True)
    assert applied['diff']['after'] == res['diff']['after']


def test_omitted_options_are_left_alone_and_no_option_only_reads():
    host = FakeHost('lic01', dict(ADMINS, tsls_group=True, published=True))
    res = run_action(CONF, {'scp_registered': True}, host)
    assert [s['type'] for s in host.calls[1]['args']['_steps']] == ['register_scp']
    host.calls.clear()
    res = run_action(CONF, {}, host)
    assert res['changed'] is False and host.operations == ['probe']
    assert res['configuration']['published'] is True


def test_removal_steps():
    host = FakeHost('lic01', dict(ADMINS, tsls_group=True, published=True, scp_registered=True,
                                  discovery_scope='domain'))
    res = run_action(CONF, {'ad_group_member': False, 'published': False, 'scp_registered': False,
                            'discovery_scope': 'workgroup'}, host)
    assert [s['type'] for s in res['steps']] == ['remove_from_tsls_group', 'unpublish', 'unregister_scp',
                                                 'set_discovery_scope']
    assert host.model.in_tsls_group() is False


def test_workgroup_refusal_names_the_options_before_anything_is_sent():
    host = FakeHost('lic01', {'activated': True})
    res = run_action(CONF, dict(ALL, endpoint_servers=['RDSH01']), host)
    assert res['failed'] is True
    assert host.operations == ['probe']
    assert res['msg'] == (
        'win_rdlicense_configuration: LIC01 is not a member of a domain (Win32_ComputerSystem.PartOfDomain is false, '
        'workgroup WORKGROUP), so nothing is changed: discovery_scope=forest, ad_group_member=true, published=true, '
        'scp_registered=true, endpoint_servers (computer accounts exist in a domain only) need a domain. Join the '
        'server to a domain first, or leave them out')
    assert res['configuration']['domain_joined'] is False
    ok = run_action(CONF, {'ad_group_member': False, 'discovery_scope': 'workgroup'}, FakeHost('lic01', {'activated': True}))
    assert not ok.get('failed') and ok['changed'] is False


@pytest.mark.parametrize('rights, options, group, method', [
    ([], {'ad_group_member': True}, 'Domain Admins', 'AddLStoTSLSGroup'),
    (['domain_admin'], {'published': True}, 'Enterprise Admins', 'PublishLS'),
])
def test_missing_rights_fail_naming_the_group(rights, options, group, method):
    host = FakeHost('lic01', dict(DOMAIN, directory_rights=rights))
    res = run_action(CONF, options, host)
    assert res['failed'] is True and host.operations == ['probe', 'apply']
    assert res['msg'].startswith('win_rdlicense_configuration: ')
    assert '%s failed: ' % method in res['msg']
    assert 'WBEM_E_ACCESS_DENIED (0x80041003)' in res['msg']
    # the catalogue's words for the code speak of a local administrator: not in a refusal by the domain controller
    assert 'local administrator)' not in res['msg'] and 'not a local administrator' not in res['msg']
    assert 'needs a member of %s' % group in res['msg']
    assert 'become_user: a member of %s)' % group in res['msg']
    assert 'become_method: runas' in res['msg']
    assert res['steps'] == [{'type': host.calls[1]['args']['_steps'][0]['type'], 'status': 'failed'}]


def test_discovery_scope_domain_needs_a_domain_admin():
    res = run_action(CONF, {'discovery_scope': 'domain'}, FakeHost('lic01', DOMAIN))
    assert res['failed'] is True
    assert 'setting the discovery scope needs a member of Domain Admins.' in res['msg']
    assert 'become_user: a member of Domain Admins)' in res['msg']
    forest = run_action(CONF, {'discovery_scope': 'forest'}, FakeHost('lic01', dict(DOMAIN, directory_rights=['domain_admin'])))
    assert 'setting the discovery scope needs a member of Enterprise Admins.' in forest['msg']


def test_the_access_denied_fault_refuses_the_service_connection_point_too():
    host = FakeHost('lic01', ADMINS, faults=['directory_access_denied'])
    res = run_action(CONF, {'scp_registered': True}, host)
    assert res['failed'] is True and res['configuration']['scp_registered'] is False
    assert 'RegisterLSToSCP failed: ' in res['msg'] and 'WBEM_E_ACCESS_DENIED (0x80041003)' in res['msg']
    assert 'names no AD group' in res['msg'] and 'become_method: runas' in res['msg']


def test_domain_controller_unreachable_fails_before_any_change():
    host = FakeHost('lic01', ADMINS, faults=['domain_controller_unreachable'])
    res = run_action(CONF, {'ad_group_member': True}, host)
    assert res['failed'] is True and host.operations == ['probe']
    assert res['msg'] == (
        'win_rdlicense_configuration: nothing is changed on LIC01 while what it holds is unknown: ad_group_member '
        'could not be read (Win32_TSLicenseServer.IsLSinTSLSGroup failed: WBEM_E_NOT_AVAILABLE (0x80041009: a '
        'resource, typically a remote server, is not available): no domain controller of corp.example could be '
        'reached from LIC01; IsLSinTSLSGroup: no domain controller of corp.example could be contacted)')
    # left out, it is reported as null
    read = run_action(CONF, {'endpoint_servers': []}, FakeHost('lic01', ADMINS, faults=['domain_controller_unreachable']))
    assert not read.get('failed') and read['configuration']['ad_group_member'] is None


def test_endpoint_servers_are_added_by_computer_account_and_purged_on_request():
    host = FakeHost('lic01', dict(ADMINS, license_server_security_group=True, terminal_server_computers=['OLD01']))
    res = run_action(CONF, {'endpoint_servers': ['rdsh01', 'CORP\\RDSH02$']}, host)
    assert not res.get('failed'), res
    assert host.calls[1]['args']['_steps'] == [{'type': 'add_endpoint_servers', 'members': ['CORP\\RDSH01$', 'CORP\\RDSH02$']}]
    assert res['configuration']['endpoint_servers'] == ['CORP\\OLD01$', 'CORP\\RDSH01$', 'CORP\\RDSH02$']
    assert 'warnings' not in res
    host.calls.clear()
    res = run_action(CONF, {'endpoint_servers': ['RDSH01', 'rdsh02'], 'endpoint_servers_purge': True}, host)
    assert host.calls[1]['args']['_steps'] == [{'type': 'remove_endpoint_servers', 'members': ['CORP\\OLD01$']}]
    host.calls.clear()
    res = run_action(CONF, {'endpoint_servers': ['RDSH01', 'rdsh02'], 'endpoint_servers_purge': True}, host)
    assert res['changed'] is False and host.operations == ['probe']


def test_check_mode_predicts_the_members_the_apply_reads_back():
    profile = dict(ADMINS, license_server_security_group=True, terminal_server_computers=['OLD01'])
    options = {'endpoint_servers': ['rdsh01', 'RDSH02$'], 'endpoint_servers_purge': True}
    checked = run_action(CONF, options, FakeHost('lic01', profile), check_mode=True, diff=True)
    applied = run_action(CONF, options, FakeHost('lic01', profile), diff=True)
    assert checked['configuration'] == applied['configuration']
    assert checked['diff'] == applied['diff']
    assert applied['configuration']['endpoint_servers'] == ['CORP\\RDSH01$', 'CORP\\RDSH02$']


ORPHAN = 'S-1-5-21-1004336348-1177238915-682003330-1105'


def test_an_orphaned_sid_is_reported_kept_with_a_warning_and_purged_by_its_sid():
    profile = dict(ADMINS, license_server_security_group=True, terminal_server_computers=['RDSH01'],
                   orphaned_endpoint_sids=[ORPHAN])
    host = FakeHost('lic01', profile)
    res = run_action(CONF, {'endpoint_servers': ['RDSH01']}, host)
    assert not res.get('failed'), res
    assert res['changed'] is False and host.operations == ['probe']
    assert res['configuration']['endpoint_servers'] == ['CORP\\RDSH01$', ORPHAN]
    assert res['warnings'] == [
        'win_rdlicense_configuration: the local group RDS Endpoint Servers on LIC01 holds 1 SID that no account '
        'answers to (deleted computer accounts?): %s. They are reported by SID; endpoint_servers_purge: true removes '
        'them' % ORPHAN]
    options = {'endpoint_servers': ['RDSH01', 'RDSH02'], 'endpoint_servers_purge': True}
    checked = run_action(CONF, options, FakeHost('lic01', profile), check_mode=True, diff=True)
    host.calls.clear()
    res = run_action(CONF, options, host, diff=True)
    assert not res.get('failed'), res
    assert host.calls[1]['args']['_steps'] == [{'type': 'add_endpoint_servers', 'members': ['CORP\\RDSH02$']},
                                               {'type': 'remove_endpoint_servers', 'members': [ORPHAN]}]
    assert res['configuration']['endpoint_servers'] == ['CORP\\RDSH01$', 'CORP\\RDSH02$']
    assert res['diff'] == checked['diff'] and 'warnings' not in res
    assert res['diff']['before']['endpoint_servers'] == ['CORP\\RDSH01$', ORPHAN]
    host.calls.clear()
    again = run_action(CONF, options, host)
    assert again['changed'] is False and host.operations == ['probe']


def test_before_windows_server_2016_the_group_is_read_and_a_change_fails_before_anything_is_sent():
    profile = dict(ADMINS, os='2012R2', license_server_security_group=True, terminal_server_computers=['RDSH01'])
    host = FakeHost('lic01', profile)
    res = run_action(CONF, {'endpoint_servers': ['RDSH01']}, host)
    assert not res.get('failed'), res
    assert res['configuration']['endpoint_servers'] == ['CORP\\RDSH01$']
    before = copy.deepcopy(host.state)
    host.calls.clear()
    res = run_action(CONF, {'endpoint_servers': ['RDSH01'], 'endpoint_servers_purge': True}, host)
    assert res['changed'] is False and res['steps'] == []  # nothing to do: no failure
    host.calls.clear()
    res = run_action(CONF, {'endpoint_servers': ['RDSH02'], 'published': True}, host)
    assert res['failed'] is True and host.operations == ['probe']
    assert 'endpoint_servers needs Windows Server 2016 or later' in res['msg']
    assert host.state == before


def test_endpoint_servers_warn_while_the_policy_is_off():
    res = run_action(CONF, {'endpoint_servers': ['RDSH01']}, FakeHost('lic01', ADMINS))
    assert res['changed'] is True
    assert res['warnings'] == [
        "win_rdlicense_configuration: endpoint_servers are given, and the policy 'License server security group' is "
        'off on LIC01 (IsLSSecGrpGPEnabled is false): the license server gives CALs to every session host, and the '
        'group RDS Endpoint Servers has no effect until the policy is on']


def test_session_host_connectivity_follows_the_group():
    from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model_directory
    host = FakeHost('lic01', dict(ADMINS, license_server_security_group=True))
    run_action(CONF, {'endpoint_servers': ['RDSH01']}, host)
    assert model_directory.endpoint_member_names(host.state['license_server']) == {'RDSH01'}


@pytest.mark.parametrize('args, msg', [
    ({'ad_group_member': 1}, 'ad_group_member'),
    ({'published': 'maybe'}, 'published'),
    ({'endpoint_servers': 'RDSH01'}, 'endpoint_servers'),
    ({'endpoint_servers': [1]}, 'endpoint_servers'),
    ({'discovery_scope': 'galaxy'}, 'discovery_scope'),
    ({'endpoint_servers': ['rdsh01.corp.example']}, 'endpoint_servers[0] must be a computer name'),
    ({'endpoint_servers': ['RDSH\u041e1']}, 'endpoint_servers[0] must be'),
    ({'endpoint_servers': ['RDSH01', 'corp\\rdsh01$']}, 'names the computer RDSH01 twice'),
    ({'endpoint_servers_purge': True}, 'endpoint_servers_purge needs endpoint_servers'),
])
def test_bad_input_fails_before_anything_is_sent(args, msg):
    host = FakeHost('lic01', ADMINS)
    res = run_action(CONF, args, host)
    assert res['failed'] is True, res
    assert msg in res['msg']
    assert host.calls == []


def test_not_an_administrator():
    host = FakeHost('lic01', ADMINS, faults=['not_admin'])
    res = run_action(CONF, {'ad_group_member': True}, host)
    assert res['failed'] is True and host.operations == ['probe']
    assert 'not a member of the local Administrators group on LIC01' in res['msg']


def test_role_not_installed():
    host = FakeHost('lic01', {'domain': 'corp.example'})
    res = run_action(CONF, {'ad_group_member': True}, host)
    assert res['failed'] is True and host.operations == ['probe']
    assert 'Win32_TSLicenseServer does not answer on LIC01' in res['msg']
