# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter remotedesktop.licensing.cal_report; documentation in cal_report.yml."""

from __future__ import annotations

import collections.abc
import datetime

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._report_input import (
    MISSING as _MISSING,
    UNREACHABLE,
    FilterTypeError,
    Reader,
)

NAME = 'cal_report'
DEFAULT_TITLE = 'Remote Desktop CAL report'
_READ = Reader(NAME)
_fail = _READ.fail
_dict = _READ.dict
_list = _READ.list
_text = _READ.text
_flag = _READ.flag
_number = _READ.number


def _fold(value):
    """The sort key of Jinja's dictsort and sort (case-insensitive on text)."""
    return value.lower() if isinstance(value, str) else value


def _date(text: str, where: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, '%Y-%m-%d').date()
    except ValueError:
        raise FilterTypeError('%s: %s must start with a date (YYYY-MM-DD), got %r' % (NAME, where, text)) from None


def _server(host: str, host_vars, today: datetime.date, fleet_cals: dict, expiring: list) -> dict:
    server = {'host': host, 'status': 'ok', 'error': None, 'computer_name': None, 'os': None,
              'role_installed': None, 'reboot_required': None, 'service_state': None,
              'activation_status': None, 'activation_reason': None, 'license_server_id': None,
              'product_id': None, 'company': None, 'discovery_scope': None, 'cals': [], 'packs': 0,
              'expiring': 0, 'warnings': [], 'licensing_available': False}
    error = host_vars['cal_report_error'] if 'cal_report_error' in host_vars else None
    info = host_vars['cal_report_info'] if 'cal_report_info' in host_vars else _MISSING
    if error is not None:
        server.update(status='error', error=str(error))
        return server
    where = 'cal_report_info of %s' % host
    if info is _MISSING or info is None:
        info = {}
    info = _dict(info, where)
    if 'host' not in info:
        server.update(status='unreachable', error=UNREACHABLE)
        return server

    info_host = _dict(info['host'], where + '.host')
    role = _dict(info.get('role'), where + '.role')
    service = _dict(role.get('service'), where + '.role.service')
    activation = _dict(info.get('activation'), where + '.activation')
    w_activation = where + '.activation'
    available = bool(_flag(activation, 'available', w_activation))
    company = _dict(activation.get('company_information'), w_activation + '.company_information')
    key_packs = _list(info.get('key_packs'), where + '.key_packs')
    packs_expiring = _list(info.get('expiring'), where + '.expiring')
    server.update({
        'computer_name': _text(info_host, 'computer_name', where + '.host'),
        'os': _text(info_host, 'os', where + '.host'),
        'role_installed': _flag(role, 'installed', where + '.role'),
        'reboot_required': _flag(role, 'reboot_required', where + '.role'),
        'service_state': _text(service, 'state', where + '.role.service'),
        'activation_status': _text(activation, 'activation_status', w_activation) if available else None,
        'activation_reason': _text(activation, 'reason', w_activation),
        'licensing_available': available,
        'license_server_id': _text(activation, 'license_server_id', w_activation),
        'product_id': _text(activation, 'product_id', w_activation),
        'company': _text(company, 'company', w_activation + '.company_information'),
        'discovery_scope': _text(activation, 'discovery_scope', w_activation),
        'packs': len(key_packs),
        'expiring': len(packs_expiring),
        'warnings': [str(w) for w in _list(info.get('warnings'), where + '.warnings')],
    })

    # Purchased CALs per product version (newest first) and CAL type, added to the fleet's.
    totals = _dict(info.get('totals'), where + '.totals')
    for version in sorted(totals, key=_fold, reverse=True):
        w_version = '%s.totals[%r]' % (where, version)
        by_type = _dict(totals[version], w_version)
        for cal_type in sorted(by_type, key=_fold):
            w_counts = '%s[%r]' % (w_version, cal_type)
            counts = _dict(by_type[cal_type], w_counts)
            entry = {'product_version': version, 'cal_type': cal_type,
                     'total': _number(counts, 'total', w_counts, 0), 'issued': _number(counts, 'issued', w_counts, 0),
                     'available': _number(counts, 'available', w_counts, 0)}
            server['cals'].append(entry)
            empty = {'product_version': version, 'cal_type': cal_type, 'total': 0, 'issued': 0, 'available': 0,
                     'servers': 0}
            total = fleet_cals.setdefault((version, cal_type), empty)
            for key in ('total', 'issued', 'available'):
                total[key] += entry[key]
            total['servers'] += 1

    for index, pack in enumerate(packs_expiring):
        w_pack = '%s.expiring[%d]' % (where, index)
        pack = _dict(pack, w_pack)
        expires = (_text(pack, 'expiration_date', w_pack) or '')[:10]
        expiring.append({'host': host, 'key_pack_id': pack.get('key_pack_id'),
                         'key_pack_type': _text(pack, 'key_pack_type', w_pack),
                         'product_version': _text(pack, 'product_version', w_pack),
                         'cal_type': _text(pack, 'cal_type', w_pack),
                         'total': _number(pack, 'total', w_pack, 0), 'issued': _number(pack, 'issued', w_pack, 0),
                         'expiration_date': expires,
                         'days_left': (_date(expires, w_pack + '.expiration_date') - today).days if expires else None})
    return server


# -- the usage section and the audit rows (win_rdlicense_usage) ------------------------------------------------------
# The kinds of the audit rows: the per-user and the per-device CALs issued.
AUDIT_KINDS = (('per_user', 'user'), ('per_device', 'computer'))


def _usage_rows(usage: dict, where: str) -> list:
    rows = []
    for index, entry in enumerate(_list(usage.get('summary'), where + '.summary')):
        w_entry = '%s.summary[%d]' % (where, index)
        entry = _dict(entry, w_entry)
        rows.append({'cal_type': _text(entry, 'cal_type', w_entry),
                     'product_version': _text(entry, 'product_version', w_entry),
                     'installed': _number(entry, 'installed', w_entry, 0), 'issued': _number(entry, 'issued', w_entry, 0),
                     'available': _number(entry, 'available', w_entry, 0),
                     'availability': _text(entry, 'availability', w_entry)})
    return rows


def _usage(host: str, host_vars, counts_only: bool, audit: list) -> dict:
    """The usage section of one server (what win_rdlicense_usage read, registered as cal_report_usage), and its
    issued CALs added to the audit rows (no holder when counts_only)."""
    usage = {'status': 'not_read', 'error': None, 'cals': [], 'over_allocation': [], 'over_allocated': 0,
             'failed_per_user': 0, 'failed': [], 'tracked': None, 'tracking_reason': None, 'issued_per_user': 0,
             'issued_per_device': 0, 'warnings': []}
    error = host_vars['cal_report_usage_error'] if 'cal_report_usage_error' in host_vars else None
    if error is not None:
        usage.update(status='error', error=str(error))
        return usage
    result = host_vars['cal_report_usage'] if 'cal_report_usage' in host_vars else None
    where = 'cal_report_usage of %s' % host
    result = _dict(result, where)
    if 'summary' not in result:  # not run (the server was not read, or its RD Licensing provider did not answer)
        return usage
    tracking = _dict(result.get('per_user_tracking'), where + '.per_user_tracking')
    usage.update(status='ok', cals=_usage_rows(result, where),
                 tracked=_flag(tracking, 'tracked', where + '.per_user_tracking'),
                 tracking_reason=_text(tracking, 'reason', where + '.per_user_tracking'),
                 warnings=[str(w) for w in _list(result.get('warnings'), where + '.warnings')])
    for index, entry in enumerate(_list(result.get('over_allocation'), where + '.over_allocation')):
        w_entry = '%s.over_allocation[%d]' % (where, index)
        entry = _dict(entry, w_entry)
        usage['over_allocation'].append({'product_version': _text(entry, 'product_version', w_entry),
                                         'installed': _number(entry, 'installed', w_entry, 0),
                                         'issued': _number(entry, 'issued', w_entry, 0),
                                         'over_allocated': _number(entry, 'over_allocated', w_entry, 0)})
    usage['over_allocated'] = sum(entry['over_allocated'] for entry in usage['over_allocation'])
    failed: dict = {}
    for index, entry in enumerate(_list(result.get('failed_per_user'), where + '.failed_per_user')):
        w_entry = '%s.failed_per_user[%d]' % (where, index)
        version = _text(_dict(entry, w_entry), 'product_version', w_entry)
        failed[version] = failed.get(version, 0) + 1
    usage['failed'] = [{'product_version': version, 'requests': count}
                       for version, count in sorted(failed.items(), key=lambda item: _fold(item[0] or ''), reverse=True)]
    usage['failed_per_user'] = sum(failed.values())
    for kind, holder_key in AUDIT_KINDS:
        entries = _list(result.get(kind), '%s.%s' % (where, kind))
        usage['issued_' + kind] = len(entries)
        for index, entry in enumerate(entries):
            w_entry = '%s.%s[%d]' % (where, kind, index)
            entry = _dict(entry, w_entry)
            holder = _text(entry, holder_key, w_entry)
            audit.append({'host': host, 'kind': kind, 'holder': None if counts_only else holder,
                          'product_version': _text(entry, 'product_version', w_entry),
                          # the report's entries carry no issue date (Windows gives their expiry only)
                          'issued': None, 'expires': _text(entry, 'expires', w_entry)})
    return usage


def cal_report(hostvars, hosts, title=DEFAULT_TITLE, expiring_within_days=90, now=None, counts_only=False) -> dict:
    """The CAL report's data: one entry per host of ``hosts`` that has ``cal_report_in_scope``, the packs that
    expire soon and the fleet's totals."""
    if not isinstance(hostvars, collections.abc.Mapping):
        raise _fail('the input', 'hostvars (a dictionary of host names and their variables)', hostvars)
    if isinstance(hosts, (str, bytes)) or not isinstance(hosts, collections.abc.Sequence):
        raise _fail('hosts', 'a list of host names', hosts)
    if not isinstance(title, str):
        raise _fail('title', 'a string', title)
    if isinstance(expiring_within_days, bool) or not isinstance(expiring_within_days, int):
        raise _fail('expiring_within_days', 'a whole number', expiring_within_days)
    if not isinstance(counts_only, bool):
        raise _fail('counts_only', 'true or false', counts_only)
    if now is None:
        now = datetime.datetime.now(datetime.timezone.utc)
    elif not isinstance(now, datetime.datetime):
        raise _fail('now', 'a date and time (datetime) or null', now)
    elif now.tzinfo is not None:
        now = now.astimezone(datetime.timezone.utc)

    servers, expiring, fleet_cals, audit = [], [], {}, []
    for index, host in enumerate(hosts):
        if not isinstance(host, str):
            raise _fail('hosts[%d]' % index, 'a host name (a string)', host)
        host_vars = hostvars[host] if host in hostvars else {}
        if not isinstance(host_vars, collections.abc.Mapping):
            raise _fail('the variables of %s' % host, 'a dictionary', host_vars)
        if 'cal_report_in_scope' in host_vars:
            servers.append(_server(host, host_vars, now.date(), fleet_cals, expiring))
            servers[-1]['usage'] = _usage(host, host_vars, counts_only, audit)

    read = [server for server in servers if server['status'] == 'ok']
    cals = sorted(fleet_cals.values(), key=lambda row: _fold(row['cal_type']))
    cals = sorted(cals, key=lambda row: _fold(row['product_version']), reverse=True)
    return {
        'title': title,
        'generated': now.strftime('%Y-%m-%d %H:%M UTC'),
        'expiring_within_days': expiring_within_days,
        'servers': servers,
        'expiring': sorted(expiring, key=lambda pack: (_fold(pack['expiration_date']), _fold(pack['host']))),
        'fleet': {
            'servers': len(servers),
            'read': len(read),
            'unread': len(servers) - len(read),
            'activated': sum(1 for server in read if server['activation_status'] == 'activated'),
            'total': sum(row['total'] for row in cals),
            'issued': sum(row['issued'] for row in cals),
            'available': sum(row['available'] for row in cals),
            'cals': cals,
            'usage': {
                'servers': sum(1 for server in servers if server['usage']['status'] == 'ok'),
                'issued_per_user': sum(server['usage']['issued_per_user'] for server in servers),
                'issued_per_device': sum(server['usage']['issued_per_device'] for server in servers),
                'over_allocated': sum(server['usage']['over_allocated'] for server in servers),
                'failed_per_user': sum(server['usage']['failed_per_user'] for server in servers),
                'not_tracking': sum(1 for server in servers if server['usage']['tracked'] is False),
            },
        },
        'counts_only': counts_only,
        'audit': audit,
    }


class FilterModule:

    def filters(self):
        return {'cal_report': cal_report}
