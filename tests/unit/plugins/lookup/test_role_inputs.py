# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lookup role_inputs: a role's inputs from the task's variables, each templated and strictly typed."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleLookupError

from ansible_collections.remotedesktop.licensing.plugins.lookup import role_inputs
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _declarations


class Templar:
    """Stands for ansible-core's templar: '{{ x }}' gives the variable x, as templating a role default would."""

    def __init__(self, variables):
        self.variables = variables
        self.templated = []

    def template(self, value):
        self.templated.append(value)
        if isinstance(value, str) and value.startswith('{{ ') and value.endswith(' }}'):
            return self.variables[value[3:-3]]
        return value


def run(terms, variables, **kwargs):
    lookup = role_inputs.LookupModule()
    lookup._templar = Templar(variables)
    return lookup.run(terms, variables, **kwargs), lookup._templar


def test_every_input_of_the_role_is_returned_templated_and_other_variables_are_not_read():
    variables = {'license_server_cal_packs': '{{ packs }}', 'packs': [{'program': 'retail', 'license_code': 'x'}],
                 'license_server_allow_reboot': True, 'inventory_hostname': 'lic01'}
    (found,), templar = run(['license_server'], variables)
    assert set(found) == set(_declarations.role_options('license_server'))
    assert found['license_server_cal_packs'] == [{'program': 'retail', 'license_code': 'x'}]
    assert found['license_server_allow_reboot'] is True
    assert found['license_server_source'] is None  # not set: null
    assert 'lic01' not in templar.templated and '{{ packs }}' in templar.templated


def test_a_value_of_the_wrong_type_is_refused_naming_the_input_not_the_value():
    variables = {'license_server_cal_packs': 'SECRET-LICENSE-CODE', 'license_server_allow_reboot': 1}
    with pytest.raises(AnsibleLookupError) as e:
        run(['license_server'], variables)
    assert str(e.value) == ('license_server: license_server_allow_reboot must be true or false, got a whole number; '
                            'license_server_cal_packs must be a list, got a string')
    assert 'SECRET' not in str(e.value)


@pytest.mark.parametrize('terms', [[], ['license_server', 'session_host'], [['license_server']], ['../etc'],
                                   ['License_Server']])
def test_one_role_name_is_required(terms):
    with pytest.raises(AnsibleLookupError, match='give one role name of remotedesktop.licensing'):
        run(terms, {})


def test_an_unknown_role_is_named():
    with pytest.raises(AnsibleLookupError, match='role_inputs: no_such_role is not a role of remotedesktop.licensing'):
        run(['no_such_role'], {})


def test_options_are_refused():
    with pytest.raises(AnsibleLookupError, match=r'role_inputs: unknown option module_options \(it takes none\)'):
        run(['license_server'], {}, module_options=True)
