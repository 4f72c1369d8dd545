# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_activate action plugin end to end against an in-process simulated host."""

from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

ACTIVATE = 'win_rdlicense_activate'
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom',
           'city': 'London'}
COMPANY_VALUES = ('Ada', 'Lovelace', 'Contoso Ltd', 'London')


def role_host(**profile):
    return FakeHost(profile=dict({'role_installed': True}, **profile))


def activated_host(**profile):
    return FakeHost(profile=dict({'activated': True, 'contact': dict(COMPANY)}, **profile))


def lsid(host, generation=0):
    return sim_model.clearinghouse_license_server_id(host.state['license_server']['product_id'], generation)


def grouped_lower(value):
    return '-'.join(value[i:i + 5] for i in range(0, len(value), 5)).lower()


def sent_steps(host):
    return [c['args']['_steps'] for c in host.calls if c['args'].get('_operation') == 'apply']


def no_company_values_in(*texts):
    for text in texts:
        for value in COMPANY_VALUES:
            assert value not in text, (value, text)


# --------------------------------------------------------------------------------------------------------------------
# Automatic connection
# --------------------------------------------------------------------------------------------------------------------
def test_automatic_activation_writes_company_information_one_property_per_step():
    host = role_host()
    res = run_action(ACTIVATE, {'company_information': COMPANY}, host, diff=True)
    assert not res.get('failed'), res
    assert res['changed'] is True
    assert host.operations == ['probe', 'apply']
    assert sent_steps(host)[0] == [
        {'type': 'set_contact_property', 'name': 'FirstName', 'value': 'Ada'},
        {'type': 'set_contact_property', 'name': 'LastName', 'value': 'Lovelace'},
        {'type': 'set_contact_property', 'name': 'Company', 'value': 'Contoso Ltd'},
        {'type': 'set_contact_property', 'name': 'CountryRegion', 'value': 'United Kingdom'},
        {'type': 'set_contact_property', 'name': 'City', 'value': 'London'},
        {'type': 'activate_automatic'},
    ]
    assert res['activation_status'] == 'activated'
    assert res['license_server_id'] == lsid(host)
    assert res['product_id'] == host.state['license_server']['product_id']
    assert res['company_information']['company'] == 'Contoso Ltd'
    assert res['company_information']['email'] == ''
    assert res['activation_pending'] is False and res['instructions'] is None and res['activation_site'] is None
    assert res['diff']['before']['activation_status'] == 'not_activated'
    assert res['diff']['after'] == {'activation_status': 'activated', 'license_server_id': lsid(host),
                                    'company_information': res['company_information']}
    assert host.state['license_server']['activation_status'] == 0


def test_rerun_is_one_probe_and_no_change():
    host = role_host()
    run_action(ACTIVATE, {'company_information': COMPANY}, host)
    host.calls.clear()
    res = run_action(ACTIVATE, {'company_information': COMPANY}, host, diff=True)
    assert res['changed'] is False
    assert host.operations == ['probe']
    assert res['diff']['before'] == res['diff']['after']
    assert res['license_server_id'] == lsid(host)


def test_check_mode_predicts_and_changes_nothing():
    host = role_host()
    before = copy.deepcopy(host.state)
    res = run_action(ACTIVATE, {'company_information': COMPANY}, host, check_mode=True, diff=True)
    assert res['changed'] is True
    assert host.operations == ['probe']
    assert host.state == before
    assert res['activation_status'] == 'activated'
    assert res['license_server_id'] is None  # issued by the Clearinghouse: unknown in advance
    assert res['diff']['before']['company_information']['first_name'] == ''
    assert res['diff']['after']['company_information']['first_name'] == 'Ada'


def test_company_drift_is_reported_and_corrected():
    host = activated_host()
    host.state['license_server']['properties']['City'] = 'Paris'
    res = run_action(ACTIVATE, {'company_information': COMPANY}, host, diff=True)
    assert res['changed'] is True
    assert sent_steps(host) == [[{'type': 'set_contact_property', 'name': 'City', 'value': 'London'}]]
    assert res['diff']['before']['company_information']['city'] == 'Paris'
    assert res['diff']['after']['company_information']['city'] == 'London'
    assert res['activation_status'] == 'activated'
    assert host.state['license_server']['properties']['City'] == 'London'


def test_automatic_activation_without_company_information_fails_before_any_change():
    host = role_host()
    before = copy.deepcopy(host.state)
    res = run_action(ACTIVATE, {}, host)
    assert res['failed'] is True
    assert res['msg'] == ('win_rdlicense_activate: automatic activation needs the company information first_name, '
                          'last_name, company, country_region, and LIC01 has no value for first_name, last_name, '
                          'company, country_region: set them in company_information')
    assert host.operations == ['probe']
    assert host.state == before
    assert res['activation_status'] == 'not_activated'


def test_automatic_deactivation_and_its_rerun():
    host = activated_host()
    res = run_action(ACTIVATE, {'state': 'deactivated'}, host)
    assert res['changed'] is True
    assert sent_steps(host) == [[{'type': 'deactivate_automatic'}]]
    assert res['activation_status'] == 'not_activated' and res['license_server_id'] is None
    host.calls.clear()
    assert run_action(ACTIVATE, {'state': 'deactivated'}, host)['changed'] is False
    assert host.operations == ['probe']


# --------------------------------------------------------------------------------------------------------------------
# Web browser and telephone
# --------------------------------------------------------------------------------------------------------------------
def test_web_phase_one_is_a_clean_stop_that_changes_nothing():
    host = role_host()
    before = copy.deepcopy(host.state)
    res = run_action(ACTIVATE, {'method': 'web', 'company_information': COMPANY}, host, diff=True)
    assert not res.get('failed'), res
    assert res['changed'] is False
    assert host.operations == ['probe']
    assert host.state == before  # not even the company information
    product_id = host.state['license_server']['product_id']
    assert res['activation_pending'] is True
    assert res['product_id'] == product_id
    assert res['activation_site'] == 'https://activate.microsoft.com'
    assert 'submit the product ID %s' % product_id in res['instructions']
    assert 'run this task again with license_server_id set to that ID' in res['instructions']
    assert res['warnings'] == ['win_rdlicense_activate: ' + res['instructions']]
    assert res['activation_status'] == 'not_activated'
    no_company_values_in(res['instructions'], *res['warnings'])


def test_web_phase_two_activates_with_a_hyphenated_lower_case_id():
    host = role_host()
    res = run_action(ACTIVATE, {'method': 'web', 'license_server_id': grouped_lower(lsid(host)),
                                'company_information': COMPANY}, host)
    assert res['changed'] is True
    assert sent_steps(host)[0][-1] == {'type': 'activate_with_server_id', 'license_server_id': lsid(host)}
    assert res['activation_status'] == 'activated'
    assert res['license_server_id'] == lsid(host)
    assert res['activation_pending'] is False and res['instructions'] is None
    assert res['activation_site'] == 'https://activate.microsoft.com'
    host.calls.clear()
    again = run_action(ACTIVATE, {'method': 'web', 'license_server_id': lsid(host), 'company_information': COMPANY},
                       host)
    assert again['changed'] is False and host.operations == ['probe']
    assert 'warnings' not in again


def test_telephone_activation_with_an_id_for_another_server_is_refused():
    host = role_host()
    other = sim_model.clearinghouse_license_server_id('00000-00000-00000-AT000')
    res = run_action(ACTIVATE, {'method': 'telephone', 'license_server_id': other}, host)
    assert res['failed'] is True
    assert res['msg'] == (
        'win_rdlicense_activate: the activation with license_server_id failed: the license server refused the license '
        "server ID [WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not valid)]. It does not belong to this "
        "server's product ID (mistyped, or issued for another server or an earlier request): ask the Clearinghouse "
        'again with the product_id this task returns')
    assert res['activation_status'] == 'not_activated'
    assert res['product_id'] == host.state['license_server']['product_id']


def test_telephone_deactivation_two_phases_and_the_code_never_comes_back():
    host = activated_host()
    current = lsid(host)
    phase1 = run_action(ACTIVATE, {'state': 'deactivated', 'method': 'telephone'}, host)
    assert phase1['changed'] is False and phase1['activation_pending'] is True
    assert phase1['license_server_id'] == current
    assert 'is activated with the license server ID %s' % current in phase1['instructions']
    assert 'confirmation_code' in phase1['instructions']

    code = sim_model.clearinghouse_confirmation_code(current)
    given = grouped_lower(code)
    host.calls.clear()
    res = run_action(ACTIVATE, {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': given}, host,
                     diff=True)
    assert res['changed'] is True
    assert sent_steps(host) == [[{'type': 'deactivate_with_code', 'confirmation_code': code}]]
    assert res['activation_status'] == 'not_activated'
    dumped = json.dumps(res)
    for form in (code, given, code.lower(), grouped_lower(code).upper()):
        assert form not in dumped


def test_wrong_confirmation_code_fails_without_echoing_it():
    host = activated_host()
    wrong = 'ABCDE12345ABCDE12345'
    res = run_action(ACTIVATE, {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': wrong}, host)
    assert res['failed'] is True
    assert res['msg'] == ('win_rdlicense_activate: the deactivation with confirmation_code failed: the license server '
                          'refused the confirmation code [WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not '
                          "valid)]. It is not the code for this server's license server ID (mistyped, or given for "
                          'another server): ask the Clearinghouse operator again')
    assert wrong not in json.dumps(res)
    assert res['activation_status'] == 'activated'


# --------------------------------------------------------------------------------------------------------------------
# Reactivation
# --------------------------------------------------------------------------------------------------------------------
def test_automatic_reactivation_runs_once_for_the_current_id():
    host = activated_host()
    old = lsid(host)
    args = {'state': 'reactivated', 'reason': 'private_key_compromised', 'current_license_server_id': old}
    res = run_action(ACTIVATE, args, host)
    assert res['changed'] is True
    assert sent_steps(host) == [[{'type': 'reactivate_automatic', 'reason': 2}]]
    assert res['license_server_id'] == lsid(host, 1) != old
    host.calls.clear()
    rerun = run_action(ACTIVATE, args, host)
    assert rerun['changed'] is False and host.operations == ['probe']
    assert rerun['license_server_id'] == lsid(host, 1)


def test_forced_reactivation_runs_every_time():
    host = activated_host()
    args = {'state': 'reactivated', 'reason': 'redeployed', 'force': True}
    assert run_action(ACTIVATE, args, host)['license_server_id'] == lsid(host, 1)
    assert run_action(ACTIVATE, args, host)['license_server_id'] == lsid(host, 2)


def test_telephone_reactivation_with_the_new_id_is_idempotent():
    host = activated_host()
    phase1 = run_action(ACTIVATE, {'state': 'reactivated', 'method': 'telephone', 'reason': 'server_upgraded'}, host)
    assert phase1['activation_pending'] is True and phase1['changed'] is False
    assert '(server upgraded)' in phase1['instructions']
    args = {'state': 'reactivated', 'method': 'telephone', 'license_server_id': grouped_lower(lsid(host, 1))}
    res = run_action(ACTIVATE, args, host)
    assert res['changed'] is True and res['license_server_id'] == lsid(host, 1)
    host.calls.clear()
    assert run_action(ACTIVATE, args, host)['changed'] is False
    assert host.operations == ['probe']


def test_reactivating_a_server_that_is_not_activated_fails_before_any_change():
    host = role_host(contact=COMPANY)
    res = run_action(ACTIVATE, {'state': 'reactivated', 'reason': 'redeployed', 'force': True}, host)
    assert res['failed'] is True
    assert res['msg'] == ('win_rdlicense_activate: LIC01 is not activated, so it cannot be reactivated; use '
                          'state=activated')
    assert host.operations == ['probe']


# --------------------------------------------------------------------------------------------------------------------
# Host failures: clear message, state intact, no personal data in messages
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('profile, faults, args, message', [
    ({}, [], {'company_information': COMPANY},
     'win_rdlicense_activate: the RD Licensing role is not installed on LIC01: the WMI class Win32_TSLicenseServer '
     'does not exist [WBEM_E_INVALID_CLASS (0x80041010: the class does not exist)]; install the role first with '
     'remotedesktop.licensing.win_rdlicense_role (and restart the host when it reports reboot_required)'),
    ({'role_installed': True}, ['provider_not_ready'], {'company_information': COMPANY},
     'win_rdlicense_activate: the RD Licensing WMI provider on LIC01 is not ready: reading Win32_TSLicenseServer '
     'failed [WBEM_E_INITIALIZATION_FAILURE (0x80041014: the provider failed to initialize)]. The provider answers '
     'once the role installation is complete and the TermServLicensing service is running: restart the host if a '
     'restart is pending, start the service (remotedesktop.licensing.win_rdlicense_role does both checks) and run the '
     'task again'),
    ({'role_installed': True}, ['not_admin'], {'company_information': COMPANY},
     'win_rdlicense_activate: the connecting account is not a member of the local Administrators group on LIC01, so '
     'Win32_TSLicenseServer answers with empty properties and refuses its methods (so does an account whose token is '
     'not elevated), and the activation can neither be read nor changed; connect as an administrator or use become '
     'with become_method=runas'),
    ({'role_installed': True}, ['activation_status_unknown'], {'company_information': COMPANY},
     'win_rdlicense_activate: GetActivationStatus on LIC01 answered 2 (unknown error, state unknown): the license '
     'server cannot tell whether it is activated, and nothing is changed while it cannot. Look at the '
     'Microsoft-Windows-TerminalServices-Licensing event log, restart the TermServLicensing service and run the task '
     'again'),
])
def test_preflight_failures_change_nothing(profile, faults, args, message):
    host = FakeHost(profile=profile, faults=faults)
    before = copy.deepcopy(host.state)
    res = run_action(ACTIVATE, args, host)
    assert res['failed'] is True
    assert res['msg'] == message
    assert res['changed'] is False
    assert host.operations == ['probe']
    assert host.state == before
    no_company_values_in(res['msg'])
    if 'activation_status_unknown' in faults:
        assert res['activation_status'] == 'unknown'


def test_clearinghouse_unreachable_keeps_the_server_not_activated():
    host = role_host(contact=COMPANY)
    host.faults = ['clearinghouse_unreachable']
    res = run_action(ACTIVATE, {'company_information': COMPANY}, host)
    assert res['failed'] is True
    assert res['msg'] == (
        'win_rdlicense_activate: the activation by automatic connection failed: the license server could not reach '
        'the Microsoft Clearinghouse [WBEM_E_NOT_AVAILABLE (0x80041009: a resource, typically a remote server, is not '
        'available)]. The automatic connection needs outbound HTTPS (TCP 443) from the license server to the '
        'Clearinghouse: open it in the firewall or proxy, or use method=web or method=telephone, which need no '
        'connection from the server')
    assert res['activation_status'] == 'not_activated'
    assert host.state['license_server']['activation_status'] == 1


def test_clearinghouse_rejection_does_not_repeat_the_company_information():
    host = role_host(contact=COMPANY)
    host.faults = ['clearinghouse_rejects']
    res = run_action(ACTIVATE, {'company_information': COMPANY}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_activate: the activation by automatic connection failed: the '
                                 'Microsoft Clearinghouse rejected the request, or the call failed [WBEM_E_FAILED')
    no_company_values_in(res['msg'])
    assert res['activation_status'] == 'not_activated'


def test_country_rejected_by_the_server_is_explained():
    host = role_host()
    res = run_action(ACTIVATE, {'company_information': dict(COMPANY, country_region='Atlantis')}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_activate: the license server refused '
                                 'company_information.country_region (Win32_TSLicenseServer.CountryRegion) '
                                 '[WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not valid)]: it accepts only a '
                                 'country/region display name')
    assert 'Atlantis' not in res['msg']
    # the properties before it were written, the activation did not run
    assert [s['type'] for s in sent_steps(host)[0]][-1] == 'activate_automatic'
    assert res['company_information']['last_name'] == 'Lovelace'
    assert res['company_information']['country_region'] == ''
    assert res['activation_status'] == 'not_activated'


def test_group_policy_override_of_a_property():
    host = activated_host()
    host.faults = ['group_policy_override']
    res = run_action(ACTIVATE, {'company_information': dict(COMPANY, city='Paris')}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_activate: the license server refused company_information.city '
                                 '(Win32_TSLicenseServer.City) [WBEM_E_INVALID_OPERATION')
    assert 'Paris' not in res['msg']


def test_connection_lost_during_apply_is_a_clear_failure():
    host = role_host(contact=COMPANY)
    host.faults = ['connection_drop']
    res = run_action(ACTIVATE, {'company_information': COMPANY}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_activate: the connection to the host was lost while applying '
                                 'activate_automatic')
    assert host.state['license_server']['activation_status'] == 1


# --------------------------------------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('args, message', [
    ({'method': 'web', 'license_server_id': 'ABC'}, 'license_server_id must be 35 letters and digits'),
    ({'company_information': dict(COMPANY, country_region='US')}, 'not an ISO code'),
    ({'company_information': {'first_name': 'Ada'}}, 'missing required arguments: company, country_region, last_name'),
    ({'state': 'reactivated', 'reason': 'redeployed'}, 'reactivation is not idempotent'),
    ({'state': 'deactivated', 'method': 'web'}, 'does not deactivate license servers through its web site'),
    ({'reason': 'bored'}, 'value of reason must be one of'),
    ({'unknown_option': 1}, 'unknown_option'),
])
def test_bad_arguments_fail_before_any_remote_call(args, message):
    host = role_host()
    res = run_action(ACTIVATE, args, host)
    assert res['failed'] is True
    assert message in res['msg']
    assert host.calls == []


def test_a_malformed_confirmation_code_is_refused_and_masked():
    host = activated_host()
    res = run_action(ACTIVATE, {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': 'AB*CD-99'}, host)
    assert res['failed'] is True
    assert host.calls == []
    assert 'AB*CD-99' not in json.dumps(res)
