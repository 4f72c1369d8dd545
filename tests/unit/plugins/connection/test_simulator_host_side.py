# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host side of the module framework, as the simulator plays it: each .ps1's own argument spec (read with
tree-sitter), Ansible.Basic's validation and no_log masking, the Application event log and the invocation.

Also: the .ps1 specs agree with the module docs and the operation contract, and a spec without the top-level no_log
(the defect this guards against) is caught by the same searches the leak tests make.
"""

from __future__ import annotations

import importlib
import json
import os

import pytest
import yaml

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._action import spec_from_docs
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import basic
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands as sim_hands
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import psspec
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.store import SpecCache

from ...sim_host import FakeHost, run_action

MODULES = sorted(contract.CONTRACT)
NO_LOG_LINE = '    no_log = $true\n'
AGREEMENT = '8675309'
CONFIRMATION = 'QWERT98765ZXCVB43210'


def _spec(module):
    return psspec.read_spec(sim_hands.module_source(module))


def _docs_spec(module):
    action = importlib.import_module('ansible_collections.remotedesktop.licensing.plugins.action.%s' % module)
    return spec_from_docs(action.ActionModule.DOCUMENTATION, action.ActionModule.NO_LOG)


def _comparable(options):
    """name -> (type, elements, choices, default, required, no_log, sub-options), with Ansible.Basic's defaults."""
    found = {}
    for name, entry in options.items():
        found[name] = (entry.get('type', 'str'), entry.get('elements'), list(entry.get('choices') or []),
                       entry.get('default'), bool(entry.get('required')), bool(entry.get('no_log')),
                       _comparable(entry.get('options') or {}))
    return found


def _doc_options(module):
    doc = importlib.import_module('ansible_collections.remotedesktop.licensing.plugins.modules.%s' % module)
    return yaml.safe_load(doc.DOCUMENTATION)['options']


def _shape(options, with_no_log=True):
    """name -> (type, elements, choices, default, required[, no_log], sub-options) of a spec or of doc options."""
    found = {}
    for name, entry in options.items():
        found[name] = (entry.get('type', 'str'), entry.get('elements'), list(entry.get('choices') or []),
                       entry.get('default'), bool(entry.get('required')))
        found[name] += (bool(entry.get('no_log')),) if with_no_log else ()
        found[name] += (_shape(entry.get('options') or entry.get('suboptions') or {}, with_no_log),)
    return found


def _contract_type(shape):
    if shape is bool:
        return ('bool', None)
    if shape is int:
        return ('int', None)
    if shape in (str, contract.OPT_STR):
        return ('str', None)
    if shape == [str]:
        return ('list', 'str')
    return ('raw', None)  # a dict, or a dict in one step and a string in another


# -- the .ps1 argument specs ------------------------------------------------------------------------------------------
@pytest.mark.parametrize('module', MODULES)
def test_every_ps1_spec_is_no_log_as_a_whole_and_supports_check_mode(module):
    spec = _spec(module)
    assert spec.get('no_log') is True, '%s.ps1 would write its arguments to the Application event log' % module
    assert spec.get('supports_check_mode') is True


@pytest.mark.parametrize('module', MODULES)
def test_the_ps1_declares_every_documented_option_as_the_docs_do(module):
    options = {k: v for k, v in _spec(module)['options'].items() if not k.startswith('_')}
    assert _comparable(options) == _comparable(_docs_spec(module))


@pytest.mark.parametrize('module', MODULES)
def test_the_internal_options_are_documented_as_the_ps1_declares_them(module):
    """validate-modules (with pwsh) compares every option of the .ps1 spec with the docs, the internal ones too."""
    internal = {k: v for k, v in _spec(module)['options'].items() if k.startswith('_')}
    documented = {k: v for k, v in _doc_options(module).items() if k.startswith('_')}
    assert _shape(internal, with_no_log=False) == _shape(documented, with_no_log=False)
    assert all('Internal use only' in v['description'][0] for v in documented.values())
    # and the task cannot set them: they are not in the spec the action plugin validates with
    assert not any(k.startswith('_') for k in _docs_spec(module))


@pytest.mark.parametrize('module', MODULES)
def test_the_internal_options_are_the_contract(module):
    options = _spec(module)['options']
    internal = {k: v for k, v in options.items() if k.startswith('_')}
    steps = contract.module_contract(module)['steps']
    operations = list(contract.OPERATIONS) if steps else ['probe']
    assert internal['_operation'] == {'type': 'str', 'required': True, 'choices': operations}
    if not steps:
        assert set(internal) == {'_operation'}
        return
    assert set(internal) == {'_operation', '_steps'}
    step_spec = internal['_steps']
    assert (step_spec['type'], step_spec['elements'], step_spec['default']) == ('list', 'dict', [])
    sub = step_spec['options']
    assert sub['type'] == {'type': 'str', 'required': True, 'choices': list(steps)}
    assert sub['continue_on_failure'] == {'type': 'bool'}
    params: dict = {}
    for shape in steps.values():
        for name, param in shape.items():
            params.setdefault(name, set()).add(_contract_type(param))
    assert set(sub) - {'type', 'continue_on_failure'} == set(params)
    for name, kinds in params.items():
        kind = kinds.pop() if len(kinds) == 1 else ('raw', None)
        assert (sub[name]['type'], sub[name].get('elements')) == kind, name
        assert bool(sub[name].get('no_log')) == (name in contract.SECRET_STEP_PARAMETERS[module]), name


def test_the_shared_module_util_builds_no_spec():
    with open(os.path.join(os.path.dirname(sim_hands.module_source.__code__.co_filename), '..', '..', 'module_utils',
                           '_RDLicensing.psm1'), encoding='utf-8') as f:
        assert 'AnsibleModule' not in f.read()


# -- reading a spec ---------------------------------------------------------------------------------------------------
SCRIPT = """#!powershell
$spec = @{
    options = @{
        # a comment
        name = @{ type = 'str'; required = $true }
        count = @{ type = 'int'; default = -3 }
        mode = @{
            type = 'list'
            elements = 'str'
            choices = @(
                'a'
                'b'
            )
        }
        quoted = @{ type = 'str'; default = "it's"; choices = 'x', 'it''s' }
        empty = @{ type = 'list'; default = @() }
    }
    supports_check_mode = $false
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
"""


def test_a_literal_spec_is_read_as_data():
    assert psspec.read_spec(SCRIPT) == {
        'options': {
            'name': {'type': 'str', 'required': True},
            'count': {'type': 'int', 'default': -3},
            'mode': {'type': 'list', 'elements': 'str', 'choices': ['a', 'b']},
            'quoted': {'type': 'str', 'default': "it's", 'choices': ['x', "it's"]},
            'empty': {'type': 'list', 'default': []},
        },
        'supports_check_mode': False,
    }


def test_a_spec_read_once_is_taken_from_the_cache_file_by_another_process(tmp_path, monkeypatch):
    cache = SpecCache(str(tmp_path / 'argspec-cache.json'))
    script = SCRIPT.replace("default = -3", "default = -4")  # not in this process's cache yet
    first = psspec.read_spec(script, cache)
    with open(cache.path, encoding='utf-8') as f:
        assert list(json.load(f).values()) == [first]
    # another process: nothing in memory, and no parsing
    monkeypatch.setattr(psspec, '_CACHE', {})
    monkeypatch.setattr(psspec, '_read', lambda data: pytest.fail('the spec was parsed again'))
    assert psspec.read_spec(script, cache) == first
    # a script changed: parsed again (by its digest), never the old spec
    monkeypatch.undo()
    changed = psspec.read_spec(script.replace("default = -4", "default = -5"), cache)
    assert changed['options']['count']['default'] == -5


def test_a_spec_that_cannot_be_read_is_not_cached(tmp_path):
    cache = SpecCache(str(tmp_path / 'argspec-cache.json'))
    with pytest.raises(psspec.SpecError):
        psspec.read_spec(SCRIPT.replace("$spec)", "(Get-Spec))"), cache)
    assert not os.path.exists(cache.path)


def test_a_cache_file_that_cannot_be_read_is_no_cache(tmp_path):
    (tmp_path / 'argspec-cache.json').write_text('{not json', encoding='utf-8')
    cache = SpecCache(str(tmp_path / 'argspec-cache.json'))
    assert cache.get('0' * 64) is None
    cache.put('0' * 64, {'options': {}})
    assert cache.get('0' * 64) == {'options': {}}


@pytest.mark.parametrize('change, message', [
    (("$spec)", "(Get-Spec))"), 'not literal data'),
    (("$spec)", "$spec, @($more))"), 'fragments'),
    (("required = $true", "required = $env:X"), 'a variable is not literal data'),
    (("default = \"it's\"", 'default = "$it"'), 'expandable string'),
    (("$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)", ''), 'expected one'),
    (("type = 'int';", "type = 'int' 'x';"), 'does not parse'),
])
def test_a_spec_that_is_not_literal_data_is_refused(change, message):
    with pytest.raises(psspec.SpecError, match=message):
        psspec.read_spec(SCRIPT.replace(*change))


# -- Ansible.Basic ----------------------------------------------------------------------------------------------------
SPEC = {
    'options': {
        'code': {'type': 'str', 'no_log': True},
        'count': {'type': 'int'},
        'flag': {'type': 'bool', 'default': False},
        'mode': {'type': 'str', 'choices': ['Alpha', 'beta']},
        'items': {'type': 'list', 'elements': 'dict', 'no_log': True, 'options': {
            'name': {'type': 'str', 'required': True},
            'secret': {'type': 'str', 'no_log': True},
            'plain': {'type': 'str'},
        }},
        'blob': {'type': 'list', 'no_log': True},
    },
    'supports_check_mode': True,
}


def _args(**kwargs):
    return dict(kwargs, _ansible_module_name='demo.mod', _ansible_check_mode=False, _ansible_no_log=False)


def test_a_no_log_list_is_masked_by_its_text_only():
    run = basic.prepare(SPEC, _args(blob=['HIDDEN-IN-A-LIST'], code='TOPSECRET'))
    assert run.failure is None
    assert 'System.Object[]' in run.no_log_values and 'TOPSECRET' in run.no_log_values
    # the list's item is in clear in the invocation and in the event log, the string is masked
    assert run.invocation['module_args']['blob'] == ['HIDDEN-IN-A-LIST']
    assert run.invocation['module_args']['code'] == basic.NO_LOG_PLACEHOLDER
    (event,) = run.events
    assert event['message'].startswith('demo.mod - Invoked with:\r\n  ')
    assert 'HIDDEN-IN-A-LIST' in event['message'] and 'TOPSECRET' not in event['message']


def test_no_log_sub_options_are_masked_in_the_invocation_and_a_text_containing_them_is_starred():
    run = basic.prepare(SPEC, _args(items=[{'name': 'a', 'secret': 'S3CR3T', 'plain': 'the S3CR3T inside'}]))
    item = run.invocation['module_args']['items'][0]
    assert item == {'name': 'a', 'secret': basic.NO_LOG_PLACEHOLDER, 'plain': 'the ******** inside'}


def test_a_spec_or_a_task_that_is_no_log_writes_no_event():
    assert basic.prepare(dict(SPEC, no_log=True), _args(code='x1')).events == []
    assert basic.prepare(SPEC, dict(_args(code='x1'), _ansible_no_log=True)).events == []
    # the task cannot switch a no_log spec back on
    assert basic.prepare(dict(SPEC, no_log=True), dict(_args(), _ansible_no_log=False)).events == []


@pytest.mark.parametrize('args, message', [
    ({'colour': 'red'}, 'Unsupported parameters for (demo.mod) module: colour. Supported parameters include: code, '
                        'count, flag, mode, items, blob'),
    ({'count': True}, 'argument for count is of type System.Boolean and we were unable to convert to int: Input '
                      'string was not in a correct format.'),
    ({'count': '12x'}, 'argument for count is of type System.String and we were unable to convert to int'),
    ({'count': 2 ** 31}, 'Value was either too large or too small for an Int32.'),
    ({'flag': 'maybe'}, "The value 'maybe' is not a valid boolean."),
    ({'mode': 'gamma'}, 'value of mode must be one of: Alpha, beta. Got no match for: gamma'),
    ({'items': [{'plain': 'p'}]}, 'missing required arguments: name found in items'),
    ({'items': [{'name': 'a', 'extra': 1}]}, 'Unsupported parameters for (demo.mod) module: extra found in items. '
                                             'Supported parameters include: name, secret, plain'),
])
def test_ansible_basic_refuses_what_it_refuses_with_its_message(args, message):
    run = basic.prepare(SPEC, _args(**args))
    assert run.failure is not None and run.failure['failed'] is True
    assert message in run.failure['msg']
    assert run.events == []  # it fails before it logs


def test_ansible_basic_converts_as_dotnet_does():
    run = basic.prepare(SPEC, _args(count=' 7 ', mode='ALPHA', code=['a', 'b'], flag='yes'))
    assert run.failure is None
    params = run.params
    # a list given for a str option becomes the text of the list, a case-insensitive choice is accepted
    assert (params['count'], params['mode'], params['code'], params['flag']) == (7, 'ALPHA', 'System.Object[]', True)
    assert params['items'] is None and params['blob'] is None
    assert not any(k.startswith('_ansible_') for k in params)


def test_a_failure_before_the_invocation_is_set_still_masks_the_string_secrets():
    run = basic.prepare(SPEC, _args(code='TOPSECRET', colour='red'))
    assert run.failure['invocation']['module_args']['code'] == basic.NO_LOG_PLACEHOLDER


def test_a_module_without_check_mode_support_is_skipped_in_check_mode():
    run = basic.prepare(dict(SPEC, supports_check_mode=False), dict(_args(), _ansible_check_mode=True))
    assert run.skipped['skipped'] is True and 'does not support check mode' in run.skipped['msg']


def test_a_broken_spec_is_an_internal_error():
    run = basic.prepare({'options': {'x': {'type': 'text'}}}, _args())
    assert run.failure['msg'].startswith("internal error: type 'text' is unsupported")
    run = basic.prepare({'options': {'x': {'tpye': 'str'}}}, _args())
    assert "invalid key 'tpye'" in run.failure['msg']


# -- the collection's modules on the simulated host -------------------------------------------------------------------
def _cals_run(host):
    packs = [{'program': 'select', 'agreement_number': AGREEMENT, 'product_version': '2022', 'cal_type': 'per_user',
              'quantity': 5}]
    return run_action('win_rdlicense_cals', {'packs': packs}, host)


def _deactivate_run(host):
    return run_action('win_rdlicense_activate', {'state': 'deactivated', 'method': 'telephone',
                                                 'confirmation_code': CONFIRMATION}, host)


def _server_cals_run(host):
    packs = [{'program': 'select', 'agreement_number': AGREEMENT, 'product_version': '2022', 'cal_type': 'per_user',
              'quantity': 5}]
    return run_action('win_rdlicense_server', {'cals': {'packs': packs}}, host)


def _server_deactivate_run(host):
    return run_action('win_rdlicense_server', {'activation': {'state': 'deactivated', 'method': 'telephone',
                                                              'confirmation_code': CONFIRMATION}}, host)


def _assert_hidden(secret, texts):
    for where, text in texts.items():
        assert secret not in text, 'the secret appears in %s' % where


def test_secrets_sent_in_steps_stay_out_of_the_event_log_and_the_invocation():
    host = FakeHost(profile={'activated': True})
    res = _cals_run(host)
    assert res.get('changed') is True, res
    assert host.operations == ['probe', 'apply']
    assert host.events == []
    step = host.invocations[-1]['module_args']['_steps'][-1]
    assert step['type'] == 'install_agreement_pack' and step['agreement_number'] == basic.NO_LOG_PLACEHOLDER
    _assert_hidden(AGREEMENT, host.host_texts())

    host = FakeHost(profile={'activated': True})
    res = _deactivate_run(host)
    assert res.get('failed') is True  # a wrong code, refused by the simulated Clearinghouse after the apply
    assert host.operations == ['probe', 'apply'] and host.events == []
    _assert_hidden(CONFIRMATION, host.host_texts())


def test_secrets_sent_in_server_steps_stay_out_of_the_event_log_and_the_invocation():
    """win_rdlicense_server sends the steps of win_rdlicense_cals and _activate: masked as there."""
    host = FakeHost(profile={'activated': True})
    res = _server_cals_run(host)
    assert res.get('changed') is True, res
    assert host.operations == ['probe', 'apply'] and host.events == []
    assert [c['module'] for c in host.calls] == ['remotedesktop.licensing.win_rdlicense_server'] * 2
    step = host.invocations[-1]['module_args']['_steps'][-1]
    assert step['type'] == 'install_agreement_pack' and step['agreement_number'] == basic.NO_LOG_PLACEHOLDER
    _assert_hidden(AGREEMENT, host.host_texts())

    host = FakeHost(profile={'activated': True})
    res = _server_deactivate_run(host)
    assert res.get('failed') is True  # a wrong code, refused by the simulated Clearinghouse after the apply
    assert host.operations == ['probe', 'apply'] and host.events == []
    step = host.invocations[-1]['module_args']['_steps'][-1]
    assert step['type'] == 'deactivate_with_code' and step['confirmation_code'] == basic.NO_LOG_PLACEHOLDER
    _assert_hidden(CONFIRMATION, host.host_texts())


def _unmarked(source, secret_param):
    """The source with the no_log of a secret sub-option of _steps removed."""
    marked = "%s = @{ type = 'str'; no_log = $true }" % secret_param
    steps_part = source.index('_steps = @{')
    assert marked in source[steps_part:]
    return source[:steps_part] + source[steps_part:].replace(marked, marked.replace('; no_log = $true', ''), 1)


@pytest.mark.parametrize('module, run, secret, param', [
    ('win_rdlicense_cals', _cals_run, AGREEMENT, 'agreement_number'),
    ('win_rdlicense_activate', _deactivate_run, CONFIRMATION, 'confirmation_code'),
    ('win_rdlicense_server', _server_cals_run, AGREEMENT, 'agreement_number'),
    ('win_rdlicense_server', _server_deactivate_run, CONFIRMATION, 'confirmation_code'),
])
def test_the_defect_reintroduced_is_caught(module, run, secret, param):
    """The spec as it was (no top-level no_log, the secret not a no_log sub-option of _steps): Ansible.Basic logs
    the step in clear text, which the search finds in the simulated event log and in the invocation. Each guard
    alone: without the sub-option's no_log the invocation shows the secret; without the top-level no_log the event
    is written, its values masked by the sub-option."""
    source = sim_hands.module_source(module)
    assert NO_LOG_LINE in source

    host = FakeHost(profile={'activated': True}, sources={module: _unmarked(source, param).replace(NO_LOG_LINE, '')})
    run(host)
    assert host.events and all(e['message'].startswith('remotedesktop.licensing.%s - Invoked with:' % module)
                               for e in host.events)
    texts = host.host_texts()
    with pytest.raises(AssertionError, match='the Application event log'):
        _assert_hidden(secret, {'the Application event log': texts['the Application event log']})
    with pytest.raises(AssertionError, match='invocation'):
        _assert_hidden(secret, {'invocation': texts['invocation']})

    host = FakeHost(profile={'activated': True}, sources={module: _unmarked(source, param)})
    run(host)
    assert host.events == []
    with pytest.raises(AssertionError, match='invocation'):
        _assert_hidden(secret, host.host_texts())

    host = FakeHost(profile={'activated': True}, sources={module: source.replace(NO_LOG_LINE, '')})
    run(host)
    assert host.events
    _assert_hidden(secret, host.host_texts())


def test_an_argument_the_ps1_does_not_declare_fails_on_the_host():
    model = sim_model.LicenseServerModel(sim_model.new_state('lic01'))
    res = sim_hands.run_collection_module('win_rdlicense_role', {'_operation': 'apply', '_steps': [
        {'type': 'start_service', 'name': 'TermServLicensing', 'extra': 1}]}, model, False)
    assert res['failed'] and res['msg'].startswith('Unsupported parameters for (remotedesktop.licensing.'
                                                   'win_rdlicense_role) module: extra found in _steps')
    res = sim_hands.run_collection_module('win_rdlicense_info', {'_operation': 'apply'}, model, False)
    assert res['failed'] and res['msg'] == 'value of _operation must be one of: probe. Got no match for: apply'


def test_a_module_whose_spec_cannot_be_read_fails_every_run():
    model = sim_model.LicenseServerModel(sim_model.new_state('lic01'))
    broken = sim_hands.module_source('win_rdlicense_role').replace('Create($args, $spec)', 'Create($args, (Get-X))')
    res, framework = sim_hands.run_module('win_rdlicense_role', {'_operation': 'probe'}, model, broken)
    assert res['failed'] and 'cannot read the argument spec' in res['msg'] and framework is None
    res, framework = sim_hands.run_module('win_rdlicense_role', {'_operation': 'probe'}, model, None)
    assert res['failed'] and 'no module script' in res['msg']


def test_the_result_carries_the_invocation_as_ansible_basic_returns_it():
    model = sim_model.LicenseServerModel(sim_model.new_state('lic01'))
    res = sim_hands.run_collection_module('win_rdlicense_info', {'_operation': 'probe'}, model, False)
    assert res['invocation'] == {'module_args': {'_operation': 'probe', 'include_builtin_and_temporary': False,
                                                 'expiring_within_days': 90, 'product_version_ids': None}}
    json.dumps(res)


@pytest.mark.parametrize('module', MODULES)
def test_a_task_cannot_set_the_internal_options(module):
    host = FakeHost()
    res = run_action(module, {'_operation': 'apply', '_steps': [{'type': 'start_service', 'name': 'x'}]}, host)
    assert res['failed'] is True and 'Unsupported parameters' in res['msg'] and '_steps' in res['msg']
    assert host.calls == []
