# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inputs of the collection's roles: read strictly against the role's argument spec, and what they mean for the
role's module (the module options built from them).

Internal to the remotedesktop.licensing collection; not a public API. The lookup ``role_inputs`` gathers a role's
inputs from the task's variables with ``inputs()``; the module of the role takes them whole (option ``role_inputs``
of win_rdlicense_server), checks them again with ``inputs()`` and builds its options with ``MODULE_OPTIONS``, so that
the role's task holds no Jinja logic and the mapping is unit-tested here. Pure but for reading the role's
``meta/argument_specs.yml``, once per process.
"""

from __future__ import annotations

import collections.abc
import functools
import os
import re
import typing as t

import yaml

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import RDLicenseError
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import type_errors

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader

ROLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'roles')
ROLE_NAME = re.compile(r'[a-z][a-z0-9_]*')


class DeclarationError(Exception):
    """Inputs that cannot be read, or turned into module options."""


@functools.lru_cache(maxsize=None)
def role_options(role: str) -> dict[str, t.Any]:
    """The options of the role's ``main`` entry point (read once per process)."""
    if not ROLE_NAME.fullmatch(role):
        raise DeclarationError('%r is not a role name' % role)
    path = os.path.join(ROLES, role, 'meta', 'argument_specs.yml')
    try:
        with open(path, encoding='utf-8') as f:
            data = yaml.load(f, Loader=_Loader)  # nosec B506 - a safe loader
    except OSError as e:
        raise DeclarationError('%s is not a role of remotedesktop.licensing (%s)' % (role, e.strerror))
    return data['argument_specs']['main']['options']


def inputs(role: str, values: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """Every input of the role from ``values`` (name -> value; null when not there), each strictly of its type, or
    an error naming every wrong one (never its value, which may be a secret)."""
    options = role_options(role)
    found = {name: values.get(name) for name in options}
    errors = type_errors(options, found)
    if errors:
        raise DeclarationError('%s: %s' % (role, '; '.join(errors)))
    return found


# Role input -> the option of win_rdlicense_server it sets, left out when the input is empty (null, '', {}, []).
_ROLE = {'license_server_include_management_tools': 'include_management_tools',
         'license_server_source': 'source',
         'license_server_service_start_mode': 'service_start_mode',
         'license_server_service_state': 'service_state'}
_CALS = {'license_server_adopt_packs': 'adopt',
         'license_server_report_undeclared_packs': 'report_undeclared',
         'license_server_product_version_ids': 'product_version_ids'}
_REQUIRED = frozenset(('license_server_activation_state', 'license_server_activation_method',
                       'license_server_allow_reboot', 'license_server_reboot_timeout'))
_KEPT_WHEN_FALSE = frozenset(('include_management_tools', 'adopt', 'report_undeclared'))


def _set(target: dict[str, t.Any], option: str, value: t.Any) -> None:
    if option in _KEPT_WHEN_FALSE or value not in (None, '', {}, []):
        target[option] = value


def license_server(inputs: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The options role, activation, cals, configuration (when declared), reboot and reboot_timeout of
    win_rdlicense_server from the inputs of the role license_server."""
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
    result = {'role': role, 'activation': activation, 'cals': cals,
              'reboot': inputs['license_server_allow_reboot'], 'reboot_timeout': inputs['license_server_reboot_timeout']}
    _set(result, 'configuration', inputs.get('license_server_configuration'))
    return result


# Role input of the role session_host -> the option of win_rdlicense_session_host it sets.
_SESSION_HOST = {'session_host_licensing_mode': 'licensing_mode',
                 'session_host_license_servers': 'license_servers',
                 'session_host_connection_broker': 'connection_broker'}


def session_host(inputs: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The options of win_rdlicense_session_host from the inputs of the role session_host."""
    if not isinstance(inputs, collections.abc.Mapping):
        raise DeclarationError('session_host: the inputs must be a dictionary of the role inputs by name')
    missing = sorted(set(_SESSION_HOST) - set(inputs))
    if missing:
        raise DeclarationError('session_host: inputs missing: %s' % ', '.join(missing))
    if not inputs['session_host_license_servers']:
        # The module would clear the host's list; from the role, an empty list is the default of an inventory whose
        # group license_servers has no host, not a wish.
        raise DeclarationError('session_host: session_host_license_servers is empty (its default is the inventory '
                               'group license_servers, which has no host): list the license servers the session host '
                               'asks for CALs')
    declaration = {option: inputs[name] for name, option in _SESSION_HOST.items()}
    declaration['license_servers'] = list(declaration['license_servers'])
    declaration['connection_broker'] = declaration['connection_broker'] or None
    return declaration


# Role name -> the function building its module's options from its inputs.
MODULE_OPTIONS: dict[str, t.Callable[[t.Mapping[str, t.Any]], dict[str, t.Any]]] = {
    'license_server': license_server,
    'session_host': session_host,
}


def expand(module: str, role: str, args: dict[str, t.Any], stands_for: t.Iterable[str],
           fixed: t.Optional[dict[str, t.Any]] = None) -> dict[str, t.Any]:
    """A module's arguments with its option role_inputs (the role's inputs, whole) replaced by the options it stands
    for, before the argument spec validates them; the inputs are checked strictly first. ``fixed``: options that
    role_inputs sets to a value of its own (the summary's wording). Arguments without role_inputs are returned as
    they are."""
    if args.get('role_inputs') is None:
        args.pop('role_inputs', None)
        return args
    given = [name for name in stands_for if name in args]
    if given:
        raise RDLicenseError('%s: role_inputs cannot be used with %s: it stands for them' % (module, ', '.join(given)))
    try:
        declared = MODULE_OPTIONS[role](inputs(role, args.pop('role_inputs')))
    except DeclarationError as e:
        raise RDLicenseError('%s: role_inputs: %s' % (module, e))
    return dict(args, **dict(fixed or {}, **declared))
