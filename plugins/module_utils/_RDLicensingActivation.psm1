# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The step handlers of the license server's activation (Win32_TSLicenseServer: the contact properties, one per
# Set-CimInstance call, and the activation methods, whose ReturnValue and ActivationStatus are checked), shared by
# win_rdlicense_activate.ps1 and win_rdlicense_server.ps1. Internal to the collection.
#
# A handler's Action runs in this module's scope: it uses its Step, the functions here and what _RDLicensing.psm1
# exports (functions and the $rdl... constants), nothing of the module that runs it.

Function Invoke-ActivationMethod {
    <#
    .SYNOPSIS
    Call an activation method of Win32_TSLicenseServer; fail unless ReturnValue is 0 AND ActivationStatus is expected,
    or 2: "unknown error, state unknown" after a call that returned 0 is no failure of the call, and whether the
    server is activated is not known; it is returned as it is (activation_status 2) for the action plugin to say so.
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
    $result = Invoke-RDLicensingCimMethod -ClassName $rdlServerClass -MethodName $MethodName -Arguments $Arguments
    $status = $result.ActivationStatus
    if ($null -ne $status -and [int]$status -eq $rdlStatusUnknown) {
        return (New-RDLicensingOutcome -Status 'changed' -Detail @{ activation_status = $rdlStatusUnknown })
    }
    if ($null -eq $status -or [int]$status -ne $Expected) {
        $message = "$rdlServerClass.$MethodName returned ActivationStatus $status (expected $Expected)"
        throw (New-RDLicensingException -Message $message -Code $rdlWbemFailed)
    }
    New-RDLicensingOutcome -Status 'changed' -Detail @{ activation_status = [int]$status }
}

Function Get-RDLicensingActivationHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_activate: step type => @{ Operation; Action } (see
    Invoke-RDLicensingOperation).
    #>
    @{
        set_contact_property = @{
            Operation = 'Set-CimInstance'
            Action = {
                param($Step)
                $name = [string]$Step.name
                $value = [string]$Step.value
                if (-not ($rdlContactProperties -ccontains $name)) {
                    throw (New-RDLicensingException -Message "$rdlServerClass.${name}: not a contact property" -Code $rdlWbemInvalidParameter)
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
                    throw (New-RDLicensingException -Message "$rdlServerClass.${name}: $($_.Exception.Message)" -Code $code)
                }
                New-RDLicensingOutcome -Status 'changed' -Detail @{ name = $name }
            }
        }
        activate_automatic = @{
            Operation = 'ActivateServerAutomatic'
            Action = {
                param($Step)
                Invoke-ActivationMethod -MethodName 'ActivateServerAutomatic' -Expected $rdlStatusActivated
            }
        }
        activate_with_server_id = @{
            Operation = 'ActivateServer'
            Action = {
                param($Step)
                $methodArgs = @{ sLicenseServerId = [string]$Step.license_server_id }
                Invoke-ActivationMethod -MethodName 'ActivateServer' -Expected $rdlStatusActivated -Arguments $methodArgs
            }
        }
        deactivate_automatic = @{
            Operation = 'DeactivateServerAutomatic'
            Action = {
                param($Step)
                Invoke-ActivationMethod -MethodName 'DeactivateServerAutomatic' -Expected $rdlStatusNotActivated
            }
        }
        deactivate_with_code = @{
            Operation = 'DeactivateServer'
            Action = {
                param($Step)
                $methodArgs = @{ sConfirmCode = [string]$Step.confirmation_code }
                Invoke-ActivationMethod -MethodName 'DeactivateServer' -Expected $rdlStatusNotActivated -Arguments $methodArgs
            }
        }
        reactivate_automatic = @{
            Operation = 'ReactivateServerAutomatic'
            Action = {
                param($Step)
                $methodArgs = @{ Reason = [uint32]$Step.reason }
                Invoke-ActivationMethod -MethodName 'ReactivateServerAutomatic' -Expected $rdlStatusActivated -Arguments $methodArgs
            }
        }
        reactivate_with_server_id = @{
            Operation = 'ReactivateServer'
            Action = {
                param($Step)
                $methodArgs = @{ sNewLicenseServerId = [string]$Step.license_server_id }
                Invoke-ActivationMethod -MethodName 'ReactivateServer' -Expected $rdlStatusActivated -Arguments $methodArgs
            }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Get-RDLicensingActivationHandler'
    )
}
Export-ModuleMember @exportMembers
