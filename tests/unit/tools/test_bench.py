# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet benchmark's arithmetic (tools/bench.py): counters, scenarios, the payload split and the page's table.

Nothing here runs a playbook; the benchmark itself is `make bench`.
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import json
import os

import pytest

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
_SPEC = importlib.util.spec_from_file_location('bench', os.path.join(COLLECTION_ROOT, 'tools', 'bench.py'))
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)


def _script(name, text):
    return {'path': '/somewhere/' + name, 'script': base64.b64encode(text.encode()).decode()}


def _payload(module='win_rdlicense_server', args=None):
    """A payload in ansible-core 2.19's format: bootstrap JSON, separator, exec manifest JSON."""
    key = 'ansible_collections.remotedesktop.licensing.plugins.modules.%s.ps1' % module
    manifest = {
        'scripts': {
            'module_wrapper.ps1': _script('module_wrapper.ps1', 'wrapper ' * 50),
            'Ansible.Basic.cs': _script('Ansible.Basic.cs', 'class Basic {} ' * 200),
            'ansible_collections.remotedesktop.licensing.plugins.module_utils._RDLicensing.psm1':
                _script('_RDLicensing.psm1', 'function Get-X {} ' * 40),
            'ansible_collections.ansible.windows.plugins.module_utils.Thing.psm1': _script('Thing.psm1', 'x' * 30),
            key: _script(module + '.ps1', '#AnsibleRequires -CSharpUtil Ansible.Basic\n' * 10),
        },
        'actions': [{'name': 'module_wrapper.ps1', 'params': {
            'Script': key, 'Variables': [{'Name': 'complex_args', 'Value': args or {'state': 'present'},
                                          'Scope': 'Global'}]}, 'secure_params': {}}],
        'signed_hashlist': [],
    }
    bootstrap = json.dumps({'name': 'exec_wrapper', 'script': 'exec wrapper ' * 100, 'params': {}})
    return ('%s\n\0\0\0\0\n%s' % (bootstrap, json.dumps(manifest))).encode()


def test_payload_parts_add_up_and_name_the_owners():
    data = _payload(args={'packs': [{'name': 'hq', 'quantity': 50}]})
    module, parts = bench.payload_parts(data)
    assert module == 'remotedesktop.licensing.win_rdlicense_server'
    assert sum(parts.values()) == len(data)
    assert set(parts) == {'ansible-core', 'remotedesktop.licensing', 'ansible.windows', 'module arguments'}
    assert parts['module arguments'] == len(json.dumps({'packs': [{'name': 'hq', 'quantity': 50}]}))
    # the bootstrap (exec wrapper) and Ansible.Basic are ansible-core's; the module and its util the collection's
    assert parts['ansible-core'] > parts['remotedesktop.licensing'] > parts['ansible.windows'] > 0


def test_payload_parts_of_an_unknown_format():
    assert bench.payload_parts(b'something else') == (None, {'unknown format': 14})


def _counters(modules):
    return {m: {'executions': e, 'payload_bytes': b} for m, (e, b) in modules.items()}


def test_scenario_counts_whatever_modules_ran():
    before = {'h1': {}, 'h2': _counters({'remotedesktop.licensing.win_rdlicense_server': (2, 400)})}
    after = {'h1': _counters({'remotedesktop.licensing.win_rdlicense_server': (2, 400), 'raw': (4, 0)}),
             'h2': _counters({'remotedesktop.licensing.win_rdlicense_server': (3, 600)})}
    moves = bench.delta(after, before)
    assert moves == {'h1': {'win_rdlicense_server': (2, 400), 'raw': (4, 0)}, 'h2': {'win_rdlicense_server': (1, 200)}}
    figures = bench.scenario(moves, {'h1': bench.RESTART, 'h2': bench.FRESH})
    assert figures['per_server'] == [1, 6]
    assert figures['by_kind'] == {bench.RESTART: [6, 6], bench.FRESH: [1, 1]}
    assert list(figures['by_module']) == ['win_rdlicense_server', 'raw']
    assert figures['by_module']['raw'] == {bench.RESTART: [4, 4], bench.FRESH: [0, 0]}
    assert figures['bytes_per_server'] == [200, 400]
    assert figures['bytes_per_execution']['win_rdlicense_server'] == [200, 200]


def test_the_current_modules_are_listed_in_the_role_order():
    assert bench.module_order({'win_rdlicense_cals', 'ansible.windows.win_ping', 'win_rdlicense_info'}) == [
        'win_rdlicense_info', 'win_rdlicense_cals', 'ansible.windows.win_ping']


def test_headline_formats_before_and_after_alike():
    data = {'executions': {'converged': [4, 4], 'check_fresh': [2, 2], 'fresh_rollout': [7, 7],
                           'fresh_rollout_restart': [12, 12]},
            'cpu': {'200': {'rollout_s': 300.04, 'ping_s': 30.0, 'ratio': 10.0},
                    '50': {'rollout_s': 80.0, 'ping_s': 8.0, 'ratio': 10.0}},
            'wire': {'bytes_per_converged_server': [825920, 825920],
                     'share': {'ansible-core': 0.816, 'remotedesktop.licensing': 0.181}}}
    out = bench.headline(data)
    assert out['exec_converged'] == '4' and out['exec_fresh_rollout'] == '7'
    assert out['cpu_rollout_200'] == '300.0 s' and out['cpu_ratio_50'] == '10.0×'
    assert out['wire_bytes'] == '825,920'
    assert out['share_remotedesktop.licensing'] == '18.1 %'
    assert bench.headline(None) == {}
    assert bench.span([1, 3]) == '1 to 3' and bench.span(None) == '—'


def test_host_sizes():
    assert bench.host_sizes('200,50') == [50, 200]
    for bad in ('fifty', '5', ''):
        with pytest.raises(argparse.ArgumentTypeError):
            bench.host_sizes(bad)


def test_capture_plugin_is_the_simulator_with_its_options():
    source = bench.capture_plugin_source()
    compile(source, 'bench_capture.py', 'exec')
    assert 'name: bench_capture' in source
    assert 'rdlicensing_sim_state_dir' in source and 'rdlicensing_sim_faults' in source


def test_every_domain_step_runs_one_task_of_the_domain_playbook():
    import yaml
    play = yaml.safe_load(bench.DOMAIN_PLAYBOOK)[0]
    assert play['hosts'] == 'domain_license_servers'
    tags = [tag for task in play['tasks'] for tag in task['tags']]
    assert len(tags) == len(set(tags)) == len(play['tasks'])
    assert sorted({step_tag for _step, step_tag, _expect in bench.DOMAIN_STEPS}) == sorted(tags)
    assert play['vars']['configuration'] == bench.DOMAIN_CONFIGURATION


def test_domain_inventory_holds_the_domain_servers(tmp_path):
    kinds = bench.write_domain_inventory(str(tmp_path / 'domain.yml'), '/state')
    import yaml
    hosts = yaml.safe_load((tmp_path / 'domain.yml').read_text())['all']['children']['domain_license_servers']['hosts']
    assert sorted(hosts) == sorted(kinds) and len(kinds) == bench.DOMAIN_SERVERS
    assert all(v['rdlicensing_sim_profile']['domain'] == 'corp.example' for v in hosts.values())


def test_the_page_lists_the_domain_steps_in_order_and_the_cal_report_by_module():
    one = {'per_server': [1, 1], 'by_kind': {}, 'by_module': {}, 'bytes_per_server': [1, 1], 'bytes_per_execution': {}}
    two = dict(one, per_server=[2, 2])
    report = dict(two, by_module={'win_rdlicense_info': {'k': [1, 1]}, 'win_rdlicense_usage': {'k': [1, 1]}})
    fleet = {'hosts': 10, 'kinds': {bench.FRESH: 10}, 'session_hosts': 2, 'changed_fresh': 10,
             'scenarios': {'fresh_rollout': dict(two, by_kind={bench.FRESH: [3, 3]}),
                           'converged': dict(one, by_kind={bench.FRESH: [1, 1]}), 'cal_report': report},
             'domain': {step: (two if expect == 'all' else one) for step, _tag, expect in bench.DOMAIN_STEPS},
             'cpu': {'rollout_runs': [1.0], 'ping_runs': [1.0], 'rollout_s': 1.0, 'ping_s': 1.0, 'ratio': 1.0},
             'runs': []}
    args = argparse.Namespace(command='make bench', forks=10, repeat=1, max_converged_executions=4)
    page = bench.render(args, [fleet], [], None, {'label': 'after (test)'}, 1.0, (0.0, 0.0))
    assert '2 executions per server (`win_rdlicense_info` 1, `win_rdlicense_usage` 1)' in page
    rows = [line.split(' | ')[0][2:] for line in page.splitlines() if line.startswith(('| configuration', '| server-',
                                                                                      '| usage', '| device-cals'))]
    assert rows == [step for step, _tag, _expect in bench.DOMAIN_STEPS]
    assert '| device-cals-revoke | `win_rdlicense_device_cals`: revoke the CAL of one computer | 2 |' in page
