# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin (the brain) of remotedesktop.licensing.win_rdlicense_server; the hands are win_rdlicense_server.ps1.

The planning is ``plugin_utils/_server.py`` (the planners of the role, the activation and the CAL packs composed);
this runs its rounds: one probe, one apply, and one more apply when the role's installation by the first one made
the licensing provider appear; with reboot=true, the server restarted (ansible.windows.win_reboot's action) when the
installation needs it, and the same run again.
"""

from __future__ import annotations

import copy

from ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_server import DOCUMENTATION
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _info, _server, _summary
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import RDLicenseActionBase
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import RDLicenseError


REBOOT_MESSAGE = 'Restart by Ansible to complete the installation of the Remote Desktop Licensing role'


class ActionModule(RDLicenseActionBase):
    PLANNER = _server
    DOCUMENTATION = DOCUMENTATION

    def _expand_args(self, args):
        return _server.from_role_inputs(args)

    def _converge(self, want, env, task_vars, result):
        self._once(want, env, task_vars, result)
        if not _server.restart_wanted(want, result, bool(self._task.check_mode)):
            return
        first = copy.deepcopy(result)
        self._restart(want, task_vars)
        second = dict(result)
        try:
            self._once(want, env, task_vars, second)
        finally:
            # Refused or not after the restart: what both runs did is reported.
            result.update(_server.after_restart(first, second))
            result['summary'] = _summary.combine(first['summary'], second['summary'], True, True,
                                                 want['summary_wording'])

    def _once(self, want, env, task_vars, result):
        """One run: the probe, the plan, the apply (and the one more apply that a role installed by it may need)."""
        check_mode = bool(self._task.check_mode)
        state = self._read_state(task_vars)
        before = _info.report(want['info'], state)
        rounds = []
        failure = None
        try:
            the_plan = _server.plan(want, state, env, check_mode=check_mode)
            rounds.append(self._round(want, state, the_plan, check_mode, task_vars))
            last = rounds[-1]
            if last.applied and the_plan.deferred and not _server.explain(want, last):
                second = _server.plan(want, last.after, env, last_round=True)
                rounds.append(self._round(want, last.after, second, check_mode, task_vars))
        except RDLicenseError as e:
            if not rounds:
                e.details.setdefault('info', before)
                raise
            failure = e  # refused after an apply: report what was done, then fail
        final = rounds[-1]
        shaped = _server.results(want, rounds)
        result.update(shaped)
        result['info'] = _info.report(want['info'], final.after) if final.applied else before
        result['changed'] = any(shaped[name]['changed'] for name in _server.PARTS)
        result['warnings'] = [w for r in rounds for w in r.plan.warnings] + _info.warnings(final.after)
        result['summary'] = self._summary(want, before, rounds, shaped, check_mode, task_vars)
        if self._task.diff:
            result['diff'] = {'before': _server.describe(want, state), 'after': _server.describe(want, final.after)}
        if failure is not None:
            raise failure
        message = _server.explain(want, final) or _server.unsettled(want, final)
        if message:
            raise RDLicenseError(message)

    def _restart(self, want, task_vars):
        """Restart the server with the action of ansible.windows.win_reboot (it waits until the server answers)."""
        task = self._task.copy(exclude_parent=True, exclude_tasks=True)
        task.args = {'reboot_timeout': want['reboot']['timeout'], 'msg': REBOOT_MESSAGE}
        action = self._shared_loader_obj.action_loader.get(
            'ansible.windows.win_reboot', task=task, connection=self._connection, play_context=self._play_context,
            loader=self._loader, templar=self._templar, shared_loader_obj=self._shared_loader_obj)
        if action is None:
            raise RDLicenseError('%s: reboot=true needs the collection ansible.windows (its win_reboot action), which '
                                 'is not installed' % _server.MODULE)
        outcome = action.run(task_vars=task_vars)
        if outcome.get('failed') or not outcome.get('rebooted'):
            raise RDLicenseError('%s: the restart of the server to complete the installation of the RD Licensing role '
                                 'failed: %s' % (_server.MODULE, outcome.get('msg') or 'no message'))

    def _round(self, want, state, the_plan, check_mode, task_vars):
        """The plan applied (or predicted, in check mode): a Round."""
        self._check_steps(the_plan.steps)
        if not the_plan.steps:
            return _server.Round(state, the_plan, after=state)
        if check_mode:
            return _server.Round(state, the_plan, after=_server.predict(want, state, the_plan))
        outcomes, after = self._apply(task_vars, the_plan.steps)
        return _server.Round(state, the_plan, after=after, outcomes=outcomes, applied=True)

    @staticmethod
    def _summary(want, before, rounds, shaped, check_mode, task_vars):
        rnd = _server.last_planned(rounds, 'activation')
        written = []
        if rnd is not None:
            part = rnd.plan.parts['activation']
            written = _summary.company_written(part.plan.steps, rnd.plan.part_outcomes('activation', rnd.outcomes)
                                               if rnd.applied else None)
        return _summary.parts(task_vars.get('inventory_hostname', before['host']['computer_name']), check_mode,
                              want, before, shaped, written)
