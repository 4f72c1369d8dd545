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
import os
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import basic, psspec
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import (
    HostError,
    LicenseServerModel,
    WbemError,
)

COLLECTION = 'remotedesktop.licensing'

StepHandler = t.Callable[..., t.Tuple[str, t.Dict[str, t.Any]]]


class Hands:
    """One simulated PowerShell module: a probe and the step handlers, each with the cmdlet/method it stands for."""

    def __init__(self, probe: t.Callable[..., dict[str, t.Any]], probe_options: tuple[str, ...] = ()):
        self.probe = probe
        # The task's options the probe reads (the .ps1's probe reads them from $module.Params), as keyword arguments.
        self.probe_options = probe_options
        self.steps: dict[str, tuple[str, StepHandler]] = {}

    def read(self, model: LicenseServerModel, params: dict[str, t.Any]) -> dict[str, t.Any]:
        """The probe, with the options it reads."""
        return self.probe(model, **{name: params.get(name) for name in self.probe_options})

    def step(self, name: str, operation: str) -> t.Callable[[StepHandler], StepHandler]:
        def deco(fn: StepHandler) -> StepHandler:
            self.steps[name] = (operation, fn)
            return fn
        return deco


MODULES: dict[str, Hands] = {}

# One file per simulated module registers its Hands in MODULES; load_all() imports them.
HANDS_FILES = ('hands_role', 'hands_activate', 'hands_cals', 'hands_info', 'hands_server', 'hands_session_host', 'hands_device_cals',
               'hands_configuration', 'hands_usage')


def load_all() -> dict[str, Hands]:
    for name in HANDS_FILES:
        importlib.import_module('%s.%s' % (__name__.rsplit('.', 1)[0], name))
    return MODULES


def changed(flag: bool, **detail: t.Any) -> tuple[str, dict[str, t.Any]]:
    """A step handler's answer: 'changed' or 'ok', with details."""
    return ('changed' if flag else 'ok'), detail


# --------------------------------------------------------------------------------------------------------------------
# The module runner: what Ansible.Basic (basic.py) and the shared PowerShell (_RDLicensing.psm1) do around the probe
# and the steps.
# --------------------------------------------------------------------------------------------------------------------
def _error(operation: str, exc: Exception) -> dict[str, t.Any]:
    code = getattr(exc, 'code', cat.WBEM_CODES['WBEM_E_FAILED'])
    return {'code': code, 'message': str(exc), 'operation': operation}


def _failed(msg: str) -> dict[str, t.Any]:
    return {'failed': True, 'msg': msg, 'changed': False}


def module_source(short_name: str) -> str:
    """The text of the collection's ``<short_name>.ps1`` as installed next to this simulator."""
    path = os.path.join(os.path.dirname(__file__), '..', '..', 'modules', short_name + '.ps1')
    with open(path, encoding='utf-8-sig') as f:
        return f.read()


def run_module(short_name: str, complex_args: dict[str, t.Any], model: LicenseServerModel,
               source: t.Optional[str], spec_cache: t.Any = None) -> tuple[dict[str, t.Any], t.Optional[basic.Run]]:
    """Run one of the collection's modules as the host would: Ansible.Basic reads ``complex_args`` (the module
    arguments with the ``_ansible_*`` ones) against the argument spec of ``source`` (the ``.ps1`` sent), then the
    simulated hands run on the parameters it produced.

    Returns the module result and the Ansible.Basic run (its event log entries and invocation; None when the module
    is not simulated or its spec cannot be read). ``spec_cache``: where the specs read are kept (``store.SpecCache``).
    """
    hands = load_all().get(short_name)
    if hands is None:
        return _failed('%s.%s is not simulated' % (COLLECTION, short_name)), None
    if not source:
        return _failed('%s.%s: the payload holds no module script to read the argument spec from'
                       % (COLLECTION, short_name)), None
    try:
        spec = psspec.read_spec(source, spec_cache)
    except psspec.SpecError as e:
        return _failed('%s.%s: the simulator cannot read the argument spec of the module: %s'
                       % (COLLECTION, short_name, e)), None
    run = basic.prepare(spec, complex_args)
    if run.failure is not None:
        return run.failure, run
    if run.skipped is not None:
        return run.skipped, run
    return run.finish(_run_hands(hands, run.params, model, run.check_mode, short_name)), run


def _run_hands(hands: Hands, params: dict[str, t.Any], model: LicenseServerModel, check_mode: bool,
               short_name: str) -> dict[str, t.Any]:
    # Ansible.Basic has checked _operation against the choices of the spec, as on the host.
    operation = params.get('_operation')
    step_params = contract.module_contract(short_name)['steps']
    try:
        if operation == 'probe':
            return {'changed': False, 'state': hands.read(model, params)}
        if check_mode:
            return _failed('the apply operation is not allowed in check mode')
        outcomes: list[dict[str, t.Any]] = []
        for step in params.get('_steps') or []:
            stype = step.get('type')
            if stype not in hands.steps:
                return _failed("step type '%s' is not allowed" % stype)
            operation_name, handler = hands.steps[stype]
            # Ansible.Basic gives every sub-option of _steps to every step (None when not sent): each handler takes
            # the parameters the contract names for its step type.
            kwargs = {name: step.get(name) for name in step_params[stype]}
            try:
                status, detail = handler(model, **kwargs)
                outcomes.append({'type': stype, 'status': status, 'detail': detail, 'error': None})
            except (WbemError, HostError) as e:
                outcomes.append({'type': stype, 'status': 'failed', 'detail': {}, 'error': _error(operation_name, e)})
                if not step.get('continue_on_failure'):
                    break
        return {'changed': any(o['status'] == 'changed' for o in outcomes), 'steps': outcomes,
                'state': hands.read(model, params)}
    except (WbemError, HostError) as e:
        # A failure outside any step (reading the state): the .ps1 reports it with fail_json.
        return _failed('%s failed on the host: %s (0x%08X)' % (operation, e, e.code))


def run_collection_module(short_name: str, args: dict[str, t.Any], model: LicenseServerModel,
                          check_mode: bool) -> dict[str, t.Any]:
    """Run one of the collection's modules with these module arguments, as the connection plugin does, with the
    ``.ps1`` installed next to the simulator (for tests that run the hands in process)."""
    complex_args = dict(args, _ansible_check_mode=check_mode, _ansible_module_name='%s.%s' % (COLLECTION, short_name))
    try:
        source = module_source(short_name)
    except OSError:
        source = None
    return run_module(short_name, complex_args, model, source)[0]


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
