# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The win_rdlicense_usage action plugin end to end against an in-process simulated license server: one remote
execution per run, what is sent, check mode and keep_report, the failures and their messages."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _usage
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

M = 'win_rdlicense_usage'
PROFILE = {'activated': True, 'domain': 'corp.example', 'tsls_group': True,
           'key_packs': [{'product_version': '2022', 'cal_type': 'per_user', 'quantity': 10, 'issued': 13},
                         {'product_version': '2019', 'cal_type': 'per_device', 'quantity': 5, 'issued': 2}]}


def licensed(faults=()):
    return FakeHost(profile=copy.deepcopy(PROFILE), faults=faults)


def test_a_read_is_one_probe_that_leaves_nothing_and_changes_nothing():
    host = licensed()
    res = run_action(M, {}, host, diff=True)
    assert not res.get('failed'), res
    assert res['changed'] is False
    assert host.operations == ['probe']
    assert host.calls[0]['args'] == {'_operation': 'probe', 'counts_only': False}
    assert res['reports'] == [] and host.model.license_reports() == []
    assert res['report']['kept'] is False and res['report']['file_name'] is None
    assert res['diff'] == {'before': {'reports': []}, 'after': {'reports': []}}
    assert sorted(k for k in res if k in _usage.RETURN_DEFAULTS) == sorted(_usage.RETURN_DEFAULTS)
    assert res['over_allocation'][0]['over_allocated'] == 3


def test_check_mode_reads_the_same():
    host = licensed()
    applied = run_action(M, {}, host)
    checked = run_action(M, {}, host, check_mode=True)
    assert host.operations == ['probe', 'probe']
    assert checked['changed'] is False
    assert {k: v for k, v in checked.items() if k != 'report'} == {k: v for k, v in applied.items() if k != 'report'}


def test_keep_report_is_one_apply_and_a_new_report_each_run():
    host = licensed()
    first = run_action(M, {'keep_report': True}, host, diff=True)
    second = run_action(M, {'keep_report': True}, host)
    assert host.operations == ['apply', 'apply']
    assert host.calls[0]['args'] == {'_operation': 'apply', '_steps': [{'type': 'keep_report'}], 'counts_only': False}
    assert first['changed'] is True and second['changed'] is True
    assert first['report']['file_name'] == 'CAL Usage Report LIC01 1'
    assert second['report']['file_name'] == 'CAL Usage Report LIC01 2'
    assert [r['file_name'] for r in second['reports']] == ['CAL Usage Report LIC01 1', 'CAL Usage Report LIC01 2']
    assert first['diff'] == {'before': {'reports': []}, 'after': {'reports': ['CAL Usage Report LIC01 1']}}


def test_keep_report_in_check_mode_reads_deletes_and_says_it_would_keep():
    host = licensed()
    res = run_action(M, {'keep_report': True}, host, check_mode=True, diff=True)
    assert host.operations == ['probe']
    assert res['changed'] is True
    assert res['report'] == {'file_name': None, 'generated_at': res['report']['generated_at'], 'version': '2',
                             'kept': True}
    assert host.model.license_reports() == []
    assert res['diff']['after'] == {'reports': ['(the report this run generates)']}


def test_counts_only_is_sent_to_the_host():
    host = licensed()
    res = run_action(M, {'counts_only': True}, host)
    assert host.calls[0]['args']['counts_only'] is True
    assert [e['user'] for e in res['per_user']] == [None] * 13 and res['counts']['per_user'] == 13
    assert 'CORP\\user' not in str(host.invocations) and 'CORP\\\\user' not in str(res)


@pytest.mark.parametrize('args, message', [
    ({'keep_report': 'please'}, 'keep_report must be true or false, got a string that is not true or false'),
    ({'counts_only': 1}, 'counts_only must be true or false, got a whole number'),
    ({'counts_only': [True]}, 'counts_only must be true or false, got a list'),
    ({'keep_reports': True}, None),
])
def test_bad_arguments_fail_before_anything_is_sent(args, message):
    host = licensed()
    res = run_action(M, args, host)
    assert res['failed'] is True
    assert host.calls == []
    if message:
        assert res['msg'] == '%s: %s' % (M, message)
    else:
        assert 'keep_reports' in res['msg']


def test_not_an_administrator_is_refused_before_anything_is_generated():
    host = licensed(faults=['not_admin'])
    res = run_action(M, {'keep_report': True}, host)
    assert res['failed'] is True and res['changed'] is False
    assert res['msg'] == (
        'win_rdlicense_usage: the connecting account is not a member of the local Administrators group on LIC01, so '
        'no CAL usage report can be generated (Win32_TSLicenseReport.GenerateReportEx needs an administrator); '
        'connect as an administrator or use become with become_method=runas')
    host.faults = []
    assert host.model.license_reports() == []


def test_a_fetch_failure_names_the_method_and_the_report_is_gone():
    host = licensed(faults=['report_fetch_fails'])
    res = run_action(M, {'keep_report': True}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_usage: reading the CAL usage report of LIC01 failed: '
                                 'FetchReportPerDeviceEntries failed: ')
    assert res['msg'].endswith('the report CAL Usage Report LIC01 1 was deleted, nothing is left on the server')
    assert host.model.license_reports() == []


def test_a_lost_connection_while_keeping_says_so():
    host = licensed(faults=['connection_drop'])
    res = run_action(M, {'keep_report': True}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_usage: the connection to the host was lost while applying keep_report')
