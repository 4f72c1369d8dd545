# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_server (mirrors win_rdlicense_server.ps1).

Internal to the remotedesktop.licensing collection. The probe of win_rdlicense_info, and the step handlers of
win_rdlicense_role, _activate, _cals and _configuration (the same functions: nothing is simulated twice), as the
.ps1 takes the handler tables of the four modules from module_utils.
"""

from __future__ import annotations

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands_activate, hands_cals
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands_configuration
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands_info, hands_role
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands

del hands_activate, hands_cals, hands_configuration, hands_role  # imported for the Hands they register

MODULE = 'win_rdlicense_server'
SERVER = Hands(MODULES['win_rdlicense_info'].probe)
for _part in contract.COMPOSED[MODULE]:
    for _name, _handler in MODULES[_part].steps.items():
        if _name in SERVER.steps:
            raise ValueError('%s: the step type %s has two handlers' % (MODULE, _name))
        SERVER.steps[_name] = _handler
MODULES[MODULE] = SERVER
del hands_info
