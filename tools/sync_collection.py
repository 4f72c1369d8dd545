# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Copy the collection into a physical ansible_collections/<namespace>/<name> tree.

ansible-test needs the collection to sit physically under ``ansible_collections/<namespace>/<name>`` (a symlink is
refused), and the repository root is the collection root. This script mirrors the files git knows about (tracked,
plus untracked files that are not ignored) into such a tree, so what is tested is what would be committed; files
removed from the repository disappear from the copy. Outside a git checkout, every file is copied except the
usual build and cache folders.

The copy gets an empty git repository of its own (nothing is committed in it): ansible-test looks for the files of
a collection with ``git ls-files`` in the nearest git repository, and would otherwise find the source repository,
in which the copy is ignored, and test nothing.

Usage: python tools/sync_collection.py <collections-root>
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys

import yaml

# Never copied, and never deleted from the destination (ansible-test writes its results to tests/output).
SKIP_ANYWHERE = ('.git', '__pycache__', '.pytest_cache')
SKIP_TOP = ('.venv', '.build', '.ansible', 'collections', 'tests/output')


def skipped(rel):
    """Whether a relative path (file or directory, '/'-separated) is outside what is copied."""
    if any(part in SKIP_ANYWHERE for part in rel.split('/')):
        return True
    return any(rel == top or rel.startswith(top + '/') for top in SKIP_TOP)


def source_files(src):
    """Relative paths of the files to copy."""
    try:
        out = subprocess.run(['git', '-C', src, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                             check=True, capture_output=True).stdout
        names = [n for n in out.decode('utf-8').split('\0') if n]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for root, dirs, files in os.walk(src):
            rel_root = os.path.relpath(root, src)
            rel_root = '' if rel_root == '.' else rel_root.replace(os.sep, '/') + '/'
            dirs[:] = [d for d in dirs if not skipped(rel_root + d)]
            names.extend(rel_root + f for f in files)
    # A file deleted from the working tree but not yet from the index is listed by git: skip it.
    return sorted(n for n in names if not skipped(n) and os.path.lexists(os.path.join(src, n)))


def same(src, dst):
    if os.path.islink(src) or os.path.islink(dst) or not os.path.isfile(dst):
        return False
    s, d = os.stat(src), os.stat(dst)
    return s.st_size == d.st_size and int(s.st_mtime) == int(d.st_mtime) and s.st_mode == d.st_mode


def mirror(src, dest, names):
    wanted = set(names)
    copied = 0
    for name in names:
        s, d = os.path.join(src, name), os.path.join(dest, name)
        if same(s, d):
            continue
        os.makedirs(os.path.dirname(d), exist_ok=True)
        if os.path.isdir(d) and not os.path.islink(d):
            shutil.rmtree(d)
        elif os.path.islink(d):
            os.unlink(d)
        if os.path.islink(s):
            os.symlink(os.readlink(s), d)
        else:
            shutil.copy2(s, d)
        copied += 1
    removed = 0
    for root, dirs, files in os.walk(dest, topdown=False):
        rel_root = os.path.relpath(root, dest)
        rel_root = '' if rel_root == '.' else rel_root.replace(os.sep, '/') + '/'
        if rel_root and skipped(rel_root.rstrip('/')):
            continue
        for f in files:
            if rel_root + f not in wanted and not skipped(rel_root + f):
                os.unlink(os.path.join(root, f))
                removed += 1
        for d in dirs:
            path = os.path.join(root, d)
            if not skipped(rel_root + d) and os.path.isdir(path) and not os.path.islink(path) and not os.listdir(path):
                os.rmdir(path)
    return copied, removed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('collections_root', help='directory that will contain ansible_collections/')
    parser.add_argument('--src', default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help='collection root to copy (default: this repository)')
    args = parser.parse_args()
    src = os.path.abspath(args.src)
    with open(os.path.join(src, 'galaxy.yml'), encoding='utf-8') as f:
        galaxy = yaml.safe_load(f)
    dest = os.path.join(os.path.abspath(args.collections_root), 'ansible_collections', galaxy['namespace'], galaxy['name'])
    if os.path.realpath(src) == os.path.realpath(dest):
        sys.exit('refusing to copy the collection onto itself')
    os.makedirs(dest, exist_ok=True)
    names = source_files(src)
    copied, removed = mirror(src, dest, names)
    if not os.path.exists(os.path.join(dest, '.git')):
        subprocess.run(['git', 'init', '--quiet', dest], check=True)
    print('collection %s.%s: %d files in %s (%d copied, %d removed)'
          % (galaxy['namespace'], galaxy['name'], len(names), os.path.relpath(dest), copied, removed))


if __name__ == '__main__':
    main()
