# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter remotedesktop.licensing.licensing_health; documentation in licensing_health.yml."""

from __future__ import annotations

import collections.abc

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._catalogue import PRODUCT_VERSION_NAMES
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._report_input import (
    MISSING as _MISSING,
    UNREACHABLE,
    FilterTypeError,
    Reader,
    host_var as _host_var,
    kind as _kind,
)

NAME = 'licensing_health'
DEFAULT_TITLE = 'Remote Desktop licensing health'
SEVERITIES = ('error', 'warning', 'info')
CAL_MODES = ('per_user', 'per_device')
MODE_WORDS = {'per_user': 'per user', 'per_device': 'per device', 'not_configured': 'not configured',
              'remote_administration': 'Remote Desktop for Administration', 'personal': 'personal',
              'unknown': 'unknown'}
# GetTStoLSConnectivityStatus, by the names of the contract: what a status that is not usable means for the host.
UNREACHABLE_STATUSES = ('not_connectable',)
REFUSED_STATUSES = ('not_in_security_group', 'access_denied')
TOO_OLD_STATUSES = ('lower_version',)
SCOPE = 'licensing_health_in_scope'
RERUN = 'then run playbooks/deployment.yml and this health check again'
_READ = Reader(NAME)
_fail = _READ.fail
_dict = _READ.dict
_list = _READ.list
_text = _READ.text
_flag = _READ.flag
_number = _READ.number


def _finding(code: str, severity: str, message: str, remedy: str, server=None) -> dict:
    return {'code': code, 'severity': severity, 'server': server, 'message': message, 'remedy': remedy}


def _version_rank(version):
    """The place of a CAL product version in the catalogue (oldest first), or None when it is not known."""
    return PRODUCT_VERSION_NAMES.index(version) if version in PRODUCT_VERSION_NAMES else None


def _names(host: str, computer_name) -> set:
    """The names a session host may use for a license server of the inventory: its inventory name, the first label of
    that name, its computer name; compared without case."""
    names = {host.casefold(), host.split('.', 1)[0].casefold()}
    if computer_name:
        names.add(computer_name.casefold())
    return names


def _read(host: str, host_vars) -> tuple:
    """(status, error, info) of a host: status ok, error or unreachable; info the registered win_rdlicense_info."""
    error = _host_var(host_vars, 'licensing_health_error')
    if error is not _MISSING and error is not None:
        return 'error', str(error), {}
    info = _host_var(host_vars, 'licensing_health_info')
    info = _dict(None if info is _MISSING else info, 'licensing_health_info of %s' % host)
    if 'host' not in info:
        return 'unreachable', UNREACHABLE, {}
    return 'ok', None, info


def _license_server(host: str, host_vars) -> dict:
    status, error, info = _read(host, host_vars)
    where = 'licensing_health_info of %s' % host
    server = {'host': host, 'status': status, 'error': error, 'computer_name': None, 'os': None,
              'max_cal_version': None, 'role_installed': None, 'reboot_required': None, 'activation_status': None,
              'activation_reason': None, 'cals': []}
    if status != 'ok':
        return server
    info_host = _dict(info['host'], where + '.host')
    role = _dict(info.get('role'), where + '.role')
    activation = _dict(info.get('activation'), where + '.activation')
    server.update({
        'computer_name': _text(info_host, 'computer_name', where + '.host'),
        'os': _text(info_host, 'os', where + '.host'),
        'max_cal_version': _text(info_host, 'max_cal_version', where + '.host'),
        'role_installed': bool(_flag(role, 'installed', where + '.role')),
        'reboot_required': bool(_flag(role, 'reboot_required', where + '.role')),
        'activation_status': _text(activation, 'activation_status', where + '.activation'),
        'activation_reason': _text(activation, 'reason', where + '.activation'),
    })
    available = {}
    for index, pack in enumerate(_list(info.get('key_packs'), where + '.key_packs')):
        w_pack = '%s.key_packs[%d]' % (where, index)
        pack = _dict(pack, w_pack, 'a dictionary')
        key = (_text(pack, 'product_version', w_pack), _text(pack, 'cal_type', w_pack))
        counts = available.setdefault(key, {'total': 0, 'available': 0})
        counts['total'] += _number(pack, 'total', w_pack, 0)
        counts['available'] += _number(pack, 'available', w_pack, 0)
    ranked = sorted(available, key=lambda k: (-(_version_rank(k[0]) or -1), str(k[0]), str(k[1])))
    server['cals'] = [{'product_version': v, 'cal_type': t, **available[(v, t)]} for v, t in ranked]
    return server


def _cals_for(server: dict, mode: str, cal_version) -> int:
    """How many CALs of the mode, of the host's version or newer, the license server has available."""
    wanted = _version_rank(cal_version)
    return sum(row['available'] for row in server['cals'] if row['cal_type'] == mode and (
        row['product_version'] == cal_version or (
            wanted is not None and (_version_rank(row['product_version']) or -1) >= wanted)))


def _server_findings(host: str, name: str, connection: dict, server, mode, cal_version) -> list:
    """What is wrong with one listed license server, for the session host ``host``: what its connectivity status
    says, then its state as read."""
    found = []
    status = connection['status']
    if status in UNREACHABLE_STATUSES:
        found.append(_finding(
            'server_unreachable', 'error', '%s cannot reach its license server %s (%s).' % (host, name, status),
            'Check the name resolution of %s from %s and the firewall between them (RPC, TCP 135 and the dynamic '
            'ports), or list another license server; %s.' % (name, host, RERUN), name))
    elif status in REFUSED_STATUSES:
        found.append(_finding(
            'refused_by_security_group', 'error',
            '%s refuses %s (%s): the policy "License server security group" is on and the session host is not in '
            'the group it allows.' % (name, host, status),
            'Add the computer account of %s to the local group "RDS Endpoint Servers" of %s (older Windows: '
            '"Terminal Server Computers"), or turn the policy off, then run this health check again.' % (host, name),
            name))
    elif status in TOO_OLD_STATUSES:
        found.append(_finding(
            'server_too_old', 'error',
            '%s is of an older Windows version than %s and cannot issue it CALs (%s).' % (name, host, status),
            'Use a license server of Windows Server %s or newer; %s.' % (cal_version or 'the same version', RERUN),
            name))
    elif not connection['usable']:
        found.append(_finding(
            'server_not_usable', 'warning', '%s cannot get CALs from %s: its connectivity status is %s.'
            % (host, name, status),
            'Check %s with RD Licensing Manager and the RD Licensing Diagnoser on %s.' % (name, host), name))
    state = _server_state_findings(host, name, status, server, mode, cal_version)
    # What the license server's own state explains needs no second, vaguer finding from the connectivity status: a
    # server without the role is not connectable, one not activated of unknown validity.
    if any(f['code'] == 'not_license_server' for f in state) or any(f['severity'] == 'error' for f in state):
        found = [f for f in found if f['code'] != 'server_not_usable' and (
            f['code'] != 'server_unreachable' or not any(g['code'] == 'not_license_server' for g in state))]
    return found + state


def _server_state_findings(host: str, name: str, status: str, server, mode, cal_version) -> list:
    """What is wrong with a listed license server as Ansible read it."""
    found = []
    if server is None:
        found.append(_finding(
            'server_not_checked', 'warning',
            '%s is not in the inventory group license_servers: its activation and CALs were not checked.' % name,
            'Add %s to the group license_servers (or give its inventory name in session_host_license_servers), '
            'then run this health check again.' % name, name))
        return found
    if server['status'] != 'ok':
        found.append(_finding(
            'server_not_checked', 'warning',
            '%s could not be read, so its activation and CALs were not checked: %s' % (name, server['error']),
            'Make %s reachable for Ansible with an administrator account, then run this health check again.' % name,
            name))
        return found
    if not server['role_installed']:
        pending = ' (its installation waits for a restart)' if server['reboot_required'] else ''
        found.append(_finding(
            'not_license_server', 'error', '%s is not a license server: the RD Licensing role is not installed%s.'
            % (name, pending), 'Roll it out (role remotedesktop.licensing.license_server) or list another license '
            'server; %s.' % RERUN, name))
        return found
    if server['activation_status'] != 'activated':
        found.append(_finding(
            'server_not_activated', 'error', '%s is not activated (%s): it issues temporary CALs only.'
            % (name, server['activation_status'] or server['activation_reason'] or 'status unknown'),
            'Activate it with playbooks/license_server.yml (docs/activation.md), then run this health check again.',
            name))
        return found
    if cal_version and server['max_cal_version'] and (_version_rank(server['max_cal_version']) or 0) < (
            _version_rank(cal_version) or 0) and status not in TOO_OLD_STATUSES:
        found.append(_finding(
            'server_too_old', 'error', '%s holds CALs up to version %s, but %s asks for %s CALs.'
            % (name, server['max_cal_version'], host, cal_version),
            'Use a license server of Windows Server %s or newer; %s.' % (cal_version, RERUN), name))
    elif mode in CAL_MODES and _cals_for(server, mode, cal_version) == 0:
        found.append(_finding(
            'no_available_cals', 'error', '%s has no available %s CAL of version %s or newer, which %s needs.'
            % (name, MODE_WORDS[mode], cal_version, host),
            'Install %s CALs of Windows Server %s or newer on %s (license_server_cal_packs, playbooks/'
            'license_server.yml), or list a license server that has them.' % (MODE_WORDS[mode], cal_version, name),
            name))
    return found


def _session_host(host: str, host_vars, servers: dict, grace_within_days: int) -> dict:
    status, error, info = _read(host, host_vars)
    where = 'licensing_health_info of %s' % host
    entry = {'host': host, 'status': status, 'error': error, 'computer_name': None, 'session_host': None,
             'licensing_mode': None, 'license_servers': [], 'grace_period_days': None, 'cal_version': None,
             'domain_joined': None, 'policy': None, 'connectivity': [], 'declared_licensing_mode': None,
             'findings': []}
    declared = _host_var(host_vars, 'session_host_licensing_mode')
    if declared is not _MISSING and declared is not None:
        if not isinstance(declared, str):
            raise _fail('session_host_licensing_mode of %s' % host, 'a string or null', declared)
        entry['declared_licensing_mode'] = declared
    findings = entry['findings']
    if status != 'ok':
        findings.append(_finding('not_read', 'error', '%s could not be read: %s' % (host, error),
                                 'Make %s reachable for Ansible with an administrator account, then run this health '
                                 'check again.' % host))
        return entry
    entry['computer_name'] = _text(_dict(info['host'], where + '.host'), 'computer_name', where + '.host')
    session = info.get('session_host')
    if session is None:
        findings.append(_finding('not_session_host', 'error', '%s is not an RD Session Host.' % host,
                                 'Install the Remote Desktop Session Host role service (RDS-RD-Server) on %s, or take '
                                 'it out of the group session_hosts.' % host))
        return entry
    where += '.session_host'
    session = _dict(session, where, 'a dictionary or null')
    mode = _text(session, 'licensing_mode', where)
    listed = [str(name) for name in _list(session.get('license_servers'), where + '.license_servers')]
    grace = _number(session, 'grace_period_days', where)
    cal_version = _text(session, 'cal_version', where)
    domain_joined = _flag(session, 'domain_joined', where)
    policy = _dict(session.get('policy'), where + '.policy')
    policy_mode = _dict(policy.get('licensing_mode'), where + '.policy.licensing_mode')
    connectivity = {}
    for index, item in enumerate(_list(session.get('connectivity'), where + '.connectivity')):
        w_item = '%s.connectivity[%d]' % (where, index)
        item = _dict(item, w_item, 'a dictionary')
        name = _text(item, 'server', w_item) or ''
        connectivity.setdefault(name.casefold(), {
            'server': name, 'code': _number(item, 'code', w_item), 'status': _text(item, 'status', w_item) or 'unknown',
            'usable': bool(_flag(item, 'usable', w_item))})
    entry.update(licensing_mode=mode, license_servers=listed, grace_period_days=grace, cal_version=cal_version,
                 domain_joined=domain_joined, session_host=True,
                 policy={'licensing_mode': {'source': _text(policy_mode, 'source', where + '.policy.licensing_mode'),
                                            'value': _text(policy_mode, 'value', where + '.policy.licensing_mode')}})

    if mode not in CAL_MODES:
        findings.append(_finding(
            'mode_not_configured', 'error', 'The licensing mode of %s is %s: it issues no CAL request, and refuses '
            'connections when its grace period ends.' % (host, MODE_WORDS.get(mode, mode or 'not read')),
            'Set session_host_licensing_mode to per_user or per_device (the CALs you bought), %s.' % RERUN))
    if not listed:
        findings.append(_finding(
            'no_license_server', 'error', 'No license server is specified on %s.' % host,
            'Set session_host_license_servers (default: the group license_servers), %s.' % RERUN))

    per_server = []
    for name in listed:
        unknown = {'server': name, 'code': None, 'status': 'unknown', 'usable': False}
        connection = connectivity.get(name.casefold(), unknown)
        server = next((s for s in servers.values() if name.casefold() in s['names']), None)
        connection = dict(connection, license_server=server['host'] if server else None)
        entry['connectivity'].append(connection)
        per_server.append(_server_findings(host, name, connection, server, mode, cal_version))
    # A listed server without CALs is an error only when no other listed server can issue them.
    serving = sum(1 for found in per_server if not any(f['severity'] == 'error' for f in found))
    for found in per_server:
        for finding in found:
            if finding['code'] == 'no_available_cals' and serving:
                finding['severity'] = 'warning'
                finding['message'] += ' Another listed license server can issue them.'
        findings.extend(found)

    if policy_mode.get('source') == 'group_policy' and entry['declared_licensing_mode'] and \
            policy_mode.get('value') != entry['declared_licensing_mode']:
        findings.append(_finding(
            'policy_mode_differs', 'warning', 'Group Policy sets the licensing mode of %s to %s; the declaration '
            '(session_host_licensing_mode) is %s. The policy wins.' % (
                host, MODE_WORDS.get(policy_mode.get('value'), policy_mode.get('value')),
                MODE_WORDS.get(entry['declared_licensing_mode'], entry['declared_licensing_mode'])),
            'Make them agree: change the policy "Set the Remote Desktop licensing mode" (Computer Configuration, '
            'Administrative Templates, Windows Components, Remote Desktop Services, Remote Desktop Session Host, '
            'Licensing) or session_host_licensing_mode.'))
    if mode == 'per_user' and domain_joined is False:
        findings.append(_finding(
            'per_user_in_workgroup', 'warning', '%s is in per-user mode in a workgroup: per-user CALs are neither '
            'tracked nor reported there.' % host,
            'Join %s and its license servers to an Active Directory domain, or use per_device mode in a workgroup.'
            % host))
    if grace is not None and grace <= grace_within_days:
        broken = any(f['severity'] == 'error' for f in findings)
        when = 'is over' if grace == 0 else 'ends in %d day%s' % (grace, '' if grace == 1 else 's')
        findings.append(_finding(
            'grace_period_ending', ('error' if grace == 0 else 'warning') if broken else 'info',
            'The licensing grace period of %s %s.%s' % (host, when, '' if broken else (
                ' Its licensing is set up, so it needs the grace period no longer.')),
            'Correct the other findings of %s before then: without a license server issuing CALs it refuses '
            'connections once the grace period is over.' % host if broken else 'Nothing to do.'))
    return entry


def _worst(findings: list):
    for severity in SEVERITIES:
        if any(f['severity'] == severity for f in findings):
            return severity
    return None


def licensing_health(hostvars, session_hosts, license_servers, grace_within_days=14, fail_severity='warning',
                     title=DEFAULT_TITLE, generated=None) -> dict:
    """The health check's data: per session host its licensing and findings, per license server what was read."""
    if not isinstance(hostvars, collections.abc.Mapping):
        raise _fail('the input', 'hostvars (a dictionary of host names and their variables)', hostvars)
    session_hosts = _READ.in_scope(hostvars, session_hosts, 'session_hosts', SCOPE)
    license_servers = _READ.in_scope(hostvars, license_servers, 'license_servers', SCOPE)
    if isinstance(grace_within_days, bool) or not isinstance(grace_within_days, int) or grace_within_days < 0:
        raise _fail('grace_within_days', 'a whole number of days (0 or more)', grace_within_days)
    if not isinstance(fail_severity, str) or fail_severity not in SEVERITIES:
        raise FilterTypeError('%s: fail_severity must be one of %s, got %s' % (
            NAME, ', '.join(SEVERITIES), repr(fail_severity) if isinstance(fail_severity, str) else _kind(fail_severity)))
    if not isinstance(title, str):
        raise _fail('title', 'a string', title)
    generated = _READ.generated(generated)

    servers = {}
    for host, host_vars in license_servers:
        if host not in servers:
            server = _license_server(host, host_vars)
            servers[host] = dict(server, names=_names(host, server['computer_name']))
    hosts = []
    for host, host_vars in session_hosts:
        entry = _session_host(host, host_vars, servers, grace_within_days)
        entry['worst'] = _worst(entry['findings'])
        hosts.append(entry)

    failing_at = SEVERITIES[:SEVERITIES.index(fail_severity) + 1]
    findings = [f for entry in hosts for f in entry['findings']]
    counts = {severity: sum(1 for f in findings if f['severity'] == severity) for severity in SEVERITIES}
    counts.update(session_hosts=len(hosts), license_servers=len(servers), findings=len(findings),
                  healthy=sum(1 for entry in hosts if entry['worst'] in (None, 'info')),
                  unread=sum(1 for entry in hosts if entry['status'] != 'ok')
                  + sum(1 for s in servers.values() if s['status'] != 'ok'))
    failing = [entry['host'] for entry in hosts if entry['worst'] in failing_at]
    lines = ['Licensing health of %d session host%s and %d license server%s: %d healthy, %d error%s, %d warning%s, '
             '%d note%s.' % (len(hosts), '' if len(hosts) == 1 else 's', len(servers), '' if len(servers) == 1 else 's',
                             counts['healthy'], counts['error'], '' if counts['error'] == 1 else 's',
                             counts['warning'], '' if counts['warning'] == 1 else 's',
                             counts['info'], '' if counts['info'] == 1 else 's')]
    for entry in hosts:
        if not entry['findings']:
            lines.append('%s: healthy (%s, license servers %s).' % (
                entry['host'], MODE_WORDS.get(entry['licensing_mode'], entry['licensing_mode']),
                ', '.join(entry['license_servers'])))
        for finding in entry['findings']:
            lines.append('%s: %s %s: %s Remedy: %s' % (entry['host'], finding['severity'].upper(), finding['code'],
                                                       finding['message'], finding['remedy']))
    return {
        'title': title,
        'generated': generated,
        'grace_within_days': grace_within_days,
        'fail_severity': fail_severity,
        'healthy': counts['healthy'] == len(hosts),
        'failing': failing,
        'counts': counts,
        'session_hosts': hosts,
        'license_servers': [{k: v for k, v in s.items() if k != 'names'} for s in servers.values()],
        'lines': lines,
    }


class FilterModule:

    def filters(self):
        return {'licensing_health': licensing_health}
