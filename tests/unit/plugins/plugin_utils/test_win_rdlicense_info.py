# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning of win_rdlicense_info: plain data in, plain data out (no host, no simulator).

The report is made of what the other modules' planning functions return; these tests check each part against the
function it must come from, and every rule of its own (reasons, expiry window, records, refusal of non-admins).
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _activate as activate
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _cals as cals
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _info as info
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _role as role
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _session_host
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, Plan, RDLicenseError
from ansible_collections.remotedesktop.licensing.tests.unit.plugins.plugin_utils import (
    test_win_rdlicense_configuration as test_configuration,
)

NOW = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
ENV = Env(now=NOW, random_bytes=bytes)
SALT = 'cd' * 32
RECORD_NAME = 'ab' * 32
COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))


def args(**kw):
    return dict({'include_builtin_and_temporary': False, 'expiring_within_days': 90, 'product_version_ids': None},
                **kw)


def want(**kw):
    return info.validate(args(**kw), ENV)


def key_pack(key_pack_id, version='2022', cal_type='per_user', quantity=25, issued=0, ktype='volume',
             expires='2038-01-19T03:14:07Z'):
    version_info = cat.PRODUCT_VERSIONS[version]
    return {'KeyPackId': key_pack_id, 'KeyPackType': cat.KEY_PACK_TYPE_CODES[ktype],
            'ProductType': cat.CAL_TYPES[cal_type], 'ProductVersion': version_info['label'],
            'ProductVersionID': version_info['id'], 'TotalLicenses': quantity, 'IssuedLicenses': issued,
            'AvailableLicenses': quantity - issued, 'ExpirationDate': expires, 'Description': 'd',
            'TypeAndModel': 'RDS CAL'}


BUILT_IN = {'KeyPackId': 1, 'KeyPackType': 0, 'ProductType': 3, 'ProductVersion': 'Windows 2000 Server',
            'ProductVersionID': 0, 'TotalLicenses': cat.UINT32_MAX, 'IssuedLicenses': 0,
            'AvailableLicenses': cat.UINT32_MAX, 'ExpirationDate': '2038-01-19T03:14:07Z',
            'Description': 'Built-in TS Per Device CAL', 'TypeAndModel': 'Built-in TS Per Device CAL'}


def session_host_part(installed=False, **kw):
    """The session host part of a probe: without the role service, or a session host per user with LIC01."""
    part = {
        'role_service': {'name': cat.SESSION_HOST_FEATURE, 'exists': True, 'installed': installed,
                         'install_state': 'Installed' if installed else 'Available'},
        'domain_joined': True,
        'provider': {'available': installed, 'error_code': None, 'error_message': None},
        'licensing_type': 4 if installed else None,
        'policy_source_licensing_type': 0 if installed else None,
        'policy_source_license_servers': 0 if installed else None,
        'license_servers': ['LIC01'] if installed else [],
        'license_servers_error_code': None,
        'grace_period_days': 120 if installed else None,
        'connectivity': [{'server': 'LIC01', 'code': 11, 'error_code': None}] if installed else [],
        'group_policy': {'licensing_mode': None, 'license_servers': None},
    }
    part.update(kw)
    return part


def configuration_part(**kw):
    """The configuration part of a probe: a license server of the domain corp.example, not in the AD group."""
    return test_configuration.probe(**kw)['configuration']


def probe(**kw):
    """An info probe of an activated Windows Server 2022 license server, with parts replaced by keyword."""
    state = {
        'computer_name': 'LIC01',
        'os': {'caption': 'Microsoft Windows Server 2022 Datacenter', 'product_type': 3, 'version': '10.0.20348',
               'build': 20348, 'installation_type': 'Server'},
        'is_admin': True,
        'features': [{'name': cat.ROLE_FEATURE, 'exists': True, 'installed': True, 'install_state': 'Installed'},
                     {'name': cat.TOOLS_FEATURE, 'exists': True, 'installed': True, 'install_state': 'Installed'}],
        'service': {'name': cat.SERVICE_NAME, 'exists': True, 'start_mode': 'Auto', 'state': 'Running'},
        'reboot_pending': False,
        'provider': {'available': True, 'error_code': None, 'error_message': None},
        'activation': {'status': 0, 'error_code': None, 'error_message': None},
        'license_server_id': 'A' * 35,
        'product_id': '12345-67890-13579-AT024',
        'properties': dict({name: '' for name in cat.CONTACT_PROPERTIES.values()}, FirstName='Ada',
                           LastName='Lovelace', Company='Contoso', CountryRegion='United Kingdom'),
        'server_role': 1,
        'key_pack_provider': {'available': True, 'error_code': None, 'error_message': None},
        'key_packs': [copy.deepcopy(BUILT_IN), key_pack(2, issued=3), key_pack(3, '2019', 'per_device', 10)],
        'records': {'salt': SALT, 'entries': []},
        'session_host': session_host_part(),
        'configuration': configuration_part(),
    }
    state.update(kw)
    contract.check_probe('win_rdlicense_info', state)
    return state


def no_role(**kw):
    """A server without the role: features available, no service, the provider's class missing."""
    return probe(**dict({
        'features': [{'name': cat.ROLE_FEATURE, 'exists': True, 'installed': False, 'install_state': 'Available'},
                     {'name': cat.TOOLS_FEATURE, 'exists': True, 'installed': False, 'install_state': 'Available'}],
        'service': {'name': cat.SERVICE_NAME, 'exists': False, 'start_mode': None, 'state': None},
        'provider': {'available': False, 'error_code': cat.WBEM_CODES['WBEM_E_INVALID_CLASS'],
                     'error_message': 'Invalid class'},
        'activation': {'status': None, 'error_code': None, 'error_message': None},
        'license_server_id': None, 'product_id': None,
        'properties': {name: None for name in cat.CONTACT_PROPERTIES.values()},
        'server_role': None,
        'key_pack_provider': {'available': False, 'error_code': None, 'error_message': None},
        'key_packs': [],
        'records': {'salt': None, 'entries': []},
    }, **kw))


# --------------------------------------------------------------------------------------------------------------------
# The contract: the info probe is the union of the other probes' parts
# --------------------------------------------------------------------------------------------------------------------
def test_info_probe_is_made_of_the_parts_of_the_other_probes():
    shapes = {name: contract.CONTRACT[name]['probe'] for name in contract.CONTRACT}
    mine = shapes['win_rdlicense_info']
    for other, keys in (('win_rdlicense_role', contract.ROLE_STATE_SHAPE),
                        ('win_rdlicense_activate', contract.ACTIVATION_STATE_SHAPE)):
        assert set(shapes[other]) == set(contract.HOST_SHAPE) | set(keys)
        for key in shapes[other]:
            assert mine[key] is shapes[other][key] or mine[key] == shapes[other][key], key
    for key in ('key_packs', 'records'):
        assert mine[key] == shapes['win_rdlicense_cals'][key]
    assert mine['key_pack_provider'] == contract.PROVIDER_SHAPE
    assert mine['configuration'] is contract.CONFIGURATION_STATE_SHAPE['configuration']
    assert contract.CONTRACT['win_rdlicense_info']['steps'] == {}


def test_probe_parts_must_not_share_a_key():
    with pytest.raises(ValueError, match=r"share the keys \['features'\]"):
        contract.probe_shape(contract.ROLE_STATE_SHAPE, {'features': list})
    with pytest.raises(ValueError, match=r"share the keys \['is_admin'\]"):
        contract.probe_shape({'is_admin': bool})


def test_every_ps1_reads_through_the_shared_readers_only():
    """What a probe reads is read in _RDLicensing.psm1, never again in a module's .ps1."""
    def read(*parts):
        with open(os.path.join(COLLECTION_ROOT, *parts), encoding='utf-8') as f:
            return f.read()

    shared = read('plugins', 'module_utils', '_RDLicensing.psm1')
    modules = {name: read('plugins', 'modules', name + '.ps1') for name in contract.CONTRACT}
    # the probe of win_rdlicense_info (and win_rdlicense_server) and the step handlers are module utils too
    probe = shared[shared.index('Function Get-RDLicensingInfoState'):shared.index('$exportMembers = @{')]
    modules['win_rdlicense_info'] += probe
    for util, name in (('_RDLicensingRole', 'win_rdlicense_role'), ('_RDLicensingActivation', 'win_rdlicense_activate'),
                       ('_RDLicensingCals', 'win_rdlicense_cals')):
        modules[util] = read('plugins', 'module_utils', util + '.psm1')
        modules[name] += modules[util]
    shared = shared.replace(probe, '')
    for token in ('Get-WindowsFeature', 'ClassName Win32_Service', "'GetActivationStatus'", "'GetLicenseServerId'",
                  'Get-CimInstance -Namespace root/cimv2', 'ExpirationDate', 'GetValueNames'):
        assert token in shared, token
        assert [name for name, source in modules.items() if token in source] == [], token
    uses = {
        'win_rdlicense_role': ('Add-RDLicensingRoleState',),
        'win_rdlicense_activate': ('Add-RDLicensingActivationState', 'Get-RDLicensingServerInstance'),
        'win_rdlicense_cals': ('Get-RDLicensingActivationStatus', 'Get-RDLicensingKeyPack', 'Get-RDLicensingRecordSet'),
        'win_rdlicense_info': ('Add-RDLicensingRoleState', 'Add-RDLicensingActivationState', 'Get-RDLicensingKeyPack',
                               'Get-RDLicensingRecordSet'),
    }
    for name, functions in uses.items():
        for function in functions:
            assert re.search(r'^\s+(\$\S+ = @?\(?)?%s\b' % function, modules[name], re.MULTILINE), (name, function)
            assert "'%s'" % function in shared, function  # exported


# --------------------------------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------------------------------
def test_defaults():
    got = info.validate({'include_builtin_and_temporary': None, 'expiring_within_days': None,
                         'product_version_ids': None}, ENV)
    assert got['include_builtin_and_temporary'] is False
    assert got['expiring_within_days'] == 90
    assert got['versions'] == cat.PRODUCT_VERSIONS
    assert got['now'] is NOW


def test_negative_days_are_refused():
    with pytest.raises(RDLicenseError) as e:
        want(expiring_within_days=-1)
    assert str(e.value) == 'win_rdlicense_info: expiring_within_days must be 0 or more, got -1'


def test_product_version_ids_are_validated_as_in_cals_with_this_module_named():
    assert want(product_version_ids={'2025': 9})['versions']['2025']['id'] == 9
    with pytest.raises(RDLicenseError) as e:
        want(product_version_ids={'2030': 9})
    assert str(e.value) == ("win_rdlicense_info: product_version_ids: unknown product version '2030' (known: 2008, "
                            '2008R2, 2012, 2016, 2019, 2022, 2025)')
    with pytest.raises(RDLicenseError, match=r"^win_rdlicense_info: product_version_ids\['2025'\] must be a whole"):
        want(product_version_ids={'2025': 'eight'})
    # win_rdlicense_cals still names itself
    with pytest.raises(RDLicenseError, match='^win_rdlicense_cals: product_version_ids'):
        cals.product_versions({'2030': 9})


# --------------------------------------------------------------------------------------------------------------------
# Host and role
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('build, product_type, expected', [
    (20348, 3, '2022'), (17763, 3, '2019'), (9600, 3, '2012'), (26100, 2, '2025'), (22631, 1, None),
])
def test_host_and_newest_cal_version(build, product_type, expected):
    state = probe(os={'caption': 'x', 'product_type': product_type, 'version': '10.0.%d' % build, 'build': build,
                      'installation_type': 'Client' if product_type == 1 else 'Server Core'})
    got = info.host(state)
    assert got == {'computer_name': 'LIC01', 'os': 'x', 'os_version': '10.0.%d' % build,
                   'installation_type': 'Client' if product_type == 1 else 'Server Core',
                   'is_server': product_type != 1, 'is_admin': True, 'max_cal_version': expected}


def test_role_is_what_win_rdlicense_role_returns_plus_installed():
    state = probe()
    got = info.role(state)
    assert got.pop('installed') is True
    assert got == role.shape({}, None, state, state, [])
    assert got['service'] == {'name': 'TermServLicensing', 'exists': True, 'start_mode': 'automatic',
                              'state': 'started'}


def test_role_waiting_for_a_restart_is_not_installed():
    state = no_role(features=[{'name': cat.ROLE_FEATURE, 'exists': True, 'installed': False,
                               'install_state': 'InstallPending'}], reboot_pending=True)
    got = info.role(state)
    assert got['installed'] is False
    assert got['reboot_required'] is True
    assert got['features'] == [{'name': cat.ROLE_FEATURE, 'installed': False, 'install_state': 'InstallPending'}]
    assert info.reason(state) == 'role installation pending a restart'


def test_role_absent_on_a_client_edition():
    state = no_role(features=[])
    assert info.role(state) == {'installed': False, 'features': [], 'reboot_required': False,
                                'service': {'name': cat.SERVICE_NAME, 'exists': False, 'start_mode': None,
                                            'state': None}}


# --------------------------------------------------------------------------------------------------------------------
# Activation and its reasons
# --------------------------------------------------------------------------------------------------------------------
def test_activation_is_what_win_rdlicense_activate_reads_plus_availability_and_scope():
    state = probe()
    got = info.activation(state)
    assert got == dict(activate.read(state), available=True, reason=None, discovery_scope='domain')
    assert got['activation_status'] == 'activated'
    assert got['license_server_id'] == 'A' * 35
    assert got['company_information']['company'] == 'Contoso'
    assert list(got) == ['available', 'reason', 'activation_status', 'license_server_id', 'product_id',
                         'company_information', 'discovery_scope']


@pytest.mark.parametrize('server_role, scope', [(0, 'workgroup'), (1, 'domain'), (2, 'forest'), (7, None),
                                                (None, None)])
def test_discovery_scope_by_name(server_role, scope):
    assert info.activation(probe(server_role=server_role))['discovery_scope'] == scope


def test_role_not_installed_is_a_reason_not_a_failure():
    state = no_role()
    info.preflight(want(), state)  # no exception
    got = info.activation(state)
    assert got == {'available': False, 'reason': 'role not installed', 'activation_status': None,
                   'license_server_id': None, 'product_id': None, 'company_information': {}, 'discovery_scope': None}


def test_missing_namespace_counts_as_role_not_installed():
    state = no_role(provider={'available': False, 'error_code': cat.WBEM_CODES['WBEM_E_INVALID_NAMESPACE'],
                              'error_message': 'x'})
    assert info.reason(state) == 'role not installed'


def test_provider_not_ready_names_the_wmi_error():
    state = no_role(provider={'available': False, 'error_code': cat.WBEM_CODES['WBEM_E_INITIALIZATION_FAILURE'],
                              'error_message': 'x'})
    assert info.reason(state) == ('provider not ready: WBEM_E_INITIALIZATION_FAILURE (0x80041014: the provider failed '
                                  'to initialize)')
    state['provider']['error_code'] = None
    assert info.reason(state) == 'provider not ready: no instance'


def test_status_that_cannot_be_read_is_a_reason_with_the_rest_read():
    state = probe(activation={'status': None, 'error_code': cat.WBEM_CODES['WBEM_E_PROVIDER_FAILURE'],
                              'error_message': 'x'}, license_server_id=None)
    got = info.activation(state)
    assert got['available'] is True
    assert got['reason'] == ('GetActivationStatus failed: WBEM_E_PROVIDER_FAILURE (0x80041004: the provider failed '
                             'after initialization)')
    assert got['activation_status'] is None
    assert got['product_id'] == '12345-67890-13579-AT024'


@pytest.mark.parametrize('status, name', [(0, 'activated'), (1, 'not_activated'), (2, 'unknown')])
def test_activation_status_names(status, name):
    got = info.activation(probe(activation={'status': status, 'error_code': None, 'error_message': None}))
    assert got['activation_status'] == name
    assert got['reason'] is None


# --------------------------------------------------------------------------------------------------------------------
# Key packs, totals, expiry, records
# --------------------------------------------------------------------------------------------------------------------
def test_key_packs_and_totals_are_those_of_win_rdlicense_cals():
    state = probe()
    for include in (False, True):
        wanted = want(include_builtin_and_temporary=include)
        got = info.report(wanted, state)
        assert got['key_packs'] == cals.inventory(state, wanted['versions'], include)
        assert got['totals'] == cals.totals(state, wanted['versions'])
    assert [p['key_pack_id'] for p in info.report(want(), state)['key_packs']] == [2, 3]
    assert [p['key_pack_id'] for p in info.report(want(include_builtin_and_temporary=True), state)['key_packs']] \
        == [1, 2, 3]
    assert info.report(want(), state)['totals'] == {
        '2022': {'per_user': {'total': 25, 'issued': 3, 'available': 22}},
        '2019': {'per_device': {'total': 10, 'issued': 0, 'available': 10}}}


def test_product_version_ids_change_how_packs_are_named():
    got = info.report(want(product_version_ids={'2022': 70}), probe())
    assert sorted(got['totals']) == ['2019', 'id_7']
    assert [p['product_version'] for p in got['key_packs']] == [None, '2019']


def _at(**delta):
    return (NOW + datetime.timedelta(**delta)).strftime('%Y-%m-%dT%H:%M:%SZ')


def test_expiring_window_includes_its_limit_and_the_expired_packs_soonest_first():
    packs = [key_pack(2, expires=_at(days=90, seconds=1)), key_pack(3, expires=_at(days=90)),
             key_pack(4, expires=_at(days=-3)), key_pack(5, expires=None), key_pack(6, expires=_at(days=10)),
             key_pack(7, expires='not a date')]
    state = probe(key_packs=packs)
    got = info.report(want(), state)
    assert [p['key_pack_id'] for p in got['expiring']] == [4, 6, 3]
    assert got['expiring'][0] == next(p for p in got['key_packs'] if p['key_pack_id'] == 4)
    assert [p['key_pack_id'] for p in info.report(want(expiring_within_days=0), state)['expiring']] == [4]
    assert [p['key_pack_id'] for p in info.report(want(expiring_within_days=365), state)['expiring']] == [4, 6, 3, 2]


def test_expiring_looks_only_at_the_packs_shown():
    state = probe(key_packs=[copy.deepcopy(BUILT_IN), key_pack(2, ktype='temporary', cal_type='per_device',
                                                               expires=_at(days=5))])
    assert info.report(want(), state)['expiring'] == []
    assert [p['key_pack_id'] for p in info.report(want(include_builtin_and_temporary=True), state)['expiring']] == [2]


def test_records_are_hashes_and_facts_never_the_salt():
    entries = [
        {'name': 'ef' * 32, 'value': json.dumps({'key_pack_id': 3, 'program': 'retail', 'product_version': None,
                                                 'cal_type': None, 'quantity': None})},
        {'name': RECORD_NAME, 'value': json.dumps({'key_pack_id': 2, 'program': 'select', 'product_version': '2022',
                                                   'cal_type': 'per_user', 'quantity': 25})},
        {'name': 'not-a-record', 'value': '{"key_pack_id": 9}'},
        {'name': '12' * 32, 'value': 'not json'},
    ]
    state = probe(records={'salt': SALT, 'entries': entries})
    got = info.report(want(), state)
    assert got['records'] == [
        {'name': RECORD_NAME, 'key_pack_id': 2, 'program': 'select', 'product_version': '2022', 'cal_type': 'per_user',
         'quantity': 25},
        {'name': 'ef' * 32, 'key_pack_id': 3, 'program': 'retail', 'product_version': None, 'cal_type': None,
         'quantity': None},
    ]
    assert [p['managed'] for p in got['key_packs']] == [True, True]
    assert SALT not in json.dumps(got)


# --------------------------------------------------------------------------------------------------------------------
# Hooks: preflight, plan, diff, result shape
# --------------------------------------------------------------------------------------------------------------------
def test_non_admin_is_refused_with_the_report_of_what_was_read():
    state = no_role(is_admin=False, features=[])
    with pytest.raises(RDLicenseError) as e:
        info.preflight(want(), state)
    assert str(e.value) == (
        "win_rdlicense_info: the connecting account is not a member of the local Administrators group on LIC01, so the "
        "role, the activation and the key packs cannot be read (Windows answers such an account with empty data, "
        "which a report would show as the server's); connect as an administrator or use become with "
        'become_method=runas')
    assert e.value.details['host']['is_admin'] is False
    assert e.value.details['activation']['reason'] == 'not an administrator'
    assert set(e.value.details) == set(info.empty())


def test_the_same_words_as_the_other_modules_for_a_non_admin():
    state = no_role(is_admin=False, features=[])
    messages = []
    for module, wanted in ((info, want()), (role, {'state': 'absent'}), (cals, cals.validate(
            {'packs': [], 'adopt': True, 'report_undeclared': False, 'include_builtin_and_temporary': False,
             'product_version_ids': None}, ENV))):
        with pytest.raises(RDLicenseError) as e:
            module.preflight(wanted, state)
        messages.append(str(e.value))
    pattern = (r'^win_rdlicense_\w+: the connecting account is not a member of the local Administrators group on '
               r'LIC01, so .+; connect as an administrator or use become with become_method=runas$')
    assert all(re.match(pattern, m) for m in messages), messages


def test_plan_never_has_a_step():
    for state in (probe(), no_role()):
        assert info.plan(want(), state, ENV).steps == []
    assert info.describe(probe(), None) == {}


def test_unreadable_key_packs_are_a_warning():
    error = {'available': False, 'error_code': cat.WBEM_CODES['WBEM_E_PROVIDER_FAILURE'], 'error_message': 'boom'}
    state = probe(key_pack_provider=error, key_packs=[])
    assert info.plan(want(), state, ENV).warnings == [
        'win_rdlicense_info: the key packs of LIC01 could not be read [WBEM_E_PROVIDER_FAILURE (0x80041004: the '
        'provider failed after initialization): boom]; key_packs, totals and expiring are empty']
    assert info.plan(want(), probe(), ENV).warnings == []
    assert info.plan(want(), no_role(), ENV).warnings == []  # the reason says it already


def test_report_and_empty_have_the_same_keys_at_every_level():
    got = info.report(want(), probe())
    empty = info.empty()
    assert list(got) == list(empty) == ['host', 'role', 'activation', 'key_packs', 'totals', 'expiring', 'records',
                                        'session_host', 'configuration']
    for key in ('host', 'role', 'activation', 'configuration'):
        assert set(got[key]) == set(empty[key]), key
    assert set(empty['role']['service']) == set(got['role']['service'])
    assert info.shape(want(), Plan(), probe(), probe(), []) == got


# --------------------------------------------------------------------------------------------------------------------
# The session host side
# --------------------------------------------------------------------------------------------------------------------
def test_session_host_is_null_without_the_role_service():
    assert info.report(want(), probe())['session_host'] is None


def test_configuration_is_what_win_rdlicense_configuration_returns():
    state = probe(configuration=configuration_part(tsls_group=test_configuration.answer(True)))
    got = info.report(want(), state)['configuration']
    assert got == test_configuration.conf.report(state)
    assert got['ad_group_member'] is True and got['domain'] == 'corp.example'


def test_session_host_is_what_win_rdlicense_session_host_returns():
    state = probe(session_host=session_host_part(installed=True))
    got = info.report(want(), state)['session_host']
    assert got == _session_host.report(state)
    assert got == {
        'licensing_mode': 'per_user', 'license_servers': ['LIC01'], 'grace_period_days': 120,
        'connectivity': [{'server': 'LIC01', 'code': 11, 'status': 'valid', 'usable': True, 'error': None}],
        'policy': {'licensing_mode': {'source': 'server', 'value': None, 'code': None},
                   'license_servers': {'source': 'server', 'value': None}},
        'cal_version': '2022', 'domain_joined': True,
    }


def test_info_probe_holds_the_session_host_part():
    assert contract.CONTRACT['win_rdlicense_info']['probe']['session_host'] is \
        contract.SESSION_HOST_STATE_SHAPE['session_host']
