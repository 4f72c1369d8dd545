# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PowerShell syntax gate with tree-sitter, for machines without PowerShell.

Parses every .ps1 / .psm1 file under the given paths (files or directories; default: plugins/) with the
tree-sitter PowerShell grammar and exits 1 when any file has a syntax error (ERROR or MISSING nodes), printing the
line, column and text of each.

It catches unclosed braces, parentheses, strings and hashtables and missing operands; it does not catch a
misspelled keyword (that parses as a command call). The grammar misreads a few valid constructs, which the
collection's PowerShell therefore avoids: one-line param() blocks with attributes, one-line switch statements,
generic arity in type names (List`1), numeric suffixes such as 1MB, comma lists as command arguments and loop
labels.

Usage: python tools/pscheck.py [PATH ...]
"""

from __future__ import annotations

import argparse
import os
import sys

import tree_sitter_powershell
from tree_sitter import Language, Parser

EXTENSIONS = ('.ps1', '.psm1')


def find_files(paths):
    found = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in ('__pycache__', '.git'))
                found.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(EXTENSIONS))
        elif os.path.isfile(path):
            found.append(path)
        else:
            sys.exit('pscheck: no such file or directory: %s' % path)
    return found


def problems(parser, source):
    """(line, column, kind, text) of each ERROR / MISSING node, outermost first."""
    tree = parser.parse(source)
    found, stack = [], [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            found.append((node.start_point[0] + 1, node.start_point[1] + 1, 'missing ' + node.type, ''))
        elif node.is_error:
            text = source[node.start_byte:node.end_byte].decode('utf-8', 'replace').strip().splitlines()
            found.append((node.start_point[0] + 1, node.start_point[1] + 1, 'syntax error', text[0][:60] if text else ''))
        elif node.has_error:
            stack.extend(node.children)
    return tree.root_node.has_error, sorted(found)


def main():
    arg_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arg_parser.add_argument('paths', nargs='*', default=['plugins'], help='files or directories (default: plugins)')
    args = arg_parser.parse_args()
    parser = Parser(Language(tree_sitter_powershell.language()))
    files = find_files(args.paths)
    bad = 0
    for path in files:
        with open(path, 'rb') as f:
            has_error, found = problems(parser, f.read())
        print('%s: %s' % (path, 'SYNTAX ERROR' if has_error else 'ok'))
        for line, column, kind, text in found:
            print('    line %d, column %d: %s %s' % (line, column, kind, ('near %r' % text) if text else ''))
        bad += has_error
    print('==> pscheck: %d PowerShell files parsed, %d with syntax errors' % (len(files), bad))
    if not files:
        sys.exit('pscheck: no .ps1 or .psm1 file found under %s' % ', '.join(args.paths))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
