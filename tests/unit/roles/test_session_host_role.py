# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role session_host: its defaults, its argument specs, the variables its tasks use and the module it calls
agree; its first task refuses inputs of the wrong type with strict_type_errors (tests/playbooks/test_deployment.py
runs it).

Inputs are the variables named ``session_host_*``; internal values are ``__session_host_*``; the fact it sets is
``session_host_summary``. The inputs passed on to win_rdlicense_session_host take the module's types and choices.
"""

from __future__ import annotations

import os
import re
import typing as t

import pytest
import yaml

from ansible_collections.remotedesktop.licensing.plugins.filter.strict_type_errors import FilterModule

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
ROLE = os.path.join(COLLECTION_ROOT, 'roles', 'session_host')
INPUT = re.compile(r'(?<!\w)session_host_[a-z0-9_]+')
OUTPUT_FACTS = {'session_host_summary'}
CHECK = FilterModule().filters()['strict_type_errors']
# Role input -> the option of win_rdlicense_session_host it is passed to.
PASSED_ON = {'session_host_licensing_mode': 'licensing_mode', 'session_host_license_servers': 'license_servers',
             'session_host_connection_broker': 'connection_broker'}
MODULE_TASK = 'remotedesktop.licensing.win_rdlicense_session_host'


def _load(*parts: str) -> t.Any:
    with open(os.path.join(ROLE, *parts), encoding='utf-8') as f:
        return yaml.safe_load(f)


SPEC = _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
DEFAULTS = _load('defaults', 'main.yml')
TASKS = _load('tasks', 'main.yml')


def _strings(node: t.Any) -> t.Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node


def _defined(node: t.Any) -> set:
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'ansible.builtin.set_fact' and isinstance(value, dict):
                found |= set(value)
            elif key == 'register':
                found.add(value)
            else:
                found |= _defined(value)
    elif isinstance(node, list):
        for item in node:
            found |= _defined(item)
    return found


def test_every_input_is_prefixed_typed_and_described():
    assert set(SPEC) == set(PASSED_ON)
    for name, option in SPEC.items():
        assert INPUT.fullmatch(name) and option.get('description') and option.get('type'), name


def test_defaults_name_every_input_but_the_required_one():
    required = {name for name, option in SPEC.items() if option.get('required')}
    assert required == {'session_host_licensing_mode'}
    assert set(DEFAULTS) == set(SPEC) - required
    # The license servers default to the inventory group, a template: the spec has no default of its own.
    assert DEFAULTS['session_host_license_servers'] == "{{ groups['license_servers'] | default([]) }}"
    assert all('default' not in option for option in SPEC.values())


def test_every_input_is_used_and_every_used_variable_is_an_input():
    referenced = set()
    for document in (TASKS, _load('vars', 'main.yml')):
        for text in _strings(document):
            referenced |= set(INPUT.findall(text))
    defined = _defined(TASKS)
    assert referenced - defined == set(SPEC)
    assert {name for name in defined if INPUT.fullmatch(name)} == OUTPUT_FACTS


def test_the_first_tasks_refuse_wrong_types_and_no_server_before_the_module():
    first, second, third = TASKS[:3]
    assert first['ansible.builtin.assert']['that'] == '__session_host_type_errors | length == 0'
    assert first['tags'] == second['tags'] == ['always']
    assert second['ansible.builtin.assert']['that'] == 'session_host_license_servers | length > 0'
    assert MODULE_TASK in third
    internals = _load('vars', 'main.yml')
    assert "role_path ~ '/meta/argument_specs.yml'" in internals['__session_host_argument_spec']
    assert 'remotedesktop.licensing.strict_type_errors(__session_host_argument_spec)' in \
        internals['__session_host_type_errors']


def test_the_module_gets_every_input():
    (task,) = [task for task in TASKS if MODULE_TASK in task]
    args = task[MODULE_TASK]
    assert {option: value for option, value in args.items()} == {
        'licensing_mode': '{{ session_host_licensing_mode }}',
        'license_servers': '{{ session_host_license_servers }}',
        'connection_broker': '{{ session_host_connection_broker | default(omit, true) }}'}
    assert task['delegate_to'] == '{{ session_host_connection_broker | default(inventory_hostname, true) }}'


@pytest.mark.parametrize('name', sorted(PASSED_ON))
def test_inputs_take_the_modules_types_and_choices(name):
    module = pytest.importorskip('ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_session_host')
    option = yaml.safe_load(module.DOCUMENTATION)['options'][PASSED_ON[name]]
    view = ('type', 'elements', 'choices')
    assert {k: SPEC[name].get(k) for k in view} == {k: option.get(k) for k in view}


@pytest.mark.parametrize('values, message', [
    ({'session_host_licensing_mode': ['per_user']}, 'session_host_licensing_mode must be a string, got a list'),
    ({'session_host_license_servers': 'lic01'}, 'session_host_license_servers must be a list, got a string'),
    ({'session_host_license_servers': ['lic01', ['lic02']]}, 'session_host_license_servers[1] must be a string'),
    ({'session_host_connection_broker': True}, 'session_host_connection_broker must be a string, got a boolean'),
])
def test_wrong_types_are_refused_by_name(values, message):
    good = {'session_host_licensing_mode': 'per_user', 'session_host_license_servers': ['lic01'],
            'session_host_connection_broker': None}
    assert CHECK(good, SPEC) == []
    errors = CHECK(dict(good, **values), SPEC)
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_the_readme_documents_every_input_and_the_summary():
    with open(os.path.join(ROLE, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    assert [name for name in SPEC if '`%s`' % name not in readme] == []
    summary = _defined(TASKS) and next(task for task in TASKS if 'ansible.builtin.set_fact' in task)
    for key in summary['ansible.builtin.set_fact']['session_host_summary']:
        assert '  %s:' % key in readme, key
