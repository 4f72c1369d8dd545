#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing

# The hands of remotedesktop.licensing.win_rdlicense_info: read-only. The probe reads, in one execution, what the
# probes of win_rdlicense_role, win_rdlicense_activate and win_rdlicense_cals read, with the same shared readers of
# _RDLicensing.psm1 (Get-RDLicensingInfoState, also the probe of win_rdlicense_server): the features and the service,
# Win32_TSLicenseServer, the key packs and the idempotency records. A part that cannot be read (role not installed,
# provider not ready) is reported with its error, never a failure. There is no step.

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        include_builtin_and_temporary = @{ type = 'bool'; default = $false }
        expiring_within_days = @{ type = 'int'; default = 90 }
        product_version_ids = @{ type = 'dict' }
        # Read-only: the probe is the only operation, and there is no step.
        _operation = @{ type = 'str'; required = $true; choices = @('probe') }
    }
    supports_check_mode = $true
    # No_log for the whole spec, so that Ansible.Basic writes no "Invoked with" entry to the Application event log:
    # it masks a no_log option by the text of its value, which for the _steps list is "System.Object[]", so marking
    # _steps alone would log every step parameter in clear text on every run.
    no_log = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

# Read-only: no step type is allowed.
$handlers = @{}

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-RDLicensingInfoState} -Handlers $handlers
