# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the planners (``plugin_utils/_role.py``, ``_activate.py``, ``_cals.py``, ``_info.py``) share: the plan they
return, the error they raise, the wording of step failures and refusals, and the lengths secrets are masked at.

Internal to the remotedesktop.licensing collection; not a public API. Pure: it imports nothing of ansible-core's
action machinery, so that the planners take data and return data (the action base, ``_action.py``, imports them).
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat

MASK = '********'
# A value shorter than this cannot be a secret (the shortest format, agreement_number, has 7 digits; a typo may drop
# a few) and is never masked: masking a value such as 'a' would put asterisks in every word that holds the letter and
# so tell the value. Such values are refused before any remote call, by messages that never repeat a value.
SECRET_MIN_LENGTH = 4
# A value this long is masked wherever it appears, as ansible-core's no_log does; a shorter one where it stands as a
# word of its own (not next to a letter, digit or underscore), so that a secret given as 'code' masks no part of
# 'license_code'.
SECRET_ANYWHERE_LENGTH = 12


class RDLicenseError(Exception):
    """A failure to report to the user as the task's ``msg``.

    ``details`` are documented return values already known when the failure happens (for example the state read by
    the probe); they are returned with the failure so that it keeps the module's result shape.
    """

    def __init__(self, msg: str, details: t.Optional[dict[str, t.Any]] = None):
        super().__init__(msg)
        self.details = dict(details or {})


@dataclasses.dataclass
class Plan:
    steps: list[dict[str, t.Any]] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)


def step_failure(outcome: dict[str, t.Any]) -> str:
    """'Install-WindowsFeature failed: <message> (<code>)' for a failed step outcome."""
    error = outcome['error'] or {}
    code = error.get('code', 0)
    if code in cat.WBEM_ERRORS:
        described = cat.describe_wbem(code)
    elif code in cat.WIN32_ERRORS:
        described = cat.describe_win32(code)  # a cmdlet's Windows error: 1058 service disabled, 5 access denied
    else:
        described = 'error 0x%08X' % code if code else ''
    text = '%s failed: %s' % (error.get('operation', outcome['type']), error.get('message', 'unknown error'))
    return text + (' [%s]' % described if described else '')


def not_admin_message(module: str, host: str, consequence: str) -> str:
    """The message of a module refusing an account that is not a local administrator: what it cannot do, and how."""
    return ('%s: the connecting account is not a member of the local Administrators group on %s, so %s; connect as an '
            'administrator or use become with become_method=runas' % (module, host, consequence))
