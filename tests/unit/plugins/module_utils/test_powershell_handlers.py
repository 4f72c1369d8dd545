# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the hands keep their step handlers: in module utils, shared by each module and win_rdlicense_server.

tools/psconform.py follows each handler to its cmdlet or WMI call (tests/unit/tools/test_psconform.py); this checks
the layout: every module .ps1 holds its literal spec, its probe and the runner call only, and win_rdlicense_server.ps1
runs the probe of win_rdlicense_info and the handler tables of the three modules it composes.
"""

from __future__ import annotations

import os
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
HANDLERS = {
    'win_rdlicense_role': ('_RDLicensingRole', 'Get-RDLicensingRoleHandler'),
    'win_rdlicense_activate': ('_RDLicensingActivation', 'Get-RDLicensingActivationHandler'),
    'win_rdlicense_cals': ('_RDLicensingCals', 'Get-RDLicensingCalsHandler'),
    'win_rdlicense_configuration': ('_RDLicensingConfiguration', 'Get-RDLicensingConfigurationHandler'),
}
REQUIRES = '#AnsibleRequires -PowerShell ..module_utils.%s\n'


def _read(*parts):
    with open(os.path.join(COLLECTION_ROOT, 'plugins', *parts), encoding='utf-8') as f:
        return f.read()


def _functions(source):
    return re.findall(r'^Function ([\w-]+) \{', source, re.MULTILINE)


@pytest.mark.parametrize('module', sorted(HANDLERS))
def test_a_module_takes_its_handlers_from_its_module_util(module):
    util, function = HANDLERS[module]
    source = _read('modules', module + '.ps1')
    assert REQUIRES % '_RDLicensing' in source and REQUIRES % util in source
    assert '$handlers = %s\n' % function in source
    assert 'Operation = ' not in source  # no handler table of its own
    assert len(_functions(source)) == 1  # its probe
    psm1 = _read('module_utils', util + '.psm1')
    assert REQUIRES % '_RDLicensing' in psm1
    assert re.search(r"Export-ModuleMember @exportMembers\n$", psm1)
    assert re.search(r"Function = @\(\s*'%s'\s*\)" % function, psm1)


def test_the_server_runs_the_info_probe_and_the_three_tables():
    source = _read('modules', 'win_rdlicense_server.ps1')
    info = _read('modules', 'win_rdlicense_info.ps1')
    for util in ['_RDLicensing'] + [HANDLERS[m][0] for m in contract.COMPOSED['win_rdlicense_server']]:
        assert REQUIRES % util in source
    tables = ' + '.join('(%s)' % HANDLERS[m][1] for m in contract.COMPOSED['win_rdlicense_server'])
    assert '$handlers = %s\n' % tables in source
    runner = 'Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-RDLicensingInfoState} -Handlers $handlers'
    assert runner in source and runner in info
    assert _functions(source) == [] and _functions(info) == []
    assert "'Get-RDLicensingInfoState'" in _read('module_utils', '_RDLicensing.psm1')


def test_the_activation_returns_status_2_as_an_outcome_before_it_checks_the_expected_status():
    """The mirror of hands_activate._expect in Invoke-ActivationMethod (the simulator does not run the PowerShell)."""
    text = _read('module_utils', '_RDLicensingActivation.psm1')
    body = re.search(r'Function Invoke-ActivationMethod \{(.*?)\n\}', text, re.S).group(1)
    unknown = body.index('if ($null -ne $status -and [int]$status -eq $rdlStatusUnknown) {')
    assert body.index("return (New-RDLicensingOutcome -Status 'changed' -Detail @{ activation_status = $rdlStatusUnknown })") \
        > unknown
    assert body.index('throw (New-RDLicensingException') > unknown


def test_the_endpoint_servers_are_read_through_adsi_and_only_an_unmapped_sid_is_orphaned():
    """The mirror of hands_configuration.endpoint_server_state (the simulator does not run the PowerShell): the group
    is found by its SID, its members are read through the WinNT provider (Get-LocalGroupMember of Windows PowerShell
    5.1 throws on an orphaned SID), and only IdentityNotMappedException makes a member orphaned; any other failure
    of the lookup fails the read."""
    text = _read('module_utils', '_RDLicensing.psm1')
    for name in os.listdir(os.path.join(COLLECTION_ROOT, 'plugins', 'module_utils')):
        if name.endswith('.psm1'):
            code = re.sub(r'#.*', '', re.sub(r'<#.*?#>', '', _read('module_utils', name), flags=re.S))
            assert 'Get-LocalGroupMember' not in code, name
    body = re.search(r'Function Get-RDLicensingEndpointServerState \{(.*?)\n\}', text, re.S).group(1)
    assert '[System.Security.Principal.SecurityIdentifier]::new($rdlEndpointServersSid)' in body
    assert '"WinNT://$env:COMPUTERNAME/$groupName,group"' in body
    catches = re.findall(r'catch[^{]*\{', body)
    assert catches == ['catch [System.Security.Principal.IdentityNotMappedException] {', 'catch {']
    inner = body.index('catch [System.Security.Principal.IdentityNotMappedException]')
    assert body.index('$sid.Translate(') < inner < body.index('@{ name = $name; sid = [string]$sid.Value }')
    member = contract.CONFIGURATION_STATE_SHAPE['configuration']['endpoint_servers']['members'][0]
    assert set(member) == set(re.findall(r'(\w+) = ', re.search(r'@\{ name = \$name;[^}]*\}', body).group(0)))
    assert 'finally {' in body and '$group.Dispose()' in body
