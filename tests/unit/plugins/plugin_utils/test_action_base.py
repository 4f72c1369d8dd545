# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared action base: spec from docs, secrets masked, contract enforced before anything is sent."""

from __future__ import annotations

import datetime
import importlib
import inspect
import os
import subprocess
import sys

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _action
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _plan
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

DOC = r"""
module: x
options:
  name:
    type: str
    required: true
  code:
    type: str
  items:
    type: list
    elements: dict
    options:
      secret:
        type: str
      size:
        type: int
        default: 1
"""


def test_spec_from_docs_converts_options_and_marks_secrets():
    spec = _action.spec_from_docs(DOC, no_log=('code', 'items.secret'))
    assert spec['name'] == {'type': 'str', 'required': True, 'no_log': False}
    assert spec['code'] == {'type': 'str', 'no_log': True}
    assert spec['items']['options']['secret'] == {'type': 'str', 'no_log': True}
    assert spec['items']['options']['size'] == {'type': 'int', 'default': 1}


def test_secret_values_are_found_at_any_depth():
    spec = _action.spec_from_docs(DOC, no_log=('code', 'items.secret'))
    args = {'name': 'n', 'code': 'ABC', 'items': [{'secret': 'S1', 'size': 2}, {'secret': None}]}
    assert _action.secret_values(spec, args) == {'ABC', 'S1'}


def test_step_failure_names_operation_message_and_wbem_code():
    outcome = {'type': 'activate', 'status': 'failed', 'detail': {},
               'error': {'code': 0x80041009, 'message': 'no route', 'operation': 'ActivateServerAutomatic'}}
    assert _plan.step_failure(outcome) == ('ActivateServerAutomatic failed: no route [WBEM_E_NOT_AVAILABLE '
                                           '(0x80041009: a resource, typically a remote server, is not available)]')


def test_a_step_outside_the_contract_is_never_sent(monkeypatch):
    module = importlib.import_module('ansible_collections.remotedesktop.licensing.plugins.action.win_rdlicense_role')
    monkeypatch.setattr(module.ActionModule.PLANNER, 'plan',
                        lambda want, state, env: _plan.Plan(steps=[{'type': 'run_script', 'script': 'x'}]))
    host = FakeHost()
    res = run_action('win_rdlicense_role', {}, host)
    assert res['failed'] is True
    assert res['msg'].startswith('win_rdlicense_role: internal error')
    assert host.operations == ['probe']


def test_every_module_docs_file_gives_a_valid_spec():
    for name in ('win_rdlicense_role',):
        module = importlib.import_module('ansible_collections.remotedesktop.licensing.plugins.action.%s' % name)
        spec = module.ActionModule.argument_spec(module.ActionModule)
        assert spec and all('type' in entry for entry in spec.values())


def test_the_planners_take_data_and_import_no_action_machinery():
    """The planning modules import neither ansible-core's ActionBase nor the action base of the collection."""
    code = ('import sys\n'
            'from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _role, _activate, _cals, _info, _configuration\n'
            'bad = sorted(m for m in sys.modules if m.startswith("ansible.plugins.action")\n'
            '             or m.endswith("licensing.plugins.plugin_utils._action"))\n'
            'print(",".join(bad))\n')
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert proc.stdout.strip() == ''


# --------------------------------------------------------------------------------------------------------------------
# The flattened action layer: one planner API, nothing on the plugin object, the spec parsed once, one Env per run
# --------------------------------------------------------------------------------------------------------------------
PLANNERS = ('role', 'activate', 'cals', 'info', 'configuration', 'usage', 'device_cals')
HOOKS = {
    'validate': ['args', 'env'],
    'preflight': ['want', 'state'],
    'plan': ['want', 'state', 'env'],
    'predict': ['want', 'state', 'the_plan'],
    'describe': ['state', 'the_plan'],
    'shape': ['want', 'the_plan', 'before', 'after', 'outcomes'],
    'explain': ['want', 'the_plan', 'outcomes'],
    'unsettled': ['want', 'the_plan', 'outcomes', 'after'],
}


def _action_module(name):
    return importlib.import_module('ansible_collections.remotedesktop.licensing.plugins.action.win_rdlicense_%s' % name)


@pytest.mark.parametrize('name', PLANNERS)
def test_every_planner_has_the_whole_api_with_the_same_signatures(name):
    planner = _action_module(name).ActionModule.PLANNER
    assert planner.MODULE == 'win_rdlicense_%s' % name
    assert isinstance(planner.NO_LOG, tuple) and isinstance(planner.RETURN_DEFAULTS, dict)
    for hook, params in HOOKS.items():
        signature = inspect.signature(getattr(planner, hook))
        got = [{'plan': 'the_plan'}.get(p, p) for p in signature.parameters]
        assert got[:len(params)] == params, (hook, got)
        assert all(p.default is not p.empty for p in list(signature.parameters.values())[len(params):]), hook


@pytest.mark.parametrize('name', PLANNERS)
def test_the_action_plugins_name_their_planner_and_docs_and_nothing_else(name):
    cls = _action_module(name).ActionModule
    assert cls.__mro__[1] is _action.RDLicenseActionBase
    own = {k for k in vars(cls) if not k.startswith('_')}  # _abc_impl and such: ansible-core's ABC machinery
    assert own == {'PLANNER', 'DOCUMENTATION'}
    assert cls.MODULE == cls.PLANNER.MODULE and cls.NO_LOG == cls.PLANNER.NO_LOG


@pytest.mark.parametrize('name, args, check_mode', [
    ('cals', {'packs': [{'program': 'select', 'agreement_number': '1234567', 'product_version': '2022',
                         'cal_type': 'per_user', 'quantity': 25}]}, False),
    ('cals', {'packs': [{'program': 'select', 'agreement_number': '1234567', 'product_version': '2022',
                         'cal_type': 'per_user', 'quantity': 25}]}, True),
    ('role', {}, False),
    ('activate', {'company_information': {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso',
                                          'country_region': 'United Kingdom'}}, False),
    ('info', {}, False),
])
def test_a_run_leaves_nothing_on_the_plugin_object(monkeypatch, name, args, check_mode):
    seen = []
    run = _action.RDLicenseActionBase.run

    def spy(self, tmp=None, task_vars=None):
        before = dict(vars(self))
        result = run(self, tmp, task_vars)
        seen.append((before, dict(vars(self))))
        return result

    monkeypatch.setattr(_action.RDLicenseActionBase, 'run', spy)
    host = FakeHost(profile={'cals': {'activated': True}, 'activate': {'role_installed': True}}.get(name))
    res = run_action('win_rdlicense_%s' % name, args, host, check_mode=check_mode)
    assert not res.get('failed'), res
    (before, after), = seen
    assert set(after) == set(before), set(after) ^ set(before)
    assert all(after[k] is before[k] for k in before)


DOC_CACHED = DOC.replace('module: x', 'module: cached')


def test_the_spec_is_parsed_once_per_documentation_and_no_log(monkeypatch):
    parsed = []
    load = _action.yaml.load
    monkeypatch.setattr(_action.yaml, 'load', lambda text, Loader: parsed.append(text) or load(text, Loader=Loader))
    _action._parsed_spec.cache_clear()
    first = _action.spec_from_docs(DOC_CACHED, ('code',))
    assert _action.spec_from_docs(DOC_CACHED, ['code']) == first
    assert len(parsed) == 1
    other = _action.spec_from_docs(DOC_CACHED, ('code', 'items.secret'))  # another no_log: another spec
    assert len(parsed) == 2 and other['items']['options']['secret']['no_log'] is True
    assert first['items']['options']['secret']['no_log'] is False


def test_a_spec_handed_out_can_be_changed_without_changing_the_next():
    first = _action.spec_from_docs(DOC_CACHED, ('code',))
    first['name']['required'] = False
    first['items']['options']['size']['default'] = 99
    del first['code']
    again = _action.spec_from_docs(DOC_CACHED, ('code',))
    assert again['name']['required'] is True and again['items']['options']['size']['default'] == 1
    assert again['code'] == {'type': 'str', 'no_log': True}


def test_tasks_of_a_module_parse_its_docs_once(monkeypatch):
    parsed = []
    load = _action.yaml.load
    monkeypatch.setattr(_action.yaml, 'load', lambda text, Loader: parsed.append(text) or load(text, Loader=Loader))
    _action._parsed_spec.cache_clear()
    host = FakeHost()
    for dummy in range(3):
        assert not run_action('win_rdlicense_role', {}, host).get('failed')
    assert len(parsed) == 1


FIXED = _plan.Env(now=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc), random_bytes=lambda n: b'\x07' * n)


def test_one_env_per_run_reaches_validate_and_plan(monkeypatch):
    made, given = [], []
    monkeypatch.setattr(_action, 'new_env', lambda: made.append(FIXED) or FIXED)
    planner = _action_module('cals').ActionModule.PLANNER
    for hook in ('validate', 'plan'):
        original = getattr(planner, hook)
        monkeypatch.setattr(planner, hook, lambda *a, _hook=hook, _original=original: given.append((_hook, a[-1]))
                            or _original(*a))
    host = FakeHost(profile={'activated': True})
    res = run_action('win_rdlicense_cals', {'packs': [{'program': 'select', 'agreement_number': '1234567',
                                                       'product_version': '2022', 'cal_type': 'per_user',
                                                       'quantity': 25}]}, host)
    assert not res.get('failed'), res
    assert len(made) == 1
    assert given == [('validate', FIXED), ('plan', FIXED)]
    # the salt of the new records is made of the Env's random bytes
    applied = next(c for c in host.calls if c['args']['_operation'] == 'apply')
    assert applied['args']['_steps'][0] == {'type': 'init_records', 'salt': '07' * 32}


def test_the_env_clock_decides_what_info_calls_expiring(monkeypatch):
    host = FakeHost(profile={'activated': True})
    pack = {'program': 'select', 'agreement_number': '1234567', 'product_version': '2022', 'cal_type': 'per_user',
            'quantity': 25}
    assert not run_action('win_rdlicense_cals', {'packs': [pack]}, host).get('failed')
    expires = next(p['expiration_date'] for p in run_action('win_rdlicense_info', {}, host)['key_packs'])
    when = datetime.datetime.strptime(expires, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
    for now, expiring in ((when - datetime.timedelta(days=10), 1), (when - datetime.timedelta(days=100), 0)):
        monkeypatch.setattr(_action, 'new_env', lambda now=now: _plan.Env(now=now, random_bytes=os.urandom))
        res = run_action('win_rdlicense_info', {'expiring_within_days': 30}, host)
        assert len(res['expiring']) == expiring, (now, res['expiring'])
