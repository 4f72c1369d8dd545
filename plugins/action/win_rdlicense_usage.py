# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin (the brain) of remotedesktop.licensing.win_rdlicense_usage; the hands are win_rdlicense_usage.ps1.

The planning is ``plugin_utils/_usage.py``; ``plugin_utils/_action.py`` runs it, in one remote execution: the probe
(a report generated, read and deleted), or, when the report is to be kept, the planner's one step instead of it (the
report generated, kept, and read back as the state after the step).
"""

from __future__ import annotations

from ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_usage import DOCUMENTATION
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _usage
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import RDLicenseActionBase


class ActionModule(RDLicenseActionBase):
    PLANNER = _usage
    DOCUMENTATION = DOCUMENTATION

    def _converge(self, want, env, task_vars, result):
        planner = self.PLANNER
        check_mode = bool(self._task.check_mode)
        arguments = planner.host_arguments(want)
        steps = planner.steps(want, check_mode)
        self._check_steps(steps)
        outcomes = []
        if steps:
            outcomes, state = self._apply(task_vars, steps, arguments)
        else:
            state = self._read_state(task_vars, arguments)
        planner.preflight(want, state)
        plan = planner.plan(want, state, env)
        if plan.warnings:
            result['warnings'] = list(plan.warnings)
        before = planner.before(state)
        after = planner.predict(want, state, plan) if check_mode else state
        result['changed'] = planner.changed(want, after)
        self._report(want, plan, before, after, outcomes, result)
