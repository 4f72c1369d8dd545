# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_declarations: the role license_server's inputs as win_rdlicense_server's options (what the lookup role_inputs
returns with module_options=true)."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._declarations import (
    MODULE_OPTIONS, DeclarationError, inputs, license_server as license_server_declaration, role_options)

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'license_server')
with open(os.path.join(ROLE, 'defaults', 'main.yml'), encoding='utf-8') as f:
    DEFAULTS = yaml.safe_load(f)
PACK = {'program': 'select', 'agreement_number': '3141592', 'product_version': '2022', 'cal_type': 'per_user',
        'quantity': 5}
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso', 'country_region': 'France'}


def test_the_defaults_give_the_modules_defaults_and_leave_empty_inputs_out():
    assert license_server_declaration(DEFAULTS) == {
        'role': {'include_management_tools': True, 'service_start_mode': 'automatic', 'service_state': 'started'},
        'activation': {'state': 'activated', 'method': 'automatic'},
        'cals': {'packs': [], 'adopt': True, 'report_undeclared': False},
        'reboot': False, 'reboot_timeout': 600,
    }


def test_an_activation_takes_the_license_server_id_and_the_packs_not_the_confirmation_code():
    inputs = dict(DEFAULTS, license_server_activation_method='web', license_server_company_information=COMPANY,
                  license_server_id='ABCDE-12345', license_server_confirmation_code='XYZ', license_server_cal_packs=[PACK],
                  license_server_source=r'\\files\sxs', license_server_product_version_ids={'2025': 8},
                  license_server_include_management_tools=False, license_server_adopt_packs=False,
                  license_server_allow_reboot=True, license_server_reboot_timeout=900)
    declared = license_server_declaration(inputs)
    assert declared['activation'] == {'state': 'activated', 'method': 'web', 'company_information': COMPANY,
                                      'license_server_id': 'ABCDE-12345'}
    assert declared['cals'] == {'packs': [PACK], 'adopt': False, 'report_undeclared': False,
                                'product_version_ids': {'2025': 8}}
    assert declared['role'] == {'include_management_tools': False, 'source': r'\\files\sxs',
                                'service_start_mode': 'automatic', 'service_state': 'started'}
    assert declared['reboot'] is True and declared['reboot_timeout'] == 900


def test_a_deactivation_takes_the_confirmation_code_and_no_pack():
    inputs = dict(DEFAULTS, license_server_activation_state='deactivated', license_server_id='ABCDE-12345',
                  license_server_confirmation_code='XYZ', license_server_cal_packs=[PACK])
    declared = license_server_declaration(inputs)
    assert declared['activation'] == {'state': 'deactivated', 'method': 'automatic', 'confirmation_code': 'XYZ'}
    assert declared['cals']['packs'] == []


@pytest.mark.parametrize('value', ['license_server', ['a'], None])
def test_the_input_must_be_the_dictionary_of_inputs(value):
    with pytest.raises(DeclarationError, match='the inputs must be a dictionary of the role inputs by name'):
        license_server_declaration(value)


def test_missing_inputs_are_named():
    inputs = dict(DEFAULTS)
    del inputs['license_server_adopt_packs'], inputs['license_server_activation_method']
    with pytest.raises(DeclarationError) as e:
        license_server_declaration(inputs)
    assert str(e.value) == 'license_server: inputs missing: license_server_activation_method, license_server_adopt_packs'


def test_every_role_with_module_options_is_a_role_of_the_collection():
    roles = os.path.join(os.path.dirname(ROLE))
    assert set(MODULE_OPTIONS) <= set(os.listdir(roles))


def test_inputs_are_every_input_of_the_role_strictly_typed():
    found = inputs('license_server', dict(DEFAULTS, other=1))
    assert set(found) == set(role_options('license_server')) and 'other' not in found
    with pytest.raises(DeclarationError) as e:
        inputs('license_server', dict(DEFAULTS, license_server_cal_packs='SECRET-CODE', license_server_adopt_packs=0))
    assert str(e.value) == ('license_server: license_server_cal_packs must be a list, got a string; '
                            'license_server_adopt_packs must be true or false, got a whole number')


@pytest.mark.parametrize('role, message', [
    ('no_such_role', 'no_such_role is not a role of remotedesktop.licensing'),
    ('../roles', "'../roles' is not a role name"),
])
def test_unknown_roles_are_named(role, message):
    with pytest.raises(DeclarationError, match=message.replace('(', r'\(').replace('.', r'\.')):
        role_options(role)


SESSION_HOST = {'session_host_licensing_mode': 'per_user', 'session_host_license_servers': ('lic01',),
                'session_host_connection_broker': ''}


def test_the_session_host_options():
    expected = {'licensing_mode': 'per_user', 'license_servers': ['lic01'], 'connection_broker': None}
    assert MODULE_OPTIONS['session_host'](SESSION_HOST) == expected
    broker = MODULE_OPTIONS['session_host'](dict(SESSION_HOST, session_host_connection_broker='rdcb01.corp.example'))
    assert broker['connection_broker'] == 'rdcb01.corp.example'


@pytest.mark.parametrize('inputs, message', [
    (dict(SESSION_HOST, session_host_license_servers=[]), '^session_host: session_host_license_servers is empty'),
    ({'session_host_licensing_mode': 'per_user'}, 'inputs missing: session_host_connection_broker, '
                                                  'session_host_license_servers'),
    (['per_user'], 'the inputs must be a dictionary of the role inputs by name'),
])
def test_session_host_inputs_that_make_no_options(inputs, message):
    with pytest.raises(DeclarationError, match=message):
        MODULE_OPTIONS['session_host'](inputs)
