# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin (the brain) of remotedesktop.licensing.win_rdlicense_cals; the hands are win_rdlicense_cals.ps1."""

from __future__ import annotations

import os

from ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_cals import DOCUMENTATION
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _cals
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import RDLicenseActionBase


class ActionModule(RDLicenseActionBase):
    MODULE = _cals.MODULE
    DOCUMENTATION = DOCUMENTATION
    NO_LOG = _cals.NO_LOG
    RETURN_DEFAULTS = {'packs': [], 'key_packs': [], 'totals': {}, 'undeclared': []}

    validate = staticmethod(_cals.validate)
    preflight = staticmethod(_cals.preflight)

    # The plan (one decision per declared pack) is kept for the hooks that report on it.
    def plan(self, want, state):
        self._cals_plan = _cals.plan(want, state, random_bytes=os.urandom)
        return self._cals_plan

    def predict(self, want, state, steps):
        return _cals.predict(want, state, self._cals_plan)

    def describe(self, state):
        return _cals.describe(state, self._cals_plan.versions)

    def shape(self, want, before, after, outcomes):
        return _cals.shape(want, self._cals_plan, before, after, outcomes)

    def explain_all(self, want, outcomes):
        return _cals.explain(want, self._cals_plan, outcomes)
