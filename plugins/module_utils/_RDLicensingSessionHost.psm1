# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The RD Session Host side of the licensing: the deployment's licensing on an RD Connection Broker
# (Win32_TSDeploymentLicensing) and the step handlers of win_rdlicense_session_host (ChangeMode and
# SetSpecifiedLicenseServerList of Win32_TerminalServiceSetting, the deployment's settings). The session host's own
# settings are read by Add-RDLicensingSessionHostState of _RDLicensing.psm1, which win_rdlicense_info reads too.
# Internal to the collection.
#
# A handler's Action runs in this module's scope: it uses its Step, the functions here and what _RDLicensing.psm1
# exports (functions and the $rdl... constants), nothing of the module that runs it.

Function Get-DeploymentLicensingInstance {
    <#
    .SYNOPSIS
    The Win32_TSDeploymentLicensing instance of the RD Connection Broker, through Session; throws the provider's
    error when the class does not answer (not a broker).
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Session
    )
    $readArgs = @{ CimSession = $Session; Namespace = $rdlTsNamespace; ClassName = $rdlDeploymentLicensingClass; ErrorAction = 'Stop' }
    $instance = Get-CimInstance @readArgs | Select-Object -First 1
    if (-not $instance) {
        throw (New-RDLicensingException -Message "$rdlDeploymentLicensingClass returned no instance" -Code $rdlWbemNotFound)
    }
    $instance
}

Function Add-RDLicensingDeploymentState {
    <#
    .SYNOPSIS
    Add the deployment part of a probe to State: whether Win32_TSDeploymentLicensing answers (else its error), and
    UseCentralLicensingSettings, LicensingType and LicenseServers. Read by an administrator only.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $State
    )
    $part = @{
        provider = @{ available = $false; error_code = $null; error_message = $null }
        use_central_licensing_settings = $null
        licensing_type = $null
        license_servers = @()
    }
    $State.deployment = $part
    if (-not $State.is_admin) {
        return
    }
    $session = $null
    try {
        $session = New-RDLicensingTsSession
        $instance = Get-DeploymentLicensingInstance -Session $session
        $part.provider.available = $true
        $part.use_central_licensing_settings = [bool]$instance.UseCentralLicensingSettings
        if ($null -ne $instance.LicensingType) {
            $part.licensing_type = [int]$instance.LicensingType
        }
        $part.license_servers = @($instance.LicenseServers | Where-Object { $_ } | ForEach-Object { [string]$_ })
    }
    catch {
        $part.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $part.provider.error_message = [string]$_.Exception.Message
    }
    finally {
        if ($null -ne $session) {
            Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue
        }
    }
}

Function Invoke-TsSettingStep {
    <#
    .SYNOPSIS
    Call one method of Win32_TerminalServiceSetting with Arguments over a packet privacy session; a changed outcome.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Arguments
    )
    $session = New-RDLicensingTsSession
    try {
        $methodArgs = @{ ClassName = $rdlTsSettingClass; Namespace = $rdlTsNamespace; Query = $rdlTsSettingQuery; CimSession = $session }
        $null = Invoke-RDLicensingCimMethod @methodArgs -MethodName $MethodName -Arguments $Arguments
    }
    finally {
        Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue
    }
    New-RDLicensingOutcome -Status 'changed'
}

Function Get-RDLicensingSessionHostHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_session_host: step type => @{ Operation; Action } (see
    Invoke-RDLicensingOperation).
    #>
    @{
        set_licensing_mode = @{
            Operation = 'ChangeMode'
            Action = {
                param($Step)
                Invoke-TsSettingStep -MethodName 'ChangeMode' -Arguments @{ LicensingType = [uint32]$Step.licensing_type }
            }
        }
        set_license_servers = @{
            Operation = 'SetSpecifiedLicenseServerList'
            Action = {
                param($Step)
                $servers = [string[]]@($Step.servers | ForEach-Object { [string]$_ })
                Invoke-TsSettingStep -MethodName 'SetSpecifiedLicenseServerList' -Arguments @{ SpecifiedLSList = $servers }
            }
        }
        set_deployment_licensing = @{
            Operation = 'Set-CimInstance'
            Action = {
                param($Step)
                $session = New-RDLicensingTsSession
                try {
                    $instance = Get-DeploymentLicensingInstance -Session $session
                    $values = @{
                        UseCentralLicensingSettings = $true
                        LicensingType = [uint32]$Step.licensing_type
                        LicenseServers = [string[]]@($Step.license_servers | ForEach-Object { [string]$_ })
                    }
                    Set-CimInstance -InputObject $instance -Property $values -ErrorAction Stop
                }
                finally {
                    Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue
                }
                New-RDLicensingOutcome -Status 'changed'
            }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Add-RDLicensingDeploymentState'
        'Get-RDLicensingSessionHostHandler'
    )
}
Export-ModuleMember @exportMembers
