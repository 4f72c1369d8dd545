# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulated license server follows the documented Windows semantics."""

from __future__ import annotations

import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as m

CONTACT = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso', 'country_region': 'United States'}


def host(profile=None, faults=()):
    return m.LicenseServerModel(m.new_state('lic01.example.com', profile), faults)


def wbem(name):
    return pytest.raises(m.WbemError, match='') if name is None else _Wbem(name)


class _Wbem:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, typ, exc, tb):
        assert typ is m.WbemError, 'expected %s, got %r' % (self.name, exc)
        assert exc.name == self.name and exc.code == cat.WBEM_CODES[self.name]
        return True


# -- host, features, service, reboot ------------------------------------------------------------------------------
def test_fresh_server_has_the_features_available_and_no_provider():
    h = host()
    assert h.get_feature('RDS-Licensing') == {'name': 'RDS-Licensing', 'exists': True, 'installed': False,
                                              'install_state': 'Available'}
    assert h.get_service('TermServLicensing')['exists'] is False
    with wbem('WBEM_E_INVALID_CLASS'):
        h.license_server_instance()
    assert h.host_info()['computer_name'] == 'LIC01'


def test_installing_the_role_registers_service_provider_and_built_in_pack():
    h = host()
    res = h.install_features(['RDS-Licensing'], None)
    assert res == {'success': True, 'restart_needed': 'No', 'exit_code': 'Success', 'features': ['RDS-Licensing']}
    assert h.get_service('TermServLicensing') == {'name': 'TermServLicensing', 'exists': True, 'start_mode': 'Auto',
                                                  'state': 'Running'}
    assert h.provider_available()
    built_in = [p for p in h.key_packs() if p['ProductType'] == cat.PRODUCT_TYPE_BUILT_IN]
    assert len(built_in) == 1 and built_in[0]['TypeAndModel'] == 'Built-in TS Per Device CAL'
    assert h.install_features(['RDS-Licensing'], None)['exit_code'] == 'NoChangeNeeded'


def test_restart_needed_keeps_the_install_pending_until_reboot():
    h = host(faults=['reboot_required'])
    res = h.install_features(['RDS-Licensing', 'RDS-Licensing-UI'], None)
    assert res['restart_needed'] == 'Yes' and res['exit_code'] == 'SuccessRestartRequired'
    assert h.get_feature('RDS-Licensing')['install_state'] == 'InstallPending'
    assert h.get_feature('RDS-Licensing')['installed'] is False
    assert h.reboot_pending() and not h.get_service('TermServLicensing')['exists'] and not h.provider_available()
    boot = h.last_boot_filetime()
    h.reboot()
    assert h.last_boot_filetime() > boot
    assert h.get_feature('RDS-Licensing')['install_state'] == 'Installed'
    assert h.get_service('TermServLicensing')['exists'] and h.provider_available() and not h.reboot_pending()


def test_client_edition_has_no_server_manager():
    h = host({'os': 'windows11'})
    with pytest.raises(m.HostError, match='only on Windows Server'):
        h.get_feature('RDS-Licensing')


def test_server_core_has_no_management_tools_feature():
    h = host({'server_core': True})
    assert h.get_feature('RDS-Licensing-UI')['exists'] is False
    assert h.host_info()['os']['installation_type'] == 'Server Core'


def test_removed_payload_needs_a_source():
    h = host({'payload_removed': True})
    with pytest.raises(m.HostError, match='source files could not be found') as err:
        h.install_features(['RDS-Licensing'], None)
    assert err.value.code == 0x800F081F
    assert h.install_features(['RDS-Licensing'], r'\\fs\sxs')['features'] == ['RDS-Licensing']


def test_non_administrator_is_denied_feature_changes():
    h = host(faults=['not_admin'])
    with pytest.raises(m.HostError, match='requires elevation'):
        h.install_features(['RDS-Licensing'], None)


def test_uninstall_removes_service_and_provider():
    h = host({'role_installed': True})
    assert h.uninstall_features(['RDS-Licensing'])['features'] == ['RDS-Licensing']
    assert not h.get_service('TermServLicensing')['exists'] and not h.provider_available()


def test_service_start_mode_and_state():
    h = host({'role_installed': True})
    assert h.set_service_startup('TermServLicensing', 'Automatic') is False
    assert h.set_service_startup('TermServLicensing', 'Disabled') is True
    assert h.stop_service('TermServLicensing') is True
    # Start-Service says only "cannot be started"; the reason is the Windows error of its inner Win32Exception.
    with pytest.raises(m.HostError, match='cannot be started') as disabled:
        h.start_service('TermServLicensing')
    assert disabled.value.code == 1058  # ERROR_SERVICE_DISABLED
    with pytest.raises(m.HostError, match='Cannot find any service') as missing:
        host().start_service('TermServLicensing')
    assert missing.value.code == 1060  # ERROR_SERVICE_DOES_NOT_EXIST


def test_group_policy_manages_the_service():
    h = host({'role_installed': True}, faults=['group_policy_override'])
    with pytest.raises(m.HostError, match='Group Policy'):
        h.set_service_startup('TermServLicensing', 'Manual')


# -- Win32_TSLicenseServer -----------------------------------------------------------------------------------------
def test_non_administrator_reads_empty_properties():
    h = host({'role_installed': True, 'contact': CONTACT}, faults=['not_admin'])
    props = h.license_server_instance()
    assert props['FirstName'] == '' and props['ProductId'] == ''
    with wbem('WBEM_E_ACCESS_DENIED'):
        h.get_activation_status()


def test_provider_not_ready():
    with wbem('WBEM_E_INITIALIZATION_FAILURE'):
        host({'role_installed': True}, faults=['provider_not_ready']).get_activation_status()


def test_automatic_activation_needs_the_four_contact_fields_and_the_clearinghouse():
    h = host({'role_installed': True})
    assert h.get_activation_status() == 1 and h.get_license_server_id() == ''
    with wbem('WBEM_E_INVALID_PARAMETER'):
        h.activate_server_automatic()
    for option, value in CONTACT.items():
        h.set_license_server_property(cat.CONTACT_PROPERTIES[option], value)
    assert host({'role_installed': True, 'contact': CONTACT}, ['clearinghouse_unreachable']).is_admin
    with wbem('WBEM_E_NOT_AVAILABLE'):
        m.LicenseServerModel(h.state, ['clearinghouse_unreachable']).activate_server_automatic()
    assert h.get_activation_status() == 1
    assert h.activate_server_automatic() == 0
    assert h.get_activation_status() == 0
    lsid = h.get_license_server_id()
    assert re.fullmatch(r'[0-9A-F]{35}', lsid)
    assert lsid == m.clearinghouse_license_server_id(h.license_server_instance()['ProductId'])


def test_country_region_takes_display_names_not_iso_codes():
    h = host({'role_installed': True})
    with wbem('WBEM_E_INVALID_PARAMETER'):
        h.set_license_server_property('CountryRegion', 'US')
    h.set_license_server_property('CountryRegion', 'United States')
    with wbem('WBEM_E_READ_ONLY'):
        h.set_license_server_property('ProductId', 'x')


def test_web_or_telephone_activation_takes_the_issued_id_only():
    h = host({'role_installed': True})
    pid = h.license_server_instance()['ProductId']
    with wbem('WBEM_E_INVALID_PARAMETER'):
        h.activate_server('A' * 35)
    assert h.activate_server(m.clearinghouse_license_server_id(pid)) == 0
    assert h.get_activation_status() == 0


def test_deactivation_by_telephone_needs_the_confirmation_code():
    h = host({'activated': True, 'contact': CONTACT})
    lsid = h.get_license_server_id()
    with wbem('WBEM_E_INVALID_PARAMETER'):
        h.deactivate_server('0' * 20)
    assert h.deactivate_server(m.clearinghouse_confirmation_code(lsid)) == 1
    assert h.get_activation_status() == 1
    with wbem('WBEM_E_INVALID_OPERATION'):
        h.deactivate_server_automatic()


def test_reactivation_issues_a_new_license_server_id():
    h = host({'activated': True, 'contact': CONTACT})
    first = h.get_license_server_id()
    h.reactivate_server_automatic(cat.REACTIVATION_REASONS['certificate_corrupt'])
    second = h.get_license_server_id()
    assert second != first
    pid = h.license_server_instance()['ProductId']
    assert h.reactivate_server(m.clearinghouse_license_server_id(pid, 2)) == 0
    assert h.get_license_server_id() not in (first, second)


def test_unknown_activation_status_fault():
    assert host({'activated': True}, ['activation_status_unknown']).get_activation_status() == 2


# -- Win32_TSLicenseKeyPack ----------------------------------------------------------------------------------------
def test_key_packs_need_an_activated_server():
    h = host({'role_installed': True})
    with wbem('WBEM_E_INVALID_OPERATION'):
        h.install_agreement_key_pack(0, '1234567', 7, 1, 10)


def test_agreement_open_retail_and_offline_installs_create_packs():
    h = host({'activated': True, 'contact': CONTACT})
    ids = [
        h.install_agreement_key_pack(cat.AGREEMENT_TYPES['enterprise_agreement'], '1234567', 7, 1, 50),
        h.install_open_license_key_pack('12345678', 'ABCDE12345FGHIJ', 6, 0, 20),
        h.install_retail_key_pack(m.retail_license_code('2019', 'per_user', 5)),
        h.install_key_pack_id(m.clearinghouse_key_pack_id(h.get_license_server_id(), '2016', 'per_device', 15)),
    ]
    packs = {p['KeyPackId']: p for p in h.key_packs()}
    assert [(packs[i]['KeyPackType'], packs[i]['ProductVersionID'], packs[i]['ProductType'],
             packs[i]['TotalLicenses']) for i in ids] == [(2, 7, 1, 50), (5, 6, 0, 20), (1, 6, 1, 5), (2, 5, 0, 15)]
    # re-submitting the same agreement adds licences again: the API has no 'already installed' check
    h.install_agreement_key_pack(cat.AGREEMENT_TYPES['enterprise_agreement'], '1234567', 7, 1, 50)
    assert len(h.key_packs()) == len(packs) + 1


def test_codes_that_the_clearinghouse_does_not_know_are_refused():
    h = host({'activated': True})
    with wbem('WBEM_E_INVALID_PARAMETER'):
        h.install_retail_key_pack('A' * 25)
    with wbem('WBEM_E_INVALID_PARAMETER'):
        h.install_key_pack_id(m.clearinghouse_key_pack_id('0' * 35, '2022', 'per_user', 5))


def test_a_server_holds_cals_of_its_own_version_and_older_only():
    h = host({'os': '2019', 'activated': True})
    with wbem('WBEM_E_NOT_SUPPORTED'):
        h.install_agreement_key_pack(0, '1234567', cat.PRODUCT_VERSIONS['2022']['install'], 1, 5)
    h.install_agreement_key_pack(0, '1234567', cat.PRODUCT_VERSIONS['2019']['install'], 1, 5)


def test_clearinghouse_faults_on_online_installs_but_not_offline():
    h = host({'activated': True}, ['clearinghouse_unreachable'])
    with wbem('WBEM_E_NOT_AVAILABLE'):
        h.install_agreement_key_pack(0, '1234567', 7, 1, 5)
    h.install_key_pack_id(m.clearinghouse_key_pack_id(h.get_license_server_id(), '2022', 'per_user', 5))
    with wbem('WBEM_E_INVALID_PARAMETER'):
        host({'activated': True}, ['key_pack_rejected']).install_agreement_key_pack(0, '1234567', 7, 1, 5)


def test_license_count_range():
    with wbem('WBEM_E_VALUE_OUT_OF_RANGE'):
        host({'activated': True}).install_agreement_key_pack(0, '1234567', 7, 1, 0)


def test_uninstall_with_id_spares_the_built_in_pack():
    h = host({'activated': True, 'key_packs': [{'quantity': 5}]})
    packs = h.key_packs()
    built_in = next(p for p in packs if p['ProductType'] == cat.PRODUCT_TYPE_BUILT_IN)
    bought = next(p for p in packs if p['ProductType'] != cat.PRODUCT_TYPE_BUILT_IN)
    with wbem('WBEM_E_NOT_SUPPORTED'):
        h.uninstall_key_pack_with_id(built_in['KeyPackId'])
    h.uninstall_key_pack_with_id(bought['KeyPackId'])
    with wbem('WBEM_E_NOT_FOUND'):
        h.uninstall_key_pack_with_id(bought['KeyPackId'])


def test_profile_and_fault_names_are_checked():
    with pytest.raises(ValueError, match='unknown rdlicensing_sim_profile keys: colour'):
        m.new_state('x', {'colour': 'red'})
    with pytest.raises(ValueError, match='client edition cannot hold'):
        m.new_state('x', {'os': 'windows10', 'role_installed': True})
    with pytest.raises(ValueError, match='unknown rdlicensing_sim_faults: gremlins'):
        m.LicenseServerModel(m.new_state('x'), ['gremlins'])


def test_registry_writes_need_an_administrator():
    h = host()
    h.registry_write(r'HKLM:\SOFTWARE\x', 'a', 1)
    assert h.registry_read(r'HKLM:\software\X') == {'a': 1}
    with pytest.raises(m.HostError):
        m.LicenseServerModel(h.state, ['not_admin']).registry_write(r'HKLM:\SOFTWARE\x', 'b', 2)
