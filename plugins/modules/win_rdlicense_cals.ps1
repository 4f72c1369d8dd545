#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The hands of remotedesktop.licensing.win_rdlicense_cals: the action plugin of the same name decides, this reads
# the activation status, the key packs and the idempotency records, and executes the allow-listed steps it is given.
# Identifiers (codes, numbers, key pack IDs) arrive in _steps, which the shared spec keeps out of the logs; they are
# passed to Invoke-CimMethod as typed arguments and never written anywhere.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        packs = @{
            type = 'list'
            elements = 'dict'
            default = @()
            options = @{
                name = @{ type = 'str' }
                program = @{
                    type = 'str'
                    required = $true
                    choices = @(
                        'retail'
                        'open_license'
                        'select'
                        'enterprise_agreement'
                        'campus'
                        'school'
                        'spla'
                        'other_agreement'
                        'license_key_pack_id'
                    )
                }
                state = @{ type = 'str'; default = 'present'; choices = @('present', 'absent') }
                product_version = @{ type = 'str'; choices = @('2008', '2008R2', '2012', '2016', '2019', '2022', '2025') }
                cal_type = @{ type = 'str'; choices = @('per_user', 'per_device') }
                quantity = @{ type = 'int' }
                license_code = @{ type = 'str'; no_log = $true }
                license_number = @{ type = 'str'; no_log = $true }
                authorization_number = @{ type = 'str'; no_log = $true }
                agreement_number = @{ type = 'str'; no_log = $true }
                license_key_pack_id = @{ type = 'str'; no_log = $true }
            }
        }
        adopt = @{ type = 'bool'; default = $true }
        report_undeclared = @{ type = 'bool'; default = $false }
        include_builtin_and_temporary = @{ type = 'bool'; default = $false }
        product_version_ids = @{ type = 'dict' }
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
                        'init_records'
                        'install_agreement_pack'
                        'install_retail_pack'
                        'install_open_pack'
                        'install_key_pack_id'
                        'adopt_pack'
                        'remove_pack'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                salt = @{ type = 'str' }
                agreement_type = @{ type = 'int' }
                product_version = @{ type = 'int' }
                product_type = @{ type = 'int' }
                license_count = @{ type = 'int' }
                # The secrets: no_log here is what masks them in the invocation Ansible.Basic returns.
                agreement_number = @{ type = 'str'; no_log = $true }
                license_code = @{ type = 'str'; no_log = $true }
                license_number = @{ type = 'str'; no_log = $true }
                authorization_number = @{ type = 'str'; no_log = $true }
                license_key_pack_id = @{ type = 'str'; no_log = $true }
                # The WMI KeyPackId of a pack, not a secret.
                key_pack_id = @{ type = 'int'; no_log = $false }
                # The record to write (a dict) or, for remove_pack, the name of the record to delete (a string).
                record = @{ type = 'raw' }
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

$keyPackClass = 'Win32_TSLicenseKeyPack'
$recordsParent = 'HKLM:\SOFTWARE\remotedesktop.licensing'
$recordsKey = 'HKLM:\SOFTWARE\remotedesktop.licensing\KeyPacks'
$saltValue = 'Salt'
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
    $key = Get-Item -LiteralPath $recordsKey -ErrorAction SilentlyContinue
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
    if (Test-Path -LiteralPath $recordsKey) {
        return
    }
    if (-not (Test-Path -LiteralPath $recordsParent)) {
        New-Item -Path $recordsParent -ErrorAction Stop | Out-Null
    }
    New-Item -Path $recordsKey -ErrorAction Stop | Out-Null
    $acl = Get-Acl -LiteralPath $recordsKey
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
    Set-Acl -LiteralPath $recordsKey -AclObject $acl -ErrorAction Stop
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
        LiteralPath = $recordsKey
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
            throw (New-RDLicensingException -Message $message -Code 0x80041001)
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
        $result = Invoke-RDLicensingCimMethod -ClassName $keyPackClass -MethodName $MethodName -Arguments $Arguments
        $keyPackId = [Int64]$result.KeyPackId
        Set-Record -Record $Step.record -KeyPackId $keyPackId
        New-RDLicensingOutcome -Status 'changed' -Detail @{ key_pack_id = $keyPackId }
    }
}

Function Get-CalsState {
    $state = Get-RDLicensingHostInfo
    $state.provider = @{ available = $false; error_code = $null; error_message = $null }
    $state.activation_status = $null
    $state.key_packs = @()
    $state.records = Get-RDLicensingRecordSet
    if ($state.is_admin) {
        try {
            $state.activation_status = Get-RDLicensingActivationStatus
            $state.key_packs = @(Get-RDLicensingKeyPack)
            $state.provider.available = $true
        }
        catch {
            $state.activation_status = $null
            $state.provider.error_code = Get-RDLicensingErrorCode -Exception $_.Exception
            $state.provider.error_message = [string]$_.Exception.Message
        }
    }
    $state
}

$handlers = @{
    init_records = @{
        Operation = 'New-ItemProperty'
        Action = {
            param($Step)
            Invoke-WithRecordLock -Action {
                $current = Get-RecordValue -Name $saltValue
                if ($current -and $current -ne [string]$Step.salt) {
                    $message = "the idempotency records under $recordsKey were initialised by another run at the same time; run the task again"
                    throw (New-RDLicensingException -Message $message -Code 0x80041019)
                }
                if ($current) {
                    return New-RDLicensingOutcome -Status 'ok'
                }
                Initialize-RecordKey
                $propertyArgs = @{
                    LiteralPath = $recordsKey
                    Name = $saltValue
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
                    throw (New-RDLicensingException -Message "key pack $keyPackId no longer exists" -Code 0x80041002)
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
                    Invoke-RDLicensingCimMethod -ClassName $keyPackClass -MethodName 'UninstallLicenseKeyPackWithId' -Arguments $arguments | Out-Null
                    $uninstalled = $true
                }
                if ($null -ne (Get-RecordValue -Name ([string]$Step.record))) {
                    Remove-ItemProperty -LiteralPath $recordsKey -Name ([string]$Step.record) -ErrorAction Stop
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

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-CalsState} -Handlers $handlers
