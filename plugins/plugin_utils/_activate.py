# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_activate: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.

The probe shape is ``CONTRACT['win_rdlicense_activate']['probe']``. Decisions made here:

* company information: only the properties given are managed; each one that differs is a ``set_contact_property``
  step (one property per step), written before any activation step;
* one activation step at most per run, chosen by ``activation_action``; web and telephone without the
  Clearinghouse's answer (license server ID or confirmation code) are *pending*: no step at all, not even company
  information, and instructions for the person who talks to the Clearinghouse;
* reactivation runs only when a condition says so (``current_license_server_id`` still held, ``force``, or a new
  ``license_server_id`` that differs from the server's), so that a rerun does not reactivate again;
* company information is personal data: no message built here contains a value of it.
"""

from __future__ import annotations

import copy
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import (
    SECRET_MIN_LENGTH,
    Env,
    Plan,
    RDLicenseError,
    first_failed,
    not_admin_message,
    step_failure,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import first_non_ascii, has_control_character

MODULE = 'win_rdlicense_activate'
NO_LOG: tuple[str, ...] = ('confirmation_code',)
RETURN_DEFAULTS: dict[str, t.Any] = {'activation_status': None, 'license_server_id': None, 'product_id': None,
                                     'company_information': {}, 'activation_pending': False, 'instructions': None,
                                     'activation_site': None}
LICENSE_SERVER_ID_LENGTH = 35
ACTIVATED = cat.ACTIVATION_STATUS_CODES['activated']
NOT_ACTIVATED = cat.ACTIVATION_STATUS_CODES['not_activated']
UNKNOWN = cat.ACTIVATION_STATUS_CODES['unknown']
# Get-CimInstance errors meaning that the class does not exist: the role is not installed.
ROLE_MISSING_CODES = (cat.WBEM_CODES['WBEM_E_INVALID_CLASS'], cat.WBEM_CODES['WBEM_E_INVALID_NAMESPACE'])
PROPERTY_TO_OPTION = cat.PROPERTY_TO_OPTION
# Properties the *Automatic methods need (Win32_TSLicenseServer class documentation).
REQUIRED_FOR = {
    'activate_automatic': cat.CONTACT_REQUIRED_FOR_AUTOMATIC,
    'deactivate_automatic': ('first_name', 'last_name'),
    'reactivate_automatic': ('first_name', 'last_name'),
}
METHOD_WORDS = cat.ACTIVATION_METHOD_WORDS
_SEPARATORS = re.compile(r'[\s-]+')
_ISO_CODE = re.compile(r'[A-Z]{2,3}')


# --------------------------------------------------------------------------------------------------------------------
# Validation (before any remote call)
# --------------------------------------------------------------------------------------------------------------------
_OMIT_WHEN_EMPTY = ('leave the option out instead (for a variable or an AWX survey answer that may be empty: '
                    '| default(omit, true))')


def normalise_license_server_id(value: str, option: str = 'license_server_id') -> str:
    """'7kq2m-9xh4t-...' -> '7KQ2M9XH4T...': 35 letters and digits, separators and lower case tolerated.

    An identifier, not a secret: a message may show a character of it. ASCII is checked before upper case, which
    would turn look-alikes into letters ('ı' into 'I', 'ſ' into 'S', 'ß' into 'SS').
    """
    if not value.strip():
        raise RDLicenseError('%s: %s is empty: give the license server ID the Clearinghouse gave (35 letters and '
                             'digits), or %s' % (MODULE, option, _OMIT_WHEN_EMPTY))
    other = first_non_ascii(value)
    if other:
        raise RDLicenseError('%s: %s must be 35 letters and digits (hyphens or spaces between the groups are '
                             'allowed), and it contains %s, which is not an ASCII letter or digit'
                             % (MODULE, option, other))
    cleaned = _SEPARATORS.sub('', value).upper()
    if not re.fullmatch(r'[A-Z0-9]*', cleaned):
        raise RDLicenseError('%s: %s must be 35 letters and digits (hyphens or spaces between the groups are '
                             'allowed), and it contains other characters' % (MODULE, option))
    if len(cleaned) != LICENSE_SERVER_ID_LENGTH:
        raise RDLicenseError('%s: %s must be 35 letters and digits (hyphens or spaces between the groups are '
                             'allowed), and it has %d' % (MODULE, option, len(cleaned)))
    return cleaned


def normalise_confirmation_code(value: str) -> str:
    """Letters and digits, separators and lower case tolerated. The value is a secret: never put it in a message.

    ASCII is checked before upper case, which would turn look-alikes into letters ('ı' into 'I', 'ß' into 'SS').
    """
    if not value.strip():
        raise RDLicenseError('%s: confirmation_code is empty: give the confirmation code the Clearinghouse operator '
                             'read out, or %s' % (MODULE, _OMIT_WHEN_EMPTY))
    cleaned = _SEPARATORS.sub('', value).upper() if value.isascii() else ''
    # No code is this short; a value this short is not masked in results either (SECRET_MIN_LENGTH), so it is not sent.
    if len(cleaned) < SECRET_MIN_LENGTH or not re.fullmatch(r'[A-Z0-9]+', cleaned):
        raise RDLicenseError('%s: confirmation_code must be the letters and digits the Clearinghouse gave, at least '
                             '%d of them (hyphens or spaces between the groups are allowed)'
                             % (MODULE, SECRET_MIN_LENGTH))
    return cleaned


def validate_company(info: t.Optional[dict[str, t.Any]]) -> dict[str, str]:
    """The managed company information (option name -> value); options that are not given are not managed."""
    if not info:
        return {}
    company: dict[str, str] = {}
    for option in cat.CONTACT_PROPERTIES:
        value = info.get(option)
        if value is None:
            continue
        if not isinstance(value, str):  # the action plugin refuses other types first; callers of this function too
            raise RDLicenseError('%s: company_information.%s must be a string' % (MODULE, option))
        value = value.strip()
        if has_control_character(value):
            raise RDLicenseError('%s: company_information.%s must not contain control characters (line breaks, tabs, '
                                 'NUL...): it is stored on the server and sent to the Clearinghouse' % (MODULE, option))
        if option in cat.CONTACT_REQUIRED_FOR_AUTOMATIC and not value:
            raise RDLicenseError('%s: company_information.%s must not be empty' % (MODULE, option))
        company[option] = value
    if _ISO_CODE.fullmatch(company.get('country_region', '')):
        raise RDLicenseError(
            "%s: company_information.country_region must be the country/region's display name in the license "
            "server's UI language, as RD Licensing Manager lists it (for example 'United States' or 'Germany' on an "
            'English server), not an ISO code' % MODULE)
    if company.get('email') and not re.fullmatch(r'[^@\s]+@[^@\s]+', company['email']):
        raise RDLicenseError('%s: company_information.email must be an e-mail address' % MODULE)
    return company


def _refuse(want: dict[str, t.Any], names: t.Iterable[str], context: str) -> None:
    given = [name for name in names if want.get(name) not in (None, False)]
    if given:
        raise RDLicenseError('%s: %s cannot be used with %s' % (MODULE, ', '.join(given), context))


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    """Normalise the validated arguments; refuse combinations that cannot be met."""
    want = dict(args)
    state, method = want['state'], want['method']
    want['company'] = validate_company(want.get('company_information'))
    for option in ('license_server_id', 'current_license_server_id'):
        if want.get(option) is not None:
            want[option] = normalise_license_server_id(want[option], option)
    if want.get('confirmation_code') is not None:
        want['confirmation_code'] = normalise_confirmation_code(want['confirmation_code'])

    answer_of_offline = ('license_server_id is the answer of the Clearinghouse to the web or telephone method: use it '
                         'with method=web or method=telephone')
    if state == 'activated':
        _refuse(want, ('confirmation_code', 'reason', 'current_license_server_id', 'force'), 'state=activated')
        if method == 'automatic' and want.get('license_server_id'):
            raise RDLicenseError('%s: %s' % (MODULE, answer_of_offline))
    elif state == 'deactivated':
        _refuse(want, ('license_server_id', 'reason', 'current_license_server_id', 'force'), 'state=deactivated')
        if method == 'web':
            raise RDLicenseError('%s: the Clearinghouse does not deactivate license servers through its web site: use '
                                 'method=automatic or method=telephone with state=deactivated' % MODULE)
        if method == 'automatic' and want.get('confirmation_code'):
            raise RDLicenseError('%s: confirmation_code is given by the Clearinghouse telephone operator: use it with '
                                 'method=telephone' % MODULE)
    else:
        _refuse(want, ('confirmation_code',), 'state=reactivated')
        if method == 'automatic':
            if want.get('license_server_id'):
                raise RDLicenseError('%s: %s' % (MODULE, answer_of_offline))
            if not want.get('reason'):
                raise RDLicenseError('%s: state=reactivated with method=automatic needs reason (one of %s)'
                                     % (MODULE, ', '.join(cat.REACTIVATION_REASONS)))
            if want.get('current_license_server_id') and want.get('force'):
                raise RDLicenseError('%s: current_license_server_id and force=true cannot be used together' % MODULE)
            if not want.get('current_license_server_id') and not want.get('force'):
                raise RDLicenseError(
                    '%s: reactivation is not idempotent (each one issues a new license server ID), so it needs a '
                    'condition: set current_license_server_id to the license server ID being replaced (the '
                    'reactivation then runs once, while the server still holds it), or force=true to reactivate on '
                    'every run' % MODULE)
        else:
            _refuse(want, ('current_license_server_id', 'force'),
                    'method=%s (the reactivation runs while the server does not hold the new license_server_id)'
                    % method)
    return want


# --------------------------------------------------------------------------------------------------------------------
# Reading the probe
# --------------------------------------------------------------------------------------------------------------------
def company_information(state: dict[str, t.Any]) -> dict[str, t.Optional[str]]:
    """The ten contact properties under their option names."""
    return {option: state['properties'][prop] for option, prop in cat.CONTACT_PROPERTIES.items()}


def status_name(state: dict[str, t.Any]) -> t.Optional[str]:
    status = state['activation']['status']
    return None if status is None else cat.ACTIVATION_STATUS.get(status, 'unknown')


def _company_after(want: dict[str, t.Any], state: dict[str, t.Any]) -> dict[str, t.Optional[str]]:
    after = company_information(state)
    after.update(want['company'])
    return after


def activation_action(want: dict[str, t.Any], state: dict[str, t.Any]) -> tuple[str, t.Optional[dict[str, t.Any]]]:
    """What the wanted state asks of the server's activation: ('none' | 'step' | 'pending', step or None)."""
    status = state['activation']['status']
    current = state['license_server_id'] or None
    method = want['method']
    if want['state'] == 'activated':
        if status == ACTIVATED:
            return 'none', None
        if method == 'automatic':
            return 'step', {'type': 'activate_automatic'}
        if want.get('license_server_id'):
            return 'step', {'type': 'activate_with_server_id', 'license_server_id': want['license_server_id']}
        return 'pending', None
    if want['state'] == 'deactivated':
        if status != ACTIVATED:
            return 'none', None
        if method == 'automatic':
            return 'step', {'type': 'deactivate_automatic'}
        if want.get('confirmation_code'):
            return 'step', {'type': 'deactivate_with_code', 'confirmation_code': want['confirmation_code']}
        return 'pending', None
    # reactivated (preflight makes sure the server is activated)
    if method == 'automatic':
        if want.get('force') or current == want.get('current_license_server_id'):
            return 'step', {'type': 'reactivate_automatic', 'reason': cat.REACTIVATION_REASONS[want['reason']]}
        return 'none', None
    if want.get('license_server_id'):
        if current == want['license_server_id']:
            return 'none', None
        return 'step', {'type': 'reactivate_with_server_id', 'license_server_id': want['license_server_id']}
    return 'pending', None


def read(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """What the state tells of the server's activation, whatever the task wants: status, IDs, company information."""
    return {
        'activation_status': status_name(state),
        'license_server_id': state['license_server_id'] or None,
        'product_id': state['product_id'] or None,
        'company_information': (company_information(state) if state['provider']['available'] and state['is_admin']
                                else {}),
    }


def report(want: dict[str, t.Any], state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The documented return values as far as the state tells them (also returned with a preflight failure)."""
    pending = instructions(want, state) if state['activation']['status'] in (ACTIVATED, NOT_ACTIVATED) else None
    return dict(read(state), **{
        'activation_pending': pending is not None,
        'instructions': pending,
        'activation_site': cat.ACTIVATION_WEB_SITE if want['method'] == 'web' else None,
    })


# --------------------------------------------------------------------------------------------------------------------
# Phase 1 of the web and telephone methods
# --------------------------------------------------------------------------------------------------------------------
_CALL = ('call the Microsoft Clearinghouse at the telephone number for your country/region (the Activate Server '
         "Wizard of RD Licensing Manager shows it when you choose the telephone connection method and the "
         'country/region)')
_SET_LSID = ('Then run this task again with license_server_id set to that ID (for example from an AWX survey '
             'variable); hyphens and lower case are accepted.')


def instructions(want: dict[str, t.Any], state: dict[str, t.Any]) -> t.Optional[str]:
    """What the person who talks to the Clearinghouse does next, when the wanted state waits for its answer."""
    kind, dummy = activation_action(want, state)
    if kind != 'pending':
        return None
    host = state['computer_name']
    product_id = state['product_id']
    lsid = state['license_server_id']
    unchanged = 'Nothing was changed on %s.' % host
    if want['state'] == 'activated' and want['method'] == 'web':
        text = ('%s is not activated. To activate it by web browser: on any computer with Internet access open %s, '
                'choose to activate a license server and submit the product ID %s together with the company '
                'information. The site answers with a license server ID of 35 characters (7 groups of 5). %s'
                % (host, cat.ACTIVATION_WEB_SITE, product_id, _SET_LSID))
    elif want['state'] == 'activated':
        text = ('%s is not activated. To activate it by telephone: %s, give the operator the product ID %s and the '
                'company information, and write down the license server ID of 35 characters the operator reads out. '
                '%s' % (host, _CALL, product_id, _SET_LSID))
    elif want['state'] == 'deactivated':
        text = ('%s is activated with the license server ID %s. To deactivate it by telephone: %s, ask to deactivate '
                'the license server with that ID, and write down the confirmation code the operator gives. Then run '
                'this task again with confirmation_code set to it (a secret: in AWX use a survey question of type '
                'password).' % (host, lsid, _CALL))
    else:
        reason = want['reason'].replace('_', ' ') if want.get('reason') else 'the reason that applies'
        where = ('on any computer with Internet access open %s, choose to reactivate a license server and submit'
                 % cat.ACTIVATION_WEB_SITE if want['method'] == 'web' else '%s and give the operator' % _CALL)
        text = ('%s is activated with the license server ID %s. To reactivate it by %s: %s the product ID %s, the '
                'current license server ID and the reason (%s). The Clearinghouse answers with a new license server '
                'ID of 35 characters. %s' % (host, lsid, METHOD_WORDS[want['method']], where, product_id, reason,
                                             _SET_LSID))
    return '%s %s' % (text, unchanged)


# --------------------------------------------------------------------------------------------------------------------
# Preflight, plan, prediction, reporting
# --------------------------------------------------------------------------------------------------------------------
def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse, before any change, a server whose activation cannot be read or changed as asked."""
    preflight_read(want, state)
    preflight_request(want, state)


def preflight_read(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse a server whose activation cannot be read: not an administrator, no provider (role missing or not
    ready), empty properties without a product ID, GetActivationStatus failed or answered an unknown status."""
    host = state['computer_name']
    details = report(want, state)
    if not state['is_admin']:
        raise RDLicenseError(
            not_admin_message(MODULE, host, 'Win32_TSLicenseServer answers with empty properties and refuses its '
                                            'methods (so does an account whose token is not elevated), and the '
                                            'activation can neither be read nor changed'), details)
    provider = state['provider']
    if not provider['available']:
        code = provider['error_code']
        cause = cat.describe_wbem(code, missing='no instance')
        if code in ROLE_MISSING_CODES:
            raise RDLicenseError(
                '%s: the RD Licensing role is not installed on %s: the WMI class %s does not exist [%s]; install the '
                'role first with remotedesktop.licensing.win_rdlicense_role (and restart the host when it reports '
                'reboot_required)' % (MODULE, host, cat.LICENSE_SERVER_CLASS, cause), details)
        raise RDLicenseError(
            '%s: the RD Licensing WMI provider on %s is not ready: reading %s failed [%s]. The provider answers once '
            'the role installation is complete and the %s service is running: restart the host if a restart is '
            'pending, start the service (remotedesktop.licensing.win_rdlicense_role does both checks) and run the '
            'task again' % (MODULE, host, cat.LICENSE_SERVER_CLASS, cause, cat.SERVICE_NAME), details)
    if not state['product_id'] and not any(state['properties'].values()):
        raise RDLicenseError(
            '%s: %s on %s answered with empty properties and no product ID, which is what the provider does for an '
            'account without administrative rights; nothing is activated over empty data. Connect as a member of the '
            'local Administrators group with an elevated token' % (MODULE, cat.LICENSE_SERVER_CLASS, host), details)
    activation = state['activation']
    if activation['status'] is None:
        code = activation['error_code']
        raise RDLicenseError('%s: GetActivationStatus failed on %s [%s]: %s' % (
            MODULE, host, cat.describe_wbem(code, missing='no answer'), activation['error_message'] or 'no message'),
            details)
    if activation['status'] not in (ACTIVATED, NOT_ACTIVATED):
        raise RDLicenseError(
            '%s: GetActivationStatus on %s answered %d (unknown error, state unknown): the license server cannot tell '
            'whether it is activated, and nothing is changed while it cannot. Look at the '
            'Microsoft-Windows-TerminalServices-Licensing event log, restart the %s service and run the task again'
            % (MODULE, host, activation['status'], cat.SERVICE_NAME), details)


def preflight_request(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse a request the server, as read (or predicted), cannot take: a reactivation of a server that is not
    activated, an automatic method without the company information it needs.

    ``state`` is a readable one (``preflight_read`` passed, or a predicted state): GetActivationStatus 0 or 1.
    """
    host = state['computer_name']
    details = report(want, state)
    activation = state['activation']
    if want['state'] == 'reactivated' and activation['status'] != ACTIVATED:
        raise RDLicenseError('%s: %s is not activated, so it cannot be reactivated; use state=activated'
                             % (MODULE, host), details)
    kind, step = activation_action(want, state)
    if kind == 'step' and step['type'] in REQUIRED_FOR:
        company = _company_after(want, state)
        missing = [option for option in REQUIRED_FOR[step['type']] if not company[option]]
        if missing:
            what = {'activate_automatic': 'automatic activation', 'deactivate_automatic': 'automatic deactivation',
                    'reactivate_automatic': 'automatic reactivation'}[step['type']]
            raise RDLicenseError(
                '%s: %s needs the company information %s, and %s has no value for %s: set them in '
                'company_information' % (MODULE, what, ', '.join(REQUIRED_FOR[step['type']]), host,
                                         ', '.join(missing)), details)


def contact_steps(want: dict[str, t.Any], state: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """One set_contact_property step per managed property that differs, in the catalogue's order."""
    steps = []
    for option, value in want['company'].items():
        prop = cat.CONTACT_PROPERTIES[option]
        if (state['properties'][prop] or '') != value:
            steps.append({'type': 'set_contact_property', 'name': prop, 'value': value})
    return steps


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env) -> Plan:
    result = Plan()
    kind, step = activation_action(want, state)
    if kind == 'pending':
        result.warnings.append('%s: %s' % (MODULE, instructions(want, state)))
        return result
    result.steps.extend(contact_steps(want, state))
    if step is not None:
        result.steps.append(step)
    current = state['license_server_id'] or None
    if (want['state'] == 'activated' and kind == 'none' and want.get('license_server_id')
            and current != want['license_server_id']):
        result.warnings.append('%s: %s is already activated with another license server ID (%s); license_server_id is '
                               'not used. To replace the ID, use state=reactivated'
                               % (MODULE, state['computer_name'], current))
    return result


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: Plan) -> dict[str, t.Any]:
    """The state the plan's steps would lead to, for check mode (an ID the Clearinghouse would issue is unknown)."""
    after = copy.deepcopy(state)
    activation = after['activation']
    for step in the_plan.steps:
        stype = step['type']
        if stype == 'set_contact_property':
            after['properties'][step['name']] = step['value']
        elif stype in ('activate_automatic', 'reactivate_automatic'):
            activation['status'] = ACTIVATED
            after['license_server_id'] = None
        elif stype in ('activate_with_server_id', 'reactivate_with_server_id'):
            activation['status'] = ACTIVATED
            after['license_server_id'] = step['license_server_id']
        elif stype in ('deactivate_automatic', 'deactivate_with_code'):
            activation['status'] = NOT_ACTIVATED
            after['license_server_id'] = None
    return after


def describe(state: dict[str, t.Any], the_plan: t.Optional[Plan] = None) -> dict[str, t.Any]:
    """The diff's view: activation status, license server ID and the company information."""
    return {
        'activation_status': status_name(state),
        'license_server_id': state['license_server_id'] or None,
        'company_information': company_information(state),
    }


def shape(want: dict[str, t.Any], the_plan: Plan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    return report(want, after)


# --------------------------------------------------------------------------------------------------------------------
# Failed steps
# --------------------------------------------------------------------------------------------------------------------
_WHAT = {
    'activate_automatic': 'the activation by automatic connection',
    'activate_with_server_id': 'the activation with license_server_id',
    'deactivate_automatic': 'the deactivation by automatic connection',
    'deactivate_with_code': 'the deactivation with confirmation_code',
    'reactivate_automatic': 'the reactivation by automatic connection',
    'reactivate_with_server_id': 'the reactivation with license_server_id',
}
_METHODS = {
    'activate_automatic': 'ActivateServerAutomatic',
    'activate_with_server_id': 'ActivateServer',
    'deactivate_automatic': 'DeactivateServerAutomatic',
    'deactivate_with_code': 'DeactivateServer',
    'reactivate_automatic': 'ReactivateServerAutomatic',
    'reactivate_with_server_id': 'ReactivateServer',
}
# The hands start the error message of a failed set_contact_property with '<class>.<property>: '.
_PROPERTY_IN_MESSAGE = re.compile(r'^%s\.(\w+):' % cat.LICENSE_SERVER_CLASS)


def _cause(error: dict[str, t.Any]) -> str:
    return cat.describe_wbem(error.get('code') or None, missing='no error code')


def explain(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]]) -> str:
    """The message when steps failed: that of the first failed one (the runner stops there)."""
    return explain_step(want, first_failed(outcomes))


def explain_step(want: dict[str, t.Any], outcome: dict[str, t.Any]) -> str:
    """The message for a failed step: what failed, why, and what to do. Never a company information value."""
    error = outcome['error'] or {}
    code = error.get('code') or 0
    cause = _cause(error)
    stype = outcome['type']
    if stype == 'set_contact_property':
        # The host's own message is left out: it could repeat the value.
        match = _PROPERTY_IN_MESSAGE.match(error.get('message') or '')
        prop = match.group(1) if match and match.group(1) in PROPERTY_TO_OPTION else None
        what = ('company_information.%s (%s.%s)' % (PROPERTY_TO_OPTION[prop], cat.LICENSE_SERVER_CLASS, prop)
                if prop else 'a company information property')
        text = '%s: the license server refused %s [%s]' % (MODULE, what, cause)
        if prop == 'CountryRegion' and code == cat.WBEM_CODES['WBEM_E_INVALID_PARAMETER']:
            return text + (
                ": it accepts only a country/region display name from the country list of its UI language, as RD "
                "Licensing Manager lists it: for example 'United States' or 'Germany' on an English server, the name "
                "in the server's language on other servers; ISO codes such as 'US' are not accepted")
        if code == cat.WBEM_CODES['WBEM_E_INVALID_OPERATION']:
            return text + ': the property is probably set by Group Policy; change it there, or remove the policy'
        return text
    what = _WHAT.get(stype, stype)
    host_message = error.get('message') or 'no message'
    automatic = stype in ('activate_automatic', 'deactivate_automatic', 'reactivate_automatic')
    if automatic and code == cat.WBEM_CODES['WBEM_E_NOT_AVAILABLE']:
        others = 'method=telephone' if stype == 'deactivate_automatic' else 'method=web or method=telephone'
        return ('%s: %s failed: the license server could not reach the Microsoft Clearinghouse [%s]. The automatic '
                'connection needs outbound HTTPS (TCP 443) from the license server to the Clearinghouse: open it in '
                'the firewall or proxy, or use %s, which need no connection from the server'
                % (MODULE, what, cause, others))
    if automatic and code == cat.WBEM_CODES['WBEM_E_FAILED']:
        return ('%s: %s failed: the Microsoft Clearinghouse rejected the request, or the call failed [%s: %s]. Check '
                'that company_information is complete and correct (its values are not repeated here), then run the '
                'task again' % (MODULE, what, cause, host_message))
    if automatic and code == cat.WBEM_CODES['WBEM_E_INVALID_PARAMETER']:
        return ('%s: %s failed: the license server refused it [%s: %s]; the company information it needs '
                '(first_name, last_name, company, country_region) is probably incomplete'
                % (MODULE, what, cause, host_message))
    if stype in ('activate_with_server_id', 'reactivate_with_server_id') \
            and code == cat.WBEM_CODES['WBEM_E_INVALID_PARAMETER']:
        return ('%s: %s failed: the license server refused the license server ID [%s]. It does not belong to this '
                "server's product ID (mistyped, or issued for another server or an earlier request): ask the "
                'Clearinghouse again with the product_id this task returns' % (MODULE, what, cause))
    if stype == 'deactivate_with_code' and code == cat.WBEM_CODES['WBEM_E_INVALID_PARAMETER']:
        return ('%s: %s failed: the license server refused the confirmation code [%s]. It is not the code for this '
                "server's license server ID (mistyped, or given for another server): ask the Clearinghouse operator "
                'again' % (MODULE, what, cause))
    return '%s: %s failed: %s' % (MODULE, what, step_failure(outcome))


def unsettled(want: dict[str, t.Any], the_plan: Plan, outcomes: list[dict[str, t.Any]],
              after: dict[str, t.Any]) -> t.Optional[str]:
    """ActivationStatus 2 (unknown error, state unknown) answered by an activation method whose ReturnValue was 0.

    The call did not fail and the Clearinghouse did not reject it, but whether the server is now activated is not
    known: say so, with what GetActivationStatus answered afterwards, and have the user read the state again.
    """
    outcome = next((o for o in outcomes if o['type'] in _WHAT and o['status'] != 'failed'
                    and (o.get('detail') or {}).get('activation_status') == UNKNOWN), None)
    if outcome is None:
        return None
    host = after['computer_name']
    now = after['activation']['status']
    read = {ACTIVATED: 'answered 0 (activated)', NOT_ACTIVATED: 'answered 1 (not activated)',
            UNKNOWN: 'answered 2 (unknown) too', None: 'did not answer'}.get(now, 'answered %s' % now)
    return ('%s: %s (%s.%s) returned without an error, but with ActivationStatus 2 (unknown error, state unknown): '
            'whether %s is activated is not known. This is not a rejection by the Microsoft Clearinghouse. '
            'GetActivationStatus, read right after the call, %s. Read the state again before anything else, for '
            'example with remotedesktop.licensing.win_rdlicense_info, and look at the '
            'Microsoft-Windows-TerminalServices-Licensing event log; once GetActivationStatus answers 0 or 1, run this '
            'task again: it changes only what is still missing.'
            % (MODULE, _WHAT[outcome['type']], cat.LICENSE_SERVER_CLASS, _METHODS[outcome['type']], host, read))
