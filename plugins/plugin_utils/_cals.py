# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning for remotedesktop.licensing.win_rdlicense_cals: plain data in, plain data out.

Internal to the remotedesktop.licensing collection; not a public API.

Windows cannot tell whether a CAL pack was installed already: Win32_TSLicenseKeyPack stores neither the agreement
number nor the license code. So every pack this module installs (or adopts) gets an *idempotency record* on the
license server, a registry value under ``catalogue.RECORDS_REGISTRY_KEY``:

- name: ``sha256(salt + "\\n" + identity)`` in lower-case hex, where ``salt`` is a random value of the server (the
  value ``Salt`` of the same key, created by the first run) and ``identity`` the canonical JSON list of the pack's
  program, normalised identifiers and, for the programs that send them to Windows, version, CAL type and quantity;
- value: JSON with the resulting ``key_pack_id`` and the non-secret facts (program, version, CAL type, quantity).

A declared pack whose record names a key pack that still exists is installed. One without a record is *adopted*
when an installed pack that no record claims matches it (same version, CAL type, quantity and a key pack type the
program produces); otherwise it is installed. ``docs/cals.md`` explains the design.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _plan
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._plan import (
    Env,
    Plan,
    RDLicenseError,
    first_failed,
    not_admin_message,
    step_failure,
)
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._types import has_control_character

MODULE = 'win_rdlicense_cals'
NO_LOG = ('packs.license_code', 'packs.license_number', 'packs.authorization_number', 'packs.agreement_number',
          'packs.license_key_pack_id')
RETURN_DEFAULTS: dict[str, t.Any] = {'packs': [], 'key_packs': [], 'totals': {}, 'undeclared': []}

IDENTIFIERS = ('license_code', 'license_number', 'authorization_number', 'agreement_number', 'license_key_pack_id')
FACTS = ('product_version', 'cal_type', 'quantity')

# Identifier formats after normalisation (hyphens removed, upper case): option -> (pattern, what it must be).
FORMATS = {
    'license_code': (r'[A-Z0-9]{25}', '25 letters and digits'),
    'license_number': (r'[0-9]{8}', '8 digits'),
    'authorization_number': (r'[A-Z0-9]{15}', '15 letters and digits'),
    'agreement_number': (r'[0-9]{7}', '7 digits'),
    'license_key_pack_id': (r'[A-Z0-9]{35}', '35 letters and digits'),
}

# program -> (identifier options it needs, whether version / CAL type / quantity are sent to Windows)
PROGRAMS: dict[str, tuple[tuple[str, ...], bool]] = {
    'retail': (('license_code',), False),
    'open_license': (('license_number', 'authorization_number'), True),
    'license_key_pack_id': (('license_key_pack_id',), False),
}
PROGRAMS.update({name: (('agreement_number',), True) for name in cat.AGREEMENT_TYPES})

# Pack outcomes: what happened (or, in check mode, would happen) to each declared pack.
OUTCOMES = cat.PACK_OUTCOMES

_RECORD_NAME = re.compile(r'^[0-9a-f]{64}$')


# --------------------------------------------------------------------------------------------------------------------
# Validation (before any remote call)
# --------------------------------------------------------------------------------------------------------------------
def ref(index: int, name: t.Optional[str] = None) -> str:
    """How a pack is named in messages: by its position in ``packs`` and the name the user gave it."""
    return 'packs[%d]' % index + (" '%s'" % name if name else '')


def label(pack: dict[str, t.Any]) -> str:
    """'packs[0] 'hq' (select, 2022 per_user, 25 CALs)': never an identifier, only what may be shown."""
    facts = [pack['program']]
    if pack.get('product_version') or pack.get('cal_type'):
        facts.append(' '.join(str(pack[k]) for k in ('product_version', 'cal_type') if pack.get(k)))
    if pack.get('quantity'):
        facts.append('%d CALs' % pack['quantity'])
    return '%s (%s)' % (ref(pack['index'], pack.get('name')), ', '.join(facts))


def _normalise(value: t.Any) -> str:
    return str(value).strip().replace('-', '').upper()


def identity(pack: dict[str, t.Any]) -> str:
    """The canonical identity of a pack (holds secrets: hashed, never shown or stored)."""
    needs, sends_facts = PROGRAMS[pack['program']]
    parts: list[t.Any] = [pack['program']] + [pack[name] for name in needs]
    if sends_facts:
        parts += [pack['product_version'], pack['cal_type'], pack['quantity']]
    return json.dumps(parts, separators=(',', ':'))


def record_name(salt: str, pack: dict[str, t.Any]) -> str:
    """The registry value name of a pack's idempotency record: sha256(salt + newline + identity)."""
    return hashlib.sha256(('%s\n%s' % (salt, identity(pack))).encode('utf-8')).hexdigest()


def product_versions(overrides: t.Optional[dict[str, t.Any]], module: str = MODULE) -> dict[str, dict[str, t.Any]]:
    """The catalogue's product versions with the user's number overrides (option product_version_ids) applied."""
    versions = copy.deepcopy(cat.PRODUCT_VERSIONS)
    for name, number in (overrides or {}).items():
        name = str(name)
        if name not in versions:
            raise RDLicenseError('%s: product_version_ids: unknown product version %r (known: %s)'
                                 % (module, name, ', '.join(cat.PRODUCT_VERSION_NAMES)))
        if isinstance(number, bool) or not isinstance(number, int) and not re.fullmatch(r'[0-9]+', str(number)):
            raise RDLicenseError('%s: product_version_ids[%r] must be a whole number, got %r' % (module, name, number))
        number = int(number)
        if not 0 <= number <= cat.UINT32_MAX:
            raise RDLicenseError('%s: product_version_ids[%r] must be between 0 and %d, got %d'
                                 % (module, name, cat.UINT32_MAX, number))
        versions[name].update({'install': number, 'id': number, 'documented': True, 'overridden': True})
    return versions


def _validate_pack(index: int, raw: dict[str, t.Any]) -> dict[str, t.Any]:
    pack = {'index': index, 'name': raw.get('name') or None, 'program': raw['program'],
            'state': raw.get('state') or 'present'}
    if has_control_character(pack['name']):
        raise RDLicenseError('%s: %s: name must not contain control characters (line breaks, tabs, NUL...): it is '
                             'shown in messages and reports' % (MODULE, ref(index)))
    where = '%s: %s' % (MODULE, ref(index, pack['name']))
    needs, sends_facts = PROGRAMS[pack['program']]
    foreign = [name for name in IDENTIFIERS if name not in needs and raw.get(name) is not None]
    if foreign:
        raise RDLicenseError('%s: %s cannot be used with program=%s (it takes %s)'
                             % (where, ', '.join(foreign), pack['program'], ' and '.join(needs)))
    empty = [name for name in needs if raw.get(name) is not None and not str(raw[name]).strip()]
    if empty:
        raise RDLicenseError('%s: %s %s empty: give the %s of the pack (an empty value often comes from a vault '
                             'variable or an AWX survey answer that is not set)'
                             % (where, ' and '.join(empty), 'is' if len(empty) == 1 else 'are',
                                ' and '.join(FORMATS[name][1] for name in empty)))
    missing = [name for name in needs if raw.get(name) is None]
    if sends_facts:
        missing += [name for name in FACTS if raw.get(name) in (None, '')]
    if missing:
        raise RDLicenseError('%s: program=%s needs %s' % (where, pack['program'], ', '.join(missing)))
    for name in needs:
        pattern, text = FORMATS[name]
        # ASCII first: upper() would turn look-alikes into letters ('ı' into 'I', 'ſ' into 'S', 'ß' into 'SS').
        if not str(raw[name]).isascii():
            raise RDLicenseError('%s: %s must be %s (hyphens and lower case are accepted), and it contains a '
                                 'character that is not an ASCII letter or digit' % (where, name, text))
        value = _normalise(raw[name])
        if not re.fullmatch(pattern, value):
            problem = ('got %d character%s' % (len(value), '' if len(value) == 1 else 's')
                       if re.fullmatch(r'[A-Z0-9]*', value)
                       else 'it contains other characters')
            raise RDLicenseError('%s: %s must be %s (hyphens and lower case are accepted), %s'
                                 % (where, name, text, problem))
        pack[name] = value
    pack['product_version'] = None if raw.get('product_version') is None else str(raw['product_version'])
    if pack['product_version'] is not None and pack['product_version'] not in cat.PRODUCT_VERSIONS:
        raise RDLicenseError('%s: unknown product_version %r (known: %s)'
                             % (where, pack['product_version'], ', '.join(cat.PRODUCT_VERSION_NAMES)))
    pack['cal_type'] = raw.get('cal_type') or None
    if pack['cal_type'] is not None and pack['cal_type'] not in cat.CAL_TYPES:
        raise RDLicenseError('%s: unknown cal_type %r (known: %s)' % (where, pack['cal_type'], ', '.join(cat.CAL_TYPES)))
    pack['quantity'] = raw.get('quantity')
    if isinstance(pack['quantity'], bool) or pack['quantity'] is not None and not isinstance(pack['quantity'], int):
        raise RDLicenseError('%s: quantity must be a whole number' % where)  # the action plugin refuses it first
    if pack['quantity'] is not None and not 1 <= pack['quantity'] <= cat.LICENSE_COUNT_MAX:
        raise RDLicenseError('%s: quantity must be between 1 and %d, got %d'
                             % (where, cat.LICENSE_COUNT_MAX, pack['quantity']))
    return pack


def validate(args: dict[str, t.Any], env: Env) -> dict[str, t.Any]:
    """Normalise the validated arguments; refuse malformed identifiers and mismatched options."""
    want = {
        'adopt': args.get('adopt', True),
        'report_undeclared': bool(args.get('report_undeclared')),
        'include_builtin_and_temporary': bool(args.get('include_builtin_and_temporary')),
        'versions': product_versions(args.get('product_version_ids')),
        'packs': [_validate_pack(index, raw) for index, raw in enumerate(args.get('packs') or [])],
    }
    seen: dict[str, int] = {}
    for pack in want['packs']:
        key = identity(pack)
        if key in seen:
            raise RDLicenseError('%s: %s and %s declare the same pack (same program, identifiers, product version, '
                                 'CAL type and quantity); declare each pack once'
                                 % (MODULE, ref(seen[key], want['packs'][seen[key]]['name']),
                                    ref(pack['index'], pack['name'])))
        seen[key] = pack['index']
    return want


# --------------------------------------------------------------------------------------------------------------------
# Reading the probe
# --------------------------------------------------------------------------------------------------------------------
def purchasable(pack: dict[str, t.Any]) -> bool:
    """A pack of purchased CALs: not the built-in pack, not a temporary pack, a per-user or per-device type."""
    return pack['ProductType'] in cat.CAL_TYPES.values() and pack['KeyPackType'] != cat.KEY_PACK_TYPE_TEMPORARY


def parse_records(state: dict[str, t.Any]) -> tuple[dict[str, dict[str, t.Any]], list[str]]:
    """The idempotency records by name, and the names of values that are not records of this collection."""
    records: dict[str, dict[str, t.Any]] = {}
    foreign: list[str] = []
    for entry in state['records']['entries']:
        try:
            value = json.loads(entry['value'])
        except (TypeError, ValueError):
            value = None
        if (not _RECORD_NAME.match(entry['name']) or not isinstance(value, dict)
                or not isinstance(value.get('key_pack_id'), int) or isinstance(value.get('key_pack_id'), bool)):
            foreign.append(entry['name'])
            continue
        records[entry['name']] = value
    return records, foreign


def version_name(versions: dict[str, dict[str, t.Any]], version_id: t.Optional[int]) -> t.Optional[str]:
    for name, info in versions.items():
        if info['id'] == version_id:
            return name
    return None


def _matches(want: dict[str, t.Any], pack: dict[str, t.Any], installed: dict[str, t.Any]) -> bool:
    """Whether an installed pack looks like the declared one: same version, CAL type, quantity, compatible type."""
    types = [cat.KEY_PACK_TYPE_CODES[name] for name in cat.PROGRAM_KEY_PACK_TYPES[pack['program']]]
    return (installed['KeyPackType'] in types
            and installed['ProductVersionID'] == want['versions'][pack['product_version']]['id']
            and installed['ProductType'] == cat.CAL_TYPES[pack['cal_type']]
            and installed['TotalLicenses'] == pack['quantity'])


def _has_facts(pack: dict[str, t.Any]) -> bool:
    return all(pack.get(name) is not None for name in FACTS)


# --------------------------------------------------------------------------------------------------------------------
# Preflight and plan
# --------------------------------------------------------------------------------------------------------------------
def preflight(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """Refuse, before any change, a host whose key packs cannot be read or whose records are damaged."""
    if not state['is_admin']:
        raise RDLicenseError(not_admin_message(MODULE, state['computer_name'],
                                               'the key packs cannot be read or installed'))
    provider = state['provider']
    if not provider['available']:
        code = provider['error_code']
        cause = cat.describe_wbem(code, missing='no answer')
        raise RDLicenseError(
            '%s: the RD Licensing WMI provider does not answer on %s (%s: %s); install the role with '
            'remotedesktop.licensing.win_rdlicense_role (and restart the server when it asks for it) first'
            % (MODULE, state['computer_name'], cause, provider['error_message'] or 'no message'))
    records, dummy = parse_records(state)
    if records and not state['records']['salt']:
        raise RDLicenseError(
            '%s: the idempotency records under %s on %s have lost their Salt value, so no declared pack can be '
            'recognised; delete the key (the installed packs are then adopted again) and rerun'
            % (MODULE, cat.RECORDS_REGISTRY_KEY, state['computer_name']))


@dataclasses.dataclass
class Decision:
    """What the plan does for one declared pack."""

    pack: dict[str, t.Any]
    action: str  # 'present', 'install', 'adopt', 'remove', 'absent'
    key_pack_id: t.Optional[int] = None
    step_index: t.Optional[int] = None


@dataclasses.dataclass
class CalsPlan(Plan):
    decisions: list[Decision] = dataclasses.field(default_factory=list)
    versions: dict[str, dict[str, t.Any]] = dataclasses.field(default_factory=dict)
    salt: str = ''
    new_salt: bool = False


def _record(pack: dict[str, t.Any], name: str) -> dict[str, t.Any]:
    return {'name': name, 'program': pack['program'], 'product_version': pack['product_version'],
            'cal_type': pack['cal_type'], 'quantity': pack['quantity']}


def _install_step(want: dict[str, t.Any], pack: dict[str, t.Any], record: dict[str, t.Any]) -> dict[str, t.Any]:
    program = pack['program']
    if program == 'retail':
        step = {'type': 'install_retail_pack', 'license_code': pack['license_code']}
    elif program == 'license_key_pack_id':
        step = {'type': 'install_key_pack_id', 'license_key_pack_id': pack['license_key_pack_id']}
    else:
        numbers = {'product_version': want['versions'][pack['product_version']]['install'],
                   'product_type': cat.CAL_TYPES[pack['cal_type']], 'license_count': pack['quantity']}
        if program == 'open_license':
            step = dict({'type': 'install_open_pack', 'license_number': pack['license_number'],
                         'authorization_number': pack['authorization_number']}, **numbers)
        else:
            step = dict({'type': 'install_agreement_pack', 'agreement_type': cat.AGREEMENT_TYPES[program],
                         'agreement_number': pack['agreement_number']}, **numbers)
    step['record'] = record
    return step


def _os_version(name: str) -> str:
    return 'Windows Server ' + name.replace('R2', ' R2')


def _read(want: dict[str, t.Any], state: dict[str, t.Any]) -> dict[str, t.Any]:
    """What a refusal after the probe returns besides its message: the packs as read."""
    return {'key_packs': inventory(state, want['versions'], want['include_builtin_and_temporary']),
            'totals': totals(state, want['versions'])}


def _check_versions(want: dict[str, t.Any], state: dict[str, t.Any]) -> None:
    """A license server holds CALs of its own Windows Server version and older (reference section 3.4)."""
    build = state['os']['build']
    server = cat.cal_version_for_build(build)
    if server is None:
        return
    order = cat.PRODUCT_VERSION_NAMES
    newer = [p for p in want['packs'] if p['state'] == 'present' and p['product_version']
             and order.index(p['product_version']) > order.index(server)]
    if newer:
        needed = max((p['product_version'] for p in newer), key=order.index)
        raise RDLicenseError(
            '%s: %s (build %d) is a %s license server, which holds CALs of %s and older: %s %s newer; install %s on '
            'a license server running %s or later' % (
                MODULE, state['computer_name'], build, _os_version(server), _os_version(server),
                ', '.join(label(p) for p in newer), 'is' if len(newer) == 1 else 'are',
                'it' if len(newer) == 1 else 'them', _os_version(needed)), _read(want, state))


@dataclasses.dataclass
class _Planning:
    """What the decisions of one plan share: the probe as read, the plan being built, the packs already claimed."""

    want: dict[str, t.Any]
    state: dict[str, t.Any]
    result: CalsPlan
    records: dict[str, dict[str, t.Any]]
    live: dict[t.Any, dict[str, t.Any]]
    claimed: set[int]  # KeyPackIds of live packs that a record names
    candidates: list[dict[str, t.Any]]  # the purchasable packs installed, by KeyPackId
    taken: set[int]  # claimed, and those the packs decided so far hold
    ambiguous: list[str] = dataclasses.field(default_factory=list)


Decided = t.Tuple[Decision, t.Optional[t.Dict[str, t.Any]]]  # a decision and its step (None: no step)


def _decide_remove(ctx: _Planning, pack: dict[str, t.Any], name: str, recorded_id: int) -> Decided:
    """state=absent, recorded: remove the pack and its record."""
    return Decision(pack, 'remove', recorded_id), {'type': 'remove_pack', 'key_pack_id': recorded_id, 'record': name}


def _decide_absent(ctx: _Planning, pack: dict[str, t.Any], name: str, recorded_id: None) -> Decided:
    """state=absent, no record: nothing to do; warn of installed packs that look like it (they are left alone)."""
    if _has_facts(pack):
        alike = [p['KeyPackId'] for p in ctx.candidates if p['KeyPackId'] not in ctx.claimed
                 and _matches(ctx.want, pack, p)]
        if alike:
            ctx.result.warnings.append(
                '%s: %s has no idempotency record on %s, so it cannot be identified and is left alone; '
                'installed packs that look like it (KeyPackId %s) were not installed by this module: '
                'remove the right one with RD Licensing Manager, or declare the pack present first to '
                'adopt it and then absent' % (MODULE, label(pack), ctx.state['computer_name'],
                                              ', '.join(str(i) for i in alike)))
    return Decision(pack, 'absent'), None


def _decide_present(ctx: _Planning, pack: dict[str, t.Any], name: str, recorded_id: int) -> Decided:
    """state=present, recorded: installed already."""
    ctx.taken.add(recorded_id)
    return Decision(pack, 'present', recorded_id), None


def _decide_adopt(ctx: _Planning, pack: dict[str, t.Any], name: str, recorded_id: None) -> t.Optional[Decided]:
    """state=present, no record: adopt an unclaimed installed pack that matches it; None when none does."""
    if not (ctx.want['adopt'] and _has_facts(pack)):
        return None
    match = next((p for p in ctx.candidates if p['KeyPackId'] not in ctx.taken and _matches(ctx.want, pack, p)), None)
    if match is None:
        return None
    ctx.taken.add(match['KeyPackId'])
    return (Decision(pack, 'adopt', match['KeyPackId']),
            {'type': 'adopt_pack', 'key_pack_id': match['KeyPackId'], 'record': _record(pack, name)})


def _decide_install(ctx: _Planning, pack: dict[str, t.Any], name: str, recorded_id: None) -> Decided:
    """state=present, no record, nothing to adopt: install it (ambiguous when it could be an unclaimed pack)."""
    want = ctx.want
    if want['adopt'] and not _has_facts(pack):
        types = [cat.KEY_PACK_TYPE_CODES[n] for n in cat.PROGRAM_KEY_PACK_TYPES[pack['program']]]
        unclaimed = [p['KeyPackId'] for p in ctx.candidates
                     if p['KeyPackId'] not in ctx.taken and p['KeyPackType'] in types]
        if unclaimed:
            ctx.ambiguous.append('%s could be KeyPackId %s' % (label(pack), ', '.join(str(i) for i in unclaimed)))
    version = want['versions'].get(pack['product_version'] or '', {})
    if version and not version['documented']:
        ctx.result.warnings.append(
            '%s: %s: Microsoft documents no ProductVersion number for %s CALs; this module assumes %d. If '
            'the pack is refused or shows up as another version, set product_version_ids to the right '
            'number' % (MODULE, label(pack), _os_version(pack['product_version']), version['install']))
    return Decision(pack, 'install'), _install_step(want, pack, _record(pack, name))


def _decide(ctx: _Planning, pack: dict[str, t.Any], name: str) -> Decided:
    """The decision for one declared pack, by the function that makes it."""
    recorded = ctx.records.get(name)
    recorded_id = recorded['key_pack_id'] if recorded and recorded['key_pack_id'] in ctx.live else None
    if pack['state'] == 'absent':
        return (_decide_remove if recorded_id is not None else _decide_absent)(ctx, pack, name, recorded_id)
    if recorded_id is not None:
        return _decide_present(ctx, pack, name, recorded_id)
    return _decide_adopt(ctx, pack, name, recorded_id) or _decide_install(ctx, pack, name, recorded_id)


def plan(want: dict[str, t.Any], state: dict[str, t.Any], env: Env) -> CalsPlan:
    """Decide for each declared pack: present, adopt, install, remove or absent; and the steps that do it.

    ``env.random_bytes`` makes the salt of the records when the server has none yet.
    """
    _check_versions(want, state)
    records, foreign = parse_records(state)
    salt = state['records']['salt'] or ''
    result = CalsPlan(versions=want['versions'], salt=salt)
    if not salt:
        result.salt = salt = env.random_bytes(32).hex()
        result.new_salt = True
    if foreign:
        result.warnings.append('%s: ignored %d value(s) under %s that are not idempotency records of this collection'
                               % (MODULE, len(foreign), cat.RECORDS_REGISTRY_KEY))
    live = {p['KeyPackId']: p for p in state['key_packs']}
    claimed = {r['key_pack_id'] for r in records.values() if r['key_pack_id'] in live}
    ctx = _Planning(want=want, state=state, result=result, records=records, live=live, claimed=claimed,
                    candidates=sorted((p for p in state['key_packs'] if purchasable(p)), key=lambda p: p['KeyPackId']),
                    taken=set(claimed))

    for pack in want['packs']:
        decision, step = _decide(ctx, pack, record_name(salt, pack))
        if step is not None:
            step['continue_on_failure'] = True
            decision.step_index = len(result.steps)
            result.steps.append(step)
        result.decisions.append(decision)

    if ctx.ambiguous:
        raise RDLicenseError(
            '%s: some packs without product_version, cal_type and quantity cannot be told apart from packs installed '
            'without this module: %s; give product_version, cal_type and quantity so that an installed pack can be '
            'recognised (adopted), or set adopt=false to install regardless' % (MODULE, '; '.join(ctx.ambiguous)),
            _read(want, state))
    if any(d.action == 'install' for d in result.decisions) and state['activation_status'] != 0:
        status = cat.ACTIVATION_STATUS.get(state['activation_status'], str(state['activation_status']))
        raise RDLicenseError(
            '%s: the license server %s is not activated (GetActivationStatus: %s), so CAL packs cannot be installed; '
            'run remotedesktop.licensing.win_rdlicense_activate first' % (MODULE, state['computer_name'], status),
            _read(want, state))
    writes_records = any(s['type'] != 'remove_pack' for s in result.steps)
    if result.new_salt and writes_records:
        for decision in result.decisions:
            if decision.step_index is not None:
                decision.step_index += 1
        result.steps.insert(0, {'type': 'init_records', 'salt': salt})

    if want['report_undeclared']:
        mine = {d.key_pack_id for d in result.decisions if d.action in ('present', 'adopt')}
        undeclared = [p for p in ctx.candidates if p['KeyPackId'] not in mine]
        if undeclared:
            result.warnings.append('%s: %d installed pack(s) on %s are not declared by this task: %s'
                                   % (MODULE, len(undeclared), state['computer_name'],
                                      '; '.join(_pack_text(want['versions'], p) for p in undeclared)))
    return result


def _pack_text(versions: dict[str, dict[str, t.Any]], pack: dict[str, t.Any]) -> str:
    """'KeyPackId 7: 2022 per_user, 25 CALs (volume)'."""
    version = version_name(versions, pack['ProductVersionID']) or 'ProductVersionID %s' % pack['ProductVersionID']
    return 'KeyPackId %s: %s %s, %d CALs (%s)' % (pack['KeyPackId'], version,
                                                  cat.PRODUCT_TYPE_NAMES.get(pack['ProductType'], 'unknown'),
                                                  pack['TotalLicenses'],
                                                  cat.KEY_PACK_TYPES.get(pack['KeyPackType'], 'unknown'))


# --------------------------------------------------------------------------------------------------------------------
# Check mode, diff and results
# --------------------------------------------------------------------------------------------------------------------
def predict(want: dict[str, t.Any], state: dict[str, t.Any], the_plan: CalsPlan) -> dict[str, t.Any]:
    """The state the steps would lead to: new packs (KeyPackId unknown), records written or deleted."""
    after = copy.deepcopy(state)
    if the_plan.new_salt and the_plan.steps and the_plan.steps[0]['type'] == 'init_records':
        after['records']['salt'] = the_plan.salt
    for decision in the_plan.decisions:
        pack = decision.pack
        if decision.action == 'install':
            version = the_plan.versions.get(pack['product_version'] or '', {})
            types = cat.PROGRAM_KEY_PACK_TYPES[pack['program']]
            after['key_packs'].append({
                'KeyPackId': None, 'KeyPackType': cat.KEY_PACK_TYPE_CODES[types[0]] if len(types) == 1 else None,
                'ProductType': cat.CAL_TYPES.get(pack['cal_type'] or ''), 'ProductVersion': None,
                'ProductVersionID': version.get('id'), 'TotalLicenses': pack['quantity'], 'IssuedLicenses': 0,
                'AvailableLicenses': pack['quantity'], 'ExpirationDate': None, 'Description': None,
                'TypeAndModel': None, 'new': ref(pack['index'], pack['name']),
            })
        elif decision.action == 'adopt':
            after['records']['entries'].append({
                'name': record_name(the_plan.salt, pack),
                'value': json.dumps(dict(_record(pack, ''), key_pack_id=decision.key_pack_id))})
        elif decision.action == 'remove':
            after['key_packs'] = [p for p in after['key_packs'] if p['KeyPackId'] != decision.key_pack_id]
            name = record_name(the_plan.salt, pack)
            after['records']['entries'] = [e for e in after['records']['entries'] if e['name'] != name]
    return after


def _shown(pack: dict[str, t.Any], include_all: bool) -> bool:
    """Packs of the inventory: purchasable ones, or all with include_builtin_and_temporary. Predicted ones too."""
    return 'new' in pack or include_all or purchasable(pack)


def _claimed(state: dict[str, t.Any]) -> set[int]:
    records, dummy = parse_records(state)
    return {r['key_pack_id'] for r in records.values()}


def inventory(state: dict[str, t.Any], versions: dict[str, dict[str, t.Any]],
              include_all: bool = False) -> list[dict[str, t.Any]]:
    """The key packs as the module returns them: names instead of numbers, raw numbers kept alongside."""
    claimed = _claimed(state)
    items = []
    for pack in state['key_packs']:
        if not _shown(pack, include_all):
            continue
        items.append({
            'key_pack_id': pack['KeyPackId'],
            'key_pack_type': cat.KEY_PACK_TYPES.get(pack['KeyPackType']) if pack['KeyPackType'] is not None else None,
            'product_version': version_name(versions, pack['ProductVersionID'])
            if pack['ProductType'] != cat.PRODUCT_TYPE_BUILT_IN else None,
            'product_version_id': pack['ProductVersionID'],
            'product_version_label': pack['ProductVersion'],
            'cal_type': cat.PRODUCT_TYPE_NAMES.get(pack['ProductType']) if pack['ProductType'] is not None else None,
            'total': pack['TotalLicenses'],
            'issued': pack['IssuedLicenses'],
            'available': pack['AvailableLicenses'],
            'expiration_date': pack['ExpirationDate'],
            'description': pack['Description'],
            'type_and_model': pack['TypeAndModel'],
            'managed': 'new' in pack or pack['KeyPackId'] in claimed,
        })
    return items


def totals(state: dict[str, t.Any], versions: dict[str, dict[str, t.Any]]) -> dict[str, dict[str, dict[str, int]]]:
    """Purchased CALs per product version and CAL type (built-in and temporary packs never count)."""
    result: dict[str, dict[str, dict[str, int]]] = {}
    for pack in state['key_packs']:
        if pack['ProductVersionID'] is None or pack['ProductType'] not in cat.CAL_TYPES.values():
            continue
        if 'new' not in pack and not purchasable(pack):
            continue
        version = version_name(versions, pack['ProductVersionID']) or 'id_%d' % pack['ProductVersionID']
        cal_type = cat.PRODUCT_TYPE_NAMES[pack['ProductType']]
        entry = result.setdefault(version, {}).setdefault(cal_type, {'total': 0, 'issued': 0, 'available': 0})
        entry['total'] += pack['TotalLicenses'] or 0
        entry['issued'] += pack['IssuedLicenses'] or 0
        entry['available'] += pack['AvailableLicenses'] or 0
    return result


def describe(state: dict[str, t.Any], the_plan: t.Optional[CalsPlan] = None) -> dict[str, t.Any]:
    """The diff's view: each purchased pack by KeyPackId (a pack still to install by the entry that declares it).

    The plan's product versions (with the task's product_version_ids) name the versions; without a plan (or with
    none in it), the catalogue's.
    """
    versions = (the_plan.versions if the_plan is not None else None) or cat.PRODUCT_VERSIONS
    view = {}
    for pack, item in zip((p for p in state['key_packs'] if _shown(p, False)), inventory(state, versions)):
        key = 'new (%s)' % pack['new'] if 'new' in pack else 'KeyPackId %d' % item['key_pack_id']
        view[key] = {k: item[k] for k in ('product_version', 'cal_type', 'total', 'key_pack_type', 'managed')}
    return {'key_packs': view}


def _outcome(decision: Decision, step_outcome: t.Optional[dict[str, t.Any]], applied: bool,
             init_error: t.Optional[str]) -> tuple[str, t.Optional[int], t.Optional[str]]:
    """(outcome, key_pack_id, msg) of one declared pack."""
    predicted = {'present': 'present', 'absent': 'absent', 'install': 'installed', 'adopt': 'adopted',
                 'remove': 'removed'}[decision.action]
    if decision.step_index is None or not applied:
        return predicted, decision.key_pack_id, None
    if step_outcome is None:
        return 'failed', decision.key_pack_id, 'not attempted: %s' % (init_error or 'an earlier step failed')
    if step_outcome['status'] == 'failed':
        return 'failed', decision.key_pack_id, step_failure(step_outcome)
    key_pack_id = step_outcome['detail'].get('key_pack_id', decision.key_pack_id)
    if step_outcome['status'] == 'changed':
        return predicted, key_pack_id, None
    # ok: another run recorded the pack in the meantime, or removed it
    return ('absent' if decision.action == 'remove' else 'present'), key_pack_id, None


def pack_results(the_plan: CalsPlan, outcomes: list[dict[str, t.Any]],
                 after: t.Optional[dict[str, t.Any]] = None, applied: t.Optional[bool] = None) -> list[dict[str, t.Any]]:
    """One entry per declared pack: what happened to it (or would, in check mode), never an identifier.

    ``applied``: whether the steps were sent (default: whether there are outcomes). A composed apply may have sent
    them and stopped before the first (``outcomes`` empty): the packs are then failed, not attempted.
    """
    applied = bool(outcomes) if applied is None else applied
    init_error = None
    if applied and outcomes and the_plan.steps[0]['type'] == 'init_records' and outcomes[0]['status'] == 'failed':
        init_error = 'the idempotency records could not be initialised: %s' % step_failure(outcomes[0])
    live = {p['KeyPackId']: p for p in (after or {}).get('key_packs', []) if p['KeyPackId'] is not None}
    packs = []
    for decision in the_plan.decisions:
        step_outcome = None
        if applied and decision.step_index is not None and decision.step_index < len(outcomes):
            step_outcome = outcomes[decision.step_index]
        outcome, key_pack_id, msg = _outcome(decision, step_outcome, applied, init_error)
        pack = decision.pack
        entry = {'index': pack['index'], 'name': pack['name'], 'program': pack['program'], 'state': pack['state'],
                 'product_version': pack['product_version'], 'cal_type': pack['cal_type'],
                 'quantity': pack['quantity'], 'outcome': outcome, 'key_pack_id': key_pack_id, 'msg': msg}
        installed = live.get(key_pack_id) if outcome not in ('removed', 'absent', 'failed') else None
        if installed is not None:  # the facts a retail code or a key pack ID carries
            if entry['product_version'] is None:
                entry['product_version'] = version_name(the_plan.versions, installed['ProductVersionID'])
            if entry['cal_type'] is None:
                entry['cal_type'] = cat.PRODUCT_TYPE_NAMES.get(installed['ProductType'])
            if entry['quantity'] is None:
                entry['quantity'] = installed['TotalLicenses']
        packs.append(entry)
    return packs


def shape(want: dict[str, t.Any], the_plan: CalsPlan, before: dict[str, t.Any], after: dict[str, t.Any],
          outcomes: list[dict[str, t.Any]], applied: t.Optional[bool] = None) -> dict[str, t.Any]:
    """The documented return values (``applied``: see ``pack_results``)."""
    packs = pack_results(the_plan, outcomes, after, applied)
    mine = {e['key_pack_id'] for e in packs if e['outcome'] in ('present', 'adopted', 'installed')}
    result = {
        'packs': packs,
        'key_packs': inventory(after, the_plan.versions, want['include_builtin_and_temporary']),
        'totals': totals(after, the_plan.versions),
        'undeclared': [],
    }
    if want['report_undeclared']:
        result['undeclared'] = [item for item in inventory(after, the_plan.versions)
                                if item['key_pack_id'] is not None and item['key_pack_id'] not in mine]
    return result


def explain(want: dict[str, t.Any], the_plan: CalsPlan, outcomes: list[dict[str, t.Any]]) -> str:
    """The task's message when steps failed: every failed pack by position, name and facts, with the cause."""
    failed = [entry for entry in pack_results(the_plan, outcomes) if entry['outcome'] == 'failed']
    if not failed:  # a step outside the packs failed
        return '%s: %s' % (MODULE, step_failure(first_failed(outcomes)))
    by_index = {p['index']: p for p in want['packs']}
    causes = '; '.join('%s: %s' % (label(by_index[e['index']]), e['msg']) for e in failed)
    return '%s: %d of %d packs failed: %s' % (MODULE, len(failed), len(want['packs']), causes)


unsettled = _plan.unsettled
