# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ActivationStatus 2 (unknown error, state unknown) answered by an activation method whose ReturnValue is 0: the
task fails saying the state is unknown and to read it again, never that the Clearinghouse rejected the request."""

from __future__ import annotations

import os
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _activate as act
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import Plan
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model
from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

ACTIVATE = 'win_rdlicense_activate'
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}
# Invoke-ActivationMethod, shared by win_rdlicense_activate.ps1 and win_rdlicense_server.ps1
PSM1 = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'module_utils',
                    '_RDLicensingActivation.psm1')


class UnknownAfterTheProbe(FakeHost):
    """A server whose provider starts answering ActivationStatus 2 between the probe and the apply."""

    def execute(self, module_name=None, module_args=None, task_vars=None, **kwargs):
        if (module_args or {}).get('_operation') == 'apply':
            self.faults = ['activation_status_unknown']
        return super().execute(module_name, module_args, task_vars, **kwargs)


def message(what, method, read='answered 2 (unknown) too'):
    return ('win_rdlicense_activate: %s (Win32_TSLicenseServer.%s) returned without an error, but with '
            'ActivationStatus 2 (unknown error, state unknown): whether LIC01 is activated is not known. This is not '
            'a rejection by the Microsoft Clearinghouse. GetActivationStatus, read right after the call, %s. Read '
            'the state again before anything else, for example with remotedesktop.licensing.win_rdlicense_info, and '
            'look at the Microsoft-Windows-TerminalServices-Licensing event log; once GetActivationStatus answers 0 '
            'or 1, run this task again: it changes only what is still missing.' % (what, method, read))


def _lsid(host, generation=0):
    return sim_model.clearinghouse_license_server_id(host.state['license_server']['product_id'], generation)


@pytest.mark.parametrize('profile, args, what, method', [
    ({'role_installed': True, 'contact': COMPANY}, {},
     'the activation by automatic connection', 'ActivateServerAutomatic'),
    ({'role_installed': True}, {'method': 'web', 'license_server_id': 'FROM-HOST'},
     'the activation with license_server_id', 'ActivateServer'),
    ({'activated': True, 'contact': COMPANY}, {'state': 'deactivated'},
     'the deactivation by automatic connection', 'DeactivateServerAutomatic'),
    ({'activated': True, 'contact': COMPANY},
     {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': 'FROM-HOST'},
     'the deactivation with confirmation_code', 'DeactivateServer'),
    ({'activated': True, 'contact': COMPANY}, {'state': 'reactivated', 'reason': 'redeployed', 'force': True},
     'the reactivation by automatic connection', 'ReactivateServerAutomatic'),
])
def test_status_2_after_a_call_that_returned_0_is_unknown_not_a_rejection(profile, args, what, method):
    host = UnknownAfterTheProbe(profile=profile)
    if args.get('license_server_id') == 'FROM-HOST':
        args = dict(args, license_server_id=_lsid(host))
    if args.get('confirmation_code') == 'FROM-HOST':
        args = dict(args, confirmation_code=sim_model.clearinghouse_confirmation_code(
            host.state['license_server']['license_server_id']))
    res = run_action(ACTIVATE, args, host, diff=True)
    assert host.operations == ['probe', 'apply']
    assert res['failed'] is True
    assert res['msg'] == message(what, method)
    assert 'reject' not in res['msg'].replace('This is not a rejection', '')
    assert res['changed'] is True  # the method returned 0: it did something
    assert res['activation_status'] == 'unknown'
    assert res['activation_pending'] is False and res['instructions'] is None
    assert res['diff']['after']['activation_status'] == 'unknown'


def test_a_rerun_then_refuses_to_change_anything_while_the_state_is_unknown():
    host = UnknownAfterTheProbe(profile={'role_installed': True, 'contact': COMPANY})
    run_action(ACTIVATE, {}, host)
    host.calls.clear()
    res = run_action(ACTIVATE, {}, host)
    assert host.operations == ['probe']
    assert res['failed'] is True and 'answered 2 (unknown error, state unknown)' in res['msg']


@pytest.mark.parametrize('status, read', [(0, 'answered 0 (activated)'), (1, 'answered 1 (not activated)'),
                                          (None, 'did not answer'), (2, 'answered 2 (unknown) too')])
def test_the_message_says_what_the_state_read_after_the_call_answered(status, read):
    outcomes = [{'type': 'set_contact_property', 'status': 'changed', 'detail': {'name': 'FirstName'}, 'error': None},
                {'type': 'activate_automatic', 'status': 'changed', 'detail': {'activation_status': 2}, 'error': None}]
    after = {'computer_name': 'LIC01', 'activation': {'status': status}}
    assert act.unsettled({}, Plan(), outcomes, after) == message('the activation by automatic connection',
                                                                 'ActivateServerAutomatic', read)


@pytest.mark.parametrize('outcome', [
    {'type': 'activate_automatic', 'status': 'changed', 'detail': {'activation_status': 0}, 'error': None},
    {'type': 'set_contact_property', 'status': 'changed', 'detail': {'activation_status': 2}, 'error': None},
    {'type': 'activate_automatic', 'status': 'failed', 'detail': {},
     'error': {'code': 1, 'message': 'x', 'operation': 'ActivateServerAutomatic'}},
])
def test_other_outcomes_are_settled(outcome):
    assert act.unsettled({}, Plan(), [outcome], {'computer_name': 'LIC01', 'activation': {'status': 0}}) is None


def test_the_simulated_methods_answer_2_under_the_fault_and_do_their_work():
    host = FakeHost(profile={'role_installed': True, 'contact': COMPANY}, faults=['activation_status_unknown'])
    assert host.model.activate_server_automatic() == 2
    assert host.state['license_server']['activation_status'] == 0


def test_the_ps1_returns_status_2_as_an_outcome_before_it_checks_the_expected_status():
    """The mirror of hands_activate._expect in Invoke-ActivationMethod (the simulator does not run the .ps1)."""
    with open(PSM1, encoding='utf-8') as f:
        text = f.read()
    with open(os.path.join(os.path.dirname(PSM1), '_RDLicensing.psm1'), encoding='utf-8') as f:
        assert re.search(r'^\$rdlStatusUnknown = 2$', f.read(), re.M)
    body = re.search(r'Function Invoke-ActivationMethod \{(.*?)\n\}', text, re.S).group(1)
    unknown = body.index("if ($null -ne $status -and [int]$status -eq $rdlStatusUnknown) {")
    assert body.index("return (New-RDLicensingOutcome -Status 'changed' -Detail @{ activation_status = $rdlStatusUnknown })") > unknown
    assert body.index('throw (New-RDLicensingException') > unknown
