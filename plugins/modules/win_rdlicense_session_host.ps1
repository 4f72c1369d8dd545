#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingSessionHost

# The hands of remotedesktop.licensing.win_rdlicense_session_host: the action plugin of the same name decides, this
# reads the RD Session Host's licensing (Win32_TerminalServiceSetting in root/cimv2/TerminalServices over a packet
# privacy session, the licensing policies, PartOfDomain) and, on an RD Connection Broker, the deployment's
# (Win32_TSDeploymentLicensing), and executes the allow-listed steps it is given. Every method's ReturnValue is checked.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        licensing_mode = @{ type = 'str'; choices = @('per_user', 'per_device') }
        license_servers = @{ type = 'list'; elements = 'str' }
        connection_broker = @{ type = 'str' }
        role_inputs = @{ type = 'dict' }
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
                        'set_licensing_mode'
                        'set_license_servers'
                        'set_deployment_licensing'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                licensing_type = @{ type = 'int' }
                servers = @{ type = 'list'; elements = 'str' }
                license_servers = @{ type = 'list'; elements = 'str' }
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

Function Get-SessionHostState {
    $state = Get-RDLicensingHostInfo
    Add-RDLicensingSessionHostState -State $state
    Add-RDLicensingDeploymentState -State $state
    $state
}

# The step handlers (module_utils).
$handlers = Get-RDLicensingSessionHostHandler

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-SessionHostState} -Handlers $handlers
