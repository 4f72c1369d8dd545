# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The issued per-device CALs of a license server (Win32_TSIssuedLicense) and the step handler of
# win_rdlicense_device_cals: Revoke(), an instance method, called with Invoke-CimMethod -InputObject on the instance
# selected by its keys LicenseId and KeyPackId. Internal to the collection.
#
# A handler's Action runs in this module's scope: it uses its Step, the functions here and what _RDLicensing.psm1
# exports (functions and the $rdl... constants), nothing of the module that runs it.

Function Get-RDLicensingIssuedLicense {
    <#
    .SYNOPSIS
    Every Win32_TSIssuedLicense as the probe returns it (IssueDate, ExpirationDate as ISO 8601 UTC, or $null); with
    CountsOnly, sIssuedToUser, sIssuedToComputer and sHardwareId are $null: the names stay on the host. Throws the
    provider's error when the class does not answer.
    #>
    param (
        [bool]
        $CountsOnly = $false
    )
    foreach ($cal in @(Get-CimInstance -Namespace root/cimv2 -ClassName $rdlIssuedLicenseClass -ErrorAction Stop)) {
        $entry = @{
            LicenseId = [Int64]$cal.LicenseId
            KeyPackId = [Int64]$cal.KeyPackId
            IssueDate = ConvertTo-RDLicensingExpirationDate -Value $cal.IssueDate
            ExpirationDate = ConvertTo-RDLicensingExpirationDate -Value $cal.ExpirationDate
            LicenseStatus = $null
            sIssuedToUser = $null
            sIssuedToComputer = $null
            sHardwareId = $null
        }
        if ($null -ne $cal.LicenseStatus) {
            $entry.LicenseStatus = [Int64]$cal.LicenseStatus
        }
        if (-not $CountsOnly) {
            $entry.sIssuedToUser = [string]$cal.sIssuedToUser
            $entry.sIssuedToComputer = [string]$cal.sIssuedToComputer
            $entry.sHardwareId = [string]$cal.sHardwareId
        }
        $entry
    }
}

Function Get-IssuedLicenseInstance {
    <#
    .SYNOPSIS
    The Win32_TSIssuedLicense instance with these keys; throws WBEM_E_NOT_FOUND when there is none.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [Int64]
        $LicenseId,

        [Parameter(Mandatory = $true)]
        [Int64]
        $KeyPackId
    )
    # The filter holds two numbers only (cast above): no text of the task reaches the query.
    $filter = 'LicenseId = {0} AND KeyPackId = {1}' -f $LicenseId, $KeyPackId
    $instance = Get-CimInstance -Namespace root/cimv2 -ClassName $rdlIssuedLicenseClass -Filter $filter -ErrorAction Stop
    if (-not $instance) {
        $message = "$rdlIssuedLicenseClass LicenseId $LicenseId of KeyPackId $KeyPackId does not exist"
        throw (New-RDLicensingException -Message $message -Code $rdlWbemNotFound)
    }
    $instance
}

Function Invoke-RevokeStep {
    <#
    .SYNOPSIS
    Revoke() of one issued per-device CAL: changed when ReturnValue is 0; skipped with detail refused when it is not
    and NextRevokeAllowedOn is a date (the revocation limit); otherwise throws with ReturnValue as the code.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Step
    )
    $instance = Get-IssuedLicenseInstance -LicenseId ([Int64]$Step.license_id) -KeyPackId ([Int64]$Step.key_pack_id)
    $result = Invoke-CimMethod -InputObject $instance -MethodName 'Revoke' -ErrorAction Stop
    $detail = @{
        return_value = [Int64]$result.ReturnValue
        revokable_cals = $null
        next_revoke_allowed_on = $null
        refused = $false
    }
    if ($null -ne $result.RevokableCals) {
        $detail.revokable_cals = [Int64]$result.RevokableCals
    }
    if ($result.ReturnValue -eq 0) {
        return (New-RDLicensingOutcome -Status 'changed' -Detail $detail)
    }
    $nextAllowed = ConvertTo-RDLicensingExpirationDate -Value $result.NextRevokeAllowedOn
    if ($null -eq $nextAllowed) {
        $message = "$rdlIssuedLicenseClass.Revoke returned $($result.ReturnValue)"
        throw (New-RDLicensingException -Message $message -Code ([Int64]$result.ReturnValue))
    }
    $detail.next_revoke_allowed_on = $nextAllowed
    $detail.refused = $true
    New-RDLicensingOutcome -Status 'skipped' -Detail $detail
}

Function Get-RDLicensingDeviceCalsHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_device_cals: step type => @{ Operation; Action } (see
    Invoke-RDLicensingOperation).
    #>
    @{
        revoke_cal = @{
            Operation = 'Revoke'
            Action = {
                param($Step)
                Invoke-RevokeStep -Step $Step
            }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Get-RDLicensingDeviceCalsHandler'
        'Get-RDLicensingIssuedLicense'
    )
}
Export-ModuleMember @exportMembers
