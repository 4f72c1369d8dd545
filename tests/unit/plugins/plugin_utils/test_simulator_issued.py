# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The issued CALs of the simulated license server (model_issued.py): Win32_TSIssuedLicense, per-user CALs, Revoke()
and its limit, kept consistent with the key packs' counts."""

from __future__ import annotations

import datetime
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as m
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model_issued as mi

DMTF = re.compile(r'^\d{14}\.000000\+000$')
PACKS = [{'product_version': '2022', 'cal_type': 'per_device', 'quantity': 10, 'issued': 2, 'type': 'volume'},
         {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 20, 'issued': 1, 'type': 'volume'},
         {'product_version': '2019', 'cal_type': 'per_device', 'quantity': 5, 'type': 'retail'}]
DOMAIN = {'activated': True, 'domain': 'corp.example', 'tsls_group': True, 'key_packs': PACKS}
DEVICE_KEYS = {'LicenseId', 'KeyPackId', 'sIssuedToUser', 'sIssuedToComputer', 'sHardwareId', 'IssueDate',
               'ExpirationDate', 'LicenseStatus'}
USER_KEYS = {'User', 'KeyPackId', 'ProductVersion', 'ProductVersionID', 'CALType', 'IssueDate', 'ExpirationDate'}


def host(profile=None, faults=()):
    return m.LicenseServerModel(m.new_state('lic01.corp.example', profile), faults)


def pack(lic, version_id, product_type):
    return [p for p in lic.key_packs() if p['ProductVersionID'] == version_id and p['ProductType'] == product_type][0]


def test_the_public_shapes():
    lic = host(dict(DOMAIN, issued_cals=[{'computer': 'WS01', 'user': 'CORP\\alice', 'product_version': '2019'},
                                         {'user': 'bob'}]))
    devices = lic.issued_per_device()
    assert len(devices) == 3 and all(set(d) == DEVICE_KEYS for d in devices)
    assert all(DMTF.match(d['IssueDate']) and DMTF.match(d['ExpirationDate']) for d in devices)
    ws01 = [d for d in devices if d['sIssuedToComputer'] == 'WS01'][0]
    assert ws01['sIssuedToUser'] == 'CORP\\alice' and ws01['LicenseStatus'] == cat.LICENSE_STATUS_CODES['active']
    assert ws01['KeyPackId'] == pack(lic, 6, 0)['KeyPackId']
    assert re.fullmatch(r'([0-9A-F]{8}-){4}[0-9A-F]{8}', ws01['sHardwareId'])
    users = lic.issued_per_user()
    assert len(users) == 2 and all(set(u) == USER_KEYS for u in users)
    bob = [u for u in users if u['User'] == 'CORP\\bob'][0]
    assert bob['ProductVersion'] == 'Windows Server 2022' and bob['ProductVersionID'] == 7
    assert bob['CALType'] == 'RDS Per User CAL'
    issued = mi.from_dmtf(bob['IssueDate'])
    assert mi.from_dmtf(bob['ExpirationDate']) - issued == datetime.timedelta(days=cat.PER_USER_CAL_DAYS)


def test_the_packs_count_the_issued_cals():
    lic = host(dict(DOMAIN, issued_cals=[{'computer': 'WS01'}, {'computer': 'WS02', 'status': 'revoked'},
                                         {'user': 'CORP\\carol'}]))
    device = pack(lic, 7, 0)
    assert (device['IssuedLicenses'], device['AvailableLicenses']) == (3, 7)  # 2 of the pack, WS01; WS02 revoked
    user = pack(lic, 7, 1)
    assert (user['IssuedLicenses'], user['AvailableLicenses']) == (2, 18)
    assert len([d for d in lic.issued_per_device() if d['KeyPackId'] == device['KeyPackId']]) == 4


def test_per_user_cals_are_tracked_in_ad_only():
    for profile in (dict(DOMAIN, tsls_group=False), {'activated': True, 'key_packs': PACKS}):
        lic = host(profile)
        assert lic.issued_per_user() == []
        assert pack(lic, 7, 1)['IssuedLicenses'] == 1  # counted by the pack all the same


def test_not_admin_and_no_provider():
    assert host(DOMAIN, ['not_admin']).issued_per_device() == []
    assert host(DOMAIN, ['not_admin']).issued_per_user() == []
    with pytest.raises(m.WbemError) as e:
        host(DOMAIN, ['provider_not_ready']).issued_per_device()
    assert e.value.name == 'WBEM_E_INITIALIZATION_FAILURE'
    with pytest.raises(m.WbemError):
        host({}).issued_per_device()  # no role: no provider


@pytest.mark.parametrize('entry, message', [
    ({'computer': 'WS01', 'colour': 'red'}, 'unknown rdlicensing_sim_profile.issued_cals\\[0\\] keys: colour'),
    ({'computer': 'WS01', 'product_version': '2016'}, 'no Windows Server 2016 per-device key pack'),
    ({'computer': 'WS01', 'status': 'temporary'}, 'no temporary Windows Server 2022 per-device key pack'),
    ({'computer': 'WS01', 'status': 'lost'}, 'status must be one of unknown, temporary'),
    ({'user': 'CORP\\a', 'computer': 'WS01', 'cal_type': 'per_user'}, 'a per-user CAL names a user'),
    ({'cal_type': 'per_device', 'user': 'x'}, 'a per-device CAL names its computer'),
    ({'computer': 'WS01', 'issued': '31/01/2026'}, 'issued must be an ISO 8601 date'),
    ({'computer': 5}, 'computer must be a string'),
])
def test_bad_profile_entries(entry, message):
    with pytest.raises(ValueError, match=message):
        host(dict(DOMAIN, issued_cals=[entry]))


def test_profile_dates():
    lic = host(dict(DOMAIN, issued_cals=[{'computer': 'WS01', 'issued': '2026-01-31', 'expires': -3},
                                         {'computer': 'WS02', 'issued': datetime.date(2026, 2, 1)}]))
    ws = {d['sIssuedToComputer']: d for d in lic.issued_per_device()}
    assert ws['WS01']['IssueDate'] == '20260131000000.000000+000'
    assert mi.from_dmtf(ws['WS01']['ExpirationDate']).date() == (mi.now() - datetime.timedelta(days=3)).date()
    assert ws['WS02']['IssueDate'] == '20260201000000.000000+000'
    low, high = cat.PER_DEVICE_RENEWAL_DAYS
    assert low <= (mi.from_dmtf(ws['WS02']['ExpirationDate']) - mi.from_dmtf(ws['WS02']['IssueDate'])).days <= high


def test_revoke_within_the_limit_then_refused_with_the_date():
    lic = host(DOMAIN)  # 10 per-device 2022 CALs installed: 2 revocable at a time
    device = pack(lic, 7, 0)
    cals = [d for d in lic.issued_per_device() if d['KeyPackId'] == device['KeyPackId']]
    assert lic.revocable_cals(7) == 2
    first = lic.revoke_issued_license(cals[0]['LicenseId'], device['KeyPackId'])
    assert first == {'ReturnValue': 0, 'RevokableCals': 1, 'NextRevokeAllowedOn': None}
    assert pack(lic, 7, 0)['IssuedLicenses'] == 1  # back in the pack
    with pytest.raises(m.WbemError) as e:
        lic.revoke_issued_license(cals[0]['LicenseId'], device['KeyPackId'])
    assert e.value.name == 'WBEM_E_INVALID_OPERATION'
    assert lic.revoke_issued_license(cals[1]['LicenseId'], device['KeyPackId'])['RevokableCals'] == 0
    lic = host(dict(DOMAIN, issued_cals=[{'computer': 'WS%02d' % n} for n in range(3)]))
    ids = [d['LicenseId'] for d in lic.issued_per_device() if d['sIssuedToComputer'].startswith('WS')]
    lic.revoke_issued_license(ids[0], device['KeyPackId'])
    lic.revoke_issued_license(ids[1], device['KeyPackId'])
    refused = lic.revoke_issued_license(ids[2], device['KeyPackId'])
    assert refused['ReturnValue'] == mi.REVOKE_REFUSED_RETURN_VALUE and refused['RevokableCals'] == 0
    allowed = mi.from_dmtf(refused['NextRevokeAllowedOn']) - mi.now()
    assert datetime.timedelta(days=mi.REVOKE_WINDOW_DAYS - 1) < allowed <= datetime.timedelta(days=mi.REVOKE_WINDOW_DAYS)
    assert [d['LicenseStatus'] for d in lic.issued_per_device() if d['LicenseId'] == ids[2]] == [2]  # not revoked


def test_the_limit_renews_after_the_window():
    lic = host(DOMAIN)
    device = pack(lic, 7, 0)
    for record in lic.state['issued']['per_device']:
        if record['KeyPackId'] == device['KeyPackId']:
            record['LicenseStatus'] = cat.LICENSE_STATUS_REVOKED
            record['RevokedOn'] = mi.to_dmtf(mi.now() - datetime.timedelta(days=mi.REVOKE_WINDOW_DAYS + 1))
    assert lic.revocable_cals(7) == 2
    assert lic.revocable_cals(6) == 1  # 20 % of the 5 retail 2019 CALs


def test_revoke_needs_an_administrator_and_an_existing_cal():
    with pytest.raises(m.WbemError) as e:
        host(DOMAIN).revoke_issued_license(999, 2)
    assert e.value.name == 'WBEM_E_NOT_FOUND'
    with pytest.raises(m.WbemError) as e:
        host(DOMAIN, ['not_admin']).revoke_issued_license(1, 2)
    assert e.value.name == 'WBEM_E_ACCESS_DENIED'


def test_a_state_file_written_before_issued_cals_gets_them_from_the_counts():
    state = m.new_state('lic01', dict(DOMAIN))
    del state['issued']
    lic = m.LicenseServerModel(state)
    assert len(lic.issued_per_device()) == 2 and len(lic.issued_per_user()) == 1


def test_the_dmtf_round_trip():
    moment = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc)
    assert mi.from_dmtf(mi.to_dmtf(moment)) == moment
    assert mi.from_dmtf('20260304070607.000000+120') == moment


def deployment(mode, tsls_group=True, servers=('LIC01',), clients=None, sh_os='2022'):
    """A license server and one session host that lists it, wired as the connection plugin wires them."""
    lic_state = m.new_state('lic01', dict(DOMAIN, tsls_group=tsls_group))
    sh_state = m.new_state('rdsh01', {'os': sh_os, 'domain': 'corp.example', 'session_host': True,
                                      'licensing_mode': mode, 'license_servers': list(servers),
                                      'clients': clients or ['WS01', {'computer': 'WS02', 'user': 'CORP\\dave'},
                                                             {'user': 'erin'}]})
    states = {'LIC01': lic_state, 'RDSH01': sh_state}
    lic = m.LicenseServerModel(lic_state, peers=lambda name: states.get(name.split('.')[0].upper()))
    lic.client_hosts = lambda: [sh_state]
    return lic, sh_state


def test_the_clients_of_a_per_device_session_host_get_per_device_cals_once():
    lic, dummy = deployment('per_device')
    assert [p['IssuedLicenses'] for p in lic.state['key_packs'] if p['ProductVersionID'] == 7][0] == 2
    computers = [d['sIssuedToComputer'] for d in lic.issued_per_device()]
    assert computers[-2:] == ['WS01', 'WS02'] and pack(lic, 7, 0)['IssuedLicenses'] == 4
    assert [d['sIssuedToUser'] for d in lic.issued_per_device()][-1] == 'CORP\\dave'
    assert len(lic.issued_per_device()) == 4  # once: a second read issues nothing more
    ws01 = [d for d in lic.issued_per_device() if d['sIssuedToComputer'] == 'WS01'][0]
    lic.revoke_issued_license(ws01['LicenseId'], ws01['KeyPackId'])
    assert len(lic.issued_per_device()) == 4  # a revoked client is not issued a new CAL by the simulator


def test_the_users_of_a_per_user_session_host_get_per_user_cals():
    lic, dummy = deployment('per_user')
    assert [u['User'] for u in lic.issued_per_user()][-2:] == ['CORP\\dave', 'CORP\\erin']
    assert pack(lic, 7, 1)['IssuedLicenses'] == 3
    lic, dummy = deployment('per_user', tsls_group=False)
    assert lic.issued_per_user() == [] and pack(lic, 7, 1)['IssuedLicenses'] == 3  # not tracked, counted


def test_a_session_host_gets_cals_of_its_version_or_newer_from_its_first_usable_server():
    lic, dummy = deployment('per_device', sh_os='2019')  # 2019 host: the 2019 pack fits first
    assert pack(lic, 6, 0)['IssuedLicenses'] == 2 and pack(lic, 7, 0)['IssuedLicenses'] == 2
    lic, dummy = deployment('per_device', sh_os='2025')  # no 2025 pack: no CAL
    assert len(lic.issued_per_device()) == 2
    lic, dummy = deployment('not_configured')
    assert len(lic.issued_per_device()) == 2
    lic, sh = deployment('per_device', servers=('RDSH01', 'LIC01'))  # RDSH01 runs no license server: LIC01 serves
    assert len(lic.issued_per_device()) == 4
    lic, sh = deployment('per_device', servers=('LIC02', 'LIC01'))  # no such host: the next one
    assert len(lic.issued_per_device()) == 4


def test_another_license_server_first_in_the_list_serves_the_clients():
    lic, sh = deployment('per_device', servers=('LIC02', 'LIC01'))
    other = m.new_state('lic02', dict(DOMAIN))
    lic.peers = lambda name: {'LIC01': lic.state, 'LIC02': other}.get(name.split('.')[0].upper())
    assert len(lic.issued_per_device()) == 2


def test_clients_need_a_session_host():
    with pytest.raises(ValueError, match='clients need session_host: true'):
        m.new_state('pc', {'clients': ['WS01']})
    with pytest.raises(ValueError, match=r'clients\[0\] must be a computer name'):
        m.new_state('rdsh', {'session_host': True, 'clients': [{'host': 'x'}]})
