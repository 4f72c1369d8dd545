# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_configuration.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_configuration
short_description: Register a Remote Desktop license server in Active Directory and set its discovery scope
description:
  - Manages what RD Licensing Manager's B(Review Configuration) shows for a license server, through
    C(Win32_TSLicenseServer) (namespace C(root\\cimv2)) - its membership of the AD group
    C(Terminal Server License Servers), its publication in AD DS, its service connection point and its discovery
    scope - and the members of its local group C(RDS Endpoint Servers).
  - Per-user CALs are tracked and reported only when the license server's computer account is in the AD group
    C(Terminal Server License Servers) (well-known SID C(S-1-5-32-561)); without it the server logs the events
    4105 and 74 to 76 and RD Licensing Manager shows a warning. O(ad_group_member=true) adds it
    (C(AddLStoTSLSGroup)).
  - Every option left out is left alone. With no option at all, the task only reads and returns the configuration.
  - A server that is not a member of a domain cannot be in the group, published, registered or domain- or
    forest-scoped, and holds no computer accounts in C(RDS Endpoint Servers); asking for any of it fails before any
    change, naming the options.
  - Reads the host once; when nothing needs to change, that single remote execution is all the task costs. Changes
    are applied in a second and last execution.
  - "Rights: C(AddLStoTSLSGroup), C(RemoveLSfromTSLSGroup) and O(discovery_scope=domain) need a member of
    C(Domain Admins); C(PublishLS), C(UnpublishLS) and O(discovery_scope=forest) a member of C(Enterprise Admins)
    (as Microsoft's reference pages of the methods say). A local administrator has no rights in AD. The rights
    cannot be read beforehand: a change the domain controller refuses fails, naming the group that gives the
    right."
  - "The methods reach a domain controller from the license server: over WinRM that is a second hop, which the
    credentials of a plain NTLM or Kerberos logon do not make. Use C(become: true) with C(become_method: runas) and
    C(become_user)/C(become_password) of a member of the group (the simplest), or connect with CredSSP, or Kerberos
    with delegation. See the collection's C(docs/domain.md)."
  - What the methods answer when the domain controller refuses them is not documented; C(WBEM_E_ACCESS_DENIED)
    (0x80041003), C(E_ACCESSDENIED) (0x80070005) and Windows error 5 are taken as a refusal, and
    C(WBEM_E_NOT_AVAILABLE) (0x80041009) as no domain controller reachable. Confirm on your servers.
version_added: 0.2.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  discovery_scope:
    description:
      - The license server's discovery scope (C(ServerRole), set with C(ChangeRole)).
      - V(domain) needs a member of C(Domain Admins), V(forest) a member of C(Enterprise Admins); both a server in a
        domain. Automatic license server discovery was abandoned with Windows Server 2008 R2 (session hosts are
        given their license servers), so the scope matters little to current session hosts.
    type: str
    choices: [workgroup, domain, forest]
  ad_group_member:
    description:
      - Whether the license server's computer account is a member of the AD group C(Terminal Server License
        Servers) of its domain (C(IsLSinTSLSGroup), C(AddLStoTSLSGroup), C(RemoveLSfromTSLSGroup)); needs a member
        of C(Domain Admins) to change.
      - V(true) is what per-user CAL tracking and reports need. On Windows Server 2019 and later, if the users'
        per-user attributes still do not update, also delegate "Read and write Terminal Server license server" to
        C(SELF) on the users' organizational unit (Microsoft KB 4547091); this module does not change AD
        permissions.
    type: bool
  published:
    description:
      - Whether the license server is published in AD DS (C(IsLSPublished), C(PublishLS), C(UnpublishLS)), which
        makes it known forest-wide, and lets domain-joined license servers recognise each other; needs a member of
        C(Enterprise Admins) to change.
    type: bool
  scp_registered:
    description:
      - Whether the license server is registered to its service connection point in AD DS
        (C(IsLSRegisteredToSCP), C(RegisterLSToSCP), C(UnRegisterLSFromSCP)); a local administrator per Microsoft's
        pages, a server in a domain.
    type: bool
  endpoint_servers:
    description:
      - The session hosts that must be members of the license server's local group C(RDS Endpoint Servers)
        (well-known SID C(S-1-5-32-576), addressed by SID because its name is localised; older documents call it
        C(Terminal Server Computers)). When the policy C(License server security group) is on, only the hosts in this
        group get CALs.
      - Each item is a computer account, as C(NAME) or C(NAME$) (a computer of the license server's own domain) or
        C(DOMAIN\\NAME$) (NetBIOS names, ASCII letters, digits and hyphens; a DNS name is refused). Names are
        compared without case.
      - The list is B(added) to the group, other members are left alone, unless O(endpoint_servers_purge=true).
      - Given while the policy is off, the task warns, and does not fail; the group has no effect until the policy
        is on (RV(configuration.security_group_policy)).
      - The group is read through ADSI (the C(WinNT) provider) on every version, so that a member whose SID no
        account answers to any more (an orphaned SID, left by a deleted computer account) is listed by its SID, with
        a warning, where C(Get-LocalGroupMember) of Windows PowerShell 5.1 would fail. A member whose name cannot be
        looked up for another reason (no domain controller answers) fails the read, and the task, before any change.
      - Members are added and removed with C(Add-LocalGroupMember) and C(Remove-LocalGroupMember) of Windows
        PowerShell 5.1's C(Microsoft.PowerShell.LocalAccounts), on Windows Server 2016 and later; on an older host a
        task that would change the group fails before any change.
    type: list
    elements: str
  endpoint_servers_purge:
    description:
      - With O(endpoint_servers), remove every member of C(RDS Endpoint Servers) that is not listed, so that the group
        holds exactly the list (an empty list empties it).
      - Every member that is not listed is removed, whatever it is - a computer account, but also a user or a group
        someone added by hand, and an orphaned SID (removed by its SID). Removals come after additions.
    type: bool
    default: false
  _operation:
    description:
      - Internal use only, set by the action plugin of the same name; not an option of the task.
      - V(probe) reads the state of the host, V(apply) runs the steps of O(_steps) and reads it again.
    type: str
    required: true
    choices:
      - probe
      - apply
  _steps:
    description:
      - Internal use only, set by the action plugin of the same name; not an option of the task.
      - The allow-listed steps of the apply operation, run in order.
    type: list
    elements: dict
    default: []
    suboptions:
      type:
        description:
          - The step type, one of the operation contract of the collection.
        type: str
        required: true
        choices:
          - add_to_tsls_group
          - remove_from_tsls_group
          - publish
          - unpublish
          - register_scp
          - unregister_scp
          - set_discovery_scope
          - add_endpoint_servers
          - remove_endpoint_servers
      continue_on_failure:
        description:
          - Go on with the next steps when this one fails.
        type: bool
      server_role:
        description:
          - Parameter of the step V(set_discovery_scope).
        type: int
      members:
        description:
          - Parameter of the steps V(add_endpoint_servers), V(remove_endpoint_servers).
        type: list
        elements: str
attributes:
  check_mode:
    support: full
    description: Reads the host and reports what would change; changes nothing. It cannot tell whether the account
      has the AD rights a change needs.
  diff_mode:
    support: full
    description: Shows the discovery scope, the group membership, the publication, the service connection point and
      the members of RDS Endpoint Servers, before and after.
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts with the RD Licensing role, reached through WinRM or PSRP.
notes:
  - Needs a connection as a member of the local Administrators group on the license server and the RD Licensing role
    (see M(remotedesktop.licensing.win_rdlicense_role)); the AD changes need the rights above as well.
  - A license server on a domain controller (RV(configuration.on_domain_controller)) works but is discouraged; there
    C(Network Service) must be in C(Terminal Server License Servers) too.
  - License servers in other domains of the forest need a two-way trust and membership in the group of each domain
    whose users they track; this module manages the group of the server's own domain.
seealso:
  - module: remotedesktop.licensing.win_rdlicense_server
  - module: remotedesktop.licensing.win_rdlicense_info
  - module: remotedesktop.licensing.win_rdlicense_session_host
"""

EXAMPLES = r"""
- name: Track per-user CALs - the license server in the AD group Terminal Server License Servers
  remotedesktop.licensing.win_rdlicense_configuration:
    ad_group_member: true
    scp_registered: true
    discovery_scope: domain
  become: true
  become_method: runas
  become_user: CONTOSO\rdl-domain-admin
  vars:
    ansible_become_password: "{{ vault_domain_admin_password }}"

- name: Publish the license server in AD DS (an Enterprise Admin)
  remotedesktop.licensing.win_rdlicense_configuration:
    published: true
  become: true
  become_method: runas
  become_user: CONTOSO\rdl-enterprise-admin
  vars:
    ansible_become_password: "{{ vault_enterprise_admin_password }}"

- name: Only these session hosts get CALs (with the policy License server security group on)
  remotedesktop.licensing.win_rdlicense_configuration:
    endpoint_servers:
      - RDSH01
      - CONTOSO\RDSH02$
    endpoint_servers_purge: true
  register: configuration

- name: Fail unless per-user CALs are tracked
  ansible.builtin.assert:
    that:
      - configuration.configuration.ad_group_member
    fail_msg: "{{ inventory_hostname }} is not in Terminal Server License Servers"

- name: Read the configuration only
  remotedesktop.licensing.win_rdlicense_configuration:
  register: review
"""

RETURN = r"""
configuration:
  description:
    - The license server's configuration as read after the task (in check mode, as it would be). A value that was
      not read (a workgroup server, an account that is not an administrator, a domain controller that did not
      answer, the RD Licensing role not installed) is null.
  returned: always
  type: dict
  sample:
    domain_joined: true
    domain: contoso.com
    discovery_scope: domain
    ad_group_member: true
    published: false
    scp_registered: true
    on_domain_controller: false
    security_group_policy: true
    endpoint_servers: [CONTOSO\RDSH01$, CONTOSO\RDSH02$]
  contains:
    domain_joined:
      description: Whether the server is a member of a domain (C(Win32_ComputerSystem.PartOfDomain)).
      type: bool
      returned: always
    domain:
      description: The DNS name of its domain, or the name of its workgroup (C(Win32_ComputerSystem.Domain)).
      type: str
      returned: always
    discovery_scope:
      description: V(workgroup), V(domain) or V(forest) (C(ServerRole)).
      type: str
      returned: always
    ad_group_member:
      description: Whether the server is in the AD group C(Terminal Server License Servers) of its domain
        (C(IsLSinTSLSGroup)); per-user CALs are tracked only then.
      type: bool
      returned: always
    published:
      description: Whether the server is published in AD DS (C(IsLSPublished)).
      type: bool
      returned: always
    scp_registered:
      description: Whether the server is registered to its service connection point (C(IsLSRegisteredToSCP)).
      type: bool
      returned: always
    on_domain_controller:
      description: Whether the license server runs on a domain controller (C(IsLSonDC)).
      type: bool
      returned: always
    security_group_policy:
      description: Whether the policy C(License server security group) is on (C(IsLSSecGrpGPEnabled)); then only
        the hosts in RV(configuration.endpoint_servers) get CALs.
      type: bool
      returned: always
    endpoint_servers:
      description: The members of the local group C(RDS Endpoint Servers) as Windows names them (C(DOMAIN\\NAME$)),
        an orphaned SID (no account answers to it) as its SID (C(S-1-5-21-...)); in check mode a member to be added
        is shown as it would be sent - C(DOMAIN\\NAME$) for a bare name, with the NetBIOS name
        of the license server's domain (C(Win32_NTDomain)), or C(NAME$) when it could not be read.
      type: list
      elements: str
      returned: always
steps:
  description:
    - The changes the task made (in check mode, would make), in order; empty when nothing needed to change.
    - C(status) is V(changed), V(ok), V(failed) or V(skipped) (not run after a failure), V(check_mode) in check mode.
  returned: always
  type: list
  elements: dict
  sample:
    - type: add_to_tsls_group
      status: changed
  contains:
    type:
      description: V(add_to_tsls_group), V(remove_from_tsls_group), V(publish), V(unpublish), V(register_scp),
        V(unregister_scp), V(set_discovery_scope), V(add_endpoint_servers) or V(remove_endpoint_servers).
      type: str
      returned: always
    status:
      description: What became of the step.
      type: str
      returned: always
"""
