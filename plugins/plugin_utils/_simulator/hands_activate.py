# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_activate (mirrors win_rdlicense_activate.ps1).

Internal to the remotedesktop.licensing collection.
"""

from __future__ import annotations

import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands, changed
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import add_activation_state
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    LicenseServerModel,
    WbemError,
)

ACTIVATED = cat.ACTIVATION_STATUS_CODES['activated']
NOT_ACTIVATED = cat.ACTIVATION_STATUS_CODES['not_activated']
UNKNOWN = cat.ACTIVATION_STATUS_CODES['unknown']


def _activate_probe(model: LicenseServerModel) -> dict[str, t.Any]:
    state = model.host_info()
    add_activation_state(model, state)
    return state


ACTIVATE = MODULES['win_rdlicense_activate'] = Hands(_activate_probe)


def _expect(method: str, status: int, expected: int) -> tuple[str, dict[str, t.Any]]:
    """Like the .ps1: a method that returns 0 but leaves the wrong ActivationStatus has failed; one that answers 2
    (unknown error, state unknown) is reported as it is, with activation_status 2, for the action plugin to tell."""
    if status == UNKNOWN:
        return changed(True, activation_status=status)
    if status != expected:
        raise WbemError('WBEM_E_FAILED', '%s.%s returned ActivationStatus %d (%s)'
                        % (cat.LICENSE_SERVER_CLASS, method, status, cat.ACTIVATION_STATUS.get(status, 'unknown')))
    return changed(True, activation_status=status)


@ACTIVATE.step('set_contact_property', 'Set-CimInstance')
def _set_contact_property(model: LicenseServerModel, name: str, value: str):
    if name not in cat.CONTACT_PROPERTIES.values():
        raise WbemError('WBEM_E_INVALID_PARAMETER', '%s.%s: not a contact property' % (cat.LICENSE_SERVER_CLASS,
                                                                                       name))
    if model.license_server_instance()[name] == value:
        return changed(False, name=name)
    try:
        model.set_license_server_property(name, value)
    except WbemError as e:
        # The same message shape as the .ps1: '<class>.<property>: <message>'.
        raise WbemError(e.name, '%s.%s: %s' % (cat.LICENSE_SERVER_CLASS, name, e))
    return changed(True, name=name)


@ACTIVATE.step('activate_automatic', 'ActivateServerAutomatic')
def _activate_automatic(model: LicenseServerModel):
    return _expect('ActivateServerAutomatic', model.activate_server_automatic(), ACTIVATED)


@ACTIVATE.step('activate_with_server_id', 'ActivateServer')
def _activate_with_server_id(model: LicenseServerModel, license_server_id: str):
    return _expect('ActivateServer', model.activate_server(license_server_id), ACTIVATED)


@ACTIVATE.step('deactivate_automatic', 'DeactivateServerAutomatic')
def _deactivate_automatic(model: LicenseServerModel):
    return _expect('DeactivateServerAutomatic', model.deactivate_server_automatic(), NOT_ACTIVATED)


@ACTIVATE.step('deactivate_with_code', 'DeactivateServer')
def _deactivate_with_code(model: LicenseServerModel, confirmation_code: str):
    return _expect('DeactivateServer', model.deactivate_server(confirmation_code), NOT_ACTIVATED)


@ACTIVATE.step('reactivate_automatic', 'ReactivateServerAutomatic')
def _reactivate_automatic(model: LicenseServerModel, reason: int):
    return _expect('ReactivateServerAutomatic', model.reactivate_server_automatic(reason), ACTIVATED)


@ACTIVATE.step('reactivate_with_server_id', 'ReactivateServer')
def _reactivate_with_server_id(model: LicenseServerModel, license_server_id: str):
    return _expect('ReactivateServer', model.reactivate_server(license_server_id), ACTIVATED)
