# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A simulated deployment for the playbook tests: license servers and RD Session Hosts in their two groups, what a
run did by host (PLAY RECAP) and how many remote executions each module cost a host (the simulator's counters)."""

from __future__ import annotations

import json
import os
import re

import yaml

from playbook_runner import SIMULATOR


def write_inventory(lab, license_servers, session_hosts, license_server_vars=None, session_host_vars=None):
    """The lab's inventory: the groups license_servers and session_hosts ({name: host vars} each), every host on the
    simulator with its state in the lab."""
    inventory = {'all': {
        'vars': {'ansible_connection': SIMULATOR, 'rdlicensing_sim_state_dir': lab.state_dir},
        'children': {'license_servers': {'hosts': license_servers, 'vars': dict(license_server_vars or {})},
                     'session_hosts': {'hosts': session_hosts, 'vars': dict(session_host_vars or {})}}}}
    with open(lab.inventory, 'w', encoding='utf-8') as f:
        yaml.safe_dump(inventory, f, sort_keys=False)
    return lab


def recap(proc):
    """{host: {'ok': n, 'changed': n, 'failed': n, ...}} from the PLAY RECAP."""
    found = {}
    for host, counters in re.findall(r'^(\S+)\s+:\s+(ok=.*)$', proc.stdout, re.M):
        found[host] = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', counters)}
    return found


def executions(lab, host):
    """{module short name: remote executions so far} for a host (its <host>.counters.json)."""
    path = os.path.join(lab.state_dir, host + '.counters.json')
    if not os.path.exists(path):
        return {}
    with open(path, encoding='utf-8') as f:
        by_module = json.load(f)['by_module']
    return {name.rsplit('.', 1)[-1]: counts['executions'] for name, counts in by_module.items()}
