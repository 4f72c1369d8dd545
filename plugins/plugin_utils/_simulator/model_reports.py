# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CAL usage reports of the simulated license server: Win32_TSLicenseReport.

Internal to the remotedesktop.licensing collection: used only by the ``remotedesktop.licensing.simulator``
connection plugin. ``LicenseServerModel`` (model.py) inherits ``ReportsMixin``.

What it follows (rdlicensing-reference.md sections 4.2 and 9.2; Microsoft's class and method pages): the static
``GenerateReportEx`` gives the new report's ``FileName``; the report is an instance (``FileName``,
``GenerationDateTime``, ``Version``) that RD Licensing Manager shows until ``DeleteReport``; its four ``Fetch*``
methods take ``StartIndex`` and ``Count`` (0 = every entry from StartIndex) and answer ``LSERVER_I_NO_MORE_DATA``
(0x4001) from the end on. A report is a snapshot: it holds what was issued when it was generated.

Where Windows is silent, the simulator's assumptions (docs/simulator.md):

* the summary has one entry per CAL type and version of the installed key packs (not the built-in pack nor temporary
  packs) and of the CALs issued; TSCALAvailability is "Not Tracking" for per-user CALs of a license server that
  cannot track them (a workgroup, outside the AD group Terminal Server License Servers), "None" when none is left,
  "Limited" when fewer than a tenth are left, else "Available";
* per-user CALs are over-allocated rather than refused (IssuedLicenses can exceed InstalledLicenses), except where
  none of the version is installed at all: those requests, and every per-user request of a license server that
  cannot track them, are the failed per-user entries (TriedIssuanceOn the request's date);
* the FileName is "CAL Usage Report <computer> <n>" (the real format is not documented).

The issued CALs come from ``issued_per_device()`` and ``issued_per_user()`` of the model (model_issued.py).
"""

from __future__ import annotations

import copy
import datetime
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat

# Faults of the reports, merged into model.FAULTS.
REPORT_FAULTS = {
    'report_fetch_fails': 'FetchReportPerDeviceEntries of a CAL usage report fails (WBEM_E_PROVIDER_FAILURE), after '
                          'GenerateReportEx',
    'report_delete_fails': 'DeleteReport of a CAL usage report fails (WBEM_E_FAILED): the report stays on the server',
}
REPORT_VERSION = '2'  # Win32_TSLicenseReport.Version of the reports GenerateReportEx makes (the simulator's choice)
_CAL_TYPE_WORDS = {'per_device': 'TS or RDS Per Device CAL', 'per_user': 'TS or RDS Per User CAL'}
_TSCAL_TYPE_WORDS = {name: words for words, name in cat.REPORT_TSCAL_TYPES.items()}
_PRODUCT_TYPE_NAMES = {code: name for name, code in cat.CAL_TYPES.items()}
LIMITED_SHARE = 0.1


class NoMoreData(Exception):
    """A Fetch* method past the last entry: ReturnValue LSERVER_I_NO_MORE_DATA (not a WBEM error)."""

    code = cat.REPORT_NO_MORE_DATA

    def __init__(self, method: str):
        super().__init__('%s returned %d' % (method, cat.REPORT_NO_MORE_DATA))


def _wbem(name: str, message: str = '') -> Exception:
    # model.py imports this module for its class; the error class is taken from it when first raised.
    from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import WbemError
    return WbemError(name, message)


def _dmtf(moment: datetime.datetime) -> str:
    return moment.strftime('%Y%m%d%H%M%S.000000+000')


def _version_label(version_id: t.Optional[int]) -> t.Optional[str]:
    for info in cat.PRODUCT_VERSIONS.values():
        if info['id'] == version_id:
            return info['label']
    return None


def _availability(installed: int, issued: int) -> str:
    left = installed - issued
    if left <= 0:
        return 'None'
    if left < installed * LIMITED_SHARE:
        return 'Limited'
    return 'Available'


class ReportsMixin:
    """Win32_TSLicenseReport on the model (mixed into LicenseServerModel)."""

    state: dict[str, t.Any]
    faults: frozenset

    if t.TYPE_CHECKING:  # given by LicenseServerModel and its other mixins
        def _require_provider(self) -> None: ...

        def _require_admin(self) -> None: ...

        def in_tsls_group(self) -> bool: ...

        def issued_per_device(self) -> list[dict[str, t.Any]]: ...

        def issued_per_user(self) -> list[dict[str, t.Any]]: ...

    @property
    def _reports(self) -> dict[str, t.Any]:
        return self.state.setdefault('license_reports', {'next': 1, 'items': []})

    def _report(self, file_name: str) -> dict[str, t.Any]:
        for report in self._reports['items']:
            if report['FileName'] == file_name:
                return report
        raise _wbem('WBEM_E_NOT_FOUND', '%s %s does not exist' % (cat.REPORT_CLASS, file_name))

    # -- what the report is made of ----------------------------------------------------------------------------
    def _per_user_requests(self, tracked: bool) -> list[dict[str, t.Any]]:
        """The per-user CALs asked for: those the server tracks (issued_per_user), or, when it cannot track them, the
        requests it recorded all the same (they are the failed entries)."""
        if tracked:
            return self.issued_per_user()
        packs = {p['KeyPackId']: p for p in self.state['key_packs']}
        requests = []
        for record in (self.state.get('issued') or {}).get('per_user') or []:
            pack = packs.get(record['KeyPackId']) or {}
            requests.append({'User': record['User'], 'ProductVersion': pack.get('ProductVersion'),
                             'ProductVersionID': pack.get('ProductVersionID'), 'CALType': pack.get('TypeAndModel'),
                             'IssueDate': record['IssueDate'], 'ExpirationDate': record['ExpirationDate']})
        return requests

    def _usage_snapshot(self) -> dict[str, list[dict[str, t.Any]]]:
        tracked = self.in_tsls_group()
        packs = {p['KeyPackId']: p for p in self.state['key_packs']}
        counted = [p for p in packs.values() if p['ProductType'] in _PRODUCT_TYPE_NAMES
                   and p['KeyPackType'] != cat.KEY_PACK_TYPE_TEMPORARY]
        installed: dict[tuple[str, int], int] = {}
        for pack in counted:
            key = (_PRODUCT_TYPE_NAMES[pack['ProductType']], int(pack['ProductVersionID']))
            installed[key] = installed.get(key, 0) + int(pack['TotalLicenses'])
        counted_ids = {p['KeyPackId'] for p in counted}
        issued: dict[tuple[str, int], int] = {}
        per_device, per_user, failed = [], [], []
        for cal in self.issued_per_device():
            if cal['LicenseStatus'] == cat.LICENSE_STATUS_REVOKED:
                continue
            pack = packs.get(cal['KeyPackId']) or {}
            version_id = pack.get('ProductVersionID')
            if cal['KeyPackId'] in counted_ids:
                issued[('per_device', version_id)] = issued.get(('per_device', version_id), 0) + 1
            per_device.append({'sIssuedToComputer': cal['sIssuedToComputer'], 'sHardwareId': cal['sHardwareId'],
                               'ExpirationDate': cal['ExpirationDate'],
                               'CALType': pack.get('TypeAndModel') or _CAL_TYPE_WORDS['per_device'],
                               'ProductVersion': pack.get('ProductVersion') or _version_label(version_id),
                               'ProductVersionID': version_id})
        for cal in self._per_user_requests(tracked):
            version_id = cal['ProductVersionID']
            entry = {'User': cal['User'], 'CALType': cal['CALType'] or _CAL_TYPE_WORDS['per_user'],
                     'ProductVersion': cal['ProductVersion'] or _version_label(version_id),
                     'ProductVersionID': version_id}
            if not tracked or not installed.get(('per_user', version_id)):
                failed.append(dict(entry, TriedIssuanceOn=cal['IssueDate']))
                continue
            issued[('per_user', version_id)] = issued.get(('per_user', version_id), 0) + 1
            per_user.append(dict(entry, ExpirationDate=cal['ExpirationDate']))
        summary = []
        for kind, version_id in sorted(set(installed) | set(issued), key=lambda k: (k[0], k[1] or 0)):
            count, used = installed.get((kind, version_id), 0), issued.get((kind, version_id), 0)
            availability = ('Not Tracking' if kind == 'per_user' and not tracked else _availability(count, used))
            summary.append({'ProductVersion': _version_label(version_id), 'ProductVersionID': version_id,
                            'TSCALType': _TSCAL_TYPE_WORDS[kind], 'InstalledLicenses': count,
                            'IssuedLicenses': used, 'TSCALAvailability': availability})
        return {'summary': summary, 'per_user': per_user, 'per_device': per_device, 'failed_per_user': failed}

    # -- Win32_TSLicenseReport --------------------------------------------------------------------------------
    def generate_report_ex(self) -> str:
        """GenerateReportEx(): the new report's FileName; the report holds what is issued now."""
        self._require_provider()
        self._require_admin()
        reports = self._reports
        file_name = 'CAL Usage Report %s %d' % (self.state['host']['computer_name'], reports['next'])
        reports['next'] += 1
        reports['items'].append({
            'FileName': file_name, 'Version': REPORT_VERSION,
            'GenerationDateTime': _dmtf(datetime.datetime.now(datetime.timezone.utc)),
            'parts': self._usage_snapshot(),
        })
        return file_name

    def license_reports(self) -> list[dict[str, t.Any]]:
        """Get-CimInstance Win32_TSLicenseReport: the reports RD Licensing Manager shows (none for a non-admin)."""
        self._require_provider()
        if not getattr(self, 'is_admin', True):
            return []
        return [{k: r[k] for k in ('FileName', 'GenerationDateTime', 'Version')} for r in self._reports['items']]

    def license_report(self, file_name: str) -> dict[str, t.Any]:
        """Get-CimInstance of one report (by its FileName key)."""
        self._require_provider()
        report = self._report(file_name)
        return {k: report[k] for k in ('FileName', 'GenerationDateTime', 'Version')}

    def fetch_report_entries(self, file_name: str, part: str, start_index: int, count: int) -> list[dict[str, t.Any]]:
        """FetchReport<part>Entries(StartIndex, Count) of a report: at most Count entries from StartIndex (0 = all);
        NoMoreData (ReturnValue 0x4001) from the end on."""
        method = cat.REPORT_FETCH_METHODS[part][0]
        self._require_provider()
        self._require_admin()
        entries = self._report(file_name)['parts'][part]
        if part == 'per_device' and 'report_fetch_fails' in self.faults:
            raise _wbem('WBEM_E_PROVIDER_FAILURE', '%s failed' % method)
        if start_index >= len(entries):
            raise NoMoreData(method)
        end = len(entries) if count == 0 else start_index + count
        return copy.deepcopy(entries[start_index:end])

    def delete_report(self, file_name: str) -> None:
        """DeleteReport() of a report."""
        self._require_provider()
        self._require_admin()
        report = self._report(file_name)
        if 'report_delete_fails' in self.faults:
            raise _wbem('WBEM_E_FAILED', 'DeleteReport failed')
        self._reports['items'].remove(report)
