# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalogue: every Windows name and WMI number the collection relies on, in one place.

Internal to the remotedesktop.licensing collection; not a public API.

Users type names (``product_version: "2022"``, ``cal_type: per_user``); only this module knows the numbers
Windows uses for them. Sources are the ones cited in the collection's reference notes
(Win32_TSLicenseServer, Win32_TSLicenseKeyPack, the WMI provider error codes, Get-WindowsFeature).
"""

from __future__ import annotations

import typing as t

# --------------------------------------------------------------------------------------------------------------------
# Role, features, service
# --------------------------------------------------------------------------------------------------------------------
ROLE_FEATURE = 'RDS-Licensing'
TOOLS_FEATURE = 'RDS-Licensing-UI'  # RD Licensing Manager; absent from Server Core
SERVICE_NAME = 'TermServLicensing'

# Get-WindowsFeature InstallState values.
INSTALL_STATE_AVAILABLE = 'Available'
INSTALL_STATE_INSTALLED = 'Installed'
INSTALL_STATE_INSTALL_PENDING = 'InstallPending'
INSTALL_STATE_REMOVED = 'Removed'
INSTALL_STATE_UNINSTALL_PENDING = 'UninstallPending'
# States in which the feature counts as present (installed, perhaps waiting for a reboot).
INSTALLED_STATES = (INSTALL_STATE_INSTALLED, INSTALL_STATE_INSTALL_PENDING)

# Win32_OperatingSystem.ProductType
OS_PRODUCT_TYPES = {1: 'workstation', 2: 'domain_controller', 3: 'server'}
SERVER_PRODUCT_TYPES = (2, 3)
# HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion InstallationType
INSTALLATION_TYPE_SERVER_CORE = 'Server Core'

# Win32_Service.StartMode (what is read) <-> Set-Service -StartupType (what is written) <-> option value.
SERVICE_START_MODES = {
    'automatic': {'read': 'Auto', 'write': 'Automatic'},
    'manual': {'read': 'Manual', 'write': 'Manual'},
    'disabled': {'read': 'Disabled', 'write': 'Disabled'},
}
# Win32_Service.State (what is read) <-> option value.
SERVICE_STATES = {'started': 'Running', 'stopped': 'Stopped'}

# --------------------------------------------------------------------------------------------------------------------
# Win32_TSLicenseServer
# --------------------------------------------------------------------------------------------------------------------
LICENSE_SERVER_CLASS = 'Win32_TSLicenseServer'
KEY_PACK_CLASS = 'Win32_TSLicenseKeyPack'
CIM_NAMESPACE = 'root/cimv2'

# ActivationStatus out-parameter of GetActivationStatus and the activation methods.
ACTIVATION_STATUS = {0: 'activated', 1: 'not_activated', 2: 'unknown'}
ACTIVATION_STATUS_CODES = {v: k for k, v in ACTIVATION_STATUS.items()}

# ReactivateServerAutomatic(Reason)
REACTIVATION_REASONS = {
    'redeployed': 0,
    'certificate_corrupt': 1,
    'private_key_compromised': 2,
    'activation_key_expired': 3,
    'server_upgraded': 4,
}

# ServerRole property / ChangeRole(ServerRole): the discovery scope.
DISCOVERY_SCOPES = {0: 'workgroup', 1: 'domain', 2: 'forest'}

# --- win_rdlicense_configuration: the directory side (rdlicensing-reference.md 2.3, 2.4, 4.5, 9.2) ---------------
# ChangeRole(ServerRole) by option value, and the AD right each needs (None: a local administrator suffices).
DISCOVERY_SCOPE_CODES = {name: code for code, name in DISCOVERY_SCOPES.items()}
DISCOVERY_SCOPE_RIGHTS = {'workgroup': None, 'domain': 'domain_admin', 'forest': 'enterprise_admin'}
# The AD rights the directory methods need, by the simulator's and the messages' names: the group that gives each.
DIRECTORY_RIGHTS = {'domain_admin': 'Domain Admins', 'enterprise_admin': 'Enterprise Admins'}
# The domain-local builtin AD group of the license servers (per-user CAL tracking needs the LS in it).
TSLS_GROUP = 'Terminal Server License Servers'
TSLS_GROUP_SID = 'S-1-5-32-561'
# The local group of the hosts allowed to get CALs when the license server security group policy is on; addressed
# by its well-known SID (the name is localised).
ENDPOINT_SERVERS_GROUP = 'RDS Endpoint Servers'
ENDPOINT_SERVERS_SID = 'S-1-5-32-576'
SECURITY_GROUP_POLICY_TITLE = 'License server security group'
# Microsoft.PowerShell.LocalAccounts (Add-/Remove-LocalGroupMember, which change RDS Endpoint Servers) ships with
# Windows Server 2016 and later; the probe reads the group through ADSI (WinNT provider), which every version has.
LOCAL_ACCOUNTS_MIN_BUILD = 14393
# HRESULT of a COM/DCOM access denial (E_ACCESSDENIED); with WBEM_E_ACCESS_DENIED what a directory method may
# answer when the domain controller refuses it (undocumented: both are mapped).
E_ACCESSDENIED = 0x80070005

# Option name -> writable Win32_TSLicenseServer property, in the order the properties are written.
CONTACT_PROPERTIES = {
    'first_name': 'FirstName',
    'last_name': 'LastName',
    'company': 'Company',
    'country_region': 'CountryRegion',
    'email': 'eMail',
    'org_unit': 'OrgUnit',
    'address': 'Address',
    'city': 'City',
    'state': 'State',
    'postal_code': 'PostalCode',
}
# Win32_TSLicenseServer property -> option name.
PROPERTY_TO_OPTION = {prop: option for option, prop in CONTACT_PROPERTIES.items()}
# Required by ActivateServerAutomatic.
CONTACT_REQUIRED_FOR_AUTOMATIC = ('first_name', 'last_name', 'company', 'country_region')

# The activation methods (option activation.method) in the words of messages and summaries.
ACTIVATION_METHOD_WORDS = {'automatic': 'automatic connection', 'web': 'web browser', 'telephone': 'telephone'}
# What a declared CAL pack ends in (win_rdlicense_cals RV(packs[].outcome)), in the order summaries count them.
PACK_OUTCOMES = ('installed', 'present', 'adopted', 'removed', 'absent', 'failed')

# The Clearinghouse's web site for the web browser method.
ACTIVATION_WEB_SITE = 'https://activate.microsoft.com'

# --------------------------------------------------------------------------------------------------------------------
# Win32_TSLicenseKeyPack
# --------------------------------------------------------------------------------------------------------------------
# InstallAgreementLicenseKeyPack AgreementType
AGREEMENT_TYPES = {
    'select': 0,
    'enterprise_agreement': 1,
    'campus': 2,
    'school': 3,
    'spla': 4,
    'other_agreement': 5,
}

# KeyPackType property
KEY_PACK_TYPES = {
    0: 'unknown',
    1: 'retail',
    2: 'volume',
    3: 'concurrent',
    4: 'temporary',
    5: 'open_license',
    6: 'not_supported',
}
KEY_PACK_TYPE_CODES = {v: k for k, v in KEY_PACK_TYPES.items()}
KEY_PACK_TYPE_TEMPORARY = 4

# ProductType property and install-method argument
CAL_TYPES = {'per_device': 0, 'per_user': 1}
PRODUCT_TYPE_NAMES = {0: 'per_device', 1: 'per_user', 2: 'not_valid', 3: 'built_in'}
PRODUCT_TYPE_BUILT_IN = 3

# ProductVersion (install argument) and ProductVersionID (property). ``documented`` is False where the number is an
# assumption: Microsoft's pages of the install methods (InstallAgreementLicenseKeyPack, InstallOpenLicenseKeyPack)
# list ProductVersion values up to 6 (Windows Server 2019), so 7 for Windows Server 2022 and 8 for Windows Server
# 2025 follow the sequence without a source. Users can override them with the modules' ``product_version_ids``
# option once Microsoft publishes the values.
PRODUCT_VERSIONS: dict[str, dict[str, t.Any]] = {
    '2008': {'install': 2, 'id': 2, 'label': 'Windows Server 2008', 'build': 6001, 'documented': True},
    '2008R2': {'install': 2, 'id': 3, 'label': 'Windows Server 7', 'build': 7600, 'documented': True},
    '2012': {'install': 4, 'id': 4, 'label': 'Windows Server 2012', 'build': 9200, 'documented': True},
    '2016': {'install': 5, 'id': 5, 'label': 'Windows Server 2016', 'build': 14393, 'documented': True},
    '2019': {'install': 6, 'id': 6, 'label': 'Windows Server 2019', 'build': 17763, 'documented': True},
    '2022': {'install': 7, 'id': 7, 'label': 'Windows Server 2022', 'build': 20348, 'documented': False},
    '2025': {'install': 8, 'id': 8, 'label': 'Windows Server 2025', 'build': 26100, 'documented': False},
}
PRODUCT_VERSION_NAMES = tuple(PRODUCT_VERSIONS)
# Windows Server 2012 R2 (build 9600) holds 2012 CALs; mapping an OS build to the newest CAL version it can hold.
OS_BUILD_CAL_VERSION = (
    (26100, '2025'), (20348, '2022'), (17763, '2019'), (14393, '2016'), (9200, '2012'), (7600, '2008R2'),
    (6001, '2008'),
)

# Install methods, their ranges and identifier formats.
UINT32_MAX = 4294967295
LICENSE_COUNT_MAX = 9999  # what RD Licensing Manager accepts per agreement/open pack

# License program (the ``program`` of a CAL pack) -> the KeyPackType names a pack installed through it shows, used to
# recognise a pack installed without the collection. Inferred from the KeyPackType descriptions (agreements are
# volume purchases); Microsoft does not document the mapping.
PROGRAM_KEY_PACK_TYPES: dict[str, tuple[str, ...]] = {
    'retail': ('retail',),
    'open_license': ('open_license',),
    'license_key_pack_id': ('retail', 'volume', 'concurrent', 'open_license'),
}
PROGRAM_KEY_PACK_TYPES.update({name: ('volume',) for name in AGREEMENT_TYPES})

# Where win_rdlicense_cals keeps its idempotency records (salted hashes of the packs it installed, never a secret);
# the key is readable by Administrators and SYSTEM only.
RECORDS_REGISTRY_KEY = 'HKLM:\\SOFTWARE\\remotedesktop.licensing\\KeyPacks'
RECORDS_SALT_VALUE = 'Salt'

# --------------------------------------------------------------------------------------------------------------------
# RD Session Host: Win32_TerminalServiceSetting (root/cimv2/TerminalServices), the deployment's licensing
# (Win32_TSDeploymentLicensing, on the RD Connection Broker) and the licensing policies
# (rdlicensing-reference.md sections 4.3, 4.4 and 9.1)
# --------------------------------------------------------------------------------------------------------------------
SESSION_HOST_FEATURE = 'RDS-RD-Server'  # the RD Session Host role service
TS_NAMESPACE = 'root/cimv2/TerminalServices'  # connections to it need packet privacy (authentication level 6)
TS_SETTING_CLASS = 'Win32_TerminalServiceSetting'
DEPLOYMENT_LICENSING_CLASS = 'Win32_TSDeploymentLicensing'
COMPUTER_SYSTEM_CLASS = 'Win32_ComputerSystem'
# The NetBIOS name of the computer's domain: DomainName of the one Win32_NTDomain instance that has a DnsForestName
# (which instances a member server enumerates is not documented: more than one such instance, or none, gives no name).
NT_DOMAIN_CLASS = 'Win32_NTDomain'
# LicensingType, ChangeMode(LicensingType), Win32_TSDeploymentLicensing.LicensingType and the policy value
# LicensingMode. Microsoft's pages disagree: the property table of Win32_TerminalServiceSetting lists 0 personal,
# 1 remote administration, 2 per device, 3 per user, 4 not configured, while the same page's PossibleLicensingTypes
# qualifier, ChangeMode, Win32_TSDeploymentLicensing and the unattend setting LicensingMode use 2 per device, 4 per
# user, 5 not configured. The collection assumes the majority: 2, 4 and 5 (3 is read as unknown). Confirm on Windows.
LICENSING_TYPES = {'per_device': 2, 'per_user': 4, 'not_configured': 5}
LICENSING_TYPE_NAMES = {0: 'personal', 1: 'remote_administration', 2: 'per_device', 4: 'per_user',
                        5: 'not_configured'}
LICENSING_TYPE_UNKNOWN = 'unknown'
# PolicySourceLicensingType / PolicySourceConfiguredLicenseServers
POLICY_SOURCES = {0: 'server', 1: 'group_policy'}
POLICY_SOURCE_GROUP_POLICY = 1
# The policies "Set the Remote Desktop licensing mode" (LicensingMode, REG_DWORD) and "Use the specified Remote
# Desktop license servers" (LicenseServers, comma-separated) under Computer Configuration\Administrative Templates\
# Windows Components\Remote Desktop Services\Remote Desktop Session Host\Licensing.
POLICY_REGISTRY_KEY = 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services'
POLICY_LICENSING_MODE_VALUE = 'LicensingMode'
POLICY_LICENSE_SERVERS_VALUE = 'LicenseServers'
POLICY_TITLES = {
    POLICY_LICENSING_MODE_VALUE: 'Set the Remote Desktop licensing mode',
    POLICY_LICENSE_SERVERS_VALUE: 'Use the specified Remote Desktop license servers',
}
# GetTStoLSConnectivityStatus(ServerName): TStoLSConnectivityStatus (9 to 11 from Windows Server 2012).
CONNECTIVITY_STATUS = {
    0: 'unknown',
    1: 'valid_2008r2',
    2: 'valid_2008',
    3: 'beta_rtm_mismatch',
    4: 'lower_version',
    5: 'not_in_security_group',
    6: 'not_connectable',
    7: 'unknown_validity',
    8: 'access_denied',
    9: 'valid_2008r2_vdi',
    10: 'feature_not_supported',
    11: 'valid',
}
CONNECTIVITY_CODES = {v: k for k, v in CONNECTIVITY_STATUS.items()}
# The statuses of a license server the session host can get CALs from: connectable and valid (LS_CONNECTABLE_
# VALID_WS08R2, _VALID_WS08, _VALID_WS08R2_VDI, _VALID_LS).
CONNECTIVITY_USABLE = (1, 2, 9, 11)
# The grace period of a new RD Session Host (days), during which it accepts connections without a license server.
GRACE_PERIOD_DAYS = 120

# --------------------------------------------------------------------------------------------------------------------
# CAL usage reports: Win32_TSLicenseReport and its entry classes (rdlicensing-reference.md sections 4.2 and 9.2;
# MicrosoftDocs/win32 desktop-src/TermServ). No public script calls these methods: untested anywhere.
# --------------------------------------------------------------------------------------------------------------------
REPORT_CLASS = 'Win32_TSLicenseReport'
# The Fetch* methods, the part of the report each one reads (win_rdlicense_usage's probe), in the order they are
# called. Each takes StartIndex and [in, out] Count (0 = every entry from StartIndex) and gives its entries in the out
# parameter named here.
REPORT_FETCH_METHODS = {
    'summary': ('FetchReportSummaryEntries', 'ReportSummaryEntries'),
    'per_user': ('FetchReportEntries', 'ReportEntries'),
    'per_device': ('FetchReportPerDeviceEntries', 'ReportPerDeviceEntries'),
    'failed_per_user': ('FetchReportFailedPerUserEntries', 'ReportFailedPerUserEntries'),
}
# ReturnValue of a Fetch* method past the last entry: LSERVER_I_NO_MORE_DATA (documented for FetchReportEntries;
# assumed for the other three, which the reference describes as of the same shape).
REPORT_NO_MORE_DATA = 0x4001
# Entries asked for per Fetch* call, and the most calls per part: a part holds at most
# REPORT_PAGE_SIZE * REPORT_MAX_PAGES entries (a bound on the loop, should the end never be signalled).
REPORT_PAGE_SIZE = 500
REPORT_MAX_PAGES = 200
# Win32_TSLicenseReportSummaryEntry.TSCALType (a string) -> the collection's CAL type name.
REPORT_TSCAL_TYPES = {'Per Device': 'per_device', 'Per User': 'per_user', 'Unknown': 'unknown'}
# Win32_TSLicenseReportSummaryEntry.TSCALAvailability (a string) -> the name the collection returns.
REPORT_AVAILABILITY = {'Available': 'available', 'Limited': 'limited', 'None': 'none', 'Not Tracking': 'not_tracking'}
REPORT_AVAILABILITY_NOT_TRACKING = 'Not Tracking'
# The CALType strings of the entry classes ("TS or RDS Per User CAL", "Built-in TS Per Device CAL", ...) name the
# kind in words: the collection reads the kind from these words (the list of values is documented for
# Win32_TSLicenseReportFailedPerUserEntry only).
REPORT_CAL_TYPE_WORDS = (('Per User', 'per_user'), ('Per Device', 'per_device'))

# --------------------------------------------------------------------------------------------------------------------
# Issued per-device CALs: Win32_TSIssuedLicense (rdlicensing-reference.md sections 3.4, 4.1 and 9.2). Its keys are
# LicenseId and KeyPackId; Revoke() is an instance method (per-device CALs only) with the out-parameters RevokableCals
# and NextRevokeAllowedOn (valid when the call failed for the revocation limit). Its return codes are undocumented.
# --------------------------------------------------------------------------------------------------------------------
ISSUED_LICENSE_CLASS = 'Win32_TSIssuedLicense'
# LicenseStatus
LICENSE_STATUS = {
    0: 'unknown',
    1: 'temporary',
    2: 'active',
    3: 'upgrade',
    4: 'revoked',
    5: 'pending',
    6: 'concurrent',
}
LICENSE_STATUS_CODES = {v: k for k, v in LICENSE_STATUS.items()}
LICENSE_STATUS_REVOKED = 4
# Up to this share (percent) of a product version's installed per-device CALs can be revoked at a time (Microsoft's
# text of Windows Server 2008 R2, repeated for later versions); how long until the share is available again is not
# documented.
REVOKE_LIMIT_PERCENT = 20
# Validity of issued CALs in days (section 3.4): a temporary per-device CAL 90, a permanent per-device CAL is renewed
# at random between 52 and 89 days, a per-user CAL is shown with 60.
TEMPORARY_CAL_DAYS = 90
PER_DEVICE_RENEWAL_DAYS = (52, 89)
PER_USER_CAL_DAYS = 60

# --------------------------------------------------------------------------------------------------------------------
# The WMI classes the collection's PowerShell may use (namespace root/cimv2) and their static methods as Microsoft
# documents them: method -> names of its in-parameters, in the documented order. tools/psconform.py refuses a class,
# a method or an argument name outside this table, and the operation contract (_contract.STEP_OPERATIONS) takes its
# method and argument names from here.
# --------------------------------------------------------------------------------------------------------------------
WMI_CLASSES: dict[str, dict[str, t.Any]] = {
    'Win32_OperatingSystem': {
        'source': 'https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-operatingsystem (read only)',
        'methods': {},
    },
    'Win32_Service': {
        'source': 'https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-service (read only)',
        'methods': {},
    },
    COMPUTER_SYSTEM_CLASS: {
        'source': 'https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-computersystem (read only: '
                  'PartOfDomain)',
        'methods': {},
    },
    NT_DOMAIN_CLASS: {
        'source': 'https://learn.microsoft.com/en-us/previous-versions/windows/desktop/cimwin32a/win32-ntdomain (read '
                  'only: DomainName, DnsForestName)',
        'methods': {},
    },
    TS_SETTING_CLASS: {
        'source': 'rdlicensing-reference.md sections 4.3 and 9.1 (MicrosoftDocs/win32 desktop-src/TermServ, '
                  'win32-terminalservicesetting and one page per method); instance methods, namespace '
                  'root/cimv2/TerminalServices',
        'methods': {
            'ChangeMode': ('LicensingType',),
            'SetSpecifiedLicenseServerList': ('SpecifiedLSList',),
            'GetSpecifiedLicenseServerList': (),
            'AddLSToSpecifiedLicenseServerList': ('LicenseServerName',),
            'RemoveLSFromSpecifiedLicenseServerList': ('LicenseServerName',),
            'EmptySpecifiedLicenseServerList': (),
            'GetRegisteredLicenseServerList': (),
            'GetGracePeriodDays': (),
            'GetTStoLSConnectivityStatus': ('ServerName',),
            'FindLicenseServers': (),
        },
    },
    DEPLOYMENT_LICENSING_CLASS: {
        'source': 'rdlicensing-reference.md sections 4.3 and 9.1 (MicrosoftDocs/win32 desktop-src/TermServ, '
                  'win32-tsdeploymentlicensing): read/write properties UseCentralLicensingSettings, LicenseServers, '
                  'LicensingType; namespace root/cimv2/TerminalServices, on the RD Connection Broker',
        'methods': {},
    },
    LICENSE_SERVER_CLASS: {
        'source': 'rdlicensing-reference.md section 2.3 (MicrosoftDocs/win32 desktop-src/TermServ, one page per '
                  'method); the three methods unsupported since Windows Server 2012 are left out',
        'methods': {
            'ActivateServerAutomatic': (),
            'ActivateServer': ('sLicenseServerId',),
            'DeactivateServerAutomatic': (),
            'DeactivateServer': ('sConfirmCode',),
            'ReactivateServerAutomatic': ('Reason',),
            'ReactivateServer': ('sNewLicenseServerId',),
            'GetActivationStatus': (),
            'GetLicenseServerId': (),
            'ChangeRole': ('ServerRole',),
            'AddLStoTSLSGroup': (),
            'RemoveLSfromTSLSGroup': (),
            'IsLSinTSLSGroup': ('Domain',),
            'IsLSonDC': (),
            'IsLSPublished': (),
            'PublishLS': (),
            'UnpublishLS': (),
            'IsLSRegisteredToSCP': (),
            'RegisterLSToSCP': (),
            'UnRegisterLSFromSCP': (),
            'IsSecureAccessAllowed': ('tsname',),
            'IsTSinTSCGroup': ('tsname',),
            'IsLSSecGrpGPEnabled': (),
            'IsLSPreventUpgradeGPEnabled': (),
        },
    },
    REPORT_CLASS: {
        'source': 'rdlicensing-reference.md sections 4.2 and 9.2 (MicrosoftDocs/win32 desktop-src/TermServ, '
                  'win32-tslicensereport and one page per method); GenerateReportEx is static, the others are '
                  'instance methods of one report',
        'methods': {
            'GenerateReportEx': (),
            'FetchReportSummaryEntries': ('StartIndex', 'Count'),
            'FetchReportEntries': ('StartIndex', 'Count'),
            'FetchReportPerDeviceEntries': ('StartIndex', 'Count'),
            'FetchReportFailedPerUserEntries': ('StartIndex', 'Count'),
            'DeleteReport': (),
        },
    },
    ISSUED_LICENSE_CLASS: {
        'source': 'rdlicensing-reference.md sections 4.1 and 9.2 (MicrosoftDocs/win32 desktop-src/TermServ, '
                  'win32-tsissuedlicense and revoke-win32-tsissuedlicense); Revoke is an instance method without '
                  'in-parameters (out: RevokableCals, NextRevokeAllowedOn), for per-device CALs only',
        'methods': {
            'Revoke': (),
        },
    },
    KEY_PACK_CLASS: {
        'source': 'rdlicensing-reference.md section 3.3 (MicrosoftDocs/win32 desktop-src/TermServ, one page per '
                  'method)',
        'methods': {
            'InstallAgreementLicenseKeyPack': ('AgreementType', 'sAgreementNumber', 'ProductVersion', 'ProductType',
                                               'LicenseCount'),
            'InstallRetailPurchaseLicenseKeyPack': ('sLicenseCode',),
            'InstallOpenLicenseKeyPack': ('sLicenseNumber', 'sAuthorizationNumber', 'ProductVersion', 'ProductType',
                                          'LicenseCount'),
            'InstallLicenseKeyPack': ('sLicenseKeyPackId',),
            'UninstallLicenseKeyPack': ('ProductVersion', 'ProductType', 'LicenseCount'),
            'UninstallLicenseKeyPackWithId': ('KeyPackId',),
            'RemoveLicensesWithIdCount': ('KeyPackId', 'LicenseCount'),
            'ConvertLicenses': ('Count',),
        },
    },
}


def wmi_method_arguments(class_name: str, method: str) -> tuple[str, ...]:
    """The documented in-parameter names of a static WMI method (KeyError: not a documented class or method)."""
    return WMI_CLASSES[class_name]['methods'][method]


# --------------------------------------------------------------------------------------------------------------------
# WMI provider error codes (Terminal Services WMI provider error codes page)
# --------------------------------------------------------------------------------------------------------------------
WBEM_ERRORS = {
    0x80041001: ('WBEM_E_FAILED', 'the call failed'),
    0x80041002: ('WBEM_E_NOT_FOUND', 'the object was not found'),
    0x80041003: ('WBEM_E_ACCESS_DENIED', 'access denied (the caller is not a local administrator)'),
    0x80041004: ('WBEM_E_PROVIDER_FAILURE', 'the provider failed after initialization'),
    0x80041005: ('WBEM_E_TYPE_MISMATCH', 'type mismatch'),
    0x80041006: ('WBEM_E_OUT_OF_MEMORY', 'out of memory'),
    0x80041008: ('WBEM_E_INVALID_PARAMETER', 'a parameter is not valid'),
    0x80041009: ('WBEM_E_NOT_AVAILABLE', 'a resource, typically a remote server, is not available'),
    0x8004100C: ('WBEM_E_NOT_SUPPORTED', 'the operation is not supported'),
    0x8004100E: ('WBEM_E_INVALID_NAMESPACE', 'the namespace does not exist'),
    0x8004100F: ('WBEM_E_INVALID_OBJECT', 'the instance is not valid'),
    0x80041010: ('WBEM_E_INVALID_CLASS', 'the class does not exist'),
    0x80041014: ('WBEM_E_INITIALIZATION_FAILURE', 'the provider failed to initialize'),
    0x80041016: ('WBEM_E_INVALID_OPERATION', 'the operation is not valid (for example a property overridden by Group '
                                             'Policy)'),
    0x80041017: ('WBEM_E_INVALID_QUERY', 'the query is not valid'),
    0x80041018: ('WBEM_E_INVALID_QUERY_TYPE', 'the query language is not supported'),
    0x80041019: ('WBEM_E_ALREADY_EXISTS', 'the instance already exists'),
    0x80041021: ('WBEM_E_INVALID_SYNTAX', 'the query syntax is not valid'),
    0x80041023: ('WBEM_E_READ_ONLY', 'the property is read-only'),
    0x80041024: ('WBEM_E_PROVIDER_NOT_CAPABLE', 'the provider cannot perform the operation'),
    0x80041028: ('WBEM_E_ILLEGAL_NULL', 'NULL given for a property that cannot be NULL'),
    0x8004102B: ('WBEM_E_VALUE_OUT_OF_RANGE', 'a value is out of range'),
    0x8004102E: ('WBEM_E_INVALID_METHOD', 'the method is not available'),
    0x8004102F: ('WBEM_E_INVALID_METHOD_PARAMETERS', 'the method parameters are not valid'),
    0x8004103A: ('WBEM_E_INVALID_OBJECT_PATH', 'the object path is not valid'),
}
WBEM_CODES = {name: code for code, (name, dummy) in WBEM_ERRORS.items()}

# Windows (Win32) error codes a failed cmdlet carries in its inner Win32Exception (NativeErrorCode), which the hands
# report instead of the exception's generic HResult (Microsoft's "System Error Codes" pages,
# https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499 and --1000-1299).
WIN32_ERRORS = {
    5: ('ERROR_ACCESS_DENIED', 'access is denied'),
    1053: ('ERROR_SERVICE_REQUEST_TIMEOUT', 'the service did not respond to the start or control request in time'),
    1056: ('ERROR_SERVICE_ALREADY_RUNNING', 'an instance of the service is already running'),
    1058: ('ERROR_SERVICE_DISABLED', 'the service cannot be started because it is disabled (its startup type is '
                                     'Disabled)'),
    1060: ('ERROR_SERVICE_DOES_NOT_EXIST', 'the service does not exist'),
    1062: ('ERROR_SERVICE_NOT_ACTIVE', 'the service has not been started'),
    # Add-/Remove-LocalGroupMember (win_rdlicense_configuration)
    1332: ('ERROR_NONE_MAPPED', 'no mapping between account names and security IDs was done (the account was not '
                                'found)'),
    1377: ('ERROR_MEMBER_NOT_IN_ALIAS', 'the specified account name is not a member of the group'),
    1378: ('ERROR_MEMBER_IN_ALIAS', 'the specified account name is already a member of the group'),
}
WIN32_CODES = {name: code for code, (name, dummy) in WIN32_ERRORS.items()}
ERROR_ACCESS_DENIED = WIN32_CODES['ERROR_ACCESS_DENIED']


def wbem_name(code: int) -> str:
    """Name of a WBEM error code, or its hex form when the catalogue does not know it."""
    known = WBEM_ERRORS.get(code)
    return known[0] if known else '0x%08X' % code


def describe_wbem(code: t.Optional[int], missing: t.Optional[str] = None) -> str:
    """'WBEM_E_NOT_AVAILABLE (0x80041009: a resource, typically a remote server, is not available)'.

    ``missing`` is the text for no code at all (``None``: the host gave none), such as 'no answer'.
    """
    if code is None and missing is not None:
        return missing
    known = WBEM_ERRORS.get(code)
    if known:
        return '%s (0x%08X: %s)' % (known[0], code, known[1])
    return 'error 0x%08X' % code


def describe_win32(code: int) -> str:
    """'ERROR_SERVICE_DISABLED (Windows error 1058: the service cannot be started because it is disabled ...)'."""
    known = WIN32_ERRORS.get(code)
    if known:
        return '%s (Windows error %d: %s)' % (known[0], code, known[1])
    return 'Windows error %d' % code


def cal_version_for_build(build: int) -> t.Optional[str]:
    """Newest CAL product version a license server on this OS build can hold (a server holds its own and older)."""
    for min_build, name in OS_BUILD_CAL_VERSION:
        if build >= min_build:
            return name
    return None
