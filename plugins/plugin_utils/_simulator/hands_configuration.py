# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_configuration (mirrors win_rdlicense_configuration.ps1
and Add-RDLicensingConfigurationState of _RDLicensing.psm1).

Internal to the remotedesktop.licensing collection.
"""

from __future__ import annotations

import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands, changed
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import provider_state
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model_directory import netbios_domain
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    HostError,
    LicenseServerModel,
    WbemError,
)

_ANSWERS = ('on_domain_controller', 'security_group_policy', 'tsls_group', 'published', 'scp_registered')


def _answer(read: t.Callable[[], bool]) -> dict[str, t.Any]:
    """Get-RDLicensingServerAnswer: the boolean out-parameter, or the error of the call."""
    try:
        return {'value': bool(read()), 'error_code': None, 'error_message': None}
    except WbemError as e:
        return {'value': None, 'error_code': e.code, 'error_message': str(e)}


def endpoint_server_state(model: LicenseServerModel) -> dict[str, t.Any]:
    """Get-RDLicensingEndpointServerState: the members of S-1-5-32-576 through ADSI (SID, account name or None), or
    the error of the read."""
    try:
        found = model.endpoint_servers_members()
    except HostError as e:
        return {'members': [], 'error_code': e.code, 'error_message': str(e)}
    return {'members': [{'name': m['Name'], 'sid': m['SID']} for m in found],
            'error_code': None, 'error_message': None}


def add_configuration_state(model: LicenseServerModel, state: dict[str, t.Any]) -> None:
    """Add-RDLicensingConfigurationState: PartOfDomain and Domain, RDS Endpoint Servers, and (administrator, provider
    answering) ServerRole and the Is... methods, the AD ones in a domain only."""
    part: dict[str, t.Any] = {'provider': provider_state(), 'domain_joined': model.domain_joined,
                              'domain': model.state['host']['domain'], 'server_role': None}
    part.update({key: {'value': None, 'error_code': None, 'error_message': None} for key in _ANSWERS})
    state['configuration'] = part
    part['netbios_domain'] = netbios_domain(model.state['host']['domain']) if model.domain_joined else None
    part['endpoint_servers'] = endpoint_server_state(model)
    if not model.is_admin:
        return
    try:
        instance = model.license_server_instance()
    except WbemError as e:
        part['provider'].update(error_code=e.code, error_message=str(e))
        return
    part['provider']['available'] = True
    part['server_role'] = instance['ServerRole']
    part['on_domain_controller'] = _answer(model.is_ls_on_dc)
    part['security_group_policy'] = _answer(model.is_ls_sec_grp_gp_enabled)
    if model.domain_joined:
        part['tsls_group'] = _answer(lambda: model.is_ls_in_tsls_group(''))
        part['published'] = _answer(model.is_ls_published)
        part['scp_registered'] = _answer(model.is_ls_registered_to_scp)


def _probe(model: LicenseServerModel) -> dict[str, t.Any]:
    state = model.host_info()
    add_configuration_state(model, state)
    return state


CONFIGURATION = MODULES['win_rdlicense_configuration'] = Hands(_probe)


def _method_step(step: str, method: str, call: t.Callable[[LicenseServerModel], None]) -> None:
    @CONFIGURATION.step(step, method)
    def handler(model: LicenseServerModel):
        call(model)
        return changed(True)


_method_step('add_to_tsls_group', 'AddLStoTSLSGroup', lambda model: model.add_ls_to_tsls_group())
_method_step('remove_from_tsls_group', 'RemoveLSfromTSLSGroup', lambda model: model.remove_ls_from_tsls_group())
_method_step('publish', 'PublishLS', lambda model: model.publish_ls())
_method_step('unpublish', 'UnpublishLS', lambda model: model.unpublish_ls())
_method_step('register_scp', 'RegisterLSToSCP', lambda model: model.register_ls_to_scp())
_method_step('unregister_scp', 'UnRegisterLSFromSCP', lambda model: model.unregister_ls_from_scp())


@CONFIGURATION.step('set_discovery_scope', 'ChangeRole')
def _set_discovery_scope(model: LicenseServerModel, server_role: int):
    model.change_role(server_role)
    return changed(True)


@CONFIGURATION.step('add_endpoint_servers', 'Add-LocalGroupMember')
def _add_endpoint_servers(model: LicenseServerModel, members: list[str]):
    model.add_endpoint_servers_members(list(members))
    return changed(True)


@CONFIGURATION.step('remove_endpoint_servers', 'Remove-LocalGroupMember')
def _remove_endpoint_servers(model: LicenseServerModel, members: list[str]):
    model.remove_endpoint_servers_members(list(members))
    return changed(True)
