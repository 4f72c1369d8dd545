# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# Shared PowerShell of the remotedesktop.licensing modules (the hands). Internal to the collection.
#
# Every module of the collection is a probe (read the state, change nothing) plus a table of allow-listed step
# handlers. Invoke-RDLicensingOperation runs one or the other, following the operation contract written down in
# plugins/plugin_utils/_contract.py: it never evaluates strings as code and never builds command lines from values.
#
# Each part of a probe (the role, the activation, the key packs, the idempotency records) is read by one function
# here, which every module that needs the part calls; the simulated hands (plugins/plugin_utils/_simulator/
# hands_common.py) mirror them one for one.

# The names and numbers of the hands, written once: the readers here, the step handlers of _RDLicensingRole.psm1,
# _RDLicensingActivation.psm1 and _RDLicensingCals.psm1 and the modules use these (exported below), never a copy.
# plugins/plugin_utils/_catalogue.py holds the same values; a unit test (tests/unit/plugins/module_utils/
# test_powershell_constants.py) reads this file with tree-sitter and fails when the two differ.
$rdlFeatureNames = @('RDS-Licensing', 'RDS-Licensing-UI')
$rdlServiceName = 'TermServLicensing'
$rdlServerClass = 'Win32_TSLicenseServer'
$rdlKeyPackClass = 'Win32_TSLicenseKeyPack'
$rdlContactProperties = @('FirstName', 'LastName', 'Company', 'CountryRegion', 'eMail', 'OrgUnit', 'Address', 'City', 'State', 'PostalCode')
$rdlRecordsKey = 'HKLM:\SOFTWARE\remotedesktop.licensing\KeyPacks'
$rdlRecordsSaltValue = 'Salt'
# ActivationStatus values of GetActivationStatus and of the activation methods
$rdlStatusActivated = 0
$rdlStatusNotActivated = 1
$rdlStatusUnknown = 2
# The RD Session Host side: the role service, Win32_TerminalServiceSetting (instance methods, called on the instance a
# query selects) and Win32_TSDeploymentLicensing in their namespace, Win32_ComputerSystem, the licensing policies
$rdlSessionHostFeature = 'RDS-RD-Server'
$rdlTsNamespace = 'root/cimv2/TerminalServices'
$rdlTsSettingClass = 'Win32_TerminalServiceSetting'
$rdlTsSettingQuery = 'SELECT * FROM Win32_TerminalServiceSetting'
$rdlDeploymentLicensingClass = 'Win32_TSDeploymentLicensing'
$rdlPolicyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
$rdlPolicyLicensingModeValue = 'LicensingMode'
$rdlPolicyLicenseServersValue = 'LicenseServers'
# win_rdlicense_device_cals: the issued per-device CALs (Revoke() is an instance method)
$rdlIssuedLicenseClass = 'Win32_TSIssuedLicense'
# win_rdlicense_configuration: the license server's local group RDS Endpoint Servers, by its well-known SID (the name
# is localised)
$rdlEndpointServersSid = 'S-1-5-32-576'
# CAL usage reports (win_rdlicense_usage): the class, the ReturnValue of a Fetch* method past the last entry
# (LSERVER_I_NO_MORE_DATA), the entries asked for per call and the most calls per part
$rdlReportClass = 'Win32_TSLicenseReport'
$rdlReportNoMoreData = [Int64]16385
$rdlReportPageSize = [uint32]500
$rdlReportMaxPages = [int]200
# WBEM error codes the hands throw
$rdlWbemFailed = [Int64]2147749889
$rdlWbemNotFound = [Int64]2147749890
$rdlWbemInvalidParameter = [Int64]2147749896
$rdlWbemAlreadyExists = [Int64]2147749913

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
    The error code of a failure as an unsigned number: the WMI error_Code of a CimException; else the Windows error
    of the first Win32Exception in the exception or its inner exceptions (a cmdlet such as Start-Service wraps it:
    1058 the service is disabled, 5 access denied); else the HResult.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [System.Exception]
        $Exception
    )
    $code = [Int64]$Exception.HResult
    if ($Exception -is [Microsoft.Management.Infrastructure.CimException]) {
        if ($Exception.ErrorData) {
            $wmiCode = $Exception.ErrorData.CimInstanceProperties['error_Code']
            if ($wmiCode -and $null -ne $wmiCode.Value) {
                $code = [Int64]$wmiCode.Value
            }
        }
    }
    else {
        $inner = $Exception
        while ($null -ne $inner) {
            if ($inner -is [System.ComponentModel.Win32Exception]) {
                $code = [Int64]$inner.NativeErrorCode
                break
            }
            $inner = $inner.InnerException
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
    Call a method of a licensing WMI class with named, typed arguments (a static method, or with Query the method of
    the instance it selects); throw when ReturnValue is not 0.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ClassName,

        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [System.Collections.IDictionary]
        $Arguments = @{},

        [string]
        $Namespace = 'root/cimv2',

        # The query selecting the instance of an instance method (Win32_TerminalServiceSetting); without it the
        # method is called on the class (static).
        [string]
        $Query,

        [AllowNull()]
        [object]
        $CimSession = $null
    )
    $callArgs = @{
        Namespace = $Namespace
        MethodName = $MethodName
        ErrorAction = 'Stop'
    }
    if ($Query) {
        $callArgs.Query = $Query
    }
    else {
        $callArgs.ClassName = $ClassName
    }
    if ($null -ne $CimSession) {
        $callArgs.CimSession = $CimSession
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
        [AllowEmptyCollection()]
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

Function Get-RDLicensingContactPropertyName {
    <#
    .SYNOPSIS
    The ten writable contact properties of Win32_TSLicenseServer, in the order they are written.
    #>
    $rdlContactProperties
}

Function Get-RDLicensingServiceInstance {
    <#
    .SYNOPSIS
    The TermServLicensing service (Win32_Service), or $null while it is not registered.
    #>
    Get-CimInstance -ClassName Win32_Service -Filter "Name='$rdlServiceName'" -ErrorAction SilentlyContinue
}

Function Invoke-RDLicensingServerManager {
    <#
    .SYNOPSIS
    Run a script block of ServerManager cmdlets (Get-, Install-, Uninstall-WindowsFeature) in Windows PowerShell 5.1
    and return its output.
    .DESCRIPTION
    ServerManager is a Windows PowerShell module: PowerShell 7 (a PSRP endpoint of pwsh) loads it only through its
    compatibility layer, whose objects come back serialized. There the script block runs in a Windows PowerShell 5.1
    job (Start-Job -PSVersion 5.1), as ansible.windows.win_feature does. The job is another process: the script block
    must use nothing of this module (it gets Arguments as its one parameter) and should return plain data
    (hashtables, strings, booleans), so that both ways give the same result.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [scriptblock]
        $ScriptBlock,

        [System.Collections.IDictionary]
        $Arguments = @{}
    )
    if ($PSVersionTable.PSEdition -eq 'Core') {
        $job = Start-Job -PSVersion 5.1 -ScriptBlock $ScriptBlock -ArgumentList @($Arguments)
        try {
            Receive-Job -Job $job -Wait -ErrorAction Stop
        }
        finally {
            Remove-Job -Job $job -Force
        }
    }
    else {
        & $ScriptBlock $Arguments
    }
}

Function Get-RDLicensingFeatureState {
    <#
    .SYNOPSIS
    Get-WindowsFeature of each name as plain data (name, exists, installed, install_state); nothing on a client
    edition or for an account that is not an administrator (Get-WindowsFeature needs both).
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $State,

        [Parameter(Mandatory = $true)]
        [string[]]
        $Names
    )
    if ($State.os.product_type -eq 1 -or -not $State.is_admin) {
        return
    }
    Invoke-RDLicensingServerManager -Arguments @{ Names = $Names } -ScriptBlock {
        param($Arguments)
        foreach ($name in $Arguments.Names) {
            $feature = Get-WindowsFeature -Name $name -ErrorAction SilentlyContinue
            if ($feature) {
                @{ name = [string]$name; exists = $true; installed = [bool]$feature.Installed; install_state = [string]$feature.InstallState }
            }
            else {
                @{ name = [string]$name; exists = $false; installed = $false; install_state = $null }
            }
        }
    }
}

Function Add-RDLicensingRoleState {
    <#
    .SYNOPSIS
    Add the role part of a probe to State (from Get-RDLicensingHostInfo): features, service and reboot_pending.
    Get-WindowsFeature needs a Windows Server edition and an administrator; otherwise the features are not read.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $State
    )
    $features = [System.Collections.Generic.List[object]]::new()
    $pending = $false
    foreach ($feature in @(Get-RDLicensingFeatureState -State $State -Names $rdlFeatureNames)) {
        $features.Add($feature)
        if ($feature.install_state -in @('InstallPending', 'UninstallPending')) {
            $pending = $true
        }
    }
    $service = Get-RDLicensingServiceInstance
    $State.features = @($features)
    $State.service = @{ name = $rdlServiceName; exists = $false; start_mode = $null; state = $null }
    if ($service) {
        $State.service = @{ name = $rdlServiceName; exists = $true; start_mode = [string]$service.StartMode; state = [string]$service.State }
    }
    $State.reboot_pending = $pending
}

Function Get-RDLicensingServerInstance {
    <#
    .SYNOPSIS
    The Win32_TSLicenseServer singleton; throws the provider's error when the class does not answer.
    #>
    $server = Get-CimInstance -Namespace root/cimv2 -ClassName $rdlServerClass -ErrorAction Stop | Select-Object -First 1
    if (-not $server) {
        throw (New-RDLicensingException -Message "$rdlServerClass returned no instance" -Code $rdlWbemNotFound)
    }
    $server
}

Function Get-RDLicensingActivationStatus {
    <#
    .SYNOPSIS
    ActivationStatus of GetActivationStatus (0 activated, 1 not activated, 2 unknown); throws when it fails.
    #>
    $result = Invoke-RDLicensingCimMethod -ClassName $rdlServerClass -MethodName 'GetActivationStatus'
    if ($null -eq $result.ActivationStatus) {
        throw (New-RDLicensingException -Message "$rdlServerClass.GetActivationStatus returned no ActivationStatus" -Code $rdlWbemFailed)
    }
    [int]$result.ActivationStatus
}

Function Add-RDLicensingActivationState {
    <#
    .SYNOPSIS
    Add the activation part of a probe to State: whether Win32_TSLicenseServer answers (else its error), the contact
    properties, product ID, discovery scope, activation status (else its error) and, when activated, the license
    server ID.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $State
    )
    $properties = @{}
    foreach ($name in $rdlContactProperties) {
        $properties[$name] = $null
    }
    $State.provider = @{ available = $false; error_code = $null; error_message = $null }
    $State.activation = @{ status = $null; error_code = $null; error_message = $null }
    $State.license_server_id = $null
    $State.product_id = $null
    $State.properties = $properties
    $State.server_role = $null

    try {
        $server = Get-RDLicensingServerInstance
    }
    catch {
        $State.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $State.provider.error_message = [string]$_.Exception.Message
        return
    }
    $State.provider.available = $true
    foreach ($name in $rdlContactProperties) {
        $State.properties[$name] = [string]$server.CimInstanceProperties[$name].Value
    }
    $State.product_id = [string]$server.ProductId
    if ($null -ne $server.ServerRole) {
        $State.server_role = [int]$server.ServerRole
    }

    try {
        $State.activation.status = Get-RDLicensingActivationStatus
    }
    catch {
        $State.activation.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $State.activation.error_message = [string]$_.Exception.Message
        return
    }

    if ($State.activation.status -eq $rdlStatusActivated) {
        try {
            $result = Invoke-RDLicensingCimMethod -ClassName $rdlServerClass -MethodName 'GetLicenseServerId'
            if ($result.sLicenseServerId) {
                $State.license_server_id = [string]$result.sLicenseServerId
            }
        }
        catch {
            # The ID is informative; the decisions rest on the activation status read above.
            $State.license_server_id = $null
        }
    }
}

Function ConvertTo-RDLicensingExpirationDate {
    <#
    .SYNOPSIS
    Win32_TSLicenseKeyPack.ExpirationDate as ISO 8601 UTC, or $null when it is not a date.
    .DESCRIPTION
    Get-CimInstance gives a DATETIME as a DateTime, but an interval (a DMTF value ending in ':000') as a TimeSpan,
    and a value it cannot convert as $null or a string: none of these may fail the read of every pack.
    #>
    param (
        [AllowNull()]
        [object]
        $Value
    )
    if ($Value -isnot [datetime]) {
        return $null
    }
    try {
        $Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
    }
    catch {
        $null
    }
}

Function ConvertTo-RDLicensingKeyPackState {
    <#
    .SYNOPSIS
    A Win32_TSLicenseKeyPack instance as the probes return it (ExpirationDate as ISO 8601 UTC, or $null).
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $KeyPack
    )
    $expiration = ConvertTo-RDLicensingExpirationDate -Value $KeyPack.ExpirationDate
    @{
        KeyPackId = [Int64]$KeyPack.KeyPackId
        KeyPackType = [Int64]$KeyPack.KeyPackType
        ProductType = [Int64]$KeyPack.ProductType
        ProductVersion = [string]$KeyPack.ProductVersion
        ProductVersionID = [Int64]$KeyPack.ProductVersionID
        TotalLicenses = [Int64]$KeyPack.TotalLicenses
        IssuedLicenses = [Int64]$KeyPack.IssuedLicenses
        AvailableLicenses = [Int64]$KeyPack.AvailableLicenses
        ExpirationDate = $expiration
        Description = [string]$KeyPack.Description
        TypeAndModel = [string]$KeyPack.TypeAndModel
    }
}

Function Get-RDLicensingKeyPack {
    <#
    .SYNOPSIS
    Every Win32_TSLicenseKeyPack, as the probes return them; throws the provider's error when the class does not
    answer.
    #>
    foreach ($keyPack in @(Get-CimInstance -Namespace root/cimv2 -ClassName $rdlKeyPackClass -ErrorAction Stop)) {
        ConvertTo-RDLicensingKeyPackState -KeyPack $keyPack
    }
}

Function Get-RDLicensingRecordSet {
    <#
    .SYNOPSIS
    The idempotency records of win_rdlicense_cals: the Salt value and every other value under the records key (no
    key, or a key this account cannot read: no records).
    #>
    $records = @{ salt = $null; entries = @() }
    $key = Get-Item -LiteralPath $rdlRecordsKey -ErrorAction SilentlyContinue
    if (-not $key) {
        return $records
    }
    $entries = [System.Collections.Generic.List[object]]::new()
    try {
        foreach ($name in $key.GetValueNames()) {
            if (-not $name) {
                continue
            }
            $value = [string]$key.GetValue($name, '')
            if ($name -eq $rdlRecordsSaltValue) {
                $records.salt = $value
            }
            else {
                $entries.Add(@{ name = [string]$name; value = $value })
            }
        }
    }
    finally {
        # Get-Item of a registry key opens a RegistryKey: close it now, not when the garbage collector runs.
        $key.Dispose()
    }
    $records.entries = @($entries)
    $records
}

Function New-RDLicensingTsSession {
    <#
    .SYNOPSIS
    A local CIM session with packet privacy (DCOM, authentication level 6), which root/cimv2/TerminalServices
    requires; Remove-CimSession it when done.
    #>
    $option = New-CimSessionOption -Protocol Dcom -PacketPrivacy
    New-CimSession -SessionOption $option -ErrorAction Stop
}

Function Get-RDLicensingPolicyValue {
    <#
    .SYNOPSIS
    The licensing policies under the Terminal Services policy key: LicensingMode (a number, else $null) and
    LicenseServers (a string; a multi-string joined with ','), $null when absent.
    #>
    $policy = @{ licensing_mode = $null; license_servers = $null }
    $values = Get-ItemProperty -LiteralPath $rdlPolicyKey -ErrorAction SilentlyContinue
    if (-not $values) {
        return $policy
    }
    $mode = $values.PSObject.Properties[$rdlPolicyLicensingModeValue]
    if ($mode -and $mode.Value -is [int]) {
        $policy.licensing_mode = [int]$mode.Value
    }
    $servers = $values.PSObject.Properties[$rdlPolicyLicenseServersValue]
    if ($servers -and $null -ne $servers.Value) {
        $policy.license_servers = @($servers.Value | ForEach-Object { [string]$_ }) -join ','
    }
    $policy
}

Function Add-RDLicensingSessionHostState {
    <#
    .SYNOPSIS
    Add the session host part of a probe to State: the role service RDS-RD-Server, PartOfDomain, and, once the role
    service is installed and for an administrator, Win32_TerminalServiceSetting (licensing type, policy sources, the
    specified license servers, the grace period, the connectivity to each listed server) and the licensing policies.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $State
    )
    $roleService = @{ name = $rdlSessionHostFeature; exists = $false; installed = $false; install_state = $null }
    foreach ($feature in @(Get-RDLicensingFeatureState -State $State -Names @($rdlSessionHostFeature))) {
        $roleService = $feature
    }
    $part = @{
        role_service = $roleService
        domain_joined = $null
        provider = @{ available = $false; error_code = $null; error_message = $null }
        licensing_type = $null
        policy_source_licensing_type = $null
        policy_source_license_servers = $null
        license_servers = @()
        license_servers_error_code = $null
        grace_period_days = $null
        connectivity = @()
        group_policy = Get-RDLicensingPolicyValue
    }
    $State.session_host = $part
    $computer = Get-CimInstance -ClassName Win32_ComputerSystem -ErrorAction SilentlyContinue
    if ($computer) {
        $part.domain_joined = [bool]$computer.PartOfDomain
    }
    if (-not ($State.is_admin -and $roleService.install_state -eq 'Installed')) {
        return
    }
    try {
        $session = New-RDLicensingTsSession
    }
    catch {
        $part.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $part.provider.error_message = [string]$_.Exception.Message
        return
    }
    try {
        $readArgs = @{ CimSession = $session; Namespace = $rdlTsNamespace; ClassName = $rdlTsSettingClass; ErrorAction = 'Stop' }
        $setting = Get-CimInstance @readArgs | Select-Object -First 1
        if (-not $setting) {
            throw (New-RDLicensingException -Message "$rdlTsSettingClass returned no instance" -Code $rdlWbemNotFound)
        }
        $part.provider.available = $true
        $part.licensing_type = [int]$setting.LicensingType
        $part.policy_source_licensing_type = [int]$setting.PolicySourceLicensingType
        if ($null -ne $setting.PolicySourceConfiguredLicenseServers) {
            $part.policy_source_license_servers = [int]$setting.PolicySourceConfiguredLicenseServers
        }
    }
    catch {
        $part.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $part.provider.error_message = [string]$_.Exception.Message
        Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue
        return
    }
    $methodArgs = @{ ClassName = $rdlTsSettingClass; Namespace = $rdlTsNamespace; Query = $rdlTsSettingQuery; CimSession = $session }
    try {
        try {
            $list = Invoke-RDLicensingCimMethod @methodArgs -MethodName 'GetSpecifiedLicenseServerList'
            $part.license_servers = @($list.SpecifiedLSList | Where-Object { $_ } | ForEach-Object { [string]$_ })
        }
        catch {
            $part.license_servers_error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        }
        try {
            $grace = Invoke-RDLicensingCimMethod @methodArgs -MethodName 'GetGracePeriodDays'
            if ($null -ne $grace.DaysLeft) {
                $part.grace_period_days = [int]$grace.DaysLeft
            }
        }
        catch {
            $part.grace_period_days = $null
        }
        $connectivity = [System.Collections.Generic.List[object]]::new()
        foreach ($server in $part.license_servers) {
            $entry = @{ server = [string]$server; code = $null; error_code = $null }
            try {
                $status = Invoke-RDLicensingCimMethod @methodArgs -MethodName 'GetTStoLSConnectivityStatus' -Arguments @{ ServerName = [string]$server }
                $entry.code = [int]$status.TStoLSConnectivityStatus
            }
            catch {
                $entry.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
            }
            $connectivity.Add($entry)
        }
        $part.connectivity = @($connectivity)
    }
    finally {
        Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue
    }
}

Function Get-RDLicensingServerAnswer {
    <#
    .SYNOPSIS
    One answer of a Win32_TSLicenseServer method with a boolean out-parameter (OutName): value, or the error of the
    call (value $null).
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [Parameter(Mandatory = $true)]
        [string]
        $OutName,

        [System.Collections.IDictionary]
        $Arguments = @{}
    )
    $answer = @{ value = $null; error_code = $null; error_message = $null }
    try {
        $result = Invoke-RDLicensingCimMethod -ClassName $rdlServerClass -MethodName $MethodName -Arguments $Arguments
        $answer.value = [bool]$result.$OutName
    }
    catch {
        $answer.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $answer.error_message = [string]$_.Exception.Message
    }
    $answer
}

Function Get-RDLicensingEndpointServerState {
    <#
    .SYNOPSIS
    The members of the local group RDS Endpoint Servers, read through ADSI (the WinNT provider) by the group's SID:
    the SID of each member and its account name (DOMAIN\NAME$), no name when no account answers to the SID (an
    orphaned SID: a deleted computer account), or the error of the read. Get-LocalGroupMember of Windows PowerShell
    5.1 throws on a group holding an orphaned SID; the WinNT provider lists it, and works before Windows Server 2016.
    #>
    $part = @{ members = @(); error_code = $null; error_message = $null }
    $group = $null
    try {
        $groupSid = [System.Security.Principal.SecurityIdentifier]::new($rdlEndpointServersSid)
        # The group's name is localised: the WinNT provider addresses it by the name its SID translates to.
        $groupName = $groupSid.Translate([System.Security.Principal.NTAccount]).Value.Split('\')[-1]
        $group = [System.DirectoryServices.DirectoryEntry]::new("WinNT://$env:COMPUTERNAME/$groupName,group")
        $part.members = @(foreach ($entry in @($group.psbase.Invoke('Members'))) {
                $bytes = [byte[]]$entry.GetType().InvokeMember('objectSid', 'GetProperty', $null, $entry, $null)
                $sid = [System.Security.Principal.SecurityIdentifier]::new($bytes, 0)
                $name = $null
                try {
                    $name = [string]$sid.Translate([System.Security.Principal.NTAccount]).Value
                }
                catch [System.Security.Principal.IdentityNotMappedException] {
                    # No account answers to the SID. Any other failure of the lookup (no domain controller
                    # answers) fails the whole read: a member that cannot be looked up is not called orphaned.
                    $name = $null
                }
                @{ name = $name; sid = [string]$sid.Value }
            })
    }
    catch {
        $part.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $part.error_message = [string]$_.Exception.Message
    }
    finally {
        if ($null -ne $group) {
            $group.Dispose()
        }
    }
    $part
}

Function Add-RDLicensingConfigurationState {
    <#
    .SYNOPSIS
    Add the configuration part of a probe to State (win_rdlicense_configuration): PartOfDomain and Domain, the members
    of RDS Endpoint Servers, and, for an administrator once Win32_TSLicenseServer answers, ServerRole, IsLSonDC,
    IsLSSecGrpGPEnabled and, in a domain, IsLSinTSLSGroup, IsLSPublished and IsLSRegisteredToSCP.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $State
    )
    $part = @{
        provider = @{ available = $false; error_code = $null; error_message = $null }
        domain_joined = $null
        domain = $null
        server_role = $null
    }
    foreach ($key in @('on_domain_controller', 'security_group_policy', 'tsls_group', 'published', 'scp_registered')) {
        $part[$key] = @{ value = $null; error_code = $null; error_message = $null }
    }
    $State.configuration = $part
    $part.netbios_domain = $null
    $computer = Get-CimInstance -ClassName Win32_ComputerSystem -ErrorAction SilentlyContinue
    if ($computer) {
        $part.domain_joined = [bool]$computer.PartOfDomain
        $part.domain = [string]$computer.Domain
    }
    if ($part.domain_joined) {
        # The NetBIOS name of the domain, which the account name of a computer account begins with (DOMAIN\NAME$).
        $domains = @(Get-CimInstance -ClassName Win32_NTDomain -ErrorAction SilentlyContinue |
                Where-Object { $_.DomainName -and $_.DnsForestName })
        if ($domains.Count -eq 1) {
            $part.netbios_domain = [string]$domains[0].DomainName
        }
    }
    $part.endpoint_servers = Get-RDLicensingEndpointServerState
    if (-not $State.is_admin) {
        return
    }
    try {
        $server = Get-RDLicensingServerInstance
    }
    catch {
        $part.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $part.provider.error_message = [string]$_.Exception.Message
        return
    }
    $part.provider.available = $true
    if ($null -ne $server.ServerRole) {
        $part.server_role = [int]$server.ServerRole
    }
    $part.on_domain_controller = Get-RDLicensingServerAnswer -MethodName 'IsLSonDC' -OutName 'OnDC'
    $part.security_group_policy = Get-RDLicensingServerAnswer -MethodName 'IsLSSecGrpGPEnabled' -OutName 'Enabled'
    if ($part.domain_joined) {
        $part.tsls_group = Get-RDLicensingServerAnswer -MethodName 'IsLSinTSLSGroup' -OutName 'IsMember' -Arguments @{ Domain = '' }
        $part.published = Get-RDLicensingServerAnswer -MethodName 'IsLSPublished' -OutName 'Published'
        $part.scp_registered = Get-RDLicensingServerAnswer -MethodName 'IsLSRegisteredToSCP' -OutName 'Registered'
    }
}

Function Get-RDLicensingInfoState {
    <#
    .SYNOPSIS
    The probe of win_rdlicense_info and win_rdlicense_server: the parts the probes of win_rdlicense_role,
    win_rdlicense_activate, win_rdlicense_cals, win_rdlicense_session_host and win_rdlicense_configuration read, in one execution. A part that cannot be read (role not
    installed, provider not ready) is reported with its error, never a failure.
    #>
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
    Add-RDLicensingSessionHostState -State $state
    Add-RDLicensingConfigurationState -State $state
    $state
}

$exportMembers = @{
    Function = @(
        'Add-RDLicensingActivationState'
        'Add-RDLicensingConfigurationState'
        'Add-RDLicensingRoleState'
        'Add-RDLicensingSessionHostState'
        'ConvertTo-RDLicensingExpirationDate'
        'ConvertTo-RDLicensingHResult'
        'Get-RDLicensingActivationStatus'
        'Get-RDLicensingContactPropertyName'
        'Get-RDLicensingErrorCode'
        'Get-RDLicensingFeatureState'
        'Get-RDLicensingHostInfo'
        'Get-RDLicensingInfoState'
        'Get-RDLicensingKeyPack'
        'Get-RDLicensingRecordSet'
        'Get-RDLicensingServerInstance'
        'Get-RDLicensingServiceInstance'
        'Invoke-RDLicensingCimMethod'
        'Invoke-RDLicensingOperation'
        'Invoke-RDLicensingServerManager'
        'New-RDLicensingException'
        'New-RDLicensingOutcome'
        'New-RDLicensingTsSession'
        'Test-RDLicensingAdministrator'
    )
    # The constants above, for the other module utils and the modules (Ansible imports every module util into the
    # global scope).
    Variable = @(
        'rdlContactProperties'
        'rdlDeploymentLicensingClass'
        'rdlEndpointServersSid'
        'rdlFeatureNames'
        'rdlIssuedLicenseClass'
        'rdlKeyPackClass'
        'rdlPolicyKey'
        'rdlPolicyLicenseServersValue'
        'rdlPolicyLicensingModeValue'
        'rdlReportClass'
        'rdlReportMaxPages'
        'rdlReportNoMoreData'
        'rdlReportPageSize'
        'rdlRecordsKey'
        'rdlRecordsSaltValue'
        'rdlServerClass'
        'rdlServiceName'
        'rdlSessionHostFeature'
        'rdlTsNamespace'
        'rdlTsSettingClass'
        'rdlTsSettingQuery'
        'rdlStatusActivated'
        'rdlStatusNotActivated'
        'rdlStatusUnknown'
        'rdlWbemAlreadyExists'
        'rdlWbemFailed'
        'rdlWbemInvalidParameter'
        'rdlWbemNotFound'
    )
}
Export-ModuleMember @exportMembers
