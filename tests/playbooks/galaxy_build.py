# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection as a user gets it: the tarball ansible-galaxy builds from the copy `make reports` tests
(.build/collections), installed with ``ansible-galaxy collection install`` into a folder of its own, next to the
ansible.windows of that copy (as an execution environment holds both)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

from playbook_runner import COLLECTION, ansible_command, collection_dir, environment


def build_tarball(output_dir):
    """ansible-galaxy collection build of the copy (else the repository) into output_dir; the tarball's path."""
    source = collection_dir()
    assert source, 'no remotedesktop.licensing in ANSIBLE_COLLECTIONS_PATH: run `make reports`'
    proc = subprocess.run([ansible_command('ansible-galaxy'), 'collection', 'build', '--output-path', str(output_dir),
                           source], env=environment(), cwd=str(output_dir), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout
    (tarball,) = glob.glob(os.path.join(str(output_dir), 'remotedesktop-licensing-*.tar.gz'))
    return tarball


def install(tarball, collections_dir):
    """ansible-galaxy collection install of the tarball into collections_dir (offline, no Galaxy), and a copy of
    the ansible.windows it depends on; returns the installed collection's folder."""
    proc = subprocess.run([ansible_command('ansible-galaxy'), 'collection', 'install', '--offline', '--no-deps', '--force',
                           '-p', str(collections_dir), tarball],
                          env=environment(ANSIBLE_COLLECTIONS_PATH=str(collections_dir)), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout
    windows = os.path.join(os.path.dirname(os.path.dirname(collection_dir())), 'ansible', 'windows')
    shutil.copytree(windows, os.path.join(str(collections_dir), 'ansible_collections', 'ansible', 'windows'),
                    ignore=shutil.ignore_patterns('__pycache__', 'tests'))
    return os.path.join(str(collections_dir), *COLLECTION)
