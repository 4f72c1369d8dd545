# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Import the built collection tarball with galaxy-importer, as Galaxy and Automation Hub do on an upload, and fail
on any warning or error it reports, or when what Galaxy would show is not what the collection means to show.

Used by ``make importer``. galaxy-importer runs with tools/data/galaxy-importer.cfg (no container, no ansible-test).
Besides its own messages (every line starting with WARNING or ERROR fails the import here), the result must show:

- the license of galaxy.yml, and a LICENSE file in the tarball holding the GNU GPL version 3 text;
- a README (rendered to HTML by the importer) whose links are absolute (a relative link breaks on Galaxy, which
  holds no other file of the repository);
- every module, role and playbook of the collection as content.

Usage: python tools/galaxy_import.py TARBALL [--config CFG] [--work-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MESSAGE = re.compile(r'^(WARNING|ERROR|CRITICAL)\b')
LINK = re.compile(r'''(?:href|src)\s*=\s*["']([^"']*)["']''')


def license_problems(tarball):
    """What is wrong with the tarball's LICENSE file (nothing: an empty list)."""
    with tarfile.open(tarball) as tar:
        names = {m.name[2:] if m.name.startswith('./') else m.name: m for m in tar.getmembers() if m.isfile()}
        if 'LICENSE' not in names:
            return ['the tarball holds no LICENSE file']
        text = tar.extractfile(names['LICENSE']).read().decode('utf-8', errors='replace')
    if not (text.lstrip().startswith('GNU GENERAL PUBLIC LICENSE') and 'Version 3, 29 June 2007' in text[:200]
            and 'END OF TERMS AND CONDITIONS' in text):
        return ['LICENSE is not the text of the GNU General Public License version 3']
    return []


def result_problems(result, expected_contents):
    """What is wrong with what Galaxy would show (importer_result.json)."""
    problems = []
    licenses = result['metadata'].get('license') or []
    if licenses != ['GPL-3.0-or-later']:
        problems.append('license in the metadata: %r, expected GPL-3.0-or-later' % licenses)
    readme = (result['docs_blob'].get('collection_readme') or {}).get('html') or ''
    if not readme:
        problems.append('the importer rendered no README')
    relative = sorted({url for url in LINK.findall(readme) if not re.match(r'^(https?://|mailto:|#)', url)})
    if relative:
        problems.append('relative links in the README, broken on Galaxy: %s' % ', '.join(relative))
    found = {(c['content_type'], c['name']) for c in result['contents']}
    missing = sorted('%s %s' % c for c in expected_contents - found)
    if missing:
        problems.append('content not found by the importer: %s' % ', '.join(missing))
    return problems


def expected_contents():
    """The modules, roles and playbooks of the checkout, as (content_type, name) of importer_result.json."""
    expected = {('module', os.path.splitext(f)[0]) for f in os.listdir(os.path.join(REPO, 'plugins', 'modules'))
                if f.endswith('.py') and not f.startswith('_')}
    expected |= {('role', d) for d in os.listdir(os.path.join(REPO, 'roles'))}
    expected |= {('playbook', f) for f in os.listdir(os.path.join(REPO, 'playbooks')) if f.endswith('.yml')}
    return expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('tarball')
    parser.add_argument('--config', default=os.path.join(HERE, 'data', 'galaxy-importer.cfg'))
    parser.add_argument('--work-dir', default=None, help='where the importer writes importer_result.json')
    args = parser.parse_args()
    tarball = os.path.abspath(args.tarball)
    work_dir = os.path.abspath(args.work_dir or os.path.join(os.path.dirname(tarball), 'galaxy-importer'))
    os.makedirs(work_dir, exist_ok=True)
    result_path = os.path.join(work_dir, 'importer_result.json')
    if os.path.exists(result_path):
        os.remove(result_path)

    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=os.path.abspath(args.config))
    proc = subprocess.run([sys.executable, '-m', 'galaxy_importer.main', tarball], cwd=work_dir, env=env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors='replace', check=False)
    with open(os.path.join(work_dir, 'importer.log'), 'w', encoding='utf-8') as log:
        log.write(proc.stdout)
    messages = [line.rstrip() for line in proc.stdout.splitlines() if MESSAGE.match(line)]
    problems = list(messages)
    if proc.returncode != 0 or 'Importer processing completed successfully' not in proc.stdout:
        log = os.path.join(work_dir, 'importer.log')
        problems.append('galaxy-importer failed (exit %d): see %s' % (proc.returncode, log))
    if os.path.exists(result_path):
        with open(result_path, encoding='utf-8') as f:
            result = json.load(f)
        problems += result_problems(result, expected_contents())
    else:
        result = None
        problems.append('galaxy-importer wrote no importer_result.json')
    problems += license_problems(tarball)

    if problems:
        print('galaxy-importer on %s:' % os.path.basename(tarball))
        for problem in problems:
            print('ERROR: %s' % problem)
        log = os.path.join(work_dir, 'importer.log')
        print('==> importer: %s FAILED, %d problems (log: %s)' % (os.path.basename(tarball), len(problems), log))
        return 1
    kinds = {}
    for content in result['contents']:
        kinds.setdefault(content['content_type'], set()).add(content['name'])
    print('==> importer: galaxy-importer %s on %s: imported, 0 warnings, 0 errors; %s; license %s, LICENSE shipped;'
          ' README rendered with only absolute links' % (
              re.search(r'galaxy-importer (\S+)', proc.stdout).group(1) if 'galaxy-importer ' in proc.stdout else '?',
              os.path.basename(tarball), ', '.join('%d %ss' % (len(v), k) for k, v in sorted(kinds.items())),
              ', '.join(result['metadata']['license'])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
