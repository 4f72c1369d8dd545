# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_cals (mirrors win_rdlicense_cals.ps1).

Internal to the remotedesktop.licensing collection.
"""

from __future__ import annotations

import json
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands, changed
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import (
    key_packs,
    provider_state,
    records,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    LicenseServerModel,
    WbemError,
)


def _cals_probe(model: LicenseServerModel) -> dict[str, t.Any]:
    state = model.host_info()
    state['provider'] = provider_state()
    state['activation_status'] = None
    state['key_packs'] = []
    state['records'] = records(model)
    if model.is_admin:
        try:
            state['activation_status'] = model.get_activation_status()
            state['key_packs'] = key_packs(model)
            state['provider']['available'] = True
        except WbemError as e:
            state['activation_status'] = None
            state['provider'].update({'error_code': e.code, 'error_message': str(e)})
    return state


CALS = MODULES['win_rdlicense_cals'] = Hands(_cals_probe)


def _recorded_key_pack_id(model: LicenseServerModel, name: str) -> t.Optional[int]:
    """The KeyPackId a record names, when the record exists and is readable."""
    value = model.registry_read(cat.RECORDS_REGISTRY_KEY).get(name)
    try:
        key_pack_id = json.loads(value)['key_pack_id'] if value else None
    except (ValueError, TypeError, KeyError):
        return None
    return key_pack_id if isinstance(key_pack_id, int) and not isinstance(key_pack_id, bool) else None


def _exists(model: LicenseServerModel, key_pack_id: t.Optional[int]) -> bool:
    return key_pack_id is not None and any(p['KeyPackId'] == key_pack_id for p in model.key_packs())


def _write_record(model: LicenseServerModel, record: dict[str, t.Any], key_pack_id: int) -> None:
    value = {'key_pack_id': key_pack_id, 'program': record['program'], 'product_version': record['product_version'],
             'cal_type': record['cal_type'], 'quantity': record['quantity']}
    model.registry_write(cat.RECORDS_REGISTRY_KEY, record['name'], json.dumps(value, separators=(',', ':')))


def _install(model: LicenseServerModel, record: dict[str, t.Any], install: t.Callable[[], int]):
    """Re-check the record (another run may have installed the pack), install, then record."""
    recorded = _recorded_key_pack_id(model, record['name'])
    if _exists(model, recorded):
        return changed(False, key_pack_id=recorded, concurrent=True)
    key_pack_id = install()
    _write_record(model, record, key_pack_id)
    return changed(True, key_pack_id=key_pack_id)


@CALS.step('init_records', 'New-ItemProperty')
def _init_records(model: LicenseServerModel, salt: str):
    current = model.registry_read(cat.RECORDS_REGISTRY_KEY).get(cat.RECORDS_SALT_VALUE)
    if current and current != salt:
        raise WbemError('WBEM_E_ALREADY_EXISTS', 'the idempotency records under %s were initialised by another run '
                                                 'at the same time; run the task again' % cat.RECORDS_REGISTRY_KEY)
    if current:
        return changed(False)
    model.registry_write(cat.RECORDS_REGISTRY_KEY, cat.RECORDS_SALT_VALUE, salt)
    return changed(True)


@CALS.step('install_agreement_pack', 'InstallAgreementLicenseKeyPack')
def _install_agreement_pack(model: LicenseServerModel, agreement_type: int, agreement_number: str,
                            product_version: int, product_type: int, license_count: int, record: dict[str, t.Any]):
    return _install(model, record, lambda: model.install_agreement_key_pack(
        agreement_type, agreement_number, product_version, product_type, license_count))


@CALS.step('install_retail_pack', 'InstallRetailPurchaseLicenseKeyPack')
def _install_retail_pack(model: LicenseServerModel, license_code: str, record: dict[str, t.Any]):
    return _install(model, record, lambda: model.install_retail_key_pack(license_code))


@CALS.step('install_open_pack', 'InstallOpenLicenseKeyPack')
def _install_open_pack(model: LicenseServerModel, license_number: str, authorization_number: str,
                       product_version: int, product_type: int, license_count: int, record: dict[str, t.Any]):
    return _install(model, record, lambda: model.install_open_license_key_pack(
        license_number, authorization_number, product_version, product_type, license_count))


@CALS.step('install_key_pack_id', 'InstallLicenseKeyPack')
def _install_key_pack_id(model: LicenseServerModel, license_key_pack_id: str, record: dict[str, t.Any]):
    return _install(model, record, lambda: model.install_key_pack_id(license_key_pack_id))


@CALS.step('adopt_pack', 'New-ItemProperty')
def _adopt_pack(model: LicenseServerModel, key_pack_id: int, record: dict[str, t.Any]):
    recorded = _recorded_key_pack_id(model, record['name'])
    if _exists(model, recorded):
        return changed(False, key_pack_id=recorded, concurrent=True)
    if not _exists(model, key_pack_id):
        raise WbemError('WBEM_E_NOT_FOUND', 'key pack %d no longer exists' % key_pack_id)
    _write_record(model, record, key_pack_id)
    return changed(True, key_pack_id=key_pack_id)


@CALS.step('remove_pack', 'UninstallLicenseKeyPackWithId')
def _remove_pack(model: LicenseServerModel, key_pack_id: int, record: str):
    uninstalled = _exists(model, key_pack_id)
    if uninstalled:
        model.uninstall_key_pack_with_id(key_pack_id)
    model.registry_delete(cat.RECORDS_REGISTRY_KEY, record)
    return changed(uninstalled, key_pack_id=key_pack_id, uninstalled=uninstalled)
