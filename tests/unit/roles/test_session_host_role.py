# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role session_host: its defaults, its argument specs, the variables its tasks use and the module it calls
agree; its module task takes the inputs whole from the lookup role_inputs (strict types, before anything is sent;
tests/playbooks/test_deployment.py runs the role).

Inputs are the variables named ``session_host_*``; internal values are ``__session_host_*``; the fact it sets is
``session_host_summary``. The inputs passed on to win_rdlicense_session_host take the module's types and choices.
"""

from __future__ import annotations

import os
import re
import typing as t

import pytest
import yaml

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _declarations as role_inputs
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _session_host

from .test_license_server_role import _facts_set, _strings

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
ROLE = os.path.join(COLLECTION_ROOT, 'roles', 'session_host')
# An input: session_host_<name>, not preceded by a word character or a dot (so neither __session_host_* internals
# nor a plugin remotedesktop.licensing.session_host_*).
INPUT = re.compile(r'(?<![\w.])session_host_[a-z0-9_]+')
OUTPUT_FACTS = {'session_host_summary'}
DECLARATION = role_inputs.session_host
# Role input -> the option of win_rdlicense_session_host it is passed to.
PASSED_ON = {'session_host_licensing_mode': 'licensing_mode', 'session_host_license_servers': 'license_servers',
             'session_host_connection_broker': 'connection_broker'}
MODULE_TASK = 'remotedesktop.licensing.win_rdlicense_session_host'
GOOD = {'session_host_licensing_mode': 'per_user', 'session_host_license_servers': ['lic01'],
        'session_host_connection_broker': None}


def _load(*parts: str) -> t.Any:
    with open(os.path.join(ROLE, *parts), encoding='utf-8') as f:
        return yaml.safe_load(f)


SPEC = _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
DEFAULTS = _load('defaults', 'main.yml')
TASKS = _load('tasks', 'main.yml')


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
    for text in _strings(TASKS):
        referenced |= set(INPUT.findall(text))
    defined = _facts_set(TASKS)
    # The tasks name no input: the module takes them all from the lookup and builds its options from every one.
    assert referenced - defined == set()
    built = DECLARATION({name: ['x'] if name == 'session_host_license_servers' else 'x' for name in SPEC})
    assert sorted(built) == sorted(PASSED_ON[name] for name in SPEC)
    assert {name for name in defined if INPUT.fullmatch(name)} == OUTPUT_FACTS


def test_the_module_takes_the_checked_inputs_whole():
    task = TASKS[0]
    assert task[MODULE_TASK] == {'role_inputs': "{{ lookup('remotedesktop.licensing.role_inputs', 'session_host') }}"}
    # The broker, too, is read from the checked inputs: a wrong type is refused before the task is delegated.
    assert ' '.join(task['delegate_to'].split()) == (
        "{{ lookup('remotedesktop.licensing.role_inputs', 'session_host').session_host_connection_broker "
        "or inventory_hostname }}")


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
    assert role_inputs.role_options('session_host') == SPEC
    assert role_inputs.inputs('session_host', GOOD) == GOOD
    with pytest.raises(role_inputs.DeclarationError) as caught:
        role_inputs.inputs('session_host', dict(GOOD, **values))
    assert str(caught.value).startswith('session_host: ' + message), str(caught.value)


def test_the_declaration():
    assert DECLARATION(GOOD) == {'licensing_mode': 'per_user', 'license_servers': ['lic01'], 'connection_broker': None}
    assert DECLARATION(dict(GOOD, session_host_connection_broker=''))['connection_broker'] is None
    broker = DECLARATION(dict(GOOD, session_host_connection_broker='rdcb01.corp.example'))
    assert broker['connection_broker'] == 'rdcb01.corp.example'
    with pytest.raises(role_inputs.DeclarationError, match='^session_host: session_host_license_servers is empty'):
        DECLARATION(dict(GOOD, session_host_license_servers=[]))
    with pytest.raises(role_inputs.DeclarationError, match='inputs missing: session_host_connection_broker'):
        DECLARATION({'session_host_licensing_mode': 'per_user', 'session_host_license_servers': ['lic01']})
    with pytest.raises(role_inputs.DeclarationError, match='the inputs must be a dictionary of the role inputs'):
        DECLARATION(['per_user'])


def test_the_readme_documents_every_input_and_the_summary():
    with open(os.path.join(ROLE, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    assert [name for name in SPEC if '`%s`' % name not in readme] == []
    for key in _session_host.SUMMARY_KEYS:
        assert '  %s:' % key in readme, key
