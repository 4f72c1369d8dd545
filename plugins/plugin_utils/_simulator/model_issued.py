# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CALs a simulated license server has issued: per-device CALs as Win32_TSIssuedLicense instances, with their
instance method Revoke() and its revocation limit, and the per-user CALs it tracks in AD DS.

Internal to the remotedesktop.licensing collection: used only by the ``remotedesktop.licensing.simulator``
connection plugin. ``LicenseServerModel`` (model.py) inherits ``IssuedMixin``; ``issued_profile`` reads the profile
key ``issued_cals`` (docs/simulator.md) and turns the ``issued`` count of the profile's key packs into issued CALs.

One source: the issued CALs are the records of ``state['issued']``; the ``IssuedLicenses`` and ``AvailableLicenses``
of every key pack (except the built-in one) are counted from them (``recount``) whenever they change. A revoked CAL
goes back to its pack (it is not counted as issued).

Following rdlicensing-reference.md sections 3.4, 4.1 and 9.2: Revoke() is for per-device CALs only (per-user CALs have
no Win32_TSIssuedLicense instance); up to 20 % of a version's installed per-device CALs can be revoked at a time;
NextRevokeAllowedOn is valid when the call failed for that limit. What Microsoft does not document, the simulator
assumes: the limit is counted over the revocations of the last REVOKE_WINDOW_DAYS days (the share renews as they get
older), a refusal answers ReturnValue REVOKE_REFUSED_RETURN_VALUE, revoking a CAL revoked already answers
WBEM_E_INVALID_OPERATION.

The simulated clock is ``now()`` (the controller's clock, UTC, whole seconds): one place for every date here.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat

ISSUED_PROFILE_KEYS = ('issued_cals', 'clients')
_ISSUED_CAL_KEYS = ('computer', 'user', 'cal_type', 'product_version', 'issued', 'expires', 'status', 'hardware_id',
                    'revoked_on')
_CLIENT_KEYS = ('computer', 'user')

# The simulator's assumptions (not documented by Microsoft): the window over which the revocation limit is counted,
# and what Revoke() answers when the limit is reached.
REVOKE_WINDOW_DAYS = 60
REVOKE_REFUSED_RETURN_VALUE = 1

_UTC = datetime.timezone.utc
_DMTF = re.compile(r'(\d{14})\.\d{6}([+-])(\d{3})$')


def now() -> datetime.datetime:
    """The simulated clock: the controller's, in UTC, to the second."""
    return datetime.datetime.now(_UTC).replace(microsecond=0)


def to_dmtf(moment: datetime.datetime) -> str:
    """A DMTF DATETIME in UTC, as WMI gives a DATETIME property: 20260101120000.000000+000."""
    return moment.astimezone(_UTC).strftime('%Y%m%d%H%M%S') + '.000000+000'


def from_dmtf(value: str) -> datetime.datetime:
    match = _DMTF.match(value)
    if not match:
        raise ValueError('not a DMTF DATETIME: %r' % value)
    offset = int(match.group(3)) * (1 if match.group(2) == '+' else -1)
    local = datetime.datetime.strptime(match.group(1), '%Y%m%d%H%M%S')
    return (local - datetime.timedelta(minutes=offset)).replace(tzinfo=_UTC)


def _profile_date(value: t.Any, key: str, default: datetime.datetime) -> datetime.datetime:
    """A date of the profile: an ISO 8601 date or date and time (UTC unless it says otherwise), or a whole number of
    days from now (negative: in the past)."""
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return now() + datetime.timedelta(days=value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = value.isoformat()  # YAML reads an unquoted 2026-01-31 as a date
    if isinstance(value, datetime.datetime):
        value = value.isoformat()
    if isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
        except ValueError:
            moment = None
        if moment is not None:
            return moment.replace(tzinfo=moment.tzinfo or _UTC).astimezone(_UTC)
    raise ValueError('rdlicensing_sim_profile.%s must be an ISO 8601 date (2026-01-31) or a number of days from now, '
                     'got %r' % (key, value))


def _hardware_id(computer: str) -> str:
    """A hardware ID such as the client's licensing stack sends (five groups of eight hex digits)."""
    digest = hashlib.sha256(('HWID:' + computer.upper()).encode()).hexdigest()[:40].upper()
    return '-'.join(digest[i:i + 8] for i in range(0, 40, 8))


def _renewal_days(computer: str) -> int:
    low, high = cat.PER_DEVICE_RENEWAL_DAYS
    return low + int(hashlib.sha256(('RENEW:' + computer.upper()).encode()).hexdigest()[:8], 16) % (high - low + 1)


def _user_domain(state: dict[str, t.Any]) -> str:
    domain = state['host']['domain']
    return (domain.split('.')[0] if domain != 'WORKGROUP' else state['host']['computer_name']).upper()[:15]


def _issued(state: dict[str, t.Any]) -> dict[str, t.Any]:
    """The issued CALs (a state file written before they existed: made from the packs' IssuedLicenses, kept once
    written)."""
    issued = state.get('issued')
    if issued is None:
        issued = state['issued'] = {'per_device': [], 'per_user': [], 'next_license_id': 1, 'revocations': []}
        for pack in state['key_packs']:
            for index in range(int(pack.get('IssuedLicenses') or 0) if _counted(pack) else 0):
                _generated_cal(state, pack, index + 1)
    return issued


def _counted(pack: dict[str, t.Any]) -> bool:
    return pack['ProductType'] in cat.CAL_TYPES.values()


def _generated_cal(state: dict[str, t.Any], pack: dict[str, t.Any], number: int) -> None:
    """One of the CALs a profile's key pack counts as issued (``issued: N``), with a generated holder."""
    days_ago = 1 + (number * 7) % 50
    issued_on = now() - datetime.timedelta(days=days_ago)
    if pack['ProductType'] == cat.CAL_TYPES['per_user']:
        add_per_user(state, pack, '%s\\user%d-%03d' % (_user_domain(state), pack['KeyPackId'], number), issued_on,
                     issued_on + datetime.timedelta(days=cat.PER_USER_CAL_DAYS))
    else:
        computer = 'PC%d-%03d' % (pack['KeyPackId'], number)
        temporary = pack['KeyPackType'] == cat.KEY_PACK_TYPE_TEMPORARY
        days = cat.TEMPORARY_CAL_DAYS if temporary else _renewal_days(computer)
        add_per_device(state, pack, computer, '', issued_on, issued_on + datetime.timedelta(days=days),
                       cat.LICENSE_STATUS_CODES['temporary' if temporary else 'active'])


def add_per_device(state: dict[str, t.Any], pack: dict[str, t.Any], computer: str, user: str,
                   issued_on: datetime.datetime, expires: datetime.datetime, status: int,
                   hardware_id: t.Optional[str] = None) -> dict[str, t.Any]:
    """Record a per-device CAL of ``pack`` (a Win32_TSIssuedLicense instance)."""
    issued = state['issued']
    record = {
        'LicenseId': issued['next_license_id'], 'KeyPackId': pack['KeyPackId'],
        'sIssuedToUser': user, 'sIssuedToComputer': computer,
        'sHardwareId': hardware_id if hardware_id is not None else _hardware_id(computer),
        'IssueDate': to_dmtf(issued_on), 'ExpirationDate': to_dmtf(expires), 'LicenseStatus': status,
    }
    issued['next_license_id'] += 1
    issued['per_device'].append(record)
    return record


def add_per_user(state: dict[str, t.Any], pack: dict[str, t.Any], user: str, issued_on: datetime.datetime,
                 expires: datetime.datetime) -> dict[str, t.Any]:
    """Record a per-user CAL of ``pack``, issued to ``user`` (DOMAIN\\name)."""
    record = {'User': user, 'KeyPackId': pack['KeyPackId'], 'IssueDate': to_dmtf(issued_on),
              'ExpirationDate': to_dmtf(expires)}
    state['issued']['per_user'].append(record)
    return record


def recount(state: dict[str, t.Any]) -> None:
    """IssuedLicenses and AvailableLicenses of every pack (but the built-in one) from the issued CALs: a revoked
    per-device CAL is back in its pack."""
    issued = _issued(state)
    counts: dict[int, int] = {}
    for record in issued['per_device']:
        if record['LicenseStatus'] != cat.LICENSE_STATUS_REVOKED:
            counts[record['KeyPackId']] = counts.get(record['KeyPackId'], 0) + 1
    for record in issued['per_user']:
        counts[record['KeyPackId']] = counts.get(record['KeyPackId'], 0) + 1
    for pack in state['key_packs']:
        if _counted(pack):
            pack['IssuedLicenses'] = counts.get(pack['KeyPackId'], 0)
            pack['AvailableLicenses'] = max(int(pack['TotalLicenses']) - pack['IssuedLicenses'], 0)


def _pack_for(state: dict[str, t.Any], version: str, cal_type: str, temporary: bool) -> t.Optional[dict[str, t.Any]]:
    """The pack a new CAL of ``version`` and ``cal_type`` comes from: the first (temporary or not, as asked) with an
    available licence."""
    product_type = cat.CAL_TYPES[cal_type]
    version_id = cat.PRODUCT_VERSIONS[version]['id']
    for pack in state['key_packs']:
        if (pack['ProductType'] == product_type and pack['ProductVersionID'] == version_id
                and (pack['KeyPackType'] == cat.KEY_PACK_TYPE_TEMPORARY) == temporary
                and pack['AvailableLicenses'] > 0):
            return pack
    return None


def issued_profile(state: dict[str, t.Any], profile: dict[str, t.Any]) -> None:
    """The issued CALs of a new host: those its key packs count (``issued``) and the profile's ``issued_cals``."""
    _issued(state)
    state['clients'] = _clients(profile.get('clients'))
    if state['clients'] and state.get('session_host') is None:
        raise ValueError('rdlicensing_sim_profile: clients need session_host: true')
    entries = profile.get('issued_cals') or []
    if not isinstance(entries, list):
        raise ValueError('rdlicensing_sim_profile.issued_cals must be a list')
    recount(state)
    for index, entry in enumerate(entries):
        key = 'issued_cals[%d]' % index
        if not isinstance(entry, dict):
            raise ValueError('rdlicensing_sim_profile.%s must be a dict' % key)
        unknown = sorted(set(entry) - set(_ISSUED_CAL_KEYS))
        if unknown:
            raise ValueError('unknown rdlicensing_sim_profile.%s keys: %s' % (key, ', '.join(unknown)))
        _profile_cal(state, entry, key)
        recount(state)


def _clients(value: t.Any) -> list[dict[str, str]]:
    """The clients of a session host (profile key ``clients``): each a computer name, or a dict of computer and
    user (DOMAIN\\name), at least one of them."""
    clients = []
    if not isinstance(value, (list, type(None))):
        raise ValueError('rdlicensing_sim_profile.clients must be a list')
    for index, entry in enumerate(value or []):
        if isinstance(entry, str):
            entry = {'computer': entry}
        if (not isinstance(entry, dict) or set(entry) - set(_CLIENT_KEYS) or not entry
                or not all(isinstance(v, str) and v for v in entry.values())):
            raise ValueError('rdlicensing_sim_profile.clients[%d] must be a computer name or a dict of computer and '
                             'user (strings)' % index)
        clients.append({'computer': entry.get('computer', ''), 'user': entry.get('user', '')})
    return clients


def _profile_cal(state: dict[str, t.Any], entry: dict[str, t.Any], key: str) -> None:
    computer, user = entry.get('computer'), entry.get('user')
    for name, value in (('computer', computer), ('user', user), ('hardware_id', entry.get('hardware_id'))):
        if value is not None and not isinstance(value, str):
            raise ValueError('rdlicensing_sim_profile.%s.%s must be a string' % (key, name))
    cal_type = entry.get('cal_type', 'per_device' if computer else 'per_user')
    if cal_type not in cat.CAL_TYPES:
        raise ValueError('rdlicensing_sim_profile.%s.cal_type must be one of %s' % (key, ', '.join(cat.CAL_TYPES)))
    version = str(entry.get('product_version', '2022'))
    if version not in cat.PRODUCT_VERSIONS:
        raise ValueError('rdlicensing_sim_profile.%s.product_version must be one of %s'
                         % (key, ', '.join(cat.PRODUCT_VERSIONS)))
    status = entry.get('status', 'active')
    if status not in cat.LICENSE_STATUS_CODES:
        raise ValueError('rdlicensing_sim_profile.%s.status must be one of %s'
                         % (key, ', '.join(cat.LICENSE_STATUS_CODES)))
    if cal_type == 'per_user':
        if not user or computer or set(entry) & {'status', 'hardware_id', 'revoked_on'}:
            raise ValueError('rdlicensing_sim_profile.%s: a per-user CAL names a user (DOMAIN\\name) and no '
                             'computer, status or hardware_id' % key)
        if '\\' not in user:
            user = '%s\\%s' % (_user_domain(state), user)
    elif not computer:
        raise ValueError('rdlicensing_sim_profile.%s: a per-device CAL names its computer' % key)
    temporary = status == 'temporary'
    pack = _pack_for(state, version, cal_type, temporary)
    if pack is None:
        raise ValueError('rdlicensing_sim_profile.%s: no %sWindows Server %s %s key pack with an available licence '
                         'in key_packs' % (key, 'temporary ' if temporary else '', version, cal_type.replace('_', '-')))
    issued_on = _profile_date(entry.get('issued'), key + '.issued', now() - datetime.timedelta(days=1))
    if cal_type == 'per_user':
        expires = _profile_date(entry.get('expires'), key + '.expires',
                                issued_on + datetime.timedelta(days=cat.PER_USER_CAL_DAYS))
        add_per_user(state, pack, t.cast(str, user), issued_on, expires)
        return
    days = cat.TEMPORARY_CAL_DAYS if temporary else _renewal_days(t.cast(str, computer))
    expires = _profile_date(entry.get('expires'), key + '.expires', issued_on + datetime.timedelta(days=days))
    record = add_per_device(state, pack, t.cast(str, computer), user or '', issued_on, expires,
                            cat.LICENSE_STATUS_CODES[status], entry.get('hardware_id'))
    if status == 'revoked':
        # A CAL revoked before the profile's state: on revoked_on (it uses the budget while that is within the
        # window), else on its issue date.
        record['RevokedOn'] = to_dmtf(_profile_date(entry.get('revoked_on'), key + '.revoked_on', issued_on))
    elif 'revoked_on' in entry:
        raise ValueError('rdlicensing_sim_profile.%s: revoked_on needs status: revoked' % key)


class IssuedMixin:
    """The issued CALs of LicenseServerModel (its state, faults and checks are the model's)."""

    state: dict[str, t.Any]
    faults: frozenset

    if t.TYPE_CHECKING:
        is_admin: bool

        def _require_provider(self) -> None: ...

        def _require_admin(self) -> None: ...

        def in_tsls_group(self) -> bool: ...

        def _peer(self, server: str) -> t.Optional[dict[str, t.Any]]: ...

    # The simulated session hosts that list clients (their states, read only), set by the connection plugin.
    client_hosts: t.Optional[t.Callable[[], list[dict[str, t.Any]]]] = None

    @property
    def _issued(self) -> dict[str, t.Any]:
        return _issued(self.state)

    # -- the clients of the simulated session hosts ---------------------------------------------------------------
    def _issuer(self, servers: list[str]) -> t.Optional[dict[str, t.Any]]:
        """The state of the license server a session host gets its CALs from: the first listed one that is a
        simulated host with its provider, service and activation."""
        for name in servers:
            peer = self._peer(name)
            if (peer and peer.get('provider_registered') and (peer.get('service') or {}).get('state') == 'Running'
                    and peer['license_server']['activation_status'] == 0):
                return peer
        return None

    def _client_pack(self, version: str, cal_type: str) -> t.Optional[dict[str, t.Any]]:
        """The pack a client of a session host of ``version`` gets a CAL from: a permanent pack of the CAL type with
        an available licence, of that version or newer (the oldest that fits)."""
        wanted = cat.PRODUCT_VERSIONS[version]['id']
        packs = [p for p in self.state['key_packs'] if p['ProductType'] == cat.CAL_TYPES[cal_type]
                 and p['KeyPackType'] != cat.KEY_PACK_TYPE_TEMPORARY and p['ProductVersionID'] >= wanted
                 and p['AvailableLicenses'] > 0]
        return min(packs, key=lambda p: p['ProductVersionID']) if packs else None

    def sync_issued(self) -> None:
        """Issue the CALs the clients of the simulated session hosts ask this license server for: each session host
        whose licensing mode (its policy's or its own) is per device or per user and whose first usable listed
        license server is this one gets, for each of its clients, one CAL of its licensing mode (the client's
        computer per device, its user per user), once. A client finds no CAL when no pack fits; it gets one at a
        later read once a pack is there."""
        if not (self.client_hosts or self.state.get('clients')) or not self.state.get('provider_registered'):
            return
        issued = self._issued
        seen = set(issued.get('clients_seen') or [])
        before = len(seen)
        own = [self.state] if self.state.get('clients') else []
        for host_state in own + (self.client_hosts() if self.client_hosts else []):
            session_host = type(self)(host_state)
            mode = cat.LICENSING_TYPE_NAMES.get(session_host.ts_setting()['LicensingType'])
            if mode not in cat.CAL_TYPES or self._issuer(session_host.get_specified_license_server_list()) is not self.state:
                continue
            version = cat.cal_version_for_build(host_state['host']['os']['build']) or '2008'
            for client in host_state.get('clients') or []:
                holder = client['computer'] if mode == 'per_device' else client['user']
                key = '%s|%s|%s' % (host_state['host']['computer_name'], mode, holder.upper())
                pack = self._client_pack(version, mode) if holder and key not in seen else None
                if pack is None:
                    continue
                if mode == 'per_user':
                    user = holder if '\\' in holder else '%s\\%s' % (_user_domain(host_state), holder)
                    add_per_user(self.state, pack, user, now(), now() + datetime.timedelta(days=cat.PER_USER_CAL_DAYS))
                else:
                    add_per_device(self.state, pack, holder, client['user'], now(),
                                   now() + datetime.timedelta(days=_renewal_days(holder)), cat.LICENSE_STATUS_CODES['active'])
                seen.add(key)
                recount(self.state)
        if len(seen) != before:
            issued['clients_seen'] = sorted(seen)

    def _pack(self, key_pack_id: int) -> t.Optional[dict[str, t.Any]]:
        return next((p for p in self.state['key_packs'] if p['KeyPackId'] == key_pack_id), None)

    # -- the public reads (also the usage report's source) -------------------------------------------------------
    def issued_per_device(self) -> list[dict[str, t.Any]]:
        """Get-CimInstance Win32_TSIssuedLicense: the issued per-device CALs, every status (revoked ones included),
        as WMI instances: LicenseId (int, key), KeyPackId (int, key: the Win32_TSLicenseKeyPack it came from),
        sIssuedToUser (str, may be empty), sIssuedToComputer (str), sHardwareId (str), IssueDate and ExpirationDate
        (DMTF DATETIME strings, UTC), LicenseStatus (int, catalogue LICENSE_STATUS: 0 unknown to 6 concurrent).
        None for a non-administrator (empty properties: no instances); WBEM_E_INITIALIZATION_FAILURE etc. when the
        provider is not there."""
        self._require_provider()
        self.sync_issued()
        if not self.is_admin:
            return []
        return [{k: v for k, v in record.items() if k != 'RevokedOn'} for record in self._issued['per_device']]

    def issued_per_user(self) -> list[dict[str, t.Any]]:
        """The per-user CALs the license server tracks (what a usage report lists): each with User (str,
        DOMAIN\\name), KeyPackId (int), ProductVersion (str, the pack's, e.g. "Windows Server 2022"),
        ProductVersionID (int), CALType (str, the pack's TypeAndModel, e.g. "RDS Per User CAL"), IssueDate and
        ExpirationDate (DMTF DATETIME strings, UTC). Per-user CALs are tracked only in AD DS: empty when the license
        server is in a workgroup or not in the group Terminal Server License Servers (in_tsls_group()), and for a
        non-administrator. The packs count them as issued all the same."""
        self._require_provider()
        self.sync_issued()
        if not self.is_admin or not self.in_tsls_group():
            return []
        result = []
        for record in self._issued['per_user']:
            pack = self._pack(record['KeyPackId']) or {}
            result.append({'User': record['User'], 'KeyPackId': record['KeyPackId'],
                           'ProductVersion': pack.get('ProductVersion'), 'ProductVersionID': pack.get('ProductVersionID'),
                           'CALType': pack.get('TypeAndModel'), 'IssueDate': record['IssueDate'],
                           'ExpirationDate': record['ExpirationDate']})
        return result

    # -- revocation -------------------------------------------------------------------------------------------
    def revoke_limit(self, version_id: int) -> int:
        """The most per-device CALs of a ProductVersionID that can be revoked at a time: 20 % of its installed
        per-device CALs (permanent packs), rounded down."""
        total = sum(int(p['TotalLicenses']) for p in self.state['key_packs']
                    if p['ProductType'] == cat.CAL_TYPES['per_device'] and p['ProductVersionID'] == version_id
                    and p['KeyPackType'] != cat.KEY_PACK_TYPE_TEMPORARY)
        return total * cat.REVOKE_LIMIT_PERCENT // 100

    def _recent_revocations(self, version_id: int) -> list[datetime.datetime]:
        since = now() - datetime.timedelta(days=REVOKE_WINDOW_DAYS)
        moments = []
        for record in self._issued['per_device']:
            pack = self._pack(record['KeyPackId'])
            if record.get('RevokedOn') and pack and pack['ProductVersionID'] == version_id:
                moment = from_dmtf(record['RevokedOn'])
                if moment > since:
                    moments.append(moment)
        return sorted(moments)

    def revocable_cals(self, version_id: int) -> int:
        """What RevokableCals answers: how many more CALs of the version can be revoked now."""
        return max(self.revoke_limit(version_id) - len(self._recent_revocations(version_id)), 0)

    def revoke_issued_license(self, license_id: int, key_pack_id: int) -> dict[str, t.Any]:
        """Invoke-CimMethod -InputObject <Win32_TSIssuedLicense LicenseId, KeyPackId> -MethodName Revoke: ReturnValue,
        RevokableCals (the CALs of the version that can still be revoked) and NextRevokeAllowedOn (a DMTF DATETIME,
        meaningful when the limit refused the call; else None)."""
        self._require_provider()
        self._require_admin()
        self.sync_issued()
        from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import WbemError
        record = next((r for r in self._issued['per_device']
                       if r['LicenseId'] == license_id and r['KeyPackId'] == key_pack_id), None)
        if record is None:
            raise WbemError('WBEM_E_NOT_FOUND')
        if record['LicenseStatus'] == cat.LICENSE_STATUS_REVOKED:
            raise WbemError('WBEM_E_INVALID_OPERATION', 'the license is revoked already')
        pack = self._pack(key_pack_id)
        version_id = pack['ProductVersionID'] if pack else 0
        if self.revocable_cals(version_id) <= 0:
            recent = self._recent_revocations(version_id)
            allowed = recent[0] + datetime.timedelta(days=REVOKE_WINDOW_DAYS) if recent else now()
            return {'ReturnValue': REVOKE_REFUSED_RETURN_VALUE, 'RevokableCals': 0,
                    'NextRevokeAllowedOn': to_dmtf(allowed)}
        record['LicenseStatus'] = cat.LICENSE_STATUS_REVOKED
        record['RevokedOn'] = to_dmtf(now())
        recount(self.state)
        return {'ReturnValue': 0, 'RevokableCals': self.revocable_cals(version_id), 'NextRevokeAllowedOn': None}
