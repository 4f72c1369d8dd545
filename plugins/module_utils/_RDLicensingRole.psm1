# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The step handlers of the RD Licensing role (the features and the TermServLicensing service), shared by
# win_rdlicense_role.ps1 and win_rdlicense_server.ps1. Internal to the collection.
#
# A handler's Action runs in this module's scope: it uses its Step, the functions here and what _RDLicensing.psm1
# exports (functions and the $rdl... constants), nothing of the module that runs it.

Function Get-FeatureOperationOutcome {
    <#
    .SYNOPSIS
    The outcome of Install- or Uninstall-WindowsFeature from the plain data its script block returns: success,
    exit_code, restart_needed, features (the DisplayName of each FeatureResult: a FeatureResult has Id and
    DisplayName, not Name) and messages.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Result
    )
    if (-not $Result.success) {
        $messages = @($Result.messages) -join '; '
        throw (New-RDLicensingException -Message "ExitCode $($Result.exit_code): $messages" -Code 0x80004005)
    }
    $changedNames = @($Result.features)
    $detail = @{
        restart_needed = [string]$Result.restart_needed
        exit_code = [string]$Result.exit_code
        features = $changedNames
    }
    $status = 'ok'
    if ($changedNames.Count -gt 0) {
        $status = 'changed'
    }
    New-RDLicensingOutcome -Status $status -Detail $detail
}

Function Invoke-ServiceStep {
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [scriptblock]
        $Action
    )
    if ($Name -ne $rdlServiceName) {
        # A step for another service is a bug of the caller, not a service that is missing.
        throw (New-RDLicensingException -Message "this module manages the service $rdlServiceName only, not $Name" -Code $rdlWbemInvalidParameter)
    }
    $service = Get-RDLicensingServiceInstance
    if (-not $service) {
        $reason = "service $Name is not registered yet (the role installation completes at the next restart)"
        return New-RDLicensingOutcome -Status 'skipped' -Detail @{ reason = $reason }
    }
    $status = 'ok'
    if (& $Action $service) {
        $status = 'changed'
    }
    New-RDLicensingOutcome -Status $status
}

Function Get-RDLicensingRoleHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_role: step type => @{ Operation; Action } (see Invoke-RDLicensingOperation).
    #>
    @{
        install_features = @{
            Operation = 'Install-WindowsFeature'
            Action = {
                param($Step)
                $installArgs = @{ Name = [string[]]@($Step.names); ErrorAction = 'Stop' }
                if ($Step.source) {
                    $installArgs.Source = [string]$Step.source
                }
                # Runs in Windows PowerShell 5.1 (a job under PowerShell 7): plain data only, see Get-FeatureOperationOutcome.
                $result = Invoke-RDLicensingServerManager -Arguments $installArgs -ScriptBlock {
                    param($Arguments)
                    $operation = Install-WindowsFeature @Arguments
                    @{
                        success = [bool]$operation.Success
                        exit_code = [string]$operation.ExitCode
                        restart_needed = [string]$operation.RestartNeeded
                        features = @($operation.FeatureResult | ForEach-Object { [string]$_.DisplayName })
                        messages = @($operation.FeatureResult | ForEach-Object { $_.Message | ForEach-Object { [string]$_.Text } })
                    }
                }
                Get-FeatureOperationOutcome -Result $result
            }
        }
        uninstall_features = @{
            Operation = 'Uninstall-WindowsFeature'
            Action = {
                param($Step)
                $uninstallArgs = @{ Name = [string[]]@($Step.names); ErrorAction = 'Stop' }
                $result = Invoke-RDLicensingServerManager -Arguments $uninstallArgs -ScriptBlock {
                    param($Arguments)
                    $operation = Uninstall-WindowsFeature @Arguments
                    @{
                        success = [bool]$operation.Success
                        exit_code = [string]$operation.ExitCode
                        restart_needed = [string]$operation.RestartNeeded
                        features = @($operation.FeatureResult | ForEach-Object { [string]$_.DisplayName })
                        messages = @($operation.FeatureResult | ForEach-Object { $_.Message | ForEach-Object { [string]$_.Text } })
                    }
                }
                Get-FeatureOperationOutcome -Result $result
            }
        }
        set_service_startup = @{
            Operation = 'Set-Service'
            Action = {
                param($Step)
                $startupType = [string]$Step.startup_type
                Invoke-ServiceStep -Name ([string]$Step.name) -Action {
                    param($Service)
                    $current = @{ Auto = 'Automatic'; Manual = 'Manual'; Disabled = 'Disabled' }[[string]$Service.StartMode]
                    if ($current -eq $startupType) {
                        return $false
                    }
                    Set-Service -Name $rdlServiceName -StartupType $startupType -ErrorAction Stop
                    $true
                }
            }
        }
        start_service = @{
            Operation = 'Start-Service'
            Action = {
                param($Step)
                Invoke-ServiceStep -Name ([string]$Step.name) -Action {
                    param($Service)
                    if ($Service.State -eq 'Running') {
                        return $false
                    }
                    Start-Service -Name $rdlServiceName -ErrorAction Stop
                    $true
                }
            }
        }
        stop_service = @{
            Operation = 'Stop-Service'
            Action = {
                param($Step)
                Invoke-ServiceStep -Name ([string]$Step.name) -Action {
                    param($Service)
                    if ($Service.State -eq 'Stopped') {
                        return $false
                    }
                    Stop-Service -Name $rdlServiceName -ErrorAction Stop
                    $true
                }
            }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Get-RDLicensingRoleHandler'
    )
}
Export-ModuleMember @exportMembers
