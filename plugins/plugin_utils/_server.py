# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The planning of remotedesktop.licensing.win_rdlicense_server: the planners of win_rdlicense_role, _activate and
_cals composed over one probe (what win_rdlicense_info reads), in that order.

Internal to the remotedesktop.licensing collection; not a public API. Pure: data in, data out.

No planning of its own: each part is validated, checked, planned, predicted and reported by its own planner; this
module decides only which parts can be planned on the state at hand, on which view of it, and in which order their
steps are sent:

- the role first (``_role``), on the probe;
- the activation (``_activate``) when the licensing WMI provider answers. When the role is installed by this very
  apply, the provider cannot answer before it: the activation and the CAL packs then wait for the state read back
  after the apply (``deferred``), and are planned from it, in one more apply. In check mode they are planned on the
  state a fresh provider would show (``fresh_provider``), and say so (``predicted``);
- the CAL packs (``_cals``) on the state the activation leaves (predicted by ``_activate.predict``), so that packs
  are installed in the same apply that activates the server; the runner stops at a failed activation step, so no
  pack is installed on a server whose activation failed.

A part is not planned (``skipped``) when the server must restart first (``reboot_required``), when the activation
waits for the Clearinghouse's answer (``activation_pending``), or, for the CAL packs, when the server is to be
deactivated (``deactivated``).
"""

from __future__ import annotations

import copy
import dataclasses
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _activate, _cals, _declarations, _info, _role
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _configuration
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Env, Plan, RDLicenseError

MODULE = 'win_rdlicense_server'
# The parts in the order their steps are sent, each with its planner.
PARTS: dict[str, t.Any] = {'role': _role, 'activation': _activate, 'cals': _cals, 'configuration': _configuration}
NO_LOG = tuple('activation.%s' % name for name in _activate.NO_LOG) + tuple('cals.%s' % name for name in _cals.NO_LOG)

# What a task that fails before reading the host returns: every documented key, empty.
_PART_FLAGS = {'changed': False, 'predicted': False, 'skipped': None}
RETURN_DEFAULTS: dict[str, t.Any] = {
    'role': dict(_role.RETURN_DEFAULTS, **_PART_FLAGS),
    'activation': dict(_activate.RETURN_DEFAULTS, **_PART_FLAGS),
    'cals': dict(_cals.RETURN_DEFAULTS, **_PART_FLAGS),
    'configuration': dict(_configuration.RETURN_DEFAULTS, **_PART_FLAGS),
    'info': _info.empty(),
    'reboot_required': False,
    'rebooted': False,
    'stopped': None,
    'summary': None,
}
# O(reboot_timeout): ansible.windows.win_reboot waits that long for the shutdown, and as long again for the return.
REBOOT_TIMEOUT_RANGE = (1, 86400)

# Why a part was not planned.
REBOOT_REQUIRED = 'reboot_required'
ACTIVATION_PENDING = 'activation_pending'
DEACTIVATED = 'deactivated'
AFTER_ROLE = 'after_role'  # waits for the state read back after the role's installation
# What stops the rollout of a server for now (RV(stopped)).
STOPS = (REBOOT_REQUIRED, ACTIVATION_PENDING)


def _in_part(part: str, error: RDLicenseError) -> RDLicenseError:
    """The part's refusal as this module's: 'win_rdlicense_server: activation: <the planner's message>'."""
    return RDLicenseError(_reworded(part, str(error)), error.details)


def _call(part: str, function: t.Callable[..., t.Any], *args: t.Any) -> t.Any:
    try:
        return function(*args)
    except RDLicenseError as e:
        raise _in_part(part, e)


# --------------------------------------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------------------------------------
# O(role_inputs) stands for these options (the role license_server's declaration).
FROM_ROLE_INPUTS = ('role', 'activation', 'cals', 'configuration', 'reboot', 'reboot_timeout', 'summary_wording')
ROLE = 'license_server'


def from_role_inputs(args: dict[str, t.Any]) -> dict[str, t.Any]:
    """The task's arguments with O(role_inputs) replaced by the options it stands for (the summary worded for the
    role)."""
    return _declarations.expand(MODULE, ROLE, args, FROM_ROLE_INPUTS, {'summary_wording': 'role'})


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    """Each part's arguments validated by its planner; the report's by win_rdlicense_info's."""
    role = dict(args.get('role') or {}, state='present')
    activation = dict(args.get('activation') or {})
    cals = dict(args.get('cals') or {})
    want = {
        'role': _call('role', _role.validate, role, env),
        'activation': _call('activation', _activate.validate, activation, env),
        'cals': _call('cals', _cals.validate, cals, env),
        'configuration': _call('configuration', _configuration.validate, dict(args.get('configuration') or {}), env),
    }
    want['info'] = _call('info', _info.validate, {
        'expiring_within_days': args.get('expiring_within_days'),
        'include_builtin_and_temporary': cals.get('include_builtin_and_temporary'),
        'product_version_ids': cals.get('product_version_ids'),
    }, env)
    low, high = REBOOT_TIMEOUT_RANGE
    timeout = args.get('reboot_timeout')
    if not isinstance(timeout, int) or isinstance(timeout, bool) or not low <= timeout <= high:
        raise RDLicenseError('%s: reboot_timeout must be a whole number of seconds from %d to %d' % (MODULE, low, high))
    want['reboot'] = {'enabled': bool(args.get('reboot')), 'timeout': timeout}
    want['summary_wording'] = args.get('summary_wording') or 'module'
    if want['activation']['state'] == 'deactivated' and want['cals']['packs']:
        raise RDLicenseError('%s: cals.packs cannot be used with activation.state=deactivated: a deactivated license '
                             'server takes no CAL pack' % MODULE)
    return want


# --------------------------------------------------------------------------------------------------------------------
# Views of the probe
# --------------------------------------------------------------------------------------------------------------------
def cals_view(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The probe as win_rdlicense_cals reads it: the key pack provider (once the license server's answered), the
    activation status, the key packs and the records."""
    provider = state['key_pack_provider'] if state['provider']['available'] else state['provider']
    return {
        'computer_name': state['computer_name'], 'os': state['os'], 'is_admin': state['is_admin'],
        'provider': provider, 'activation_status': state['activation']['status'],
        'key_packs': state['key_packs'], 'records': state['records'],
    }


def configuration_view(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The probe as win_rdlicense_configuration reads it."""
    return {'computer_name': state['computer_name'], 'os': state['os'], 'is_admin': state['is_admin'],
            'configuration': state['configuration']}


def fresh_provider(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The state once the role is installed and its provider answers, as far as it can be foreseen: not activated, no
    company information, no key pack, no record, workgroup scope, in a domain neither in the AD group nor published nor
    registered; the product ID and the policy are not known yet."""
    after = copy.deepcopy(state)
    answering = {'available': True, 'error_code': None, 'error_message': None}
    conf = after['configuration']
    conf.update(provider=dict(answering), server_role=cat.DISCOVERY_SCOPE_CODES['workgroup'])
    for option in _configuration.FLAGS:
        conf[_configuration.FLAGS[option][0]] = {'value': False if conf['domain_joined'] else None, 'error_code': None, 'error_message': None}
    after.update({
        'provider': dict(answering), 'key_pack_provider': dict(answering),
        'activation': {'status': cat.ACTIVATION_STATUS_CODES['not_activated'], 'error_code': None,
                       'error_message': None},
        'license_server_id': None, 'product_id': None,
        'properties': {name: None for name in state['properties']},
        'key_packs': [], 'records': {'salt': None, 'entries': []},
    })
    return after


def apply_activation(state: dict[str, t.Any], activation_state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The probe with the activation's part replaced by ``activation_state`` (the activation planner's prediction)."""
    after = copy.deepcopy(state)
    for key in ('activation', 'license_server_id', 'product_id', 'properties'):
        after[key] = copy.deepcopy(activation_state[key])
    return after


def role_reboot_required(state: dict[str, t.Any]) -> bool:
    """Whether the probe says the role waits for a restart (as win_rdlicense_role reports it)."""
    return _role.report(state)['reboot_required']


# --------------------------------------------------------------------------------------------------------------------
# The plan of one apply
# --------------------------------------------------------------------------------------------------------------------
@dataclasses.dataclass
class Part:
    """One part of a round: its planner's plan on the view of the state it was planned on, or why it was not."""

    name: str
    state: t.Optional[dict[str, t.Any]] = None  # the view it was planned on (its own module's probe shape)
    plan: t.Optional[Plan] = None
    skipped: t.Optional[str] = None
    predicted: bool = False  # planned on a foreseen state (check mode, before the role exists)
    offset: int = 0  # where its steps start in the round's steps


@dataclasses.dataclass
class ServerPlan(Plan):
    """The plan of one apply: the parts in order, and their steps one after the other."""

    parts: dict[str, Part] = dataclasses.field(default_factory=dict)
    deferred: bool = False  # the activation and the CAL packs wait for the state after this apply
    stopped: t.Optional[str] = None

    def part_outcomes(self, name: str, outcomes: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
        """The outcomes of one part's steps, from all the apply's outcomes (the runner may have stopped early)."""
        part = self.parts[name]
        if part.plan is None:
            return []
        return outcomes[part.offset:part.offset + len(part.plan.steps)]


def _add(result: ServerPlan, part: Part) -> None:
    result.parts[part.name] = part
    if part.plan is not None:
        part.offset = len(result.steps)
        result.steps.extend(part.plan.steps)
        result.warnings.extend(_reworded(part.name, w) for w in part.plan.warnings)


def _reworded(part: str, text: str) -> str:
    """A part's message as this module's; the report's options (``info``) are this module's own."""
    own = '%s: ' % (_info.MODULE if part == 'info' else PARTS[part].MODULE)
    text = text[len(own):] if text.startswith(own) else text
    return '%s: %s' % (MODULE, text) if part == 'info' else '%s: %s: %s' % (MODULE, part, text)


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env, check_mode: bool = False,
         last_round: bool = False) -> ServerPlan:
    """The parts planned in order on ``state`` (the win_rdlicense_info probe).

    ``check_mode``: what the host cannot tell yet is planned on a foreseen state. ``last_round``: the state was read
    back after an apply, and no further apply may be deferred to.
    """
    result = _plan_licensing(want, state, env, check_mode, last_round)
    activation = result.parts['activation']
    if activation.plan is None:  # the provider does not answer yet: the configuration waits with the activation
        _add(result, Part('configuration', skipped=activation.skipped))
        return result
    view = configuration_view(activation.state)
    _call('configuration', _configuration.preflight, want['configuration'], view)
    configuration_plan = _call('configuration', _configuration.plan, want['configuration'], view, env)
    _add(result, Part('configuration', state=view, plan=configuration_plan, predicted=activation.predicted))
    return result


def _plan_licensing(want: dict[str, t.Any], state: dict[str, t.Any], env: Env, check_mode: bool,
                    last_round: bool) -> ServerPlan:
    """The role, the activation and the CAL packs planned in order on ``state``."""
    result = ServerPlan()
    _call('role', _role.preflight, want['role'], state)
    role_plan = _call('role', _role.plan, want['role'], state, env)
    _add(result, Part('role', state=state, plan=role_plan))
    role_after = _role.predict(want['role'], state, role_plan) if role_plan.steps else state
    installs_role = any(s['type'] == 'install_features' and cat.ROLE_FEATURE in s['names'] for s in role_plan.steps)

    def skip(*names: str, why: str) -> ServerPlan:
        for name in names:
            _add(result, Part(name, skipped=why))
        if why in STOPS:
            result.stopped = why
        return result

    predicted = False
    if state['provider']['available']:
        activation_state = state
        _call('activation', _activate.preflight, want['activation'], activation_state)
    elif role_reboot_required(state):
        return skip('activation', 'cals', why=REBOOT_REQUIRED)
    elif check_mode and installs_role:
        activation_state, predicted = fresh_provider(role_after), True
        _call('activation', _activate.preflight_request, want['activation'], activation_state)
    elif role_plan.steps and check_mode:
        # The role is there but its provider does not answer until the service is corrected: nothing to foresee.
        return skip('activation', 'cals', why=AFTER_ROLE)
    elif role_plan.steps and not last_round:
        result.deferred = True
        return skip('activation', 'cals', why=AFTER_ROLE)
    else:
        _call('activation', _activate.preflight, want['activation'], state)  # names why the provider is not ready
        raise AssertionError('unreachable: the preflight refuses a provider that does not answer')

    activation_plan = _call('activation', _activate.plan, want['activation'], activation_state, env)
    _add(result, Part('activation', state=activation_state, plan=activation_plan, predicted=predicted))
    kind, dummy = _activate.activation_action(want['activation'], activation_state)
    if kind == 'pending':
        return skip('cals', why=ACTIVATION_PENDING)
    if want['activation']['state'] == 'deactivated':
        return skip('cals', why=DEACTIVATED)
    activated = _activate.predict(want['activation'], activation_state, activation_plan)
    view = cals_view(apply_activation(activation_state, activated))
    _call('cals', _cals.preflight, want['cals'], view)
    cals_plan = _call('cals', _cals.plan, want['cals'], view, env)
    _add(result, Part('cals', state=view, plan=cals_plan, predicted=predicted))
    return result


def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: ServerPlan) -> dict[str, t.Any]:
    """The probe the round's steps would lead to (check mode), part by part."""
    after = state
    role = the_plan.parts['role']
    if role.plan is not None and role.plan.steps:
        after = _role.predict(want['role'], after, role.plan)
    activation = the_plan.parts['activation']
    if activation.plan is not None:
        after = apply_activation(after, _activate.predict(want['activation'], activation.state, activation.plan))
        if activation.predicted:
            after['provider'] = dict(activation.state['provider'])
            after['key_pack_provider'] = dict(activation.state['key_pack_provider'])
    cals = the_plan.parts['cals']
    if cals.plan is not None:
        predicted = _cals.predict(want['cals'], cals.state, cals.plan)
        after = dict(after, key_packs=predicted['key_packs'], records=predicted['records'])
    configuration = the_plan.parts['configuration']
    if configuration.plan is not None:
        predicted = _configuration.predict(want['configuration'], configuration.state, configuration.plan)
        after = dict(after, configuration=predicted['configuration'])
    return after


# --------------------------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------------------------
@dataclasses.dataclass
class Round:
    """One plan and what became of it: applied (outcomes, the state read back) or predicted (check mode)."""

    state: dict[str, t.Any]
    plan: ServerPlan
    after: dict[str, t.Any]
    outcomes: list[dict[str, t.Any]] = dataclasses.field(default_factory=list)
    applied: bool = False


def last_planned(rounds: list[Round], name: str) -> t.Optional[Round]:
    return next((r for r in reversed(rounds) if r.plan.parts[name].plan is not None), None)


def _skipped(rounds: list[Round], name: str) -> t.Optional[str]:
    return None if last_planned(rounds, name) else rounds[-1].plan.parts[name].skipped


def _changed(rnd: Round, name: str) -> bool:
    part_plan = rnd.plan.parts[name].plan
    if not rnd.applied:
        return bool(part_plan and part_plan.steps)
    return any(o['status'] == 'changed' for o in rnd.plan.part_outcomes(name, rnd.outcomes))


def results(want: dict[str, t.Any], rounds: list[Round]) -> dict[str, t.Any]:
    """The documented return values, from every round of the task (one or two applies, or one prediction)."""
    first, final = rounds[0].state, rounds[-1].after
    role_outcomes = [o for r in rounds for o in r.plan.part_outcomes('role', r.outcomes)]
    last_role = rounds[-1].plan.parts['role'].plan
    role = dict(_role.shape(want['role'], last_role, first, final, role_outcomes),
                changed=any(_changed(r, 'role') for r in rounds), predicted=False, skipped=None)

    rnd = last_planned(rounds, 'activation')
    if rnd is None:
        activation = dict(_activate.report(want['activation'], final), changed=False, predicted=False)
    else:
        part = rnd.plan.parts['activation']
        activation = dict(_activate.shape(want['activation'], part.plan, part.state, final,
                                          rnd.plan.part_outcomes('activation', rnd.outcomes)),
                          changed=_changed(rnd, 'activation'), predicted=part.predicted)
        if part.predicted and activation['activation_pending']:
            # The product ID to submit is not known before the role is installed.
            activation['instructions'] = (
                'The product ID to submit is known once the RD Licensing role is installed: run the task without '
                'check mode to get it, with the instructions.')
    activation['skipped'] = _skipped(rounds, 'activation')

    rnd = last_planned(rounds, 'cals')
    if rnd is None:
        view = cals_view(final)
        cals = dict(copy.deepcopy(_cals.RETURN_DEFAULTS), changed=False, predicted=False,
                    key_packs=_cals.inventory(view, want['cals']['versions'],
                                              want['cals']['include_builtin_and_temporary']),
                    totals=_cals.totals(view, want['cals']['versions']))
    else:
        part = rnd.plan.parts['cals']
        cals = dict(_cals.shape(want['cals'], part.plan, part.state, cals_view(final),
                                rnd.plan.part_outcomes('cals', rnd.outcomes), applied=rnd.applied),
                    changed=_changed(rnd, 'cals'), predicted=part.predicted)
    cals['skipped'] = _skipped(rounds, 'cals')

    rnd = last_planned(rounds, 'configuration')
    view = configuration_view(final)
    if rnd is None:
        configuration = dict(_configuration.shape(want['configuration'], _configuration.ConfigurationPlan(), view, view,
                                                  []), changed=False, predicted=False)
    else:
        part = rnd.plan.parts['configuration']
        configuration = dict(_configuration.shape(want['configuration'], part.plan, part.state, view,
                                                  rnd.plan.part_outcomes('configuration', rnd.outcomes),
                                                  applied=rnd.applied),
                             changed=_changed(rnd, 'configuration'), predicted=part.predicted)
    configuration['skipped'] = _skipped(rounds, 'configuration')

    stopped = rounds[-1].plan.stopped
    return {
        'role': role, 'activation': activation, 'cals': cals, 'configuration': configuration,
        'reboot_required': role['reboot_required'],
        'stopped': stopped,
    }


def restart_wanted(want: dict[str, t.Any], result: dict[str, t.Any], check_mode: bool) -> bool:
    """Whether the task restarts the server now: O(reboot=true), the run stopped for a restart, not in check mode."""
    return want['reboot']['enabled'] and result['stopped'] == REBOOT_REQUIRED and not check_mode


def after_restart(first: dict[str, t.Any], second: dict[str, t.Any]) -> dict[str, t.Any]:
    """The return values of a task that restarted the server between two runs: the second run's, with what the first
    one changed kept (the role it installed), the first run's warnings, and the diff from the first run's start."""
    merged = copy.deepcopy(second)
    for name in PARTS:
        merged[name]['changed'] = bool(first[name]['changed'] or second[name]['changed'])
    merged['changed'] = True
    merged['rebooted'] = True
    merged['warnings'] = list(first.get('warnings') or []) + list(second.get('warnings') or [])
    if 'diff' in first and 'diff' in second:
        merged['diff'] = {'before': copy.deepcopy(first['diff']['before']), 'after': merged['diff']['after']}
    return merged


def describe(want: dict[str, t.Any], state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The diff's view of a probe: each part as its own module shows it."""
    versions = _cals.CalsPlan(versions=want['cals']['versions'])
    return {
        'role': _role.describe(state, None),
        'activation': _activate.describe(state, None) if state['provider']['available'] else None,
        'cals': _cals.describe(cals_view(state), versions),
        'configuration': (_configuration.describe(configuration_view(state))
                          if state['configuration']['provider']['available'] else None),
    }


def explain(want: dict[str, t.Any], rnd: Round) -> t.Optional[str]:
    """The message of the first part whose steps failed, in its planner's words; None when none failed."""
    for name, part in rnd.plan.parts.items():
        outcomes = rnd.plan.part_outcomes(name, rnd.outcomes)
        if any(o['status'] == 'failed' for o in outcomes):
            return _reworded(name, PARTS[name].explain(want[name], part.plan, outcomes))
    return None


def unsettled(want: dict[str, t.Any], rnd: Round) -> t.Optional[str]:
    """A part's message when its steps ran without failing but the host cannot tell the state they led to."""
    for name, part in rnd.plan.parts.items():
        outcomes = rnd.plan.part_outcomes(name, rnd.outcomes)
        text = PARTS[name].unsettled(want[name], part.plan, outcomes, rnd.after) if outcomes else None
        if text:
            return _reworded(name, text)
    return None
