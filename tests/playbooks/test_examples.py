# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The example inventories for real hosts (inventories/examples/) and the execution environment definition
(execution-environment.yml): they parse, say what the docs say, hold no secret, and ship with the collection (the
tarball ansible-galaxy builds holds them, and none of the development files)."""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import tarfile

import pytest
import yaml

from playbook_runner import REPO, ansible_command, collection_dir, environment

EXAMPLES = sorted(glob.glob(os.path.join(REPO, 'inventories', 'examples', '*.yml')))

# Per example: the connection and the variables that make it what its name says.
EXPECTED = {
    'winrm-https-ntlm.yml': {'ansible_connection': 'winrm', 'ansible_winrm_transport': 'ntlm',
                             'ansible_winrm_scheme': 'https', 'ansible_port': 5986},
    'winrm-https-kerberos.yml': {'ansible_connection': 'winrm', 'ansible_winrm_transport': 'kerberos',
                                 'ansible_winrm_scheme': 'https', 'ansible_port': 5986},
    'winrm-https-credssp.yml': {'ansible_connection': 'winrm', 'ansible_winrm_transport': 'credssp',
                                'ansible_winrm_scheme': 'https', 'ansible_port': 5986},
    'psrp-https.yml': {'ansible_connection': 'psrp', 'ansible_psrp_protocol': 'https', 'ansible_port': 5986},
    'ssh.yml': {'ansible_connection': 'ssh', 'ansible_shell_type': 'powershell'},
}


def test_every_example_is_expected():
    assert sorted(os.path.basename(p) for p in EXAMPLES) == sorted(EXPECTED)


@pytest.mark.parametrize('path', EXAMPLES, ids=os.path.basename)
def test_example_inventory(path):
    proc = subprocess.run([ansible_command('ansible-inventory'), '-i', path, '--list', '--export'], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert '[WARNING]' not in proc.stderr, proc.stderr
    data = json.loads(proc.stdout)
    hosts = data['license_servers']['hosts']
    assert hosts and all(h.endswith('.example.com') for h in hosts), hosts
    group_vars = data['license_servers']['vars']
    for key, value in EXPECTED[os.path.basename(path)].items():
        assert group_vars.get(key) == value, (key, group_vars.get(key))
    # Certificates are validated; no password is written down (a vault variable, or none at all with SSH keys).
    assert group_vars.get('ansible_winrm_server_cert_validation', 'validate') == 'validate'
    assert group_vars.get('ansible_psrp_cert_validation', 'validate') == 'validate'
    password = group_vars.get('ansible_password')
    if group_vars['ansible_connection'] == 'ssh':
        assert password is None and group_vars.get('ansible_ssh_private_key_file')
    else:
        assert re.fullmatch(r'\{\{ vault_\w+ \}\}', password or ''), password


def load(path):
    with open(os.path.join(REPO, path), encoding='utf-8') as f:
        return yaml.safe_load(f)


def test_execution_environment_definition():
    ee = load('execution-environment.yml')
    assert ee['version'] == 3
    deps = ee['dependencies']
    assert deps['ansible_core']['package_pip'].startswith('ansible-core>=2.19')
    assert 'ansible_runner' in deps and deps['python_interpreter']['python_path'].startswith('/usr/bin/python3.1')
    for key in ('galaxy', 'python', 'system'):
        assert os.path.isfile(os.path.join(REPO, deps[key])), '%s: %s is missing' % (key, deps[key])

    # ansible.windows in the range galaxy.yml declares.
    galaxy = load('galaxy.yml')
    collections = {c['name']: c.get('version') for c in load(deps['galaxy'])['collections']}
    assert collections == {'ansible.windows': galaxy['dependencies']['ansible.windows']}

    with open(os.path.join(REPO, deps['python']), encoding='utf-8') as f:
        python = [line.split('#')[0].strip() for line in f if line.split('#')[0].strip()]
    assert any(re.match(r'pywinrm\[[^]]*kerberos[^]]*credssp[^]]*\]', p) for p in python), python
    assert any(re.match(r'pypsrp\[[^]]*kerberos[^]]*credssp[^]]*\]', p) for p in python), python

    # The collection itself: the tarball of `make build`, installed in the galaxy stage, and the script that stops
    # the build at once without it (tests/playbooks/test_galaxy_ee.py runs it).
    tarball, check = ee['additional_build_files']
    assert tarball['src'].startswith('.build/dist/remotedesktop-licensing-') and tarball['dest'] == 'collection'
    assert check == {'src': 'execution-environment/check_collection.sh', 'dest': 'collection'}
    steps = ' '.join(ee['additional_build_steps']['append_galaxy'])
    assert 'ansible-galaxy collection install' in steps and '/build/collection/remotedesktop-licensing-' in steps


# What the collection tarball must hold (every file of these folders, and these files), and must not.
SHIPPED_FOLDERS = ('execution-environment', 'inventories/examples', 'roles', 'playbooks', 'docs', 'plugins', 'meta')
SHIPPED_FILES = ('MANIFEST.json', 'FILES.json', 'README.md', 'LICENSE', 'meta/execution-environment.yml', 'execution-environment.yml',
                 'roles/license_server/tasks/main.yml', 'roles/license_server/meta/argument_specs.yml',
                 'playbooks/license_server.yml', 'playbooks/drift.yml', 'playbooks/cal_report.yml',
                 'playbooks/templates/cal_report.html.j2', 'docs/awx.md', 'docs/performance.md',
                 'roles/session_host/tasks/main.yml', 'roles/session_host/meta/argument_specs.yml',
                 'playbooks/deployment.yml', 'playbooks/licensing_health.yml',
                 'playbooks/templates/licensing_health.html.j2', 'docs/session-hosts.md')
UNSHIPPED_TOP = ('tests', 'tools', 'extensions', '.build', '.venv', '.ci', '.git', 'collections', 'Makefile',
                 'requirements-dev.txt')


def files_under(root, folder):
    """Paths (relative to root, '/'-separated) of the files below root/folder, without Python caches."""
    found = []
    for path, dirs, files in os.walk(os.path.join(root, folder)):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        found += [os.path.relpath(os.path.join(path, f), root).replace(os.sep, '/') for f in files
                  if not f.endswith('.pyc')]
    return found


def test_the_collection_tarball_ships_what_users_need_and_no_development_files(tmp_path):
    """ansible-galaxy collection build of the copy `make reports` tests (.build/collections: the files git knows
    about), else of the repository; then the tarball's members."""
    source = collection_dir() or REPO
    for top in ('tests', 'tools', 'extensions', 'Makefile'):
        assert os.path.exists(os.path.join(source, top)), '%s is not in %s: nothing to leave out' % (top, source)
    proc = subprocess.run([ansible_command('ansible-galaxy'), 'collection', 'build', '--output-path', str(tmp_path),
                           source], env=environment(), cwd=str(tmp_path), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout
    (tarball,) = glob.glob(str(tmp_path / 'remotedesktop-licensing-*.tar.gz'))
    with tarfile.open(tarball) as tar:
        members = {m.name[2:] if m.name.startswith('./') else m.name for m in tar.getmembers() if m.isfile()}

    needed = set(SHIPPED_FILES) | {os.path.relpath(p, REPO) for p in EXAMPLES}
    ee = load('execution-environment.yml')
    needed |= {ee['dependencies'][key] for key in ('galaxy', 'python', 'system')}
    for folder in SHIPPED_FOLDERS:
        files = files_under(source, folder)
        assert files, '%s has no files in %s' % (folder, source)
        needed |= set(files)
    missing = sorted(needed - members)
    assert not missing, 'not in the collection tarball: %s' % ', '.join(missing)

    unwanted = sorted(m for m in members if m.split('/')[0] in UNSHIPPED_TOP)
    assert not unwanted, 'in the collection tarball but must not ship: %s' % ', '.join(unwanted[:20])
