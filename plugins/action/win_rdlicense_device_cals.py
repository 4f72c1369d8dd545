# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin (the brain) of remotedesktop.licensing.win_rdlicense_device_cals; the hands are
win_rdlicense_device_cals.ps1.

The planning is ``plugin_utils/_device_cals.py``; ``plugin_utils/_action.py`` runs it.
"""

from __future__ import annotations

from ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_device_cals import DOCUMENTATION
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _device_cals
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import RDLicenseActionBase


class ActionModule(RDLicenseActionBase):
    PLANNER = _device_cals
    DOCUMENTATION = DOCUMENTATION
