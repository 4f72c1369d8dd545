# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Install the ansible.windows collection from the pinned ``ansible`` wheel on PyPI.

ansible.windows is the collection's one dependency (fact gathering, win_reboot, win_ping). Galaxy is not needed:
the community ``ansible`` package on PyPI carries it. This script downloads that wheel once with pip (no
dependencies, nothing installed) and extracts only ``ansible_collections/ansible/windows/`` into the given
collections root. It does nothing when the wanted version is already there.

Usage: python tools/install_ansible_windows.py <collections-root> [--ansible-version X.Y.Z] [--download-dir DIR]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import zipfile

PREFIX = 'ansible_collections/ansible/windows/'
# ansible 12.3.0 is the newest community package for Python 3.11; it ships ansible.windows 3.3.0.
DEFAULT_ANSIBLE_VERSION = '12.3.0'


def installed_version(dest):
    manifest = os.path.join(dest, PREFIX, 'MANIFEST.json')
    if not os.path.isfile(manifest):
        return None
    with open(manifest, encoding='utf-8') as f:
        return json.load(f)['collection_info']['version']


def download(version, download_dir):
    wheels = glob.glob(os.path.join(download_dir, 'ansible-%s-py3-none-any.whl' % version))
    if not wheels:
        os.makedirs(download_dir, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary', ':all:',
                        '--dest', download_dir, 'ansible==%s' % version], check=True)
        wheels = glob.glob(os.path.join(download_dir, 'ansible-%s-py3-none-any.whl' % version))
    if not wheels:
        sys.exit('pip did not download ansible==%s into %s' % (version, download_dir))
    return wheels[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('collections_root', help='directory that will contain ansible_collections/')
    parser.add_argument('--ansible-version', default=DEFAULT_ANSIBLE_VERSION,
                        help='version of the community ansible package to take ansible.windows from')
    parser.add_argument('--download-dir', help='where to keep the wheel (default: <collections-root>/../downloads)')
    args = parser.parse_args()
    dest = os.path.abspath(args.collections_root)
    download_dir = args.download_dir or os.path.join(os.path.dirname(dest), 'downloads')
    stamp = os.path.join(dest, PREFIX, '.from-ansible-wheel')

    if os.path.isfile(stamp):
        with open(stamp, encoding='utf-8') as f:
            if f.read().strip() == args.ansible_version:
                print('ansible.windows %s already extracted from ansible %s' % (installed_version(dest), args.ansible_version))
                return

    wheel = download(args.ansible_version, download_dir)
    target = os.path.join(dest, PREFIX)
    if os.path.isdir(target):
        shutil.rmtree(target)
    with zipfile.ZipFile(wheel) as whl:
        members = [n for n in whl.namelist() if n.startswith(PREFIX)]
        if not members:
            sys.exit('%s holds no %s' % (os.path.basename(wheel), PREFIX))
        whl.extractall(dest, members)
    with open(stamp, 'w', encoding='utf-8') as f:
        f.write(args.ansible_version + '\n')
    print('ansible.windows %s: %d files extracted from %s'
          % (installed_version(dest), len(members), os.path.basename(wheel)))


if __name__ == '__main__':
    main()
