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

Function Get-RDLicensingConfigurationHandler {
    <#
    .SYNOPSIS
    The step handlers of win_rdlicense_configuration: step type => @{ Operation; Action } (see
    Invoke-RDLicensingOperation).
    #>
    @{
        add_to_tsls_group = @{
            Operation = 'AddLStoTSLSGroup'
            Action = {
                param($Step)
                Invoke-ServerDirectoryStep -MethodName 'AddLStoTSLSGroup'
            }
        }
        remove_from_tsls_group = @{
            Operation = 'RemoveLSfromTSLSGroup'
            Action = {
                param($Step)
                Invoke-ServerDirectoryStep -MethodName 'RemoveLSfromTSLSGroup'
            }
        }
        publish = @{
            Operation = 'PublishLS'
            Action = {
                param($Step)
                Invoke-ServerDirectoryStep -MethodName 'PublishLS'
            }
        }
        unpublish = @{
            Operation = 'UnpublishLS'
            Action = {
                param($Step)
                Invoke-ServerDirectoryStep -MethodName 'UnpublishLS'
            }
        }
        register_scp = @{
            Operation = 'RegisterLSToSCP'
            Action = {
                param($Step)
                Invoke-ServerDirectoryStep -MethodName 'RegisterLSToSCP'
            }
        }
        unregister_scp = @{
            Operation = 'UnRegisterLSFromSCP'
            Action = {
                param($Step)
                Invoke-ServerDirectoryStep -MethodName 'UnRegisterLSFromSCP'
            }
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
            Action = {
                param($Step)
                $memberArgs = @{
                    SID = $rdlEndpointServersSid
                    Member = [string[]]@($Step.members | ForEach-Object { [string]$_ })
                    ErrorAction = 'Stop'
                }
                Add-LocalGroupMember @memberArgs
                New-RDLicensingOutcome -Status 'changed'
            }
        }
        remove_endpoint_servers = @{
            Operation = 'Remove-LocalGroupMember'
            Action = {
                param($Step)
                $memberArgs = @{
                    SID = $rdlEndpointServersSid
                    Member = [string[]]@($Step.members | ForEach-Object { [string]$_ })
                    ErrorAction = 'Stop'
                }
                Remove-LocalGroupMember @memberArgs
                New-RDLicensingOutcome -Status 'changed'
            }
        }
    }
}

$exportMembers = @{
    Function = @(
        'Get-RDLicensingConfigurationHandler'
    )
}
Export-ModuleMember @exportMembers
