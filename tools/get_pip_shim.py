# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for ansible-test's get-pip bootstrap script (remotedesktop.licensing get-pip shim).

ansible-test bootstraps pip in each virtual environment it creates by downloading ``get-pip.py`` from an Ansible CI
host, unless ``~/.ansible/test/cache/get_pip_<version>.py`` exists. ``make sanity`` and ``make units`` copy this
file there: it installs pip with the standard library's ensurepip, then brings it to the version ansible-test asks
for from the package index.
"""

from __future__ import annotations

import subprocess
import sys


def main():
    # get-pip.py takes pip's install arguments (the pinned pip requirement, index options), plus two switches of
    # its own that pip does not know.
    args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
    subprocess.run([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'], check=True)
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check'] + args, check=True)


if __name__ == '__main__':
    main()
