# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet benchmark: the rollout (playbooks/license_server.yml) on many simulated license servers, twice.

Generates an inventory of N simulated servers (fresh Desktop Experience and Server Core servers, servers whose
installation needs a restart, servers activated by hand with packs installed by hand), all with the same company
information and CAL packs, then:

1. runs the rollout (first run: everything to do) and times it;
2. runs it again (steady state) and times it;
3. runs playbooks/drift.yml --check and playbooks/cal_report.yml over the converged fleet, and times them.

It checks that every server converged (no failed or unreachable host; the drift report finds every server in sync;
the CAL report finds every server activated with the declared CALs), that the second run changed nothing, and that
in the second run every module ran exactly once per server (the simulator's ``<host>.counters.json``: one remote
execution per module when nothing changes). It measures, and asserts no time: the wall times, the remote executions
per server and module, and the payload bytes per execution go to a Markdown file (docs/performance.md by default)
with the command that produced them. Exits non-zero when a check fails.

Usage: python tools/bench.py [--hosts 100] [--forks 10] [--work-dir .build/bench] [--output docs/performance.md]
Needs ANSIBLE_COLLECTIONS_PATH to find remotedesktop.licensing and ansible.windows (`make bench` sets it).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

import yaml
from ansible import __version__ as ansible_core_version

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ('win_rdlicense_info', 'win_rdlicense_role', 'win_rdlicense_activate', 'win_rdlicense_cals')
RECAP = re.compile(r'^(\S+)\s*: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)

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


def profile(index):
    """The simulated server number ``index`` (from 1): one in ten of each special kind, the rest fresh servers."""
    kind = index % 10
    if kind == 3:
        return 'Server Core 2022', {'rdlicensing_sim_profile': {'os': '2022', 'server_core': True}}
    if kind == 5:
        return 'Windows Server 2022 needing a restart', {
            'rdlicensing_sim_profile': {'os': '2022'}, 'rdlicensing_sim_faults': ['reboot_required']}
    if kind == 7:
        return 'activated by hand with a pack installed by hand', {'rdlicensing_sim_profile': {
            'os': '2022', 'activated': True,
            'contact': {k: COMPANY[k] for k in ('first_name', 'last_name', 'company', 'country_region')},
            'key_packs': [{'product_version': '2022', 'cal_type': 'per_user', 'quantity': 50, 'issued': 7,
                           'type': 'volume'}]}}
    if kind == 9:
        return 'Windows Server 2025', {'rdlicensing_sim_profile': {'os': '2025'}}
    return 'fresh Windows Server 2022', {'rdlicensing_sim_profile': {'os': '2022'}}


def write_inventory(path, hosts, state_dir):
    kinds = {}
    host_vars = {}
    for i in range(1, hosts + 1):
        name = 'rdls%03d' % i
        kind, hv = profile(i)
        kinds[kind] = kinds.get(kind, 0) + 1
        host_vars[name] = hv
    inventory = {'all': {'children': {'license_servers': {
        'hosts': host_vars,
        'vars': {
            'ansible_connection': 'remotedesktop.licensing.simulator',
            'rdlicensing_sim_state_dir': state_dir,
            'license_server_allow_reboot': True,
            'license_server_company_information': COMPANY,
            'license_server_cal_packs': PACKS,
        }}}}}
    with open(path, 'w', encoding='utf-8') as f:
        yaml.safe_dump(inventory, f, sort_keys=False)
    return kinds


def ansible_playbook():
    local = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return local if os.access(local, os.X_OK) else (shutil.which('ansible-playbook') or 'ansible-playbook')


def run_playbook(name, playbook, inventory, forks, log_dir, extra=()):
    """Run a playbook; return (seconds, recap {host: (ok, changed, unreachable, failed)}, returncode)."""
    cmd = [ansible_playbook(), '-i', inventory, '-f', str(forks), os.path.join(REPO, 'playbooks', playbook)]
    cmd += list(extra)
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='false')
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    seconds = time.monotonic() - started
    with open(os.path.join(log_dir, name + '.log'), 'w', encoding='utf-8') as f:
        f.write(proc.stdout)
    recap = {m.group(1): tuple(int(g) for g in m.groups()[1:]) for m in RECAP.finditer(proc.stdout)}
    print('  %-28s %6.1f s  rc %d  (log: %s)' % (name, seconds, proc.returncode,
                                                 os.path.relpath(os.path.join(log_dir, name + '.log'), REPO)))
    return seconds, recap, proc.returncode


def counters(state_dir, hosts):
    result = {}
    for i in range(1, hosts + 1):
        name = 'rdls%03d' % i
        path = os.path.join(state_dir, name + '.counters.json')
        with open(path, encoding='utf-8') as f:
            result[name] = json.load(f)['by_module']
    return result


def delta(after, before):
    """Executions and payload bytes per host and module between two counter snapshots."""
    result = {}
    for host, modules in after.items():
        result[host] = {}
        for module, entry in modules.items():
            prev = before.get(host, {}).get(module, {'executions': 0, 'payload_bytes': 0})
            executions = entry['executions'] - prev['executions']
            if executions:
                result[host][module.rsplit('.', 1)[-1]] = (executions, entry['payload_bytes'] - prev['payload_bytes'])
    return result


def per_module(moves):
    """{module: (executions per host list, bytes per execution list)} over every host."""
    table = {}
    for modules in moves.values():
        for module, (executions, payload) in modules.items():
            execs, sizes = table.setdefault(module, ([], []))
            execs.append(executions)
            sizes.append(payload / executions)
    return table


def span(values):
    """'n' when every value is n, else 'low to high' (integers, with thousands separators)."""
    low, high = round(min(values)), round(max(values))
    return '{:,}'.format(low) if low == high else '{:,} to {:,}'.format(low, high)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--hosts', type=int, default=100, help='number of simulated servers (default 100)')
    parser.add_argument('--forks', type=int, default=10, help='ansible-playbook --forks (default 10)')
    parser.add_argument('--work-dir', default=os.path.join(REPO, '.build', 'bench'),
                        help='inventory, simulator state, reports and logs (emptied first)')
    parser.add_argument('--output', default=os.path.join(REPO, 'docs', 'performance.md'),
                        help='the Markdown file to write the figures to')
    parser.add_argument('--command', default=None, help='the command to name in the output (default: this one)')
    args = parser.parse_args()

    work = os.path.abspath(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    state_dir, log_dir, report_dir = (os.path.join(work, d) for d in ('state', 'logs', 'reports'))
    for d in (state_dir, log_dir, report_dir):
        os.makedirs(d)
    inventory = os.path.join(work, 'inventory.yml')
    kinds = write_inventory(inventory, args.hosts, state_dir)
    names = ['rdls%03d' % i for i in range(1, args.hosts + 1)]
    problems = []

    load_before = os.getloadavg()[0]
    print('Fleet benchmark: %d simulated license servers, forks %d' % (args.hosts, args.forks))
    run1, recap1, rc1 = run_playbook('run1-rollout', 'license_server.yml', inventory, args.forks, log_dir)
    after1 = counters(state_dir, args.hosts)
    run2, recap2, rc2 = run_playbook('run2-rollout-again', 'license_server.yml', inventory, args.forks, log_dir)
    after2 = counters(state_dir, args.hosts)
    drift_s, _recap, rc3 = run_playbook('drift-check', 'drift.yml', inventory, args.forks, log_dir,
                                        ['--check', '-e', 'drift_report_dir=' + report_dir,
                                         '-e', 'drift_fail_on_drift=true'])
    report_s, _recap, rc4 = run_playbook('cal-report', 'cal_report.yml', inventory, args.forks, log_dir,
                                         ['-e', 'cal_report_dir=' + report_dir])

    # -- checks ----------------------------------------------------------------------------------------------------
    for label, rc, recap in (('run 1', rc1, recap1), ('run 2', rc2, recap2)):
        if rc:
            problems.append('%s: ansible-playbook exited %d' % (label, rc))
        missing = sorted(set(names) - set(recap))
        if missing:
            problems.append('%s: no recap line for %s' % (label, ', '.join(missing[:5])))
        bad = sorted(h for h, (_ok, _ch, unreachable, failed) in recap.items() if unreachable or failed)
        if bad:
            problems.append('%s: failed or unreachable: %s' % (label, ', '.join(bad[:5])))
    changed1 = sum(1 for v in recap1.values() if v[1])
    changed2 = sorted(h for h, v in recap2.items() if v[1])
    if changed1 != args.hosts:
        problems.append('run 1 changed %d of %d servers' % (changed1, args.hosts))
    if changed2:
        problems.append('run 2 changed %d servers (expected none): %s' % (len(changed2), ', '.join(changed2[:5])))

    steady = delta(after2, after1)
    for host in names:
        got = steady.get(host, {})
        if sorted(got) != sorted(MODULES) or any(execs != 1 for execs, _b in got.values()):
            problems.append('run 2, %s: executions per module %s (expected 1 each of %s)'
                            % (host, {m: e for m, (e, _b) in sorted(got.items())}, ', '.join(MODULES)))

    if rc3:
        problems.append('drift.yml --check exited %d (drift or errors)' % rc3)
    try:
        with open(os.path.join(report_dir, 'drift_report.json'), encoding='utf-8') as f:
            drift = json.load(f)
        in_sync = drift['counts']['in_sync']
        if in_sync != args.hosts:
            problems.append('drift report: %d of %d servers in sync' % (in_sync, args.hosts))
    except (OSError, ValueError, KeyError) as e:
        problems.append('drift report unreadable: %s' % e)
        in_sync = None

    if rc4:
        problems.append('cal_report.yml exited %d' % rc4)
    activated_with_cals = 0
    try:
        with open(os.path.join(report_dir, 'cal_report.csv'), encoding='utf-8', newline='') as f:
            rows = list(csv.DictReader(f))
        for host in names:
            mine = [r for r in rows if r['host'] == host]
            totals = {(r['product_version'], r['cal_type']): int(r['total'] or 0) for r in mine}
            if mine and all(r['activation_status'] == 'activated' for r in mine) and totals == EXPECTED_TOTALS:
                activated_with_cals += 1
            elif len(problems) < 40:
                problems.append('CAL report, %s: %s' % (host, {'activation': sorted({r['activation_status']
                                                                                     for r in mine}),
                                                               'totals': {'%s %s' % k: v for k, v in totals.items()}}))
    except (OSError, ValueError, KeyError) as e:
        problems.append('CAL report unreadable: %s' % e)

    first = per_module(delta(after1, {}))
    second = per_module(steady)

    # -- the figures -------------------------------------------------------------------------------------------------
    by_count = sorted(kinds.items(), key=lambda kv: -kv[1])
    command = args.command or 'python tools/bench.py --hosts %d --forks %d' % (args.hosts, args.forks)
    lines = [
        '# Performance',
        '',
        'Measured figures of the rollout (`playbooks/license_server.yml`, role `remotedesktop.licensing.license_server`)',
        'on a fleet of simulated license servers (connection plugin `remotedesktop.licensing.simulator`). The',
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
        '`tools/bench.py` generates the inventory, runs the rollout twice, then `playbooks/drift.yml --check` and',
        '`playbooks/cal_report.yml`, checks the outcome (below), reads each simulated server\'s',
        '`<host>.counters.json` (remote executions and stdin payload bytes per module) and writes this page. It',
        'measures; it does not assert a time.',
        '',
        '## Set-up',
        '',
        '| | |',
        '| --- | --- |',
        '| Servers | %d (%s) |' % (args.hosts, '; '.join('%d %s' % (n, k) for k, n in by_count)),
        '| Inputs | company information (6 properties), 2 CAL packs (Select 2022 per user, Enterprise Agreement 2022 per device), restarts allowed |',
        '| Forks | %d |' % args.forks,
        '| Machine | %d CPU cores, Python %s, ansible-core %s, %s |' % (
            os.cpu_count() or 0, platform.python_version(), ansible_core_version, platform.system()),
        '| Date | %s |' % datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        "| Load average (1 min) at the start, after | %.1f, %.1f (at the start: other work; after: includes the runs' own forks) |"
        % (load_before, os.getloadavg()[0]),
        '',
        '## Wall time',
        '',
        '| Run | Wall time | Per server |',
        '| --- | --- | --- |',
    ]
    for label, seconds in (('1. rollout, everything to do', run1), ('2. rollout again, steady state', run2),
                           ('3. `drift.yml --check` (steady state)', drift_s), ('4. `cal_report.yml`', report_s)):
        lines.append('| %s | %.1f s | %.0f ms |' % (label, seconds, 1000 * seconds / args.hosts))
    lines += [
        '',
        '## Remote executions and payload',
        '',
        'Per server and module. A module run that changes nothing costs one remote execution, one that changes',
        'something two (read, then apply); the payload is the stdin that ansible-core sends for one execution (the',
        'PowerShell exec wrapper, `Ansible.Basic`, the module and its arguments).',
        '',
        '| Module | Run 1: executions per server | Run 2: executions per server | Payload bytes per execution |',
        '| --- | --- | --- | --- |',
    ]
    for module in MODULES:
        execs1, sizes1 = first.get(module, ([0], [0]))
        execs2, sizes2 = second.get(module, ([0], [0]))
        sizes = sizes1 + sizes2
        lines.append('| `remotedesktop.licensing.%s` | %s | %s | %s (mean %s) |' % (
            module, span(execs1), span(execs2), span(sizes), '{:,.0f}'.format(statistics.mean(sizes))))
    total2 = sum(sum(e for e, _b in m.values()) for m in steady.values())
    lines += [
        '',
        'Run 1 also restarts the servers whose installation asks for it (`ansible.windows.win_reboot`, answered by',
        'the simulator). In run 2, %d remote executions in all: %s per server.' % (total2, span(
            [sum(e for e, _b in steady.get(h, {}).values()) for h in names])),
        '',
        '## Reading the figures',
        '',
        '- On a real fleet, what costs is the remote executions: each one is a WinRM or PSRP round trip that carries the',
        '  payload above and starts PowerShell on the server, which the simulator does not. In the steady state the rollout',
        '  makes one per module and server, four in all, whatever the size of the fleet.',
        "- The wall times here are the controller's own work (ansible-core building each payload, the role's templating,",
        "  the simulator answering), with the forks sharing the machine's cores, and other work on the machine slows them",
        '  down (see the load average above). Compare runs made on the same machine, not absolute numbers.',
        '- The CAL report reads each server once (`win_rdlicense_info`); the drift check runs the whole role in check mode,',
        '  so it costs about as much as a steady-state rollout.',
        "- The simulator plays Ansible.Basic's host side for each execution of one of our modules: it reads the",
        "  module's argument spec from the `.ps1` in the payload with tree-sitter (about 17 ms of controller CPU per",
        '  execution, 40 ms for the first of a process) and validates the arguments (under 1 ms). A real server spends',
        '  that time compiling and running Ansible.Basic instead; the number of executions and the payload are unchanged.',
        '',
        '## Checks',
        '',
        '| Check | Result |',
        '| --- | --- |',
        '| Run 1: no failed or unreachable server | %s |' % ('yes' if not any(
            v[2] or v[3] for v in recap1.values()) and len(recap1) == args.hosts else 'NO'),
        '| Run 1: servers changed | %d of %d |' % (changed1, args.hosts),
        '| Run 2: servers changed | %d of %d |' % (len(changed2), args.hosts),
        '| Run 2: one execution per server and module | %s |' % ('yes' if not any(
            p.startswith('run 2, ') for p in problems) else 'NO'),
        '| Drift report: servers in sync | %s of %d |' % (in_sync, args.hosts),
        '| CAL report: servers activated with the declared CALs | %d of %d |' % (activated_with_cals, args.hosts),
        '',
    ]
    if problems:
        lines += ['Problems:', ''] + ['- %s' % p for p in problems] + ['']

    with open(args.output, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))
    print('\n'.join(lines[lines.index('## Wall time'):]))
    print('==> bench: %d servers, forks %d: run 1 %.1f s, run 2 %.1f s (%d changed), drift %.1f s, report %.1f s; '
          '%s; figures in %s' % (args.hosts, args.forks, run1, run2, len(changed2), drift_s, report_s,
                                 'all checks passed' if not problems else '%d problems' % len(problems),
                                 os.path.relpath(args.output, REPO)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
