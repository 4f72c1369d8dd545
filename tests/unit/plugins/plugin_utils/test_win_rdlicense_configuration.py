# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The planning of win_rdlicense_configuration: plain data in, plain data out."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _configuration as conf
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import RDLicenseError


def answer(value, code=None):
    return {'value': value, 'error_code': code, 'error_message': None if code is None else 'failed'}


def probe(**changes):
    state = {
        'computer_name': 'LIC01',
        'os': {'caption': 'Windows Server 2022', 'product_type': 3, 'version': '10.0.20348', 'build': 20348,
               'installation_type': 'Server'},
        'is_admin': True,
        'configuration': {
            'provider': {'available': True, 'error_code': None, 'error_message': None},
            'domain_joined': True, 'domain': 'corp.example', 'server_role': 0,
            'on_domain_controller': answer(False), 'security_group_policy': answer(True),
            'tsls_group': answer(False), 'published': answer(False), 'scp_registered': answer(False),
            'netbios_domain': 'CORP',
            'endpoint_servers': {'members': [], 'error_code': None, 'error_message': None},
        },
    }
    state['configuration'].update(changes)
    contract.check_probe(conf.MODULE, state)
    return state


def want(**args):
    return conf.validate(args, None)


def test_the_probe_of_this_file_follows_the_contract():
    probe()


@pytest.mark.parametrize('option, value, step', [
    ('ad_group_member', True, 'add_to_tsls_group'),
    ('published', True, 'publish'),
    ('scp_registered', True, 'register_scp'),
])
def test_each_flag_is_one_step_both_ways(option, value, step):
    plan = conf.plan(want(**{option: value}), probe(), None)
    assert plan.steps == [{'type': step}]
    key = conf.FLAGS[option][0]
    back = conf.plan(want(**{option: False}), probe(**{key: answer(True)}), None)
    assert back.steps == [{'type': conf.FLAGS[option][2]}]
    for s in plan.steps + back.steps:
        contract.check_step(conf.MODULE, s)


def test_the_same_value_is_no_step_and_omitted_options_are_left_alone():
    assert conf.plan(want(ad_group_member=False, published=False), probe(), None).steps == []
    assert conf.plan(want(), probe(tsls_group=answer(True)), None).steps == []


@pytest.mark.parametrize('scope, role', [('workgroup', 0), ('domain', 1), ('forest', 2)])
def test_discovery_scope_by_name(scope, role):
    steps = conf.plan(want(discovery_scope=scope), probe(server_role=(role + 1) % 3), None).steps
    assert steps == [{'type': 'set_discovery_scope', 'server_role': role}]
    assert conf.plan(want(discovery_scope=scope), probe(server_role=role), None).steps == []


def test_endpoint_servers_are_matched_by_name_and_by_domain_when_given():
    members = {'members': [{'name': 'CORP\\RDSH01$', 'sid': 'S-1-5-21-1'},
                           {'name': 'OTHER\\RDSH02$', 'sid': 'S-1-5-21-2'}],
               'error_code': None, 'error_message': None}
    state = probe(endpoint_servers=members)
    assert conf.plan(want(endpoint_servers=['rdsh01', 'RDSH02$']), state, None).steps == []
    steps = conf.plan(want(endpoint_servers=['rdsh01', 'CORP\\RDSH02']), state, None).steps
    assert steps == [{'type': 'add_endpoint_servers', 'members': ['CORP\\RDSH02$']}]
    steps = conf.plan(want(endpoint_servers=['rdsh01'], endpoint_servers_purge=True), state, None).steps
    assert steps == [{'type': 'remove_endpoint_servers', 'members': ['OTHER\\RDSH02$']}]
    steps = conf.plan(want(endpoint_servers=[], endpoint_servers_purge=True), state, None).steps
    assert steps == [{'type': 'remove_endpoint_servers', 'members': ['CORP\\RDSH01$', 'OTHER\\RDSH02$']}]


ORPHAN = 'S-1-5-21-1004336348-1177238915-682003330-1105'


def with_orphan():
    return probe(endpoint_servers={'members': [{'name': 'CORP\\RDSH01$', 'sid': 'S-1-5-21-1-2-3-1101'},
                                               {'name': None, 'sid': ORPHAN}],
                                   'error_code': None, 'error_message': None})


def test_an_orphaned_sid_is_reported_by_its_sid_and_warned_about_but_kept_without_purge():
    state = with_orphan()
    assert conf.describe(state)['endpoint_servers'] == ['CORP\\RDSH01$', ORPHAN]
    plan = conf.plan(want(endpoint_servers=['RDSH01']), state, None)
    assert plan.steps == []
    assert any('holds 1 SID that no account answers to' in w and ORPHAN in w
               and 'endpoint_servers_purge: true removes them' in w for w in plan.warnings)
    assert not any(ORPHAN in w for w in conf.plan(want(), state, None).warnings)  # group not managed: no word


def test_the_purge_removes_an_orphaned_sid_by_its_sid_after_the_additions():
    state = with_orphan()
    plan = conf.plan(want(endpoint_servers=['RDSH01', 'RDSH02'], endpoint_servers_purge=True), state, None)
    assert plan.steps == [{'type': 'add_endpoint_servers', 'members': ['CORP\\RDSH02$']},
                          {'type': 'remove_endpoint_servers', 'members': [ORPHAN]}]
    assert not any(ORPHAN in w for w in plan.warnings)
    after = conf.predict(want(endpoint_servers=['RDSH01', 'RDSH02'], endpoint_servers_purge=True), state, plan)
    contract.check_probe(conf.MODULE, after)
    assert conf.describe(after)['endpoint_servers'] == ['CORP\\RDSH01$', 'CORP\\RDSH02$']


def test_changing_endpoint_servers_before_windows_server_2016_fails_before_any_change():
    state = probe(endpoint_servers={'members': [{'name': 'CORP\\RDSH01$', 'sid': 'S-1-5-21-1-2-3-1101'}],
                                    'error_code': None, 'error_message': None})
    state['os'].update(caption='Windows Server 2012 R2', version='6.3.9600', build=9600)
    conf.preflight(want(endpoint_servers=['RDSH01']), state)  # already a member: nothing to change, no failure
    with pytest.raises(RDLicenseError, match=r'endpoint_servers needs Windows Server 2016 or later to change the '
                                             r'local group RDS Endpoint Servers .* LIC01 runs Windows Server 2012 R2 '
                                             r'\(build 9600\): nothing is changed'):
        conf.preflight(want(endpoint_servers=['RDSH02']), state)


def test_predict_is_what_the_steps_lead_to():
    state = probe()
    w = want(ad_group_member=True, published=True, scp_registered=True, discovery_scope='forest',
             endpoint_servers=['RDSH01'])
    plan = conf.plan(w, state, None)
    before = copy.deepcopy(state)
    after = conf.predict(w, state, plan)
    assert state == before
    contract.check_probe(conf.MODULE, after)
    assert conf.describe(after) == {'discovery_scope': 'forest', 'ad_group_member': True, 'published': True,
                                    'scp_registered': True, 'endpoint_servers': ['CORP\\RDSH01$']}
    assert conf.plan(w, after, None).steps == []
    assert conf.unsettled(w, plan, [], after) is None
    assert 'still to do: adding the license server' in conf.unsettled(w, plan, [], state)


def test_a_bare_name_is_sent_in_the_netbios_domain_the_probe_read_else_as_name_dollar():
    w = want(endpoint_servers=['RDSH01', 'OTHER\\RDSH02$'])
    assert conf.plan(w, probe(), None).steps == [
        {'type': 'add_endpoint_servers', 'members': ['CORP\\RDSH01$', 'OTHER\\RDSH02$']}]
    assert conf.plan(w, probe(netbios_domain=None), None).steps == [
        {'type': 'add_endpoint_servers', 'members': ['RDSH01$', 'OTHER\\RDSH02$']}]


def test_a_value_the_options_need_that_could_not_be_read_fails_preflight():
    state = probe(tsls_group=answer(None, cat.WBEM_CODES['WBEM_E_NOT_AVAILABLE']))
    conf.preflight(want(published=True), state)  # not needed: no failure
    with pytest.raises(RDLicenseError, match='ad_group_member could not be read .*no domain controller of '
                                             'corp.example could be reached from LIC01'):
        conf.preflight(want(ad_group_member=True), state)


@pytest.mark.parametrize('code', [cat.WBEM_CODES['WBEM_E_ACCESS_DENIED'], cat.E_ACCESSDENIED, cat.ERROR_ACCESS_DENIED])
def test_every_access_denied_code_names_the_right(code):
    outcomes = [{'type': 'publish', 'status': 'failed', 'detail': {},
                 'error': {'code': code, 'message': 'denied', 'operation': 'PublishLS'}}]
    text = conf.explain(want(published=True), conf.plan(want(published=True), probe(), None), outcomes)
    assert 'publishing the license server in AD DS needs a member of Enterprise Admins' in text


def test_a_refused_change_of_the_local_group_asks_for_a_local_administrator_not_an_ad_group():
    outcomes = [{'type': 'add_endpoint_servers', 'status': 'failed', 'detail': {},
                 'error': {'code': cat.ERROR_ACCESS_DENIED, 'message': 'Access denied.',
                           'operation': 'Add-LocalGroupMember'}}]
    the_plan = conf.ConfigurationPlan(steps=[{'type': 'add_endpoint_servers', 'members': ['CORP\\RDSH01$']}])
    text = conf.explain(want(), the_plan, outcomes)
    assert 'Add-LocalGroupMember failed: Access denied. [ERROR_ACCESS_DENIED (Windows error 5)]' in text
    assert 'needs a member of the local Administrators group of the license server' in text
    assert 'domain controller' not in text and 'Admins' not in text


def test_the_discovery_scope_rights_come_from_the_catalogue(monkeypatch):
    monkeypatch.setitem(cat.DISCOVERY_SCOPE_RIGHTS, 'domain', 'enterprise_admin')
    outcomes = [{'type': 'set_discovery_scope', 'status': 'failed', 'detail': {},
                 'error': {'code': cat.WBEM_CODES['WBEM_E_ACCESS_DENIED'], 'message': 'denied', 'operation': 'ChangeRole'}}]
    the_plan = conf.ConfigurationPlan(steps=[{'type': 'set_discovery_scope', 'server_role': 1}])
    assert 'needs a member of Enterprise Admins' in conf.explain(want(), the_plan, outcomes)


def test_an_unknown_failure_has_no_rights_advice():
    outcomes = [{'type': 'publish', 'status': 'failed', 'detail': {},
                 'error': {'code': cat.WBEM_CODES['WBEM_E_FAILED'], 'message': 'failed', 'operation': 'PublishLS'}}]
    text = conf.explain(want(published=True), conf.plan(want(published=True), probe(), None), outcomes)
    assert 'Access denied' not in text and 'PublishLS failed: failed' in text


def test_every_step_has_a_description_and_a_right_where_the_docs_name_one():
    assert set(conf._WHAT) == set(contract.CONTRACT[conf.MODULE]['steps'])
    assert set(conf.STEP_RIGHTS) <= set(conf._WHAT)
