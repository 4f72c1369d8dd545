# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_info: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.

The probe (``CONTRACT['win_rdlicense_info']['probe']``) is made of the parts the probes of win_rdlicense_role,
win_rdlicense_activate, win_rdlicense_cals, win_rdlicense_session_host and win_rdlicense_configuration read, so the
report is made of what those modules return, through their own functions: ``_role.report`` for the role,
``_activate.read`` for the activation, ``_cals.inventory`` and ``_cals.totals`` for the key packs,
``_session_host.report`` for the session host side, ``_configuration.report`` for the directory side. The
module changes nothing: its plan is always empty.

What cannot be read is reported, not failed on (role not installed, provider not ready), except an account that is
not a local administrator: Windows answers it with empty data, which a report would show as if it were the server's.
"""

from __future__ import annotations

import datetime
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _activate
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _cals
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _configuration
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _plan
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _role
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _session_host
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import (
    Env,
    Plan,
    RDLicenseError,
    not_admin_message,
)

MODULE = 'win_rdlicense_info'
NO_LOG: tuple[str, ...] = ()
_ISO_UTC = '%Y-%m-%dT%H:%M:%SZ'

# Why the activation cannot be read (activation.reason); a cause follows some of them after ': '.
REASON_ROLE_MISSING = 'role not installed'
REASON_ROLE_PENDING = 'role installation pending a restart'
REASON_PROVIDER = 'provider not ready'
REASON_NOT_ADMIN = 'not an administrator'
REASON_STATUS = 'GetActivationStatus failed'


def empty() -> dict[str, t.Any]:
    """Every documented return value, empty: what a task that fails before reading the host returns."""
    return {
        'host': {'computer_name': None, 'os': None, 'os_version': None, 'installation_type': None, 'is_server': None,
                 'is_admin': None, 'max_cal_version': None},
        'role': {'installed': False, 'features': [], 'service': {'name': cat.SERVICE_NAME, 'exists': False,
                                                                 'start_mode': None, 'state': None},
                 'reboot_required': False},
        'activation': {'available': False, 'reason': None, 'activation_status': None, 'license_server_id': None,
                       'product_id': None, 'company_information': {}, 'discovery_scope': None},
        'key_packs': [],
        'totals': {},
        'expiring': [],
        'records': [],
        'session_host': None,
        'configuration': _configuration.empty_report(),
    }


RETURN_DEFAULTS = empty()
EXPIRING_WITHIN_DAYS_MAX = 36500


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    """Normalise the validated arguments; ``env.now`` (aware, UTC) is the controller's clock, for RV(expiring)."""
    days = args.get('expiring_within_days')
    days = 90 if days is None else days
    if days < 0:
        raise RDLicenseError('%s: expiring_within_days must be 0 or more, got %d' % (MODULE, days))
    if days > EXPIRING_WITHIN_DAYS_MAX:  # a larger one overflows the controller's date arithmetic
        raise RDLicenseError('%s: expiring_within_days must be %d (100 years) or less, got %d'
                             % (MODULE, EXPIRING_WITHIN_DAYS_MAX, days))
    return {
        'include_builtin_and_temporary': bool(args.get('include_builtin_and_temporary')),
        'expiring_within_days': days,
        'versions': _cals.product_versions(args.get('product_version_ids'), MODULE),
        'now': env.now,
    }


# --------------------------------------------------------------------------------------------------------------------
# Reading the probe
# --------------------------------------------------------------------------------------------------------------------
def host(state: dict[str, t.Any]) -> dict[str, t.Any]:
    os_info = state['os']
    is_server = os_info['product_type'] in cat.SERVER_PRODUCT_TYPES
    return {
        'computer_name': state['computer_name'],
        'os': os_info['caption'],
        'os_version': os_info['version'],
        'installation_type': os_info['installation_type'],
        'is_server': is_server,
        'is_admin': state['is_admin'],
        'max_cal_version': cat.cal_version_for_build(os_info['build']) if is_server else None,
    }


def role(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """As win_rdlicense_role returns it, and whether the role is installed (not while a restart is pending)."""
    feature = _role.feature(state, cat.ROLE_FEATURE)
    return dict({'installed': bool(feature and feature['installed'])}, **_role.report(state))


def reason(state: dict[str, t.Any]) -> t.Optional[str]:
    """Why the activation cannot be read, or None when it was."""
    if not state['is_admin']:
        return REASON_NOT_ADMIN
    provider = state['provider']
    if not provider['available']:
        code = provider['error_code']
        if code in _activate.ROLE_MISSING_CODES:
            feature = _role.feature(state, cat.ROLE_FEATURE)
            pending = feature is not None and feature['install_state'] == cat.INSTALL_STATE_INSTALL_PENDING
            return REASON_ROLE_PENDING if pending else REASON_ROLE_MISSING
        cause = cat.describe_wbem(code, missing='no instance')
        return '%s: %s' % (REASON_PROVIDER, cause)
    activation = state['activation']
    if activation['status'] is None:
        code = activation['error_code']
        cause = cat.describe_wbem(code, missing='no answer')
        return '%s: %s' % (REASON_STATUS, cause)
    return None


def activation(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """As win_rdlicense_activate returns it, with whether it could be read (and why not) and the discovery scope."""
    available = state['provider']['available'] and state['is_admin']
    return dict({'available': available, 'reason': reason(state)}, **_activate.read(state), **{
        'discovery_scope': cat.DISCOVERY_SCOPES.get(state['server_role']) if available else None,
    })


def _expiry(item: dict[str, t.Any]) -> t.Optional[datetime.datetime]:
    try:
        return datetime.datetime.strptime(item['expiration_date'] or '', _ISO_UTC).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def expiring(key_packs: list[dict[str, t.Any]], now: datetime.datetime, days: int) -> list[dict[str, t.Any]]:
    """The key packs (as returned) that expire within ``days`` of ``now``, or have expired, soonest first."""
    limit = now + datetime.timedelta(days=days)
    dated = [(_expiry(item), item) for item in key_packs]
    soon = [(when, item) for when, item in dated if when is not None and when <= limit]
    return [item for when, item in sorted(soon, key=lambda pair: pair[0])]


def records(state: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """The idempotency records of win_rdlicense_cals: the salted hash and the non-secret facts, never the salt."""
    parsed, dummy = _cals.parse_records(state)
    items = [{'name': name, 'key_pack_id': value['key_pack_id'], 'program': value.get('program'),
              'product_version': value.get('product_version'), 'cal_type': value.get('cal_type'),
              'quantity': value.get('quantity')} for name, value in parsed.items()]
    return sorted(items, key=lambda item: (item['key_pack_id'], item['name']))


def report(want: dict[str, t.Any], state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The documented return values."""
    key_packs = _cals.inventory(state, want['versions'], want['include_builtin_and_temporary'])
    return {
        'host': host(state),
        'role': role(state),
        'activation': activation(state),
        'key_packs': key_packs,
        'totals': _cals.totals(state, want['versions']),
        'expiring': expiring(key_packs, want['now'], want['expiring_within_days']),
        'records': records(state),
        'session_host': session_host(state),
        'configuration': _configuration.report(state),
    }


def session_host(state: dict[str, t.Any]) -> t.Optional[dict[str, t.Any]]:
    """As win_rdlicense_session_host returns it, when the host has the RD Session Host role service; else None."""
    return _session_host.report(state) if _session_host.role_service_installed(state) else None


def warnings(state: dict[str, t.Any]) -> list[str]:
    """What the report leaves out and why, when the key packs could not be read although the server answered."""
    provider = state['key_pack_provider']
    if state['provider']['available'] and state['is_admin'] and not provider['available']:
        code = provider['error_code']
        return ['%s: the key packs of %s could not be read [%s: %s]; key_packs, totals and expiring are empty'
                % (MODULE, state['computer_name'], cat.describe_wbem(code, missing='no answer'),
                   provider['error_message'] or 'no message')]
    return []


# --------------------------------------------------------------------------------------------------------------------
# The action base's hooks
# --------------------------------------------------------------------------------------------------------------------
def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse an account that is not an administrator: what it reads is empty, and would mislead."""
    if not state['is_admin']:
        raise RDLicenseError(
            not_admin_message(MODULE, state['computer_name'],
                              'the role, the activation and the key packs cannot be read (Windows answers such an '
                              'account with empty data, which a report would show as the server\'s)'),
            report(want, state))


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env) -> Plan:
    """Nothing to change, ever; the warnings say what could not be read."""
    return Plan(warnings=warnings(state))


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: Plan) -> dict[str, t.Any]:
    """The plan has no step: the state stays as it is."""
    return state


def describe(state: dict[str, t.Any], the_plan: t.Optional[Plan] = None) -> dict[str, t.Any]:
    """A read-only module has nothing to show in a diff."""
    return {}


def shape(want: dict[str, t.Any], the_plan: Plan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    return report(want, after)


explain = _plan.explain
unsettled = _plan.unsettled
