# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_session_host (mirrors win_rdlicense_session_host.ps1).

Internal to the remotedesktop.licensing collection.
"""

from __future__ import annotations

import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands, changed
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import (
    add_session_host_state,
    provider_state,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    LicenseServerModel,
    WbemError,
)


def add_deployment_state(model: LicenseServerModel, state: dict[str, t.Any]) -> None:
    """Add-RDLicensingDeploymentState: Win32_TSDeploymentLicensing (administrator only)."""
    part: dict[str, t.Any] = {'provider': provider_state(), 'use_central_licensing_settings': None,
                              'licensing_type': None, 'license_servers': []}
    state['deployment'] = part
    if not model.is_admin:
        return
    try:
        dep = model.deployment_licensing()
    except WbemError as e:
        part['provider'].update(error_code=e.code, error_message=str(e))
        return
    part['provider']['available'] = True
    part.update(use_central_licensing_settings=bool(dep['UseCentralLicensingSettings']),
                licensing_type=dep['LicensingType'], license_servers=[n for n in dep['LicenseServers'] if n])


def _probe(model: LicenseServerModel) -> dict[str, t.Any]:
    state = model.host_info()
    add_session_host_state(model, state)
    add_deployment_state(model, state)
    return state


SESSION_HOST = MODULES['win_rdlicense_session_host'] = Hands(_probe)


@SESSION_HOST.step('set_licensing_mode', 'ChangeMode')
def _set_licensing_mode(model: LicenseServerModel, licensing_type: int):
    model.change_mode(licensing_type)
    return changed(True)


@SESSION_HOST.step('set_license_servers', 'SetSpecifiedLicenseServerList')
def _set_license_servers(model: LicenseServerModel, servers: list[str]):
    model.set_specified_license_server_list(servers)
    return changed(True)


@SESSION_HOST.step('set_deployment_licensing', 'Set-CimInstance')
def _set_deployment_licensing(model: LicenseServerModel, licensing_type: int, license_servers: list[str]):
    model.set_deployment_licensing({'UseCentralLicensingSettings': True, 'LicensingType': licensing_type,
                                    'LicenseServers': list(license_servers)})
    return changed(True)
