# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared action base: spec from docs, secrets masked, contract enforced before anything is sent."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

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
            'from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _role, _activate, _cals, _info\n'
            'bad = sorted(m for m in sys.modules if m.startswith("ansible.plugins.action")\n'
            '             or m.endswith("licensing.plugins.plugin_utils._action"))\n'
            'print(",".join(bad))\n')
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert proc.stdout.strip() == ''
