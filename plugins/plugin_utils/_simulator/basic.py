# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host side of the module framework, for the simulated license server: what ``Ansible.Basic.AnsibleModule``
does with a module's argument spec and arguments before the module's own code runs.

Internal to the remotedesktop.licensing collection. It follows ansible-core's ``Ansible.Basic.cs`` (the C# module
utility every ``.ps1`` of the collection is built on), read for ansible-core 2.16 to 2.19, step by step:

- the spec is checked (known keys and types) and given its defaults;
- the ``no_log`` values are collected **by the text of the value**, as .NET's ``ToString()`` gives it, before any
  conversion: a string is masked, but a list is masked as ``System.Object[]`` and a dict as
  ``System.Collections.Hashtable``, so nothing inside them is (``no_log`` sub-options are collected when their
  parent's elements are validated);
- the ``_ansible_*`` arguments set check mode, diff, ``no_log`` and the module name; any other unknown argument
  fails (``Unsupported parameters for (...) module``), as does a missing required one, a value that does not
  convert to its type, and a value outside its choices (compared without case);
- ``invocation.module_args`` is the converted arguments with every ``no_log`` value replaced;
- unless the spec or the task is ``no_log``, the Application event log gets an entry ``<module> - Invoked with:``
  followed by every argument, each scalar masked the same way.

``prepare()`` returns a ``Run``: the converted parameters, the check/diff modes, the invocation and the event log
entries the host would write; or a ``Run`` whose ``failure`` is the result ``FailJson`` would print.
"""

from __future__ import annotations

import copy
import json
import typing as t

NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
BOOLEANS_TRUE = ('y', 'yes', 'on', '1', 'true', 't', '1.0')
BOOLEANS_FALSE = ('n', 'no', 'off', '0', 'false', 'f', '0.0')
TYPES = ('bool', 'dict', 'float', 'int', 'json', 'list', 'path', 'raw', 'sid', 'str')
# Argument spec keys and their defaults (Ansible.Basic's specDefaults; None stands for "an empty one of its kind").
SPEC_DEFAULTS: dict[str, t.Any] = {
    'apply_defaults': False, 'aliases': list, 'choices': list, 'default': None, 'deprecated_aliases': list,
    'elements': None, 'mutually_exclusive': list, 'no_log': False, 'options': dict, 'removed_in_version': None,
    'removed_at_date': None, 'removed_from_collection': None, 'required': False, 'required_by': dict,
    'required_if': list, 'required_one_of': list, 'required_together': list, 'supports_check_mode': False,
    'type': 'str',
}
# _ansible_<name> arguments Ansible.Basic takes (passVars); the value is the attribute of Run it sets, or None.
# The union over the supported ansible-core releases: 2.16 to 2.18 also send string_conversion_action.
PASS_VARS = {
    'check_mode': 'check_mode', 'debug': None, 'diff': 'diff_mode', 'keep_remote_files': None,
    'ignore_unknown_opts': 'ignore_unknown_opts', 'module_name': 'module_name', 'no_log': 'no_log',
    'remote_tmp': None, 'selinux_special_fs': None, 'shell_executable': None, 'socket': None,
    'string_conversion_action': None, 'syslog_facility': None,
    'target_log_info': 'target_log_info', 'tracebacks_for': None, 'tmpdir': None, 'verbosity': None, 'version': None,
}
PASS_BOOLS = ('check_mode', 'debug', 'diff', 'keep_remote_files', 'ignore_unknown_opts', 'no_log')


class _Exit(Exception):
    """FailJson or ExitJson inside the constructor."""


def dotnet_type(value: t.Any) -> str:
    """The .NET type name a JSON value has once the module wrapper has read it."""
    if isinstance(value, bool):
        return 'System.Boolean'
    if isinstance(value, int):
        return 'System.Int32' if -2 ** 31 <= value < 2 ** 31 else 'System.Int64'
    if isinstance(value, float):
        return 'System.Double'
    if isinstance(value, str):
        return 'System.String'
    if isinstance(value, list):
        return 'System.Object[]'
    if isinstance(value, dict):
        return 'System.Collections.Hashtable'
    return 'System.Object'


def dotnet_str(value: t.Any) -> str:
    """``value.ToString()`` in .NET: what Ansible.Basic masks a no_log value by, and what a str option becomes."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'True' if value else 'False'
    if isinstance(value, float):
        return ('%r' % value) if value != int(value) else '%d' % value
    if isinstance(value, (list, dict)):
        return dotnet_type(value)
    return str(value)


def _parse_int(value: t.Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = dotnet_str(value).strip()
        sign = text[:1] in '+-' and text[:1] or ''
        digits = text[len(sign):]
        if not digits.isdigit() or not digits.isascii():
            raise ValueError('Input string was not in a correct format.')
        number = int(sign + digits)
    if not -2 ** 31 <= number < 2 ** 31:
        raise ValueError('Value was either too large or too small for an Int32.')
    return number


def _parse_bool(value: t.Any) -> bool:
    if isinstance(value, bool):
        return value
    text = dotnet_str(value).lower().strip()
    if text in BOOLEANS_TRUE:
        return True
    if text in BOOLEANS_FALSE:
        return False
    raise ValueError("The value '%s' is not a valid boolean. Valid booleans include: %s"
                     % (text, ', '.join(BOOLEANS_TRUE + BOOLEANS_FALSE)))


def _parse_list(value: t.Any) -> list[t.Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [s.strip() for s in value.split(',')]
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    raise ValueError('%s cannot be converted to a list' % dotnet_type(value))


def _parse_dict(value: t.Any) -> dict[str, t.Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        if value.startswith('{') and value.endswith('}'):
            return json.loads(value)
        if '=' in value:
            fields = [f for f in value.replace(',', ' ').split(' ') if f]
            return {k: v for k, dummy, v in (f.partition('=') for f in fields)}
        raise ValueError('string cannot be converted to a dict, must either be a JSON string or in the key=value form')
    raise ValueError('%s cannot be converted to a dict' % dotnet_type(value))


def _parse_float(value: t.Any) -> float:
    if isinstance(value, float):
        return value
    try:
        return float(dotnet_str(value))
    except ValueError:
        raise ValueError('Input string was not in a correct format.')


def _parse_json(value: t.Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, separators=(',', ':'))
    if isinstance(value, str):
        return value
    raise ValueError('%s cannot be converted to json' % dotnet_type(value))


CONVERTERS: dict[str, t.Callable[[t.Any], t.Any]] = {
    'bool': _parse_bool, 'dict': _parse_dict, 'float': _parse_float, 'int': _parse_int, 'json': _parse_json,
    'list': _parse_list, 'path': dotnet_str, 'raw': lambda value: value, 'sid': dotnet_str, 'str': dotnet_str,
}


def _mask(value: t.Any, no_log: set[str]) -> t.Any:
    """Ansible.Basic's RemoveNoLogValues: a scalar equal to a no_log value is replaced, one containing it has it
    starred out; lists and dicts are walked."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _mask(v, no_log) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v, no_log) for v in value]
    if isinstance(value, (bool, int, float)):
        text = dotnet_str(value)
        if any(secret in text for secret in no_log):
            return NO_LOG_PLACEHOLDER
        return value
    text = str(value)
    if text in no_log:
        return NO_LOG_PLACEHOLDER
    for secret in no_log:
        if secret in text:
            return text.replace(secret, '********')
    return text


def _format_log_data(data: t.Any, indent: int, no_log: set[str]) -> str:
    """Ansible.Basic's FormatLogData: the arguments as the 'Invoked with' event shows them."""
    if data is None:
        return '$null'
    if isinstance(data, list):
        return ''.join('\r\n%s- %s' % (' ' * indent, _format_log_data(v, indent + 2, no_log)) for v in data)
    if isinstance(data, dict):
        separator = '\r\n%s' % (' ' * indent)
        return separator.join('%s: %s' % (k, _format_log_data(v, indent + 2, no_log)) for k, v in data.items())
    return _mask(dotnet_str(data), no_log)


class Run:
    """What Ansible.Basic made of one module run."""

    def __init__(self) -> None:
        self.params: dict[str, t.Any] = {}
        self.check_mode = False
        self.diff_mode = False
        self.no_log = False
        self.ignore_unknown_opts = False
        self.module_name = 'undefined win module'
        self.target_log_info = ''
        self.no_log_values: set[str] = set()
        self.invocation: t.Optional[dict[str, t.Any]] = None
        self.events: list[dict[str, str]] = []
        self.warnings: list[str] = []
        self.failure: t.Optional[dict[str, t.Any]] = None
        self.skipped: t.Optional[dict[str, t.Any]] = None
        self._context: list[str] = []

    # -- what the module sees and returns ---------------------------------------------------------------------------
    def mask(self, value: t.Any) -> t.Any:
        return _mask(value, self.no_log_values)

    def finish(self, result: dict[str, t.Any]) -> dict[str, t.Any]:
        """The result as ExitJson / FailJson print it: msg masked, the invocation added, warnings listed."""
        result = dict(result)
        if 'msg' in result and result.get('failed'):
            result['msg'] = self.mask(result['msg'])
        result.setdefault('invocation', self.invocation if self.invocation is not None
                          else {'module_args': self.mask(self.params)})
        if self.warnings:
            result['warnings'] = list(self.warnings) + list(result.get('warnings') or [])
        return result

    def log_event(self, message: str, entry_type: str = 'Information', sanitise: bool = True) -> None:
        if self.no_log:
            return
        target = (self.target_log_info or '').strip()
        prefix = '%s %s' % (self.module_name, self.target_log_info) if target else self.module_name
        text = '%s - %s' % (prefix, message)
        if sanitise:
            text = self.mask(text)
        self.events.append({'source': 'Ansible', 'log': 'Application', 'type': entry_type, 'message': text})

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        self.log_event('[WARNING] %s' % message, 'Warning')

    # -- the constructor's steps ------------------------------------------------------------------------------------
    def _context_msg(self, msg: str, prefix: str = ' ') -> str:
        if self._context:
            msg += '%sfound in %s' % (prefix, ' -> '.join(self._context))
        return msg

    def _fail(self, msg: str) -> t.NoReturn:
        self.failure = self.finish({'failed': True, 'msg': msg, 'changed': False})
        raise _Exit()

    def _internal_error(self, msg: str) -> t.NoReturn:
        self.failure = {'failed': True, 'msg': 'internal error: %s' % msg, 'exception': msg}
        raise _Exit()

    def validate_spec(self, spec: dict[str, t.Any]) -> None:
        for key, value in spec.items():
            if key not in SPEC_DEFAULTS:
                self._internal_error(self._context_msg('argument spec entry contains an invalid key \'%s\', valid '
                                                       'keys: %s' % (key, ', '.join(SPEC_DEFAULTS)), ' - '))
            if key in ('type', 'elements') and value is not None and value not in TYPES:
                self._internal_error(self._context_msg("%s '%s' is unsupported" % (key, value), ' - ')
                                     + '. Valid types are: %s' % ', '.join(TYPES))
            if key in ('aliases', 'choices') and not isinstance(value, list):
                spec[key] = [value]
            if key == 'options' and value is not None:
                for name, option in value.items():
                    self._context.append(name)
                    self.validate_spec(option)
                    self._context.pop()

    def set_spec_defaults(self, spec: dict[str, t.Any]) -> None:
        for key, default in SPEC_DEFAULTS.items():
            if key not in spec:
                spec[key] = default() if callable(default) else default
        for option in (spec.get('options') or {}).values():
            self.set_spec_defaults(option)

    def set_no_log_values(self, spec: dict[str, t.Any], params: dict[str, t.Any]) -> None:
        for name, option in spec['options'].items():
            if option['no_log']:
                text = dotnet_str(params.get(name))
                if text:
                    self.no_log_values.add(text)

    def aliases(self, spec: dict[str, t.Any], params: dict[str, t.Any]) -> dict[str, str]:
        found = {}
        for name, option in spec['options'].items():
            if option['default'] is not None and option['required']:
                self._internal_error('required and default are mutually exclusive for %s' % name)
            for alias in option['aliases']:
                found[alias] = name
                if alias in params:
                    params[name] = params[alias]
        return found

    def check_unsupported(self, params: dict[str, t.Any], legal: list[str]) -> None:
        unsupported = []
        lowered = {name.lower(): name for name in legal}
        for key in list(params):
            if key.lower() not in lowered:
                unsupported.append(key)
            elif key not in legal:
                params[lowered[key.lower()]] = params.pop(key)
            elif key.startswith('_ansible_'):
                value = params.pop(key)
                var = key[len('_ansible_'):]
                attribute = PASS_VARS.get(var)
                if attribute is None or (var == 'no_log' and self.no_log):
                    continue
                setattr(self, attribute, _parse_bool(value) if var in PASS_BOOLS else value)
        if unsupported and not self.ignore_unknown_opts:
            shown = [name for name in legal if not name.startswith('_ansible_')]
            msg = 'Unsupported parameters for (%s) module: %s' % (self.module_name, ', '.join(unsupported))
            self._fail('%s. Supported parameters include: %s' % (self._context_msg(msg), ', '.join(shown)))

    def check_arguments(self, spec: dict[str, t.Any], params: dict[str, t.Any], legal: list[str]) -> None:
        self.check_unsupported(params, legal)
        if self.check_mode and not spec['supports_check_mode'] and not self._context:
            self.skipped = self.finish({'skipped': True, 'changed': False,
                                        'msg': 'remote module (%s) does not support check mode' % self.module_name})
            raise _Exit()
        options = spec['options']
        for group in spec['mutually_exclusive']:
            if sum(1 for name in group if name in params) > 1:
                self._fail(self._context_msg('parameters are mutually exclusive: %s' % ', '.join(group)))
        missing = []
        for name, option in options.items():
            if option['default'] is not None and name not in params:
                params[name] = copy.deepcopy(option['default'])
            if option['required'] and name not in params:
                missing.append(name)
        if missing:
            self._fail(self._context_msg('missing required arguments: %s' % ', '.join(missing)))
        for name, option in options.items():
            value = params.get(name)
            if value is None:
                continue
            try:
                value = CONVERTERS[option['type']](value)
            except (ValueError, TypeError) as e:
                self._fail(self._context_msg('argument for %s is of type %s and we were unable to convert to %s: %s'
                                             % (name, dotnet_type(value), option['type'], e)))
            params[name] = value
            choices = [dotnet_str(c) for c in option['choices']]
            if choices:
                values = [dotnet_str(v) for v in value] if option['type'] == 'list' else [dotnet_str(value)]
                lowered = {c.lower() for c in choices}
                wrong = [v for v in values if v.lower() not in lowered]
                if wrong:
                    what = 'one or more of' if option['type'] == 'list' else 'one of'
                    self._fail(self._context_msg('value of %s must be %s: %s. Got no match for: %s'
                                                 % (name, what, ', '.join(choices), ', '.join(wrong))))
        for group in spec['required_together']:
            found = [name in params for name in group]
            if any(found) and not all(found):
                self._fail(self._context_msg('parameters are required together: %s' % ', '.join(group)))
        for group in spec['required_one_of']:
            if not any(name in params for name in group):
                self._fail(self._context_msg('one of the following is required: %s' % ', '.join(group)))
        for check in spec['required_if']:
            key, val, requirements = check[0], check[1], check[2]
            one = len(check) > 3 and bool(check[3])
            if params.get(key) is None or dotnet_str(params[key]) != dotnet_str(val):
                continue
            absent = [name for name in requirements if name not in params]
            if len(absent) >= (len(requirements) if one else 1):
                self._fail(self._context_msg('%s is %s but %s of the following are missing: %s'
                                             % (key, dotnet_str(val), 'any' if one else 'all', ', '.join(absent))))
        for key, requires in spec['required_by'].items():
            if key in params:
                absent = [name for name in _parse_list(requires) if name not in params]
                if absent:
                    self._fail(self._context_msg("missing parameter(s) required by '%s': %s" % (key, ', '.join(absent))))
        for name, option in options.items():
            params.setdefault(name, None)
            self.check_sub_option(params, name, option)

    def check_sub_option(self, params: dict[str, t.Any], name: str, option: dict[str, t.Any]) -> None:
        value = params[name]
        kind, elements = option['type'], option['elements']
        if kind == 'dict':
            params[name] = self.parse_sub_spec(option, value, name)
        elif kind == 'list' and elements is not None and value is not None:
            converted = []
            for element in value:
                if elements == 'dict':
                    converted.append(self.parse_sub_spec(option, element, name))
                    continue
                try:
                    converted.append(CONVERTERS[elements](element))
                except (ValueError, TypeError) as e:
                    self._fail(self._context_msg('argument for list entry %s is of type %s and we were unable to '
                                                 'convert to %s: %s' % (name, dotnet_type(element), elements, e)))
            params[name] = converted

    def parse_sub_spec(self, option: dict[str, t.Any], value: t.Any, context: str) -> t.Any:
        options = option['options']
        if option['apply_defaults'] and options and value is None:
            value = {}
        elif not options or value is None:
            return value
        self._context.append(context)
        try:
            value = dict(_parse_dict(value))
        except ValueError as e:
            self._fail(self._context_msg(str(e)))
        aliases = self.aliases(option, value)
        self.set_no_log_values(option, value)
        self.check_arguments(option, value, list(options) + list(aliases))
        self._context.pop()
        return value


def prepare(spec: dict[str, t.Any], complex_args: dict[str, t.Any]) -> Run:
    """Run Ansible.Basic's constructor on a module's spec and arguments (both left as they are)."""
    run = Run()
    spec = copy.deepcopy(spec)
    params = copy.deepcopy(complex_args)
    run.params = params
    try:
        run.validate_spec(spec)
        run.set_spec_defaults(spec)
        aliases = run.aliases(spec, params)
        run.set_no_log_values(spec, params)
        run.no_log = bool(spec['no_log'])
        legal = ['_ansible_' + name for name in PASS_VARS] + list(spec['options']) + list(aliases)
        run.check_arguments(spec, params, legal)
    except _Exit:
        return run
    run.invocation = run.mask({'module_args': params})
    run.log_event('Invoked with:\r\n  %s' % _format_log_data(params, 2, run.no_log_values), sanitise=False)
    return run
