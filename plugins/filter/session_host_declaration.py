# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter remotedesktop.licensing.session_host_declaration; documentation in session_host_declaration.yml."""

from __future__ import annotations

import collections.abc

from ansible.errors import AnsibleFilterError

# Role input -> the option of win_rdlicense_session_host it sets.
OPTIONS = {'session_host_licensing_mode': 'licensing_mode',
           'session_host_license_servers': 'license_servers',
           'session_host_connection_broker': 'connection_broker'}


def session_host_declaration(inputs):
    """The options of win_rdlicense_session_host from the inputs of the role session_host."""
    if not isinstance(inputs, collections.abc.Mapping):
        raise AnsibleFilterError('session_host_declaration: the input must be the dictionary of the inputs of the '
                                 "role session_host (lookup('remotedesktop.licensing.role_inputs', 'session_host'))")
    missing = sorted(set(OPTIONS) - set(inputs))
    if missing:
        raise AnsibleFilterError('session_host_declaration: inputs missing: %s' % ', '.join(missing))
    if not inputs['session_host_license_servers']:
        # The module would clear the host's list; from the role, an empty list is the default of an inventory whose
        # group license_servers has no host, not a wish.
        raise AnsibleFilterError('session_host: session_host_license_servers is empty (its default is the inventory '
                                 'group license_servers, which has no host): list the license servers the session '
                                 'host asks for CALs')
    declaration = {option: inputs[name] for name, option in OPTIONS.items()}
    declaration['license_servers'] = list(declaration['license_servers'])
    declaration['connection_broker'] = declaration['connection_broker'] or None
    return declaration


class FilterModule:

    def filters(self):
        return {'session_host_declaration': session_host_declaration}
