# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict input types (plugin_utils/_types.py) and the masking of secrets in results (plugin_utils/_action.py)."""

from __future__ import annotations

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _action
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import type_errors

SPEC = {
    'text': {'type': 'str'},
    'count': {'type': 'int'},
    'flag': {'type': 'bool'},
    'anything': {'type': 'raw'},
    'info': {'type': 'dict', 'options': {'name': {'type': 'str'}}},
    'items': {'type': 'list', 'elements': 'dict', 'options': {'size': {'type': 'int'}, 'code': {'type': 'str'}}},
    'names': {'type': 'list', 'elements': 'str', 'aliases': ['labels']},
}


@pytest.mark.parametrize('values', [
    {'text': 'a', 'count': 3, 'flag': True, 'anything': [1], 'info': {'name': 'n'}, 'items': [{'size': 1}]},
    {'text': 1234567, 'count': '25', 'flag': 'yes', 'names': ['a'], 'info': {}, 'items': []},
    {'text': None, 'count': None, 'info': None, 'items': [None], 'labels': ['b'], 'unknown': ['left to ansible-core']},
    {'count': '-3', 'flag': 'False'},
])
def test_values_of_the_spec_types_pass(values):
    assert type_errors(SPEC, values) == []


@pytest.mark.parametrize('values, errors', [
    ({'text': ['a']}, ['text must be a string, got a list']),
    ({'text': {'a': 1}}, ['text must be a string, got a dictionary']),
    ({'text': True}, ['text must be a string, got a boolean']),
    ({'text': 1.5}, ['text must be a string, got a decimal number']),
    ({'count': True}, ['count must be a whole number, got a boolean']),
    ({'count': 2.0}, ['count must be a whole number, got a decimal number']),
    ({'count': '٣'}, ['count must be a whole number, got a string that is not a whole number in ASCII digits']),
    ({'count': [3]}, ['count must be a whole number, got a list']),
    ({'flag': 1}, ['flag must be true or false, got a whole number']),
    ({'flag': 'maybe'}, ['flag must be true or false, got a string that is not true or false']),
    ({'info': 'name=n'}, ['info must be a dictionary, got a string']),
    ({'info': {'name': ['n']}}, ['info.name must be a string, got a list']),
    ({'items': 'a,b'}, ['items must be a list, got a string']),
    ({'items': [{'size': 1}, 'x', {'size': True, 'code': ['c']}]},
     ['items[1] must be a dictionary, got a string', 'items[2].size must be a whole number, got a boolean',
      'items[2].code must be a string, got a list']),
    ({'labels': [['a']]}, ['labels[0] must be a string, got a list']),
], ids=str)
def test_values_not_of_the_spec_types_are_named_never_shown(values, errors):
    assert type_errors(SPEC, values) == errors


def test_the_action_spec_marks_what_is_checked():
    spec = _action.spec_from_docs('options:\n  quantity:\n    type: int\n  info:\n    type: dict\n    suboptions:\n'
                                  '      name:\n        type: str\n')
    assert type_errors(spec, {'quantity': True, 'info': {'name': ['x']}}) == [
        'quantity must be a whole number, got a boolean', 'info.name must be a string, got a list']


# --------------------------------------------------------------------------------------------------------------------
# Masking
# --------------------------------------------------------------------------------------------------------------------
MESSAGE = 'win_rdlicense_cals: packs[0]: license_code must be 25 letters and digits, got 1 character'


@pytest.mark.parametrize('secret', ['', ' ', 'a', 'e', '1', 'ce', 'ion'])
def test_a_value_too_short_to_be_a_secret_is_not_masked(secret):
    assert _action.mask_secrets({'msg': MESSAGE, 'n': 1}, {secret}) == {'msg': MESSAGE, 'n': 1}


def test_a_short_secret_is_masked_as_a_word_only():
    text = 'win_rdlicense_cals: license_code code: code, (code) x-code-y codes decode'
    masked = 'win_rdlicense_cals: license_code ********: ********, (********) x-********-y codes decode'
    assert _action.mask_secrets(text, {'code'}) == masked
    assert _action.mask_secrets('it is license 3141592, not 31415926 or 0x3141592', {'3141592'}) == \
        'it is license ********, not 31415926 or 0x3141592'


def test_a_long_secret_is_masked_anywhere_in_keys_values_and_numbers():
    code = '70001000079581D31D38E82A1'
    data = {'msg': 'code%sX' % code, code: [('a', code)], 'n': 3141592, 'b': True, 'none': None}
    assert _action.mask_secrets(data, {code, '3141592'}) == {
        'msg': 'code********X', '********': [('a', '********')], 'n': '********', 'b': True, 'none': None}


def test_secret_values_holds_given_and_trimmed_texts_never_containers():
    spec = {'code': {'type': 'str', 'no_log': True}, 'list': {'type': 'list', 'no_log': True}}
    assert _action.secret_values(spec, {'code': ' ABCD ', 'list': ['x']}) == {' ABCD ', 'ABCD'}
