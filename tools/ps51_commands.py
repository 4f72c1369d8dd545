# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write tools/data/ps51_commands.json: the Windows PowerShell 5.1 commands the collection's PowerShell calls.

For each command the collection calls (every command name in plugins/modules/*.ps1 and plugins/module_utils/*.psm1
that is not one of its own functions), the table keeps its module, its parameter names, which of them are switches,
and where that comes from:

- PSScriptAnalyzer's published command data for Windows PowerShell 5.1 (MIT licence),
  Engine/Settings/desktop-5.1.14393.206-windows.json of https://github.com/PowerShell/PSScriptAnalyzer, read from a
  clone (``--pssa-git-dir``, the file at HEAD; the commit is recorded) or a copy of the file (``--pssa-json``).
  Its ``ParameterSets`` are syntax lines (``[-Name] <string> [-PassThru] ...``): every ``-Name`` is a parameter, one
  never followed by ``<type>`` a switch.
- The ServerManager module (Get-/Install-/Uninstall-WindowsFeature) exists on Windows Server only and is not in that
  data (it was collected on a client): its parameters are those of Microsoft's reference pages, written down below
  with each page as the source.
- The common parameters, from the "CommonParameters" paragraph of the same pages (about_CommonParameters).

Run it again when the PowerShell calls a new command (tools/psconform.py then fails with "neither a function of the
collection nor a Windows PowerShell 5.1 command"):

    python tools/ps51_commands.py --pssa-git-dir <clone of PowerShell/PSScriptAnalyzer>/.git
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import psconform  # noqa: E402  pylint: disable=wrong-import-position

PSSA_FILE = 'Engine/Settings/desktop-5.1.14393.206-windows.json'
PSSA_REPO = 'https://github.com/PowerShell/PSScriptAnalyzer'
_DOCS = 'https://learn.microsoft.com/en-us/powershell/module/servermanager/%s?view=windowsserver2022-ps'
_DOCS_SOURCE = ('Microsoft reference page %s (MicrosoftDocs/windows-powershell-docs, '
                'docset/winserver2012r2-ps/servermanager/%s.md, section SYNTAX)')

# ServerManager, Windows Server only: the parameter sets of each SYNTAX section of its reference page.
SERVER_MANAGER = {
    'Get-WindowsFeature': ['Name', 'Vhd', 'ComputerName', 'Credential', 'LogPath'],
    'Install-WindowsFeature': ['Name', 'Restart', 'IncludeAllSubFeature', 'IncludeManagementTools', 'Source',
                               'ComputerName', 'Credential', 'LogPath', 'Vhd', 'ConfigurationFilePath', 'WhatIf',
                               'Confirm'],
    'Uninstall-WindowsFeature': ['Name', 'Restart', 'IncludeManagementTools', 'Remove', 'ComputerName', 'Credential',
                                 'LogPath', 'Vhd', 'WhatIf', 'Confirm'],
}
SERVER_MANAGER_SWITCHES = {'Restart', 'IncludeAllSubFeature', 'IncludeManagementTools', 'Remove', 'WhatIf', 'Confirm'}
COMMON_PARAMETERS = {
    'source': 'the CommonParameters paragraph of the Microsoft reference pages above (about_CommonParameters, '
              'https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/'
              'about_commonparameters?view=powershell-5.1)',
    'parameters': ['Debug', 'ErrorAction', 'ErrorVariable', 'InformationAction', 'InformationVariable', 'OutBuffer',
                   'OutVariable', 'PipelineVariable', 'Verbose', 'WarningAction', 'WarningVariable'],
    'switches': ['Debug', 'Verbose'],
}
_PARAM = re.compile(r'-([A-Za-z][A-Za-z0-9]*)\]?(\s+<[^>]+>)?')


def parameters_of(syntax) -> tuple[list[str], list[str]]:
    """(parameters, switches) of PSScriptAnalyzer's ParameterSets (a syntax line or a list of them)."""
    lines = syntax if isinstance(syntax, list) else [syntax or '']
    typed, names = set(), []
    for line in lines:
        for match in _PARAM.finditer(line.replace('<CommonParameters>', '')):
            name = match.group(1)
            if name not in names:
                names.append(name)
            if match.group(2):
                typed.add(name)
    return sorted(names, key=str.lower), sorted((n for n in names if n not in typed), key=str.lower)


def commands_used(root: str) -> list[str]:
    """Every command name the collection's PowerShell calls that is not one of its own functions."""
    parser = psconform.make_parser()
    files = [psconform.PsFile(path, source, parser) for path, source in psconform.collection_sources(root).items()]
    own = set(psconform.Interpreter(files, {}).functions)
    names = {}
    for file in files:
        for node in psconform._walk(file.tree.root_node):  # pylint: disable=protected-access
            name_node = psconform._child(node, 'command_name') if node.type == 'command' else None  # pylint: disable=protected-access
            if name_node is not None and file.text(name_node).lower() not in own:
                names.setdefault(file.text(name_node).lower(), file.text(name_node))
    return sorted(names.values(), key=str.lower)


def read_pssa(args) -> tuple[dict, str]:
    if args.pssa_json:
        with open(args.pssa_json, encoding='utf-8-sig') as f:
            return json.load(f), '%s/blob/main/%s (copy read from %s)' % (PSSA_REPO, PSSA_FILE, args.pssa_json)
    commit = subprocess.run(['git', '--git-dir', args.pssa_git_dir, 'rev-parse', 'HEAD'], check=True,
                            capture_output=True, text=True).stdout.strip()
    text = subprocess.run(['git', '--git-dir', args.pssa_git_dir, 'show', 'HEAD:' + PSSA_FILE], check=True,
                          capture_output=True).stdout.decode('utf-8-sig')
    return json.loads(text), '%s/blob/%s/%s' % (PSSA_REPO, commit, PSSA_FILE)


def build(names: list[str], pssa: dict, pssa_source: str) -> dict:
    index = {}
    for module in pssa['Modules']:
        exported = module.get('ExportedCommands') or []
        for command in (exported if isinstance(exported, list) else [exported]):
            index.setdefault(command['Name'].lower(), (module, command))
    commands, missing = {}, []
    for name in names:
        if name.lower() in index:
            module, command = index[name.lower()]
            params, switches = parameters_of(command.get('ParameterSets'))
            commands[command['Name']] = {'module': '%s %s' % (module['Name'], module['Version']),
                                         'parameters': params, 'switches': switches, 'source': pssa_source}
        elif name in SERVER_MANAGER:
            commands[name] = {'module': 'ServerManager (Windows Server only)',
                              'parameters': sorted(SERVER_MANAGER[name], key=str.lower),
                              'switches': sorted((p for p in SERVER_MANAGER[name] if p in SERVER_MANAGER_SWITCHES),
                                                 key=str.lower),
                              'source': _DOCS_SOURCE % (_DOCS % name.lower(), name)}
        else:
            missing.append(name)
    if missing:
        sys.exit('ps51_commands: not Windows PowerShell 5.1 commands of either source: %s' % ', '.join(missing))
    return {
        'about': 'The Windows PowerShell 5.1 commands the collection calls, with their parameters. Written by '
                 'tools/ps51_commands.py (see its docstring); read by tools/psconform.py. Do not edit by hand.',
        'common_parameters': COMMON_PARAMETERS,
        'commands': commands,
    }


def main() -> None:
    arg_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = arg_parser.add_mutually_exclusive_group(required=True)
    source.add_argument('--pssa-git-dir', help='git directory of a clone of PowerShell/PSScriptAnalyzer')
    source.add_argument('--pssa-json', help='a copy of ' + PSSA_FILE)
    arg_parser.add_argument('--root', default=psconform.DEFAULT_ROOT, help='collection root')
    arg_parser.add_argument('--output', default=psconform.DEFAULT_TABLE)
    args = arg_parser.parse_args()
    pssa, pssa_source = read_pssa(args)
    table = build(commands_used(args.root), pssa, pssa_source)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, 'w', encoding='utf-8') as f:
        json.dump(table, f, indent=2, sort_keys=True)
        f.write('\n')
    print('==> ps51_commands: %d commands written to %s' % (len(table['commands']), args.output))


if __name__ == '__main__':
    main()
