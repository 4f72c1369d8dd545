# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role license_server: its defaults, its argument specs and the variables its tasks use agree.

Inputs are the variables named ``license_server_*``; the role's internal values are named ``__license_server_*`` and
the fact it sets is ``license_server_summary``. Every input has a default in defaults/main.yml equal to the default
in meta/argument_specs.yml, the defaults pass the specs, every input is used by the tasks (or the values they
template) and every variable they use is an input. The inputs that are passed on to a module take the module's
types and choices, so that a value the role accepts at its start is not refused by the module later.
"""

from __future__ import annotations

import os
import re
import typing as t

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._declarations import (
    license_server as license_server_declaration)
from ansible_collections.remotedesktop.licensing.plugins.modules import win_rdlicense_server

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
ROLE = os.path.join(COLLECTION_ROOT, 'roles', 'license_server')
# An input: license_server_<name>, not preceded by a word character or a dot (so __license_server_* internals and the
# filters remotedesktop.licensing.license_server_* are not inputs).
INPUT = re.compile(r'(?<![\w.])license_server_[a-z0-9_]+')
OUTPUT_FACTS = {'license_server_summary'}
SPEC_KEYS = ('type', 'elements', 'choices', 'required', 'no_log')

# Role input -> (part of win_rdlicense_server, option) it is passed to.
PASSED_ON = {
    'license_server_include_management_tools': ('role', 'include_management_tools'),
    'license_server_source': ('role', 'source'),
    'license_server_service_start_mode': ('role', 'service_start_mode'),
    'license_server_service_state': ('role', 'service_state'),
    'license_server_activation_method': ('activation', 'method'),
    'license_server_company_information': ('activation', 'company_information'),
    'license_server_id': ('activation', 'license_server_id'),
    'license_server_confirmation_code': ('activation', 'confirmation_code'),
    'license_server_cal_packs': ('cals', 'packs'),
    'license_server_adopt_packs': ('cals', 'adopt'),
    'license_server_report_undeclared_packs': ('cals', 'report_undeclared'),
    'license_server_product_version_ids': ('cals', 'product_version_ids'),
    'license_server_allow_reboot': (None, 'reboot'),
    'license_server_reboot_timeout': (None, 'reboot_timeout'),
    'license_server_configuration': (None, 'configuration'),
}
SECRETS = {'license_server_confirmation_code', 'license_server_cal_packs'}
PACK_SECRETS = {'license_code', 'license_number', 'authorization_number', 'agreement_number', 'license_key_pack_id'}


def _load(*parts: str) -> t.Any:
    with open(os.path.join(ROLE, *parts), encoding='utf-8') as f:
        return yaml.safe_load(f)


def _yaml_files(folder: str) -> list[str]:
    path = os.path.join(ROLE, folder)
    return sorted(os.path.join(folder, name) for name in os.listdir(path) if name.endswith(('.yml', '.yaml')))


def _strings(node: t.Any) -> t.Iterator[str]:
    """Every string in a YAML document, keys included (comments are not part of it)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node


def _facts_set(node: t.Any) -> set[str]:
    """Names the tasks define themselves (set_fact keys, register)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ('ansible.builtin.set_fact', 'set_fact') and isinstance(value, dict):
                found |= set(value)
            elif key == 'register':
                found.add(value)
            else:
                found |= _facts_set(value)
    elif isinstance(node, list):
        for item in node:
            found |= _facts_set(item)
    return found


@pytest.fixture(scope='module')
def options() -> dict[str, dict[str, t.Any]]:
    return _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']


@pytest.fixture(scope='module')
def defaults() -> dict[str, t.Any]:
    return _load('defaults', 'main.yml')


class _Reads(dict):
    """A dictionary that records the keys read from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)


def _declaration_reads(values: dict[str, t.Any]) -> set[str]:
    """The inputs that the lookup role_inputs reads to build the module's options (module_options=true)."""
    recorded = _Reads(values)
    license_server_declaration(recorded)
    return recorded.read


@pytest.fixture(scope='module')
def used(defaults) -> tuple[set[str], set[str]]:
    """(inputs the tasks, their templated values and the module options built from them use, names they define)."""
    referenced: set[str] = set()
    defined: set[str] = set()
    for path in _yaml_files('tasks') + (_yaml_files('vars') if os.path.isdir(os.path.join(ROLE, 'vars')) else []):
        document = _load(path)
        defined |= _facts_set(document)
        for text in _strings(document):
            referenced |= set(INPUT.findall(text))
    for state in ('activated', 'deactivated'):
        referenced |= _declaration_reads(dict(defaults, license_server_activation_state=state))
    return referenced - defined, defined


def _module_option(part: t.Optional[str], name: str) -> dict[str, t.Any]:
    options = yaml.safe_load(win_rdlicense_server.DOCUMENTATION)['options']
    return options[name] if part is None else options[part]['suboptions'][name]


def _spec_view(option: dict[str, t.Any]) -> dict[str, t.Any]:
    """What decides whether a value is accepted: type, elements, choices, required, and the same for sub-options."""
    view = {key: option.get(key) for key in ('type', 'elements', 'choices', 'required')}
    view['type'] = view['type'] or 'str'
    view['choices'] = [str(choice) for choice in view['choices']] if view['choices'] else None
    view['required'] = bool(view['required'])
    sub_options = option.get('options') or option.get('suboptions')
    if sub_options:
        view['options'] = {name: _spec_view(sub) for name, sub in sub_options.items()}
    return view


def test_every_input_is_prefixed_and_described(options):
    assert options, 'meta/argument_specs.yml describes no input'
    for name, option in options.items():
        assert INPUT.fullmatch(name), '%s is not prefixed license_server_' % name
        assert option.get('description'), '%s has no description' % name
        assert option.get('type'), '%s has no type' % name


def test_defaults_and_argument_specs_name_the_same_inputs(options, defaults):
    required = {name for name, option in options.items() if option.get('required')}
    assert set(defaults) == set(options) - required
    assert not required & set(defaults), 'a required input must not have a default'


def test_defaults_equal_the_argument_specs_defaults(options, defaults):
    for name, value in defaults.items():
        assert options[name].get('default') == value, '%s: defaults/main.yml says %r, argument_specs %r' % (
            name, value, options[name].get('default'))


def test_defaults_pass_the_argument_specs(options, defaults):
    result = ArgumentSpecValidator(options).validate(dict(defaults), validate_role_argument_spec=True)
    assert result.error_messages == []


@pytest.mark.parametrize('name, value, expected', [
    ('license_server_activation_method', 'email', 'value of license_server_activation_method must be one of'),
    ('license_server_allow_reboot', 'sometimes', 'license_server_allow_reboot'),
    ('license_server_cal_packs', [{'program': 'retial'}], 'value of program must be one of'),
    ('license_server_company_information', {'first_name': 'Ada'}, 'missing required arguments'),
    ('license_server_reboot_timeout', 'ten minutes', 'license_server_reboot_timeout'),
])
def test_a_wrong_input_is_refused_by_the_specs(options, defaults, name, value, expected):
    result = ArgumentSpecValidator(options).validate(dict(defaults, **{name: value}),
                                                     validate_role_argument_spec=True)
    assert any(expected in message for message in result.error_messages), result.error_messages


def test_every_input_is_used_and_every_used_variable_is_an_input(options, used):
    referenced, dummy = used
    assert referenced - set(options) == set(), 'used but not an input'
    assert set(options) - referenced == set(), 'an input no task uses'


def test_the_role_sets_its_summary_fact(used):
    dummy, defined = used
    assert OUTPUT_FACTS <= defined
    assert {name for name in defined if INPUT.fullmatch(name)} == OUTPUT_FACTS, 'a fact that looks like an input'


def test_secrets_are_no_log(options):
    for name in SECRETS:
        assert options[name].get('no_log') is True, name
    for name in PACK_SECRETS:
        assert options['license_server_cal_packs']['options'][name].get('no_log') is True, name
    others = {name for name, option in options.items() if option.get('no_log')} - SECRETS
    assert others == set(), 'not secrets'


@pytest.mark.parametrize('name', sorted(PASSED_ON))
def test_inputs_take_the_modules_types_and_choices(options, name):
    part, option = PASSED_ON[name]
    assert _spec_view(options[name]) == _spec_view(_module_option(part, option))


def test_the_readme_documents_every_input(options):
    with open(os.path.join(ROLE, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    missing = [name for name in options if '`%s`' % name not in readme]
    assert missing == []
