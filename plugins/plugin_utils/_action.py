# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared base of the collection's action plugins: validate, probe, plan, apply, report.

Internal to the remotedesktop.licensing collection; not a public API.

A concrete action plugin names its pure planning module (``plugin_utils/_<module>.py``) and its documentation, and
nothing else::

    class ActionModule(RDLicenseActionBase):
        PLANNER = _role
        DOCUMENTATION = DOCUMENTATION

The planner's API (``MODULE``, ``NO_LOG``, ``RETURN_DEFAULTS``, ``validate``, ``preflight``, ``plan``, ``predict``,
``describe``, ``shape``, ``explain``, ``unsettled``) is written down in ``_plan.py``, with the defaults a planner may
name for its ``explain`` and ``unsettled``. ``run`` does the rest the same way for every module: one remote execution
(``_operation: probe``) when nothing changes or in check mode, two (``probe`` then ``apply``) when something does;
every step checked against the contract before it is sent; secrets removed from everything that is returned.
Nothing of a task is kept on the plugin object: the planner's plan carries what the later hooks need.

The pieces of ``_converge`` (``_read_state``, ``_check_steps``, ``_apply``, ``_remote``) serve a composite
module's own ``_converge`` too.
"""

from __future__ import annotations

import copy
import datetime
import functools
import os
import re
import typing as t

import yaml

from ansible.errors import AnsibleActionFail, AnsibleConnectionFailure
from ansible.plugins.action import ActionBase

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import (
    MASK,
    SECRET_ANYWHERE_LENGTH,
    SECRET_MIN_LENGTH,
    Env,
    Plan,
    RDLicenseError,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import type_errors

COLLECTION = 'remotedesktop.licensing'
_SAFE_LOADER = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
_SPEC_KEYS = ('type', 'required', 'default', 'choices', 'elements', 'aliases')


def spec_from_docs(documentation: str, no_log: t.Iterable[str] = ()) -> dict[str, t.Any]:
    """The argument spec, read from the module's DOCUMENTATION so that docs and validation cannot disagree.

    ``no_log`` names the secret options, with a dot for sub-options (``packs.license_code``). The internal options
    (``_operation``, ``_steps``: documented for validate-modules, as the ``.ps1`` declares them) are not options of
    the task, and not in the spec.

    The documentation is parsed once per process and (documentation, no_log); each call gets its own copy, which
    the caller may change without changing what the next call gets.
    """
    return copy.deepcopy(_parsed_spec(documentation, tuple(sorted(set(no_log)))))


@functools.lru_cache(maxsize=None)
def _parsed_spec(documentation: str, no_log: tuple[str, ...]) -> dict[str, t.Any]:
    """The spec of ``spec_from_docs``, cached: never hand it out, hand out a copy."""
    secrets = set(no_log)

    def convert(options: dict[str, t.Any], prefix: str) -> dict[str, t.Any]:
        spec = {}
        for name, doc in options.items():
            entry = {k: doc[k] for k in _SPEC_KEYS if k in doc}
            entry.setdefault('type', 'str')
            if prefix + name in secrets:
                entry['no_log'] = True
            elif entry['type'] in ('str', 'raw'):
                entry['no_log'] = False  # declared: not a secret, whatever its name suggests
            sub_options = doc.get('suboptions') or doc.get('options')  # module docs spell them suboptions
            if sub_options:
                entry['options'] = convert(sub_options, prefix + name + '.')
            spec[name] = entry
        return spec

    # libyaml when PyYAML has it: each task runs in a fresh worker process, so this parse is paid once per task.
    options = yaml.load(documentation, Loader=_SAFE_LOADER).get('options') or {}
    return convert({k: v for k, v in options.items() if not k.startswith('_')}, '')


def secret_values(spec: dict[str, t.Any], args: t.Any) -> set[str]:
    """Every value given for a ``no_log`` option, at any depth."""
    found: set[str] = set()
    if isinstance(args, list):
        for item in args:
            found |= secret_values(spec, item)
        return found
    if not isinstance(args, dict):
        return found
    for name, entry in spec.items():
        value = args.get(name)
        if value is None:
            continue
        if entry.get('no_log') and not isinstance(value, (dict, list)):
            found |= {str(value), str(value).strip()}
        if 'options' in entry:
            found |= secret_values(entry['options'], value)
    return found


def _maskers(secrets: t.Iterable[str]) -> list[t.Callable[[str], str]]:
    maskers: list[t.Callable[[str], str]] = []
    for secret in sorted({s for s in secrets if len(s) >= SECRET_MIN_LENGTH}, key=len, reverse=True):
        if len(secret) >= SECRET_ANYWHERE_LENGTH:
            maskers.append(lambda text, secret=secret: text.replace(secret, MASK))
        else:
            word = re.compile(r'(?<![A-Za-z0-9_])%s(?![A-Za-z0-9_])' % re.escape(secret))
            maskers.append(lambda text, word=word: word.sub(MASK, text))
    return maskers


def mask_secrets(data: t.Any, secrets: t.Iterable[str]) -> t.Any:
    """``data`` with every secret value masked in its strings (keys included); a number equal to one is masked too.

    Values shorter than SECRET_MIN_LENGTH are not masked (see there); the others as ansible-core's no_log does, except
    that a value shorter than SECRET_ANYWHERE_LENGTH is masked only where it stands as a word.
    """
    maskers = _maskers(secrets)
    whole = {s for s in secrets if len(s) >= SECRET_MIN_LENGTH}

    def mask(value: t.Any) -> t.Any:
        if isinstance(value, str):
            for masker in maskers:
                value = masker(value)
            return value
        if isinstance(value, dict):
            return {mask(k): mask(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(mask(v) for v in value)
        if isinstance(value, int) and not isinstance(value, bool) and str(value) in whole:
            return MASK
        return value

    return mask(data) if maskers else data


class _FromPlanner:
    """A class attribute of the action plugin that is its planner's: ``ActionModule.MODULE`` is ``PLANNER.MODULE``."""

    def __init__(self, name: str, *default: t.Any):
        self.name = name
        self.default = default

    def __get__(self, obj: t.Any, owner: type) -> t.Any:
        return getattr(owner.PLANNER, self.name, *self.default)


def new_env() -> Env:
    """The controller's environment of one task run: its clock (aware, UTC) and its source of random bytes."""
    return Env(now=datetime.datetime.now(datetime.timezone.utc), random_bytes=os.urandom)


class RDLicenseActionBase(ActionBase):
    """Validate, probe, plan, apply, report: the same for every module of the collection, by its planner."""

    TRANSFERS_FILES = False
    _requires_connection = True

    PLANNER: t.Any = None  # the planning module (plugin_utils/_<module>.py)
    DOCUMENTATION = ''  # the module's DOCUMENTATION; its options are the argument spec

    # -- the planner's (read on the class or on a plugin object; nothing stored) ------------------------------
    MODULE = _FromPlanner('MODULE')  # the short name: win_rdlicense_role
    NO_LOG = _FromPlanner('NO_LOG', ())

    @property
    def fqcn(self) -> str:
        return '%s.%s' % (COLLECTION, self.MODULE)

    def argument_spec(self) -> dict[str, t.Any]:
        return spec_from_docs(self.DOCUMENTATION, self.NO_LOG)

    # -- machinery ---------------------------------------------------------------------------------------------
    def _remote(self, task_vars: dict[str, t.Any], operation: str,
                steps: t.Optional[list[dict[str, t.Any]]] = None,
                arguments: t.Optional[dict[str, t.Any]] = None) -> dict[str, t.Any]:
        """One remote execution; ``arguments``: options of the task the hands are given too (none by default)."""
        module_args: dict[str, t.Any] = dict(arguments or {}, _operation=operation)
        if steps is not None:
            module_args['_steps'] = steps
        res = self._execute_module(module_name=self.fqcn, module_args=module_args, task_vars=task_vars)
        if res.get('failed'):
            raise RDLicenseError('%s: the %s on the host failed: %s' % (self.MODULE, operation, res.get('msg', 'no message')))
        return res

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        planner = self.PLANNER
        result.update(copy.deepcopy(getattr(planner, 'RETURN_DEFAULTS', {})))
        result['changed'] = False
        spec = self.argument_spec()
        secrets: set[str] = set()
        try:
            errors = type_errors(spec, self._task.args)
            if errors:
                raise RDLicenseError('%s: %s' % (self.MODULE, '; '.join(errors)))
            self._task.args = self._expand_args(dict(self._task.args))
            validation, args = self.validate_argument_spec(
                argument_spec=spec, mutually_exclusive=list(getattr(planner, 'MUTUALLY_EXCLUSIVE', [])),
                required_if=list(getattr(planner, 'REQUIRED_IF', [])),
                required_together=list(getattr(planner, 'REQUIRED_TOGETHER', [])))
            secrets = secret_values(spec, args)
            env = new_env()
            want = planner.validate(args, env)
            secrets |= secret_values(spec, want)  # secrets as normalised by validate (case, separators) too
            self._converge(want, env, task_vars, result)
        except AnsibleActionFail as e:  # argument validation by ansible-core
            result['failed'] = True
            result['msg'] = e.message
        except RDLicenseError as e:
            result.update(e.details)
            result['failed'] = True
            result['msg'] = str(e)
        except contract.ContractError as e:
            result['failed'] = True
            result['msg'] = '%s: internal error, the host and the controller disagree: %s' % (self.MODULE, e)
        result.pop('invocation', None)
        return mask_secrets(result, secrets)

    def _expand_args(self, args: dict[str, t.Any]) -> dict[str, t.Any]:
        """The task's arguments as the argument spec is to validate them (an option that stands for others expanded);
        as given by default."""
        return args

    def _read_state(self, task_vars: dict[str, t.Any],
                    arguments: t.Optional[dict[str, t.Any]] = None) -> dict[str, t.Any]:
        """The probe: the host's state, checked against the contract (the first remote execution)."""
        state = self._remote(task_vars, 'probe', arguments=arguments)['state']
        contract.check_probe(self.MODULE, state)
        return state

    def _check_steps(self, steps: t.Iterable[dict[str, t.Any]]) -> None:
        """Every step checked against the contract before anything is sent."""
        for step in steps:
            contract.check_step(self.MODULE, step)

    def _apply(self, task_vars: dict[str, t.Any], steps: list[dict[str, t.Any]],
               arguments: t.Optional[dict[str, t.Any]] = None) -> tuple[list[dict[str, t.Any]], dict[str, t.Any]]:
        """The steps sent (the second remote execution): (their outcomes, the state read back after them)."""
        try:
            applied = self._remote(task_vars, 'apply', steps, arguments)
        except AnsibleConnectionFailure as e:
            raise RDLicenseError(
                '%s: the connection to the host was lost while applying %s (%s). Whether those steps ran is not '
                'known; run the task again: it reads the state anew and applies only what is still missing.'
                % (self.MODULE, ', '.join(s['type'] for s in steps), e))
        contract.check_apply_result(self.MODULE, {'steps': applied.get('steps'), 'state': applied.get('state')})
        return applied['steps'], applied['state']

    def _converge(self, want: dict[str, t.Any], env: Env, task_vars: dict[str, t.Any],
                  result: dict[str, t.Any]) -> None:
        planner = self.PLANNER
        # The task's options the hands read too (a planner's optional host_arguments(want)); none by default.
        arguments = planner.host_arguments(want) if hasattr(planner, 'host_arguments') else None
        before = self._read_state(task_vars, arguments)
        planner.preflight(want, before)
        plan: Plan = planner.plan(want, before, env)
        self._check_steps(plan.steps)
        if plan.warnings:
            result['warnings'] = list(plan.warnings)

        outcomes: list[dict[str, t.Any]] = []
        if not plan.steps:
            after = before
        elif self._task.check_mode:
            after = planner.predict(want, before, plan)
            result['changed'] = True
        else:
            outcomes, after = self._apply(task_vars, plan.steps, arguments)
            result['changed'] = any(o['status'] == 'changed' for o in outcomes)

        self._report(want, plan, before, after, outcomes, result)

    def _report(self, want: dict[str, t.Any], plan: Plan, before: dict[str, t.Any], after: dict[str, t.Any],
                outcomes: list[dict[str, t.Any]], result: dict[str, t.Any]) -> None:
        """The documented return values, the diff, and the failure when a step failed or the state is unknown."""
        planner = self.PLANNER
        result.update(planner.shape(want, plan, before, after, outcomes))
        if self._task.diff:
            result['diff'] = {'before': planner.describe(before, plan), 'after': planner.describe(after, plan)}
        if any(o['status'] == 'failed' for o in outcomes):
            raise RDLicenseError(planner.explain(want, plan, outcomes))
        unsettled = planner.unsettled(want, plan, outcomes, after) if outcomes else None
        if unsettled:
            raise RDLicenseError(unsettled)
