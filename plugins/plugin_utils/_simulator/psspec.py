# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a PowerShell module's Ansible.Basic argument spec without PowerShell, for the simulated license server.

Internal to the remotedesktop.licensing collection. The simulator plays the host side of the module framework from
each ``.ps1``'s own argument spec, as the host receives it: this module parses the script with the tree-sitter
PowerShell grammar, finds the ``[Ansible.Basic.AnsibleModule]::Create($args, $spec)`` call and evaluates the
hashtable given to it.

Only literal data is evaluated: hashtables, arrays (``@(...)`` and comma lists), single- and double-quoted strings
without variables or escapes, integers, ``$true``, ``$false`` and ``$null``, and a ``$variable`` assigned such a value
at the top of the script. Anything else (a function call, a fragment list, an expression) is refused with its line,
so that a spec the simulator cannot read fails every simulated run instead of being half understood.
"""

from __future__ import annotations

import hashlib
import typing as t


class SpecError(Exception):
    """A module whose argument spec cannot be read as literal data."""


_PARSER = None
_CACHE: dict[str, dict[str, t.Any]] = {}


def _parser():
    global _PARSER
    if _PARSER is None:
        try:
            import tree_sitter_powershell
            from tree_sitter import Language, Parser
        except ImportError as e:
            raise SpecError('reading the argument spec of a PowerShell module needs the Python packages tree-sitter '
                            'and tree-sitter-powershell on the controller (pip install tree-sitter '
                            'tree-sitter-powershell): %s' % e)
        _PARSER = Parser(Language(tree_sitter_powershell.language()))
    return _PARSER


class _Reader:
    def __init__(self, source: bytes):
        self.source = source

    def text(self, node) -> str:
        return self.source[node.start_byte:node.end_byte].decode('utf-8')

    def fail(self, node, what: str) -> t.NoReturn:
        raise SpecError('line %d: %s: %s' % (node.start_point[0] + 1, what, self.text(node).splitlines()[0][:80]))

    def value(self, node) -> t.Any:
        kind = node.type
        named = [c for c in node.children if c.is_named and c.type != 'comment']
        if kind == 'hash_literal_expression':
            return self.hashtable(node)
        if kind == 'array_expression':
            if not named:
                return []
            inner = self.value(named[0])
            return inner if isinstance(inner, list) else [inner]
        if kind == 'statement_list':
            items: list[t.Any] = []
            for child in named:
                item = self.value(child)
                items.extend(item if isinstance(item, list) and child.type != 'array_expression' else [item])
            return items if len(named) != 1 else self.value(named[0])
        if kind == 'array_literal_expression' and len(named) > 1:
            return [self.value(c) for c in named]
        if kind == 'string_literal':
            return self.string(node)
        if kind == 'integer_literal':
            return int(self.text(node), 0)
        if kind == 'variable':
            constants = {'$true': True, '$false': False, '$null': None}
            name = self.text(node).lower()
            if name not in constants:
                self.fail(node, 'a variable is not literal data')
            return constants[name]
        if kind in ('unary_expression', 'expression_with_unary_operator') and node.children \
                and node.children[0].type == '-' and len(named) == 1:
            number = self.value(named[0])
            if not isinstance(number, int) or isinstance(number, bool):
                self.fail(node, 'only a number can be negated')
            return -number
        tokens = [c for c in node.children if not c.is_named and c.type not in (';',)]
        if len(named) == 1 and not tokens:
            return self.value(named[0])
        self.fail(node, 'not literal data (%s)' % kind)

    def string(self, node) -> str:
        raw = self.text(node)
        if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
            return raw[1:-1].replace("''", "'")
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            body = raw[1:-1]
            if '$' in body or '`' in body:
                self.fail(node, 'an expandable string is not literal data')
            return body
        self.fail(node, 'a here-string is not read')

    def hashtable(self, node) -> dict[str, t.Any]:
        table: dict[str, t.Any] = {}
        entries = []
        for child in node.children:
            if child.type == 'hash_literal_body':
                entries.extend(c for c in child.children if c.type == 'hash_entry')
            elif child.type == 'hash_entry':
                entries.append(child)
        for entry in entries:
            parts = [c for c in entry.children if c.is_named and c.type != 'comment']
            if len(parts) != 2:
                self.fail(entry, 'a hashtable entry that is not key = value')
            key_node, value_node = parts
            key = self.string(key_node) if key_node.type == 'string_literal' else self.text(key_node)
            if key_node.type not in ('key_expression', 'simple_name', 'string_literal') or not key:
                self.fail(key_node, 'a hashtable key that is not a name')
            if key in table:
                self.fail(entry, 'a key given twice')
            table[key] = self.value(value_node)
        return table


def _walk(node) -> t.Iterator[t.Any]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _create_call(reader: _Reader, root) -> t.Any:
    calls = []
    for node in _walk(root):
        if node.type != 'invokation_expression':
            continue
        type_node = next((c for c in node.children if c.type == 'type_literal'), None)
        member = next((c for c in node.children if c.type == 'member_name'), None)
        if type_node is None or member is None:
            continue
        if reader.text(type_node).replace(' ', '') == '[Ansible.Basic.AnsibleModule]' and reader.text(member) == 'Create':
            calls.append(node)
    if len(calls) != 1:
        raise SpecError('expected one [Ansible.Basic.AnsibleModule]::Create call, found %d' % len(calls))
    return calls[0]


def _arguments(reader: _Reader, call) -> list[t.Any]:
    argument_list = next((c for c in call.children if c.type == 'argument_list'), None)
    expressions = next((c for c in argument_list.children if c.type == 'argument_expression_list'), None) \
        if argument_list is not None else None
    if expressions is None:
        reader.fail(call, 'Create without arguments')
    return [c for c in expressions.children if c.type == 'argument_expression']


def _innermost(node) -> t.Any:
    while True:
        named = [c for c in node.children if c.is_named]
        if len(named) != 1 or node.type in ('variable', 'hash_literal_expression'):
            return node
        node = named[0]


def _assignments(reader: _Reader, root, name: str) -> list[t.Any]:
    """The values assigned to $name by top-level statements of the script."""
    found = []
    statements = next((c for c in root.children if c.type == 'statement_list'), None)
    for statement in (statements.children if statements is not None else []):
        assignment = _innermost(statement)
        if assignment.type != 'assignment_expression':
            continue
        target, value = assignment.children[0], assignment.children[-1]
        if reader.text(target).strip().lower() == name.lower():
            found.append(value)
    return found


def read_spec(source: t.Union[str, bytes], cache: t.Any = None) -> dict[str, t.Any]:
    """The argument spec a ``.ps1`` gives to ``[Ansible.Basic.AnsibleModule]::Create``, as plain data.

    Specs are kept by the SHA-256 of the script: in this process, and in ``cache`` when given (an object with
    ``get(digest)`` and ``put(digest, spec)``: the state directory's ``store.SpecCache``). ansible-core runs each task
    in a new process, which would otherwise load the grammar and parse the script again for every module execution;
    that is the simulator's own cost, not one a real host has.

    Raises SpecError when the script has no such call, a syntax error, or a spec that is not literal data (such a
    script is never cached).
    """
    data = source.encode('utf-8') if isinstance(source, str) else source
    digest = hashlib.sha256(data).hexdigest()
    cached = _CACHE.get(digest)
    if cached is None and cache is not None:
        cached = cache.get(digest)
    if cached is None:
        cached = _read(data)
        if cache is not None:
            cache.put(digest, cached)
    _CACHE[digest] = cached
    return _copy(cached)


def _read(data: bytes) -> dict[str, t.Any]:
    tree = _parser().parse(data)
    if tree.root_node.has_error:
        raise SpecError('the script does not parse (tree-sitter PowerShell grammar)')
    reader = _Reader(data)
    call = _create_call(reader, tree.root_node)
    arguments = _arguments(reader, call)
    if len(arguments) != 2:
        reader.fail(call, 'Create with fragments (a third argument) is not read')
    spec_node = _innermost(arguments[1])
    if spec_node.type == 'variable':
        values = _assignments(reader, tree.root_node, reader.text(spec_node))
        if len(values) != 1:
            name = reader.text(spec_node)
            reader.fail(spec_node, 'expected one top-level assignment of %s, found %d' % (name, len(values)))
        spec_node = values[0]
    spec = reader.value(spec_node)
    if not isinstance(spec, dict):
        reader.fail(spec_node, 'the argument spec is not a hashtable')
    return spec


def _copy(value: t.Any) -> t.Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
