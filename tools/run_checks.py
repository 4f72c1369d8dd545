# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run make targets one after the other, keep each one's output, and print every runner's summary lines at the end.

Used by ``make test``. Each target's output is shown as it runs and saved to ``<log-dir>/<target>.log``. The run
stops at the first failing target, or with --keep-going runs them all; either way it ends with a table of the
targets, their status and time, and the summary lines of the tools that ran (pytest's ``N passed``, ansible-lint's
``Passed:`` line and the ``==>`` lines the Makefile prints) with, for a failed target, its first error lines, and
exits non-zero when any target failed.

Usage: python tools/run_checks.py [--keep-going] [--log-dir DIR] [--make MAKE] TARGET...
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

SUMMARY = re.compile(
    r'^==> '                                        # our own summary lines (Makefile, tools/)
    r'|^=+ .*\b(passed|failed|errors?|skipped|deselected|no tests ran)\b.* in [0-9.]+s.* =+$'   # pytest
    r'|^(Passed|Failed): \d+ failure'               # ansible-lint
    r'|^FATAL: The \d+ sanity test'                   # ansible-test
    r'|\bactions=\d+ .*successful=\d+|^INFO +Molecule executed'   # molecule
)


ERROR = re.compile(r'^(ERROR|FAILED|FATAL|make(\[\d+\])?: \*\*\*|\S+:\d+(:\d+)?: |\S+\[[\w-]+\]: )')
ERRORS_SHOWN = 15


def run(make, target, log_dir):
    """Run one target; return (returncode, seconds, summary lines, error lines)."""
    summary, errors = [], []
    started = time.monotonic()
    log_path = os.path.join(log_dir, '%s.log' % target)
    with open(log_path, 'w', encoding='utf-8') as log:
        with subprocess.Popen([make, target], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              text=True, errors='replace', bufsize=1) as proc:
            for line in proc.stdout:
                sys.stdout.write(line)
                sys.stdout.flush()
                log.write(line)
                if SUMMARY.search(line.rstrip()):
                    summary.append(line.rstrip())
                elif ERROR.search(line) and not line.startswith('FATAL: Command'):
                    errors.append(line.rstrip())
            proc.wait()
    return proc.returncode, time.monotonic() - started, summary, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('targets', nargs='+', help='make targets, in order')
    parser.add_argument('--keep-going', action='store_true', help='run every target even after a failure')
    parser.add_argument('--log-dir', default='.build/logs', help='where to save each target\'s output')
    parser.add_argument('--make', default=os.environ.get('MAKE', 'make'), help='make command')
    args = parser.parse_args()
    os.makedirs(args.log_dir, exist_ok=True)

    results = []
    total = time.monotonic()
    for target in args.targets:
        print('\n##### make %s %s' % (target, '#' * max(0, 100 - len(target))), flush=True)
        rc, seconds, summary, errors = run(args.make, target, args.log_dir)
        results.append((target, rc, seconds, summary + (errors[:ERRORS_SHOWN] if rc else [])))
        if rc and not args.keep_going:
            break

    print('\n##### summary %s' % ('#' * 94))
    for target, rc, seconds, summary in results:
        print('%-15s %-6s %6.1fs   (log: %s)' % (target, 'FAILED' if rc else 'ok', seconds,
                                                 os.path.join(args.log_dir, target + '.log')))
        for line in summary:
            print('    %s' % line)
    not_run = args.targets[len(results):]
    if not_run:
        print('not run: %s' % ' '.join(not_run))
    failed = [t for t, rc, _s, _l in results if rc]
    print('%s: %d of %d targets passed in %.0fs%s' % ('FAILED' if failed or not_run else 'PASSED',
                                                      len(results) - len(failed), len(args.targets),
                                                      time.monotonic() - total,
                                                      ('; failed: ' + ' '.join(failed)) if failed else ''))
    sys.exit(1 if failed or not_run else 0)


if __name__ == '__main__':
    main()
