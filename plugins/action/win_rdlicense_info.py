# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin (the brain) of remotedesktop.licensing.win_rdlicense_info; the hands are win_rdlicense_info.ps1."""

from __future__ import annotations

import datetime

from ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_info import DOCUMENTATION
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _info
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import RDLicenseActionBase


class ActionModule(RDLicenseActionBase):
    MODULE = _info.MODULE
    DOCUMENTATION = DOCUMENTATION
    RETURN_DEFAULTS = _info.empty()

    # The controller's clock decides which key packs are expiring; the planning stays pure.
    def validate(self, args):
        return _info.validate(args, now=datetime.datetime.now(datetime.timezone.utc))

    preflight = staticmethod(_info.preflight)
    plan = staticmethod(_info.plan)
    describe = staticmethod(_info.describe)
    shape = staticmethod(_info.shape)
