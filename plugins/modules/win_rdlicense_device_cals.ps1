#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingDeviceCals

# The hands of remotedesktop.licensing.win_rdlicense_device_cals: the action plugin of the same name decides, this
# reads the key packs and the issued per-device CALs (Win32_TSIssuedLicense; with counts_only without the names) and
# executes the allow-listed revoke_cal steps it is given (Revoke() of one CAL each, its ReturnValue checked).

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends counts_only only (the probe reads it), with
# _operation and _steps, the allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        computers = @{ type = 'list'; elements = 'str' }
        issued_before = @{ type = 'str' }
        product_version = @{ type = 'str'; choices = @('2008', '2008R2', '2012', '2016', '2019', '2022', '2025') }
        cal_type = @{ type = 'str'; default = 'per_device'; choices = @('per_device', 'per_user') }
        counts_only = @{ type = 'bool'; default = $false }
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
                        'revoke_cal'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                license_id = @{ type = 'int' }
                key_pack_id = @{ type = 'int'; no_log = $false }
            }
        }
    }
    supports_check_mode = $true
    # No_log for the whole spec, so that Ansible.Basic writes no "Invoked with" entry to the Application event log:
    # the task names computers, personal data that has no place in the event log.
    no_log = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

Function Get-DeviceCalsState {
    $state = Get-RDLicensingHostInfo
    $state.provider = @{ available = $false; error_code = $null; error_message = $null }
    $state.key_packs = @()
    $state.issued_licenses = @()
    $state.counts_only = [bool]$module.Params.counts_only
    if ($state.is_admin) {
        try {
            $state.key_packs = @(Get-RDLicensingKeyPack)
            $state.issued_licenses = @(Get-RDLicensingIssuedLicense -CountsOnly $state.counts_only)
            $state.provider.available = $true
        }
        catch {
            $state.key_packs = @()
            $state.issued_licenses = @()
            $state.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
            $state.provider.error_message = [string]$_.Exception.Message
        }
    }
    $state
}

# The step handlers (module_utils).
$handlers = Get-RDLicensingDeviceCalsHandler

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-DeviceCalsState} -Handlers $handlers
