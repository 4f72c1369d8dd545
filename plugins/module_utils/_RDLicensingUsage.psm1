# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The CAL usage report of win_rdlicense_usage: Win32_TSLicenseReport.GenerateReportEx, the four Fetch* methods of
# the report read page by page until LSERVER_I_NO_MORE_DATA (or a page shorter than asked for), then DeleteReport
# unless the report is kept, in a finally block: a failure after GenerateReportEx still deletes the report.
# Internal to the collection.
#
# The keep_report handler generates the report and leaves its name here (module scope); the state read after the
# step (Get-RDLicensingUsageState) then reads that report and does not delete it. Without the step, the state read
# generates its own report and deletes it.

$script:rdlUsageKeep = $false
$script:rdlUsageKeptFile = $null

Function New-UsageError {
    <#
    .SYNOPSIS
    The error of a failed call, as the probe returns it: code, message and the method that failed.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [System.Exception]
        $Exception,

        [Parameter(Mandatory = $true)]
        [string]
        $Operation
    )
    @{ code = Get-RDLicensingErrorCode -Exception $Exception; message = [string]$Exception.Message; operation = $Operation }
}

Function ConvertTo-UsageValue {
    <#
    .SYNOPSIS
    A property as text (as a number with AsNumber), or $null.
    #>
    param (
        [AllowNull()]
        [object]
        $Value,

        [switch]
        $AsNumber
    )
    if ($null -eq $Value) {
        return $null
    }
    if ($AsNumber) {
        return [Int64]$Value
    }
    [string]$Value
}

Function ConvertTo-UsageEntry {
    <#
    .SYNOPSIS
    A report entry as the probe returns it, by its property names: Text as text, Number as numbers, Date as ISO 8601
    UTC, Name as text, or $null with CountsOnly (user and computer names, hardware IDs never leave the host then).
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Entry,

        [string[]]
        $Text = @(),

        [string[]]
        $Number = @(),

        [string[]]
        $Date = @(),

        [string[]]
        $Name = @(),

        [bool]
        $CountsOnly = $false
    )
    $converted = @{}
    foreach ($property in $Text) {
        $converted[$property] = ConvertTo-UsageValue -Value $Entry.$property
    }
    foreach ($property in $Number) {
        $converted[$property] = ConvertTo-UsageValue -Value $Entry.$property -AsNumber
    }
    foreach ($property in $Date) {
        $converted[$property] = ConvertTo-RDLicensingExpirationDate -Value $Entry.$property
    }
    foreach ($property in $Name) {
        $converted[$property] = $null
        if (-not $CountsOnly) {
            $converted[$property] = ConvertTo-UsageValue -Value $Entry.$property
        }
    }
    $converted
}

Function Read-UsageReportPart {
    <#
    .SYNOPSIS
    Every entry of one part of the report: the Fetch* method called with StartIndex and Count, page after page, until
    it answers LSERVER_I_NO_MORE_DATA or gives fewer entries than asked for; at most $rdlReportMaxPages calls. Counts
    the calls in Report.fetch_calls. Throws the error of a failed call.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $Report,

        [Parameter(Mandatory = $true)]
        [string]
        $Query,

        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [Parameter(Mandatory = $true)]
        [string]
        $OutName
    )
    $entries = [System.Collections.Generic.List[object]]::new()
    $start = 0
    $ended = $false
    for ($page = 0; $page -lt $rdlReportMaxPages; $page++) {
        $Report.fetch_calls = $Report.fetch_calls + 1
        $methodArgs = @{ ClassName = $rdlReportClass; Query = $Query; MethodName = $MethodName }
        try {
            $result = Invoke-RDLicensingCimMethod @methodArgs -Arguments @{ StartIndex = [uint32]$start; Count = [uint32]$rdlReportPageSize }
        }
        catch {
            if ((Get-RDLicensingErrorCode -Exception $_.Exception) -eq $rdlReportNoMoreData) {
                $ended = $true
                break
            }
            throw
        }
        $items = @($result.$OutName | Where-Object { $null -ne $_ })
        foreach ($item in $items) {
            $entries.Add($item)
        }
        $start = $start + $items.Count
        if ($items.Count -lt $rdlReportPageSize) {
            $ended = $true
            break
        }
    }
    if (-not $ended) {
        $message = "$MethodName gave $start entries in $rdlReportMaxPages calls without signalling the end"
        throw (New-RDLicensingException -Message $message -Code $rdlWbemFailed)
    }
    $entries
}

Function New-UsageReport {
    <#
    .SYNOPSIS
    The report part of the state, before anything is read.
    #>
    @{
        generated = $false
        file_name = $null
        generation_date_time = $null
        version = $null
        kept = $false
        deleted = $false
        summary = @()
        per_user = @()
        per_device = @()
        failed_per_user = @()
        fetch_calls = 0
        error = $null
        delete_error = $null
    }
}

Function Read-UsageReport {
    <#
    .SYNOPSIS
    Read the report named by Report.file_name into Report: its properties and its four parts (with CountsOnly, no
    user or computer name, no hardware ID); sets Report.error to the first call that failed.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [hashtable]
        $Report,

        [Parameter(Mandatory = $true)]
        [string]
        $Query,

        [bool]
        $CountsOnly = $false
    )
    $operation = 'Get-CimInstance'
    try {
        $instance = Get-CimInstance -Query $Query -ErrorAction Stop | Select-Object -First 1
        if (-not $instance) {
            throw (New-RDLicensingException -Message "$rdlReportClass $($Report.file_name) was not found" -Code $rdlWbemNotFound)
        }
        $Report.generation_date_time = ConvertTo-RDLicensingExpirationDate -Value $instance.GenerationDateTime
        $Report.version = ConvertTo-UsageValue -Value $instance.Version

        # The properties of each entry class: text, numbers, dates (ISO 8601 UTC), and the names (none with CountsOnly).
        $versionText = @('CALType', 'ProductVersion')
        $versionNumber = @('ProductVersionID')
        $operation = 'FetchReportSummaryEntries'
        $Report.summary = @(Read-UsageReportPart -Report $Report -Query $Query -MethodName $operation -OutName 'ReportSummaryEntries' | ForEach-Object {
                ConvertTo-UsageEntry -Entry $_ -Text @('ProductVersion', 'TSCALType', 'TSCALAvailability') -Number @('ProductVersionID', 'InstalledLicenses', 'IssuedLicenses')
            })
        $operation = 'FetchReportEntries'
        $Report.per_user = @(Read-UsageReportPart -Report $Report -Query $Query -MethodName $operation -OutName 'ReportEntries' | ForEach-Object {
                ConvertTo-UsageEntry -Entry $_ -Text $versionText -Number $versionNumber -Date @('ExpirationDate') -Name @('User') -CountsOnly $CountsOnly
            })
        $operation = 'FetchReportPerDeviceEntries'
        $Report.per_device = @(Read-UsageReportPart -Report $Report -Query $Query -MethodName $operation -OutName 'ReportPerDeviceEntries' | ForEach-Object {
                ConvertTo-UsageEntry -Entry $_ -Text $versionText -Number $versionNumber -Date @('ExpirationDate') -Name @('sIssuedToComputer', 'sHardwareId') -CountsOnly $CountsOnly
            })
        $operation = 'FetchReportFailedPerUserEntries'
        $Report.failed_per_user = @(Read-UsageReportPart -Report $Report -Query $Query -MethodName $operation -OutName 'ReportFailedPerUserEntries' | ForEach-Object {
                ConvertTo-UsageEntry -Entry $_ -Text $versionText -Number $versionNumber -Date @('TriedIssuanceOn') -Name @('User') -CountsOnly $CountsOnly
            })
    }
    catch {
        $Report.error = New-UsageError -Exception $_.Exception -Operation $operation
    }
}

Function Get-RDLicensingUsageState {
    <#
    .SYNOPSIS
    The probe of win_rdlicense_usage: the host, whether Win32_TSLicenseServer answers, the activation status,
    PartOfDomain and IsLSinTSLSGroup, and the CAL usage report (generated here and deleted once read, or, after the
    keep_report step, the report it generated, kept), then the reports the server keeps. Nothing is generated for an
    account that is not an administrator or when the provider does not answer.
    #>
    param (
        [bool]
        $CountsOnly = $false
    )
    $state = Get-RDLicensingHostInfo
    $state.provider = @{ available = $false; error_code = $null; error_message = $null }
    $state.activation_status = $null
    $state.domain_joined = $null
    $state.in_tsls_group = $null
    $report = New-UsageReport
    $state.report = $report
    $state.reports = @()
    if (-not $state.is_admin) {
        return $state
    }
    try {
        $null = Get-RDLicensingServerInstance
        $state.provider.available = $true
    }
    catch {
        $state.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
        $state.provider.error_message = [string]$_.Exception.Message
        return $state
    }
    try {
        $state.activation_status = Get-RDLicensingActivationStatus
    }
    catch {
        $state.activation_status = $null
    }
    $computer = Get-CimInstance -ClassName Win32_ComputerSystem -ErrorAction SilentlyContinue
    if ($computer) {
        $state.domain_joined = [bool]$computer.PartOfDomain
    }
    if ($state.domain_joined) {
        try {
            $answer = Invoke-RDLicensingCimMethod -ClassName $rdlServerClass -MethodName 'IsLSinTSLSGroup' -Arguments @{ Domain = '' }
            $state.in_tsls_group = [bool]$answer.IsMember
        }
        catch {
            $state.in_tsls_group = $null
        }
    }

    $fileName = $script:rdlUsageKeptFile
    if (-not $script:rdlUsageKeep) {
        try {
            $generated = Invoke-RDLicensingCimMethod -ClassName $rdlReportClass -MethodName 'GenerateReportEx'
            $fileName = [string]$generated.FileName
        }
        catch {
            $report.error = New-UsageError -Exception $_.Exception -Operation 'GenerateReportEx'
        }
    }
    if ($fileName) {
        $report.generated = $true
        $report.file_name = $fileName
        $escaped = $fileName.Replace('\', '\\').Replace("'", "\'")
        $query = "SELECT * FROM $rdlReportClass WHERE FileName = '$escaped'"
        try {
            Read-UsageReport -Report $report -Query $query -CountsOnly $CountsOnly
        }
        finally {
            if ($script:rdlUsageKeep -and $null -eq $report.error) {
                $report.kept = $true
            }
            else {
                try {
                    $null = Invoke-RDLicensingCimMethod -ClassName $rdlReportClass -Query $query -MethodName 'DeleteReport'
                    $report.deleted = $true
                }
                catch {
                    $report.delete_error = New-UsageError -Exception $_.Exception -Operation 'DeleteReport'
                }
            }
        }
    }
    $state.reports = @(Get-CimInstance -ClassName $rdlReportClass -ErrorAction SilentlyContinue | ForEach-Object {
            @{
                FileName = [string]$_.FileName
                GenerationDateTime = ConvertTo-RDLicensingExpirationDate -Value $_.GenerationDateTime
                Version = ConvertTo-UsageValue -Value $_.Version
            }
        })
    $state
}

Function Get-RDLicensingUsageHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_usage: step type => @{ Operation; Action } (see Invoke-RDLicensingOperation).
    #>
    @{
        keep_report = @{
            Operation = 'GenerateReportEx'
            Action = {
                param($Step)
                $script:rdlUsageKeep = $true
                $generated = Invoke-RDLicensingCimMethod -ClassName $rdlReportClass -MethodName 'GenerateReportEx'
                $script:rdlUsageKeptFile = [string]$generated.FileName
                New-RDLicensingOutcome -Status 'changed' -Detail @{ file_name = $script:rdlUsageKeptFile }
            }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Get-RDLicensingUsageHandler'
        'Get-RDLicensingUsageState'
    )
}
Export-ModuleMember @exportMembers
