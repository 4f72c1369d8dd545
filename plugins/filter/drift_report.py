# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter remotedesktop.licensing.drift_report; documentation in drift_report.yml."""

from __future__ import annotations

import collections.abc

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._report_input import (
    MISSING as _MISSING,
    UNREACHABLE,
    Reader,
    host_var as _host_var,
    plain as _plain,
)

NAME = 'drift_report'
AREAS = ('role', 'company_information', 'activation', 'packs')
AREA_WORDS = {'role': 'role', 'company_information': 'company info', 'activation': 'activation', 'packs': 'packs'}
METHOD_WORDS = {'automatic': 'automatic', 'web': 'web browser', 'telephone': 'telephone'}
PACK_OUTCOMES = (('installed', 'install'), ('adopted', 'adopt'), ('removed', 'remove'), ('failed', 'fail'))
OUTCOME_KEYS = ('name', 'program', 'state', 'product_version', 'cal_type', 'quantity', 'outcome', 'msg')
SUMMARY_SECTIONS = ('role', 'reboot', 'company_information', 'activation', 'packs')
SESSION_HOST_AREAS = ('licensing_mode', 'license_servers')
SESSION_HOST_AREA_WORDS = {'licensing_mode': 'licensing mode', 'license_servers': 'license servers'}
_READ = Reader(NAME)
_fail = _READ.fail
_flag = _READ.flag
_text = _READ.text
_number = _READ.number


def _section(summary, key: str, where: str) -> dict:
    return _READ.dict(summary.get(key), '%s.%s' % (where, key), 'a dictionary')


def _list(section, key: str, where: str) -> list:
    return _READ.list(section.get(key) or None, '%s.%s' % (where, key))


def _server(host: str, host_vars) -> dict:
    row = {'host': host, 'status': 'in_sync', 'would_change': [], 'error': None, 'message': [],
           'cells': {area: '-' for area in AREAS},
           'role': None, 'reboot': None, 'company_information': None, 'activation': None, 'packs': None}
    error = _host_var(host_vars, 'drift_error')
    summary = _host_var(host_vars, 'license_server_summary')
    if summary is not _MISSING and summary is not None and not isinstance(summary, collections.abc.Mapping):
        raise _fail('license_server_summary of %s' % host, 'a dictionary', summary)
    if error is not _MISSING and error is not None:
        row.update(status='error', error=str(error))
    elif summary is _MISSING or summary is None or not _flag(summary, 'check_mode', 'license_server_summary of %s' % host):
        row.update(status='unreachable', error=UNREACHABLE)
    else:
        row.update(_drift(host, summary, row['cells']))
    row['would_change_text'] = ', '.join(AREA_WORDS[a] for a in row['would_change']) or 'nothing'
    return row


def _drift(host: str, summary, cells: dict) -> dict:
    where = 'license_server_summary of %s' % host
    role, reboot, company, activation, packs = (_section(summary, key, where) for key in SUMMARY_SECTIONS)
    w_role, w_reboot, w_company, w_activation, w_packs = ('%s.%s' % (where, key) for key in SUMMARY_SECTIONS)

    # The RD Licensing role: installed or corrected, a restart the rollout would do, or one it may not do.
    rebooted = _flag(reboot, 'rebooted', w_reboot, False)
    restart = ', restart' if rebooted else ', restart needed' if _flag(reboot, 'required', w_reboot, False) else ''
    installed_before = _flag(role, 'installed_before', w_role)
    if _flag(role, 'changed', w_role):
        cells['role'] = ('install' if not installed_before else 'correct features/service') + restart
    elif rebooted:
        cells['role'] = 'restart'
    elif _text(summary, 'stopped', where) == 'reboot_required':
        cells['role'] = 'restart pending'

    # Company information: the names of the properties that would be written.
    properties = _list(company, 'properties', w_company)
    for index, prop in enumerate(properties):
        if not isinstance(prop, str):
            raise _fail('%s.properties[%d]' % (w_company, index), 'a string', prop)
    if _flag(company, 'changed', w_company):
        cells['company_information'] = 'write ' + (', '.join(properties) if len(properties) <= 2
                                                   else '%d properties' % len(properties))

    # Activation: activate, deactivate, or wait for the Clearinghouse's answer (web browser, telephone).
    method = _text(activation, 'method', w_activation)
    state = _text(activation, 'state', w_activation)
    status_after = _text(activation, 'status', w_activation)
    how = METHOD_WORDS.get(method, str(method))
    if _flag(activation, 'pending', w_activation):
        cells['activation'] = ('activate (%s: needs the ID)' % how if state == 'activated'
                               else 'deactivate (%s: needs the code)' % how)
    elif _flag(activation, 'changed', w_activation):
        cells['activation'] = 'activate (%s)' % how if status_after == 'activated' else 'deactivate'

    # CAL packs: how many would be installed, adopted, removed; failures.
    counts = packs.get('counts') or {}
    if not isinstance(counts, collections.abc.Mapping):
        raise _fail(w_packs + '.counts', 'a dictionary', counts)
    counts = {key: _number(counts, key, w_packs + '.counts') for key in counts}
    parts = ['%s %d' % (word, counts[outcome]) for outcome, word in PACK_OUTCOMES if (counts.get(outcome) or 0) > 0]
    predicted = _flag(packs, 'predicted', w_packs, False)
    if _flag(packs, 'changed', w_packs):
        cells['packs'] = (', '.join(parts) or 'change') + (' (predicted)' if predicted else '')
    outcomes = []
    for index, pack in enumerate(_list(packs, 'outcomes', w_packs)):
        if not isinstance(pack, collections.abc.Mapping):
            raise _fail('%s.outcomes[%d]' % (w_packs, index), 'a dictionary', pack)
        outcomes.append({key: _plain(pack.get(key)) for key in OUTCOME_KEYS})

    would_change = [area for area in AREAS if cells[area] != '-']
    return {
        'status': 'drift' if would_change else 'in_sync',
        'would_change': would_change,
        'message': [str(line) for line in _list(summary, 'message', where)],
        'role': {'changed': _flag(role, 'changed', w_role), 'installed_before': installed_before,
                 'reboot_required': _flag(role, 'reboot_required', w_role)},
        'reboot': _plain(summary.get('reboot')),
        'company_information': {'changed': _flag(company, 'changed', w_company), 'properties': properties},
        'activation': {'changed': _flag(activation, 'changed', w_activation),
                       'pending': _flag(activation, 'pending', w_activation),
                       'predicted': _flag(activation, 'predicted', w_activation, False),
                       'state': state, 'method': method, 'status_after': status_after},
        'packs': {'changed': _flag(packs, 'changed', w_packs), 'predicted': predicted,
                  'declared': _number(packs, 'declared', w_packs), 'counts': counts, 'outcomes': outcomes},
    }


def _same_servers(left: list, right: list) -> bool:
    return [str(name).casefold() for name in left] == [str(name).casefold() for name in right]


def _session_host(host: str, host_vars) -> dict:
    """A session host's entry: would the role session_host change its licensing mode or its license servers?"""
    row = {'host': host, 'status': 'in_sync', 'would_change': [], 'error': None, 'message': [],
           'cells': {area: '-' for area in SESSION_HOST_AREAS}, 'declared': None, 'before': None}
    error = _host_var(host_vars, 'drift_error')
    summary = _host_var(host_vars, 'session_host_summary')
    where = 'session_host_summary of %s' % host
    if summary is not _MISSING and summary is not None and not isinstance(summary, collections.abc.Mapping):
        raise _fail(where, 'a dictionary', summary)
    if error is not _MISSING and error is not None:
        row.update(status='error', error=str(error))
    elif summary is _MISSING or summary is None or not _flag(summary, 'check_mode', where):
        row.update(status='unreachable', error=UNREACHABLE)
    else:
        declared = _section(summary, 'declared', where)
        before = _READ.dict(summary.get('before'), where + '.before')
        want_mode = _text(declared, 'licensing_mode', where + '.declared')
        want_servers = [str(name) for name in _list(declared, 'license_servers', where + '.declared')]
        row.update(declared={'licensing_mode': want_mode, 'license_servers': want_servers},
                   before=_plain(before) or None)
        if _flag(summary, 'changed', where):
            cells = row['cells']
            if before and _text(before, 'licensing_mode', where + '.before') != want_mode:
                cells['licensing_mode'] = 'set %s (now %s)' % (want_mode, before.get('licensing_mode') or 'unknown')
            now = [str(name) for name in _list(before, 'license_servers', where + '.before')]
            if not before or not _same_servers(now, want_servers):
                cells['license_servers'] = 'set %s (now %s)' % (', '.join(want_servers) or 'none',
                                                                ', '.join(now) or 'none') if before else 'change'
            row.update(status='drift', would_change=[a for a in SESSION_HOST_AREAS if cells[a] != '-'])
        row['message'] = [str(line) for line in _list(summary, 'message', where)]
    row['would_change_text'] = ', '.join(SESSION_HOST_AREA_WORDS[a] for a in row['would_change']) or 'nothing'
    return row


def drift_report(hostvars, hosts, check_mode=True, generated=None, session_hosts=None) -> dict:
    """The drift report's data: one entry per host of ``hosts`` (license servers) and of ``session_hosts`` that has
    ``drift_in_scope``, and the counts."""
    if not isinstance(hostvars, collections.abc.Mapping):
        raise _fail('the input', 'hostvars (a dictionary of host names and their variables)', hostvars)
    if not isinstance(check_mode, bool):
        raise _fail('check_mode', 'a boolean', check_mode)
    generated = _READ.generated(generated)
    servers = [_server(host, host_vars) for host, host_vars in _READ.in_scope(hostvars, hosts, 'hosts', 'drift_in_scope')]
    rdsh = [_session_host(host, host_vars) for host, host_vars in _READ.in_scope(
        hostvars, [] if session_hosts is None else session_hosts, 'session_hosts', 'drift_in_scope')]
    every = servers + rdsh
    statuses = [entry['status'] for entry in every]
    return {
        'generated': generated,
        'check_mode': check_mode,
        'servers': servers,
        'session_hosts': rdsh,
        'counts': {'servers': len(servers), 'session_hosts': len(rdsh), 'hosts': len(every),
                   'in_sync': statuses.count('in_sync'), 'drift': statuses.count('drift'),
                   'error': statuses.count('error') + statuses.count('unreachable')},
        'drifted': [entry['host'] for entry in every if entry['status'] == 'drift'],
        'not_checked': [entry['host'] for entry in every if entry['status'] in ('error', 'unreachable')],
    }


class FilterModule:

    def filters(self):
        return {'drift_report': drift_report}
