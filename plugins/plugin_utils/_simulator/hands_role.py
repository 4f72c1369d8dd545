# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_role (mirrors win_rdlicense_role.ps1).

Internal to the remotedesktop.licensing collection.
"""

from __future__ import annotations

import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands, changed
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import add_role_state
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    FEATURE_DISPLAY_NAMES,
    LicenseServerModel,
    WbemError,
)


def _role_probe(model: LicenseServerModel) -> dict[str, t.Any]:
    state = model.host_info()
    add_role_state(model, state)
    return state


ROLE = MODULES['win_rdlicense_role'] = Hands(_role_probe)


def _feature_outcome(res: dict[str, t.Any]):
    """Get-FeatureOperationOutcome: the DisplayName of each FeatureResult (a FeatureResult has no Name)."""
    names = [FEATURE_DISPLAY_NAMES[name] for name in res['features']]
    return changed(bool(names), restart_needed=res['restart_needed'], exit_code=res['exit_code'], features=names)


@ROLE.step('install_features', 'Install-WindowsFeature')
def _install_features(model: LicenseServerModel, names: list[str], source: t.Optional[str]):
    res = model.install_features(names, source)
    return _feature_outcome(res)


@ROLE.step('uninstall_features', 'Uninstall-WindowsFeature')
def _uninstall_features(model: LicenseServerModel, names: list[str]):
    res = model.uninstall_features(names)
    return _feature_outcome(res)


def _service_step(model: LicenseServerModel, name: str, action: t.Callable[[], bool]):
    if name != cat.SERVICE_NAME:
        raise WbemError('WBEM_E_INVALID_PARAMETER', 'this module manages the service %s only, not %s'
                                                    % (cat.SERVICE_NAME, name))
    if not model.get_service(name)['exists']:
        return 'skipped', {'reason': 'service %s is not registered yet (the role installation completes at the next '
                                     'restart)' % name}
    return changed(action())


@ROLE.step('set_service_startup', 'Set-Service')
def _set_service_startup(model: LicenseServerModel, name: str, startup_type: str):
    return _service_step(model, name, lambda: model.set_service_startup(name, startup_type))


@ROLE.step('start_service', 'Start-Service')
def _start_service(model: LicenseServerModel, name: str):
    return _service_step(model, name, lambda: model.start_service(name))


@ROLE.step('stop_service', 'Stop-Service')
def _stop_service(model: LicenseServerModel, name: str):
    return _service_step(model, name, lambda: model.stop_service(name))
