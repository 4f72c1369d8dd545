# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_device_cals (mirrors win_rdlicense_device_cals.ps1 and
_RDLicensingDeviceCals.psm1).

Internal to the remotedesktop.licensing collection.
"""

from __future__ import annotations

import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands, changed
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import (
    _iso,
    key_packs,
    provider_state,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    HostError,
    LicenseServerModel,
    WbemError,
)

_NAMES = ('sIssuedToUser', 'sIssuedToComputer', 'sHardwareId')


def issued_licenses(model: LicenseServerModel, counts_only: bool) -> list[dict[str, t.Any]]:
    """Get-RDLicensingIssuedLicense: every Win32_TSIssuedLicense, dates as ISO 8601 UTC; without the names when
    counts_only."""
    result = []
    for cal in model.issued_per_device():
        entry = {'LicenseId': int(cal['LicenseId']), 'KeyPackId': int(cal['KeyPackId']),
                 'IssueDate': _iso(cal.get('IssueDate')), 'ExpirationDate': _iso(cal.get('ExpirationDate')),
                 'LicenseStatus': cal.get('LicenseStatus')}
        entry.update({name: None if counts_only else cal.get(name) for name in _NAMES})
        result.append(entry)
    return result


def _probe(model: LicenseServerModel, counts_only: t.Optional[bool] = None) -> dict[str, t.Any]:
    state = model.host_info()
    state.update(provider=provider_state(), key_packs=[], issued_licenses=[], counts_only=bool(counts_only))
    if model.is_admin:
        try:
            state['key_packs'] = key_packs(model)
            state['issued_licenses'] = issued_licenses(model, bool(counts_only))
            state['provider']['available'] = True
        except WbemError as e:
            state['key_packs'], state['issued_licenses'] = [], []
            state['provider'].update(error_code=e.code, error_message=str(e))
    return state


DEVICE_CALS = MODULES['win_rdlicense_device_cals'] = Hands(_probe, probe_options=('counts_only',))


@DEVICE_CALS.step('revoke_cal', 'Revoke')
def _revoke_cal(model: LicenseServerModel, license_id: int, key_pack_id: int):
    """Revoke() of the instance: changed when ReturnValue is 0; skipped (refused) when it is not and
    NextRevokeAllowedOn is a date; else the call fails with ReturnValue as its code."""
    answer = model.revoke_issued_license(license_id, key_pack_id)
    next_allowed = _iso(answer.get('NextRevokeAllowedOn'))
    detail = {'return_value': answer['ReturnValue'], 'revokable_cals': answer.get('RevokableCals'),
              'next_revoke_allowed_on': None, 'refused': False}
    if answer['ReturnValue'] == 0:
        return changed(True, **detail)
    if next_allowed is None:
        raise HostError(answer['ReturnValue'], 'Win32_TSIssuedLicense.Revoke returned %d' % answer['ReturnValue'])
    detail.update(next_revoke_allowed_on=next_allowed, refused=True)
    return 'skipped', detail
