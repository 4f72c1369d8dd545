# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lookup remotedesktop.licensing.role_inputs: a role's inputs, strictly of their types."""

from __future__ import annotations

DOCUMENTATION = r"""
name: role_inputs
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
version_added: 0.2.0
short_description: The inputs of one of this collection's roles, checked strictly against their types, or its module's options
description:
  - Returns a dictionary of the inputs of a role of the collection C(remotedesktop.licensing) - every option of the
    C(main) entry point of its C(meta/argument_specs.yml) - with the values the task sees (role defaults, inventory,
    extra vars), after checking that each is strictly of its type.
  - ansible-core validates a role's inputs against its argument spec before the role's first task, but converts what
    it can and does not keep the result - a list given for a text input passes as its Python text, V(true) as the
    number 1, C(a,b) as a list. This lookup refuses such values with one error naming every wrong input by its
    variable name (and path, for example C(license_server_cal_packs[0].quantity)) and the kind of value found, never
    the value, which may be a secret. The rules are those of the filter
    P(remotedesktop.licensing.strict_type_errors#filter).
  - With O(module_options=true), returns instead the options of the role's module built from those inputs - for the
    role C(license_server), O(remotedesktop.licensing.win_rdlicense_server#module:role),
    O(remotedesktop.licensing.win_rdlicense_server#module:activation) and
    O(remotedesktop.licensing.win_rdlicense_server#module:cals) of M(remotedesktop.licensing.win_rdlicense_server).
    Empty inputs are left out (the module's defaults apply), the license server ID is passed only for an activation
    and the confirmation code only for a deactivation, and the declared CAL packs only for an activation. The roles'
    module tasks take their options from it, so that what the inputs mean is Python with unit tests, not Jinja, and
    nothing reaches a host before the inputs are checked.
  - The argument spec is read once per process.
options:
  _terms:
    description: The name of the role, without the collection (V(license_server)); exactly one.
    required: true
    type: list
    elements: str
  module_options:
    description: Return the options of the role's module built from its inputs, instead of the inputs.
    type: bool
    default: false
notes:
  - Inputs that are not set and have no default are returned as null.
seealso:
  - plugin: remotedesktop.licensing.strict_type_errors
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Converge the license server from the inputs of the role license_server
  remotedesktop.licensing.win_rdlicense_server:
    role: "{{ declaration.role }}"
    activation: "{{ declaration.activation }}"
    cals: "{{ declaration.cals }}"
  vars:
    declaration: "{{ lookup('remotedesktop.licensing.role_inputs', 'license_server', module_options=true) }}"

- name: The inputs of the role license_server, strictly typed, for a report of what a play declares
  ansible.builtin.set_fact:
    declared: "{{ lookup('remotedesktop.licensing.role_inputs', 'license_server') }}"
"""

RETURN = r"""
_raw:
  description:
    - One dictionary, input name to value, with every input of the role's C(main) entry point.
    - With O(module_options=true), one dictionary of module options.
  type: list
  elements: dict
"""

import functools
import os
import re

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _declarations
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import type_errors

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader

_ROLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'roles')
_ROLE_NAME = re.compile(r'[a-z][a-z0-9_]*')


@functools.lru_cache(maxsize=None)
def role_options(role: str) -> dict:
    """The options of the role's ``main`` entry point (read once per process)."""
    path = os.path.join(_ROLES, role, 'meta', 'argument_specs.yml')
    try:
        with open(path, encoding='utf-8') as f:
            data = yaml.load(f, Loader=_Loader)  # nosec B506 - a safe loader
    except OSError as e:
        raise AnsibleLookupError('role_inputs: %s is not a role of remotedesktop.licensing (%s)' % (role, e.strerror))
    return data['argument_specs']['main']['options']


def inputs(role: str, values: dict) -> dict:
    """The role's inputs from ``values`` (name -> value, as the task sees them), or an error naming the wrong ones."""
    options = role_options(role)
    found = {name: values.get(name) for name in options}
    errors = type_errors(options, found)
    if errors:
        raise AnsibleLookupError('%s: %s' % (role, '; '.join(errors)))
    return found


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if len(terms) != 1 or not isinstance(terms[0], str) or not _ROLE_NAME.fullmatch(terms[0]):
            raise AnsibleLookupError('role_inputs: give one role name of remotedesktop.licensing, for example '
                                     "lookup('remotedesktop.licensing.role_inputs', 'license_server')")
        role = terms[0]
        unknown = sorted(set(kwargs) - {'module_options'})
        if unknown:
            raise AnsibleLookupError('role_inputs: unknown option %s (the only option is module_options)' % ', '.join(unknown))
        module_options = kwargs.get('module_options', False)
        if not isinstance(module_options, bool):
            raise AnsibleLookupError('role_inputs: module_options must be true or false')
        variables = variables or {}
        values = {}
        for name in role_options(role):
            if name in variables:
                values[name] = self._templar.template(variables[name])
        found = inputs(role, values)
        if not module_options:
            return [found]
        build = _declarations.MODULE_OPTIONS.get(role)
        if build is None:
            raise AnsibleLookupError('role_inputs: the role %s has no module options to build (module_options=true)'
                                     % role)
        try:
            return [build(found)]
        except _declarations.DeclarationError as e:
            raise AnsibleLookupError('role_inputs: %s' % e)
