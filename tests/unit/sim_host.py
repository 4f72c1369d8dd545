# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared by the unit tests: an in-process simulated host and a way to run an action plugin against it."""

from __future__ import annotations

import copy
import importlib
import json
import typing as t
from unittest.mock import MagicMock

from ansible.errors import AnsibleConnectionFailure
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands as sim_hands
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model


class FakeHost:
    """A simulated license server in memory; records every remote execution an action plugin makes."""

    def __init__(self, name: str = 'lic01', profile: t.Optional[dict] = None, faults: t.Iterable[str] = (),
                 sources: t.Optional[dict[str, str]] = None):
        self.name = name
        self.state = sim_model.new_state(name, profile)
        self.faults = list(faults)
        self.calls: list[dict[str, t.Any]] = []
        # What the module framework left on the host: Ansible.Basic's event log entries and invocations.
        self.events: list[dict[str, str]] = []
        self.invocations: list[t.Any] = []
        # module short name -> the .ps1 text to run instead of the collection's (a test's mutation)
        self.sources = dict(sources or {})

    @property
    def model(self) -> sim_model.LicenseServerModel:
        return sim_model.LicenseServerModel(self.state, self.faults)

    def execute(self, module_name=None, module_args=None, task_vars=None, **kwargs):
        args = copy.deepcopy(module_args or {})
        self.calls.append({'module': module_name, 'args': copy.deepcopy(args)})
        if args.get('_operation') == 'apply' and 'connection_drop' in self.faults:
            raise AnsibleConnectionFailure('simulated connection loss')
        prefix = 'remotedesktop.licensing.'
        assert module_name.startswith(prefix), module_name
        check_mode = kwargs.pop('_check_mode', False)
        short_name = module_name[len(prefix):]
        source = self.sources.get(short_name) or sim_hands.module_source(short_name)
        complex_args = dict(args, _ansible_check_mode=check_mode, _ansible_no_log=False, _ansible_module_name=module_name)
        result, framework = sim_hands.run_module(short_name, complex_args, self.model, source)
        if framework is not None:
            self.events.extend(framework.events)
        self.invocations.append(result.get('invocation'))
        # what crosses the wire is JSON
        return json.loads(json.dumps(result))

    def host_texts(self) -> dict[str, str]:
        """{where: text} of what the host keeps and returns besides its state: event log entries and invocations."""
        return {'the Application event log': json.dumps(self.events), 'invocation': json.dumps(self.invocations)}

    @property
    def operations(self) -> list[str]:
        return [c['args'].get('_operation') for c in self.calls]


def run_action(name: str, args: dict[str, t.Any], host: FakeHost, check_mode: bool = False,
               diff: bool = False, shared_loader_obj: t.Any = None) -> dict[str, t.Any]:
    """Run the action plugin ``plugins/action/<name>.py`` with ``args`` against ``host``; return its result.

    ``shared_loader_obj`` stands for ansible-core's plugin loaders, for an action plugin that runs another action.
    """
    module = importlib.import_module('ansible_collections.remotedesktop.licensing.plugins.action.%s' % name)
    task = Task()
    task.action = 'remotedesktop.licensing.%s' % name
    task.args = copy.deepcopy(args)
    task.check_mode = check_mode
    task.diff = diff
    play_context = PlayContext()
    play_context.check_mode = check_mode
    play_context.diff = diff
    action = module.ActionModule(task, MagicMock(), play_context, loader=MagicMock(), templar=None,
                                 shared_loader_obj=None)
    if shared_loader_obj is not None:
        action._shared_loader_obj = shared_loader_obj  # ansible-core 2.19 sets its own loaders whatever is passed

    def _execute_module(module_name=None, module_args=None, task_vars=None, **kwargs):
        return host.execute(module_name, module_args, task_vars, _check_mode=check_mode)

    action._execute_module = _execute_module
    return action.run(task_vars={'inventory_hostname': host.name})
