# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PowerShell conformance checks with tree-sitter, for machines without PowerShell.

Reads every .ps1 of plugins/modules and every .psm1 of plugins/module_utils and checks three things:

1. every step type of the operation contract (plugins/plugin_utils/_contract.py) has an entry in the .ps1's
   ``$handlers`` table whose ``Operation`` is the contract's operation name, and whose ``Action`` calls the cmdlet the
   contract names with the named parameters it lists, or ``Invoke-CimMethod`` with the class, the method and exactly
   the argument names of the catalogue (``_catalogue.WMI_CLASSES``);
2. every ``Invoke-CimMethod`` reached from a handler or a probe names a class, a method and argument names the
   catalogue documents, and every ``Get-CimInstance -ClassName`` a documented class;
3. every command called anywhere is one of the collection's own functions (with the parameters of its param block)
   or a Windows PowerShell 5.1 command of tools/data/ps51_commands.json (with the parameters listed there, plus the
   common parameters), the parameters given directly or splatted from a hashtable;
4. the ServerManager cmdlets run only in a script block given to Invoke-RDLicensingServerManager (a Windows
   PowerShell 5.1 job under PowerShell 7), and every registry key opened with Get-Item is closed (Dispose) in a
   finally block of the same function.

How calls are followed: a small abstract interpreter runs each handler's ``Action`` script block (``$Step`` unknown)
and each module's top-level script (which runs the probe through ``Invoke-RDLicensingOperation -Probe``). It knows
string literals, hashtables (literal, then grown by ``$h.Key = ...`` and ``$h['Key'] = ...``), arrays, script blocks
and ``${function:Name}``; it binds the arguments of a call of one of the collection's own functions to that
function's parameters (named, positional, defaults) and runs its body, runs a script block given to ``&`` or to a
cmdlet (``Start-Job -ScriptBlock ... -ArgumentList ...``, ``ForEach-Object``), and looks variables up the way
PowerShell does: through the caller's scopes for functions of the .ps1, through the module's script scope for
functions of the .psm1. Both branches of every ``if`` are taken, so a splatted hashtable has every key any branch may
give it. Anything else is "unknown": a check that needs a value it cannot tell fails and says so.

Usage: python tools/psconform.py [--root COLLECTION_ROOT] [--table PATH]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import types
import typing as t

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.dirname(HERE)
DEFAULT_TABLE = os.path.join(HERE, 'data', 'ps51_commands.json')
PLUGIN_UTILS = 'ansible_collections.remotedesktop.licensing.plugins.plugin_utils'

# Expression nodes of the grammar that only wrap their one child.
_WRAPPERS = frozenset((
    'logical_expression', 'bitwise_expression', 'comparison_expression', 'additive_expression',
    'multiplicative_expression', 'format_expression', 'range_expression', 'array_literal_expression',
    'unary_expression', 'pipeline_chain', 'pipeline', 'left_assignment_expression', 'parenthesized_expression',
    'statement_list',
))
_MAX_DEPTH = 30


# ----------------------------------------------------------------------------------------------------------------
# Values of the abstract interpreter
# ----------------------------------------------------------------------------------------------------------------
class Unknown:
    def __repr__(self):
        return '<unknown>'


UNKNOWN = Unknown()


class Str:
    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return repr(self.text)


class Hash:
    """A hashtable: its keys (case-insensitive, original spelling kept) and values; dynamic when a key is computed."""

    def __init__(self):
        self.entries: dict[str, tuple[str, t.Any]] = {}
        self.dynamic = False

    def set(self, name: str, value: t.Any) -> None:
        self.entries[name.lower()] = (name, value)

    def get(self, name: str) -> t.Any:
        return self.entries.get(name.lower(), (name, UNKNOWN))[1]

    def names(self) -> list[str]:
        return [name for name, dummy in self.entries.values()]


class ListV:
    def __init__(self, items: list[t.Any]):
        self.items = items


class Block:
    def __init__(self, node, file: 'PsFile', env: 'Env'):
        self.node = node
        self.file = file
        self.env = env


class CimInstance:
    """What Get-CimInstance -ClassName <class> gives: instances of that class (an instance method is called on one
    with Invoke-CimMethod -InputObject)."""

    def __init__(self, class_name: str):
        self.class_name = class_name


class FunctionRef:
    def __init__(self, name: str):
        self.name = name


class Env:
    """A PowerShell scope: its variables, the scope it was called from, and (for a script block) where it was made."""

    def __init__(self, parent: t.Optional['Env'] = None, fallback: t.Optional['Env'] = None):
        self.vars: dict[str, t.Any] = {}
        self.parent = parent
        self.fallback = fallback

    def lookup(self, name: str) -> t.Any:
        key = name.lower()
        env: t.Optional[Env] = self
        while env is not None:
            if key in env.vars:
                return env.vars[key]
            env = env.parent
        return self.fallback.lookup(name) if self.fallback is not None else UNKNOWN

    def set(self, name: str, value: t.Any) -> None:
        self.vars[name.lower()] = value


# ----------------------------------------------------------------------------------------------------------------
# Files, functions, calls, problems
# ----------------------------------------------------------------------------------------------------------------
class PsFile:
    def __init__(self, path: str, source: bytes, parser):
        self.path = path
        self.source = source
        self.tree = parser.parse(source)
        self.is_module_util = path.endswith('.psm1')

    def text(self, node) -> str:
        return self.source[node.start_byte:node.end_byte].decode('utf-8', 'replace')

    def line(self, node) -> int:
        return node.start_point[0] + 1


class Function:
    def __init__(self, name: str, file: PsFile, node):
        self.name = name
        self.file = file
        self.node = node
        block = _child(node, 'script_block')
        self.body = block
        self.params = _params(file, block)
        self.advanced = '[parameter(' in file.text(block).lower() or '[cmdletbinding(' in file.text(block).lower()


class Call:
    """One command call as the interpreter saw it: name, named parameters (direct and splatted) and where."""

    def __init__(self, name: str, file: PsFile, node, trail: tuple[str, ...]):
        self.name = name
        self.file = file
        self.node = node
        self.trail = trail
        self.named: dict[str, tuple[str, t.Any]] = {}
        self.positional: list[t.Any] = []
        self.unresolved_splats: list[str] = []

    def arg(self, name: str) -> t.Any:
        return self.named.get(name.lower(), (name, UNKNOWN))[1]

    def where(self) -> str:
        via = ' (via %s)' % ' -> '.join(self.trail) if self.trail else ''
        return '%s line %d%s' % (self.file.path, self.file.line(self.node), via)


class Problem:
    def __init__(self, path: str, line: int, message: str):
        self.path = path
        self.line = line
        self.message = message

    def __str__(self):
        return '%s:%d: %s' % (self.path, self.line, self.message)

    def key(self):
        return (self.path, self.line, self.message)


def _named(node) -> list:
    return [c for c in node.children if c.is_named and c.type != 'comment']


def _child(node, kind: str):
    for c in node.children:
        if c.type == kind:
            return c
    return None


def _unwrap(node):
    while node is not None and node.type in _WRAPPERS:
        kids = _named(node)
        if len(kids) != 1:
            break
        node = kids[0]
    return node


def _params(file: PsFile, block) -> list[tuple[str, t.Any, bool]]:
    """(name, default node, is a switch) of each parameter of a script block's param() block."""
    found = []
    param_block = _child(block, 'param_block') if block is not None else None
    if param_block is None:
        return found
    plist = _child(param_block, 'parameter_list')
    for param in (_named(plist) if plist is not None else []):
        if param.type != 'script_parameter':
            continue
        var = _child(param, 'variable')
        default = _child(param, 'script_parameter_default')
        attrs = _child(param, 'attribute_list')
        switch = attrs is not None and '[switch]' in file.text(attrs).lower()
        found.append((file.text(var)[1:], default, switch))
    return found


def _string(file: PsFile, node) -> t.Optional[str]:
    """The text of a string literal without variables, else None."""
    node = _unwrap(node)
    if node is None or node.type != 'string_literal':
        return None
    inner = _named(node)
    if len(inner) != 1:
        return None
    part = inner[0]
    if part.type.startswith('verbatim'):
        text = file.text(part)
        return text[1:-1].replace("''", "'") if text.startswith("'") else None
    if part.type == 'expandable_string_literal' and not _named(part):
        return file.text(part)[1:-1]
    return None


# ----------------------------------------------------------------------------------------------------------------
# The interpreter
# ----------------------------------------------------------------------------------------------------------------
class Interpreter:
    def __init__(self, files: list[PsFile], switches: dict[str, set[str]]):
        self.files = files
        self.switches = switches
        self.functions: dict[str, Function] = {}
        for file in files:
            for node in _walk(file.tree.root_node):
                if node.type == 'function_statement':
                    name = file.text(_child(node, 'function_name'))
                    self.functions[name.lower()] = Function(name, file, node)
        # Ansible imports every module util as a module of its own into the global scope: each .psm1 has its script
        # scope (whose parent is the global scope), and what it exports with Export-ModuleMember -Variable is global.
        self.global_env = Env()
        self.module_envs = {file.path: Env(parent=self.global_env) for file in files if file.is_module_util}
        self.calls: list[Call] = []
        # (file, node, key) of each key two hashtables added with + both hold (PowerShell throws)
        self.duplicate_keys: list[tuple[PsFile, t.Any, str]] = []
        self.depth = 0

    def env_of(self, file: PsFile) -> Env:
        """The script scope a function or script block of this file runs under: its module's, or the global one."""
        return self.module_envs.get(file.path, self.global_env)

    def export_variables(self, file: PsFile) -> None:
        """Export-ModuleMember -Variable of a .psm1: the named variables of its script scope become global."""
        env = self.env_of(file)
        for call in self.calls:
            if call.file is not file or call.name.lower() != 'export-modulemember':
                continue
            names = call.arg('Variable')
            for name in (names.items if isinstance(names, ListV) else [names]):
                if isinstance(name, Str) and name.text.lower() in env.vars:
                    self.global_env.set(name.text, env.vars[name.text.lower()])

    # -- statements --------------------------------------------------------------------------------------------
    def run_script(self, file: PsFile, env: Env, trail: tuple[str, ...]) -> None:
        self.visit(file.tree.root_node, file, env, trail, [])

    def visit(self, node, file: PsFile, env: Env, trail, sink: list[Call]) -> None:
        kind = node.type
        if kind in ('function_statement', 'comment', 'param_block'):
            return
        if kind == 'assignment_expression':
            self.assign(node, file, env, trail, sink)
        elif kind == 'command':
            self.command(node, file, env, trail, sink)
        elif kind == 'script_block_expression':
            return  # a value: it runs when it is invoked
        else:
            for child in _named(node):
                self.visit(child, file, env, trail, sink)

    def assign(self, node, file: PsFile, env: Env, trail, sink) -> None:
        kids = _named(node)
        lhs, rhs = kids[0], kids[-1]
        operator = _child(node, 'assignement_operator')
        value = self.eval(rhs, file, env, trail, sink)
        if operator is not None and file.text(operator) != '=':
            value = UNKNOWN
        target = _unwrap(lhs)
        if target.type == 'variable':
            name = file.text(target)[1:]
            if operator is not None and file.text(operator) != '=' and isinstance(env.lookup(name), Hash):
                return
            env.set(name, value)
        elif target.type == 'member_access':
            parts = _named(target)
            base = self.eval(parts[0], file, env, trail, sink)
            member = file.text(parts[-1])
            if isinstance(base, Hash):
                base.set(member, value)
        elif target.type == 'element_access':
            parts = _named(target)
            base = self.eval(parts[0], file, env, trail, sink)
            index = self.eval(parts[-1], file, env, trail, sink)
            if isinstance(base, Hash):
                if isinstance(index, Str):
                    base.set(index.text, value)
                else:
                    base.dynamic = True

    # -- expressions -------------------------------------------------------------------------------------------
    def eval(self, node, file: PsFile, env: Env, trail, sink) -> t.Any:
        node = _unwrap(node)
        if node is None:
            return UNKNOWN
        kind = node.type
        text = _string(file, node)
        if text is not None:
            return Str(text)
        if kind in ('integer_literal', 'real_literal', 'generic_token'):
            return Str(file.text(node))
        if kind == 'hash_literal_expression':
            result = Hash()
            body = _child(node, 'hash_literal_body')
            for entry in (_named(body) if body is not None else []):
                if entry.type != 'hash_entry':
                    continue
                key_node = _child(entry, 'key_expression')
                key = _string(file, _named(key_node)[0]) if _named(key_node) else None
                if key is None:
                    key = file.text(key_node)
                result.set(key, self.eval(_named(entry)[-1], file, env, trail, sink))
            return result
        if kind == 'array_expression':
            inner = _child(node, 'statement_list')
            return ListV([self.eval(p, file, env, trail, sink) for p in (_named(inner) if inner else [])])
        if kind == 'array_literal_expression':
            return ListV([self.eval(p, file, env, trail, sink) for p in _named(node)])
        if kind == 'variable':
            name = file.text(node)
            if name.lower().startswith('${function:'):
                return FunctionRef(name[len('${function:'):-1])
            name = name.lstrip('$@')
            if name.lower() in ('true', 'false', 'null', '_', 'args'):
                return UNKNOWN
            return env.lookup(name)
        if kind == 'member_access':
            parts = _named(node)
            base = self.eval(parts[0], file, env, trail, sink)
            return base.get(file.text(parts[-1])) if isinstance(base, Hash) else UNKNOWN
        if kind == 'element_access':
            parts = _named(node)
            base = self.eval(parts[0], file, env, trail, sink)
            index = self.eval(parts[-1], file, env, trail, sink)
            return base.get(index.text) if isinstance(base, Hash) and isinstance(index, Str) else UNKNOWN
        if kind == 'cast_expression':
            return self.eval(_named(node)[-1], file, env, trail, sink)
        if kind == 'expression_with_unary_operator' and len(_named(node)) == 1:
            return self.eval(_named(node)[0], file, env, trail, sink)
        if kind == 'script_block_expression':
            return Block(node, file, env)
        if kind == 'command':
            return self.command(node, file, env, trail, sink)
        if kind == 'additive_expression':
            return self.add(node, file, env, trail, sink)
        self.visit(node, file, env, trail, sink)
        return UNKNOWN

    def add(self, node, file: PsFile, env: Env, trail, sink) -> t.Any:
        """a + b: of hashtables, one with the keys of both (PowerShell throws when both hold a key); else unknown."""
        operators = [file.text(c) for c in node.children if not c.is_named]
        values = [self.eval(c, file, env, trail, sink) for c in _named(node)]
        if operators != ['+'] * (len(values) - 1) or not all(isinstance(v, Hash) for v in values):
            return UNKNOWN
        result = Hash()
        for value in values:
            result.dynamic = result.dynamic or value.dynamic
            for key, (name, item) in value.entries.items():
                if key in result.entries:
                    self.duplicate_keys.append((file, node, name))
                result.entries[key] = (name, item)
        return result

    # -- commands ----------------------------------------------------------------------------------------------
    def command(self, node, file: PsFile, env: Env, trail, sink) -> t.Any:
        """Follow a command call; its output when it is one of the collection's functions (else unknown)."""
        name_node = _child(node, 'command_name')
        target: t.Any = None
        if name_node is not None:
            name = file.text(name_node)
        else:
            expr = _child(node, 'command_name_expr')
            while expr is not None and expr.type in ('command_name_expr', 'path_command_name') and _named(expr):
                expr = _named(expr)[0]
            target = self.eval(expr, file, env, trail, sink) if expr is not None else UNKNOWN
            name = '&'
        call = Call(name, file, node, trail)
        self.bind_arguments(call, _child(node, 'command_elements'), file, env, trail, sink)
        self.calls.append(call)
        sink.append(call)
        if self.depth >= _MAX_DEPTH:
            return UNKNOWN
        if isinstance(target, FunctionRef):
            name = target.name
        if isinstance(target, Block):
            self.run_block(target, call.positional, env, trail, sink)
        elif name.lower() in self.functions:
            return self.run_function(self.functions[name.lower()], call, env, trail, sink)
        else:
            # A cmdlet runs the script blocks it is given (ForEach-Object, Where-Object, Start-Job -ScriptBlock).
            arguments = call.arg('ArgumentList')
            items = arguments.items if isinstance(arguments, ListV) else []
            for value in [v for dummy, v in call.named.values()] + call.positional:
                if isinstance(value, Block):
                    self.run_block(value, items, env, trail, sink)
            klass = call.arg('ClassName')
            if name.lower() == 'get-ciminstance' and isinstance(klass, Str):
                return CimInstance(klass.text)
        return UNKNOWN

    def bind_arguments(self, call: Call, elements, file: PsFile, env: Env, trail, sink) -> None:
        if elements is None:
            return
        kids = list(elements.children)
        pending: t.Optional[str] = None
        switches = self.switch_names(call.name)
        idx = 0
        while idx < len(kids):
            kid = kids[idx]
            idx += 1
            if not kid.is_named or kid.type == 'comment':
                continue
            if kid.type == 'command_argument_sep':
                if file.text(kid) == ':' and pending is not None:
                    continue
                continue
            if kid.type == 'command_parameter':
                if pending is not None:
                    call.named[pending.lower()] = (pending, UNKNOWN)
                pname = file.text(kid).lstrip('-').rstrip(':')
                colon = file.text(kid).endswith(':') or (idx < len(kids) and kids[idx].type == 'command_argument_sep'
                                                         and file.text(kids[idx]) == ':')
                if pname.lower() in switches and not colon:
                    call.named[pname.lower()] = (pname, Str('$true'))
                    pending = None
                else:
                    pending = pname
                continue
            raw = _unwrap(kid)
            if pending is None and raw is not None and raw.type == 'variable' and file.text(raw).startswith('@'):
                splat = env.lookup(file.text(raw)[1:])
                if isinstance(splat, Hash) and not splat.dynamic:
                    for key, value in splat.entries.items():
                        call.named[key] = value
                else:
                    call.unresolved_splats.append(file.text(raw))
                continue
            value = self.eval(kid, file, env, trail, sink)
            if pending is not None:
                call.named[pending.lower()] = (pending, value)
                pending = None
            else:
                call.positional.append(value)
        if pending is not None:
            call.named[pending.lower()] = (pending, Str('$true'))

    def switch_names(self, name: str) -> set[str]:
        func = self.functions.get(name.lower())
        if func is not None:
            return {p.lower() for p, dummy, switch in func.params if switch}
        return self.switches.get(name.lower(), set())

    def run_function(self, func: Function, call: Call, caller: Env, trail, sink) -> t.Any:
        """Run a function of the collection; its output, when its last statement is a value (a hashtable, a variable,
        an array), else unknown."""
        if func.name in trail:
            return UNKNOWN
        env = Env(parent=self.env_of(func.file) if func.file.is_module_util else caller)
        positional = list(call.positional)
        for pname, default, dummy in func.params:
            if pname.lower() in call.named:
                env.set(pname, call.named[pname.lower()][1])
            elif positional:
                env.set(pname, positional.pop(0))
            elif default is not None:
                env.set(pname, self.eval(_named(default)[-1], func.file, env, trail, sink))
            else:
                env.set(pname, UNKNOWN)
        self.depth += 1
        try:
            self.visit(func.body, func.file, env, trail + (func.name,), sink)
            last = _last_statement(func.body)
            if last is not None and _unwrap(last).type in ('hash_literal_expression', 'variable', 'array_expression'):
                return self.eval(last, func.file, env, trail + (func.name,), sink)
            return UNKNOWN
        finally:
            self.depth -= 1

    def run_block(self, block: Block, args: list[t.Any], caller: Env, trail, sink) -> None:
        env = Env(parent=caller, fallback=block.env)
        body = _child(block.node, 'script_block')
        params = _params(block.file, block.node)
        for (pname, dummy, dummy2), value in zip(params, list(args) + [UNKNOWN] * len(params)):
            env.set(pname, value)
        if body is None:
            return
        self.depth += 1
        try:
            self.visit(body, block.file, env, trail, sink)
        finally:
            self.depth -= 1


def _last_statement(block):
    """The last statement of a script block's body, or None."""
    body = _child(block, 'script_block_body') if block is not None else None
    statements = _child(body, 'statement_list') if body is not None else None
    kids = _named(statements) if statements is not None else []
    return kids[-1] if kids else None


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


# ----------------------------------------------------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------------------------------------------------
def _cim_target(call: Call) -> tuple[t.Optional[str], t.Optional[str]]:
    klass, method = call.arg('ClassName'), call.arg('MethodName')
    instance = call.arg('InputObject')
    if not isinstance(klass, Str) and isinstance(instance, CimInstance):
        klass = Str(instance.class_name)  # an instance method, called on an instance Get-CimInstance gave
    return (klass.text if isinstance(klass, Str) else None, method.text if isinstance(method, Str) else None)


def _cim_arguments(call: Call) -> t.Optional[list[str]]:
    """Argument names given to Invoke-CimMethod ([] for none), or None when they cannot be told."""
    if 'arguments' not in call.named:
        return []
    value = call.arg('Arguments')
    if isinstance(value, Hash) and not value.dynamic:
        return value.names()
    return None


def check_handlers(module: str, handlers: t.Any, handler_calls: dict[str, list[Call]], file: PsFile,
                   operations: dict[str, dict[str, t.Any]], operation_name) -> list[Problem]:
    problems = []
    where = (file.path, 1)
    if not isinstance(handlers, Hash):
        return [Problem(where[0], where[1], '%s: no $handlers = @{ ... } table found' % module)]
    table = {name: handlers.get(name) for name in handlers.names()}
    for name in sorted(set(table) - set(operations)):
        problems.append(Problem(*where, message='%s: handler %s is not a step of the contract' % (module, name)))
    for step, op in operations.items():
        entry = table.get(step)
        if not isinstance(entry, Hash) or not isinstance(entry.get('Action'), Block):
            problems.append(Problem(*where, message='%s step %s: no handler with an Action script block in the '
                                                    '$handlers table' % (module, step)))
            continue
        action_file = entry.get('Action').file
        line = action_file.line(entry.get('Action').node)
        declared = entry.get('Operation')
        if not isinstance(declared, Str) or declared.text != operation_name(op):
            problems.append(Problem(action_file.path, line, "%s step %s: its Operation is %r, the contract's operation is %r"
                                    % (module, step, getattr(declared, 'text', None), operation_name(op))))
        calls = handler_calls.get(step, [])
        if 'cmdlet' in op:
            found = [c for c in calls if c.name.lower() == op['cmdlet'].lower()]
            if not found:
                problems.append(Problem(action_file.path, line, '%s step %s: its handler never calls %s (the '
                                        'contract\'s operation)' % (module, step, op['cmdlet'])))
                continue
            wanted = {p.lower(): p for p in op['parameters']}
            best = min(found, key=lambda c: len(set(wanted) - set(c.named)))
            missing = [wanted[p] for p in wanted if p not in best.named]
            if missing:
                problems.append(Problem(best.file.path, best.file.line(best.node), '%s step %s: its handler calls %s without '
                                        '%s (at %s)' % (module, step, op['cmdlet'],
                                                        ', '.join('-' + m for m in missing), best.where())))
            continue
        cims = [c for c in calls if c.name.lower() == 'invoke-cimmethod']
        targets = [(c, _cim_target(c)) for c in cims]
        matching = [c for c, (klass, method) in targets if klass == op['class'] and method == op['method']]
        if not matching:
            seen = sorted({'%s.%s' % (k, m) for dummy, (k, m) in targets})
            problems.append(Problem(action_file.path, line, '%s step %s: its handler never calls %s.%s with '
                                    'Invoke-CimMethod (it calls %s)' % (module, step, op['class'], op['method'],
                                                                        ', '.join(seen) or 'no CIM method')))
            continue
        for call in matching:
            names = _cim_arguments(call)
            if names is None or sorted(names) != sorted(op['arguments']):
                problems.append(Problem(call.file.path, call.file.line(call.node), '%s step %s: %s.%s gets the arguments %s; '
                                        'the contract and the catalogue name %s (at %s)'
                                        % (module, step, op['class'], op['method'],
                                           'that cannot be told' if names is None else sorted(names),
                                           sorted(op['arguments']), call.where())))
    return problems


def check_wmi(calls: t.Iterable[Call], wmi_classes: dict[str, dict[str, t.Any]]) -> list[Problem]:
    problems = []
    for call in calls:
        name = call.name.lower()
        if name == 'invoke-cimmethod':
            klass, method = _cim_target(call)
            if klass is None or method is None:
                problems.append(Problem(call.file.path, call.file.line(call.node), 'Invoke-CimMethod: cannot tell '
                                        'the class and method it calls (at %s)' % call.where()))
                continue
            if klass not in wmi_classes:
                problems.append(Problem(call.file.path, call.file.line(call.node), 'Invoke-CimMethod: %s is not a '
                                        'WMI class the catalogue documents (at %s)' % (klass, call.where())))
                continue
            methods = wmi_classes[klass]['methods']
            if method not in methods:
                problems.append(Problem(call.file.path, call.file.line(call.node), 'Invoke-CimMethod: %s.%s is not a '
                                        'documented method (at %s)' % (klass, method, call.where())))
                continue
            names = _cim_arguments(call)
            if names is None:
                problems.append(Problem(call.file.path, call.file.line(call.node), 'Invoke-CimMethod %s.%s: cannot '
                                        'tell the argument names (at %s)' % (klass, method, call.where())))
            else:
                unknown = sorted(set(names) - set(methods[method]))
                if unknown:
                    problems.append(Problem(call.file.path, call.file.line(call.node), 'Invoke-CimMethod %s.%s: %s '
                                            'not documented arguments of the method (documented: %s) (at %s)'
                                            % (klass, method, unknown, list(methods[method]), call.where())))
        elif name in ('get-ciminstance', 'get-cimclass') and 'classname' in call.named:
            klass = call.arg('ClassName')
            text = klass.text if isinstance(klass, Str) else None
            if text not in wmi_classes:
                problems.append(Problem(call.file.path, call.file.line(call.node), '%s: %s is not a WMI class the '
                                        'catalogue documents (at %s)' % (call.name, text or 'an unknown class',
                                                                         call.where())))
    return problems


def _scope_of(node):
    node = node.parent
    while node is not None and node.type not in ('script_block_expression', 'function_statement', 'program'):
        node = node.parent
    return node


def _syntactic_splat(file: PsFile, command_node, variable: str) -> t.Optional[list[str]]:
    """Keys of a splatted hashtable assigned in the same function or script block, else None."""
    scope = _scope_of(command_node)
    keys: list[str] = []
    found = False
    stack = list(scope.children)
    while stack:
        node = stack.pop()
        if node.type in ('function_statement', 'script_block_expression'):
            continue
        stack.extend(node.children)
        if node.type != 'assignment_expression':
            continue
        target = _unwrap(_named(node)[0])
        if target.type == 'variable' and file.text(target)[1:].lower() == variable.lower():
            value = _unwrap(_named(node)[-1])
            if value.type != 'hash_literal_expression':
                return None
            found = True
            body = _child(value, 'hash_literal_body')
            for entry in (_named(body) if body is not None else []):
                if entry.type == 'hash_entry':
                    keys.append(file.text(_child(entry, 'key_expression')))
        elif target.type in ('member_access', 'element_access'):
            parts = _named(target)
            base = _unwrap(parts[0])
            if base.type == 'variable' and file.text(base)[1:].lower() == variable.lower():
                key = file.text(parts[-1]) if target.type == 'member_access' else _string(file, parts[-1])
                if key is None:
                    return None
                keys.append(key)
    return keys if found else None


def check_commands(files: list[PsFile], interp: Interpreter, table: dict[str, t.Any]) -> list[Problem]:
    problems = []
    commands = {name.lower(): (name, entry) for name, entry in table['commands'].items()}
    common = {p.lower() for p in table['common_parameters']['parameters']}
    resolved: dict[tuple[str, int], list[Call]] = {}
    for call in interp.calls:
        resolved.setdefault((call.file.path, call.node.start_byte), []).append(call)
    for file in files:
        for node in _walk(file.tree.root_node):
            if node.type != 'command' or _child(node, 'command_name') is None:
                continue
            name = file.text(_child(node, 'command_name'))
            line = file.line(node)
            func = interp.functions.get(name.lower())
            if func is not None:
                allowed = {p.lower() for p, dummy, dummy2 in func.params} | (common if func.advanced else set())
                what = 'the collection\'s function %s' % func.name
            elif name.lower() in commands:
                allowed = {p.lower() for p in commands[name.lower()][1]['parameters']} | common
                what = '%s (Windows PowerShell 5.1, %s)' % (commands[name.lower()][0], commands[name.lower()][1]['module'])
            else:
                problems.append(Problem(file.path, line, '%s is neither a function of the collection nor a Windows '
                                                         'PowerShell 5.1 command of tools/data/ps51_commands.json'
                                        % name))
                continue
            given = set()
            elements = _child(node, 'command_elements')
            for kid in (_named(elements) if elements is not None else []):
                if kid.type == 'command_parameter':
                    given.add(file.text(kid).lstrip('-').rstrip(':'))
                raw = _unwrap(kid)
                if raw is not None and raw.type == 'variable' and file.text(raw).startswith('@'):
                    variable = file.text(raw)[1:]
                    seen = resolved.get((file.path, node.start_byte), [])
                    from_runs = [n for c in seen if not c.unresolved_splats for n, dummy in c.named.values()]
                    keys = _syntactic_splat(file, node, variable)
                    if keys is None and not from_runs:
                        problems.append(Problem(file.path, line, '%s: cannot tell the keys of the splatted @%s'
                                                % (name, variable)))
                    given.update(keys or [])
                    given.update(from_runs)
            for param in sorted(given):
                if param.lower() not in allowed:
                    problems.append(Problem(file.path, line, '%s: -%s is not a parameter of %s' % (name, param, what)))
    return problems


SERVER_MANAGER_COMMANDS = ('get-windowsfeature', 'install-windowsfeature', 'uninstall-windowsfeature')
SERVER_MANAGER_RUNNER = 'Invoke-RDLicensingServerManager'


def _enclosing(node, kind: str):
    node = node.parent
    while node is not None and node.type != kind:
        node = node.parent
    return node


def check_conventions(files: list[PsFile]) -> list[Problem]:
    """What the review of the hands settled, kept: ServerManager in Windows PowerShell 5.1, registry keys closed."""
    problems = []
    for file in files:
        for node in _walk(file.tree.root_node):
            if node.type == 'command' and _child(node, 'command_name') is not None:
                name = file.text(_child(node, 'command_name'))
                block = _enclosing(node, 'script_block_expression')
                runner = _enclosing(block, 'command') if block is not None else None
                runner_name = _child(runner, 'command_name') if runner is not None else None
                if name.lower() in SERVER_MANAGER_COMMANDS and (
                        runner_name is None or file.text(runner_name).lower() != SERVER_MANAGER_RUNNER.lower()):
                    problems.append(Problem(file.path, file.line(node), '%s outside a script block given to %s: '
                                            'under PowerShell 7 it must run in a Windows PowerShell 5.1 job'
                                            % (name, SERVER_MANAGER_RUNNER)))
            if node.type == 'assignment_expression':
                target = _unwrap(_named(node)[0])
                value = _unwrap(_named(node)[-1])
                if target.type != 'variable' or value.type != 'command' or _child(value, 'command_name') is None:
                    continue
                if file.text(_child(value, 'command_name')).lower() != 'get-item':
                    continue
                variable = file.text(target)
                disposed = any(n.type == 'finally_clause' and ('%s.Dispose()' % variable).lower() in file.text(n).lower()
                               for n in _walk(_scope_of(node)))
                if not disposed:
                    problems.append(Problem(file.path, file.line(node), '%s = Get-Item: the registry key is not closed '
                                            'with %s.Dispose() in a finally block' % (variable, variable)))
    return problems


# ----------------------------------------------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------------------------------------------
def collection_sources(root: str) -> dict[str, bytes]:
    """Every .ps1 of plugins/modules and .psm1 of plugins/module_utils, by path relative to the root."""
    found = {}
    for folder, ext in (('plugins/module_utils', '.psm1'), ('plugins/modules', '.ps1')):
        for name in sorted(os.listdir(os.path.join(root, folder))):
            if name.endswith(ext):
                with open(os.path.join(root, folder, name), 'rb') as f:
                    found['%s/%s' % (folder, name)] = f.read()
    return found


def load_table(path: str = DEFAULT_TABLE) -> dict[str, t.Any]:
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def make_parser():
    import tree_sitter_powershell
    from tree_sitter import Language, Parser
    return Parser(Language(tree_sitter_powershell.language()))


def check(sources: dict[str, bytes], contract, catalogue, table: dict[str, t.Any], parser=None) -> list[Problem]:
    """Every problem of the collection's PowerShell (sources: path -> bytes; contract, catalogue: the modules)."""
    parser = parser or make_parser()
    files = [PsFile(path, source, parser) for path, source in sorted(sources.items(), key=lambda i: i[0].endswith('.ps1'))]
    problems = [Problem(f.path, 1, 'syntax errors: run tools/pscheck.py') for f in files if f.tree.root_node.has_error]
    switches = {name.lower(): {s.lower() for s in entry.get('switches', ())} for name, entry in table['commands'].items()}
    interp = Interpreter(files, switches)
    for file in files:
        if file.is_module_util:
            interp.run_script(file, interp.env_of(file), ())
            interp.export_variables(file)
    for file in files:
        if file.is_module_util:
            continue
        module = os.path.basename(file.path)[:-len('.ps1')]
        env = Env(parent=interp.global_env)
        interp.run_script(file, env, (module,))
        handlers = env.lookup('handlers')
        handler_calls: dict[str, list[Call]] = {}
        if isinstance(handlers, Hash):
            for step in handlers.names():
                entry = handlers.get(step)
                action = entry.get('Action') if isinstance(entry, Hash) else None
                if isinstance(action, Block):
                    sink: list[Call] = []
                    # A script block of a module util runs in that module's scope, not in the caller's.
                    caller = interp.env_of(action.file) if action.file.is_module_util else env
                    interp.run_block(action, [UNKNOWN], caller, ('handler %s' % step,), sink)
                    handler_calls[step] = sink
        if module in contract.STEP_OPERATIONS:
            problems.extend(check_handlers(module, handlers, handler_calls, file, contract.STEP_OPERATIONS[module],
                                           contract.operation_name))
        else:
            problems.append(Problem(file.path, 1, '%s: no entry in _contract.STEP_OPERATIONS' % module))
    for file, node, key in interp.duplicate_keys:
        problems.append(Problem(file.path, file.line(node), 'hashtables added with + both hold the key %s: PowerShell '
                                                            'throws "Item has already been added"' % key))
    problems.extend(check_wmi(interp.calls, catalogue.WMI_CLASSES))
    problems.extend(check_commands(files, interp, table))
    problems.extend(check_conventions(files))
    unique = {}
    for problem in problems:
        unique.setdefault(problem.key(), problem)
    return sorted(unique.values(), key=lambda p: p.key())


def load_collection_modules(root: str):
    """_contract and _catalogue of the collection at root, imported under their collection names."""
    try:
        return (importlib.import_module(PLUGIN_UTILS + '._contract'), importlib.import_module(PLUGIN_UTILS + '._catalogue'))
    except ImportError:
        pass
    # Outside an ansible_collections tree (the repository checkout): load both files under their package names.
    parts = PLUGIN_UTILS.split('.')
    for idx in range(1, len(parts) + 1):
        name = '.'.join(parts[:idx])
        if name not in sys.modules:
            package = types.ModuleType(name)
            package.__path__ = []
            sys.modules[name] = package
    loaded = []
    for short in ('_catalogue', '_contract'):
        spec = importlib.util.spec_from_file_location('%s.%s' % (PLUGIN_UTILS, short),
                                                      os.path.join(root, 'plugins', 'plugin_utils', short + '.py'))
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        setattr(sys.modules[PLUGIN_UTILS], short, mod)
        spec.loader.exec_module(mod)
        loaded.append(mod)
    return loaded[1], loaded[0]


def main() -> None:
    arg_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arg_parser.add_argument('--root', default=DEFAULT_ROOT, help='collection root (default: the repository)')
    arg_parser.add_argument('--table', default=DEFAULT_TABLE, help='Windows PowerShell 5.1 command table (JSON)')
    args = arg_parser.parse_args()
    contract, catalogue = load_collection_modules(args.root)
    sources = collection_sources(args.root)
    problems = check(sources, contract, catalogue, load_table(args.table))
    for problem in problems:
        print(problem)
    steps = sum(len(v) for v in contract.STEP_OPERATIONS.values())
    print('==> psconform: %d PowerShell files, %d contract steps, %d problems' % (len(sources), steps, len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
