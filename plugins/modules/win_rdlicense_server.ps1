#!powershell

# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

#AnsibleRequires -CSharpUtil Ansible.Basic
#AnsibleRequires -PowerShell ..module_utils._RDLicensing
#AnsibleRequires -PowerShell ..module_utils._RDLicensingRole
#AnsibleRequires -PowerShell ..module_utils._RDLicensingActivation
#AnsibleRequires -PowerShell ..module_utils._RDLicensingCals
#AnsibleRequires -PowerShell ..module_utils._RDLicensingConfiguration

# The hands of remotedesktop.licensing.win_rdlicense_server: the action plugin of the same name decides (it composes
# the planners of win_rdlicense_role, _activate, _cals and _configuration), this reads what win_rdlicense_info reads
# and executes the allow-listed steps it is given, which may mix the steps of the four modules in one apply. Nothing
# here is the server's own: the probe is win_rdlicense_info's, the step handlers are those of the four modules
# (module_utils).

# The argument spec. The options of the task are declared for Ansible.Basic, validate-modules and PSScriptAnalyzer;
# the action plugin of the same name validates and uses them and sends none: it sends _operation and _steps, the
# allow-listed steps of the operation contract (plugins/plugin_utils/_contract.py).
$spec = @{
    options = @{
        role = @{
            type = 'dict'
            default = @{}
            options = @{
                include_management_tools = @{ type = 'bool'; default = $true }
                source = @{ type = 'str' }
                service_start_mode = @{ type = 'str'; choices = @('automatic', 'manual', 'disabled') }
                service_state = @{ type = 'str'; choices = @('started', 'stopped') }
            }
        }
        activation = @{
            type = 'dict'
            default = @{}
            options = @{
                state = @{ type = 'str'; default = 'activated'; choices = @('activated', 'deactivated', 'reactivated') }
                method = @{ type = 'str'; default = 'automatic'; choices = @('automatic', 'web', 'telephone') }
                company_information = @{
                    type = 'dict'
                    options = @{
                        first_name = @{ type = 'str'; required = $true }
                        last_name = @{ type = 'str'; required = $true }
                        company = @{ type = 'str'; required = $true }
                        country_region = @{ type = 'str'; required = $true }
                        email = @{ type = 'str' }
                        org_unit = @{ type = 'str' }
                        address = @{ type = 'str' }
                        city = @{ type = 'str' }
                        state = @{ type = 'str' }
                        postal_code = @{ type = 'str' }
                    }
                }
                license_server_id = @{ type = 'str' }
                confirmation_code = @{ type = 'str'; no_log = $true }
                reason = @{
                    type = 'str'
                    choices = @(
                        'redeployed'
                        'certificate_corrupt'
                        'private_key_compromised'
                        'activation_key_expired'
                        'server_upgraded'
                    )
                }
                current_license_server_id = @{ type = 'str' }
                force = @{ type = 'bool'; default = $false }
            }
        }
        cals = @{
            type = 'dict'
            default = @{}
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
            }
        }
        configuration = @{
            type = 'dict'
            default = @{}
            options = @{
                discovery_scope = @{ type = 'str'; choices = @('workgroup', 'domain', 'forest') }
                ad_group_member = @{ type = 'bool' }
                published = @{ type = 'bool' }
                scp_registered = @{ type = 'bool' }
                endpoint_servers = @{ type = 'list'; elements = 'str' }
                endpoint_servers_purge = @{ type = 'bool'; default = $false }
            }
        }
        expiring_within_days = @{ type = 'int'; default = 90 }
        reboot = @{ type = 'bool'; default = $false }
        reboot_timeout = @{ type = 'int'; default = 600 }
        summary_wording = @{ type = 'str'; default = 'module'; choices = @('module', 'role') }
        role_inputs = @{ type = 'dict' }
        _operation = @{ type = 'str'; required = $true; choices = @('probe', 'apply') }
        _steps = @{
            type = 'list'
            elements = 'dict'
            default = @()
            options = @{
                # The step types of win_rdlicense_role, _activate, _cals and _configuration, in that order.
                type = @{
                    type = 'str'
                    required = $true
                    choices = @(
                        'install_features'
                        'uninstall_features'
                        'set_service_startup'
                        'start_service'
                        'stop_service'
                        'set_contact_property'
                        'activate_automatic'
                        'activate_with_server_id'
                        'deactivate_automatic'
                        'deactivate_with_code'
                        'reactivate_automatic'
                        'reactivate_with_server_id'
                        'init_records'
                        'install_agreement_pack'
                        'install_retail_pack'
                        'install_open_pack'
                        'install_key_pack_id'
                        'adopt_pack'
                        'remove_pack'
                        'add_to_tsls_group'
                        'remove_from_tsls_group'
                        'publish'
                        'unpublish'
                        'register_scp'
                        'unregister_scp'
                        'set_discovery_scope'
                        'add_endpoint_servers'
                        'remove_endpoint_servers'
                    )
                }
                continue_on_failure = @{ type = 'bool' }
                # win_rdlicense_role
                names = @{ type = 'list'; elements = 'str' }
                source = @{ type = 'str' }
                name = @{ type = 'str' }
                startup_type = @{ type = 'str' }
                # win_rdlicense_activate (name too)
                value = @{ type = 'str' }
                license_server_id = @{ type = 'str' }
                reason = @{ type = 'int' }
                # win_rdlicense_cals
                salt = @{ type = 'str' }
                agreement_type = @{ type = 'int' }
                product_version = @{ type = 'int' }
                product_type = @{ type = 'int' }
                license_count = @{ type = 'int' }
                # The secrets: no_log here is what masks them in the invocation Ansible.Basic returns.
                confirmation_code = @{ type = 'str'; no_log = $true }
                agreement_number = @{ type = 'str'; no_log = $true }
                license_code = @{ type = 'str'; no_log = $true }
                license_number = @{ type = 'str'; no_log = $true }
                authorization_number = @{ type = 'str'; no_log = $true }
                license_key_pack_id = @{ type = 'str'; no_log = $true }
                # The WMI KeyPackId of a pack, not a secret.
                key_pack_id = @{ type = 'int'; no_log = $false }
                # The record to write (a dict) or, for remove_pack, the name of the record to delete (a string).
                record = @{ type = 'raw' }
                # win_rdlicense_configuration
                server_role = @{ type = 'int' }
                members = @{ type = 'list'; elements = 'str' }
            }
        }
    }
    supports_check_mode = $true
    # No_log for the whole spec, so that Ansible.Basic writes no "Invoked with" entry to the Application event log:
    # it masks a no_log option by the text of its value, which for the _steps list is "System.Object[]" (and for the
    # activation and cals dicts "System.Collections.Hashtable"), so marking the secret sub-options alone would log
    # every step parameter and every secret of the task in clear text on every run.
    no_log = $true
}

$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)

# The step handlers of the four modules, as they run them. Adding two hashtables fails ("Item has already been
# added") when both hold the same key: a step type handled by two modules is refused before any step runs.
$handlers = (Get-RDLicensingRoleHandler) + (Get-RDLicensingActivationHandler) + (Get-RDLicensingCalsHandler) + (Get-RDLicensingConfigurationHandler)

Invoke-RDLicensingOperation -Module $module -Probe ${function:Get-RDLicensingInfoState} -Handlers $handlers
