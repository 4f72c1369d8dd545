# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a review of the hands against Microsoft's docs found (issue 8, section 5), on the simulated hands, which mirror
the .ps1 files: expiration dates that are not dates, Windows error codes of failed cmdlets and how the brain words
them, a service step for another service, and the FeatureResult's DisplayName."""

from __future__ import annotations

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import step_failure
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands as sim_hands
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

# Key packs whose ExpirationDate a real provider may give as no date: none, an interval (Get-CimInstance gives a
# TimeSpan), a value out of range; then one with a date.
ODD_DATES = [None, '00000090000000.000000:000', '20381399000000.000000+000', 'not a date']


def _model(profile=None, faults=()):
    return sim_model.LicenseServerModel(sim_model.new_state('lic01', profile), faults)


def _apply(model, *steps):
    return sim_hands.run_collection_module('win_rdlicense_role', {'_operation': 'apply', '_steps': list(steps)},
                                           model, False)


@pytest.mark.parametrize('module', ['win_rdlicense_cals', 'win_rdlicense_info'])
def test_a_pack_without_a_date_does_not_fail_the_read_of_the_others(module):
    packs = [{'product_version': '2019', 'quantity': 5, 'expires': value} for value in ODD_DATES]
    packs.append({'product_version': '2022', 'quantity': 7, 'expires': '20261231230000.000000-060'})
    model = _model({'activated': True, 'key_packs': packs})
    res = sim_hands.run_collection_module(module, {'_operation': 'probe'}, model, False)
    assert not res.get('failed'), res
    contract.check_probe(module, res['state'])
    dates = [p['ExpirationDate'] for p in res['state']['key_packs'] if p['ProductType'] != cat.PRODUCT_TYPE_BUILT_IN]
    assert dates == [None, None, None, None, '2027-01-01T00:00:00Z']


def test_a_disabled_service_that_is_started_reports_windows_error_1058_readably():
    model = _model({'role_installed': True})
    model.state['service'].update(start_mode='Disabled', state='Stopped')
    res = _apply(model, {'type': 'start_service', 'name': cat.SERVICE_NAME})
    outcome = res['steps'][0]
    assert outcome['status'] == 'failed' and outcome['error']['code'] == 1058
    assert step_failure(outcome) == (
        "Start-Service failed: Service 'TermServLicensing' cannot be started due to the following error: Cannot "
        "start service TermServLicensing on computer '.'. [ERROR_SERVICE_DISABLED (Windows error 1058: the service "
        "cannot be started because it is disabled (its startup type is Disabled))]")


def test_access_denied_is_windows_error_5_and_says_so():
    host = FakeHost(profile={'role_installed': True}, faults=['group_policy_override'])
    host.state['service']['start_mode'] = 'Manual'
    res = run_action('win_rdlicense_role', {}, host)
    assert res['failed'] is True
    assert res['msg'].endswith('[ERROR_ACCESS_DENIED (Windows error 5: access is denied)]')


def test_an_unknown_code_keeps_its_hex_form():
    outcome = {'type': 'start_service', 'status': 'failed', 'detail': {},
               'error': {'code': 0x80131501, 'message': 'boom', 'operation': 'Start-Service'}}
    assert step_failure(outcome) == 'Start-Service failed: boom [error 0x80131501]'


@pytest.mark.parametrize('step', ['set_service_startup', 'start_service', 'stop_service'])
def test_a_step_for_another_service_fails_and_says_why(step):
    model = _model({'role_installed': True})
    params = {'startup_type': 'Automatic'} if step == 'set_service_startup' else {}
    res = _apply(model, dict({'type': step, 'name': 'Spooler'}, **params))
    outcome = res['steps'][0]
    assert outcome['status'] == 'failed', outcome
    assert outcome['error']['message'] == 'this module manages the service TermServLicensing only, not Spooler'
    assert 'not registered' not in step_failure(outcome)
    assert outcome['error']['code'] == cat.WBEM_CODES['WBEM_E_INVALID_PARAMETER']


def test_the_service_of_a_role_not_yet_registered_is_still_skipped():
    model = _model(faults=['reboot_required'])
    res = _apply(model, {'type': 'install_features', 'names': [cat.ROLE_FEATURE], 'source': None},
                 {'type': 'start_service', 'name': cat.SERVICE_NAME})
    assert [o['status'] for o in res['steps']] == ['changed', 'skipped']
    assert 'not registered yet' in res['steps'][1]['detail']['reason']


def test_feature_outcomes_name_the_features_by_their_display_name():
    model = _model()
    res = _apply(model, {'type': 'install_features', 'names': [cat.ROLE_FEATURE, cat.TOOLS_FEATURE], 'source': None})
    assert res['steps'][0]['detail']['features'] == ['Remote Desktop Licensing', 'Remote Desktop Licensing Tools']
    res = _apply(model, {'type': 'install_features', 'names': [cat.ROLE_FEATURE], 'source': None})
    assert res['steps'][0]['status'] == 'ok' and res['steps'][0]['detail']['features'] == []
