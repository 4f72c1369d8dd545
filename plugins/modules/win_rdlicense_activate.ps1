#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The hands of remotedesktop.licensing.win_rdlicense_activate: the action plugin of the same name decides, this reads
# the Win32_TSLicenseServer singleton (contact properties, product ID, activation status, license server ID) and
# executes the allow-listed steps it is given. Contact properties are written one per Set-CimInstance call (the
# provider rejects multi-property writes); every activation method's ReturnValue and ActivationStatus are checked.

$module = [Ansible.Basic.AnsibleModule]::Create($args, (Get-RDLicensingModuleSpec))

$className = 'Win32_TSLicenseServer'
$contactProperties = @(Get-RDLicensingContactPropertyName)
# ActivationStatus values (the activation methods)
$statusActivated = 0
$statusNotActivated = 1
# WBEM error codes thrown by this module
$wbemFailed = [Int64]2147749889
$wbemInvalidParameter = [Int64]2147749896

Function Get-ActivationState {
    $state = Get-RDLicensingHostInfo
    Add-RDLicensingActivationState -State $state
    $state
}

Function Invoke-ActivationMethod {
    <#
    .SYNOPSIS
    Call an activation method of Win32_TSLicenseServer; fail unless ReturnValue is 0 AND ActivationStatus is expected.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [Parameter(Mandatory = $true)]
        [int]
        $Expected,

        [System.Collections.IDictionary]
        $Arguments = @{}
    )
    $result = Invoke-RDLicensingCimMethod -ClassName $className -MethodName $MethodName -Arguments $Arguments
    $status = $result.ActivationStatus
    if ($null -eq $status -or [int]$status -ne $Expected) {
        $message = "$className.$MethodName returned ActivationStatus $status (expected $Expected)"
        throw (New-RDLicensingException -Message $message -Code $wbemFailed)
    }
    New-RDLicensingOutcome -Status 'changed' -Detail @{ activation_status = [int]$status }
}

$handlers = @{
    set_contact_property = @{
        Operation = 'Set-CimInstance'
        Action = {
            param($Step)
            $name = [string]$Step.name
            $value = [string]$Step.value
            if (-not ($contactProperties -ccontains $name)) {
                throw (New-RDLicensingException -Message "$className.${name}: not a contact property" -Code $wbemInvalidParameter)
            }
            $server = Get-RDLicensingServerInstance
            if ([string]$server.CimInstanceProperties[$name].Value -ceq $value) {
                return New-RDLicensingOutcome -Status 'ok' -Detail @{ name = $name }
            }
            # One property per call: the provider rejects several at once with WBEM_E_INVALID_PARAMETER.
            $property = @{}
            $property[$name] = $value
            try {
                Set-CimInstance -InputObject $server -Property $property -ErrorAction Stop
            }
            catch {
                $code = Get-RDLicensingErrorCode -Exception $_.Exception
                throw (New-RDLicensingException -Message "$className.${name}: $($_.Exception.Message)" -Code $code)
            }
            New-RDLicensingOutcome -Status 'changed' -Detail @{ name = $name }
        }
    }
    activate_automatic = @{
        Operation = 'ActivateServerAutomatic'
        Action = {
            param($Step)
            Invoke-ActivationMethod -MethodName 'ActivateServerAutomatic' -Expected $statusActivated
        }
    }
    activate_with_server_id = @{
        Operation = 'ActivateServer'
        Action = {
            param($Step)
            $methodArgs = @{ sLicenseServerId = [string]$Step.license_server_id }
            Invoke-ActivationMethod -MethodName 'ActivateServer' -Expected $statusActivated -Arguments $methodArgs
        }
    }
    deactivate_automatic = @{
        Operation = 'DeactivateServerAutomatic'
        Action = {
            param($Step)
            Invoke-ActivationMethod -MethodName 'DeactivateServerAutomatic' -Expected $statusNotActivated
        }
    }
    deactivate_with_code = @{
        Operation = 'DeactivateServer'
        Action = {
            param($Step)
            $methodArgs = @{ sConfirmCode = [string]$Step.confirmation_code }
            Invoke-ActivationMethod -MethodName 'DeactivateServer' -Expected $statusNotActivated -Arguments $methodArgs
        }
    }
    reactivate_automatic = @{
        Operation = 'ReactivateServerAutomatic'
        Action = {
            param($Step)
            $methodArgs = @{ Reason = [uint32]$Step.reason }
            Invoke-ActivationMethod -MethodName 'ReactivateServerAutomatic' -Expected $statusActivated -Arguments $methodArgs
        }
    }
    reactivate_with_server_id = @{
        Operation = 'ReactivateServer'
        Action = {
            param($Step)
            $methodArgs = @{ sNewLicenseServerId = [string]$Step.license_server_id }
            Invoke-ActivationMethod -MethodName 'ReactivateServer' -Expected $statusActivated -Arguments $methodArgs
        }
    }
}

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-ActivationState} -Handlers $handlers
