# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning of win_rdlicense_activate: plain data in, plain data out (no host, no simulator)."""

from __future__ import annotations

import copy
import datetime

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _activate as act
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, Plan, RDLicenseError

LSID = 'ABCDE12345FGHIJ67890KLMNO12345PQRST'
LSID_2 = 'ZYXWV98765UTSRQ43210PONML98765KJIHG'
PRODUCT_ID = '12345-67890-13579-AT024'
ENV = Env(now=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc), random_bytes=bytes)
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso', 'country_region': 'United Kingdom'}
ARG_DEFAULTS = {'state': 'activated', 'method': 'automatic', 'company_information': None, 'license_server_id': None,
                'confirmation_code': None, 'reason': None, 'current_license_server_id': None, 'force': False}


def args(**kw):
    """Arguments as validate_argument_spec hands them over (every option present)."""
    out = dict(ARG_DEFAULTS, **kw)
    if out['company_information'] is not None:
        out['company_information'] = dict({k: None for k in cat.CONTACT_PROPERTIES}, **out['company_information'])
    return out


def want(**kw):
    return act.validate(args(**kw), ENV)


def probe(status=1, lsid=None, properties=None, is_admin=True, available=True, error_code=None, product_id=PRODUCT_ID,
          status_error=None):
    props = {name: '' for name in cat.CONTACT_PROPERTIES.values()}
    props.update(properties or {})
    state = {
        'computer_name': 'LIC01',
        'os': {'caption': 'Microsoft Windows Server 2022 Datacenter', 'product_type': 3, 'version': '10.0.20348',
               'build': 20348, 'installation_type': 'Server'},
        'is_admin': is_admin,
        'provider': {'available': available, 'error_code': error_code,
                     'error_message': None if available else 'provider error'},
        'activation': {'status': status if status_error is None else None, 'error_code': status_error,
                       'error_message': 'method failed' if status_error else None},
        'license_server_id': lsid if status == 0 else None,
        'product_id': product_id,
        'properties': props,
        'server_role': 0,
    }
    if not available:
        state['activation']['status'] = None
        state['properties'] = {name: None for name in cat.CONTACT_PROPERTIES.values()}
        state['product_id'] = None
        state['server_role'] = None
    contract.check_probe(act.MODULE, state)
    return state


FILLED = {'FirstName': 'Ada', 'LastName': 'Lovelace', 'Company': 'Contoso', 'CountryRegion': 'United Kingdom'}


def steps_for(w, state):
    act.preflight(w, state)
    plan = act.plan(w, state, ENV)
    for step in plan.steps:
        contract.check_step(act.MODULE, step)
    return plan.steps


# --------------------------------------------------------------------------------------------------------------------
# Format rules
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('given', [
    LSID, LSID.lower(), '-'.join(LSID[i:i + 5] for i in range(0, 35, 5)),
    ' '.join(LSID[i:i + 5].lower() for i in range(0, 35, 5)), ' %s ' % LSID,
])
def test_license_server_id_separators_and_case_are_normalised(given):
    assert act.normalise_license_server_id(given) == LSID


@pytest.mark.parametrize('given, message', [
    (LSID[:34], 'license_server_id must be 35 letters and digits (hyphens or spaces between the groups are allowed), '
                'and it has 34'),
    (LSID + 'A', 'and it has 36'),
    (LSID[:34] + '_', 'and it contains other characters'),
    (LSID[:34] + 'É', "and it contains 'É' (U+00C9), which is not an ASCII letter or digit"),
    # look-alikes that upper() would turn into letters: checked as ASCII first
    (LSID[:34] + 'ı', "and it contains 'ı' (U+0131), which is not an ASCII letter or digit"),
    (LSID[:34] + 'ſ', "and it contains 'ſ' (U+017F), which is not an ASCII letter or digit"),
    (LSID[:33] + 'ß', "and it contains 'ß' (U+00DF), which is not an ASCII letter or digit"),
])
def test_malformed_license_server_id_is_refused(given, message):
    with pytest.raises(RDLicenseError) as e:
        act.normalise_license_server_id(given)
    assert message in str(e.value)
    assert str(e.value).startswith('win_rdlicense_activate: license_server_id must be')


@pytest.mark.parametrize('given', ['', '   '])
def test_empty_license_server_id_is_refused_as_empty(given):
    with pytest.raises(RDLicenseError) as e:
        act.normalise_license_server_id(given, 'current_license_server_id')
    assert str(e.value) == ('win_rdlicense_activate: current_license_server_id is empty: give the license server ID '
                            'the Clearinghouse gave (35 letters and digits), or leave the option out instead (for a '
                            'variable or an AWX survey answer that may be empty: | default(omit, true))')


def test_current_license_server_id_is_checked_under_its_own_name():
    with pytest.raises(RDLicenseError, match='current_license_server_id must be 35 letters and digits'):
        want(state='reactivated', reason='redeployed', current_license_server_id='12345')
    assert want(state='reactivated', reason='redeployed',
                current_license_server_id=LSID.lower())['current_license_server_id'] == LSID


def test_confirmation_code_is_normalised_and_never_echoed():
    assert act.normalise_confirmation_code('ab12c-d34ef') == 'AB12CD34EF'
    assert act.normalise_confirmation_code('ab-12') == 'AB12'
    # 'ı', 'ſ' and 'ß' would pass after upper() ('I', 'S', 'SS'): ASCII is checked first
    for bad in ('---', 'AB12*CD', 'a', 'ab-c', 'ABCDı', 'ABCDſ', 'ABCDß', 'ＡＢＣＤＥ'):
        with pytest.raises(RDLicenseError) as e:
            act.normalise_confirmation_code(bad)
        assert str(e.value) == ('win_rdlicense_activate: confirmation_code must be the letters and digits the '
                                'Clearinghouse gave, at least 4 of them (hyphens or spaces between the groups are '
                                'allowed)')
    for empty in ('', ' '):
        with pytest.raises(RDLicenseError) as e:
            act.normalise_confirmation_code(empty)
        assert str(e.value) == ('win_rdlicense_activate: confirmation_code is empty: give the confirmation code the '
                                'Clearinghouse operator read out, or leave the option out instead (for a variable or '
                                'an AWX survey answer that may be empty: | default(omit, true))')


def test_company_information_only_given_options_are_managed_and_trimmed():
    company = act.validate_company(dict({k: None for k in cat.CONTACT_PROPERTIES}, **COMPANY,
                                        city='  London ', email=''))
    assert company == dict(COMPANY, city='London', email='')
    assert act.validate_company(None) == {}


@pytest.mark.parametrize('option', ['first_name', 'last_name', 'company', 'country_region'])
def test_required_company_fields_must_not_be_blank(option):
    with pytest.raises(RDLicenseError) as e:
        act.validate_company(dict(COMPANY, **{option: '   '}))
    assert str(e.value) == 'win_rdlicense_activate: company_information.%s must not be empty' % option


@pytest.mark.parametrize('iso', ['US', 'GB', 'DEU', 'USA'])
def test_iso_country_codes_are_refused_without_echoing_them(iso):
    with pytest.raises(RDLicenseError) as e:
        act.validate_company(dict(COMPANY, country_region=iso))
    assert str(e.value) == (
        "win_rdlicense_activate: company_information.country_region must be the country/region's display name in the "
        "license server's UI language, as RD Licensing Manager lists it (for example 'United States' or 'Germany' on "
        'an English server), not an ISO code')
    assert "'%s'" % iso not in str(e.value)


@pytest.mark.parametrize('name', ['United States', 'Peru', 'Chad', 'Deutschland', '中国'])
def test_display_names_pass_validation(name):
    assert act.validate_company(dict(COMPANY, country_region=name))['country_region'] == name


def test_email_must_look_like_an_address():
    with pytest.raises(RDLicenseError, match='company_information.email must be an e-mail address$'):
        act.validate_company(dict(COMPANY, email='ada at contoso'))
    assert act.validate_company(dict(COMPANY, email='ada@contoso.example'))['email'] == 'ada@contoso.example'


# --------------------------------------------------------------------------------------------------------------------
# Combinations
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('kw, message', [
    ({'license_server_id': LSID}, 'license_server_id is the answer of the Clearinghouse to the web or telephone '
                                  'method: use it with method=web or method=telephone'),
    ({'confirmation_code': 'AB12'}, 'confirmation_code cannot be used with state=activated'),
    ({'reason': 'redeployed', 'force': True}, 'reason, force cannot be used with state=activated'),
    ({'current_license_server_id': LSID}, 'current_license_server_id cannot be used with state=activated'),
    ({'state': 'deactivated', 'method': 'web'}, 'the Clearinghouse does not deactivate license servers through its '
                                                'web site: use method=automatic or method=telephone with '
                                                'state=deactivated'),
    ({'state': 'deactivated', 'confirmation_code': 'AB12'}, 'confirmation_code is given by the Clearinghouse '
                                                            'telephone operator: use it with method=telephone'),
    ({'state': 'deactivated', 'method': 'telephone', 'license_server_id': LSID},
     'license_server_id cannot be used with state=deactivated'),
    ({'state': 'deactivated', 'reason': 'redeployed'}, 'reason cannot be used with state=deactivated'),
    ({'state': 'reactivated', 'confirmation_code': 'AB12', 'reason': 'redeployed', 'force': True},
     'confirmation_code cannot be used with state=reactivated'),
    ({'state': 'reactivated', 'force': True}, 'state=reactivated with method=automatic needs reason (one of '
                                              'redeployed, certificate_corrupt, private_key_compromised, '
                                              'activation_key_expired, server_upgraded)'),
    ({'state': 'reactivated', 'reason': 'redeployed'},
     'reactivation is not idempotent (each one issues a new license server ID), so it needs a condition: set '
     'current_license_server_id to the license server ID being replaced (the reactivation then runs once, while the '
     'server still holds it), or force=true to reactivate on every run'),
    ({'state': 'reactivated', 'reason': 'redeployed', 'force': True, 'current_license_server_id': LSID},
     'current_license_server_id and force=true cannot be used together'),
    ({'state': 'reactivated', 'reason': 'redeployed', 'force': True, 'license_server_id': LSID},
     'license_server_id is the answer of the Clearinghouse'),
    ({'state': 'reactivated', 'method': 'telephone', 'force': True},
     'force cannot be used with method=telephone (the reactivation runs while the server does not hold the new '
     'license_server_id)'),
    ({'state': 'reactivated', 'method': 'web', 'current_license_server_id': LSID},
     'current_license_server_id cannot be used with method=web'),
])
def test_impossible_combinations_are_refused(kw, message):
    with pytest.raises(RDLicenseError) as e:
        want(**kw)
    assert message in str(e.value)
    assert str(e.value).startswith('win_rdlicense_activate: ')


def test_valid_combinations_pass():
    assert want(method='web')['license_server_id'] is None
    assert want(method='telephone', license_server_id=LSID.lower())['license_server_id'] == LSID
    assert want(state='deactivated', method='telephone', confirmation_code='ab-12')['confirmation_code'] == 'AB12'
    assert want(state='reactivated', reason='server_upgraded', force=True)['force'] is True
    assert want(state='reactivated', method='web', reason='redeployed')['reason'] == 'redeployed'


# --------------------------------------------------------------------------------------------------------------------
# Preflight
# --------------------------------------------------------------------------------------------------------------------
def _preflight_message(w, state):
    with pytest.raises(RDLicenseError) as e:
        act.preflight(w, state)
    return str(e.value), e.value.details


def test_not_admin_is_refused_first():
    msg, details = _preflight_message(want(), probe(is_admin=False, available=False, error_code=0x80041010))
    assert msg == ('win_rdlicense_activate: the connecting account is not a member of the local Administrators group '
                   'on LIC01, so Win32_TSLicenseServer answers with empty properties and refuses its methods (so does '
                   'an account whose token is not elevated), and the activation can neither be read nor changed; '
                   'connect as an administrator or use become with become_method=runas')
    assert details['company_information'] == {}
    assert details['activation_pending'] is False


def test_role_not_installed():
    msg, details = _preflight_message(want(), probe(available=False, error_code=0x80041010))
    assert msg == ('win_rdlicense_activate: the RD Licensing role is not installed on LIC01: the WMI class '
                   'Win32_TSLicenseServer does not exist [WBEM_E_INVALID_CLASS (0x80041010: the class does not '
                   'exist)]; install the role first with remotedesktop.licensing.win_rdlicense_role (and restart the '
                   'host when it reports reboot_required)')
    assert details['activation_status'] is None and details['product_id'] is None


def test_provider_not_ready():
    msg, dummy = _preflight_message(want(), probe(available=False, error_code=0x80041014))
    assert msg == ('win_rdlicense_activate: the RD Licensing WMI provider on LIC01 is not ready: reading '
                   'Win32_TSLicenseServer failed [WBEM_E_INITIALIZATION_FAILURE (0x80041014: the provider failed to '
                   'initialize)]. The provider answers once the role installation is complete and the '
                   'TermServLicensing service is running: restart the host if a restart is pending, start the service '
                   '(remotedesktop.licensing.win_rdlicense_role does both checks) and run the task again')


def test_empty_properties_and_product_id_are_never_activated_over():
    msg, dummy = _preflight_message(want(company_information=COMPANY), probe(product_id=''))
    assert msg == ('win_rdlicense_activate: Win32_TSLicenseServer on LIC01 answered with empty properties and no '
                   'product ID, which is what the provider does for an account without administrative rights; '
                   'nothing is activated over empty data. Connect as a member of the local Administrators group with '
                   'an elevated token')


def test_status_unknown_is_an_error_not_not_activated():
    msg, details = _preflight_message(want(company_information=COMPANY), probe(status=2))
    assert msg == ('win_rdlicense_activate: GetActivationStatus on LIC01 answered 2 (unknown error, state unknown): '
                   'the license server cannot tell whether it is activated, and nothing is changed while it cannot. '
                   'Look at the Microsoft-Windows-TerminalServices-Licensing event log, restart the TermServLicensing '
                   'service and run the task again')
    assert details['activation_status'] == 'unknown'
    assert details['product_id'] == PRODUCT_ID
    assert details['activation_pending'] is False


def test_get_activation_status_failure():
    msg, dummy = _preflight_message(want(), probe(status_error=0x80041003))
    assert msg == ('win_rdlicense_activate: GetActivationStatus failed on LIC01 [WBEM_E_ACCESS_DENIED (0x80041003: '
                   'access denied (the caller is not a local administrator))]: method failed')


def test_reactivating_a_server_that_is_not_activated():
    msg, dummy = _preflight_message(want(state='reactivated', reason='redeployed', force=True), probe(status=1))
    assert msg == ('win_rdlicense_activate: LIC01 is not activated, so it cannot be reactivated; use '
                   'state=activated')


def test_automatic_activation_needs_the_four_fields_and_names_only_options():
    msg, dummy = _preflight_message(want(), probe(properties={'FirstName': 'Ada', 'Company': 'Contoso'}))
    assert msg == ('win_rdlicense_activate: automatic activation needs the company information first_name, '
                   'last_name, company, country_region, and LIC01 has no value for last_name, country_region: set '
                   'them in company_information')
    assert 'Ada' not in msg and 'Contoso' not in msg


@pytest.mark.parametrize('w, state', [
    (dict(state='reactivated', reason='redeployed', force=True), probe(status=1)),
    ({}, probe(properties={'FirstName': 'Ada', 'Company': 'Contoso'})),
])
def test_preflight_request_refuses_what_the_server_as_read_cannot_take_and_preflight_read_does_not(w, state):
    wanted = want(**w)
    act.preflight_read(wanted, state)  # the activation can be read
    with pytest.raises(RDLicenseError) as request:
        act.preflight_request(wanted, state)
    with pytest.raises(RDLicenseError) as both:
        act.preflight(wanted, state)
    assert str(both.value) == str(request.value)
    assert both.value.details == request.value.details == act.report(wanted, state)


@pytest.mark.parametrize('state, words', [
    (probe(is_admin=False, properties=FILLED), 'not a member of the local Administrators group'),
    (probe(available=False, error_code=cat.WBEM_CODES['WBEM_E_INVALID_CLASS']), 'the RD Licensing role is not installed'),
    (probe(available=False, error_code=cat.WBEM_CODES['WBEM_E_NOT_AVAILABLE']), 'WMI provider on LIC01 is not ready'),
    (probe(product_id=None), 'answered with empty properties and no product ID'),
    (probe(status_error=cat.WBEM_CODES['WBEM_E_FAILED'], properties=FILLED), 'GetActivationStatus failed on LIC01'),
    (probe(status=2, properties=FILLED), 'GetActivationStatus on LIC01 answered 2'),
])
def test_preflight_read_refuses_what_cannot_be_read_and_preflight_request_leaves_it_to_it(state, words):
    wanted = want(company_information=COMPANY)
    with pytest.raises(RDLicenseError) as read:
        act.preflight_read(wanted, state)
    assert words in str(read.value)
    with pytest.raises(RDLicenseError) as both:
        act.preflight(wanted, state)
    assert str(both.value) == str(read.value)
    if state['activation']['status'] in (0, 1):  # a readable status: the request itself is fine
        act.preflight_request(wanted, state)


def test_automatic_activation_uses_fields_already_on_the_server():
    assert steps_for(want(), probe(properties=FILLED)) == [{'type': 'activate_automatic'}]


@pytest.mark.parametrize('kw, what', [
    ({'state': 'deactivated'}, 'automatic deactivation needs the company information first_name, last_name'),
    ({'state': 'reactivated', 'reason': 'redeployed', 'force': True},
     'automatic reactivation needs the company information first_name, last_name'),
])
def test_automatic_deactivation_and_reactivation_need_the_names(kw, what):
    msg, dummy = _preflight_message(want(**kw), probe(status=0, lsid=LSID, properties={'Company': 'Contoso'}))
    assert what in msg
    assert msg.endswith('LIC01 has no value for first_name, last_name: set them in company_information')


def test_requirements_are_not_checked_when_nothing_would_run():
    assert steps_for(want(), probe(status=0, lsid=LSID)) == []
    assert steps_for(want(state='deactivated'), probe(status=1)) == []


# --------------------------------------------------------------------------------------------------------------------
# Transitions
# --------------------------------------------------------------------------------------------------------------------
def test_company_drift_one_step_per_property_in_catalogue_order_then_activation():
    state = probe(properties={'FirstName': 'Ada', 'LastName': 'Byron', 'City': 'Paris', 'eMail': 'old@x.example'})
    w = want(company_information=dict(COMPANY, city='London', email='ada@contoso.example', org_unit=''))
    assert steps_for(w, state) == [
        {'type': 'set_contact_property', 'name': 'LastName', 'value': 'Lovelace'},
        {'type': 'set_contact_property', 'name': 'Company', 'value': 'Contoso'},
        {'type': 'set_contact_property', 'name': 'CountryRegion', 'value': 'United Kingdom'},
        {'type': 'set_contact_property', 'name': 'eMail', 'value': 'ada@contoso.example'},
        {'type': 'set_contact_property', 'name': 'City', 'value': 'London'},
        {'type': 'activate_automatic'},
    ]


def test_unmanaged_optional_properties_are_left_alone_and_empty_string_clears():
    state = probe(status=0, lsid=LSID, properties=dict(FILLED, City='Paris', State='Essex'))
    assert steps_for(want(company_information=COMPANY), state) == []
    assert steps_for(want(company_information=dict(COMPANY, state='')), state) == [
        {'type': 'set_contact_property', 'name': 'State', 'value': ''}]


def test_activated_server_stays_as_it_is_whatever_the_method():
    state = probe(status=0, lsid=LSID, properties=FILLED)
    for w in (want(), want(method='web'), want(method='telephone'), want(method='web', license_server_id=LSID)):
        plan = act.plan(w, state, ENV)
        assert plan.steps == [] and plan.warnings == []
        assert act.instructions(w, state) is None


def test_activated_with_another_id_warns_and_does_nothing():
    plan = act.plan(want(method='web', license_server_id=LSID_2), probe(status=0, lsid=LSID), ENV)
    assert plan.steps == []
    assert plan.warnings == ['win_rdlicense_activate: LIC01 is already activated with another license server ID (%s); '
                             'license_server_id is not used. To replace the ID, use state=reactivated' % LSID]


@pytest.mark.parametrize('method', ['web', 'telephone'])
def test_phase_two_activates_with_the_id_after_the_company_information(method):
    w = want(method=method, license_server_id=LSID.lower(), company_information=COMPANY)
    assert steps_for(w, probe()) == [
        {'type': 'set_contact_property', 'name': n, 'value': v} for n, v in FILLED.items()
    ] + [{'type': 'activate_with_server_id', 'license_server_id': LSID}]


def test_web_phase_one_changes_nothing_not_even_company_information():
    w = want(method='web', company_information=COMPANY)
    state = probe()
    plan = act.plan(w, state, ENV)
    assert plan.steps == []
    text = act.instructions(w, state)
    assert text == (
        'LIC01 is not activated. To activate it by web browser: on any computer with Internet access open '
        'https://activate.microsoft.com, choose to activate a license server and submit the product ID '
        '12345-67890-13579-AT024 together with the company information. The site answers with a license server ID '
        'of 35 characters (7 groups of 5). Then run this task again with license_server_id set to that ID (for '
        'example from an AWX survey variable); hyphens and lower case are accepted. Nothing was changed on LIC01.')
    assert plan.warnings == ['win_rdlicense_activate: ' + text]
    result = act.shape(w, Plan(), state, state, [])
    assert result['activation_pending'] is True
    assert result['instructions'] == text
    assert result['activation_site'] == 'https://activate.microsoft.com'
    assert result['product_id'] == PRODUCT_ID
    assert result['activation_status'] == 'not_activated'
    for value in COMPANY.values():
        assert value not in text


def test_telephone_phase_one():
    w = want(method='telephone', company_information=COMPANY)
    text = act.instructions(w, probe())
    assert text.startswith('LIC01 is not activated. To activate it by telephone: call the Microsoft Clearinghouse at '
                           'the telephone number for your country/region')
    assert 'give the operator the product ID 12345-67890-13579-AT024 and the company information' in text
    assert 'run this task again with license_server_id set to that ID' in text
    result = act.shape(w, Plan(), probe(), probe(), [])
    assert result['activation_pending'] is True and result['activation_site'] is None


def test_deactivation_transitions():
    activated = probe(status=0, lsid=LSID, properties=FILLED)
    assert steps_for(want(state='deactivated'), activated) == [{'type': 'deactivate_automatic'}]
    assert steps_for(want(state='deactivated', method='telephone', confirmation_code='c0de-42'), activated) == [
        {'type': 'deactivate_with_code', 'confirmation_code': 'C0DE42'}]
    assert steps_for(want(state='deactivated', method='telephone', confirmation_code='C0DE42'), probe()) == []
    w = want(state='deactivated', method='telephone')
    assert steps_for(w, activated) == []
    text = act.instructions(w, activated)
    assert text.startswith('LIC01 is activated with the license server ID %s. To deactivate it by telephone: call '
                           % LSID)
    assert 'run this task again with confirmation_code set to it (a secret: in AWX use a survey question of type ' \
           'password). Nothing was changed on LIC01.' in text


def test_automatic_reactivation_runs_once_while_the_server_holds_the_current_id():
    w = want(state='reactivated', reason='private_key_compromised', current_license_server_id=LSID)
    assert steps_for(w, probe(status=0, lsid=LSID, properties=FILLED)) == [
        {'type': 'reactivate_automatic', 'reason': 2}]
    # after the reactivation the server holds another ID: a rerun does nothing
    assert steps_for(w, probe(status=0, lsid=LSID_2, properties=FILLED)) == []


def test_forced_reactivation_runs_every_time_with_the_catalogue_number():
    for reason, number in cat.REACTIVATION_REASONS.items():
        w = want(state='reactivated', reason=reason, force=True)
        assert steps_for(w, probe(status=0, lsid=LSID, properties=FILLED)) == [
            {'type': 'reactivate_automatic', 'reason': number}]


def test_offline_reactivation_is_idempotent_by_the_new_id():
    w = want(state='reactivated', method='telephone', license_server_id=LSID_2.lower())
    assert steps_for(w, probe(status=0, lsid=LSID)) == [
        {'type': 'reactivate_with_server_id', 'license_server_id': LSID_2}]
    assert steps_for(w, probe(status=0, lsid=LSID_2)) == []


@pytest.mark.parametrize('method, reason, start', [
    ('web', 'server_upgraded', 'on any computer with Internet access open https://activate.microsoft.com, choose to '
                               'reactivate a license server and submit the product ID'),
    ('telephone', None, 'call the Microsoft Clearinghouse'),
])
def test_offline_reactivation_phase_one(method, reason, start):
    w = want(state='reactivated', method=method, reason=reason)
    state = probe(status=0, lsid=LSID)
    assert steps_for(w, state) == []
    text = act.instructions(w, state)
    assert ('To reactivate it by %s: %s' % ({'web': 'web browser', 'telephone': 'telephone'}[method], start)) in text
    assert '(%s)' % (reason.replace('_', ' ') if reason else 'the reason that applies') in text
    assert text.endswith('hyphens and lower case are accepted. Nothing was changed on LIC01.')


# --------------------------------------------------------------------------------------------------------------------
# Prediction, diff, return values
# --------------------------------------------------------------------------------------------------------------------
def test_predict_follows_each_step_and_leaves_the_input_alone():
    state = probe(properties={'FirstName': 'Ada'})
    before = copy.deepcopy(state)
    after = act.predict(want(), state, Plan(steps=[{'type': 'set_contact_property', 'name': 'City', 'value': 'London'},
                                                   {'type': 'activate_with_server_id', 'license_server_id': LSID}]))
    assert state == before
    assert after['properties']['City'] == 'London'
    assert after['activation']['status'] == 0 and after['license_server_id'] == LSID
    auto = act.predict(want(), state, Plan(steps=[{'type': 'activate_automatic'}]))
    assert auto['activation']['status'] == 0 and auto['license_server_id'] is None
    active = probe(status=0, lsid=LSID)
    for stype, params in (('deactivate_automatic', {}), ('deactivate_with_code', {'confirmation_code': 'X1'})):
        gone = act.predict(want(), active, Plan(steps=[dict({'type': stype}, **params)]))
        assert gone['activation']['status'] == 1 and gone['license_server_id'] is None
    assert act.predict(want(), active, Plan(steps=[{'type': 'reactivate_automatic', 'reason': 0}]))['license_server_id'] is None
    assert act.predict(want(), active, Plan(steps=[{'type': 'reactivate_with_server_id',
                                                    'license_server_id': LSID_2}]))['license_server_id'] == LSID_2


def test_describe_and_shape_use_option_names():
    state = probe(status=0, lsid=LSID, properties=dict(FILLED, eMail='ada@contoso.example'))
    assert act.describe(state, None) == {
        'activation_status': 'activated', 'license_server_id': LSID,
        'company_information': {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso',
                                'country_region': 'United Kingdom', 'email': 'ada@contoso.example', 'org_unit': '',
                                'address': '', 'city': '', 'state': '', 'postal_code': ''}}
    result = act.shape(want(), Plan(), state, state, [])
    assert result == {'activation_status': 'activated', 'license_server_id': LSID, 'product_id': PRODUCT_ID,
                      'company_information': act.describe(state, None)['company_information'],
                      'activation_pending': False, 'instructions': None, 'activation_site': None}


# --------------------------------------------------------------------------------------------------------------------
# Failed steps
# --------------------------------------------------------------------------------------------------------------------
def failed(stype, name, message='', operation='X'):
    return {'type': stype, 'status': 'failed', 'detail': {},
            'error': {'code': cat.WBEM_CODES[name], 'message': message, 'operation': operation}}


def test_country_rejected_by_the_provider_is_explained_without_the_value():
    msg = act.explain(want(), Plan(), [failed('set_contact_property', 'WBEM_E_INVALID_PARAMETER',
                                              'Win32_TSLicenseServer.CountryRegion: Atlantis is not valid')])
    assert msg == (
        'win_rdlicense_activate: the license server refused company_information.country_region '
        '(Win32_TSLicenseServer.CountryRegion) [WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not valid)]: it '
        'accepts only a country/region display name from the country list of its UI language, as RD Licensing Manager '
        "lists it: for example 'United States' or 'Germany' on an English server, the name in the server's language "
        "on other servers; ISO codes such as 'US' are not accepted")
    assert 'Atlantis' not in msg


def test_other_property_failures_name_the_option_only():
    msg = act.explain(want(), Plan(), [failed('set_contact_property', 'WBEM_E_INVALID_OPERATION',
                                              'Win32_TSLicenseServer.City: Paris is managed by policy')])
    assert msg == ('win_rdlicense_activate: the license server refused company_information.city '
                   '(Win32_TSLicenseServer.City) [WBEM_E_INVALID_OPERATION (0x80041016: the operation is not valid '
                   '(for example a property overridden by Group Policy))]: the property is probably set by Group '
                   'Policy; change it there, or remove the policy')
    assert 'Paris' not in msg
    unknown = act.explain(want(), Plan(), [failed('set_contact_property', 'WBEM_E_FAILED', 'Ada broke it')])
    assert unknown == ('win_rdlicense_activate: the license server refused a company information property '
                       '[WBEM_E_FAILED (0x80041001: the call failed)]')


@pytest.mark.parametrize('stype, others', [
    ('activate_automatic', 'method=web or method=telephone'),
    ('reactivate_automatic', 'method=web or method=telephone'),
    ('deactivate_automatic', 'method=telephone'),
])
def test_clearinghouse_unreachable_says_443_and_the_other_methods(stype, others):
    msg = act.explain(want(), Plan(), [failed(stype, 'WBEM_E_NOT_AVAILABLE', 'cannot connect')])
    assert 'the license server could not reach the Microsoft Clearinghouse [WBEM_E_NOT_AVAILABLE' in msg
    assert 'needs outbound HTTPS (TCP 443) from the license server to the Clearinghouse' in msg
    assert msg.endswith('or use %s, which need no connection from the server' % others)


def test_clearinghouse_rejection():
    rejected = 'The Microsoft Clearinghouse rejected the request'
    msg = act.explain(want(), Plan(), [failed('activate_automatic', 'WBEM_E_FAILED', rejected)])
    assert msg == ('win_rdlicense_activate: the activation by automatic connection failed: the Microsoft Clearinghouse '
                   'rejected the request, or the call failed [WBEM_E_FAILED (0x80041001: the call failed): The '
                   'Microsoft Clearinghouse rejected the request]. Check that company_information is complete and '
                   'correct (its values are not repeated here), then run the task again')


def test_refused_ids_and_codes():
    msg = act.explain(want(), Plan(), [failed('activate_with_server_id', 'WBEM_E_INVALID_PARAMETER')])
    assert msg.startswith('win_rdlicense_activate: the activation with license_server_id failed: the license server '
                          "refused the license server ID [WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not "
                          "valid)]. It does not belong to this server's product ID")
    msg = act.explain(want(), Plan(), [failed('deactivate_with_code', 'WBEM_E_INVALID_PARAMETER')])
    assert msg == ('win_rdlicense_activate: the deactivation with confirmation_code failed: the license server refused '
                   'the confirmation code [WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not valid)]. It is not '
                   "the code for this server's license server ID (mistyped, or given for another server): ask the "
                   'Clearinghouse operator again')


def test_other_failures_carry_operation_message_and_code():
    msg = act.explain(want(), Plan(), [failed('reactivate_with_server_id', 'WBEM_E_INVALID_OPERATION', 'not activated',
                                              'ReactivateServer')])
    assert msg == ('win_rdlicense_activate: the reactivation with license_server_id failed: ReactivateServer failed: '
                   'not activated [WBEM_E_INVALID_OPERATION (0x80041016: the operation is not valid (for example a '
                   'property overridden by Group Policy))]')
