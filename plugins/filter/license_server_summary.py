# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter remotedesktop.licensing.license_server_summary; documentation in license_server_summary.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _summary


def _check(value, name: str, required: bool):
    if value is None and not required:
        return None
    if not isinstance(value, dict) or set(value) != set(_summary.KEYS):
        raise AnsibleFilterError('license_server_summary: %s must be the summary a run of '
                                 'remotedesktop.licensing.win_rdlicense_server returns (its RV(summary))' % name)
    return value


def license_server_summary(first, second=None, reboot_allowed=False, rebooted=False):
    """The rollout's summary: the run before a restart and, when the server was restarted, the run after it."""
    for flag, name in ((reboot_allowed, 'reboot_allowed'), (rebooted, 'rebooted')):
        if not isinstance(flag, bool):
            raise AnsibleFilterError('license_server_summary: %s must be a boolean, got %s' % (name, type(flag).__name__))
    return _summary.combine(_check(first, 'the input', True), _check(second, 'the second run', False),
                            reboot_allowed, rebooted)


class FilterModule:

    def filters(self):
        return {'license_server_summary': license_server_summary}
