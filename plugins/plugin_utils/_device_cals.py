# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_device_cals: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.

The probe shape is ``CONTRACT['win_rdlicense_device_cals']['probe']``: the key packs and the issued per-device CALs
(Win32_TSIssuedLicense; with ``counts_only`` their names stay on the host). Decisions made here:

* without a selection (``computers``, ``issued_before``) the module only lists: no step, changed false;
* a selection picks the per-device CALs whose status is active or upgrade (a revoked CAL is not revoked again, so a
  rerun changes nothing) whose computer is one of ``computers`` and that were issued before ``issued_before`` (both
  when both are given), of ``product_version`` when given; one ``revoke_cal`` step (Revoke()) per CAL;
* per-user CALs cannot be revoked: ``cal_type: per_user`` and a computer name that is a user's (``DOMAIN\\name``) are
  refused before anything is sent;
* the revocation budget: Windows allows up to 20 % of a version's installed per-device CALs to be revoked at a time
  and documents no way to read what is left before revoking. The estimate (20 % of the installed per-device CALs of
  the version, rounded down) is checked before any change: a selection beyond it fails, and nothing is revoked. The
  host's answer decides the rest: RevokableCals after each Revoke(), and NextRevokeAllowedOn when it refuses one
  (its limit is counted over revocations made before this run too); the task then fails naming the date and what
  was revoked and what was not.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._cals import product_versions, version_name
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import (
    Env,
    Plan,
    RDLicenseError,
    first_failed,
    not_admin_message,
    step_failure,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import first_non_ascii

MODULE = 'win_rdlicense_device_cals'
NO_LOG: tuple[str, ...] = ()

# The statuses of a CAL the module revokes. Microsoft documents Revoke() for per-device CALs without saying which
# statuses it accepts; the collection revokes permanent CALs only (active, upgraded), never temporary, pending or
# concurrent ones (an assumption: confirm on Windows).
REVOCABLE_STATUSES = (cat.LICENSE_STATUS_CODES['active'], cat.LICENSE_STATUS_CODES['upgrade'])
_DATE = re.compile(r'[0-9]{4}-[0-9]{2}-[0-9]{2}')
_NETBIOS = re.compile(r'[A-Za-z0-9!@#$%^&()\-\'{}.~_]{1,15}')
_LABEL = re.compile(r'[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?')
_CAL_KEYS = ('license_id', 'key_pack_id', 'computer', 'user', 'hardware_id', 'issued', 'expires', 'status',
             'product_version')

RETURN_DEFAULTS: dict[str, t.Any] = {
    'cals': [], 'revoked': [], 'refused': [], 'budget': {}, 'next_revoke_allowed_on': None, 'counts': {},
    'counts_only': False,
}


@dataclasses.dataclass
class DeviceCalsPlan(Plan):
    selected: list[dict[str, t.Any]] = dataclasses.field(default_factory=list)  # the CALs (result shape) to revoke
    versions: dict[str, dict[str, t.Any]] = dataclasses.field(default_factory=dict)
    computer_name: str = ''


# --------------------------------------------------------------------------------------------------------------------
# Validation (before any remote call)
# --------------------------------------------------------------------------------------------------------------------
def computer_name(value: t.Any, where: str) -> str:
    """A client computer's name: a NetBIOS name (15 characters at most) or a DNS host name, in ASCII. A user's name
    (DOMAIN\\name, name@domain) is refused: per-user CALs cannot be revoked."""
    if not isinstance(value, str) or not value.strip():
        raise RDLicenseError('%s: %s is empty: give the name of a computer that holds a per-device CAL' % (MODULE, where))
    name = value.strip()
    other = first_non_ascii(name)
    if other:
        raise RDLicenseError('%s: %s must be a computer name in ASCII, and it contains %s, which is not an ASCII '
                             'letter or digit' % (MODULE, where, other))
    if '\\' in name or '@' in name:
        raise RDLicenseError('%s: %s is %s, a user\'s name: per-user CALs cannot be revoked (Windows revokes '
                             'per-device CALs only); computers names the computers that hold per-device CALs'
                             % (MODULE, where, name))
    labels = name.split('.')
    if len(labels) == 1:
        if not _NETBIOS.fullmatch(name) or name.isdigit():
            raise RDLicenseError('%s: %s must be a computer name: a NetBIOS name of 1 to 15 letters, digits and '
                                 'hyphens, or a DNS host name' % (MODULE, where))
    elif not all(_LABEL.fullmatch(label) for label in labels) or len(name) > 253:
        raise RDLicenseError('%s: %s must be a computer name: a NetBIOS name of 1 to 15 letters, digits and hyphens, '
                             'or a DNS host name (labels of letters, digits and hyphens separated by dots)'
                             % (MODULE, where))
    return name


def parse_date(value: t.Any, where: str) -> datetime.datetime:
    """A date YYYY-MM-DD (midnight UTC that day)."""
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise RDLicenseError('%s: %s must be a date written YYYY-MM-DD (for example 2026-01-31), got %r'
                             % (MODULE, where, value if isinstance(value, str) else type(value).__name__))
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise RDLicenseError('%s: %s is not a date of the calendar: %s' % (MODULE, where, value.strip()))
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    if args.get('cal_type', 'per_device') == 'per_user':
        raise RDLicenseError('%s: cal_type is per_user, and per-user CALs cannot be revoked: Windows revokes per-device '
                             'CALs only (Win32_TSIssuedLicense.Revoke); per-user CALs are not enforced and are '
                             'reassigned by the license server after their validity' % MODULE)
    computers = args.get('computers')
    if computers is not None and args.get('counts_only'):
        raise RDLicenseError('%s: computers and counts_only exclude each other: with counts_only no computer name '
                             'leaves the license server, so none can be compared; select by issued_before instead'
                             % MODULE)
    names = None if computers is None else [computer_name(v, 'computers[%d]' % i) for i, v in enumerate(computers)]
    if names is not None and not names:
        raise RDLicenseError('%s: computers is an empty list: name at least one computer, or leave computers out to '
                             'list the CALs only' % MODULE)
    before = args.get('issued_before')
    cutoff = None if before is None else parse_date(before, 'issued_before')
    if cutoff is not None and cutoff > env.now + datetime.timedelta(days=1):
        today = env.now.strftime('%Y-%m-%d')
        raise RDLicenseError('%s: issued_before is %s, a date after tomorrow (the controller\'s clock says %s): that '
                             'would select every CAL; give a date in the past' % (MODULE, before.strip(), today))
    return {
        'computers': names,
        'issued_before': cutoff,
        'issued_before_text': None if cutoff is None else cutoff.strftime('%Y-%m-%d'),
        'product_version': args.get('product_version'),
        'counts_only': bool(args.get('counts_only')),
        'versions': product_versions(args.get('product_version_ids'), MODULE),
    }


def host_arguments(want: dict[str, t.Any]) -> dict[str, t.Any]:
    """The task's options the hands read: counts_only (the names then stay on the host)."""
    return {'counts_only': want['counts_only']}


def selecting(want: dict[str, t.Any]) -> bool:
    return want['computers'] is not None or want['issued_before'] is not None


# --------------------------------------------------------------------------------------------------------------------
# Reading the probe
# --------------------------------------------------------------------------------------------------------------------
def _when(text: t.Optional[str]) -> t.Optional[datetime.datetime]:
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def _pack_versions(state: dict[str, t.Any], versions: dict[str, dict[str, t.Any]]) -> dict[int, t.Optional[str]]:
    return {p['KeyPackId']: version_name(versions, p['ProductVersionID']) for p in state['key_packs']}


def cal_view(cal: dict[str, t.Any], pack_versions: dict[int, t.Optional[str]]) -> dict[str, t.Any]:
    """One issued per-device CAL as the module returns it."""
    return {
        'license_id': cal['LicenseId'], 'key_pack_id': cal['KeyPackId'], 'computer': cal['sIssuedToComputer'],
        'user': cal['sIssuedToUser'] or None,
        'hardware_id': cal['sHardwareId'], 'issued': cal['IssueDate'], 'expires': cal['ExpirationDate'],
        'status': cat.LICENSE_STATUS.get(cal['LicenseStatus'], 'unknown') if cal['LicenseStatus'] is not None
        else 'unknown',
        'product_version': pack_versions.get(cal['KeyPackId']),
    }


def cals(state: dict[str, t.Any], versions: dict[str, dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    pack_versions = _pack_versions(state, versions)
    return [cal_view(cal, pack_versions) for cal in state['issued_licenses']]


def installed_per_device(state: dict[str, t.Any], versions: dict[str, dict[str, t.Any]]) -> dict[str, int]:
    """The installed per-device CALs of each version: TotalLicenses of its permanent per-device packs."""
    totals: dict[str, int] = {}
    for pack in state['key_packs']:
        name = version_name(versions, pack['ProductVersionID'])
        if (name and pack['ProductType'] == cat.CAL_TYPES['per_device']
                and pack['KeyPackType'] != cat.KEY_PACK_TYPE_TEMPORARY):
            totals[name] = totals.get(name, 0) + pack['TotalLicenses']
    return totals


def _same_computer(given: str, held: t.Optional[str]) -> bool:
    if not held:
        return False
    return given.lower() == held.lower() or given.split('.')[0].lower() == held.split('.')[0].lower()


def _selected(want: dict[str, t.Any], cal: dict[str, t.Any]) -> bool:
    if cat.LICENSE_STATUS_CODES.get(cal['status']) not in REVOCABLE_STATUSES:
        return False
    if want['product_version'] is not None and cal['product_version'] != want['product_version']:
        return False
    if want['computers'] is not None and not any(_same_computer(c, cal['computer']) for c in want['computers']):
        return False
    if want['issued_before'] is not None:
        issued = _when(cal['issued'])
        if issued is None or issued >= want['issued_before']:
            return False
    return True


def label(cal: dict[str, t.Any]) -> str:
    """A CAL in messages: its computer, or (names left on the host) its LicenseId and KeyPackId."""
    return cal['computer'] or 'LicenseId %d of KeyPackId %d' % (cal['license_id'], cal['key_pack_id'])


def _version_text(name: t.Optional[str]) -> str:
    return 'Windows Server %s' % name if name else 'an unknown version'


# --------------------------------------------------------------------------------------------------------------------
# The action base's hooks
# --------------------------------------------------------------------------------------------------------------------
def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse, before any change: not an administrator, no RD Licensing provider (role not installed, not ready)."""
    host = state['computer_name']
    if not state['is_admin']:
        raise RDLicenseError(not_admin_message(
            MODULE, host, 'the issued CALs (%s) can neither be read nor revoked' % cat.ISSUED_LICENSE_CLASS))
    provider = state['provider']
    if not provider['available']:
        code = provider['error_code']
        if code == cat.WBEM_CODES['WBEM_E_INVALID_CLASS']:
            raise RDLicenseError(
                '%s: %s is not a license server: %s does not exist (%s), the RD Licensing role is not installed; '
                'install it with remotedesktop.licensing.win_rdlicense_role first'
                % (MODULE, host, cat.ISSUED_LICENSE_CLASS, cat.describe_wbem(code)))
        raise RDLicenseError(
            '%s: the RD Licensing WMI provider does not answer on %s (%s: %s); nothing was read or revoked. Check the '
            'TermServLicensing service and run the task again'
            % (MODULE, host, cat.describe_wbem(code, missing='no answer'), provider['error_message'] or 'no message'))


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env) -> DeviceCalsPlan:
    result = DeviceCalsPlan(versions=want['versions'], computer_name=state['computer_name'])
    if not selecting(want):
        return result
    listed = cals(state, want['versions'])
    result.selected = [cal for cal in listed if _selected(want, cal)]
    if want['computers'] is not None:
        missing = [c for c in want['computers'] if not any(_same_computer(c, cal['computer']) for cal in listed)]
        if missing:
            result.warnings.append('%s: %s holds no per-device CAL on %s: nothing to revoke for %s'
                                   % (MODULE, ', '.join(missing), state['computer_name'],
                                      'it' if len(missing) == 1 else 'them'))
    installed = installed_per_device(state, want['versions'])
    by_version: dict[t.Optional[str], list[dict[str, t.Any]]] = {}
    for cal in result.selected:
        by_version.setdefault(cal['product_version'], []).append(cal)
    for name, chosen in sorted(by_version.items(), key=lambda item: str(item[0])):
        limit = installed.get(name or '', 0) * cat.REVOKE_LIMIT_PERCENT // 100
        if len(chosen) > limit:
            raise RDLicenseError(
                '%s: the selection holds %d per-device CALs of %s to revoke (%s), and Windows revokes at most %d at a '
                'time (%d %% of the %d installed per-device CALs of that version); nothing was revoked. Narrow the '
                'selection (computers, issued_before, product_version) or revoke them over several runs: the license '
                'server tells when revoking is allowed again (NextRevokeAllowedOn) once it refuses a revocation'
                % (MODULE, len(chosen), _version_text(name), ', '.join(label(c) for c in chosen), limit,
                   cat.REVOKE_LIMIT_PERCENT, installed.get(name or '', 0)),
                shape(want, result, state, state, []))
    result.steps = [{'type': 'revoke_cal', 'license_id': cal['license_id'], 'key_pack_id': cal['key_pack_id']}
                    for cal in result.selected]
    return result


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: Plan) -> dict[str, t.Any]:
    """The CALs of the steps revoked, back in their packs."""
    after = copy.deepcopy(state)
    keys = {(s['license_id'], s['key_pack_id']) for s in the_plan.steps}
    packs = {p['KeyPackId']: p for p in after['key_packs']}
    for cal in after['issued_licenses']:
        if (cal['LicenseId'], cal['KeyPackId']) in keys:
            cal['LicenseStatus'] = cat.LICENSE_STATUS_REVOKED
            pack = packs.get(cal['KeyPackId'])
            if pack:
                pack['IssuedLicenses'] = max(pack['IssuedLicenses'] - 1, 0)
                pack['AvailableLicenses'] = min(pack['AvailableLicenses'] + 1, pack['TotalLicenses'])
    return after


def describe(state: dict[str, t.Any], the_plan: t.Optional[Plan] = None) -> dict[str, t.Any]:
    """The diff's view: the status of every issued per-device CAL, by KeyPackId/LicenseId (and computer)."""
    views = cals(state, getattr(the_plan, 'versions', None) or product_versions(None, MODULE))
    return {'cals': {'%d/%d%s' % (c['key_pack_id'], c['license_id'], ' ' + c['computer'] if c['computer'] else ''):
                     c['status'] for c in views}}


def _answers(outcomes: list[dict[str, t.Any]]) -> list[tuple[dict[str, t.Any], dict[str, t.Any]]]:
    return list(zip(outcomes, [o['detail'] for o in outcomes]))


def budget(want: dict[str, t.Any], the_plan: DeviceCalsPlan, state: dict[str, t.Any],
           outcomes: list[dict[str, t.Any]]) -> dict[str, dict[str, t.Any]]:
    """Per version with installed per-device CALs: the estimate, what is selected, and the host's answers."""
    installed = installed_per_device(state, want['versions'])
    result = {}
    for name, total in sorted(installed.items()):
        limit = total * cat.REVOKE_LIMIT_PERCENT // 100
        chosen = [c for c in the_plan.selected if c['product_version'] == name]
        result[name] = {'installed': total, 'limit': limit, 'selected': len(chosen),
                        'estimated_remaining': max(limit - len(chosen), 0), 'revokable_cals': None,
                        'next_revoke_allowed_on': None}
    keyed = {(c['license_id'], c['key_pack_id']): c for c in the_plan.selected}
    for step, outcome in zip(the_plan.steps, outcomes):
        cal = keyed.get((step['license_id'], step['key_pack_id']))
        entry = result.get(cal['product_version'] or '') if cal else None
        detail = outcome['detail'] or {}
        if entry is None:
            continue
        if detail.get('revokable_cals') is not None:
            entry['revokable_cals'] = detail['revokable_cals']
        if detail.get('next_revoke_allowed_on'):
            entry['next_revoke_allowed_on'] = detail['next_revoke_allowed_on']
    return result


def counts(views: list[dict[str, t.Any]]) -> dict[str, dict[str, int]]:
    """The issued per-device CALs by version and status."""
    result: dict[str, dict[str, int]] = {}
    for cal in views:
        entry = result.setdefault(cal['product_version'] or 'unknown', {})
        entry[cal['status']] = entry.get(cal['status'], 0) + 1
    return result


def _split(the_plan: DeviceCalsPlan, outcomes: list[dict[str, t.Any]], applied: bool):
    """(revoked, refused, not attempted) CALs of the selection after the outcomes (check mode: all revoked)."""
    if not applied:
        return list(the_plan.selected), [], []
    revoked, refused = [], []
    for cal, outcome in zip(the_plan.selected, outcomes):
        if outcome['status'] == 'changed':
            revoked.append(cal)
        elif (outcome['detail'] or {}).get('refused'):
            refused.append(cal)
    return revoked, refused, the_plan.selected[len(outcomes):]


def shape(want: dict[str, t.Any], the_plan: DeviceCalsPlan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    views = cals(after, want['versions'])
    after_status = {(c['license_id'], c['key_pack_id']): c['status'] for c in views}
    revoked, refused, dummy = _split(the_plan, outcomes, bool(outcomes))
    spent = budget(want, the_plan, after, outcomes)
    dates = sorted(e['next_revoke_allowed_on'] for e in spent.values() if e['next_revoke_allowed_on'])
    return {
        'cals': views,
        'revoked': [dict(c, status=after_status.get((c['license_id'], c['key_pack_id']), c['status']))
                    for c in revoked],
        'refused': refused,
        'budget': spent,
        'next_revoke_allowed_on': dates[-1] if dates else None,
        'counts': counts(views),
        'counts_only': want['counts_only'],
    }


def explain(want: dict[str, t.Any], the_plan: DeviceCalsPlan, outcomes: list[dict[str, t.Any]]) -> str:
    failed = first_failed(outcomes)
    index = outcomes.index(failed)
    cal = the_plan.selected[index]
    revoked, refused, rest = _split(the_plan, outcomes, True)
    return ('%s: revoking the per-device CAL of %s (%s) on %s failed: %s. %s' % (
        MODULE, label(cal), _version_text(cal['product_version']), the_plan.computer_name, step_failure(failed),
        _what_changed(revoked, refused, [cal] + rest)))


def _what_changed(revoked: list[dict[str, t.Any]], refused: list[dict[str, t.Any]],
                  rest: list[dict[str, t.Any]]) -> str:
    def names(items: list[dict[str, t.Any]]) -> str:
        return ', '.join(label(c) for c in items) if items else 'none'
    text = 'Revoked in this run: %s' % names(revoked)
    if refused:
        text += '; refused: %s' % names(refused)
    if rest:
        text += '; not revoked: %s' % names(rest)
    return text


def unsettled(want: dict[str, t.Any], the_plan: DeviceCalsPlan, outcomes: list[dict[str, t.Any]],
              after: dict[str, t.Any]) -> t.Optional[str]:
    """The host refused revocations for its limit (the date it names), or reads back a CAL that is not revoked."""
    revoked, refused, rest = _split(the_plan, outcomes, True)
    if refused:
        by_date: dict[str, list[dict[str, t.Any]]] = {}
        for cal, outcome in zip(the_plan.selected, outcomes):
            if cal in refused:
                by_date.setdefault(outcome['detail']['next_revoke_allowed_on'], []).append(cal)
        parts = ['%d per-device CAL(s) of %s (%s): revoking is allowed again on %s (NextRevokeAllowedOn)'
                 % (len(items), _version_text(items[0]['product_version']), ', '.join(label(c) for c in items), date)
                 for date, items in sorted(by_date.items())]
        return ('%s: %s refused to revoke %s; its revocation limit is reached (%d %% of a version\'s installed '
                'per-device CALs at a time, revocations of earlier runs included). %s. Run the task again after that '
                'date to revoke the rest' % (MODULE, the_plan.computer_name, '; '.join(parts), cat.REVOKE_LIMIT_PERCENT,
                                             _what_changed(revoked, refused, rest)))
    status = {(c['LicenseId'], c['KeyPackId']): c['LicenseStatus'] for c in after['issued_licenses']}
    unsure = [c for c in revoked if status.get((c['license_id'], c['key_pack_id'])) != cat.LICENSE_STATUS_REVOKED]
    if unsure:
        return ('%s: Revoke() answered 0 for %s, but %s reads %s back as not revoked: read the CALs again (run the '
                'task without a selection) before anything else'
                % (MODULE, ', '.join(label(c) for c in unsure), the_plan.computer_name,
                   'it' if len(unsure) == 1 else 'them'))
    return None
