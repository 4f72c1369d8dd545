#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing

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
    $result = Invoke-RDLicensingCimMethod -ClassName $className -MethodName $MethodName -Arguments $Arguments
    $status = $result.ActivationStatus
    if ($null -ne $status -and [int]$status -eq 2) {
        return (New-RDLicensingOutcome -Status 'changed' -Detail @{ activation_status = 2 })
    }
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
