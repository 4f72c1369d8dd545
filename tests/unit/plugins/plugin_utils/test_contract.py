# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The operation contract holds on all three sides: action plugins, PowerShell hands, simulated hands."""

from __future__ import annotations

import os
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands as sim_hands
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
MODULES = sorted(contract.CONTRACT)

# Host situations every probe must describe within its contract shape.
PROFILES = [
    {},
    {'server_core': True},
    {'os': 'windows11'},
    {'payload_removed': True},
    {'role_installed': True},
    {'activated': True, 'contact': {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso',
                                    'country_region': 'United Kingdom'}},
    {'activated': True, 'key_packs': [{'product_version': '2022', 'cal_type': 'per_user', 'quantity': 25,
                                       'issued': 3}, {'type': 'temporary', 'cal_type': 'per_device'}]},
]
FAULT_SETS = [[], ['not_admin'], ['provider_not_ready'], ['reboot_required'], ['activation_status_unknown']]


def _read(*parts: str) -> str:
    with open(os.path.join(COLLECTION_ROOT, *parts), encoding='utf-8') as f:
        return f.read()


def _ps1_handlers(module: str) -> set[str]:
    """Step names of the handler tables: '<name> = @{' then (on that line or the next) 'Operation = ' in the .ps1 and in the module utils it
    requires (the handlers of each module live in module_utils, shared with win_rdlicense_server)."""
    source = _read('plugins', 'modules', module + '.ps1')
    for util in re.findall(r'^#AnsibleRequires -PowerShell \.\.module_utils\.(\w+)$', source, re.MULTILINE):
        if util != '_RDLicensing':
            source += _read('plugins', 'module_utils', util + '.psm1')
    return set(re.findall(r"^\s*(\w+) = @\{\s*Operation = '", source, re.MULTILINE))


def test_the_server_composes_the_contracts_of_four_modules():
    server = contract.CONTRACT['win_rdlicense_server']
    parts = contract.COMPOSED['win_rdlicense_server']
    assert parts == ('win_rdlicense_role', 'win_rdlicense_activate', 'win_rdlicense_cals', 'win_rdlicense_configuration')
    assert server['probe'] is contract.CONTRACT['win_rdlicense_info']['probe']
    assert list(server['steps']) == [s for part in parts for s in contract.CONTRACT[part]['steps']]
    for part in parts:
        for step, params in contract.CONTRACT[part]['steps'].items():
            assert server['steps'][step] == params
            assert contract.STEP_OPERATIONS['win_rdlicense_server'][step] == contract.STEP_OPERATIONS[part][step]
    assert set(contract.SECRET_STEP_PARAMETERS['win_rdlicense_server']) == {
        p for part in parts for p in contract.SECRET_STEP_PARAMETERS[part]}


def test_two_modules_defining_a_step_differently_cannot_be_composed():
    with pytest.raises(ValueError, match='the step type start_service is defined differently by two modules'):
        contract._union([{'start_service': {'name': str}}, {'start_service': {'name': int}}], 'x')
    assert contract._union([{'a': {}}, {'a': {}}, {'b': {}}], 'x') == {'a': {}, 'b': {}}


def test_contract_names_modules_that_exist_in_three_parts():
    assert MODULES, 'the contract is empty'
    for module in MODULES:
        for part in (('plugins', 'action', module + '.py'), ('plugins', 'modules', module + '.py'),
                     ('plugins', 'modules', module + '.ps1')):
            assert os.path.isfile(os.path.join(COLLECTION_ROOT, *part)), '/'.join(part)


@pytest.mark.parametrize('module', MODULES)
def test_every_contract_step_has_a_handler_in_the_ps1(module):
    assert _ps1_handlers(module) == set(contract.step_types(module))


@pytest.mark.parametrize('module', MODULES)
def test_ps1_uses_the_shared_spec_and_runner(module):
    source = _read('plugins', 'modules', module + '.ps1')
    assert '#AnsibleRequires -CSharpUtil Ansible.Basic' in source
    assert '#AnsibleRequires -PowerShell ..module_utils._RDLicensing' in source
    assert '[Ansible.Basic.AnsibleModule]::Create($args, $spec)' in source
    assert 'Invoke-RDLicensingOperation -Module $module' in source
    assert 'Get-WmiObject' not in source and 'Invoke-Expression' not in source


@pytest.mark.parametrize('module', MODULES)
def test_simulator_implements_exactly_the_contract_steps(module):
    hands = sim_hands.load_all()
    assert module in hands
    assert set(hands[module].steps) == set(contract.step_types(module))


def test_simulator_simulates_no_module_outside_the_contract():
    assert set(sim_hands.load_all()) == set(MODULES)


@pytest.mark.parametrize('module', MODULES)
@pytest.mark.parametrize('profile', PROFILES)
@pytest.mark.parametrize('faults', FAULT_SETS)
def test_simulated_probe_follows_the_contract(module, profile, faults):
    state = sim_model.new_state('lic01', profile)
    res = sim_hands.run_collection_module(module, {'_operation': 'probe'},
                                          sim_model.LicenseServerModel(state, faults), False)
    assert not res.get('failed'), res
    contract.check_probe(module, res['state'])


def test_check_shape_rejects_missing_extra_and_mistyped_keys():
    shape = {'a': int, 'b': [{'c': str}], 'd': contract.OPT_STR}
    contract.check_shape({'a': 1, 'b': [{'c': 'x'}], 'd': None}, shape, 'x')
    for bad in ({'a': 1, 'b': []}, {'a': 1, 'b': [], 'd': None, 'e': 1}, {'a': True, 'b': [], 'd': None},
                {'a': 1, 'b': [{'c': 2}], 'd': None}, {'a': 1, 'b': {}, 'd': 'y'}):
        with pytest.raises(contract.ContractError):
            contract.check_shape(bad, shape, 'x')


def test_check_step_rejects_unknown_types_and_parameters():
    contract.check_step('win_rdlicense_role', {'type': 'start_service', 'name': 'TermServLicensing'})
    with pytest.raises(contract.ContractError, match='not in the contract'):
        contract.check_step('win_rdlicense_role', {'type': 'run_script', 'script': 'x'})
    with pytest.raises(contract.ContractError, match='unexpected keys'):
        contract.check_step('win_rdlicense_role', {'type': 'start_service', 'name': 'x', 'extra': 1})


def test_simulator_refuses_steps_outside_its_table_and_apply_in_check_mode():
    model = sim_model.LicenseServerModel(sim_model.new_state('lic01'))
    res = sim_hands.run_collection_module('win_rdlicense_role', {'_operation': 'apply',
                                                                 '_steps': [{'type': 'run_script'}]}, model, False)
    # Ansible.Basic refuses it (the step types are the choices of _steps.type), before the runner would
    assert res['failed'] and res['msg'] == ('value of type must be one of: install_features, uninstall_features, '
                                            'set_service_startup, start_service, stop_service. Got no match for: '
                                            'run_script found in _steps')
    res = sim_hands.run_collection_module('win_rdlicense_role', {'_operation': 'apply', '_steps': []}, model, True)
    assert res['failed'] and 'not allowed in check mode' in res['msg']
    res = sim_hands.run_collection_module('win_rdlicense_role', {'_operation': 'probe', 'x': 1}, model, False)
    assert res['failed'] and res['msg'].startswith('Unsupported parameters')
    assert res['invocation']['module_args'] == {'_operation': 'probe', 'x': 1}
