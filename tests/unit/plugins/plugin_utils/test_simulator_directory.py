# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory side of the simulated license server (model_directory.py)."""

from __future__ import annotations

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as m

DOMAIN = {'role_installed': True, 'domain': 'corp.example'}


def host(profile=None, faults=()):
    return m.LicenseServerModel(m.new_state('lic01.corp.example', profile), faults)


def test_in_tsls_group_follows_the_profile_and_the_methods():
    assert host().in_tsls_group() is False
    assert host(dict(DOMAIN, tsls_group=True)).in_tsls_group() is True
    lic = host(dict(DOMAIN, directory_rights=['domain_admin']))
    assert lic.in_tsls_group() is False
    lic.add_ls_to_tsls_group()
    assert lic.in_tsls_group() is True and lic.is_ls_in_tsls_group('') is True
    lic.remove_ls_from_tsls_group()
    assert lic.in_tsls_group() is False


def test_a_state_file_written_before_the_directory_side_reads_as_not_a_member():
    state = m.new_state('lic01', dict(DOMAIN))
    del state['directory']
    assert m.LicenseServerModel(state).in_tsls_group() is False


@pytest.mark.parametrize('key', ['tsls_group', 'published', 'scp_registered', 'domain_controller'])
def test_a_workgroup_profile_cannot_hold_directory_state(key):
    with pytest.raises(ValueError, match='needs a domain'):
        m.new_state('lic01', {key: True})
    with pytest.raises(ValueError, match='true or false'):
        m.new_state('lic01', {'domain': 'corp.example', key: 'yes'})


def test_rights_the_methods_need():
    lic = host(dict(DOMAIN))
    for method in (lic.add_ls_to_tsls_group, lic.publish_ls, lambda: lic.change_role(1), lambda: lic.change_role(2)):
        with pytest.raises(m.WbemError) as e:
            method()
        assert e.value.code == cat.WBEM_CODES['WBEM_E_ACCESS_DENIED']
    lic.register_ls_to_scp()  # a local administrator suffices
    assert lic.is_ls_registered_to_scp() is True
    admin = host(dict(DOMAIN, directory_rights=['domain_admin']))
    admin.change_role(1)
    with pytest.raises(m.WbemError):
        admin.publish_ls()
    enterprise = host(dict(DOMAIN, directory_rights=['domain_admin', 'enterprise_admin']))
    enterprise.publish_ls()
    enterprise.change_role(2)
    assert enterprise.is_ls_published() is True and enterprise.state['license_server']['server_role'] == 2


@pytest.mark.parametrize('fault, code', [('domain_controller_unreachable', 'WBEM_E_NOT_AVAILABLE'),
                                         ('directory_access_denied', 'WBEM_E_ACCESS_DENIED')])
def test_directory_faults(fault, code):
    lic = host(dict(DOMAIN, directory_rights=['domain_admin', 'enterprise_admin']), [fault])
    with pytest.raises(m.WbemError) as e:
        lic.add_ls_to_tsls_group()
    assert e.value.code == cat.WBEM_CODES[code]
    assert lic.in_tsls_group() is False


def test_workgroup_methods_fail_and_nothing_changes():
    lic = host({'role_installed': True})
    with pytest.raises(m.WbemError) as e:
        lic.is_ls_in_tsls_group('')
    assert e.value.code == cat.WBEM_CODES['WBEM_E_NOT_AVAILABLE']
    lic.change_role(0)


def test_endpoint_servers_group_by_computer_account():
    lic = host(dict(DOMAIN, terminal_server_computers=['rdsh01.corp.example']))
    assert [x['Name'] for x in lic.endpoint_servers_members()] == ['CORP\\RDSH01$']
    lic.add_endpoint_servers_members(['CORP\\RDSH02$'])
    with pytest.raises(m.HostError) as e:
        lic.add_endpoint_servers_members(['RDSH02$'])
    assert e.value.code == cat.WIN32_CODES['ERROR_MEMBER_IN_ALIAS']
    lic.remove_endpoint_servers_members(['CORP\\RDSH01$'])
    assert [x['Name'] for x in lic.endpoint_servers_members()] == ['CORP\\RDSH02$']


def test_endpoint_servers_are_read_on_every_version_and_changed_only_from_2016():
    old = host(dict(DOMAIN, os='2012R2', terminal_server_computers=['RDSH01']))
    assert [x['Name'] for x in old.endpoint_servers_members()] == ['CORP\\RDSH01$']
    for change in (old.add_endpoint_servers_members, old.remove_endpoint_servers_members):
        with pytest.raises(m.HostError, match='is not recognized as the name of a cmdlet'):
            change(['CORP\\RDSH01$'])
    assert [x['Name'] for x in old.endpoint_servers_members()] == ['CORP\\RDSH01$']


ORPHAN = 'S-1-5-21-1004336348-1177238915-682003330-1105'


def test_an_orphaned_sid_is_listed_without_a_name_and_removed_by_its_sid():
    lic = host(dict(DOMAIN, terminal_server_computers=['RDSH01'], orphaned_endpoint_sids=[ORPHAN]))
    found = lic.endpoint_servers_members()
    assert [x['Name'] for x in found] == ['CORP\\RDSH01$', None]
    assert found[1]['SID'] == ORPHAN and found[0]['SID'].startswith('S-1-5-21-')
    with pytest.raises(m.HostError) as e:
        lic.remove_endpoint_servers_members([ORPHAN, 'S-1-5-21-1-2-3-4'])
    assert e.value.code == cat.WIN32_CODES['ERROR_MEMBER_NOT_IN_ALIAS'] and 'S-1-5-21-1-2-3-4' in str(e.value)
    assert len(lic.endpoint_servers_members()) == 2  # one not a member: none is removed
    lic.remove_endpoint_servers_members([ORPHAN, found[0]['SID']])  # a named member can be removed by SID too
    assert lic.endpoint_servers_members() == []


@pytest.mark.parametrize('profile, message', [
    ({'role_installed': True, 'orphaned_endpoint_sids': [ORPHAN]}, 'needs a domain'),
    (dict(DOMAIN, orphaned_endpoint_sids=['S-1-5-32-544']), 'must be SIDs of domain accounts'),
    (dict(DOMAIN, orphaned_endpoint_sids=['RDSH09']), 'must be SIDs of domain accounts'),
    (dict(DOMAIN, orphaned_endpoint_sids=[1105]), 'orphaned_endpoint_sids must be a list'),
])
def test_the_orphaned_sids_of_a_profile_are_checked(profile, message):
    with pytest.raises(ValueError, match=message):
        m.new_state('lic01.corp.example', profile)
