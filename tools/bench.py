# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet benchmark: the rollout (playbooks/license_server.yml) on fleets of simulated license servers.

For each fleet size (``--hosts``, default 50 and 200) it generates an inventory of simulated servers (fresh Desktop
Experience and Server Core servers, servers whose installation needs a restart, servers activated by hand with packs
installed by hand), all with the same company information and CAL packs, then:

1. on the smallest fleet only: ``playbooks/license_server.yml --check`` on the fresh servers (check mode, fresh);
2. runs the rollout (everything to do), then points the fleet's RD Session Hosts (one for every ten servers, at
   least two; the role ``session_host``, as the second play of ``playbooks/deployment.yml``) at two of the servers,
   twice (fresh, then converged);
3. runs, interleaved, the steady-state rollout and one ``ansible.windows.win_ping`` task on the same hosts,
   ``--repeat`` times each (rollout, ping, rollout, ping, ...): the controller CPU (user + sys of ansible-playbook
   and all its children, from ``getrusage(RUSAGE_CHILDREN)`` deltas) of each, their medians and the ratio;
4. on the smallest fleet (``--reports every``: on each): ``playbooks/drift.yml --check`` and
   ``playbooks/cal_report.yml`` over the converged fleet;
5. on the smallest fleet only: on DOMAIN_SERVERS more license servers of a domain, each step of DOMAIN_STEPS in a
   run of its own (win_rdlicense_configuration fresh and converged, the same configuration through win_rdlicense_server, a CAL
   usage report, the per-device CALs listed, one revoked, the revocation rerun);
6. on the smallest fleet only: one more steady-state run of one converged server through a capturing subclass of
   the simulator connection (generated in the work directory; the collection is not changed), to split each
   payload into this collection's code, ansible-core's (exec wrapper, Ansible.Basic, ...), other collections' and
   the module arguments.

The remote executions per server (per scenario, kind of server and module) and the payload bytes come from the
simulator's ``<host>.counters.json``, whatever modules the role calls (``win_rdlicense_info``/``_role``/``_activate``/
``_cals`` today, ``win_rdlicense_server`` once issue 9 lands). It checks that every server converged (no failed or
unreachable host; the drift report finds every server in sync; the CAL report finds every server activated with the
declared CALs), that no steady-state run changed anything, that every ping answered, and that a converged server
costs at most ``--max-converged-executions`` remote executions per run. It asserts no time. The figures go to a
Markdown file (docs/performance.md by default), side by side with the "before" figures of a data file
(tools/data/bench_before.json); ``--record-before`` writes this run's figures as that data file instead.

Usage: python tools/bench.py [--hosts 50,200] [--forks 10] [--repeat 3] [--work-dir .build/bench]
                             [--output docs/performance.md] [--before tools/data/bench_before.json]
                             [--record-before tools/data/bench_before.json --label 'before (077ca55)']
Needs ANSIBLE_COLLECTIONS_PATH to find remotedesktop.licensing and ansible.windows (`make bench` sets it).
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime
import glob
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

import yaml
from ansible import __version__ as ansible_core_version

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTION = 'remotedesktop.licensing'
# The collection's modules, in the order the tables list them; any other module found in the counters is listed too.
MODULES = ('win_rdlicense_server', 'win_rdlicense_info', 'win_rdlicense_role', 'win_rdlicense_activate',
           'win_rdlicense_cals', 'win_rdlicense_configuration', 'win_rdlicense_usage', 'win_rdlicense_device_cals')
RECAP = re.compile(r'^(\S+)\s*: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)
DEFAULT_BEFORE = os.path.join(REPO, 'tools', 'data', 'bench_before.json')
SEPARATOR = b'\n\0\0\0\0\n'    # ansible-core >= 2.19: bootstrap JSON, exec manifest JSON[, stdin]

# The role's inputs for every server (the identifiers are made up for the simulated Clearinghouse, which accepts any
# well-formed agreement number; see docs/simulator.md).
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd',
           'country_region': 'United Kingdom', 'email': 'licensing@contoso.example', 'city': 'London'}
PACKS = [
    {'name': 'hq-2022-user', 'program': 'select', 'agreement_number': '4815162', 'product_version': '2022',
     'cal_type': 'per_user', 'quantity': 50},
    {'name': 'branch-2022-device', 'program': 'enterprise_agreement', 'agreement_number': '2342108',
     'product_version': '2022', 'cal_type': 'per_device', 'quantity': 25},
]
# What every server holds in the end: the declared packs (per version and CAL type).
EXPECTED_TOTALS = {('2022', 'per_user'): 50, ('2022', 'per_device'): 25}

FRESH = 'fresh Windows Server 2022'
RESTART = 'Windows Server 2022 needing a restart'
# A fresh RD Session Host (licensing mode not configured, no license server listed), in a domain.
SESSION_HOST = {'os': '2022', 'domain': 'corp.example', 'session_host': True}
SESSION_HOST_KIND = 'fresh RD Session Host 2022'

SESSION_HOSTS_PLAYBOOK = """\
# Generated by tools/bench.py: the second play of playbooks/deployment.yml, alone.
- name: Point the RD Session Hosts at their license servers
  hosts: session_hosts
  gather_facts: false
  roles:
    - role: remotedesktop.licensing.session_host
"""

PING_PLAYBOOK = """\
# Generated by tools/bench.py: the reference the steady-state rollout's controller CPU is compared with.
- name: One win_ping per license server
  hosts: license_servers
  gather_facts: false
  tasks:
    - name: Ping
      ansible.windows.win_ping:
"""

# The license servers of a domain (smallest fleet only): activated, with per-device and per-user CALs issued, the
# account of the connection a member of Domain Admins and Enterprise Admins. They run the modules of per-user CAL
# tracking, usage reports and revocation, one step a run, so that each step's executions are counted on their own.
DOMAIN_SERVERS = 5
DOMAIN_KIND = 'activated Windows Server 2022 in a domain'
DOMAIN_PROFILE = {
    'os': '2022', 'activated': True, 'domain': 'corp.example', 'directory_rights': ['domain_admin', 'enterprise_admin'],
    'contact': {k: COMPANY[k] for k in ('first_name', 'last_name', 'company', 'country_region')},
    'key_packs': [{'product_version': '2022', 'cal_type': 'per_device', 'quantity': 25, 'type': 'volume'},
                  {'product_version': '2022', 'cal_type': 'per_user', 'quantity': 50, 'type': 'volume'}],
    'issued_cals': [{'computer': 'WS%02d' % i, 'issued': -10 * i} for i in range(1, 9)]
    + [{'user': 'CORP\\user%02d' % i, 'issued': -5 * i} for i in range(1, 5)],
}
DOMAIN_CONFIGURATION = {'ad_group_member': True, 'scp_registered': True, 'discovery_scope': 'domain',
                        'endpoint_servers': ['RDSH001', 'RDSH002']}
# (step, tag, what the step changes on every server: 'all' or 'none')
DOMAIN_STEPS = (
    ('configuration-fresh', 'configuration', 'all'),
    ('configuration-converged', 'configuration', 'none'),
    ('server-with-configuration-converged', 'server', 'none'),
    ('usage', 'usage', 'none'),
    ('device-cals-list', 'device_cals_list', 'none'),
    ('device-cals-revoke', 'device_cals_revoke', 'all'),
    ('device-cals-revoke-rerun', 'device_cals_revoke', 'none'),
)
DOMAIN_PLAYBOOK = """\
# Generated by tools/bench.py: the license servers of a domain, one tagged step a run.
- name: Per-user CAL tracking, usage reports and revocation
  hosts: domain_license_servers
  gather_facts: false
  vars:
    configuration: %s
  tasks:
    - name: The license server in AD and its RDS Endpoint Servers
      remotedesktop.licensing.win_rdlicense_configuration: "{{ configuration }}"
      tags: [configuration]

    - name: The same configuration through win_rdlicense_server
      remotedesktop.licensing.win_rdlicense_server:
        configuration: "{{ configuration }}"
      tags: [server]

    - name: The CAL usage report
      remotedesktop.licensing.win_rdlicense_usage:
      tags: [usage]

    - name: The per-device CALs issued
      remotedesktop.licensing.win_rdlicense_device_cals:
      tags: [device_cals_list]

    - name: Revoke the per-device CAL of one computer
      remotedesktop.licensing.win_rdlicense_device_cals:
        computers: [WS01]
      tags: [device_cals_revoke]
""" % json.dumps(DOMAIN_CONFIGURATION, sort_keys=True)


# A subclass of the simulator connection that keeps every stdin payload, for the payload split (step 6). ansible-core
# reads a plugin's options from the DOCUMENTATION literal of its own file: the simulator's is copied in.
CAPTURE_PLUGIN = """\
# Generated by tools/bench.py: the simulator connection, keeping each stdin payload in $RDLICENSING_BENCH_CAPTURE_DIR.
from __future__ import annotations

import os
import time

from ansible_collections.remotedesktop.licensing.plugins.connection.simulator import Connection as _Simulator

DOCUMENTATION = %s


class Connection(_Simulator):
    transport = 'bench_capture'

    def exec_command(self, cmd, in_data=None, sudoable=True):
        if in_data:
            name = '%%s.%%020d.%%d.bin' %% (self.get_option('remote_addr'), time.time_ns(), os.getpid())
            with open(os.path.join(os.environ['RDLICENSING_BENCH_CAPTURE_DIR'], name), 'wb') as f:
                f.write(in_data)
        return super().exec_command(cmd, in_data=in_data, sudoable=sudoable)
"""


# -- the fleet ---------------------------------------------------------------------------------------------------------
def profile(index):
    """The simulated server number ``index`` (from 1): one in ten of each special kind, the rest fresh servers."""
    kind = index % 10
    if kind == 3:
        return 'Server Core 2022', {'rdlicensing_sim_profile': {'os': '2022', 'server_core': True}}
    if kind == 5:
        return RESTART, {'rdlicensing_sim_profile': {'os': '2022'}, 'rdlicensing_sim_faults': ['reboot_required']}
    if kind == 7:
        return 'activated by hand with a pack installed by hand', {'rdlicensing_sim_profile': {
            'os': '2022', 'activated': True,
            'contact': {k: COMPANY[k] for k in ('first_name', 'last_name', 'company', 'country_region')},
            'key_packs': [{'product_version': '2022', 'cal_type': 'per_user', 'quantity': 50, 'issued': 7,
                           'type': 'volume'}]}}
    if kind == 9:
        return 'Windows Server 2025', {'rdlicensing_sim_profile': {'os': '2025'}}
    return FRESH, {'rdlicensing_sim_profile': {'os': '2022'}}


def host_name(index):
    return 'rdls%03d' % index


def session_host_names(hosts):
    """The fleet's RD Session Hosts: one for every ten license servers, at least two."""
    return ['rdsh%03d' % i for i in range(1, max(2, hosts // 10) + 1)]


def write_inventory(path, hosts, state_dir):
    """Write the inventory (license servers, and the session hosts of session_host_names); return {server: kind}."""
    kinds = {}
    host_vars = {}
    for i in range(1, hosts + 1):
        kind, hv = profile(i)
        kinds[host_name(i)] = kind
        host_vars[host_name(i)] = hv
    inventory = {'all': {
        'vars': {
            'ansible_connection': 'remotedesktop.licensing.simulator',
            'rdlicensing_sim_state_dir': state_dir,
        },
        'children': {
            'license_servers': {
                'hosts': host_vars,
                'vars': {
                    'license_server_allow_reboot': True,
                    'license_server_company_information': COMPANY,
                    'license_server_cal_packs': PACKS,
                }},
            'session_hosts': {
                'hosts': {name: {'rdlicensing_sim_profile': SESSION_HOST} for name in session_host_names(hosts)},
                'vars': {
                    'session_host_licensing_mode': 'per_user',
                    'session_host_license_servers': [host_name(1), host_name(2)],
                }},
        }}}
    with open(path, 'w', encoding='utf-8') as f:
        yaml.safe_dump(inventory, f, sort_keys=False)
    return kinds


def write_domain_inventory(path, state_dir):
    """Write the inventory of the domain's license servers; return {server: kind}."""
    names = ['rdlsdom%02d' % i for i in range(1, DOMAIN_SERVERS + 1)]
    inventory = {'all': {
        'vars': {'ansible_connection': 'remotedesktop.licensing.simulator', 'rdlicensing_sim_state_dir': state_dir},
        'children': {'domain_license_servers': {'hosts': {n: {'rdlicensing_sim_profile': DOMAIN_PROFILE} for n in names}}},
    }}
    with open(path, 'w', encoding='utf-8') as f:
        yaml.safe_dump(inventory, f, sort_keys=False)
    return {n: DOMAIN_KIND for n in names}


def bench_domain(fleet_dir, state_dir, log_dir, forks, tag, problems):
    """The domain stage: each of DOMAIN_STEPS in a run of its own; return ({step: scenario}, runs)."""
    inventory = os.path.join(fleet_dir, 'domain.yml')
    kinds = write_domain_inventory(inventory, state_dir)
    names = sorted(kinds)
    playbook = os.path.join(fleet_dir, 'domain.yml.playbook.yml')
    with open(playbook, 'w', encoding='utf-8') as f:
        f.write(DOMAIN_PLAYBOOK)
    steps, runs = {}, []
    snapshot = counters(state_dir, names)
    for step, step_tag, expect in DOMAIN_STEPS:
        run = run_playbook('domain-' + step, playbook, inventory, forks, log_dir, ['--tags', step_tag])
        runs.append(run)
        did = sorted(h for h, v in run['recap'].items() if v[1])
        bad = sorted(h for h in names if h not in run['recap'] or run['recap'][h][2] or run['recap'][h][3])
        if run['rc'] or bad:
            problems.append('%s, domain %s: exited %d; failed, unreachable or missing: %s'
                            % (tag, step, run['rc'], ', '.join(bad[:5]) or 'none'))
        if (expect == 'all' and len(did) != len(names)) or (expect == 'none' and did):
            problems.append('%s, domain %s: changed %d of %d servers' % (tag, step, len(did), len(names)))
        now = counters(state_dir, names)
        steps[step] = scenario(delta(now, snapshot), kinds, names)
        snapshot = now
    return steps, runs


def ansible_playbook():
    local = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return local if os.access(local, os.X_OK) else (shutil.which('ansible-playbook') or 'ansible-playbook')


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_playbook(name, playbook, inventory, forks, log_dir, extra=(), env=None):
    """Run a playbook (a path, or a name under playbooks/).

    Return {'name', 'wall', 'cpu', 'recap': {host: (ok, changed, unreachable, failed)}, 'rc'}; cpu is user + sys of
    ansible-playbook and every process it waited for (its forks), in seconds.
    """
    if not os.path.isabs(playbook):
        playbook = os.path.join(REPO, 'playbooks', playbook)
    cmd = [ansible_playbook(), '-i', inventory, '-f', str(forks), playbook] + list(extra)
    run_env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='false')
    run_env.update(env or {})
    cpu0 = cpu_of_children()
    started = time.monotonic()
    proc = subprocess.run(cmd, env=run_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False)
    wall = time.monotonic() - started
    cpu = cpu_of_children() - cpu0
    log = os.path.join(log_dir, name + '.log')
    with open(log, 'w', encoding='utf-8') as f:
        f.write(proc.stdout)
    recap = {m.group(1): tuple(int(g) for g in m.groups()[1:]) for m in RECAP.finditer(proc.stdout)}
    line = '  %-34s %7.1f s wall %7.1f s CPU  rc %d  (log: %s)' % (
        name, wall, cpu, proc.returncode, os.path.relpath(log, REPO))
    print(line, flush=True)
    return {'name': name, 'wall': wall, 'cpu': cpu, 'recap': recap, 'rc': proc.returncode}


# -- counters ----------------------------------------------------------------------------------------------------------
def counters(state_dir, names):
    """{host: {module: {'executions', 'payload_bytes'}}} from the simulator's counter files."""
    result = {}
    for name in names:
        path = os.path.join(state_dir, name + '.counters.json')
        try:
            with open(path, encoding='utf-8') as f:
                result[name] = json.load(f)['by_module']
        except FileNotFoundError:
            result[name] = {}
    return result


def short(module):
    """``remotedesktop.licensing.win_x`` as ``win_x``; other names as they are."""
    prefix = COLLECTION + '.'
    return module[len(prefix):] if module.startswith(prefix) else module


def delta(after, before):
    """{host: {module: (executions, payload bytes)}} between two counter snapshots (modules that ran only)."""
    result = {}
    for host, modules in after.items():
        result[host] = {}
        for module, entry in modules.items():
            prev = before.get(host, {}).get(module, {'executions': 0, 'payload_bytes': 0})
            executions = entry['executions'] - prev['executions']
            if executions:
                result[host][short(module)] = (executions, entry['payload_bytes'] - prev['payload_bytes'])
    return result


def module_order(names):
    known = [m for m in MODULES if m in names]
    return known + sorted(set(names) - set(known))


def total_executions(moves, host):
    return sum(e for e, _b in moves.get(host, {}).values())


def total_bytes(moves, host):
    return sum(b for _e, b in moves.get(host, {}).values())


def lo_hi(values):
    values = list(values)
    return [min(values), max(values)] if values else None


def scenario(moves, kinds, hosts=None):
    """Executions of one scenario: per server overall, per kind of server, and per module and kind."""
    hosts = sorted(moves) if hosts is None else hosts
    by_kind = {}
    for host in hosts:
        by_kind.setdefault(kinds[host], []).append(host)
    modules = module_order({m for h in hosts for m in moves.get(h, {})})
    return {
        'per_server': lo_hi(total_executions(moves, h) for h in hosts),
        'by_kind': {k: lo_hi(total_executions(moves, h) for h in hs) for k, hs in by_kind.items()},
        'by_module': {m: {k: lo_hi(moves.get(h, {}).get(m, (0, 0))[0] for h in hs) for k, hs in by_kind.items()}
                      for m in modules},
        'bytes_per_server': lo_hi(total_bytes(moves, h) for h in hosts),
        'bytes_per_execution': {m: lo_hi(moves[h][m][1] / moves[h][m][0] for h in hosts if m in moves.get(h, {}))
                                for m in modules},
    }


# -- the payload split -------------------------------------------------------------------------------------------------
def script_owner(name):
    """Who a script of the exec manifest belongs to: this collection, another collection, or ansible-core."""
    match = re.match(r'^ansible_collections\.(\w+)\.(\w+)\.', name)
    if not match:
        return 'ansible-core'
    owner = '%s.%s' % match.groups()
    return owner


def payload_parts(data):
    """Split one stdin payload (ansible-core >= 2.19 format) into bytes per owner.

    Returns (module, {owner: bytes}) with owners this collection, other collections, 'ansible-core' (the bootstrap,
    the exec wrapper, Ansible.Basic and the other Ansible.* utilities, the manifest's framing) and 'module
    arguments' (the complex_args of the module run). The payload's scripts travel base64-encoded: their encoded size
    is what they cost on the wire. (None, {'unknown format': n}) for a payload of another format.
    """
    if SEPARATOR not in data:
        return None, {'unknown format': len(data)}
    _bootstrap, _sep, rest = data.partition(SEPARATOR)
    manifest_raw = rest.split(SEPARATOR)[0]
    try:
        manifest = json.loads(manifest_raw)
    except ValueError:
        return None, {'unknown format': len(data)}
    parts = {}
    module = None
    for name, info in (manifest.get('scripts') or {}).items():
        size = len(json.dumps({name: info})) - 2    # the entry as it stands in the manifest, with its separators
        owner = script_owner(name)
        parts[owner] = parts.get(owner, 0) + size
    for action in manifest.get('actions') or []:
        if action.get('name') != 'module_wrapper.ps1':
            continue
        params = action.get('params') or {}
        match = re.match(r'^ansible_collections\.(\w+\.\w+)\.plugins\.modules\.(\w+)\.ps1$', params.get('Script') or '')
        module = '%s.%s' % match.groups() if match else params.get('Script')
        for variable in params.get('Variables') or []:
            if variable.get('Name') == 'complex_args':
                parts['module arguments'] = len(json.dumps(variable.get('Value')))
    parts['ansible-core'] = parts.get('ansible-core', 0) + len(data) - sum(parts.values())
    return module, parts


def capture_plugin_source():
    """The capturing connection plugin's source, with the simulator's DOCUMENTATION."""
    path = os.path.join(REPO, 'plugins', 'connection', 'simulator.py')
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read())
    doc = next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
               and any(getattr(t, 'id', None) == 'DOCUMENTATION' for t in node.targets))
    doc = re.sub(r'^name: simulator$', 'name: bench_capture', doc, count=1, flags=re.M)
    return CAPTURE_PLUGIN % repr(doc)


def measure_payloads(work, inventory, forks, log_dir, host):
    """One steady-state rollout of ``host`` through the capturing connection; the split of its payloads."""
    plugin_dir = os.path.join(work, 'connection_plugins')
    capture_dir = os.path.join(work, 'payloads')
    os.makedirs(plugin_dir, exist_ok=True)
    os.makedirs(capture_dir, exist_ok=True)
    with open(os.path.join(plugin_dir, 'bench_capture.py'), 'w', encoding='utf-8') as f:
        f.write(capture_plugin_source())
    plugins = os.environ.get('ANSIBLE_CONNECTION_PLUGINS')
    env = {'ANSIBLE_CONNECTION_PLUGINS': plugin_dir + (os.pathsep + plugins if plugins else ''),
           'RDLICENSING_BENCH_CAPTURE_DIR': capture_dir}
    run = run_playbook('payload-capture-%s' % host, 'license_server.yml', inventory, forks, log_dir,
                       ['--limit', host, '-e', 'ansible_connection=bench_capture'], env)
    executions = []
    for path in sorted(glob.glob(os.path.join(capture_dir, host + '.*.bin'))):
        with open(path, 'rb') as f:
            data = f.read()
        module, parts = payload_parts(data)
        executions.append({'module': short(module or 'unknown'), 'bytes': len(data), 'parts': parts})
    return run, executions


def wire_figures(executions, bytes_per_server):
    """Bytes on the wire of one converged server's run, and the share of each owner (over all its payloads)."""
    total = sum(e['bytes'] for e in executions)
    owners = {}
    for e in executions:
        for owner, size in e['parts'].items():
            owners[owner] = owners.get(owner, 0) + size
    return {
        'bytes_per_converged_server': bytes_per_server,
        'captured_bytes': total,
        'captured_executions': len(executions),
        'share': {owner: size / total for owner, size in sorted(owners.items(), key=lambda kv: -kv[1])} if total
        else {},
        'executions': executions,
    }


# -- one fleet ---------------------------------------------------------------------------------------------------------
def bench_fleet(hosts, args, work, first, problems):
    """Run every step on a fleet of ``hosts`` servers; return its figures (problems appended to ``problems``)."""
    fleet_dir = os.path.join(work, '%d-hosts' % hosts)
    state_dir, log_dir, report_dir = (os.path.join(fleet_dir, d) for d in ('state', 'logs', 'reports'))
    for d in (state_dir, log_dir, report_dir):
        os.makedirs(d)
    inventory = os.path.join(fleet_dir, 'inventory.yml')
    kinds = write_inventory(inventory, hosts, state_dir)
    names = sorted(kinds)
    ping = os.path.join(fleet_dir, 'ping.yml')
    with open(ping, 'w', encoding='utf-8') as f:
        f.write(PING_PLAYBOOK)
    tag = '%d hosts' % hosts
    started = time.monotonic()
    print('Fleet of %d simulated license servers, forks %d' % (hosts, args.forks), flush=True)

    def check_run(run, label, changed=None):
        if run['rc']:
            problems.append('%s, %s: ansible-playbook exited %d' % (tag, label, run['rc']))
        missing = sorted(set(names) - set(run['recap']))
        if missing:
            problems.append('%s, %s: no recap line for %s' % (tag, label, ', '.join(missing[:5])))
        bad = sorted(h for h, (_ok, _ch, unreachable, failed) in run['recap'].items() if unreachable or failed)
        if bad:
            problems.append('%s, %s: failed or unreachable: %s' % (tag, label, ', '.join(bad[:5])))
        did = sorted(h for h, v in run['recap'].items() if v[1])
        if changed == 'all' and len(did) != hosts:
            problems.append('%s, %s: changed %d of %d servers' % (tag, label, len(did), hosts))
        if changed == 'none' and did:
            problems.append('%s, %s: changed %d servers (expected none): %s' % (
                tag, label, len(did), ', '.join(did[:5])))
        return len(did)

    runs = []
    figures = {'hosts': hosts, 'kinds': {}, 'scenarios': {}}
    for kind in kinds.values():
        figures['kinds'][kind] = figures['kinds'].get(kind, 0) + 1

    snapshot = counters(state_dir, names)
    if first:
        run = run_playbook('%d-check-fresh' % hosts, 'license_server.yml', inventory, args.forks, log_dir, ['--check'])
        runs.append(run)
        check_run(run, 'check mode on fresh servers')
        now = counters(state_dir, names)
        figures['scenarios']['check_fresh'] = scenario(delta(now, snapshot), kinds)
        snapshot = now

    run = run_playbook('%d-rollout-fresh' % hosts, 'license_server.yml', inventory, args.forks, log_dir)
    runs.append(run)
    figures['changed_fresh'] = check_run(run, 'fresh rollout', 'all')
    now = counters(state_dir, names)
    figures['scenarios']['fresh_rollout'] = scenario(delta(now, snapshot), kinds)
    snapshot = now

    # The RD Session Hosts, pointed at two of the license servers: fresh, then converged.
    rdsh = session_host_names(hosts)
    rdsh_kinds = {name: SESSION_HOST_KIND for name in rdsh}
    sh_playbook = os.path.join(fleet_dir, 'session_hosts.yml')
    with open(sh_playbook, 'w', encoding='utf-8') as f:
        f.write(SESSION_HOSTS_PLAYBOOK)
    sh_before = counters(state_dir, rdsh)
    for label, expect in (('fresh', 'all'), ('converged', 'none')):
        run = run_playbook('%d-session-hosts-%s' % (hosts, label), sh_playbook, inventory, args.forks, log_dir)
        runs.append(run)
        did = sorted(h for h, v in run['recap'].items() if v[1] and h in rdsh_kinds)
        bad = sorted(h for h in rdsh if h not in run['recap'] or run['recap'][h][2] or run['recap'][h][3])
        if run['rc'] or bad:
            problems.append('%s, session hosts %s: exited %d; failed, unreachable or missing: %s'
                            % (tag, label, run['rc'], ', '.join(bad[:5]) or 'none'))
        if (expect == 'all' and len(did) != len(rdsh)) or (expect == 'none' and did):
            problems.append('%s, session hosts %s: changed %d of %d' % (tag, label, len(did), len(rdsh)))
        now = counters(state_dir, rdsh)
        figures['scenarios']['session_hosts_' + label] = scenario(delta(now, sh_before), rdsh_kinds)
        sh_before = now
    figures['session_hosts'] = len(rdsh)
    sh_converged = figures['scenarios']['session_hosts_converged']['per_server']
    if sh_converged[1] > 1:
        problems.append('%s: a converged session host costs up to %d remote executions per run (1 expected)'
                        % (tag, sh_converged[1]))

    cpu = {'rollout': [], 'ping': []}
    steady_totals = set()
    for rep in range(1, args.repeat + 1):
        run = run_playbook('%d-rollout-steady-%d' % (hosts, rep), 'license_server.yml', inventory, args.forks,
                           log_dir)
        runs.append(run)
        check_run(run, 'steady-state rollout %d' % rep, 'none')
        cpu['rollout'].append(run['cpu'])
        now = counters(state_dir, names)
        moves = delta(now, snapshot)
        if rep == 1:
            figures['scenarios']['converged'] = scenario(moves, kinds)
        steady_totals.update(total_executions(moves, h) for h in names)
        snapshot = now
        run = run_playbook('%d-ping-%d' % (hosts, rep), ping, inventory, args.forks, log_dir)
        runs.append(run)
        check_run(run, 'win_ping %d' % rep, 'none')
        cpu['ping'].append(run['cpu'])
        snapshot = counters(state_dir, names)
    converged = figures['scenarios']['converged']['per_server']
    if converged[1] > args.max_converged_executions:
        problems.append('%s: a converged server costs up to %d remote executions per run (at most %d expected)'
                        % (tag, converged[1], args.max_converged_executions))
    if len(steady_totals) > 1:
        problems.append('%s: the steady-state runs made different numbers of executions per server: %s'
                        % (tag, sorted(steady_totals)))
    rollout_s, ping_s = statistics.median(cpu['rollout']), statistics.median(cpu['ping'])
    figures['cpu'] = {'rollout_runs': cpu['rollout'], 'ping_runs': cpu['ping'], 'rollout_s': rollout_s,
                      'ping_s': ping_s, 'ratio': rollout_s / ping_s if ping_s else None}

    if args.reports == 'every' or (args.reports == 'smallest' and first):
        run = run_playbook('%d-drift-check' % hosts, 'drift.yml', inventory, args.forks, log_dir,
                           ['--check', '-e', 'drift_report_dir=' + report_dir, '-e', 'drift_fail_on_drift=true'])
        runs.append(run)
        if run['rc']:
            problems.append('%s: drift.yml --check exited %d (drift or errors)' % (tag, run['rc']))
        try:
            with open(os.path.join(report_dir, 'drift_report.json'), encoding='utf-8') as f:
                figures['in_sync'] = json.load(f)['counts']['in_sync']
            if figures['in_sync'] != hosts + len(rdsh):
                problems.append('%s: drift report: %d of %d hosts in sync' % (tag, figures['in_sync'],
                                                                              hosts + len(rdsh)))
        except (OSError, ValueError, KeyError) as e:
            problems.append('%s: drift report unreadable: %s' % (tag, e))
            figures['in_sync'] = None

        snapshot = counters(state_dir, names)
        run = run_playbook('%d-cal-report' % hosts, 'cal_report.yml', inventory, args.forks, log_dir,
                           ['-e', 'cal_report_dir=' + report_dir])
        runs.append(run)
        figures['scenarios']['cal_report'] = scenario(delta(counters(state_dir, names), snapshot), kinds, names)
        if run['rc']:
            problems.append('%s: cal_report.yml exited %d' % (tag, run['rc']))
        figures['activated_with_cals'] = 0
        try:
            with open(os.path.join(report_dir, 'cal_report.csv'), encoding='utf-8', newline='') as f:
                rows = list(csv.DictReader(f))
            for host in names:
                mine = [r for r in rows if r['host'] == host]
                totals = {(r['product_version'], r['cal_type']): int(r['total'] or 0) for r in mine}
                if mine and all(r['activation_status'] == 'activated' for r in mine) and totals == EXPECTED_TOTALS:
                    figures['activated_with_cals'] += 1
                elif len(problems) < 40:
                    problems.append('%s: CAL report, %s: %s' % (tag, host, {
                        'activation': sorted({r['activation_status'] for r in mine}),
                        'totals': {'%s %s' % k: v for k, v in totals.items()}}))
        except (OSError, ValueError, KeyError) as e:
            problems.append('%s: CAL report unreadable: %s' % (tag, e))

    if first:
        figures['domain'], domain_runs = bench_domain(fleet_dir, state_dir, log_dir, args.forks, tag, problems)
        runs += domain_runs

    if first:
        host = next(h for h in names if kinds[h] == FRESH)
        before = counters(state_dir, [host])
        run, executions = measure_payloads(fleet_dir, inventory, args.forks, log_dir, host)
        runs.append(run)
        if run['rc'] or run['recap'].get(host, (0, 1))[1]:
            problems.append('%s: the payload capture run of %s failed or changed something' % (tag, host))
        moves = delta(counters(state_dir, [host]), before)
        if len(executions) != total_executions(moves, host):
            problems.append('%s: the payload capture kept %d payloads of %s, the simulator counted %d executions'
                            % (tag, len(executions), host, total_executions(moves, host)))
        figures['wire'] = wire_figures(executions, figures['scenarios']['converged']['bytes_per_server'])

    figures['runs'] = [{'name': r['name'], 'wall': r['wall'], 'cpu': r['cpu']} for r in runs]
    figures['wall'] = time.monotonic() - started
    return figures


# -- the page ----------------------------------------------------------------------------------------------------------
def span(values, fmt='{:,}'):
    """'n' when low == high, else 'low to high'."""
    if not values:
        return '—'
    low, high = (round(v) for v in values)
    return fmt.format(low) if low == high else (fmt + ' to ' + fmt).format(low, high)


def headline(data):
    """{row key: text} of the figures compared side by side."""
    if not data:
        return {}
    out = {}
    sc = data.get('executions') or {}
    for key in ('converged', 'check_fresh', 'fresh_rollout', 'fresh_rollout_restart', 'session_host_fresh',
                'session_host_converged'):
        if sc.get(key):
            out['exec_' + key] = span(sc[key])
    for hosts, c in sorted((data.get('cpu') or {}).items(), key=lambda kv: int(kv[0])):
        out['cpu_rollout_%s' % hosts] = '%.1f s' % c['rollout_s']
        out['cpu_ping_%s' % hosts] = '%.1f s' % c['ping_s']
        out['cpu_ratio_%s' % hosts] = '%.1f×' % c['ratio'] if c.get('ratio') else '—'
    wire = data.get('wire') or {}
    if wire.get('bytes_per_converged_server'):
        out['wire_bytes'] = span(wire['bytes_per_converged_server'])
    share = wire.get('share') or {}
    for owner in share:
        out['share_' + owner] = '%.1f %%' % (100 * share[owner])
    return out


def summary(label, fleets, commit):
    """The figures of a run, as the data file keeps them and the comparison table shows them."""
    smallest = fleets[0]
    sc = smallest['scenarios']
    data = {
        'label': label,
        'commit': commit,
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        'machine': machine(),
        'forks': None,
        'executions': {
            'converged': lo_hi(v for f in fleets for v in f['scenarios']['converged']['per_server']),
            'check_fresh': sc['check_fresh']['by_kind'].get(FRESH) if 'check_fresh' in sc else None,
            'fresh_rollout': sc['fresh_rollout']['by_kind'].get(FRESH),
            'fresh_rollout_restart': sc['fresh_rollout']['by_kind'].get(RESTART),
            'session_host_fresh': (sc.get('session_hosts_fresh') or {}).get('per_server'),
            'session_host_converged': lo_hi(v for f in fleets
                                            for v in f['scenarios'].get('session_hosts_converged', {}).get('per_server', ())),
        },
        'cpu': {str(f['hosts']): f['cpu'] for f in fleets},
        'wire': {k: v for k, v in (smallest.get('wire') or {}).items() if k != 'executions'},
    }
    return data


def machine():
    return '%d CPU cores, Python %s, ansible-core %s, %s' % (
        os.cpu_count() or 0, platform.python_version(), ansible_core_version, platform.system())


def git_commit():
    try:
        commit = subprocess.run(['git', '-C', REPO, 'rev-parse', '--short', 'HEAD'], check=True, capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(['git', '-C', REPO, 'status', '--porcelain', '--untracked-files=no', '--', 'plugins',
                                'roles', 'playbooks'], check=True, capture_output=True, text=True).stdout.strip()
        return commit + ('+changes' if dirty else '')
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


def render(args, fleets, problems, before, after, wall, load):
    """The Markdown page."""
    hosts_list = [f['hosts'] for f in fleets]
    smallest = fleets[0]
    command = args.command or 'python tools/bench.py --hosts %s --forks %d --repeat %d' % (
        ','.join(str(h) for h in hosts_list), args.forks, args.repeat)
    before_label = before['label'] if before else 'before'
    after_label = after['label'] if after else 'after'
    b, a = headline(before), headline(after)
    lines = [
        '# Performance',
        '',
        'Measured figures of the rollout (`playbooks/license_server.yml`, role `remotedesktop.licensing.license_server`)',
        'on fleets of simulated license servers (connection plugin `remotedesktop.licensing.simulator`). The',
        'simulator answers from a Python model, so the times are those of Ansible and of the collection\'s controller',
        'side (argument validation, planning, payloads), not of Windows or the network; the executions and payload',
        'sizes are what a real server would receive.',
        '',
        'Produced by:',
        '',
        '```bash',
        command,
        '```',
        '',
        '`tools/bench.py` generates the inventories and, on each fleet, runs the rollout on fresh servers, then the',
        'steady-state rollout and one `ansible.windows.win_ping` task interleaved (rollout, ping, rollout, ping, ...),',
        'and on the smallest fleet (`--reports every` for each) `playbooks/drift.yml --check` and',
        '`playbooks/cal_report.yml`; on the smallest fleet it also first runs the rollout in check mode on the fresh',
        'servers, then runs the modules of per-user CAL tracking, usage reports and revocation on a few license',
        'servers of a domain, one step a run, and at the end captures the payloads of one converged server. It',
        'reads each simulated server\'s `<host>.counters.json` (remote executions and stdin payload bytes per module),',
        'checks the outcome (below) and writes this page. It measures; it does not assert a time.',
        '',
        '## Issue 9: before and after',
        '',
        'The "before" column comes from `tools/data/bench_before.json` (measured with the same script at the commit',
        'it names; `python tools/bench.py --record-before tools/data/bench_before.json --label ...` writes it), the',
        '"after" column from the run that wrote this page.',
        '',
        '| Figure | %s | %s | Target |' % (before_label, after_label),
        '| --- | --- | --- | --- |',
    ]
    rows = [
        ('exec_converged', 'Remote executions per server: converged (steady-state rollout)', ''),
        ('exec_check_fresh', 'Remote executions per server: check mode on a fresh server', ''),
        ('exec_fresh_rollout', 'Remote executions per server: fresh rollout without a restart', ''),
        ('exec_fresh_rollout_restart', 'Remote executions per server: fresh rollout with a restart (with '
         '`win_reboot`\'s commands)', ''),
        ('exec_session_host_fresh', 'Remote executions per RD Session Host: fresh (role `session_host`)', ''),
        ('exec_session_host_converged', 'Remote executions per RD Session Host: converged', '1'),
    ]
    sizes = sorted({int(k.rsplit('_', 1)[1]) for k in list(b) + list(a) if k.startswith('cpu_ratio_')})
    for hosts in sizes:
        rows += [
            ('cpu_rollout_%d' % hosts, 'Controller CPU, steady-state rollout, %d servers (median)' % hosts, ''),
            ('cpu_ping_%d' % hosts, 'Controller CPU, one `win_ping` task, %d servers (median)' % hosts, ''),
            ('cpu_ratio_%d' % hosts, 'Ratio rollout / `win_ping`, %d servers' % hosts, '≤ 3×'),
        ]
    rows.append(('wire_bytes', 'Bytes on the wire per converged server per run (all its payloads)', ''))
    owners = [k[len('share_'):] for k in list(b) + list(a) if k.startswith('share_')]
    for owner in dict.fromkeys([COLLECTION, 'ansible-core', 'ansible.windows', 'module arguments'] + owners):
        if 'share_' + owner in b or 'share_' + owner in a:
            what = {COLLECTION: "this collection's code (modules, module utils)",
                    'ansible-core': "ansible-core's code (exec wrapper, `Ansible.Basic`, ...) and framing",
                    'module arguments': 'the module arguments'}.get(owner, owner + "'s code")
            rows.append(('share_' + owner, '&nbsp;&nbsp;share: %s' % what, ''))
    for key, label, target in rows:
        if key in b or key in a:
            lines.append('| %s | %s | %s | %s |' % (label, b.get(key, '—'), a.get(key, 'not measured yet'), target))
    lines += [
        '',
        'Executions: per server of the kind "%s" (see Set-up) for the fresh scenarios, every server for the' % FRESH,
        'converged one. CPU: user + sys time of `ansible-playbook` and all its forks, median of the repetitions below.',
        'Bytes: the stdin payloads the simulator counted for a converged server in one steady-state run; shares from',
        'the payloads of one converged server, captured (see "Payloads").',
        '',
    ]
    if before:
        lines += ['Before: measured %s on %s (forks %s).' % (
            before.get('date'), before.get('machine'), before.get('forks')), '']

    by_count = sorted(smallest['kinds'].items(), key=lambda kv: -kv[1])
    lines += [
        '## Set-up of this run (%s)' % (after or before)['label'],
        '',
        '| | |',
        '| --- | --- |',
        '| Fleets | %s servers; of every 100, %s |' % (' and '.join(str(h) for h in hosts_list), '; '.join(
            '%d %s' % (round(100 * n / smallest['hosts']), k) for k, n in by_count)),
        '| Inputs | company information (6 properties), 2 CAL packs (Select 2022 per user, Enterprise Agreement 2022 per device), restarts allowed |',
        '| RD Session Hosts | one for every ten servers, at least two (%s in the smallest fleet): fresh Windows Server '
        '2022, in a domain, per user, pointed at the first two servers |' % smallest.get('session_hosts', 0),
        '| Forks, repetitions | %d, %d (steady-state rollout and `win_ping`, interleaved) |' % (args.forks, args.repeat),
        '| Machine | %s |' % machine(),
        '| Date | %s |' % datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        '| Wall time of the whole benchmark | %.1f min |' % (wall / 60),
        "| Load average (1 min) at the start, after | %.1f, %.1f (at the start: other work; after: includes the runs' own forks) |"
        % load,
        '',
        '## Remote executions per server',
        '',
        'A module run that changes nothing costs one remote execution, one that changes something two (read, then',
        'apply). Per scenario and kind of server (smallest fleet, %d servers):' % smallest['hosts'],
        '',
    ]
    scen_labels = (('check_fresh', 'Check mode, fresh'), ('fresh_rollout', 'Fresh rollout'),
                   ('converged', 'Converged'))
    present = [(k, lbl) for k, lbl in scen_labels if k in smallest['scenarios']]
    lines += ['| Kind of server | %s |' % ' | '.join(lbl for _k, lbl in present),
              '| --- |%s' % (' --- |' * len(present))]
    for kind, _n in by_count:
        cells = [span(smallest['scenarios'][k]['by_kind'].get(kind)) for k, _l in present]
        lines.append('| %s | %s |' % (kind, ' | '.join(cells)))
    columns = [(k, lbl, FRESH) for k, lbl in present if k != 'converged']
    columns.insert(len(columns), ('fresh_rollout', 'Fresh rollout with a restart', RESTART))
    columns.append(('converged', 'Converged', None))
    lines += ['', 'Per module (fresh scenarios: a "%s", or one needing a restart; converged: every server; `raw`:'
              % FRESH, "the commands of `ansible.windows.win_reboot`, which carry no stdin payload):", '',
              '| Module | %s |' % ' | '.join(lbl for _k, lbl, _kind in columns),
              '| --- |%s' % (' --- |' * len(columns))]
    modules = module_order({m for k, _l in present for m in smallest['scenarios'][k]['by_module']})
    for module in modules:
        cells = []
        for k, _l, kind in columns:
            per_kind = smallest['scenarios'][k]['by_module'].get(module, {})
            if kind is None:
                cells.append(span(lo_hi(v for pair in per_kind.values() for v in pair)) if per_kind else '0')
            else:
                cells.append(span(per_kind.get(kind)) if per_kind.get(kind) else '0')
        lines.append('| `%s` | %s |' % (module, ' | '.join(cells)))
    for f in fleets:
        lines.append('')
        lines.append('%d servers: converged %s executions per server; fresh rollout %s.' % (
            f['hosts'], span(f['scenarios']['converged']['per_server']),
            span(f['scenarios']['fresh_rollout']['per_server'])))
        if 'session_hosts_converged' in f['scenarios']:
            lines.append('')
            lines.append('%d RD Session Hosts with them (role `session_host`, licensing mode per user, two license '
                         'servers listed): fresh %s executions per session host, converged %s.' % (
                             f['session_hosts'], span(f['scenarios']['session_hosts_fresh']['per_server']),
                             span(f['scenarios']['session_hosts_converged']['per_server'])))

    if 'cal_report' in smallest['scenarios']:
        report = smallest['scenarios']['cal_report']
        by_module = ', '.join('`%s` %s' % (m, span(lo_hi(v for pair in per_kind.values() for v in pair)))
                              for m, per_kind in report['by_module'].items())
        lines += ['', '`playbooks/cal_report.yml` on the converged fleet: %s executions per server (%s).' % (
            span(report['per_server']), by_module or 'none')]
    domain = smallest.get('domain')
    if domain:
        lines += [
            '',
            '## Remote executions: per-user CAL tracking, usage reports, revocation',
            '',
            '%d license servers of the kind "%s" (each with 25 per-device and 50 per-user 2022 CALs, 8 per-device and 4'
            % (DOMAIN_SERVERS, DOMAIN_KIND),
            'per-user CALs issued, the connection\'s account in Domain Admins and Enterprise Admins), one step a run,',
            'in this order (`tools/bench.py`, `DOMAIN_PLAYBOOK`); executions per server:',
            '',
            '| Step | Modules | Executions per server |',
            '| --- | --- | --- |',
        ]
        what = {
            'configuration-fresh': '`win_rdlicense_configuration`: the server in the AD group, its SCP, scope domain, '
                                   'two RDS Endpoint Servers',
            'configuration-converged': 'the same again',
            'server-with-configuration-converged': 'the same configuration as `win_rdlicense_server`\'s `configuration`',
            'usage': '`win_rdlicense_usage`: generate, read and delete the CAL usage report',
            'device-cals-list': '`win_rdlicense_device_cals`: list the per-device CALs',
            'device-cals-revoke': '`win_rdlicense_device_cals`: revoke the CAL of one computer',
            'device-cals-revoke-rerun': 'the same revocation again (already revoked)',
        }
        for step, _tag, _expect in DOMAIN_STEPS:
            sc = domain.get(step)
            if sc:
                lines.append('| %s | %s | %s |' % (step, what.get(step, ''), span(sc['per_server'])))

    lines += [
        '',
        '## Controller CPU: steady-state rollout and `win_ping`',
        '',
        'Each repetition runs the steady-state rollout, then one `ansible.windows.win_ping` task on the same hosts',
        '(`gather_facts: false` in both). CPU = user + sys of `ansible-playbook` and its forks (`getrusage`',
        '`RUSAGE_CHILDREN` deltas), in seconds.',
        '',
        '| Servers | Rollout, each repetition | `win_ping`, each repetition | Rollout (median) | `win_ping` (median) | Ratio |',
        '| --- | --- | --- | --- | --- | --- |',
    ]
    for f in fleets:
        c = f['cpu']
        lines.append('| %d | %s | %s | %.1f s | %.1f s | %s |' % (
            f['hosts'], ', '.join('%.1f' % v for v in c['rollout_runs']), ', '.join('%.1f' % v for v in c['ping_runs']),
            c['rollout_s'], c['ping_s'], '%.1f×' % c['ratio'] if c['ratio'] else '—'))

    wire = smallest.get('wire')
    if wire:
        owners = list(wire['share'])
        lines += [
            '',
            '## Payloads',
            '',
            'The stdin ansible-core sends for one execution: a bootstrap, then the exec manifest with every script',
            'base64-encoded (the exec wrapper, `Ansible.Basic` and the other `Ansible.*` utilities of ansible-core, the',
            "module and its module utils) and the module's arguments. Split per execution of one converged server",
            '(%d executions, %s bytes in all; the counters give %s bytes per converged server over the fleet):'
            % (wire['captured_executions'], '{:,}'.format(wire['captured_bytes']),
               span(wire['bytes_per_converged_server'])),
            '',
            '| Module | Bytes | %s |' % ' | '.join(owners),
            '| --- | --- |%s' % (' --- |' * len(owners)),
        ]
        for e in wire['executions']:
            lines.append('| `%s` | %s | %s |' % (e['module'], '{:,}'.format(e['bytes']), ' | '.join(
                '{:,} ({:.1f} %)'.format(e['parts'].get(o, 0), 100 * e['parts'].get(o, 0) / e['bytes'])
                for o in owners)))
        lines.append('| all | %s | %s |' % ('{:,}'.format(wire['captured_bytes']), ' | '.join(
            '%.1f %%' % (100 * wire['share'][o]) for o in owners)))

    lines += [
        '',
        '## Wall time and CPU of every run',
        '',
        '| Run | Wall time | CPU | Wall time per server |',
        '| --- | --- | --- | --- |',
    ]
    for f in fleets:
        for r in f['runs']:
            per = 1 if r['name'].startswith('payload-capture') else f['hosts']
            lines.append('| %s | %.1f s | %.1f s | %.0f ms |' % (r['name'], r['wall'], r['cpu'], 1000 * r['wall'] / per))
    lines += [
        '',
        '## Reading the figures',
        '',
        '- On a real fleet, what costs is the remote executions: each one is a WinRM or PSRP round trip that carries the',
        '  payload above and starts PowerShell on the server, which the simulator does not.',
        "- The times here are the controller's own work (ansible-core building each payload, the role's templating,",
        "  the simulator answering), with the forks sharing the machine's cores. CPU time is less sensitive than wall",
        '  time to other work on the machine, and the rollout and `win_ping` are measured interleaved so that both see',
        '  the same conditions; still, compare runs made on the same machine, not absolute numbers.',
        "- The simulator plays Ansible.Basic's host side for each execution of one of our modules: it reads the",
        "  module's argument spec from the `.ps1` in the payload with tree-sitter once per script (kept by digest in",
        '  `simulator.argspec-cache.json` of the state folder; parsing costs about 15 ms in a new process) and',
        "  validates the arguments (under 1 ms); this is part of the rollout's CPU above and not of `win_ping`'s",
        '  (answered without it). A real server spends that time compiling and running Ansible.Basic instead; the',
        '  number of executions and the payload are unchanged.',
        '',
        '## Checks',
        '',
        '| Check | %s |' % ' | '.join('%d servers' % h for h in hosts_list),
        '| --- |%s' % (' --- |' * len(fleets)),
        '| Fresh rollout: servers changed | %s |' % ' | '.join(
            '%d of %d' % (f['changed_fresh'], f['hosts']) for f in fleets),
        '| Converged: remote executions per server (at most %d) | %s |' % (args.max_converged_executions, ' | '.join(
            span(f['scenarios']['converged']['per_server']) for f in fleets)),
        '| Steady-state runs and pings: servers changed, failed or unreachable | %s |' % ' | '.join(
            'none' if not any(p.startswith(('%d hosts, steady' % f['hosts'], '%d hosts, win_ping' % f['hosts']))
                              for p in problems) else 'SOME' for f in fleets),
        '| Drift report: servers in sync | %s |' % ' | '.join(
            '%s of %d' % (f['in_sync'], f['hosts']) if 'in_sync' in f else 'not run' for f in fleets),
        '| CAL report: servers activated with the declared CALs | %s |' % ' | '.join(
            '%s of %d' % (f['activated_with_cals'], f['hosts']) if 'activated_with_cals' in f else 'not run'
            for f in fleets),
        '',
    ]
    if problems:
        lines += ['Problems:', ''] + ['- %s' % p for p in problems] + ['']
    return '\n'.join(lines)


def host_sizes(text):
    try:
        sizes = [int(v) for v in text.split(',') if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError('a comma-separated list of numbers of servers, e.g. 50,200')
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError('at least one fleet, of 10 servers or more (one of each kind)')
    return sorted(set(sizes))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--hosts', type=host_sizes, default=[50, 200],
                        help='fleet sizes, comma-separated (default 50,200)')
    parser.add_argument('--forks', type=int, default=10, help='ansible-playbook --forks (default 10)')
    parser.add_argument('--repeat', type=int, default=3,
                        help='repetitions of the interleaved steady-state rollout and win_ping (default 3)')
    parser.add_argument('--max-converged-executions', type=int, default=4,
                        help='a check: remote executions a converged server may cost per run (default 4)')
    parser.add_argument('--reports', choices=('smallest', 'every', 'none'), default='smallest',
                        help='the fleets to run drift.yml --check and cal_report.yml on (default: the smallest)')
    parser.add_argument('--work-dir', default=os.path.join(REPO, '.build', 'bench'),
                        help='inventories, simulator state, reports and logs (emptied first)')
    parser.add_argument('--output', default=os.path.join(REPO, 'docs', 'performance.md'),
                        help='the Markdown file to write the figures to')
    parser.add_argument('--before', default=DEFAULT_BEFORE,
                        help='the data file of the "before" figures (default tools/data/bench_before.json)')
    parser.add_argument('--record-before', metavar='PATH',
                        help="write this run's figures as the before data file PATH (and in the page's before column)")
    parser.add_argument('--label', default=None, help="this run's column heading (default: after (<commit>))")
    parser.add_argument('--figures', metavar='PATH', help="also write this run's full figures as JSON to PATH")
    parser.add_argument('--command', default=None, help='the command to name in the output (default: this one)')
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error('--repeat must be 1 or more')

    work = os.path.abspath(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    problems = []
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    fleets = [bench_fleet(hosts, args, work, i == 0, problems) for i, hosts in enumerate(args.hosts)]
    wall = time.monotonic() - started
    commit = git_commit()

    this = summary(args.label or ('before (%s)' % commit if args.record_before else 'after (%s)' % commit),
                   fleets, commit)
    this['forks'] = args.forks
    if args.record_before:
        with open(args.record_before, 'w', encoding='utf-8') as f:
            json.dump(this, f, indent=2, sort_keys=True)
            f.write('\n')
        before, after = this, None
    else:
        try:
            with open(args.before, encoding='utf-8') as f:
                before = json.load(f)
        except (OSError, ValueError) as e:
            print('no before figures (%s): %s' % (args.before, e))
            before = None
        after = this
    if args.figures:
        with open(args.figures, 'w', encoding='utf-8') as f:
            json.dump({'summary': this, 'fleets': fleets, 'problems': problems}, f, indent=2, sort_keys=True)
            f.write('\n')

    page = render(args, fleets, problems, before, after, wall, (load_before, os.getloadavg()[0]))
    with open(args.output, 'w', encoding='utf-8') as f:
        f.write(page)
    print(page[page.index('## Issue 9'):page.index('## Set-up')])
    cpu = '; '.join('%d servers: rollout %.1f s, ping %.1f s CPU (%.1f×)' % (
        f['hosts'], f['cpu']['rollout_s'], f['cpu']['ping_s'], f['cpu']['ratio'] or 0) for f in fleets)
    print('==> bench: %s; converged %s executions per server; %.1f min; %s; figures in %s' % (
        cpu, span(this['executions']['converged']), wall / 60,
        'all checks passed' if not problems else '%d problems' % len(problems), os.path.relpath(args.output, REPO)))
    for p in problems:
        print('  problem: %s' % p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
