# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin (the brain) of remotedesktop.licensing.win_rdlicense_session_host; the hands are
win_rdlicense_session_host.ps1.

The planning is ``plugin_utils/_session_host.py``; ``plugin_utils/_action.py`` runs it.
"""

from __future__ import annotations

from ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_session_host import DOCUMENTATION
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _session_host
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import RDLicenseActionBase


class ActionModule(RDLicenseActionBase):
    PLANNER = _session_host
    DOCUMENTATION = DOCUMENTATION

    def _expand_args(self, args):
        return _session_host.from_role_inputs(args)

    def _converge(self, want, env, task_vars, result):
        super()._converge(want, env, task_vars, result)
        host = task_vars.get('inventory_hostname') or self._play_context.remote_addr
        result['summary'] = _session_host.summary(host, bool(self._task.check_mode), want, result)
