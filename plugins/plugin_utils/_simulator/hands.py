# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulated counterparts of the collection's PowerShell modules (the hands), and of the ansible-core /
ansible.windows calls that roles and playbooks make around them.

Internal to the remotedesktop.licensing collection. Each ``.ps1`` of the collection has a ``Hands`` entry here with
the same probe and the same step handlers, implemented on the model instead of on WMI; the unit tests check both
sides against the operation contract.
"""

from __future__ import annotations

import importlib
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    HostError,
    LicenseServerModel,
    WbemError,
)

COLLECTION = 'remotedesktop.licensing'
NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'

StepHandler = t.Callable[..., t.Tuple[str, t.Dict[str, t.Any]]]


class Hands:
    """One simulated PowerShell module: a probe and the step handlers, each with the cmdlet/method it stands for."""

    def __init__(self, probe: t.Callable[[LicenseServerModel], dict[str, t.Any]]):
        self.probe = probe
        self.steps: dict[str, tuple[str, StepHandler]] = {}

    def step(self, name: str, operation: str) -> t.Callable[[StepHandler], StepHandler]:
        def deco(fn: StepHandler) -> StepHandler:
            self.steps[name] = (operation, fn)
            return fn
        return deco


MODULES: dict[str, Hands] = {}

# One file per simulated module registers its Hands in MODULES; load_all() imports them.
HANDS_FILES = ('hands_role', 'hands_activate', 'hands_cals', 'hands_info')


def load_all() -> dict[str, Hands]:
    for name in HANDS_FILES:
        importlib.import_module('%s.%s' % (__name__.rsplit('.', 1)[0], name))
    return MODULES


def changed(flag: bool, **detail: t.Any) -> tuple[str, dict[str, t.Any]]:
    """A step handler's answer: 'changed' or 'ok', with details."""
    return ('changed' if flag else 'ok'), detail


# --------------------------------------------------------------------------------------------------------------------
# The module runner: what the shared PowerShell (_RDLicensing.psm1) does around the probe and the steps.
# --------------------------------------------------------------------------------------------------------------------
def _error(operation: str, exc: Exception) -> dict[str, t.Any]:
    code = getattr(exc, 'code', cat.WBEM_CODES['WBEM_E_FAILED'])
    return {'code': code, 'message': str(exc), 'operation': operation}


def _fail(msg: str, args: dict[str, t.Any]) -> dict[str, t.Any]:
    return {'failed': True, 'msg': msg, 'changed': False, 'invocation': {'module_args': _mask(args)}}


def _mask(args: dict[str, t.Any]) -> dict[str, t.Any]:
    return {k: (NO_LOG_PLACEHOLDER if k == '_steps' else v) for k, v in args.items()}


def run_collection_module(short_name: str, args: dict[str, t.Any], model: LicenseServerModel,
                          check_mode: bool) -> dict[str, t.Any]:
    """Run one of the collection's modules the way its .ps1 would, and return the module result."""
    hands = load_all().get(short_name)
    if hands is None:
        return _fail('%s.%s is not simulated' % (COLLECTION, short_name), args)
    unknown = sorted(set(args) - {'_operation', '_steps'})
    if unknown:
        return _fail('Unsupported parameters for (%s.%s) module: %s. Supported parameters include: _operation, _steps'
                     % (COLLECTION, short_name, ', '.join(unknown)), args)
    operation = args.get('_operation')
    if operation not in contract.OPERATIONS:
        return _fail('value of _operation must be one of: probe, apply, got: %s' % operation, args)
    try:
        if operation == 'probe':
            return {'changed': False, 'state': hands.probe(model), 'invocation': {'module_args': _mask(args)}}
        if check_mode:
            return _fail('the apply operation is not allowed in check mode', args)
        steps = args.get('_steps') or []
        outcomes: list[dict[str, t.Any]] = []
        for step in steps:
            stype = step.get('type')
            if stype not in hands.steps:
                return _fail('step type %r is not allowed' % stype, args)
            operation_name, handler = hands.steps[stype]
            params = {k: v for k, v in step.items() if k != 'type' and k not in contract.STEP_RUNNER_KEYS}
            try:
                status, detail = handler(model, **params)
                outcomes.append({'type': stype, 'status': status, 'detail': detail, 'error': None})
            except (WbemError, HostError) as e:
                outcomes.append({'type': stype, 'status': 'failed', 'detail': {}, 'error': _error(operation_name, e)})
                if not step.get('continue_on_failure'):
                    break
        return {'changed': any(o['status'] == 'changed' for o in outcomes), 'steps': outcomes,
                'state': hands.probe(model), 'invocation': {'module_args': _mask(args)}}
    except (WbemError, HostError) as e:
        # A failure outside any step (reading the state): the .ps1 reports it with fail_json.
        return _fail('%s failed on the host: %s (0x%08X)' % (operation, e, e.code), args)


# --------------------------------------------------------------------------------------------------------------------
# Modules of ansible.windows / ansible-core that roles and playbooks use around ours.
# --------------------------------------------------------------------------------------------------------------------
def setup_facts(model: LicenseServerModel, host: str) -> dict[str, t.Any]:
    info = model.state['host']
    os_info = info['os']
    product = cat.OS_PRODUCT_TYPES.get(os_info['product_type'], 'unknown')
    domain = info['domain']
    return {'ansible_facts': {
        'ansible_os_family': 'Windows',
        'ansible_system': 'Win32NT',
        'ansible_distribution': os_info['caption'],
        'ansible_distribution_version': os_info['version'] + '.0',
        'ansible_distribution_major_version': os_info['version'].split('.')[0],
        'ansible_kernel': os_info['version'] + '.0',
        'ansible_os_name': os_info['caption'],
        'ansible_os_product_type': product,
        'ansible_os_installation_type': os_info['installation_type'],
        'ansible_architecture': '64-bit',
        'ansible_hostname': info['computer_name'],
        'ansible_nodename': info['computer_name'].lower(),
        'ansible_fqdn': info['computer_name'].lower() + ('' if domain == 'WORKGROUP' else '.' + domain.lower()),
        'ansible_windows_domain': domain,
        'ansible_windows_domain_member': domain != 'WORKGROUP',
        'ansible_windows_domain_role': 'Member server' if domain != 'WORKGROUP' else 'Stand-alone server',
        'ansible_powershell_version': 5,
        'ansible_reboot_pending': model.reboot_pending(),
        'ansible_user_id': 'Administrator' if model.is_admin else 'operator',
        'ansible_virtualization_type': 'simulated',
        'module_setup': True,
    }, 'changed': False}
