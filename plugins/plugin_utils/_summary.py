# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The summary of a license server's rollout (RV(summary) of win_rdlicense_server, the role's
``license_server_summary``): what each part did, or in check mode would do, and the lines a person reads.

Internal to the remotedesktop.licensing collection; not a public API. Pure: data in, data out, typed the same on
every ansible-core (no templating).

``parts()`` takes one run of win_rdlicense_server; ``combine()`` joins the run before a restart, the restart and the
run after it (what the role does); ``message()`` writes the lines. The summary holds no secret: the names of the
company information properties written, not their values; the packs' outcomes, which carry no identifier.
"""

from __future__ import annotations

import collections.abc
import copy
import typing as t

# Only the catalogue: the filter license_server_summary imports this module in a worker of its own, where every
# module imported is compiled anew.
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat

KEYS = ('host', 'computer_name', 'check_mode', 'changed', 'stopped', 'message', 'role', 'reboot',
        'company_information', 'activation', 'packs')
# Who reads the message: the names it tells a person to set. The module's options, or the role's inputs.
WORDING = {
    'module': {'license_server_id': 'activation.license_server_id',
               'confirmation_code': 'activation.confirmation_code',
               'who': 'this task',
               'give': 'Give',
               'reboot': 'Restart it (or set reboot: true) and run the task again to activate it and install its CAL '
                         'packs.',
               'no_reboot': ''},
    'role': {'license_server_id': 'license_server_id',
             'confirmation_code': 'license_server_confirmation_code',
             'who': 'the rollout',
             'give': 'With this role, give',
             'reboot': 'Restart it (or set license_server_allow_reboot: true) and run the rollout again to activate '
                       'it and install its CAL packs.',
             'no_reboot': ', and license_server_allow_reboot is false'},
}


def counts(outcomes: t.Iterable[dict[str, t.Any]]) -> dict[str, int]:
    """How many declared packs ended (or would end) in each outcome."""
    items = list(outcomes)
    return {name: sum(1 for o in items if o['outcome'] == name) for name in cat.PACK_OUTCOMES}


def company_written(steps: t.Iterable[dict[str, t.Any]], outcomes: t.Optional[list[dict[str, t.Any]]]) -> list[str]:
    """The option names of the company information properties written (check mode: that would be written)."""
    names = []
    for index, step in enumerate(steps):
        if step['type'] != 'set_contact_property':
            continue
        if outcomes is not None and (index >= len(outcomes) or outcomes[index]['status'] != 'changed'):
            continue
        names.append(cat.PROPERTY_TO_OPTION[step['name']])
    return names


def parts(host: str, check_mode: bool, want: dict[str, t.Any], before: dict[str, t.Any], result: dict[str, t.Any],
          written: list[str]) -> dict[str, t.Any]:
    """The summary of one run of win_rdlicense_server (without the message).

    ``before`` is the win_rdlicense_info report of the state the run started from, ``result`` the module's result
    (RV(role), RV(activation), RV(cals), RV(info), RV(reboot_required), RV(stopped)).
    """
    role, activation, cals = result['role'], result['activation'], result['cals']
    status_before = before['activation']['activation_status'] or 'not_activated'
    status = activation['activation_status']
    summary = {
        'host': host,
        'computer_name': before['host']['computer_name'],
        'check_mode': check_mode,
        'stopped': result['stopped'],
        'role': {
            'changed': role['changed'],
            'installed_before': before['role']['installed'],
            'installed': next((f['installed'] for f in role['features'] if f['name'] == 'RDS-Licensing'), False),
            'reboot_required': role['reboot_required'],
            'service': copy.deepcopy(role['service']),
        },
        'reboot': {'required': role['reboot_required'], 'allowed': want['reboot']['enabled'], 'rebooted': False},
        'company_information': {'changed': bool(written), 'properties': list(written)},
        'activation': {
            'changed': status in ('activated', 'not_activated') and status != status_before,
            'pending': activation['activation_pending'],
            'predicted': activation['predicted'],
            'state': want['activation']['state'],
            'method': want['activation']['method'],
            'status': status,
            'license_server_id': activation['license_server_id'],
            'product_id': activation['product_id'] or before['activation']['product_id'],
            'instructions': activation['instructions'],
        },
        'packs': {
            'changed': cals['changed'],
            'predicted': cals['predicted'],
            'declared': len(want['cals']['packs']),
            'outcomes': copy.deepcopy(cals['packs']),
            'counts': counts(cals['packs']),
            'totals': copy.deepcopy(cals['totals']),
        },
    }
    return finish(summary, want['summary_wording'])


def _copy(value: t.Any) -> t.Any:
    """A copy of plain dicts and lists (a registered result comes as lazy containers, which deepcopy renders slowly)."""
    if isinstance(value, collections.abc.Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


def combine(first: dict[str, t.Any], second: t.Optional[dict[str, t.Any]], reboot_allowed: bool,
            rebooted: bool, wording: str = 'role') -> dict[str, t.Any]:
    """The summary of the run before a restart and (when the server was restarted) the run after it, in the words of
    the module (its options) or of the role (its inputs)."""
    first, second = _copy(first), _copy(second)
    summary = second if second else first
    summary['role']['changed'] = first['role']['changed'] or bool(second and second['role']['changed'])
    summary['role']['installed_before'] = first['role']['installed_before']
    summary['reboot'] = {'required': first['reboot']['required'], 'allowed': bool(reboot_allowed),
                         'rebooted': bool(rebooted)}
    if second:
        summary['computer_name'] = first['computer_name']
        for part in ('company_information', 'activation', 'packs'):
            if first[part].get('changed') and not second[part].get('changed'):
                summary[part]['changed'] = True
    return finish(summary, wording)


def finish(summary: dict[str, t.Any], wording: str) -> dict[str, t.Any]:
    """The summary with its changed flag and message."""
    summary['changed'] = any((summary['role']['changed'], summary['reboot']['rebooted'],
                              summary['company_information']['changed'], summary['activation']['changed'],
                              summary['packs']['changed']))
    summary['message'] = message(summary, WORDING[wording])
    return {key: summary[key] for key in KEYS}


def _done(summary: dict[str, t.Any]) -> list[tuple[str, str]]:
    """Each change as (infinitive, past tense)."""
    done = []
    role = summary['role']
    if role['changed']:
        done.append(('install the RD Licensing role', 'installed the RD Licensing role') if not role['installed_before']
                    else ("correct the RD Licensing role's features or service",
                          "corrected the RD Licensing role's features or service"))
    if summary['reboot']['rebooted']:
        done.append(('restart the server', 'restarted the server'))
    company = summary['company_information']
    if company['changed']:
        names = ', '.join(company['properties'])
        done.append(('write the company information (%s)' % names, 'wrote the company information (%s)' % names))
    activation = summary['activation']
    words = cat.ACTIVATION_METHOD_WORDS[activation['method']]
    if activation['changed'] and activation['status'] == 'activated':
        done.append(('activate it by ' + words, 'activated it by ' + words))
    elif activation['changed']:
        done.append(('deactivate it', 'deactivated it'))
    for outcome, verbs in (('installed', ('install', 'installed')), ('adopted', ('adopt', 'adopted')),
                           ('removed', ('remove', 'removed'))):
        n = summary['packs']['counts'][outcome]
        if n:
            what = ' %d CAL pack%s%s' % (n, '' if n == 1 else 's', ' installed by hand' if outcome == 'adopted' else '')
            done.append((verbs[0] + what, verbs[1] + what))
    return done


def cal_text(totals: dict[str, dict[str, dict[str, int]]]) -> str:
    """'2019 per device 5 (5 available), 2022 per user 50 (50 available)', or 'none'."""
    texts = ['%s %s %d (%d available)' % (version, cal_type.replace('_', ' '), n['total'], n['available'])
             for version, types in sorted(totals.items()) for cal_type, n in sorted(types.items())]
    return ', '.join(texts) if texts else 'none'


def message(summary: dict[str, t.Any], wording: dict[str, str]) -> list[str]:
    """The lines a person reads: what was done (would be), the state afterwards, and why the rollout stopped."""
    check = summary['check_mode']
    said = [pair[0 if check else 1] for pair in _done(summary)]
    if check:
        first = ' (check mode, nothing was changed): ' + ('would ' + ', would '.join(said) if said
                                                          else 'nothing would change')
    else:
        first = ': ' + (', '.join(said) if said else 'nothing to change')
    lines = [summary['host'] + first + '.']
    activation, packs = summary['activation'], summary['packs']
    status = (activation['status'].replace('_', ' ') if activation['status']
              else 'not activated (the RD Licensing role is not ready yet)')
    lsid = ' (license server ID %s)' % activation['license_server_id'] if activation['license_server_id'] else ''
    cals = 'the %d declared pack(s)' % packs['declared'] if packs['predicted'] else cal_text(packs['totals'])
    lines.append('%s: %s%s; CALs: %s.' % ('Afterwards' if check else 'Now', status, lsid, cals))
    words = cat.ACTIVATION_METHOD_WORDS[activation['method']]
    if summary['stopped'] == 'activation_pending':
        what = 'activation' if activation['state'] == 'activated' else 'deactivation'
        lines.append('Stopped here: the %s by %s waits for the answer of the Microsoft Clearinghouse (phase 1 of 2). %s'
                     % (what, words, activation['instructions']))
        option = wording['license_server_id'] if activation['state'] == 'activated' else wording['confirmation_code']
        lines.append('%s the answer as %s (for example with -e on the command line, or an AWX survey) and run %s '
                     'again; it carries on from there.' % (wording['give'], option, wording['who']))
    elif summary['stopped'] == 'reboot_required':
        if check and summary['reboot']['allowed']:
            lines.append('Stopped here in check mode: the server must restart to complete the installation of the RD '
                         'Licensing role, which the run would do before it activates the server and installs its CAL '
                         'packs.')
        else:
            lines.append('Stopped here: the server must restart to complete the installation of the RD Licensing '
                         'role%s. %s' % ('' if summary['reboot']['allowed'] else wording['no_reboot'], wording['reboot']))
    elif packs['predicted']:
        lines.append('The CAL packs are predicted from the declaration: the server cannot be asked about them before '
                     'it is activated.')
    return lines
