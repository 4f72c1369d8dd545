# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict types for the collection's inputs: plain data in, a list of messages out.

Internal to the remotedesktop.licensing collection; not a public API.

ansible-core's argument validation converts where it can: a list or a dict given for a ``str`` option becomes its
Python text (``"['Ada']"``), ``true`` passes as the ``int`` 1, ``'first_name=Ada'`` becomes a dict, digits of any
script are read as a number. Role argument specs are validated the same way, and the validated values are not even
written back. So every module of the collection, and the role ``license_server`` at its start, first checks the
values as given against the spec's types with ``type_errors``:

========  ==========================================================================================================
``str``   a string; a whole number is accepted too (YAML reads ``agreement_number: 1234567`` as one; ansible-core
          then converts it to its digits); not a boolean, a decimal number, a list or a dictionary
``int``   a whole number, or a string of ASCII digits (``-e quantity=25`` gives one); not a boolean, not a decimal
          number
``bool``  ``true`` or ``false``, or one of ansible's boolean strings (``yes``, ``no``, ``on``...); not a number
``dict``  a dictionary, not a string (ansible-core would parse ``key=value`` text into one)
``list``  a list, not a string (ansible-core would split ``a,b`` into one); its ``elements`` are checked the same way
========  ==========================================================================================================

Messages name the option by its path (``packs[0].quantity``, ``company_information.first_name``) and the kind of
value found, never the value: it may be a secret.
"""

from __future__ import annotations

import collections.abc
import re
import typing as t

# ansible-core's boolean strings (module_utils.parsing.convert_bool.BOOLEANS), compared in lower case.
BOOLEAN_STRINGS = frozenset(('y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f'))
_WHOLE_NUMBER = re.compile(r'\s*[-+]?[0-9]+\s*')

# C0 and C1 control characters (line breaks, tabs, NUL, escape...) and the Unicode line and paragraph separators: no
# name, company field or path of the collection holds one, and in a message or a report they would break its lines.
_CONTROL = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029]')

EXPECTED = {
    'str': 'a string',
    'path': 'a string',
    'int': 'a whole number',
    'bool': 'true or false',
    'dict': 'a dictionary',
    'list': 'a list',
}


def has_control_character(value: t.Any) -> bool:
    """Whether a string holds a control character (a line break, a tab, NUL...)."""
    return isinstance(value, str) and bool(_CONTROL.search(value))


def first_non_ascii(value: str) -> t.Optional[str]:
    """The first character that is not ASCII, described ("'ı' (U+0131)"), or None."""
    char = next((c for c in value if not c.isascii()), None)
    return None if char is None else "'%s' (U+%04X)" % (char, ord(char))


def kind(value: t.Any) -> str:
    """What a value is, in words, without the value: 'a boolean', 'a list', 'a string'..."""
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, int):
        return 'a whole number'
    if isinstance(value, float):
        return 'a decimal number'
    if isinstance(value, str):
        return 'a string'
    if isinstance(value, collections.abc.Mapping):
        return 'a dictionary'
    if isinstance(value, (list, tuple, set, frozenset)):
        return 'a list'
    return 'a value of type %s' % type(value).__name__


def problem(wanted: str, value: t.Any) -> t.Optional[str]:
    """Why ``value`` is not of the spec type ``wanted`` ('a boolean', ...), or None when it is."""
    found = kind(value)
    if wanted in ('str', 'path'):
        ok = isinstance(value, str) or found == 'a whole number'
    elif wanted == 'int':
        if isinstance(value, str):
            return None if _WHOLE_NUMBER.fullmatch(value) else 'a string that is not a whole number in ASCII digits'
        ok = found == 'a whole number'
    elif wanted == 'bool':
        if isinstance(value, str):
            return None if value.strip().lower() in BOOLEAN_STRINGS else 'a string that is not true or false'
        ok = found == 'a boolean'
    elif wanted == 'dict':
        ok = found == 'a dictionary'
    elif wanted == 'list':
        ok = found == 'a list'
    else:  # raw, and the types the collection does not use: ansible-core's validation decides
        ok = True
    return None if ok else found


def type_errors(spec: dict[str, t.Any], values: t.Any, prefix: str = '') -> list[str]:
    """Every value of ``values`` (option name -> value) that is not strictly of its spec type, as messages.

    Options the spec does not know and values that are None (not given) are left to ansible-core's validation.
    """
    if not isinstance(values, collections.abc.Mapping):
        return []
    entries: dict[str, dict[str, t.Any]] = {}
    for name, entry in spec.items():
        entries[name] = entry
        for alias in entry.get('aliases') or ():
            entries[alias] = entry
    errors: list[str] = []
    for name, value in values.items():
        entry = entries.get(name)
        if entry is None or value is None:
            continue
        errors += value_errors(entry, value, prefix + str(name))
    return errors


def value_errors(entry: dict[str, t.Any], value: t.Any, where: str) -> list[str]:
    """The messages for one value against its spec entry (and, for a list or a dict, what it holds)."""
    wanted = entry.get('type') or 'str'
    found = problem(wanted, value)
    if found:
        return ['%s must be %s, got %s' % (where, EXPECTED.get(wanted, wanted), found)]
    options = entry.get('options') or {}
    if wanted == 'dict':
        return type_errors(options, value, where + '.')
    errors: list[str] = []
    elements = entry.get('elements') if wanted == 'list' else None
    for index, item in enumerate(value if elements else ()):
        found = None if item is None else problem(elements, item)
        if found:
            errors.append('%s[%d] must be %s, got %s' % (where, index, EXPECTED.get(elements, elements), found))
        elif elements == 'dict':
            errors += type_errors(options, item, '%s[%d].' % (where, index))
    return errors
