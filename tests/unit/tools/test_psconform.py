# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's PowerShell conforms to the contract, the catalogue and Windows PowerShell 5.1 (tools/psconform.py).

Each defect below is applied to the source text in memory and must be reported: the checks can fail.
"""

from __future__ import annotations

import importlib.util
import os
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands as sim_hands

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
_SPEC = importlib.util.spec_from_file_location('psconform', os.path.join(COLLECTION_ROOT, 'tools', 'psconform.py'))
psconform = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(psconform)

# The step handlers live in module utils, shared by each module and win_rdlicense_server.
ROLE = 'plugins/module_utils/_RDLicensingRole.psm1'
ACTIVATE = 'plugins/module_utils/_RDLicensingActivation.psm1'
CALS = 'plugins/module_utils/_RDLicensingCals.psm1'
SHARED = 'plugins/module_utils/_RDLicensing.psm1'
SERVER = 'plugins/modules/win_rdlicense_server.ps1'


@pytest.fixture(scope='module')
def sources():
    return psconform.collection_sources(COLLECTION_ROOT)


@pytest.fixture(scope='module')
def table():
    return psconform.load_table(os.path.join(COLLECTION_ROOT, 'tools', 'data', 'ps51_commands.json'))


def _problems(sources, table, path=None, mutate=None):
    changed = dict(sources)
    if path:
        before = changed[path].decode('utf-8')
        after = mutate(before)
        assert after != before, 'the mutation did not apply to %s' % path
        changed[path] = after.encode('utf-8')
    return [str(p) for p in psconform.check(changed, contract, cat, table)]


def _delete_line(pattern):
    return lambda text: '\n'.join(line for line in text.split('\n') if not re.search(pattern, line))


def _replace_once(old, new):
    def mutate(text):
        assert text.count(old) == 1, 'expected %r once' % old
        return text.replace(old, new)
    return mutate


def test_the_collection_powershell_conforms(sources, table):
    assert _problems(sources, table) == []


# The three defects of issue 8 that no other test saw, then others of the same kinds.
MUTATIONS = [
    ('set_service_deleted', ROLE, _delete_line(r'^\s*Set-Service -Name'),
     'win_rdlicense_role step set_service_startup: its handler never calls Set-Service'),
    ('agreement_argument_misspelled', CALS, _replace_once('sAgreementNumber = ', 'sAgreementNumbr = '),
     "InstallAgreementLicenseKeyPack: ['sAgreementNumbr'] not documented arguments of the method"),
    ('agreement_argument_misspelled_vs_contract', CALS, _replace_once('sAgreementNumber = ', 'sAgreementNumbr = '),
     "win_rdlicense_cals step install_agreement_pack: Win32_TSLicenseKeyPack.InstallAgreementLicenseKeyPack gets "
     "the arguments ['AgreementType', 'LicenseCount', 'ProductType', 'ProductVersion', 'sAgreementNumbr']"),
    ('activation_method_misspelled', ACTIVATE,
     _replace_once("-MethodName 'ActivateServerAutomatic'", "-MethodName 'ActivateServerAutomatik'"),
     'win_rdlicense_activate step activate_automatic: its handler never calls '
     'Win32_TSLicenseServer.ActivateServerAutomatic with Invoke-CimMethod (it calls '
     'Win32_TSLicenseServer.ActivateServerAutomatik)'),
    ('activation_method_undocumented', ACTIVATE,
     _replace_once("-MethodName 'ActivateServerAutomatic'", "-MethodName 'ActivateServerAutomatik'"),
     'Invoke-CimMethod: Win32_TSLicenseServer.ActivateServerAutomatik is not a documented method'),
    ('cmdlet_parameter_misspelled', ROLE, _replace_once('-StartupType $startupType', '-StartupTyp $startupType'),
     'Set-Service: -StartupTyp is not a parameter of Set-Service (Windows PowerShell 5.1'),
    ('splatted_key_misspelled', CALS, _replace_once("PropertyType = 'String'\n        Force", "PropertyTyp = 'String'\n        Force"),
     'New-ItemProperty: -PropertyTyp is not a parameter of New-ItemProperty'),
    ('unknown_command', ROLE, _replace_once('Start-Service -Name', 'Start-ServiceNow -Name'),
     'Start-ServiceNow is neither a function of the collection nor a Windows PowerShell 5.1 command'),
    ('operation_name_wrong', ROLE, _replace_once("Operation = 'Stop-Service'", "Operation = 'Stop-Services'"),
     "win_rdlicense_role step stop_service: its Operation is 'Stop-Services', the contract's operation is "
     "'Stop-Service'"),
    ('undocumented_class', SHARED, _replace_once('-ClassName Win32_Service ', '-ClassName Win32_Services '),
     'Get-CimInstance: Win32_Services is not a WMI class the catalogue documents'),
    ('own_function_parameter_misspelled', CALS, _replace_once('(-not (Test-KeyPackPresent -KeyPackId $keyPackId))',
                                                              '(-not (Test-KeyPackPresent -KeyPack $keyPackId))'),
     "Test-KeyPackPresent: -KeyPack is not a parameter of the collection's function Test-KeyPackPresent"),
    ('server_manager_outside_the_job', SHARED, _replace_once(
        "    Invoke-RDLicensingServerManager -Arguments @{ Names = $Names } -ScriptBlock {",
        "    $unused = Get-WindowsFeature -Name 'RDS-Licensing'\n"
        "    Invoke-RDLicensingServerManager -Arguments @{ Names = $Names } -ScriptBlock {"),
     'Get-WindowsFeature outside a script block given to Invoke-RDLicensingServerManager'),
    ('registry_key_not_closed', CALS, _delete_line(r'^\s*\$key\.Dispose\(\)'),
     '$key = Get-Item: the registry key is not closed with $key.Dispose() in a finally block'),
    # win_rdlicense_server runs the handlers of the three modules: a defect in one is a defect of both modules.
    ('server_set_service_deleted', ROLE, _delete_line(r'^\s*Set-Service -Name'),
     'win_rdlicense_server step set_service_startup: its handler never calls Set-Service'),
    ('server_agreement_argument_misspelled', CALS, _replace_once('sAgreementNumber = ', 'sAgreementNumbr = '),
     'win_rdlicense_server step install_agreement_pack: Win32_TSLicenseKeyPack.InstallAgreementLicenseKeyPack gets '
     "the arguments ['AgreementType', 'LicenseCount', 'ProductType', 'ProductVersion', 'sAgreementNumbr']"),
    ('server_activation_method_misspelled', ACTIVATE,
     _replace_once("-MethodName 'ActivateServerAutomatic'", "-MethodName 'ActivateServerAutomatik'"),
     'win_rdlicense_server step activate_automatic: its handler never calls '
     'Win32_TSLicenseServer.ActivateServerAutomatic with Invoke-CimMethod'),
    ('server_without_the_cals_handlers', SERVER, _replace_once(' + (Get-RDLicensingCalsHandler)', ''),
     'win_rdlicense_server step install_retail_pack: no handler with an Action script block in the $handlers table'),
    ('server_with_a_table_twice', SERVER, _replace_once('(Get-RDLicensingCalsHandler)', '(Get-RDLicensingRoleHandler)'),
     'hashtables added with + both hold the key install_features'),
    # A module util sees the constants of _RDLicensing.psm1 only when they are exported (each util is a module).
    ('constant_not_exported', SHARED, _replace_once("        'rdlKeyPackClass'\n", ''),
     'Invoke-CimMethod: cannot tell the class and method it calls'),
    # Revoke() is an instance method: the class is that of the instance Get-CimInstance gave (-InputObject).
    ('revoke_method_misspelled', 'plugins/module_utils/_RDLicensingDeviceCals.psm1',
     _replace_once("-MethodName 'Revoke'", "-MethodName 'RevokeLicense'"),
     'win_rdlicense_device_cals step revoke_cal: its handler never calls Win32_TSIssuedLicense.Revoke with '
     'Invoke-CimMethod (it calls Win32_TSIssuedLicense.RevokeLicense)'),
    ('revoke_on_an_instance_of_another_class', 'plugins/module_utils/_RDLicensingDeviceCals.psm1',
     _replace_once('-ClassName $rdlIssuedLicenseClass -Filter', '-ClassName $rdlKeyPackClass -Filter'),
     'Invoke-CimMethod: Win32_TSLicenseKeyPack.Revoke is not a documented method'),
    ('revoke_on_an_unknown_instance', 'plugins/module_utils/_RDLicensingDeviceCals.psm1',
     _replace_once('-InputObject $instance', '-InputObject $Step'),
     'Invoke-CimMethod: cannot tell the class and method it calls'),
]


@pytest.mark.parametrize('name, path, mutate, expected', MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_a_defect_is_reported(sources, table, name, path, mutate, expected):
    problems = _problems(sources, table, path, mutate)
    assert any(expected in p for p in problems), '\n'.join(problems) or 'no problem reported'


def test_every_contract_step_has_an_operation_with_documented_names():
    assert set(contract.STEP_OPERATIONS) == set(contract.CONTRACT)
    for module, steps in contract.CONTRACT.items():
        assert set(contract.STEP_OPERATIONS[module]) == set(steps['steps']), module
        for operation in contract.STEP_OPERATIONS[module].values():
            if 'method' in operation:
                assert operation['arguments'] == cat.wmi_method_arguments(operation['class'], operation['method'])
    op = contract.STEP_OPERATIONS['win_rdlicense_cals']['install_agreement_pack']
    assert op == {'class': 'Win32_TSLicenseKeyPack', 'method': 'InstallAgreementLicenseKeyPack',
                  'arguments': ('AgreementType', 'sAgreementNumber', 'ProductVersion', 'ProductType', 'LicenseCount')}
    with pytest.raises(KeyError):
        contract.wmi_method(cat.LICENSE_SERVER_CLASS, 'SetServerActivationStatus')  # undocumented (reference 3.3)


def test_the_simulator_names_the_contract_operations():
    for module, hands in sim_hands.load_all().items():
        for step, (operation, dummy) in hands.steps.items():
            assert operation == contract.operation_name(contract.STEP_OPERATIONS[module][step]), (module, step)


def test_the_command_table_has_a_source_for_every_command(table):
    assert table['common_parameters']['source']
    for name, entry in table['commands'].items():
        assert entry['source'] and entry['parameters'], name
        assert set(entry['switches']) <= set(entry['parameters']), name
    assert 'StartupType' in table['commands']['Set-Service']['parameters']
    assert 'PSScriptAnalyzer' in table['commands']['Set-Service']['source']
    assert 'servermanager' in table['commands']['Install-WindowsFeature']['source'].lower()


def test_pssa_parameter_sets_are_read_as_parameters_and_switches():
    params, switches = psconform_tool().parameters_of(
        '[-Name] <string> [-StartupType <ServiceStartMode>] [-PassThru] [-WhatIf] [<CommonParameters>] '
        '[-InputObject <ServiceController>] [-PassThru]')
    assert params == ['InputObject', 'Name', 'PassThru', 'StartupType', 'WhatIf']
    assert switches == ['PassThru', 'WhatIf']


def psconform_tool():
    path = os.path.join(COLLECTION_ROOT, 'tools', 'ps51_commands.py')
    spec = importlib.util.spec_from_file_location('ps51_commands', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
