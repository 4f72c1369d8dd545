# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_role: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.
"""

from __future__ import annotations

import copy
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _plan
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, Plan, RDLicenseError, not_admin_message
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import has_control_character

MODULE = 'win_rdlicense_role'
NO_LOG: tuple[str, ...] = ()
RETURN_DEFAULTS: dict[str, t.Any] = {'features': [], 'reboot_required': False, 'service': {}}
DEFAULT_START_MODE = 'automatic'
DEFAULT_SERVICE_STATE = 'started'
_READ_TO_START_MODE = {v['read']: k for k, v in cat.SERVICE_START_MODES.items()}
_READ_TO_STATE = {v: k for k, v in cat.SERVICE_STATES.items()}


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    """Normalise the validated arguments; refuse combinations that cannot be met."""
    want = dict(args)
    if want['state'] == 'absent':
        given = [name for name in ('service_start_mode', 'service_state', 'source') if want.get(name) is not None]
        if given:
            raise RDLicenseError('%s: %s cannot be used with state=absent (the service goes away with the role)'
                                 % (MODULE, ', '.join(given)))
        return want
    want['service_start_mode'] = want.get('service_start_mode') or DEFAULT_START_MODE
    want['service_state'] = want.get('service_state') or DEFAULT_SERVICE_STATE
    if want['service_start_mode'] == 'disabled' and want['service_state'] == 'started':
        raise RDLicenseError('%s: service_state=started cannot be combined with service_start_mode=disabled; set '
                             'service_state=stopped to disable the service' % MODULE)
    if want.get('source') is not None and not want['source'].strip():
        raise RDLicenseError('%s: source must not be empty' % MODULE)
    if has_control_character(want.get('source')):
        raise RDLicenseError('%s: source must be a folder path, and it contains a control character (a line break, '
                             'a tab, NUL...)' % MODULE)
    return want


def feature(state: dict[str, t.Any], name: str) -> t.Optional[dict[str, t.Any]]:
    return next((f for f in state['features'] if f['name'] == name and f['exists']), None)


def _installed(feat: t.Optional[dict[str, t.Any]]) -> bool:
    return bool(feat) and feat['install_state'] in cat.INSTALLED_STATES


def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse, before any change, a host that cannot take the role."""
    os_info = state['os']
    if want['state'] == 'present' and os_info['product_type'] not in cat.SERVER_PRODUCT_TYPES:
        raise RDLicenseError(
            '%s: %s is a client edition of Windows (Win32_OperatingSystem.ProductType=%d): the RD Licensing role '
            'can only be installed on Windows Server' % (MODULE, os_info['caption'], os_info['product_type']))
    if not state['is_admin']:
        raise RDLicenseError(not_admin_message(MODULE, state['computer_name'], 'the features cannot be read or changed'))
    role = feature(state, cat.ROLE_FEATURE)
    if want['state'] == 'present' and role is None:
        raise RDLicenseError('%s: the feature %s does not exist on %s (%s)' % (MODULE, cat.ROLE_FEATURE,
                                                                               state['computer_name'],
                                                                               os_info['caption']))
    if want['state'] == 'present' and role['install_state'] == cat.INSTALL_STATE_REMOVED and not want.get('source'):
        raise RDLicenseError(
            '%s: the payload of %s has been removed from %s (InstallState=Removed); set source to a folder holding '
            'the Windows side-by-side store (for example \\\\fileserver\\share\\sources\\sxs)'
            % (MODULE, cat.ROLE_FEATURE, state['computer_name']))


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env) -> Plan:
    result = Plan()
    role = feature(state, cat.ROLE_FEATURE)
    tools = feature(state, cat.TOOLS_FEATURE)
    if want['include_management_tools'] and tools is None and want['state'] == 'present':
        result.warnings.append('%s: %s does not exist on %s (%s); the RD Licensing Manager tools are skipped'
                               % (MODULE, cat.TOOLS_FEATURE, state['computer_name'],
                                  state['os']['installation_type']))
    if want['state'] == 'absent':
        names = [f['name'] for f in (role, tools) if _installed(f) and (f is role or want['include_management_tools'])]
        if names:
            result.steps.append({'type': 'uninstall_features', 'names': names})
        return result

    names = []
    if not _installed(role):
        names.append(cat.ROLE_FEATURE)
    if want['include_management_tools'] and tools is not None and not _installed(tools):
        names.append(cat.TOOLS_FEATURE)
    if names:
        result.steps.append({'type': 'install_features', 'names': names, 'source': want.get('source')})

    service = state['service']
    installing_role = cat.ROLE_FEATURE in names
    if service['exists'] or installing_role:
        start_mode = cat.SERVICE_START_MODES[want['service_start_mode']]
        if installing_role or service['start_mode'] != start_mode['read']:
            result.steps.append({'type': 'set_service_startup', 'name': cat.SERVICE_NAME,
                                 'startup_type': start_mode['write']})
        wanted_state = cat.SERVICE_STATES[want['service_state']]
        if installing_role or service['state'] != wanted_state:
            stype = 'start_service' if want['service_state'] == 'started' else 'stop_service'
            result.steps.append({'type': stype, 'name': cat.SERVICE_NAME})
    elif _installed(role):
        result.warnings.append('%s: the service %s is not registered yet; it is configured once %s has restarted'
                               % (MODULE, cat.SERVICE_NAME, state['computer_name']))
    return result


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: Plan) -> dict[str, t.Any]:
    """The state the plan's steps would lead to, for check mode (a restart need cannot be foreseen)."""
    after = copy.deepcopy(state)
    service = after['service']
    for step in the_plan.steps:
        if step['type'] in ('install_features', 'uninstall_features'):
            installing = step['type'] == 'install_features'
            for feat in after['features']:
                if feat['name'] in step['names']:
                    feat['installed'] = installing
                    feat['install_state'] = cat.INSTALL_STATE_INSTALLED if installing else cat.INSTALL_STATE_AVAILABLE
            if cat.ROLE_FEATURE in step['names']:
                service.update({'exists': installing, 'start_mode': None, 'state': None})
        elif step['type'] == 'set_service_startup':
            service['start_mode'] = next(v['read'] for v in cat.SERVICE_START_MODES.values()
                                         if v['write'] == step['startup_type'])
        elif step['type'] in ('start_service', 'stop_service'):
            service['state'] = 'Running' if step['type'] == 'start_service' else 'Stopped'
    return after


def describe(state: dict[str, t.Any], the_plan: t.Optional[Plan] = None) -> dict[str, t.Any]:
    """The diff's view: each feature's install state and the service's start mode and state."""
    service = state['service']
    return {
        'features': {f['name']: f['install_state'] for f in state['features'] if f['exists']},
        'service': ({'start_mode': _READ_TO_START_MODE.get(service['start_mode'], service['start_mode']),
                     'state': _READ_TO_STATE.get(service['state'], service['state'])}
                    if service['exists'] else None),
    }


def report(state: dict[str, t.Any], outcomes: t.Iterable[dict[str, t.Any]] = ()) -> dict[str, t.Any]:
    """The role as the module returns it: the features that exist, the restart need, the service."""
    restart = any(o['detail'].get('restart_needed') == 'Yes' for o in outcomes)
    view = describe(state)
    return {
        'features': [{'name': f['name'], 'installed': f['installed'], 'install_state': f['install_state']}
                     for f in state['features'] if f['exists']],
        'reboot_required': bool(state['reboot_pending'] or restart),
        'service': dict({'name': cat.SERVICE_NAME, 'exists': state['service']['exists']},
                        **(view['service'] or {'start_mode': None, 'state': None})),
    }


def shape(want: dict[str, t.Any], the_plan: Plan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    return report(after, outcomes)


explain = _plan.explain  # the cmdlet's own failure: 'Install-WindowsFeature failed: <message> [<code>]'
unsettled = _plan.unsettled
