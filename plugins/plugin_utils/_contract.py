# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The operation contract between the action plugins (the brain) and the PowerShell modules (the hands).

Internal to the remotedesktop.licensing collection; not a public API.

Every PowerShell module of the collection takes two internal options:

``_operation: probe``
    read the host's state and return ``{"state": <probe shape>}``; changes nothing.
``_operation: apply`` with ``_steps: [{"type": <step type>, ...params}]``
    execute the allow-listed steps in order, stop at the first failure (unless the failed step carries
    ``continue_on_failure: true``), and return
    ``{"changed": bool, "steps": [<outcome>, ...], "state": <probe shape read back after the steps>}``.

This module writes both down as data. Three things obey it, and the unit tests prove each does: the action plugins
only emit the steps listed here with exactly these parameters, the simulated license server implements exactly these
operations, and every step type has a handler in the module's ``.ps1``.

Shapes: a value is a type, a tuple of types, a nested dict shape, or a one-item list ``[shape]`` for a list of items.
"""

from __future__ import annotations

import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat

NoneType = type(None)
OPT_STR = (str, NoneType)
OPT_INT = (int, NoneType)

OPERATIONS = ('probe', 'apply')
STEP_STATUSES = ('ok', 'changed', 'skipped', 'failed')

# What every probe shape starts with: who we are and what the host is.
HOST_SHAPE = {
    'computer_name': str,
    'os': {
        'caption': str,
        'product_type': int,        # Win32_OperatingSystem.ProductType (catalogue.OS_PRODUCT_TYPES)
        'version': str,
        'build': int,
        'installation_type': str,   # 'Server', 'Server Core', 'Client'
    },
    'is_admin': bool,
}

FEATURE_SHAPE = {'name': str, 'exists': bool, 'installed': bool, 'install_state': OPT_STR}
SERVICE_SHAPE = {'name': str, 'exists': bool, 'start_mode': OPT_STR, 'state': OPT_STR}
# Does a WMI provider answer? When not, its error.
PROVIDER_SHAPE = {'available': bool, 'error_code': OPT_INT, 'error_message': OPT_STR}

ERROR_SHAPE = {'code': int, 'message': str, 'operation': str}
OUTCOME_SHAPE = {'type': str, 'status': str, 'detail': dict, 'error': (dict, NoneType)}

# Keys any step may carry besides its type and parameters: read by the runner, never passed to the step's handler.
# continue_on_failure: the runner goes on with the next steps when this one fails (default: it stops).
STEP_RUNNER_KEYS = {'continue_on_failure': bool}

# Win32_TSLicenseKeyPack as the probes read it (property names as in WMI; ExpirationDate as ISO 8601 UTC).
KEY_PACK_SHAPE = {
    'KeyPackId': int, 'KeyPackType': int, 'ProductType': int, 'ProductVersion': OPT_STR, 'ProductVersionID': int,
    'TotalLicenses': int, 'IssuedLicenses': int, 'AvailableLicenses': int, 'ExpirationDate': OPT_STR,
    'Description': OPT_STR, 'TypeAndModel': OPT_STR,
}
# What a win_rdlicense_cals step writes as an idempotency record: the value name (a salted hash) and the non-secret
# facts stored with the resulting KeyPackId.
RECORD_SHAPE = {'name': str, 'program': str, 'product_version': OPT_STR, 'cal_type': OPT_STR, 'quantity': OPT_INT}
# The values under catalogue.RECORDS_REGISTRY_KEY as the probes read them: the Salt value and every other value as a
# string.
RECORDS_SHAPE = {'salt': OPT_STR, 'entries': [{'name': str, 'value': str}]}

# The parts the probes are made of; each part is read on the host by one function (_RDLicensing.psm1) and in the
# simulator by one function (_simulator/hands_common.py).
# The RD Licensing role: Get-WindowsFeature (read by an administrator on a server edition only), the service, and
# whether a feature operation waits for a restart.
ROLE_STATE_SHAPE = {
    'features': [FEATURE_SHAPE],
    'service': SERVICE_SHAPE,
    'reboot_pending': bool,
}
# The license server's activation.
ACTIVATION_STATE_SHAPE = {
    # Get-CimInstance Win32_TSLicenseServer: does the provider answer? When not, its error: the class is missing
    # (WBEM_E_INVALID_CLASS, role not installed) or the provider is not ready.
    'provider': PROVIDER_SHAPE,
    # GetActivationStatus: ActivationStatus (catalogue.ACTIVATION_STATUS), or the error of the call.
    'activation': {'status': OPT_INT, 'error_code': OPT_INT, 'error_message': OPT_STR},
    # GetLicenseServerId, read only when activated.
    'license_server_id': OPT_STR,
    'product_id': OPT_STR,
    # The ten contact properties by their WMI names (catalogue.CONTACT_PROPERTIES values); None when unread.
    'properties': {name: OPT_STR for name in cat.CONTACT_PROPERTIES.values()},
    'server_role': OPT_INT,  # ServerRole (catalogue.DISCOVERY_SCOPES)
}

# The RD Session Host side (read by an administrator; the Win32_TerminalServiceSetting values only once the role
# service is installed): the role service, Win32_ComputerSystem.PartOfDomain, Win32_TerminalServiceSetting in
# root/cimv2/TerminalServices (over a packet privacy session) and the licensing policies.
SESSION_HOST_STATE_SHAPE = {
    'session_host': {
        # Get-WindowsFeature RDS-RD-Server
        'role_service': FEATURE_SHAPE,
        # Win32_ComputerSystem.PartOfDomain; None when unread
        'domain_joined': (bool, NoneType),
        # Does Win32_TerminalServiceSetting answer? When not, its error.
        'provider': PROVIDER_SHAPE,
        # LicensingType, PolicySourceLicensingType, PolicySourceConfiguredLicenseServers (catalogue numbers)
        'licensing_type': OPT_INT,
        'policy_source_licensing_type': OPT_INT,
        'policy_source_license_servers': OPT_INT,
        # GetSpecifiedLicenseServerList, in order; the error code when the call failed (then the list is empty)
        'license_servers': [str],
        'license_servers_error_code': OPT_INT,
        # GetGracePeriodDays (0 = over); None when the call failed
        'grace_period_days': OPT_INT,
        # GetTStoLSConnectivityStatus of each listed server, in order: the status, or the error of the call
        'connectivity': [{'server': str, 'code': OPT_INT, 'error_code': OPT_INT}],
        # The policy values under catalogue.POLICY_REGISTRY_KEY as read: LicensingMode (None when absent or not a
        # number), LicenseServers (a multi-string joined with ','; None when absent)
        'group_policy': {'licensing_mode': OPT_INT, 'license_servers': OPT_STR},
    },
}
# The deployment's licensing on an RD Connection Broker: Win32_TSDeploymentLicensing (root/cimv2/TerminalServices).
DEPLOYMENT_STATE_SHAPE = {
    'deployment': {
        'provider': PROVIDER_SHAPE,
        'use_central_licensing_settings': (bool, NoneType),
        'licensing_type': OPT_INT,
        'license_servers': [str],
    },
}

# A CAL usage report (win_rdlicense_usage): Win32_TSLicenseReport.GenerateReportEx, the four Fetch* methods paged
# until LSERVER_I_NO_MORE_DATA (catalogue.REPORT_FETCH_METHODS), then DeleteReport unless the report is kept. The
# entries by their WMI property names, dates as ISO 8601 UTC; with counts_only the names (User, sIssuedToComputer,
# sHardwareId) are None: they never leave the host.
REPORT_SUMMARY_ENTRY_SHAPE = {'ProductVersion': OPT_STR, 'ProductVersionID': OPT_INT, 'TSCALType': OPT_STR,
                              'InstalledLicenses': OPT_INT, 'IssuedLicenses': OPT_INT, 'TSCALAvailability': OPT_STR}
REPORT_ENTRY_SHAPE = {'User': OPT_STR, 'ExpirationDate': OPT_STR, 'CALType': OPT_STR, 'ProductVersion': OPT_STR,
                      'ProductVersionID': OPT_INT}
REPORT_PER_DEVICE_ENTRY_SHAPE = {'sIssuedToComputer': OPT_STR, 'sHardwareId': OPT_STR, 'ExpirationDate': OPT_STR,
                                 'CALType': OPT_STR, 'ProductVersion': OPT_STR, 'ProductVersionID': OPT_INT}
REPORT_FAILED_PER_USER_ENTRY_SHAPE = {'User': OPT_STR, 'TriedIssuanceOn': OPT_STR, 'CALType': OPT_STR,
                                      'ProductVersion': OPT_STR, 'ProductVersionID': OPT_INT}
USAGE_STATE_SHAPE = {
    # Does Win32_TSLicenseServer answer (the role installed, the provider ready)? When not, its error.
    'provider': PROVIDER_SHAPE,
    # GetActivationStatus (catalogue.ACTIVATION_STATUS); None when not read
    'activation_status': OPT_INT,
    # Win32_ComputerSystem.PartOfDomain and IsLSinTSLSGroup(Domain='') (None when not read: a workgroup, an error)
    'domain_joined': (bool, NoneType),
    'in_tsls_group': (bool, NoneType),
    # The report: generated is false until GenerateReportEx has answered (not an administrator, no provider:
    # nothing is generated; file_name is then None and the entries empty)
    'report': {
        'generated': bool,
        'file_name': OPT_STR,
        'generation_date_time': OPT_STR,
        'version': OPT_STR,
        # kept: a keep_report step generated it and it is left for RD Licensing Manager; deleted: DeleteReport ran
        'kept': bool,
        'deleted': bool,
        'summary': [REPORT_SUMMARY_ENTRY_SHAPE],
        'per_user': [REPORT_ENTRY_SHAPE],
        'per_device': [REPORT_PER_DEVICE_ENTRY_SHAPE],
        'failed_per_user': [REPORT_FAILED_PER_USER_ENTRY_SHAPE],
        # Fetch* calls made, all parts together
        'fetch_calls': int,
        # The first call that failed, GenerateReportEx or after it (ERROR_SHAPE; the report is then deleted, kept or
        # not), and a failed DeleteReport
        'error': (dict, NoneType),
        'delete_error': (dict, NoneType),
    },
    # Get-CimInstance Win32_TSLicenseReport at the end: the reports the server keeps (RD Licensing Manager shows
    # them); GenerationDateTime as ISO 8601 UTC, Version as text
    'reports': [{'FileName': str, 'GenerationDateTime': OPT_STR, 'Version': OPT_STR}],
}

# --- win_rdlicense_configuration: the license server's directory side (RD Licensing Manager's Review Configuration) --
# One answer of a Win32_TSLicenseServer Is... method: its boolean out-parameter, or the error of the call (value None).
DIRECTORY_ANSWER_SHAPE = {'value': (bool, NoneType), 'error_code': OPT_INT, 'error_message': OPT_STR}
CONFIGURATION_STATE_SHAPE = {
    'configuration': {
        # Get-CimInstance Win32_TSLicenseServer: does the provider answer? When not, its error (and nothing else is read)
        'provider': PROVIDER_SHAPE,
        # Win32_ComputerSystem.PartOfDomain and Domain (the DNS name of the domain, or the workgroup's name)
        'domain_joined': (bool, NoneType),
        'domain': OPT_STR,
        # ServerRole: the discovery scope (catalogue.DISCOVERY_SCOPES)
        'server_role': OPT_INT,
        # IsLSonDC, IsLSSecGrpGPEnabled (read by an administrator)
        'on_domain_controller': DIRECTORY_ANSWER_SHAPE,
        'security_group_policy': DIRECTORY_ANSWER_SHAPE,
        # IsLSinTSLSGroup(''), IsLSPublished, IsLSRegisteredToSCP: read in a domain only (value None in a workgroup)
        'tsls_group': DIRECTORY_ANSWER_SHAPE,
        'published': DIRECTORY_ANSWER_SHAPE,
        'scp_registered': DIRECTORY_ANSWER_SHAPE,
        # the NetBIOS name of the domain (Win32_NTDomain.DomainName), None when not one instance tells it
        'netbios_domain': OPT_STR,
        # RDS Endpoint Servers (S-1-5-32-576) read through ADSI (WinNT): the SID of each member and its account name
        # (None for an orphaned SID, which no account answers to), or the error of the read; the SID is None only in
        # a predicted state, for a member being added
        'endpoint_servers': {'members': [{'name': OPT_STR, 'sid': OPT_STR}],
                             'error_code': OPT_INT, 'error_message': OPT_STR},
    },
}


# --- win_rdlicense_device_cals: the issued per-device CALs (Win32_TSIssuedLicense) -----------------------------------
# One instance as the probe reads it (WMI property names; IssueDate and ExpirationDate as ISO 8601 UTC, None when not
# a date). With counts_only, sIssuedToUser, sIssuedToComputer and sHardwareId are None: they never leave the host.
ISSUED_LICENSE_SHAPE = {'LicenseId': int, 'KeyPackId': int, 'sIssuedToUser': OPT_STR, 'sIssuedToComputer': OPT_STR,
                        'sHardwareId': OPT_STR, 'IssueDate': OPT_STR, 'ExpirationDate': OPT_STR,
                        'LicenseStatus': OPT_INT}
DEVICE_CALS_STATE_SHAPE = {
    # Does the RD Licensing provider answer (Win32_TSLicenseKeyPack, then Win32_TSIssuedLicense)? When not, its error
    # (WBEM_E_INVALID_CLASS: the role is not installed). Read by an administrator only.
    'provider': PROVIDER_SHAPE,
    'key_packs': [KEY_PACK_SHAPE],
    'issued_licenses': [ISSUED_LICENSE_SHAPE],
    # The probe's counts_only: the names were left on the host
    'counts_only': bool,
}


def probe_shape(*parts: dict[str, t.Any]) -> dict[str, t.Any]:
    """A probe shape: HOST_SHAPE followed by the parts, which must not share a key."""
    shape = dict(HOST_SHAPE)
    for part in parts:
        shared = sorted(set(shape) & set(part))
        if shared:
            raise ValueError('probe parts share the keys %s' % shared)
        shape.update(part)
    return shape


def cmdlet(name: str, *parameters: str) -> dict[str, t.Any]:
    """A step operation that calls a cmdlet with (at least) these named parameters."""
    return {'cmdlet': name, 'parameters': parameters}


def wmi_method(class_name: str, method: str) -> dict[str, t.Any]:
    """A step operation that calls a static method of a WMI class with exactly its documented arguments (catalogue)."""
    return {'class': class_name, 'method': method, 'arguments': cat.wmi_method_arguments(class_name, method)}


def operation_name(operation: dict[str, t.Any]) -> str:
    """What a step's failure names as its operation: the cmdlet, or the method."""
    return operation.get('cmdlet') or operation['method']


# What each step's handler calls on the host (the ``Operation`` of its entry in the .ps1's handler table is this
# operation's name). tools/psconform.py follows every handler of every .ps1 through the collection's own functions
# and splatted hashtables to the cmdlet or the Invoke-CimMethod call, and fails unless it is this one with these names.
STEP_OPERATIONS: dict[str, dict[str, dict[str, t.Any]]] = {
    'win_rdlicense_role': {
        'install_features': cmdlet('Install-WindowsFeature', 'Name', 'Source'),
        'uninstall_features': cmdlet('Uninstall-WindowsFeature', 'Name'),
        'set_service_startup': cmdlet('Set-Service', 'Name', 'StartupType'),
        'start_service': cmdlet('Start-Service', 'Name'),
        'stop_service': cmdlet('Stop-Service', 'Name'),
    },
    'win_rdlicense_activate': {
        'set_contact_property': cmdlet('Set-CimInstance', 'InputObject', 'Property'),
        'activate_automatic': wmi_method(cat.LICENSE_SERVER_CLASS, 'ActivateServerAutomatic'),
        'activate_with_server_id': wmi_method(cat.LICENSE_SERVER_CLASS, 'ActivateServer'),
        'deactivate_automatic': wmi_method(cat.LICENSE_SERVER_CLASS, 'DeactivateServerAutomatic'),
        'deactivate_with_code': wmi_method(cat.LICENSE_SERVER_CLASS, 'DeactivateServer'),
        'reactivate_automatic': wmi_method(cat.LICENSE_SERVER_CLASS, 'ReactivateServerAutomatic'),
        'reactivate_with_server_id': wmi_method(cat.LICENSE_SERVER_CLASS, 'ReactivateServer'),
    },
    'win_rdlicense_cals': {
        'init_records': cmdlet('New-ItemProperty', 'LiteralPath', 'Name', 'Value', 'PropertyType'),
        'install_agreement_pack': wmi_method(cat.KEY_PACK_CLASS, 'InstallAgreementLicenseKeyPack'),
        'install_retail_pack': wmi_method(cat.KEY_PACK_CLASS, 'InstallRetailPurchaseLicenseKeyPack'),
        'install_open_pack': wmi_method(cat.KEY_PACK_CLASS, 'InstallOpenLicenseKeyPack'),
        'install_key_pack_id': wmi_method(cat.KEY_PACK_CLASS, 'InstallLicenseKeyPack'),
        'adopt_pack': cmdlet('New-ItemProperty', 'LiteralPath', 'Name', 'Value', 'PropertyType'),
        'remove_pack': wmi_method(cat.KEY_PACK_CLASS, 'UninstallLicenseKeyPackWithId'),
    },
    'win_rdlicense_session_host': {
        'set_licensing_mode': wmi_method(cat.TS_SETTING_CLASS, 'ChangeMode'),
        'set_license_servers': wmi_method(cat.TS_SETTING_CLASS, 'SetSpecifiedLicenseServerList'),
        'set_deployment_licensing': cmdlet('Set-CimInstance', 'InputObject', 'Property'),
    },
    'win_rdlicense_info': {},
    # Revoke() is an instance method: called with Invoke-CimMethod -InputObject on the Win32_TSIssuedLicense instance
    # that Get-CimInstance -ClassName Win32_TSIssuedLicense selects by its keys (tools/psconform.py follows the class).
    'win_rdlicense_device_cals': {
        'revoke_cal': wmi_method(cat.ISSUED_LICENSE_CLASS, 'Revoke'),
    },
    'win_rdlicense_configuration': {
        'add_to_tsls_group': wmi_method(cat.LICENSE_SERVER_CLASS, 'AddLStoTSLSGroup'),
        'remove_from_tsls_group': wmi_method(cat.LICENSE_SERVER_CLASS, 'RemoveLSfromTSLSGroup'),
        'publish': wmi_method(cat.LICENSE_SERVER_CLASS, 'PublishLS'),
        'unpublish': wmi_method(cat.LICENSE_SERVER_CLASS, 'UnpublishLS'),
        'register_scp': wmi_method(cat.LICENSE_SERVER_CLASS, 'RegisterLSToSCP'),
        'unregister_scp': wmi_method(cat.LICENSE_SERVER_CLASS, 'UnRegisterLSFromSCP'),
        'set_discovery_scope': wmi_method(cat.LICENSE_SERVER_CLASS, 'ChangeRole'),
        'add_endpoint_servers': cmdlet('Add-LocalGroupMember', 'SID', 'Member'),
        'remove_endpoint_servers': cmdlet('Remove-LocalGroupMember', 'SID', 'Member'),
    },
    'win_rdlicense_usage': {
        'keep_report': wmi_method(cat.REPORT_CLASS, 'GenerateReportEx'),
    },
}


CONTRACT: dict[str, dict[str, t.Any]] = {
    'win_rdlicense_role': {
        'probe': probe_shape(ROLE_STATE_SHAPE),
        'steps': {
            # Install-WindowsFeature -Name <names> [-Source <source>]
            'install_features': {'names': [str], 'source': OPT_STR},
            # Uninstall-WindowsFeature -Name <names>
            'uninstall_features': {'names': [str]},
            # Set-Service -Name <name> -StartupType <startup_type>; skipped when the service is not registered yet
            'set_service_startup': {'name': str, 'startup_type': str},
            # Start-Service / Stop-Service; skipped when the service is not registered yet
            'start_service': {'name': str},
            'stop_service': {'name': str},
        },
    },
    'win_rdlicense_activate': {
        'probe': probe_shape(ACTIVATION_STATE_SHAPE),
        'steps': {
            # Set-CimInstance of ONE contact property (the provider rejects multi-property writes)
            'set_contact_property': {'name': str, 'value': str},
            # ActivateServerAutomatic()
            'activate_automatic': {},
            # ActivateServer(sLicenseServerId)
            'activate_with_server_id': {'license_server_id': str},
            # DeactivateServerAutomatic()
            'deactivate_automatic': {},
            # DeactivateServer(sConfirmCode); the code is a secret
            'deactivate_with_code': {'confirmation_code': str},
            # ReactivateServerAutomatic(Reason) with a catalogue.REACTIVATION_REASONS number
            'reactivate_automatic': {'reason': int},
            # ReactivateServer(sNewLicenseServerId)
            'reactivate_with_server_id': {'license_server_id': str},
        },
    },
    'win_rdlicense_cals': {
        'probe': probe_shape({
            # Does the Win32_TSLicenseKeyPack / Win32_TSLicenseServer provider answer? When not, its error.
            'provider': PROVIDER_SHAPE,
            # GetActivationStatus: ActivationStatus (catalogue.ACTIVATION_STATUS); None when the provider is not read
            'activation_status': OPT_INT,
            # Get-CimInstance Win32_TSLicenseKeyPack (read by an administrator only)
            'key_packs': [KEY_PACK_SHAPE],
            'records': RECORDS_SHAPE,
        }),
        'steps': {
            # Create the records key (Administrators and SYSTEM only) and write the Salt value; fails when another
            # run wrote a different salt in the meantime
            'init_records': {'salt': str},
            # Each install step: under a lock, when the record exists and names a key pack that exists, answer 'ok'
            # with that KeyPackId (another run installed it); else call the method, then write the record.
            # InstallAgreementLicenseKeyPack(AgreementType, sAgreementNumber, ProductVersion, ProductType,
            # LicenseCount); the agreement number is a secret
            'install_agreement_pack': {'agreement_type': int, 'agreement_number': str, 'product_version': int,
                                       'product_type': int, 'license_count': int, 'record': RECORD_SHAPE},
            # InstallRetailPurchaseLicenseKeyPack(sLicenseCode); the code is a secret
            'install_retail_pack': {'license_code': str, 'record': RECORD_SHAPE},
            # InstallOpenLicenseKeyPack(sLicenseNumber, sAuthorizationNumber, ProductVersion, ProductType,
            # LicenseCount); both numbers are secrets
            'install_open_pack': {'license_number': str, 'authorization_number': str, 'product_version': int,
                                  'product_type': int, 'license_count': int, 'record': RECORD_SHAPE},
            # InstallLicenseKeyPack(sLicenseKeyPackId); the ID is a secret
            'install_key_pack_id': {'license_key_pack_id': str, 'record': RECORD_SHAPE},
            # Write the record of a pack installed without the collection (it must still exist)
            'adopt_pack': {'key_pack_id': int, 'record': RECORD_SHAPE},
            # UninstallLicenseKeyPackWithId(KeyPackId) when the pack exists, then delete the record (a value name)
            'remove_pack': {'key_pack_id': int, 'record': str},
        },
    },
    'win_rdlicense_session_host': {
        'probe': probe_shape(SESSION_HOST_STATE_SHAPE, DEPLOYMENT_STATE_SHAPE),
        'steps': {
            # ChangeMode(LicensingType) of Win32_TerminalServiceSetting (catalogue.LICENSING_TYPES number)
            'set_licensing_mode': {'licensing_type': int},
            # SetSpecifiedLicenseServerList(SpecifiedLSList): replaces the whole list, in this order
            'set_license_servers': {'servers': [str]},
            # Set-CimInstance of Win32_TSDeploymentLicensing (on the broker): UseCentralLicensingSettings true,
            # LicensingType and LicenseServers
            'set_deployment_licensing': {'licensing_type': int, 'license_servers': [str]},
        },
    },
    'win_rdlicense_configuration': {
        'probe': probe_shape(CONFIGURATION_STATE_SHAPE),
        'steps': {
            # AddLStoTSLSGroup() / RemoveLSfromTSLSGroup(): the AD group Terminal Server License Servers (Domain Admins)
            'add_to_tsls_group': {},
            'remove_from_tsls_group': {},
            # PublishLS() / UnpublishLS(): published in AD DS (Enterprise Admins)
            'publish': {},
            'unpublish': {},
            # RegisterLSToSCP() / UnRegisterLSFromSCP(): the service connection point
            'register_scp': {},
            'unregister_scp': {},
            # ChangeRole(ServerRole) with a catalogue.DISCOVERY_SCOPES number
            'set_discovery_scope': {'server_role': int},
            # Add-/Remove-LocalGroupMember -SID S-1-5-32-576 -Member <computer accounts: DOMAIN\\NAME$ or NAME$>
            'add_endpoint_servers': {'members': [str]},
            'remove_endpoint_servers': {'members': [str]},
        },
    },
    'win_rdlicense_info': {
        # Read-only: the parts of the three probes above, the session host part and the configuration part
        # (win_rdlicense_configuration's), read in one execution.
        'probe': probe_shape(ROLE_STATE_SHAPE, ACTIVATION_STATE_SHAPE, SESSION_HOST_STATE_SHAPE, {
            # Get-CimInstance Win32_TSLicenseKeyPack, read by an administrator once Win32_TSLicenseServer answered;
            # when the read fails, its error (and no key packs)
            'key_pack_provider': PROVIDER_SHAPE,
            'key_packs': [KEY_PACK_SHAPE],
            'records': RECORDS_SHAPE,
        }, CONFIGURATION_STATE_SHAPE),
        'steps': {},
    },
    'win_rdlicense_usage': {
        # Read-only for licensing. The probe generates a report, reads it and deletes it (nothing is left); it takes
        # the task's counts_only, so that no user or computer name leaves the host when it is set.
        'probe': probe_shape(USAGE_STATE_SHAPE),
        'steps': {
            # GenerateReportEx(), and the report is kept: the state read back after the step is read from this report,
            # which is not deleted (unless reading it fails). The only step, sent alone, without a probe before it.
            'keep_report': {},
        },
    },
}
CONTRACT['win_rdlicense_device_cals'] = {
    'probe': probe_shape(DEVICE_CALS_STATE_SHAPE),
    'steps': {
        # Revoke() of the Win32_TSIssuedLicense (LicenseId, KeyPackId). Outcome 'changed' when ReturnValue is 0;
        # 'skipped' with detail refused true when it is not and NextRevokeAllowedOn is a date (the revocation limit);
        # 'failed' for any other answer. detail: return_value, revokable_cals (RevokableCals), next_revoke_allowed_on
        # (ISO 8601 UTC or None), refused.
        'revoke_cal': {'license_id': int, 'key_pack_id': int},
    },
}


# Step parameters that carry a secret (a code or number the user holds): ``no_log`` sub-options of ``_steps`` in the
# module's argument spec (Ansible.Basic then masks them in the invocation it returns); never in a message.
SECRET_STEP_PARAMETERS: dict[str, tuple[str, ...]] = {
    'win_rdlicense_role': (),
    'win_rdlicense_activate': ('confirmation_code',),
    'win_rdlicense_cals': ('agreement_number', 'license_code', 'license_number', 'authorization_number',
                           'license_key_pack_id'),
    'win_rdlicense_session_host': (),
    'win_rdlicense_info': (),
    'win_rdlicense_device_cals': (),
    'win_rdlicense_configuration': (),
    'win_rdlicense_usage': (),
}


# win_rdlicense_server composes the four modules that change a license server: it probes what win_rdlicense_info
# reads and applies the steps of win_rdlicense_role, _activate, _cals and _configuration, in that order, in one apply.
# Its entries are derived from theirs, never written twice.
COMPOSED: dict[str, tuple[str, ...]] = {
    'win_rdlicense_server': ('win_rdlicense_role', 'win_rdlicense_activate', 'win_rdlicense_cals',
                             'win_rdlicense_configuration'),
}


def _union(tables: t.Iterable[dict[str, t.Any]], what: str) -> dict[str, t.Any]:
    merged: dict[str, t.Any] = {}
    for table in tables:
        for name, value in table.items():
            if name in merged and merged[name] != value:
                raise ValueError('%s: the step type %s is defined differently by two modules' % (what, name))
            merged[name] = value
    return merged


for _composite, _parts in COMPOSED.items():
    CONTRACT[_composite] = {
        'probe': CONTRACT['win_rdlicense_info']['probe'],
        'steps': _union((CONTRACT[part]['steps'] for part in _parts), _composite),
    }
    STEP_OPERATIONS[_composite] = _union((STEP_OPERATIONS[part] for part in _parts), _composite)
    SECRET_STEP_PARAMETERS[_composite] = tuple(dict.fromkeys(p for part in _parts for p in SECRET_STEP_PARAMETERS[part]))


class ContractError(Exception):
    """Data that does not follow the contract: a bug in the collection, never a user error."""


def _type_name(expected: t.Any) -> str:
    if isinstance(expected, tuple):
        return ' or '.join(_type_name(e) for e in expected)
    if isinstance(expected, dict):
        return 'dict'
    if isinstance(expected, list):
        return 'list'
    return 'null' if expected is NoneType else expected.__name__


def check_shape(value: t.Any, shape: t.Any, where: str) -> None:
    """Raise ContractError unless value has the shape (extra keys are errors too: the contract is closed)."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            raise ContractError('%s: expected a dict, got %s' % (where, type(value).__name__))
        missing = sorted(set(shape) - set(value))
        extra = sorted(set(value) - set(shape))
        if missing or extra:
            raise ContractError('%s: missing keys %s, unexpected keys %s' % (where, missing, extra))
        for key, sub in shape.items():
            check_shape(value[key], sub, '%s.%s' % (where, key))
        return
    if isinstance(shape, list):
        if not isinstance(value, list):
            raise ContractError('%s: expected a list, got %s' % (where, type(value).__name__))
        for idx, item in enumerate(value):
            check_shape(item, shape[0], '%s[%d]' % (where, idx))
        return
    types = shape if isinstance(shape, tuple) else (shape,)
    # bool is an int in Python; the contract keeps them apart.
    ok = any(isinstance(value, typ) and not (typ is int and isinstance(value, bool)) for typ in types)
    if not ok:
        raise ContractError('%s: expected %s, got %s' % (where, _type_name(shape), type(value).__name__))


def module_contract(module: str) -> dict[str, t.Any]:
    try:
        return CONTRACT[module]
    except KeyError:
        raise ContractError('no contract for module %s' % module)


def step_types(module: str) -> tuple[str, ...]:
    return tuple(module_contract(module)['steps'])


def check_step(module: str, step: dict[str, t.Any]) -> None:
    """A step the action plugin is about to send: an allow-listed type with exactly the named parameters."""
    steps = module_contract(module)['steps']
    stype = step.get('type')
    if stype not in steps:
        raise ContractError('%s: step type %r is not in the contract' % (module, stype))
    params = {k: v for k, v in step.items() if k != 'type' and k not in STEP_RUNNER_KEYS}
    check_shape(params, steps[stype], '%s step %s' % (module, stype))
    for key, expected in STEP_RUNNER_KEYS.items():
        if key in step:
            check_shape(step[key], expected, '%s step %s.%s' % (module, stype, key))


def check_probe(module: str, state: t.Any) -> None:
    check_shape(state, module_contract(module)['probe'], '%s probe' % module)


def check_outcome(module: str, outcome: t.Any) -> None:
    check_shape(outcome, OUTCOME_SHAPE, '%s outcome' % module)
    if outcome['type'] not in module_contract(module)['steps']:
        raise ContractError('%s outcome: unknown step type %r' % (module, outcome['type']))
    if outcome['status'] not in STEP_STATUSES:
        raise ContractError('%s outcome: unknown status %r' % (module, outcome['status']))
    if outcome['error'] is not None:
        check_shape(outcome['error'], ERROR_SHAPE, '%s outcome error' % module)


def check_apply_result(module: str, result: t.Any) -> None:
    check_shape(result, {'steps': list, 'state': dict}, '%s apply result' % module)
    for outcome in result['steps']:
        check_outcome(module, outcome)
    check_probe(module, result['state'])
