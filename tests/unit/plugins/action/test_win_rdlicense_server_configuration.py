# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""win_rdlicense_server with O(configuration): the license server registered in AD in the same apply as its
activation, one remote execution once converged."""

from __future__ import annotations

import copy

from ansible_collections.remotedesktop.licensing.tests.unit.plugins.action.test_win_rdlicense_server import COMPANY
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

SERVER = 'win_rdlicense_server'
DOMAIN = {'domain': 'corp.example', 'directory_rights': ['domain_admin', 'enterprise_admin']}
CONFIGURATION = {'ad_group_member': True, 'scp_registered': True, 'discovery_scope': 'domain'}


def args(**configuration):
    return {'activation': {'company_information': dict(COMPANY)},
            'configuration': dict(CONFIGURATION, **configuration)}


def test_a_fresh_domain_server_is_registered_in_ad_with_its_activation_then_costs_one():
    host = FakeHost('lic01', DOMAIN)
    res = run_action(SERVER, args(), host, diff=True)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe', 'apply', 'apply']
    second = [s['type'] for s in host.calls[2]['args']['_steps']]
    assert second[-3:] == ['add_to_tsls_group', 'register_scp', 'set_discovery_scope']
    assert second.index('activate_automatic') < second.index('add_to_tsls_group')
    assert res['configuration']['changed'] is True and res['configuration']['skipped'] is None
    assert res['configuration']['configuration']['ad_group_member'] is True
    assert res['info']['configuration']['ad_group_member'] is True
    assert res['diff']['after']['configuration']['discovery_scope'] == 'domain'
    assert host.model.in_tsls_group() is True
    host.calls.clear()
    again = run_action(SERVER, args(), host)
    assert again['changed'] is False and host.operations == ['probe']
    assert again['configuration']['steps'] == []


def test_an_activated_server_takes_the_configuration_in_one_apply_after_the_activation():
    host = FakeHost('lic01', dict(DOMAIN, role_installed=True))
    res = run_action(SERVER, args(), host)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe', 'apply']
    types = [s['type'] for s in host.calls[1]['args']['_steps']]
    assert types.index('activate_automatic') < types.index('add_to_tsls_group')


def test_check_mode_on_a_fresh_server_predicts_the_configuration_in_one_execution():
    host = FakeHost('lic01', DOMAIN)
    before = copy.deepcopy(host.state)
    res = run_action(SERVER, args(), host, check_mode=True, diff=True)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe'] and host.state == before
    assert res['configuration']['predicted'] is True and res['configuration']['changed'] is True
    assert [s['type'] for s in res['configuration']['steps']] == ['add_to_tsls_group', 'register_scp',
                                                                  'set_discovery_scope']
    assert res['diff']['before']['configuration'] is None
    assert res['diff']['after']['configuration']['ad_group_member'] is True


def test_a_workgroup_server_refuses_before_any_change_in_the_words_of_the_part():
    host = FakeHost('lic01', {'activated': True})
    res = run_action(SERVER, args(), host)
    assert res['failed'] is True and host.operations == ['probe']
    assert res['msg'].startswith('win_rdlicense_server: configuration: LIC01 is not a member of a domain')


def test_missing_rights_fail_after_the_activation_naming_the_group():
    host = FakeHost('lic01', {'domain': 'corp.example', 'role_installed': True})
    res = run_action(SERVER, args(), host)
    assert res['failed'] is True and host.operations == ['probe', 'apply']
    assert res['activation']['activation_status'] == 'activated'
    assert res['msg'].startswith('win_rdlicense_server: configuration: adding the license server to the AD group')
    assert 'needs a member of Domain Admins' in res['msg']
    assert res['configuration']['steps'][0] == {'type': 'add_to_tsls_group', 'status': 'failed'}
    assert res['configuration']['steps'][1:] == [{'type': 'register_scp', 'status': 'skipped'},
                                                 {'type': 'set_discovery_scope', 'status': 'skipped'}]


def test_no_configuration_changes_nothing_of_it():
    host = FakeHost('lic01', dict(DOMAIN, activated=True, tsls_group=True))
    res = run_action(SERVER, {}, host)
    assert not res.get('failed'), res.get('msg')
    assert res['configuration']['changed'] is False and res['configuration']['steps'] == []
    assert res['configuration']['configuration']['ad_group_member'] is True
