# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The planner of win_rdlicense_usage and its simulated hands: the report read page by page, the summary, the
over-allocation, the names left on the host with counts_only, the report deleted after a failure."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _usage as usage
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, RDLicenseError
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands, model
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands_usage

ENV = Env(now=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc), random_bytes=bytes)
M = 'win_rdlicense_usage'
DOMAIN = {'activated': True, 'domain': 'corp.example', 'tsls_group': True}
PACKS = [{'product_version': '2022', 'cal_type': 'per_user', 'quantity': 10, 'issued': 13},
         {'product_version': '2019', 'cal_type': 'per_device', 'quantity': 5, 'issued': 2}]


def server(profile=None, faults=()):
    state = model.new_state('lic01', dict(DOMAIN, key_packs=PACKS, **(profile or {})))
    return model.LicenseServerModel(state, faults)


def run(mod, operation='probe', **args):
    result = hands.run_collection_module(M, dict(args, _operation=operation), mod, check_mode=operation == 'probe')
    assert not result.get('failed'), result
    contract.check_probe(M, result['state'])
    return result


def want(**args):
    return usage.validate(args, ENV)


def test_the_probe_reads_the_report_and_deletes_it():
    mod = server()
    state = run(mod)['state']
    report = state['report']
    assert report['generated'] and report['deleted'] and not report['kept']
    assert report['error'] is None and report['delete_error'] is None
    assert state['reports'] == [] and mod.license_reports() == []
    # one page per part, each shorter than the page size: 4 calls
    assert report['fetch_calls'] == 4
    got = usage.result(want(), state)
    assert got['totals'] == {'per_device': {'installed': 5, 'issued': 2}, 'per_user': {'installed': 10, 'issued': 13}}
    assert got['over_allocation'] == [{'product_version': '2022', 'product_version_id': 7, 'installed': 10,
                                       'issued': 13, 'over_allocated': 3}]
    assert got['counts'] == {'per_user': 13, 'per_device': 2, 'failed_per_user': 0}
    assert [e['availability'] for e in got['summary']] == ['available', 'none']
    assert got['per_user_tracking'] == {'tracked': True, 'domain_joined': True, 'in_tsls_group': True, 'reason': None}
    assert usage.plan(want(), state, ENV).warnings == []


def test_paging_reads_every_entry_in_pages_of_the_page_size(monkeypatch):
    monkeypatch.setattr(cat, 'REPORT_PAGE_SIZE', 4)
    mod = server()
    report = run(mod)['state']['report']
    assert len(report['per_user']) == 13
    # summary 1 page (2 < 4), per_user 4 pages (4, 4, 4, 1), per_device 1, failed 1 (NoMoreData at once)
    assert report['fetch_calls'] == 7


def test_paging_ends_at_no_more_data_after_a_full_page(monkeypatch):
    monkeypatch.setattr(cat, 'REPORT_PAGE_SIZE', 1)
    report = run(server())['state']['report']
    assert len(report['per_device']) == 2 and len(report['summary']) == 2
    # summary 2 + 1 (0x4001), per_user 13 + 1, per_device 2 + 1, failed 1
    assert report['fetch_calls'] == 3 + 14 + 3 + 1


def test_a_loop_that_never_ends_is_bounded_and_the_report_deleted(monkeypatch):
    monkeypatch.setattr(cat, 'REPORT_MAX_PAGES', 3)
    monkeypatch.setattr(cat, 'REPORT_PAGE_SIZE', 1)
    mod = server()
    state = run(mod)['state']
    report = state['report']
    assert report['error'] == {'code': cat.WBEM_CODES['WBEM_E_FAILED'], 'operation': 'FetchReportEntries',
                               'message': 'FetchReportEntries gave 3 entries in 3 calls without signalling the end'}
    assert report['deleted'] and mod.license_reports() == []
    with pytest.raises(RDLicenseError) as err:
        usage.preflight(want(), state)
    assert str(err.value) == (
        'win_rdlicense_usage: reading the CAL usage report of LIC01 failed: FetchReportEntries failed: '
        'FetchReportEntries gave 3 entries in 3 calls without signalling the end [WBEM_E_FAILED (0x80041001: the '
        'call failed)]; the report CAL Usage Report LIC01 1 was deleted, nothing is left on the server')


def test_fetch_honours_start_index_and_count_and_answers_no_more_data():
    mod = server()
    name = mod.generate_report_ex()
    assert len(mod.fetch_report_entries(name, 'per_user', 0, 0)) == 13
    assert len(mod.fetch_report_entries(name, 'per_user', 10, 5)) == 3
    with pytest.raises(Exception) as err:
        mod.fetch_report_entries(name, 'per_user', 13, 5)
    assert getattr(err.value, 'code', None) == cat.REPORT_NO_MORE_DATA == 0x4001
    assert [r['FileName'] for r in mod.license_reports()] == [name]
    mod.delete_report(name)
    with pytest.raises(model.WbemError) as err:
        mod.delete_report(name)
    assert err.value.name == 'WBEM_E_NOT_FOUND'


def test_counts_only_sends_no_name():
    mod = server()
    state = run(mod, counts_only=True)['state']
    entries = state['report']['per_user'] + state['report']['per_device']
    assert len(entries) == 15
    assert {e.get('User') for e in entries} | {e.get('sIssuedToComputer') for e in entries} | \
        {e.get('sHardwareId') for e in entries} == {None}
    got = usage.result(want(counts_only=True), state)
    assert {e['user'] for e in got['per_user']} == {None} and len(got['per_user']) == 13
    assert {(e['computer'], e['hardware_id']) for e in got['per_device']} == {(None, None)}
    assert {e['product_version'] for e in got['per_user']} == {'2022'}
    assert got['counts'] == {'per_user': 13, 'per_device': 2, 'failed_per_user': 0}
    names = [r['User'] for r in mod.issued_per_user()] + [r['sIssuedToComputer'] for r in mod.issued_per_device()]
    text = json.dumps(state, ensure_ascii=False).replace('\\\\', '\\')  # JSON's escaped backslashes undone
    assert len(names) == 15 and 'CORP\\user' in names[0] and not [n for n in names if n in text]
    assert [n for n in names if n in json.dumps(run(server())['state']).replace('\\\\', '\\')] == names


def test_the_keep_report_step_keeps_the_report_it_reads():
    mod = server()
    result = run(mod, 'apply', _steps=[dict(usage.KEEP_STEP)])
    state = result['state']
    assert result['steps'][0]['status'] == 'changed'
    assert state['report']['kept'] and not state['report']['deleted']
    assert [r['FileName'] for r in state['reports']] == [state['report']['file_name']]
    assert result['steps'][0]['detail'] == {'file_name': state['report']['file_name']}
    assert usage.changed(want(keep_report=True), state)
    assert usage.report_info(state)['file_name'] == 'CAL Usage Report LIC01 1'
    assert usage.describe(usage.before(state)) == {'reports': []}
    assert usage.describe(state) == {'reports': ['CAL Usage Report LIC01 1']}


def test_a_failed_keep_step_generates_nothing_else():
    mod = server(faults=['provider_not_ready'])
    result = run(mod, 'apply', _steps=[dict(usage.KEEP_STEP)])
    assert result['steps'][0]['status'] == 'failed'
    assert result['steps'][0]['error']['operation'] == 'GenerateReportEx'
    assert result['state']['report']['generated'] is False
    with pytest.raises(RDLicenseError, match='provider does not answer'):
        usage.preflight(want(keep_report=True), result['state'])


def test_a_failure_after_generate_deletes_the_report_even_when_kept():
    mod = server(faults=['report_fetch_fails'])
    state = run(mod, 'apply', _steps=[dict(usage.KEEP_STEP)])['state']
    assert state['report']['error']['operation'] == 'FetchReportPerDeviceEntries'
    assert state['report']['deleted'] and not state['report']['kept']
    assert mod.license_reports() == []


def test_a_workgroup_server_warns_and_lists_the_failed_requests():
    state = run(model.LicenseServerModel(model.new_state('lic02', {'activated': True, 'key_packs': PACKS})))['state']
    got = usage.result(want(), state)
    assert got['per_user'] == []
    assert len(got['failed_per_user']) == 13
    assert got['per_user_tracking']['tracked'] is False
    assert [e['availability'] for e in got['summary'] if e['cal_type'] == 'per_user'] == ['not_tracking']
    warnings = usage.plan(want(), state, ENV).warnings
    assert len(warnings) == 1 and 'per-user CALs are not tracked on LIC02 (the license server is in a workgroup' \
        in warnings[0]


def test_outside_the_tsls_group_is_said_so():
    state = run(server({'tsls_group': False}))['state']
    assert usage.tracking(state)['reason'] == ("the license server is not a member of the AD group 'Terminal Server "
                                               "License Servers' (IsLSinTSLSGroup answered false)")


def test_not_activated_warns():
    state = run(server({'activated': False}))['state']
    assert usage.plan(want(), state, ENV).warnings == [
        'win_rdlicense_usage: LIC01 is not activated: it issues temporary per-device CALs only, and the report counts '
        'the CALs of the key packs it holds']


def test_the_entries_named_as_the_collection_names_them():
    assert usage.cal_type('TS or RDS Per User CAL') == 'per_user'
    assert usage.cal_type('Built-in TS Per Device CAL') == 'per_device'
    assert usage.cal_type('TS Internet Connector CAL') == 'other'
    assert usage.cal_type(None) == 'other'
    assert usage.version_name(3) == '2008R2' and usage.version_name(2) == '2008' and usage.version_name(99) is None


def test_steps_only_outside_check_mode():
    assert usage.steps(want(keep_report=True), check_mode=False) == [{'type': 'keep_report'}]
    assert usage.steps(want(keep_report=True), check_mode=True) == []
    assert usage.steps(want(), check_mode=False) == []
    for step in usage.steps(want(keep_report=True), check_mode=False):
        contract.check_step(M, step)


def test_predict_in_check_mode_keeps_no_name():
    state = run(server())['state']
    the_plan = usage.plan(want(keep_report=True), state, ENV)
    after = usage.predict(want(keep_report=True), state, the_plan)
    assert usage.changed(want(keep_report=True), after)
    assert usage.report_info(after) == {'file_name': None, 'generated_at': state['report']['generation_date_time'],
                                        'version': '2', 'kept': True}
    assert usage.describe(after) == {'reports': ['(the report this run generates)']}
    assert not usage.changed(want(), usage.predict(want(), state, usage.plan(want(), state, ENV)))


def test_return_defaults_are_the_documented_keys():
    import yaml
    from ansible_collections.remotedesktop.licensing.plugins.modules import win_rdlicense_usage as docs
    assert sorted(usage.RETURN_DEFAULTS) == sorted(yaml.safe_load(docs.RETURN))
    assert sorted(usage.result(want(), run(server())['state'])) == sorted(usage.RETURN_DEFAULTS)
    assert hands_usage.USAGE.probe_options == ('counts_only',)
