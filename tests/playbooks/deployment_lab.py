# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A simulated deployment for the playbook tests: license servers and RD Session Hosts in their two groups, a run of a
playbook that keeps what the roles' summaries say, what a run did by host (PLAY RECAP) and how many remote
executions each module cost a host (the simulator's counters)."""

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


WRAPPER = """
- name: The playbook under test
  ansible.builtin.import_playbook: {playbook}

- name: Keep every host's summary
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Write them as JSON
      ansible.builtin.copy:
        dest: {dest}
        content: "{{{{ summaries | to_nice_json }}}}"
        mode: "0600"
      check_mode: false
      vars:
        summaries: >-
          {{%- set found = {{}} -%}}{{%- for host in {hosts} -%}}
          {{%- set _ = found.update({{host: {value}}}) -%}}
          {{%- endfor -%}}{{{{ found }}}}
"""


class SummaryRun:
    """Runs a playbook of playbooks/ in a Lab through a wrapper that then writes, per host of the groups, the first
    of the facts the host has (or null) to a JSON file: what the roles say they did."""

    def __init__(self, lab, playbook, groups, facts):
        self.lab = lab
        self.summaries_file = os.path.join(lab.root, 'summaries.json')
        value = 'none'
        for fact in reversed(facts):
            value = 'hostvars[host].%s | default(%s)' % (fact, value)
        hosts = ' + '.join("groups['%s'] | default([])" % group for group in groups)
        self.wrapper = lab.write('summaries-' + os.path.basename(playbook), WRAPPER.format(
            playbook=playbook, dest=self.summaries_file, hosts='(%s)' % hosts, value=value))

    def run(self, *args):
        """Run the playbook with these ansible-playbook arguments; a --limit keeps localhost, which writes the file.
        Returns (the CompletedProcess, {host: summary})."""
        if os.path.exists(self.summaries_file):
            os.remove(self.summaries_file)
        args = [arg + ',localhost' if previous == '--limit' else arg for previous, arg in zip(('',) + args, args)]
        proc = self.lab.run(self.wrapper, *args)
        summaries = {}
        if os.path.exists(self.summaries_file):
            with open(self.summaries_file, encoding='utf-8') as f:
                summaries = json.load(f)
        return proc, summaries


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
