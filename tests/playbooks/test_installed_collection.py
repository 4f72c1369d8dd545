# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection installed read-only, as in an execution environment, its playbooks run by FQCN.

The tarball ansible-galaxy builds is installed with ``ansible-galaxy collection install`` into a folder of its own
(with ansible.windows), then made read-only (chmod -R a-w). The playbooks run by their FQCN
(``ansible-playbook remotedesktop.licensing.deployment`` ...) from a project folder, as a user other than root
(the user ``rdlicensing-ee``, created with useradd when the tests run as root; as in an execution environment, that
user owns nothing of the collection): every report and the simulator's state must land in the project's inventory
folder, and nothing in the installed collection may change.

Then the rollout runs through ansible-runner, the engine of AWX and Automation Platform, in jobs as AWX launches
them (a project playbook importing remotedesktop.licensing.license_server, the identifiers as extra variables, a
survey's answer for the second phase of a web activation and of a deactivation by telephone): every job must
succeed, and no form of any secret (agreement and license numbers, a retail license code, a license key pack ID, a
confirmation code) may be in any job event, in the job's stdout or anywhere in its artifacts.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile

import pytest
import yaml

from galaxy_build import build_tarball, install
from test_license_server import COMPANY, RETAIL_CODE
from playbook_runner import (REPO, SIMULATOR, ansible_command, assert_hidden, confirmation_code, environment, grouped,
                             key_pack_id, license_server_id)

USER = 'rdlicensing-ee'
# The retail code (10 per-device 2022 CALs) and the company information of the rollout's tests; numbers of our own.
AGREEMENT, OPEN_NUMBER, OPEN_AUTHORIZATION = '5772156', '14142135', 'POIUY-13579-MNBVC'
PACKS = [
    {'name': 'select-2022-user', 'program': 'select', 'agreement_number': '{{ vault_select_agreement }}',
     'product_version': '2022', 'cal_type': 'per_user', 'quantity': 30},
    {'name': 'retail-2022-device', 'program': 'retail', 'license_code': '{{ vault_retail_code }}'},
    {'name': 'open-2019-device', 'program': 'open_license', 'license_number': '{{ vault_open_number }}',
     'authorization_number': '{{ vault_open_authorization }}', 'product_version': '2019', 'cal_type': 'per_device',
     'quantity': 8},
]
VAULT = {'vault_select_agreement': AGREEMENT, 'vault_retail_code': RETAIL_CODE, 'vault_open_number': OPEN_NUMBER,
         'vault_open_authorization': OPEN_AUTHORIZATION}
REPORTS = ('drift_report.json', 'drift_report.md', 'cal_report.html', 'cal_report.csv', 'licensing_health.json',
           'licensing_health.html')


def snapshot(root):
    """{relative path: (mode, size, mtime)} of everything below root."""
    found = {}
    for path, dirs, files in os.walk(root):
        for name in dirs + files:
            full = os.path.join(path, name)
            st = os.lstat(full)
            found[os.path.relpath(full, root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return found


def make_writable(root):
    for path, dirs, files in os.walk(root):
        os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)


def other_user():
    """(uid, gid, how) of the user the playbooks run as: this process's own when it is not root; as root, the user
    rdlicensing-ee (created with useradd when missing); None when root cannot switch to another user."""
    if os.geteuid() != 0:
        return os.getuid(), os.getgid(), 'as the user running the tests (not root)'
    if shutil.which('setpriv') is None:
        return None
    try:
        entry = pwd.getpwnam(USER)
    except KeyError:
        if shutil.which('useradd') is None:
            return None
        subprocess.run(['useradd', '--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER],
                       check=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        entry = pwd.getpwnam(USER)
    return entry.pw_uid, entry.pw_gid, 'as the user %s (uid %d), not root' % (USER, entry.pw_uid)


def pins(*names):
    """The pins of requirements-dev.txt for these packages."""
    with open(os.path.join(REPO, 'requirements-dev.txt'), encoding='utf-8') as f:
        lines = [line.split('#')[0].strip() for line in f]
    return [line for line in lines if line.split('==')[0] in names]


def python_bin_for(uid, gid):
    """The bin folder of a Python with ansible-core that the user can run: the one of the tests when it can, else a
    venv in .build/ee-venv made from the system's python3 (as an execution environment's image has its own), with
    the pins of requirements-dev.txt (ansible-core, and tree-sitter for the simulator)."""
    mine = os.path.dirname(sys.executable)
    probe = ['setpriv', '--reuid=%d' % uid, '--regid=%d' % gid, '--clear-groups', '--', '/bin/sh', '-c']
    if os.geteuid() != 0 or subprocess.run(probe + ['"$0" -V', sys.executable], stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT, check=False).returncode == 0:
        return mine
    venv = os.path.join(REPO, '.build', 'ee-venv')
    wanted = pins('ansible-core', 'tree-sitter', 'tree-sitter-powershell')
    stamp = os.path.join(venv, '.installed')
    if not os.path.isfile(stamp) or open(stamp, encoding='utf-8').read() != '\n'.join(wanted):
        system = shutil.which('python3', path='/usr/bin:/usr/local/bin:/bin')
        if system is None:
            pytest.skip('the Python of the tests is not readable by another user, and there is no system python3')
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([system, '-m', 'venv', venv], check=True)
        proc = subprocess.run([os.path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '--quiet'] + wanted,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
        assert proc.returncode == 0, proc.stdout[-3000:]
        with open(stamp, 'w', encoding='utf-8') as f:
            f.write('\n'.join(wanted))
    assert subprocess.run(probe + ['"$0" -V', os.path.join(venv, 'bin', 'python')], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False).returncode == 0, 'the user cannot run ' + venv
    return os.path.join(venv, 'bin')


@pytest.fixture(scope='module')
def installed():
    """The read-only installed collections folder: (its path, the snapshot of its files)."""
    root = tempfile.mkdtemp(prefix='rdlicensing-installed-')
    os.chmod(root, 0o755)
    build = os.path.join(root, 'build')
    os.mkdir(build)
    tarball = build_tarball(build)
    collections = os.path.join(root, 'collections')
    install(tarball, collections)
    for path, dirs, files in os.walk(collections):
        for name in dirs + files:
            full = os.path.join(path, name)
            mode = os.lstat(full).st_mode
            os.chmod(full, (mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH) & ~0o222
                     | (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH if stat.S_ISDIR(mode) else 0))
    os.chmod(collections, 0o555)
    yield collections, snapshot(collections)
    make_writable(root)
    shutil.rmtree(root)


def write_project(project, with_session_hosts=True):
    """A project folder: inventory.yml (simulated hosts, no state folder given: the default is under test),
    group_vars with the inputs, vault-like variables in group_vars/all/vault.yml."""
    os.makedirs(os.path.join(project, 'group_vars', 'all'))
    inventory = {'license_servers': {'hosts': {
        'lic01': {'rdlicensing_sim_profile': {'os': '2022'}},
        'offline': {'rdlicensing_sim_profile': {'os': '2022'}, 'rdlicensing_sim_faults': ['clearinghouse_unreachable'],
                    'license_server_activation_method': 'web', 'license_server_cal_packs': []},
        'old': {'rdlicensing_sim_profile': {'os': '2022', 'activated': True},
                'license_server_activation_state': 'deactivated', 'license_server_activation_method': 'telephone'}},
        'vars': {'license_server_company_information': COMPANY, 'license_server_cal_packs': PACKS}}}
    if with_session_hosts:
        inventory['session_hosts'] = {
            'hosts': {'rdsh01': {'rdlicensing_sim_profile': {'os': '2022', 'domain': 'corp.example',
                                                             'session_host': True}}},
            'vars': {'session_host_licensing_mode': 'per_user', 'session_host_license_servers': ['lic01']}}
    inventory = {'all': {'vars': {'ansible_connection': SIMULATOR}, 'children': inventory}}
    with open(os.path.join(project, 'inventory.yml'), 'w', encoding='utf-8') as f:
        yaml.safe_dump(inventory, f, sort_keys=False)
    with open(os.path.join(project, 'group_vars', 'all', 'vault.yml'), 'w', encoding='utf-8') as f:
        yaml.safe_dump(VAULT, f)


def test_playbooks_by_fqcn_from_a_read_only_install_as_another_user(installed):
    collections, before = installed
    user = other_user()
    if user is None:
        pytest.skip('root cannot switch to another user here (no setpriv or useradd): the read-only part is also '
                    'covered as root by the snapshot of the installed files in test_rollout_through_ansible_runner')
    uid, gid, how = user
    root = tempfile.mkdtemp(prefix='rdlicensing-project-')
    try:
        os.chmod(root, 0o755)
        project, home = os.path.join(root, 'project'), os.path.join(root, 'home')
        os.mkdir(home)
        write_project(project)
        for path in (root, project, home):
            for folder, dirs, files in os.walk(path):
                for name in [folder] + [os.path.join(folder, f) for f in files]:
                    os.chown(name, uid, gid)
        env = environment(ANSIBLE_COLLECTIONS_PATH=collections, HOME=home, ANSIBLE_LOCALHOST_WARNING='false',
                          ANSIBLE_HOME=os.path.join(home, '.ansible'),
                          ANSIBLE_REMOTE_TMP=os.path.join(home, '.ansible', 'tmp'))
        env.pop('RDLICENSING_SIM_STATE_DIR', None)
        bin_dir = python_bin_for(uid, gid)
        env['PATH'] = bin_dir + os.pathsep + env.get('PATH', '')
        prefix = ['setpriv', '--reuid=%d' % uid, '--regid=%d' % gid, '--clear-groups', '--'] if os.geteuid() == 0 else []
        runs = [('deployment',), ('drift', '--check', '--diff'), ('cal_report',), ('licensing_health',),
                ('license_server', '--limit', 'lic01')]
        for playbook, *args in runs:
            cmd = prefix + [os.path.join(bin_dir, 'ansible-playbook'), '-i', 'inventory.yml', 'remotedesktop.licensing.' + playbook] + args
            proc = subprocess.run(cmd, cwd=project, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=900, check=False)
            assert proc.returncode == 0, '%s %s:\n%s' % (playbook, how, '\n'.join(proc.stdout.splitlines()[-40:]))
            assert 'Permission denied' not in proc.stdout, proc.stdout[-3000:]
            assert_hidden(VAULT.values(), {'the output of %s' % playbook: proc.stdout})
        for name in REPORTS:
            path = os.path.join(project, 'reports', name)
            assert os.path.isfile(path), '%s is not in the project\'s reports/ (%s)' % (name, how)
            assert os.stat(path).st_uid == uid
        state = sorted(os.listdir(os.path.join(project, '.rdlicensing-sim')))
        assert {'lic01.json', 'offline.json', 'old.json', 'rdsh01.json'} <= set(state), state
        assert snapshot(collections) == before, 'the installed collection changed'
    finally:
        make_writable(root)
        shutil.rmtree(root)


def job(runner_dir, collections, ident, extravars=None, limit=None):
    """One job of the rollout through ansible-runner, as AWX launches it; returns (runner, all the text it left)."""
    import ansible_runner  # noqa: E402  (only this test needs it)

    env = environment(ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_LOCALHOST_WARNING='false')
    env['PATH'] = os.path.dirname(ansible_command()) + os.pathsep + env.get('PATH', '')
    env.pop('RDLICENSING_SIM_STATE_DIR', None)
    shutil.rmtree(os.path.join(runner_dir, 'env'), ignore_errors=True)  # a fresh job: no extra vars of the last one
    runner = ansible_runner.run(private_data_dir=runner_dir, playbook='rollout.yml',
                                inventory=os.path.join(runner_dir, 'project', 'inventory.yml'), ident=ident,
                                extravars=extravars or {}, limit=limit, envvars=env, quiet=True,
                                cmdline='--diff', settings={'suppress_ansible_output': True})
    events = list(runner.events)
    texts = {'%s event %d (%s)' % (ident, i, e.get('event')): json.dumps(e) for i, e in enumerate(events)}
    texts['%s stdout' % ident] = runner.stdout.read()
    artifacts = os.path.join(runner_dir, 'artifacts', ident)
    for folder, dirs, files in os.walk(artifacts):
        for name in files:
            with open(os.path.join(folder, name), encoding='utf-8', errors='replace') as f:
                texts['%s artifact %s' % (ident, os.path.relpath(os.path.join(folder, name), artifacts))] = f.read()
    return runner, events, texts


def test_rollout_through_ansible_runner_no_secret_in_any_job_event(installed, tmp_path):
    collections, before = installed
    runner_dir = str(tmp_path / 'runner')
    project = os.path.join(runner_dir, 'project')
    write_project(project, with_session_hosts=False)
    with open(os.path.join(project, 'rollout.yml'), 'w', encoding='utf-8') as f:
        f.write('---\n- name: RD licensing - rollout\n  ansible.builtin.import_playbook: remotedesktop.licensing.license_server\n')

    texts, secrets = {}, list(VAULT.values())
    runner, events, found = job(runner_dir, collections, 'rollout')
    texts.update(found)
    all_events = list(events)
    assert runner.status == 'successful' and runner.rc == 0, found['rollout stdout'][-3000:]
    with open(os.path.join(project, '.rdlicensing-sim', 'offline.json'), encoding='utf-8') as f:
        server_id = license_server_id(json.load(f)['license_server']['product_id'])
    with open(os.path.join(project, '.rdlicensing-sim', 'old.json'), encoding='utf-8') as f:
        code = confirmation_code(json.load(f)['license_server']['license_server_id'])
    key_pack = key_pack_id(server_id, '7100012')
    secrets += [key_pack, code]
    os.makedirs(os.path.join(project, 'host_vars'))
    with open(os.path.join(project, 'host_vars', 'offline.yml'), 'w', encoding='utf-8') as f:
        yaml.safe_dump({'license_server_cal_packs': [{'name': 'offline-keypack', 'program': 'license_key_pack_id',
                                                      'license_key_pack_id': grouped(key_pack).lower()}]}, f)

    # The surveys' answers: the license server ID (text) and the confirmation code (a password question).
    for ident, extravars, limit in (('phase2-web', {'license_server_id': server_id}, 'offline'),
                                    ('phase2-telephone', {'license_server_confirmation_code': code.lower()}, 'old'),
                                    ('rerun', {}, None)):
        runner, events, found = job(runner_dir, collections, ident, extravars, limit)
        texts.update({k: v for k, v in found.items() if ' artifact env/' not in k})
        all_events += events
        assert runner.status == 'successful' and runner.rc == 0, found['%s stdout' % ident][-3000:]
    stats = [e for e in events if e.get('event') == 'playbook_on_stats'][-1]['event_data']
    assert not stats.get('failures') and not stats.get('changed'), stats  # the rerun: every server as declared

    assert 'offline: wrote the company information' in texts['phase2-web stdout']
    assert 'activated it by web browser, installed 1 CAL pack' in texts['phase2-web stdout']
    assert 'deactivated it. Now: not activated' in texts['phase2-telephone stdout']
    assert_hidden(secrets, texts, what='a secret')
    # What docs/awx.md says AWX keeps of the company information (personal data): the converge task's result and
    # diff events hold it, no other task's event does.
    holding = {e['event_data'].get('task') for e in all_events if COMPANY['last_name'] in json.dumps(e)}
    assert holding == {'Converge the license server (role, activation, CAL packs; a restart when needed and allowed)'}
    assert snapshot(collections) == before, 'the installed collection changed'
