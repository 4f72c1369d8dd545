# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_server action plugin end to end against an in-process simulated license server: the whole
server in one task, and what it costs in remote executions."""

from __future__ import annotations

import ast
import json

import pytest
import yaml

from ansible_collections.remotedesktop.licensing.plugins.modules import (
    win_rdlicense_activate, win_rdlicense_cals, win_rdlicense_info, win_rdlicense_role, win_rdlicense_server)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _summary
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

SERVER = 'win_rdlicense_server'
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}
SELECT = {'name': 'hq', 'program': 'select', 'agreement_number': '4815162', 'product_version': '2022',
          'cal_type': 'per_user', 'quantity': 25}
DEVICE = {'name': 'branch', 'program': 'enterprise_agreement', 'agreement_number': '2342108',
          'product_version': '2019', 'cal_type': 'per_device', 'quantity': 5}
SECRETS = ('4815162', '2342108')


def args(**parts):
    result = {'activation': {'company_information': dict(COMPANY)}, 'cals': {'packs': [dict(SELECT), dict(DEVICE)]}}
    result.update(parts)
    return result


def purchased(host):
    return [p for p in host.state['key_packs'] if p['ProductType'] != cat.PRODUCT_TYPE_BUILT_IN]


def assert_no_secret(host, *things):
    text = json.dumps(things) + json.dumps(host.host_texts())
    for secret in SECRETS:
        assert secret not in text, 'a secret leaked'


# --------------------------------------------------------------------------------------------------------------------
# Remote executions: converged 1, check mode on a fresh server 1, fresh rollout 3
# --------------------------------------------------------------------------------------------------------------------
def test_a_fresh_server_is_rolled_out_in_three_executions_and_then_costs_one():
    host = FakeHost()
    res = run_action(SERVER, args(), host)
    assert not res.get('failed'), res.get('msg')
    assert res['changed'] is True
    assert host.operations == ['probe', 'apply', 'apply']
    assert res['role']['changed'] and res['activation']['changed'] and res['cals']['changed']
    assert res['activation']['activation_status'] == 'activated'
    assert [p['outcome'] for p in res['cals']['packs']] == ['installed', 'installed']
    assert res['cals']['totals']['2022']['per_user']['total'] == 25
    assert res['info']['activation']['activation_status'] == 'activated'
    assert res['stopped'] is None and res['reboot_required'] is False
    assert len(purchased(host)) == 2
    assert res['summary']['message'][0] == ('lic01: installed the RD Licensing role, wrote the company information '
                                            '(first_name, last_name, company, country_region), activated it by '
                                            'automatic connection, installed 2 CAL packs.')
    assert_no_secret(host, res)

    host.calls.clear()
    again = run_action(SERVER, args(), host)
    assert not again.get('failed'), again.get('msg')
    assert again['changed'] is False
    assert host.operations == ['probe']
    assert [p['outcome'] for p in again['cals']['packs']] == ['present', 'present']
    assert again['summary']['changed'] is False
    assert again['summary']['message'][0] == 'lic01: nothing to change.'


def test_check_mode_on_a_fresh_server_predicts_every_part_in_one_execution():
    host = FakeHost()
    before = json.dumps(host.state, sort_keys=True)
    res = run_action(SERVER, args(), host, check_mode=True, diff=True)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe']
    assert json.dumps(host.state, sort_keys=True) == before
    assert res['changed'] is True
    assert res['role']['changed'] is True
    assert res['activation']['predicted'] is True and res['activation']['activation_status'] == 'activated'
    assert res['cals']['predicted'] is True
    assert [p['outcome'] for p in res['cals']['packs']] == ['installed', 'installed']
    summary = res['summary']
    assert summary['check_mode'] is True and summary['packs']['predicted'] is True
    assert summary['packs']['counts']['installed'] == 2
    assert summary['message'][0].startswith('lic01 (check mode, nothing was changed): would install the RD Licensing '
                                            'role, would write the company information')
    assert 'would activate it by automatic connection, would install 2 CAL packs' in summary['message'][0]
    assert res['diff']['before']['activation'] is None
    assert res['diff']['after']['activation']['activation_status'] == 'activated'
    assert_no_secret(host, res)


def test_check_mode_on_a_converged_server_reads_it_once_and_predicts_nothing():
    host = FakeHost()
    run_action(SERVER, args(), host)
    host.calls.clear()
    res = run_action(SERVER, args(), host, check_mode=True)
    assert host.operations == ['probe']
    assert res['changed'] is False
    assert res['activation']['predicted'] is False and res['cals']['predicted'] is False


# --------------------------------------------------------------------------------------------------------------------
# Stops: a restart, the Clearinghouse's answer
# --------------------------------------------------------------------------------------------------------------------
def test_a_needed_restart_stops_before_the_activation_and_the_next_run_carries_on():
    host = FakeHost(faults=['reboot_required'])
    res = run_action(SERVER, args(), host)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe', 'apply']
    assert res['reboot_required'] is True and res['stopped'] == 'reboot_required'
    assert res['activation']['skipped'] == 'reboot_required' and res['cals']['skipped'] == 'reboot_required'
    assert res['cals']['packs'] == []
    assert 'Stopped here: the server must restart' in ' '.join(res['summary']['message'])

    host.faults.remove('reboot_required')
    host.model.reboot()
    host.calls.clear()
    res = run_action(SERVER, args(), host)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe', 'apply']
    assert res['activation']['activation_status'] == 'activated'
    assert [p['outcome'] for p in res['cals']['packs']] == ['installed', 'installed']


def test_web_activation_stops_with_instructions_then_takes_the_answer():
    host = FakeHost()
    web = args(activation={'method': 'web', 'company_information': dict(COMPANY)})
    res = run_action(SERVER, web, host)
    assert not res.get('failed'), res.get('msg')
    assert res['stopped'] == 'activation_pending' and res['activation']['activation_pending'] is True
    product_id = host.state['license_server']['product_id']
    assert product_id in res['activation']['instructions']
    assert res['cals']['skipped'] == 'activation_pending'
    assert host.state['license_server']['activation_status'] != 0

    lsid = sim_model.clearinghouse_license_server_id(product_id)
    web['activation']['license_server_id'] = lsid
    host.calls.clear()
    res = run_action(SERVER, web, host)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe', 'apply']
    assert res['activation']['activation_status'] == 'activated' and res['stopped'] is None
    assert [p['outcome'] for p in res['cals']['packs']] == ['installed', 'installed']


def test_check_mode_of_the_web_method_on_a_fresh_server_says_the_product_id_comes_later():
    host = FakeHost()
    res = run_action(SERVER, args(activation={'method': 'web'}), host, check_mode=True)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe']
    assert res['activation']['predicted'] is True and res['activation']['activation_pending'] is True
    assert 'known once the RD Licensing role is installed' in res['activation']['instructions']
    assert res['stopped'] == 'activation_pending'


# --------------------------------------------------------------------------------------------------------------------
# Refusals before any remote call, and faults on the host
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('task_args, words', [
    (args(activation={'state': 'deactivated'}), 'cals.packs cannot be used with activation.state=deactivated'),
    (args(activation={'license_server_id': 'ABC'}), 'win_rdlicense_server: activation: '),
    (args(role={'source': ''}), 'win_rdlicense_server: role: source must not be empty'),
    (args(cals={'packs': [dict(SELECT), dict(SELECT)]}), 'win_rdlicense_server: cals: '),
    (args(expiring_within_days=-1), 'win_rdlicense_server: expiring_within_days must be 0 or more'),
    (args(activation={'company_information': ['Ada']}), 'activation'),
    (args(role={'include_management_tools': 1}), 'include_management_tools'),
])
def test_bad_input_is_refused_before_any_remote_call(task_args, words):
    host = FakeHost()
    res = run_action(SERVER, task_args, host)
    assert res['failed'] is True
    assert words in res['msg']
    assert host.calls == []
    assert set(yaml.safe_load(win_rdlicense_server.RETURN)) <= set(res)  # the documented keys, empty
    assert res['summary'] is None and res['role']['changed'] is False
    assert_no_secret(host, res)


def test_a_failed_activation_installs_no_pack_and_says_why():
    host = FakeHost(profile={'role_installed': True}, faults=['clearinghouse_unreachable'])
    res = run_action(SERVER, args(), host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_server: activation: ')
    assert 'TCP 443' in res['msg']
    assert purchased(host) == []
    assert {p['outcome'] for p in res['cals']['packs']} == {'failed'}
    assert_no_secret(host, res)


def test_the_role_installed_but_the_provider_not_ready_fails_after_the_install_naming_it():
    host = FakeHost(faults=['provider_not_ready'])
    res = run_action(SERVER, args(), host)
    assert res['failed'] is True
    assert 'win_rdlicense_server: activation: ' in res['msg'] and 'not ready' in res['msg']
    assert res['changed'] is True and res['role']['changed'] is True
    assert host.operations == ['probe', 'apply']


def test_not_an_administrator_is_refused_after_the_probe():
    host = FakeHost(faults=['not_admin'])
    res = run_action(SERVER, args(), host)
    assert res['failed'] is True
    assert 'Administrators' in res['msg']
    assert host.operations == ['probe']


# --------------------------------------------------------------------------------------------------------------------
# Documentation: each part's sub-options are its module's options
# --------------------------------------------------------------------------------------------------------------------
def _options(module):
    return yaml.safe_load(module.DOCUMENTATION)['options']


def _strip(options):
    """Options without their descriptions (which name the options by their place in this module)."""
    return {name: {k: (_strip(v) if k == 'suboptions' else v) for k, v in doc.items() if k != 'description'}
            for name, doc in options.items() if not name.startswith('_')}


@pytest.mark.parametrize('part, module, left_out', [
    ('role', win_rdlicense_role, ('state',)),
    ('activation', win_rdlicense_activate, ()),
    ('cals', win_rdlicense_cals, ()),
])
def test_each_part_takes_the_options_of_its_module(part, module, left_out):
    mine = _strip(_options(win_rdlicense_server)[part]['suboptions'])
    theirs = {k: v for k, v in _strip(_options(module)).items() if k not in left_out}
    assert mine == theirs


def test_the_report_option_is_win_rdlicense_info_s():
    assert (_strip(_options(win_rdlicense_server))['expiring_within_days']
            == _strip(_options(win_rdlicense_info))['expiring_within_days'])


def test_every_summary_key_is_returned_and_documented():
    returned = yaml.safe_load(win_rdlicense_server.RETURN)
    assert set(returned['summary']['sample']) == set(_summary.KEYS)
    host = FakeHost()
    res = run_action(SERVER, args(), host, check_mode=True)
    assert tuple(res['summary']) == _summary.KEYS
    assert set(returned) <= set(res)


def test_the_examples_use_only_documented_options():
    options = _options(win_rdlicense_server)
    for task in yaml.safe_load(win_rdlicense_server.EXAMPLES):
        tasks = task.get('block', [task])
        for item in tasks:
            given = item.get('remotedesktop.licensing.win_rdlicense_server')
            if not given:
                continue
            for name, value in given.items():
                assert name in options, name
                if isinstance(value, dict):
                    assert set(value) <= set(options[name]['suboptions']), (name, value)


def test_documentation_is_a_literal():
    tree = ast.parse(open(win_rdlicense_server.__file__).read())
    names = [n.targets[0].id for n in tree.body if isinstance(n, ast.Assign)]
    assert names == ['DOCUMENTATION', 'EXAMPLES', 'RETURN']


# --------------------------------------------------------------------------------------------------------------------
# reboot=true: the restart in the same task, with ansible.windows.win_reboot's action
# --------------------------------------------------------------------------------------------------------------------
class FakeReboot:
    """ansible.windows.win_reboot's action as the action loader hands it out: restarts the simulated host."""

    def __init__(self, host, answer=None):
        self.host = host
        self.answer = answer
        self.runs = []

    def get(self, name, task=None, **kwargs):
        assert name == 'ansible.windows.win_reboot'
        outer = self

        class Action:
            def run(self, task_vars=None):
                outer.runs.append(dict(task.args))
                if outer.answer is not None:
                    return outer.answer
                outer.host.faults.remove('reboot_required')
                outer.host.model.reboot()
                return {'changed': True, 'rebooted': True, 'elapsed': 42}
        return Action()


class Loaders:
    def __init__(self, action_loader):
        self.action_loader = action_loader


def test_reboot_true_restarts_the_server_and_converges_it_in_the_same_task():
    host = FakeHost(faults=['reboot_required'])
    reboot = FakeReboot(host)
    res = run_action(SERVER, args(reboot=True, reboot_timeout=900), host, diff=True,
                     shared_loader_obj=Loaders(reboot))
    assert not res.get('failed'), res.get('msg')
    assert reboot.runs == [{'reboot_timeout': 900, 'msg': 'Restart by Ansible to complete the installation of the '
                                                          'Remote Desktop Licensing role'}]
    # before the restart: the probe and the role's installation; after it: the probe and the rest
    assert host.operations == ['probe', 'apply', 'probe', 'apply']
    assert res['rebooted'] is True and res['changed'] is True
    assert res['reboot_required'] is False and res['stopped'] is None
    assert res['role']['changed'] is True  # installed before the restart
    assert res['activation']['activation_status'] == 'activated'
    assert [p['outcome'] for p in res['cals']['packs']] == ['installed', 'installed']
    assert res['diff']['before']['role']['features']['RDS-Licensing'] == 'Available'
    assert res['diff']['after']['activation']['activation_status'] == 'activated'
    summary = res['summary']
    assert summary['reboot'] == {'required': True, 'allowed': True, 'rebooted': True}
    assert summary['message'][0] == ('lic01: installed the RD Licensing role, restarted the server, wrote the company '
                                     'information (first_name, last_name, company, country_region), activated it by '
                                     'automatic connection, installed 2 CAL packs.')
    assert_no_secret(host, res)

    host.calls.clear()
    again = run_action(SERVER, args(reboot=True), host, shared_loader_obj=Loaders(reboot))
    assert again['changed'] is False and again['rebooted'] is False
    assert host.operations == ['probe'] and len(reboot.runs) == 1


def test_reboot_true_in_check_mode_restarts_nothing():
    host = FakeHost(faults=['reboot_required'])
    reboot = FakeReboot(host)
    run_action(SERVER, args(), host)  # the role installed, its installation waits for a restart
    host.calls.clear()
    before = json.dumps(host.state, sort_keys=True)
    res = run_action(SERVER, args(reboot=True), host, check_mode=True, shared_loader_obj=Loaders(reboot))
    assert not res.get('failed'), res.get('msg')
    assert reboot.runs == [] and host.operations == ['probe']
    assert json.dumps(host.state, sort_keys=True) == before
    assert res['rebooted'] is False and res['stopped'] == 'reboot_required'
    assert res['summary']['reboot'] == {'required': True, 'allowed': True, 'rebooted': False}
    assert res['summary']['message'][-1].startswith('Stopped here in check mode: the server must restart')


def test_reboot_false_stops_and_says_how_to_go_on():
    host = FakeHost(faults=['reboot_required'])
    reboot = FakeReboot(host)
    res = run_action(SERVER, args(), host, shared_loader_obj=Loaders(reboot))
    assert reboot.runs == [] and res['rebooted'] is False and res['stopped'] == 'reboot_required'
    assert res['summary']['reboot'] == {'required': True, 'allowed': False, 'rebooted': False}
    assert res['summary']['message'][-1] == (
        'Stopped here: the server must restart to complete the installation of the RD Licensing role. Restart it (or '
        'set reboot: true) and run the task again to activate it and install its CAL packs.')


def test_a_failed_restart_fails_the_task_naming_it_and_keeps_what_was_done():
    host = FakeHost(faults=['reboot_required'])
    reboot = FakeReboot(host, answer={'failed': True, 'rebooted': False, 'msg': 'timed out waiting for the host'})
    res = run_action(SERVER, args(reboot=True), host, shared_loader_obj=Loaders(reboot))
    assert res['failed'] is True
    assert res['msg'] == ('win_rdlicense_server: the restart of the server to complete the installation of the RD '
                          'Licensing role failed: timed out waiting for the host')
    assert res['role']['changed'] is True and res['rebooted'] is False
    assert host.operations == ['probe', 'apply']


@pytest.mark.parametrize('value', [0, 86401, -5])
def test_reboot_timeout_out_of_range_is_refused_before_any_remote_call(value):
    host = FakeHost()
    res = run_action(SERVER, args(reboot=True, reboot_timeout=value), host)
    assert res['failed'] is True and host.calls == []
    assert res['msg'] == 'win_rdlicense_server: reboot_timeout must be a whole number of seconds from 1 to 86400'


@pytest.mark.parametrize('name, value, message', [
    ('reboot', 1, 'reboot must be true or false, got a whole number'),
    ('reboot_timeout', True, 'reboot_timeout must be a whole number, got a boolean'),
])
def test_reboot_options_are_typed_strictly(name, value, message):
    host = FakeHost()
    res = run_action(SERVER, args(**{name: value}), host)
    assert res['failed'] is True and host.calls == []
    assert res['msg'] == 'win_rdlicense_server: ' + message


@pytest.mark.parametrize('wording, option, who', [
    ('module', 'activation.license_server_id', 'this task'),
    ('role', 'license_server_id', 'the rollout'),
])
def test_the_summary_names_what_to_give_next_in_the_words_asked_for(wording, option, who):
    host = FakeHost()
    web = args(activation={'method': 'web', 'company_information': dict(COMPANY)}, summary_wording=wording)
    res = run_action(SERVER, web, host)
    assert res['stopped'] == 'activation_pending'
    last = res['summary']['message'][-1]
    assert (' the answer as %s ' % option) in last and last.endswith('and run %s again; it carries on from there.' % who)


@pytest.mark.parametrize('wording, expected', [
    ('module', 'Restart it (or set reboot: true) and run the task again'),
    ('role', ', and license_server_allow_reboot is false. Restart it (or set license_server_allow_reboot: true) and '
             'run the rollout again'),
])
def test_a_restart_not_allowed_is_said_in_the_words_asked_for(wording, expected):
    host = FakeHost(faults=['reboot_required'])
    res = run_action(SERVER, args(summary_wording=wording), host)
    assert expected in res['summary']['message'][-1]


# --------------------------------------------------------------------------------------------------------------------
# role_inputs: the role license_server's inputs, whole
# --------------------------------------------------------------------------------------------------------------------
def role_inputs(**inputs):
    from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _declarations
    values = {name: option.get('default') for name, option in _declarations.role_options('license_server').items()}
    values.update(license_server_company_information=dict(COMPANY), license_server_cal_packs=[dict(SELECT)])
    values.update(inputs)
    return values


def test_role_inputs_stand_for_the_options_and_word_the_summary_for_the_role():
    host = FakeHost()
    res = run_action(SERVER, {'role_inputs': role_inputs()}, host)
    assert not res.get('failed'), res.get('msg')
    assert host.operations == ['probe', 'apply', 'apply']
    assert res['activation']['activation_status'] == 'activated'
    assert [p['outcome'] for p in res['cals']['packs']] == ['installed']
    assert res['summary']['reboot']['allowed'] is False
    assert_no_secret(host, res)

    web = run_action(SERVER, {'role_inputs': role_inputs(license_server_activation_method='web',
                                                         license_server_activation_state='reactivated')},
                     FakeHost())
    assert web['failed'] is True or 'license_server_id' in ' '.join(web['summary']['message'])


def test_role_inputs_allow_the_restart_when_the_role_allows_it():
    host = FakeHost(faults=['reboot_required'])
    reboot = FakeReboot(host)
    res = run_action(SERVER, {'role_inputs': role_inputs(license_server_allow_reboot=True,
                                                         license_server_reboot_timeout=1200)},
                     host, shared_loader_obj=Loaders(reboot))
    assert not res.get('failed'), res.get('msg')
    assert res['rebooted'] is True and reboot.runs[0]['reboot_timeout'] == 1200
    assert res['summary']['reboot'] == {'required': True, 'allowed': True, 'rebooted': True}


def test_role_inputs_of_the_wrong_type_are_named_before_any_remote_call():
    host = FakeHost()
    res = run_action(SERVER, {'role_inputs': role_inputs(license_server_cal_packs='4815162',
                                                         license_server_allow_reboot=1)}, host)
    assert res['failed'] is True and host.calls == []
    assert res['msg'] == ('win_rdlicense_server: role_inputs: license_server: license_server_allow_reboot must be true '
                          'or false, got a whole number; license_server_cal_packs must be a list, got a string')
    assert '4815162' not in json.dumps(res)


@pytest.mark.parametrize('other', [{'cals': {'packs': []}}, {'reboot': True}, {'summary_wording': 'module'}])
def test_role_inputs_cannot_be_mixed_with_the_options_they_stand_for(other):
    host = FakeHost()
    res = run_action(SERVER, dict(other, role_inputs=role_inputs()), host)
    assert res['failed'] is True and host.calls == []
    assert res['msg'] == ('win_rdlicense_server: role_inputs cannot be used with %s: it stands for them'
                          % ', '.join(other))


def test_role_inputs_must_be_a_dictionary():
    host = FakeHost()
    res = run_action(SERVER, {'role_inputs': ['license_server_cal_packs']}, host)
    assert res['failed'] is True and host.calls == []
    assert res['msg'] == 'win_rdlicense_server: role_inputs must be a dictionary, got a list'
