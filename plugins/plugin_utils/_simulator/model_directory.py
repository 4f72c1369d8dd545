# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory side of the simulated license server: its domain, the AD rights its calls reach the domain
controller with, its membership of the AD group "Terminal Server License Servers", its publication and service
connection point in AD DS, its discovery scope, and the local group "RDS Endpoint Servers".

Internal to the remotedesktop.licensing collection: used only by the ``remotedesktop.licensing.simulator``
connection plugin. ``LicenseServerModel`` (model.py) inherits ``DirectoryMixin``; ``directory_profile`` reads the
profile keys of ``DIRECTORY_PROFILE_KEYS`` (docs/simulator.md).

The Win32_TSLicenseServer methods follow rdlicensing-reference.md sections 2.3, 4.5 and 9.2: AddLStoTSLSGroup and
RemoveLSfromTSLSGroup need a Domain Admin, PublishLS and UnpublishLS an Enterprise Admin, ChangeRole(1) a Domain
Admin and ChangeRole(2) an Enterprise Admin. What they answer on a denial is not documented: the simulator answers
WBEM_E_ACCESS_DENIED, and WBEM_E_NOT_AVAILABLE when no domain controller can be reached (both assumptions).
"""

from __future__ import annotations

import re
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat

# Profile keys of the directory side (docs/simulator.md); the license server security group keys
# (license_server_security_group, terminal_server_computers) are read by model.py.
DIRECTORY_PROFILE_KEYS = ('discovery_scope', 'tsls_group', 'published', 'scp_registered', 'domain_controller',
                          'directory_rights', 'orphaned_endpoint_sids')
_DIRECTORY_FLAGS = ('tsls_group', 'published', 'scp_registered', 'domain_controller')

# Faults of the directory side, merged into model.FAULTS.
DIRECTORY_FAULTS = {
    'domain_controller_unreachable': 'no domain controller of the license server\'s domain answers: the directory '
                                     'methods of Win32_TSLicenseServer fail with WBEM_E_NOT_AVAILABLE',
    'directory_access_denied': 'the domain controller refuses every change the license server asks for '
                               '(WBEM_E_ACCESS_DENIED), whatever directory_rights says: the double hop of a WinRM '
                               'logon without become, CredSSP or delegation',
}

WORKGROUP = 'WORKGROUP'
# A SID string as Remove-LocalGroupMember takes it for a member without looking it up; the SID of a domain account.
SID_PATTERN = re.compile(r'S-1-\d+(-\d+)+')
DOMAIN_SID_PATTERN = re.compile(r'S-1-5-21(-\d+){4}')


def _wbem(name: str, message: str = '') -> Exception:
    # model.py imports this module for its class; the error class is taken from it when first raised.
    from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import WbemError
    return WbemError(name, message)


def _host_error(code: int, message: str) -> Exception:
    from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.model import HostError
    return HostError(code, message)


def netbios_domain(domain: str) -> str:
    """The NetBIOS name the simulator gives a DNS domain: its first label, upper case (corp.example: CORP)."""
    return domain.split('.')[0].upper()[:15]


def computer_name_of(member: str) -> str:
    """The computer name of a member as any form names it: NAME, NAME$, DOMAIN\\NAME$, name.dns.domain."""
    name = member.rsplit('\\', 1)[-1]
    return name.split('.')[0].rstrip('$').upper()


def endpoint_member_names(ls: dict[str, t.Any]) -> set[str]:
    """The computer names in the license server's RDS Endpoint Servers group (ls: state['license_server'])."""
    return {computer_name_of(name) for name in ls.get('terminal_server_computers') or []}


def directory_profile(state: dict[str, t.Any], profile: dict[str, t.Any]) -> None:
    """The directory keys of a profile: state['directory'] and the license server's ServerRole."""
    joined = state['host']['domain'] != WORKGROUP
    values: dict[str, t.Any] = {}
    for key in _DIRECTORY_FLAGS:
        value = profile.get(key, False)
        if not isinstance(value, bool):
            raise ValueError('rdlicensing_sim_profile.%s must be true or false' % key)
        if value and not joined:
            raise ValueError('rdlicensing_sim_profile.%s needs a domain: the host is in a workgroup' % key)
        values[key] = value
    rights = profile.get('directory_rights') or []
    if not isinstance(rights, list) or not all(r in cat.DIRECTORY_RIGHTS for r in rights):
        raise ValueError('rdlicensing_sim_profile.directory_rights must be a list of %s'
                         % ', '.join(cat.DIRECTORY_RIGHTS))
    if rights and not joined:
        raise ValueError('rdlicensing_sim_profile.directory_rights needs a domain: the host is in a workgroup')
    values['rights'] = sorted(set(rights))
    orphaned = profile.get('orphaned_endpoint_sids') or []
    orphaned = [orphaned] if isinstance(orphaned, str) else orphaned
    if not isinstance(orphaned, list) or not all(isinstance(sid, str) for sid in orphaned):
        raise ValueError('rdlicensing_sim_profile.orphaned_endpoint_sids must be a list of SIDs')
    if not all(DOMAIN_SID_PATTERN.fullmatch(sid) for sid in orphaned):
        raise ValueError('rdlicensing_sim_profile.orphaned_endpoint_sids must be SIDs of domain accounts '
                         '(S-1-5-21-<domain>-<RID>)')
    if orphaned and not joined:
        raise ValueError('rdlicensing_sim_profile.orphaned_endpoint_sids needs a domain: the host is in a workgroup')
    scope = profile.get('discovery_scope', 'workgroup')
    codes = {name: code for code, name in cat.DISCOVERY_SCOPES.items()}
    if scope not in codes:
        raise ValueError('rdlicensing_sim_profile.discovery_scope must be one of %s' % ', '.join(codes))
    if codes[scope] and not joined:
        raise ValueError('rdlicensing_sim_profile.discovery_scope %s needs a domain: the host is in a workgroup'
                         % scope)
    state['directory'] = values
    state['license_server']['server_role'] = codes[scope]
    state['license_server']['orphaned_endpoint_sids'] = list(orphaned)


class DirectoryMixin:
    """The directory methods of LicenseServerModel (its state, faults and checks are the model's)."""

    state: dict[str, t.Any]
    faults: frozenset

    if t.TYPE_CHECKING:
        domain_joined: bool
        is_admin: bool
        _ls: dict[str, t.Any]

        def _require_provider(self) -> None: ...

        def _require_admin(self) -> None: ...

    @property
    def _directory(self) -> dict[str, t.Any]:
        """The directory state (a state file written before it existed: the defaults, kept once written)."""
        return self.state.setdefault('directory', {key: False for key in _DIRECTORY_FLAGS} | {'rights': []})

    def in_tsls_group(self) -> bool:
        """Is this license server's computer account in the AD group "Terminal Server License Servers" (False in a
        workgroup)? Per-user CALs are tracked and reported only then."""
        return self.domain_joined and bool(self._directory['tsls_group'])

    # -- checks ------------------------------------------------------------------------------------------------
    def _require_domain(self, method: str) -> None:
        self._require_provider()
        self._require_admin()
        if not self.domain_joined:
            raise _wbem('WBEM_E_NOT_AVAILABLE', '%s: the license server is not a member of a domain' % method)
        if 'domain_controller_unreachable' in self.faults:
            raise _wbem('WBEM_E_NOT_AVAILABLE', '%s: no domain controller of %s could be contacted'
                        % (method, self.state['host']['domain']))

    def _require_right(self, method: str, right: str) -> None:
        self._require_domain(method)
        if 'directory_access_denied' in self.faults or right not in self._directory['rights']:
            raise _wbem('WBEM_E_ACCESS_DENIED', '%s: access denied by the domain controller' % method)

    def check_change_role(self, server_role: int) -> None:
        """ChangeRole(ServerRole): the right of the scope (catalogue DISCOVERY_SCOPE_RIGHTS: domain a Domain Admin,
        forest an Enterprise Admin, workgroup none)."""
        right = cat.DISCOVERY_SCOPE_RIGHTS.get(cat.DISCOVERY_SCOPES.get(server_role, ''))
        if right is not None:
            self._require_right('ChangeRole', right)

    # -- Win32_TSLicenseServer: the directory methods ------------------------------------------------------------
    def is_ls_in_tsls_group(self, domain: str = '') -> bool:
        self._require_domain('IsLSinTSLSGroup')
        if domain and domain.lower() not in (self.state['host']['domain'].lower(),
                                             netbios_domain(self.state['host']['domain']).lower()):
            return False  # other domains of the forest are not simulated
        return bool(self._directory['tsls_group'])

    def _set_directory_flag(self, method: str, right: t.Optional[str], key: str, value: bool) -> None:
        if right is None:
            # no AD group named (the service connection point): still a change the domain controller may refuse
            self._require_domain(method)
            if 'directory_access_denied' in self.faults:
                raise _wbem('WBEM_E_ACCESS_DENIED', '%s: access denied by the domain controller' % method)
        else:
            self._require_right(method, right)
        self._directory[key] = value

    def add_ls_to_tsls_group(self) -> None:
        self._set_directory_flag('AddLStoTSLSGroup', 'domain_admin', 'tsls_group', True)

    def remove_ls_from_tsls_group(self) -> None:
        self._set_directory_flag('RemoveLSfromTSLSGroup', 'domain_admin', 'tsls_group', False)

    def is_ls_published(self) -> bool:
        self._require_domain('IsLSPublished')
        return bool(self._directory['published'])

    def publish_ls(self) -> None:
        self._set_directory_flag('PublishLS', 'enterprise_admin', 'published', True)

    def unpublish_ls(self) -> None:
        self._set_directory_flag('UnpublishLS', 'enterprise_admin', 'published', False)

    def is_ls_registered_to_scp(self) -> bool:
        self._require_domain('IsLSRegisteredToSCP')
        return bool(self._directory['scp_registered'])

    def register_ls_to_scp(self) -> None:
        # Administrators per its reference page: the license server writes its own service connection point.
        self._set_directory_flag('RegisterLSToSCP', None, 'scp_registered', True)

    def unregister_ls_from_scp(self) -> None:
        self._set_directory_flag('UnRegisterLSFromSCP', None, 'scp_registered', False)

    def is_ls_on_dc(self) -> bool:
        self._require_provider()
        self._require_admin()
        return self.domain_joined and bool(self._directory['domain_controller'])

    def is_ls_sec_grp_gp_enabled(self) -> bool:
        self._require_provider()
        self._require_admin()
        return bool(self._ls.get('security_group'))

    # -- the local group RDS Endpoint Servers (read through ADSI, changed with Microsoft.PowerShell.LocalAccounts) --
    def _require_local_accounts(self, cmdlet: str) -> None:
        if self.state['host']['os']['build'] < cat.LOCAL_ACCOUNTS_MIN_BUILD:
            raise _host_error(0x80070057, "The term '%s' is not recognized as the name of a cmdlet: the module "
                                          'Microsoft.PowerShell.LocalAccounts exists from Windows Server 2016 on'
                                          % cmdlet)

    def _member_record(self, member: str) -> dict[str, t.Any]:
        """A computer account in the group: its SID and the account name it translates to, DOMAIN\\NAME$ (a bare
        name: of the host's domain)."""
        domain, sep, name = member.rpartition('\\')
        domain = domain if sep else netbios_domain(self.state['host']['domain'])
        full = '%s\\%s$' % (domain.upper(), computer_name_of(name))
        return {'Name': full, 'SID': 'S-1-5-21-%d-%d-1000-1100' % (len(full), sum(map(ord, full)))}

    def endpoint_servers_members(self) -> list[dict[str, t.Any]]:
        """The members of S-1-5-32-576 through ADSI (WinNT, every version): each SID with the account name it
        translates to, or no name for an orphaned SID (profile key orphaned_endpoint_sids)."""
        return ([self._member_record(name) for name in self._ls.get('terminal_server_computers') or []]
                + [{'Name': None, 'SID': sid} for sid in self._ls.get('orphaned_endpoint_sids') or []])

    def _endpoint_write(self, cmdlet: str) -> list[str]:
        self._require_local_accounts(cmdlet)
        if not self.is_admin:
            raise _host_error(cat.ERROR_ACCESS_DENIED, 'Access denied.')
        return self._ls.setdefault('terminal_server_computers', [])

    def add_endpoint_servers_members(self, members: list[str]) -> None:
        """Add-LocalGroupMember -SID S-1-5-32-576 -Member <DOMAIN\\NAME$, ...>: fails (and adds none) when one is
        a member already or names no account of a domain (a workgroup host resolves none)."""
        current = self._endpoint_write('Add-LocalGroupMember')
        names = {computer_name_of(n) for n in current}
        for member in members:
            if not self.domain_joined:
                raise _host_error(cat.WIN32_CODES['ERROR_NONE_MAPPED'], "Principal %s was not found." % member)
            if computer_name_of(member) in names:
                raise _host_error(cat.WIN32_CODES['ERROR_MEMBER_IN_ALIAS'],
                                  '%s is already a member of group %s.' % (member, cat.ENDPOINT_SERVERS_GROUP))
        current.extend(self._member_record(m)['Name'] for m in members)

    def remove_endpoint_servers_members(self, members: list[str]) -> None:
        """Remove-LocalGroupMember -SID S-1-5-32-576 -Member <...>: a member given as a SID string is taken as that
        SID without a lookup (so an orphaned SID can be removed), a name is looked up; fails, removing none, when one
        is not a member."""
        current = self._endpoint_write('Remove-LocalGroupMember')
        orphaned = self._ls.setdefault('orphaned_endpoint_sids', [])
        # each given member as what it removes: a computer name, or an orphaned SID
        by_key = {computer_name_of(n): computer_name_of(n) for n in current}
        by_key.update({self._member_record(n)['SID']: computer_name_of(n) for n in current})
        by_key.update({sid: sid for sid in orphaned})
        keys = [m if SID_PATTERN.fullmatch(m) else computer_name_of(m) for m in members]
        missing = sorted(k for k in keys if k not in by_key)
        if missing:
            raise _host_error(cat.WIN32_CODES['ERROR_MEMBER_NOT_IN_ALIAS'],
                              '%s was not found in group %s.' % (missing[0], cat.ENDPOINT_SERVERS_GROUP))
        gone = {by_key[k] for k in keys}
        current[:] = [n for n in current if computer_name_of(n) not in gone]
        orphaned[:] = [sid for sid in orphaned if sid not in gone]
