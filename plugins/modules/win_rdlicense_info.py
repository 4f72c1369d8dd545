# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_info.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_info
short_description: Report the state of a Remote Desktop license server
description:
  - Reads, in one remote execution, everything the collection's other modules manage on a Remote Desktop license
    server and returns it; changes nothing.
  - The host (name, Windows edition and version, the newest CAL version it can hold), the RD Licensing role (features,
    C(TermServLicensing) service, pending restart, as M(remotedesktop.licensing.win_rdlicense_role) returns them),
    the activation (status, license server ID, product ID, company information, discovery scope, as
    M(remotedesktop.licensing.win_rdlicense_activate) returns them), the CAL key packs with totals per version and
    CAL type (as M(remotedesktop.licensing.win_rdlicense_cals) returns them), the packs that expire soon, and the
    idempotency records of M(remotedesktop.licensing.win_rdlicense_cals) (their salted hashes only).
  - Works on a server where the role is not installed, or not installed yet (a restart pending), or whose WMI
    provider is not ready; RV(activation.available) is then false and RV(activation.reason) says why, and the key
    packs are empty. Such a server is reported, not failed on.
  - Fails when the connecting account is not a member of the local Administrators group (or its token is not
    elevated), with the same message as the other modules of the collection. Windows answers such an account with
    empty properties and no key packs, and a report of that would look like a server with nothing on it; the failed
    result still carries RV(host) with RV(host.is_admin=false).
version_added: 0.1.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  include_builtin_and_temporary:
    description:
      - Also list the built-in pack (C(ProductType) 3) and temporary packs (C(KeyPackType) 4) in RV(key_packs) (and
        RV(expiring)). They never count in RV(totals).
    type: bool
    default: false
  expiring_within_days:
    description:
      - RV(expiring) lists the packs of RV(key_packs) whose expiration date is at most this many days after the
        controller's current time, packs that have expired included.
      - V(0) lists the expired packs only; at most V(36500) (100 years).
    type: int
    default: 90
  product_version_ids:
    description:
      - Overrides the number Windows uses for a product version (C(ProductVersionID)), keyed by version name, with the
        same meaning as in M(remotedesktop.licensing.win_rdlicense_cals); use the same value there and here.
      - Meant for Windows Server 2022 and 2025, whose numbers Microsoft does not document (the collection assumes 7
        and 8).
    type: dict
  _operation:
    description:
      - Internal use only, set by the action plugin of the same name; not an option of the task.
      - V(probe) reads the state of the host.
    type: str
    required: true
    choices:
      - probe
attributes:
  check_mode:
    support: full
    description: The module only reads; in check mode it returns the same values, and C(changed) is always false.
  diff_mode:
    support: none
    description: The module changes nothing, so there is no before and after to show.
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts, reached through WinRM or PSRP.
notes:
  - Needs a connection as a member of the local Administrators group.
  - The values are read from C(Get-WindowsFeature), C(Win32_Service), C(Win32_TSLicenseServer) (C(GetActivationStatus),
    C(GetLicenseServerId)), C(Win32_TSLicenseKeyPack) and the registry key
    C(HKLM:\SOFTWARE\remotedesktop.licensing\KeyPacks).
  - No secret is ever read or returned; license codes, agreement numbers and key pack IDs are not stored on the
    server. The salt of the idempotency records is not returned either.
seealso:
  - module: remotedesktop.licensing.win_rdlicense_role
  - module: remotedesktop.licensing.win_rdlicense_activate
  - module: remotedesktop.licensing.win_rdlicense_cals
"""

EXAMPLES = r"""
- name: Read the license server
  remotedesktop.licensing.win_rdlicense_info:
  register: lic

- name: Show its activation and its per-user 2022 CALs
  ansible.builtin.debug:
    msg: >-
      {{ lic.host.computer_name }} is {{ lic.activation.activation_status | default('not readable', true) }};
      {{ lic.totals['2022'].per_user.available | default(0) }} per-user 2022 CALs available

- name: Fail when the role is missing or the server is not activated
  ansible.builtin.assert:
    that:
      - lic.role.installed
      - lic.activation.activation_status == 'activated'
    fail_msg: "{{ lic.host.computer_name }}: {{ lic.activation.reason | default('not activated', true) }}"

- name: Warn about the packs that expire within 30 days, with the built-in and temporary packs
  remotedesktop.licensing.win_rdlicense_info:
    expiring_within_days: 30
    include_builtin_and_temporary: true
  register: soon

- name: List them
  ansible.builtin.debug:
    msg: "KeyPackId {{ item.key_pack_id }} ({{ item.product_version }} {{ item.cal_type }}) expires {{ item.expiration_date }}"
  loop: "{{ soon.expiring }}"

- name: Windows Server 2025 CALs, with the version number given to win_rdlicense_cals
  remotedesktop.licensing.win_rdlicense_info:
    product_version_ids:
      "2025": 8
"""

RETURN = r"""
host:
  description: The host.
  returned: always
  type: dict
  sample:
    computer_name: LIC01
    os: Microsoft Windows Server 2022 Datacenter
    os_version: 10.0.20348
    installation_type: Server
    is_server: true
    is_admin: true
    max_cal_version: "2022"
  contains:
    computer_name:
      description: The computer name.
      type: str
      returned: always
    os:
      description: The operating system (C(Win32_OperatingSystem.Caption)).
      type: str
      returned: always
    os_version:
      description: Its version (C(Win32_OperatingSystem.Version)).
      type: str
      returned: always
    installation_type:
      description: C(Server), C(Server Core) or C(Client).
      type: str
      returned: always
    is_server:
      description: Whether it is a Windows Server edition (only those can hold the role).
      type: bool
      returned: always
    is_admin:
      description: Whether the connecting account is a local administrator with an elevated token (false fails the task).
      type: bool
      returned: always
    max_cal_version:
      description: The newest CAL product version a license server on this Windows version can hold (it holds that and
        older ones); null on a client edition.
      type: str
      returned: always
role:
  description: The RD Licensing role, as M(remotedesktop.licensing.win_rdlicense_role) returns it.
  returned: always
  type: dict
  sample:
    installed: true
    features:
      - name: RDS-Licensing
        installed: true
        install_state: Installed
      - name: RDS-Licensing-UI
        installed: true
        install_state: Installed
    service:
      name: TermServLicensing
      exists: true
      start_mode: automatic
      state: started
    reboot_required: false
  contains:
    installed:
      description: Whether C(RDS-Licensing) is installed (false while its installation waits for a restart).
      type: bool
      returned: always
    features:
      description: The RD Licensing features that exist on the host (C(name), C(installed), C(install_state)); empty on
        a client edition.
      type: list
      elements: dict
      returned: always
    service:
      description: The C(TermServLicensing) service (C(name), C(exists), C(start_mode) V(automatic)/V(manual)/V(disabled),
        C(state) V(started)/V(stopped); null when it does not exist).
      type: dict
      returned: always
    reboot_required:
      description: Whether a feature installation or removal waits for a restart.
      type: bool
      returned: always
activation:
  description: The activation, as M(remotedesktop.licensing.win_rdlicense_activate) returns it.
  returned: always
  type: dict
  sample:
    available: true
    reason: null
    activation_status: activated
    license_server_id: 3F9A1C07B2E4D8A6F0C3B5E7D9A2C4E6F8A
    product_id: 12345-67890-13579-AT024
    company_information:
      first_name: Ada
      last_name: Lovelace
      company: Contoso Ltd
      country_region: United Kingdom
      email: licensing@contoso.example
      org_unit: ""
      address: ""
      city: London
      state: ""
      postal_code: ""
    discovery_scope: workgroup
  contains:
    available:
      description: Whether C(Win32_TSLicenseServer) answered.
      type: bool
      returned: always
    reason:
      description:
        - Why the activation could not be read, or null. V(role not installed), V(role installation pending a restart),
          C(provider not ready) followed by the WMI error, V(not an administrator) (the task then fails), or
          C(GetActivationStatus failed) followed by the WMI error (then RV(activation.available) is true, and the
          other values are read).
      type: str
      returned: always
    activation_status:
      description: V(activated), V(not_activated), V(unknown) (C(GetActivationStatus) answered 2), or null when it
        could not be read.
      type: str
      returned: always
    license_server_id:
      description: The license server ID (35 characters) when activated; null otherwise. An identifier, not a secret.
      type: str
      returned: always
    product_id:
      description: The product ID (C(ProductId)), which the web and telephone activation methods ask for.
      type: str
      returned: always
    company_information:
      description: The ten contact properties under the option names of M(remotedesktop.licensing.win_rdlicense_activate);
        empty when the server did not answer.
      type: dict
      returned: always
    discovery_scope:
      description: C(ServerRole) by name, V(workgroup), V(domain) or V(forest); null when the server did not answer.
      type: str
      returned: always
key_packs:
  description:
    - The key packs, with the same elements (and the same sample) as
      RV(remotedesktop.licensing.win_rdlicense_cals#module:key_packs) of M(remotedesktop.licensing.win_rdlicense_cals),
      that is C(key_pack_id), C(key_pack_type), C(product_version), C(product_version_id), C(product_version_label),
      C(cal_type), C(total), C(issued), C(available), C(expiration_date), C(description), C(type_and_model) and
      C(managed). Built-in and temporary packs are left out unless
      O(include_builtin_and_temporary=true). Empty when the key packs could not be read (with a warning when the server
      answered but its key packs did not).
  returned: always
  type: list
  elements: dict
  sample: []
totals:
  description:
    - Purchased CALs per product version and CAL type, as RV(remotedesktop.licensing.win_rdlicense_cals#module:totals)
      of M(remotedesktop.licensing.win_rdlicense_cals) (built-in and temporary packs never count).
  returned: always
  type: dict
  sample:
    "2022":
      per_user:
        total: 250
        issued: 12
        available: 238
expiring:
  description:
    - The elements of RV(key_packs) whose expiration date is within O(expiring_within_days) days of the controller's
      current time, or past; soonest first.
  returned: always
  type: list
  elements: dict
  sample: []
records:
  description:
    - The idempotency records of M(remotedesktop.licensing.win_rdlicense_cals), ordered by C(KeyPackId); values under
      the records key that are not records are left out.
  returned: always
  type: list
  elements: dict
  sample:
    - name: 9f2c4e6f8a3f9a1c07b2e4d8a6f0c3b5e7d9a2c4e6f8a3f9a1c07b2e4d8a6f0c
      key_pack_id: 7
      program: select
      product_version: "2022"
      cal_type: per_user
      quantity: 250
  contains:
    name:
      description: The salted SHA-256 hash of the pack's identity (never the identifier itself).
      type: str
      returned: always
    key_pack_id:
      description: The C(KeyPackId) the record names.
      type: int
      returned: always
    program:
      description: The license program the pack was installed (or adopted) under.
      type: str
      returned: always
    product_version:
      description: The product version declared, or null.
      type: str
      returned: always
    cal_type:
      description: The CAL type declared, or null.
      type: str
      returned: always
    quantity:
      description: The quantity declared, or null.
      type: int
      returned: always
configuration:
  description:
    - The license server's directory side, as RV(remotedesktop.licensing.win_rdlicense_configuration#module:configuration)
      of M(remotedesktop.licensing.win_rdlicense_configuration) returns it, read by the same code - C(domain_joined),
      C(domain), C(discovery_scope), C(ad_group_member) (in the AD group C(Terminal Server License Servers), which
      per-user CAL tracking needs), C(published), C(scp_registered), C(on_domain_controller),
      C(security_group_policy) (the policy C(License server security group)) and C(endpoint_servers) (the members of
      the local group C(RDS Endpoint Servers)).
    - A value that cannot be read (the role not installed, a workgroup server, a domain controller that does not
      answer) is null.
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
    security_group_policy: false
    endpoint_servers: []
session_host:
  description:
    - The RD Session Host side of the host, when it has the role service C(RDS-RD-Server) (a server often carries
      both roles); null otherwise.
    - The same values as M(remotedesktop.licensing.win_rdlicense_session_host) returns, read by the same code.
  returned: always
  type: dict
  contains:
      licensing_mode:
        description:
          - The licensing mode the host uses (C(LicensingType) of C(Win32_TerminalServiceSetting); with Group Policy, the
            policy's mode).
          - V(per_user), V(per_device), V(not_configured), V(remote_administration), V(personal) or V(unknown) (a number
            the collection does not know, or unread).
        returned: always
        type: str
        sample: per_user
      license_servers:
        description: The license servers the host contacts, in order (C(GetSpecifiedLicenseServerList)).
        returned: always
        type: list
        elements: str
        sample: [lic01.contoso.com, lic02.contoso.com]
      grace_period_days:
        description: Days left of the grace period (C(GetGracePeriodDays)); 0 when it is over; null when unreadable.
        returned: always
        type: int
        sample: 97
      connectivity:
        description:
          - What C(GetTStoLSConnectivityStatus) answers for each listed server, in the order of RV(session_host.license_servers).
        returned: always
        type: list
        elements: dict
        sample:
          - server: lic01.contoso.com
            code: 11
            status: valid
            usable: true
            error: null
        contains:
          server:
            description: The server as listed.
            type: str
            returned: always
          code:
            description: C(TStoLSConnectivityStatus); 0 (unknown) when the call failed or, in check mode, for a server not
              listed yet.
            type: int
            returned: always
          status:
            description: The code by name, one of V(unknown), V(valid_2008r2), V(valid_2008), V(beta_rtm_mismatch),
              V(lower_version), V(not_in_security_group), V(not_connectable), V(unknown_validity), V(access_denied),
              V(valid_2008r2_vdi), V(feature_not_supported), V(valid).
            type: str
            returned: always
          usable:
            description: Whether the host can get CALs from it, true for the codes 1, 2, 9 and 11 (V(valid_2008r2),
              V(valid_2008), V(valid_2008r2_vdi), V(valid)).
            type: bool
            returned: always
          error:
            description: The WMI error when C(GetTStoLSConnectivityStatus) failed, else null.
            type: str
            returned: always
      policy:
        description: Where the mode and the servers come from. Group Policy wins over the host's own settings.
        returned: always
        type: dict
        contains:
          licensing_mode:
            description:
              - C(source) is V(group_policy) (policy "Set the Remote Desktop licensing mode", or
                C(PolicySourceLicensingType=1)) or V(server); C(value) the policy's mode by name (as in RV(session_host.licensing_mode)),
                null when the source is the server; C(code) the policy's number.
            type: dict
            returned: always
            sample: {source: group_policy, value: per_user, code: 4}
          license_servers:
            description:
              - C(source) is V(group_policy) (policy "Use the specified Remote Desktop license servers", or
                C(PolicySourceConfiguredLicenseServers=1)) or V(server); C(value) the policy's list, null when the source
                is the server.
            type: dict
            returned: always
            sample: {source: server, value: null}
      cal_version:
        description: The CAL product version the host asks for, its Windows Server version (V(2022) on Windows Server
          2022); null when the host was not read.
        returned: always
        type: str
        sample: "2022"
      domain_joined:
        description: Whether the host is joined to a domain (C(Win32_ComputerSystem.PartOfDomain)); null when not read.
        returned: always
        type: bool
        sample: true
"""
