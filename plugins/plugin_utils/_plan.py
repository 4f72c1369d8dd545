# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the planners (``plugin_utils/_role.py``, ``_activate.py``, ``_cals.py``, ``_info.py``) share: the plan they
return, the environment they are given, the error they raise, the default hooks, the wording of step failures and
refusals, and the lengths secrets are masked at.

Internal to the remotedesktop.licensing collection; not a public API. Pure: it imports nothing of ansible-core's
action machinery, so that the planners take data and return data (the action base, ``_action.py``, imports them).

Every planner module exposes the same API, which the action base (``_action.py``) and the composer
(``_server.py``) call::

    MODULE: str                          the module's short name
    NO_LOG: tuple[str, ...]              the secret options (a dot for sub-options: packs.license_code)
    RETURN_DEFAULTS: dict                every documented return value, empty (a task that fails early returns them)
    MUTUALLY_EXCLUSIVE / REQUIRED_IF / REQUIRED_TOGETHER    (optional) for validate_argument_spec

    validate(args, env) -> want                           arguments normalised; RDLicenseError before any remote call
    preflight(want, state) -> None                        RDLicenseError when the host cannot take the change
    plan(want, state, env) -> Plan                        ordered steps (empty: nothing to do), warnings, and what
                                                          the later hooks need (a Plan subclass)
    predict(want, state, plan) -> state                   the state the steps would lead to (check mode)
    describe(state, plan) -> dict                         what the diff shows (``plan`` may be None)
    shape(want, plan, before, after, outcomes) -> dict    the documented return values
    explain(want, plan, outcomes) -> str                  the message when steps failed, given every outcome
    unsettled(want, plan, outcomes, after) -> str | None  the message when no step failed but the state is unknown

``explain`` and ``unsettled`` have defaults here, which a planner may take as they are (``explain = _plan.explain``).
"""

from __future__ import annotations

import dataclasses
import datetime
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


@dataclasses.dataclass(frozen=True)
class Env:
    """What a planner may take from the controller, built once per task run by the action base: the clock (aware,
    UTC; win_rdlicense_info's expiring key packs) and a source of random bytes (win_rdlicense_cals' record salt)."""

    now: datetime.datetime
    random_bytes: t.Callable[[int], bytes]


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


def first_failed(outcomes: t.Iterable[dict[str, t.Any]]) -> dict[str, t.Any]:
    """The first failed step outcome (there is one: the hooks that take it are called when a step failed)."""
    return next(o for o in outcomes if o['status'] == 'failed')


# --------------------------------------------------------------------------------------------------------------------
# Default hooks
# --------------------------------------------------------------------------------------------------------------------
def explain(want: dict[str, t.Any], plan: Plan, outcomes: list[dict[str, t.Any]]) -> str:
    """``step_failure`` of the first failed outcome."""
    return step_failure(first_failed(outcomes))


def unsettled(want: dict[str, t.Any], plan: Plan, outcomes: list[dict[str, t.Any]],
              after: dict[str, t.Any]) -> t.Optional[str]:
    """No step leaves the state unknown."""
    return None
