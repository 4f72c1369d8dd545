# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_session_host.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_session_host
short_description: Set the licensing mode and the license servers of a Remote Desktop Session Host
description:
  - Sets the Remote Desktop licensing mode (per user or per device) of an RD Session Host and the license servers it
    contacts, in order, through C(Win32_TerminalServiceSetting) (namespace C(root\\cimv2\\TerminalServices), over a
    packet privacy session), with C(ChangeMode) and C(SetSpecifiedLicenseServerList).
  - Reports what the host uses and whether it can reach each listed server (C(GetTStoLSConnectivityStatus)), the
    days left of its grace period, where each setting comes from (the host or Group Policy), the CAL version it asks
    for and whether it is joined to a domain.
  - Group Policy wins over the host's own settings. When the policies "Set the Remote Desktop licensing mode" or
    "Use the specified Remote Desktop license servers" (C(LicensingMode), C(LicenseServers) under
    C(HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services)) set something else than declared, the task
    fails before any change, naming the policy and its value. When they set what is declared, nothing is changed and
    RV(policy_note) says so.
  - With O(connection_broker), the task manages the licensing of the whole deployment on its RD Connection Broker
    (C(Win32_TSDeploymentLicensing), what C(Set-RDLicenseConfiguration) sets) instead of one host's settings; it must
    then run on the broker.
  - Reads the host once; when nothing needs to change, that single remote execution is all the task costs. Changes
    are applied in a second and last execution.
  - The C(LicensingType) numbers are assumed to be 2 per device, 4 per user and 5 not configured. Microsoft's pages
    disagree (the property table of C(Win32_TerminalServiceSetting) lists 3 per user and 4 not configured; its
    C(PossibleLicensingTypes) qualifier, C(ChangeMode), C(Win32_TSDeploymentLicensing) and the unattend setting
    C(LicensingMode) use 2, 4 and 5); the collection follows the majority. See the collection's
    C(docs/session-hosts.md).
version_added: 0.2.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  licensing_mode:
    description:
      - Required. The Remote Desktop licensing mode, which must match the CALs installed on the license servers.
      - V(per_user) needs the host and the users in an Active Directory domain (a warning says so on a workgroup
        host).
    type: str
    choices: [per_user, per_device]
  license_servers:
    description:
      - Required. The license servers the host contacts, in this order. Each is a NetBIOS name, a DNS host name or FQDN, or an
        IPv4 address, in ASCII; the same server may not be listed twice (names are compared without case).
      - The list replaces the host's list as a whole. An empty list is allowed and clears it (with a warning);
        Windows does not discover license servers on its own since Windows Server 2008 R2, so the host then refuses
        connections once its grace period is over.
    type: list
    elements: str
  connection_broker:
    description:
      - The RD Connection Broker of the deployment, by its NetBIOS or DNS name. When given, O(licensing_mode) and
        O(license_servers) are set for the deployment (C(Win32_TSDeploymentLicensing) with
        C(UseCentralLicensingSettings) true) instead of on the host; the task must run on the broker itself (for
        example with C(delegate_to)), and fails before any change when the host is another one or not a broker.
      - Group Policy on the session hosts still wins over the deployment's settings; the broker cannot see it, so
        check the session hosts without this option, or with M(remotedesktop.licensing.win_rdlicense_info).
    type: str
  role_inputs:
    description:
      - The inputs of the role C(remotedesktop.licensing.session_host), input name to value, as the lookup
        P(remotedesktop.licensing.role_inputs#lookup) returns them; the module then takes O(licensing_mode),
        O(license_servers) and O(connection_broker) from them. This is how the role calls the module.
      - Every input is checked strictly against the role's argument spec first, and an empty
        C(session_host_license_servers) is refused (from the role it means that the inventory group
        C(license_servers) has no host); the task fails before anything is sent, naming the input.
      - Mutually exclusive with O(licensing_mode), O(license_servers) and O(connection_broker).
    type: dict
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
          - set_licensing_mode
          - set_license_servers
          - set_deployment_licensing
      continue_on_failure:
        description:
          - Go on with the next steps when this one fails.
        type: bool
      licensing_type:
        description:
          - Parameter of the steps V(set_licensing_mode), V(set_deployment_licensing).
        type: int
      servers:
        description:
          - Parameter of the step V(set_license_servers).
        type: list
        elements: str
      license_servers:
        description:
          - Parameter of the step V(set_deployment_licensing).
        type: list
        elements: str
attributes:
  check_mode:
    support: full
    description: Reads the host and reports what would change; changes nothing.
  diff_mode:
    support: full
    description: Shows the licensing mode and the license servers, before and after.
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts with the RD Session Host role service, reached through WinRM or PSRP.
notes:
  - Needs a connection as a member of the local Administrators group and the role service C(RDS-RD-Server)
    (install it with M(ansible.windows.win_feature) and restart the host first).
  - On a real host, the connectivity statuses are what the session host finds when it contacts each server; the
    license servers' security group policy, versions and activation all play a part.
seealso:
  - module: remotedesktop.licensing.win_rdlicense_info
  - module: remotedesktop.licensing.win_rdlicense_server
"""

EXAMPLES = r"""
- name: Per-user licensing from two license servers, in this order
  remotedesktop.licensing.win_rdlicense_session_host:
    licensing_mode: per_user
    license_servers:
      - lic01.contoso.com
      - lic02.contoso.com
  register: rdsh

- name: Fail when no listed license server can issue CALs to the host
  ansible.builtin.assert:
    that:
      - rdsh.connectivity | selectattr('usable') | list | length > 0
    fail_msg: "{{ inventory_hostname }}: {{ rdsh.connectivity | map(attribute='status') | join(', ') }}"

- name: A workgroup session host, per device, by IPv4 address
  remotedesktop.licensing.win_rdlicense_session_host:
    licensing_mode: per_device
    license_servers: [192.0.2.10]

- name: The deployment's licensing, set on its RD Connection Broker
  remotedesktop.licensing.win_rdlicense_session_host:
    licensing_mode: per_user
    license_servers: [lic01.contoso.com]
    connection_broker: rdcb01.contoso.com
  delegate_to: rdcb01.contoso.com
  run_once: true
"""

RETURN = r"""
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
    - What C(GetTStoLSConnectivityStatus) answers for each listed server, in the order of RV(license_servers).
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
          C(PolicySourceLicensingType=1)) or V(server); C(value) the policy's mode by name (as in RV(licensing_mode)),
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
policy_note:
  description: When Group Policy sets the mode or the servers as declared, a sentence saying so (nothing of it is
    changed by the task); else null. Not a warning.
  returned: always
  type: str
  sample: Group Policy sets the licensing mode (per_user, policy 'Set the Remote Desktop licensing mode') on RDSH01 as
    declared; what it sets is left to it
deployment:
  description: With O(connection_broker), the deployment's licensing as the broker holds it (RV(licensing_mode) and
    RV(license_servers) are then these); else null.
  returned: always
  type: dict
  sample:
    connection_broker: rdcb01.contoso.com
    use_central_licensing_settings: true
    licensing_mode: per_user
    license_servers: [lic01.contoso.com]
  contains:
    connection_broker:
      description: The broker, as given.
      type: str
      returned: success
    use_central_licensing_settings:
      description: C(UseCentralLicensingSettings) of C(Win32_TSDeploymentLicensing).
      type: bool
      returned: success
    licensing_mode:
      description: The deployment's mode, named as RV(licensing_mode).
      type: str
      returned: success
    license_servers:
      description: The deployment's license servers, in order.
      type: list
      elements: str
      returned: success
summary:
  description:
    - What the task did (in check mode, would do), with the line a person reads - the C(session_host_summary) fact
      of the role C(remotedesktop.licensing.session_host) (described in its README). Null when the task failed.
    - C(declared) is the declaration (after validation), C(before) the diff's before (null without C(--diff)), and
      the other keys the return values of the same names.
  returned: always
  type: dict
  sample:
    host: rdsh01
    check_mode: false
    changed: true
    declared: {licensing_mode: per_user, license_servers: [lic01, lic02], connection_broker: null}
    before: null
    licensing_mode: per_user
    license_servers: [lic01, lic02]
    grace_period_days: 118
    connectivity:
      - {server: lic01, code: 11, status: valid, usable: true, error: null}
      - {server: lic02, code: 11, status: valid, usable: true, error: null}
    policy:
      licensing_mode: {source: server, value: null, code: null}
      license_servers: {source: server, value: null}
    policy_note: null
    cal_version: "2022"
    domain_joined: true
    deployment: null
    message:
      - "rdsh01: set licensing mode per_user, license servers lic01, lic02."
"""
