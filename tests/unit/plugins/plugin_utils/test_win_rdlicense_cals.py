# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning of win_rdlicense_cals: plain data in, plain data out (no host, no simulator)."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _cals as cals
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, RDLicenseError

SALT = 'ab' * 32
RETAIL = 'ABCDE12345FGHIJ67890KLMNO'
KEY_PACK_ID = 'A1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q7R'
PACK_KEYS = ('name', 'program', 'state', 'product_version', 'cal_type', 'quantity') + cals.IDENTIFIERS


def raw(**kw):
    """One entry of packs as validate_argument_spec hands it over (every sub-option present)."""
    return dict(dict({k: None for k in PACK_KEYS}, state='present'), **kw)


def select(**kw):
    return raw(**dict({'program': 'select', 'agreement_number': '1234567', 'product_version': '2022',
                       'cal_type': 'per_user', 'quantity': 25}, **kw))


def args(*packs, **kw):
    return dict({'packs': list(packs), 'adopt': True, 'report_undeclared': False,
                 'include_builtin_and_temporary': False, 'product_version_ids': None}, **kw)


def want(*packs, **kw):
    return cals.validate(args(*packs, **kw), ENV)


def key_pack(key_pack_id, version='2022', cal_type='per_user', quantity=25, ktype='volume', issued=0):
    info = cat.PRODUCT_VERSIONS[version]
    return {'KeyPackId': key_pack_id, 'KeyPackType': cat.KEY_PACK_TYPE_CODES[ktype],
            'ProductType': cat.CAL_TYPES[cal_type], 'ProductVersion': info['label'],
            'ProductVersionID': info['id'], 'TotalLicenses': quantity, 'IssuedLicenses': issued,
            'AvailableLicenses': quantity - issued, 'ExpirationDate': '2038-01-19T03:14:07Z',
            'Description': 'd', 'TypeAndModel': 'RDS CAL'}


BUILT_IN = {'KeyPackId': 1, 'KeyPackType': 0, 'ProductType': 3, 'ProductVersion': 'Windows 2000 Server',
            'ProductVersionID': 0, 'TotalLicenses': cat.UINT32_MAX, 'IssuedLicenses': 0,
            'AvailableLicenses': cat.UINT32_MAX, 'ExpirationDate': '2038-01-19T03:14:07Z',
            'Description': 'Built-in TS Per Device CAL', 'TypeAndModel': 'Built-in TS Per Device CAL'}


def record(pack, key_pack_id, salt=SALT):
    value = {'key_pack_id': key_pack_id, 'program': pack['program'], 'product_version': pack['product_version'],
             'cal_type': pack['cal_type'], 'quantity': pack['quantity']}
    return {'name': cals.record_name(salt, pack), 'value': json.dumps(value)}


def probe(key_packs=(), records=(), salt=SALT, activation=0, build=20348, is_admin=True, available=True,
          error_code=None):
    state = {
        'computer_name': 'LIC01',
        'os': {'caption': 'Microsoft Windows Server', 'product_type': 3, 'version': '10.0.%d' % build, 'build': build,
               'installation_type': 'Server'},
        'is_admin': is_admin,
        'provider': {'available': available, 'error_code': error_code,
                     'error_message': None if available else 'Invalid class'},
        'activation_status': activation if available else None,
        'key_packs': [BUILT_IN] + list(key_packs) if available else [],
        'records': {'salt': salt if records or salt else None, 'entries': list(records)},
    }
    contract.check_probe(cals.MODULE, state)
    return state


def fixed_random(n):
    return bytes(range(n))


ENV = Env(now=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc), random_bytes=fixed_random)


def plan(w, state):
    result = cals.plan(w, state, ENV)
    for step in result.steps:
        contract.check_step(cals.MODULE, step)
    return result


# --------------------------------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('program, identifiers', [
    ('retail', {'license_code': 'abcde-12345-fghij-67890-klmno'}),
    ('open_license', {'license_number': '1234-5678', 'authorization_number': 'abcde-12345-fghij'}),
    ('select', {'agreement_number': '123-4567'}),
    ('enterprise_agreement', {'agreement_number': '1234567'}),
    ('campus', {'agreement_number': '1234567'}),
    ('school', {'agreement_number': '1234567'}),
    ('spla', {'agreement_number': '1234567'}),
    ('other_agreement', {'agreement_number': '1234567'}),
    ('license_key_pack_id', {'license_key_pack_id': 'a1b2c-3d4e5-f6g7h-8i9j0-k1l2m-3n4o5-p6q7r'}),
])
def test_every_program_accepts_well_formed_identifiers_and_normalises_them(program, identifiers):
    facts = {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 10}
    w = want(raw(program=program, **dict(facts, **identifiers)))
    pack = w['packs'][0]
    for name in identifiers:
        assert pack[name] == identifiers[name].replace('-', '').upper()
        assert '-' not in pack[name]


@pytest.mark.parametrize('pack, message', [
    (raw(program='retail', license_code='ABCDE12345FGHIJ67890KLMN'),
     'packs[0]: license_code must be 25 letters and digits (hyphens and lower case are accepted), got 24 characters'),
    (raw(program='retail', license_code='ABCDE12345FGHIJ67890KLMN!'),
     'packs[0]: license_code must be 25 letters and digits (hyphens and lower case are accepted), it contains other '
     'characters'),
    (select(agreement_number='123456'),
     'packs[0]: agreement_number must be 7 digits (hyphens and lower case are accepted), got 6 characters'),
    (select(agreement_number='123456A'),
     'packs[0]: agreement_number must be 7 digits (hyphens and lower case are accepted), got 7 characters'),
    (raw(program='open_license', license_number='1234567', authorization_number='ABCDE12345FGHIJ',
         product_version='2022', cal_type='per_user', quantity=5),
     'packs[0]: license_number must be 8 digits (hyphens and lower case are accepted), got 7 characters'),
    (raw(program='open_license', license_number='12345678', authorization_number='ABCDE12345FGHI_',
         product_version='2022', cal_type='per_user', quantity=5),
     'packs[0]: authorization_number must be 15 letters and digits (hyphens and lower case are accepted), it contains '
     'other characters'),
    (raw(program='license_key_pack_id', license_key_pack_id='A1B2C3'),
     'packs[0]: license_key_pack_id must be 35 letters and digits (hyphens and lower case are accepted), got 6 '
     'characters'),
    (raw(program='retail'), 'packs[0]: program=retail needs license_code'),
    (raw(program='open_license', license_number='12345678'),
     'packs[0]: program=open_license needs authorization_number, product_version, cal_type, quantity'),
    (select(product_version=None, quantity=None), 'packs[0]: program=select needs product_version, quantity'),
    (select(license_code=RETAIL),
     'packs[0]: license_code cannot be used with program=select (it takes agreement_number)'),
    (raw(program='retail', license_code=RETAIL, agreement_number='1234567', license_number='12345678'),
     'packs[0]: license_number, agreement_number cannot be used with program=retail (it takes license_code)'),
    (select(quantity=0), 'packs[0]: quantity must be between 1 and 9999, got 0'),
    (select(quantity=10000), 'packs[0]: quantity must be between 1 and 9999, got 10000'),
    (select(product_version='2030'), "packs[0]: unknown product_version '2030' (known: 2008, 2008R2, 2012, 2016, "
                                     "2019, 2022, 2025)"),
    (select(cal_type='per_cpu'), "packs[0]: unknown cal_type 'per_cpu' (known: per_device, per_user)"),
    (select(name='hq', quantity=-3), "packs[0] 'hq': quantity must be between 1 and 9999, got -3"),
])
def test_bad_packs_are_refused_with_the_reason(pack, message):
    with pytest.raises(RDLicenseError) as err:
        want(pack)
    assert str(err.value) == 'win_rdlicense_cals: ' + message


def test_no_identifier_value_appears_in_a_validation_message():
    for pack in (raw(program='retail', license_code='ABCDE12345FGHIJ67890KLM'),
                 select(agreement_number='98765-4'), select(agreement_number='1234567', license_code=RETAIL)):
        with pytest.raises(RDLicenseError) as err:
            want(pack)
        for name in cals.IDENTIFIERS:
            if pack[name]:
                assert pack[name].replace('-', '') not in str(err.value)


def test_the_same_pack_declared_twice_is_refused():
    with pytest.raises(RDLicenseError) as err:
        want(select(name='a'), select(), select(agreement_number='123-4567', name='c'))
    assert str(err.value) == ("win_rdlicense_cals: packs[0] 'a' and packs[1] declare the same pack (same program, "
                              'identifiers, product version, CAL type and quantity); declare each pack once')


def test_same_agreement_for_another_version_is_another_pack():
    w = want(select(), select(product_version='2019'), select(cal_type='per_device'), select(quantity=26))
    assert len({cals.identity(p) for p in w['packs']}) == 4


def test_retail_and_key_pack_id_identity_ignores_optional_facts():
    bare = want(raw(program='retail', license_code=RETAIL))['packs'][0]
    with_facts = want(raw(program='retail', license_code=RETAIL, product_version='2022', cal_type='per_device',
                          quantity=5))['packs'][0]
    assert cals.identity(bare) == cals.identity(with_facts)
    assert cals.record_name(SALT, bare) == cals.record_name(SALT, with_facts)


def test_record_name_is_a_salted_sha256_of_the_identity_and_hides_the_number():
    pack = want(select())['packs'][0]
    name = cals.record_name(SALT, pack)
    expected = hashlib.sha256((SALT + '\n' + '["select","1234567","2022","per_user",25]').encode()).hexdigest()
    assert name == expected
    assert '1234567' not in name
    assert cals.record_name('cd' * 32, pack) != name


@pytest.mark.parametrize('overrides, message', [
    ({'2030': 9}, "product_version_ids: unknown product version '2030' (known: 2008, 2008R2, 2012, 2016, 2019, 2022, "
                  "2025)"),
    ({'2025': 'eight'}, "product_version_ids['2025'] must be a whole number, got 'eight'"),
    ({'2025': True}, "product_version_ids['2025'] must be a whole number, got True"),
    ({'2025': -1}, "product_version_ids['2025'] must be between 0 and 4294967295, got -1"),
])
def test_bad_version_overrides_are_refused(overrides, message):
    with pytest.raises(RDLicenseError) as err:
        want(select(), product_version_ids=overrides)
    assert str(err.value) == 'win_rdlicense_cals: ' + message


# --------------------------------------------------------------------------------------------------------------------
# Preflight
# --------------------------------------------------------------------------------------------------------------------
def test_preflight_refuses_a_non_administrator():
    with pytest.raises(RDLicenseError) as err:
        cals.preflight(want(select()), probe(is_admin=False))
    assert str(err.value) == ('win_rdlicense_cals: the connecting account is not a member of the local Administrators '
                              'group on LIC01, so the key packs cannot be read or installed; connect as an '
                              'administrator or use become with become_method=runas')


def test_preflight_refuses_a_missing_provider_and_names_the_wbem_code():
    with pytest.raises(RDLicenseError) as err:
        cals.preflight(want(select()), probe(available=False, error_code=0x80041010))
    assert str(err.value) == (
        'win_rdlicense_cals: the RD Licensing WMI provider does not answer on LIC01 (WBEM_E_INVALID_CLASS (0x80041010: '
        'the class does not exist): Invalid class); install the role with remotedesktop.licensing.win_rdlicense_role '
        '(and restart the server when it asks for it) first')


def test_preflight_refuses_records_without_their_salt():
    pack = want(select())['packs'][0]
    state = probe([key_pack(2)], [record(pack, 2)])
    state['records']['salt'] = None
    with pytest.raises(RDLicenseError) as err:
        cals.preflight(want(select()), state)
    assert 'have lost their Salt value' in str(err.value)
    cals.preflight(want(select()), probe([key_pack(2)], [record(pack, 2)]))  # with the salt: fine


# --------------------------------------------------------------------------------------------------------------------
# Plan: install, present, records
# --------------------------------------------------------------------------------------------------------------------
def test_fresh_server_gets_a_salt_then_one_install_step_per_program():
    w = want(select(), raw(program='retail', license_code=RETAIL),
             raw(program='open_license', license_number='12345678', authorization_number='ABCDE12345FGHIJ',
                 product_version='2019', cal_type='per_device', quantity=10),
             raw(program='license_key_pack_id', license_key_pack_id=KEY_PACK_ID),
             select(program='spla', product_version='2016', cal_type='per_device', quantity=3))
    result = plan(w, probe(salt=None))
    salt = fixed_random(32).hex()
    assert result.new_salt and result.salt == salt
    assert result.steps[0] == {'type': 'init_records', 'salt': salt}
    names = [cals.record_name(salt, p) for p in w['packs']]
    assert result.steps[1] == {
        'type': 'install_agreement_pack', 'agreement_type': 0, 'agreement_number': '1234567', 'product_version': 7,
        'product_type': 1, 'license_count': 25, 'continue_on_failure': True,
        'record': {'name': names[0], 'program': 'select', 'product_version': '2022', 'cal_type': 'per_user',
                   'quantity': 25}}
    assert result.steps[2] == {
        'type': 'install_retail_pack', 'license_code': RETAIL, 'continue_on_failure': True,
        'record': {'name': names[1], 'program': 'retail', 'product_version': None, 'cal_type': None,
                   'quantity': None}}
    assert result.steps[3] == {
        'type': 'install_open_pack', 'license_number': '12345678', 'authorization_number': 'ABCDE12345FGHIJ',
        'product_version': 6, 'product_type': 0, 'license_count': 10, 'continue_on_failure': True,
        'record': {'name': names[2], 'program': 'open_license', 'product_version': '2019', 'cal_type': 'per_device',
                   'quantity': 10}}
    assert result.steps[4]['type'] == 'install_key_pack_id'
    assert result.steps[4]['license_key_pack_id'] == KEY_PACK_ID
    assert result.steps[5]['agreement_type'] == cat.AGREEMENT_TYPES['spla'] == 4
    assert result.steps[5]['product_version'] == 5
    assert [d.action for d in result.decisions] == ['install'] * 5
    assert [d.step_index for d in result.decisions] == [1, 2, 3, 4, 5]


def test_recorded_pack_that_exists_is_present_and_costs_no_step():
    w = want(select())
    state = probe([key_pack(2)], [record(w['packs'][0], 2)])
    result = plan(w, state)
    assert result.steps == []
    assert [(d.action, d.key_pack_id) for d in result.decisions] == [('present', 2)]


def test_existing_salt_is_kept_and_not_written_again():
    result = plan(want(select()), probe())
    assert [s['type'] for s in result.steps] == ['install_agreement_pack']
    assert result.salt == SALT and not result.new_salt


def test_record_of_a_pack_removed_by_hand_leads_to_a_new_install():
    w = want(select())
    result = plan(w, probe([], [record(w['packs'][0], 9)]))
    assert [d.action for d in result.decisions] == ['install']
    assert result.steps[0]['record']['name'] == record(w['packs'][0], 9)['name']


def test_records_of_other_tasks_claim_their_packs():
    other = want(select(agreement_number='7654321'))['packs'][0]
    result = plan(want(select()), probe([key_pack(2)], [record(other, 2)]))
    assert [d.action for d in result.decisions] == ['install']  # KeyPackId 2 belongs to another declaration


def test_values_that_are_not_records_are_ignored_with_a_warning():
    state = probe(records=[{'name': 'Comment', 'value': 'x'}, {'name': 'f' * 64, 'value': '{"key_pack_id": "2"}'}])
    result = plan(want(select(), product_version_ids={'2022': 7}), state)
    assert result.warnings == ['win_rdlicense_cals: ignored 2 value(s) under HKLM:\\SOFTWARE\\remotedesktop.licensing'
                               '\\KeyPacks that are not idempotency records of this collection']


# --------------------------------------------------------------------------------------------------------------------
# Plan: adoption
# --------------------------------------------------------------------------------------------------------------------
def test_unclaimed_matching_pack_is_adopted_not_installed():
    w = want(select())
    result = plan(w, probe([key_pack(5, ktype='temporary'), key_pack(3)], salt=None))
    assert [(d.action, d.key_pack_id) for d in result.decisions] == [('adopt', 3)]
    assert result.steps == [
        {'type': 'init_records', 'salt': fixed_random(32).hex()},
        {'type': 'adopt_pack', 'key_pack_id': 3, 'continue_on_failure': True,
         'record': {'name': cals.record_name(fixed_random(32).hex(), w['packs'][0]), 'program': 'select',
                    'product_version': '2022', 'cal_type': 'per_user', 'quantity': 25}}]


@pytest.mark.parametrize('installed', [
    key_pack(3, version='2019'), key_pack(3, cal_type='per_device'), key_pack(3, quantity=24),
    key_pack(3, ktype='retail'), key_pack(3, ktype='temporary'),
])
def test_a_pack_that_differs_is_not_adopted(installed):
    result = plan(want(select()), probe([installed]))
    assert [d.action for d in result.decisions] == ['install']


def test_built_in_pack_is_never_adopted():
    result = plan(want(raw(program='license_key_pack_id', license_key_pack_id=KEY_PACK_ID)), probe())
    assert [d.action for d in result.decisions] == ['install']  # only the built-in pack exists: nothing ambiguous


def test_each_installed_pack_is_adopted_once():
    w = want(select(name='a'), select(name='b', agreement_number='7654321'))
    result = plan(w, probe([key_pack(3), key_pack(4)]))
    assert [(d.action, d.key_pack_id) for d in result.decisions] == [('adopt', 3), ('adopt', 4)]
    result = plan(w, probe([key_pack(3)]))
    assert [(d.action, d.key_pack_id) for d in result.decisions] == [('adopt', 3), ('install', None)]


def test_adopt_false_installs_regardless():
    result = plan(want(select(), adopt=False), probe([key_pack(3)]))
    assert [d.action for d in result.decisions] == ['install']


def test_key_pack_id_and_retail_packs_with_facts_are_adopted_by_their_key_pack_type():
    w = want(raw(program='retail', license_code=RETAIL, product_version='2022', cal_type='per_device', quantity=5),
             raw(program='license_key_pack_id', license_key_pack_id=KEY_PACK_ID, product_version='2019',
                 cal_type='per_user', quantity=7))
    state = probe([key_pack(3, cal_type='per_device', quantity=5, ktype='retail'),
                   key_pack(4, version='2019', quantity=7, ktype='volume')])
    assert [(d.action, d.key_pack_id) for d in plan(w, state).decisions] == [('adopt', 3), ('adopt', 4)]


def test_pack_without_facts_is_refused_when_unclaimed_packs_could_be_it():
    w = want(raw(program='retail', license_code=RETAIL, name='box'), select())
    state = probe([key_pack(3, ktype='retail', quantity=5), key_pack(4)])
    with pytest.raises(RDLicenseError) as err:
        plan(w, state)
    assert str(err.value) == (
        "win_rdlicense_cals: some packs without product_version, cal_type and quantity cannot be told apart from "
        "packs installed without this module: packs[0] 'box' (retail) could be KeyPackId 3; give product_version, "
        "cal_type and quantity so that an installed pack can be recognised (adopted), or set adopt=false to install "
        "regardless")
    assert [d.action for d in plan(want(raw(program='retail', license_code=RETAIL), adopt=False), state).decisions] \
        == ['install']


def test_pack_without_facts_installs_when_every_pack_is_claimed():
    other = want(select())['packs'][0]
    w = want(raw(program='license_key_pack_id', license_key_pack_id=KEY_PACK_ID))
    result = plan(w, probe([key_pack(2)], [record(other, 2)]))
    assert [d.action for d in result.decisions] == ['install']


# --------------------------------------------------------------------------------------------------------------------
# Plan: removal
# --------------------------------------------------------------------------------------------------------------------
def test_absent_pack_with_a_record_is_removed_with_its_record():
    w = want(select(state='absent'))
    pack = w['packs'][0]
    result = plan(w, probe([key_pack(2)], [record(pack, 2)]))
    assert result.steps == [{'type': 'remove_pack', 'key_pack_id': 2, 'record': cals.record_name(SALT, pack),
                             'continue_on_failure': True}]


def test_absent_pack_without_a_record_is_left_alone_with_a_warning_about_look_alikes():
    result = plan(want(select(state='absent')), probe([key_pack(3)], salt=None))
    assert result.steps == []
    assert [d.action for d in result.decisions] == ['absent']
    assert result.warnings == [
        'win_rdlicense_cals: packs[0] (select, 2022 per_user, 25 CALs) has no idempotency record on LIC01, so it cannot '
        'be identified and is left alone; installed packs that look like it (KeyPackId 3) were not installed by this '
        'module: remove the right one with RD Licensing Manager, or declare the pack present first to adopt it and '
        'then absent']
    assert plan(want(select(state='absent')), probe([])).warnings == []


def test_removal_needs_no_activation():
    w = want(select(state='absent'))
    result = plan(w, probe([key_pack(2)], [record(w['packs'][0], 2)], activation=1))
    assert [s['type'] for s in result.steps] == ['remove_pack']


# --------------------------------------------------------------------------------------------------------------------
# Plan: refusals on the host's data
# --------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('activation, status', [(1, 'not_activated'), (2, 'unknown')])
def test_install_on_a_server_that_is_not_activated_is_refused(activation, status):
    with pytest.raises(RDLicenseError) as err:
        plan(want(select()), probe(activation=activation))
    assert str(err.value) == ('win_rdlicense_cals: the license server LIC01 is not activated (GetActivationStatus: %s), '
                              'so CAL packs cannot be installed; run remotedesktop.licensing.win_rdlicense_activate '
                              'first' % status)


def test_recorded_packs_need_no_activation():
    w = want(select())
    assert plan(w, probe([key_pack(2)], [record(w['packs'][0], 2)], activation=1)).steps == []


def test_cal_versions_newer_than_the_server_are_refused():
    w = want(select(), select(name='next', product_version='2025', quantity=3), select(product_version='2019'),
             raw(program='retail', license_code=RETAIL, product_version='2022'))
    with pytest.raises(RDLicenseError) as err:
        plan(w, probe(build=17763))
    assert str(err.value) == (
        "win_rdlicense_cals: LIC01 (build 17763) is a Windows Server 2019 license server, which holds CALs of Windows "
        "Server 2019 and older: packs[0] (select, 2022 per_user, 25 CALs), packs[1] 'next' (select, 2025 per_user, 3 "
        "CALs), packs[3] (retail, 2022) are newer; install them on a license server running Windows Server 2025 or "
        "later")


def test_one_newer_pack_is_named_alone():
    with pytest.raises(RDLicenseError) as err:
        plan(want(select(product_version='2008R2')), probe(build=6001))
    assert str(err.value).endswith('packs[0] (select, 2008R2 per_user, 25 CALs) is newer; install it on a license '
                                   'server running Windows Server 2008 R2 or later')


def test_2012_r2_server_holds_2012_cals_and_a_2025_server_everything():
    plan(want(select(product_version='2012')), probe(build=9600))
    plan(want(select(product_version='2025')), probe(build=26100))


@pytest.mark.parametrize('version, number', [('2022', 7), ('2025', 8)])
def test_undocumented_numbers_warn_and_can_be_overridden(version, number):
    """Microsoft's pages of the install methods list ProductVersion up to 6 (2019): 7 and 8 are assumptions."""
    result = plan(want(select(product_version=version)), probe(build=26100))
    assert result.steps[0]['product_version'] == number
    assert result.warnings == [
        'win_rdlicense_cals: packs[0] (select, %s per_user, 25 CALs): Microsoft documents no ProductVersion number '
        'for Windows Server %s CALs; this module assumes %d. If the pack is refused or shows up as another version, '
        'set product_version_ids to the right number' % (version, version, number)]
    result = plan(want(select(product_version=version), product_version_ids={version: '9'}), probe(build=26100))
    assert result.steps[0]['product_version'] == 9
    assert result.warnings == []


def test_only_2022_and_2025_numbers_are_assumptions():
    assert [name for name, info in cat.PRODUCT_VERSIONS.items() if not info['documented']] == ['2022', '2025']


def test_override_also_recognises_installed_packs_by_the_new_number():
    installed = dict(key_pack(3), ProductVersionID=9, ProductVersion='Windows Server 2025')
    w = want(select(product_version='2025'), product_version_ids={'2025': 9})
    result = plan(w, probe([installed], build=26100))
    assert [(d.action, d.key_pack_id) for d in result.decisions] == [('adopt', 3)]


# --------------------------------------------------------------------------------------------------------------------
# Undeclared packs, inventory, totals, diff
# --------------------------------------------------------------------------------------------------------------------
def test_undeclared_packs_are_reported_only_when_asked():
    w = want(select())
    state = probe([key_pack(2), key_pack(3, version='2019', cal_type='per_device', quantity=10, ktype='retail'),
                   key_pack(4, ktype='temporary')], [record(w['packs'][0], 2)])
    assert plan(w, state).warnings == []
    result = plan(want(select(), report_undeclared=True), state)
    assert result.warnings == ['win_rdlicense_cals: 1 installed pack(s) on LIC01 are not declared by this task: '
                               'KeyPackId 3: 2019 per_device, 10 CALs (retail)']
    shaped = cals.shape(want(select(), report_undeclared=True), result, state, state, [])
    assert [i['key_pack_id'] for i in shaped['undeclared']] == [3]


def test_inventory_and_totals_leave_out_built_in_and_temporary_packs():
    w = want(select())
    state = probe([key_pack(2, issued=5), key_pack(3, quantity=10, issued=1),
                   key_pack(4, version='2019', cal_type='per_device', quantity=7),
                   key_pack(5, ktype='temporary', quantity=99)], [record(w['packs'][0], 2)])
    inventory = cals.inventory(state, w['versions'])
    assert [i['key_pack_id'] for i in inventory] == [2, 3, 4]
    assert inventory[0] == {
        'key_pack_id': 2, 'key_pack_type': 'volume', 'product_version': '2022', 'product_version_id': 7,
        'product_version_label': 'Windows Server 2022', 'cal_type': 'per_user', 'total': 25, 'issued': 5,
        'available': 20, 'expiration_date': '2038-01-19T03:14:07Z', 'description': 'd', 'type_and_model': 'RDS CAL',
        'managed': True}
    assert [i['managed'] for i in inventory] == [True, False, False]
    everything = cals.inventory(state, w['versions'], include_all=True)
    assert [i['key_pack_id'] for i in everything] == [1, 2, 3, 4, 5]
    assert everything[0]['cal_type'] == 'built_in' and everything[0]['product_version'] is None
    assert cals.totals(state, w['versions']) == {
        '2022': {'per_user': {'total': 35, 'issued': 6, 'available': 29}},
        '2019': {'per_device': {'total': 7, 'issued': 0, 'available': 7}},
    }


def test_unknown_version_ids_are_kept_visible():
    state = probe([dict(key_pack(3), ProductVersionID=12, ProductVersion='Windows Server 2031')])
    assert cals.totals(state, cat.PRODUCT_VERSIONS) == {'id_12': {'per_user': {'total': 25, 'issued': 0,
                                                                               'available': 25}}}
    assert cals.inventory(state, cat.PRODUCT_VERSIONS)[0]['product_version'] is None


def test_check_mode_prediction_adds_installs_records_adoptions_and_drops_removals():
    w = want(select(name='new'), select(agreement_number='1111111', quantity=10),
             select(agreement_number='2222222', state='absent'), raw(program='retail', license_code=RETAIL))
    gone = w['packs'][2]
    state = probe([key_pack(3, quantity=10), key_pack(4)], [record(gone, 4)])
    the_plan = plan(w, state)
    after = cals.predict(w, state, the_plan)
    diff = {'before': cals.describe(state, None), 'after': cals.describe(after, the_plan)}
    assert diff['before'] == {'key_packs': {
        'KeyPackId 3': {'product_version': '2022', 'cal_type': 'per_user', 'total': 10, 'key_pack_type': 'volume',
                        'managed': False},
        'KeyPackId 4': {'product_version': '2022', 'cal_type': 'per_user', 'total': 25, 'key_pack_type': 'volume',
                        'managed': True}}}
    assert diff['after'] == {'key_packs': {
        'KeyPackId 3': {'product_version': '2022', 'cal_type': 'per_user', 'total': 10, 'key_pack_type': 'volume',
                        'managed': True},
        "new (packs[0] 'new')": {'product_version': '2022', 'cal_type': 'per_user', 'total': 25,
                                 'key_pack_type': 'volume', 'managed': True},
        'new (packs[3])': {'product_version': None, 'cal_type': None, 'total': None, 'key_pack_type': 'retail',
                           'managed': True}}}
    shaped = cals.shape(w, the_plan, state, after, [])
    assert [(p['outcome'], p['key_pack_id']) for p in shaped['packs']] == [
        ('installed', None), ('adopted', 3), ('removed', 4), ('installed', None)]
    assert shaped['totals'] == {'2022': {'per_user': {'total': 35, 'issued': 0, 'available': 35}}}


# --------------------------------------------------------------------------------------------------------------------
# Results after apply, failures
# --------------------------------------------------------------------------------------------------------------------
def _outcome(stype, status, detail=None, error=None):
    return {'type': stype, 'status': status, 'detail': detail or {}, 'error': error}


REFUSED = {'code': 0x80041008, 'message': 'the Clearinghouse does not recognise the license code',
           'operation': 'InstallRetailPurchaseLicenseKeyPack'}


def test_every_pack_gets_its_outcome_and_failures_are_explained_together():
    w = want(select(name='hq'), raw(program='retail', license_code=RETAIL),
             select(agreement_number='7654321', state='absent'))
    state = probe([key_pack(4)], [record(w['packs'][2], 4)])
    the_plan = plan(w, state)
    outcomes = [_outcome('install_agreement_pack', 'changed', {'key_pack_id': 5}),
                _outcome('install_retail_pack', 'failed', error=REFUSED),
                _outcome('remove_pack', 'changed', {'key_pack_id': 4, 'uninstalled': True})]
    after = probe([key_pack(5)], [record(w['packs'][0], 5)])
    shaped = cals.shape(w, the_plan, state, after, outcomes)
    assert [(p['outcome'], p['key_pack_id']) for p in shaped['packs']] == [('installed', 5), ('failed', None),
                                                                           ('removed', 4)]
    refused = ('InstallRetailPurchaseLicenseKeyPack failed: the Clearinghouse does not recognise the license code '
               '[WBEM_E_INVALID_PARAMETER (0x80041008: a parameter is not valid)]')
    assert shaped['packs'][1]['msg'] == refused
    assert cals.explain(w, the_plan, outcomes) == 'win_rdlicense_cals: 1 of 3 packs failed: packs[1] (retail): ' + refused


def test_a_pack_another_run_installed_meanwhile_is_present():
    w = want(select())
    the_plan = plan(w, probe())
    outcomes = [_outcome('install_agreement_pack', 'ok', {'key_pack_id': 8, 'concurrent': True})]
    shaped = cals.shape(w, the_plan, probe(), probe([key_pack(8)], [record(w['packs'][0], 8)]), outcomes)
    assert [(p['outcome'], p['key_pack_id']) for p in shaped['packs']] == [('present', 8)]


def test_a_failed_salt_leaves_every_pack_not_attempted():
    w = want(select(), select(agreement_number='7654321'))
    the_plan = plan(w, probe(salt=None))
    error = {'code': 0x80041019, 'message': 'initialised by another run', 'operation': 'New-ItemProperty'}
    outcomes = [_outcome('init_records', 'failed', error=error)]
    shaped = cals.shape(w, the_plan, probe(salt=None), probe(salt=None), outcomes)
    assert [p['outcome'] for p in shaped['packs']] == ['failed', 'failed']
    assert cals.explain(w, the_plan, outcomes) == (
        'win_rdlicense_cals: 2 of 2 packs failed: packs[0] (select, 2022 per_user, 25 CALs): not attempted: the '
        'idempotency records could not be initialised: New-ItemProperty failed: initialised by another run '
        '[WBEM_E_ALREADY_EXISTS (0x80041019: the instance already exists)]; packs[1] (select, 2022 per_user, 25 CALs): '
        'not attempted: the idempotency records could not be initialised: New-ItemProperty failed: initialised by '
        'another run [WBEM_E_ALREADY_EXISTS (0x80041019: the instance already exists)]')


def test_retail_facts_are_filled_in_from_the_installed_pack():
    w = want(raw(program='retail', license_code=RETAIL))
    the_plan = plan(w, probe())
    outcomes = [_outcome('install_retail_pack', 'changed', {'key_pack_id': 6})]
    after = probe([key_pack(6, cal_type='per_device', quantity=5, ktype='retail')], [record(w['packs'][0], 6)])
    entry = cals.shape(w, the_plan, probe(), after, outcomes)['packs'][0]
    assert (entry['product_version'], entry['cal_type'], entry['quantity']) == ('2022', 'per_device', 5)


# --------------------------------------------------------------------------------------------------------------------
# The runner key continue_on_failure
# --------------------------------------------------------------------------------------------------------------------
def test_contract_accepts_continue_on_failure_as_a_boolean_only():
    step = {'type': 'remove_pack', 'key_pack_id': 2, 'record': 'f' * 64}
    contract.check_step(cals.MODULE, step)
    contract.check_step(cals.MODULE, dict(step, continue_on_failure=True))
    with pytest.raises(contract.ContractError):
        contract.check_step(cals.MODULE, dict(step, continue_on_failure='yes'))
