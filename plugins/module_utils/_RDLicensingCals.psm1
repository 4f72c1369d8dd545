# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The step handlers of the CAL packs (Win32_TSLicenseKeyPack) and their idempotency records (salted hashes under
# $rdlRecordsKey, written under a machine-wide lock), shared by win_rdlicense_cals.ps1 and win_rdlicense_server.ps1.
# Identifiers (codes, numbers, key pack IDs) arrive in the steps; they are passed to Invoke-CimMethod as typed
# arguments and never written anywhere. Internal to the collection.
#
# A handler's Action runs in this module's scope: it uses its Step, the functions here and what _RDLicensing.psm1
# exports (functions and the $rdl... constants), nothing of the module that runs it.

# The machine-wide lock of the idempotency records (a named mutex), held by every step that reads and writes them.
$lockName = 'Global\remotedesktop.licensing.KeyPacks'

Function Test-KeyPackPresent {
    param (
        [AllowNull()]
        [object]
        $KeyPackId
    )
    if ($null -eq $KeyPackId) {
        return $false
    }
    $wanted = [Int64]$KeyPackId
    $found = @(Get-RDLicensingKeyPack | Where-Object { $_.KeyPackId -eq $wanted })
    $found.Count -gt 0
}

Function Get-RecordValue {
    <#
    .SYNOPSIS
    A value under the records key as a string, or $null when the key or the value does not exist.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name
    )
    $key = Get-Item -LiteralPath $rdlRecordsKey -ErrorAction SilentlyContinue
    if (-not $key) {
        return $null
    }
    try {
        $value = $key.GetValue($Name, $null)
    }
    finally {
        # Get-Item of a registry key opens a RegistryKey: close it now, not when the garbage collector runs.
        $key.Dispose()
    }
    if ($null -eq $value) {
        return $null
    }
    [string]$value
}

Function Get-RecordedKeyPackId {
    <#
    .SYNOPSIS
    The KeyPackId a record names, or $null when the record does not exist or cannot be read.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name
    )
    $value = Get-RecordValue -Name $Name
    if (-not $value) {
        return $null
    }
    try {
        $record = ConvertFrom-Json -InputObject $value -ErrorAction Stop
    }
    catch {
        return $null
    }
    if ($null -eq $record -or $null -eq $record.key_pack_id) {
        return $null
    }
    [Int64]$record.key_pack_id
}

Function Initialize-RecordKey {
    <#
    .SYNOPSIS
    Create the records key, readable and writable by Administrators and SYSTEM only.
    #>
    if (Test-Path -LiteralPath $rdlRecordsKey) {
        return
    }
    $parent = $rdlRecordsKey.Substring(0, $rdlRecordsKey.LastIndexOf('\'))
    if (-not (Test-Path -LiteralPath $parent)) {
        New-Item -Path $parent -ErrorAction Stop | Out-Null
    }
    New-Item -Path $rdlRecordsKey -ErrorAction Stop | Out-Null
    $acl = Get-Acl -LiteralPath $rdlRecordsKey
    $acl.SetAccessRuleProtection($true, $false)
    foreach ($sid in @('S-1-5-32-544', 'S-1-5-18')) {
        $identity = [System.Security.Principal.SecurityIdentifier]::new($sid)
        $rule = [System.Security.AccessControl.RegistryAccessRule]::new(
            $identity,
            [System.Security.AccessControl.RegistryRights]::FullControl,
            [System.Security.AccessControl.InheritanceFlags]::ContainerInherit,
            [System.Security.AccessControl.PropagationFlags]::None,
            [System.Security.AccessControl.AccessControlType]::Allow
        )
        $acl.AddAccessRule($rule)
    }
    Set-Acl -LiteralPath $rdlRecordsKey -AclObject $acl -ErrorAction Stop
}

Function Set-Record {
    <#
    .SYNOPSIS
    Write a pack's idempotency record: the value name is the salted hash, the value the KeyPackId and the facts.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Record,

        [Parameter(Mandatory = $true)]
        [Int64]
        $KeyPackId
    )
    $value = [ordered]@{
        key_pack_id = $KeyPackId
        program = [string]$Record.program
        product_version = $Record.product_version
        cal_type = $Record.cal_type
        quantity = $Record.quantity
    }
    $json = ConvertTo-Json -InputObject $value -Compress
    Initialize-RecordKey
    $propertyArgs = @{
        LiteralPath = $rdlRecordsKey
        Name = [string]$Record.name
        Value = $json
        PropertyType = 'String'
        Force = $true
        ErrorAction = 'Stop'
    }
    New-ItemProperty @propertyArgs | Out-Null
}

Function Invoke-WithRecordLock {
    <#
    .SYNOPSIS
    Run a script block while holding the machine-wide lock of the records, so that two runs cannot both install the
    same pack between their check and their record.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [scriptblock]
        $Action
    )
    $mutex = [System.Threading.Mutex]::new($false, $lockName)
    $owned = $false
    try {
        try {
            $owned = $mutex.WaitOne([TimeSpan]::FromMinutes(10))
        }
        catch [System.Threading.AbandonedMutexException] {
            $owned = $true
        }
        if (-not $owned) {
            $message = "another run held the lock $lockName of the idempotency records for 10 minutes"
            throw (New-RDLicensingException -Message $message -Code $rdlWbemFailed)
        }
        & $Action
    }
    finally {
        if ($owned) {
            $mutex.ReleaseMutex()
        }
        $mutex.Dispose()
    }
}

Function Invoke-KeyPackInstall {
    <#
    .SYNOPSIS
    Under the lock: when the record exists and names an existing key pack, another run installed the pack (ok);
    else install it with the method and write its record.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Step,

        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary]
        $Arguments
    )
    Invoke-WithRecordLock -Action {
        $recorded = Get-RecordedKeyPackId -Name ([string]$Step.record.name)
        if (Test-KeyPackPresent -KeyPackId $recorded) {
            return New-RDLicensingOutcome -Status 'ok' -Detail @{ key_pack_id = $recorded; concurrent = $true }
        }
        $result = Invoke-RDLicensingCimMethod -ClassName $rdlKeyPackClass -MethodName $MethodName -Arguments $Arguments
        $keyPackId = [Int64]$result.KeyPackId
        Set-Record -Record $Step.record -KeyPackId $keyPackId
        New-RDLicensingOutcome -Status 'changed' -Detail @{ key_pack_id = $keyPackId }
    }
}

Function Get-RDLicensingCalsHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_cals: step type => @{ Operation; Action } (see Invoke-RDLicensingOperation).
    #>
    @{
        init_records = @{
            Operation = 'New-ItemProperty'
            Action = {
                param($Step)
                Invoke-WithRecordLock -Action {
                    $current = Get-RecordValue -Name $rdlRecordsSaltValue
                    if ($current -and $current -ne [string]$Step.salt) {
                        $message = "the idempotency records under $rdlRecordsKey were initialised by another run at the same time; run the task again"
                        throw (New-RDLicensingException -Message $message -Code $rdlWbemAlreadyExists)
                    }
                    if ($current) {
                        return New-RDLicensingOutcome -Status 'ok'
                    }
                    Initialize-RecordKey
                    $propertyArgs = @{
                        LiteralPath = $rdlRecordsKey
                        Name = $rdlRecordsSaltValue
                        Value = [string]$Step.salt
                        PropertyType = 'String'
                        Force = $true
                        ErrorAction = 'Stop'
                    }
                    New-ItemProperty @propertyArgs | Out-Null
                    New-RDLicensingOutcome -Status 'changed'
                }
            }
        }
        install_agreement_pack = @{
            Operation = 'InstallAgreementLicenseKeyPack'
            Action = {
                param($Step)
                $arguments = @{
                    AgreementType = [uint32]$Step.agreement_type
                    sAgreementNumber = [string]$Step.agreement_number
                    ProductVersion = [uint32]$Step.product_version
                    ProductType = [uint32]$Step.product_type
                    LicenseCount = [uint32]$Step.license_count
                }
                Invoke-KeyPackInstall -Step $Step -MethodName 'InstallAgreementLicenseKeyPack' -Arguments $arguments
            }
        }
        install_retail_pack = @{
            Operation = 'InstallRetailPurchaseLicenseKeyPack'
            Action = {
                param($Step)
                $arguments = @{ sLicenseCode = [string]$Step.license_code }
                Invoke-KeyPackInstall -Step $Step -MethodName 'InstallRetailPurchaseLicenseKeyPack' -Arguments $arguments
            }
        }
        install_open_pack = @{
            Operation = 'InstallOpenLicenseKeyPack'
            Action = {
                param($Step)
                $arguments = @{
                    sLicenseNumber = [string]$Step.license_number
                    sAuthorizationNumber = [string]$Step.authorization_number
                    ProductVersion = [uint32]$Step.product_version
                    ProductType = [uint32]$Step.product_type
                    LicenseCount = [uint32]$Step.license_count
                }
                Invoke-KeyPackInstall -Step $Step -MethodName 'InstallOpenLicenseKeyPack' -Arguments $arguments
            }
        }
        install_key_pack_id = @{
            Operation = 'InstallLicenseKeyPack'
            Action = {
                param($Step)
                $arguments = @{ sLicenseKeyPackId = [string]$Step.license_key_pack_id }
                Invoke-KeyPackInstall -Step $Step -MethodName 'InstallLicenseKeyPack' -Arguments $arguments
            }
        }
        adopt_pack = @{
            Operation = 'New-ItemProperty'
            Action = {
                param($Step)
                Invoke-WithRecordLock -Action {
                    $recorded = Get-RecordedKeyPackId -Name ([string]$Step.record.name)
                    if (Test-KeyPackPresent -KeyPackId $recorded) {
                        return New-RDLicensingOutcome -Status 'ok' -Detail @{ key_pack_id = $recorded; concurrent = $true }
                    }
                    $keyPackId = [Int64]$Step.key_pack_id
                    if (-not (Test-KeyPackPresent -KeyPackId $keyPackId)) {
                        throw (New-RDLicensingException -Message "key pack $keyPackId no longer exists" -Code $rdlWbemNotFound)
                    }
                    Set-Record -Record $Step.record -KeyPackId $keyPackId
                    New-RDLicensingOutcome -Status 'changed' -Detail @{ key_pack_id = $keyPackId }
                }
            }
        }
        remove_pack = @{
            Operation = 'UninstallLicenseKeyPackWithId'
            Action = {
                param($Step)
                Invoke-WithRecordLock -Action {
                    $keyPackId = [Int64]$Step.key_pack_id
                    $uninstalled = $false
                    if (Test-KeyPackPresent -KeyPackId $keyPackId) {
                        $arguments = @{ KeyPackId = [uint32]$keyPackId }
                        Invoke-RDLicensingCimMethod -ClassName $rdlKeyPackClass -MethodName 'UninstallLicenseKeyPackWithId' -Arguments $arguments | Out-Null
                        $uninstalled = $true
                    }
                    if ($null -ne (Get-RecordValue -Name ([string]$Step.record))) {
                        Remove-ItemProperty -LiteralPath $rdlRecordsKey -Name ([string]$Step.record) -ErrorAction Stop
                    }
                    $status = 'ok'
                    if ($uninstalled) {
                        $status = 'changed'
                    }
                    New-RDLicensingOutcome -Status $status -Detail @{ key_pack_id = $keyPackId; uninstalled = $uninstalled }
                }
            }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Get-RDLicensingCalsHandler'
    )
}
Export-ModuleMember @exportMembers
