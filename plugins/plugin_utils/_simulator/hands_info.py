# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated hands of remotedesktop.licensing.win_rdlicense_info (mirrors win_rdlicense_info.ps1).

Internal to the remotedesktop.licensing collection. Read-only: a probe made of the parts the other modules read,
and no step.
"""

from __future__ import annotations

import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands import MODULES, Hands
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_configuration import (
    add_configuration_state,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.hands_common import (
    add_activation_state,
    add_role_state,
    add_session_host_state,
    key_packs,
    provider_state,
    records,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    LicenseServerModel,
    WbemError,
)


def _info_probe(model: LicenseServerModel) -> dict[str, t.Any]:
    state = model.host_info()
    add_role_state(model, state)
    add_activation_state(model, state)
    state['key_pack_provider'] = provider_state()
    state['key_packs'] = []
    if state['is_admin'] and state['provider']['available']:
        try:
            state['key_packs'] = key_packs(model)
            state['key_pack_provider']['available'] = True
        except WbemError as e:
            state['key_pack_provider'].update(error_code=e.code, error_message=str(e))
    state['records'] = records(model)
    add_session_host_state(model, state)
    add_configuration_state(model, state)
    return state


MODULES['win_rdlicense_info'] = Hands(_info_probe)
