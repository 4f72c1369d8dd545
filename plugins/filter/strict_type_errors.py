# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter remotedesktop.licensing.strict_type_errors; documentation in strict_type_errors.yml."""

from __future__ import annotations

import collections.abc

from ansible.errors import AnsibleFilterError

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import type_errors


def strict_type_errors(values, argument_spec):
    """The messages for the values that are not strictly of their argument spec's types (empty list: all are)."""
    if not isinstance(values, collections.abc.Mapping):
        raise AnsibleFilterError('strict_type_errors: the input must be a dictionary of option names and values')
    if not isinstance(argument_spec, collections.abc.Mapping):
        raise AnsibleFilterError('strict_type_errors: argument_spec must be a dictionary of options, as the options of '
                                 'a role argument spec')
    return type_errors(dict(argument_spec), dict(values))


class FilterModule:

    def filters(self):
        return {'strict_type_errors': strict_type_errors}
