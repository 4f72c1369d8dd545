# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decoding what ansible-core sends to a Windows host, for the simulated license server.

Internal to the remotedesktop.licensing collection. ansible-core pipelines every PowerShell module run as one
``exec_command``: a ``PowerShell ... -EncodedCommand <bootstrap>`` command line plus a stdin payload. The payload
format is private to ansible-core and changed in 2.19; both forms are read here, and anything else fails loudly.
"""

from __future__ import annotations

import base64
import json
import re
import typing as t

SEPARATOR = b'\n\0\0\0\0\n'      # ansible-core >= 2.19: bootstrap JSON, exec manifest JSON[, stdin]
LEGACY_SEPARATOR = b'\0\0\0\0'   # ansible-core <= 2.18: exec_wrapper source, JSON
_MODULE_KEY = re.compile(r'^ansible_collections\.(\w+)\.(\w+)\.plugins\.modules\.(\w+)\.ps1$')


class WireError(Exception):
    """A payload the simulator does not understand (a new ansible-core format?)."""


def decode_command(cmd: str) -> str:
    """The script of a ``-EncodedCommand`` command line, or the command itself."""
    match = re.search(r'-EncodedCommand\s+(\S+)', cmd)
    if not match:
        return cmd
    return base64.b64decode(match.group(1)).decode('utf-16-le')


def _decode(script: t.Optional[str]) -> t.Optional[str]:
    """The text of a base64-encoded script of the payload (None when there is none)."""
    if not script:
        return None
    try:
        return base64.b64decode(script).decode('utf-8-sig')
    except (ValueError, UnicodeDecodeError) as e:
        raise WireError('a script of the payload is not base64 UTF-8: %s' % e)


def module_call(in_data: bytes) -> dict[str, t.Any]:
    """``{'kind': 'module', 'module': fqcn, 'args': {...}, 'source': <the module's script>}`` or
    ``{'kind': 'action', 'name': ..., 'params': ...}``."""
    if SEPARATOR in in_data:
        parts = in_data.split(SEPARATOR)
        try:
            manifest = json.loads(parts[1])
        except ValueError as e:
            raise WireError('exec manifest is not JSON: %s' % e)
        actions = manifest.get('actions') or []
        for action in actions:
            if action.get('name') != 'module_wrapper.ps1':
                continue
            params = action.get('params') or {}
            args = next((v.get('Value') for v in params.get('Variables') or [] if v.get('Name') == 'complex_args'),
                        None)
            if args is None:
                raise WireError('module_wrapper.ps1 action without complex_args')
            match = _MODULE_KEY.match(params.get('Script') or '')
            name = '.'.join(match.groups()) if match else args.get('_ansible_module_name')
            script = (manifest.get('scripts') or {}).get(params.get('Script') or '') or {}
            return {'kind': 'module', 'module': name, 'args': args, 'source': _decode(script.get('script'))}
        if not actions:
            raise WireError('exec manifest without actions')
        return {'kind': 'action', 'name': actions[-1].get('name'), 'params': actions[-1].get('params') or {}}
    head, sep, body = in_data.partition(LEGACY_SEPARATOR)
    if sep:
        try:
            payload = json.loads(body)
        except ValueError as e:
            raise WireError('legacy payload is not JSON: %s' % e)
        if 'module_args' in payload:
            args = payload['module_args']
            return {'kind': 'module', 'module': args.get('_ansible_module_name'), 'args': args,
                    'source': _decode(payload.get('module_entry'))}
    raise WireError('unrecognised module payload of %d bytes' % len(in_data))
