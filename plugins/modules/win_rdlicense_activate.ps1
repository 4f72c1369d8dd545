#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingActivation

# The hands of remotedesktop.licensing.win_rdlicense_activate: the action plugin of the same name decides, this reads
# the Win32_TSLicenseServer singleton (contact properties, product ID, activation status, license server ID) and
# executes the allow-listed steps it is given. Contact properties are written one per Set-CimInstance call (the
# provider rejects multi-property writes); every activation method's ReturnValue and ActivationStatus are checked.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        state = @{ type = 'str'; default = 'activated'; choices = @('activated', 'deactivated', 'reactivated') }
        method = @{ type = 'str'; default = 'automatic'; choices = @('automatic', 'web', 'telephone') }
        company_information = @{
            type = 'dict'
            options = @{
                first_name = @{ type = 'str'; required = $true }
                last_name = @{ type = 'str'; required = $true }
                company = @{ type = 'str'; required = $true }
                country_region = @{ type = 'str'; required = $true }
                email = @{ type = 'str' }
                org_unit = @{ type = 'str' }
                address = @{ type = 'str' }
                city = @{ type = 'str' }
                state = @{ type = 'str' }
                postal_code = @{ type = 'str' }
            }
        }
        license_server_id = @{ type = 'str' }
        confirmation_code = @{ type = 'str'; no_log = $true }
        reason = @{
            type = 'str'
            choices = @(
                'redeployed'
                'certificate_corrupt'
                'private_key_compromised'
                'activation_key_expired'
                'server_upgraded'
            )
        }
        current_license_server_id = @{ type = 'str' }
        force = @{ type = 'bool'; default = $false }
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
                        'set_contact_property'
                        'activate_automatic'
                        'activate_with_server_id'
                        'deactivate_automatic'
                        'deactivate_with_code'
                        'reactivate_automatic'
                        'reactivate_with_server_id'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                name = @{ type = 'str' }
                value = @{ type = 'str' }
                license_server_id = @{ type = 'str' }
                # A secret: no_log here is what masks it in the invocation Ansible.Basic returns.
                confirmation_code = @{ type = 'str'; no_log = $true }
                reason = @{ type = 'int' }
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

Function Get-ActivationState {
    $state = Get-RDLicensingHostInfo
    Add-RDLicensingActivationState -State $state
    $state
}

# The step handlers, shared with win_rdlicense_server (module_utils).
$handlers = Get-RDLicensingActivationHandler

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-ActivationState} -Handlers $handlers
