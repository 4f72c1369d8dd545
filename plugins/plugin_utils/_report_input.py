# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the report filters (drift_report, cal_report, licensing_health) share: reading host variables strictly, with errors that name
the filter, the host and the key, never the value.

Internal to the remotedesktop.licensing collection; not a public API.
"""

from __future__ import annotations

import collections.abc
import datetime
import typing as t

try:  # ansible-core 2.19 and later; importing the older name costs a deprecation warning, and its stack walk, per task
    from ansible.errors import AnsibleTypeError as FilterTypeError
except ImportError:  # ansible-core 2.16 to 2.18
    from ansible.errors import AnsibleFilterTypeError as FilterTypeError

UNREACHABLE = "the server did not answer (unreachable); see the run's output"
MISSING = object()


def kind(value: t.Any) -> str:
    """What a value is, in words (never the value)."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, int):
        return 'a whole number'
    if isinstance(value, str):
        return 'a string'
    if isinstance(value, collections.abc.Mapping):
        return 'a dictionary'
    if isinstance(value, collections.abc.Sequence):
        return 'a list'
    return 'a ' + type(value).__name__


def plain(value: t.Any) -> t.Any:
    """A copy of ``value`` of plain dicts and lists (hostvars may hand out lazy containers)."""
    if isinstance(value, collections.abc.Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def host_var(host_vars: t.Any, name: str) -> t.Any:
    return host_vars[name] if name in host_vars else MISSING


class Reader:
    """Strict reading for the filter ``name``: each method returns the value or raises FilterTypeError."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, expected: str, value: t.Any) -> FilterTypeError:
        return FilterTypeError('%s: %s must be %s, got %s' % (self.name, where, expected, kind(value)))

    def dict(self, value: t.Any, where: str, expected: str = 'a dictionary or null') -> dict:
        """``value`` as a dict; null (or missing) is the empty one."""
        if value is None:
            return {}
        if not isinstance(value, collections.abc.Mapping):
            raise self.fail(where, expected, value)
        return dict(value)

    def list(self, value: t.Any, where: str) -> list:
        """``value`` as a list; null is the empty one."""
        if value is None:
            return []
        if isinstance(value, (str, bytes)) or not isinstance(value, collections.abc.Sequence):
            raise self.fail(where, 'a list or null', value)
        return list(value)

    def generated(self, value: t.Any) -> str:
        """The time of a report as text: ``value``, or by default the controller's current time (UTC)."""
        if value is None:
            return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
        if not isinstance(value, str):
            raise self.fail('generated', 'a string or null', value)
        return value

    def in_scope(self, hostvars: t.Mapping, hosts: t.Any, where: str, marker: str) -> list:
        """(host, its variables) for each host of the list ``hosts`` (named ``where``) whose variables hold
        ``marker``, the variable a playbook sets on the hosts that took part in its run."""
        if isinstance(hosts, (str, bytes)) or not isinstance(hosts, collections.abc.Sequence):
            raise self.fail(where, 'a list of host names', hosts)
        found = []
        for index, host in enumerate(hosts):
            if not isinstance(host, str):
                raise self.fail('%s[%d]' % (where, index), 'a host name (a string)', host)
            host_vars = hostvars[host] if host in hostvars else {}
            if not isinstance(host_vars, collections.abc.Mapping):
                raise self.fail('the variables of %s' % host, 'a dictionary', host_vars)
            if marker in host_vars:
                found.append((host, host_vars))
        return found

    def text(self, section: t.Mapping, key: str, where: str) -> t.Optional[str]:
        value = section.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail('%s.%s' % (where, key), 'a string or null', value)
        return value

    def flag(self, section: t.Mapping, key: str, where: str, default: t.Optional[bool] = None) -> t.Optional[bool]:
        value = section.get(key, default)
        if value is not None and not isinstance(value, bool):
            raise self.fail('%s.%s' % (where, key), 'a boolean or null', value)
        return value

    def number(self, section: t.Mapping, key: str, where: str, default: t.Optional[int] = None) -> t.Optional[int]:
        value = section.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail('%s.%s' % (where, key), 'a whole number or null', value)
        return value
