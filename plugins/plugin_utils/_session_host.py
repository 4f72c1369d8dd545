# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_session_host: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.

The probe shape is ``CONTRACT['win_rdlicense_session_host']['probe']``. Decisions made here:

* the licensing mode and the license servers are compared with what the host uses (with Group Policy, the policy's
  values); each one that differs is one step (``set_licensing_mode``: ChangeMode, ``set_license_servers``:
  SetSpecifiedLicenseServerList, which replaces the whole list);
* a Group Policy that sets the mode or the servers to something else than declared fails the task before any change,
  naming the policy and its value (the policy wins over the host's own settings, and the WMI methods refuse to change
  what it sets); a policy that sets them as declared is reported in ``policy_note``, without a warning;
* with ``connection_broker`` the task runs on the RD Connection Broker and manages the deployment's licensing
  (Win32_TSDeploymentLicensing) in one ``set_deployment_licensing`` step instead of the host's own settings;
* ``report`` gives the session host part of the result, which win_rdlicense_info returns as ``session_host``.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _declarations
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import (
    Env,
    Plan,
    RDLicenseError,
    first_failed,
    not_admin_message,
    step_failure,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import first_non_ascii

MODULE = 'win_rdlicense_session_host'
NO_LOG: tuple[str, ...] = ()

_LABEL = re.compile(r'[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?')
_NAME_CHARACTER = re.compile(r'[A-Za-z0-9.-]')
NETBIOS_NAME_MAX = 15
DNS_NAME_MAX = 253
_NAME_FORMS = 'a NetBIOS name, a DNS host name or an IPv4 address'
_POLICY_WHERE = '%s %s' % (cat.POLICY_REGISTRY_KEY, '%s')


def empty_report() -> dict[str, t.Any]:
    """The session host part, empty: what a task that fails before reading the host returns."""
    return {
        'licensing_mode': cat.LICENSING_TYPE_UNKNOWN,
        'license_servers': [],
        'grace_period_days': None,
        'connectivity': [],
        'policy': {'licensing_mode': {'source': 'server', 'value': None, 'code': None},
                   'license_servers': {'source': 'server', 'value': None}},
        'cal_version': None,
        'domain_joined': None,
    }


RETURN_DEFAULTS: dict[str, t.Any] = dict(empty_report(), policy_note=None, deployment=None, summary=None)
# O(role_inputs) stands for these options (the role session_host's declaration).
FROM_ROLE_INPUTS = ('licensing_mode', 'license_servers', 'connection_broker')
ROLE = 'session_host'
# The keys of RV(summary), the role's session_host_summary.
SUMMARY_KEYS = ('host', 'check_mode', 'changed', 'declared', 'before', 'licensing_mode', 'license_servers',
                'grace_period_days', 'connectivity', 'policy', 'policy_note', 'cal_version', 'domain_joined',
                'deployment', 'message')


def from_role_inputs(args: dict[str, t.Any]) -> dict[str, t.Any]:
    """The task's arguments with O(role_inputs) replaced by the options it stands for."""
    return _declarations.expand(MODULE, ROLE, args, FROM_ROLE_INPUTS)


def summary(host: str, check_mode: bool, want: dict[str, t.Any], result: dict[str, t.Any]) -> dict[str, t.Any]:
    """What the task did (check mode: would do), with the lines a person reads: RV(summary)."""
    done = {'licensing_mode': result['licensing_mode'], 'license_servers': list(result['license_servers'])}
    if result['changed']:
        verb = 'would set' if check_mode else 'set'
    else:
        verb = 'nothing to change:'
    line = '%s%s: %s licensing mode %s, license servers %s.' % (
        host, ' (check mode, nothing was changed)' if check_mode else '', verb, done['licensing_mode'],
        ', '.join(done['license_servers']) or 'none')
    if result.get('policy_note'):
        line += ' %s.' % result['policy_note']
    values = {
        'host': host, 'check_mode': check_mode, 'changed': bool(result['changed']),
        'declared': {'licensing_mode': want['licensing_mode'], 'license_servers': list(want['license_servers']),
                     'connection_broker': want['connection_broker']},
        'before': copy.deepcopy((result.get('diff') or {}).get('before')),
        'message': [line],
    }
    values.update({key: copy.deepcopy(result[key]) for key in SUMMARY_KEYS if key not in values})
    return {key: values[key] for key in SUMMARY_KEYS}


@dataclasses.dataclass
class SessionHostPlan(Plan):
    broker: bool = False
    policy_note: t.Optional[str] = None


# --------------------------------------------------------------------------------------------------------------------
# Validation (before any remote call)
# --------------------------------------------------------------------------------------------------------------------
def server_name(value: t.Any, where: str) -> str:
    """A license server's (or broker's) name as given, stripped: a NetBIOS name, a DNS host name or FQDN, or an IPv4
    address, in ASCII. Anything else is refused, naming ``where`` (the option and the item)."""
    if value is None or not isinstance(value, str) or not value.strip():
        raise RDLicenseError('%s: %s is empty: give %s' % (MODULE, where, _NAME_FORMS))
    name = value.strip()
    other = first_non_ascii(name)
    if other:
        raise RDLicenseError('%s: %s must be %s in ASCII, and it contains %s, which is not an ASCII letter or digit'
                             % (MODULE, where, _NAME_FORMS, other))
    bad = next((c for c in name if not _NAME_CHARACTER.fullmatch(c)), None)
    if bad is not None:
        shown = "'%s'" % bad if bad.isprintable() else 'U+%04X' % ord(bad)
        raise RDLicenseError('%s: %s must be %s (letters, digits and hyphens, labels separated by dots), and it '
                             'contains %s' % (MODULE, where, _NAME_FORMS, shown))
    labels = name.split('.')
    if all(label.isdigit() for label in labels if label):
        if len(labels) != 4 or not all(label and int(label) <= 255 and label == str(int(label)) for label in labels):
            raise RDLicenseError('%s: %s looks like an IPv4 address and is not one (four numbers from 0 to 255 '
                                 'separated by dots)' % (MODULE, where))
        return name
    if len(name) > DNS_NAME_MAX or not all(_LABEL.fullmatch(label) for label in labels):
        raise RDLicenseError('%s: %s must be %s: each dot-separated label 1 to 63 letters, digits and hyphens, not '
                             'beginning or ending with a hyphen, %d characters in all at most'
                             % (MODULE, where, _NAME_FORMS, DNS_NAME_MAX))
    if len(labels) == 1 and len(name) > NETBIOS_NAME_MAX:
        raise RDLicenseError('%s: %s has %d characters: a NetBIOS name has %d at most (give the DNS name instead)'
                             % (MODULE, where, len(name), NETBIOS_NAME_MAX))
    return name


def license_server_list(values: t.Any) -> list[str]:
    """The declared license servers, in order, each checked; the same server twice is refused."""
    if not isinstance(values, list):  # the action plugin refuses other types first; callers of this function too
        raise RDLicenseError('%s: license_servers must be a list of names' % MODULE)
    names = [server_name(value, 'license_servers[%d]' % index) for index, value in enumerate(values)]
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name.lower() in seen:
            raise RDLicenseError('%s: license_servers lists %s twice (items %d and %d): each server once, in the '
                                 'order the host contacts them' % (MODULE, name, seen[name.lower()], index))
        seen[name.lower()] = index
    return names


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    """Normalise the validated arguments (the mode is one of the spec's choices)."""
    # Required, and not declared so in the argument spec: the .ps1 declares the same options, and the action plugin
    # sends none of them to the host.
    missing = [name for name in ('licensing_mode', 'license_servers') if args.get(name) is None]
    if missing:
        raise RDLicenseError('%s: missing required arguments: %s' % (MODULE, ', '.join(missing)))
    mode = args['licensing_mode']
    broker = args.get('connection_broker')
    return {
        'licensing_mode': mode,
        'licensing_type': cat.LICENSING_TYPES[mode],
        'license_servers': license_server_list(args['license_servers']),
        'connection_broker': None if broker is None else server_name(broker, 'connection_broker'),
    }


# --------------------------------------------------------------------------------------------------------------------
# Reading the probe
# --------------------------------------------------------------------------------------------------------------------
def mode_name(code: t.Optional[int]) -> str:
    return cat.LICENSING_TYPE_NAMES.get(code, cat.LICENSING_TYPE_UNKNOWN) if code is not None else \
        cat.LICENSING_TYPE_UNKNOWN


def same_servers(one: t.Iterable[str], other: t.Iterable[str]) -> bool:
    """The same servers in the same order; names compared without case, as Windows resolves them."""
    return [name.lower() for name in one] == [name.lower() for name in other]


def policy_servers(text: t.Optional[str]) -> t.Optional[list[str]]:
    """The LicenseServers policy value as a list (comma-separated; spaces and empty items ignored)."""
    if text is None:
        return None
    return [name.strip() for name in re.split(r'[,;]', text) if name.strip()]


def role_service_installed(state: dict[str, t.Any]) -> bool:
    feature = state['session_host']['role_service']
    return bool(feature['exists'] and feature['install_state'] == cat.INSTALL_STATE_INSTALLED)


def policy(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """Where the mode and the servers come from: Group Policy (with the policy's value) or the server."""
    sh = state['session_host']
    gp = sh['group_policy']
    mode_gp = gp['licensing_mode'] is not None or sh['policy_source_licensing_type'] == cat.POLICY_SOURCE_GROUP_POLICY
    code = gp['licensing_mode'] if gp['licensing_mode'] is not None else sh['licensing_type']
    servers_gp = (gp['license_servers'] is not None
                  or sh['policy_source_license_servers'] == cat.POLICY_SOURCE_GROUP_POLICY)
    servers = policy_servers(gp['license_servers'])
    return {
        'licensing_mode': ({'source': 'group_policy', 'value': mode_name(code), 'code': code} if mode_gp
                           else {'source': 'server', 'value': None, 'code': None}),
        'license_servers': ({'source': 'group_policy',
                             'value': servers if servers is not None else list(sh['license_servers'])}
                            if servers_gp else {'source': 'server', 'value': None}),
    }


def connectivity(item: dict[str, t.Any]) -> dict[str, t.Any]:
    """One listed server's GetTStoLSConnectivityStatus, by name; code 0 (unknown) when it could not be read."""
    code = item['code'] if item['code'] is not None else 0
    return {
        'server': item['server'],
        'code': code,
        'status': cat.CONNECTIVITY_STATUS.get(code, 'unknown'),
        'usable': code in cat.CONNECTIVITY_USABLE,
        'error': None if item['error_code'] is None else cat.describe_wbem(item['error_code']),
    }


def report(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The session host part of the result (also win_rdlicense_info's ``session_host``)."""
    sh = state['session_host']
    return {
        'licensing_mode': mode_name(sh['licensing_type']),
        'license_servers': list(sh['license_servers']),
        'grace_period_days': sh['grace_period_days'],
        'connectivity': [connectivity(item) for item in sh['connectivity']],
        'policy': policy(state),
        'cal_version': cat.cal_version_for_build(state['os']['build']),
        'domain_joined': sh['domain_joined'],
    }


def deployment(state: dict[str, t.Any], broker: t.Optional[str]) -> t.Optional[dict[str, t.Any]]:
    """The deployment's licensing as the broker holds it (with connection_broker), else None."""
    dep = state['deployment']
    if broker is None or not dep['provider']['available']:
        return None
    return {'connection_broker': broker, 'use_central_licensing_settings': dep['use_central_licensing_settings'],
            'licensing_mode': mode_name(dep['licensing_type']), 'license_servers': list(dep['license_servers'])}


def full_report(want: dict[str, t.Any], state: dict[str, t.Any], note: t.Optional[str] = None) -> dict[str, t.Any]:
    """The documented return values; with connection_broker, the mode and servers are the deployment's."""
    result = dict(report(state), policy_note=note, deployment=deployment(state, want['connection_broker']))
    if result['deployment'] is not None:
        result['licensing_mode'] = result['deployment']['licensing_mode']
        result['license_servers'] = list(result['deployment']['license_servers'])
    return result


# --------------------------------------------------------------------------------------------------------------------
# The action base's hooks
# --------------------------------------------------------------------------------------------------------------------
def _policy_conflicts(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    host = state['computer_name']
    gp = state['session_host']['group_policy']
    pol = policy(state)
    mode = pol['licensing_mode']
    if mode['source'] == 'group_policy' and mode['code'] != want['licensing_type']:
        raise RDLicenseError(
            "%s: Group Policy sets the licensing mode of %s to %s (policy '%s', %s = %s), and the task declares %s. "
            "The policy wins over the host's own settings, so nothing is changed: change the policy, or declare "
            'what it sets' % (MODULE, host, mode['value'], cat.POLICY_TITLES[cat.POLICY_LICENSING_MODE_VALUE],
                              _POLICY_WHERE % cat.POLICY_LICENSING_MODE_VALUE,
                              'not set (PolicySourceLicensingType=1)' if gp['licensing_mode'] is None
                              else gp['licensing_mode'], want['licensing_mode']),
            full_report(want, state))
    servers = pol['license_servers']
    if servers['source'] == 'group_policy' and not same_servers(servers['value'], want['license_servers']):
        raise RDLicenseError(
            "%s: Group Policy sets the license servers of %s to %s (policy '%s', %s = %s), and the task declares %s. "
            "The policy wins over the host's own settings, so nothing is changed: change the policy, or declare "
            'what it sets' % (MODULE, host, ', '.join(servers['value']) or 'none',
                              cat.POLICY_TITLES[cat.POLICY_LICENSE_SERVERS_VALUE],
                              _POLICY_WHERE % cat.POLICY_LICENSE_SERVERS_VALUE,
                              'not set (PolicySourceConfiguredLicenseServers=1)' if gp['license_servers'] is None
                              else "'%s'" % gp['license_servers'], ', '.join(want['license_servers']) or 'none'),
            full_report(want, state))


def _preflight_broker(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    host = state['computer_name']
    broker = want['connection_broker']
    if broker.split('.')[0].upper() != host.upper() or broker.replace('.', '').isdigit():
        raise RDLicenseError(
            '%s: connection_broker is %s, and the task runs on %s: the deployment\'s licensing '
            '(%s) is read and written on the RD Connection Broker itself, so run the task there (for example '
            'delegate_to: %s), once per deployment' % (MODULE, broker, host, cat.DEPLOYMENT_LICENSING_CLASS, broker),
            full_report(want, state))
    provider = state['deployment']['provider']
    if not provider['available']:
        raise RDLicenseError(
            '%s: %s is not the RD Connection Broker of a deployment: %s (%s) does not answer [%s]; leave '
            'connection_broker out to configure the session host itself'
            % (MODULE, host, cat.DEPLOYMENT_LICENSING_CLASS, cat.TS_NAMESPACE,
               cat.describe_wbem(provider['error_code'], missing='no instance')), full_report(want, state))


def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse, before any change: not an administrator, no RD Session Host role service (or broker), the settings
    unreadable, a Group Policy that sets something else than declared."""
    host = state['computer_name']
    if not state['is_admin']:
        raise RDLicenseError(not_admin_message(
            MODULE, host, 'the RD Session Host licensing settings (%s) can neither be read nor changed'
            % cat.TS_SETTING_CLASS), full_report(want, state))
    if want['connection_broker'] is not None:
        _preflight_broker(want, state)
        return
    feature = state['session_host']['role_service']
    if not role_service_installed(state):
        what = ('its installation waits for a restart (InstallState=InstallPending)'
                if feature['install_state'] == cat.INSTALL_STATE_INSTALL_PENDING
                else 'InstallState=%s' % feature['install_state'] if feature['exists']
                else 'the feature does not exist on %s' % state['os']['caption'])
        raise RDLicenseError(
            '%s: %s is not an RD Session Host: the role service %s is not installed (%s). Install it first (for '
            'example with ansible.windows.win_feature, name: %s) and restart the host, or use connection_broker to '
            'configure the deployment on its RD Connection Broker'
            % (MODULE, host, cat.SESSION_HOST_FEATURE, what, cat.SESSION_HOST_FEATURE),
            full_report(want, state))
    provider = state['session_host']['provider']
    if not provider['available']:
        raise RDLicenseError(
            '%s: %s (%s) does not answer on %s [%s]: %s' % (
                MODULE, cat.TS_SETTING_CLASS, cat.TS_NAMESPACE, host,
                cat.describe_wbem(provider['error_code'], missing='no instance'),
                provider['error_message'] or 'no message'), full_report(want, state))
    if state['session_host']['license_servers_error_code'] is not None:
        raise RDLicenseError(
            '%s: %s.GetSpecifiedLicenseServerList failed on %s [%s]; nothing is changed while the current list is '
            'unknown' % (MODULE, cat.TS_SETTING_CLASS, host,
                         cat.describe_wbem(state['session_host']['license_servers_error_code'])),
            full_report(want, state))
    _policy_conflicts(want, state)


def _policy_note(want: dict[str, t.Any], state: dict[str, t.Any]) -> t.Optional[str]:
    pol = policy(state)
    parts = []
    if pol['licensing_mode']['source'] == 'group_policy':
        parts.append("the licensing mode (%s, policy '%s')" % (
            want['licensing_mode'], cat.POLICY_TITLES[cat.POLICY_LICENSING_MODE_VALUE]))
    if pol['license_servers']['source'] == 'group_policy':
        parts.append("the license servers (%s, policy '%s')" % (
            ', '.join(want['license_servers']) or 'none', cat.POLICY_TITLES[cat.POLICY_LICENSE_SERVERS_VALUE]))
    if not parts:
        return None
    return ('Group Policy sets %s on %s as declared; what it sets is left to it'
            % (' and '.join(parts), state['computer_name']))


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env) -> SessionHostPlan:
    result = SessionHostPlan(broker=want['connection_broker'] is not None)
    host = state['computer_name']
    if not want['license_servers']:
        result.warnings.append(
            '%s: license_servers is empty, so %s is given no license server: Windows does not discover license '
            'servers on its own (since Windows Server 2008 R2), and the session host refuses connections once its '
            'grace period is over' % (MODULE, 'the deployment' if result.broker else host))
    if want['licensing_mode'] == 'per_user' and state['session_host']['domain_joined'] is False and not result.broker:
        result.warnings.append(
            '%s: %s is not joined to a domain (Win32_ComputerSystem.PartOfDomain is false): per-user CALs are tracked '
            'in Active Directory, so a workgroup session host needs licensing_mode=per_device' % (MODULE, host))
    if result.broker:
        dep = state['deployment']
        if (dep['licensing_type'] != want['licensing_type'] or not dep['use_central_licensing_settings']
                or not same_servers(dep['license_servers'], want['license_servers'])):
            result.steps.append({'type': 'set_deployment_licensing', 'licensing_type': want['licensing_type'],
                                 'license_servers': list(want['license_servers'])})
        return result
    sh = state['session_host']
    pol = policy(state)
    result.policy_note = _policy_note(want, state)
    if pol['licensing_mode']['source'] == 'server' and sh['licensing_type'] != want['licensing_type']:
        result.steps.append({'type': 'set_licensing_mode', 'licensing_type': want['licensing_type']})
    if pol['license_servers']['source'] == 'server' and not same_servers(sh['license_servers'],
                                                                         want['license_servers']):
        result.steps.append({'type': 'set_license_servers', 'servers': list(want['license_servers'])})
    return result


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: Plan) -> dict[str, t.Any]:
    """The state the plan's steps would lead to, for check mode: the connectivity of a newly listed server is not
    known before it is listed (code None: reported as 0, unknown)."""
    after = copy.deepcopy(state)
    sh = after['session_host']
    for step in the_plan.steps:
        if step['type'] == 'set_licensing_mode':
            sh['licensing_type'] = step['licensing_type']
        elif step['type'] == 'set_license_servers':
            known = {item['server'].lower(): item for item in sh['connectivity']}
            sh['license_servers'] = list(step['servers'])
            sh['connectivity'] = [known.get(name.lower(), {'server': name, 'code': None, 'error_code': None})
                                  for name in step['servers']]
        elif step['type'] == 'set_deployment_licensing':
            after['deployment'].update(use_central_licensing_settings=True, licensing_type=step['licensing_type'],
                                       license_servers=list(step['license_servers']))
    return after


def describe(state: dict[str, t.Any], the_plan: t.Optional[Plan] = None) -> dict[str, t.Any]:
    """The diff's view: the mode and the servers (with connection_broker, the deployment's)."""
    if getattr(the_plan, 'broker', False):
        dep = state['deployment']
        return {'licensing_mode': mode_name(dep['licensing_type']), 'license_servers': list(dep['license_servers'])}
    sh = state['session_host']
    return {'licensing_mode': mode_name(sh['licensing_type']), 'license_servers': list(sh['license_servers'])}


def shape(want: dict[str, t.Any], the_plan: Plan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    return full_report(want, after, getattr(the_plan, 'policy_note', None))


_WHAT = {
    'set_licensing_mode': 'setting the licensing mode (%s.ChangeMode)' % cat.TS_SETTING_CLASS,
    'set_license_servers': 'setting the license servers (%s.SetSpecifiedLicenseServerList)' % cat.TS_SETTING_CLASS,
    'set_deployment_licensing': "setting the deployment's licensing (%s)" % cat.DEPLOYMENT_LICENSING_CLASS,
}


def explain(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]]) -> str:
    outcome = first_failed(outcomes)
    error = outcome['error'] or {}
    text = '%s: %s failed: %s' % (MODULE, _WHAT.get(outcome['type'], outcome['type']), step_failure(outcome))
    if error.get('code') == cat.WBEM_CODES['WBEM_E_INVALID_OPERATION']:
        text += ('; the setting is probably set by Group Policy (%s): change it there, or remove the policy'
                 % cat.POLICY_REGISTRY_KEY)
    return text


def unsettled(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]],
              after: dict[str, t.Any]) -> t.Optional[str]:
    """Every step answered without an error, but the host does not read back what was declared."""
    now = describe(after, the_plan)
    if now['licensing_mode'] == want['licensing_mode'] \
            and same_servers(now['license_servers'], want['license_servers']):
        return None
    return ('%s: the steps returned without an error, but %s now reads licensing mode %s and license servers %s '
            '(declared: %s; %s): read the state again, for example with remotedesktop.licensing.win_rdlicense_info, '
            'before anything else' % (MODULE, after['computer_name'], now['licensing_mode'],
                                      ', '.join(now['license_servers']) or 'none', want['licensing_mode'],
                                      ', '.join(want['license_servers']) or 'none'))
