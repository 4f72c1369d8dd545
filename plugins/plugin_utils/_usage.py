# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_usage: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.

The probe shape is ``CONTRACT['win_rdlicense_usage']['probe']``. The module is read-only for licensing; what it
decides:

* the hands generate a CAL usage report (Win32_TSLicenseReport.GenerateReportEx), read its four parts page by page
  and delete it: the probe leaves nothing behind, so a run without keep_report changes nothing and runs in check
  mode the same way;
* with keep_report (and not in check mode) the action plugin sends, instead of the probe, one ``keep_report`` step:
  the report it generates is the one read, and it is left on the server for RD Licensing Manager (changed, and its
  FileName returned). In check mode the report is read and deleted, and changed says it would be kept. Either way:
  one remote execution;
* a host that cannot report fails, before anything is generated, naming the reason (not an administrator, the role
  not installed or its provider not ready); a failure after GenerateReportEx names the method, and the report is
  deleted (the failure says so, or that the deletion failed too, with the report's name);
* per-user CALs that are not tracked (a workgroup license server, one outside the AD group Terminal Server License
  Servers, TSCALAvailability "Not Tracking") are a warning, not a failure: the per-device part is still right;
* with counts_only the hands send no user name, computer name or hardware ID (personal data): the entries are
  returned without them (null), with their CAL type, version and expiry, and counted.
"""

from __future__ import annotations

import copy
import dataclasses
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

MODULE = 'win_rdlicense_usage'
NO_LOG: tuple[str, ...] = ()
KEEP_STEP = {'type': 'keep_report'}
CAL_TYPE_OTHER = 'other'
_VERSION_BY_ID = {info['id']: name for name, info in reversed(list(cat.PRODUCT_VERSIONS.items()))}
_PARTS = tuple(cat.REPORT_FETCH_METHODS)


def empty() -> dict[str, t.Any]:
    """Every documented return value, empty: what a task that fails before reading a report returns."""
    return {
        'report': {'file_name': None, 'generated_at': None, 'version': None, 'kept': False},
        'reports': [],
        'summary': [],
        'totals': {kind: {'installed': 0, 'issued': 0} for kind in cat.CAL_TYPES},
        'per_user': [],
        'per_device': [],
        'failed_per_user': [],
        'over_allocation': [],
        'counts': {part: 0 for part in _PARTS if part != 'summary'},
        'counts_only': False,
        'per_user_tracking': {'tracked': None, 'domain_joined': None, 'in_tsls_group': None, 'reason': None},
    }


RETURN_DEFAULTS = empty()


@dataclasses.dataclass
class UsagePlan(Plan):
    keep: bool = False


# --------------------------------------------------------------------------------------------------------------------
# Validation (before any remote call)
# --------------------------------------------------------------------------------------------------------------------
def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    """The arguments normalised (both booleans; the spec and the strict type check refused anything else)."""
    return {'keep_report': bool(args.get('keep_report')), 'counts_only': bool(args.get('counts_only'))}


def host_arguments(want: dict[str, t.Any]) -> dict[str, t.Any]:
    """The options the hands are given with the probe or the step (besides _operation and _steps)."""
    return {'counts_only': want['counts_only']}


def steps(want: dict[str, t.Any], check_mode: bool) -> list[dict[str, t.Any]]:
    """What is sent instead of the probe: the keep_report step when the report is to be kept (never in check mode)."""
    return [dict(KEEP_STEP)] if want['keep_report'] and not check_mode else []


# --------------------------------------------------------------------------------------------------------------------
# Reading the report
# --------------------------------------------------------------------------------------------------------------------
def cal_type(text: t.Optional[str]) -> str:
    """The kind named by an entry's CALType ("TS or RDS Per User CAL": per_user), or 'other'."""
    for words, name in cat.REPORT_CAL_TYPE_WORDS:
        if text and words.lower() in text.lower():
            return name
    return CAL_TYPE_OTHER


def version_name(version_id: t.Optional[int]) -> t.Optional[str]:
    """The catalogue's product version ('2022') of a ProductVersionID, None when it knows none."""
    return _VERSION_BY_ID.get(version_id) if version_id is not None else None


def _version(entry: dict[str, t.Any]) -> dict[str, t.Any]:
    return {'product_version': version_name(entry['ProductVersionID']), 'product_version_id': entry['ProductVersionID'],
            'product_version_label': entry['ProductVersion']}


def summary_entries(report: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """RV(summary): one entry per CAL type and version, as the report's summary gives them."""
    entries = []
    for entry in report['summary']:
        installed = entry['InstalledLicenses'] or 0
        issued = entry['IssuedLicenses'] or 0
        entries.append(dict(
            _version(entry),
            cal_type=cat.REPORT_TSCAL_TYPES.get(entry['TSCALType'] or '', 'unknown'),
            installed=installed, issued=issued, available=max(installed - issued, 0),
            availability=cat.REPORT_AVAILABILITY.get(entry['TSCALAvailability'] or '', 'unknown')))
    return sorted(entries, key=lambda e: (e['cal_type'], e['product_version_id'] or 0))


def totals(entries: list[dict[str, t.Any]]) -> dict[str, dict[str, int]]:
    """RV(totals): installed and issued per CAL type, every version together."""
    result = {kind: {'installed': 0, 'issued': 0} for kind in cat.CAL_TYPES}
    for entry in entries:
        if entry['cal_type'] in result:
            result[entry['cal_type']]['installed'] += entry['installed']
            result[entry['cal_type']]['issued'] += entry['issued']
    return result


def over_allocation(entries: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    """RV(over_allocation): per-user CALs issued beyond those installed, per version (only where there are)."""
    return [{'product_version': e['product_version'], 'product_version_id': e['product_version_id'],
             'installed': e['installed'], 'issued': e['issued'], 'over_allocated': e['issued'] - e['installed']}
            for e in entries if e['cal_type'] == 'per_user' and e['issued'] > e['installed']]


def _cal(entry: dict[str, t.Any]) -> dict[str, t.Any]:
    return dict(_version(entry), cal_type=cal_type(entry['CALType']), cal_type_label=entry['CALType'])


def holders(report: dict[str, t.Any]) -> dict[str, list[dict[str, t.Any]]]:
    """RV(per_user), RV(per_device), RV(failed_per_user): the report's entries, named as the collection names them."""
    per_user = [dict(_cal(e), user=e['User'], expires=e['ExpirationDate']) for e in report['per_user']]
    per_device = [dict(_cal(e), computer=e['sIssuedToComputer'], hardware_id=e['sHardwareId'],
                       expires=e['ExpirationDate']) for e in report['per_device']]
    failed = [dict(_cal(e), user=e['User'], tried_on=e['TriedIssuanceOn']) for e in report['failed_per_user']]
    return {
        'per_user': sorted(per_user, key=lambda e: ((e['user'] or '').lower(), e['product_version_id'] or 0)),
        'per_device': sorted(per_device, key=lambda e: ((e['computer'] or '').lower(), e['hardware_id'] or '')),
        'failed_per_user': sorted(failed, key=lambda e: (e['tried_on'] or '', (e['user'] or '').lower())),
    }


def tracking(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """RV(per_user_tracking): whether per-user CALs are tracked, and why not."""
    not_tracking = any(e['TSCALAvailability'] == cat.REPORT_AVAILABILITY_NOT_TRACKING
                       for e in state['report']['summary'])
    reason = None
    if state['domain_joined'] is False:
        reason = 'the license server is in a workgroup: per-user CALs are tracked in Active Directory only'
    elif state['in_tsls_group'] is False:
        reason = ("the license server is not a member of the AD group '%s' (IsLSinTSLSGroup answered false)"
                  % cat.TSLS_GROUP)
    elif not_tracking:
        reason = "the report's summary says 'Not Tracking' for per-user CALs"
    tracked = None if state['domain_joined'] is None and state['in_tsls_group'] is None and not not_tracking \
        else reason is None
    return {'tracked': tracked, 'domain_joined': state['domain_joined'], 'in_tsls_group': state['in_tsls_group'],
            'reason': reason}


def report_info(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """RV(report): the report read; its FileName only when it is kept."""
    report = state['report']
    return {'file_name': report['file_name'] if report['kept'] else None,
            'generated_at': report['generation_date_time'], 'version': report['version'], 'kept': report['kept']}


def result(want: dict[str, t.Any], state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The documented return values of a report read (with counts_only, the entries have no names)."""
    entries = summary_entries(state['report'])
    listed = holders(state['report'])
    values = dict(
        report=report_info(state),
        reports=[{'file_name': r['FileName'], 'generated_at': r['GenerationDateTime'], 'version': r['Version']}
                 for r in state['reports']],
        summary=entries, totals=totals(entries), over_allocation=over_allocation(entries),
        counts={part: len(listed[part]) for part in listed},
        counts_only=want['counts_only'], per_user_tracking=tracking(state))
    values.update(listed)  # with counts_only, the hands sent the entries without their names
    return values


# --------------------------------------------------------------------------------------------------------------------
# The action base's hooks
# --------------------------------------------------------------------------------------------------------------------
def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse a host that cannot report (nothing was generated there), and a report that could not be read."""
    host = state['computer_name']
    if not state['is_admin']:
        raise RDLicenseError(not_admin_message(
            MODULE, host, 'no CAL usage report can be generated (%s.GenerateReportEx needs an administrator)'
            % cat.REPORT_CLASS), empty())
    provider = state['provider']
    if not provider['available']:
        raise RDLicenseError(
            '%s: the RD Licensing WMI provider does not answer on %s (%s: %s), so no CAL usage report can be '
            'generated; install the role with remotedesktop.licensing.win_rdlicense_role (and restart the server '
            'when it asks for it) first' % (MODULE, host, cat.describe_wbem(provider['error_code'], missing='no answer'),
                                            provider['error_message'] or 'no message'), empty())
    report = state['report']
    if report['error'] is not None and report['generated']:
        error = report['error']
        if report['deleted']:
            fate = 'the report %s was deleted, nothing is left on the server' % report['file_name']
        else:
            fate = ('deleting the report %s failed too (%s): delete it in RD Licensing Manager'
                    % (report['file_name'], step_failure({'type': 'DeleteReport', 'error': report['delete_error']})))
        raise RDLicenseError('%s: reading the CAL usage report of %s failed: %s; %s'
                             % (MODULE, host, step_failure({'type': error['operation'], 'error': error}), fate),
                             empty())


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env) -> UsagePlan:
    """No step to plan (the keep_report step, when any, was sent before the state was known): the warnings."""
    the_plan = UsagePlan(keep=want['keep_report'])
    host = state['computer_name']
    if state['activation_status'] == cat.ACTIVATION_STATUS_CODES['not_activated']:
        the_plan.warnings.append(
            '%s: %s is not activated: it issues temporary per-device CALs only, and the report counts the CALs of '
            'the key packs it holds' % (MODULE, host))
    reason = tracking(state)['reason']
    if reason is not None:
        the_plan.warnings.append(
            '%s: per-user CALs are not tracked on %s (%s): the per-user figures (issued, over-allocation) are not '
            "reliable. Per-user tracking needs a domain license server in the AD group '%s' (Domain Admins can add it "
            'with %s.AddLStoTSLSGroup), and does not work with Microsoft Entra Domain Services'
            % (MODULE, host, reason, cat.TSLS_GROUP, cat.LICENSE_SERVER_CLASS))
    return the_plan


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: Plan) -> dict[str, t.Any]:
    """Check mode with keep_report: the report read would be kept (its name is not known before it exists)."""
    after = copy.deepcopy(state)
    if getattr(the_plan, 'keep', False):
        after['report'].update(kept=True, deleted=False, file_name=None)
    return after


def before(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The state before the run: without the report this run kept (the diff's before)."""
    earlier = copy.deepcopy(state)
    report = state['report']
    if report['kept']:
        earlier['reports'] = [r for r in state['reports'] if r['FileName'] != report['file_name']]
        earlier['report'].update(kept=False)
    return earlier


def changed(want: dict[str, t.Any], after: dict[str, t.Any]) -> bool:
    """Changed: a report is left on the server (in check mode: would be)."""
    return bool(after['report']['kept'])


def describe(state: dict[str, t.Any], the_plan: t.Optional[Plan] = None) -> dict[str, t.Any]:
    """The diff's view: the reports the server keeps (RD Licensing Manager shows them)."""
    names = [r['FileName'] for r in state['reports']]
    report = state['report']
    if report['kept'] and report['file_name'] is None:
        names.append('(the report this run generates)')
    return {'reports': names}


def shape(want: dict[str, t.Any], the_plan: Plan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    return result(want, after)


def explain(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]]) -> str:
    return '%s: generating the CAL usage report to keep (%s.GenerateReportEx) failed: %s' % (
        MODULE, cat.REPORT_CLASS, step_failure(first_failed(outcomes)))


def unsettled(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]],
              after: dict[str, t.Any]) -> t.Optional[str]:
    """The keep_report step answered, but the report read back is not the kept one."""
    if after['report']['kept'] and after['report']['file_name']:
        return None
    return ('%s: GenerateReportEx answered, but %s returned no kept report: look for it in RD Licensing Manager '
            'before running the task again' % (MODULE, after['computer_name']))
