#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingCals

# The hands of remotedesktop.licensing.win_rdlicense_cals: the action plugin of the same name decides, this reads
# the activation status, the key packs and the idempotency records, and executes the allow-listed steps it is given.
# Identifiers (codes, numbers, key pack IDs) arrive in _steps, which the shared spec keeps out of the logs; they are
# passed to Invoke-CimMethod as typed arguments and never written anywhere.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        packs = @{
            type = 'list'
            elements = 'dict'
            default = @()
            options = @{
                name = @{ type = 'str' }
                program = @{
                    type = 'str'
                    required = $true
                    choices = @(
                        'retail'
                        'open_license'
                        'select'
                        'enterprise_agreement'
                        'campus'
                        'school'
                        'spla'
                        'other_agreement'
                        'license_key_pack_id'
                    )
                }
                state = @{ type = 'str'; default = 'present'; choices = @('present', 'absent') }
                product_version = @{ type = 'str'; choices = @('2008', '2008R2', '2012', '2016', '2019', '2022', '2025') }
                cal_type = @{ type = 'str'; choices = @('per_user', 'per_device') }
                quantity = @{ type = 'int' }
                license_code = @{ type = 'str'; no_log = $true }
                license_number = @{ type = 'str'; no_log = $true }
                authorization_number = @{ type = 'str'; no_log = $true }
                agreement_number = @{ type = 'str'; no_log = $true }
                license_key_pack_id = @{ type = 'str'; no_log = $true }
            }
        }
        adopt = @{ type = 'bool'; default = $true }
        report_undeclared = @{ type = 'bool'; default = $false }
        include_builtin_and_temporary = @{ type = 'bool'; default = $false }
        product_version_ids = @{ type = 'dict' }
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
                        'init_records'
                        'install_agreement_pack'
                        'install_retail_pack'
                        'install_open_pack'
                        'install_key_pack_id'
                        'adopt_pack'
                        'remove_pack'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                salt = @{ type = 'str' }
                agreement_type = @{ type = 'int' }
                product_version = @{ type = 'int' }
                product_type = @{ type = 'int' }
                license_count = @{ type = 'int' }
                # The secrets: no_log here is what masks them in the invocation Ansible.Basic returns.
                agreement_number = @{ type = 'str'; no_log = $true }
                license_code = @{ type = 'str'; no_log = $true }
                license_number = @{ type = 'str'; no_log = $true }
                authorization_number = @{ type = 'str'; no_log = $true }
                license_key_pack_id = @{ type = 'str'; no_log = $true }
                # The WMI KeyPackId of a pack, not a secret.
                key_pack_id = @{ type = 'int'; no_log = $false }
                # The record to write (a dict) or, for remove_pack, the name of the record to delete (a string).
                record = @{ type = 'raw' }
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

Function Get-CalsState {
    $state = Get-RDLicensingHostInfo
    $state.provider = @{ available = $false; error_code = $null; error_message = $null }
    $state.activation_status = $null
    $state.key_packs = @()
    $state.records = Get-RDLicensingRecordSet
    if ($state.is_admin) {
        try {
            $state.activation_status = Get-RDLicensingActivationStatus
            $state.key_packs = @(Get-RDLicensingKeyPack)
            $state.provider.available = $true
        }
        catch {
            $state.activation_status = $null
            $state.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
            $state.provider.error_message = [string]$_.Exception.Message
        }
    }
    $state
}

# The step handlers, shared with win_rdlicense_server (module_utils).
$handlers = Get-RDLicensingCalsHandler

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-CalsState} -Handlers $handlers
