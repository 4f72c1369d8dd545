# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Galaxy, Automation Hub and ansible-builder see of the collection: the README as Galaxy shows it, the
LICENSE, the docsite's links and extra docs, the tarball named as the build names it, the execution environment
dependencies of meta/execution-environment.yml (what ansible-builder reads from an installed collection), and the
execution environment definition stopping at once without the tarball it needs.

galaxy-importer itself and antsibull-docs run in `make importer` and `make docs-lint`."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys

import yaml

from galaxy_build import build_tarball, install
from playbook_runner import REPO

GALAXY = yaml.safe_load(open(os.path.join(REPO, 'galaxy.yml'), encoding='utf-8'))
REPOSITORY = GALAXY['repository']
LINK = re.compile(r'(?<!!)\[([^\]]+)\]\(([^)\s]+)\)')


def read(path):
    with open(os.path.join(REPO, path), encoding='utf-8') as f:
        return f.read()


def bin_command(name):
    return os.path.join(os.path.dirname(sys.executable), name)


def test_readme_reads_well_on_galaxy():
    readme = read('README.md')
    sections = re.split(r'^## ', readme, flags=re.M)
    intro = sections[0]
    assert 'Remote Desktop license server' in intro and '```' not in intro, 'the README must open with what it does'
    first_commands = re.search(r'```bash\n(.*?)```', readme, re.S).group(1)
    assert 'ansible-galaxy collection install remotedesktop.licensing' in first_commands, first_commands
    assert 'make ' not in first_commands
    assert 'ansible-playbook -i inventory.yml remotedesktop.licensing.license_server' in readme
    contributing = [s for s in sections if s.startswith('Contributing')]
    assert contributing and 'make demo' in contributing[0] and 'make test' in contributing[0]
    elsewhere = ''.join(s for s in sections if not s.startswith('Contributing'))
    assert 'make demo' not in elsewhere and 'make test' not in elsewhere, 'make is for contributors only'
    links = LINK.findall(readme)
    assert links
    relative = [target for dummy, target in links if not target.startswith(('https://', 'http://', '#'))]
    assert relative == [], 'relative links break on Galaxy: %s' % relative
    ours = [target for dummy, target in links if target.startswith(REPOSITORY + '/')]
    for target in ours:
        path = re.sub(r'^%s/(blob|tree)/main/' % re.escape(REPOSITORY), '', target).split('#')[0]
        assert os.path.exists(os.path.join(REPO, path)), 'the README links to %s, which is not in the repository' % target


def test_license_is_the_gpl_3_text_galaxy_yml_declares():
    text = read('LICENSE')
    assert GALAXY['license'] == ['GPL-3.0-or-later']
    assert text.split('\n')[0].strip() == 'GNU GENERAL PUBLIC LICENSE' and 'Version 3, 29 June 2007' in text[:200]
    assert 'END OF TERMS AND CONDITIONS' in text and 'LICENSE' not in GALAXY.get('build_ignore', [])


def test_every_guide_is_in_the_docsite():
    links = yaml.safe_load(read('docs/docsite/links.yml'))
    assert 'https://github.com/' + links['edit_on_github']['repository'] == REPOSITORY
    assert all(link['url'].startswith(REPOSITORY + '/') for link in links['extra_links'])
    extra = yaml.safe_load(read('docs/docsite/extra-docs.yml'))
    refs = [entry['ref'] if isinstance(entry, dict) else entry for section in extra['sections']
            for entry in section['toctree']]
    pages = ''
    for ref in refs:
        pages += read('docs/docsite/rst/%s.rst' % ref)
    guides = sorted(os.path.basename(p) for p in glob.glob(os.path.join(REPO, 'docs', '*.md')))
    missing = [g for g in guides if '<%s/blob/main/docs/%s>`_' % (REPOSITORY, g) not in pages]
    assert missing == [], 'guides not linked from the docsite (docs/docsite/rst): %s' % missing
    for link in links['extra_links']:
        path = link['url'][len(REPOSITORY + '/blob/main/'):]
        assert os.path.isfile(os.path.join(REPO, path)), link


def test_the_docs_name_the_tarball_the_build_makes():
    named = {}
    for path in ['README.md'] + sorted(glob.glob(os.path.join(REPO, 'docs', '*.md'))):
        for name in re.findall(r'[\w.<>*-]+\.tar\.gz', read(path)):
            named.setdefault(name, []).append(os.path.relpath(path, REPO))
    wrong = {name: where for name, where in named.items() if not name.startswith('remotedesktop-licensing-')}
    assert named and not wrong, 'the build writes remotedesktop-licensing-<version>.tar.gz: %s' % wrong


def test_an_installed_collection_brings_its_ee_dependencies(tmp_path):
    """ansible-builder introspect, as in the builder stage of any execution environment holding the collection."""
    tarball = build_tarball(tmp_path)
    install(tarball, tmp_path / 'collections')
    proc = subprocess.run([bin_command('ansible-builder'), 'introspect', '--sanitize', str(tmp_path / 'collections')],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout
    data = yaml.safe_load(proc.stdout)
    ours = ' # from collection remotedesktop.licensing'

    def requirements(kind):
        return [re.sub(r'\s+', ' ', r.split('#')[0]).strip() for r in data.get(kind) or [] if ours.strip() in r]
    python = requirements('python')
    assert any(re.fullmatch(r'pywinrm\[kerberos,credssp\]>=[\d.]+', r) for r in python), python
    assert any(re.fullmatch(r'pypsrp\[kerberos,credssp\]>=[\d.]+', r) for r in python), python
    system = requirements('system')
    for package in ('krb5-workstation [platform:rpm]', 'krb5-libs [platform:rpm]', 'krb5-devel [platform:rpm compile]',
                    'krb5-user [platform:dpkg]', 'libkrb5-dev [platform:dpkg compile]'):
        assert package in system, (package, system)


def builder_context(root):
    """ansible-builder create of a copy of execution-environment.yml and the files it names, in root; returns
    (the process, the Containerfile's text, the context folder)."""
    os.makedirs(str(root), exist_ok=True)
    for path in ('execution-environment.yml', 'execution-environment', 'meta'):
        source = os.path.join(REPO, path)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(str(root), path))
    context = os.path.join(str(root), 'context')
    proc = subprocess.run([bin_command('ansible-builder'), 'create', '--file', os.path.join(str(root), 'execution-environment.yml'),
                           '--context', context], cwd=str(root), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    containerfile = ''
    for name in ('Containerfile', 'Dockerfile'):
        if os.path.isfile(os.path.join(context, name)):
            with open(os.path.join(context, name), encoding='utf-8') as f:
                containerfile = f.read()
    return proc, containerfile, context


def first_run_step(containerfile):
    return next(line for line in containerfile.splitlines() if line.startswith('RUN '))


def run_check(context):
    """The build's first step, check_collection.sh, on the folder the context copies into the image."""
    return subprocess.run(['sh', os.path.join(context, '_build', 'collection', 'check_collection.sh')],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=60, check=False)


def test_the_ee_build_stops_at_once_without_the_tarball(tmp_path):
    proc, containerfile, context = builder_context(tmp_path / 'without')
    assert proc.returncode == 0, proc.stdout
    assert first_run_step(containerfile) == 'RUN sh /tmp/rdlicensing-collection/check_collection.sh && rm -rf /tmp/rdlicensing-collection'
    check = run_check(context)
    assert check.returncode == 1, check.stdout
    assert 'no collection tarball' in check.stdout and 'Run `make build`' in check.stdout


def test_the_ee_build_goes_on_with_the_tarball_of_make_build(tmp_path):
    root = tmp_path / 'with'
    dist = root / '.build' / 'dist'
    dist.mkdir(parents=True)
    tarball = build_tarball(dist)
    proc, containerfile, context = builder_context(root)
    assert proc.returncode == 0, proc.stdout
    assert os.path.isfile(os.path.join(context, '_build', 'collection', os.path.basename(tarball)))
    check = run_check(context)
    assert check.returncode == 0, check.stdout
    assert os.path.basename(tarball) in check.stdout
    assert 'ansible-galaxy collection install --offline --no-deps' in containerfile
