# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# Shared PowerShell of the remotedesktop.licensing modules (the hands). Internal to the collection.
#
# Every module of the collection is a probe (read the state, change nothing) plus a table of allow-listed step
# handlers. Invoke-RDLicensingOperation runs one or the other, following the operation contract written down in
# plugins/plugin_utils/_contract.py: it never evaluates strings as code and never builds command lines from values.

Function Get-RDLicensingModuleSpec {
    <#
    .SYNOPSIS
    The Ansible.Basic argument spec every module of the collection shares: internal options only.
    #>
    @{
        options = @{
            _operation = @{ type = 'str'; required = $true; choices = @('probe', 'apply') }
            _steps = @{ type = 'list'; elements = 'dict'; no_log = $true; default = @() }
        }
        supports_check_mode = $true
    }
}

Function Test-RDLicensingAdministrator {
    <#
    .SYNOPSIS
    Whether the current token is a member of the local Administrators group (elevated).
    #>
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = [System.Security.Principal.WindowsPrincipal]::new($identity)
    $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

Function Get-RDLicensingHostInfo {
    <#
    .SYNOPSIS
    The part every probe starts with: computer name, operating system and whether we are an administrator.
    #>
    $os = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop
    $versionKey = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $installationType = (Get-ItemProperty -LiteralPath $versionKey -ErrorAction SilentlyContinue).InstallationType
    if (-not $installationType) {
        $installationType = 'Server'
    }
    @{
        computer_name = [string]$env:COMPUTERNAME
        os = @{
            caption = [string]$os.Caption
            product_type = [int]$os.ProductType
            version = [string]$os.Version
            build = [int]$os.BuildNumber
            installation_type = [string]$installationType
        }
        is_admin = [bool](Test-RDLicensingAdministrator)
    }
}

Function ConvertTo-RDLicensingHResult {
    <#
    .SYNOPSIS
    A uint32 error code (0x80041009) as the signed int32 an exception carries.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [Int64]
        $Code
    )
    if ($Code -gt [Int32]::MaxValue) {
        $Code = $Code - 4294967296
    }
    [Int32]$Code
}

Function New-RDLicensingException {
    <#
    .SYNOPSIS
    An exception carrying a WBEM or Windows error code, for a handler to throw.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Message,

        [Parameter(Mandatory = $true)]
        [Int64]
        $Code
    )
    [System.Runtime.InteropServices.COMException]::new($Message, (ConvertTo-RDLicensingHResult -Code $Code))
}

Function Get-RDLicensingErrorCode {
    <#
    .SYNOPSIS
    The error code of a failure as an unsigned number: the WMI error_Code of a CimException, else the HResult.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [System.Exception]
        $Exception
    )
    $code = [Int64]$Exception.HResult
    if ($Exception -is [Microsoft.Management.Infrastructure.CimException] -and $Exception.ErrorData) {
        $wmiCode = $Exception.ErrorData.CimInstanceProperties['error_Code']
        if ($wmiCode -and $null -ne $wmiCode.Value) {
            $code = [Int64]$wmiCode.Value
        }
    }
    if ($code -lt 0) {
        $code = $code + 4294967296
    }
    $code
}

Function Invoke-RDLicensingCimMethod {
    <#
    .SYNOPSIS
    Call a static method of a licensing WMI class with named, typed arguments; throw when ReturnValue is not 0.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ClassName,

        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [System.Collections.IDictionary]
        $Arguments = @{}
    )
    $callArgs = @{
        Namespace = 'root/cimv2'
        ClassName = $ClassName
        MethodName = $MethodName
        ErrorAction = 'Stop'
    }
    if ($Arguments.Count -gt 0) {
        $callArgs.Arguments = $Arguments
    }
    $result = Invoke-CimMethod @callArgs
    if ($result.ReturnValue -ne 0) {
        $message = "$ClassName.$MethodName returned $($result.ReturnValue)"
        throw (New-RDLicensingException -Message $message -Code ([Int64]$result.ReturnValue))
    }
    $result
}

Function Invoke-RDLicensingOperation {
    <#
    .SYNOPSIS
    Run the module's probe, or its allow-listed steps in order (stopping at the first failure, unless the failed
    step says continue_on_failure), and exit.
    .PARAMETER Handlers
    Step type => @{ Operation = 'name of the cmdlet or method'; Action = { param($Step) ... @{ status; detail } } }
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Module,

        [Parameter(Mandatory = $true)]
        [scriptblock]
        $Probe,

        [Parameter(Mandatory = $true)]
        [hashtable]
        $Handlers
    )
    $Module.Result.changed = $false
    if ($Module.Params._operation -eq 'probe') {
        $Module.Result.state = & $Probe
        $Module.ExitJson()
    }
    if ($Module.CheckMode) {
        $Module.FailJson('the apply operation is not allowed in check mode')
    }

    $outcomes = [System.Collections.Generic.List[object]]::new()
    foreach ($step in $Module.Params._steps) {
        $type = [string]$step.type
        if (-not $Handlers.ContainsKey($type)) {
            $Module.FailJson("step type '$type' is not allowed")
        }
        $handler = $Handlers[$type]
        $outcome = @{ type = $type; status = 'ok'; detail = @{}; error = $null }
        try {
            $answer = & $handler.Action $step
            $outcome.status = [string]$answer.status
            $outcome.detail = $answer.detail
        }
        catch {
            $outcome.status = 'failed'
            $outcome.error = @{
                code = Get-RDLicensingErrorCode -Exception $_.Exception
                message = [string]$_.Exception.Message
                operation = [string]$handler.Operation
            }
        }
        $outcomes.Add($outcome)
        if ($outcome.status -eq 'failed' -and -not $step.continue_on_failure) {
            break
        }
    }
    $Module.Result.changed = [bool]($outcomes | Where-Object { $_.status -eq 'changed' })
    $Module.Result.steps = @($outcomes)
    $Module.Result.state = & $Probe
    $Module.ExitJson()
}

Function New-RDLicensingOutcome {
    <#
    .SYNOPSIS
    What a step handler returns: changed or ok (or skipped) with details.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Status,

        [hashtable]
        $Detail = @{}
    )
    @{ status = $Status; detail = $Detail }
}

$exportMembers = @{
    Function = @(
        'ConvertTo-RDLicensingHResult'
        'Get-RDLicensingErrorCode'
        'Get-RDLicensingHostInfo'
        'Get-RDLicensingModuleSpec'
        'Invoke-RDLicensingCimMethod'
        'Invoke-RDLicensingOperation'
        'New-RDLicensingException'
        'New-RDLicensingOutcome'
        'Test-RDLicensingAdministrator'
    )
}
Export-ModuleMember @exportMembers
