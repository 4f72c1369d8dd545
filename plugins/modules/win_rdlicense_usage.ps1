#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingUsage

# The hands of remotedesktop.licensing.win_rdlicense_usage: the action plugin of the same name decides, this
# generates a CAL usage report (Win32_TSLicenseReport.GenerateReportEx), reads its four parts page by page and
# deletes it (the probe), or, with the keep_report step, keeps the report it generated and reads that one back.
# Every method's ReturnValue is checked; a failure after GenerateReportEx still deletes the report.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates them and sends counts_only (so that no user or computer name leaves
# the host when it is set), _operation and _steps, the allow-listed steps of the operation contract
# (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        keep_report = @{ type = 'bool'; default = $false }
        counts_only = @{ type = 'bool'; default = $false }
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
                        'keep_report'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
            }
        }
    }
    supports_check_mode = $true
    # No_log for the whole spec, as every module of the collection: Ansible.Basic then writes no "Invoked with" entry
    # to the Application event log.
    no_log = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

Function Get-UsageState {
    Get-RDLicensingUsageState -CountsOnly $module.Params.counts_only
}

# The step handlers (module_utils).
$handlers = Get-RDLicensingUsageHandler

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-UsageState} -Handlers $handlers
