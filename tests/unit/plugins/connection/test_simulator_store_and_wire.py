# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's state files survive concurrent forks; its payload decoding reads both ansible-core formats."""

from __future__ import annotations

import base64
import json
import multiprocessing
import os

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import store as sim_store
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import wire


def _bump(state_dir, rounds):
    store = sim_store.HostStore(state_dir, 'lic01')
    for dummy in range(rounds):
        with store.transaction() as state:
            state['next_key_pack_id'] += 1
        store.count('remotedesktop.licensing.win_rdlicense_role', 10)


def test_concurrent_processes_neither_lose_updates_nor_corrupt_the_file(tmp_path):
    workers = [multiprocessing.Process(target=_bump, args=(str(tmp_path), 40)) for dummy in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    store = sim_store.HostStore(str(tmp_path), 'lic01')
    assert store.read()['next_key_pack_id'] == 2 + 160
    counters = store.counters()
    assert counters['executions'] == 160 and counters['payload_bytes'] == 1600
    assert counters['by_module']['remotedesktop.licensing.win_rdlicense_role']['executions'] == 160
    assert sorted(os.listdir(tmp_path)) == ['lic01.counters.json', 'lic01.json', 'lic01.lock']


def test_a_failed_transaction_writes_nothing_and_reads_leave_the_file_alone(tmp_path):
    store = sim_store.HostStore(str(tmp_path), 'lic01')
    with store.transaction({'os': '2019'}):
        pass
    stat = os.stat(store.state_path)
    with open(store.state_path, 'rb') as f:
        before = f.read()
    with pytest.raises(RuntimeError):
        with store.transaction() as state:
            state['next_key_pack_id'] = 99
            raise RuntimeError('boom')
    with store.transaction() as state:
        assert state['host']['os']['build'] == 17763  # the profile applies only at creation
    with open(store.state_path, 'rb') as f:
        assert f.read() == before
    assert os.stat(store.state_path).st_mtime_ns == stat.st_mtime_ns


def test_host_names_cannot_escape_the_state_directory(tmp_path):
    store = sim_store.HostStore(str(tmp_path), '../../etc/passwd')
    assert os.path.dirname(store.state_path) == str(tmp_path)


def _manifest_payload(module_key, args):
    manifest = {'scripts': {module_key: {'path': 'x', 'script': base64.b64encode(b'#!powershell').decode()}},
                'actions': [{'name': 'exec_wrapper-become.ps1', 'params': {}},
                            {'name': 'module_wrapper.ps1',
                             'params': {'Script': module_key, 'Variables': [{'Name': 'complex_args', 'Value': args,
                                                                             'Scope': 'Global'}]}}]}
    return json.dumps({'name': 'exec_wrapper'}).encode() + wire.SEPARATOR + json.dumps(manifest).encode()


def test_decodes_the_2_19_manifest():
    call = wire.module_call(_manifest_payload(
        'ansible_collections.remotedesktop.licensing.plugins.modules.win_rdlicense_role.ps1', {'_operation': 'probe'}))
    assert call == {'kind': 'module', 'module': 'remotedesktop.licensing.win_rdlicense_role',
                    'args': {'_operation': 'probe'}, 'source': '#!powershell'}


def test_decodes_the_legacy_payload():
    body = json.dumps({'module_entry': 'eA==', 'module_args': {'_ansible_module_name': 'ansible.windows.win_ping'}})
    call = wire.module_call(b'$exec_wrapper' + wire.LEGACY_SEPARATOR + body.encode())
    assert call['module'] == 'ansible.windows.win_ping'
    assert call['source'] == 'x'  # the module's script travels base64-encoded in module_entry


def test_decodes_exec_actions_and_commands():
    manifest = {'scripts': {}, 'actions': [{'name': 'powershell_mkdtemp.ps1', 'params': {'Name': 'a'}}]}
    call = wire.module_call(b'{}' + wire.SEPARATOR + json.dumps(manifest).encode())
    assert call == {'kind': 'action', 'name': 'powershell_mkdtemp.ps1', 'params': {'Name': 'a'}}
    cmd = 'PowerShell -NoProfile -EncodedCommand ' + base64.b64encode('whoami'.encode('utf-16-le')).decode()
    assert wire.decode_command(cmd) == 'whoami'


def test_unknown_payloads_fail_loudly():
    with pytest.raises(wire.WireError, match='unrecognised'):
        wire.module_call(b'just some bytes')
