# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_usage (mirrors win_rdlicense_usage.ps1 and
_RDLicensingUsage.psm1).

Internal to the remotedesktop.licensing collection. The keep_report handler leaves the name of the report it
generated for the state read after it (as the .psm1 does in its module scope); without it, the state read generates
its own report and deletes it, in a ``finally``.
"""

from __future__ import annotations

import typing as t
import weakref

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands, changed
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import (
    _iso,
    provider_state,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    HostError,
    LicenseServerModel,
    WbemError,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model_reports import NoMoreData

# The report a keep_report step generated in this execution (None: the step ran and GenerateReportEx failed).
_KEPT: 'weakref.WeakKeyDictionary[LicenseServerModel, t.Optional[str]]' = weakref.WeakKeyDictionary()
# The entry properties that name a person or a computer: None with counts_only.
_NAMES = ('User', 'sIssuedToComputer', 'sHardwareId')
# The entry properties that are dates (ISO 8601 UTC as ConvertTo-RDLicensingExpirationDate gives them).
_DATES = ('ExpirationDate', 'TriedIssuanceOn')


def _error(exc: Exception, operation: str) -> dict[str, t.Any]:
    return {'code': getattr(exc, 'code', cat.WBEM_CODES['WBEM_E_FAILED']), 'message': str(exc), 'operation': operation}


def new_report() -> dict[str, t.Any]:
    """New-UsageReport."""
    return {'generated': False, 'file_name': None, 'generation_date_time': None, 'version': None, 'kept': False,
            'deleted': False, 'summary': [], 'per_user': [], 'per_device': [], 'failed_per_user': [],
            'fetch_calls': 0, 'error': None, 'delete_error': None}


def read_part(model: LicenseServerModel, report: dict[str, t.Any], part: str) -> list[dict[str, t.Any]]:
    """Read-UsageReportPart: page after page until NoMoreData or a short page, at most REPORT_MAX_PAGES calls."""
    method = cat.REPORT_FETCH_METHODS[part][0]
    entries: list[dict[str, t.Any]] = []
    for dummy in range(cat.REPORT_MAX_PAGES):
        report['fetch_calls'] += 1
        try:
            items = model.fetch_report_entries(report['file_name'], part, len(entries), cat.REPORT_PAGE_SIZE)
        except NoMoreData:
            return entries
        entries.extend(items)
        if len(items) < cat.REPORT_PAGE_SIZE:
            return entries
    raise WbemError('WBEM_E_FAILED', '%s gave %d entries in %d calls without signalling the end'
                    % (method, len(entries), cat.REPORT_MAX_PAGES))


def _entry(raw: dict[str, t.Any], counts_only: bool) -> dict[str, t.Any]:
    entry = {}
    for key, value in raw.items():
        if key in _DATES:
            value = _iso(value)
        elif key in _NAMES and counts_only:
            value = None
        entry[key] = value
    return entry


def read_report(model: LicenseServerModel, report: dict[str, t.Any], counts_only: bool) -> None:
    """Read-UsageReport: the report's properties and its four parts; report['error'] is the first call that failed."""
    operation = 'Get-CimInstance'
    try:
        instance = model.license_report(report['file_name'])
        report['generation_date_time'] = _iso(instance['GenerationDateTime'])
        report['version'] = instance['Version']
        for part, (method, dummy) in cat.REPORT_FETCH_METHODS.items():
            operation = method
            report[part] = [_entry(raw, counts_only) for raw in read_part(model, report, part)]
    except (WbemError, HostError) as e:
        report['error'] = _error(e, operation)


def _probe(model: LicenseServerModel, counts_only: bool = False) -> dict[str, t.Any]:
    """Get-RDLicensingUsageState."""
    state = model.host_info()
    state.update(provider=provider_state(), activation_status=None, domain_joined=None, in_tsls_group=None,
                 report=new_report(), reports=[])
    report = state['report']
    if not state['is_admin']:
        return state
    try:
        model.license_server_instance()
        state['provider']['available'] = True
    except WbemError as e:
        state['provider'].update(error_code=e.code, error_message=str(e))
        return state
    try:
        state['activation_status'] = model.get_activation_status()
    except WbemError:
        pass
    state['domain_joined'] = model.domain_joined
    if state['domain_joined']:
        try:
            state['in_tsls_group'] = model.is_ls_in_tsls_group('')
        except WbemError:
            pass
    keep = model in _KEPT
    file_name = _KEPT.get(model)
    if not keep:
        try:
            file_name = model.generate_report_ex()
        except WbemError as e:
            report['error'] = _error(e, 'GenerateReportEx')
    if file_name:
        report.update(generated=True, file_name=file_name)
        try:
            read_report(model, report, counts_only)
        finally:
            if keep and report['error'] is None:
                report['kept'] = True
            else:
                try:
                    model.delete_report(file_name)
                    report['deleted'] = True
                except WbemError as e:
                    report['delete_error'] = _error(e, 'DeleteReport')
    state['reports'] = [{'FileName': r['FileName'], 'GenerationDateTime': _iso(r['GenerationDateTime']),
                         'Version': r['Version']} for r in model.license_reports()]
    return state


USAGE = MODULES['win_rdlicense_usage'] = Hands(_probe, probe_options=('counts_only',))


@USAGE.step('keep_report', 'GenerateReportEx')
def _keep_report(model: LicenseServerModel):
    _KEPT[model] = None
    _KEPT[model] = model.generate_report_ex()
    return changed(True, file_name=_KEPT[model])
