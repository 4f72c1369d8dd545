# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin (the brain) of remotedesktop.licensing.win_rdlicense_activate; the hands are
win_rdlicense_activate.ps1."""

from __future__ import annotations

from ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_activate import DOCUMENTATION
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _activate
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import RDLicenseActionBase


class ActionModule(RDLicenseActionBase):
    MODULE = _activate.MODULE
    DOCUMENTATION = DOCUMENTATION
    NO_LOG = ('confirmation_code',)
    RETURN_DEFAULTS = {'activation_status': None, 'license_server_id': None, 'product_id': None,
                       'company_information': {}, 'activation_pending': False, 'instructions': None,
                       'activation_site': None}

    validate = staticmethod(_activate.validate)
    preflight = staticmethod(_activate.preflight)
    plan = staticmethod(_activate.plan)
    predict = staticmethod(_activate.predict)
    describe = staticmethod(_activate.describe)
    shape = staticmethod(_activate.shape)
    explain = staticmethod(_activate.explain)
    unsettled = staticmethod(_activate.unsettled)
