# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Python model of a Windows Server acting as a Remote Desktop license server.

Internal to the remotedesktop.licensing collection: used only by the ``remotedesktop.licensing.simulator``
connection plugin. The model answers at the level of the Windows APIs the collection's PowerShell modules call
(Get-WindowsFeature / Install-WindowsFeature, Win32_Service, Win32_TSLicenseServer, Win32_TSLicenseKeyPack, the
registry) and follows the documented semantics: features and their install states, ``RestartNeeded``, the
``TermServLicensing`` service, the WMI provider that exists only once the role is installed, the contact properties
``ActivateServerAutomatic`` needs, ``GetActivationStatus`` 0/1/2, the Clearinghouse, key pack types and versions, the
built-in and temporary packs, and the WBEM error codes.

The state is a plain JSON-serialisable dict (see ``new_state``); faults are a dict of names read from inventory.
"""

from __future__ import annotations

import copy
import hashlib
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.countries import ENGLISH_COUNTRY_NAMES
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model_directory import (
    DIRECTORY_FAULTS,
    DIRECTORY_PROFILE_KEYS,
    DirectoryMixin,
    directory_profile,
    endpoint_member_names,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model_reports import (
    REPORT_FAULTS,
    ReportsMixin,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model_issued import (
    ISSUED_PROFILE_KEYS,
    IssuedMixin,
    issued_profile,
)

SCHEMA = 1

# Documented fault names (docs/simulator.md); each is switched on by the inventory variable rdlicensing_sim_faults.
FAULTS = {
    'not_admin': 'the connecting account is not a local administrator: WMI properties come back empty, '
                 'methods and feature changes are denied',
    'provider_not_ready': 'the Win32_TSLicenseServer provider fails to initialise (WBEM_E_INITIALIZATION_FAILURE)',
    'clearinghouse_unreachable': 'the Microsoft Clearinghouse cannot be reached (WBEM_E_NOT_AVAILABLE) by online '
                                 'activation and CAL installation',
    'clearinghouse_rejects': 'the Clearinghouse rejects the data sent with it (WBEM_E_FAILED)',
    'key_pack_rejected': 'every CAL key pack install is refused by the Clearinghouse (WBEM_E_INVALID_PARAMETER)',
    'group_policy_override': 'Group Policy manages the TermServLicensing service and the license server '
                             'properties: writing them fails (WBEM_E_INVALID_OPERATION / access denied)',
    'reboot_required': 'installing or removing a feature needs a restart: the feature stays InstallPending and the '
                       'service and WMI provider appear only after the reboot',
    'activation_status_unknown': 'GetActivationStatus answers 2 (unknown error, state unknown)',
    'connection_drop': 'the connection is lost between the probe and the apply execution',
}
FAULTS.update(DIRECTORY_FAULTS)  # the directory side's (model_directory.py)
FAULTS.update(REPORT_FAULTS)  # the CAL usage reports' (model_reports.py)

OS_PROFILES = {
    '2025': ('Microsoft Windows Server 2025 Datacenter', 3, '10.0.26100', 26100),
    '2022': ('Microsoft Windows Server 2022 Datacenter', 3, '10.0.20348', 20348),
    '2019': ('Microsoft Windows Server 2019 Datacenter', 3, '10.0.17763', 17763),
    '2016': ('Microsoft Windows Server 2016 Datacenter', 3, '10.0.14393', 14393),
    '2012R2': ('Microsoft Windows Server 2012 R2 Datacenter', 3, '6.3.9600', 9600),
    'windows11': ('Microsoft Windows 11 Enterprise', 1, '10.0.22631', 22631),
    'windows10': ('Microsoft Windows 10 Enterprise', 1, '10.0.19045', 19045),
}

# FILETIME of 2026-01-01T00:00:00Z; each simulated boot adds one hour.
BOOT_FILETIME_BASE = 134116992000000000
FILETIME_HOUR = 36000000000

LICENSE_PROPERTY_NAMES = tuple(cat.CONTACT_PROPERTIES.values())
# The DisplayName of each feature's FeatureResult after Install-/Uninstall-WindowsFeature (as Server Manager lists
# them in English; the simulator's assumption, not a documented value).
FEATURE_DISPLAY_NAMES = {cat.ROLE_FEATURE: 'Remote Desktop Licensing', cat.TOOLS_FEATURE: 'Remote Desktop Licensing Tools'}
NEVER_EXPIRES = '20380119031407.000000-000'


class WbemError(Exception):
    """A WMI method or property access that fails with a WBEM error code."""

    def __init__(self, name: str, message: str = ''):
        self.code = cat.WBEM_CODES[name]
        self.name = name
        super().__init__(message or cat.WBEM_ERRORS[self.code][1])


class HostError(Exception):
    """A non-WMI failure on the host (a cmdlet error) with a Windows error code."""

    def __init__(self, code: int, message: str):
        self.code = code
        super().__init__(message)


def _digest(*parts: str) -> str:
    return hashlib.sha256(':'.join(parts).encode('utf-8')).hexdigest().upper()


# ----------------------------------------------------------------------------------------------------------------
# The simulated Clearinghouse. Its answers are deterministic so that a test (or a person rehearsing a playbook) can
# play the web site or the telephone operator; docs/simulator.md gives the same formulas.
# ----------------------------------------------------------------------------------------------------------------
def clearinghouse_license_server_id(product_id: str, generation: int = 0) -> str:
    """License server ID the Clearinghouse issues for a product ID (generation n after n reactivations)."""
    seed = product_id if generation == 0 else '%s#%d' % (product_id, generation)
    return _digest('LSID', seed)[:35]


def clearinghouse_confirmation_code(license_server_id: str) -> str:
    """Confirmation code the telephone operator gives for deactivating a server."""
    return _digest('CONFIRM', license_server_id)[:20]


def clearinghouse_key_pack_id(license_server_id: str, product_version: str, cal_type: str, quantity: int) -> str:
    """License key pack ID the Clearinghouse issues for a purchase (offline CAL path): 35 alphanumerics.

    Layout: version id (1 digit), product type (1 digit), quantity (5 digits), then 28 check characters bound to the
    license server ID, so an ID issued for another server is refused.
    """
    head = '%d%d%05d' % (cat.PRODUCT_VERSIONS[product_version]['id'], cat.CAL_TYPES[cal_type], quantity)
    return head + _digest('KEYPACK', license_server_id, head)[:28]


def retail_license_code(product_version: str, cal_type: str, quantity: int, serial: int = 0) -> str:
    """A retail license code (25 alphanumerics) the simulated Clearinghouse accepts.

    Layout: version id (1 digit), product type (1 digit), quantity (4 digits), serial (4 digits), then 15 check
    characters.
    """
    head = '%d%d%04d%04d' % (cat.PRODUCT_VERSIONS[product_version]['id'], cat.CAL_TYPES[cal_type], quantity, serial)
    return head + _digest('RETAIL', head)[:15]


def _decode_retail(code: str) -> t.Optional[tuple[int, int, int]]:
    if not re.fullmatch(r'[0-9]{10}[0-9A-F]{15}', code) or _digest('RETAIL', code[:10])[:15] != code[10:]:
        return None
    return int(code[0]), int(code[1]), int(code[2:6])


def _version_by_id(version_id: int) -> t.Optional[str]:
    for name, info in cat.PRODUCT_VERSIONS.items():
        if info['id'] == version_id:
            return name
    return None


def _version_by_install(install: int) -> t.Optional[str]:
    for name, info in cat.PRODUCT_VERSIONS.items():
        if info['install'] == install:
            return name  # 2 is 2008 and 2008 R2 alike; the first (2008) is what the pack records
    return None


# ----------------------------------------------------------------------------------------------------------------
# Initial state
# ----------------------------------------------------------------------------------------------------------------
def new_state(host: str, profile: t.Optional[dict[str, t.Any]] = None) -> dict[str, t.Any]:
    """The state of a fresh simulated host built from an inventory profile (rdlicensing_sim_profile).

    Profile keys (all optional): os ('2025', '2022', '2019', '2016', '2012R2', 'windows11', 'windows10'),
    server_core (bool), payload_removed (bool), role_installed (bool), management_tools (bool), activated (bool),
    contact (dict of company_information option names), key_packs (list of dicts with product_version, cal_type,
    quantity, issued, type: retail/volume/open_license/temporary, expires: a DMTF DATETIME such as
    '20261231000000.000000+000', or null, an interval such as '00000090000000.000000:000', or a value out of range,
    which the probes report as no expiration date), domain (str).
    """
    profile = dict(profile or {})
    unknown = sorted(set(profile) - {'os', 'server_core', 'payload_removed', 'role_installed', 'management_tools',
                                     'activated', 'contact', 'key_packs', 'domain'} - set(SESSION_HOST_PROFILE_KEYS)
                     - set(DIRECTORY_PROFILE_KEYS) - set(ISSUED_PROFILE_KEYS))
    if unknown:
        raise ValueError('unknown rdlicensing_sim_profile keys: %s' % ', '.join(unknown))
    os_name = str(profile.get('os', '2022'))
    if os_name not in OS_PROFILES:
        raise ValueError('rdlicensing_sim_profile.os must be one of %s, got %r' % (', '.join(OS_PROFILES), os_name))
    caption, product_type, version, build = OS_PROFILES[os_name]
    server_core = bool(profile.get('server_core', False)) and product_type != 1
    if product_type == 1:
        installation_type = 'Client'
    else:
        installation_type = cat.INSTALLATION_TYPE_SERVER_CORE if server_core else 'Server'
    computer_name = re.sub(r'[^A-Za-z0-9-]', '-', host.split('.')[0]).upper()[:15]
    state: dict[str, t.Any] = {
        'schema': SCHEMA,
        'host': {
            'computer_name': computer_name,
            'domain': profile.get('domain', 'WORKGROUP'),
            'os': {'caption': caption + (' (Server Core)' if server_core else ''), 'product_type': product_type,
                   'version': version, 'build': build, 'installation_type': installation_type},
            'boot_count': 1,
        },
        'features': {},
        'pending': {},
        'service': None,
        'provider_registered': False,
        'license_server': {
            'properties': {name: '' for name in LICENSE_PROPERTY_NAMES},
            'product_id': '%05d-%05d-%05d-AT%03d' % tuple(int(_digest('PID', computer_name)[i:i + 4], 16) % m
                                                          for i, m in ((0, 99999), (4, 99999), (8, 99999),
                                                                       (12, 999))),
            'activation_status': 1,
            'license_server_id': '',
            'generation': 0,
            'server_role': 0,
            'database_path': 'C:\\Windows\\System32\\LServer',
        },
        'key_packs': [],
        'next_key_pack_id': 2,
        'registry': {},
    }
    if product_type != 1:
        state['features'][cat.ROLE_FEATURE] = (cat.INSTALL_STATE_REMOVED if profile.get('payload_removed')
                                               else cat.INSTALL_STATE_AVAILABLE)
        if not server_core:
            state['features'][cat.TOOLS_FEATURE] = cat.INSTALL_STATE_AVAILABLE
    if profile.get('role_installed') or profile.get('activated') or profile.get('key_packs'):
        if product_type == 1:
            raise ValueError('rdlicensing_sim_profile: a client edition cannot hold the RD Licensing role')
        state['features'][cat.ROLE_FEATURE] = cat.INSTALL_STATE_INSTALLED
        if profile.get('management_tools', True) and not server_core:
            state['features'][cat.TOOLS_FEATURE] = cat.INSTALL_STATE_INSTALLED
        _register_role(state)
    contact = profile.get('contact') or {}
    for option, value in contact.items():
        state['license_server']['properties'][cat.CONTACT_PROPERTIES[option]] = str(value)
    if profile.get('activated'):
        ls = state['license_server']
        ls['activation_status'] = 0
        ls['license_server_id'] = clearinghouse_license_server_id(ls['product_id'])
    for pack in profile.get('key_packs') or []:
        _add_pack(state, pack)
    _session_host_profile(state, profile)
    directory_profile(state, profile)
    issued_profile(state, profile)  # the issued CALs (model_issued.py)
    return state


# Profile keys of the RD Session Host side, the RD Connection Broker and the license server's security group
# (docs/simulator.md).
SESSION_HOST_PROFILE_KEYS = ('session_host', 'licensing_mode', 'license_servers', 'grace_period_days', 'group_policy',
                             'connection_broker', 'license_server_security_group', 'terminal_server_computers')


def _names(value: t.Any, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('rdlicensing_sim_profile.%s must be a list of names' % key)
    return list(value)


def _licensing_type(value: t.Any, key: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value not in cat.LICENSING_TYPES:
        raise ValueError('rdlicensing_sim_profile.%s must be one of %s (or a LicensingType number), got %r'
                         % (key, ', '.join(cat.LICENSING_TYPES), value))
    return cat.LICENSING_TYPES[value]


def _session_host_profile(state: dict[str, t.Any], profile: dict[str, t.Any]) -> None:
    """The session host, broker and security group keys of a profile."""
    server = state['host']['os']['product_type'] != 1
    if server:
        state['features'][cat.SESSION_HOST_FEATURE] = (cat.INSTALL_STATE_INSTALLED if profile.get('session_host')
                                                       else cat.INSTALL_STATE_AVAILABLE)
    elif profile.get('session_host') or profile.get('connection_broker'):
        raise ValueError('rdlicensing_sim_profile: a client edition cannot be an RD Session Host or Connection Broker')
    given = [key for key in ('licensing_mode', 'license_servers', 'grace_period_days') if key in profile]
    if given and not profile.get('session_host'):
        raise ValueError('rdlicensing_sim_profile: %s need session_host: true' % ', '.join(given))
    state['session_host'] = None
    if profile.get('session_host'):
        days = profile.get('grace_period_days', cat.GRACE_PERIOD_DAYS)
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= cat.GRACE_PERIOD_DAYS:
            raise ValueError('rdlicensing_sim_profile.grace_period_days must be 0 to %d' % cat.GRACE_PERIOD_DAYS)
        state['session_host'] = {
            'licensing_type': _licensing_type(profile.get('licensing_mode', 'not_configured'), 'licensing_mode'),
            'license_servers': _names(profile.get('license_servers') or [], 'license_servers'),
            'grace_period_days': days,
        }
    policy = profile.get('group_policy') or {}
    unknown = sorted(set(policy) - {'licensing_mode', 'license_servers'})
    if unknown:
        raise ValueError('unknown rdlicensing_sim_profile.group_policy keys: %s' % ', '.join(unknown))
    values: dict[str, t.Any] = {}
    if policy.get('licensing_mode') is not None:
        values[cat.POLICY_LICENSING_MODE_VALUE] = _licensing_type(policy['licensing_mode'], 'group_policy.licensing_mode')
    if policy.get('license_servers') is not None:
        values[cat.POLICY_LICENSE_SERVERS_VALUE] = ','.join(_names(policy['license_servers'],
                                                                   'group_policy.license_servers'))
    if values:
        state['registry'][cat.POLICY_REGISTRY_KEY.lower()] = values
    state['deployment_licensing'] = None
    if profile.get('connection_broker'):
        state['deployment_licensing'] = {'UseCentralLicensingSettings': False,
                                         'LicensingType': cat.LICENSING_TYPES['not_configured'], 'LicenseServers': []}
    ls = state['license_server']
    ls['security_group'] = bool(profile.get('license_server_security_group', False))
    ls['terminal_server_computers'] = _names(profile.get('terminal_server_computers') or [],
                                             'terminal_server_computers')


def _register_role(state: dict[str, t.Any]) -> None:
    """What the RD Licensing role brings once its installation completes: service, WMI provider, built-in pack."""
    state['service'] = {'start_mode': 'Auto', 'state': 'Running'}
    state['provider_registered'] = True
    if not any(p['ProductType'] == cat.PRODUCT_TYPE_BUILT_IN for p in state['key_packs']):
        state['key_packs'].insert(0, {
            'KeyPackId': 1, 'KeyPackType': 0, 'ProductType': cat.PRODUCT_TYPE_BUILT_IN,
            'ProductVersion': 'Windows 2000 Server', 'ProductVersionID': 0,
            'Description': 'Built-in TS Per Device CAL', 'TypeAndModel': 'Built-in TS Per Device CAL',
            'TotalLicenses': cat.UINT32_MAX, 'IssuedLicenses': 0, 'AvailableLicenses': cat.UINT32_MAX,
            'ExpirationDate': NEVER_EXPIRES,
        })


def _unregister_role(state: dict[str, t.Any]) -> None:
    state['service'] = None
    state['provider_registered'] = False


def _add_pack(state: dict[str, t.Any], spec: dict[str, t.Any]) -> dict[str, t.Any]:
    version = str(spec.get('product_version', '2022'))
    cal_type = spec.get('cal_type', 'per_user')
    quantity = int(spec.get('quantity', 10))
    issued = int(spec.get('issued', 0))
    ktype = cat.KEY_PACK_TYPE_CODES[spec.get('type', 'volume')]
    info = cat.PRODUCT_VERSIONS[version]
    kind = 'Per User' if cal_type == 'per_user' else 'Per Device'
    pack = {
        'KeyPackId': state['next_key_pack_id'], 'KeyPackType': ktype, 'ProductType': cat.CAL_TYPES[cal_type],
        'ProductVersion': info['label'], 'ProductVersionID': info['id'],
        'Description': 'Remote Desktop Services %s %s CAL' % (version, kind),
        'TypeAndModel': ('RDS %s CAL' % kind) if ktype != cat.KEY_PACK_TYPE_TEMPORARY else 'Temporary %s CAL' % kind,
        'TotalLicenses': quantity, 'IssuedLicenses': issued, 'AvailableLicenses': max(quantity - issued, 0),
        # expires: a DMTF DATETIME, or what a real provider may give instead (None, an interval, a value out of
        # range): the probes must read such a pack and report no expiration date for it.
        'ExpirationDate': spec['expires'] if 'expires' in spec else NEVER_EXPIRES,
    }
    state['next_key_pack_id'] += 1
    state['key_packs'].append(pack)
    return pack


# ----------------------------------------------------------------------------------------------------------------
# The model
# ----------------------------------------------------------------------------------------------------------------
class LicenseServerModel(DirectoryMixin, IssuedMixin, ReportsMixin):
    """Windows-level operations on one simulated host's state (mutates ``state`` in place)."""

    def __init__(self, state: dict[str, t.Any], faults: t.Optional[t.Iterable[str]] = None,
                 peers: t.Optional[t.Callable[[str], t.Optional[dict[str, t.Any]]]] = None):
        self.state = state
        self.faults = frozenset(faults or ())
        # The other simulated hosts of the deployment, by the name a session host lists (their state, read only).
        self.peers = peers
        unknown = sorted(self.faults - set(FAULTS))
        if unknown:
            raise ValueError('unknown rdlicensing_sim_faults: %s (known: %s)' % (', '.join(unknown),
                                                                                 ', '.join(sorted(FAULTS))))

    # -- host --------------------------------------------------------------------------------------------------
    @property
    def is_admin(self) -> bool:
        return 'not_admin' not in self.faults

    @property
    def is_server(self) -> bool:
        return self.state['host']['os']['product_type'] in cat.SERVER_PRODUCT_TYPES

    def host_info(self) -> dict[str, t.Any]:
        return {'computer_name': self.state['host']['computer_name'],
                'os': copy.deepcopy(self.state['host']['os']), 'is_admin': self.is_admin}

    def reboot_pending(self) -> bool:
        return bool(self.state['pending'])

    def last_boot_filetime(self) -> int:
        return BOOT_FILETIME_BASE + self.state['host']['boot_count'] * FILETIME_HOUR

    def reboot(self) -> None:
        """Restart the host: pending feature operations complete."""
        for name, target in sorted(self.state['pending'].items()):
            self.state['features'][name] = target
            if name == cat.ROLE_FEATURE:
                if target == cat.INSTALL_STATE_INSTALLED:
                    _register_role(self.state)
                else:
                    _unregister_role(self.state)
        self.state['pending'] = {}
        self.state['host']['boot_count'] += 1

    # -- features (ServerManager) --------------------------------------------------------------------------------
    def _require_server_manager(self) -> None:
        if not self.is_server:
            raise HostError(0x80070057, "The term 'Get-WindowsFeature' is not recognized: the ServerManager module "
                                        "exists only on Windows Server")

    def get_feature(self, name: str) -> dict[str, t.Any]:
        """Get-WindowsFeature <name>: exists False when the feature is unknown on this edition (Server Core)."""
        self._require_server_manager()
        if not self.is_admin:
            raise HostError(cat.ERROR_ACCESS_DENIED, 'The requested operation requires elevation.')
        install_state = self.state['features'].get(name)
        if install_state is None:
            return {'name': name, 'exists': False, 'installed': False, 'install_state': None}
        return {'name': name, 'exists': True, 'installed': install_state == cat.INSTALL_STATE_INSTALLED,
                'install_state': install_state}

    def install_features(self, names: list[str], source: t.Optional[str]) -> dict[str, t.Any]:
        """Install-WindowsFeature: returns the FeatureOperationResult fields the hands report."""
        self._require_server_manager()
        if not self.is_admin:
            raise HostError(cat.ERROR_ACCESS_DENIED, 'The requested operation requires elevation.')
        for name in names:
            if name not in self.state['features']:
                raise HostError(0x80070057, 'ArgumentNotValid: the role, role service or feature name is not valid: '
                                            "'%s'. The name was not found." % name)
            if self.state['features'][name] == cat.INSTALL_STATE_REMOVED and not source:
                raise HostError(0x800F081F, 'The source files could not be found. Use the "Source" option to '
                                            'specify the location of the files that are required to restore the '
                                            'feature.')
        changed = []
        for name in names:
            if self.state['features'][name] in cat.INSTALLED_STATES:
                continue
            changed.append(name)
            if 'reboot_required' in self.faults:
                self.state['features'][name] = cat.INSTALL_STATE_INSTALL_PENDING
                self.state['pending'][name] = cat.INSTALL_STATE_INSTALLED
            else:
                self.state['features'][name] = cat.INSTALL_STATE_INSTALLED
                if name == cat.ROLE_FEATURE:
                    _register_role(self.state)
        restart = bool(changed) and 'reboot_required' in self.faults
        return {'success': True, 'restart_needed': 'Yes' if restart else 'No',
                'exit_code': ('SuccessRestartRequired' if restart else 'Success') if changed else 'NoChangeNeeded',
                'features': changed}

    def uninstall_features(self, names: list[str]) -> dict[str, t.Any]:
        self._require_server_manager()
        if not self.is_admin:
            raise HostError(cat.ERROR_ACCESS_DENIED, 'The requested operation requires elevation.')
        changed = []
        for name in names:
            if self.state['features'].get(name) not in cat.INSTALLED_STATES:
                continue
            changed.append(name)
            if 'reboot_required' in self.faults:
                self.state['features'][name] = cat.INSTALL_STATE_UNINSTALL_PENDING
                self.state['pending'][name] = cat.INSTALL_STATE_AVAILABLE
            else:
                self.state['features'][name] = cat.INSTALL_STATE_AVAILABLE
                self.state['pending'].pop(name, None)
                if name == cat.ROLE_FEATURE:
                    _unregister_role(self.state)
        restart = bool(changed) and 'reboot_required' in self.faults
        return {'success': True, 'restart_needed': 'Yes' if restart else 'No',
                'exit_code': ('SuccessRestartRequired' if restart else 'Success') if changed else 'NoChangeNeeded',
                'features': changed}

    # -- service ---------------------------------------------------------------------------------------------------
    def get_service(self, name: str) -> dict[str, t.Any]:
        svc = self.state['service'] if name == cat.SERVICE_NAME else None
        if svc is None:
            return {'name': name, 'exists': False, 'start_mode': None, 'state': None}
        return {'name': name, 'exists': True, 'start_mode': svc['start_mode'], 'state': svc['state']}

    def _writable_service(self, name: str) -> dict[str, t.Any]:
        svc = self.state['service'] if name == cat.SERVICE_NAME else None
        if svc is None:
            raise HostError(cat.WIN32_CODES['ERROR_SERVICE_DOES_NOT_EXIST'],
                            "Cannot find any service with service name '%s'." % name)
        if not self.is_admin:
            raise HostError(cat.ERROR_ACCESS_DENIED, "Service '%s' cannot be configured: access is denied." % name)
        return svc

    def set_service_startup(self, name: str, startup_type: str) -> bool:
        svc = self._writable_service(name)
        reads = {v['write']: v['read'] for v in cat.SERVICE_START_MODES.values()}
        if startup_type not in reads:
            raise HostError(0x80070057, 'Cannot bind parameter StartupType: %r is not a valid value.' % startup_type)
        if svc['start_mode'] == reads[startup_type]:
            return False
        if 'group_policy_override' in self.faults:
            raise HostError(cat.ERROR_ACCESS_DENIED, "Service '%s' cannot be configured: its startup type is managed "
                                                     'by Group Policy (access is denied).' % name)
        svc['start_mode'] = reads[startup_type]
        if svc['start_mode'] == 'Disabled' and svc['state'] == 'Running':
            pass  # disabling does not stop a running service
        return True

    def start_service(self, name: str) -> bool:
        svc = self._writable_service(name)
        if svc['state'] == 'Running':
            return False
        if svc['start_mode'] == 'Disabled':
            # Start-Service's inner Win32Exception: NativeErrorCode 1058, which the hands report.
            raise HostError(cat.WIN32_CODES['ERROR_SERVICE_DISABLED'],
                            "Service '%s' cannot be started due to the following error: Cannot start service %s on "
                            "computer '.'." % (name, name))
        svc['state'] = 'Running'
        return True

    def stop_service(self, name: str) -> bool:
        svc = self._writable_service(name)
        if svc['state'] == 'Stopped':
            return False
        svc['state'] = 'Stopped'
        return True

    # -- Win32_TSLicenseServer ---------------------------------------------------------------------------------
    def _require_provider(self) -> None:
        if not self.state['provider_registered']:
            raise WbemError('WBEM_E_INVALID_CLASS', 'Invalid class: Win32_TSLicenseServer is not registered (the RD '
                                                    'Licensing role is not installed)')
        if 'provider_not_ready' in self.faults:
            raise WbemError('WBEM_E_INITIALIZATION_FAILURE')

    def _require_admin(self) -> None:
        if not self.is_admin:
            raise WbemError('WBEM_E_ACCESS_DENIED')

    def provider_available(self) -> bool:
        try:
            self._require_provider()
        except WbemError:
            return False
        return True

    @property
    def _ls(self) -> dict[str, t.Any]:
        return self.state['license_server']

    def license_server_instance(self) -> dict[str, t.Any]:
        """Get-CimInstance Win32_TSLicenseServer: every property empty when the caller is not an administrator."""
        self._require_provider()
        props: dict[str, t.Any] = dict(self._ls['properties'])
        props.update({'ProductId': self._ls['product_id'], 'ServerRole': self._ls['server_role'],
                      'DatabasePath': self._ls['database_path'],
                      'Version': self.state['host']['os']['version'],
                      'VersionNumber': self.state['host']['os']['version']})
        if not self.is_admin:
            return {k: ('' if isinstance(v, str) else None) for k, v in props.items()}
        return props

    def set_license_server_property(self, name: str, value: str) -> None:
        """Set-CimInstance with one property (the provider refuses several at once)."""
        self._require_provider()
        self._require_admin()
        if name not in LICENSE_PROPERTY_NAMES:
            raise WbemError('WBEM_E_READ_ONLY' if name in ('ProductId', 'ServerRole', 'DatabasePath', 'Version',
                                                           'VersionNumber') else 'WBEM_E_INVALID_PARAMETER')
        if 'group_policy_override' in self.faults:
            raise WbemError('WBEM_E_INVALID_OPERATION')
        if name == 'CountryRegion' and value and value not in ENGLISH_COUNTRY_NAMES:
            raise WbemError('WBEM_E_INVALID_PARAMETER',
                            'CountryRegion must be a country/region display name in the server UI language')
        self._ls['properties'][name] = value

    def get_activation_status(self) -> int:
        self._require_provider()
        self._require_admin()
        if 'activation_status_unknown' in self.faults:
            return 2
        return self._ls['activation_status']

    def get_license_server_id(self) -> str:
        self._require_provider()
        self._require_admin()
        return self._ls['license_server_id'] if self._ls['activation_status'] == 0 else ''

    def _clearinghouse(self) -> None:
        if 'clearinghouse_unreachable' in self.faults:
            raise WbemError('WBEM_E_NOT_AVAILABLE', 'The license server cannot connect to the Microsoft Clearinghouse')
        if 'clearinghouse_rejects' in self.faults:
            raise WbemError('WBEM_E_FAILED', 'The Microsoft Clearinghouse rejected the request')

    def _require_contact(self, names: t.Iterable[str]) -> None:
        missing = [n for n in names if not self._ls['properties'][n]]
        if missing:
            raise WbemError('WBEM_E_INVALID_PARAMETER', 'required properties are empty: %s' % ', '.join(missing))

    def _answered_status(self, status: int) -> int:
        """The ActivationStatus an activation method answers with ReturnValue 0: 2 (unknown error, state unknown)
        under the fault activation_status_unknown, as GetActivationStatus does; the method has done its work."""
        return 2 if 'activation_status_unknown' in self.faults else status

    def activate_server_automatic(self) -> int:
        self._require_provider()
        self._require_admin()
        self._require_contact(('FirstName', 'LastName', 'Company', 'CountryRegion'))
        self._clearinghouse()
        self._ls['activation_status'] = 0
        self._ls['license_server_id'] = clearinghouse_license_server_id(self._ls['product_id'],
                                                                        self._ls['generation'])
        return self._answered_status(0)

    def activate_server(self, license_server_id: str) -> int:
        self._require_provider()
        self._require_admin()
        if license_server_id != clearinghouse_license_server_id(self._ls['product_id'], self._ls['generation']):
            raise WbemError('WBEM_E_INVALID_PARAMETER', 'the license server ID is not valid for this server')
        self._ls['activation_status'] = 0
        self._ls['license_server_id'] = license_server_id
        return self._answered_status(0)

    def _require_activated(self) -> None:
        if self._ls['activation_status'] != 0:
            raise WbemError('WBEM_E_INVALID_OPERATION', 'the license server is not activated')

    def deactivate_server_automatic(self) -> int:
        self._require_provider()
        self._require_admin()
        self._require_activated()
        self._require_contact(('FirstName', 'LastName'))
        self._clearinghouse()
        self._ls['activation_status'] = 1
        self._ls['license_server_id'] = ''
        return self._answered_status(1)

    def deactivate_server(self, confirmation_code: str) -> int:
        self._require_provider()
        self._require_admin()
        self._require_activated()
        if confirmation_code != clearinghouse_confirmation_code(self._ls['license_server_id']):
            raise WbemError('WBEM_E_INVALID_PARAMETER', 'the confirmation code is not valid')
        self._ls['activation_status'] = 1
        self._ls['license_server_id'] = ''
        return self._answered_status(1)

    def reactivate_server_automatic(self, reason: int) -> int:
        self._require_provider()
        self._require_admin()
        self._require_activated()
        if reason not in cat.REACTIVATION_REASONS.values():
            raise WbemError('WBEM_E_INVALID_PARAMETER')
        self._require_contact(('FirstName', 'LastName'))
        self._clearinghouse()
        self._ls['generation'] += 1
        self._ls['license_server_id'] = clearinghouse_license_server_id(self._ls['product_id'],
                                                                        self._ls['generation'])
        return self._answered_status(0)

    def reactivate_server(self, new_license_server_id: str) -> int:
        self._require_provider()
        self._require_admin()
        self._require_activated()
        if new_license_server_id != clearinghouse_license_server_id(self._ls['product_id'],
                                                                    self._ls['generation'] + 1):
            raise WbemError('WBEM_E_INVALID_PARAMETER', 'the new license server ID is not valid for this server')
        self._ls['generation'] += 1
        self._ls['license_server_id'] = new_license_server_id
        return self._answered_status(0)

    def change_role(self, server_role: int) -> None:
        self._require_provider()
        self._require_admin()
        if server_role not in cat.DISCOVERY_SCOPES:
            raise WbemError('WBEM_E_INVALID_PARAMETER')
        self.check_change_role(server_role)
        self._ls['server_role'] = server_role

    # -- Win32_TSLicenseKeyPack ----------------------------------------------------------------------------------
    def key_packs(self) -> list[dict[str, t.Any]]:
        """Get-CimInstance Win32_TSLicenseKeyPack (empty properties for a non-administrator: no instances)."""
        self._require_provider()
        self.sync_issued()  # the CALs the simulated session hosts asked for since (model_issued.py)
        if not self.is_admin:
            return []
        return copy.deepcopy(self.state['key_packs'])

    def _server_cal_version(self) -> str:
        return cat.cal_version_for_build(self.state['host']['os']['build']) or '2008'

    def _check_install(self, version: t.Optional[str], product_type: int, count: int, online: bool) -> str:
        self._require_provider()
        self._require_admin()
        if self._ls['activation_status'] != 0:
            raise WbemError('WBEM_E_INVALID_OPERATION', 'the license server is not activated')
        if version is None or product_type not in cat.CAL_TYPES.values():
            raise WbemError('WBEM_E_INVALID_PARAMETER')
        if not 1 <= count <= cat.LICENSE_COUNT_MAX:
            raise WbemError('WBEM_E_VALUE_OUT_OF_RANGE')
        server_version = self._server_cal_version()
        if cat.PRODUCT_VERSIONS[version]['id'] > cat.PRODUCT_VERSIONS[server_version]['id']:
            raise WbemError('WBEM_E_NOT_SUPPORTED', 'a Windows Server %s license server cannot hold Windows Server %s '
                                                    'CALs' % (server_version, version))
        if online:
            self._clearinghouse()
        if 'key_pack_rejected' in self.faults:
            raise WbemError('WBEM_E_INVALID_PARAMETER', 'the Clearinghouse refused the key pack')
        return version

    def _new_pack(self, version: str, product_type: int, count: int, key_pack_type: str) -> int:
        cal_type = [k for k, v in cat.CAL_TYPES.items() if v == product_type][0]
        pack = _add_pack(self.state, {'product_version': version, 'cal_type': cal_type, 'quantity': count,
                                      'type': key_pack_type})
        return pack['KeyPackId']

    def install_agreement_key_pack(self, agreement_type: int, agreement_number: str, product_version: int,
                                   product_type: int, count: int) -> int:
        if agreement_type not in cat.AGREEMENT_TYPES.values() or not re.fullmatch(r'[0-9]{7}', agreement_number):
            self._require_provider()
            raise WbemError('WBEM_E_INVALID_PARAMETER')
        version = self._check_install(_version_by_install(product_version), product_type, count, online=True)
        return self._new_pack(version, product_type, count, 'volume')

    def install_open_license_key_pack(self, license_number: str, authorization_number: str, product_version: int,
                                      product_type: int, count: int) -> int:
        if not re.fullmatch(r'[0-9]{8}', license_number) or not re.fullmatch(r'[A-Z0-9]{15}', authorization_number):
            self._require_provider()
            raise WbemError('WBEM_E_INVALID_PARAMETER')
        version = self._check_install(_version_by_install(product_version), product_type, count, online=True)
        return self._new_pack(version, product_type, count, 'open_license')

    def install_retail_key_pack(self, license_code: str) -> int:
        decoded = _decode_retail(license_code)
        if decoded is None:
            self._require_provider()
            self._require_admin()
            self._clearinghouse()
            raise WbemError('WBEM_E_INVALID_PARAMETER', 'the Clearinghouse does not recognise the license code')
        version_id, product_type, count = decoded
        version = self._check_install(_version_by_id(version_id), product_type, count, online=True)
        return self._new_pack(version, product_type, count, 'retail')

    def install_key_pack_id(self, key_pack_id: str) -> int:
        self._require_provider()
        self._require_admin()
        lsid = self._ls['license_server_id']
        head = key_pack_id[:7]
        if (not re.fullmatch(r'[0-9]{7}[0-9A-F]{28}', key_pack_id) or not lsid
                or _digest('KEYPACK', lsid, head)[:28] != key_pack_id[7:]):
            raise WbemError('WBEM_E_INVALID_PARAMETER', 'the license key pack ID is not valid for this license server')
        version_id, product_type, count = int(head[0]), int(head[1]), int(head[2:7])
        version = self._check_install(_version_by_id(version_id), product_type, count, online=False)
        return self._new_pack(version, product_type, count, 'volume')

    def uninstall_key_pack_with_id(self, key_pack_id: int) -> None:
        self._require_provider()
        self._require_admin()
        for idx, pack in enumerate(self.state['key_packs']):
            if pack['KeyPackId'] == key_pack_id:
                if pack['ProductType'] == cat.PRODUCT_TYPE_BUILT_IN:
                    raise WbemError('WBEM_E_NOT_SUPPORTED', 'the built-in key pack cannot be removed')
                del self.state['key_packs'][idx]
                return
        raise WbemError('WBEM_E_NOT_FOUND')

    # -- RD Session Host: Win32_TerminalServiceSetting, Win32_ComputerSystem ------------------------------------
    @property
    def domain_joined(self) -> bool:
        """Win32_ComputerSystem.PartOfDomain."""
        return self.state['host']['domain'] != 'WORKGROUP'

    def _session_host(self, write: bool = False) -> dict[str, t.Any]:
        """The RD Session Host settings, the role service's defaults on a host that has none (kept once written:
        a read leaves the state as it was)."""
        settings = self.state.get('session_host')
        if settings is None:
            settings = {'licensing_type': cat.LICENSING_TYPES['not_configured'], 'license_servers': [],
                        'grace_period_days': cat.GRACE_PERIOD_DAYS}
            if write:
                self.state['session_host'] = settings
        return settings

    def _policy(self) -> dict[str, t.Any]:
        return self.state['registry'].get(cat.POLICY_REGISTRY_KEY.lower(), {})

    def _require_ts_setting(self) -> None:
        self._require_admin()

    def ts_setting(self) -> dict[str, t.Any]:
        """Get-CimInstance Win32_TerminalServiceSetting: LicensingType is the policy's when Group Policy sets it."""
        self._require_ts_setting()
        policy = self._policy()
        mode = policy.get(cat.POLICY_LICENSING_MODE_VALUE)
        return {
            'LicensingType': mode if isinstance(mode, int) else self._session_host()['licensing_type'],
            'PolicySourceLicensingType': int(isinstance(mode, int)),
            'PolicySourceConfiguredLicenseServers': int(cat.POLICY_LICENSE_SERVERS_VALUE in policy),
        }

    def get_specified_license_server_list(self) -> list[str]:
        """GetSpecifiedLicenseServerList: the policy's servers when Group Policy sets them."""
        self._require_ts_setting()
        policy = self._policy()
        if cat.POLICY_LICENSE_SERVERS_VALUE in policy:
            return [n.strip() for n in str(policy[cat.POLICY_LICENSE_SERVERS_VALUE]).split(',') if n.strip()]
        return list(self._session_host()['license_servers'])

    def get_grace_period_days(self) -> int:
        self._require_ts_setting()
        return int(self._session_host()['grace_period_days'])

    def change_mode(self, licensing_type: int) -> None:
        """ChangeMode(LicensingType): refused (WBEM_E_INVALID_OPERATION) when Group Policy sets the mode."""
        self._require_ts_setting()
        if licensing_type not in (cat.LICENSING_TYPES['per_device'], cat.LICENSING_TYPES['per_user']):
            raise WbemError('WBEM_E_INVALID_PARAMETER')
        if cat.POLICY_LICENSING_MODE_VALUE in self._policy():
            raise WbemError('WBEM_E_INVALID_OPERATION', 'the licensing mode is set by Group Policy')
        self._session_host(write=True)['licensing_type'] = licensing_type

    def set_specified_license_server_list(self, servers: list[str]) -> None:
        """SetSpecifiedLicenseServerList: replaces the list; refused when Group Policy sets the servers."""
        self._require_ts_setting()
        if cat.POLICY_LICENSE_SERVERS_VALUE in self._policy():
            raise WbemError('WBEM_E_INVALID_OPERATION', 'the license servers are set by Group Policy')
        self._session_host(write=True)['license_servers'] = list(servers)

    def _peer(self, server: str) -> t.Optional[dict[str, t.Any]]:
        if server.split('.')[0].upper() == self.state['host']['computer_name'].upper():
            return self.state
        return self.peers(server) if self.peers else None

    def connectivity_status(self, server: str) -> int:
        """GetTStoLSConnectivityStatus(ServerName), answered from the listed server's own simulated state: 6 when
        it is not a simulated host of the deployment or runs no license server (role not installed, service not
        running), 5 when its license server security group policy is on and this host is not in its Terminal Server
        Computers group, 7 (unknown validity) while it is not activated, 4 when its Windows is older than this
        host's, else 11 (valid license server)."""
        self._require_ts_setting()
        peer = self._peer(server)
        code = cat.CONNECTIVITY_CODES
        if peer is None or not peer.get('provider_registered') or (peer.get('service') or {}).get('state') != 'Running':
            return code['not_connectable']
        ls = peer['license_server']
        members = endpoint_member_names(ls)
        if ls.get('security_group') and self.state['host']['computer_name'].upper() not in members:
            return code['not_in_security_group']
        if ls['activation_status'] != 0:
            return code['unknown_validity']
        if peer['host']['os']['build'] < self.state['host']['os']['build']:
            return code['lower_version']
        return code['valid']

    # -- RD Connection Broker: Win32_TSDeploymentLicensing ---------------------------------------------------------
    def deployment_licensing(self) -> dict[str, t.Any]:
        self._require_admin()
        dep = self.state.get('deployment_licensing')
        if dep is None:
            raise WbemError('WBEM_E_INVALID_CLASS', 'Invalid class: %s (the host is not an RD Connection Broker)'
                            % cat.DEPLOYMENT_LICENSING_CLASS)
        return copy.deepcopy(dep)

    def set_deployment_licensing(self, values: dict[str, t.Any]) -> None:
        """Set-CimInstance of Win32_TSDeploymentLicensing (its three read/write properties)."""
        self.deployment_licensing()
        if values.get('LicensingType') not in cat.LICENSING_TYPES.values():
            raise WbemError('WBEM_E_INVALID_PARAMETER')
        self.state['deployment_licensing'].update(values)

    # -- registry ----------------------------------------------------------------------------------------------
    def registry_read(self, path: str) -> dict[str, t.Any]:
        return copy.deepcopy(self.state['registry'].get(path.lower(), {}))

    def registry_write(self, path: str, name: str, value: t.Any) -> None:
        if not self.is_admin and path.lower().startswith('hklm:'):
            raise HostError(cat.ERROR_ACCESS_DENIED, "Requested registry access is not allowed: '%s'" % path)
        self.state['registry'].setdefault(path.lower(), {})[name] = value

    def registry_delete(self, path: str, name: str) -> bool:
        if not self.is_admin and path.lower().startswith('hklm:'):
            raise HostError(cat.ERROR_ACCESS_DENIED, "Requested registry access is not allowed: '%s'" % path)
        values = self.state['registry'].get(path.lower(), {})
        return values.pop(name, None) is not None
