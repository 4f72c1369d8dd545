#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingRole

# The hands of remotedesktop.licensing.win_rdlicense_role: the action plugin of the same name decides, this reads
# the features and the service and executes the allow-listed steps it is given.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        state = @{ type = 'str'; default = 'present'; choices = @('present', 'absent') }
        include_management_tools = @{ type = 'bool'; default = $true }
        source = @{ type = 'str' }
        service_start_mode = @{ type = 'str'; choices = @('automatic', 'manual', 'disabled') }
        service_state = @{ type = 'str'; choices = @('started', 'stopped') }
        _operation = @{ type = 'str'; required = $true; choices = @('probe', 'apply') }
        _steps = @{
            type = 'list'
            elements = 'dict'
            default = @()
            options = @{
                type = @{
                    type = 'str'
                    required = $true
                    choices = @(
                        'install_features'
                        'uninstall_features'
                        'set_service_startup'
                        'start_service'
                        'stop_service'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                names = @{ type = 'list'; elements = 'str' }
                source = @{ type = 'str' }
                name = @{ type = 'str' }
                startup_type = @{ type = 'str' }
            }
        }
    }
    supports_check_mode = $true
    # No_log for the whole spec, so that Ansible.Basic writes no "Invoked with" entry to the Application event log:
    # it masks a no_log option by the text of its value, which for the _steps list is "System.Object[]", so marking
    # _steps alone would log every step parameter in clear text on every run.
    no_log = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

Function Get-RoleState {
    $state = Get-RDLicensingHostInfo
    Add-RDLicensingRoleState -State $state
    $state
}

# The step handlers, shared with win_rdlicense_server (module_utils).
$handlers = Get-RDLicensingRoleHandler

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-RoleState} -Handlers $handlers
