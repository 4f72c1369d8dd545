#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The hands of remotedesktop.licensing.win_rdlicense_role: the action plugin of the same name decides, this reads
# the features and the service and executes the allow-listed steps it is given.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        state = @{ type = 'str'; default = 'present'; choices = @('present', 'absent') }
        include_management_tools = @{ type = 'bool'; default = $true }
        source = @{ type = 'str' }
        service_start_mode = @{ type = 'str'; choices = @('automatic', 'manual', 'disabled') }
        service_state = @{ type = 'str'; choices = @('started', 'stopped') }
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
                        'install_features'
                        'uninstall_features'
                        'set_service_startup'
                        'start_service'
                        'stop_service'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                names = @{ type = 'list'; elements = 'str' }
                source = @{ type = 'str' }
                name = @{ type = 'str' }
                startup_type = @{ type = 'str' }
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

$serviceName = 'TermServLicensing'

Function Get-RoleState {
    $state = Get-RDLicensingHostInfo
    Add-RDLicensingRoleState -State $state
    $state
}

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
    if ($Name -ne $serviceName) {
        # A step for another service is a bug of the caller, not a service that is missing.
        throw (New-RDLicensingException -Message "this module manages the service $serviceName only, not $Name" -Code 0x80041008)
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

$handlers = @{
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
                Set-Service -Name $serviceName -StartupType $startupType -ErrorAction Stop
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
                Start-Service -Name $serviceName -ErrorAction Stop
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
                Stop-Service -Name $serviceName -ErrorAction Stop
                $true
            }
        }
    }
}

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-RoleState} -Handlers $handlers
