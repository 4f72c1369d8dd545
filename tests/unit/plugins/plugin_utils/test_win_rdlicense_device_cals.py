# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The planner of win_rdlicense_device_cals and its simulated hands: validation, selection, the budget estimate, the
host's refusal with NextRevokeAllowedOn, counts_only."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml

from ansible_collections.remotedesktop.licensing.plugins.modules import win_rdlicense_device_cals as docs
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _device_cals as dc
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, RDLicenseError
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands, model
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model_issued as mi

ENV = Env(now=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc), random_bytes=bytes)
M = 'win_rdlicense_device_cals'
PACKS = [{'product_version': '2022', 'cal_type': 'per_device', 'quantity': 10, 'type': 'volume'},
         {'product_version': '2019', 'cal_type': 'per_device', 'quantity': 5, 'type': 'retail'},
         {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 10, 'type': 'volume'},
         {'product_version': '2022', 'cal_type': 'per_device', 'quantity': 3, 'type': 'temporary'}]
CALS = [{'computer': 'WS01', 'user': 'CORP\\ann', 'issued': '2026-01-10'},
        {'computer': 'WS02', 'issued': '2026-01-11'},
        {'computer': 'WS03', 'issued': '2026-01-12'},
        {'computer': 'WS04', 'issued': '2026-05-01'},
        {'computer': 'OLD01', 'product_version': '2019', 'issued': '2025-06-01'},
        {'computer': 'KIOSK1', 'status': 'temporary', 'issued': '2026-01-05'},
        {'computer': 'GONE01', 'status': 'revoked', 'issued': '2025-01-05'},
        {'user': 'CORP\\bob'}]
PROFILE = {'activated': True, 'domain': 'corp.example', 'tsls_group': True, 'key_packs': PACKS, 'issued_cals': CALS}


def server(profile=None, faults=()):
    return model.LicenseServerModel(model.new_state('lic01', dict(PROFILE, **(profile or {}))), faults)


def probe(mod, counts_only=False):
    result = hands.run_collection_module(M, {'_operation': 'probe', 'counts_only': counts_only}, mod, check_mode=True)
    assert not result.get('failed'), result
    contract.check_probe(M, result['state'])
    return result['state']


def apply(mod, steps):
    result = hands.run_collection_module(M, {'_operation': 'apply', '_steps': steps, 'counts_only': False}, mod,
                                         check_mode=False)
    contract.check_apply_result(M, {'steps': result['steps'], 'state': result['state']})
    return result


def want(**args):
    return dc.validate(args, ENV)


def refused(args, message):
    with pytest.raises(RDLicenseError) as e:
        dc.validate(args, ENV)
    assert str(e.value) == message


# -- validation --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('args, message', [
    ({'cal_type': 'per_user'}, 'win_rdlicense_device_cals: cal_type is per_user, and per-user CALs cannot be revoked: '
     'Windows revokes per-device CALs only (Win32_TSIssuedLicense.Revoke); per-user CALs are not enforced and are '
     'reassigned by the license server after their validity'),
    ({'computers': ['WS01', 'CORP\\bob']}, "win_rdlicense_device_cals: computers[1] is CORP\\bob, a user's name: "
     'per-user CALs cannot be revoked (Windows revokes per-device CALs only); computers names the computers that '
     'hold per-device CALs'),
    ({'computers': ['bob@corp.example']}, "win_rdlicense_device_cals: computers[0] is bob@corp.example, a user's "
     'name: per-user CALs cannot be revoked (Windows revokes per-device CALs only); computers names the computers '
     'that hold per-device CALs'),
    ({'computers': []}, 'win_rdlicense_device_cals: computers is an empty list: name at least one computer, or leave '
     'computers out to list the CALs only'),
    ({'computers': ['']}, 'win_rdlicense_device_cals: computers[0] is empty: give the name of a computer that holds '
     'a per-device CAL'),
    ({'computers': ['W\u0405-01']}, "win_rdlicense_device_cals: computers[0] must be a computer name in ASCII, and it "
     "contains '\u0405' (U+0405), which is not an ASCII letter or digit"),
    ({'computers': ['A-VERY-LONG-NAME-16']}, 'win_rdlicense_device_cals: computers[0] must be a computer name: a '
     'NetBIOS name of 1 to 15 letters, digits and hyphens, or a DNS host name'),
    ({'computers': ['ws 01']}, 'win_rdlicense_device_cals: computers[0] must be a computer name: a NetBIOS name of 1 '
     'to 15 letters, digits and hyphens, or a DNS host name'),
    ({'computers': ['-ws.corp.example']}, 'win_rdlicense_device_cals: computers[0] must be a computer name: a '
     'NetBIOS name of 1 to 15 letters, digits and hyphens, or a DNS host name (labels of letters, digits and hyphens '
     'separated by dots)'),
    ({'computers': ['WS01'], 'counts_only': True}, 'win_rdlicense_device_cals: computers and counts_only exclude each '
     'other: with counts_only no computer name leaves the license server, so none can be compared; select by '
     'issued_before instead'),
    ({'issued_before': '31/01/2026'}, "win_rdlicense_device_cals: issued_before must be a date written YYYY-MM-DD "
     "(for example 2026-01-31), got '31/01/2026'"),
    ({'issued_before': '2026-1-31'}, "win_rdlicense_device_cals: issued_before must be a date written YYYY-MM-DD "
     "(for example 2026-01-31), got '2026-1-31'"),
    ({'issued_before': '2026-02-30'}, 'win_rdlicense_device_cals: issued_before is not a date of the calendar: '
     '2026-02-30'),
    ({'issued_before': '２０２６-01-31'}, "win_rdlicense_device_cals: issued_before must be a date written YYYY-MM-DD "
     "(for example 2026-01-31), got '２０２６-01-31'"),
    ({'issued_before': '2026-06-03'}, "win_rdlicense_device_cals: issued_before is 2026-06-03, a date after tomorrow "
     "(the controller's clock says 2026-06-01): that would select every CAL; give a date in the past"),
])
def test_bad_arguments_are_refused_before_anything_is_sent(args, message):
    refused(args, message)


def test_good_arguments():
    w = want(computers=[' ws01 ', 'old01.corp.example'], issued_before='2026-06-02', product_version='2022')
    assert w['computers'] == ['ws01', 'old01.corp.example']
    assert w['issued_before'] == datetime.datetime(2026, 6, 2, tzinfo=datetime.timezone.utc)
    assert dc.host_arguments(w) == {'counts_only': False}
    assert not dc.selecting(want()) and dc.selecting(w)
    assert want(computers=['WS01'], counts_only=False)['computers'] == ['WS01']


# -- the probe and the listing ----------------------------------------------------------------------------------
def test_the_listing_shows_every_per_device_cal_by_name():
    state = probe(server())
    views = dc.cals(state, want()['versions'])
    by_computer = {c['computer']: c for c in views}
    assert sorted(by_computer) == ['GONE01', 'KIOSK1', 'OLD01', 'WS01', 'WS02', 'WS03', 'WS04']
    ws01 = by_computer['WS01']
    assert ws01['user'] == 'CORP\\ann' and ws01['status'] == 'active' and ws01['product_version'] == '2022'
    assert ws01['issued'] == '2026-01-10T00:00:00Z' and ws01['expires'].endswith('Z')
    assert by_computer['WS02']['user'] is None
    assert dc.counts(views) == {'2022': {'active': 4, 'temporary': 1, 'revoked': 1}, '2019': {'active': 1}}
    the_plan = dc.plan(want(), state, ENV)
    assert the_plan.steps == [] and the_plan.warnings == []


def test_counts_only_leaves_the_names_on_the_host():
    mod = server()
    state = probe(mod, counts_only=True)
    assert state['counts_only'] is True
    assert {c[k] for c in state['issued_licenses'] for k in ('sIssuedToUser', 'sIssuedToComputer', 'sHardwareId')} \
        == {None}
    text = json.dumps(state)
    for cal in mod.issued_per_device():
        assert cal['sIssuedToComputer'] not in text and cal['sHardwareId'] not in text
    assert 'ann' not in text
    views = dc.cals(state, want()['versions'])
    assert dc.label(views[0]) == 'LicenseId 1 of KeyPackId 2'


# -- selection and plan -----------------------------------------------------------------------------------------
def steps_for(state, **args):
    return [(s['license_id'], s['key_pack_id']) for s in dc.plan(want(**args), state, ENV).steps]


def ids(state, *computers):
    found = {c['sIssuedToComputer']: (c['LicenseId'], c['KeyPackId']) for c in state['issued_licenses']}
    return [found[name] for name in computers]


def test_selection_by_computer_date_version():
    state = probe(server())
    assert steps_for(state, computers=['ws01', 'WS02.corp.example']) == ids(state, 'WS01', 'WS02')
    assert steps_for(state, computers=['GONE01', 'KIOSK1']) == []  # revoked already, temporary
    assert steps_for(state, issued_before='2025-12-31') == ids(state, 'OLD01')
    assert steps_for(state, issued_before='2026-01-12') == ids(state, 'WS01', 'WS02', 'OLD01')
    assert steps_for(state, computers=['WS01', 'WS04'], issued_before='2026-02-01') == ids(state, 'WS01')
    assert steps_for(state, issued_before='2026-01-12', product_version='2019') == ids(state, 'OLD01')
    assert steps_for(state, issued_before='2025-12-31', product_version='2022') == []
    the_plan = dc.plan(want(computers=['WS01', 'NOPE']), state, ENV)
    assert the_plan.warnings == ['win_rdlicense_device_cals: NOPE holds no per-device CAL on LIC01: nothing to '
                                 'revoke for it']
    for step in the_plan.steps:
        contract.check_step(M, step)


def test_a_selection_beyond_the_estimate_fails_before_any_change():
    state = probe(server())
    with pytest.raises(RDLicenseError) as e:
        dc.plan(want(issued_before='2026-02-01'), state, ENV)
    assert str(e.value) == (
        'win_rdlicense_device_cals: the selection holds 3 per-device CALs of Windows Server 2022 to revoke (WS01, '
        'WS02, WS03), and Windows revokes at most 2 at a time (20 % of the 10 installed per-device CALs of that '
        'version); nothing was revoked. Narrow the selection (computers, issued_before, product_version) or revoke '
        'them over several runs: the license server tells when revoking is allowed again (NextRevokeAllowedOn) once '
        'it refuses a revocation')
    assert e.value.details['budget']['2022'] == {'installed': 10, 'limit': 2, 'selected': 3,
                                                 'estimated_remaining': 0, 'revokable_cals': None,
                                                 'next_revoke_allowed_on': None}
    assert len(e.value.details['cals']) == 7


def test_predict_and_describe():
    state = probe(server())
    w = want(computers=['WS01'])
    the_plan = dc.plan(w, state, ENV)
    after = dc.predict(w, state, the_plan)
    assert dc.describe(state, the_plan)['cals']['2/1 WS01'] == 'active'
    assert dc.describe(after, the_plan)['cals']['2/1 WS01'] == 'revoked'
    pack = [p for p in after['key_packs'] if p['KeyPackId'] == 2][0]
    assert pack['IssuedLicenses'] == 3 and pack['AvailableLicenses'] == 7
    got = dc.shape(w, the_plan, state, after, [])
    assert [c['computer'] for c in got['revoked']] == ['WS01'] and got['revoked'][0]['status'] == 'revoked'
    assert got['budget']['2022']['selected'] == 1 and got['budget']['2022']['estimated_remaining'] == 1


# -- apply: the hands and the host's answers --------------------------------------------------------------------
def test_revoke_then_rerun_is_idempotent():
    mod = server()
    state = probe(mod)
    w = want(computers=['WS01', 'WS02'])
    the_plan = dc.plan(w, state, ENV)
    result = apply(mod, the_plan.steps)
    outcomes = result['steps']
    assert [o['status'] for o in outcomes] == ['changed', 'changed']
    assert [o['detail']['revokable_cals'] for o in outcomes] == [1, 0]
    assert dc.unsettled(w, the_plan, outcomes, result['state']) is None
    got = dc.shape(w, the_plan, state, result['state'], outcomes)
    assert got['budget']['2022']['revokable_cals'] == 0 and got['next_revoke_allowed_on'] is None
    assert dc.plan(w, result['state'], ENV).steps == []


def test_the_host_refuses_for_its_limit_and_names_the_date():
    revoked_on = (mi.now() - datetime.timedelta(days=5)).strftime('%Y-%m-%d')
    mod = server({'issued_cals': CALS + [{'computer': 'WS09', 'status': 'revoked', 'revoked_on': revoked_on}]})
    state = probe(mod)
    w = want(computers=['WS01', 'WS02'])
    the_plan = dc.plan(w, state, ENV)  # within the estimate: 2 of 2
    result = apply(mod, the_plan.steps)
    outcomes = result['steps']
    assert [o['status'] for o in outcomes] == ['changed', 'skipped']
    date = outcomes[1]['detail']['next_revoke_allowed_on']
    expected = (datetime.datetime.strptime(revoked_on, '%Y-%m-%d') + datetime.timedelta(days=60)).strftime('%Y-%m-%d')
    assert date == expected + 'T00:00:00Z'
    message = dc.unsettled(w, the_plan, outcomes, result['state'])
    assert message == (
        "win_rdlicense_device_cals: LIC01 refused to revoke 1 per-device CAL(s) of Windows Server 2022 (WS02): "
        "revoking is allowed again on %s (NextRevokeAllowedOn); its revocation limit is reached (20 %% of a "
        "version's installed per-device CALs at a time, revocations of earlier runs included). Revoked in this run: "
        "WS01; refused: WS02. Run the task again after that date to revoke the rest" % date)
    got = dc.shape(w, the_plan, state, result['state'], outcomes)
    assert got['next_revoke_allowed_on'] == date and [c['computer'] for c in got['refused']] == ['WS02']
    assert [c['computer'] for c in got['revoked']] == ['WS01']


def test_another_answer_of_revoke_fails_the_step_and_says_what_changed():
    mod = server()
    state = probe(mod)
    w = want(computers=['WS01', 'WS02'])
    the_plan = dc.plan(w, state, ENV)
    mod.state['issued']['per_device'][1]['LicenseStatus'] = cat.LICENSE_STATUS_REVOKED  # revoked in between
    outcomes = apply(mod, the_plan.steps)['steps']
    assert [o['status'] for o in outcomes] == ['changed', 'failed']
    assert dc.explain(w, the_plan, outcomes) == (
        'win_rdlicense_device_cals: revoking the per-device CAL of WS02 (Windows Server 2022) on LIC01 failed: Revoke '
        'failed: the license is revoked already [WBEM_E_INVALID_OPERATION (0x80041016: the operation is not valid '
        '(for example a property overridden by Group Policy))]. Revoked in this run: WS01; not revoked: WS02')


@pytest.mark.parametrize('faults, profile, message', [
    (['not_admin'], {}, 'win_rdlicense_device_cals: the connecting account is not a member of the local '
     'Administrators group on LIC01, so the issued CALs (Win32_TSIssuedLicense) can neither be read nor revoked; '
     'connect as an administrator or use become with become_method=runas'),
    (['provider_not_ready'], {}, 'win_rdlicense_device_cals: the RD Licensing WMI provider does not answer on LIC01 '
     '(WBEM_E_INITIALIZATION_FAILURE (0x80041014: the provider failed to initialize): the provider failed to '
     'initialize); nothing was read or revoked. Check the '
     'TermServLicensing service and run the task again'),
    ([], {'activated': False, 'key_packs': [], 'issued_cals': []}, 'win_rdlicense_device_cals: LIC01 is not a '
     'license server: Win32_TSIssuedLicense does not exist (WBEM_E_INVALID_CLASS (0x80041010: the class does not '
     'exist)), the RD Licensing role is not installed; install it with remotedesktop.licensing.win_rdlicense_role '
     'first'),
])
def test_hosts_that_cannot_answer(faults, profile, message):
    state = probe(server(profile, faults))
    with pytest.raises(RDLicenseError) as e:
        dc.preflight(want(), state)
    assert str(e.value) == message


def test_return_defaults_are_the_documented_keys():
    assert sorted(dc.RETURN_DEFAULTS) == sorted(yaml.safe_load(docs.RETURN))
    state = probe(server())
    the_plan = dc.plan(want(), state, ENV)
    assert sorted(dc.shape(want(), the_plan, state, state, [])) == sorted(dc.RETURN_DEFAULTS)
