# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parts the simulated probes are made of (mirrors the readers of _RDLicensing.psm1).

Internal to the remotedesktop.licensing collection. Each part of a probe shape (``_contract.ROLE_STATE_SHAPE``,
``ACTIVATION_STATE_SHAPE``, ``KEY_PACK_SHAPE``, ``RECORDS_SHAPE``) is read here by one function, which every
simulated module that needs it calls, as every ``.ps1`` calls the one PowerShell function that reads it.
"""

from __future__ import annotations

import datetime
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    HostError,
    LicenseServerModel,
    WbemError,
)

ACTIVATED = cat.ACTIVATION_STATUS_CODES['activated']
_DMTF = re.compile(r'^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.\d{6}([+-])(\d{3})$')


def provider_state() -> dict[str, t.Any]:
    """A provider that has not answered (yet)."""
    return {'available': False, 'error_code': None, 'error_message': None}


def add_role_state(model: LicenseServerModel, state: dict[str, t.Any]) -> None:
    """Add-RDLicensingRoleState: the features (server edition and administrator only), the service, the restart."""
    features = []
    if model.is_server and model.is_admin:
        features = [model.get_feature(name) for name in (cat.ROLE_FEATURE, cat.TOOLS_FEATURE)]
    state['features'] = features
    state['service'] = model.get_service(cat.SERVICE_NAME)
    state['reboot_pending'] = model.reboot_pending()


def add_activation_state(model: LicenseServerModel, state: dict[str, t.Any]) -> None:
    """Add-RDLicensingActivationState: Win32_TSLicenseServer, its activation status and license server ID."""
    state.update({
        'provider': provider_state(),
        'activation': {'status': None, 'error_code': None, 'error_message': None},
        'license_server_id': None,
        'product_id': None,
        'properties': {name: None for name in cat.CONTACT_PROPERTIES.values()},
        'server_role': None,
    })
    try:
        instance = model.license_server_instance()
    except WbemError as e:
        state['provider'].update(error_code=e.code, error_message=str(e))
        return
    state['provider']['available'] = True
    state['properties'] = {name: instance[name] for name in cat.CONTACT_PROPERTIES.values()}
    state['product_id'] = instance['ProductId']
    state['server_role'] = instance['ServerRole']
    try:
        state['activation']['status'] = model.get_activation_status()
    except WbemError as e:
        state['activation'].update(error_code=e.code, error_message=str(e))
        return
    if state['activation']['status'] == ACTIVATED:
        try:
            state['license_server_id'] = model.get_license_server_id() or None
        except WbemError:
            pass  # the ID is informative; the status is what the decisions rest on


def _iso(dmtf: t.Any) -> t.Optional[str]:
    """ConvertTo-RDLicensingExpirationDate: a WMI DATETIME as ISO 8601 in UTC (Get-CimInstance gives a DateTime);
    None for anything else: no value, an interval (Get-CimInstance gives a TimeSpan), a value out of range."""
    match = _DMTF.match(dmtf) if isinstance(dmtf, str) else None
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    offset = int(match.group(8)) * (1 if match.group(7) == '+' else -1)
    try:
        local = datetime.datetime(year, month, day, hour, minute, second)
        return (local - datetime.timedelta(minutes=offset)).strftime('%Y-%m-%dT%H:%M:%SZ')
    except (ValueError, OverflowError):
        return None


def key_packs(model: LicenseServerModel) -> list[dict[str, t.Any]]:
    """Get-RDLicensingKeyPack: every Win32_TSLicenseKeyPack (WbemError when the provider does not answer)."""
    return [{
        'KeyPackId': int(pack['KeyPackId']), 'KeyPackType': int(pack['KeyPackType']),
        'ProductType': int(pack['ProductType']), 'ProductVersion': pack.get('ProductVersion'),
        'ProductVersionID': int(pack['ProductVersionID']), 'TotalLicenses': int(pack['TotalLicenses']),
        'IssuedLicenses': int(pack['IssuedLicenses']), 'AvailableLicenses': int(pack['AvailableLicenses']),
        'ExpirationDate': _iso(pack.get('ExpirationDate')), 'Description': pack.get('Description'),
        'TypeAndModel': pack.get('TypeAndModel'),
    } for pack in model.key_packs()]


def records(model: LicenseServerModel) -> dict[str, t.Any]:
    """Get-RDLicensingRecordSet: the Salt value and every other value under the records key."""
    values = model.registry_read(cat.RECORDS_REGISTRY_KEY)
    salt = values.get(cat.RECORDS_SALT_VALUE)
    return {'salt': None if salt is None else str(salt),
            'entries': [{'name': name, 'value': '' if value is None else str(value)}
                        for name, value in sorted(values.items()) if name and name != cat.RECORDS_SALT_VALUE]}


def policy_values(model: LicenseServerModel) -> dict[str, t.Any]:
    """Get-RDLicensingPolicyValue: LicensingMode (a number, else None) and LicenseServers (text), None when absent."""
    values = model.registry_read(cat.POLICY_REGISTRY_KEY)
    mode = values.get(cat.POLICY_LICENSING_MODE_VALUE)
    servers = values.get(cat.POLICY_LICENSE_SERVERS_VALUE)
    if isinstance(servers, list):
        servers = ','.join(str(s) for s in servers)
    return {'licensing_mode': mode if isinstance(mode, int) and not isinstance(mode, bool) else None,
            'license_servers': None if servers is None else str(servers)}


def add_session_host_state(model: LicenseServerModel, state: dict[str, t.Any]) -> None:
    """Add-RDLicensingSessionHostState: RDS-RD-Server, PartOfDomain, and (role service installed, administrator)
    Win32_TerminalServiceSetting, its methods and the licensing policies."""
    role_service = {'name': cat.SESSION_HOST_FEATURE, 'exists': False, 'installed': False, 'install_state': None}
    if model.is_server and model.is_admin:
        try:
            role_service = model.get_feature(cat.SESSION_HOST_FEATURE)
        except HostError:
            pass
    part: dict[str, t.Any] = {
        'role_service': role_service,
        'domain_joined': model.domain_joined,
        'provider': provider_state(),
        'licensing_type': None,
        'policy_source_licensing_type': None,
        'policy_source_license_servers': None,
        'license_servers': [],
        'license_servers_error_code': None,
        'grace_period_days': None,
        'connectivity': [],
        'group_policy': policy_values(model),
    }
    state['session_host'] = part
    if not (model.is_admin and role_service['install_state'] == cat.INSTALL_STATE_INSTALLED):
        return
    try:
        setting = model.ts_setting()
    except WbemError as e:
        part['provider'].update(error_code=e.code, error_message=str(e))
        return
    part['provider']['available'] = True
    part['licensing_type'] = setting['LicensingType']
    part['policy_source_licensing_type'] = setting['PolicySourceLicensingType']
    part['policy_source_license_servers'] = setting['PolicySourceConfiguredLicenseServers']
    try:
        part['license_servers'] = [name for name in model.get_specified_license_server_list() if name]
    except WbemError as e:
        part['license_servers_error_code'] = e.code
    try:
        part['grace_period_days'] = model.get_grace_period_days()
    except WbemError:
        part['grace_period_days'] = None
    for server in part['license_servers']:
        entry = {'server': server, 'code': None, 'error_code': None}
        try:
            entry['code'] = model.connectivity_status(server)
        except WbemError as e:
            entry['error_code'] = e.code
        part['connectivity'].append(entry)
