#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The hands of remotedesktop.licensing.win_rdlicense_info: read-only. The probe reads, in one execution, what the
# probes of win_rdlicense_role, win_rdlicense_activate and win_rdlicense_cals read, with the same shared readers of
# _RDLicensing.psm1: the features and the service, Win32_TSLicenseServer, the key packs and the idempotency records.
# A part that cannot be read (role not installed, provider not ready) is reported with its error, never a failure.
# There is no step.

$module = [Ansible.Basic.AnsibleModule]::Create($args, (Get-RDLicensingModuleSpec))

Function Get-InfoState {
    $state = Get-RDLicensingHostInfo
    Add-RDLicensingRoleState -State $state
    Add-RDLicensingActivationState -State $state
    $state.key_pack_provider = @{ available = $false; error_code = $null; error_message = $null }
    $state.key_packs = @()
    if ($state.is_admin -and $state.provider.available) {
        try {
            $state.key_packs = @(Get-RDLicensingKeyPack)
            $state.key_pack_provider.available = $true
        }
        catch {
            $state.key_pack_provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
            $state.key_pack_provider.error_message = [string]$_.Exception.Message
        }
    }
    $state.records = Get-RDLicensingRecordSet
    $state
}

# Read-only: no step type is allowed.
$handlers = @{}

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-InfoState} -Handlers $handlers
