# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles' summary facts (license_server_summary, session_host_summary) and the data of the reports (the facts
drift_report, cal_report and licensing_health, and the JSON files of playbooks/drift.yml and
playbooks/licensing_health.yml) have the same types on every supported ansible-core release.

ansible-core before 2.19 renders templates as text unless they look like a list or a dictionary: a variable
"{{ 30 }}" arrives as the string '30', "{{ none }}" as ''. The collection's Python (the lookup role_inputs, the
modules' summaries, the report filters) must hand on the same types whatever the release.

Two simulated deployments run the same playbooks (the deployment in check mode, then for real, the drift check, the
CAL report, the health check): one with the role inputs as plain YAML values, the other with the same values as
Jinja templates. Checked on the release the tests run with (`make reports`: the newest; `make matrix`: each older
one):

- every value has the type tests/playbooks/types.json records for its path (list items share a path, `[]`); the
  file is the collection's contract, the same on every release; `pytest tests/playbooks/test_types.py
  --update-types` rewrites it from a run (then review its diff);
- the templated deployment gives exactly the types of the plain one;
- ansible-core prints no warning of its own (a collection that does not support the release, a deprecation).
"""

from __future__ import annotations

import json
import os

import pytest

from deployment_lab import SummaryRun, write_inventory
from playbook_runner import REPO

TYPES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'types.json')
PLAYBOOKS = os.path.join(REPO, 'playbooks')

COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom',
           'postal_code': 12345}
PACKS = [{'name': 'hq-2022-user', 'program': 'select', 'agreement_number': 3141592, 'product_version': 2022,
          'cal_type': 'per_user', 'quantity': 30}]
LICENSE_SERVERS = {'lic01': {'rdlicensing_sim_profile': {'os': '2022'}},
                   # Server Core asks for a restart: it stops there (stopped is a string), unless allowed.
                   'lic02': {'rdlicensing_sim_profile': {'os': '2022', 'server_core': True},
                             'rdlicensing_sim_faults': ['reboot_required']}}
SESSION_HOSTS = {'rdsh01': {'rdlicensing_sim_profile': {'os': '2022', 'domain': 'corp.example', 'session_host': True}}}
# The role inputs, as plain YAML values.
PLAIN_LICENSE_SERVER_VARS = {
    'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS,
    'license_server_reboot_timeout': 900, 'license_server_allow_reboot': False, 'license_server_source': None,
    'license_server_id': None, 'license_server_report_undeclared_packs': True,
}
PLAIN_SESSION_HOST_VARS = {'session_host_licensing_mode': 'per_user', 'session_host_connection_broker': None}


DECLARED = """
- name: The inputs of the roles, as the lookup role_inputs gives them
  hosts: license_servers:session_hosts
  gather_facts: false
  tasks:
    - name: Keep them
      ansible.builtin.set_fact:
        declared: "{{ lookup('remotedesktop.licensing.role_inputs', 'license_server' if 'license_servers' in group_names
                      else 'session_host') }}"
"""


def templated(value):
    """The same value as a Jinja template of its own ("{{ 900 }}", "{{ none }}"); in dictionaries and lists, each
    leaf is one."""
    if isinstance(value, dict):
        return {key: templated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [templated(item) for item in value]
    return '{{ %s }}' % ('none' if value is None else json.dumps(value))


def signature(value, path='$', found=None):
    """{path: type name} of a JSON value; list items share one path (`[]`), their types joined by |."""
    found = {} if found is None else found
    name = {dict: 'dict', list: 'list', str: 'str', bool: 'bool', int: 'int', float: 'float',
            type(None): 'null'}[type(value)]
    found[path] = '|'.join(sorted(set(found[path].split('|')) | {name})) if path in found else name
    if isinstance(value, dict):
        for key, item in value.items():
            signature(item, '%s.%s' % (path, key), found)
    elif isinstance(value, list):
        for item in value:
            signature(item, path + '[]', found)
    return found


def assert_no_warning_but_the_modules(proc, tail):
    """ansible-core warns of nothing: no collection that does not support this release, no deprecation. The modules'
    own warnings about a host (which start with the module's name) are what the scenario makes them say."""
    lines = [line for line in proc.stdout.splitlines() if 'WARNING]' in line]
    foreign = [line for line in lines if not line.startswith('[WARNING]: win_rdlicense_')]
    assert not foreign, '\n'.join(foreign) + '\n' + tail(proc)


def read_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def outputs(lab, tail):
    """{name: data} of one deployment's runs: the summaries of the check-mode and the real deployment, the facts and
    the JSON files of the reports. Each run must succeed but the restart-bound lic02's."""
    found = {}
    deployment = SummaryRun(lab, os.path.join(PLAYBOOKS, 'deployment.yml'), ['license_servers', 'session_hosts'],
                            ['session_host_summary', 'license_server_summary'])
    for name, args in (('deployment --check', ('--check', '--diff')), ('deployment', ())):
        proc, summaries = deployment.run(*args)
        assert proc.returncode == 0, tail(proc)
        assert_no_warning_but_the_modules(proc, tail)
        if not args:
            assert summaries['lic02']['stopped'] == 'reboot_required', tail(proc)
        found[name] = summaries
    # The lookup the roles hand their inputs with, as a play would use it for a report of what it declares.
    declared = lab.write('declared.yml', DECLARED)
    proc, facts_by_host = SummaryRun(lab, declared, ['license_servers', 'session_hosts'], ['declared']).run()
    assert proc.returncode == 0, tail(proc)
    found['role_inputs'] = facts_by_host
    runs = (
        ('drift', 'drift.yml', ['license_servers', 'session_hosts'], ['drift_report'],
         ('--check', '-e', 'drift_report_dir=' + lab.report_dir), 'drift_report.json'),
        ('cal_report', 'cal_report.yml', ['license_servers'], ['cal_report'],
         ('-e', 'cal_report_dir=' + lab.report_dir), None),
        ('licensing_health', 'licensing_health.yml', ['license_servers', 'session_hosts'], ['licensing_health'],
         ('-e', 'licensing_health_dir=' + lab.report_dir), 'licensing_health.json'),
    )
    for name, playbook, groups, facts, args, json_file in runs:
        proc, facts_by_host = SummaryRun(lab, os.path.join(PLAYBOOKS, playbook), groups, facts).run(*args)
        assert proc.returncode == 0, tail(proc)
        assert_no_warning_but_the_modules(proc, tail)
        # The report's fact is set once for all hosts: the same on each.
        reports = [report for report in facts_by_host.values() if report is not None]
        assert reports and all(report == reports[0] for report in reports), tail(proc)
        found[name + ' fact'] = reports[0]
        if json_file:
            found[json_file] = read_json(os.path.join(lab.report_dir, json_file))
    return found


@pytest.fixture(scope='module')
def runs(new_lab, tail):
    """{'plain': outputs, 'templated': outputs} of the two deployments."""
    found = {}
    for kind, transform in (('plain', lambda value: value), ('templated', templated)):
        lab = write_inventory(new_lab('types-' + kind), LICENSE_SERVERS, SESSION_HOSTS,
                              transform(PLAIN_LICENSE_SERVER_VARS), transform(PLAIN_SESSION_HOST_VARS))
        found[kind] = outputs(lab, tail)
    return found


def signatures(outputs_by_name):
    """{name: {path: type}}; the summaries (and inputs) of the hosts of a kind (license server, session host) share
    paths."""
    found = {}
    for name, data in outputs_by_name.items():
        if name.startswith('deployment') or name == 'role_inputs':
            for host, summary in sorted(data.items()):
                kind = 'license_server' if host.startswith('lic') else 'session_host'
                kind += ' inputs' if name == 'role_inputs' else '_summary'
                signature(summary, '$', found.setdefault('%s: %s' % (name, kind), {}))
        else:
            found[name] = signature(data)
    return found


def differences(expected, got):
    lines = []
    for name in sorted(set(expected) | set(got)):
        want, have = expected.get(name, {}), got.get(name, {})
        for path in sorted(set(want) | set(have)):
            if want.get(path) != have.get(path):
                lines.append('%s %s: expected %s, got %s' % (
                    name, path, want.get(path, '(absent)'), have.get(path, '(absent)')))
    return lines


def test_the_types_are_those_of_the_contract(runs, request):
    got = signatures(runs['plain'])
    if request.config.getoption('--update-types'):
        with open(TYPES_FILE, 'w', encoding='utf-8') as f:
            json.dump(got, f, indent=1, sort_keys=True)
            f.write('\n')
        pytest.skip('rewrote %s: review its diff' % TYPES_FILE)
    expected = read_json(TYPES_FILE)
    assert not differences(expected, got), '\n'.join(differences(expected, got))


def test_templated_inputs_give_the_types_of_plain_ones(runs):
    plain, templated_run = signatures(runs['plain']), signatures(runs['templated'])
    assert not differences(plain, templated_run), '\n'.join(differences(plain, templated_run))
    # And the same values: the templates render what the plain values are.
    summaries = runs['templated']['deployment']
    assert summaries['lic01']['packs']['outcomes'][0]['quantity'] == 30
    assert summaries['rdsh01']['declared']['connection_broker'] is None
    declared = runs['templated']['role_inputs']
    assert declared['lic01']['license_server_cal_packs'][0]['quantity'] == 30
    assert declared['lic01']['license_server_reboot_timeout'] == 900 and declared['lic01']['license_server_id'] is None
    assert declared['rdsh01']['session_host_connection_broker'] is None
