# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter license_server_summary: the role's summary from win_rdlicense_server's, across a restart."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.remotedesktop.licensing.plugins.filter.license_server_summary import license_server_summary
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _summary
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}
PACK = {'name': 'hq', 'program': 'select', 'agreement_number': '4815162', 'product_version': '2022',
        'cal_type': 'per_user', 'quantity': 25}
ARGS = {'activation': {'company_information': COMPANY}, 'cals': {'packs': [PACK]}}


@pytest.fixture()
def restarted():
    """The summaries of the run that installed the role (a restart needed) and of the run after the restart."""
    host = FakeHost(faults=['reboot_required'])
    first = run_action('win_rdlicense_server', ARGS, host)['summary']
    host.faults.remove('reboot_required')
    host.model.reboot()
    second = run_action('win_rdlicense_server', ARGS, host)['summary']
    return first, second


def test_a_restart_joins_both_runs(restarted):
    first, second = restarted
    summary = license_server_summary(first, second, True, True)
    assert tuple(summary) == _summary.KEYS
    assert summary['reboot'] == {'required': True, 'allowed': True, 'rebooted': True}
    assert summary['role']['changed'] is True and summary['role']['installed_before'] is False
    assert summary['role']['installed'] is True and summary['role']['reboot_required'] is False
    assert summary['activation']['changed'] is True and summary['packs']['counts']['installed'] == 1
    assert summary['stopped'] is None and summary['changed'] is True
    assert summary['message'][0] == ('lic01: installed the RD Licensing role, restarted the server, wrote the company '
                                     'information (first_name, last_name, company, country_region), activated it by '
                                     'automatic connection, installed 1 CAL pack.')


def test_a_restart_not_allowed_stops_with_the_role_s_words(restarted):
    first, dummy = restarted
    summary = license_server_summary(first, None, False, False)
    assert summary['stopped'] == 'reboot_required'
    assert summary['reboot'] == {'required': True, 'allowed': False, 'rebooted': False}
    assert 'license_server_allow_reboot is false' in summary['message'][2]
    assert 'license_server_allow_reboot is false' not in ' '.join(first['message'])  # the module's own words


def test_the_types_are_those_of_the_documented_keys(restarted):
    summary = license_server_summary(*restarted, True, True)
    assert isinstance(summary['packs']['declared'], int) and not isinstance(summary['packs']['declared'], bool)
    assert all(isinstance(v, int) for v in summary['packs']['counts'].values())
    assert summary['activation']['instructions'] is None
    assert isinstance(summary['message'], list)


@pytest.mark.parametrize('args, words', [
    (({'host': 'x'},), 'the input must be the summary'),
    (('text',), 'the input must be the summary'),
    ((None,), 'the input must be the summary'),
])
def test_what_is_not_a_summary_is_refused(args, words):
    with pytest.raises(AnsibleFilterError, match=words):
        license_server_summary(*args)


def test_flags_must_be_booleans(restarted):
    first, second = restarted
    with pytest.raises(AnsibleFilterError, match='rebooted must be a boolean'):
        license_server_summary(first, second, True, 'yes')
    with pytest.raises(AnsibleFilterError, match='the second run'):
        license_server_summary(first, {'a': 1}, True, True)


def test_cal_text_and_counts():
    assert _summary.cal_text({}) == 'none'
    assert _summary.cal_text({'2022': {'per_user': {'total': 5, 'issued': 1, 'available': 4}},
                              '2019': {'per_device': {'total': 2, 'issued': 0, 'available': 2}}}) == (
        '2019 per device 2 (2 available), 2022 per user 5 (4 available)')
    assert _summary.counts([{'outcome': 'installed'}, {'outcome': 'failed'}, {'outcome': 'installed'}]) == {
        'installed': 2, 'present': 0, 'adopted': 0, 'removed': 0, 'absent': 0, 'failed': 1}


def test_company_written_counts_only_what_changed():
    steps = [{'type': 'set_contact_property', 'name': 'FirstName', 'value': 'Ada'},
             {'type': 'set_contact_property', 'name': 'City', 'value': 'London'},
             {'type': 'activate_automatic'}]
    assert _summary.company_written(steps, None) == ['first_name', 'city']
    outcomes = [{'status': 'changed'}, {'status': 'ok'}]
    assert _summary.company_written(steps, outcomes) == ['first_name']
