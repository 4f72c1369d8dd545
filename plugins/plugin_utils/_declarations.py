# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a role's inputs mean for its module: the module options built from the inputs, per role.

Internal to the remotedesktop.licensing collection; not a public API. Pure: data in, data out. The lookup
``role_inputs`` (with ``module_options=true``) hands these to the roles' module tasks, so that the tasks hold no
Jinja logic and the mapping is unit-tested here.
"""

from __future__ import annotations

import collections.abc
import typing as t


class DeclarationError(Exception):
    """Inputs that cannot be turned into module options."""


# Role input -> the option of win_rdlicense_server it sets, left out when the input is empty (null, '', {}, []).
_ROLE = {'license_server_include_management_tools': 'include_management_tools',
         'license_server_source': 'source',
         'license_server_service_start_mode': 'service_start_mode',
         'license_server_service_state': 'service_state'}
_CALS = {'license_server_adopt_packs': 'adopt',
         'license_server_report_undeclared_packs': 'report_undeclared',
         'license_server_product_version_ids': 'product_version_ids'}
_REQUIRED = frozenset(('license_server_activation_state', 'license_server_activation_method'))
_KEPT_WHEN_FALSE = frozenset(('include_management_tools', 'adopt', 'report_undeclared'))


def _set(target: dict[str, t.Any], option: str, value: t.Any) -> None:
    if option in _KEPT_WHEN_FALSE or value not in (None, '', {}, []):
        target[option] = value


def license_server(inputs: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The options role, activation and cals of win_rdlicense_server from the inputs of the role license_server."""
    if not isinstance(inputs, collections.abc.Mapping):
        raise DeclarationError('license_server: the inputs must be a dictionary of the role inputs by name')
    missing = sorted((set(_ROLE) | set(_CALS) | _REQUIRED) - set(inputs))
    if missing:
        raise DeclarationError('license_server: inputs missing: %s' % ', '.join(missing))
    role, cals = {}, {}
    for name, option in _ROLE.items():
        _set(role, option, inputs[name])
    state = inputs['license_server_activation_state']
    activation = {'state': state, 'method': inputs['license_server_activation_method']}
    _set(activation, 'company_information', inputs.get('license_server_company_information'))
    # The license server ID is an answer for an activation, the confirmation code one for a deactivation.
    if state == 'activated':
        _set(activation, 'license_server_id', inputs.get('license_server_id'))
    else:
        _set(activation, 'confirmation_code', inputs.get('license_server_confirmation_code'))
    # A server being deactivated takes no CAL pack: the declared packs wait for the next activation.
    cals['packs'] = list(inputs.get('license_server_cal_packs') or []) if state == 'activated' else []
    for name, option in _CALS.items():
        _set(cals, option, inputs[name])
    return {'role': role, 'activation': activation, 'cals': cals}


# Role name -> the function building its module's options from its inputs.
MODULE_OPTIONS: dict[str, t.Callable[[t.Mapping[str, t.Any]], dict[str, t.Any]]] = {
    'license_server': license_server,
}
