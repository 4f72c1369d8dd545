#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingConfiguration

# The hands of remotedesktop.licensing.win_rdlicense_configuration: the action plugin of the same name decides, this
# reads the license server's directory side (Win32_TSLicenseServer: ServerRole, IsLSinTSLSGroup, IsLSPublished,
# IsLSRegisteredToSCP, IsLSonDC, IsLSSecGrpGPEnabled; Win32_ComputerSystem; the local group RDS Endpoint Servers) and
# executes the allow-listed steps it is given. Every method's ReturnValue is checked.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        discovery_scope = @{ type = 'str'; choices = @('workgroup', 'domain', 'forest') }
        ad_group_member = @{ type = 'bool' }
        published = @{ type = 'bool' }
        scp_registered = @{ type = 'bool' }
        endpoint_servers = @{ type = 'list'; elements = 'str' }
        endpoint_servers_purge = @{ type = 'bool'; default = $false }
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
                        'add_to_tsls_group'
                        'remove_from_tsls_group'
                        'publish'
                        'unpublish'
                        'register_scp'
                        'unregister_scp'
                        'set_discovery_scope'
                        'add_endpoint_servers'
                        'remove_endpoint_servers'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                server_role = @{ type = 'int' }
                members = @{ type = 'list'; elements = 'str' }
            }
        }
    }
    supports_check_mode = $true
    # No_log for the whole spec, as in every module of the collection: Ansible.Basic masks a no_log option by the text
    # of its value only, so the Application event log would hold every step parameter otherwise.
    no_log = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

Function Get-ConfigurationState {
    $state = Get-RDLicensingHostInfo
    Add-RDLicensingConfigurationState -State $state
    $state
}

# The step handlers (module_utils).
$handlers = Get-RDLicensingConfigurationHandler

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-ConfigurationState} -Handlers $handlers
