# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_configuration: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.

The probe shape is ``CONTRACT['win_rdlicense_configuration']['probe']``. Decisions made here:

* every option left out is left alone; each one given and different from what the host reads is one step
  (``add_to_tsls_group``/``remove_from_tsls_group``: AddLStoTSLSGroup/RemoveLSfromTSLSGroup, ``publish``/
  ``unpublish``: PublishLS/UnpublishLS, ``register_scp``/``unregister_scp``, ``set_discovery_scope``: ChangeRole,
  ``add_endpoint_servers``/``remove_endpoint_servers``: Add-/Remove-LocalGroupMember on RDS Endpoint Servers);
* a host that is not in a domain cannot be in the AD group, published, registered or domain- or forest-scoped, and
  holds no computer accounts in RDS Endpoint Servers: asking for it fails before any change, naming the options;
* a value that could not be read (no domain controller answered) fails the task when the option that needs it is
  given, before any change; left out, it is reported as null;
* ``endpoint_servers`` adds the listed computer accounts and leaves other members alone, unless
  ``endpoint_servers_purge`` (then the group holds exactly the list); given while the license server security group
  policy is off, it warns: the group has no effect until the policy is on;
* a member whose SID no account answers to (an orphaned SID: a deleted computer account) is reported by its SID and
  warned about; the purge removes it by its SID, after any additions;
* adding or removing members needs Windows Server 2016 or later (Add-/Remove-LocalGroupMember): on an older host the
  task fails before any change (reading the group works on every version);
* the AD rights of the connecting account cannot be read beforehand: a step the domain controller refuses fails with
  the group that gives the right (Domain Admins, Enterprise Admins) and how to connect with it.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import (
    Env,
    Plan,
    RDLicenseError,
    first_failed,
    not_admin_message,
    step_failure,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import first_non_ascii

MODULE = 'win_rdlicense_configuration'
NO_LOG: tuple[str, ...] = ()

# The boolean options: option -> (probe key, the step that sets it true, the step that sets it false, the method that
# reads it, what it is in words).
FLAGS = {
    'ad_group_member': ('tsls_group', 'add_to_tsls_group', 'remove_from_tsls_group', 'IsLSinTSLSGroup',
                        'in the AD group %s' % cat.TSLS_GROUP),
    'published': ('published', 'publish', 'unpublish', 'IsLSPublished', 'published in AD DS'),
    'scp_registered': ('scp_registered', 'register_scp', 'unregister_scp', 'IsLSRegisteredToSCP',
                       'registered to its service connection point in AD DS'),
}
# The AD right each step needs (catalogue.DIRECTORY_RIGHTS), as the reference pages of the methods name it; the others
# need a local administrator only.
STEP_RIGHTS = {
    'add_to_tsls_group': 'domain_admin',
    'remove_from_tsls_group': 'domain_admin',
    'publish': 'enterprise_admin',
    'unpublish': 'enterprise_admin',
}
# What a step does, for its failure message.
_WHAT = {
    'add_to_tsls_group': 'adding the license server to the AD group %s (%s.AddLStoTSLSGroup)'
                         % (cat.TSLS_GROUP, cat.LICENSE_SERVER_CLASS),
    'remove_from_tsls_group': 'removing the license server from the AD group %s (%s.RemoveLSfromTSLSGroup)'
                              % (cat.TSLS_GROUP, cat.LICENSE_SERVER_CLASS),
    'publish': 'publishing the license server in AD DS (%s.PublishLS)' % cat.LICENSE_SERVER_CLASS,
    'unpublish': 'unpublishing the license server from AD DS (%s.UnpublishLS)' % cat.LICENSE_SERVER_CLASS,
    'register_scp': 'registering the service connection point (%s.RegisterLSToSCP)' % cat.LICENSE_SERVER_CLASS,
    'unregister_scp': 'removing the service connection point (%s.UnRegisterLSFromSCP)' % cat.LICENSE_SERVER_CLASS,
    'set_discovery_scope': 'setting the discovery scope (%s.ChangeRole)' % cat.LICENSE_SERVER_CLASS,
    'add_endpoint_servers': 'adding computer accounts to the local group %s (%s, Add-LocalGroupMember)'
                            % (cat.ENDPOINT_SERVERS_GROUP, cat.ENDPOINT_SERVERS_SID),
    'remove_endpoint_servers': 'removing computer accounts from the local group %s (%s, Remove-LocalGroupMember)'
                               % (cat.ENDPOINT_SERVERS_GROUP, cat.ENDPOINT_SERVERS_SID),
}
ACCESS_DENIED_CODES = (cat.WBEM_CODES['WBEM_E_ACCESS_DENIED'], cat.E_ACCESSDENIED, cat.ERROR_ACCESS_DENIED)
NOT_AVAILABLE = cat.WBEM_CODES['WBEM_E_NOT_AVAILABLE']
OPTIONS = ('discovery_scope', 'ad_group_member', 'published', 'scp_registered', 'endpoint_servers',
           'endpoint_servers_purge')

_NETBIOS = re.compile(r'[A-Za-z0-9][A-Za-z0-9-]{0,14}')
_ACCOUNT_FORMS = 'a computer name (NAME or NAME$) or a computer account (DOMAIN\\NAME$)'


def empty_report() -> dict[str, t.Any]:
    """The configuration part, empty: what a task that fails before reading the host returns."""
    return {'domain_joined': None, 'domain': None, 'discovery_scope': None, 'ad_group_member': None,
            'published': None, 'scp_registered': None, 'on_domain_controller': None, 'security_group_policy': None,
            'endpoint_servers': []}


RETURN_DEFAULTS: dict[str, t.Any] = {'configuration': empty_report(), 'steps': []}


@dataclasses.dataclass
class ConfigurationPlan(Plan):
    pass


# --------------------------------------------------------------------------------------------------------------------
# Validation (before any remote call)
# --------------------------------------------------------------------------------------------------------------------
def computer_account(value: t.Any, where: str) -> tuple[t.Optional[str], str]:
    """(domain or None, NAME) of a computer account as given: NAME, NAME$, DOMAIN\\NAME or DOMAIN\\NAME$, NetBIOS
    names in ASCII (letters, digits, hyphens; 15 characters at most). Anything else is refused, naming ``where``."""
    if not isinstance(value, str) or not value.strip():
        raise RDLicenseError('%s: %s is empty: give %s' % (MODULE, where, _ACCOUNT_FORMS))
    text = value.strip()
    other = first_non_ascii(text)
    if other:
        raise RDLicenseError('%s: %s must be %s in ASCII, and it contains %s, which is not an ASCII letter or digit'
                             % (MODULE, where, _ACCOUNT_FORMS, other))
    domain, sep, name = text.rpartition('\\')
    name = name[:-1] if name.endswith('$') else name
    if sep and not _NETBIOS.fullmatch(domain):
        raise RDLicenseError('%s: %s: the domain of %s must be a NetBIOS domain name (letters, digits and hyphens, 15 '
                             'at most), as in CONTOSO\\RDSH01$' % (MODULE, where, _ACCOUNT_FORMS))
    if not _NETBIOS.fullmatch(name) or name.isdigit():
        raise RDLicenseError('%s: %s must be %s: a NetBIOS computer name of 1 to 15 letters, digits and hyphens (a DNS '
                             'name such as rdsh01.contoso.com is not a member name; give RDSH01 or CONTOSO\\RDSH01$)'
                             % (MODULE, where, _ACCOUNT_FORMS))
    return (domain.upper() if sep else None), name.upper()


def member_name(account: tuple[t.Optional[str], str], netbios_domain: t.Optional[str] = None) -> str:
    """What Add-/Remove-LocalGroupMember is given: DOMAIN\\NAME$, a bare NAME in the host's domain when the probe read
    its NetBIOS name (as the probe names the member afterwards), else NAME$ (Windows resolves it)."""
    domain, name = account
    domain = domain or (netbios_domain.upper() if netbios_domain else None)
    return '%s\\%s$' % (domain, name) if domain else '%s$' % name


def parse_member(text: str) -> tuple[t.Optional[str], str]:
    """(domain, NAME) of a member as the probe names it (DOMAIN\\NAME$, or a local NAME)."""
    domain, sep, name = text.rpartition('\\')
    return (domain.upper() if sep else None), (name[:-1] if name.endswith('$') else name).upper()


def same_account(wanted: tuple[t.Optional[str], str], member: tuple[t.Optional[str], str]) -> bool:
    """A declared account matches a member by name, and by domain when one was given."""
    return wanted[1] == member[1] and (wanted[0] is None or wanted[0] == member[0])


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    want = {name: args.get(name) for name in OPTIONS}
    want['endpoint_servers_purge'] = bool(args.get('endpoint_servers_purge'))
    if want['endpoint_servers_purge'] and want['endpoint_servers'] is None:
        raise RDLicenseError('%s: endpoint_servers_purge needs endpoint_servers: the list the group is to hold '
                             '(an empty list empties it)' % MODULE)
    if want['endpoint_servers'] is not None:
        accounts = [computer_account(v, 'endpoint_servers[%d]' % i) for i, v in enumerate(want['endpoint_servers'])]
        seen: dict[str, int] = {}
        for index, account in enumerate(accounts):
            if account[1] in seen:
                raise RDLicenseError('%s: endpoint_servers names the computer %s twice (items %d and %d)'
                                     % (MODULE, account[1], seen[account[1]], index))
            seen[account[1]] = index
        want['endpoint_servers'] = accounts
    return want


# --------------------------------------------------------------------------------------------------------------------
# Reading the probe
# --------------------------------------------------------------------------------------------------------------------
def label(member: dict[str, t.Any]) -> str:
    """How a member of RDS Endpoint Servers is reported and removed: its account name, or its SID when no account
    answers to it (an orphaned SID)."""
    return member['name'] if member['name'] is not None else member['sid']


def _group(state: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    return state['configuration']['endpoint_servers']['members']


def members(state: dict[str, t.Any]) -> list[str]:
    return [label(m) for m in _group(state)]


def orphans(state: dict[str, t.Any]) -> list[str]:
    """The SIDs in RDS Endpoint Servers that no account answers to."""
    return [m['sid'] for m in _group(state) if m['name'] is None]


def report(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The configuration part of the result (also win_rdlicense_info's and win_rdlicense_server's)."""
    conf = state['configuration']
    return {
        'domain_joined': conf['domain_joined'],
        'domain': conf['domain'],
        'discovery_scope': cat.DISCOVERY_SCOPES.get(conf['server_role']) if conf['server_role'] is not None
        else None,
        'ad_group_member': conf['tsls_group']['value'],
        'published': conf['published']['value'],
        'scp_registered': conf['scp_registered']['value'],
        'on_domain_controller': conf['on_domain_controller']['value'],
        'security_group_policy': conf['security_group_policy']['value'],
        'endpoint_servers': members(state),
    }


def describe(state: dict[str, t.Any], the_plan: t.Optional[Plan] = None) -> dict[str, t.Any]:
    """The diff's view: what the options set."""
    rep = report(state)
    return {key: rep[key] for key in ('discovery_scope', 'ad_group_member', 'published', 'scp_registered',
                                      'endpoint_servers')}


def _unread(conf: dict[str, t.Any], key: str, method: str, option: str, host: str) -> t.Optional[str]:
    answer = conf[key]
    if answer['value'] is not None:
        return None
    code = answer['error_code']
    why = cat.describe_wbem(code, missing='no answer')
    if code == NOT_AVAILABLE:
        why += ': no domain controller of %s could be reached from %s' % (conf['domain'] or 'its domain', host)
    detail = '; %s' % answer['error_message'] if answer['error_message'] else ''
    return '%s could not be read (%s.%s failed: %s%s)' % (option, cat.LICENSE_SERVER_CLASS, method, why, detail)


# --------------------------------------------------------------------------------------------------------------------
# The action base's hooks
# --------------------------------------------------------------------------------------------------------------------
def _details(state: dict[str, t.Any]) -> dict[str, t.Any]:
    return {'configuration': report(state)}


def _workgroup_refusals(want: dict[str, t.Any]) -> list[str]:
    refused = []
    if want['discovery_scope'] in ('domain', 'forest'):
        refused.append('discovery_scope=%s' % want['discovery_scope'])
    refused += ['%s=true' % option for option in FLAGS if want[option]]
    if want['endpoint_servers']:
        refused.append('endpoint_servers (computer accounts exist in a domain only)')
    return refused


def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse, before any change: not an administrator, no license server, a workgroup host asked for directory
    changes, a value the options need that could not be read."""
    host = state['computer_name']
    conf = state['configuration']
    if not state['is_admin']:
        raise RDLicenseError(not_admin_message(
            MODULE, host, "the license server's configuration (%s) can neither be read nor changed"
            % cat.LICENSE_SERVER_CLASS), _details(state))
    if conf['domain_joined'] is False:
        refused = _workgroup_refusals(want)
        if refused:
            raise RDLicenseError(
                '%s: %s is not a member of a domain (Win32_ComputerSystem.PartOfDomain is false, workgroup %s), so '
                'nothing is changed: %s need%s a domain. Join the server to a domain first, or leave %s out'
                % (MODULE, host, conf['domain'] or 'unknown', ', '.join(refused), 's' if len(refused) == 1 else '',
                   'it' if len(refused) == 1 else 'them'), _details(state))
    if not conf['provider']['available'] and any(want[n] is not None for n in ('discovery_scope',) + tuple(FLAGS)):
        provider = cat.describe_wbem(conf['provider']['error_code'], missing='no instance')
        raise RDLicenseError(
            '%s: %s does not answer on %s [%s]: install and start the RD Licensing role first (for example with '
            'remotedesktop.licensing.win_rdlicense_role)' % (MODULE, cat.LICENSE_SERVER_CLASS, host, provider),
            _details(state))
    problems = [_unread(conf, FLAGS[option][0], FLAGS[option][3], option, host)
                for option in FLAGS if want[option] is not None and conf['domain_joined']]
    problems = [p for p in problems if p]
    if want['endpoint_servers'] is not None and conf['endpoint_servers']['error_code'] is not None:
        problems.append('endpoint_servers could not be read (reading the local group %s (%s) through ADSI failed: '
                        '%s)' % (cat.ENDPOINT_SERVERS_GROUP, cat.ENDPOINT_SERVERS_SID,
                                 conf['endpoint_servers']['error_message'] or 'error 0x%08X'
                                 % conf['endpoint_servers']['error_code']))
    if problems:
        raise RDLicenseError('%s: nothing is changed on %s while what it holds is unknown: %s'
                             % (MODULE, host, '; '.join(problems)), _details(state))
    if _endpoint_steps(want, state) and state['os']['build'] < cat.LOCAL_ACCOUNTS_MIN_BUILD:
        raise RDLicenseError(
            '%s: endpoint_servers needs Windows Server 2016 or later to change the local group %s (Add-/Remove-'
            'LocalGroupMember of Microsoft.PowerShell.LocalAccounts), and %s runs %s (build %d): nothing is changed. '
            'Change the group in Computer Management, or leave endpoint_servers out'
            % (MODULE, cat.ENDPOINT_SERVERS_GROUP, host, state['os']['caption'], state['os']['build']),
            _details(state))


def _endpoint_steps(want: dict[str, t.Any], state: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    if want['endpoint_servers'] is None:
        return []
    named = [m['name'] for m in _group(state) if m['name'] is not None]
    current = [parse_member(name) for name in named]
    netbios = state['configuration'].get('netbios_domain')
    add = [member_name(a, netbios) for a in want['endpoint_servers'] if not any(same_account(a, m) for m in current)]
    steps = []
    if add:
        steps.append({'type': 'add_endpoint_servers', 'members': add})
    if want['endpoint_servers_purge']:
        # after the additions: when no domain controller answers, the addition fails first and nothing is removed
        extra = [name for name, m in zip(named, current)
                 if not any(same_account(a, m) for a in want['endpoint_servers'])] + orphans(state)
        if extra:
            steps.append({'type': 'remove_endpoint_servers', 'members': extra})
    return steps


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: t.Optional[Env]) -> ConfigurationPlan:
    result = ConfigurationPlan()
    conf = state['configuration']
    for option, (key, on, off, dummy, dummy_words) in FLAGS.items():
        if want[option] is not None and conf[key]['value'] is not None and want[option] != conf[key]['value']:
            result.steps.append({'type': on if want[option] else off})
    scope = want['discovery_scope']
    if scope is not None and conf['server_role'] != cat.DISCOVERY_SCOPE_CODES[scope]:
        result.steps.append({'type': 'set_discovery_scope', 'server_role': cat.DISCOVERY_SCOPE_CODES[scope]})
    result.steps += _endpoint_steps(want, state)
    if want['endpoint_servers'] and conf['security_group_policy']['value'] is False:
        result.warnings.append(
            "%s: endpoint_servers are given, and the policy '%s' is off on %s (IsLSSecGrpGPEnabled is false): the "
            'license server gives CALs to every session host, and the group %s has no effect until the policy is on'
            % (MODULE, cat.SECURITY_GROUP_POLICY_TITLE, state['computer_name'], cat.ENDPOINT_SERVERS_GROUP))
    left = orphans(state) if want['endpoint_servers'] is not None and not want['endpoint_servers_purge'] else []
    if left:
        result.warnings.append(
            '%s: the local group %s on %s holds %d SID%s that no account answers to (deleted computer accounts?): %s. '
            'They are reported by SID; endpoint_servers_purge: true removes them'
            % (MODULE, cat.ENDPOINT_SERVERS_GROUP, state['computer_name'], len(left), '' if len(left) == 1 else 's',
               ', '.join(left)))
    return result


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: Plan) -> dict[str, t.Any]:
    """The state the plan's steps would lead to, for check mode."""
    after = copy.deepcopy(state)
    conf = after['configuration']
    flag_of = {}
    for key, on, off, dummy, dummy_words in FLAGS.values():
        flag_of[on], flag_of[off] = (key, True), (key, False)
    for step in the_plan.steps:
        if step['type'] in flag_of:
            key, value = flag_of[step['type']]
            conf[key] = {'value': value, 'error_code': None, 'error_message': None}
        elif step['type'] == 'set_discovery_scope':
            conf['server_role'] = step['server_role']
        elif step['type'] == 'add_endpoint_servers':
            # as sent: the probe reads DOMAIN\\NAME$ (the account name of the member's SID) once Windows has
            # resolved a bare NAME$; the SID is not known before
            conf['endpoint_servers']['members'] += [{'name': name, 'sid': None} for name in step['members']]
        elif step['type'] == 'remove_endpoint_servers':
            conf['endpoint_servers']['members'] = [m for m in _group(after) if label(m) not in step['members']]
    return after


def shape(want: dict[str, t.Any], the_plan: Plan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]], applied: t.Optional[bool] = None) -> dict[str, t.Any]:
    """The documented return values. ``applied``: whether the steps were sent (by default, whether any outcome came
    back); a step without an outcome is V(check_mode) when they were not, V(skipped) when the runner stopped before."""
    sent = bool(outcomes) if applied is None else applied
    status = {o['type']: o['status'] for o in outcomes}
    return {'configuration': report(after),
            'steps': [{'type': s['type'], 'status': status.get(s['type'], 'skipped' if sent else 'check_mode')}
                      for s in the_plan.steps]}


# The steps that change the local group RDS Endpoint Servers: a local administrator of the license server suffices.
_LOCAL_STEPS = ('add_endpoint_servers', 'remove_endpoint_servers')
_SECOND_HOP = ('Over WinRM the license server reaches the domain controller with the credentials of the connection '
               'only through become (become: true, become_method: runas, become_user: %s), CredSSP or Kerberos '
               'delegation; a local administrator has no rights in AD')


def _denied(step_type: str, step: dict[str, t.Any]) -> str:
    """Why a refused step was refused, naming the group or right it needs and how to connect with it."""
    what = _WHAT[step_type].split(' (')[0]
    if step_type in _LOCAL_STEPS:
        return ('%s needs a member of the local Administrators group of the license server; connect as one or use '
                'become with become_method=runas' % what)
    if step_type == 'set_discovery_scope':
        right = cat.DISCOVERY_SCOPE_RIGHTS[cat.DISCOVERY_SCOPES[step['server_role']]]
    else:
        right = STEP_RIGHTS.get(step_type)
    if right is None:  # the service connection point: the reference pages name no AD group
        return ('the domain controller refused %s, which the reference of the method says needs an administrator of '
                'the license server and names no AD group. %s'
                % (what, _SECOND_HOP % 'an account the domain lets write the license server\'s service connection point'))
    group = cat.DIRECTORY_RIGHTS[right]
    return '%s needs a member of %s. %s' % (what, group, _SECOND_HOP % ('a member of ' + group))


def _refusal(error: dict[str, t.Any]) -> str:
    """'AddLStoTSLSGroup failed: <message> [WBEM_E_ACCESS_DENIED (0x80041003)]': the code by name only, without
    the catalogue's words for it, which speak of a local administrator."""
    code = error.get('code')
    name = (cat.WBEM_ERRORS.get(code) or cat.WIN32_ERRORS.get(code) or ('E_ACCESSDENIED',))[0]
    number = 'Windows error %d' % code if code in cat.WIN32_ERRORS else '0x%08X' % code
    operation, message = error.get('operation', '?'), error.get('message', 'unknown error')
    return '%s failed: %s [%s (%s)]' % (operation, message, name, number)


def explain(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]]) -> str:
    outcome = first_failed(outcomes)
    error = outcome['error'] or {}
    code = error.get('code')
    what = _WHAT.get(outcome['type'], outcome['type'])
    step = next((s for s in the_plan.steps if s['type'] == outcome['type']), {})
    if code in ACCESS_DENIED_CODES:
        return '%s: %s failed: %s. Access denied: %s' % (MODULE, what, _refusal(error), _denied(outcome['type'], step))
    text = '%s: %s failed: %s' % (MODULE, what, step_failure(outcome))
    if code == NOT_AVAILABLE:
        text += '. No domain controller of the domain could be reached from the license server'
    return text


def unsettled(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]],
              after: dict[str, t.Any]) -> t.Optional[str]:
    """Every step answered without an error, but the host does not read back what was declared."""
    remaining = plan(want, after, None).steps
    if not remaining:
        return None
    return ('%s: the steps returned without an error, but %s does not read back what was declared (still to do: %s): '
            'read the state again, for example with remotedesktop.licensing.win_rdlicense_info, before anything else'
            % (MODULE, after['computer_name'], ', '.join(_WHAT[step['type']] for step in remaining)))
