# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role license_server checks its inputs strictly before anything is sent: its module task takes them whole from
the lookup role_inputs (the options of its own meta/argument_specs.yml, each value checked strictly against its type,
by plugin_utils/_declarations.py; tests/playbooks/test_role_inputs.py runs it)."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _declarations as role_inputs

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
ROLE = os.path.join(COLLECTION_ROOT, 'roles', 'license_server')


def check(values, spec):
    """The lookup's check of the role's inputs: its messages (empty when every value is strictly of its type)."""
    assert spec == role_inputs.role_options('license_server')
    try:
        role_inputs.inputs('license_server', values)
    except role_inputs.DeclarationError as e:
        prefix = 'license_server: '
        assert str(e).startswith(prefix)
        return str(e)[len(prefix):].split('; ')
    return []


def _load(*parts):
    with open(os.path.join(ROLE, *parts), encoding='utf-8') as f:
        return yaml.safe_load(f)


SPEC = _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
DEFAULTS = _load('defaults', 'main.yml')
PACK = {'program': 'select', 'agreement_number': '3141592', 'product_version': '2022', 'cal_type': 'per_user',
        'quantity': 5}


def test_the_first_task_hands_the_checked_inputs_to_the_module_whole():
    first = _load('tasks', 'main.yml')[0]
    assert first['remotedesktop.licensing.win_rdlicense_server'] == {
        'role_inputs': "{{ lookup('remotedesktop.licensing.role_inputs', 'license_server') }}"}
    assert 'vars' not in first


def test_the_lookup_returns_every_input_with_its_value():
    found = role_inputs.inputs('license_server', dict(DEFAULTS, license_server_cal_packs=[PACK], other_variable=1))
    assert set(found) == set(SPEC)
    assert found['license_server_cal_packs'] == [PACK]


def test_the_defaults_pass():
    assert check(DEFAULTS, SPEC) == []
    assert check(dict(DEFAULTS, license_server_cal_packs=[PACK, dict(PACK, quantity='7', agreement_number=2718281)],
                      license_server_allow_reboot='yes', license_server_product_version_ids={'2025': 8}), SPEC) == []


@pytest.mark.parametrize('name, value, message', [
    ('license_server_confirmation_code', ['ABCDE'], 'license_server_confirmation_code must be a string, got a list'),
    ('license_server_id', {'id': 'x'}, 'license_server_id must be a string, got a dictionary'),
    ('license_server_source', True, 'license_server_source must be a string, got a boolean'),
    ('license_server_service_state', ['started'], 'license_server_service_state must be a string, got a list'),
    ('license_server_activation_method', ['web'], 'license_server_activation_method must be a string, got a list'),
    ('license_server_activation_state', 1.0, 'license_server_activation_state must be a string, got a decimal number'),
    ('license_server_service_start_mode', ['manual'], 'license_server_service_start_mode must be a string, got a list'),
    ('license_server_reboot_timeout', True, 'license_server_reboot_timeout must be a whole number, got a boolean'),
    ('license_server_allow_reboot', 1, 'license_server_allow_reboot must be true or false, got a whole number'),
    ('license_server_include_management_tools', 'sometimes',
     'license_server_include_management_tools must be true or false, got a string that is not true or false'),
    ('license_server_adopt_packs', 0, 'license_server_adopt_packs must be true or false, got a whole number'),
    ('license_server_report_undeclared_packs', [], 'license_server_report_undeclared_packs must be true or false, '
                                                   'got a list'),
    ('license_server_company_information', 'Contoso', 'license_server_company_information must be a dictionary, got '
                                                      'a string'),
    ('license_server_company_information', {'first_name': ['Ada'], 'city': {'a': 1}},
     'license_server_company_information.first_name must be a string, got a list; '
     'license_server_company_information.city must be a string, got a dictionary'),
    ('license_server_cal_packs', 'select', 'license_server_cal_packs must be a list, got a string'),
    ('license_server_cal_packs', [PACK, 'x', dict(PACK, quantity=True, license_code=['c'])],
     'license_server_cal_packs[1] must be a dictionary, got a string; license_server_cal_packs[2].quantity must be a '
     'whole number, got a boolean; license_server_cal_packs[2].license_code must be a string, got a list'),
    ('license_server_product_version_ids', '2025=8', 'license_server_product_version_ids must be a dictionary, got a '
                                                     'string'),
    ('license_server_configuration', {'ad_group_member': 'yes please', 'endpoint_servers': 'RDSH01'},
     'license_server_configuration.ad_group_member must be true or false, got a string that is not true or false; '
     'license_server_configuration.endpoint_servers must be a list, got a string'),
])
def test_every_input_is_typed_strictly(name, value, message):
    assert '; '.join(check(dict(DEFAULTS, **{name: value}), SPEC)) == message


def test_every_input_of_the_spec_is_covered():
    """Each input named in the parametrised test above: a new input gets a case there."""
    covered = {case[0] for case in test_every_input_is_typed_strictly.pytestmark[0].args[1]}
    assert covered == set(SPEC)
