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
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Result
    )
    if (-not $Result.Success) {
        $messages = @($Result.FeatureResult | ForEach-Object { $_.Message | ForEach-Object { $_.Text } }) -join '; '
        throw (New-RDLicensingException -Message "ExitCode $($Result.ExitCode): $messages" -Code 0x80004005)
    }
    $changedNames = @($Result.FeatureResult | ForEach-Object { [string]$_.Name })
    $detail = @{
        restart_needed = [string]$Result.RestartNeeded
        exit_code = [string]$Result.ExitCode
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
    $service = Get-RDLicensingServiceInstance
    if (-not $service -or $Name -ne $serviceName) {
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
            Get-FeatureOperationOutcome -Result (Install-WindowsFeature @installArgs)
        }
    }
    uninstall_features = @{
        Operation = 'Uninstall-WindowsFeature'
        Action = {
            param($Step)
            Get-FeatureOperationOutcome -Result (Uninstall-WindowsFeature -Name ([string[]]@($Step.names)) -ErrorAction Stop)
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
