# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_device_cals action plugin end to end against an in-process simulated license server: the remote
executions of each run, what is sent, check mode, idempotency, the failures and their messages, the names kept on
the host with counts_only."""

from __future__ import annotations

import copy
import datetime
import json

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _device_cals
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model_issued as mi
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

M = 'win_rdlicense_device_cals'
PROFILE = {'activated': True, 'domain': 'corp.example',
           'key_packs': [{'product_version': '2022', 'cal_type': 'per_device', 'quantity': 10, 'type': 'volume'}],
           'issued_cals': [{'computer': 'WS01', 'user': 'CORP\\ann', 'issued': '2026-01-10'},
                           {'computer': 'WS02', 'issued': '2026-01-11'},
                           {'computer': 'WS03', 'issued': '2026-03-01'}]}


def licensed(faults=(), extra=()):
    profile = copy.deepcopy(PROFILE)
    profile['issued_cals'] += list(extra)
    return FakeHost(profile=profile, faults=faults)


def statuses(host):
    return {c['sIssuedToComputer']: c['LicenseStatus'] for c in host.model.issued_per_device()}


def test_a_listing_is_one_probe_and_changes_nothing():
    host = licensed()
    res = run_action(M, {}, host, diff=True)
    assert not res.get('failed'), res
    assert res['changed'] is False and host.operations == ['probe']
    assert host.calls[0]['args'] == {'_operation': 'probe', 'counts_only': False}
    assert [c['computer'] for c in res['cals']] == ['WS01', 'WS02', 'WS03']
    assert res['revoked'] == [] and res['counts'] == {'2022': {'active': 3}}
    assert res['budget'] == {'2022': {'installed': 10, 'limit': 2, 'selected': 0, 'estimated_remaining': 2,
                                      'revokable_cals': None, 'next_revoke_allowed_on': None}}
    assert res['diff']['before'] == res['diff']['after']
    assert sorted(k for k in res if k in _device_cals.RETURN_DEFAULTS) == sorted(_device_cals.RETURN_DEFAULTS)


def test_check_mode_predicts_then_apply_then_rerun_is_one_execution():
    host = licensed()
    checked = run_action(M, {'computers': ['ws01', 'WS02']}, host, check_mode=True, diff=True)
    assert checked['changed'] is True and host.operations == ['probe']
    assert [c['computer'] for c in checked['revoked']] == ['WS01', 'WS02']
    assert checked['diff']['after']['cals']['2/1 WS01'] == 'revoked'
    assert set(statuses(host).values()) == {2}  # nothing revoked
    applied = run_action(M, {'computers': ['ws01', 'WS02']}, host)
    assert applied['changed'] is True and host.operations == ['probe', 'probe', 'apply']
    assert host.calls[2]['args']['_steps'] == [{'type': 'revoke_cal', 'license_id': 1, 'key_pack_id': 2},
                                               {'type': 'revoke_cal', 'license_id': 2, 'key_pack_id': 2}]
    assert statuses(host) == {'WS01': 4, 'WS02': 4, 'WS03': 2}
    assert applied['budget']['2022']['revokable_cals'] == 0
    assert {k: v for k, v in checked.items() if k not in ('diff', 'budget')} == \
        {k: v for k, v in applied.items() if k not in ('budget',)}
    again = run_action(M, {'computers': ['ws01', 'WS02']}, host)
    assert again['changed'] is False and host.operations[3:] == ['probe']
    assert again['revoked'] == []


def test_bad_input_sends_nothing():
    host = licensed()
    for args in ({'issued_before': '2026/01/01'}, {'cal_type': 'per_user'}, {'computers': ['CORP\\ann']},
                 {'computers': 'WS01'}, {'counts_only': True, 'computers': ['WS01']}):
        res = run_action(M, args, host)
        assert res['failed'] is True, args
    assert host.calls == []


def test_beyond_the_estimate_fails_before_any_change():
    host = licensed()
    res = run_action(M, {'issued_before': '2026-06-01'}, host)
    assert res['failed'] is True and host.operations == ['probe']
    assert 'holds 3 per-device CALs of Windows Server 2022 to revoke (WS01, WS02, WS03)' in res['msg']
    assert len(res['cals']) == 3 and set(statuses(host).values()) == {2}


def test_the_host_refusal_names_the_date_and_what_changed():
    revoked_on = mi.now() - datetime.timedelta(days=10)
    host = licensed(extra=[{'computer': 'WS09', 'status': 'revoked', 'revoked_on': revoked_on.strftime('%Y-%m-%d')}])
    res = run_action(M, {'computers': ['WS01', 'WS02']}, host)
    date = (revoked_on.replace(hour=0, minute=0, second=0) + datetime.timedelta(days=60)).strftime('%Y-%m-%dT%H:%M:%SZ')
    assert res['failed'] is True and res['changed'] is True
    assert res['msg'] == (
        "win_rdlicense_device_cals: LIC01 refused to revoke 1 per-device CAL(s) of Windows Server 2022 (WS02): "
        "revoking is allowed again on %s (NextRevokeAllowedOn); its revocation limit is reached (20 %% of a "
        "version's installed per-device CALs at a time, revocations of earlier runs included). Revoked in this run: "
        "WS01; refused: WS02. Run the task again after that date to revoke the rest" % date)
    assert res['next_revoke_allowed_on'] == date
    assert [c['computer'] for c in res['revoked']] == ['WS01'] and [c['computer'] for c in res['refused']] == ['WS02']
    assert statuses(host)['WS01'] == 4 and statuses(host)['WS02'] == 2


def test_counts_only_keeps_the_names_on_the_host():
    host = licensed()
    res = run_action(M, {'counts_only': True, 'issued_before': '2026-02-01'}, host)
    assert not res.get('failed'), res
    assert host.calls[0]['args']['counts_only'] is True and host.calls[1]['args']['counts_only'] is True
    assert res['counts_only'] is True and len(res['revoked']) == 2
    text = json.dumps(res) + json.dumps([c['args'] for c in host.calls]) + json.dumps(host.host_texts())
    for name in ('WS01', 'WS02', 'WS03', 'ann'):
        assert name not in text
    assert statuses(host) == {'WS01': 4, 'WS02': 4, 'WS03': 2}


def test_the_names_never_reach_the_event_log():
    host = licensed()
    run_action(M, {'computers': ['WS01']}, host)
    assert 'WS01' not in json.dumps(host.events)


def test_not_admin_and_no_role():
    res = run_action(M, {}, licensed(faults=['not_admin']))
    assert res['failed'] is True and 'is not a member of the local Administrators group on LIC01' in res['msg']
    res = run_action(M, {'computers': ['WS01']}, FakeHost(profile={}))
    assert res['failed'] is True and res['msg'].startswith('win_rdlicense_device_cals: LIC01 is not a license server')
