# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The step handlers of win_rdlicense_configuration: the directory methods of Win32_TSLicenseServer (AddLStoTSLSGroup,
# RemoveLSfromTSLSGroup, PublishLS, UnpublishLS, RegisterLSToSCP, UnRegisterLSFromSCP, ChangeRole) and the members of
# the local group RDS Endpoint Servers (Add-/Remove-LocalGroupMember by SID). The configuration is read by
# Add-RDLicensingConfigurationState of _RDLicensing.psm1, which win_rdlicense_info reads too. Internal to the
# collection.
#
# A handler's Action runs in this module's scope: it uses its Step, the functions here and what _RDLicensing.psm1
# exports (functions and the $rdl... constants), nothing of the module that runs it.

Function Invoke-ServerDirectoryStep {
    <#
    .SYNOPSIS
    Call one static method of Win32_TSLicenseServer with Arguments (ReturnValue checked); a changed outcome.
    #>
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $MethodName,

        [System.Collections.IDictionary]
        $Arguments = @{}
    )
    $null = Invoke-RDLicensingCimMethod -ClassName $rdlServerClass -MethodName $MethodName -Arguments $Arguments
    New-RDLicensingOutcome -Status 'changed'
}

Function Invoke-EndpointServersStep {
    <#
    .SYNOPSIS
    Add Members to the local group RDS Endpoint Servers (by its SID), or with Remove take them out; a changed outcome.
    #>
    param (
        [object[]]
        $Members = @(),

        [switch]
        $Remove
    )
    $memberArgs = @{
        SID = $rdlEndpointServersSid
        Member = [string[]]@($Members | ForEach-Object { [string]$_ })
        ErrorAction = 'Stop'
    }
    if ($Remove) {
        Remove-LocalGroupMember @memberArgs
    }
    else {
        Add-LocalGroupMember @memberArgs
    }
    New-RDLicensingOutcome -Status 'changed'
}

Function Get-RDLicensingConfigurationHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_configuration: step type => @{ Operation; Action } (see
    Invoke-RDLicensingOperation).
    #>
    @{
        # One call of a static method of Win32_TSLicenseServer each (Invoke-RDLicensingOperation gives the step).
        add_to_tsls_group = @{ Operation = 'AddLStoTSLSGroup'; Action = { Invoke-ServerDirectoryStep -MethodName 'AddLStoTSLSGroup' } }
        remove_from_tsls_group = @{
            Operation = 'RemoveLSfromTSLSGroup'; Action = { Invoke-ServerDirectoryStep -MethodName 'RemoveLSfromTSLSGroup' }
        }
        publish = @{ Operation = 'PublishLS'; Action = { Invoke-ServerDirectoryStep -MethodName 'PublishLS' } }
        unpublish = @{ Operation = 'UnpublishLS'; Action = { Invoke-ServerDirectoryStep -MethodName 'UnpublishLS' } }
        register_scp = @{ Operation = 'RegisterLSToSCP'; Action = { Invoke-ServerDirectoryStep -MethodName 'RegisterLSToSCP' } }
        unregister_scp = @{
            Operation = 'UnRegisterLSFromSCP'; Action = { Invoke-ServerDirectoryStep -MethodName 'UnRegisterLSFromSCP' }
        }
        set_discovery_scope = @{
            Operation = 'ChangeRole'
            Action = {
                param($Step)
                Invoke-ServerDirectoryStep -MethodName 'ChangeRole' -Arguments @{ ServerRole = [uint32]$Step.server_role }
            }
        }
        add_endpoint_servers = @{
            Operation = 'Add-LocalGroupMember'
            Action = { param($Step) Invoke-EndpointServersStep -Members $Step.members }
        }
        remove_endpoint_servers = @{
            Operation = 'Remove-LocalGroupMember'
            Action = { param($Step) Invoke-EndpointServersStep -Members $Step.members -Remove }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Get-RDLicensingConfigurationHandler'
    )
}
Export-ModuleMember @exportMembers
