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
short_description: The inputs of one of this collection's roles, checked strictly against their types
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
  - The role C(license_server) hands the result whole to
    O(remotedesktop.licensing.win_rdlicense_server#module:role_inputs), which builds its options from it in Python;
    the task fails before anything is sent when an input is of the wrong type.
  - The argument spec is read once per process.
options:
  _terms:
    description: The name of the role, without the collection (V(license_server)); exactly one.
    required: true
    type: list
    elements: str
notes:
  - Inputs that are not set and have no default are returned as null.
  - Each input is templated to the value it gives, as ansible-core 2.19 does, on earlier releases too, which would
    render V({{ 30 }}) as the text V(30) and V({{ none }}) as an empty string. The inputs have the same types on
    every release.
seealso:
  - plugin: remotedesktop.licensing.strict_type_errors
    plugin_type: filter
  - module: remotedesktop.licensing.win_rdlicense_server
"""

EXAMPLES = r"""
- name: Converge the license server from the inputs of the role license_server
  remotedesktop.licensing.win_rdlicense_server:
    role_inputs: "{{ lookup('remotedesktop.licensing.role_inputs', 'license_server') }}"

- name: The inputs of the role license_server, strictly typed, for a report of what a play declares
  ansible.builtin.set_fact:
    declared: "{{ lookup('remotedesktop.licensing.role_inputs', 'license_server') }}"
"""

RETURN = r"""
_raw:
  description: One dictionary, input name to value, with every input of the role's C(main) entry point.
  type: list
  elements: dict
"""

import functools

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _declarations


def _native(templar):
    """The templar, rendering each template as the value it gives, as ansible-core does from 2.19 on. Before 2.19
    (without jinja2_native) a template is rendered as text unless it looks like a list or a dictionary: "{{ 30 }}" gives
    '30' and "{{ none }}" gives '', which is no dictionary, list, number or boolean; a copy of the templar with
    ansible-core's native environment gives 30 and null, so that the inputs have the same types on every release."""
    try:
        from ansible.template import AnsibleNativeEnvironment  # ansible-core 2.18 and older
    except ImportError:  # ansible-core 2.19 and later: native types always
        return templar
    copy = getattr(templar, 'copy_with_new_env', None)
    if copy is None or isinstance(getattr(templar, 'environment', None), AnsibleNativeEnvironment):
        return templar
    # The copy keeps the environment's attributes, its finalize among them (which turns null into ''): take the
    # native environment's.
    return copy(environment_class=AnsibleNativeEnvironment, finalize=_native_finalize())


@functools.lru_cache(maxsize=None)
def _native_finalize():
    from ansible.template import AnsibleNativeEnvironment
    return AnsibleNativeEnvironment().finalize


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if len(terms) != 1 or not isinstance(terms[0], str) or not _declarations.ROLE_NAME.fullmatch(terms[0]):
            raise AnsibleLookupError('role_inputs: give one role name of remotedesktop.licensing, for example '
                                     "lookup('remotedesktop.licensing.role_inputs', 'license_server')")
        if kwargs:
            raise AnsibleLookupError('role_inputs: unknown option %s (it takes none)' % ', '.join(sorted(kwargs)))
        role = terms[0]
        variables = variables or {}
        try:
            names = _declarations.role_options(role)
        except _declarations.DeclarationError as e:
            raise AnsibleLookupError('role_inputs: %s' % e)
        templar = _native(self._templar)
        values = {name: templar.template(variables[name]) for name in names if name in variables}
        try:
            return [_declarations.inputs(role, values)]
        except _declarations.DeclarationError as e:
            raise AnsibleLookupError(str(e))
